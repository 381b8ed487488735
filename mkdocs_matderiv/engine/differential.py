"""The differential ``df`` by the rules of the matrix differential (seed 003 §2.2).

``d(e)`` is written ``Diff(e)`` while it is pending.  Each round rewrites the
pending differentials by one rule, so that the steps read like a teacher's:
one rule per line, outermost first.  A constant's differential is zero at once
(the constants are simply not differentiated, as on paper).
"""

from __future__ import annotations

from typing import Iterable

from mkdocs_matderiv.derivation import Step
from mkdocs_matderiv.engine.rules import combine
from mkdocs_matderiv.engine import kron
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.functions import builtin
from mkdocs_matderiv.tree import (
    Add, Apply, Det, Diag, Diff, Div, ElemDiv, ElemPow, Expr, Func, Grad, Hadamard, Inv, Kron, Mul,
    Norm, Num, Ones, Pow, Sum, Sym, T, Tr, Vec, Zero, add, hadamard, is_vector, mul, neg,
    num, transpose,
)


class Differentiator:
    """Works out ``d(e)`` for the given variables, one rule per round."""

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
            found = self._first_pending(current)
            if found is None:
                return current, steps
            key = self._rule_of(found)
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

    def _first_pending(self, e: Expr) -> Diff | None:
        for node in e.walk():
            if isinstance(node, Diff) and not isinstance(node.of, Sym):
                return node
        return None

    def _rewrite(self, e: Expr, key: str) -> Expr:
        """Apply rule ``key`` to every pending differential it fits."""
        if isinstance(e, Diff) and not isinstance(e.of, Sym):
            if self._rule_of(e) == key:
                return self._apply(e.of, key)
            return e
        kids = e.children
        if not kids:
            return e
        new = tuple(self._rewrite(c, key) for c in kids)
        if new == kids:
            return e
        return _rebuild(e, new)

    # -- the rules

    def _rule_of(self, d: Diff) -> str:
        e = d.of
        identity = kron.identity_of(e)
        if identity is not None:
            return identity[0]
        if isinstance(e, Add):          # a constant term drops: say so, under its own name
            if not e.scalar and any(a.scalar and self.depends(a) for a in e.args):
                return "d.broadcast"
            moving = sum(1 for a in e.args if self.depends(a))
            if moving == len(e.args):
                return "d.sum"
            return "d.constant" if moving == 1 else combine("d.sum", "d.constant")
        if isinstance(e, Mul):
            moving = [a for a in e.args if self.depends(a)]
            return "d.product" if len(moving) > 1 else "d.scalar"
        if isinstance(e, T):
            return "d.transpose"
        if isinstance(e, Tr):
            return "d.trace"
        if isinstance(e, Inv):
            return "d.inverse"
        if isinstance(e, Det):
            return "d.det"
        if isinstance(e, Func):
            return "d.elementwise"
        if isinstance(e, Hadamard):
            return "d.hadamard"
        if isinstance(e, ElemPow):
            return "d.elementwise"
        if isinstance(e, Pow):
            if isinstance(e.left, Norm) and e.right == num(2):
                return "d.norm2"
            return "d.matrix_power" if not e.left.scalar else "d.power"
        if isinstance(e, Norm):
            return "d.norm"
        if isinstance(e, Div):
            return "d.quotient" if self.depends(e.right) else "d.scalar"
        if isinstance(e, ElemDiv):
            return "d.elemdiv"
        if isinstance(e, Kron):
            return "d.kron"
        if isinstance(e, (Sum, Diag, Vec)):
            return "d.linear"
        if isinstance(e, Apply):
            fn = builtin(e)
            return fn.rule if fn is not None else "d.abstract"
        raise MatDerivError(f"cannot differentiate {type(e).__name__}")  # pragma: no cover

    def _apply(self, e: Expr, key: str) -> Expr:
        d = self.pending
        if key.startswith("kron."):      # tr(A ⊗ B) = tr(A) tr(B) and the like, then differentiate
            return d(kron.identity_of(e)[1])
        if key == "d.broadcast":         # a scalar term is added to every entry: d(K + t) = dK + dt 𝟏𝟏ᵀ
            return add(*(spread(d(a), e.shape) if a.scalar else d(a) for a in e.args))
        if isinstance(e, Add):
            return add(*(d(a) for a in e.args))
        if key in ("d.product", "d.scalar") and isinstance(e, Mul):
            return add(*(mul(*e.args[:i], d(a), *e.args[i + 1:])
                         for i, a in enumerate(e.args) if self.depends(a)))
        if key == "d.transpose":
            return transpose(d(e.arg))
        if key == "d.trace":
            return Tr(d(e.arg))
        if key == "d.inverse":
            return neg(mul(e, d(e.arg), e))
        if key == "d.det":
            return mul(e, Tr(mul(Inv(e.arg), d(e.arg))))
        if key == "d.elementwise" and isinstance(e, Func):
            return _times_elementwise(_derivative_of(e), d(e.arg))
        if key == "d.hadamard":
            return add(*(hadamard(*e.args[:i], d(a), *e.args[i + 1:])
                         for i, a in enumerate(e.args) if self.depends(a)))
        if key == "d.norm2":
            y = e.left.arg
            inner = mul(transpose(y), y)
            return d(inner if is_vector(y.shape) or y.scalar else Tr(inner))
        if key == "d.power" or isinstance(e, ElemPow):
            p = e.right
            if self.depends(p):
                raise MatDerivError("a power whose exponent depends on the variable is not supported")
            lower = p.value - 1 if isinstance(p, Num) else None
            base = e.left if lower == 1 else (num(1) if lower == 0 else
                                              type(e)(e.left, Num(lower) if lower is not None else add(p, num(-1))))
            if isinstance(e, ElemPow):                     # d(X .^ p) = p X .^ (p - 1) ⊙ dX
                return _times_elementwise(mul(p, base), d(e.left))
            return mul(p, base, d(e.left))
        if key == "d.matrix_power":
            k = _integer_exponent(e)
            x = e.left if k > 0 else Inv(e.left)          # X^{-k} = (X^{-1})^k, as the simplifier writes it
            k = abs(k)
            return add(*(mul(_power(x, i), d(x), _power(x, k - 1 - i)) for i in range(k)))
        if key == "d.norm":
            y = e.arg
            inner = mul(transpose(y), d(y))
            return Div(inner if is_vector(y.shape) or y.scalar else Tr(inner), e)
        if key == "d.scalar" and isinstance(e, Div):
            return Div(d(e.left), e.right)
        if key == "d.quotient":
            a, b = e.left, e.right
            first = Div(d(a), b) if self.depends(a) else Zero(e.shape)
            return add(first, neg(Div(mul(a, d(b)), Pow(b, num(2)))))
        if key == "d.elemdiv":
            a, b = e.left, e.right
            terms = []
            if self.depends(a):
                terms.append(_times_elementwise(ElemDiv(num(1), b), d(a)))
            if self.depends(b):
                terms.append(neg(_times_elementwise(ElemDiv(a, hadamard(b, b)), d(b))))
            return add(*terms)
        if key == "d.kron":
            return add(*(Kron(d(e.left), e.right) if i == 0 else Kron(e.left, d(e.right))
                         for i, side in enumerate((e.left, e.right)) if self.depends(side)))
        if key == "d.linear":
            if isinstance(e, Sum):
                rows, cols = e.arg.shape
                right = (Ones((cols, 1)),) if cols != 1 else ()
                return mul(transpose(Ones((rows, 1))), d(e.arg), *right)
            return type(e)(d(e.arg))
        if isinstance(e, Apply) and (fn := builtin(e)) is not None:
            return fn.differential(e, d(e.args[0]))
        if key == "d.abstract":
            return add(*(inner_product(Grad(e.name, a, a.shape), d(a))
                         for a in e.args if self.depends(a)))
        raise AssertionError(key)  # pragma: no cover


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
    """Rebuild through the smart constructors so zeros vanish and products stay flat."""
    if isinstance(e, Mul):
        return mul(*kids)
    if isinstance(e, Add):
        return add(*kids)
    if isinstance(e, Hadamard):
        return hadamard(*kids)
    if isinstance(e, T):
        return transpose(kids[0])
    if isinstance(e, Tr) and isinstance(kids[0], Zero):
        return Zero((1, 1))
    if isinstance(e, Div) and isinstance(kids[0], Zero):
        return Zero(e.shape)
    if isinstance(e, (Sum, Diag, Vec)) and isinstance(kids[0], Zero):
        return Zero(e.shape)
    if isinstance(e, Kron) and any(isinstance(k, Zero) for k in kids):
        return Zero(e.shape)
    return e.rebuild(kids)


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
    if fn is not None and fn.explicit and e.order == 0:
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
