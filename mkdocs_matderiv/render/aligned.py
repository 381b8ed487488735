"""Rows of equations as LaTeX: ``aligned`` blocks, rule names as ``\\text{…}``, long lines broken.

Markdown (``$$ … $$``) and the LaTeX document share these; the HTML page lays
its steps out itself (``render.targets.html``), so that rule names wrap as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

NOTE_COLUMN_WIDTH = 45
"""Rows up to this many visible characters get their rule in a column of its own; longer
derivations put each rule right after its row, so that it stays on screen."""

BREAK_WIDTH = 48
"""A right-hand side longer than this many visible characters is broken into continuation
lines before a top-level ``+`` or ``-`` (about the width of an A4 text column in 10 pt)."""


def aligned(lines: Iterable[tuple[str | None, str, str | None]]) -> str:
    """``\\begin{aligned} lhs &= rhs && \\text{rule} \\\\ … \\end{aligned}``.

    A row whose ``lhs`` is None continues the right-hand side above it (``&\\quad + …``).
    """
    lines = list(lines)
    widest = max((visible_length((lhs or "") + rhs) for lhs, rhs, _ in lines), default=0)
    sep = " && " if widest <= NOTE_COLUMN_WIDTH else " \\qquad "
    rows = []
    for lhs, rhs, rule in lines:
        row = f"{lhs} &= {rhs}" if lhs is not None else f"&\\quad {rhs}"
        if rule:
            row += sep + text_note(rule)
        rows.append(row)
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"


_ZERO_WIDTH = re.compile(r"\\(?:left|right|operatorname|frac|mathbb|mathrm|text|boxed)\b|[{}^_\s]")


def visible_length(tex: str) -> int:
    """A rough count of the glyphs a formula shows: a symbol command is one, braces none."""
    return len(re.sub(r"\\[A-Za-z]+", "#", _ZERO_WIDTH.sub("", tex)))


def math_words(words: str) -> list[tuple[str, bool]]:
    """A rule's words (math between ``$…$``, as ``engine.rules`` writes it) split into plain
    text and formulas, in order: ``(piece, is_math)``."""
    pieces = words.split("$")
    return [(piece, i % 2 == 1) for i, piece in enumerate(pieces) if piece]


def text_note(words: str) -> str:
    """Words for LaTeX and MathJax alike: the text in ``\\text{…}``, each formula as math beside
    it (never math inside ``\\text``)."""
    out = []
    for piece, is_math in math_words(words):
        if is_math:
            out.append(piece)
        else:
            body = piece.replace("—", "-").replace("&", "and").replace("%", r"\%").replace("#", r"\#")
            out.append(f"\\text{{{body}}}")
    return "".join(out)


_TOKEN = re.compile(r"\\left\b|\\right\b|\\[A-Za-z]+|\\.|[{}]| [+-] |.", re.S)


def top_level_terms(tex: str) -> list[str]:
    """``a + b\\left(c + d\\right) - e`` → ``["a", "+ b\\left(c + d\\right)", "- e"]``.

    Splits before each ``+`` or ``-`` that stands outside every brace and every
    ``\\left … \\right`` pair (the printer writes binary signs with a space each side).
    """
    terms: list[str] = []
    current: list[str] = []
    depth = 0
    for tok in _TOKEN.findall(tex):
        if tok in ("{", "\\left"):
            depth += 1
        elif tok in ("}", "\\right"):
            depth -= 1
        elif depth == 0 and tok in (" + ", " - ") and current:
            terms.append("".join(current).strip())
            current = [tok.strip() + " "]
            continue
        current.append(tok)
    terms.append("".join(current).strip())
    return [t for t in terms if t]


def broken(rhs: str, width: int = BREAK_WIDTH) -> list[str]:
    """A right-hand side as the lines it is set on: one line, or several each starting
    with its sign, broken before top-level ``+``/``-`` so that no line is much over ``width``."""
    if visible_length(rhs) <= width:
        return [rhs]
    lines: list[str] = []
    for term in top_level_terms(rhs):
        if lines and visible_length(lines[-1] + term) <= width:
            lines[-1] += " " + term
        else:
            lines.append(term)
    return lines
