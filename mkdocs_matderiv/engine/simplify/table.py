"""The rewrites of single nodes, one entry each: the table ``rewrite.Driver`` runs.

Each entry is an identity a teacher uses without a second thought, keyed by the
``RULES`` entry a step cites.  The functions' own identities (``σ' = σ ⊙ (1 - σ)``,
``exp(u) ⊘ (1 + exp(u)) = σ(u)``) come from the functions table (``functions.py``)
through the entry-wise algebra of ``known``.  Sums and products are not here: the
monomial normal form (``monomials``) is the core that collects them.
"""

from __future__ import annotations

from mkdocs_matderiv.engine.simplify.known import diag_of_ones, entrywise
from mkdocs_matderiv.engine.simplify.powers import Fact, from_power, power_form
from mkdocs_matderiv.engine.simplify.rewrite import Context, Driver, Rewrite
from mkdocs_matderiv.tree import Det, ElemDiv, Expr, Diag, Hadamard, Inv, Mul, Num, Ones, Pow, T, hadamard


def _operands(e: Expr, ctx: Context, facts: list[Fact]) -> Expr:
    """An entry-wise product or quotient with its operands simplified, not yet itself."""
    if isinstance(e, (Hadamard, ElemDiv)):
        return e.rebuild(tuple(_operands(a, ctx, facts) for a in e.children))
    return ctx.child(e, facts)


def _entrywise_whole(e: Expr, ctx: Context, facts: list[Fact]) -> Expr | None:
    """The whole entry-wise product first: ``σ(-x)``, not ``σ(x) ⊙ exp(-x)``."""
    return entrywise(_operands(e, ctx, facts), facts)


def _entrywise(e: Expr, ctx: Context, facts: list[Fact]) -> Expr | None:
    return entrywise(e, facts)


def _ones_dropped(e: Expr, ctx: Context, facts: list[Fact]) -> Expr | None:
    """``𝟏 ⊙ A = A``; ``Aᵀ ⊙ Bᵀ = (A ⊙ B)ᵀ``: one transpose."""
    assert isinstance(e, Hadamard)
    args = [a for a in e.args if not _all_ones(a)] or [e.args[0]]
    transposed = [a.arg for a in args if isinstance(a, T)]
    if len(transposed) == len(args):
        return T(hadamard(*transposed))
    return hadamard(*args)


def _double_inverse(e: Expr, ctx: Context, facts: list[Fact]) -> Expr | None:
    return e.arg.arg if isinstance(e, Inv) and isinstance(e.arg, Inv) else None


def _diag_of_ones(e: Expr, ctx: Context, facts: list[Fact]) -> Expr | None:
    return diag_of_ones(e, facts)


def _det_transpose(e: Expr, ctx: Context, facts: list[Fact]) -> Expr | None:
    """``|Xᵀ| = |X|``."""
    if isinstance(e, Det) and isinstance(e.arg, T):
        facts.append(("det.transpose", e, Det(e.arg.arg)))
        return Det(e.arg.arg)
    return None


def _det_power(e: Expr, ctx: Context, facts: list[Fact]) -> Expr | None:
    """``|X^k| = |X|^k``."""
    if isinstance(e, Det) and isinstance(e.arg, (Inv, Pow)):
        base, k = power_form(e.arg)
        if not isinstance(base, T):
            return from_power(Det(base), k)
    return None


REWRITES: tuple[Rewrite, ...] = (
    Rewrite("hadamard.cancel", Hadamard, _entrywise_whole, reads="written"),
    Rewrite("inverse.inverse", Inv, _double_inverse, reads="written"),
    Rewrite("hadamard.ones", Hadamard, _ones_dropped),
    Rewrite("hadamard.cancel", ElemDiv, _entrywise),
    Rewrite("diag.ones", Diag, _diag_of_ones),
    Rewrite("det.transpose", Det, _det_transpose, again=True),
    Rewrite("det.power", Det, _det_power, again=True),
)
"""In order: for a node, the first that applies is taken, and the result rewritten again."""

DRIVER = Driver(REWRITES)


def _all_ones(e: Expr) -> bool:
    """``1``, ``𝟏``, ``𝟏ᵀ`` or ``𝟏𝟏ᵀ``: a factor of a Hadamard product that changes nothing."""
    if isinstance(e, Num):
        return e.value == 1
    if isinstance(e, Mul):
        return all(_all_ones(a) for a in e.args)
    return isinstance(e, Ones) or (isinstance(e, T) and isinstance(e.arg, Ones))


