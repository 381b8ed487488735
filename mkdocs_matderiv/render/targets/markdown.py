"""A Derivation as Markdown for sites other than MkDocs (Hugo, Jekyll, pandoc, …) and notebooks.

Display math is ``$$ … $$`` and inline math ``$ … $``, as those sites' MathJax
set-ups expect; each flavour (``matderiv render --flavor``) is a target of its own
that sets the inline delimiters its documented set-up reads.  The steps are one
``aligned`` block with each rule as a text note, and long right-hand sides broken
into continuation lines.  A bad block is a quoted error note (``Markdown.error``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.render.aligned import aligned, broken, math_words
from mkdocs_matderiv.render.targets.base import PageTarget

if TYPE_CHECKING:      # parts are dispatched by class name: a warm build never loads them
    from mkdocs_matderiv.render.parts import Boxed, Details, InlineMath, Math, Prose, RuleRef, Steps, Title


class Markdown(PageTarget):
    """``$…$`` inline math: ``matderiv derive --format markdown`` and a notebook's Markdown."""

    name = "markdown"
    inline = ("$", "$")
    """The inline math delimiters; display math is ``$$`` on lines of its own in every flavour."""

    def document(self, parts: list[str]) -> str:
        return self.protect("\n\n".join(parts) + "\n")

    def error(self, err: MatDerivError, source: str) -> str:
        """A bad block in a rendered file: a quoted note with the message and the block."""
        body = "\n".join(f"> {line}".rstrip() for line in source.strip("\n").splitlines())
        return self.protect(f"> **This matderiv block could not be derived.** {escape_markdown(str(err))}"
                            f"\n>\n> ```yaml\n{body}\n> ```\n")

    def protect(self, text: str) -> str:
        """The whole output kept from the site generator's own template language (none here)."""
        return text

    def _print_Title(self, part: Title) -> str:
        return f"**{part.text}**"

    def _print_Steps(self, part: Steps) -> str:
        return f"$$\n{aligned(steps_rows(part))}\n$$"

    def _print_Boxed(self, part: Boxed) -> str:
        return f"$$\n{boxed(part)}\n$$"

    def _print_Math(self, part: Math) -> str:
        return f"$$\n{part.latex}\n$$"

    def _print_Prose(self, part: Prose) -> str:
        return "".join(self._print(piece) for piece in part.pieces)

    def _print_Details(self, part: Details) -> str:
        out = (f"**{part.summary}.** {self._print(part.prose)}" if part.prose
               else f"**{part.summary}:**")
        if part.code is not None:
            out += f"\n\n```python\n{part.code.rstrip()}\n```"
        return out

    def _print_str(self, piece: str) -> str:
        return piece

    def _print_InlineMath(self, piece: InlineMath) -> str:
        return f"{self.inline[0]}{piece.latex}{self.inline[1]}"

    def _print_RuleRef(self, ref: RuleRef) -> str:
        """A rule's name with its formulas between the inline delimiters."""
        return "".join(f"{self.inline[0]}{piece}{self.inline[1]}" if is_math else piece
                       for piece, is_math in math_words(ref.name))


class MkDocs(Markdown):
    """``--flavor mkdocs``: pymdownx.arithmatex, mkdocs-material's math set-up."""

    name = "mkdocs"


class Hugo(Markdown):
    """``--flavor hugo``: Goldmark's passthrough extension, as Hugo's math docs set it up."""

    name = "hugo"
    inline = ("\\(", "\\)")


class Jekyll(Markdown):
    """``--flavor jekyll``: kramdown, ``$$`` inline and on lines of their own for display."""

    name = "jekyll"
    inline = ("$$", "$$")

    def protect(self, text: str) -> str:
        if "{{" in text or "{%" in text:          # Liquid runs before kramdown
            return "{% raw %}\n" + text + "{% endraw %}\n"
        return text


class Pandoc(Markdown):
    """``--flavor pandoc``: tex_math_dollars, with ``--mathjax``."""

    name = "pandoc"


def steps_rows(steps: Steps) -> list[tuple[str | None, str, str | None]]:
    """The rows of an ``aligned`` block for the steps: a long right-hand side goes on
    continuation rows (``&\\quad + …``), its rule on its first row."""
    rows: list[tuple[str | None, str, str | None]] = []
    for lhs, rhs, note in steps.rows():
        first, *rest = broken(rhs)
        rows.append((lhs, first, note))
        rows.extend((None, more, None) for more in rest)
    return rows


def boxed(result: Boxed) -> str:
    """``\\boxed{lhs = rhs}``; a long right-hand side on continuation lines inside the box."""
    lines = broken(result.rhs)
    if len(lines) == 1:
        return f"\\boxed{{{result.latex}}}"
    return f"\\boxed{{{aligned([(result.lhs, lines[0], None)] + [(None, x, None) for x in lines[1:]])}}}"


def escape_markdown(text: str) -> str:
    """Plain text that no Markdown engine reads as emphasis, code, math or a link."""
    return "".join(f"\\{ch}" if ch in "\\`*_{}[]<>$|" else ch for ch in text)
