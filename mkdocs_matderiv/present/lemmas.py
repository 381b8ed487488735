"""Identities proved on the way, set apart: proved once as a numbered lemma, cited "by (1)".

The engine proves rule (5) where it first needs it, inside the chain (``0 = d(X X⁻¹) = …``,
then ``dX⁻¹ = −X⁻¹ dX X⁻¹``, then the chain goes on).  A reader sees the proof once, for a
generic matrix, and each use cites its number (seed 000: "we use the following identity …
(1); the proof will be provided later").
"""

from __future__ import annotations

from collections.abc import Sequence

from mkdocs_matderiv.present.model import Cite, Fact, Lemma, Line
from mkdocs_matderiv.tree import Diff, Expr, Inv, Sym, substitute

PROOFS = {"d.inverse": ("d.inverse_identity", "d.inverse_proof")}
"""A rule whose proof the engine writes into the chain: the rules of its first and last line."""


def cite_words(number: int) -> str:
    return f"by ({number})"


def set_apart(lines: Sequence[Line], numbers: dict[str, int]) -> tuple[list[Line], list[Lemma]]:
    """The lines without the proofs written into them, the lemmas those proofs prove, and each
    use of a proved rule citing its lemma.  ``numbers`` holds the lemmas already given on the
    page (rule key → number); new ones are added to it and returned, old ones only cited."""
    out: list[Line] = []
    lemmas: list[Lemma] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        found = _proof(lines, i)
        if found is not None:
            key, end = found
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                lemmas.append(_lemma(key, numbers[key], lines[i:end + 1]))
            i = end + 1
            continue
        out.append(Line(line.lhs, line.rhs, tuple(
            Cite(c.key, words=cite_words(numbers[c.key])) if c.key in numbers and c.words is None else c
            for c in line.cites)))
        i += 1
    return out, lemmas


def _proof(lines: Sequence[Line], start: int) -> tuple[str, int] | None:
    """``(rule key, index of the proof's last line)`` where a proof starts at ``start``."""
    for key, (first, last) in PROOFS.items():
        if first in lines[start].keys:
            for j in range(start + 1, len(lines)):
                if last in lines[j].keys:
                    return key, j
    return None


def _lemma(key: str, number: int, proof: Sequence[Line]) -> Lemma:
    """The proof for a generic matrix ``X`` where the engine wrote it for ``(A + tB)``."""
    stated = proof[-1]
    assert stated.lhs is not None
    generic: dict[Expr, Expr] = {}
    if isinstance(stated.lhs, Diff) and isinstance(stated.lhs.of, Inv) and not isinstance(stated.lhs.of.arg, Sym):
        matrix = stated.lhs.of.arg
        generic = {matrix: Sym("X", matrix.shape), Diff(matrix): Diff(Sym("X", matrix.shape))}

    def general(e: Expr) -> Expr:
        return substitute(e, generic) if generic else e

    lines = tuple(Line(None if x.lhs is None else general(x.lhs), general(x.rhs), x.cites) for x in proof)
    return Lemma(key, number, Fact(general(stated.lhs), general(stated.rhs)), lines)
