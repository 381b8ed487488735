"""The author's stated result (``claim:``) against the derived one: the doctest of course notes.

Seeds 000 and 001 state each result before they prove it.  A claim that equals the derived
result at random points (the same draws the numeric check uses, so inverses and logs are
defined) is kept as the form the derivation ends in; one that does not is refused with a
point where the two differ, shown in numbers with one decimal so the reader can redo it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mkdocs_matderiv.check.draws import Draws, NoDraw, regular
from mkdocs_matderiv.check.numeric import NotNumeric, check_numeric, evaluate, symbol_usage
from mkdocs_matderiv.check.verify import TOLERANCE, relative_error
from mkdocs_matderiv.tree import Expr, Sym, free_symbols

DRAWS = 3
"""Random points at which a claim must equal the derived result."""


@dataclass(frozen=True)
class Difference:
    """A point where the claim and the derived result differ, and both values there."""

    point: dict[str, np.ndarray]
    claimed: np.ndarray
    derived: np.ndarray


UNCHECKED = Difference({}, np.zeros((1, 1)), np.zeros((1, 1)))
"""Not evaluated and not the same text: the caller refuses such a claim."""


class Unchecked(Exception):
    """Neither side can be evaluated (an abstract function): the claim is not checked in numbers."""


def difference(f: Expr, derived: Expr, claimed: Expr, *, assume: dict, values: dict,
               seed: int = 0) -> Difference | None:
    """None when ``claimed`` equals ``derived`` at every draw, else a point where they differ
    (rounded to one decimal where the rounded point still shows the difference).

    Raises:
        Unchecked: an abstract function or symbolic gradient leaves nothing to evaluate.
    """
    try:
        for e in (f, derived, claimed):
            check_numeric(e)
    except NotNumeric as exc:
        raise Unchecked(str(exc)) from exc
    symbols = list(dict.fromkeys([*free_symbols(f), *free_symbols(derived), *free_symbols(claimed)]))
    usage = symbol_usage(f)
    for e in (derived, claimed):
        for name, props in symbol_usage(e).items():
            usage.setdefault(name, set()).update(props)
    source = Draws(f, derived, symbols, assume, values, usage, np.random.default_rng(seed))
    for dims in source.sizes():
        try:
            points = [source.draw(dims) for _ in range(DRAWS)]
        except NoDraw:
            continue
        for arrays in points:
            found = _differ(derived, claimed, arrays, dims)
            if found is None:
                continue
            small = {d: 2 for d in dims}            # shown at the smallest size that differs
            if small != dims:
                try:
                    tried = source.draw(small)
                except NoDraw:
                    tried = None
                if tried is not None and _differ(derived, claimed, tried, small) is not None:
                    arrays, dims = tried, small
                    found = _differ(derived, claimed, arrays, dims)
                    assert found is not None
            rounded = {k: v if k in values else np.round(v, 1) for k, v in arrays.items()}
            if regular(rounded, dims, source.inverted, source.logdets):
                shown = _differ(derived, claimed, rounded, dims)
                if shown is not None:
                    return _at(shown, rounded, derived, claimed)
            return _at(found, arrays, derived, claimed)
        return None
    raise Unchecked("no random inputs were found where f is defined")


def _differ(derived: Expr, claimed: Expr, arrays: dict, dims: dict) -> tuple | None:
    with np.errstate(all="ignore"):
        try:
            want = evaluate(derived, arrays, dims)
            got = evaluate(claimed, arrays, dims)
        except (np.linalg.LinAlgError, ArithmeticError, ValueError):
            return None
    if not (np.all(np.isfinite(want)) and np.all(np.isfinite(got))):
        return None
    if got.shape != want.shape or relative_error(got, want) >= TOLERANCE:
        return got, want
    return None


def _at(values: tuple, arrays: dict, derived: Expr, claimed: Expr) -> Difference:
    used = {s.name for e in (derived, claimed) for s in free_symbols(e)}
    point = {name: a for name, a in arrays.items() if name in used}
    return Difference(point, values[0], values[1])


def shown_point(d: Difference, symbols: list[Sym]) -> str:
    """``X = [[1, 0.5], [0, 2]], A = …`` in the order of ``symbols``."""
    from mkdocs_matderiv.render.numbers import matrix

    scalar = {s.name: s.scalar for s in symbols}
    return ", ".join(f"{name} = {matrix(v, scalar.get(name, v.size == 1))}" for name, v in d.point.items())


def shown_value(v: np.ndarray) -> str:
    """A value at the point, to three decimals (enough to see that two differ)."""
    from mkdocs_matderiv.render.numbers import matrix

    return str(matrix(np.round(v, 3), v.size == 1))
