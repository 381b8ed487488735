"""Symmetry the expression itself implies, or the block assumes; never a guess.

``XᵀX``, ``XXᵀ``, ``AᵀSA`` with S symmetric (a product that reads the same
transposed), ``A + Aᵀ``, and inverses, powers, entry-wise functions and
Hadamard or Kronecker products of symmetric matrices are symmetric whatever
the values: ``((XᵀX)⁻¹)ᵀ = (XᵀX)⁻¹`` needs no assumption.  ``transpose`` moves a
transpose down to the leaves, where a symmetric matrix drops it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from mkdocs_matderiv.engine.simplify.powers import Fact
from mkdocs_matderiv.tree import (
    Add, Diag, Div, Expr, Func, Hadamard, Identity, Inv, Kron, Mul, Pow, Sym, T, Zero, add, is_vector, mul,
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


def transpose(e: Expr, assumed: frozenset[str], facts: list[Fact]) -> Expr:
    """``eᵀ`` for an ``e`` whose transposes are already at the leaves; a symmetric leaf keeps none
    (a fact when only its form says so)."""
    if isinstance(e, T):
        return e.arg
    if isinstance(e, Mul):
        if e.scalar and not any(not a.scalar for a in e.args):
            return e
        return mul(*(transpose(a, assumed, facts) for a in reversed(e.args)))
    if isinstance(e, Add):
        return add(*(transpose(a, assumed, facts) for a in e.args))
    if isinstance(e, Div):
        return Div(transpose(e.left, assumed, facts), e.right)
    if isinstance(e, Kron):
        return Kron(transpose(e.left, assumed, facts), transpose(e.right, assumed, facts))
    if isinstance(e, Pow) and not e.left.scalar:
        return Pow(transpose(e.left, assumed, facts), e.right)
    if isinstance(e, Identity) or (isinstance(e, Diag) and is_vector(e.arg.shape)):
        return e
    if isinstance(e, Zero):
        return Zero((e.shape[1], e.shape[0]))
    if e.scalar:
        return e
    why = why_symmetric(e, assumed)
    if why is not None:
        if why == IMPLIED:
            facts.append((IMPLIED, T(e), e))
        return e
    return T(e)


@lru_cache(maxsize=8192)
def flipped(e: Expr, assumed: frozenset[str]) -> Expr:
    """``eᵀ`` for a comparison or a choice of form: no fact is kept."""
    return transpose(e, assumed, [])


def why_symmetric(e: Expr, assumed: frozenset[str]) -> str | None:
    """The rule key that makes ``e`` symmetric (assumption or form), or None."""
    return symmetry(e, assumed, lambda x: flipped(x, assumed))


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
