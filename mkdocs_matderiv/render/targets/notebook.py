"""A notebook's display: the derivation itself, which Jupyter shows through its
``_repr_markdown_`` and ``_repr_latex_`` (the ``markdown`` and ``latex`` targets)."""

from __future__ import annotations

from typing import Any

from mkdocs_matderiv.derivation import Derivation
from mkdocs_matderiv.render.targets.base import Target


class Notebook(Target):
    """The value of a ``%%matderiv`` cell; a bad block leaves the cell without one."""

    name = "notebook"
    cacheable = False

    def render(self, d: Derivation) -> Any:
        return d
