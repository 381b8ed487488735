"""Evaluate expression trees with NumPy, and draw random inputs that suit them.

Every value is a 2-D float array: a column vector is ``(n, 1)``, a scalar
``(1, 1)``.  Whether a factor of a product scales or multiplies as a matrix is
read from the tree's shapes, not from the arrays (a dimension may be 1).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from mkdocs_matderiv import functions
from mkdocs_matderiv.check.helpers import _commutation, callable_of
from mkdocs_matderiv.tree import (
    Add, Apply, Det, Diag, Diff, Div, ElemDiv, Expr, Func, Grad, Hadamard,
    Identity, Inv, Kron, Mul, Norm, Num, Ones, Pow, Sum, Sym, T, Tr, Vec, VecRow, Commutation, Zero,
)


class NotNumeric(Exception):
    """The tree has abstract content (an abstract function, a symbolic gradient, a
    differential), or no finite values could be drawn for it: it cannot be evaluated."""


def builtin_derivative(e: Func) -> Expr:
    """The derivative ``g'(z)`` of a built-in element-wise function, written with built-ins
    (``sigma'(z) = sigma(z) ⊙ (1 - sigma(z))``; the table, ``functions.py``, says how).

    Raises ``NotNumeric`` for an abstract function or a higher order.
    """
    written = functions.derivative(e)
    if written is None:
        raise NotNumeric(f"the derivative {e.name}{chr(39) * e.order} is abstract")
    return written


def resolve_dim(d, dims: dict[str, int]) -> int:
    """An int for a dimension: an int, a symbol in ``dims``, or a product symbol like ``mn``."""
    if isinstance(d, int):
        return d
    if d in dims:
        return int(dims[d])
    for i in range(len(d) - 1, 0, -1):      # ``_dim_mul`` concatenates: "mn" = m * n
        head, tail = d[:i], d[i:]
        if head in dims:
            try:
                return int(dims[head]) * resolve_dim(tail, dims)
            except KeyError:
                continue
    raise KeyError(f"no size for the dimension {d!r}")


def infer_dims(expr: Expr, arrays: dict[str, np.ndarray]) -> dict[str, int]:
    """Symbolic dimensions fixed by the arrays given for the symbols of ``expr``."""
    dims: dict[str, int] = {}
    for node in expr.walk():
        if isinstance(node, Sym) and node.name in arrays:
            value = as_2d(arrays[node.name], node.shape)
            for d, size in zip(node.shape, value.shape):
                if isinstance(d, str):
                    dims.setdefault(d, size)
    return dims


def as_2d(value, shape) -> np.ndarray:
    """A value as a 2-D float array for a symbol of ``shape`` (a vector as a column)."""
    a = np.asarray(value, dtype=float)
    if a.ndim == 2:
        return a
    if shape[1] == 1:
        return a.reshape(-1, 1)
    return a.reshape(1, -1)


def evaluate(expr: Expr, arrays: dict[str, np.ndarray], dims: dict[str, int] | None = None) -> np.ndarray:
    """The value of ``expr`` as a 2-D float array.

    Parameters:
        expr: the tree.
        arrays: canonical name -> value (2-D; 1-D vectors and floats are accepted).
        dims: symbolic dimension -> size, for ``I``, ``1`` and ``0``; sizes the
            arrays fix are inferred.

    Returns:
        The value (a scalar as ``(1, 1)``).

    Raises:
        NotNumeric: for abstract functions, symbolic gradients and differentials.
    """
    dims = {**infer_dims(expr, arrays), **(dims or {})}
    return _Evaluator(arrays, dims).run(expr)


def check_numeric(expr: Expr) -> None:
    """Raise ``NotNumeric`` if ``expr`` has content that cannot be evaluated."""
    for node in expr.walk():
        if isinstance(node, (Grad, Diff)):
            raise NotNumeric(f"{type(node).__name__} is symbolic")
        if isinstance(node, (Func, Apply)) and functions.builtin(node) is None:
            raise NotNumeric(f"the function {node.name} is abstract")
        if isinstance(node, Func) and node.order > 1:
            raise NotNumeric(f"the derivative {node.name}{chr(39) * node.order} is abstract")


class _Evaluator:
    def __init__(self, arrays: dict, dims: dict) -> None:
        self.arrays = arrays
        self.dims = dims

    def run(self, e: Expr) -> np.ndarray:
        method = getattr(self, f"_{type(e).__name__}", None)
        if method is None:
            raise NotNumeric(f"cannot evaluate {type(e).__name__}")
        value = np.asarray(method(e), dtype=float)
        return value if value.ndim == 2 else value.reshape(1, 1)

    def size(self, shape) -> tuple[int, int]:
        return resolve_dim(shape[0], self.dims), resolve_dim(shape[1], self.dims)

    def _Sym(self, e: Sym):
        if e.name not in self.arrays:
            raise KeyError(f"no value for {e.name}")
        return as_2d(self.arrays[e.name], e.shape)

    def _Num(self, e: Num):
        return np.full((1, 1), float(e.value))

    def _Identity(self, e: Identity):
        return np.eye(*self.size(e.shape))

    def _Ones(self, e: Ones):
        return np.ones(self.size(e.shape))

    def _Zero(self, e: Zero):
        return np.zeros(self.size(e.shape))

    def _Add(self, e: Add):
        out = self.run(e.args[0])
        for a in e.args[1:]:
            out = out + self.run(a)
        return out

    def _Mul(self, e: Mul):
        scale, prod = np.ones((1, 1)), None
        for a in e.args:
            v = self.run(a)
            if a.scalar:
                scale = scale * v
            else:
                prod = v if prod is None else prod @ v
        return scale if prod is None else scale * prod

    def _Hadamard(self, e: Hadamard):
        out = self.run(e.args[0])
        for a in e.args[1:]:
            out = out * self.run(a)
        return out

    def _Kron(self, e: Kron):
        return np.kron(self.run(e.left), self.run(e.right))

    def _Div(self, e: Div):
        return self.run(e.left) / self.run(e.right)

    def _ElemDiv(self, e: ElemDiv):
        return self.run(e.left) / self.run(e.right)

    def _Pow(self, e: Pow):
        base, p = self.run(e.left), _exponent(e)
        if e.left.scalar:
            return base ** float(p)
        if p.denominator != 1:
            raise NotNumeric("a fractional power of a matrix")
        return np.linalg.matrix_power(base, int(p))

    def _T(self, e: T):
        return self.run(e.arg).T

    def _Inv(self, e: Inv):
        v = self.run(e.arg)
        return 1.0 / v if e.arg.scalar else np.linalg.inv(v)

    def _Tr(self, e: Tr):
        return np.trace(self.run(e.arg))

    def _Det(self, e: Det):
        return np.linalg.det(self.run(e.arg))

    def _Norm(self, e: Norm):
        return np.linalg.norm(self.run(e.arg))

    def _Sum(self, e: Sum):
        return np.sum(self.run(e.arg))

    def _Diag(self, e: Diag):
        v = self.run(e.arg)
        return np.diagflat(v) if v.shape[1] == 1 else np.diag(v).reshape(-1, 1)

    def _Vec(self, e: Vec):
        return self.run(e.arg).reshape(-1, 1, order="F")

    def _VecRow(self, e: VecRow):
        return self.run(e.arg).reshape(-1, 1)

    def _Commutation(self, e: Commutation):
        return _commutation(*self.size((e.m, e.n)))

    def _Func(self, e: Func):
        if e.order:
            return self.run(builtin_derivative(e))
        return self._call(e, e.arg)

    def _Apply(self, e: Apply):
        return self._call(e, e.args[0])

    def _call(self, e: Func | Apply, arg: Expr):
        fn = functions.builtin(e)
        if fn is None:
            raise NotNumeric(f"the function {e.name} is abstract")
        return callable_of(fn.numpy)(self.run(arg))

    def _Grad(self, e: Grad):
        raise NotNumeric(f"the gradient of {e.of} is symbolic")

    def _Diff(self, e: Diff):
        raise NotNumeric("a differential has no value")


def _exponent(e: Pow) -> Fraction:
    if not isinstance(e.right, Num):
        raise NotNumeric("a power with a symbolic exponent")
    return e.right.value


# ---------------------------------------------------------------- random inputs

def symbol_usage(expr: Expr) -> dict[str, set[str]]:
    """How symbols are used where values must be chosen with care.

    Returns:
        name -> ``{"invertible"}`` (under an inverse, a determinant, a log-determinant or
        a negative matrix power) and/or ``{"positive"}`` (directly under ``ln``, ``sqrt``,
        a fractional or negative scalar power, or a division).
    """
    usage: dict[str, set[str]] = {}

    def mark(e: Expr, what: str) -> None:
        while isinstance(e, T):
            e = e.arg
        if isinstance(e, Sym):
            usage.setdefault(e.name, set()).add(what)

    for node in expr.walk():
        if isinstance(node, (Inv, Det)):
            mark(node.arg, "invertible")
        elif isinstance(node, Pow) and isinstance(node.right, Num):
            p = node.right.value
            if not node.left.scalar and p < 0:
                mark(node.left, "invertible")
            elif node.left.scalar and (p < 0 or p.denominator != 1):
                mark(node.left, "positive")
        elif isinstance(node, (Func, Apply)) and (fn := functions.builtin(node)) is not None:
            if fn.domain != "real":
                mark(node.children[0], fn.domain)
        elif isinstance(node, (Div, ElemDiv)):
            mark(node.right, "positive")
    return usage


def draw_dims(symbols: list[Sym], values: dict[str, np.ndarray], rng: np.random.Generator) -> dict[str, int]:
    """Sizes for the symbolic dimensions: those fixed by ``values``, the rest distinct small ints.

    The free sizes are drawn from 2, 3, 4 (more when there are more dimensions),
    avoiding sizes already taken, deterministically for a given ``rng`` state.
    """
    dims: dict[str, int] = {}
    for s in symbols:
        if s.name in values:
            for d, size in zip(s.shape, as_2d(values[s.name], s.shape).shape):
                if isinstance(d, str):
                    dims.setdefault(d, int(size))
    free = list(dict.fromkeys(d for s in symbols for d in s.shape
                              if isinstance(d, str) and d not in dims))
    pool = [n for n in range(2, 2 + max(3, len(free) + len(dims))) if n not in dims.values()]
    if len(pool) < len(free):
        pool = list(range(2, 2 + len(free)))
    for d, size in zip(free, rng.permutation(pool)[: len(free)]):
        dims[d] = int(size)
    return dims


def random_inputs(symbols: list[Sym], dims: dict[str, int], assume: dict[str, frozenset[str]],
                  rng: np.random.Generator, usage: dict[str, set[str]] | None = None) -> dict[str, np.ndarray]:
    """Random 2-D values for ``symbols`` that honour their shapes, assumptions and uses.

    ``symmetric`` -> ``(A + Aᵀ)/2``; ``positive_definite`` -> ``A Aᵀ/n + I``;
    ``invertible`` (or used as such, see ``symbol_usage``) -> strictly diagonally dominant
    with a positive diagonal (``det > 0``); used under ``ln``/``sqrt``/a fractional power
    -> entries in ``[0.5, 2]``; otherwise standard normal entries.
    """
    usage = usage or {}
    out = {}
    for s in symbols:
        rows, cols = resolve_dim(s.shape[0], dims), resolve_dim(s.shape[1], dims)
        props = set(assume.get(s.name, ())) | set(usage.get(s.name, ()))
        out[s.name] = _draw(rows, cols, props, rng)
    return out


def _draw(rows: int, cols: int, props: set[str], rng: np.random.Generator) -> np.ndarray:
    square = rows == cols and rows > 1
    if square and "positive_definite" in props:
        a = rng.standard_normal((rows, rows))
        return a @ a.T / rows + np.eye(rows)
    if square and "invertible" in props:
        low = 0.5 if "positive" in props else -1.0
        a = rng.uniform(low, 1.0, (rows, rows)) + rows * np.eye(rows)
    elif "positive" in props or "invertible" in props:
        a = rng.uniform(0.5, 2.0, (rows, cols))
    else:
        a = rng.standard_normal((rows, cols))
    if square and "symmetric" in props:
        a = (a + a.T) / 2
    return a
