"""Validation of a block's plain keys: options, shapes, assumptions, functions, values."""

from __future__ import annotations

import math
import re
from fractions import Fraction

from mkdocs_matderiv.errors import MatDerivError, quoted
from mkdocs_matderiv.language.names import canonical_name
from mkdocs_matderiv.suggest import explain

STEPS = ("full", "brief", "none")
"""What ``steps`` may be: the block key, the fence header, the plugin and CLI options."""
METHODS = ("differential", "increment", "entries")
"""How a derivation goes (CONTRACT §1 ``method``)."""
CHOICES = {"vec": ("column", "row"), "layout": ("numerator", "denominator"), "steps": STEPS,
           "method": METHODS}
PROPERTIES = ("symmetric", "invertible", "positive_definite", "probability")
FUNCTION_KINDS = ("elementwise", "scalar")
_TRUE, _FALSE = ("true", "yes", "on"), ("false", "no", "off")
_DIM = re.compile(r"[A-Za-z](?:[0-9]+|_[A-Za-z0-9]+)?")
"""A dimension name: one letter, optionally numbered (``n``, ``n2``, ``n_x``); a word such as
``banana`` or ``matrix`` is a mistake, not a dimension."""
MAX_EXPAND = 6
MAX_OPTION_CHARS = 100
"""Characters of a shape, a size or a name; checked before any regular expression reads it."""


def _short(value, key: str) -> str:
    text = str(value).strip()
    if len(text) > MAX_OPTION_CHARS:
        raise MatDerivError(f"'{quoted(text)}' is {len(text)} characters long (the limit is "
                            f"{MAX_OPTION_CHARS})", key=key)
    return text


def choice(key: str, value) -> str:
    allowed = CHOICES[key]
    text = str(value).strip().lower()
    if text not in allowed:
        raise MatDerivError(f"expected one of {', '.join(allowed)}, got '{quoted(value)}'", key=key)
    return text


def boolean(key: str, value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise MatDerivError(f"expected true or false, got '{quoted(value)}'", key=key)


def order(value) -> int:
    """``order``: 1 (a first derivative) or 2 (a Hessian)."""
    text = str(value).strip()
    if text not in ("1", "2"):
        raise MatDerivError(f"expected 1 or 2 (the order of the derivative), got '{quoted(value)}'", key="order")
    return int(text)


def expand_size(value) -> tuple[int, int] | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)) and len(value) == 2:
        parts = [str(v) for v in value]
    elif isinstance(value, int) and not isinstance(value, bool):
        parts = [str(value)] * 2
    else:
        parts = re.split(r"\s*[xX×]\s*", _short(value, "expand"))
        if len(parts) == 1:
            parts = parts * 2
    if len(parts) != 2 or not all(p.isdigit() and 1 <= int(p) <= MAX_EXPAND for p in parts):
        raise MatDerivError(f"expected a small size such as 2x2 (at most {MAX_EXPAND}), "
                            f"got '{quoted(value)}'", key="expand")
    return int(parts[0]), int(parts[1])


def name_of(section: str, raw) -> str:
    name = canonical_name(str(raw))
    if name is None:
        why = explain(str(raw))
        raise MatDerivError(f"'{quoted(raw)}' is not a name" + (f": {why}" if why else ""), key=section)
    return name


def mapping(section: str, value) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MatDerivError("expected a mapping of names (name: ...)", key=section)
    return value


def shape_spec(name: str, value) -> tuple:
    """``"m x n"``, ``m×n``, ``[m, n]``, ``"n"``, ``"1"``, ``scalar`` -> a shape."""
    key = f"shapes.{name}"
    if isinstance(value, (list, tuple)):
        parts = [_short(v, key) for v in value]
    else:
        text = _short(value, key)
        if text.lower() == "scalar":
            return (1, 1)
        if text[:1] == "[" and text[-1:] == "]":
            text = text[1:-1]
        text = re.sub(r"(?<=\d)\s*[xX]\s*(?=\d)", "×", text)
        text = re.sub(r"\s+[xX*]\s+", "×", text)
        parts = [p.strip() for p in re.split(r"[×,]", text)]
    dims: list[int | str] = []
    for p in parts:
        if p.isdigit() and int(p) >= 1:
            dims.append(int(p))
        elif _DIM.fullmatch(p):
            dims.append(p)
        else:
            dims = []
            break
    if len(dims) == 1:
        return (1, 1) if dims[0] == 1 else (dims[0], 1)
    if len(dims) == 2:
        return tuple(dims)
    written = f"[{', '.join(map(str, value))}]" if isinstance(value, (list, tuple)) else value
    raise MatDerivError(f"'{name}' has the shape '{quoted(written)}'; write \"m x n\" (a matrix), "
                        f"\"n\" (a vector) or \"scalar\", each size a number or one letter "
                        f"(n, n2, n_x)", key=key)


def entry_grid(name: str, value) -> tuple[tuple[str, ...], ...]:
    """``[x_1, x_2]`` (a column vector) or ``[[a, b], [c, d]]`` (a matrix, by rows) -> rows of
    canonical entry names."""
    key = f"entries.{name}"
    if isinstance(value, str):
        raise MatDerivError(f"'{name}' lists its entries as [x_1, x_2] or [[a, b], [c, d]]", key=key)
    if not isinstance(value, (list, tuple)) or not value:
        raise MatDerivError(f"'{name}' needs a list of entry names", key=key)
    nested = [isinstance(v, (list, tuple)) for v in value]
    if any(nested) and not all(nested):
        raise MatDerivError(f"'{name}': every row of entries is a list, or none is", key=key)
    rows = [list(v) for v in value] if all(nested) else [[v] for v in value]
    if len({len(r) for r in rows}) != 1 or not rows[0]:
        raise MatDerivError(f"'{name}': every row of entries has the same length", key=key)
    grid = tuple(tuple(name_of(key, e) for e in row) for row in rows)
    flat = [e for row in grid for e in row]
    if len(set(flat)) != len(flat):
        raise MatDerivError(f"'{name}' lists an entry twice", key=key)
    return grid


def properties(name: str, value) -> frozenset[str]:
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value]
    else:
        items = str(value).strip().strip("[]").split(",")
    out = set()
    for item in items:
        prop = re.sub(r"[\s-]+", "_", item.strip().lower())
        if prop not in PROPERTIES:
            raise MatDerivError(f"'{quoted(item.strip())}' is not a property; expected "
                                f"{', '.join(PROPERTIES)}", key=f"assume.{name}")
        out.add(prop)
    return frozenset(out)


def function_kind(name: str, value) -> str:
    kind = str(value).strip().lower()
    if kind not in FUNCTION_KINDS:
        raise MatDerivError(f"'{name}' must be elementwise or scalar, got '{quoted(value)}'",
                            key=f"functions.{name}")
    return kind


def array(name: str, value):
    """Numbers for ``values``: a 2-D float array (vector -> (n, 1), scalar -> (1, 1))."""
    import numpy as np

    bad = MatDerivError(f"'{name}' must be a number, a list of numbers or a list of rows",
                        key=f"values.{name}")

    def number(v) -> float:
        if isinstance(v, bool):
            raise bad
        if isinstance(v, (int, float, Fraction)) or hasattr(v, "dtype"):
            x = float(v)
        elif isinstance(v, str):
            try:
                x = float(v)
            except ValueError:
                try:
                    x = float(Fraction(v.strip()))
                except (ValueError, ZeroDivisionError):
                    raise bad from None
        else:
            raise bad
        if not math.isfinite(x):
            raise bad
        return x

    def convert(v):
        if isinstance(v, (list, tuple)):
            return [convert(x) for x in v]
        if isinstance(v, np.ndarray):
            return convert(v.tolist())
        return number(v)

    try:
        arr = np.array(convert(value), dtype=float)
    except MatDerivError:
        raise
    except ValueError:
        raise MatDerivError(f"the rows of '{name}' have different lengths",
                            key=f"values.{name}") from None
    if arr.ndim == 0:
        arr = arr.reshape(1, 1)
    elif arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2 or arr.size == 0:
        raise bad
    return arr
