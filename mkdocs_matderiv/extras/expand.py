"""f written out entry by entry at ``expand: r x c``, differentiated entry by entry (SymPy).

Seed 000's "cumbersome calculation": every symbol becomes a matrix of entry symbols, f a
matrix of SymPy expressions, its derivative is taken entry by entry and compared with the
general result at that size, each difference shown zero symbolically or at exact random
points.  ``result.extras["expansion"]`` is an :class:`~mkdocs_matderiv.derivation.Expansion`
(or :class:`~mkdocs_matderiv.derivation.ExpansionOmitted` when it would be too long);
``render.expansion`` writes it out.  A disagreement is never published.

This module imports SymPy; only a block with ``expand:`` loads it (``extras.attach``).
"""

from __future__ import annotations

import math
import time

import numpy as np
import sympy as sp

from mkdocs_matderiv.block import Problem
from mkdocs_matderiv.check.numeric import as_2d, resolve_dim
from mkdocs_matderiv.derivation import Expansion, ExpansionOmitted, Result
from mkdocs_matderiv.engine.chain import inline
from mkdocs_matderiv.errors import ENGINE_FAILED, MatDerivError
from mkdocs_matderiv.extras.evaluate import given_arrays, given_dims
from mkdocs_matderiv.extras.explicit import NotExplicit, symbol_matrix, to_sympy, vectorize
from mkdocs_matderiv.limits import check_deadline
from mkdocs_matderiv.render.numbers import number
from mkdocs_matderiv.tree import Expr, free_symbols

EXPANSION_SECONDS = 6.0
"""Time an expansion may take; past it the expansion is omitted (the block still builds)."""
MAX_EXPANSION_ENTRIES = 256
"""Entries of the entry-by-entry derivative (a 16x16 Jacobian); more are omitted."""
MAX_EXPANSION_OPS = 5000
"""SymPy operations in f and the general result written out; more are omitted."""


class TooBig(Exception):
    """The expansion would be too long to read or to compute: it is omitted."""


class _Budget:
    """The expansion's own deadline inside the block's: running past it omits the expansion
    (``TooBig``), while the block's budget (``limits.check_deadline``) still fails the block."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def tick(self) -> None:
        check_deadline()
        if time.monotonic() > self.deadline:
            raise TooBig("it takes too long to write out")


def expansion(problem: Problem, result: Result) -> Expansion | ExpansionOmitted | None:
    """The entry-by-entry cross-check at ``problem.expand``; None without ``expand`` or where f
    cannot be written out (abstract functions); omitted where it is too long to compute.

    Raises:
        MatDerivError: the entry-by-entry derivative differs from the general result at that size.
    """
    if problem.expand is None:
        return None
    try:
        return expand_problem(problem, result)
    except TooBig as exc:
        return ExpansionOmitted(problem.expand, str(exc))
    except NotExplicit:
        return None


def expansion_sizes(size: tuple[int, int], result: Result, f: Expr) -> dict[str, int]:
    """Every symbolic dimension -> r; the wrt's column dimension -> c when it is symbolic
    (``size`` is the block's ``expand: [r, c]``)."""
    r, c = size
    sizes: dict[str, int] = {}
    w = result.wrt
    if isinstance(w.shape[1], str):
        sizes[w.shape[1]] = c
    atoms = [s for e in [f, result.value] for s in free_symbols(e)] + [w]
    for s in atoms:
        for d in s.shape:
            if isinstance(d, str):
                sizes.setdefault(d, r)
    for e in (f, result.value):
        for node in e.walk():
            for d in node.shape if isinstance(node.shape, tuple) else ():
                if isinstance(d, str):
                    try:
                        resolve_dim(d, sizes)
                    except KeyError:
                        sizes[d] = r
    return sizes


def expand_problem(problem: Problem, result: Result, seconds: float = EXPANSION_SECONDS) -> Expansion | None:
    """f written out at ``problem.expand``, differentiated entry by entry; None when it cannot be
    (abstract functions).

    Raises:
        TooBig: the expansion is too long to compute or to read at that size.
        MatDerivError: the entry-by-entry derivative differs from the general result at that size.
    """
    if problem.expand is None:
        return None
    budget = _Budget(seconds)
    f = inline(problem.f, problem.where)
    sizes = expansion_sizes(problem.expand, result, f)
    given = {name: a for name, a in given_arrays(problem).items() if name != result.wrt.name}
    sizes.update(given_dims(problem, [f, result.value], given))    # the given numbers fix their sizes
    try:
        count = math.prod(resolve_dim(d, sizes) for d in result.value.shape)
    except KeyError:
        return None
    if count > MAX_EXPANSION_ENTRIES:
        raise TooBig(f"the derivative has {count} entries at this size")
    taken = frozenset(s.name for e in (f, result.value) for s in free_symbols(e)) | {result.wrt.name}
    symmetric = frozenset(name for name, props in problem.assume.items()
                          if props & {"symmetric", "positive_definite"} and name != result.wrt.name)
    try:
        F = to_sympy(f, sizes, taken, symmetric, tick=budget.tick)
        general = to_sympy(result.value, sizes, taken, symmetric, tick=budget.tick)
    except NotExplicit:
        return None
    numbers = _given_entries(f, given, sizes, taken, symmetric)
    F, general = F.xreplace(numbers), general.xreplace(numbers)
    if _ops(F) + _ops(general) > MAX_EXPANSION_OPS:
        raise TooBig("the entries are too long at this size")
    W = symbol_matrix(result.wrt, sizes, taken)
    w_entries = list(W)
    if result.kind == "gradient":
        entries = W.applyfunc(lambda w: sp.diff(F[0, 0], w))
    elif result.kind == "derivative":
        t = W[0, 0]
        entries = F.applyfunc(lambda e: sp.diff(e, t))
    elif result.kind == "hessian":      # ∂²f/∂vec X ∂vec Xᵀ, in the block's vec order
        entries = sp.hessian(F[0, 0], vectorize(W, problem.vec))
    else:
        vf, vw = vectorize(F, problem.vec), vectorize(W, problem.vec)
        entries = sp.ImmutableMatrix(len(vf), len(vw), lambda i, j: sp.diff(vf[i], vw[j]))
        if problem.layout == "denominator":
            entries = entries.T
    entries = sp.ImmutableMatrix(entries)
    size = f"{problem.expand[0]}x{problem.expand[1]}"
    proofs: list[str | None] = [None]
    if entries.shape == general.shape:
        proofs = []
        for a, b in zip(entries, general):
            budget.tick()
            proofs.append(same(a, b))
    if None in proofs:
        raise MatDerivError(
            ENGINE_FAILED + f"the entry-by-entry expansion at {size} does not agree with the "
            f"general result; nothing was published — please report this block")
    symbols = [(s, to_sympy(s, sizes, taken, symmetric).xreplace(numbers)) for s in free_symbols(f)]

    def tidy(m: sp.MatrixBase) -> sp.ImmutableMatrix:
        budget.tick()
        return sp.ImmutableMatrix(m).applyfunc(lambda e: collect_by(e, w_entries))

    proof = "symbolic" if all(p == "symbolic" for p in proofs) else "numeric"
    return Expansion(problem.expand, result.wrt, tidy(F), W, tidy(entries), tidy(general), symbols, proof)


def _ops(m: sp.MatrixBase) -> int:
    return sum(sp.count_ops(e) for e in m)


def _given_entries(f: Expr, given: dict, sizes: dict, taken: frozenset, symmetric: frozenset) -> dict:
    """Entry symbol → number for the names with ``values`` (the wrt excepted), so that the
    expansion reads as seed 002 writes ``Z = A W + B``: given numbers, symbolic ``w_{ij}``."""
    numbers: dict = {}
    for s in free_symbols(f):
        if s.name not in given:
            continue
        entries = symbol_matrix(s, sizes, taken, symmetric)
        value = as_2d(given[s.name], s.shape)
        if value.shape != entries.shape:
            continue
        for (i, j), e in np.ndenumerate(value):
            numbers[entries[i, j]] = sp.nsimplify(number(e))
    return numbers


def collect_by(e: sp.Expr, variables: list) -> sp.Expr:
    """``e`` expanded and collected by monomials of ``variables`` (coefficients factored).

    ``x^T A x`` at 2x2 -> ``a_{11} x_{1}^2 + (a_{12} + a_{21}) x_{1} x_{2} + a_{22} x_{2}^2``.
    """
    gens = [v for v in variables if e.has(v)]
    if not gens or not e.is_polynomial(*gens):
        return e
    e = sp.expand(e)
    try:
        poly = sp.Poly(e, *gens)
    except sp.PolynomialError:
        return sp.collect(e, gens)
    if not poly.domain.is_Exact and not poly.domain.is_EX:
        return sp.collect(e, gens)
    terms = []
    for monom, coeff in poly.terms():
        mono = sp.Mul(*[g ** k for g, k in zip(gens, monom)])
        terms.append(sp.factor(coeff.as_expr() if hasattr(coeff, "as_expr") else coeff) * mono)
    return sp.Add(*terms)


_RATIONAL_LIMIT = 800
"""Above this many operations a rational difference is tested at exact random points."""
_SYMBOLIC_LIMIT = 60
"""Above this many operations a difference with exp/log/… is compared at random points only
(SymPy's ``simplify`` on nested sigmoids takes seconds per entry)."""


def same(a: sp.Expr, b: sp.Expr) -> str | None:
    """How ``a - b`` was shown to be zero: ``"symbolic"`` or ``"numeric"``; None: it is not zero.

    * at three random points in floating point: a clear difference settles it (not zero);
    * a rational function of moderate size: ``cancel`` decides exactly ("symbolic");
      a larger one is evaluated exactly at random rational points, where a nonzero
      rational function almost surely does not vanish (Schwartz–Zippel) ("numeric");
    * otherwise ``expand``, then ``simplify`` ("symbolic") while it is small, else the
      random points alone ("numeric").
    """
    d = a - b
    if d == 0:
        return "symbolic"
    syms = sorted(a.free_symbols | b.free_symbols, key=str)
    rng = np.random.default_rng(0)
    for _ in range(3):
        point = {s: sp.Float(float(v)) for s, v in zip(syms, rng.uniform(0.5, 1.5, len(syms)))}
        try:
            va, vb = complex(a.xreplace(point).evalf()), complex(b.xreplace(point).evalf())
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if not (np.isfinite(va) and np.isfinite(vb)):
            continue
        if abs(va - vb) > 1e-9 * max(1.0, abs(va), abs(vb)):
            return None
    ops = sp.count_ops(d)
    if d.is_rational_function(*syms):
        if ops <= _RATIONAL_LIMIT:
            return "symbolic" if sp.cancel(d) == 0 else None
        for _ in range(3):
            point = {s: sp.Rational(int(v), 1009) for s, v in zip(syms, rng.integers(-10**6, 10**6, len(syms)))}
            value = d.xreplace(point)
            if value.has(sp.zoo, sp.nan):
                continue
            if value != 0:
                return None
        return "numeric"
    if ops > _SYMBOLIC_LIMIT:
        return "numeric"
    if sp.expand(d) == 0:
        return "symbolic"
    if sp.simplify(d) == 0:
        return "symbolic"
    return "numeric"
