"""Sizes and random inputs for the numeric check that honour the problem.

A valid block can be degenerate at a careless draw: ``ln|A X B|`` with ``A: m x n`` is
singular whenever m > n, ``tr((A X Aᵀ)⁻¹)`` likewise, and ``ln|M|`` is only defined where
``|M| > 0``.  So the check tries several size assignments, and at each several draws, until
every matrix the problem inverts (or takes the determinant of) is well conditioned and every
log-determinant's argument has a positive determinant.  When none is found the block is
refused with what the author can do about it, never as an engine failure.
"""

from __future__ import annotations

import numpy as np

from mkdocs_matderiv.check.numeric import NotNumeric, as_2d, draw_dims, evaluate, random_inputs
from mkdocs_matderiv.tree import Apply, Det, Expr, Func, Inv, Num, Pow, Sym

SIZE_DRAWS = 6
"""How many size assignments are tried (``(X Xᵀ)⁻¹`` with ``X: m x n`` needs ``m ≤ n``)."""

TRIAL_DRAWS = 4
"""Draws tried at each size assignment before the next one."""

REDRAWS = 8
"""How often a draw where ``f`` is not finite (or a matrix is singular) is replaced."""

CONDITION = 1e8
"""A matrix under an inverse or a determinant is taken as singular beyond this condition number."""

MODERATE = 1e6
"""Draws where ``|f|`` or the result exceeds this are shrunk: finite differences drown in the
rounding error of a huge ``f``, and a huge derivative of a bounded ``f`` (``cos`` of
``exp(U exp(W X))``) means it oscillates faster than any step resolves."""


class NoDraw(NotNumeric):
    """No inputs were found where the block is defined: the author can say where it is."""

    ADVICE = ("give the sizes in `shapes:` (or numbers in `values:`) at which it is defined, "
              "declare properties in `assume:` (`positive_definite`, `invertible`), or set "
              "`check: false`")


def _regular_parts(exprs: tuple) -> tuple[list[Expr], list[Expr]]:
    """The matrices the expressions invert or take the determinant of, and the arguments of
    their log-determinants."""
    inverted, logdets = [], []
    for e in exprs:
        for n in e.walk():
            if isinstance(n, (Inv, Det)) and not n.arg.scalar:
                inverted.append(n.arg)
            elif isinstance(n, Pow) and not n.left.scalar and isinstance(n.right, Num) and n.right.value < 0:
                inverted.append(n.left)
            elif isinstance(n, Func) and n.name == "ln" and isinstance(n.arg, Det):
                logdets.append(n.arg.arg)
            elif isinstance(n, (Func, Apply)) and n.name == "logdet":
                logdets.append(n.arg if isinstance(n, Func) else n.args[0])
    return inverted, logdets


def regular(arrays: dict, dims: dict, inverted: list[Expr], logdets: list[Expr]) -> bool:
    """Whether every inverted matrix is well conditioned and every log-determinant positive."""
    try:
        with np.errstate(all="ignore"):
            if any(not np.linalg.cond(evaluate(m, arrays, dims)) < CONDITION for m in inverted):
                return False
            return all(np.linalg.det(evaluate(m, arrays, dims)) > 0 for m in logdets)
    except (np.linalg.LinAlgError, ArithmeticError, ValueError):
        return False


def _moderate(value: np.ndarray) -> bool:
    return bool(np.max(np.abs(value), initial=0.0) < MODERATE)


class Draws:
    """Inputs for one check: ``sizes()`` yields size assignments, ``draw(dims)`` one point."""

    def __init__(self, f: Expr, result: Expr, symbols: list[Sym], assume: dict, values: dict,
                 usage: dict, rng: np.random.Generator) -> None:
        self.f, self.result, self.symbols, self.assume, self.values = f, result, symbols, assume, values
        self.usage, self.rng = usage, rng
        self.inverted, self.logdets = _regular_parts((f, result))
        self.fixed = {s.name: as_2d(values[s.name], s.shape) for s in symbols if s.name in values}

    def sizes(self):
        """Size assignments, those where a trial draw is regular first; every one is tried once."""
        later = []
        for _ in range(SIZE_DRAWS):
            dims = draw_dims(self.symbols, self.values, self.rng)
            if not (self.inverted or self.logdets) or any(
                    regular(self._inputs(dims), dims, self.inverted, self.logdets) for _ in range(TRIAL_DRAWS)):
                yield dims
            else:
                later.append(dims)
            if not any(isinstance(d, str) for s in self.symbols for d in s.shape if s.name not in self.values):
                break                                     # nothing to redraw: the sizes are fixed
        yield from later

    def _inputs(self, dims: dict, scale: float = 1.0) -> dict:
        free = [s for s in self.symbols if s.name not in self.values]
        drawn = random_inputs(free, dims, self.assume, self.rng, self.usage)
        return {**{k: v * scale for k, v in drawn.items()}, **self.fixed}

    def draw(self, dims: dict) -> dict[str, np.ndarray]:
        """Random inputs (``values`` kept) where f is finite and every inverse and log-determinant
        is defined; shrunk when f is huge.  Raises ``NoDraw`` when none is found."""
        finite = None
        for attempt in range(REDRAWS):
            scale = 0.5 ** (attempt // 2)    # shrinking keeps symmetry, definiteness, invertibility, sign
            arrays = self._inputs(dims, scale)
            if not regular(arrays, dims, self.inverted, self.logdets):
                continue
            try:
                with np.errstate(all="ignore"):
                    fx = evaluate(self.f, arrays, dims)
                    moderate = _moderate(fx) and _moderate(evaluate(self.result, arrays, dims))
            except (np.linalg.LinAlgError, ArithmeticError, ValueError):
                continue
            if np.all(np.isfinite(fx)):
                if moderate:
                    return arrays
                finite = finite or arrays
        if finite is not None:
            return finite
        what = "every inverse and log-determinant is defined" if self.inverted or self.logdets else \
            "f is finite"
        raise NoDraw(f"no random inputs were found where {what} ({REDRAWS} draws)")
