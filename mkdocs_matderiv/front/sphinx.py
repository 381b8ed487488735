"""The Sphinx extension: a ``matderiv`` directive for reStructuredText and MyST.

```python
# conf.py
extensions = ["mkdocs_matderiv.front.sphinx"]       # add "myst_parser" for Markdown pages
```

``.. matderiv::`` in reStructuredText, or a ```` ```{matderiv} ```` fence in MyST
Markdown, takes the block body as its content, exactly as the MkDocs fence does.
This module only hands each block to the block runner (``front.runner``), which
derives it and lets the ``docutils`` target (``render.targets.docutils``) write the
parts every output shares as docutils nodes. Rendered parts are kept in the same
cache as the MkDocs side's (``front.cache``). A bad block is a Sphinx
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

import os
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from mkdocs_matderiv import __version__
from mkdocs_matderiv.errors import MatDerivError, MatDerivWarning
from mkdocs_matderiv.front.cache import Cache
from mkdocs_matderiv.front.runner import OPTIONS, Runner, site_defaults
from mkdocs_matderiv.limits import DEFAULT_TIMEOUT

logger = logging.getLogger(__name__)


class MatDerivDirective(SphinxDirective):
    """``.. matderiv::`` with a block body; ``:steps:`` and ``:check:`` as the fence's options."""

    has_content = True
    option_spec = {key: lambda arg, values=values: directives.choice(arg, values)
                   for key, values in OPTIONS.items()}

    def run(self) -> list[nodes.Node]:
        config = self.env.config
        check = None if config.matderiv_check is None else bool(config.matderiv_check)
        runner = Runner("docutils", defaults=site_defaults(config.matderiv_steps, check),
                        cache=_cache(self.env.app),
                        timeout=config.matderiv_timeout, report=self._report, warn=self._warn)
        source_file, _ = self.get_source_info()
        return runner.run("\n".join(self.content), self.options,
                          page=os.path.relpath(source_file, self.env.srcdir),
                          line=lambda: self._body_start(source_file)).output

    def _warn(self, note: MatDerivWarning) -> None:
        """A block's warning (two names that look alike) as a Sphinx warning at its line, so
        ``-W`` fails the build, cached or not."""
        line = (note.page_line or 1) + (note.line or 1) - 1
        logger.warning(f"matderiv: {note.key + ': ' if note.key else ''}{note.message}", type="matderiv",
                       subtype="warning", location=(self.env.docname, line))

    def _report(self, err: MatDerivError) -> None:
        """Warn with the file and the line of a mistake (its error box shows it in the page)."""
        location = f"{err.key}, column {err.column}: " if err.key and err.column else (
            f"{err.key}: " if err.key else "")
        line = (err.page_line or 1) + (err.line or 1) - 1
        logger.warning(f"matderiv: {location}{err.message}", location=(self.env.docname, line),
                       type="matderiv", subtype="block")

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
