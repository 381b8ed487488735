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
    sizes: list[tuple[Any, Any]] = field(default_factory=list)   # (m, n): m ≥ n, as XᵀX needs
    numpy: str = ""
    check: Check | None = None


@dataclass(frozen=True)
class Evaluated:
    """A tree and its value at the block's ``values`` (a NumPy array; a number where ``scalar``)."""

    expr: Expr
    value: Any
    scalar: bool = False


@dataclass(frozen=True)
class ChainNumbers:
    """Seed 002's chain rule in numbers: ``∂f/∂W = vec(∂f/∂Z)ᵀ · ∂vec Z/∂vec W``, reshaped;
    it agreed with the general result before it was kept."""

    wrt: Sym                       # W
    via: Sym                       # Z, the one ``where`` name f reaches W through
    objective: str                 # the name of f as the derivation writes it
    vec: str                       # "column" | "row"
    dfdz: Evaluated                # ∂f/∂Z
    jacobian: Evaluated            # ∂vec Z/∂vec W
    row: Any                       # vec(∂f/∂Z)ᵀ, a 1-row array
    product: Any                   # row · Jacobian
    gradient: Any                  # the product in the shape of W


@dataclass(frozen=True)
class Worked:
    """The result at the block's ``values``: the given numbers, f and the result where every
    name they need has a value, and the chain rule in numbers where it applies."""

    given: list[Evaluated]         # each a Sym with its value
    f: Evaluated | None = None
    result: Evaluated | None = None
    chain: ChainNumbers | None = None


@dataclass(frozen=True)
class Expansion:
    """f written out entry by entry at ``size``, differentiated entry by entry, and the general
    result at that size (SymPy matrices, collected by the entries of the variable); they agree."""

    size: tuple[int, int]
    variable: Sym
    f: Any                         # f written out (1x1 for a scalar f)
    wrt: Any                       # the variable's entry symbols
    entries: Any                   # the entry-by-entry derivative
    general: Any                   # the general result at that size
    symbols: list[tuple[Sym, Any]] # every free name, written out
    proof: str = "symbolic"        # "symbolic" (SymPy simplified every difference to 0) | "numeric"


@dataclass(frozen=True)
class ExpansionOmitted:
    """An expansion too long to compute at ``size``, and why (the block still builds)."""

    size: tuple[int, int]
    reason: str


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
    #: What the block asked for beyond the result: ``"worked"`` (a :class:`Worked`, ``values:``),
    #: ``"expansion"`` (an :class:`Expansion` or :class:`ExpansionOmitted`, ``expand:``),
    #: ``"holds"`` (where a kink of abs/relu/sign lies); ``render.extras`` writes them out.
    extras: dict[str, Any] = field(default_factory=dict)
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
