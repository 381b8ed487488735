"""Seed 002's chain rule worked in numbers: ``∂f/∂W = vec(∂f/∂Z)ᵀ · ∂vec Z/∂vec W``, reshaped.

For a gradient whose f reaches the wrt ``W`` through exactly one ``where`` name ``Z``,
the gradient in ``Z`` (the backward pass) is flattened and multiplied by the explicit
Jacobian ``∂vec Z/∂vec W`` (read off ``dZ`` by the Jacobian rules).  The product is a
second computation of the gradient: it must equal the general result at the same
numbers, or nothing is published.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from mkdocs_matderiv.block import Problem
from mkdocs_matderiv.derivation import ChainNumbers, Evaluated, Result
from mkdocs_matderiv.engine.chain import backward, inline, objective_name
from mkdocs_matderiv.engine.jacobian import forward, jacobian_of
from mkdocs_matderiv.engine.solve import simplifier_for
from mkdocs_matderiv.errors import ENGINE_FAILED, MatDerivError
from mkdocs_matderiv.extras.evaluate import require_finite, try_evaluate
from mkdocs_matderiv.render.numbers import matrix
from mkdocs_matderiv.tree import Expr, Sym, free_symbols


def chain_rule(problem: Problem, result: Result, arrays: dict[str, np.ndarray], dims: dict[str, int],
               general: np.ndarray) -> ChainNumbers | None:
    """The chain rule through the one ``where`` name ``Z`` (non-scalar, as is ``W``) that f uses
    directly and that depends on ``W``; None where it does not apply or a value is missing.

    Parameters:
        general: the general result evaluated at the same numbers.

    Raises:
        MatDerivError: the product differs from ``general``.
    """
    w = result.wrt
    if result.kind != "gradient" or not problem.where or w.scalar:
        return None
    through = _through(problem, w)
    if through is None:
        return None
    z, z_def = through
    simplify = simplifier_for(problem)
    f_of_z = inline(problem.f, [(n, e) for n, e in problem.where if n != z])
    try:
        of = problem.name or objective_name(f_of_z)
        grad_z = backward(f_of_z, [], [z], simplify, of).values[z]
        dz, _ = forward(z_def, [], w, z.name)
        jac, _ = jacobian_of(dz, w, problem.vec, simplify, z.shape, z.name)
    except (MatDerivError, KeyError, StopIteration, AttributeError, TypeError):
        return None
    order: Literal["C", "F"] = "F" if problem.vec == "column" else "C"
    dfdz = try_evaluate(inline(grad_z, problem.where), arrays, dims)
    jac_value = try_evaluate(jac, arrays, dims)
    if dfdz is None or jac_value is None:
        return None
    row = dfdz.reshape(1, -1, order=order)
    if jac_value.shape != (row.shape[1], general.size):
        return None
    product = row @ jac_value
    require_finite(product)
    gradient = product.reshape(general.shape, order=order)
    agrees = np.allclose(gradient, general, rtol=1e-9, atol=1e-9 * max(1.0, float(np.max(np.abs(general)))))
    if not agrees:
        raise MatDerivError(
            ENGINE_FAILED + "the worked example does not match the general result "
            f"(the chain rule through {z.name} in numbers gives {matrix(gradient)}, the gradient "
            f"with respect to {w.name} evaluated gives {matrix(general)}); nothing was published "
            "— please report this block")
    return ChainNumbers(wrt=w, via=z, objective=of, vec=problem.vec,
                        dfdz=Evaluated(simplify(grad_z), dfdz), jacobian=Evaluated(jac, jac_value),
                        row=row, product=product, gradient=gradient)


def _through(problem: Problem, w: Sym) -> tuple[Sym, Expr] | None:
    """``(Z, its definition with every where name inlined)``: the one non-scalar name f uses
    that depends on ``w``, where f does not use ``w`` itself."""
    bindings = problem.where
    definitions = {name: e for name, e in bindings}
    used = free_symbols(problem.f)
    if w in used:
        return None
    through = []
    for s in used:
        if s in definitions:
            full = inline(definitions[s], bindings)
            if w in free_symbols(full):
                through.append((s, full))
    if len(through) != 1 or through[0][0].scalar:
        return None
    return through[0]
