"""What every output target is: a derivation in, its output (and its cache form) out.

``Target`` is what the runner (``front.runner``) asks of any target: the output of a
derivation, the output in place of a block that failed, and the text the cache keeps.
``PageTarget`` writes the parts of ``render.parts`` as the printers do
(``visitor.Printer``): each part, and each piece of a sentence, goes to the target's
``_print_<Class>`` method; a part a target has no method for reaches ``not_supported``,
the one door, which raises rather than show it as something else. A block's own text
(a title, a message, the block's source) reaches the output only through ``text``,
the target's one escaping place.
"""

from __future__ import annotations

from typing import Any, ClassVar

from mkdocs_matderiv.derivation import Derivation
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.visitor import Printer


class Target:
    """An output for derivations, found by ``name`` in ``render.targets.TARGETS``.

    The runner caches ``write(d)`` (text) and gives the front end ``read(text)``; a
    target whose output is not text sets ``cacheable`` to False and overrides ``render``.
    """

    name: ClassVar[str] = ""
    cacheable: ClassVar[bool] = True
    """Whether ``write``'s text is what the cache keeps."""
    _default_settings: dict[str, Any] = {}

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        unknown = sorted(set(settings or {}) - set(self._default_settings))
        if unknown:
            raise TypeError(f"the {self.name} target takes no setting {', '.join(unknown)}")
        self.settings = {**self._default_settings, **(settings or {})}

    def render(self, d: Derivation) -> Any:
        """The output for a derivation."""
        return self.read(self.write(d))

    def write(self, d: Derivation) -> str:
        """The derivation as the text the cache keeps."""
        raise NotImplementedError

    def read(self, text: str) -> Any:
        """The output from ``write``'s text (from the cache, untrusted): None when damaged."""
        return text

    def error(self, err: MatDerivError, source: str) -> Any:
        """The output in place of a block that failed (``err`` already located); None where the
        front end reports the error alone (a command's exit status, a cell without a value)."""
        return None

    def text(self, text: str) -> str:
        """A block's own text, escaped for this output: the one place that does it."""
        return text


class PageTarget(Target, Printer[Any]):
    """A target that writes the parts of a derivation, one ``_print_<Part>`` method each."""

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        Printer.__init__(self, settings)

    def write(self, d: Derivation) -> Any:
        from mkdocs_matderiv.render.parts import derivation_parts

        return self.document([self._print(part) for part in derivation_parts(d)])

    def document(self, parts: list[Any]) -> Any:
        """The printed parts as one block."""
        raise NotImplementedError

    def not_supported(self, node: Any) -> Any:
        """The one door for a part this target cannot show: an error, never another part."""
        raise TypeError(f"the {self.name} target cannot show a {type(node).__name__}")
