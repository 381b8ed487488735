"""The nodes of a derivation's calculus: differentials and derivatives kept symbolic.

Apart from the algebra nodes (``tree/nodes.py``) because they are not values a
check can evaluate: ``dX`` and ``d(e)`` before the rules work them out, the
gradient ``∂f/∂Y`` of a function named only, and the left sides of a
Hessian's lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs_matderiv.tree.nodes import SCALAR, Expr, Shape, Sym


@dataclass(frozen=True)
class Diff(Expr):
    """A differential: ``dX`` of a symbol (a leaf), or ``d(e)`` not yet worked out."""

    of: Expr

    @property
    def shape(self) -> Shape:  # type: ignore[override]
        return self.of.shape

    @property
    def children(self) -> tuple[Expr, ...]:
        return () if isinstance(self.of, Sym) else (self.of,)

    def rebuild(self, children: tuple[Expr, ...]) -> Expr:
        return Diff(children[0]) if children else self


@dataclass(frozen=True)
class _Derivative(Expr):
    """A derivative of a named function kept symbolic: its one child is the variable."""

    of: str
    wrt: Expr
    shape: Shape

    @property
    def children(self) -> tuple[Expr, ...]:
        return (self.wrt,)

    def rebuild(self, children: tuple[Expr, ...]) -> Expr:
        return type(self)(self.of, children[0], self.shape)


@dataclass(frozen=True)
class Grad(_Derivative):
    """A gradient kept symbolic: ``∂f/∂Y`` (``of`` names the function)."""


@dataclass(frozen=True)
class Diff2(Expr):
    """The second differential ``d²f`` of a named function: the left side of a Hessian's lines."""

    of: str
    shape: Shape = SCALAR


@dataclass(frozen=True)
class Hess(_Derivative):
    """A Hessian kept symbolic: ``∂²f/∂x∂xᵀ`` (``wrt`` is ``x``, ``vec X`` or ``vec_r X``)."""
