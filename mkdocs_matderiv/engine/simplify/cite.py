"""The identities a simplification relied on, shown where the derivation first uses them.

A reader who sees ``((XXᵀ)⁻¹ + ((XXᵀ)⁻¹)ᵀ) X`` become ``2 (XXᵀ)⁻¹ X`` should be told
why: the line before says ``((XXᵀ)⁻¹)ᵀ = (XXᵀ)⁻¹`` and names the rule ("XXᵀ is
symmetric") from ``engine/rules.py``.
"""

from __future__ import annotations

from mkdocs_matderiv.derivation import Result, Step
from mkdocs_matderiv.engine.simplify.core import Simplifier
from mkdocs_matderiv.tree import Expr, Mul, Sym


def cite(results: list[Result], simplify: Simplifier) -> None:
    """Insert, before the first step of each result that shows a simplified expression, one
    line ``lhs = rhs`` per identity that expression relied on (each identity once per result);
    the step after them states its left-hand side again (``df = …``)."""
    number = _Numbers()
    cited: dict[int, tuple] = {}             # one form reached twice relied on the facts of both
    runs: dict[int, tuple[int, ...]] = {}    # a product's factors, to find it inside a longer one
    for done in simplify.record:
        n = number(done.expr)
        cited[n] = tuple(dict.fromkeys(cited.get(n, ()) + done.facts))
        if isinstance(done.expr, Mul):
            runs[n] = tuple(number(a) for a in done.expr.args)
    if not cited:
        return
    for result in results:
        shown: set = set()
        steps: list[Step] = []
        stated = None                       # the left-hand side the chain of equalities continues
        for step in result.steps:
            nodes, products = number.contents(step.rhs)
            new = [f for out, facts in cited.items() if _shows(nodes, products, out, runs.get(out))
                   for f in facts]
            fresh: dict[tuple, tuple] = {}
            for f in new:
                fresh.setdefault((f[0], number(f[1]), number(f[2])), f)
            new = [f for k, f in fresh.items() if k not in shown]
            shown.update(fresh)
            steps.extend(Step(lhs, rhs, key) for key, lhs, rhs in new)
            if new and step.lhs is None and stated is not None:
                step = Step(stated, step.rhs, step.rule)      # the chain restarts after the aside
            stated = step.lhs if step.lhs is not None else stated
            steps.append(step)
        result.steps = steps


def _shows(nodes: set[int], products: list[tuple[int, ...]], out: int, run: tuple[int, ...] | None) -> bool:
    """``out`` is in the step: as a node, or as a run of factors of a longer product."""
    if out in nodes:
        return True
    if run is None:
        return False
    n = len(run)
    return any(m[i:i + n] == run for m in products for i in range(len(m) - n + 1))


_HOLE = Sym("·", (1, 1))


class _Numbers:
    """One number per distinct expression, found bottom up (hash-consing): comparing two big
    trees is then comparing two numbers, not hashing both whole."""

    def __init__(self) -> None:
        self._by_key: dict = {}
        self._by_node: dict[int, int] = {}
        self._alive: list[Expr] = []        # the ids above stay these nodes' ids

    def __call__(self, e: Expr) -> int:
        n = self._by_node.get(id(e))
        if n is None:
            kids = e.children
            key = (e.rebuild(tuple(_HOLE for _ in kids)), tuple(self(c) for c in kids)) if kids else e
            n = self._by_key.setdefault(key, len(self._by_key))
            self._by_node[id(e)] = n
            self._alive.append(e)
        return n

    def contents(self, e: Expr) -> tuple[set[int], list[tuple[int, ...]]]:
        """The numbers of every node of ``e``, and the factors' numbers of every product in it."""
        nodes: set[int] = set()
        products: list[tuple[int, ...]] = []
        visited: set[int] = set()
        stack = [e]
        while stack:
            x = stack.pop()
            if id(x) in visited:
                continue
            visited.add(id(x))
            nodes.add(self(x))
            if isinstance(x, Mul):
                products.append(tuple(self(a) for a in x.args))
            stack.extend(x.children)
        return nodes, products
