"""The presentation stage: a checked result in, what a reader is shown out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mkdocs_matderiv.derivation import Result
from mkdocs_matderiv.present.lemmas import known_identities, set_apart
from mkdocs_matderiv.present.lines import (canonical, continued, merged, read_offs_together, recognised, side_facts,
                                           step_lines, substitutions, tidied, without_no_change,
                                           without_restatement)
from mkdocs_matderiv.present.model import Cite, Presentation, Shorthand
from mkdocs_matderiv.present.shorthand import named
from mkdocs_matderiv.tree import Expr, free_symbols


def present(result: Result, *, shown: Expr | None = None, taken: Iterable[str] = (),
            lemmas: dict[str, int] | None = None, steps: bool = True,
            known: Sequence[Shorthand] = ()) -> Presentation:
    """What a teacher shows of ``result``.

    Parameters:
        result: a checked result; its steps past ``shared`` are shown.
        shown: the result as the block names it (``result.named`` along a ``where`` chain).
        taken: names a shorthand may not take (the problem's names, ``f``, its functions).
        lemmas: the lemmas already proved on the page (rule key → number); updated.
        steps: False where the block shows no steps (``steps: none``).
        known: the names an earlier result of the block gave (used first, not given again).
    """
    value = shown if shown is not None else (result.named if result.named is not None else result.value)
    numbers = lemmas if lemmas is not None else {}
    lines = step_lines(result.steps[result.shared:]) if steps else []
    lines, proved = set_apart(lines, numbers)
    lines, value, identities = known_identities(lines, value, numbers)
    proved += identities
    for apply in (side_facts, recognised, continued, without_restatement, tidied, without_no_change, merged,
                  substitutions):
        lines = apply(lines)
    closing: tuple[Cite, ...] = ()
    if lines and canonical(lines[-1].rhs) == canonical(value):
        last = lines.pop()
        closing = last.cites
    lines = read_offs_together(lines)
    names = set(taken) | {s.name for line in lines for e in (line.lhs, line.rhs) if e is not None
                          for s in free_symbols(e)}
    lines, boxed, shorthand = named(lines, value, names, known)
    return Presentation(lines, boxed, closing=closing,
                        written_out=result.value if result.named is not None else None,
                        lemmas=proved, shorthand=shorthand)
