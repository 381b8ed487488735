"""Worked examples: the result evaluated at the block's ``values``, and written out entry by entry.

Two extras of a :class:`~mkdocs_matderiv.derivation.Result`, both JSON-able and
both checked against the general result before they are published:

* ``worked_example`` (``values:``) -> ``result.extras["worked"]``: the given
  numbers, f and the result evaluated, and, for a gradient through one
  ``where`` name, the chain rule as seed 002 works it (``∂S/∂Z`` flattened
  times the explicit Jacobian ``∂vec Z/∂vec W``);
* ``expansion`` (``expand: 2x2``) -> ``result.extras["expansion"]``: f written
  out in entries at that size, differentiated entry by entry, and compared
  with the general result at that size (seed 000's "cumbersome calculation").

A worked number that does not match the general result is never published:
it raises ``MatDerivError`` (the engine failed).
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
import sympy as sp

from mkdocs_matderiv.engine.chain import backward, inline, objective_name
from mkdocs_matderiv.engine.jacobian import _jacobian, forward
from mkdocs_matderiv.engine.solve import simplifier_for
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.extras.explicit import NotExplicit, symbol_matrix, to_sympy, vectorize
from mkdocs_matderiv.limits import check_deadline
from mkdocs_matderiv.check.numeric import NotNumeric, as_2d, evaluate, resolve_dim
from mkdocs_matderiv.render.latex import latex, latex_name
from mkdocs_matderiv.tree import Expr, Sym, free_symbols

_ENGINE_FAILED = "the engine failed on this input: "


# ---------------------------------------------------------------- numbers

def number(x: float) -> int | float:
    """An int when ``x`` is integral (``5``, not ``5.0``), else ``x`` to 6 significant digits."""
    x = float(x)
    if not math.isfinite(x):
        raise NotNumeric("a value is not finite")
    r = round(x)
    if abs(x - r) <= 1e-9 * max(1.0, abs(x)):
        return int(r)
    return float(f"{x:.6g}")


def matrix(value: np.ndarray, scalar: bool = False) -> Any:
    """A 2-D array as nested rows of numbers (a column vector ``[[13], [14]]``); a scalar as a number."""
    a = np.asarray(value, dtype=float)
    if scalar:
        return number(a.reshape(-1)[0])
    a = a.reshape(a.shape[0], -1) if a.ndim == 2 else a.reshape(-1, 1)
    return [[number(v) for v in row] for row in a]


# ---------------------------------------------------------------- worked example

def worked_example(problem, result) -> dict | None:
    """The result at the block's ``values``: ``{"given", "f"?, "result"?, "chain"?}``, or None.

    ``f`` is present when every free name of f has a value, ``result`` when every
    name the result needs has one, ``chain`` for a gradient through one ``where``
    name when everything it needs has a value (see ``chain_rule``).

    Raises:
        MatDerivError: the chain rule, worked in numbers, disagrees with the general result.
    """
    if not problem.values:
        return None
    arrays = {name: np.asarray(v, dtype=float) for name, v in problem.values.items()}
    f = inline(problem.f, problem.where)
    shapes = _symbol_shapes(problem, f)
    out: dict[str, Any] = {"given": [
        {"name": name, "latex": latex_name(name),
         "matrix": matrix(as_2d(a, shapes.get(name, a.shape)), scalar=a.size == 1 and _scalar(shapes.get(name)))}
        for name, a in arrays.items()]}
    dims = _dims(problem, f, result, arrays)

    f_value = _try_evaluate(f, arrays, dims)
    if f_value is not None:
        out["f"] = {"latex": latex(problem.f), "matrix": matrix(f_value, problem.f.scalar)}
    r_value = _try_evaluate(result.value, arrays, dims)
    if r_value is not None:
        out["result"] = {"latex": latex(result.value), "matrix": matrix(r_value, result.value.scalar)}
        chain = chain_rule(problem, result, arrays, dims, r_value)
        if chain is not None:
            out["chain"] = chain
    return out


def chain_rule(problem, result, arrays: dict, dims: dict, general: np.ndarray) -> dict | None:
    """Seed 002's chain rule in numbers: ``∂f/∂W = vec(∂f/∂Z)ᵀ · ∂vec Z/∂vec W``, reshaped.

    Applies to a gradient whose f depends on the wrt ``W`` through exactly one
    ``where`` name ``Z`` (non-scalar, as is ``W``) used directly in f.

    Returns:
        ``{"via", "vec", "dfdZ", "row", "jacobian", "product", "gradient", "agrees"}``, or None.

    Raises:
        MatDerivError: the product differs from the general result evaluated.
    """
    w = result.wrt
    if result.kind != "gradient" or not problem.where or w.scalar:
        return None
    bindings = problem.where
    definitions = {name: e for name, e in bindings}
    through = []
    used = free_symbols(problem.f)
    if w in used:
        return None
    for s in used:
        if s in definitions:
            full = inline(definitions[s], bindings)
            if w in free_symbols(full):
                through.append((s, full))
    if len(through) != 1:
        return None
    z, z_def = through[0]
    if z.scalar:
        return None
    simplify = simplifier_for(problem)
    others = [(n, e) for n, e in bindings if n != z]
    f_of_z = inline(problem.f, others)
    try:
        grad_z = backward(f_of_z, [], [z], simplify).values[z]
        dz, _ = forward(z_def, [], w)
        jac, _ = _jacobian(dz, w, problem.vec, simplify, z.shape)
    except (MatDerivError, KeyError, StopIteration, AttributeError, TypeError):
        return None
    order = "F" if problem.vec == "column" else "C"
    dfdz = _try_evaluate(inline(grad_z, bindings), arrays, dims)
    jac_value = _try_evaluate(jac, arrays, dims)
    if dfdz is None or jac_value is None:
        return None
    row = dfdz.reshape(1, -1, order=order)
    if jac_value.shape != (row.shape[1], general.size):
        return None
    product = row @ jac_value
    gradient = product.reshape(general.shape, order=order)
    agrees = np.allclose(gradient, general, rtol=1e-9, atol=1e-9 * max(1.0, float(np.max(np.abs(general)))))
    if not agrees:
        raise MatDerivError(
            _ENGINE_FAILED + "the worked example does not match the general result "
            f"(the chain rule through {z.name} in numbers gives {matrix(gradient)}, the gradient "
            f"with respect to {w.name} evaluated gives {matrix(general)}); nothing was published "
            "— please report this block")
    vec = r"\operatorname{vec}" if problem.vec == "column" else r"\operatorname{vec}_{r}"
    return {
        "via": latex_name(z.name),
        "vec": problem.vec,
        "dfdZ": {"latex": latex(simplify(grad_z)),
                 "lhs": rf"\frac{{\partial {latex_name(objective_name(f_of_z))}}}{{\partial {latex_name(z.name)}}}",
                 "matrix": matrix(dfdz)},
        "row": matrix(row),
        "jacobian": {"latex": latex(jac), "lhs": rf"\frac{{\partial {vec} {latex_name(z.name)}}}"
                     rf"{{\partial {vec} {latex_name(w.name)}}}", "matrix": matrix(jac_value)},
        "product": matrix(product),
        "gradient": matrix(gradient),
        "agrees": True,
    }


def _scalar(shape) -> bool:
    return shape is None or (shape[0] == 1 and shape[1] == 1)


def _symbol_shapes(problem, f: Expr) -> dict:
    shapes = {s.name: s.shape for s in free_symbols(f)}
    for name, e in problem.where:
        shapes.setdefault(name.name, name.shape)
        for s in free_symbols(e):
            shapes.setdefault(s.name, s.shape)
    return shapes


def _dims(problem, f: Expr, result, arrays: dict) -> dict[str, int]:
    """Sizes of the symbolic dimensions, from the arrays given for the symbols that have them."""
    dims: dict[str, int] = {}
    exprs = [f, result.value] + [e for _, e in problem.where] + [s for s, _ in problem.where]
    for e in exprs:
        for node in e.walk():
            if isinstance(node, Sym) and node.name in arrays:
                value = as_2d(arrays[node.name], node.shape)
                for d, size in zip(node.shape, value.shape):
                    if isinstance(d, str):
                        dims.setdefault(d, int(size))
    return dims


MAX_WORKED_ENTRIES = 2500
"""Entries of one worked matrix (a 50x50 gradient); a larger one (a big Jacobian) is left out."""


def _try_evaluate(expr: Expr, arrays: dict, dims: dict) -> np.ndarray | None:
    """The value of ``expr``, or None when a name or a size has no value (or it is abstract),
    or it has more than ``MAX_WORKED_ENTRIES`` entries."""
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


# ---------------------------------------------------------------- entry-by-entry expansion

class Expansion:
    """The SymPy objects of an expansion (``expansion`` turns them into LaTeX)."""

    def __init__(self, size, f, wrt, entries, general, symbols, proof="symbolic") -> None:
        self.size = size            # (r, c)
        self.f = f                  # ImmutableMatrix: f written out (1x1 for a scalar f), collected
        self.wrt = wrt              # ImmutableMatrix of the wrt's entry symbols
        self.entries = entries      # the entry-by-entry derivative
        self.general = general      # the general result at that size
        self.symbols = symbols      # [(Sym, ImmutableMatrix)] every free name, written out
        self.proof = proof          # "symbolic" (SymPy simplified every difference to 0) | "numeric"


def expansion_sizes(problem, result, f: Expr) -> dict[str, int]:
    """Every symbolic dimension -> r; the wrt's column dimension -> c when it is symbolic."""
    r, c = problem.expand
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


EXPANSION_SECONDS = 6.0
"""Time an expansion may take; past it the expansion is omitted (the block still builds)."""
MAX_EXPANSION_ENTRIES = 256
"""Entries of the entry-by-entry derivative (a 16x16 Jacobian); more are omitted."""
MAX_EXPANSION_OPS = 5000
"""SymPy operations in f and the general result written out; more are omitted."""
MAX_EXPANSION_LATEX = 40_000
"""Characters of LaTeX an expansion may publish."""


class TooBig(Exception):
    """The expansion would be too long to read or to compute: it is omitted."""


class _Budget:
    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def tick(self) -> None:
        check_deadline()                      # the block's own budget (raises BlockTimeout)
        if time.monotonic() > self.deadline:
            raise TooBig("it takes too long to write out")


def _ops(m: sp.MatrixBase) -> int:
    return sum(sp.count_ops(e) for e in m)


def expand_problem(problem, result, seconds: float = EXPANSION_SECONDS) -> Expansion | None:
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
    sizes = expansion_sizes(problem, result, f)
    given = {name: np.asarray(v, dtype=float) for name, v in (problem.values or {}).items() if name != result.wrt.name}
    sizes.update(_dims(problem, f, result, given))        # the given numbers fix their sizes
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
            proofs.append(_same(a, b))
    if None in proofs:
        raise MatDerivError(
            _ENGINE_FAILED + f"the entry-by-entry expansion at {size} does not agree with the "
            f"general result; nothing was published — please report this block")
    symbols = []
    for s in free_symbols(f):
        symbols.append((s, to_sympy(s, sizes, taken, symmetric).xreplace(numbers)))

    def tidy(m):
        budget.tick()
        return sp.ImmutableMatrix(m).applyfunc(lambda e: collect_by(e, w_entries))

    proof = "symbolic" if all(p == "symbolic" for p in proofs) else "numeric"
    return Expansion(problem.expand, tidy(F), W, tidy(entries), tidy(general), symbols, proof)


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


def expansion(problem, result) -> dict | None:
    """The entry-by-entry cross-check as LaTeX strings, or None (no ``expand``, or abstract functions).

    ``{"size", "symbols", "wrt", "f", "entries", "general", "agrees", "proof"}``: ``f`` is
    f written out in entries (a matrix for a matrix-valued f), ``entries`` the derivative
    taken entry by entry (in the result's shape: the gradient in the wrt's shape, the
    Jacobian with rows ``vec F`` and columns ``vec X`` in the block's ``vec`` order and
    ``layout``), ``general`` the general result at that size.  When that is too long to
    compute or to read: ``{"size", "omitted"}`` (a sentence saying why).

    Raises:
        MatDerivError: the two disagree (the engine failed; nothing is published).
    """
    if problem.expand is None:
        return None
    r, c = problem.expand
    size = f"{r}x{c}"
    try:
        found = expand_problem(problem, result)
        if found is None:
            return None
        gens = list(found.wrt)
        out = {
            "size": size,
            "symbols": [{"latex": latex_name(s.name), "matrix": _tex(m)} for s, m in found.symbols],
            "wrt": {"latex": latex_name(result.wrt.name), "matrix": _tex(found.wrt)},
            "f": _tex(found.f, gens),
            "entries": _tex(found.entries, gens),
            "general": _tex(found.general, gens),
            "agrees": True,
            "proof": found.proof,
        }
    except TooBig as exc:
        return {"size": size, "omitted": f"not written out at {size}: {exc}; try a smaller size"}
    if sum(len(v) for v in (out["f"], out["entries"], out["general"])) > MAX_EXPANSION_LATEX:
        return {"size": size, "omitted": f"not written out at {size}: the entries are too long "
                                         "to read; try a smaller size"}
    return out


def collect_by(e, variables: list) -> sp.Expr:
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


def _same(a, b) -> str | None:
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


def _tex(m: sp.MatrixBase, gens: list | None = None) -> str:
    """A 1x1 as its entry, otherwise ``\\begin{bmatrix} … \\end{bmatrix}``; entries via ``entry_latex``."""
    if m.shape == (1, 1):
        return entry_latex(m[0, 0], gens)
    rows = [" & ".join(entry_latex(m[i, j], gens) for j in range(m.shape[1])) for i in range(m.shape[0])]
    return "\\begin{bmatrix} " + " \\\\ ".join(rows) + " \\end{bmatrix}"


def _latex(e) -> str:
    return sp.latex(e, ln_notation=True)


def entry_latex(e, gens: list | None = None) -> str:
    """LaTeX of one entry; a polynomial in ``gens`` reads as a hand calculation writes it:
    monomials in order (``x_{1}^{2}``, ``x_{1} x_{2}``, ``x_{2}^{2}``), each after its
    coefficient: ``a_{11} x_{1}^{2} + \\left(a_{12} + a_{21}\\right) x_{1} x_{2} + a_{22} x_{2}^{2}``.
    """
    present = [g for g in (gens or []) if e.has(g)]
    if not present or not e.is_polynomial(*present):
        return _latex(e)
    try:
        poly = sp.Poly(e, *present)
    except sp.PolynomialError:
        return _latex(e)
    out = ""
    for monom, coeff in poly.terms():
        coeff = sp.factor(coeff.as_expr() if hasattr(coeff, "as_expr") else coeff)
        mono = sp.Mul(*[g ** k for g, k in zip(present, monom)])
        negative = coeff.could_extract_minus_sign()
        if negative:
            coeff = -coeff
        if mono == 1:
            body = _latex(coeff)
        elif coeff == 1:
            body = _latex(mono)
        elif isinstance(coeff, sp.Add):
            body = rf"\left({_latex(coeff)}\right) {_latex(mono)}"
        else:
            body = f"{_latex(coeff)} {_latex(mono)}"
        if not out:
            out = f"- {body}" if negative else body
        else:
            out += f" - {body}" if negative else f" + {body}"
    return out or "0"


# ---------------------------------------------------------------- the hook

def attach(problem, result) -> None:
    """Store ``worked`` and ``expansion`` in ``result.extras`` where the block asks for them.

    A disagreement with the general result raises ``MatDerivError`` (and so does the
    block's time budget, ``BlockTimeout``).  An extra that merely cannot be computed
    (a size SymPy or NumPy refuses, a singular matrix) is left out: the derivation
    itself is still published.
    """
    for key, make in (("worked", worked_example), ("expansion", expansion)):
        try:
            value = make(problem, result)
        except MatDerivError:
            raise
        except (NotExplicit, NotNumeric, ArithmeticError, ValueError, TypeError,
                np.linalg.LinAlgError, sp.SympifyError):
            continue
        if value is not None:
            result.extras[key] = value


__all__ = ["attach", "chain_rule", "collect_by", "expand_problem", "expansion", "matrix", "number",
           "worked_example"]
