"""Computed numbers as a page shows them: the one place that decides how a number reads.

``number`` and ``matrix`` give the JSON values (an int where a value is integral, else six
significant digits); ``number_latex`` and ``bmatrix`` give their LaTeX.  NumPy is imported
only when an array is converted: the renderers load without it.
"""

from __future__ import annotations

import math
from typing import Any

from mkdocs_matderiv.render.latex import latex_matrix

SIGNIFICANT = 6
"""Significant digits of a computed number that is not an integer."""


def number(x: float) -> int | float:
    """An int when ``x`` is integral (``5``, not ``5.0``), else ``x`` to 6 significant digits.

    Raises:
        ValueError: ``x`` is not finite (nothing shows an infinity as a worked number).
    """
    x = float(x)
    if not math.isfinite(x):
        raise ValueError("a value is not finite")
    r = round(x)
    if abs(x - r) <= 1e-9 * max(1.0, abs(x)):
        return int(r)
    return float(f"{x:.{SIGNIFICANT}g}")


def matrix(value: Any, scalar: bool = False) -> Any:
    """A 2-D array as nested rows of numbers (a column vector ``[[13], [14]]``); a scalar as a number."""
    import numpy as np

    a = np.asarray(value, dtype=float)
    if scalar:
        return number(a.reshape(-1)[0])
    a = a.reshape(a.shape[0], -1) if a.ndim == 2 else a.reshape(-1, 1)
    return [[number(v) for v in row] for row in a]


def number_latex(x: Any) -> str:
    """``0.333333``, ``42``; a float with an exponent as ``1.5 \\times 10^{-7}``."""
    if not isinstance(x, float):
        return str(x)
    text = f"{x:.{SIGNIFICANT}g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return f"{mantissa} \\times 10^{{{int(exponent)}}}"


def bmatrix(value: Any) -> str:
    """A number, or nested lists of numbers as ``\\begin{bmatrix} … \\end{bmatrix}``."""
    if not isinstance(value, (list, tuple)):
        return number_latex(value)
    rows = [value] if value and not isinstance(value[0], (list, tuple)) else value
    if len(rows) == 1 and len(rows[0]) == 1:
        return number_latex(rows[0][0])
    return latex_matrix([[number_latex(x) for x in row] for row in rows])
