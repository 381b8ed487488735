"""Trees evaluated at the block's ``values``, or nothing: what a worked example may show.

A worked example shows only what every name has a number for; a tree with a name or a
size that has no value, a non-finite value or a matrix too large to read is left out
(None), never guessed.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from mkdocs_matderiv.block import Problem
from mkdocs_matderiv.check.numeric import NotNumeric, as_2d, evaluate, resolve_dim
from mkdocs_matderiv.tree import Expr, Sym, free_symbols

MAX_WORKED_ENTRIES = 2500
"""Entries of one worked matrix (a 50x50 gradient); a larger one (a big Jacobian) is left out."""


def given_arrays(problem: Problem) -> dict[str, np.ndarray]:
    """The block's ``values`` as float arrays, by name."""
    return {name: np.asarray(v, dtype=float) for name, v in (problem.values or {}).items()}


def given_dims(problem: Problem, exprs: list[Expr], arrays: dict[str, np.ndarray]) -> dict[str, int]:
    """Sizes of the symbolic dimensions, from the arrays given for the symbols that have them
    in ``exprs`` or in the block's ``where`` (names and definitions)."""
    dims: dict[str, int] = {}
    exprs = list(exprs) + [e for _, e in problem.where] + [s for s, _ in problem.where]
    for e in exprs:
        for node in e.walk():
            if isinstance(node, Sym) and node.name in arrays:
                value = as_2d(arrays[node.name], node.shape)
                for d, size in zip(node.shape, value.shape):
                    if isinstance(d, str):
                        dims.setdefault(d, int(size))
    return dims


def try_evaluate(expr: Expr, arrays: dict[str, np.ndarray], dims: dict[str, int]) -> np.ndarray | None:
    """The value of ``expr``, or None when a name or a size has no value (or it is abstract),
    or it has more than ``MAX_WORKED_ENTRIES`` entries, or an entry is not finite."""
    if any(s.name not in arrays for s in free_symbols(expr)):
        return None
    try:
        if math.prod(resolve_dim(d, dims) for d in expr.shape) > MAX_WORKED_ENTRIES:
            return None
    except KeyError:
        return None
    try:
        with np.errstate(all="ignore"):
            value = evaluate(expr, arrays, dims)
    except (NotNumeric, KeyError, np.linalg.LinAlgError, ValueError):
        return None
    if not np.all(np.isfinite(value)):
        return None
    return value


def require_finite(*values: Any) -> None:
    """Raise ``NotNumeric`` when a value to be shown is not finite (the extra is left out)."""
    for v in values:
        if not np.all(np.isfinite(np.asarray(v, dtype=float))):
            raise NotNumeric("a value is not finite")
