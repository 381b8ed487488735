"""The one block runner: options → cache → derive under the budgets → error report →
output for a named target. Every front end (the MkDocs plugin and the Python-Markdown
fence, the Sphinx directive, the notebook magic, ``matderiv render`` and ``derive``)
only finds its blocks and calls it, as markdown-exec's formatters call ``base_format``.

```python
from mkdocs_matderiv.front.runner import Runner

runner = Runner("latex", defaults={"steps": "brief"}, report=print)
outcome = runner.run("f: tr(A X)\\nwrt: X", {"check": "true"}, page="notes.md", line=12)
outcome.output      # the target's output: here the LaTeX fragment, for a bad block its
                    # error output (an error box, an error note, or None)
outcome.error       # None, or the MatDerivError located in the page ("notes.md, line 13: …"),
                    # which ``report`` was given as well
outcome.warnings    # MatDerivWarnings (two names that look alike), located, also given to
                    # ``warn`` (by default issued as Python warnings), cached or not
```

``target`` is a name of ``render.targets.TARGETS`` (``html``, ``markdown``, ``hugo``,
``latex``, ``json``, ``docutils``, ``notebook`` …); ``settings`` go to it
(``{"standalone": True}`` for latex). ``options`` are a block's own options as written
in a fence header, a directive or the magic's line (strings, ``OPTIONS``). ``line`` is
the page line of the block's opening fence (or a function giving it, called only when
the block fails). Nothing here escapes or formats: the target does, in one place.
"""

from __future__ import annotations

import json
import logging
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mkdocs_matderiv.errors import MatDerivError, MatDerivWarning
from mkdocs_matderiv.front.cache import Cache
from mkdocs_matderiv.language.options import STEPS
from mkdocs_matderiv.limits import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, BlockTimeout
from mkdocs_matderiv.render.targets import Target, target

OPTIONS: dict[str, tuple[str, ...]] = {"steps": STEPS, "check": ("true", "false")}
"""What a block's options may set (a fence header, a directive option, the magic's line)."""

log = logging.getLogger(__name__)

Line = int | Callable[[], int | None] | None


def site_defaults(steps: str | None = None, check: bool | None = None) -> dict[str, Any]:
    """A site's or a command's defaults for its blocks (``None``: not set, the block decides)."""
    return {key: value for key, value in (("steps", steps), ("check", check)) if value is not None}


def block_defaults(options: Mapping[str, str]) -> dict[str, Any]:
    """A block's options (strings) as block defaults; one ``OPTIONS`` does not list (a pandoc
    attribute, a mystmd option) is a located error."""
    for key, value in options.items():
        if value not in OPTIONS.get(key, ()):
            valid = ", ".join(f"{k}={'|'.join(v)}" for k, v in OPTIONS.items())
            raise MatDerivError(f"a matderiv block does not take {key}={value!r}; it takes {valid}", line=1)
    return {key: value == "true" if key == "check" else value for key, value in options.items()}


@dataclass
class Outcome:
    """What one block gave: the target's output, and the error when it failed."""

    output: Any
    error: MatDerivError | None = None
    warnings: list[MatDerivWarning] = field(default_factory=list)


@dataclass
class Runner:
    """Runs blocks for one target with one configuration (a site, a command, a notebook)."""

    target: str
    """The output's name in ``render.targets.TARGETS``."""
    defaults: dict[str, Any] = field(default_factory=dict)
    """Defaults for block keys (``steps``, ``check``), as a site or a command sets them."""
    cache: Cache | None = None
    """Where outputs are kept; None derives every time."""
    timeout: float | None = DEFAULT_TIMEOUT
    """Seconds a block may take (None: no limit)."""
    memory_limit: float | None = DEFAULT_MEMORY_MB
    """Megabytes a block's numeric check may hold."""
    build_timeout: float | None = None
    """Seconds all blocks may take together (None: no limit); blocks met once it is spent
    are not derived, each an error, and listed in ``skipped``."""
    settings: dict[str, Any] = field(default_factory=dict)
    """The target's settings."""
    report: Callable[[MatDerivError], object] | None = None
    """Where each located error goes (a log, a list), besides the outcome."""
    warn: Callable[[MatDerivWarning], object] | None = None
    """Where each located warning goes; None issues it as a Python warning."""
    spent: float = 0.0
    """Seconds spent deriving so far."""
    skipped: list[str] = field(default_factory=list)
    """``page, line N`` of each block the build budget skipped."""

    def __post_init__(self) -> None:
        self.output: Target = target(self.target, **self.settings)

    def run(self, source: str, options: Mapping[str, str] | None = None, *,
            page: str | None = None, line: Line = None) -> Outcome:
        """The output of one block; never raises for the block's sake (see the module's example)."""
        where = _Where(page, line)
        timeout, used_up = self._budget()
        start = time.monotonic()
        try:
            defaults = {**self.defaults, **block_defaults(options or {})}
            if used_up:
                raise self._skipped(where, "is used up")
            output, notes = self._output(source, defaults, timeout)
            return Outcome(output, None, self._warned(notes, where))
        except BlockTimeout as timed_out:
            if timeout != self.timeout:       # cut short by the build's budget, not its own
                error = self._skipped(where, "ran out while this block was derived")
            else:
                error = timed_out
        except MatDerivError as err:
            error = err
        except Exception as exc:  # a bug below us must not make the block vanish
            log.debug("internal error", exc_info=True)
            error = MatDerivError(f"internal error: {type(exc).__name__}: {exc}")
        finally:
            self.spent += time.monotonic() - start
        return self._failed(error, source, where)

    def _output(self, source: str, defaults: dict[str, Any], timeout: float | None) -> tuple[Any, list]:
        """The target's output and the block's warnings (``[message, line, key]``), from the
        cache where it has them."""
        cache = self.cache if self.output.cacheable else None
        key = Cache.key(source, {"defaults": defaults, "format": self.target, **self.settings})
        notes_key = Cache.key(source, {"defaults": defaults, "format": "warnings"})
        if cache is not None:
            cached = cache.get(key)
            if cached is not None:
                out = self.output.read(cached)
                if out is not None:
                    notes = cache.get(notes_key)          # a cached block warns again
                    return out, json.loads(notes) if notes else []
        from mkdocs_matderiv.api import derive

        derivation = derive(source, defaults=defaults or None, timeout=timeout,
                            memory_limit=self.memory_limit, warn=False)   # given to ``warn``, located
        found = [[w.message, w.line, w.key] for w in derivation.problem.warnings]
        if cache is None:
            return self.output.render(derivation), found
        text = self.output.write(derivation)
        if found:
            cache.put(notes_key, json.dumps(found))
        cache.put(key, text)
        return self.output.read(text), found

    def _warned(self, notes: list, where: _Where) -> list[MatDerivWarning]:
        """The block's warnings located in the page, each given to ``warn``."""
        out = []
        for message, line, key in notes:
            warning = MatDerivWarning(message, line=line, key=key)
            fence = where.line()
            warning.page, warning.page_line = where.page, None if fence is None else fence + 1
            if self.warn is not None:
                self.warn(warning)
            else:
                warnings.warn(warning, stacklevel=3)
            out.append(warning)
        return out

    def _budget(self) -> tuple[float | None, bool]:
        """The block's time budget (its own, cut to what the build has left) and whether
        nothing is left."""
        if not self.build_timeout:
            return self.timeout, False
        left = self.build_timeout - self.spent
        if left <= 0:
            return None, True
        return (left if not self.timeout or left < self.timeout else self.timeout), False

    def _skipped(self, where: _Where, what: str) -> MatDerivError:
        """The error of a block the build budget skips; the block is listed in ``skipped``."""
        first = where.line()
        self.skipped.append(f"{where.page or 'a page'}" + (f", line {first}" if first else ""))
        return MatDerivError(f"not derived: the build's time budget for matderiv blocks "
                             f"({self.build_timeout:g} s, the plugin's build_timeout) {what}",
                             line=1)

    def _failed(self, err: MatDerivError, source: str, where: _Where) -> Outcome:
        """Locate the error in the page, report it, and give the target's output for it."""
        err.page = where.page
        fence = where.line()
        if fence is not None:
            err.page_line = fence + 1
            if err.line is None:       # the block as a whole (a timeout, an internal error)
                err.line = 1
        if self.report is not None:
            self.report(err)
        return Outcome(self.output.error(err, source), err)


class _Where:
    """The page and the line of a block's opening fence, the line computed once, when asked."""

    def __init__(self, page: str | None, line: Line) -> None:
        self.page = page
        self._line = line
        self._known = not callable(line)

    def line(self) -> int | None:
        if not self._known:
            assert callable(self._line)
            self._line = self._line()
            self._known = True
        return self._line  # type: ignore[return-value]
