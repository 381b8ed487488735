"""Evaluate a presented line's two sides with NumPy, differentials included: ``dX`` is a random
direction for the variable (every other name is constant), ``d(E)`` the directional derivative
of ``E`` along it by central differences."""

from __future__ import annotations

import numpy as np

from mkdocs_matderiv.check.numeric import evaluate
from mkdocs_matderiv.tree import Diff, Expr, Sym

STEP = 1e-6


def value(e: Expr, arrays: dict[str, np.ndarray], directions: dict[str, np.ndarray],
          dims: dict[str, int]) -> np.ndarray:
    """``e`` at ``arrays``, each differential in it along ``directions``."""
    known: dict[str, np.ndarray] = dict(arrays)
    plain = _without_differentials(e, arrays, directions, dims, known)
    return evaluate(plain, known, dims)


def _without_differentials(e: Expr, arrays, directions, dims, known) -> Expr:
    if isinstance(e, Diff):
        name = f"dd{len(known)}"
        known[name] = _differential(e.of, arrays, directions, dims)
        return Sym(name, e.shape)
    kids = e.children
    if not kids:
        return e
    new = tuple(_without_differentials(k, arrays, directions, dims, known) for k in kids)
    return e if new == kids else e.rebuild(new)


def _differential(e: Expr, arrays, directions, dims) -> np.ndarray:
    if isinstance(e, Sym):
        return directions.get(e.name, np.zeros_like(arrays[e.name]))
    ahead = {k: v + STEP * directions.get(k, 0) for k, v in arrays.items()}
    behind = {k: v - STEP * directions.get(k, 0) for k, v in arrays.items()}
    return (value(e, ahead, directions, dims) - value(e, behind, directions, dims)) / (2 * STEP)
