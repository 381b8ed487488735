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

from mkdocs_matderiv.derivation import Derivation
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.render.aligned import aligned
from mkdocs_matderiv.render.parts import (Boxed, Details, InlineMath, Math, Part, Prose, RuleRef, Steps,
                                          Title)
from mkdocs_matderiv.render.targets.base import Target
from mkdocs_matderiv.render.targets.markdown import boxed, steps_rows

Node = dict[str, Any]
"""An mdast node as JSON: ``{"type": …, "children": […]}`` or ``{"type": …, "value": …}``."""

ERROR_TITLE = "This matderiv block could not be derived"

ADMONITION = {"success": "tip", "failure": "danger", "note": "note", "example": "note", "abstract": "note"}
"""MyST's admonition kind for each kind of collapsible section of the HTML page."""


class Myst(Target):
    """The mystmd plugin's nodes for one derivation."""

    name = "myst"

    def write(self, d: Derivation) -> str:
        from mkdocs_matderiv.render.parts import derivation_parts

        return json.dumps(derivation_nodes(derivation_parts(d)), ensure_ascii=False)

    def read(self, text: str) -> list[Node]:
        return json.loads(text)

    def error(self, err: MatDerivError, source: str) -> list[Node]:
        return error_nodes(str(err), source)


def derivation_nodes(parts: list[Part]) -> list[Node]:
    """The nodes of one derivation, in the page's flow (mystmd's exports know no ``div``)."""
    return [node for part in parts for node in part_nodes(part)]


def part_nodes(part: Part) -> list[Node]:
    """One part as mdast nodes."""
    if isinstance(part, Title):
        return [paragraph([strong(part.text)])]
    if isinstance(part, Steps):
        return [display(aligned(steps_rows(part)))]
    if isinstance(part, Boxed):
        return [display(boxed(part))]
    if isinstance(part, Math):
        return [display(part.latex)]
    if isinstance(part, Prose):
        return [paragraph(prose_nodes(part))]
    return [details_node(part)]


def details_node(part: Details) -> Node:
    """A collapsible section: an admonition of class ``dropdown``."""
    children: list[Node] = [{"type": "admonitionTitle", "children": [text(part.summary)]}]
    if part.prose is not None:
        children.append(paragraph(prose_nodes(part.prose)))
    if part.code is not None:
        children.append({"type": "code", "lang": "python", "value": part.code.rstrip("\n")})
    return {"type": "admonition", "kind": ADMONITION.get(part.kind, "note"), "class": "dropdown",
            "children": children}


def error_nodes(message: str, source: str) -> list[Node]:
    """What stands on the page for a block that failed: the message and the block."""
    return [{"type": "admonition", "kind": "error", "class": "matderiv-error", "children": [
        {"type": "admonitionTitle", "children": [text(ERROR_TITLE)]},
        paragraph([text(message)]),
        {"type": "code", "lang": "yaml", "value": source.rstrip("\n")}]}]


def prose_nodes(prose: Prose) -> list[Node]:
    """A sentence: text, inline math, rule names as words."""
    return [{"type": "inlineMath", "value": p.latex} if isinstance(p, InlineMath)
            else text(p.name if isinstance(p, RuleRef) else p) for p in prose.pieces]


def display(tex: str) -> Node:
    return {"type": "math", "value": tex, "enumerated": False}


def paragraph(children: list[Node]) -> Node:
    return {"type": "paragraph", "children": children}


def strong(words: str) -> Node:
    return {"type": "strong", "children": [text(words)]}


def text(words: str) -> Node:
    return {"type": "text", "value": words}
