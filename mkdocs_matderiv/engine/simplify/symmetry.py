"""Symmetry the expression itself implies, or the block assumes; never a guess.

``XᵀX``, ``XXᵀ``, ``AᵀSA`` with S symmetric (a product that reads the same
transposed), ``A + Aᵀ``, and inverses, powers, entry-wise functions and
Hadamard or Kronecker products of symmetric matrices are symmetric whatever
the values: ``((XᵀX)⁻¹)ᵀ = (XᵀX)⁻¹`` needs no assumption.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from mkdocs_matderiv.tree import (
    Add, Diag, Div, Expr, Func, Hadamard, Identity, Inv, Kron, Mul, Pow, Sym, T, is_vector,
)

ASSUMED = "symmetric"            # rule keys of engine/rules.py
IMPLIED = "symmetric.implied"


def symmetry(e: Expr, assumed: frozenset[str], transpose: Callable[[Expr], Expr]) -> str | None:
    """Why ``e`` is symmetric: ``ASSUMED`` (only assumptions used), ``IMPLIED`` (its form), or None.

    ``transpose`` is the simplifier's own (transposes at the leaves), so that the two
    halves of a palindromic product compare structurally.
    """
    def why(x: Expr) -> str | None:
        return symmetry(x, assumed, transpose)

    if e.scalar:
        return IMPLIED
    if isinstance(e, Sym):
        return ASSUMED if e.name in assumed else None
    if isinstance(e, Identity) or (isinstance(e, Diag) and is_vector(e.arg.shape)):
        return IMPLIED
    if isinstance(e, (Inv, T, Func)):
        return why(e.arg)
    if isinstance(e, (Pow, Div)):
        return why(e.left)
    if isinstance(e, (Hadamard, Kron)):
        return _all(why(a) for a in e.children)
    if isinstance(e, Mul):
        return _palindrome([a for a in e.args if not a.scalar], why, transpose)
    if isinstance(e, Add):
        return _closed_sum([a for a in e.args if not a.scalar], why, transpose)
    return None


def _all(reasons) -> str | None:
    reasons = list(reasons)
    if any(r is None for r in reasons):
        return None
    return ASSUMED if all(r == ASSUMED for r in reasons) else IMPLIED


def _palindrome(mats: list[Expr], why, transpose) -> str | None:
    """``M₁ … Mₖ`` with ``Mᵢᵀ = Mₖ₊₁₋ᵢ`` and a symmetric middle factor."""
    if len(mats) == 1:
        return why(mats[0])
    n = len(mats)
    if any(transpose(mats[i]) != mats[n - 1 - i] for i in range(n // 2)):
        return None
    if n % 2 and why(mats[n // 2]) is None:
        return None
    return IMPLIED


def _closed_sum(terms: list[Expr], why, transpose) -> str | None:
    """A sum whose terms are symmetric or come with their transposes (``A + Aᵀ``)."""
    count = Counter(terms)
    reasons = []
    for t in terms:
        r = why(t)
        if r is None and count[transpose(t)] != count[t]:
            return None
        reasons.append(r or IMPLIED)
    return _all(reasons) if terms else IMPLIED
