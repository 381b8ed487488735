"""The result at the block's ``values`` (a worked numeric example, as the seeds show one).

``result.extras["worked"]`` is a :class:`~mkdocs_matderiv.derivation.Worked`: the given
numbers, f and the result evaluated where every name they need has a value, and for a
gradient through one ``where`` name the chain rule in numbers (``extras.chain_rule``),
which must agree with the general result.  ``render.worked`` writes it out.
"""

from __future__ import annotations

from mkdocs_matderiv.block import Problem
from mkdocs_matderiv.check.numeric import as_2d
from mkdocs_matderiv.derivation import Evaluated, Result, Worked
from mkdocs_matderiv.engine.chain import inline
from mkdocs_matderiv.extras.chain_rule import chain_rule
from mkdocs_matderiv.extras.evaluate import given_arrays, given_dims, require_finite, try_evaluate
from mkdocs_matderiv.tree import Expr, Sym, free_symbols


def worked_example(problem: Problem, result: Result) -> Worked | None:
    """The result at the block's ``values``, or None (no ``values``).

    ``f`` is present when every free name of f has a value, ``result`` when every
    name the result needs has one, ``chain`` for a gradient through one ``where``
    name when everything it needs has a value.

    Raises:
        MatDerivError: the chain rule, worked in numbers, disagrees with the general result.
        NotNumeric: a given value is not finite (the example is left out).
    """
    if not problem.values:
        return None
    arrays = given_arrays(problem)
    require_finite(*arrays.values())
    f = inline(problem.f, problem.where)
    shapes = _symbol_shapes(problem, f)
    given = []
    for name, a in arrays.items():
        value = as_2d(a, shapes.get(name, a.shape))
        given.append(Evaluated(Sym(name, value.shape), value, scalar=a.size == 1 and _scalar(shapes.get(name))))
    dims = given_dims(problem, [f, result.value], arrays)
    f_value = try_evaluate(f, arrays, dims)
    r_value = try_evaluate(result.value, arrays, dims)
    return Worked(
        given=given,
        f=None if f_value is None else Evaluated(problem.f, f_value, problem.f.scalar),
        result=None if r_value is None else Evaluated(result.value, r_value, result.value.scalar),
        chain=None if r_value is None else chain_rule(problem, result, arrays, dims, r_value))


def _scalar(shape: tuple | None) -> bool:
    return shape is None or (shape[0] == 1 and shape[1] == 1)


def _symbol_shapes(problem: Problem, f: Expr) -> dict[str, tuple]:
    shapes = {s.name: s.shape for s in free_symbols(f)}
    for name, e in problem.where:
        shapes.setdefault(name.name, name.shape)
        for s in free_symbols(e):
            shapes.setdefault(s.name, s.shape)
    return shapes
