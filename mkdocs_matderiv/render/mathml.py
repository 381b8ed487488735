"""A formula as MathML, for math inside HTML text (a rule's label beside its line).

Why not arithmatex there: a label is prose that wraps with its words, set by the browser
whatever math script the page loads (MathJax 3 or 4, KaTeX, none); MathML Core is typeset
natively, and a label's math never waits for a script.  latex2mathml does the conversion.
"""

from __future__ import annotations

from functools import lru_cache

from latex2mathml.converter import convert


@lru_cache(maxsize=4096)
def mathml(tex: str) -> str:
    """``<math>…</math>`` (inline) for a LaTeX formula."""
    return convert(tex)
