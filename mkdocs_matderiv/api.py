"""The Python API: ``derive(block)`` — read, derive, generate code, verify."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from mkdocs_matderiv.block import Problem, read_block
from mkdocs_matderiv.check.codegen import numpy_source
from mkdocs_matderiv.check import claim as claims
from mkdocs_matderiv.derivation import Check, Derivation, Result, Stationary, Step
from mkdocs_matderiv.engine.rules import combine
from mkdocs_matderiv.engine.chain import inline
from mkdocs_matderiv.engine.solve import solve
from mkdocs_matderiv.errors import ENGINE_FAILED, MatDerivError
from mkdocs_matderiv.limits import (DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, BlockTimeout, check_deadline,
                                    memory_budget, time_budget)
from mkdocs_matderiv.check.draws import NoDraw
from mkdocs_matderiv.check.domain import undefined_at_values
from mkdocs_matderiv.check.numeric import NotNumeric
from mkdocs_matderiv.tree import Expr, Sym, free_symbols, substitute
from mkdocs_matderiv.check.verify import (
    verify_derivative, verify_gradient, verify_hessian, verify_jacobian, verify_stationary,
)
from mkdocs_matderiv.engine.entries import entry_map
from mkdocs_matderiv.extras.attach import attach as attach_extras
from mkdocs_matderiv.functions import kinks
from mkdocs_matderiv.render.json import derivation_dict
from mkdocs_matderiv.render.latex import latex
from mkdocs_matderiv.render.text import text



@dataclass
class CheckedDerivation(Derivation):
    """What ``derive()`` returns: the checked derivation with the views programs ask for.

    The data class ``Derivation`` never imports a printer; the views live here, above
    both the engine and the renderers.
    """

    def to_dict(self) -> dict:
        """The JSON object of CONTRACT §4."""
        return derivation_dict(self)

    # ------------------------------------------------ notebooks (CONTRACT §4)

    def _repr_markdown_(self) -> str:
        """Jupyter's view: the derivation as on a page, with ``$``/``$$`` math."""
        from mkdocs_matderiv.render.targets import target

        return target("markdown").render(self)

    def _repr_latex_(self) -> str:
        """The LaTeX fragment (what nbconvert puts into a PDF, with amsmath and amssymb)."""
        from mkdocs_matderiv.render.targets import target

        return target("latex").render(self)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        """IPython's plain-text view: each result in the language of the block, not a data dump."""
        p.text("\n".join(f"{r.kind} with respect to {r.wrt.name}: {text(r.value)}"
                          for r in self.results))


_VERIFY: dict[str, Callable[..., Check]] = {"gradient": verify_gradient, "jacobian": verify_jacobian,
                                             "derivative": verify_derivative, "hessian": verify_hessian}


def derive(block: str | Mapping, *, defaults: dict | None = None,
           timeout: float | None = DEFAULT_TIMEOUT,
           memory_limit: float | None = DEFAULT_MEMORY_MB, warn: bool = True) -> CheckedDerivation:
    """Derive every ``wrt`` of a block, each result checked before it is returned.

    Parameters:
        block: the block body (YAML text) or the same as a mapping.
        defaults: defaults for block options (``steps``, ``check``), as the plugin sets them.
        timeout: seconds the block may take (None: no limit); see ``limits.time_budget``.
        memory_limit: megabytes the numeric check may hold; see ``check.budget``.
        warn: issue the block's warnings as Python warnings (a front end that reports
            ``problem.warnings`` at the page's line itself passes False).

    Returns:
        The derivation; ``to_dict()`` gives the JSON object of CONTRACT §4.

    Raises:
        MatDerivError: the block is wrong, or (never published) a result failed its check.

    Warns:
        MatDerivWarning: the block derives but may not say what its author meant (two names
            that look alike on the page); the same warnings are in ``problem.warnings``.
    """
    with memory_budget(memory_limit), time_budget(timeout):
        problem = read_block(block, defaults=defaults)
        for warning in problem.warnings if warn else ():
            warnings.warn(warning, stacklevel=2)
        check_deadline()
        try:
            results = solve(problem)
            for result in results:
                check_deadline()
                if problem.method == "entries":
                    from mkdocs_matderiv.extras.entrywise import entrywise   # SymPy only when asked

                    entrywise(problem, result)
                elif problem.expand is not None and problem.functions:
                    from mkdocs_matderiv.extras.entrywise import core_relation

                    core_relation(problem, result)
                if result.wrt.name in problem.claim:
                    _claimed(problem, result, problem.claim[result.wrt.name])
                _finish(problem, result)
        except BlockTimeout:
            raise
        except MatDerivError as exc:  # the engine's errors are about f, or the key they name
            key = exc.key if exc.key in problem.lines else "f"
            exc.located(line=problem.lines.get(key, 1), key=key)
            raise
    return CheckedDerivation(problem, results)


def _finish(problem: Problem, result: Result) -> None:
    """Attach NumPy code and the numeric check; refuse a result that fails it.

    Only a block with abstract functions is published unchecked: anything else that
    cannot be evaluated is the engine's failure, reported, never printed.  A variable
    given by its entries is checked, and its code written, as the vector itself.
    """
    entries = entry_map(problem, result.wrt)
    if not entries:
        attach_extras(problem, result)  # extras "worked" (values:) and "expansion" (expand:)
    f = substitute(inline(problem.f, problem.where), entries)
    holds = [{"function": fn.name, "kink": fn.kink, "latex": latex(arg), "text": text(arg)}
             for fn, arg in kinks(f) if result.wrt in free_symbols(arg)]
    if holds:                           # abs, relu, sign: the result holds away from their kinks
        result.extras["holds"] = holds
    options = {"vec": problem.vec, "layout": problem.layout} if result.kind == "jacobian" else {}
    if result.kind == "hessian":
        options = {"vec": problem.vec}
    try:
        result.numpy = numpy_source(result.kind, result.value, free_symbols(f), result.wrt,
                                    bindings=list(entries.items()), **options)
        if result.stationary is not None:
            _finish_stationary(problem, result, result.stationary, f)
        if not problem.check:
            return
        with np.errstate(all="ignore"):       # a non-finite value is judged below, not warned
            check = _VERIFY[result.kind](f, substitute(result.value, entries), result.wrt,
                                         assume=problem.assume, values=problem.values,
                                         numpy=result.numpy, **options)
    except NoDraw as exc:
        _blame_the_block(problem, f, result)
        raise MatDerivError(f"the numeric check of the {result.kind} with respect to {result.wrt.name} "
                            f"found no inputs where f is defined: {exc}; {NoDraw.ADVICE}") from exc
    except NotNumeric as exc:
        if problem.functions:
            result.numpy = ""
            return
        _blame_the_block(problem, f, result)
        raise _engine_failed(result, f"it could not be evaluated: {exc}") from exc
    except (ArithmeticError, ValueError, np.linalg.LinAlgError) as exc:
        if isinstance(exc, MatDerivError):
            raise
        _blame_the_block(problem, f, result)
        raise _engine_failed(result, f"it could not be evaluated: {exc}") from exc
    if not check.passed:
        _blame_the_block(problem, f, result)
        raise _engine_failed(result, "it does not match finite differences "
                                     f"(relative error {check.max_rel_error:.1e})")
    result.check = check


def _claimed(problem: Problem, result: Result, claim: Expr) -> None:
    """End the derivation in the author's stated form when it is the derived result (then the
    claim is the value published and checked); otherwise a located error with the derived
    result and a point where the two differ (CONTRACT §1 ``claim``)."""
    key = f"claim.{result.wrt.name}" if f"claim.{result.wrt.name}" in problem.lines else "claim"
    line = problem.lines.get(key)
    what = f"the {result.kind} with respect to {result.wrt.name}"
    if claim.shape != result.value.shape:
        raise MatDerivError(f"the claim {text(claim)} is {_size(claim)}, but {what} is "
                            f"{_size(result.value)}", key=key, line=line)
    entries = entry_map(problem, result.wrt)
    f = substitute(inline(problem.f, problem.where), entries)
    derived = substitute(result.value, entries)
    try:
        found = claims.difference(f, derived, substitute(claim, entries), assume=problem.assume,
                                  values=problem.values)
    except claims.Unchecked:
        found = None if text(claim) == text(result.value) else claims.UNCHECKED
    if found is claims.UNCHECKED:
        raise MatDerivError(f"the claim {text(claim)} could not be checked in numbers (the block has "
                            f"abstract functions) and is not the derived form: {what} is "
                            f"{text(result.value)}", key=key, line=line)
    if found is not None:
        raise MatDerivError(
            f"the claim {text(claim)} is not {what}: the derivation gives {text(result.value)}; "
            f"at {claims.shown_point(found, free_symbols(f))} the claim is "
            f"{claims.shown_value(found.claimed)} but the {result.kind} is "
            f"{claims.shown_value(found.derived)}", key=key, line=line)
    last = result.steps[-1] if result.steps else None
    if last is not None and latex(last.rhs) == latex(claim):
        result.steps[-1] = Step(last.lhs, last.rhs, combine(last.rule, "claim") if last.rule else "claim")
    elif result.steps:
        result.steps.append(Step(None, claim, "claim"))
    result.value, result.named = claim, None


def _size(e: Expr) -> str:
    return "a scalar" if e.scalar else "×".join(str(d) for d in e.shape)


def _finish_stationary(problem: Problem, result: Result, point: Stationary, f: Expr) -> None:
    """``stationary(**arrays)`` (every free name but ``wrt``), and the check that the gradient
    vanishes at the point that code returns."""
    others: list[Sym] = [s for s in free_symbols(f) if s != result.wrt]
    point.numpy = numpy_source("stationary", point.value, others, result.wrt)
    if not problem.check:
        return
    check = verify_stationary(result.value, point.value, result.wrt, assume=problem.assume,
                              values=problem.values, numpy=point.numpy, args=others)
    if not check.passed:
        raise _engine_failed(result, "the gradient does not vanish at its stationary point "
                                     f"(relative residual {check.max_rel_error:.1e})")
    point.check = check


def _blame_the_block(problem: Problem, f, result: Result) -> None:
    """Raise the author's error when the failed check is the block's doing: ``f`` or the
    result undefined at the given ``values`` (no finite draw at all is ``NoDraw``'s error)."""
    if problem.values:
        for what, expr in (("f", f), (f"its {result.kind} with respect to {result.wrt.name}",
                                       result.value)):
            reason = undefined_at_values(expr, problem.values)
            if reason:
                raise MatDerivError(f"{what} is not defined at the given values: {reason} there; "
                                    f"choose values inside its domain", key="values",
                                    line=problem.lines.get("values"))


def _engine_failed(result: Result, why: str) -> MatDerivError:
    return MatDerivError(f"{ENGINE_FAILED}its {result.kind} with respect to "
                         f"{result.wrt.name} was refused because {why}; nothing was published "
                         "— please report this block")
