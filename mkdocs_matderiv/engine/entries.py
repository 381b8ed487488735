"""Gradients assembled entry by entry (``entries:``), as seed 000 opens: ``y = x₁² + 3x₂⁴``
gives ``∂y/∂x = [2x₁; 12x₂³]``.

``f`` is written in scalar entry names; each partial derivative is the derivative with
respect to one scalar, the other entries held constant (ordinary calculus, found by the
same engine as any scalar derivative), and the gradient is the vector or matrix of them,
in the places the block lists the entries.  For the numeric check and the NumPy code the
entries are read back out of the vector itself (``Entry`` nodes), so that the published
function takes ``x``, not ``x_1`` and ``x_2``.
"""

from __future__ import annotations

from mkdocs_matderiv.derivation import Result, Step
from mkdocs_matderiv.engine.chain import objective
from mkdocs_matderiv.tree import SCALAR, Entries, Entry, Expr, Grad, Sym, Zero, free_symbols


def entry_symbols(problem, w: Sym) -> list[Sym]:
    """The entries of ``w`` that occur in ``f`` (through ``where``), in the block's order."""
    used = {s.name for e in [problem.f, *(d for _, d in problem.where)] for s in free_symbols(e)}
    return [Sym(e) for row in problem.entries[w.name] for e in row if e in used]


def assemble(problem, w: Sym, partials: list[Result]) -> Result:
    """The gradient with respect to ``w`` from the gradients with respect to its entries."""
    grid, of = problem.entries[w.name], objective(problem)
    found = {r.wrt.name: r.value for r in partials}
    steps = [Step(Grad(of, Sym(e), SCALAR), found.get(e, Zero(SCALAR)), "entries.partial")
             for row in grid for e in row]
    value = Entries(tuple(tuple(found.get(e, Zero(SCALAR)) for e in row) for row in grid))
    symbolic = Entries(tuple(tuple(Grad(of, Sym(e), SCALAR) for e in row) for row in grid))
    steps.append(Step(Grad(of, w, w.shape), symbolic, "entries.assemble"))
    steps.append(Step(None, value, "entries.assemble"))
    return Result(wrt=w, kind="gradient", value=value, steps=steps)


def entry_map(problem, w: Sym) -> dict[Sym, Expr]:
    """Each entry name of ``w`` -> the entry of ``w`` it stands for (empty for a plain ``w``)."""
    grid = problem.entries.get(w.name, ())
    return {Sym(e): Entry(w, i, j) for i, row in enumerate(grid) for j, e in enumerate(row)}
