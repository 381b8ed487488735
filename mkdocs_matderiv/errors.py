"""The one error type for user mistakes, carrying where the mistake is."""

from __future__ import annotations

ENGINE_FAILED = "the engine failed on this input: "
"""How every refusal of the engine's own result begins (never the author's mistake: a result
that failed a check, a worked example or an expansion that disagrees with it)."""


class MatDerivError(ValueError):
    """A block that cannot be derived: bad YAML, a bad expression, mismatched shapes,
    or (never published) a result that failed its numeric check.

    Attributes:
        message: what is wrong and what was expected, without location.
        line: the line inside the block (1-based), when known.
        column: the column inside the expression (1-based), when known.
        key: the block key the expression came from (``f``, ``where.Y``, ...).
        page: the page (set by the plugin), when known.
        page_line: the line in the page of the block's first body line, when known.
    """

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None,
                 key: str | None = None) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.key = key
        self.page: str | None = None
        self.page_line: int | None = None
        super().__init__(message)

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

    def where(self) -> str:
        """``page.md, line 12: f, column 9`` — the location part of the message."""
        parts = []
        if self.page:
            parts.append(self.page)
        if self.page_line is not None and self.line is not None:
            parts.append(f"line {self.page_line + self.line - 1}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        inner = []
        if self.key:
            inner.append(self.key)
        if self.column is not None:
            inner.append(f"column {self.column}")
        loc = ", ".join(parts)
        if inner:
            loc = f"{loc}: {', '.join(inner)}" if loc else ", ".join(inner)
        return loc

    def __str__(self) -> str:
        loc = self.where()
        return f"{loc}: {self.message}" if loc else self.message
