"""Rows of equations as LaTeX: ``aligned`` blocks, rule labels, long lines broken.

Markdown (``$$ … $$``), Sphinx's LaTeX builder and the LaTeX document share these; the
HTML page sets each line as a display of its own (``render.targets.html``) from ``stacked``. Where
a line breaks is ``present.layout``'s decision; this module writes the result: a
continuation row ``&\\qquad {} + …`` (its sign keeps its binary spacing, it starts past
the ``=``), and the rule labels in a column of their own where every row leaves room for
them, else each under its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from mkdocs_matderiv.present.layout import (BESIDE, INDENT, NARROW, RELATION, WIDE, break_rhs, fits, hangs, items,
                                            split, widest)
from mkdocs_matderiv.present.layout import lines as broken_lines
from mkdocs_matderiv.present.measure import width

Row = tuple[str | None, str, str | None]
"""``(lhs, rhs, label)``: ``lhs`` None on a continuation row, ``""`` where the chain goes on."""

BOX = 0.7
"""Em ``\\boxed`` adds to a line (its padding and rules)."""

TABLE = 1.6
"""Em MathJax 4 wants around a table (``aligned``) beyond what it wants around a line before it
leaves it unbroken: a web page's ``aligned`` displays are set this much narrower."""

GROUP = 8
"""Steps a display holds where a target cannot break a display across pages."""

LABEL_GAP = 2.0
"""Em between the widest line and the column of rule labels (amsmath's gap between ``rl`` pairs)."""


def aligned(rows: Iterable[Row], line_width: float | None = None) -> str:
    """``\\begin{aligned} lhs &= rhs && \\text{label} \\\\ … \\end{aligned}``.

    A row whose ``lhs`` is None continues the right-hand side above it. The labels stand in
    a column of their own when every row and its label fit ``line_width`` em (or no width is
    given), else each label goes on rows of its own under its line, wrapped to the width.
    """
    rows = list(rows)
    lines = [f"{lhs} &= {rhs}" if lhs is not None else f"&{continuation(rhs)}" for lhs, rhs, _ in rows]
    labels = [text_note(label) for _, _, label in rows if label]
    under = line_width is not None and bool(labels) and (
        width("\\begin{aligned}" + " \\\\ ".join(lines) + "\\end{aligned}") + LABEL_GAP + widest(labels) > line_width)
    out = []
    for line, (_, _, label) in zip(lines, rows):
        if label and not under:
            line += " && " + text_note(label)
        out.append(line)
        if label and under and line_width is not None:
            room = line_width - widest([r[0] or "" for r in rows]) - INDENT
            out += [f"&\\qquad {text_note(piece)}" for piece in label_lines(f"({label})", room)]
    return "\\begin{aligned}\n" + " \\\\\n".join(out) + "\n\\end{aligned}"


def continuation(rhs: str) -> str:
    """A continuation line's cell: ``\\qquad`` past the ``=`` (after a ``\\hspace`` back to the
    margin where the left side hangs), a leading sign kept binary."""
    back, _, rhs = rhs.rpartition("em}") if rhs.startswith("\\hspace{-") else ("", "", rhs)
    back += "em} " if back else ""
    sign = rhs[:1] in "+-=" or rhs.startswith(("\\odot", "\\oslash", "\\otimes", "\\cdot", "\\times"))
    return f"{back}\\qquad {{}} {rhs}" if sign else f"{back}\\qquad {rhs}"


def broken_rows(rows: Sequence[Row], line_width: float) -> list[Row]:
    """The rows of an ``aligned`` block of ``line_width`` em with each long right-hand side on
    continuation rows (``lhs`` None), its label on its first row. Every row's ``=`` stands
    after the widest left-hand side, so that is what each line has left; where that side
    ``hangs``, continuation rows start back at the left margin."""
    left = widest([lhs or "" for lhs, _, _ in rows])
    back = f"\\hspace{{-{left + RELATION:.1f}em}}" if hangs(left, line_width) else ""
    out: list[Row] = []
    for lhs, rhs, label in rows:
        first, *rest = broken_lines(lhs or "", rhs, line_width, left) if lhs is not None else [rhs]
        out.append((lhs, first, label))
        out.extend((None, back + more, None) for more in rest)
    return out


def display(lhs: str, rhs: str, line_width: float) -> str:
    """``lhs = rhs`` as one display of ``line_width`` em: one line, or an ``aligned`` block
    with the continuation lines."""
    first, *rest = broken_lines(lhs, rhs, line_width)
    if not rest:
        return f"{lhs} = {rhs}"
    return aligned([(lhs, first, None)] + [(None, more, None) for more in rest])


def step_displays(left: str, rhs: str) -> tuple[list[str], list[str], bool]:
    """One step line ``left = rhs`` as the web page's displays, one a line: the wide layout's,
    the narrow one's, and whether the wide one takes the whole row (its label then goes under)."""
    one = f"{left} = {rhs}"
    size = width(one)
    wide = [one] if size <= WIDE else stacked(left, rhs, WIDE)
    narrow = [one] if size <= NARROW else stacked(left, rhs, NARROW)
    return wide, narrow, size > BESIDE


def stacked(lhs: str, rhs: str, line_width: float) -> list[str]:
    """``lhs = rhs`` broken to ``line_width`` em as one display a line, each continuation set
    past the ``=`` by an invisible copy of what stands before it (no table: MathJax 4 wants
    more room around a table than around a line before it leaves it unbroken)."""
    first, *rest = broken_lines(lhs, rhs, line_width)
    pad = "" if hangs(width(lhs), line_width) else f"\\hphantom{{{lhs}}} \\mathrel{{\\phantom{{=}}}} "
    line = f"{lhs} = {first}"
    if not fits(line, line_width):     # one piece too wide to break (a matrix): the browser may
        line = f"{lhs} = \\nobreak {first}"       # scale it, never leave the left side alone
    return [line] + [pad + continuation(more) for more in rest]


def web_lines(tex: str, line_width: float) -> list[str]:
    """A display of the web page's ``line_width`` em layout as the displays it is shown as: one
    (broken to fit as a table, ``TABLE`` narrower), or, for an ``aligned`` block that a table
    cannot fit (a wide matrix), one display a line."""
    fitted = fit(tex, line_width - TABLE)
    rows = aligned_rows(tex)
    if rows is None or fits(fitted, line_width - TABLE):
        return [fitted]
    return [line for lhs, rhs, _ in rows for line in stacked(lhs or "", rhs, line_width)]


def groups(rows: Sequence[Row], size: int = GROUP) -> list[list[Row]]:
    """Rows in groups of about ``size`` lines, each a display of its own so that a page may
    break between them (a display never breaks); a group ends before a line that starts a
    chain of its own where it can, never before a continuation row."""
    out: list[list[Row]] = [[]]
    for row in rows:
        lines = sum(1 for r in out[-1] if r[0] is not None)
        if out[-1] and row[0] is not None and (lines >= size or (row[0] and lines >= size - 2)):
            out.append([])
        out[-1].append(row)
    return out


def boxed(lhs: str, rhs: str, line_width: float) -> str:
    """The result ``\\boxed{lhs = rhs}`` in ``line_width`` em, its continuation lines inside the box."""
    return f"\\boxed{{{display(lhs, rhs, line_width - BOX)}}}"


_LABEL_WORD = re.compile(r"(?:\$[^$]*\$|[^\s$])+")
"""A word of a label: a formula (``$…$``) is one, with what it is glued to."""


def label_lines(label: str, line_width: float) -> list[str]:
    """A label's words on as many lines of ``line_width`` em as it needs (a formula in it
    stays on one line)."""
    out: list[str] = []
    for word in _LABEL_WORD.findall(label):
        if out and width(text_note(out[-1] + " " + word)) <= line_width:
            out[-1] += " " + word
        else:
            out.append(word)
    return out


def math_words(words: str) -> list[tuple[str, bool]]:
    """A rule's words (math between ``$…$``, as ``engine.rules`` writes it) split into plain
    text and formulas, in order: ``(piece, is_math)``."""
    pieces = words.split("$")
    return [(piece, i % 2 == 1) for i, piece in enumerate(pieces) if piece]


def text_note(words: str) -> str:
    """Words for LaTeX and MathJax alike: the text in ``\\text{…}``, each formula as math beside
    it (never math inside ``\\text``)."""
    return "".join(piece if is_math else f"\\text{{{_text(piece)}}}" for piece, is_math in math_words(words))


def _text(piece: str) -> str:
    return piece.replace("—", "-").replace("&", "and").replace("%", r"\%").replace("#", r"\#")


def fit(tex: str, line_width: float) -> str:
    """A display with its long lines broken to ``line_width`` em: an ``aligned`` block of
    ``lhs &= rhs`` rows, a list ``a = 1, \\quad b = 2`` (an item a line where they do not
    fit), or one ``lhs = rhs``; anything else as it is."""
    if fits(tex, line_width):
        return tex
    rows = aligned_rows(tex)
    if rows is not None:
        return aligned(broken_rows(rows, line_width), line_width)
    listed = items(tex)
    if len(listed) > 1:
        lines = [listed[0]]
        for item in listed[1:]:
            if fits(f"{lines[-1]}, \\quad {item}", line_width):
                lines[-1] += f", \\quad {item}"
            else:
                lines[-1] += ","
                lines.append(item)
        return "\\begin{aligned}\n" + " \\\\\n".join(f"&{fit(line, line_width)}" for line in lines) + "\n\\end{aligned}"
    pieces = split(tex, 0)
    if len(pieces) < 2 or not pieces[1].startswith("= "):
        return tex
    if not hangs(width(pieces[0]), line_width):
        return display(pieces[0], " ".join(pieces[1:])[2:], line_width)
    first, *rest = break_rhs(tex, line_width, line_width - INDENT)     # a long identity: "= …" under it
    return "\\begin{aligned}\n" + " \\\\\n".join([f"&{first}"] + [f"&{continuation(x)}" for x in rest]) \
        + "\n\\end{aligned}"


_ROW = re.compile(r"^(?P<lhs>[^&]*)&= (?P<rhs>.*?)(?: && (?P<label>\\text\{.*\}))?$")


def aligned_rows(tex: str) -> list[Row] | None:
    """The rows of an ``aligned`` block this module wrote with no labels (``lhs &= rhs``), or
    None for any other display."""
    body = tex.strip()
    if not (body.startswith("\\begin{aligned}") and body.endswith("\\end{aligned}")):
        return None
    rows: list[Row] = []
    for line in body[len("\\begin{aligned}"):-len("\\end{aligned}")].strip().split(" \\\\\n"):
        m = _ROW.match(line.strip())
        if m is None or m.group("label"):
            return None
        rows.append((m.group("lhs").strip(), m.group("rhs"), None))
    return rows
