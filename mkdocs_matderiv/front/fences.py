"""The ```` ```matderiv ```` fence: a pymdownx.superfences custom fence.

This module only wires stages together: it finds blocks in a page (with their
line numbers, which superfences does not pass to formatters), asks the cache,
derives what is not cached, renders a Derivation as HTML, and turns a bad block
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

import html
import json
import re
import textwrap
import time
from dataclasses import dataclass, field
from typing import Any

from mkdocs_matderiv.errors import MatDerivError, MatDerivWarning
from mkdocs_matderiv.front.cache import Cache
from mkdocs_matderiv.front.log import logger
from mkdocs_matderiv.language.options import STEPS
from mkdocs_matderiv.limits import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, BlockTimeout

NAME = "matderiv"
"""The fence's info string."""

RULES_NAME = "matderiv-rules"
"""A fence whose body is ignored and which renders the table of rules (the docs use it)."""


FENCE_OPTIONS = {"steps": STEPS, "check": ("true", "false")}
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
    """A configured fence: block defaults, cache, error policy and the page being built."""

    defaults: dict[str, Any] = field(default_factory=dict)
    """Defaults for block keys (``steps``, ``check``)."""
    cache: Cache | None = None
    """Where rendered blocks are kept; None derives every time."""
    timeout: float | None = DEFAULT_TIMEOUT
    """Seconds a block may take (None: no limit)."""
    memory_limit: float | None = DEFAULT_MEMORY_MB
    """Megabytes a block's numeric check may hold."""
    build_timeout: float | None = None
    """Seconds all blocks of a build may take together (None: no limit); blocks met once it
    is spent are skipped, each with an error box, and listed in ``skipped``."""
    spent: float = 0.0
    """Seconds spent deriving so far in this build."""
    skipped: list[str] = field(default_factory=list)
    """``page, line N`` of each block the build budget skipped."""
    page: str | None = None
    """The page being converted (its path under docs/), for messages."""
    errors: list[MatDerivError] = field(default_factory=list)
    """The errors met so far (the plugin reads and clears them per page)."""
    _lines: dict[str, list[int]] = field(default_factory=dict)

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
        block_defaults = {**self.defaults, **_fence_defaults(options)}
        timeout, skip = self._block_budget()
        start = time.monotonic()
        try:
            if skip:
                raise self._skipped(src, "is used up")
            return self._render(src, block_defaults, timeout)
        except BlockTimeout as timed_out:
            if timeout != self.timeout:        # cut short by the build's budget, not its own
                return self._report(self._skipped(src, "ran out while this block was derived"), src)
            return self._report(timed_out, src)
        except MatDerivError as err:
            return self._report(err, src)
        except Exception as exc:  # a bug below us must not make the block vanish
            logger.debug("internal error", exc_info=True)
            return self._report(MatDerivError(f"internal error: {type(exc).__name__}: {exc}"), src)
        finally:
            self.spent += time.monotonic() - start

    def _block_budget(self) -> tuple[float | None, bool]:
        """The block's time budget (the per-block one, cut to what the build has left) and
        whether nothing is left."""
        if not self.build_timeout:
            return self.timeout, False
        left = self.build_timeout - self.spent
        if left <= 0:
            return None, True
        return (left if not self.timeout or left < self.timeout else self.timeout), False

    def _skipped(self, src: str, what: str) -> MatDerivError:
        """The error of a block the build budget skips; the block is listed in ``skipped``."""
        lines = self._lines.get(normalize(src))
        first = lines[0] if lines else None
        self.skipped.append(f"{self.page or 'a page'}" + (f", line {first}" if first else ""))
        return MatDerivError(f"not derived: the build's time budget for matderiv blocks "
                             f"({self.build_timeout:g} s, the plugin's build_timeout) {what}",
                             line=1)

    def _render(self, src: str, defaults: dict[str, Any], timeout: float | None) -> str:
        key = Cache.key(src, {"defaults": defaults, "format": "html"})
        notes_key = Cache.key(src, {"defaults": defaults, "format": "warnings"})
        if self.cache is not None:
            cached = self.cache.get(key)
            if cached is not None:
                notes = self.cache.get(notes_key)          # a cached block warns again
                self._warn(json.loads(notes) if notes else [], src)
                return cached
        from mkdocs_matderiv.api import derive
        from mkdocs_matderiv.render.targets.html import derivation_html

        derivation = derive(src, defaults=defaults or None, timeout=timeout,
                            memory_limit=self.memory_limit, warn=False)   # logged below, with the page
        out = derivation_html(derivation)
        found = [[w.message, w.line, w.key] for w in derivation.problem.warnings]
        if self.cache is not None:
            if found:
                self.cache.put(notes_key, json.dumps(found))
            self.cache.put(key, out)
        self._warn(found, src)
        return out

    def _warn(self, found: list, src: str) -> None:
        """Log the block's warnings (``[message, line, key]``) at its page and line."""
        lines = self._lines.get(normalize(src))
        for message, line, key in found:
            warning = MatDerivWarning(message, line=line, key=key)
            warning.page, warning.page_line = self.page, (lines[0] + 1 if lines else None)
            logger.warning("%s", warning)

    def _report(self, err: MatDerivError, src: str) -> str:
        err.page = self.page
        lines = self._lines.get(normalize(src))
        if lines:
            err.page_line = (lines.pop(0) if len(lines) > 1 else lines[0]) + 1
            if err.line is None:       # the block as a whole (a timeout, an internal error)
                err.line = 1
        self.errors.append(err)
        logger.warning("%s", err)
        return error_html(err, src)


def error_html(err: MatDerivError, src: str) -> str:
    """The error box shown in place of a block that failed."""
    return (
        '<div class="admonition failure matderiv-error">\n'
        '<p class="admonition-title">This matderiv block could not be derived</p>\n'
        f"<p>{html.escape(str(err), quote=False)}</p>\n"
        f'<pre><code class="language-yaml">{html.escape(src, quote=False)}</code></pre>\n'
        "</div>"
    )


def _fence_defaults(options: dict) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "steps" in options:
        out["steps"] = options["steps"]
    if "check" in options:
        out["check"] = options["check"] == "true"
    return out


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
