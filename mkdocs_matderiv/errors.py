"""The error (and the warning) for an author's block, carrying where the mistake is.

Every message quotes text from the block, which may hold anything: a message is made
printable and short here, in one place, so no message can put a terminal escape, a
carriage return or 90,000 characters into a build log, or hide an invisible character.
"""

from __future__ import annotations

import re
import unicodedata

ENGINE_FAILED = "the engine failed on this input: "
"""How every refusal of the engine's own result begins (never the author's mistake: a result
that failed a check, a worked example or an expansion that disagrees with it)."""

MAX_MESSAGE_CHARS = 400
"""Characters of a message (its location included); a longer one loses its middle."""

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NAMES = {"\ufeff": "BYTE ORDER MARK"}


def printable(text: str) -> str:
    """``text`` with each character a log or terminal would act on or not show written out:
    a control character as an escape (``\\x1b``, ``\\r``), any other unprintable one (a
    zero-width joiner, a byte-order mark, a no-break space, a lone surrogate) by its code
    point and name (``<U+200D ZERO WIDTH JOINER>``)."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif unicodedata.category(ch) == "Cc":
            out.append(f"\\x{ord(ch):02x}")
        else:
            name = _NAMES.get(ch) or unicodedata.name(ch, "a lone surrogate" if "\ud800" <= ch <= "\udfff" else "")
            out.append(f"<U+{ord(ch):04X} {name}>" if name else f"<U+{ord(ch):04X}>")
    return "".join(out)


def shorten(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text`` cut to ``limit`` characters in the middle, so both what is wrong (its start)
    and what to do (its end) stay."""
    if len(text) <= limit:
        return text
    head = (limit - 3) * 3 // 5
    return f"{text[:head]} … {text[len(text) - (limit - 3 - head):]}"


def quoted(value: object, limit: int = 40) -> str:
    """A value of the block as a message quotes it: printable, cut to ``limit`` characters."""
    text = printable(str(value))
    return text if len(text) <= limit else text[:limit] + "…"


class _Located(Exception):
    """A message about a block with its place: line, key, column, page."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None,
                 key: str | None = None) -> None:
        self.message = printable(message)
        self.line = line
        self.column = column
        self.key = key
        self.page: str | None = None
        self.page_line: int | None = None
        super().__init__(self.message)

    def where(self) -> str:
        """``page.md, line 12: f, column 9`` — the location part of the message."""
        parts = []
        if self.page:
            parts.append(printable(self.page))
        if self.page_line is not None and self.line is not None:
            parts.append(f"line {self.page_line + self.line - 1}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        inner = []
        if self.key:
            inner.append(printable(self.key))
        if self.column is not None:
            inner.append(f"column {self.column}")
        loc = ", ".join(parts)
        if inner:
            loc = f"{loc}: {', '.join(inner)}" if loc else ", ".join(inner)
        return loc

    def __str__(self) -> str:
        loc = self.where()
        return shorten(f"{loc}: {self.message}" if loc else self.message)


class MatDerivError(_Located, ValueError):
    """A block that cannot be derived: bad YAML, a bad expression, mismatched shapes,
    or (never published) a result that failed its numeric check.

    Attributes:
        message: what is wrong and what was expected, without location (printable).
        line: the line inside the block (1-based), when known.
        column: the column inside the expression (1-based), when known.
        key: the block key the expression came from (``f``, ``where.Y``, ...).
        page: the page (set by the plugin), when known.
        page_line: the line in the page of the block's first body line, when known.
    """

    def located(self, *, line: int | None = None, key: str | None = None,
                column_offset: int = 0) -> MatDerivError:
        """The same error with the block line / key filled in where still unknown."""
        if self.line is None:
            self.line = line
        if self.key is None:
            self.key = key
        if column_offset and self.column is not None:
            self.column += column_offset
        return self


class MatDerivWarning(_Located, UserWarning):
    """A block that derives but may not say what its author meant (two names that look
    alike on the page).  ``derive()`` issues it with :func:`warnings.warn`; the MkDocs
    plugin logs it as a warning (so ``mkdocs build --strict`` fails), the command line
    prints it on stderr.  Located like :class:`MatDerivError`."""


_SURROGATE = re.compile("[\ud800-\udfff]")


def refuse_surrogates(text: str, *, line: int | None = None, key: str | None = None) -> str:
    """``text`` itself, unless it holds a lone surrogate (``"\\ud800"`` in YAML's double
    quotes, or a Python string): no page, file or log can hold one, so it is the author's
    located error here rather than an internal error where the text is written out."""
    if _SURROGATE.search(text):
        raise MatDerivError(f"'{quoted(text)}' holds a lone surrogate, which is not a character; "
                            "write the character itself", line=line, key=key)
    return text
