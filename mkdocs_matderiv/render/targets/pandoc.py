"""A derivation as pandoc's own AST (its JSON form), for the pandoc filter and Quarto.

Every formula is a ``Math`` node (``DisplayMath`` or ``InlineMath``) and every word a
``Str`` between ``Space`` nodes, never raw HTML or raw LaTeX, so that each pandoc
writer shows it its own way: MathJax or KaTeX in HTML, ``\\[ … \\]`` in LaTeX, Office
math in Word. The parts are ``render.parts``'; this module only says how each is
written as pandoc nodes.

The steps and the result are the one thing HTML gets otherwise, as the MkDocs pages
and Sphinx do: there each step is a row of its own (its equation as display math, its
rule in words beside it, in ``Div``s of ``matderiv.css``'s classes), which fits a
phone's column where one wide ``aligned`` table cannot, and the box round the result
is drawn by the stylesheet; every other writer gets the ``aligned`` steps and ``\\boxed``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from mkdocs_matderiv.errors import MatDerivError

from mkdocs_matderiv.present.layout import NARROW, TEXTWIDTH, WIDE
from mkdocs_matderiv.render.aligned import TABLE, aligned, fit, groups, math_words, step_displays, web_lines
from mkdocs_matderiv.render.aligned import boxed as boxed_display
from mkdocs_matderiv.render.targets.base import PageTarget
from mkdocs_matderiv.render.targets.markdown import boxed, steps_rows
from mkdocs_matderiv.render.parts import (Boxed, Details, InlineMath, Math, Prose, RuleRef, Steps,
                                          Title)

Node = dict[str, Any]
"""A pandoc AST element as JSON: ``{"t": type, "c": contents}``."""

ERROR_TITLE = "This matderiv block could not be derived."


HTML_FORMATS = ("html", "html4", "html5", "chunkedhtml", "epub", "epub2", "epub3", "revealjs", "slidy",
                "slideous", "s5", "dzslides")
"""pandoc's writers whose math a browser typesets (the filter's first argument)."""


class PandocAst(PageTarget):
    """The pandoc filter's blocks for one derivation, in a ``Div`` of class ``matderiv``;
    ``html``: for a writer of ``HTML_FORMATS`` (steps as rows, the result boxed by the stylesheet)."""

    name = "pandoc-ast"
    _default_settings = {"html": False}

    def document(self, parts: list[list[Node]]) -> str:
        return json.dumps([div(["matderiv"], [block for blocks in parts for block in blocks])],
                          ensure_ascii=False)

    def read(self, text: str) -> list[Node]:
        return json.loads(text)

    def error(self, err: MatDerivError, source: str) -> list[Node]:
        """What stands in the document for a block that failed: the message and the block."""
        return [div(["matderiv-error"], [para([strong(words(ERROR_TITLE))]), para(words(str(err))),
                                         code_block(source.rstrip("\n"), "yaml")])]

    def _print_Title(self, part: Title) -> list[Node]:
        return [para([strong(words(part.text))])]

    def _print_Steps(self, part: Steps) -> list[Node]:
        if self.settings["html"]:
            return [step_rows(part)]
        return [para([display(aligned(rows, TEXTWIDTH))]) for rows in groups(steps_rows(part, TEXTWIDTH))]

    def _print_Boxed(self, part: Boxed) -> list[Node]:
        if self.settings["html"]:
            wide, narrow = ([boxed_display(part.lhs, part.rhs, w - TABLE)] for w in (WIDE, NARROW))
            return [div(["matderiv-result"], layouts(wide, narrow, []))]
        return [para([display(boxed(part, TEXTWIDTH))])]

    def _print_Math(self, part: Math) -> list[Node]:
        if self.settings["html"]:
            return layouts(web_lines(part.latex, WIDE), web_lines(part.latex, NARROW), [])
        return [para([display(fit(part.latex, TEXTWIDTH))])]

    def _print_Prose(self, part: Prose) -> list[Node]:
        return [para(self.inlines(part))]

    def _print_Details(self, part: Details) -> list[Node]:
        """A collapsible section of the HTML page: here a ``Div`` (classes ``matderiv-details`` and
        its kind) that opens with the summary in bold; every writer has one."""
        lead = [strong(words(part.summary + "."))]
        if part.prose is not None:
            lead += [{"t": "Space"}, *self.inlines(part.prose)]
        blocks = [para(lead)]
        if part.code is not None:
            blocks.append(code_block(part.code.rstrip("\n"), "python"))
        return [div(["matderiv-details", part.kind], blocks)]

    def inlines(self, prose: Prose) -> list[Node]:
        """A sentence: words as ``Str``/``Space``, inline math as ``Math``, rule names as words."""
        return [node for piece in prose.pieces for node in self._print(piece)]

    def _print_str(self, piece: str) -> list[Node]:
        return words(piece)

    def _print_InlineMath(self, piece: InlineMath) -> list[Node]:
        return [inline(piece.latex)]

    def _print_RuleRef(self, ref: RuleRef) -> list[Node]:
        return rule_inlines(ref.name)


def step_rows(steps: Steps) -> Node:
    """The steps as rows (``render.targets.html``'s layout): a line that continues the chain starts with
    an invisible copy of the left-hand side in force, so that its ``=`` stands under the one above."""
    rows, lhs = [], ""
    for line in steps.lines:
        lhs = line.lhs or lhs
        left = line.lhs or (f"\\hphantom{{{lhs}}}" if lhs else "")
        why: list[Node] = []
        for i, rule in enumerate(line.rules):
            why += ([{"t": "Str", "c": ";"}, {"t": "Space"}] if i else []) + rule_inlines(rule.name)
        wide, narrow, spans = step_displays(left, line.rhs)
        rows.append(div(["matderiv-step"] + (["matderiv-spans"] if spans else []),
                        layouts(wide, narrow, ["matderiv-eq"])
                        + [div(["matderiv-why"], [{"t": "Plain", "c": why}] if why else [])]))
    return div(["matderiv-steps"], rows)


def layouts(wide: list[str], narrow: list[str], classes: list[str]) -> list[Node]:
    """A display's lines in the wide layout and the narrow one, each a ``Div`` marked
    ``matderiv-wide`` and ``matderiv-narrow`` where they differ (``matderiv.css`` shows one)."""
    if wide == narrow:
        return [div(classes, [para([display(x) for x in wide])])]
    return [div(classes + ["matderiv-wide"], [para([display(x) for x in wide])]),
            div(classes + ["matderiv-narrow"], [para([display(x) for x in narrow])])]


def rule_inlines(name: str) -> list[Node]:
    """A rule's name in words, its formulas (``$…$``) as inline math."""
    return [node for piece, is_math in math_words(name)
            for node in ([inline(piece)] if is_math else words(piece))]


_WORD = re.compile(r"\s+|\S+")


def words(text: str) -> list[Node]:
    """Plain text as pandoc inlines: each run of spaces one ``Space``, a line break a ``SoftBreak``."""
    return [({"t": "SoftBreak"} if "\n" in run else {"t": "Space"}) if run.isspace() else {"t": "Str", "c": run}
            for run in _WORD.findall(text)]


def inline(tex: str) -> Node:
    return {"t": "Math", "c": [{"t": "InlineMath"}, tex]}


def display(tex: str) -> Node:
    return {"t": "Math", "c": [{"t": "DisplayMath"}, tex]}


def para(inlines: list[Node]) -> Node:
    return {"t": "Para", "c": inlines}


def strong(inlines: list[Node]) -> Node:
    return {"t": "Strong", "c": inlines}


def div(classes: list[str], blocks: list[Node]) -> Node:
    return {"t": "Div", "c": [["", classes, []], blocks]}


def code_block(code: str, language: str) -> Node:
    return {"t": "CodeBlock", "c": [["", [language], []], code]}
