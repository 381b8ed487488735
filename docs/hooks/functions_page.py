"""MkDocs hook: fills docs/functions.md with every named function of the expression language.

The rows come from the package's own table (``mkdocs_matderiv.functions.FUNCTIONS``): each
function's spellings, what it acts on, its LaTeX, its derivative (element-wise) or the rule of
its differential, and where the numeric check draws its argument.  A function added to the
table is on the page with the next build; ``tests/test_functions_page.py`` checks that every
spelling the page lists is read as that function.  Register it in ``mkdocs.yml``::

    hooks:
      - docs/hooks/functions_page.py
"""

from __future__ import annotations

from mkdocs_matderiv.engine.rules import RULES
from mkdocs_matderiv.functions import FUNCTIONS, Function, call
from mkdocs_matderiv.render.latex import latex
from mkdocs_matderiv.tree import Sym

MARKER = "<!-- functions-table -->"
"""Where in docs/functions.md the table goes."""

ACTS_ON = {"elementwise": "each entry", "vector": "a vector", "rows": "a vector, or each row of a matrix",
           "square": "a square matrix", "any": "any vector or matrix"}
ARGUMENT = {"elementwise": Sym("z"), "vector": Sym("x", ("n", 1)), "rows": Sym("x", ("n", 1)),
            "square": Sym("X", ("n", "n")), "any": Sym("X", ("m", "n"))}
"""The argument each kind of function is shown with."""
DOMAIN = {"real": "any real", "positive": "positive entries", "invertible": "an invertible matrix",
          "nonzero": "nonzero entries", "unit": "entries in (−1, 1)"}


def _math(tex: str) -> str:
    """Inline math in a table cell: a ``|`` would end the cell, so it is ``\\vert``; arithmatex
    reads ``$…$`` only with no space inside either ``$``."""
    return "$" + tex.replace("|", "\\vert ").strip() + "$"      # no space before the closing $


TEX_COMMANDS = frozenset(("exp", "ln", "log", "sin", "cos", "tan", "tanh", "arcsin", "arccos",
                          "arctan", "sigma"))
"""Spellings that are also commands of TeX itself (``\\exp``); the others are written in LaTeX
with ``\\operatorname{…}``."""


def written(fn: Function) -> list[str]:
    """How an author writes ``fn`` of its argument: each spelling, and its LaTeX."""
    arg = ARGUMENT[fn.kind].name
    forms = [f"{s}({arg})" for s in fn.spellings]
    forms += [f"\\{s}({arg})" for s in fn.spellings if s in TEX_COMMANDS]
    if fn.latex == f"\\operatorname{{{fn.name}}}" and fn.name.isalpha():
        forms.append(f"\\operatorname{{{fn.name}}}({arg})")
    return forms


def derivative(fn: Function) -> str:
    """``f'(z)`` of an element-wise function, else the formula of its differential's rule."""
    if fn.derivative is not None:
        return _math(f"{latex(call(fn, ARGUMENT[fn.kind]))}' = {latex(fn.derivative(ARGUMENT[fn.kind]))}")
    return _math(RULES[fn.rule].formula)


def function_rows() -> list[list[str]]:
    """One row per function of the table: function, spellings, acts on, derivative, argument."""
    rows = []
    for fn in FUNCTIONS.values():
        domain = DOMAIN[fn.domain] + (f"; not differentiable where an entry is {fn.kink}" if fn.kink else "")
        rows.append([_math(latex(call(fn, ARGUMENT[fn.kind]))), ", ".join(f"`{w}`" for w in written(fn)),
                     ACTS_ON[fn.kind],
                     derivative(fn), domain])
    return rows


def render_functions() -> str:
    """The Markdown table of every function."""
    head = ["function", "written", "acts on", "derivative", "checked at"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in function_rows()]
    return "\n".join(lines) + "\n"


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Replace the marker in functions.md with the table."""
    if page.file.src_uri != "functions.md" or MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, render_functions())
