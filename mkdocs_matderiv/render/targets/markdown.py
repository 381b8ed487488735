"""A Derivation as Markdown for sites other than MkDocs (Hugo, Jekyll, pandoc, …) and notebooks.

Display math is ``$$ … $$`` and inline math ``$ … $``, as those sites' MathJax
set-ups expect; each flavour (``matderiv render --flavor``) is a target of its own
that sets the inline delimiters its documented set-up reads.  The steps are ``aligned``
blocks of a few steps each, laid out for a phone's column (``present.layout.NARROW``:
these sites cannot switch layouts), long right-hand sides broken into continuation lines
and each rule under its line where there is no room beside it.  A bad block is a quoted error note (``Markdown.error``).

A block's own text (its title, an error message, its source in an error note) reaches
the page as text only, whatever the site generator does with it: ``text`` escapes
what a Markdown engine reads as markup (HTML, links, math, emphasis, raw attributes)
and joins lines, an error note's fence is longer than any run of backticks in the
source, and each flavour's ``protect`` keeps the whole output from the generator's
template language (Jekyll's Liquid, Hugo's shortcodes), the one place each does it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.present.layout import NARROW
from mkdocs_matderiv.render.aligned import aligned, broken_rows, fit, groups, math_words
from mkdocs_matderiv.render.aligned import boxed as boxed_display
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
        """A bad block in a rendered file: a quoted note with the message and the block, in a
        fence longer than any run of backticks in it."""
        lines = source.strip("\n").splitlines()
        body = "\n".join(f"> {line}".rstrip() for line in lines)
        fence = "`" * max([3] + [len(run) + 1 for run in re.findall(r"`+", source)])
        return self.protect(f"> **This matderiv block could not be derived.** {self.text(str(err))}"
                            f"\n>\n> {fence}yaml\n{body}\n> {fence}\n")

    escapes: dict[str, str] = {ch: f"\\{ch}" for ch in "\\`*_{}[]<>$|"}
    """How each character a Markdown engine reads as markup is written as itself."""

    def text(self, text: str) -> str:
        """A block's text as Markdown text only: one line, every character a Markdown engine
        reads as markup escaped, and a zero-width space after each backslash and dollar, so
        that the page's MathJax, which reads all of a page's text, finds no math in it."""
        text = _TEX.sub("\\g<0>\u200b", _NEWLINES.sub(" ", text))
        return "".join(self.escapes.get(ch, ch) for ch in text)

    def protect(self, text: str) -> str:
        """The whole output kept from the site generator's own template language (none here)."""
        return text

    def _print_Title(self, part: Title) -> str:
        return f"**{self.text(part.text)}**"

    def _print_Steps(self, part: Steps) -> str:
        return "\n\n".join(f"$$\n{aligned(rows, NARROW)}\n$$" for rows in groups(steps_rows(part)))

    def _print_Boxed(self, part: Boxed) -> str:
        return f"$$\n{boxed(part)}\n$$"

    def _print_Math(self, part: Math) -> str:
        return f"$$\n{fit(part.latex, NARROW)}\n$$"

    def _print_Prose(self, part: Prose) -> str:
        return "".join(self._print(piece) for piece in part.pieces)

    def _print_Details(self, part: Details) -> str:
        out = (f"**{self.text(part.summary)}.** {self._print(part.prose)}" if part.prose
               else f"**{self.text(part.summary)}:**")
        if part.code is not None:
            out += f"\n\n```python\n{part.code.rstrip()}\n```"
        return out

    def _print_str(self, piece: str) -> str:
        return self.text(piece)

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
    escapes = {**Markdown.escapes, "[": "&#91;", "]": "&#93;"}
    """Brackets as entities: ``\\[`` is a math delimiter of the passthrough extension."""

    def protect(self, text: str) -> str:
        """No shortcode (``{{< >}}``, ``{{% %}}``), which Hugo runs anywhere in a page, code
        blocks included: a zero-width space after ``{{`` (unseen, in a code block too)."""
        return _SHORTCODE.sub("{{\u200b", text)


class Jekyll(Markdown):
    """``--flavor jekyll``: kramdown, ``$$`` inline and on lines of their own for display."""

    name = "jekyll"
    inline = ("$$", "$$")

    def protect(self, text: str) -> str:
        """Liquid runs before kramdown: output with a tag in it is kept in ``{% raw %}``, and
        every ``{%`` inside (an ``{% endraw %}`` in a block's source would end the guard) is
        written by Liquid itself, between the guard closed and opened again."""
        if "{{" in text or "{%" in text:
            return "{% raw %}\n" + text.replace("{%", _LIQUID_TAG) + "{% endraw %}\n"
        return text


class Pandoc(Markdown):
    """``--flavor pandoc``: tex_math_dollars, with ``--mathjax``."""

    name = "pandoc"


_NEWLINES = re.compile(r"\s*[\r\n]\s*")
_TEX = re.compile(r"[\\$]")
_SHORTCODE = re.compile(r"\{\{(?=[<%])")
_LIQUID_TAG = '{% endraw %}{{ "{%" }}{% raw %}'


def steps_rows(steps: Steps, line_width: float = NARROW) -> list[tuple[str | None, str, str | None]]:
    """The rows of an ``aligned`` block of ``line_width`` em for the steps: a long right-hand
    side goes on continuation rows (``&\\qquad + …``), its rule on its first row."""
    return broken_rows(steps.rows(), line_width)


def boxed(result: Boxed, line_width: float = NARROW) -> str:
    """``\\boxed{lhs = rhs}``; a long right-hand side on continuation lines inside the box."""
    return boxed_display(result.lhs, result.rhs, line_width)
