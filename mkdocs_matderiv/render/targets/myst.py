"""A derivation as MyST's AST (mdast, as mystmd's ``myst-spec`` defines it), for the mystmd plugin.

Formulas are ``math`` and ``inlineMath`` nodes (not numbered), words ``text`` nodes,
so every mystmd output has the derivation its own way: KaTeX on the web site, LaTeX
for PDF, Word, Markdown. The steps are one ``aligned`` display with each rule
beside its line and the result ``\\boxed``, as in LaTeX; the numeric check and the
NumPy code are admonitions of class ``dropdown`` (folded on the web site). The parts
are ``render.parts``'; this module only says how each is written as mdast nodes.
"""

from __future__ import annotations

import json
from typing import Any

from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.present.layout import NARROW
from mkdocs_matderiv.render.aligned import aligned, fit, groups
from mkdocs_matderiv.render.parts import (Boxed, Details, InlineMath, Math, Prose, RuleRef, Steps,
                                          Title)
from mkdocs_matderiv.render.targets.base import PageTarget
from mkdocs_matderiv.render.targets.markdown import boxed, steps_rows

Node = dict[str, Any]
"""An mdast node as JSON: ``{"type": …, "children": […]}`` or ``{"type": …, "value": …}``."""

ERROR_TITLE = "This matderiv block could not be derived"

ADMONITION = {"success": "tip", "failure": "danger", "note": "note", "example": "note", "abstract": "note"}
"""MyST's admonition kind for each kind of collapsible section of the HTML page."""


class Myst(PageTarget):
    """The mystmd plugin's nodes for one derivation, in the page's flow (mystmd's exports know
    no ``div``)."""

    name = "myst"

    def document(self, parts: list[list[Node]]) -> str:
        return json.dumps([node for nodes in parts for node in nodes], ensure_ascii=False)

    def read(self, text: str) -> list[Node]:
        return json.loads(text)

    def error(self, err: MatDerivError, source: str) -> list[Node]:
        """What stands on the page for a block that failed: the message and the block."""
        return [{"type": "admonition", "kind": "error", "class": "matderiv-error", "children": [
            {"type": "admonitionTitle", "children": [text(ERROR_TITLE)]},
            paragraph([text(str(err))]),
            {"type": "code", "lang": "yaml", "value": source.rstrip("\n")}]}]

    def _print_Title(self, part: Title) -> list[Node]:
        return [paragraph([strong(part.text)])]

    def _print_Steps(self, part: Steps) -> list[Node]:
        return [display(aligned(rows, NARROW)) for rows in groups(steps_rows(part))]

    def _print_Boxed(self, part: Boxed) -> list[Node]:
        return [display(boxed(part))]

    def _print_Math(self, part: Math) -> list[Node]:
        return [display(fit(part.latex, NARROW))]

    def _print_Prose(self, part: Prose) -> list[Node]:
        return [paragraph([self._print(piece) for piece in part.pieces])]

    def _print_Details(self, part: Details) -> list[Node]:
        """A collapsible section: an admonition of class ``dropdown``."""
        children: list[Node] = [{"type": "admonitionTitle", "children": [text(part.summary)]}]
        if part.prose is not None:
            children += self._print(part.prose)
        if part.code is not None:
            children.append({"type": "code", "lang": "python", "value": part.code.rstrip("\n")})
        return [{"type": "admonition", "kind": ADMONITION.get(part.kind, "note"), "class": "dropdown",
                 "children": children}]

    def _print_str(self, piece: str) -> Node:
        return text(piece)

    def _print_InlineMath(self, piece: InlineMath) -> Node:
        return {"type": "inlineMath", "value": piece.latex}

    def _print_RuleRef(self, ref: RuleRef) -> Node:
        return text(ref.name)


def display(tex: str) -> Node:
    return {"type": "math", "value": tex, "enumerated": False}


def paragraph(children: list[Node]) -> Node:
    return {"type": "paragraph", "children": children}


def strong(words: str) -> Node:
    return {"type": "strong", "children": [text(words)]}


def text(words: str) -> Node:
    return {"type": "text", "value": words}
