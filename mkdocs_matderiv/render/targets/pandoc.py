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

from mkdocs_matderiv.derivation import Derivation
from mkdocs_matderiv.errors import MatDerivError

from mkdocs_matderiv.render.aligned import aligned, math_words
from mkdocs_matderiv.render.targets.base import Target
from mkdocs_matderiv.render.targets.markdown import boxed, steps_rows
from mkdocs_matderiv.render.parts import (Boxed, Details, InlineMath, Math, Part, Prose, RuleRef, Steps,
                                          Title)

Node = dict[str, Any]
"""A pandoc AST element as JSON: ``{"t": type, "c": contents}``."""

ERROR_TITLE = "This matderiv block could not be derived."


HTML_FORMATS = ("html", "html4", "html5", "chunkedhtml", "epub", "epub2", "epub3", "revealjs", "slidy",
                "slideous", "s5", "dzslides")
"""pandoc's writers whose math a browser typesets (the filter's first argument)."""


class PandocAst(Target):
    """The pandoc filter's blocks for one derivation (``html``: for a writer of ``HTML_FORMATS``)."""

    name = "pandoc-ast"
    _default_settings = {"html": False}

    def write(self, d: Derivation) -> str:
        from mkdocs_matderiv.render.parts import derivation_parts

        return json.dumps(derivation_blocks(derivation_parts(d), self.settings["html"]), ensure_ascii=False)

    def read(self, text: str) -> list[Node]:
        return json.loads(text)

    def error(self, err: MatDerivError, source: str) -> list[Node]:
        return error_blocks(str(err), source)


def derivation_blocks(parts: list[Part], html: bool = False) -> list[Node]:
    """The blocks of one derivation, in a ``Div`` of class ``matderiv``; ``html``: for a writer of
    ``HTML_FORMATS`` (steps as rows, the result boxed by the stylesheet)."""
    return [div(["matderiv"], [block for part in parts for block in part_blocks(part, html)])]


def part_blocks(part: Part, html: bool = False) -> list[Node]:
    """One part as pandoc blocks."""
    if isinstance(part, Title):
        return [para([strong(words(part.text))])]
    if isinstance(part, Steps):
        return [step_rows(part)] if html else [para([display(aligned(steps_rows(part)))])]
    if isinstance(part, Boxed):
        if html:
            return [div(["matderiv-result"], [para([display(part.latex)])])]
        return [para([display(boxed(part))])]
    if isinstance(part, Math):
        return [para([display(part.latex)])]
    if isinstance(part, Prose):
        return [para(prose_inlines(part))]
    return details_blocks(part)


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
        rows.append(div(["matderiv-step"], [div(["matderiv-eq"], [para([display(f"{left} = {line.rhs}")])]),
                                            div(["matderiv-why"], [{"t": "Plain", "c": why}] if why else [])]))
    return div(["matderiv-steps"], rows)


def rule_inlines(name: str) -> list[Node]:
    """A rule's name in words, its formulas (``$…$``) as inline math."""
    return [node for piece, is_math in math_words(name)
            for node in ([inline(piece)] if is_math else words(piece))]


def details_blocks(part: Details) -> list[Node]:
    """A collapsible section of the HTML page: here a ``Div`` (classes ``matderiv-details`` and
    its kind) that opens with the summary in bold; every writer has one."""
    lead = [strong(words(part.summary + "."))]
    if part.prose is not None:
        lead += [{"t": "Space"}, *prose_inlines(part.prose)]
    blocks = [para(lead)]
    if part.code is not None:
        blocks.append(code_block(part.code.rstrip("\n"), "python"))
    return [div(["matderiv-details", part.kind], blocks)]


def error_blocks(message: str, source: str) -> list[Node]:
    """What stands in the document for a block that failed: the message and the block."""
    return [div(["matderiv-error"], [para([strong(words(ERROR_TITLE))]), para(words(message)),
                                     code_block(source.rstrip("\n"), "yaml")])]


def prose_inlines(prose: Prose) -> list[Node]:
    """A sentence: words as ``Str``/``Space``, inline math as ``Math``, rule names as words."""
    out: list[Node] = []
    for piece in prose.pieces:
        if isinstance(piece, InlineMath):
            out.append(inline(piece.latex))
        elif isinstance(piece, RuleRef):
            out.extend(rule_inlines(piece.name))
        else:
            out.extend(words(piece))
    return out


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
