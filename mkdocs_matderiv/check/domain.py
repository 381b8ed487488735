"""Why an expression has no finite value at the block's ``values``: the author's mistake, named.

When the numeric check fails because ``f`` (or the result) is not finite, that is usually the
block's doing (a singular matrix under ``ln|X|``, ``ln`` of negative numbers, ``x = 0`` under
a square root), not the engine's.  This walks the subtrees that the given values fix, inner
first, and names the first operation that turns finite numbers into a non-finite one.
"""

from __future__ import annotations

import numpy as np

from mkdocs_matderiv.check.numeric import NotNumeric, evaluate
from mkdocs_matderiv.tree import Apply, Det, Div, ElemDiv, Expr, Func, Inv, Pow, free_symbols
from mkdocs_matderiv.words import describe

_FUNCTION = {"ln": "ln of a number that is not positive", "sqrt": "sqrt of a negative number"}


def _what(node: Expr, inputs: list[np.ndarray]) -> str:
    if isinstance(node, Func):
        if node.name == "sqrt" and inputs and np.any(inputs[0] == 0):
            return "the derivative of sqrt at 0"
        return _FUNCTION.get(node.name, f"{node.name} overflows")
    if isinstance(node, (Div, ElemDiv)):
        return "a division by zero"
    if isinstance(node, (Inv, Det)):
        return "the inverse of a singular matrix"
    if isinstance(node, Apply) and node.name == "logdet":
        return "ln|·| of a singular matrix (its determinant is 0)"
    if isinstance(node, Pow):
        return "a power of 0 or of a negative number"
    return f"{describe(node)} that is not finite"


def undefined_at_values(expr: Expr, values: dict[str, np.ndarray]) -> str | None:
    """The first operation of ``expr`` with finite inputs and a non-finite value at ``values``
    (only subtrees all of whose names have values), or None."""
    names = set(values)

    def value(node: Expr) -> np.ndarray | None:
        try:
            with np.errstate(all="ignore"):
                return evaluate(node, values)
        except (NotNumeric, KeyError, ValueError, ArithmeticError, np.linalg.LinAlgError):
            return None

    stack: list[tuple[Expr, bool]] = [(expr, False)]
    while stack:
        node, expanded = stack.pop()
        symbols = {s.name for s in free_symbols(node)}
        if not symbols or not symbols <= names:
            if not expanded:
                stack.extend((c, False) for c in node.children)
            continue
        if not expanded:                       # children first: the innermost culprit wins
            stack.append((node, True))
            stack.extend((c, False) for c in node.children)
            continue
        inputs = [v for v in (value(c) for c in node.children) if v is not None]
        if len(inputs) < len(node.children) or not all(np.all(np.isfinite(v)) for v in inputs):
            continue
        out = value(node)
        if out is None and isinstance(node, (Inv, Det)):
            return _what(node, inputs)
        if out is not None and not np.all(np.isfinite(out)):
            return _what(node, inputs)
    return None
