"""Renderers: expression trees and derivations to LaTeX, language text, JSON.

Every printer is a ``visitor.Printer``: the pattern of SymPy's printers, kept
small (``_print_<Class>`` methods found along the node's MRO, settings declared
in ``_default_settings``).
"""

from __future__ import annotations

from mkdocs_matderiv.visitor import Printer

__all__ = ["Printer"]
