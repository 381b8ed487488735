"""A Derivation as a document for tools other than MkDocs' fence.

* ``derivation_flavored``: Markdown in the math delimiters each site generator's
  documented MathJax set-up reads (``matderiv render --flavor``);
* ``derivation_latex``: a LaTeX fragment for a paper or notes (``matderiv derive
  --format latex``). It needs ``amsmath`` and ``amssymb`` (its first line says so):
  the problem as display math, each result's steps in an ``align*`` with each rule as
  a tag at the right margin (amsmath moves a tag under its line when the line is long),
  long right-hand sides broken before a ``+``, and the result boxed. It is meant to be
  ``\\input`` into a document; ``standalone`` wraps it in one.
"""

from __future__ import annotations

import re

from mkdocs_matderiv.derivation import Derivation
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.language.names import GREEK_UNICODE
from mkdocs_matderiv.render.aligned import math_words
from mkdocs_matderiv.render.targets.markdown import boxed, derivation_markdown, steps_rows
from mkdocs_matderiv.render.parts import (Boxed, Details, InlineMath, Math, Prose, RuleRef, Steps, Title,
                                          derivation_parts)

FLAVORS = {
    "mkdocs": ("$", "$"),        # pymdownx.arithmatex (mkdocs-material's math set-up)
    "hugo": ("\\(", "\\)"),      # Goldmark's passthrough extension, as Hugo's math docs set it up
    "jekyll": ("$$", "$$"),      # kramdown: $$ inline, $$ on lines of its own for display
    "pandoc": ("$", "$"),        # tex_math_dollars, with --mathjax
}
"""Inline math delimiters per ``--flavor``; display math is ``$$`` on lines of its own in all."""

PACKAGES = ("amsmath", "amssymb")
"""What the LaTeX fragment needs (``\\mathbb``, ``align*``, ``\\boxed``)."""


def derivation_flavored(d: Derivation, flavor: str = "mkdocs") -> str:
    """The derivation as Markdown for ``flavor`` (a key of ``FLAVORS``)."""
    return _protect(derivation_markdown(d, inline=FLAVORS[flavor]), flavor)


def error_note(err: MatDerivError, src: str, flavor: str = "mkdocs") -> str:
    """A bad block in a rendered file: a quoted note with the message and the block."""
    body = "\n".join(f"> {line}".rstrip() for line in src.strip("\n").splitlines())
    return _protect(f"> **This matderiv block could not be derived.** {escape_markdown(str(err))}"
                    f"\n>\n> ```yaml\n{body}\n> ```\n", flavor)


def _protect(text: str, flavor: str) -> str:
    if flavor == "jekyll" and ("{{" in text or "{%" in text):   # Liquid runs before kramdown
        return "{% raw %}\n" + text + "{% endraw %}\n"
    return text


def escape_markdown(text: str) -> str:
    """Plain text that no Markdown engine reads as emphasis, code, math or a link."""
    return "".join(f"\\{ch}" if ch in "\\`*_{}[]<>$|" else ch for ch in text)


_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def derivation_latex(d: Derivation) -> str:
    """The derivation as a LaTeX fragment ending in a newline; its first line names ``PACKAGES``."""
    out = [f"% matderiv: needs \\usepackage{{{','.join(PACKAGES)}}}"]
    for part in derivation_parts(d):
        if isinstance(part, Title):
            out.append(f"\\paragraph{{{escape(part.text)}}}")
        elif isinstance(part, Steps):
            out.append(f"\\begin{{align*}}\n{align_rows(part)}\n\\end{{align*}}")
        elif isinstance(part, Boxed):
            out.append(f"\\[\n{boxed(part)}\n\\]")
        elif isinstance(part, Math):
            out.append(f"\\[\n{part.latex}\n\\]")
        elif isinstance(part, Prose):
            out.append(prose(part))
        elif isinstance(part, Details) and part.prose is not None:
            out.append(f"\\noindent\\textit{{{escape(part.summary)}:}} {prose(part.prose)}")
    return "\n\n".join(out) + "\n"


def align_rows(steps: Steps) -> str:
    """The rows of an ``align*``: ``lhs &= rhs \\tag*{rule}``, continuation rows ``&\\quad + …``."""
    rows = []
    for lhs, rhs, note in steps_rows(steps):
        row = f"{lhs} &= {rhs}" if lhs is not None else f"&\\quad {rhs}"
        if note:
            row += f" \\tag*{{\\small {words_latex(note)}}}"
        rows.append(row)
    return " \\\\\n".join(rows)


def prose(p: Prose) -> str:
    """A sentence with its inline math as ``$…$``."""
    return "".join(f"${x.latex}$" if isinstance(x, InlineMath) else rule_latex(x) if isinstance(x, RuleRef)
                   else escape(x) for x in p.pieces)


def rule_latex(ref: RuleRef) -> str:
    """A rule's name in running text: words escaped, formulas as ``$…$``."""
    return words_latex(ref.name)


def words_latex(words: str) -> str:
    """Words with formulas between ``$…$`` (a rule's label) for text mode: a tag, a sentence."""
    return "".join(f"${piece}$" if is_math else escape(piece) for piece, is_math in math_words(words))


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


def escape(text: str) -> str:
    """Plain text safe for LaTeX: special characters escaped, any run of white space one space
    (a blank line would end a ``\\paragraph`` title), a symbol or Greek letter as LaTeX, and a
    character pdflatex has no glyph for as its code point (``[U+1F680]``), never an error."""
    return "".join(_SPECIAL.get(ch) or _SYMBOLS.get(ch) or _plain(ch) for ch in _WHITE.sub(" ", text))


def _plain(ch: str) -> str:
    if " " <= ch <= "~" or ("\u00a0" <= ch <= "\u017f" and ch not in _NO_GLYPH):
        return ch
    return f"[U+{ord(ch):04X}]"


def standalone(fragment: str) -> str:
    """A minimal ``article`` around a fragment (what the pdflatex test compiles)."""
    packages = "".join(f"\\usepackage{{{name}}}\n" for name in PACKAGES)
    return "\\documentclass{article}\n" + packages + "\\begin{document}\n" + fragment + "\\end{document}\n"
