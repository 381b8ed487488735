"""The identities a simplification relied on, shown where the derivation first uses them.

A reader who sees ``((XXᵀ)⁻¹ + ((XXᵀ)⁻¹)ᵀ) X`` become ``2 (XXᵀ)⁻¹ X`` should be told
why: the line before says ``((XXᵀ)⁻¹)ᵀ = (XXᵀ)⁻¹`` and names the rule ("XXᵀ is
symmetric") from ``engine/rules.py``.
"""

from __future__ import annotations

from mkdocs_matderiv.derivation import Result, Step
from mkdocs_matderiv.engine.simplify.core import Simplifier
from mkdocs_matderiv.tree import Expr, Mul


def cite(results: list[Result], simplify: Simplifier) -> None:
    """Insert, before the first step of each result that shows a simplified expression, one
    line ``lhs = rhs`` per identity that expression relied on (each identity once per result);
    the step after them states its left-hand side again (``df = …``)."""
    cited: dict[Expr, tuple] = {}            # one form reached twice relied on the facts of both
    for done in simplify.record:
        cited[done.expr] = tuple(dict.fromkeys(cited.get(done.expr, ()) + done.facts))
    if not cited:
        return
    for result in results:
        shown: set = set()
        steps: list[Step] = []
        stated = None                       # the left-hand side the chain of equalities continues
        for step in result.steps:
            nodes = set(step.rhs.walk())
            new = [f for out, facts in cited.items() if _shows(nodes, out) for f in facts]
            new = [f for f in dict.fromkeys(new) if f not in shown]
            shown.update(new)
            steps.extend(Step(lhs, rhs, key) for key, lhs, rhs in new)
            if new and step.lhs is None and stated is not None:
                step = Step(stated, step.rhs, step.rule)      # the chain restarts after the aside
            stated = step.lhs if step.lhs is not None else stated
            steps.append(step)
        result.steps = steps


def _shows(nodes: set, out: Expr) -> bool:
    """``out`` is in the step: as a node, or as a run of factors of a longer product."""
    if out in nodes:
        return True
    if not isinstance(out, Mul):
        return False
    n = len(out.args)
    return any(isinstance(m, Mul) and any(m.args[i:i + n] == out.args for i in range(len(m.args) - n + 1))
               for m in nodes)
