"""Readable results in the simplest textbook form (see ``core`` for the method).

``Simplifier`` is the one entry point; ``cite`` turns the identities it relied on into
steps that name them.
"""

from mkdocs_matderiv.engine.simplify.cite import cite
from mkdocs_matderiv.engine.simplify.core import Simplifier

__all__ = ["Simplifier", "cite"]
