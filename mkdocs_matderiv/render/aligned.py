"""Rows of equations as LaTeX: ``aligned`` blocks, rule names as ``\\text{…}``, long lines broken.

Markdown (``$$ … $$``) and the LaTeX document share these; the HTML page lays
its steps out itself (``render.html``), so that rule names wrap as text.
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


_MATHISH = re.compile(r"\S*[\\^_{}]\S*")


def math_words(words: str) -> list[tuple[str, bool]]:
    """A rule's words split into plain text and formula-like words (``X^{-1}``, ``A^T``), in order:
    ``(piece, is_math)``; a formula's trailing ``:,.`` stays text."""
    out: list[tuple[str, bool]] = []
    last = 0
    for m in _MATHISH.finditer(words):
        formula = m.group(0).rstrip(":,.")
        out += [(words[last:m.start()], False), (formula, True), (m.group(0)[len(formula):], False)]
        last = m.end()
    out.append((words[last:], False))
    return [(piece, is_math) for piece, is_math in out if piece]


_UNICODE_TEX = {"⁻¹": "^{-1}", "ᵀ": "^{T}", "²": "^{2}", "³": "^{3}", "⁴": "^{4}", "ᵏ": "^{k}",
                "⁻": "^{-}", "¹": "^{1}", "ᵢ": "_{i}", "ⱼ": "_{j}", "ₖ": "_{k}", "₁": "_{1}", "₂": "_{2}",
                "⊗": "\\otimes ", "⊙": "\\odot ", "⊘": "\\oslash ", "∂": "\\partial ", "𝟏": "\\mathbf{1}",
                "σ": "\\sigma ", "α": "\\alpha ", "λ": "\\lambda ", "Σ": "\\Sigma ", "·": "\\cdot ",
                "×": "\\times ", "→": "\\to ", "‖": "\\|", "…": "\\dots ", "½": "\\tfrac{1}{2}"}
_UNICODE = re.compile("|".join(sorted(map(re.escape, _UNICODE_TEX), key=len, reverse=True)))


def _ascii_text(text: str) -> str:
    """Plain words with the Unicode symbols rule names use (``XᵀX``, ``d²X``) as inline math,
    which pdflatex reads and MathJax shows the same."""
    return _UNICODE.sub(lambda m: f"${_UNICODE_TEX[m.group(0)].rstrip()}$", text).replace("—", "-")


def text_note(words: str) -> str:
    """Words as ``\\text{…}`` for LaTeX and MathJax alike; formula-like words become ``$…$``."""
    body = "".join(f"${piece}$" if is_math else _ascii_text(piece) for piece, is_math in math_words(words))
    body = body.replace("&", "and").replace("%", r"\%").replace("#", r"\#")
    return f"\\text{{{body}}}"


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
