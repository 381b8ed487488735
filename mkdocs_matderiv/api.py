"""The Python API: ``derive(block)`` — read, derive, generate code, verify."""

from __future__ import annotations

from typing import Mapping

from mkdocs_matderiv.block import Problem, read_block
from mkdocs_matderiv.codegen import numpy_source
from mkdocs_matderiv.derivation import Derivation, Result
from mkdocs_matderiv.engine.chain import inline
from mkdocs_matderiv.engine.solve import solve
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.numeric import NotNumeric
from mkdocs_matderiv.tree import free_symbols
from mkdocs_matderiv.verify import verify_derivative, verify_gradient, verify_jacobian

_VERIFY = {"gradient": verify_gradient, "jacobian": verify_jacobian, "derivative": verify_derivative}


def derive(block: str | Mapping, *, defaults: dict | None = None) -> Derivation:
    """Derive every ``wrt`` of a block, each result checked before it is returned.

    Parameters:
        block: the block body (YAML text) or the same as a mapping.
        defaults: defaults for block options (``steps``, ``check``), as the plugin sets them.

    Returns:
        The derivation; ``to_dict()`` gives the JSON object of CONTRACT §4.

    Raises:
        MatDerivError: the block is wrong, or (never published) a result failed its check.
    """
    problem = read_block(block, defaults=defaults)
    results = solve(problem)
    for result in results:
        _finish(problem, result)
    return Derivation(problem, results)


def _finish(problem: Problem, result: Result) -> None:
    """Attach NumPy code and the numeric check; refuse a result that fails it."""
    f = inline(problem.f, problem.where)
    args = free_symbols(f)
    options = {"vec": problem.vec, "layout": problem.layout} if result.kind == "jacobian" else {}
    try:
        result.numpy = numpy_source(result.kind, result.value, args, result.wrt, **options)
    except NotNumeric:
        result.numpy = ""
        return
    if not problem.check:
        return
    try:
        check = _VERIFY[result.kind](f, result.value, result.wrt, assume=problem.assume,
                                     values=problem.values, **options)
    except NotNumeric:
        return
    if not check.passed:
        raise MatDerivError(
            f"the engine failed on this input: its {result.kind} with respect to {result.wrt.name} "
            f"does not match finite differences (relative error {check.max_rel_error:.1e}); "
            "nothing was published — please report this block")
    result.check = check
