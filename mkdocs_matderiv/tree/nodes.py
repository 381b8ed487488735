"""The algebra nodes: frozen dataclasses that keep their form and carry their shape.

Conventions:

* a shape is ``(rows, cols)``; a dimension is an ``int`` or a symbol (``str``);
  a column vector is ``(n, 1)``, a scalar ``(1, 1)``;
* ``Mul`` is the matrix product of its factors; factors of shape ``(1, 1)``
  are scalars and commute (they scale the product);
* ``-x`` is ``Mul((Num(-1), x))``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction

Dim = int | str
Shape = tuple  # (Dim, Dim)

SCALAR: Shape = (1, 1)


def is_scalar(shape: Shape) -> bool:
    """A 1x1 value is a scalar (CONTRACT §3)."""
    return shape[0] == 1 and shape[1] == 1


def is_vector(shape: Shape) -> bool:
    """A column vector: one column, not a scalar."""
    return shape[1] == 1 and shape[0] != 1


class Expr:
    """Base of all nodes.  Subclasses are frozen dataclasses."""

    shape: Shape

    @property
    def children(self) -> tuple[Expr, ...]:
        return ()

    def rebuild(self, children: tuple[Expr, ...]) -> Expr:
        """The same node over new children (same arity)."""
        return self

    def walk(self) -> Iterator[Expr]:
        """Pre-order traversal."""
        yield self
        for c in self.children:
            yield from c.walk()

    def contains(self, target: Expr) -> bool:
        return any(node == target for node in self.walk())

    @property
    def scalar(self) -> bool:
        return is_scalar(self.shape)


# ---------------------------------------------------------------- leaves

@dataclass(frozen=True)
class Sym(Expr):
    """A named variable or constant; ``name`` is canonical (``W_1``, ``alpha``)."""

    name: str
    shape: Shape = SCALAR


@dataclass(frozen=True)
class Num(Expr):
    """A rational number (a float input is kept exact as a Fraction)."""

    value: Fraction
    shape: Shape = SCALAR


@dataclass(frozen=True)
class Identity(Expr):
    """The identity matrix ``I`` of size n x n."""

    shape: Shape


@dataclass(frozen=True)
class Ones(Expr):
    """The all-ones column vector ``1`` (n x 1)."""

    shape: Shape


@dataclass(frozen=True)
class Zero(Expr):
    """A zero of any shape (the differential of a constant)."""

    shape: Shape


@dataclass(frozen=True)
class Entry(Expr):
    """The entry ``(row, col)`` (0-based) of a vector or matrix given by its entries (``entries:``)."""

    of: Expr
    """The vector or matrix (a ``Sym``; a substitution may put an expression in its place)."""
    row: int
    col: int
    shape: Shape = SCALAR

    @property
    def children(self) -> tuple[Expr, ...]:
        return (self.of,)

    def rebuild(self, children: tuple[Expr, ...]) -> Expr:
        return Entry(children[0], self.row, self.col)


@dataclass(frozen=True)
class Entries(Expr):
    """A vector or matrix written entry by entry: ``rows`` of scalar expressions."""

    rows: tuple

    @property
    def shape(self) -> Shape:  # type: ignore[override]
        return (len(self.rows), len(self.rows[0]))

    @property
    def children(self) -> tuple[Expr, ...]:
        return tuple(e for row in self.rows for e in row)

    def rebuild(self, children: tuple[Expr, ...]) -> Expr:
        width = len(self.rows[0])
        return Entries(tuple(tuple(children[i:i + width]) for i in range(0, len(children), width)))


# ---------------------------------------------------------------- n-ary

@dataclass(frozen=True)
class _Nary(Expr):
    args: tuple[Expr, ...]

    @property
    def children(self) -> tuple[Expr, ...]:
        return self.args

    def rebuild(self, children: tuple[Expr, ...]) -> Expr:
        return type(self)(tuple(children))


@dataclass(frozen=True)
class Add(_Nary):
    """A sum; a scalar term added to a matrix is added to every entry."""

    @property
    def shape(self) -> Shape:  # type: ignore[override]
        for a in self.args:
            shape = a.shape                                   # once: nesting stays linear
            if not is_scalar(shape):
                return shape
        return SCALAR


@dataclass(frozen=True)
class Mul(_Nary):
    """A matrix product; scalar factors scale it."""

    @property
    def shape(self) -> Shape:  # type: ignore[override]
        mats = [shape for shape in (a.shape for a in self.args) if not is_scalar(shape)]
        if not mats:                                          # each shape once: nesting stays linear
            return SCALAR
        return (mats[0][0], mats[-1][1])


@dataclass(frozen=True)
class Hadamard(_Nary):
    """The element-wise product ``A ⊙ B``."""

    @property
    def shape(self) -> Shape:  # type: ignore[override]
        for a in self.args:
            shape = a.shape                                   # once: nesting stays linear
            if not is_scalar(shape):
                return shape
        return SCALAR


# ---------------------------------------------------------------- binary

@dataclass(frozen=True)
class _Binary(Expr):
    left: Expr
    right: Expr

    @property
    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)

    def rebuild(self, children: tuple[Expr, ...]) -> Expr:
        return type(self)(*children)


@dataclass(frozen=True)
class Kron(_Binary):
    """The Kronecker product ``A ⊗ B``."""

    @property
    def shape(self) -> Shape:  # type: ignore[override]
        (a, b), (c, d) = self.left.shape, self.right.shape   # once each: chains stay linear
        return (_dim_mul(a, c), _dim_mul(b, d))


@dataclass(frozen=True)
class Div(_Binary):
    """Division by a scalar: ``left / right`` (``right`` is 1x1)."""

    @property
    def shape(self) -> Shape:  # type: ignore[override]
        return self.left.shape


@dataclass(frozen=True)
class ElemDiv(_Binary):
    """Element-wise division ``A ./ B`` (either side may be a scalar)."""

    @property
    def shape(self) -> Shape:  # type: ignore[override]
        shape = self.left.shape                               # once: chains stay linear
        return shape if not is_scalar(shape) else self.right.shape


@dataclass(frozen=True)
class Pow(_Binary):
    """``base ^ exponent``: any power of a scalar, an integer power of a square matrix."""

    @property
    def shape(self) -> Shape:  # type: ignore[override]
        return self.left.shape


@dataclass(frozen=True)
class ElemPow(_Binary):
    """The Hadamard power ``A .^ p``: every entry to the scalar power ``p``."""

    @property
    def shape(self) -> Shape:  # type: ignore[override]
        return self.left.shape


# ---------------------------------------------------------------- unary

@dataclass(frozen=True)
class _Unary(Expr):
    arg: Expr

    @property
    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)

    def rebuild(self, children: tuple[Expr, ...]) -> Expr:
        return type(self)(children[0])


@dataclass(frozen=True)
class T(_Unary):
    """Transpose."""

    @property
    def shape(self) -> Shape:  # type: ignore[override]
        rows, cols = self.arg.shape                           # once: X'''' stays linear
        return (cols, rows)


@dataclass(frozen=True)
class Inv(_Unary):
    """Matrix inverse (the reciprocal of a scalar)."""

    @property
    def shape(self) -> Shape:  # type: ignore[override]
        return self.arg.shape


@dataclass(frozen=True)
class Tr(_Unary):
    """Trace."""

    shape: Shape = field(default=SCALAR, init=False)


@dataclass(frozen=True)
class Det(_Unary):
    """Determinant ``|X|``."""

    shape: Shape = field(default=SCALAR, init=False)


@dataclass(frozen=True)
class Norm(_Unary):
    """The 2-norm of a vector, the Frobenius norm of a matrix."""

    shape: Shape = field(default=SCALAR, init=False)


@dataclass(frozen=True)
class Sum(_Unary):
    """The sum of all entries."""

    shape: Shape = field(default=SCALAR, init=False)


@dataclass(frozen=True)
class Diag(_Unary):
    """A vector to a diagonal matrix, or a square matrix to its diagonal."""

    @property
    def shape(self) -> Shape:  # type: ignore[override]
        r, c = self.arg.shape
        return (r, r) if c == 1 else (r, 1)


@dataclass(frozen=True)
class Vec(_Unary):
    """Stack the columns into one column vector."""

    @property
    def shape(self) -> Shape:  # type: ignore[override]
        return (_dim_mul(*self.arg.shape), 1)


@dataclass(frozen=True)
class VecRow(_Unary):
    """Stack the rows into one column vector (row-major order, as NumPy and PyTorch flatten)."""

    @property
    def shape(self) -> Shape:  # type: ignore[override]
        return (_dim_mul(*self.arg.shape), 1)


@dataclass(frozen=True)
class Commutation(Expr):
    """The commutation matrix ``K``: ``vec(Aᵀ) = K vec(A)`` for an ``m x n`` matrix ``A``."""

    m: Dim
    n: Dim

    @property
    def shape(self) -> Shape:  # type: ignore[override]
        size = _dim_mul(self.m, self.n)
        return (size, size)


# ---------------------------------------------------------------- functions

@dataclass(frozen=True)
class Func(Expr):
    """An element-wise function (built-in, see ``functions.py``, or abstract); ``order`` 1 is ``g'``."""

    name: str
    arg: Expr
    order: int = 0

    @property
    def shape(self) -> Shape:  # type: ignore[override]
        return self.arg.shape

    @property
    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)

    def rebuild(self, children: tuple[Expr, ...]) -> Expr:
        return Func(self.name, children[0], self.order)


@dataclass(frozen=True)
class Apply(Expr):
    """A function that is not element-wise: a built-in one (``softmax``, ``logdet``, see
    ``functions.py``) or an abstract scalar ``L(a, y)``."""

    name: str
    args: tuple[Expr, ...]
    shape: Shape = SCALAR

    @property
    def children(self) -> tuple[Expr, ...]:
        return self.args

    def rebuild(self, children: tuple[Expr, ...]) -> Expr:
        return Apply(self.name, tuple(children), self.shape)


# ---------------------------------------------------------------- dimensions

_DIM_FACTOR = re.compile(r"\?\d+|[0-9]+|[A-Za-z](?:_[A-Za-z0-9]|[0-9]+)?")


def dim_factors(d: Dim) -> list[Dim]:
    """The factors of a dimension: ``"2mn"`` -> ``[2, "m", "n"]``, ``"n2"`` -> ``["n2"]`` (a name:
    a product writes its number first, so a declared size ``n2`` is never read as n·2)."""
    if isinstance(d, int):
        return [d]
    return [int(p) if p.isdigit() else p for p in _DIM_FACTOR.findall(d)]


def dim_product(parts: list[Dim]) -> Dim:
    """The dimension that is the product of ``parts``: its number first, then its named factors
    in order (``mn``, ``2n``, ``6``)."""
    number, names = 1, []
    for part in parts:
        for p in dim_factors(part):
            if isinstance(p, int):
                number *= p
            else:
                names.append(p)
    if not names:
        return number
    return ("" if number == 1 else str(number)) + "".join(names)


def _dim_mul(a: Dim, b: Dim) -> Dim:
    return dim_product([a, b])
