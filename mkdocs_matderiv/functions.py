"""What each named function is: the one table every stage reads.

Built like ``engine/rules.RULES``: one entry per function, holding everything
the stages need to know about it, so that a new function is one entry (and its
tests).  The lexer and parser read the spellings, ``language/shapes`` the shape
rule, the differential the derivative, the printers the LaTeX, text and NumPy,
the numeric check the domain, the SymPy converter the explicit form.

An entry is either element-wise (a ``Func`` node: ``exp(X)`` acts entry by
entry, its derivative ``f'`` multiplies ``dX`` entry-wise) or a function of a
whole vector or matrix (an ``Apply`` node: ``softmax(x)``, ``logsumexp(x)``,
the log-determinant), whose differential the entry writes out.

This module sits beside ``tree/`` and imports only it, so that every stage
may read it without an upward import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from mkdocs_matderiv.tree import (
    SCALAR, Add, Apply, Det, Diag, Div, ElemDiv, ElemPow, Expr, Func, Inv, Mul, Num, Ones, Shape, Tr, Zero, add,
    hadamard, mul, neg, num, transpose,
)

Kind = Literal["elementwise", "vector", "rows", "square", "any"]
"""``elementwise``: entry by entry; of a whole ``vector``, ``square`` matrix or array of ``any`` shape;
``rows``: of a vector, or of each row of a matrix (``softmax(Q Kᵀ)``, as attention writes it)."""

Domain = Literal["real", "positive", "invertible", "nonzero", "unit"]
"""Where the numeric check draws a symbol that is the argument: anywhere, entries in ``[0.5, 2]``,
an invertible matrix, entries ``±[0.5, 2]`` (away from a kink at 0), entries in ``(-0.9, 0.9)``."""


@dataclass(frozen=True)
class Function:
    """A named function of the expression language (CONTRACT §2).

    Attributes:
        name: the canonical name, as ``Func.name`` / ``Apply.name`` hold it.
        kind: see ``Kind``.
        spellings: the words an author writes (also as LaTeX commands, ``\\ln``).
        latex: the LaTeX of the name (``\\exp``).
        text: how the result text spells it (it parses back).
        numpy: the callable in generated source (``np.exp``, or a helper of
            ``check/helpers.py`` such as ``_sigmoid``).
        rule: the ``RULES`` key of its differential.
        domain: see ``Domain``.
        derivative: element-wise: ``f'(z)`` written with built-ins.
        explicit: element-wise: the steps write ``f'`` out (``exp' = exp``); else they keep ``f'``.
        differential: not element-wise: ``d f(x)`` from the node ``f(x)`` and ``dx``.
        scalar_valued: not element-wise: the value is a scalar (else shaped like the argument).
        latex_call: a LaTeX template for ``f(x)`` when it is not the name and parentheses.
        latex_atom: whether ``f(x)^{T}`` needs no parentheses in LaTeX.
        text_call: a text template for ``f(x)`` when it is not the name and parentheses.
        sympy: ``(sympy, argument) -> value``: of one entry (element-wise) or of the whole matrix.
        kink: where an entry of the argument makes it not differentiable (``"0"`` for ``abs``):
            the result holds elsewhere, and says so.
        prime_powers: element-wise: ``f'(z)`` as entry-wise powers ``[(b, k)]``, ``f'(z) = ⊙ bᵏ``,
            so that the simplifier's entry-wise algebra can cancel them (``ln'(u) ⊙ u = 𝟏``).
        recognise: element-wise: finds ``f(u)`` in a product of entry-wise powers (``exp(u) ⊘
            (1 + exp(u)) = σ(u)``), replacing it in place; each find as (the powers it replaced, ``f(u)``).
        identity: the ``RULES`` key a step cites for what ``recognise`` found.
        rows_rule: kind ``rows``: the ``RULES`` key of its differential of a matrix (row by row).
    """

    name: str
    kind: Kind
    spellings: tuple[str, ...]
    latex: str
    numpy: str
    rule: str
    sympy: Callable[[Any, Any], Any]
    domain: Domain = "real"
    derivative: Callable[[Expr], Expr] | None = None
    explicit: bool = True
    differential: Callable[[Apply, Expr], Expr] | None = None
    scalar_valued: bool = False
    latex_call: str | None = None
    latex_atom: bool = True
    text_call: str | None = None
    kink: str | None = None
    prime_powers: Callable[[Expr], tuple[tuple[Expr, int], ...]] | None = None
    recognise: Callable[[dict[Expr, Fraction]], list[tuple[dict[Expr, Fraction], Expr]]] | None = None
    identity: str = ""
    rows_rule: str = ""

    def rule_for(self, arg: Expr) -> str:
        """The ``RULES`` key of the differential of ``self(arg)``: of each row for a matrix ``arg``."""
        return self.rows_rule if self.rows_rule and arg.shape[1] != 1 else self.rule

    @property
    def text(self) -> str:
        return self.name

    @property
    def elementwise(self) -> bool:
        return self.kind == "elementwise"

    def shape(self, arg: Shape) -> Shape:
        """The shape of ``f(x)`` for an argument of shape ``arg``."""
        return SCALAR if self.scalar_valued else arg


def reciprocal(a: Expr) -> Expr:
    """``1/a`` for a scalar, ``1 ⊘ a`` entry by entry otherwise."""
    one = Num(Fraction(1))
    return Div(one, a) if a.scalar else ElemDiv(one, a)


def _sigma_prime(z: Expr) -> Expr:
    s = Func("sigma", z)
    return hadamard(s, add(num(1), neg(s)))


def _sigma_prime_powers(z: Expr) -> tuple[tuple[Expr, int], ...]:
    s = Func("sigma", z)
    return ((s, 1), (add(num(1), neg(s)), 1))


def _sigma_in(powers: dict[Expr, Fraction]) -> list[tuple[dict[Expr, Fraction], Expr]]:
    """``exp(u) · (1 + exp(u))⁻¹`` and ``(1 + exp(-u))⁻¹`` in a product of powers replaced by ``σ(u)``."""
    found: list[tuple[dict[Expr, Fraction], Expr]] = []
    for b, k in list(powers.items()):
        if k != -1 or b not in powers:
            continue
        u = _one_plus_exp(b)
        if u is None:
            continue
        e_u = Func("exp", u)
        if powers.get(e_u) == 1:
            before = {e_u: Fraction(1), b: Fraction(-1)}
            del powers[e_u], powers[b]
        elif (minus_u := _negated(u)) is not None:
            before = {b: Fraction(-1)}
            del powers[b]
            u = minus_u
        else:
            continue
        s = Func("sigma", u)
        powers[s] = powers.get(s, Fraction(0)) + 1
        found.append((before, s))
    return found


def _one_plus_exp(b: Expr) -> Expr | None:
    one = Num(Fraction(1))
    if isinstance(b, Add) and len(b.args) == 2 and one in b.args:
        other = b.args[1] if b.args[0] == one else b.args[0]
        if isinstance(other, Func) and other.name == "exp" and other.order == 0:
            return other.arg
    return None


def _negated(u: Expr) -> Expr | None:
    if isinstance(u, Mul) and u.args[0] == Num(Fraction(-1)):
        return neg(u)
    return None


def _tanh_prime(z: Expr) -> Expr:
    return add(num(1), neg(_square(Func("tanh", z))))


def _d_softmax(s: Expr, dx: Expr) -> Expr:
    """``(diag(s) − s sᵀ) dx``; of a matrix, that for each row: ``S ⊙ dZ − diag((S ⊙ dZ) 𝟏) S``."""
    if s.shape[1] == 1:
        return mul(add(Diag(s), neg(mul(s, transpose(s)))), dx)
    weighted = hadamard(s, dx)
    return add(weighted, neg(mul(Diag(mul(weighted, Ones((s.shape[1], 1)))), s)))


def _d_logsumexp(node: Apply, dx: Expr) -> Expr:
    x = node.args[0]
    return mul(transpose(Apply("softmax", (x,), x.shape)), dx)


def _d_logdet(node: Apply, dx: Expr) -> Expr:
    return Tr(mul(Inv(node.args[0]), dx))


def _d_adj(node: Apply, dx: Expr) -> Expr:
    """``adj(X) = |X| X⁻¹``: ``d adj(X) = |X| tr(X⁻¹ dX) X⁻¹ − |X| X⁻¹ dX X⁻¹``."""
    x = node.args[0]
    return add(mul(Det(x), Tr(mul(Inv(x), dx)), Inv(x)), neg(mul(Det(x), Inv(x), dx, Inv(x))))


def _square(z: Expr) -> Expr:
    return ElemPow(z, num(2))


def _d_norm1(node: Apply, dx: Expr) -> Expr:
    """``d‖X‖₁ = tr(sign(X)ᵀ dX)`` (``sign(x)ᵀ dx`` for a vector, ``sign(t) dt`` for a scalar)."""
    s = Func("sign", node.args[0])
    if dx.scalar:
        return mul(s, dx)
    inner = mul(transpose(s), dx)
    return inner if dx.shape[1] == 1 else Tr(inner)


def _softmax_sympy(sp, x):
    if x.cols > 1:
        return sp.Matrix.vstack(*(_softmax_sympy(sp, x.row(i).T).T for i in range(x.rows)))
    total = sum((sp.exp(v) for v in x), sp.Integer(0))
    return x.applyfunc(lambda v: sp.exp(v) / total)


def _elementwise(name: str, spellings: tuple[str, ...], latex: str, numpy: str, sympy, derivative,
                 **more) -> Function:
    return Function(name, "elementwise", spellings, latex, numpy, "d.elementwise", sympy,
                    derivative=derivative, **more)


FUNCTIONS: dict[str, Function] = {f.name: f for f in (
    _elementwise("exp", ("exp",), r"\exp", "np.exp", lambda sp, z: sp.exp(z),
                 lambda z: Func("exp", z), prime_powers=lambda z: ((Func("exp", z), 1),)),
    _elementwise("ln", ("ln", "log"), r"\ln", "np.log", lambda sp, z: sp.log(z), reciprocal,
                 domain="positive", prime_powers=lambda z: ((z, -1),)),
    _elementwise("sigma", ("sigma",), r"\sigma", "_sigmoid", lambda sp, z: 1 / (1 + sp.exp(-z)),
                 _sigma_prime, explicit=False, prime_powers=_sigma_prime_powers, recognise=_sigma_in,
                 identity="sigmoid"),
    _elementwise("tanh", ("tanh",), r"\tanh", "np.tanh", lambda sp, z: sp.tanh(z), _tanh_prime,
                 explicit=False),
    _elementwise("sin", ("sin",), r"\sin", "np.sin", lambda sp, z: sp.sin(z), lambda z: Func("cos", z)),
    _elementwise("cos", ("cos",), r"\cos", "np.cos", lambda sp, z: sp.cos(z),
                 lambda z: neg(Func("sin", z))),
    _elementwise("sqrt", ("sqrt",), r"\operatorname{sqrt}", "np.sqrt", lambda sp, z: sp.sqrt(z),
                 lambda z: reciprocal(mul(num(2), Func("sqrt", z))), domain="positive",
                 latex_call=r"\sqrt{{{}}}"),
    _elementwise("tan", ("tan",), r"\tan", "np.tan", lambda sp, z: sp.tan(z),
                 lambda z: add(num(1), _square(Func("tan", z))), explicit=False),
    _elementwise("arcsin", ("arcsin", "asin"), r"\arcsin", "np.arcsin", lambda sp, z: sp.asin(z),
                 lambda z: reciprocal(Func("sqrt", add(num(1), neg(_square(z))))), domain="unit"),
    _elementwise("arccos", ("arccos", "acos"), r"\arccos", "np.arccos", lambda sp, z: sp.acos(z),
                 lambda z: neg(reciprocal(Func("sqrt", add(num(1), neg(_square(z)))))), domain="unit"),
    _elementwise("arctan", ("arctan", "atan"), r"\arctan", "np.arctan", lambda sp, z: sp.atan(z),
                 lambda z: reciprocal(add(num(1), _square(z)))),
    _elementwise("abs", ("abs",), r"\operatorname{abs}", "np.abs", lambda sp, z: sp.Abs(z),
                 lambda z: Func("sign", z), domain="nonzero", kink="0"),
    _elementwise("sign", ("sign", "sgn"), r"\operatorname{sign}", "np.sign", lambda sp, z: sp.sign(z),
                 lambda z: Zero(z.shape), domain="nonzero", kink="0"),
    _elementwise("relu", ("relu",), r"\operatorname{relu}", "_relu", lambda sp, z: sp.Max(z, 0),
                 lambda z: mul(Num(Fraction(1, 2)), add(num(1), Func("sign", z))), explicit=False,
                 domain="nonzero", kink="0"),
    Function("softmax", "rows", ("softmax",), r"\operatorname{softmax}", "_softmax", "d.softmax",
             _softmax_sympy, differential=_d_softmax, rows_rule="d.softmax_rows"),
    Function("logsumexp", "vector", ("logsumexp",), r"\operatorname{logsumexp}", "_logsumexp",
             "d.logsumexp", lambda sp, x: sp.log(sum((sp.exp(v) for v in x), sp.Integer(0))),
             differential=_d_logsumexp, scalar_valued=True),
    Function("norm1", "any", ("norm1",), r"\operatorname{norm1}", "_norm1", "d.norm1",
             lambda sp, x: sum((sp.Abs(v) for v in x), sp.Integer(0)), domain="nonzero",
             differential=_d_norm1, scalar_valued=True, latex_call=r"\left\lVert {}\right\rVert_{{1}}",
             text_call="||{}||_1", kink="0"),
    Function("adj", "square", ("adj",), r"\operatorname{adj}", "_adj", "d.adj",
             lambda sp, x: x.adjugate(), domain="invertible", differential=_d_adj),
    Function("logdet", "square", ("logdet",), r"\ln", "_logdet", "d.logdet",
             lambda sp, x: sp.log(x.det(method="berkowitz")), domain="invertible",
             differential=_d_logdet, scalar_valued=True, latex_call=r"\ln\left|{}\right|",
             latex_atom=False, text_call="ln(|{}|)"),
)}
"""Every built-in named function, by canonical name."""

SPELLINGS: dict[str, Function] = {s: f for f in FUNCTIONS.values() for s in f.spellings}
"""What an author may write -> the function (``log`` -> ``ln``)."""


def call(fn: Function, arg: Expr, order: int = 0) -> Expr:
    """The node for ``fn(arg)`` (``fn^{(order)}`` for an element-wise one).

    ``ln`` of a determinant is the log-determinant (``ln|X|``, ``log det(X)``, CONTRACT §2).
    """
    if fn.name == "ln" and order == 0 and isinstance(arg, Det):
        return call(FUNCTIONS["logdet"], arg.arg)
    if fn.elementwise:
        return Func(fn.name, arg, order)
    return Apply(fn.name, (arg,), fn.shape(arg.shape))


def builtin(e: Expr) -> Function | None:
    """The table entry of a ``Func`` or ``Apply`` node; ``None`` for an abstract function."""
    if isinstance(e, Func):
        fn = FUNCTIONS.get(e.name)
        return fn if fn is not None and fn.elementwise else None
    if isinstance(e, Apply):
        fn = FUNCTIONS.get(e.name)
        return fn if fn is not None and not fn.elementwise else None
    return None


def derivative(e: Func) -> Expr | None:
    """``g'(z)`` written with built-ins for a built-in ``g'(z)`` (order 1); ``None`` otherwise."""
    fn = builtin(e)
    if fn is None or e.order != 1 or fn.derivative is None:
        return None
    return fn.derivative(e.arg)


def kinks(expr: Expr) -> list[tuple[Function, Expr]]:
    """The built-in functions in ``expr`` that are not differentiable somewhere, with their arguments."""
    out = []
    for node in expr.walk():
        fn = builtin(node)
        if fn is not None and fn.kink is not None and (fn, node.children[0]) not in out:
            out.append((fn, node.children[0]))
    return out


__all__ = ["FUNCTIONS", "SPELLINGS", "Domain", "Function", "Kind", "builtin", "call", "derivative",
           "kinks", "reciprocal"]
