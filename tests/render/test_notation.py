"""Notation on the page (issue 8, part 4): the function keeps one name through problem, steps
and result; every ``wrt`` of a block is labelled the same way, and each result with the label
its steps read it off with; a vectorised variable reads ``∂f/∂vec X``, never ``∂(vec(X))``."""

from __future__ import annotations

import re

import pytest

from mkdocs_matderiv import derive
from mkdocs_matderiv.render.latex import latex
from mkdocs_matderiv.render.parts import Boxed, Math, Prose, Steps, derivation_parts

BACKPROP = ("f: L(a_2)\nwhere:\n  z_1: W_1 x + b_1\n  a_1: g(z_1)\n  z_2: W_2 a_1 + b_2\n  a_2: h(z_2)\n"
            "wrt: [W_1, b_1, W_2, b_2]\nfunctions:\n  g: elementwise\n  h: elementwise\n  L: scalar\n")

BLOCKS = {
    "backprop": BACKPROP,
    "abstract": "f: L(g(W x))\nwrt: W\nfunctions:\n  g: elementwise\n  L: scalar\n",
    "two wrt": "f: ||W x + b - y||^2\nwrt: [W, b]\n",
    "jacobian": "f: X A\nwrt: X\n",
    "jacobian row": "f: A X B\nwrt: X\nvec: row\n",
    "vector of a matrix": "f: X a\nwrt: X\n",
    "scalar and vector wrt": "f: t A x\nwrt: [t, x]\nshapes:\n  t: scalar\n",
    "denominator": "f: t A x\nwrt: [t, x]\nshapes:\n  t: scalar\nlayout: denominator\n",
    "vector chain": "f: u + v\nwhere:\n  u: A x\n  v: B x\nwrt: x\n",
    "derivative": "f: (A + t B)^{-1}\nwrt: t\nshapes:\n  t: scalar\n",
    "hessians": "f: t^2 x^T x\nwrt: [t, x]\nshapes:\n  t: scalar\norder: 2\n",
}

_NAME = re.compile(r"^d (\w)$|^d\^\{2\} (\w)$"
                   r"|^(?:\\left\()?\\frac\{\\partial(?:\^\{2\})? (?:\\operatorname\{vec\}(?:_\{r\})? )?(\w)\}")


def _parts(block: str) -> list:
    return derivation_parts(derive(block))


def names(block: str) -> set[str]:
    """Every name the function goes by: the problem line, the left-hand sides of the steps
    (the function's own, not an inner ``du`` or ``∂u/∂x``) and the results' labels."""
    parts = _parts(block)
    found = {next(p for p in parts if isinstance(p, Math)).latex.split(" = ")[0]}
    inner = set(re.findall(r"^  (\w+):", block.split("where:")[1], re.M)) if "where:" in block else set()
    for p in parts:
        lhss = [s.lhs for s in p.lines] if isinstance(p, Steps) else [p.lhs] if isinstance(p, Boxed) else []
        for lhs in lhss:
            m = _NAME.match(lhs)
            if m and (m.group(1) or m.group(2) or m.group(3)) not in inner | {"x", "t"}:
                found.add(m.group(1) or m.group(2) or m.group(3))
    return found


@pytest.mark.parametrize("case", sorted(BLOCKS))
def test_the_function_keeps_one_name(case):
    assert names(BLOCKS[case]) == ({"L"} if case in ("backprop", "abstract") else {"f"})


@pytest.mark.parametrize("case", sorted(BLOCKS))
def test_each_result_carries_the_label_its_steps_read_it_off_with(case):
    d = derive(BLOCKS[case])
    parts = derivation_parts(d)
    boxed = [p.lhs for p in parts if isinstance(p, Boxed)]
    read_off = ("jacobian", "core", "core.vector", "core.scalar", "layout", "chain.jacobian",
                "d2.identify", "d2.identify_kron", "d2.scalar")
    for r, label in zip(d.results, boxed):
        seen = [latex(s.lhs) for s in r.steps if s.lhs is not None and s.rule and s.rule.split("+")[-1] in read_off]
        assert seen[-1] == label


def test_the_backward_pass_is_in_l_from_problem_to_summary():
    parts = _parts(BACKPROP)
    assert parts[0] == Math(r"L = L\left(a_{2}\right)")
    assert [p.latex for p in parts if isinstance(p, Boxed)][:2] == [
        r"\frac{\partial L}{\partial W_{1}} = \frac{\partial L}{\partial z_{1}} x^{T}",
        r"\frac{\partial L}{\partial b_{1}} = \frac{\partial L}{\partial z_{1}}"]
    summary = [p for p in parts if isinstance(p, Steps)][-1]
    assert {line.lhs.split("}")[0] for line in summary.lines} == {r"\frac{\partial L"}


def test_a_matrix_function_is_f_in_its_steps_and_a_vectorised_variable_has_no_parentheses():
    steps = next(p for p in _parts(BLOCKS["jacobian"]) if isinstance(p, Steps))
    lhss = [s.lhs for s in steps.lines if s.lhs]
    assert lhss[:2] == ["d f", r"\operatorname{vec}\left(d f\right)"]
    page = "\n".join(p.latex for p in _parts(BLOCKS["vector of a matrix"]) if isinstance(p, (Boxed, Math)))
    assert r"\frac{\partial f}{\partial \operatorname{vec} X}" in page
    assert r"\partial \left(\operatorname{vec}" not in page


def test_a_scalar_and_a_vector_wrt_are_both_partial_derivatives():
    parts = _parts(BLOCKS["scalar and vector wrt"])
    assert [p.lhs for p in parts if isinstance(p, Boxed)] == [r"\frac{\partial f}{\partial t}",
                                                             r"\frac{\partial f}{\partial x}"]
    leads = ["".join(x for x in p.pieces if isinstance(x, str)) for p in parts if isinstance(p, Prose)]
    assert "Continuing from the steps above, the Jacobian with respect to :" in leads
    hessians = [p.lhs for p in _parts(BLOCKS["hessians"]) if isinstance(p, Boxed)]
    assert hessians == [r"\frac{\partial^{2} f}{\partial t^{2}}", r"\frac{\partial^{2} f}{\partial x\,\partial x^{T}}"]
