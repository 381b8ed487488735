"""Every line a reader is shown is a true equality: its two sides agree at random points (the
numeric check checks results; this checks what the presentation stage made of the steps)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mkdocs_matderiv import derive
from mkdocs_matderiv.check.numeric import NotNumeric, draw_dims, random_inputs, symbol_usage
from mkdocs_matderiv.front.fences import find_blocks
from mkdocs_matderiv.present import Line, present
from mkdocs_matderiv.present.shorthand import written_out
from mkdocs_matderiv.render.latex import latex
from mkdocs_matderiv.tree import Diff, Entries, Entry, Expr, Sym, free_symbols, substitute
from holds import value

ROOT = Path(__file__).parents[2]
PAGES = ["gallery.md", "second-derivatives.md", "guide.md", "seeds/art-of-matrix-derivative.md",
         "seeds/derivative-wrt-matrix.md"]


def blocks() -> list[tuple[str, str]]:
    return [(f"{page}:{b.line}", b.body) for page in PAGES
            for b in find_blocks((ROOT / "docs" / page).read_text(encoding="utf-8"))]


def in_problem_names(e: Expr, where: list[tuple[Sym, Expr]]) -> Expr:
    """``e`` with each ``where`` name (and its differential) replaced by its definition."""
    for name, definition in reversed(where):
        e = substitute(e, {name: definition, Diff(name): Diff(definition)})
    return e


def sides(lines: list[Line]) -> list[tuple[Expr, Expr]]:
    """The equalities the lines claim: each line's two sides, a continuation against the line above.

    Not checked here: a line that holds only in the limit (``method: increment`` drops the terms
    of second order in dX) and a line in entries (``x_1`` is a name of its own to NumPy)."""
    out, previous = [], None
    for line in lines:
        left = line.lhs if line.lhs is not None else previous
        if left is not None and "inc.first_order" not in line.keys and not _in_entries(left, line.rhs):
            out.append((left, line.rhs))
        previous = line.rhs
    return out


def _in_entries(*exprs: Expr) -> bool:
    return any(isinstance(n, (Entries, Entry)) for e in exprs for n in e.walk())


@pytest.mark.parametrize(("where", "body"), blocks())
def test_every_presented_line_holds(where, body):
    d = derive(body)
    where_ = d.problem.where or []
    defs = [(n if isinstance(n, Sym) else Sym(str(n), e.shape), e)
            for n, e in (where_.items() if isinstance(where_, dict) else where_)]
    rng = np.random.default_rng(7)
    wrong: list[str] = []
    for r in d.results:
        shown = present(r, taken={"f"})
        claims = [(in_problem_names(written_out(a, shown.shorthand), defs),
                   in_problem_names(written_out(b, shown.shorthand), defs)) for a, b in sides(shown.lines)]
        wrong += false_claims(claims, d.problem.assume, r.wrt.name, rng)
        for lemma in shown.lemmas:             # an identity: true in every direction of every name
            names = list(lemma.where)
            claims = [(in_problem_names(a, names), in_problem_names(b, names)) for a, b in sides(list(lemma.proof))]
            wrong += false_claims(claims, {}, None, rng)
    assert wrong == []


def false_claims(claims: list[tuple[Expr, Expr]], assume: dict, wrt: str | None,
                 rng: np.random.Generator) -> list[str]:
    """The claims whose two sides differ at a random point (differentials along a random
    direction of ``wrt``, of every name where ``wrt`` is None)."""
    symbols = list(dict.fromkeys(s for pair in claims for e in pair for s in free_symbols(e)))
    dims = dict.fromkeys(draw_dims(symbols, {}, rng), 3)    # square: XᵀAX invertible
    usage: dict[str, set[str]] = {}
    for pair in claims:
        for e in pair:
            for k, v in symbol_usage(e).items():
                usage.setdefault(k, set()).update(v)
    arrays = random_inputs(symbols, dims, assume, rng, usage)
    directions = {k: rng.standard_normal(v.shape) for k, v in arrays.items() if wrt is None or k == wrt}
    wrong = []
    for a, b in claims:
        try:
            left, right = value(a, arrays, directions, dims), value(b, arrays, directions, dims)
        except (NotNumeric, KeyError, ValueError):
            continue
        if not (np.all(np.isfinite(left)) and np.all(np.isfinite(right))):
            continue                          # outside the domain at this draw (a singular XᵀAX)
        scale = max(1.0, float(np.max(np.abs(right))) if right.size else 1.0)
        if left.shape != right.shape and left.size == right.size == 1:
            left, right = left.reshape(1, 1), right.reshape(1, 1)
        if left.shape != right.shape or float(np.max(np.abs(left - right))) > 1e-4 * scale:
            wrong.append(f"{latex(a)} = {latex(b)}")
    return wrong
