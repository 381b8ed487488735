"""The Sphinx extension: a ``matderiv`` directive for reStructuredText and MyST.

```python
# conf.py
extensions = ["mkdocs_matderiv.front.sphinx"]       # add "myst_parser" for Markdown pages
```

``.. matderiv::`` in reStructuredText, or a ```` ```{matderiv} ```` fence in MyST
Markdown, takes the block body as its content, exactly as the MkDocs fence does.
This module only wires stages together: it derives the block (``api.derive``),
asks ``render.parts`` for the parts every output shares, and lets
``render.targets.docutils`` write them as docutils nodes. Rendered parts are kept in the
same cache as the MkDocs side's (``front.cache``). A bad block is a Sphinx
warning naming the source file and line (``-W`` makes it fail the build) and an
error box on the page; the rest of the project still builds.

Options (``conf.py``): ``matderiv_steps``, ``matderiv_check`` (block defaults),
``matderiv_cache`` (default True), ``matderiv_cache_dir`` (default
``.cache/matderiv`` beside ``conf.py``), ``matderiv_timeout`` (seconds per block).
HTML pages get ``matderiv.css``, the layout the MkDocs site uses (steps as rows with
the rule beside each line or under it on a phone, the result boxed), from the package.
Where the project sets no ``mathjax_path`` of its own, the packaged MathJax 4 is served
with the docs site's configuration, so the pages typeset offline and long displays
break to the column.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from mkdocs_matderiv import __version__
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.front.cache import Cache
from mkdocs_matderiv.front.fences import FENCE_OPTIONS
from mkdocs_matderiv.limits import DEFAULT_TIMEOUT
from mkdocs_matderiv.render.targets.docutils import derivation_nodes, error_nodes, parts_from_data, parts_to_data

logger = logging.getLogger(__name__)


class MatDerivDirective(SphinxDirective):
    """``.. matderiv::`` with a block body; ``:steps:`` and ``:check:`` as the fence's options."""

    has_content = True
    option_spec = {key: lambda arg, values=values: directives.choice(arg, values)
                   for key, values in FENCE_OPTIONS.items()}

    def run(self) -> list[nodes.Node]:
        source = "\n".join(self.content)
        defaults = self._defaults()
        try:
            parts = self._parts(source, defaults)
        except MatDerivError as err:
            return self._report(err, source)
        except Exception as exc:  # a bug below us must not make the block, or the page, vanish
            return self._report(MatDerivError(f"internal error: {type(exc).__name__}: {exc}"), source)
        return derivation_nodes(parts)

    def _defaults(self) -> dict[str, Any]:
        config = self.env.config
        out: dict[str, Any] = {}
        if config.matderiv_steps is not None:
            out["steps"] = config.matderiv_steps
        if config.matderiv_check is not None:
            out["check"] = bool(config.matderiv_check)
        if "steps" in self.options:
            out["steps"] = self.options["steps"]
        if "check" in self.options:
            out["check"] = self.options["check"] == "true"
        return out

    def _parts(self, source: str, defaults: dict[str, Any]) -> list:
        cache = _cache(self.env.app)
        key = Cache.key(source, {"defaults": defaults, "format": "docutils"})
        notes_key = Cache.key(source, {"defaults": defaults, "format": "warnings"})
        if cache is not None:
            cached = cache.get(key)
            if cached is not None:
                try:
                    parts = parts_from_data(json.loads(cached))
                    notes = json.loads(cache.get(notes_key) or "[]")   # a cached block warns again
                except (ValueError, RecursionError):     # damaged or hostile: a miss
                    parts = None
                if parts is not None:
                    self._warn(notes)
                    return parts
        from mkdocs_matderiv.api import derive
        from mkdocs_matderiv.render.parts import derivation_parts

        derivation = derive(source, defaults=defaults or None, timeout=self.env.config.matderiv_timeout,
                            warn=False)
        parts = derivation_parts(derivation)
        notes = [[w.message, w.line, w.key] for w in derivation.problem.warnings]
        if cache is not None:
            if notes:
                cache.put(notes_key, json.dumps(notes, ensure_ascii=False))
            cache.put(key, json.dumps(parts_to_data(parts), ensure_ascii=False))
        self._warn(notes)
        return parts

    def _warn(self, notes: list) -> None:
        """The block's warnings (``[message, line, key]``: two names that look alike) as Sphinx
        warnings at their line, so ``-W`` fails the build, cached or not."""
        source_file, _ = self.get_source_info()
        for message, line, key in notes:
            logger.warning(f"matderiv: {key + ': ' if key else ''}{message}", type="matderiv",
                           subtype="warning", location=(self.env.docname,
                                                        self._body_start(source_file) + (line or 1)))

    def _report(self, err: MatDerivError, source: str) -> list[nodes.Node]:
        """Warn with the file and the line of the mistake; show the error in the page."""
        source_file, _ = self.get_source_info()
        line = self._body_start(source_file) + (err.line or 1)
        location = f"{err.key}, column {err.column}: " if err.key and err.column else (
            f"{err.key}: " if err.key else "")
        logger.warning(f"matderiv: {location}{err.message}", location=(self.env.docname, line),
                       type="matderiv", subtype="block")
        return error_nodes(f"{os.path.relpath(source_file, self.env.srcdir)}, line {line}: "
                           f"{location}{err.message}", source)

    def _body_start(self, source_file: str) -> int:
        """The 0-based line of the file where the block body starts.

        reStructuredText gives it as ``content_offset``; MyST passes 0 there, so the
        body's first line is looked up after the fence (options lines may come first).
        """
        if self.content_offset or not self.content:
            return self.content_offset or self.lineno
        try:
            lines = Path(source_file).read_text(encoding="utf-8").splitlines()
        except OSError:
            return self.lineno
        first = self.content[0].strip()
        for index in range(self.lineno, min(len(lines), self.lineno + 50)):
            if lines[index].strip() == first:
                return index
        return self.lineno


def _cache(app: Sphinx) -> Cache | None:
    if not app.config.matderiv_cache:
        return None
    directory = app.config.matderiv_cache_dir or os.path.join(app.confdir, ".cache", "matderiv")
    return Cache(directory, project=app.confdir)


def _site_assets(app: Sphinx, config: Any) -> None:
    """The steps' CSS on every HTML page; the packaged MathJax 4 and its configuration where
    the project points at MathJax's CDN default (html_static_path copies into ``_static/``)."""
    from sphinx.ext import mathjax

    from mkdocs_matderiv.assets import SITE_CSS, SITE_DIR, SITE_MATHJAX, SITE_MATHJAX_CONFIG

    app.add_css_file(SITE_CSS.name)
    if config.mathjax_path != mathjax.MATHJAX_URL:
        config.html_static_path = [*config.html_static_path, str(SITE_CSS)]
        return
    config.html_static_path = [*config.html_static_path, str(SITE_DIR)]
    config.mathjax_path = SITE_MATHJAX.relative_to(SITE_DIR).as_posix()
    app.add_js_file(SITE_MATHJAX_CONFIG.name)     # before MathJax, which Sphinx loads deferred


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive, its options, the steps' CSS and the offline MathJax."""
    app.setup_extension("sphinx.ext.mathjax")
    app.add_config_value("matderiv_steps", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("matderiv_check", None, "env", types=frozenset({bool, type(None)}))
    app.add_config_value("matderiv_cache", True, "env", types=frozenset({bool}))
    app.add_config_value("matderiv_cache_dir", "", "env", types=frozenset({str, Path}))
    app.add_config_value("matderiv_timeout", DEFAULT_TIMEOUT, "env",
                         types=frozenset({int, float, type(None)}))
    app.add_directive("matderiv", MatDerivDirective)
    app.connect("config-inited", _site_assets)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
