"""Lines that fit: a long right-hand side broken by the program, as a teacher breaks it.

The TeXbook's rule for displays (ch. 19): break a long right-hand side before a
top-level ``+`` or ``-``; break inside a product only when one term alone is too wide;
never inside parentheses; indent each continuation past the ``=``; keep something of
the right-hand side on the line of the left-hand side. Widths are estimated from the
math font (``present.measure``), in em of the math font at display size, and every
target asks for lines of its own width (``WIDE``, ``BESIDE``, ``NARROW``, ``TEXTWIDTH``).

Data in, data out: LaTeX strings of the renderer's notation in, the lines they are set
on out; how a target writes continuation lines is the target's business.
"""

from __future__ import annotations

from collections.abc import Sequence

from mkdocs_matderiv.present.measure import tokens, width

WIDE = 28.5
"""A web page's wide layout, in math em: a line across the whole block (its rule label goes
under it). ``matderiv.css`` switches to it where the block is 40 text em (640 px) wide or
more, which at the docs site's 20.4 px math em holds 28.9 em after what MathJax 4 keeps
free (3 % and 32 px) before it leaves a line unbroken; KaTeX's math em is smaller."""

BESIDE = 17.5
"""The wide layout's equation column when the rule label stands beside the line (the block
less the label's 11 rem column): a line up to this width keeps its label beside it."""

NARROW = 15.5
"""The narrow layout (a phone's column, 360 px at 16 px text, as the docs site has at
412 px) and every target that cannot choose between layouts (Markdown for Hugo, Jekyll,
pandoc, notebooks)."""

TEXTWIDTH = 33.5
"""LaTeX: the article class's ``\\textwidth`` at 10 pt (345 pt, 34.5 em) less a margin for
the estimate."""

RELATION = 5 / 18 + 0.778 + 5 / 18
"""``=`` with its spaces."""

INDENT = 2.0
"""A continuation line starts a ``\\qquad`` past the ``=`` (past the right-hand side's start)."""

_RELATIONS = {"=", "<", ">", "\\le", "\\leq", "\\ge", "\\geq", "\\ne", "\\neq", "\\approx", "\\equiv",
              "\\to", "\\succeq", "\\preceq", "\\succ", "\\prec"}
_PRODUCTS = {"\\odot", "\\oslash", "\\otimes", "\\cdot", "\\times"}
_SUMS = {"+", "-", "\\pm", "\\mp"}
_OPERATORS = _RELATIONS | _PRODUCTS | _SUMS | {",", ";", "\\quad", "\\qquad"}
_OPEN = {"{", "\\left", "\\begin"}
_CLOSE = {"}", "\\right", "\\end"}


def lines(lhs: str, rhs: str, line_width: float, lhs_width: float | None = None) -> list[str]:
    """``rhs`` of ``lhs = rhs`` as the lines it is set on in ``line_width`` em: the first
    after the ``=``, each other one a continuation that starts with its sign.

    ``lhs_width``: the width of the column the left side stands in (an aligned block's
    widest left side), if wider than ``lhs`` itself. Continuations start ``INDENT`` past the
    ``=``, or past the left margin where the left side ``hangs``.
    """
    left = max(width(lhs) if lhs else 0.0, lhs_width or 0.0)
    rest = line_width - INDENT - (0.0 if hangs(left, line_width) else left)
    return break_rhs(rhs, line_width - left - RELATION, rest)


def hangs(lhs_width: float, line_width: float) -> bool:
    """Whether a left side is so wide (a Hessian's ``\\partial^2 f/\\partial vec X …``) that the
    continuation lines start ``INDENT`` past the left margin rather than past the ``=``: past
    the ``=`` they would hold a term or two each."""
    return lhs_width > HANG * line_width


HANG = 0.4
"""The share of a line a left side may take before its continuation lines hang."""


def break_rhs(rhs: str, first: float, rest: float) -> list[str]:
    """``rhs`` broken to ``first`` em on its first line and ``rest`` em on each continuation.

    Top-level relations first, then top-level terms, then the factors of a product that is
    too wide alone; a piece that is still too wide (one parenthesised factor) stays whole.
    """
    packer = _Packer(first, rest)
    packer.pack(rhs.strip(), 0)
    return packer.lines


def fits(tex: str, line_width: float) -> bool:
    """Whether ``tex`` is set within ``line_width`` em."""
    return width(tex) <= line_width


def widest(texts: Sequence[str]) -> float:
    """The widest of ``texts`` (0 for none)."""
    return max((width(t) for t in texts if t), default=0.0)


class _Packer:
    """Fills lines greedily with the pieces of one level, going a level finer only for a
    piece that does not fit a line of its own."""

    def __init__(self, first: float, rest: float) -> None:
        self.first, self.rest = first, rest
        self.lines: list[str] = []

    def pack(self, text: str, level: int) -> None:
        if self.fits_here(text):
            self.add(text)
        elif level == len(_LEVELS):            # the last resort: inside its parentheses
            pieces = opened(text)
            if pieces is None:                 # nothing left to break at: it stays whole
                self.lines.append(text)
                return
            self.place(pieces, 1)
        elif len(pieces := split(text, level)) == 1:
            self.pack(text, level + 1)
        else:
            self.place(pieces, level + 1)

    def place(self, pieces: list[str], finer: int) -> None:
        """Each piece on the current line, else on a line of its own, else packed at ``finer``."""
        for piece in pieces:
            if self.fits_here(piece):
                self.add(piece)
            elif self.lines and width(piece) <= self.rest:
                self.lines.append(piece)
            else:
                self.pack(piece, finer)

    def fits_here(self, piece: str) -> bool:
        if not self.lines:
            return width(piece) <= self.first
        room = self.first if len(self.lines) == 1 else self.rest
        return width(self.lines[-1] + " " + piece) <= room

    def add(self, piece: str) -> None:
        if self.lines:
            self.lines[-1] += " " + piece
        else:
            self.lines.append(piece)


def split(tex: str, level: int) -> list[str]:
    """``tex`` cut before each break point of ``level`` that stands outside every group:
    0 a relation, 1 a binary ``+``/``-``, 2 a product (``\\odot`` or two factors side by side).
    Each piece but the first starts with its operator."""
    toks = tokens(tex)
    cuts = [k for k in _break_points(toks) if _LEVELS[level](toks, k)]
    bounds = [0, *cuts, len(toks)]
    return [p for p in ("".join(toks[a:b]).strip() for a, b in zip(bounds, bounds[1:])) if p]


def opened(tex: str) -> list[str] | None:
    """A factor too wide for any line, ``head\\left( a + b \\right)tail``, as the pieces of what
    its parentheses hold, the first opening them and the last closing them with ``\\bigl(``
    and ``\\bigr)`` (a ``\\left`` cannot span lines); None where it holds no such group."""
    toks = tokens(tex)
    depth, groups = 0, []
    for k, tok in enumerate(toks):
        if depth == 0 and tok == "\\left":
            groups.append(k)
        depth += (tok in _OPEN) - (tok in _CLOSE)
        if depth == 0 and tok == "\\right":
            groups.append(k)
    if len(groups) != 2 or toks[groups[0] + 1] not in ("(", "["):
        return None
    start, end = groups
    head, inner, tail = "".join(toks[:start]), "".join(toks[start + 2:end]), "".join(toks[end + 2:])
    pieces = split(inner, 1)
    if len(pieces) == 1:
        pieces = split(inner, 2)
    if len(pieces) == 1:          # one factor inside: open its own parentheses, d(tr(…))
        pieces = opened(inner) or []
    if len(pieces) < 2:
        return None
    size = "Big" if "\\frac" in inner else "big"
    pieces[0] = f"{head}\\{size}l{toks[start + 1]}{pieces[0]}"
    pieces[-1] = f"{pieces[-1]}\\{size}r{toks[end + 1]}{tail}"
    return pieces


def items(tex: str) -> list[str]:
    """A list of formulas (``a = 1, \\quad b = 2``) cut after each comma outside every group,
    each item without its comma and spacing."""
    toks = tokens(tex)
    cuts = [k for k in _break_points(toks) if toks[k] == ","]
    bounds = [-1, *cuts, len(toks)]
    pieces = ("".join(toks[a + 1:b]).strip() for a, b in zip(bounds, bounds[1:]))
    return [p.removeprefix("\\quad").removeprefix("\\qquad").strip() for p in pieces]


def _break_points(toks: list[str]) -> list[int]:
    """The indices of the tokens at depth 0 (outside braces, ``\\left … \\right`` and
    environments) after which something has already been set."""
    out, depth, seen = [], 0, False
    for k, tok in enumerate(toks):
        if tok in _OPEN:
            if depth == 0 and seen:
                out.append(k)
            depth += 1
            seen = True
            continue
        if tok in _CLOSE:
            depth -= 1
            continue
        if depth == 0:
            if seen:
                out.append(k)
            if not tok.isspace():
                seen = True
    return out


def _previous(toks: list[str], k: int) -> str:
    k -= 1
    while k >= 0 and toks[k].isspace():
        k -= 1
    return toks[k] if k >= 0 else ""


def _is_relation(toks: list[str], k: int) -> bool:
    return toks[k] in _RELATIONS and _previous(toks, k) not in _OPERATORS


def _is_sum(toks: list[str], k: int) -> bool:
    return toks[k] in _SUMS and _previous(toks, k) not in _OPERATORS | {"", "^", "_"}


def _is_product(toks: list[str], k: int) -> bool:
    """Before ``\\odot`` and the like, or at the space between two factors (never after a
    lone ``d`` or a leading number, never before a script or an operator)."""
    tok = toks[k]
    if tok in _PRODUCTS:
        return True
    if not tok.isspace() or k + 1 >= len(toks):
        return False
    before, after = _previous(toks, k), toks[k + 1]
    if before in _OPERATORS or after in _OPERATORS or after in ("^", "_", "'", "}") or before in ("^", "_"):
        return False
    if before == "d" and (k < 2 or toks[k - 2].isspace() or toks[k - 2] in _OPERATORS):
        return False
    head = "".join(toks[:k]).strip().lstrip("-+ ")
    return not head.replace("\\frac", "").strip("{}0123456789") == ""


_LEVELS = (_is_relation, _is_sum, _is_product)


__all__ = ["BESIDE", "INDENT", "NARROW", "RELATION", "TEXTWIDTH", "WIDE", "break_rhs", "fits", "items",
           "lines", "split", "widest"]
