"""Stationary points (``solve: true``): where an affine gradient vanishes, solved step by step.

A gradient affine in the variable, ``G(w) = L(w) + C``, vanishes where ``L(w) = -C``.  The
steps are the ones a textbook writes (seed 003, equations (43)-(44)): set the gradient to
zero, expand, move the constant to the right and divide by a common number, multiply by
the inverse.  Three linear maps have an inverse the steps can show: ``A w`` (a vector, or a
matrix multiplied on the left), ``W B`` (a matrix multiplied on the right) and ``a t`` (a
scalar); the matrix or number inverted is recorded, since the point exists only where it
is invertible.
"""

from __future__ import annotations

from fractions import Fraction

from mkdocs_matderiv.derivation import Result, Stationary, Step
from mkdocs_matderiv.engine.differential import Differentiator
from mkdocs_matderiv.engine.jacobian import jacobian_of
from mkdocs_matderiv.engine.simplify import Simplifier
from mkdocs_matderiv.engine.trace import expand, has_differential
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.tree import (
    Diff, Dim, Div, Expr, Grad, Identity, Inv, Mul, Num, Sym, Zero, add, is_vector, mul, num,
    substitute,
)


def stationary(gradient: Result, simplify: Simplifier) -> Stationary:
    """The point where ``gradient.value`` vanishes, with the steps that find it.

    Raises:
        MatDerivError: the gradient is not affine in the variable, or its linear part is
            not one the steps can invert (``A W B`` with both sides).
    """
    w, g = gradient.wrt, gradient.value
    if any(isinstance(n, Grad) for n in g.walk()):
        raise MatDerivError("the gradient has abstract functions, so where it vanishes "
                            "cannot be found in closed form", key="solve")
    diff = Differentiator([w])
    dg, _ = diff.work_out(diff.pending(g))
    if diff.depends(dg):
        raise MatDerivError(f"the gradient with respect to {w.name} is not affine in "
                            f"{w.name} (its differential still depends on {w.name}), so setting it "
                            "to zero has no closed-form solution here", key="solve")
    constant = simplify(substitute(g, {w: Zero(w.shape)}))
    side, linear = _linear(dg, w, simplify)
    if isinstance(linear, Zero):
        raise MatDerivError(f"the gradient does not depend on {w.name}, so it vanishes "
                            "everywhere or nowhere", key="solve")
    coef, core = _leading_number(linear)
    rhs = simplify(mul(Num(-1 / coef), constant))
    steps = [Step(g, Zero(g.shape), "stat.zero")]
    expanded = add(_apply(side, linear, w), constant)
    if expanded != g:
        steps.append(Step(expanded, Zero(g.shape), "expand"))
    steps.append(Step(_apply(side, core, w), rhs, "stat.move"))
    value = simplify(_solution(side, core, rhs)) if side == "scalar" else _solution(side, core, rhs)
    hat = Sym(f"{w.name}^hat", w.shape) if "^" not in w.name else w     # the estimate: ŵ, as seed 003 (44)
    steps.append(Step(hat, value, "stat.invert"))
    return Stationary(value=value, steps=steps, invertible=[core], sizes=_rank_needs(core))


def _rank_needs(core: Expr) -> list[tuple[Dim, Dim]]:
    """``(d, n)`` for each inner size ``d`` of an n×n product that must be at least ``n`` for it
    to be invertible (its rank is at most the smallest): ``XᵀX`` with X m×n needs m ≥ n, which
    a teacher states with the assumption that it is invertible.

    Raises:
        MatDerivError: an inner size is a number below ``n``, so the product is never invertible.
    """
    n = core.shape[0]
    factors = [a for a in (core.args if isinstance(core, Mul) else (core,)) if not a.scalar]
    needs: list[tuple[Dim, Dim]] = []
    for a in factors[:-1]:
        d = a.shape[1]
        if isinstance(d, int) and isinstance(n, int):
            if d < n:
                raise MatDerivError(f"the matrix to invert is {n}×{n} but a product through size {d}, "
                                    f"so it is never invertible and the gradient vanishes on a "
                                    f"whole subspace, not at one point", key="solve")
        elif d != n and (d, n) not in needs:
            needs.append((d, n))
    return needs


def _linear(dg: Expr, w: Sym, simplify: Simplifier) -> tuple[str, Expr]:
    """``("scalar", a)``, ``("left", A)`` or ``("right", B)`` with ``dG = a dt``, ``A dW``, ``dW B``."""
    terms = [simplify.push(t) for t in expand(dg)]
    if w.scalar:
        return "scalar", simplify(add(*(substitute(t, {Diff(w): num(1)}) for t in terms)))
    if is_vector(w.shape):
        jac, _ = jacobian_of(add(*terms), w, "column", simplify, w.shape)
        return "left", jac
    left: list[Expr] = []
    right: list[Expr] = []
    for t in terms:
        factors = t.args if isinstance(t, Mul) else (t,)
        coef = [a for a in factors if a.scalar and not has_differential(a)]
        chain = [a for a in factors if not (a.scalar and not has_differential(a))]
        k = next((i for i, a in enumerate(chain) if a == Diff(w)), None)
        if k is None:
            raise MatDerivError(f"the gradient is affine in {w.name} but not through products "
                                f"A {w.name} or {w.name} B, so the steps cannot invert it", key="solve")
        if k == len(chain) - 1:
            left.append(mul(*coef, *chain[:k]) if k else mul(*coef, Identity((w.shape[0],) * 2)))
        elif k == 0:
            right.append(mul(*coef, *chain[1:]))
        else:
            raise _two_sided(w)
    if left and right:
        raise _two_sided(w)
    return ("left", simplify(add(*left))) if left else ("right", simplify(add(*right)))


def _two_sided(w: Sym) -> MatDerivError:
    """Terms ``A dW`` and ``dW B`` (or one ``A dW B``): a Sylvester equation."""
    return MatDerivError(f"the gradient has terms A {w.name} B with {w.name} multiplied on "
                         "both sides; that linear equation (a Sylvester equation) has no closed form "
                         "the steps can show", key="solve")


def _leading_number(e: Expr) -> tuple[Fraction, Expr]:
    if isinstance(e, Mul) and isinstance(e.args[0], Num):
        return e.args[0].value, mul(*e.args[1:])
    return Fraction(1), e


def _apply(side: str, a: Expr, w: Sym) -> Expr:
    return mul(w, a) if side == "right" else mul(a, w)


def _solution(side: str, a: Expr, rhs: Expr) -> Expr:
    if side == "scalar":
        return Div(rhs, a)
    return mul(Inv(a), rhs) if side == "left" else mul(rhs, Inv(a))
