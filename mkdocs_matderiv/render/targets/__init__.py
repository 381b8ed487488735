"""Output targets, one module each, found by name: ``target("latex").render(derivation)``.

Each target (``base.Target``) turns a derivation into its output, gives the output in
place of a block that failed, and escapes a block's own text for its context in one
place (``text``). Page targets write the parts of ``render.parts``, each part by its
own ``_print_<Part>`` method, as the printers do. A new target is one module with a
``Target`` subclass and one line in ``TARGETS``; a command-line choice also one word in
``FORMATS`` or ``FLAVORS``. Modules are imported on first use (the docutils target
needs Sphinx).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from mkdocs_matderiv.render.targets.base import Target

TARGETS: dict[str, str] = {
    "html": "html:Html",                # the MkDocs fence and Python-Markdown (arithmatex generic)
    "markdown": "markdown:Markdown",    # $…$ Markdown: derive --format markdown, a notebook's Markdown
    "mkdocs": "markdown:MkDocs",        # render --flavor …: the site generators' documented set-ups
    "hugo": "markdown:Hugo",
    "jekyll": "markdown:Jekyll",
    "pandoc": "markdown:Pandoc",
    "latex": "latex:Latex",             # an align* fragment, or with standalone=True an article
    "json": "json:Json",                # CONTRACT §4
    "docutils": "docutils:Docutils",    # the Sphinx directive's nodes
    "notebook": "notebook:Notebook",    # the %%matderiv cell's value
    "pandoc-ast": "pandoc:PandocAst",   # the pandoc filter's JSON AST (html=True: for an HTML writer)
    "myst": "myst:Myst",                # the mystmd plugin's mdast nodes
}
"""Each target's name and where it is (``module:Class`` in this package)."""

FORMATS = ("markdown", "latex", "json")
"""What ``matderiv derive --format`` writes."""

FLAVORS = ("mkdocs", "hugo", "jekyll", "pandoc")
"""What ``matderiv render --flavor`` writes."""


def target(name: str, **settings: Any) -> Target:
    """The target registered as ``name``, with its ``settings`` (``standalone=True`` for latex)."""
    if name not in TARGETS:
        raise KeyError(f"no output target {name!r}; the targets are {', '.join(TARGETS)}")
    module, _, cls = TARGETS[name].partition(":")
    return getattr(import_module(f"{__name__}.{module}"), cls)(settings)


__all__ = ["FLAVORS", "FORMATS", "TARGETS", "Target", "target"]
