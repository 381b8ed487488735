"""A derivation as docutils nodes, for Sphinx: the same parts the HTML and Markdown get.

``render.parts.derivation_parts`` decides what a block shows; this module only
says how each part is written as a docutils node, so that every Sphinx builder
gets real math: ``math_block`` and ``math`` nodes are typeset by the project's
own MathJax or KaTeX set-up in HTML and written as LaTeX by the LaTeX builder.
The steps and the result are the one thing HTML shows otherwise: there they are
the MkDocs fence's own rows (``render.targets.html``: each line display math, its rule in
words beside it or under it, the result boxed by ``matderiv.css``), which fit a
phone's column where one wide ``aligned`` table cannot; every other builder gets
the ``aligned`` steps and the ``\\boxed`` result.

Parts travel through the derivation cache as JSON (``parts_to_data`` /
``parts_from_data``). What comes back from disk is untrusted: anything that is
not exactly the shape written here is refused as a cache miss.
"""

from __future__ import annotations

import json
from typing import Any

from docutils import nodes
from sphinx import addnodes

from mkdocs_matderiv.derivation import Derivation
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.present.layout import TEXTWIDTH
from mkdocs_matderiv.render.aligned import aligned, fit, groups, math_words
from mkdocs_matderiv.render.parts import (Boxed, Details, InlineMath, Math, Part, Prose, RuleRef, StepLine, Steps,
                                          Title)
from mkdocs_matderiv.render.targets.base import PageTarget
from mkdocs_matderiv.render.targets.html import Html
from mkdocs_matderiv.render.targets.markdown import boxed, steps_rows


class Docutils(PageTarget):
    """The nodes of one block, in a container of class ``matderiv``. The cache keeps the
    parts as JSON (``parts_to_data``), read back as nodes."""

    name = "docutils"

    def write(self, d: Derivation) -> str:
        from mkdocs_matderiv.render.parts import derivation_parts

        return json.dumps(parts_to_data(derivation_parts(d)), ensure_ascii=False)

    def read(self, text: str) -> list[nodes.Node] | None:
        try:
            parts = parts_from_data(json.loads(text))
        except (ValueError, RecursionError):     # damaged or hostile: a miss
            return None
        return None if parts is None else self.document([self._print(part) for part in parts])

    def document(self, parts: list[Any]) -> list[nodes.Node]:
        box = nodes.container(classes=["matderiv"])
        for node in parts:
            box += node
        return [box]

    def error(self, err: MatDerivError, source: str) -> list[nodes.Node]:
        """The error box shown in place of a block that failed: the message and the block."""
        box = nodes.admonition(classes=["error", "matderiv-error"])
        title = "This matderiv block could not be derived"
        box += nodes.title(title, title)
        message = str(err)
        box += nodes.paragraph(message, message)
        box += nodes.literal_block(source, source, language="yaml")
        return [box]

    def _print_Title(self, part: Title) -> nodes.Node:
        return nodes.rubric(part.text, part.text, classes=["matderiv-title"])

    def _print_Steps(self, part: Steps) -> list[nodes.Node]:
        bodies = [aligned(rows, TEXTWIDTH) for rows in groups(steps_rows(part, TEXTWIDTH))]
        return _html_or(part, [nodes.math_block(b, b, nowrap=False, number=None, classes=["matderiv-steps"])
                               for b in bodies])

    def _print_Boxed(self, part: Boxed) -> list[nodes.Node]:
        body = boxed(part, TEXTWIDTH)
        return _html_or(part, nodes.math_block(body, body, nowrap=False, number=None, classes=["matderiv-result"]))

    def _print_Math(self, part: Math) -> list[nodes.Node]:
        body = fit(part.latex, TEXTWIDTH)
        return _html_or(part, nodes.math_block(body, body, nowrap=False, number=None))

    def _print_Prose(self, prose: Prose) -> nodes.paragraph:
        para = nodes.paragraph()
        for piece in prose.pieces:
            para += self._print(piece)
        return para

    def _print_Details(self, part: Details) -> nodes.admonition:
        """A collapsible section of the HTML page becomes an admonition: every builder has one."""
        box = nodes.admonition(classes=["matderiv-details", part.kind])
        box += nodes.title(part.summary, part.summary)
        if part.prose is not None:
            box += self._print(part.prose)
        if part.code is not None:
            code = part.code.rstrip("\n")
            box += nodes.literal_block(code, code, language="python")
        return box

    def _print_str(self, piece: str) -> nodes.Node:
        return nodes.Text(piece)

    def _print_InlineMath(self, piece: InlineMath) -> nodes.Node:
        return nodes.math(piece.latex, piece.latex)

    def _print_RuleRef(self, ref: RuleRef) -> list[nodes.Node]:
        return [nodes.math(words, words) if is_math else nodes.Text(words)
                for words, is_math in math_words(ref.name)]


def _html_or(part: Steps | Boxed | Math, other: nodes.Node | list[nodes.Node]) -> list[nodes.Node]:
    """``part`` as the HTML rows in HTML builders, as ``other`` in every other builder."""
    html = Html()._print(part)
    web = addnodes.only(expr="html")
    web += nodes.raw(html, html, format="html")
    rest = addnodes.only(expr="not html")
    rest += other
    return [web, rest]


# ---------------------------------------------------------------- parts as cache data


def parts_to_data(parts: list[Part]) -> list[dict[str, Any]]:
    """Parts as JSON-ready data."""
    return [_part_data(p) for p in parts]


def _part_data(part: Part) -> dict[str, Any]:
    if isinstance(part, Title):
        return {"title": part.text}
    if isinstance(part, Steps):
        return {"steps": [[s.lhs, s.rhs, [[r.key, r.name] for r in s.rules]] for s in part.lines]}
    if isinstance(part, Boxed):
        return {"boxed": [part.lhs, part.rhs]}
    if isinstance(part, Math):
        return {"math": part.latex}
    if isinstance(part, Prose):
        return {"prose": _prose_data(part)}
    return {"details": part.summary, "kind": part.kind,
            "prose": _prose_data(part.prose) if part.prose else None, "code": part.code}


def _prose_data(prose: Prose) -> list[Any]:
    return [{"math": p.latex} if isinstance(p, InlineMath) else {"rule": p.key, "name": p.name}
            if isinstance(p, RuleRef) else p for p in prose.pieces]


def parts_from_data(data: Any) -> list[Part] | None:
    """Parts read back from cache data, or None when the data is not what ``parts_to_data`` writes."""
    if not isinstance(data, list):
        return None
    try:
        return [_part(item) for item in data]
    except (TypeError, KeyError, ValueError):
        return None


def _part(item: Any) -> Part:
    if not isinstance(item, dict):
        raise TypeError(item)
    if item.keys() == {"title"}:
        return Title(_str(item["title"]))
    if item.keys() == {"math"}:
        return Math(_str(item["math"]))
    if item.keys() == {"boxed"}:
        lhs, rhs = item["boxed"]
        return Boxed(_str(lhs), _str(rhs))
    if item.keys() == {"steps"}:
        return Steps(tuple(_step_line(line) for line in _list(item["steps"])))
    if item.keys() == {"prose"}:
        return _prose(item["prose"])
    if item.keys() == {"details", "kind", "prose", "code"}:
        prose = None if item["prose"] is None else _prose(item["prose"])
        code = None if item["code"] is None else _str(item["code"])
        return Details(_str(item["details"]), _str(item["kind"]), prose=prose, code=code)
    raise KeyError(sorted(item))


def _prose(pieces: Any) -> Prose:
    if not isinstance(pieces, list):
        raise TypeError(pieces)
    out: list[Any] = []
    for p in pieces:
        if isinstance(p, dict) and p.keys() == {"math"}:
            out.append(InlineMath(_str(p["math"])))
        elif isinstance(p, dict) and p.keys() == {"rule", "name"}:
            out.append(RuleRef(_str(p["rule"]), _str(p["name"])))
        else:
            out.append(_str(p))
    return Prose(tuple(out))


def _step_line(line: Any) -> StepLine:
    lhs, rhs, rules = _list(line)
    return StepLine(_str(lhs), _str(rhs), tuple(RuleRef(*map(_str, _list(r))) for r in _list(rules)))


def _list(value: Any) -> list:
    if not isinstance(value, list):
        raise TypeError(value)
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value
