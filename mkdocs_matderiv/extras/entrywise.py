"""``method: entries``: the derivation entry by entry at the size ``expand`` gives, as seed 002
differentiates ``F(A) = 2 sum(A)`` (``2a₁₁ + 2a₁₂ + … + 2a₂₃``, each ``∂F/∂aᵢⱼ = 2``, the matrix
of 2s) and seed 001's hint works ``Ax`` out with entries ``α₁ … α₄`` to end in ``Aᵀ``.

The matrices are written in their entries (the author's names from ``entries:``, else
``a₁₁, a₁₂, …``), f is multiplied out by SymPy from the tree (no text is parsed), each entry
differentiated, and the matrix of partial derivatives assembled.  It must equal the general
result at that size (SymPy simplifies every difference to 0) before the derivation closes in
the general form, which is the value published and checked numerically as every result is.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from mkdocs_matderiv.derivation import Result, Step
from mkdocs_matderiv.engine.chain import inline, objective
from mkdocs_matderiv.errors import ENGINE_FAILED, MatDerivError, quoted
from mkdocs_matderiv.extras.expand import expansion_sizes
from mkdocs_matderiv.extras.explicit import NotExplicit, symbol_matrix, to_sympy
from mkdocs_matderiv.language.names import canonical_name
from mkdocs_matderiv.tree import (
    SCALAR, Diff, Entries, Entry, Expr, Grad, Sym, Tr, add, free_symbols, is_vector, mul, num, substitute,
    transpose,
)
from mkdocs_matderiv.tree import Pow as PowNode

MAX_ENTRIES = 36
"""Entries of the variable (and of f) written out; more is no longer a page to read."""


def entrywise(problem, result: Result) -> None:
    """Replace the steps of ``result`` by the entry-by-entry derivation at ``problem.expand``,
    ending in the general result (its value is kept)."""
    if problem.expand is None:
        raise MatDerivError("entries works entry by entry at a size: give expand: (such as "
                            "2x3)", key="method")
    if result.kind not in ("gradient", "jacobian") or result.named is not None and _abstract(result):
        raise MatDerivError("entries gives a gradient or a Jacobian of f written out in its "
                            "entries", key="method")
    f = inline(problem.f, problem.where)
    w = result.wrt
    if result.kind == "jacobian" and not (is_vector(f.shape) and is_vector(w.shape)):
        raise MatDerivError("entries writes a Jacobian out for a vector f and a vector "
                            "variable; vectorise a matrix first (vec)", key="method")
    sizes = expansion_sizes(problem.expand, result, f)
    symbols = list(dict.fromkeys([*free_symbols(f), w]))
    taken = frozenset(s.name for s in symbols)
    named = {s: _entry_matrix(s, sizes, taken, problem.entries, problem.values) for s in symbols}
    try:
        written = to_sympy(f, sizes, taken).xreplace(_renames(symbols, sizes, taken, named))
        general = to_sympy(result.value, sizes, taken).xreplace(_renames(symbols, sizes, taken, named))
    except NotExplicit as exc:
        raise MatDerivError(f"entries writes f out in its entries, and this f cannot be "
                            f"({exc}); use method: differential", key="method") from exc
    variable = named[w]
    if variable.rows * variable.cols > MAX_ENTRIES or written.rows * written.cols > MAX_ENTRIES:
        raise MatDerivError(f"entries would write out more than {MAX_ENTRIES} entries; give "
                            "a smaller expand:", key="method")
    of = objective(problem)
    steps: list[Step] = []
    lhs = Sym(of, f.shape)
    shown = substitute(f, {s: _tree_matrix(named[s]) for s in symbols if not s.scalar})
    if shown != f:
        steps.append(Step(lhs, shown, "entries.substitute"))
    f_entries = written.applyfunc(sp.expand)
    steps.append(Step(None if steps else lhs, _tree_matrix(f_entries), "entries.written"))
    if result.kind == "gradient":
        partials = variable.applyfunc(lambda e: sp.diff(f_entries[0, 0], e))
        for i in range(variable.rows):
            for j in range(variable.cols):
                steps.append(Step(Grad(of, _sym(variable[i, j]), SCALAR), _tree(partials[i, j]),
                                  "entries.partial"))
        symbolic = Entries(tuple(tuple(Grad(of, _sym(variable[i, j]), SCALAR) for j in range(variable.cols))
                                 for i in range(variable.rows)))
        found = partials
    else:
        rows = [[sp.diff(f_entries[i, 0], variable[j, 0]) for j in range(variable.rows)]
                for i in range(f_entries.rows)]
        found = sp.ImmutableMatrix(rows)
        grads = [[Grad(f"{of}_{i + 1}", _sym(variable[j, 0]), SCALAR) for j in range(variable.rows)]
                 for i in range(f_entries.rows)]
        if problem.layout == "denominator":
            found, grads = found.T, [list(c) for c in zip(*grads)]
        symbolic = Entries(tuple(tuple(row) for row in grads))
    assemble = "entries.assemble" if result.kind == "gradient" else "entries.jacobian"
    steps.append(Step(Grad(of, w, result.value.shape), symbolic, assemble))
    steps.append(Step(None, _tree_matrix(found), assemble))
    if found.shape != general.shape or any(sp.simplify(a - b) != 0 for a, b in zip(found, general)):
        raise MatDerivError(f"{ENGINE_FAILED}the entry-by-entry derivative differs from the general "
                            "result at this size; nothing was published — please report this block")
    steps.append(Step(None, result.value, "entries.closed"))
    result.steps, result.shared, result.recursion = steps, 0, []


def core_relation(problem, result: Result) -> None:
    """Seed 003 §2.1.3 for an abstract scalar ``f(X)`` at the ``expand`` size: ``df = Σ ∂f/∂Xᵢⱼ dXᵢⱼ``
    (24), the matrices ``∂f/∂X`` (25) and ``dX`` (26), the product ``∂fᵀ/∂X dX`` written out (27)
    and its trace (28), which is ``df``: the core relation checked entry by entry."""
    w, of = result.wrt, objective(problem)
    if problem.expand is None or result.kind != "gradient" or w.scalar or \
            result.value != Grad(of, w, w.shape):
        return
    rows, cols = (d if isinstance(d, int) else e for d, e in zip(w.shape, problem.expand))
    if rows * cols > MAX_ENTRIES:
        return
    x: list[list[Expr]] = [[Sym(f"{w.name}_{i + 1}{j + 1}") if "^" not in w.name else Entry(w, i, j)
                            for j in range(cols)] for i in range(rows)]      # X_{11}, as the post writes
    g = [[Grad(of, x[i][j], SCALAR) for j in range(cols)] for i in range(rows)]
    dx = [[Diff(x[i][j]) for j in range(cols)] for i in range(rows)]
    total = add(*(mul(g[i][j], dx[i][j]) for i in range(rows) for j in range(cols)))
    product = [[add(*(mul(g[k][i], dx[k][j]) for k in range(rows))) for j in range(cols)] for i in range(cols)]
    gradient = Entries(tuple(tuple(row) for row in g))
    result.steps += [
        Step(Diff(Sym(of)), total, "core.entries"),
        Step(Grad(of, w, w.shape), gradient, "entries.assemble"),
        Step(Diff(w), Entries(tuple(tuple(row) for row in dx)), "core.differentials"),
        Step(mul(transpose(Grad(of, w, w.shape)), Diff(w)), Entries(tuple(tuple(row) for row in product)),
             "core.product"),
        Step(Tr(mul(transpose(Grad(of, w, w.shape)), Diff(w))), total, "core.trace"),   # (28), = df
    ]
    result.value = gradient


def _abstract(result: Result) -> bool:
    return any(isinstance(n, Grad) for n in result.value.walk())


def _entry_matrix(s: Sym, sizes: dict, taken: frozenset, given: dict, values: dict) -> sp.ImmutableMatrix:
    """The entries of ``s``: its numbers (``values:``, as seed 002 writes ``A`` and ``B``), the
    author's names (``entries:``), else ``a₁₁, a₁₂, …``."""
    default = symbol_matrix(s, sizes, taken)
    if s.name in values:
        arr = values[s.name]
        if arr.shape != default.shape:
            raise MatDerivError(f"the values of '{s.name}' are {arr.shape[0]}×{arr.shape[1]}, but "
                                f"expand: writes it out {default.rows}×{default.cols}", key="expand")
        return sp.ImmutableMatrix([[sp.nsimplify(float(v), rational=True) for v in row] for row in arr])
    grid = given.get(s.name)
    if grid is None:
        return default
    if (len(grid), len(grid[0])) != default.shape:
        raise MatDerivError(f"'{s.name}' lists {len(grid)}×{len(grid[0])} entries, but expand: "
                            f"writes it out {default.rows}×{default.cols}", key=f"entries.{s.name}")
    return sp.ImmutableMatrix([[sp.Symbol(e, real=True) for e in row] for row in grid])


def _renames(symbols: list[Sym], sizes: dict, taken: frozenset, named: dict) -> dict:
    """The default entry symbols ``to_sympy`` uses -> the names shown."""
    out = {}
    for s in symbols:
        default = symbol_matrix(s, sizes, taken)
        out.update({a: b for a, b in zip(default, named[s]) if a != b})
    return out


def _sym(e: sp.Symbol) -> Sym:
    return Sym(canonical_name(e.name) or e.name, SCALAR)


def _tree_matrix(m: sp.MatrixBase) -> Expr:
    """A SymPy matrix as a tree: a 1×1 one as its entry, else an ``Entries`` node."""
    if m.shape == (1, 1):
        return _tree(m[0, 0])
    return Entries(tuple(tuple(_tree(m[i, j]) for j in range(m.cols)) for i in range(m.rows)))


def _tree(e: sp.Expr) -> Expr:
    """A polynomial (or rational) SymPy expression in entry symbols as a tree."""
    if isinstance(e, sp.Symbol):
        return _sym(e)
    if isinstance(e, sp.Rational):
        return num(Fraction(int(e.p), int(e.q)))
    if isinstance(e, sp.Add):
        return add(*(_tree(a) for a in _ordered(e)))
    if isinstance(e, sp.Mul):
        return mul(*(_tree(a) for a in e.args))
    if isinstance(e, sp.Pow) and isinstance(e.exp, sp.Rational):
        return PowNode(_tree(e.base), num(Fraction(int(e.exp.p), int(e.exp.q))))
    raise MatDerivError(f"entries writes f out as a polynomial in its entries; "
                        f"'{quoted(sp.sstr(e), 60)}' is not one; use method: differential", key="method")


def _ordered(e: sp.Add) -> list:
    """The terms in the order of the entries they hold (``2a₁₁ + 2a₁₂ + …``), the constant last."""
    def key(term):
        names = sorted(s.name for s in term.free_symbols)
        return (not names, names)
    return sorted(e.args, key=key)

