"""Gradients of a scalar ``f`` through ``where`` bindings (the chain rule, backprop style).

Seed 003 works a chain from the outside in: first ``∂f/∂Y = 2MY`` treating
``Y`` as the variable, then ``df = tr(∂f/∂Yᵀ dY)`` with ``dY`` worked out, which
gives ``∂f/∂X``.  We do the same, once for all ``wrt`` names: one section per
name on the way (f itself, then each binding in reverse order), every section
computed once and cited by each result that needs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs_matderiv.derivation import Step
from mkdocs_matderiv.engine.differential import Differentiator, inner_product
from mkdocs_matderiv.engine.simplify import Simplifier
from mkdocs_matderiv.engine.trace import gradients
from mkdocs_matderiv.functions import FUNCTIONS
from mkdocs_matderiv.tree import Apply, Diff, Expr, Grad, Sym, add, free_symbols, substitute


@dataclass
class Section:
    """The steps that turn ``∂f/∂name`` into gradients of the names ``name`` is made of."""

    name: Sym | None                      # None: the section of f itself
    steps: list[Step]
    reaches: set = field(default_factory=set)   # the wrt names this section leads to
    variables: list = field(default_factory=list)   # the names whose gradients it finds


@dataclass
class Backward:
    """Everything the backward pass found."""

    objective: str
    sections: list[Section]
    grads: dict[Sym, Expr]                # ∂f/∂name in terms of ∂f/∂(later names)
    values: dict[Sym, Expr]               # ∂f/∂name with the later gradients substituted
    reach: dict = field(default_factory=dict)    # name → the wrt names it leads to

    def leads_to(self, step: Step, w: Sym) -> bool:
        """False for a line ``∂f/∂v = …`` whose ``v`` does not lead to ``w``: not shown under it."""
        if isinstance(step.lhs, Grad) and step.lhs.of == self.objective and isinstance(step.lhs.wrt, Sym):
            return w in self.reach.get(step.lhs.wrt, {step.lhs.wrt})
        return True

    def recursion(self) -> list[Step]:
        """``∂f/∂name = …`` for every name, each once, in the order the backward pass completes
        it: a ``where`` name as its own section starts, a ``wrt`` name after its last use."""
        last = {v: i for i, sec in enumerate(self.sections) for v in sec.variables}
        order: list[Sym] = []
        for i, sec in enumerate(self.sections):
            if sec.name is not None:
                order.append(sec.name)
            order.extend(v for v in sec.variables if last[v] == i and v not in self.reach_names())
        lines = [Step(Grad(self.objective, v, v.shape), self.grads[v]) for v in order if v in self.grads]
        return [s for s in lines if not _trivial(s)]

    def reach_names(self) -> set:
        """The ``where`` names on the way (each has a section of its own)."""
        return {sec.name for sec in self.sections if sec.name is not None}


def objective_name(f: Expr) -> str:
    """``L`` when f is an abstract ``L(…)`` (as seed 003 writes), else ``f``."""
    if isinstance(f, Apply) and f.name not in FUNCTIONS:
        return f.name
    return "f"


def objective(problem) -> str:
    """The function's name in the steps: the block's ``name`` (``dS``, ``∂S/∂W``), else as
    ``objective_name`` reads it off ``f``."""
    return getattr(problem, "name", None) or objective_name(problem.f)


def backward(f: Expr, bindings: list[tuple[Sym, Expr]], wrt: list[Sym], simplify: Simplifier,
             of: str | None = None) -> Backward:
    """Run the chain rule from f back to every ``wrt`` name (``of``: the function's name)."""
    of = of or objective_name(f)
    reach: dict[Sym, set] = {w: {w} for w in wrt}
    for name, e in bindings:
        r = set().union(*(reach.get(s, set()) for s in free_symbols(e)))
        if r:
            reach[name] = r
    active = set(reach)
    contributions: dict[Sym, list[Expr]] = {}
    sections: list[Section] = []

    def run(name: Sym | None, lhs_expr: Expr, body: Expr, opening: list[Step], variables: list[Sym]) -> None:
        diff = Differentiator(variables)
        if name is None:
            done, steps = diff.steps(lhs_expr, body)
        else:
            done, steps = diff.work_out(body)
        found = gradients(done, variables, simplify, of)
        sections.append(Section(name, opening + steps + [s for s in found.steps if not _trivial(s)],
                                set().union(*(reach[v] for v in variables)), list(variables)))
        for v in variables:
            contributions.setdefault(v, []).append(found.grads[v])

    targets = [s for s in free_symbols(f) if s in active]
    run(None, Diff(Sym(of)), f, [], targets)

    grads: dict[Sym, Expr] = {}
    for name, e in reversed(bindings):
        if name not in active or name not in contributions:
            continue
        g = Grad(of, name, name.shape)
        opening: list[Step] = []
        parts = contributions[name]
        grads[name] = simplify(add(*parts))
        if len(parts) > 1:
            opening.append(Step(g, grads[name], "chain.sum"))
        lhs = Diff(Sym(of))
        restart = Step(lhs, inner_product(g, Diff(name)), "chain")
        if not sections[-1].steps or sections[-1].steps[-1].rhs != restart.rhs:
            opening.append(restart)
        body = inner_product(g, Diff(e))
        opening.append(Step(None, body, "substitute"))
        run(name, lhs, body, opening, [s for s in free_symbols(e) if s in active])

    for w in wrt:
        if w in contributions:
            grads[w] = simplify(add(*contributions[w]))
    values: dict[Sym, Expr] = {}
    for name, _ in reversed(bindings):
        if name in grads:
            values[name] = _substitute_grads(grads[name], values, of)
    for w in wrt:
        if w in grads:
            values[w] = _substitute_grads(grads[w], values, of)
    return Backward(of, sections, grads, values, reach)


def _substitute_grads(e: Expr, values: dict[Sym, Expr], of: str) -> Expr:
    mapping = {Grad(of, n, n.shape): v for n, v in values.items()}
    return substitute(e, mapping) if mapping else e


def _trivial(step: Step) -> bool:
    """``∂L/∂a = ∂L/∂a``: the line an abstract function gives; say nothing."""
    return isinstance(step.lhs, Grad) and step.lhs == step.rhs


def inline(e: Expr, bindings: list[tuple[Sym, Expr]]) -> Expr:
    """``e`` in the free names of the block: every ``where`` name replaced by its definition."""
    for name, definition in reversed(bindings):
        e = _replace_outside_grads(e, name, definition)
    return e


def _replace_outside_grads(e: Expr, name: Sym, definition: Expr) -> Expr:
    if isinstance(e, Grad):
        return e
    if e == name:
        return definition
    kids = e.children
    if not kids:
        return e
    new = tuple(_replace_outside_grads(c, name, definition) for c in kids)
    return e if new == kids else e.rebuild(new)
