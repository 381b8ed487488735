"""Readable results: like terms collected, common factors pulled out, the algebra a teacher does.

The method: every node put in canonical form by the table of rewrites (``table``,
run to a fixed point by ``rewrite.Driver``: transposes at the leaves, entry-wise
quotients cancelled, known functions recognised), then the monomial normal form
(``monomials``: products expanded, factors in power form, like terms added), then
rebuilt as a teacher writes it (``rebuild``).  A matrix that is symmetric by
assumption or by its form (``(XᵀX)⁻¹``, see ``symmetry``) loses its transposes.

``simplified`` is a pure function of the expression and the symmetric names: it
returns the result with the identities it relied on (``Simplified.facts``, by rule
key), and is cached as such.  ``Simplifier`` is what the engine's stages hold: the
block's assumptions, and the record of what they had simplified, which ``cite``
shows where the derivation first shows each result.
"""

from __future__ import annotations

from functools import lru_cache

from mkdocs_matderiv.engine.simplify.monomials import monomials
from mkdocs_matderiv.engine.simplify.powers import Fact
from mkdocs_matderiv.engine.simplify.rebuild import build, present
from mkdocs_matderiv.engine.simplify.rewrite import Assumed, Context, Simplified
from mkdocs_matderiv.engine.simplify.symmetry import transpose, why_symmetric
from mkdocs_matderiv.engine.simplify.table import DRIVER
from mkdocs_matderiv.tree import Expr


NOTHING_ASSUMED = Assumed()


@lru_cache(maxsize=4096)
def simplified(e: Expr, assumed: Assumed = NOTHING_ASSUMED) -> Simplified:
    """``e`` in its simplest textbook form under the assumptions, with the facts it relied on."""
    facts: list[Fact] = []
    ctx = Context(assumed, lambda x: simplified(x, assumed))
    pushed = DRIVER.canonical(e, ctx, facts)
    symmetric = assumed.symmetric
    out = present(build(monomials(pushed, assumed, facts), e.shape, symmetric), symmetric)
    return Simplified(out, tuple(dict.fromkeys(facts)))


class Simplifier:
    """The simplifier of one block: its symmetric names and probability vectors, and the record of
    what it simplified."""

    def __init__(self, symmetric: frozenset[str] = frozenset(), probability: frozenset[str] = frozenset()) -> None:
        self.symmetric = symmetric
        self.probability = probability
        self.assumed = Assumed(symmetric, probability)
        self.record: list[Simplified] = []
        """Each result a stage asked for that relied on facts, in order: what ``cite`` shows."""

    def __call__(self, e: Expr, after: Expr | None = None) -> Expr:
        """``e`` simplified; ``after``: a result ``e`` was made from (the gradient from its
        transpose), whose facts ``e`` relies on too, shown where ``e`` is."""
        done = simplified(e, self.assumed)
        earlier = tuple(f for d in self.record if d.expr == after for f in d.facts) if after is not None else ()
        if earlier:
            done = Simplified(done.expr, tuple(dict.fromkeys(earlier + done.facts)))
        if done.facts:
            self.record.append(done)
        return done.expr

    def push(self, e: Expr) -> Expr:
        """Transposes pushed down to the leaves, the children simplified (each kept in the record):
        not yet a sum of monomials."""
        return DRIVER.canonical(e, Context(self.assumed, self._recorded), [])

    def transpose(self, e: Expr) -> Expr:
        """``eᵀ`` for an ``e`` whose transposes are already at the leaves."""
        return transpose(e, self.symmetric, [])

    def why_symmetric(self, e: Expr) -> str | None:
        """The rule key that makes ``e`` symmetric (assumption or form), or None."""
        return why_symmetric(e, self.symmetric)

    def _recorded(self, e: Expr) -> Simplified:
        done = simplified(e, self.assumed)
        if done.facts:
            self.record.append(done)
        return done
