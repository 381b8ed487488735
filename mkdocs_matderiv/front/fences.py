"""The ```` ```matderiv ```` fence: a pymdownx.superfences custom fence.

This module only finds blocks in a page (with their line numbers, which
superfences does not pass to formatters) and hands each to the block runner
(``front.runner``: cache, derive, the ``html`` target), which turns a bad block
into a warning plus a visible error box. The MkDocs plugin configures one
``MatDerivFence`` per site; plain Python-Markdown uses the module-level
``validator`` / ``formatter`` pair:

```python
import markdown
from mkdocs_matderiv.front import fences

md = markdown.Markdown(extensions=["pymdownx.superfences"], extension_configs={
    "pymdownx.superfences": {"custom_fences": [
        {"name": "matderiv", "class": "matderiv",
         "validator": fences.validator, "format": fences.formatter}]}})
```
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

from mkdocs_matderiv.errors import MatDerivError, MatDerivWarning
from mkdocs_matderiv.front.log import logger
from mkdocs_matderiv.front.runner import OPTIONS, Runner

NAME = "matderiv"
"""The fence's info string."""

RULES_NAME = "matderiv-rules"
"""A fence whose body is ignored and which renders the table of rules (the docs use it)."""


FENCE_OPTIONS = OPTIONS
"""Options a fence header may set (```` ```{.matderiv steps="brief"} ````), and their values."""

_INFO = re.compile(r"^\{?\s*\.?(?P<lang>[\w.+-]+)")


# ---------------------------------------------------------------- finding blocks

@dataclass(frozen=True)
class FoundBlock:
    """A ```` ```matderiv ```` fence found in a page."""

    line: int
    """The line of the opening fence (1-based); the body starts on the next line."""
    body: str
    """The body with the fence's indentation removed."""
    start: int
    """Index of the opening fence line (0-based)."""
    end: int
    """Index one past the closing fence line."""
    indent: str
    """The indentation (and blockquote markers) of the opening fence."""


def _opening(line: str) -> tuple[str, str, str] | None:
    """``(indent, fence, info)`` of an opening fence line, else None: plain string scans,
    linear in the line (a regular expression with repetition was quadratic on a long one)."""
    rest = line.lstrip(" \t>")
    ws = line[:len(line) - len(rest)]
    char = rest[:1]
    if char not in ("`", "~"):
        return None
    body = rest.lstrip(char)
    fence = rest[:len(rest) - len(body)]
    if len(fence) < 3:
        return None
    return ws, fence, body.strip(" \t")


def find_blocks(markdown: str, name: str = NAME) -> list[FoundBlock]:
    """The ``name`` fences of a page, at any indentation, never inside another fence.

    Parameters:
        markdown: the page's Markdown source.
        name: the info string to look for.

    Returns:
        The blocks in page order. An unclosed fence runs to the end of the page,
        as in CommonMark.
    """
    lines = markdown.splitlines()
    found: list[FoundBlock] = []
    i = 0
    while i < len(lines):
        opening = _opening(lines[i])
        if not opening or (opening[1][0] == "`" and "`" in opening[2]):
            i += 1
            continue
        ws, fence, info_text = opening
        close = re.compile(rf"^[ \t>]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        info = _INFO.match(info_text)
        if info and info["lang"] == name:
            body = "\n".join(_strip_prefix(line, ws) for line in lines[i + 1:j])
            found.append(FoundBlock(i + 1, body, i, min(j + 1, len(lines)), ws))
        i = j + 1
    return found


def _strip_prefix(line: str, ws: str) -> str:
    if line.startswith(ws):
        return line[len(ws):]
    return line.lstrip(" \t>")


def normalize(body: str) -> str:
    """A block body as a lookup key: dedented, no trailing spaces, no blank edges."""
    lines = [line.rstrip() for line in textwrap.dedent(body).splitlines()]
    return "\n".join(lines).strip("\n")


# ---------------------------------------------------------------- the fence

@dataclass
class MatDerivFence:
    """A configured fence: the block runner (defaults, cache, budgets) and the page being built."""

    runner: Runner = field(default_factory=lambda: Runner("html"))
    """Runs every block of the site (``front.runner``), for the ``html`` target."""
    page: str | None = None
    """The page being converted (its path under docs/), for messages."""
    errors: list[MatDerivError] = field(default_factory=list)
    """The errors met so far (the plugin reads and clears them per page)."""
    _lines: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.runner.report = self._report
        self.runner.warn = _log

    def begin_page(self, page: str | None, markdown: str, line_offset: int = 0) -> None:
        """Remember where the page's blocks are, so errors can name their lines.

        ``line_offset``: the lines of the source file before ``markdown`` (front matter).
        """
        self.page = page
        self._lines = {}
        for block in find_blocks(markdown):
            self._lines.setdefault(normalize(block.body), []).append(block.line + line_offset)

    def validator(self, language: str, inputs: dict, options: dict, attrs: dict, md: Any) -> bool:
        """Accept the fence options of ``FENCE_OPTIONS``; anything else is not our fence."""
        return validator(language, inputs, options, attrs, md)

    def format(self, src: str, language: str, css_class: str, options: dict, md: Any,
               **kwargs: Any) -> str:
        """The HTML of one block: the derivation, or an error box (never raises)."""
        if language == RULES_NAME:
            from mkdocs_matderiv.render.targets.html import rules_html

            return rules_html(src.strip() or None)
        return self.runner.run(src, options, page=self.page, line=lambda: self._line(src)).output

    def _line(self, src: str) -> int | None:
        """The page line of a block's opening fence, found by its text (superfences does not
        pass it); of two equal blocks, the first is named first."""
        lines = self._lines.get(normalize(src))
        if not lines:
            return None
        return lines.pop(0) if len(lines) > 1 else lines[0]

    def _report(self, err: MatDerivError) -> None:
        self.errors.append(err)
        _log(err)


def _log(note: MatDerivError | MatDerivWarning) -> None:
    """An error or a warning of a block, on the plugin's logger (``--strict`` counts both)."""
    logger.warning("%s", note)


# ---------------------------------------------------------------- module-level fence

default_fence = MatDerivFence()
"""The fence used through the module-level ``formatter`` (plain Python-Markdown): the same
per-block time budget and memory limit as the plugin's defaults."""


def validator(language: str, inputs: dict, options: dict, attrs: dict, md: Any) -> bool:
    """superfences validator: accept ``steps`` and ``check`` options, reject others."""
    for key, value in inputs.items():
        if key not in FENCE_OPTIONS or value not in FENCE_OPTIONS[key]:
            return False
        options[key] = value
    return True


def formatter(src: str, language: str, css_class: str, options: dict, md: Any,
              **kwargs: Any) -> str:
    """superfences formatter: the block as HTML; a bad block logs a warning and shows an error box."""
    return default_fence.format(src, language, css_class, options, md, **kwargs)
