"""The differential ``df`` by the rules of the matrix differential (seed 003 §2.2).

``d(e)`` is written ``Diff(e)`` while it is pending.  Each round rewrites the
pending differentials by one rule, so that the steps read like a teacher's:
one rule per line, outermost first.  A constant's differential is zero at once
(the constants are simply not differentiated, as on paper).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple, TypeGuard

from mkdocs_matderiv.derivation import Step
from mkdocs_matderiv.engine.rules import combine
from mkdocs_matderiv.engine import kron
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.functions import FUNCTIONS, builtin, call
from mkdocs_matderiv.tree import (
    Add, Apply, Det, Diag, Diff, Div, ElemDiv, ElemPow, Expr, Func, Grad, Hadamard, Inv, Kron, Mul,
    Norm, Num, Ones, Pow, Sum, Sym, T, Tr, Vec, Zero, add, hadamard, is_vector, mul, neg,
    num, rebuilt, transpose,
)
from mkdocs_matderiv.visitor import Visitor
from mkdocs_matderiv.words import describe


class Rewrite(NamedTuple):
    """The rule that fits a pending differential: its key into ``RULES`` (which names it in the
    step) and its rewrite.

    The rewrite runs only when the round applies that rule: a round asks every pending
    differential for its rule to find those it rewrites, and working out the others would waste
    the work, mark rule (3) as used in a line that does not use it, and raise an error (a
    variable exponent) a round early.
    """

    rule: str
    apply: Callable[[], Expr]


class Differentiator(Visitor[Rewrite]):
    """Works out ``d(e)`` for the given variables, one rule per round.

    Each rule is a ``_d_<Class>`` method (``visitor.Visitor``) returning a ``Rewrite`` for a
    pending ``d(e)`` with ``e`` of that class; the table of functions (``functions.py``) supplies
    the derivatives of the named ones.
    """

    prefix = "_d_"

    def __init__(self, variables: Iterable[Sym]) -> None:
        self.variables = frozenset(variables)
        self._folded = False        # a d(Xᵀ) was written dXᵀ at once (rule (3)) this round

    # -- public

    def steps(self, lhs: Expr, e: Expr) -> tuple[Expr, list[Step]]:
        """The differential of ``e`` and the steps from ``lhs = d(e)`` to it."""
        self._folded = False
        current = self.pending(e)
        first = combine("differential", "d.transpose") if self._folded else "differential"
        done, steps = self.work_out(current)
        return done, [Step(lhs, current, first)] + steps

    def work_out(self, current: Expr) -> tuple[Expr, list[Step]]:
        """Rewrite the pending differentials in ``current``, one rule per step."""
        steps: list[Step] = []
        while True:
            found = next((n for n in current.walk() if _is_pending(n)), None)
            if found is None:
                return current, steps
            key = self._rule(found).rule
            self._folded = False
            current = scalar_differentials_last(self._rewrite(current, key))
            steps.append(Step(None, current, combine(key, "d.transpose") if self._folded else key))

    def pending(self, e: Expr) -> Expr:
        """``d(e)``: zero for a constant, ``dX`` for a variable, ``(de)ᵀ`` for a transpose at
        once (rule (3) alone would change nothing visible in ``d(Xᵀ) = dXᵀ``, so it is named
        with the rule that led to it, as a teacher writes ``d(xᵀAx) = dxᵀAx + xᵀA dx``),
        else pending."""
        if not self.depends(e):
            return Zero(e.shape)
        if isinstance(e, T):
            self._folded = True
            return transpose(self.pending(e.arg))
        return Diff(e)

    def depends(self, e: Expr) -> bool:
        if isinstance(e, Sym):
            return e in self.variables
        if isinstance(e, (Diff, Grad)):
            return False
        return any(self.depends(c) for c in e.children)

    # -- rounds

    def _rewrite(self, e: Expr, key: str) -> Expr:
        """Apply rule ``key`` to every pending differential it fits."""
        if _is_pending(e):
            fit = self._rule(e)
            return fit.apply() if fit.rule == key else e
        kids = e.children
        if not kids:
            return e
        new = tuple(self._rewrite(c, key) for c in kids)
        if new == kids:
            return e
        return _rebuild(e, new)

    def _rule(self, d: Diff) -> Rewrite:
        """The rule for ``d(e)``: a Kronecker identity (``tr(A ⊗ B) = tr(A) tr(B)``) comes first,
        whatever ``e`` is, then the rule of ``e``'s class."""
        identity = kron.identity_of(d.of)
        if identity is not None:
            key, plain = identity
            return Rewrite(key, lambda: self.pending(plain))
        return self.visit(d.of)

    def not_supported(self, e: Expr) -> Rewrite:
        raise MatDerivError(f"cannot differentiate {describe(e)}")  # pragma: no cover

    # -- the rules, one per class

    def _d_Add(self, e: Add) -> Rewrite:
        d = self.pending
        if not e.scalar and any(a.scalar and self.depends(a) for a in e.args):
            # a scalar term is added to every entry: d(K + t) = dK + dt 𝟏𝟏ᵀ
            return Rewrite("d.broadcast", lambda: add(*(spread(d(a), e.shape) if a.scalar else d(a)
                                                        for a in e.args)))
        moving = sum(1 for a in e.args if self.depends(a))   # a constant term drops: say so
        key = ("d.sum" if moving == len(e.args) else
               "d.constant" if moving == 1 else combine("d.sum", "d.constant"))
        return Rewrite(key, lambda: add(*(d(a) for a in e.args)))

    def _d_Mul(self, e: Mul) -> Rewrite:
        moving = [a for a in e.args if self.depends(a)]
        return Rewrite("d.product" if len(moving) > 1 else "d.scalar",
                       lambda: self._product_rule(mul, e.args))

    def _d_Hadamard(self, e: Hadamard) -> Rewrite:
        return Rewrite("d.hadamard", lambda: self._product_rule(hadamard, e.args))

    def _d_Kron(self, e: Kron) -> Rewrite:
        return Rewrite("d.kron", lambda: self._product_rule(Kron, (e.left, e.right)))

    def _d_T(self, e: T) -> Rewrite:
        return Rewrite("d.transpose", lambda: transpose(self.pending(e.arg)))

    def _d_Tr(self, e: Tr) -> Rewrite:
        return Rewrite("d.trace", lambda: Tr(self.pending(e.arg)))

    def _d_Inv(self, e: Inv) -> Rewrite:
        return Rewrite("d.inverse", lambda: neg(mul(e, self.pending(e.arg), e)))

    def _d_Det(self, e: Det) -> Rewrite:
        return Rewrite("d.det", lambda: mul(e, Tr(mul(Inv(e.arg), self.pending(e.arg)))))

    def _d_Func(self, e: Func) -> Rewrite:
        return Rewrite("d.elementwise",
                       lambda: _times_elementwise(_derivative_of(e), self.pending(e.arg)))

    def _d_ElemPow(self, e: ElemPow) -> Rewrite:
        if self.depends(e.right):
            return Rewrite("d.variable_exponent", lambda: self._variable_exponent(e))
        # d(X .^ p) = p X .^ (p - 1) ⊙ dX
        return Rewrite("d.elementwise",
                       lambda: _times_elementwise(mul(*self._lowered(e)), self.pending(e.left)))

    def _d_Pow(self, e: Pow) -> Rewrite:
        if isinstance(e.left, Norm) and e.right == num(2):
            y = e.left.arg
            return Rewrite("d.norm2", lambda: self.pending(_inner(y, y)))
        if not e.left.scalar:
            return Rewrite("d.matrix_power", lambda: self._matrix_power(e))
        if self.depends(e.right):
            return Rewrite("d.variable_exponent", lambda: self._variable_exponent(e))
        return Rewrite("d.power", lambda: mul(*self._lowered(e), self.pending(e.left)))

    def _d_Norm(self, e: Norm) -> Rewrite:
        return Rewrite("d.norm", lambda: Div(_inner(e.arg, self.pending(e.arg)), e))

    def _d_Div(self, e: Div) -> Rewrite:
        if self.depends(e.right):
            return Rewrite("d.quotient", lambda: self._quotient(e))
        return Rewrite("d.scalar", lambda: Div(self.pending(e.left), e.right))

    def _d_ElemDiv(self, e: ElemDiv) -> Rewrite:
        return Rewrite("d.elemdiv", lambda: self._elemdiv(e))

    def _d_Sum(self, e: Sum) -> Rewrite:
        return Rewrite("d.linear", lambda: _summed(e.arg, self.pending(e.arg)))

    def _d_Diag(self, e: Diag | Vec) -> Rewrite:
        return Rewrite("d.linear", lambda: type(e)(self.pending(e.arg)))

    _d_Vec = _d_Diag

    def _d_Apply(self, e: Apply) -> Rewrite:
        fn = builtin(e)
        if fn is not None and fn.differential is not None:      # the table writes it out
            written = fn.differential
            return Rewrite(fn.rule_for(e.args[0]), lambda: written(e, self.pending(e.args[0])))
        return Rewrite("d.abstract", lambda: add(*(inner_product(Grad(e.name, a, a.shape), self.pending(a))
                                                   for a in e.args if self.depends(a))))

    # -- the longer rewrites

    def _product_rule(self, build: Callable[..., Expr], factors: tuple[Expr, ...]) -> Expr:
        """``d(A B C) = dA B C + A dB C + A B dC`` for ``build`` a product (``mul``, ``hadamard``,
        ``Kron``), one term per factor that depends on the variables."""
        return add(*(build(*factors[:i], self.pending(a), *factors[i + 1:])
                     for i, a in enumerate(factors) if self.depends(a)))

    def _variable_exponent(self, e: Pow | ElemPow) -> Expr:
        """``a^p = exp(p ln a)`` with ``p`` a scalar that depends on the variables:
        ``d(a^p) = a^p ln(a) dp + p a^(p-1) da`` (entry by entry for ``.^``)."""
        elementwise = isinstance(e, ElemPow)
        log = call(FUNCTIONS["ln"], e.left)
        terms = [mul(hadamard(e, log) if elementwise else mul(e, log), self.pending(e.right))]
        if self.depends(e.left):
            lowered = mul(*self._lowered(e))
            terms.append(_times_elementwise(lowered, self.pending(e.left)) if elementwise
                         else mul(lowered, self.pending(e.left)))
        return add(*terms)

    def _lowered(self, e: Pow | ElemPow) -> tuple[Expr, Expr]:
        """``p`` and ``s^(p-1)`` for ``s^p`` (or ``.^``): the factors of the power rule."""
        p = e.right
        lower = p.value - 1 if isinstance(p, Num) else None
        base = e.left if lower == 1 else (num(1) if lower == 0 else
                                          type(e)(e.left, Num(lower) if lower is not None else add(p, num(-1))))
        return p, base

    def _matrix_power(self, e: Pow) -> Expr:
        """``d(X^k) = Σ X^i dX X^(k-1-i)``."""
        k = _integer_exponent(e)
        x = e.left if k > 0 else Inv(e.left)          # X^{-k} = (X^{-1})^k, as the simplifier writes it
        k = abs(k)
        return add(*(mul(_power(x, i), self.pending(x), _power(x, k - 1 - i)) for i in range(k)))

    def _quotient(self, e: Div) -> Expr:
        a, b = e.left, e.right
        first = Div(self.pending(a), b) if self.depends(a) else Zero(e.shape)
        return add(first, neg(Div(mul(a, self.pending(b)), Pow(b, num(2)))))

    def _elemdiv(self, e: ElemDiv) -> Expr:
        a, b = e.left, e.right
        terms = []
        if self.depends(a):
            terms.append(_times_elementwise(ElemDiv(num(1), b), self.pending(a)))
        if self.depends(b):
            terms.append(neg(_times_elementwise(ElemDiv(a, hadamard(b, b)), self.pending(b))))
        return add(*terms)


def _is_pending(e: Expr) -> TypeGuard[Diff]:
    """A differential still to work out (``dX`` of a variable is done)."""
    return isinstance(e, Diff) and not isinstance(e.of, Sym)


def _summed(x: Expr, dx: Expr) -> Expr:
    """``𝟏ᵀ dx 𝟏`` (``𝟏ᵀ dx`` for a vector): ``sum(X) = 𝟏ᵀ X 𝟏`` is linear in ``X``."""
    rows, cols = x.shape
    right = (Ones((cols, 1)),) if cols != 1 else ()
    return mul(transpose(Ones((rows, 1))), dx, *right)


def _inner(y: Expr, z: Expr) -> Expr:
    """``yᵀ z``, its trace for matrices: the inner product in a norm and its differential."""
    inner = mul(transpose(y), z)
    return inner if is_vector(y.shape) or y.scalar else Tr(inner)


def scalar_differentials_last(e: Expr) -> Expr:
    """``A dt B`` → ``A B dt``: a scalar differential is a factor, written last."""
    kids = e.children
    if not kids:
        return e
    new = tuple(scalar_differentials_last(c) for c in kids)
    if isinstance(e, Mul) and not e.scalar:
        last = tuple(a for a in new if _scalar_differential(a))
        if last and new[-len(last):] != last:
            return Mul(tuple(a for a in new if not _scalar_differential(a)) + last)
    return e if new == kids else e.rebuild(new)


def _scalar_differential(e: Expr) -> bool:
    return isinstance(e, Diff) and isinstance(e.of, Sym) and e.scalar


def _rebuild(e: Expr, kids: tuple[Expr, ...]) -> Expr:
    """Rebuild through the smart constructors so zeros vanish and products stay flat: a
    differential that came out 0 takes its trace, quotient, linear map or Kronecker product along."""
    if isinstance(e, Tr) and isinstance(kids[0], Zero):
        return Zero((1, 1))
    if isinstance(e, (Div, Sum, Diag, Vec)) and isinstance(kids[0], Zero):
        return Zero(e.shape)
    if isinstance(e, Kron) and any(isinstance(k, Zero) for k in kids):
        return Zero(e.shape)
    return rebuilt(e, kids)


def spread(scalar: Expr, shape) -> Expr:
    """A scalar added to every entry of a ``shape`` matrix: ``s 𝟏𝟏ᵀ`` (``s 𝟏`` for a vector)."""
    if isinstance(scalar, Zero):
        return Zero(shape)
    rows, cols = shape
    right = (transpose(Ones((cols, 1))),) if cols != 1 else ()
    left = (Ones((rows, 1)),) if rows != 1 else ()
    return mul(*left, scalar, *right)


def _derivative_of(e: Func) -> Expr:
    """``f'(a)`` for an element-wise ``f(a)``: written out where the table says so (``exp' = exp``),
    ``f'`` otherwise (``σ'``, an abstract ``g'``, any higher derivative)."""
    fn = builtin(e)
    if fn is not None and fn.explicit and fn.derivative is not None and e.order == 0:
        return fn.derivative(e.arg)
    return Func(e.name, e.arg, e.order + 1)


def _times_elementwise(factor: Expr, de: Expr) -> Expr:
    """``factor ⊙ de``, an ordinary product when the argument is a scalar."""
    if de.scalar or factor.scalar:
        return mul(factor, de)
    return hadamard(factor, de)


def inner_product(grad: Expr, da: Expr) -> Expr:
    """``tr(Gᵀ da)``; for vectors ``Gᵀ da``; for scalars ``G da``."""
    if da.scalar:
        return mul(grad, da)
    if is_vector(da.shape):
        return mul(transpose(grad), da)
    return Tr(mul(transpose(grad), da))


def _integer_exponent(e: Pow) -> int:
    p = e.right
    if not (isinstance(p, Num) and p.value.denominator == 1 and p.value != 0):
        raise MatDerivError("a matrix power needs a nonzero integer exponent")
    return int(p.value)


def _power(x: Expr, k: int) -> Expr:
    if k == 0:
        return num(1)
    return x if k == 1 else Pow(x, num(k))
