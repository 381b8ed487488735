"""From a Problem to unverified Results: which kind of derivative, and the steps to it."""

from __future__ import annotations

from mkdocs_matderiv.derivation import Result, Step
from mkdocs_matderiv.engine.chain import backward, inline
from mkdocs_matderiv.engine.simplify import Simplifier
from mkdocs_matderiv.tree import Grad, Sym


def simplifier_for(problem) -> Simplifier:
    """The simplifier under the block's assumptions (positive definite implies symmetric)."""
    symmetric = frozenset(name for name, props in problem.assume.items()
                          if props & {"symmetric", "positive_definite"})
    return Simplifier(symmetric)


def kind_of(problem, wrt: Sym) -> str:
    """CONTRACT §3: a gradient of a scalar f, dF/dt for a scalar t, else a Jacobian."""
    if problem.f.scalar:
        return "gradient"
    return "derivative" if wrt.scalar else "jacobian"


def solve(problem) -> list[Result]:
    """One result per ``wrt`` name, steps included; not yet checked."""
    simplify = simplifier_for(problem)
    if problem.f.scalar:
        return _gradients(problem, simplify)
    from mkdocs_matderiv.engine.jacobian import jacobians

    return jacobians(problem, simplify)


def _gradients(problem, simplify: Simplifier) -> list[Result]:
    run = backward(problem.f, problem.where, problem.wrt, simplify)
    results: list[Result] = []
    previous: list[Step] = []
    for w in problem.wrt:
        steps = [s for sec in run.sections if w in sec.reaches for s in sec.steps]
        named = run.values[w]
        value = simplify(inline(named, problem.where))
        lhs = Grad(run.objective, w, w.shape)
        if named != run.grads[w]:
            steps.append(Step(lhs, named, "substitute"))
        if value != named:
            steps.append(Step(lhs if named == run.grads[w] else None, value, "substitute"))
        shared = 0
        for a, b in zip(previous, steps):
            if a != b:
                break
            shared += 1
        results.append(Result(wrt=w, kind="gradient", value=value, steps=steps, shared=shared))
        previous = steps
    return results
