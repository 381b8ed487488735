"""The hook ``api`` calls: the extras a block asks for, stored in ``result.extras``.

``values:`` gives ``"worked"`` (``extras.values``), ``expand:`` gives ``"expansion"``
(``extras.expand``).  The expansion needs SymPy, so it is imported only for a block
with ``expand:``: every other block derives without loading SymPy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from mkdocs_matderiv.block import Problem
from mkdocs_matderiv.check.numeric import NotNumeric
from mkdocs_matderiv.derivation import Result
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.extras.values import worked_example


def attach(problem: Problem, result: Result) -> None:
    """Store ``worked`` and ``expansion`` in ``result.extras`` where the block asks for them.

    A disagreement with the general result raises ``MatDerivError`` (and so does the
    block's time budget, ``BlockTimeout``).  An extra that merely cannot be computed
    (a size SymPy or NumPy refuses, a singular matrix) is left out: the derivation
    itself is still published.
    """
    makers: list[tuple[str, Callable[[Problem, Result], Any]]] = [("worked", worked_example)]
    if problem.expand is not None and problem.method != "entries":  # there the steps are the expansion
        from mkdocs_matderiv.extras.expand import expansion

        makers.append(("expansion", expansion))
    for key, make in makers:
        try:
            value = make(problem, result)
        except MatDerivError:
            raise
        except (NotNumeric, ArithmeticError, ValueError, TypeError, np.linalg.LinAlgError):
            continue                    # SymPy's SympifyError is a ValueError
        if value is not None:
            result.extras[key] = value
