"""Renderers: expression trees and derivations to LaTeX, language text, JSON.

Every printer follows the pattern of SymPy's printers, kept small: a class
whose ``_print`` walks the node's MRO and calls ``_print_<Class>``, with
settings declared in ``_default_settings`` (unknown settings raise).
"""

from __future__ import annotations

from typing import Any

from mkdocs_matderiv.tree import Expr


class Printer:
    """Dispatch by node type; subclasses define ``_print_<Class>`` methods.

    Attributes:
        settings: the effective settings (``_default_settings`` updated by the caller's).
    """

    _default_settings: dict[str, Any] = {}

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        settings = dict(settings or {})
        unknown = sorted(set(settings) - set(self._default_settings))
        if unknown:
            raise TypeError(f"unknown setting(s) for {type(self).__name__}: {', '.join(unknown)}")
        self.settings = {**self._default_settings, **settings}

    def doprint(self, expr: Expr) -> str:
        """The whole expression as a string."""
        return self._print(expr)

    def _print(self, expr: Expr) -> str:
        for cls in type(expr).__mro__:
            method = getattr(self, f"_print_{cls.__name__}", None)
            if method is not None:
                return method(expr)
        raise TypeError(f"{type(self).__name__} cannot print {type(expr).__name__}")


__all__ = ["Printer"]
