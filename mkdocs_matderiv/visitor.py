"""One dispatcher below every stage: a tree node to the method for its type.

The printers (LaTeX, text, NumPy) and the SymPy converter all walk the tree the
way SymPy's printers do: the first ``<prefix><Class>`` method along the node's
MRO handles it, so a method for a base class (``_print__Unary``) serves its
subclasses.  What a target cannot express reaches ``not_supported``, as SymPy's
``CodePrinter._print_not_supported``: each visitor raises its own error there
(``NotNumeric`` for NumPy, ``NotExplicit`` for SymPy).

It sits beside ``tree/`` and imports nothing of the package, so every stage
may build on it without an upward import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

T = TypeVar("T")


class Visitor(Generic[T]):
    """Dispatch by node type to ``<prefix><Class>`` methods, found along the MRO once per class."""

    prefix: ClassVar[str] = "_visit_"
    _methods: ClassVar[dict[type, str | None]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._methods = {}                      # one cache per visitor class: methods differ

    def visit(self, node: Any) -> T:
        """The value for ``node`` (``not_supported`` when no method handles its type)."""
        kind = type(node)
        name = self._methods.get(kind, "")
        if name == "":
            name = next((f"{self.prefix}{c.__name__}" for c in kind.__mro__
                         if hasattr(self, f"{self.prefix}{c.__name__}")), None)
            self._methods[kind] = name
        if name is None:
            return self.not_supported(node)
        method: Callable[[Any], T] = getattr(self, name)
        return method(node)

    def not_supported(self, node: Any) -> T:
        """What the target cannot express; subclasses raise the error their callers expect."""
        raise TypeError(f"{type(self).__name__} cannot handle {type(node).__name__}")


class Printer(Visitor[T]):
    """A visitor with settings, as SymPy's printers: ``_print_<Class>`` methods, settings declared
    in ``_default_settings`` (an unknown one raises ``TypeError``).

    Attributes:
        settings: the effective settings (``_default_settings`` updated by the caller's).
    """

    prefix = "_print_"
    _default_settings: dict[str, Any] = {}

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        settings = dict(settings or {})
        unknown = sorted(set(settings) - set(self._default_settings))
        if unknown:
            raise TypeError(f"unknown setting(s) for {type(self).__name__}: {', '.join(unknown)}")
        self.settings = {**self._default_settings, **settings}

    def doprint(self, expr: Any) -> Any:
        """The whole expression."""
        return self._print(expr)

    def _print(self, expr: Any) -> T:
        return self.visit(expr)

    def not_supported(self, node: Any) -> T:
        raise TypeError(f"{type(self).__name__} cannot print {type(node).__name__}")


__all__ = ["Printer", "Visitor"]
