"""``python -m mkdocs_matderiv.assets DIR``: copy what a page of derivations is served with into DIR.

For the set-ups that build HTML without the MkDocs plugin or Sphinx (pandoc, Quarto,
Jekyll, Python-Markdown): DIR gets MathJax 4 with its fonts and ``matderiv-mathjax.js``
(its configuration, which reads pandoc's and arithmatex's math), ``matderiv.css`` and
KaTeX (``DIR/katex/``), each with its licence. Pages then load them from DIR, offline.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from mkdocs_matderiv.assets import KATEX_DIR, SITE_DIR


def copy_assets(target: Path) -> None:
    """Put the site folder (MathJax 4, its configuration, the stylesheet) and KaTeX into ``target``."""
    ignore = shutil.ignore_patterns("__pycache__", "*.py", "VENDOR.txt")
    shutil.copytree(SITE_DIR, target, dirs_exist_ok=True, ignore=ignore)
    shutil.copytree(KATEX_DIR, target / "katex", dirs_exist_ok=True, ignore=ignore)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python -m mkdocs_matderiv.assets DIR   (copies MathJax 4, its configuration, "
              "matderiv.css and KaTeX into DIR)", file=sys.stderr)
        return 2
    copy_assets(Path(args[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
