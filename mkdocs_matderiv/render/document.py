"""A Derivation as a LaTeX fragment for a paper or notes (``matderiv derive --format latex``).

The fragment needs ``amsmath`` and ``amssymb``: the problem as display math, each
result's steps in an ``align*`` with each rule as a tag at the right margin (amsmath
moves a tag under its line when the line is long), long right-hand sides broken
before a ``+``, and the result boxed. It is meant to be ``\\input`` into a document.
"""

from __future__ import annotations

from mkdocs_matderiv.derivation import Derivation
from mkdocs_matderiv.render.aligned import text_note
from mkdocs_matderiv.render.markdown import boxed, steps_rows
from mkdocs_matderiv.render.parts import (Boxed, Details, InlineMath, Math, Prose, RuleRef, Steps, Title,
                                          derivation_parts)

_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def derivation_latex(d: Derivation) -> str:
    """The derivation as a LaTeX fragment (amsmath) ending in a newline."""
    out = []
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
            row += f" \\tag*{{\\small {text_note(note)}}}"
        rows.append(row)
    return " \\\\\n".join(rows)


def prose(p: Prose) -> str:
    """A sentence with its inline math as ``$…$``."""
    return "".join(f"${x.latex}$" if isinstance(x, InlineMath) else escape(x.name) if isinstance(x, RuleRef)
                   else escape(x) for x in p.pieces)


def escape(text: str) -> str:
    """Plain text safe for LaTeX."""
    return "".join(_SPECIAL.get(ch, ch) for ch in text)


def standalone(fragment: str) -> str:
    """A minimal ``article`` around a fragment (what the pdflatex test compiles)."""
    return ("\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{amssymb}\n"
            "\\begin{document}\n" + fragment + "\\end{document}\n")
