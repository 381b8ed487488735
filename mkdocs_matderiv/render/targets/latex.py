"""A Derivation as a LaTeX fragment for a paper or notes (``matderiv derive --format latex``).

It needs ``amsmath`` and ``amssymb`` (its first line says so): the problem as display
math, each result's steps in an ``align*`` with each rule as a tag at the right margin
(amsmath moves a tag under its line when the line is long), long right-hand sides
broken before a ``+``, and the result boxed. It is meant to be ``\\input`` into a
document; the setting ``standalone`` wraps it in one that pdflatex compiles as it is.
A collapsible section of the page with no sentence (the NumPy code) is left out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mkdocs_matderiv.language.names import GREEK_UNICODE
from mkdocs_matderiv.present.layout import TEXTWIDTH
from mkdocs_matderiv.present.measure import width
from mkdocs_matderiv.render.aligned import continuation, fit, math_words, text_note
from mkdocs_matderiv.render.targets.base import PageTarget
from mkdocs_matderiv.render.targets.markdown import boxed, steps_rows

if TYPE_CHECKING:      # parts are dispatched by class name: a warm build never loads them
    from mkdocs_matderiv.render.parts import Boxed, Details, InlineMath, Math, Prose, RuleRef, Steps, Title

LONG_TAG = 0.55
"""The share of ``\\textwidth`` a rule's name may take as one line of a tag; a longer one
wraps in a box of that width."""

PACKAGES = ("amsmath", "amssymb")
"""What the LaTeX fragment needs (``\\mathbb``, ``align*``, ``\\boxed``)."""

_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_SYMBOLS = {"✓": r"\checkmark{}", "✔": r"\checkmark{}", "–": "--", "—": "---", "‘": "`", "’": "'",
            "“": "``", "”": "''", "…": r"\ldots{}", "«": "<<", "»": ">>", "−": "-",
            "×": r"\ensuremath{\times}", "÷": r"\ensuremath{\div}", "±": r"\ensuremath{\pm}",
            "·": r"\ensuremath{\cdot}", "⊙": r"\ensuremath{\odot}", "⊗": r"\ensuremath{\otimes}",
            "∂": r"\ensuremath{\partial}", "∇": r"\ensuremath{\nabla}", "∈": r"\ensuremath{\in}",
            "→": r"\ensuremath{\to}", "≤": r"\ensuremath{\leq}", "≥": r"\ensuremath{\geq}",
            "≠": r"\ensuremath{\neq}", "≈": r"\ensuremath{\approx}", "∞": r"\ensuremath{\infty}",
            "ᵀ": r"\ensuremath{^{T}}", "²": r"\ensuremath{^{2}}", "³": r"\ensuremath{^{3}}"}
"""Characters of plain text that pdflatex has no glyph for by default, as LaTeX (``amssymb``
gives ``\\checkmark``); Greek letters are added from the language's table."""
_SYMBOLS.update({ch: f"\\ensuremath{{\\{word}}}" for ch, word in GREEK_UNICODE.items()})
_WHITE = re.compile(r"\s+")
_NO_GLYPH = frozenset("ÐÞðþĄąĐđĘęĦħĮįĸĿŀŉŊŋŦŧŲųſ")
"""Latin letters of U+00A0–U+017F that pdflatex's default font encoding (OT1) cannot set."""


class Latex(PageTarget):
    """The fragment ends in a newline; its first line names ``PACKAGES``."""

    name = "latex"
    _default_settings = {"standalone": False}

    def text(self, text: str) -> str:
        """Plain text safe for LaTeX: special characters escaped, any run of white space one space
        (a blank line would end a ``\\paragraph`` title), a symbol or Greek letter as LaTeX, and a
        character pdflatex has no glyph for as its code point (``[U+1F680]``), never an error."""
        return "".join(_SPECIAL.get(ch) or _SYMBOLS.get(ch) or _plain(ch) for ch in _WHITE.sub(" ", text))

    def document(self, parts: list[str | None]) -> str:
        out = [f"% matderiv: needs \\usepackage{{{','.join(PACKAGES)}}}"]
        fragment = "\n\n".join(out + [p for p in parts if p is not None]) + "\n"
        return standalone(fragment) if self.settings["standalone"] else fragment

    def _print_Title(self, part: Title) -> str:
        return f"\\paragraph{{{self.text(part.text)}}}"

    def _print_Steps(self, part: Steps) -> str:   # a long derivation breaks across pages, here only
        return (f"\\begingroup\\allowdisplaybreaks\n\\begin{{align*}}\n{self.align_rows(part)}\n"
                "\\end{align*}\n\\endgroup")

    def align_rows(self, steps: Steps) -> str:
        """The rows of an ``align*``: ``lhs &= rhs \\tag*{rule}``, continuation rows ``&\\qquad + …``."""
        rows = []
        for lhs, rhs, note in steps_rows(steps, TEXTWIDTH):
            row = f"{lhs} &= {rhs}" if lhs is not None else f"&{continuation(rhs)}"
            if note:
                row += f" \\tag*{{{self.tag(note)}}}"
            rows.append(row)
        return " \\\\\n".join(rows)

    def tag(self, note: str) -> str:
        """A rule's name as a tag's text, small; wrapped to ``LONG_TAG`` of the line where long,
        so that it never runs off the page."""
        words = self.words(note)
        if 0.9 * width(text_note(note)) <= LONG_TAG * TEXTWIDTH:
            return f"\\small {words}"
        return f"\\parbox[t]{{{LONG_TAG}\\textwidth}}{{\\raggedleft\\small {words}}}"

    def words(self, words: str) -> str:
        """Words with formulas between ``$…$`` (a rule's label) for text mode: a tag, a sentence."""
        return "".join(f"${piece}$" if is_math else self.text(piece) for piece, is_math in math_words(words))

    def _print_Boxed(self, part: Boxed) -> str:
        return f"\\[\n{boxed(part, TEXTWIDTH)}\n\\]"

    def _print_Math(self, part: Math) -> str:
        return f"\\[\n{fit(part.latex, TEXTWIDTH)}\n\\]"

    def _print_Prose(self, part: Prose) -> str:
        """A sentence with its inline math as ``$…$``."""
        return "".join(self._print(piece) for piece in part.pieces)

    def _print_Details(self, part: Details) -> str | None:
        if part.prose is None:
            return None
        return f"\\noindent\\textit{{{self.text(part.summary)}:}} {self._print(part.prose)}"

    def _print_str(self, piece: str) -> str:
        return self.text(piece)

    def _print_InlineMath(self, piece: InlineMath) -> str:
        return f"${piece.latex}$"

    def _print_RuleRef(self, ref: RuleRef) -> str:
        """A rule's name in running text: words escaped, formulas as ``$…$``."""
        return self.words(ref.name)


def _plain(ch: str) -> str:
    if " " <= ch <= "~" or ("\u00a0" <= ch <= "\u017f" and ch not in _NO_GLYPH):
        return ch
    return f"[U+{ord(ch):04X}]"


def standalone(fragment: str) -> str:
    """A minimal ``article`` around a fragment (what the pdflatex test compiles)."""
    packages = "".join(f"\\usepackage{{{name}}}\n" for name in PACKAGES)
    return "\\documentclass{article}\n" + packages + "\\begin{document}\n" + fragment + "\\end{document}\n"
