"""The JSON object of a derivation (CONTRACT §4)."""

from __future__ import annotations

import math
from typing import Any

from mkdocs_matderiv.derivation import Check, Derivation, Expansion, ExpansionOmitted, Result, Stationary, Step, Worked
from mkdocs_matderiv.render.expansion import expansion_dict
from mkdocs_matderiv.render.latex import latex, rule_name, step_equation
from mkdocs_matderiv.render.text import text
from mkdocs_matderiv.render.worked import worked_dict

STATEMENT = "statement of the problem"
"""The rule shown beside a step that only states what is computed (``Step.rule`` is None)."""


def derivation_dict(derivation: Derivation) -> dict[str, Any]:
    """``{"f", "title", "results": [...]}``, every value JSON-able.

    Parameters:
        derivation: a derived block (``problem`` is a ``block.Problem``: ``f``, ``title``, ...).

    Returns:
        The object ``derive(block).to_dict()`` returns.
    """
    problem = derivation.problem
    return {
        "f": latex(problem.f),
        "title": getattr(problem, "title", None),
        "results": [result_dict(r) for r in derivation.results],
    }


def result_dict(result: Result) -> dict[str, Any]:
    """One result: ``wrt``, ``kind``, ``latex``, ``text``, ``steps``, ``numpy``, ``check`` (and ``extras``)."""
    out: dict[str, Any] = {
        "wrt": result.wrt.name,
        "kind": result.kind,
        "latex": latex(result.value),
        "text": text(result.value),
        "steps": steps_list(result),
        "numpy": result.numpy,
        "check": check_dict(result.check),
    }
    if result.extras:
        out["extras"] = {key: extra_dict(value) for key, value in result.extras.items()}
    if result.stationary is not None:
        out["stationary"] = stationary_dict(result.stationary)
    return out


def extra_dict(value: Any) -> Any:
    """One of ``Result.extras`` as JSON: a worked example or an expansion written out, anything
    else (``holds``) as it is."""
    if isinstance(value, Worked):
        return worked_dict(value)
    if isinstance(value, (Expansion, ExpansionOmitted)):
        return expansion_dict(value)
    return value


def stationary_dict(point: Stationary) -> dict[str, Any]:
    """``{"latex", "text", "steps", "numpy", "invertible", "sizes", "check"}`` of a stationary
    point (``sizes``: ``"m >= n"``, what the inverted matrix needs of the sizes)."""
    return {
        "latex": latex(point.value),
        "text": text(point.value),
        "steps": _steps(point.steps),
        "numpy": point.numpy,
        "invertible": [latex(e) for e in point.invertible],
        "sizes": [f"{d} >= {n}" for d, n in point.sizes],
        "check": check_dict(point.check),
    }


def steps_list(result: Result) -> list[dict[str, str]]:
    """Each step as its full equation ``lhs = rhs`` and the words of its rule."""
    return _steps(result.steps)


def _steps(steps: list[Step]) -> list[dict[str, str]]:
    out, lhs = [], None
    for step in steps:
        lhs = step.lhs if step.lhs is not None else lhs
        equation = latex(step.rhs) if lhs is None else step_equation(step, lhs)
        out.append({"latex": equation, "rule": rule_name(step.rule) or STATEMENT})
    return out


def check_dict(check: Check | None) -> dict[str, Any] | None:
    """``{"passed", "max_rel_error"}`` (an infinite error as null), or None where no check ran."""
    if check is None:
        return None
    error = float(check.max_rel_error)
    return {"passed": bool(check.passed), "max_rel_error": error if math.isfinite(error) else None}
