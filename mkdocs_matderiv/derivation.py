"""What a derivation is, as data: steps of expressions and rule names, results, checks.

The engine builds these; the renderers turn them into LaTeX, Markdown or JSON.
Nothing here formats a string for a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from mkdocs_matderiv.tree import Expr, Sym

if TYPE_CHECKING:                  # block.py reads blocks; data never imports a reader at run time
    from mkdocs_matderiv.block import Problem

Kind = Literal["gradient", "jacobian", "derivative", "hessian"]
"""What a result is (CONTRACT §3): ∂f/∂X, ∂vec F/∂vec X, dF/dt, or the Hessian of a scalar f."""


@dataclass(frozen=True)
class Step:
    """One line of a derivation: ``lhs = rhs`` by ``rule`` (a key of ``engine.rules.RULES``).

    ``lhs`` is None when the line continues the chain of equalities above it
    (rendered ``&= rhs``).  ``rule`` is None on the line that only states what is
    being computed (``df = d(tr(X B X^T))``).
    """

    lhs: Expr | None
    rhs: Expr
    rule: str | None = None


@dataclass(frozen=True)
class Check:
    """The numeric verification of one result."""

    passed: bool
    max_rel_error: float
    draws: int


@dataclass
class Stationary:
    """Where a gradient vanishes (``solve: true``): the point, the steps to it, and the
    matrices (or scalars) that must be invertible for it to be the one stationary point."""

    value: Expr                    # in the free names of f but the wrt one
    steps: list[Step]
    invertible: list[Expr] = field(default_factory=list)
    numpy: str = ""
    check: Check | None = None


@dataclass
class Result:
    """The derivative with respect to one name, with the steps that found it."""

    wrt: Sym
    kind: Kind
    value: Expr                    # in the free names of f (where-names substituted)
    steps: list[Step]
    shared: int = 0                # how many leading steps are shared with earlier results
    check: Check | None = None
    numpy: str = ""
    extras: dict[str, Any] = field(default_factory=dict)   # worked numbers, expansions
    #: Along a ``where`` chain: the result in the gradients of the names it passes through
    #: (``∂f/∂W₂ = ∂f/∂z₂ a₁ᵀ``), shown as the result; ``value`` is the same fully substituted.
    named: Expr | None = None
    #: The block's whole backward pass, one line ``∂f/∂name = …`` per name in the order it is
    #: computed (seed 003's Algorithm 2); the same for every result of a block, shown once.
    recursion: list[Step] = field(default_factory=list)
    stationary: Stationary | None = None       # solve: true


@dataclass
class Derivation:
    """A derived block: the problem and one result per ``wrt`` name."""

    problem: Problem
    results: list[Result]
