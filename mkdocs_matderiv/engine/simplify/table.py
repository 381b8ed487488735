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
from mkdocs_matderiv.engine.simplify.symmetry import transpose
from collections import Counter
from fractions import Fraction

from mkdocs_matderiv.tree import (
    Det, Diag, ElemDiv, ElemPow, Expr, Hadamard, Inv, Mul, Num, Ones, Pow, T, hadamard, mul,
)


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


def _row_as_column(e: Expr, ctx: Context, facts: list[Fact]) -> Expr | None:
    """``(Aᵀu) ⊙ vᵀ`` of row vectors as the transpose of one of columns, ``((uᵀA)ᵀ ⊙ v)ᵀ``: entry-wise
    products of vectors are written one way round, so that equal ones are seen equal."""
    if not (isinstance(e, Hadamard) and e.shape[0] == 1 and e.shape[1] != 1):
        return None
    return T(hadamard(*(ctx.child(transpose(a, ctx.symmetric, []), facts) for a in e.args)))


def _repeated_as_power(e: Expr, ctx: Context, facts: list[Fact]) -> Expr | None:
    """``u ⊙ u = u .^ 2``."""
    if not isinstance(e, Hadamard):
        return None
    count = Counter(e.args)
    if all(k == 1 for k in count.values()):
        return None
    args = [a if count[a] == 1 else ElemPow(a, Num(Fraction(count[a]))) for a in dict.fromkeys(e.args)]
    return hadamard(*args)


def _double_inverse(e: Expr, ctx: Context, facts: list[Fact]) -> Expr | None:
    return e.arg.arg if isinstance(e, Inv) and isinstance(e.arg, Inv) else None


def _scalar_out_of_inverse(e: Expr, ctx: Context, facts: list[Fact]) -> Expr | None:
    """``(αX)⁻¹ = α⁻¹ X⁻¹``: α is not 0 where the inverse exists."""
    if not (isinstance(e, Inv) and isinstance(e.arg, Mul)):
        return None
    scalars = [a for a in e.arg.args if a.scalar]
    mats = [a for a in e.arg.args if not a.scalar]
    if not scalars or not mats:
        return None
    out = mul(*(Num(1 / a.value) if isinstance(a, Num) else from_power(a, Fraction(-1)) for a in scalars),
              Inv(mul(*mats)))
    facts.append(("inverse.scalar", e, out))
    return out


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
    Rewrite("inverse.scalar", Inv, _scalar_out_of_inverse),
    Rewrite("hadamard.ones", Hadamard, _ones_dropped),
    Rewrite("hadamard.row", Hadamard, _row_as_column),
    Rewrite("hadamard.power", Hadamard, _repeated_as_power),
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


