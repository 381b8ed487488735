"""Which math script typesets a site's derivations, and serving the shipped one and the stylesheet.

The plugin's ``math`` option: ``auto`` uses the site's own MathJax or KaTeX where it
loads one (mkdocs-material's documented set-ups put them in ``extra_javascript``),
and otherwise serves the MathJax shipped in the package; ``mathjax`` and ``katex``
serve the shipped one; ``none`` serves nothing. A page gets the script only when it
has arithmatex math, and only once, so nothing is typeset twice.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from collections.abc import Iterable
from typing import Any

from mkdocs.utils import get_relative_url

from mkdocs_matderiv import assets

CHOICES = ("auto", "mathjax", "katex", "none")
SITE_PATH = "assets/matderiv"
"""Where the shipped scripts go in the built site."""
STYLESHEET = f"{SITE_PATH}/{assets.SITE_CSS.name}"
"""The derivations' layout, in the site (every theme gets it: the layout is matderiv's own)."""
_MARKERS = ("mathjax", "katex", "tex-mml", "tex-chtml", "tex-svg")


def site_math(extra_javascript: Iterable[Any], custom_dir: str | None = None) -> str | None:
    """The script through which the site loads math of its own, if any."""
    for script in extra_javascript:
        path = str(getattr(script, "path", script))
        if any(marker in path.lower() for marker in _MARKERS):
            return path
    if custom_dir:
        for template in sorted(Path(custom_dir).rglob("*.html")):
            text = template.read_text(encoding="utf-8", errors="replace").lower()
            if any(marker in text for marker in ("mathjax", "katex")):
                return str(template)
    return None


def library(option: str, own: str | None) -> str | None:
    """The shipped library to serve (``mathjax``, ``katex``), or None for the site's own or none."""
    if option == "none" or (option == "auto" and own is not None):
        return None
    return "mathjax" if option == "auto" else option


def has_math(html: str) -> bool:
    """Whether a page's HTML has math for the script to typeset: arithmatex's, or a notebook's
    (mkdocs-jupyter) ``$…$`` in its rendered Markdown and LaTeX, which the loaders typeset too."""
    return 'class="arithmatex"' in html or ("jupyter-wrapper" in html and "$" in html)


def script_tag(lib: str, page_url: str) -> str:
    """The loader's ``<script>`` for a page at ``page_url`` (its URL relative to the site)."""
    src = get_relative_url(f"{SITE_PATH}/{assets.LOADERS[lib].name}", page_url)
    return f'\n<script src="{src}"></script>\n'


def copy_stylesheet(site_dir: str) -> None:
    """Put ``matderiv.css`` where ``STYLESHEET`` says."""
    target = Path(site_dir) / STYLESHEET
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(assets.SITE_CSS, target)


def copy_to_site(lib: str, site_dir: str) -> None:
    """Put the loader and the library (with its licence) into the built site."""
    target = Path(site_dir) / SITE_PATH
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(assets.LOADERS[lib], target)
    shutil.copytree(assets.LIBRARIES[lib], target / lib, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
