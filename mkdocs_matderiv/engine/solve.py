"""From a Problem to unverified Results: which kind of derivative, and the steps to it."""

from __future__ import annotations

from dataclasses import replace

from mkdocs_matderiv.derivation import Result, Step
from mkdocs_matderiv.engine.chain import backward, inline, objective
from mkdocs_matderiv.engine.entries import assemble, entry_symbols
from mkdocs_matderiv.engine.hessian import hessians
from mkdocs_matderiv.engine.increment import increments
from mkdocs_matderiv.engine.stationary import stationary
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.engine.jacobian import jacobians
from mkdocs_matderiv.engine.rules import combine, rule
from mkdocs_matderiv.engine.simplify import Simplifier, cite
from mkdocs_matderiv.tree import Diff, Grad, Inv, Zero, add, mul, neg


def simplifier_for(problem) -> Simplifier:
    """The simplifier under the block's assumptions (positive definite implies symmetric; a
    probability vector that is not a variable sums to 1)."""
    symmetric = frozenset(name for name, props in problem.assume.items()
                          if props & {"symmetric", "positive_definite"})
    probability = frozenset(name for name, props in problem.assume.items()
                            if "probability" in props) - {w.name for w in problem.wrt}
    return Simplifier(symmetric, probability)


def solve(problem) -> list[Result]:
    """One result per ``wrt`` name, steps included; not yet checked."""
    simplify = simplifier_for(problem)
    if problem.method == "entries":      # the general result, written out entry by entry later
        problem = replace(problem, entries={})
    if problem.entries:
        _entries_fit(problem)
    if problem.method == "increment":
        results = increments(problem, simplify)
    elif problem.order == 2:
        # the gradient is differentiated again: it must hold off the symmetric matrices too, so
        # the variables' own symmetry is used only in the Hessian's final form
        free = Simplifier(simplify.symmetric - {w.name for w in problem.wrt}, simplify.probability)
        results = hessians(problem, _gradients(problem, free) if problem.f.scalar else [], simplify)
    elif problem.f.scalar:
        results = _scalar_f(problem, simplify)
    else:
        results = jacobians(problem, simplify)
    if problem.solve:
        if problem.order == 2 or not problem.f.scalar:
            raise MatDerivError("solve: true finds where the gradient of a scalar f vanishes; "
                                "it needs a scalar f and order: 1", key="solve")
        for result in results:
            result.stationary = stationary(result, simplify)
    _prove_inverse_rule(results)
    cite(results, simplify)
    _as_asked(results, problem.steps)
    return results


def _entries_fit(problem) -> None:
    """``entries:`` gives a gradient of a scalar ``f``: name the one thing in the block that it
    does not combine with."""
    if problem.order == 2:
        clash = "order: 2"
    elif problem.solve:
        clash = "solve: true"
    elif not problem.f.scalar:
        rows, cols = problem.f.shape
        clash = f"a matrix-valued f (f is {rows}×{cols})"
    else:
        return
    raise MatDerivError(f"entries: gives the gradient of a scalar f entry by entry; it does not "
                        f"combine with {clash}", key="entries")


def _prove_inverse_rule(results: list[Result]) -> None:
    """Derive ``dM⁻¹ = -M⁻¹ dM M⁻¹`` from ``d(M M⁻¹) = dI = 0`` where it is first used, with
    the problem's own matrix ``M`` (seed 000, proof of (1)); once per result, so that results
    sharing their first steps still share them."""
    for result in results:
        for i, step in enumerate(result.steps):
            if step.rule == "d.inverse" and i > 0:
                m = next(n.of.arg for n in result.steps[i - 1].rhs.walk()
                         if isinstance(n, Diff) and isinstance(n.of, Inv))
                proof = [
                    Step(Zero(m.shape), Diff(mul(m, Inv(m))), "d.inverse_identity"),
                    Step(None, add(mul(m, Diff(Inv(m))), mul(Diff(m), Inv(m))), "d.product"),
                    Step(Diff(Inv(m)), neg(mul(Inv(m), Diff(m), Inv(m))), "d.inverse_proof"),
                ]
                lhs = next(s.lhs for s in reversed(result.steps[:i]) if s.lhs is not None)
                result.steps[i:i + 1] = proof + [Step(lhs, step.rhs, step.rule)]
                break


def _scalar_f(problem, simplify: Simplifier) -> list[Result]:
    """Gradients; a variable given by its entries is assembled from its entries' derivatives."""
    plain = replace(problem, wrt=[w for w in problem.wrt if w.name not in problem.entries])
    done = {r.wrt: r for r in _gradients(plain, simplify)} if plain.wrt else {}
    out = []
    for w in problem.wrt:
        if w in done:
            out.append(done[w])
            continue
        inner = entry_symbols(problem, w)
        partials = _gradients(replace(problem, wrt=inner), simplify) if inner else []
        out.append(assemble(problem, w, partials))
    return out


def _gradients(problem, simplify: Simplifier) -> list[Result]:
    """Along a ``where`` chain each result reads as back-propagation does (seed 003): its steps
    are the sections that lead to it, without the lines for names that do not, and it ends in
    the gradients of the names it passes through; ``value`` is the same fully substituted."""
    run = backward(problem.f, problem.where, problem.wrt, simplify, objective(problem))
    recursion = run.recursion() if problem.where else []
    if len(recursion) < 3:           # one name and one result: the steps already say it all
        recursion = []
    results: list[Result] = []
    for w in problem.wrt:
        steps = [s for sec in run.sections if w in sec.reaches for s in sec.steps if run.leads_to(s, w)]
        named = run.values[w]
        abstract = any(isinstance(n, Grad) for n in named.walk())
        # an abstract gradient stays in the names it was derived in, as seed 003 writes it
        value = named if abstract else simplify(inline(named, problem.where))
        short = run.grads[w]
        results.append(Result(wrt=w, kind="gradient", value=value, steps=steps,
                              named=short if short != value else None, recursion=recursion))
    return results


def _as_asked(results: list[Result], mode: str) -> None:
    """``steps: brief`` keeps the line that ends each stage; ``none`` keeps none.  Then mark the
    leading steps each result shares with the one before it (shown once on a page)."""
    previous: list[Step] = []
    for result in results:
        if mode == "none":
            result.steps = []
        elif mode == "brief":
            result.steps = _brief(result.steps)
        shared = 0
        for a, b in zip(previous, result.steps):
            if a != b:
                break
            shared += 1
        result.shared = shared
        previous = result.steps


def _brief(steps: list[Step]) -> list[Step]:
    """The statement lines and the last line of every stage (differential, trace tricks, …);
    a kept line names the rules of the lines folded into it, and its own."""
    def group(step: Step) -> str | None:
        return rule(step.rule).group if step.rule else None

    kept: list[Step] = []
    folded: list[str] = []
    for i, step in enumerate(steps):
        nxt = steps[i + 1] if i + 1 < len(steps) else None
        if step.lhs is not None or nxt is None or nxt.lhs is not None or group(nxt) != group(step):
            key = combine(*folded, step.rule) if folded and step.rule else step.rule
            kept.append(Step(step.lhs, step.rhs, key))
            folded = []
        elif step.rule:
            folded.append(step.rule)
    return kept
