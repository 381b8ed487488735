"""Expression trees as explicit SymPy matrices, for entry-by-entry expansions.

``to_sympy(expr, sizes)`` writes a tree out at concrete sizes: every symbol
becomes a matrix of entry symbols (a matrix ``A`` -> ``a_{11}, a_{12}, …``, a
vector ``x`` -> ``x_{1}, x_{2}, …``, a scalar ``alpha`` -> ``alpha``), and every
operation is carried out entry by entry.  This is the "cumbersome calculation"
of seed 000, done by SymPy, so that the general result can be compared with it.

SymPy objects are built from the tree only: no text is ever parsed here
(no ``sympify``/``parse_expr`` of anything an author wrote).

Every value is a SymPy ``ImmutableMatrix``; a scalar is 1x1.  Whether a factor
scales or multiplies as a matrix is read from the tree's shapes (as in
``numeric``), not from the sizes.
"""

from __future__ import annotations

import re
from fractions import Fraction

import sympy as sp

from mkdocs_matderiv import functions
from mkdocs_matderiv.check.numeric import NotNumeric, builtin_derivative, resolve_dim
from mkdocs_matderiv.visitor import Visitor
from mkdocs_matderiv.words import describe
from mkdocs_matderiv.tree import (
    Add,
    Apply,
    Commutation,
    Det,
    Diag,
    Div,
    ElemDiv,
    ElemPow,
    Expr,
    Func,
    Hadamard,
    Identity,
    Inv,
    Kron,
    Mul,
    Norm,
    Num,
    Ones,
    Pow,
    Sum,
    Sym,
    T,
    Tr,
    Vec,
    VecRow,
    Zero,
)

_NAME = re.compile(r"^([A-Za-z]+?)(\d*)(?:_\{?([A-Za-z0-9]+)\}?)?$")


class NotExplicit(Exception):
    """The tree cannot be written out entry by entry (an abstract function, a symbolic gradient)."""


# ---------------------------------------------------------------- entry symbols

def _base_and_sub(name: str) -> tuple[str, str]:
    """``W_1`` -> (``W``, ``1``), ``W1`` -> (``W``, ``1``), ``alpha`` -> (``alpha``, ``""``)."""
    m = _NAME.match(name)
    if not m:
        return name, ""
    base, digits, sub = m.groups()
    return base, digits + (sub or "")


def _tex_base(base: str) -> str:
    from mkdocs_matderiv.language.names import GREEK

    if base in GREEK:
        return "\\" + base
    return base if len(base) == 1 else rf"\mathrm{{{base}}}"


def entry_base(name: str, taken: frozenset[str] = frozenset()) -> str:
    """The letter entries of ``name`` are written with: ``A`` -> ``a``, ``x`` -> ``x``.

    A matrix's entries take the lower-case letter (``a_{12}``) unless a different
    symbol of the problem already has that name (``taken``); then the name is kept.
    """
    base, _ = _base_and_sub(name)
    low = base.lower() if len(base) == 1 else base
    if low != base and low in {_base_and_sub(t)[0] for t in taken if t != name}:
        low = base
    return _tex_base(low)


def entry_name(name: str, shape: tuple[int, int], i: int, j: int,
               taken: frozenset[str] = frozenset()) -> str:
    """The SymPy name (also its LaTeX) of entry ``(i, j)`` (0-based) of a symbol.

    ``A`` -> ``a_{12}``, ``x`` -> ``x_{2}``, ``W_1`` -> ``w_{1,12}``, indices past 9 comma-separated.
    """
    rows, cols = shape
    if rows == 1 and cols == 1:
        return name
    _, sub = _base_and_sub(name)
    if cols == 1 or rows == 1:
        index = str((i if cols == 1 else j) + 1)
    elif max(rows, cols) > 9:
        index = f"{i + 1},{j + 1}"
    else:
        index = f"{i + 1}{j + 1}"
    if sub:
        index = f"{sub},{index}"
    return f"{entry_base(name, taken)}_{{{index}}}"


def symbol_matrix(sym: Sym, sizes: dict, taken: frozenset[str] = frozenset(),
                  symmetric: frozenset[str] = frozenset()) -> sp.ImmutableMatrix:
    """The matrix of entry symbols (real) standing for ``sym`` at ``sizes``.

    A name in ``symmetric`` (square) has ``a_{ji} = a_{ij}``: the entry below the
    diagonal is the symbol above it.
    """
    rows, cols = resolve_dim(sym.shape[0], sizes), resolve_dim(sym.shape[1], sizes)
    if sym.scalar:
        return sp.ImmutableMatrix([[sp.Symbol(sym.name, real=True)]])
    sym_ = sym.name in symmetric and rows == cols

    def entry(i: int, j: int) -> sp.Symbol:
        if sym_ and i > j:
            i, j = j, i
        return sp.Symbol(entry_name(sym.name, (rows, cols), i, j, taken), real=True)

    return sp.ImmutableMatrix(rows, cols, entry)


def vectorize(m: sp.MatrixBase, order: str = "column") -> list:
    """The entries of ``m`` in ``vec`` order: by columns (``column``) or by rows (``row``)."""
    rows, cols = m.shape
    if order == "row":
        return [m[i, j] for i in range(rows) for j in range(cols)]
    return [m[i, j] for j in range(cols) for i in range(rows)]


# ---------------------------------------------------------------- the converter

def to_sympy(expr: Expr, sizes: dict, taken: frozenset[str] | None = None,
             symmetric: frozenset[str] = frozenset(), tick=None) -> sp.ImmutableMatrix:
    """The explicit matrix of ``expr``.

    Parameters:
        expr: a tree of ``mkdocs_matderiv.tree``.
        sizes: symbolic dimension -> int (product dimensions such as ``mn`` resolve).
        taken: the names of all symbols in play (to keep entry letters distinct);
            by default those of ``expr``.
        symmetric: names of symmetric matrices (``a_{21}`` is written ``a_{12}``).
        tick: called before each node is converted (a time budget may raise from it).

    Returns:
        An ``ImmutableMatrix`` of the tree's shape (a scalar is 1x1).

    Raises:
        NotExplicit: abstract functions, symbolic gradients, differentials, missing sizes.
    """
    if taken is None:
        taken = frozenset(n.name for n in expr.walk() if isinstance(n, Sym))
    try:
        return _Converter(sizes, taken, symmetric, tick).run(expr)
    except KeyError as exc:
        raise NotExplicit(f"no size for {exc}") from None


def _scalar(m: sp.MatrixBase):
    return m[0, 0]


class _Converter(Visitor[object]):
    """Nodes to SymPy values, by ``_<Class>`` methods (``visitor.Visitor``)."""

    prefix = "_"

    def __init__(self, sizes: dict, taken: frozenset[str], symmetric: frozenset[str], tick=None) -> None:
        self.tick = tick or (lambda: None)
        self.sizes = sizes
        self.taken = taken
        self.symmetric = symmetric

    def run(self, e: Expr) -> sp.ImmutableMatrix:
        self.tick()
        out = self.visit(e)
        if not isinstance(out, sp.MatrixBase):
            out = sp.Matrix([[out]])
        return sp.ImmutableMatrix(out)

    def not_supported(self, node: Expr):
        raise NotExplicit(f"cannot write out {describe(node)}")

    def size(self, shape) -> tuple[int, int]:
        return resolve_dim(shape[0], self.sizes), resolve_dim(shape[1], self.sizes)

    def full(self, value, shape) -> sp.ImmutableMatrix:
        r, c = self.size(shape)
        return sp.ImmutableMatrix(r, c, lambda i, j: value)

    def broadcast(self, e: Expr, shape) -> sp.ImmutableMatrix:
        """``e`` at ``shape``: a scalar fills every entry."""
        v = self.run(e)
        return self.full(_scalar(v), shape) if e.scalar and not _is_scalar_shape(shape) else v

    # ------------------------------------------------------------ leaves

    def _Sym(self, e: Sym):
        return symbol_matrix(e, self.sizes, self.taken, self.symmetric)

    def _Num(self, e: Num):
        v = Fraction(e.value)
        return sp.Rational(v.numerator, v.denominator)

    def _Identity(self, e: Identity):
        r, c = self.size(e.shape)
        return sp.eye(r, c)

    def _Ones(self, e: Ones):
        return sp.ones(*self.size(e.shape))

    def _Zero(self, e: Zero):
        return sp.zeros(*self.size(e.shape))

    def _Commutation(self, e: Commutation):
        m, n = resolve_dim(e.m, self.sizes), resolve_dim(e.n, self.sizes)
        k = sp.zeros(m * n, m * n)
        for i in range(m):
            for j in range(n):
                k[i * n + j, j * m + i] = 1
        return k

    # ------------------------------------------------------------ products and sums

    def _Add(self, e: Add):
        out = self.broadcast(e.args[0], e.shape)
        for a in e.args[1:]:
            out = out + self.broadcast(a, e.shape)
        return out

    def _Mul(self, e: Mul):
        scale, prod = sp.Integer(1), None
        for a in e.args:
            v = self.run(a)
            if a.scalar:
                scale = scale * _scalar(v)
            else:
                prod = v if prod is None else prod * v
        return scale if prod is None else prod * scale

    def _Hadamard(self, e: Hadamard):
        scale, out = sp.Integer(1), None
        for a in e.args:
            v = self.run(a)
            if a.scalar:
                scale = scale * _scalar(v)
            else:
                out = v if out is None else out.multiply_elementwise(v)
        return scale if out is None else out * scale

    def _Kron(self, e: Kron):
        return sp.kronecker_product(self.run(e.left), self.run(e.right)).as_explicit()

    def _Div(self, e: Div):
        return self.run(e.left) / _scalar(self.run(e.right))

    def _ElemDiv(self, e: ElemDiv):
        left, right = self.broadcast(e.left, e.shape), self.broadcast(e.right, e.shape)
        r, c = left.shape
        return sp.ImmutableMatrix(r, c, lambda i, j: left[i, j] / right[i, j])

    def _ElemPow(self, e: ElemPow):
        if not isinstance(e.right, Num):
            raise NotExplicit("a Hadamard power with a symbolic exponent")
        p = Fraction(e.right.value)
        return self.run(e.left).applyfunc(lambda z: z ** sp.Rational(p.numerator, p.denominator))

    def _Pow(self, e: Pow):
        if not isinstance(e.right, Num):
            raise NotExplicit("a power with a symbolic exponent")
        p = Fraction(e.right.value)
        base = self.run(e.left)
        if e.left.scalar:
            return _scalar(base) ** sp.Rational(p.numerator, p.denominator)
        if p.denominator != 1:
            raise NotExplicit("a fractional power of a matrix")
        n = p.numerator
        if n == 0:
            return sp.eye(base.shape[0])
        m = base if n > 0 else _inverse(base)
        out = m
        for _ in range(abs(n) - 1):
            out = out * m
        return out

    # ------------------------------------------------------------ unary

    def _T(self, e: T):
        return self.run(e.arg).T

    def _Inv(self, e: Inv):
        v = self.run(e.arg)
        return 1 / _scalar(v) if e.arg.scalar else _inverse(v)

    def _Tr(self, e: Tr):
        return self.run(e.arg).trace()

    def _Det(self, e: Det):
        return self.run(e.arg).det(method="berkowitz")

    def _Norm(self, e: Norm):
        v = self.run(e.arg)
        return sp.sqrt(sum(x ** 2 for x in v))

    def _Sum(self, e: Sum):
        return sum(self.run(e.arg), sp.Integer(0))

    def _Diag(self, e: Diag):
        v = self.run(e.arg)
        if e.arg.shape[1] == 1:
            return sp.diag(*list(v))
        return sp.Matrix([v[i, i] for i in range(v.shape[0])])

    def _Vec(self, e: Vec):
        return sp.Matrix(vectorize(self.run(e.arg), "column"))

    def _VecRow(self, e: VecRow):
        return sp.Matrix(vectorize(self.run(e.arg), "row"))

    # ------------------------------------------------------------ functions

    def _Func(self, e: Func):
        if e.order:
            try:
                derivative = builtin_derivative(e)
            except NotNumeric as exc:   # an abstract g'
                raise NotExplicit(str(exc)) from None
            return self.run(derivative)
        fn = self.table_entry(e)
        return self.run(e.arg).applyfunc(lambda z: fn.sympy(sp, z))

    def _Apply(self, e: Apply):
        return self.table_entry(e).sympy(sp, self.run(e.args[0]))

    @staticmethod
    def table_entry(e: Func | Apply) -> functions.Function:
        fn = functions.builtin(e)
        if fn is None:
            raise NotExplicit(f"the function {e.name} is abstract")
        return fn


def _inverse(m: sp.MatrixBase) -> sp.ImmutableMatrix:
    """``adj(M) / det(M)``: the form a hand calculation gives, and fast at small sizes."""
    if m.shape[0] != m.shape[1]:
        raise NotExplicit("the inverse of a non-square matrix")
    det = m.det(method="berkowitz")
    if det == 0:
        raise NotExplicit("a singular matrix")
    return sp.ImmutableMatrix(m.adjugate() / det)


def _is_scalar_shape(shape) -> bool:
    return shape[0] == 1 and shape[1] == 1


__all__ = ["NotExplicit", "entry_base", "entry_name", "symbol_matrix", "to_sympy", "vectorize"]
