"""The math scripts shipped inside the package, so derivations typeset on any site, offline.

MathJax (Apache-2.0) and KaTeX (MIT) are copied unmodified from their npm packages,
each with its LICENSE; the two loaders are ours. Anything that serves math (the
MkDocs plugin, a Sphinx set-up) takes the paths from here instead of a CDN.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).parent
"""This folder."""

MATHJAX_VERSION = "3.2.2"
MATHJAX_DIR = ROOT / "mathjax"
"""npm ``mathjax`` 3's ``es5/tex-svg-full.js`` (SVG output: no font files) and its LICENSE: one
file that typesets by itself, for set-ups that load MathJax without our configuration (the
Hugo, Jekyll and pandoc pages of ``matderiv render --flavor``)."""
MATHJAX_JS = MATHJAX_DIR / "tex-svg-full.js"

KATEX_VERSION = "0.16.47"
KATEX_DIR = ROOT / "katex"
"""npm ``katex``'s ``dist/katex.min.js``, ``katex.min.css``, ``contrib/auto-render.min.js``,
the ``.woff2`` fonts and its LICENSE."""
KATEX_JS = KATEX_DIR / "katex.min.js"
KATEX_CSS = KATEX_DIR / "katex.min.css"
KATEX_AUTO_RENDER = KATEX_DIR / "contrib" / "auto-render.min.js"

SITE_DIR = ROOT / "site"
"""What a page of derivations is served with, one copy for every front end: ``matderiv.css``
(the layout of the steps and the result), npm ``mathjax`` 4 (``mathjax/tex-svg.js``, which breaks
long displays to the column) with its fonts, and ``matderiv-mathjax.js``, its configuration
(``VENDOR.txt`` lists the files).  The docs site links to it (``docs/matderiv``); Sphinx copies it."""
SITE_CSS = SITE_DIR / "matderiv.css"
SITE_MATHJAX = SITE_DIR / "mathjax" / "tex-svg.js"
SITE_MATHJAX_CONFIG = SITE_DIR / "matderiv-mathjax.js"

LIBRARIES = {"mathjax": SITE_DIR, "katex": KATEX_DIR}
"""Each library's folder, by the name the plugin's ``math`` option uses (MathJax: the one the
docs site and Sphinx use, version 4, which breaks long displays)."""
LOADERS = {"mathjax": ROOT / "mathjax-loader.js", "katex": ROOT / "katex-loader.js"}
"""The one script a page includes: it configures the library (arithmatex's generic
``\\(…\\)`` / ``\\[…\\]`` in ``.arithmatex``) and loads it from beside itself."""
