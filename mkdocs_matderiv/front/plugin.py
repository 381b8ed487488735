"""The MkDocs plugin: registers the fence, tells it which page it is on, fails on request.

```yaml
plugins:
  - matderiv
```

is the whole set-up: where ``markdown_extensions`` lack ``pymdownx.superfences``
or ``pymdownx.arithmatex`` (generic mode), ``on_config`` adds them; where the site
loads no math script, the pages with math get the MathJax shipped in the package
(``math`` option, see ``mathscript``); every theme gets the package's stylesheet, the
derivations' layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.utils.meta import get_data

from mkdocs_matderiv.front import mathscript
from mkdocs_matderiv.front.cache import Cache
from mkdocs_matderiv.front.fences import NAME, RULES_NAME, MatDerivFence, find_blocks
from mkdocs_matderiv.front.log import logger
from mkdocs_matderiv.front.runner import Runner, site_defaults
from mkdocs_matderiv.language.options import STEPS

SUPERFENCES = "pymdownx.superfences"
ARITHMATEX = "pymdownx.arithmatex"


class MatDerivConfig(base.Config):
    """The plugin's options (all optional)."""

    steps = c.Optional(c.Choice(STEPS))
    """Default ``steps`` of the site's blocks."""
    check = c.Optional(c.Type(bool))
    """Default ``check`` of the site's blocks."""
    cache = c.Type(bool, default=True)
    """Keep rendered blocks in memory and in ``cache_dir``."""
    cache_dir = c.Type(str, default=".cache/plugin/matderiv")
    """Where the cache lives, relative to mkdocs.yml."""
    on_error = c.Choice(("warn", "fail"), default="warn")
    """``warn``: log and show an error box; ``fail``: also abort the build."""
    timeout = c.Type((int, float), default=30)
    """Seconds a block may take before it is reported as too slow (0: no limit)."""
    build_timeout = c.Type((int, float), default=600)
    """Seconds all blocks of one build may take together (0: no limit); blocks met after
    that are not derived, and the build ends with a warning listing them."""
    memory_limit = c.Type((int, float), default=256)
    """Megabytes the numeric check of one block may hold."""
    math = c.Choice(mathscript.CHOICES, default="auto")
    """``auto``: the site's own MathJax or KaTeX, else the shipped MathJax; ``mathjax``,
    ``katex``: the shipped one; ``none``: no script."""


class MatDerivPlugin(BasePlugin[MatDerivConfig]):
    """Turns ```` ```matderiv ```` blocks into typeset, numerically checked derivations."""

    def __init__(self) -> None:
        self.fence = MatDerivFence()
        self.rules_page: Any = None
        self.library: str | None = None
        self.served = False

    def on_config(self, config: Any) -> Any:
        """Configure the fence and make sure superfences and arithmatex are loaded."""
        cfg = self.config
        defaults = site_defaults(cfg.steps, cfg.check)
        cache = None
        if cfg.cache:
            project = Path(config.config_file_path or ".").parent
            cache = Cache(project / cfg.cache_dir, project=project)
        self.fence = MatDerivFence(Runner("html", defaults=defaults, cache=cache,
                                          timeout=cfg.timeout or None,
                                          build_timeout=cfg.build_timeout or None,
                                          memory_limit=cfg.memory_limit))
        _add_fences(config, self.fence)
        _check_arithmatex(config)
        self._choose_math(config)
        if mathscript.STYLESHEET not in config.extra_css:
            config.extra_css.append(mathscript.STYLESHEET)
        return config

    def on_files(self, files: Any, config: Any) -> Any:
        """Find the page with the table of rules (a ``matderiv-rules`` fence): steps link to it."""
        self.rules_page = next((f for f in files.documentation_pages()
                                if find_blocks(f.content_string, RULES_NAME)), None)
        return files

    def _choose_math(self, config: Any) -> None:
        own = mathscript.site_math(config.extra_javascript, config.theme.custom_dir)
        self.library = mathscript.library(self.config.math, own)
        self.served = False
        if own and self.library:
            logger.warning(
                "the site loads its own math script (%s) and `math: %s` adds the "
                "shipped %s: pages would be typeset twice. Use `math: auto` to typeset with "
                "the site's own.", own, self.config.math, self.library)

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        """Note where the page's blocks are: superfences does not tell the formatter."""
        self.fence.begin_page(page.file.src_uri, markdown, _front_matter_lines(page, markdown))
        self.fence.errors.clear()
        return markdown

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        """Prove each lemma once on the page, link each rule a step names to the rules page; with
        ``on_error: fail``, abort on the page's first bad block."""
        errors, self.fence.errors = self.fence.errors, []
        if errors and self.config.on_error == "fail":
            raise PluginError(f"matderiv: {errors[0]}")
        if "<p>Lemma (" in html:
            from mkdocs_matderiv.render.targets.html import lemmas_once   # the renderer: not for a warm build

            html = lemmas_once(html)
        if self.rules_page is not None:
            from mkdocs_matderiv.render.targets.html import link_rules   # the renderer: not for a warm build

            html = link_rules(html, self.rules_page.url_relative_to(page.file))
        if self.library and mathscript.has_math(html):
            self.served = True
            html += mathscript.script_tag(self.library, page.url)
        return html

    def on_post_build(self, config: Any) -> None:
        """Name every block the build's time budget skipped; copy the stylesheet, and the shipped
        math script when a page uses it, into the site."""
        skipped = self.fence.runner.skipped
        if skipped:
            logger.warning("the build's time budget (build_timeout: %g s) ran out; "
                           "%d block(s) were not derived: %s", self.fence.runner.build_timeout,
                           len(skipped), "; ".join(skipped))
        mathscript.copy_stylesheet(config.site_dir)
        if self.library and self.served:
            mathscript.copy_to_site(self.library, config.site_dir)


def _front_matter_lines(page: Any, markdown: str) -> int:
    """How many lines of the source file come before ``markdown`` (MkDocs strips front matter)."""
    try:
        source = (page.file.content_string if hasattr(page.file, "content_string")   # MkDocs 1.6
                  else Path(page.file.abs_src_path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, TypeError):
        return 0
    body, _ = get_data(source)
    if not markdown.startswith(body[:200]):    # another plugin rewrote the page: no offset known
        return 0
    return source[:len(source) - len(body)].count("\n")


def _add_fences(config: Any, fence: MatDerivFence) -> None:
    extensions: list = config.markdown_extensions
    if SUPERFENCES not in extensions:
        extensions.append(SUPERFENCES)
    settings = config.mdx_configs.setdefault(SUPERFENCES, {})
    custom = [f for f in settings.get("custom_fences", []) if f.get("name") not in (NAME, RULES_NAME)]
    for name in (NAME, RULES_NAME):
        custom.append({"name": name, "class": name, "format": fence.format,
                       "validator": fence.validator})
    settings["custom_fences"] = custom


def _check_arithmatex(config: Any) -> None:
    extensions: list = config.markdown_extensions
    if ARITHMATEX not in extensions:
        extensions.append(ARITHMATEX)
        config.mdx_configs[ARITHMATEX] = {"generic": True}
        return
    if not config.mdx_configs.get(ARITHMATEX, {}).get("generic", False):
        logger.warning("pymdownx.arithmatex is configured without `generic: true`; matderiv "
            "blocks are written for its generic mode (mkdocs-material's MathJax or KaTeX "
            "set-up), and the site's other math will not match them. Set "
            "`generic: true` under pymdownx.arithmatex in mkdocs.yml.")
