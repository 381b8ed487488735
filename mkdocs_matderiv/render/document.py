"""A Derivation as a LaTeX fragment for a paper or notes (``matderiv derive --format latex``).

The fragment needs ``amsmath`` and ``amssymb``: the problem as display math, each
result's steps in an ``align*`` with the rules as ``\\text{…}`` notes, and the
result boxed. It is meant to be ``\\input`` into a document.
"""

from __future__ import annotations

from mkdocs_matderiv.derivation import Derivation
from mkdocs_matderiv.render.markdown import Details, InlineMath, Math, Prose, Title, derivation_parts

_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def derivation_latex(d: Derivation) -> str:
    """The derivation as a LaTeX fragment (amsmath) ending in a newline."""
    out = []
    for part in derivation_parts(d):
        if isinstance(part, Title):
            out.append(f"\\paragraph{{{escape(part.text)}}}")
        elif isinstance(part, Math) and part.role == "steps":
            rows = part.latex.removeprefix("\\begin{aligned}\n").removesuffix("\n\\end{aligned}")
            out.append(f"\\begin{{align*}}\n{rows}\n\\end{{align*}}")
        elif isinstance(part, Math):
            body = f"\\boxed{{{part.latex}}}" if part.result else part.latex
            out.append(f"\\[\n{body}\n\\]")
        elif isinstance(part, Prose):
            out.append(prose(part))
        elif isinstance(part, Details) and part.prose is not None:
            out.append(f"\\noindent\\textit{{{escape(part.summary)}:}} {prose(part.prose)}")
    return "\n\n".join(out) + "\n"


def prose(p: Prose) -> str:
    """A sentence with its inline math as ``$…$``."""
    return "".join(f"${x.latex}$" if isinstance(x, InlineMath) else escape(x) for x in p.pieces)


def escape(text: str) -> str:
    """Plain text safe for LaTeX."""
    return "".join(_SPECIAL.get(ch, ch) for ch in text)


def standalone(fragment: str) -> str:
    """A minimal ``article`` around a fragment (what the pdflatex test compiles)."""
    return ("\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{amssymb}\n"
            "\\begin{document}\n" + fragment + "\\end{document}\n")
