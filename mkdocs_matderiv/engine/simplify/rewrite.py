"""The driver: every node of an expression in canonical form, bottom up, to a fixed point.

As SymPy canonicalises a matrix product (``matrices/expressions/matmul.py``: a tuple
of rules typed by node class, each tried until none applies), a node here is
rewritten by the entries of ``table.REWRITES`` for its class until none applies.
A rewrite reads the node as written (``reads="written"``: ``(X⁻¹)⁻¹``, or an
entry-wise product whole, before its own factors are rewritten), and what it returns
is put in canonical form again; or it reads the node with its children simplified
(``reads="simplified"``), and what it returns, built of those simplified parts, is
rewritten by the rules of its own class until none applies (or, for a rewrite marked
``again``, put in canonical form again: ``|Xᵀ| = |X|`` reads X anew).
Transposes are pushed down to the leaves on the way (``symmetry.transpose``); sums
and products are left to the monomial normal form (``monomials``), the core.

Every identity a reader may not see at once is kept as a fact ``(rule key, lhs,
rhs)`` in the list the caller passes: nothing is remembered between calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from mkdocs_matderiv.engine.simplify.powers import Fact
from mkdocs_matderiv.engine.simplify.symmetry import transpose
from mkdocs_matderiv.tree import Add, Diff, Expr, Identity, Mul, Num, Ones, Sym, T, Zero, add, mul


@dataclass(frozen=True)
class Simplified:
    """A simplified expression and the identities it relied on, in order of first use."""

    expr: Expr
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Assumed:
    """What the block assumes that changes the algebra: symmetric matrices (``Aᵀ = A``) and
    probability vectors (``𝟏ᵀy = 1``)."""

    symmetric: frozenset[str] = frozenset()
    probability: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Context:
    """What a rewrite may use: the block's assumptions, and the whole simplifier for a child."""

    assumed: Assumed
    simplify: Callable[[Expr], Simplified]

    @property
    def symmetric(self) -> frozenset[str]:
        return self.assumed.symmetric

    def child(self, e: Expr, facts: list[Fact]) -> Expr:
        """``e`` simplified; the facts it relied on added to ``facts``."""
        done = self.simplify(e)
        facts.extend(done.facts)
        return done.expr


@dataclass(frozen=True)
class Rewrite:
    """One identity: on a node of class ``on``, ``apply`` gives the rewritten node or None.

    ``key`` is the ``RULES`` entry (``engine/rules.py``) a step cites for it; ``apply``
    adds to ``facts`` the instances a reader is shown (none for a rewrite too plain to cite).
    """

    key: str
    on: type[Expr] | tuple[type[Expr], ...]
    apply: Callable[[Expr, Context, list[Fact]], Expr | None]
    reads: Literal["written", "simplified"] = "simplified"
    again: bool = False


_LEAVES = (Sym, Num, Identity, Ones, Zero, Diff)


class Driver:
    """The table's rewrites by node class and what they read, looked up once per class."""

    def __init__(self, rewrites: tuple[Rewrite, ...]) -> None:
        self.rewrites = rewrites
        self._by_class: dict[tuple[type, str], tuple[Rewrite, ...]] = {}

    def rules(self, node: Expr, reads: str) -> tuple[Rewrite, ...]:
        key = (type(node), reads)
        found = self._by_class.get(key)
        if found is None:
            found = tuple(r for r in self.rewrites if isinstance(node, r.on) and r.reads == reads)
            self._by_class[key] = found
        return found

    def canonical(self, e: Expr, ctx: Context, facts: list[Fact]) -> Expr:
        """``e`` with transposes at the leaves and every other node rewritten until no rewrite applies."""
        if isinstance(e, T):
            return transpose(self.canonical(e.arg, ctx, facts), ctx.symmetric, facts)
        if isinstance(e, (Mul, Add)):
            return (mul if isinstance(e, Mul) else add)(*(self.canonical(a, ctx, facts) for a in e.args))
        if isinstance(e, _LEAVES):
            return e
        for rewrite in self.rules(e, "written"):
            out = rewrite.apply(e, ctx, facts)
            if out is not None:
                return self.canonical(out, ctx, facts)
        node = e.rebuild(tuple(c if isinstance(c, Diff) else ctx.child(c, facts) for c in e.children))
        while True:
            for rewrite in self.rules(node, "simplified"):
                out = rewrite.apply(node, ctx, facts)
                if out is not None and out != node:
                    if rewrite.again:
                        return self.canonical(out, ctx, facts)
                    node = out
                    break
            else:
                return node
