"""What a reader is shown of one result, as data: lines, their labels, lemmas and shorthand.

The engine's steps are a record of its work; a ``Presentation`` is what a teacher writes
from it (``present.lines`` builds it).  Nothing here is markup: expressions are trees, a
label is the rules it cites (keys of ``engine.rules.RULES``) and the facts it relies on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs_matderiv.tree import Expr, Sym


@dataclass(frozen=True)
class Fact:
    """An equality a line relies on, ``lhs = rhs`` (``diag(s) (y ⊘ s) = y``), or one it cites."""

    lhs: Expr
    rhs: Expr


@dataclass(frozen=True)
class Cite:
    """A rule a line applies: its ``RULES`` key (``symmetric:A`` names its matrix); ``words``
    replace the table's name where the line says more or less (``by (1)``); ``fact`` is the
    instance of the rule the line relies on, shown instead of the rule's name; ``subjects``
    what a substitution put in (``∂L/∂z₂``), named after the rule's verb."""

    key: str
    words: str | None = None
    fact: Fact | None = None
    subjects: tuple[Expr, ...] = ()


@dataclass(frozen=True)
class Line:
    """``lhs = rhs`` by ``cites``; ``lhs`` None continues the chain of equalities above it."""

    lhs: Expr | None
    rhs: Expr
    cites: tuple[Cite, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """The table keys the line cites (``symmetric:A`` → ``symmetric``)."""
        return tuple(c.key.partition(":")[0] for c in self.cites)


@dataclass(frozen=True)
class Lemma:
    """An identity proved on the way, set apart once and cited by ``number``: ``statement``,
    proved by ``proof`` (whose first line starts from what is known)."""

    key: str                       # the rule it proves (``d.inverse``)
    number: int
    statement: Fact
    proof: tuple[Line, ...]
    where: tuple[tuple[Sym, Expr], ...] = ()    # the names its statement uses (``s = softmax(x)``)


@dataclass(frozen=True)
class Shorthand:
    """A name for a subexpression that repeats: ``where s = softmax(z)``."""

    name: Sym
    value: Expr


@dataclass
class Presentation:
    """One result as a reader is shown it.

    ``lines`` lead from ``df`` to the line the result is read off from; ``closing`` is the
    rules of the line it is read off by (the sentence before the boxed result), ``result`` the boxed
    right-hand side (in ``shorthand`` where it names something), ``written_out`` the result
    in the problem's own names where that differs."""

    lines: list[Line]
    result: Expr
    closing: tuple[Cite, ...] = ()
    written_out: Expr | None = None
    lemmas: list[Lemma] = field(default_factory=list)
    shorthand: list[Shorthand] = field(default_factory=list)
