"""A formula as MathML, for math inside HTML text (a rule's label beside its line).

Why not arithmatex there: a label is prose that wraps with its words, set by the browser
whatever math script the page loads (MathJax 3 or 4, KaTeX, none); MathML Core is typeset
natively, and a label's math never waits for a script.  latex2mathml does the conversion.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SIZED = re.compile(r"\\(?:left|right)(?=[()|.\[\]]|\\[{}]|\\[lr]Vert)")
_NAMED = re.compile(r"<mo>([A-Za-z]{2,})</mo>")


@lru_cache(maxsize=4096)
def mathml(tex: str) -> str:
    """``<math>…</math>`` (inline) for a LaTeX formula.  In a line of text nothing stretches:
    ``\\left(`` is a plain parenthesis (a stretchy one is set apart like an operator), and a
    named operator (``diag``, ``tr``) is an upright identifier, spaced as in TeX's ``\\operatorname``."""
    from latex2mathml.converter import convert   # on first use: a warm build never needs it

    out = convert(_SIZED.sub("", tex).replace(r"\left.", "").replace(r"\right.", ""))
    return _NAMED.sub(r"<mi>\1</mi>", out)
