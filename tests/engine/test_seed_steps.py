"""The step lists of the seed examples, pinned: every line changes something a reader sees,
no line repeats the one before, each rule is named under its own name."""

import re
from pathlib import Path

import pytest

from mkdocs_matderiv import derive
from mkdocs_matderiv.engine.rules import rule_keys
from mkdocs_matderiv.render.latex import latex

SEED_PAGES = sorted((Path(__file__).parents[2] / "docs" / "seeds").glob("*.md"))


def seed_blocks() -> list:
    blocks = []
    for page in SEED_PAGES:
        for m in re.finditer(r"^```matderiv\n(.*?)^```", page.read_text(), re.S | re.M):
            blocks.append(pytest.param(m.group(1), id=f"{page.stem}:{m.start()}"))
    return blocks


def visible(e) -> str:
    return latex(e).replace(" ", "")


@pytest.mark.parametrize("block", seed_blocks())
def test_every_seed_step_changes_something_visible(block):
    for r in derive(block).results:
        shown = r.steps[r.shared:]
        assert not shown or shown[0].lhs is not None, "a bare '&= …' row with no left-hand side"
        lhs = None
        for before, step in zip(r.steps, r.steps[1:]):
            lhs = before.lhs if before.lhs is not None else lhs
            now = step.lhs if step.lhs is not None else lhs
            assert (visible(now), visible(step.rhs)) != (visible(lhs), visible(before.rhs)), \
                f"line repeated by {step.rule}: {latex(step.rhs)}"
        for step in r.steps:
            if step.rule and "tr.hadamard" in rule_keys(step.rule):
                assert r"\operatorname{tr}" in latex(step.rhs), "trace trick (5) with no trace shown"


@pytest.mark.parametrize("block, rules", [
    # seed 000, Example 1: the transpose, then one cyclic move for both terms
    ("f: tr(XBX^T)\nwrt: X",
     ["differential", "d.trace", "d.product+d.transpose", "tr.linear", "tr.transpose", "tr.cyclic",
      "collect", "core"]),
    # seed 000, Example 3: the proof of dX⁻¹ where it is used, in the problem's own X
    ("f: tr(AX^{-1})\nwrt: X",
     ["differential", "d.trace", "d.scalar", "d.inverse_identity", "d.product", "d.inverse_proof",
      "d.inverse", "tr.cyclic", "core"]),
    # seed 000, the quadratic form: d(xᵀ) = dxᵀ is no line of its own
    ("f: x^TAx\nwrt: x", ["differential", "d.product+d.transpose", "scalar_transpose", "collect", "core.vector"]),
    ("f: x^T A x\nwrt: x\nassume:\n  A: symmetric",
     ["differential", "d.product+d.transpose", "scalar_transpose", "symmetric:A", "collect", "core.vector"]),
    # seed 003, least squares (41): the constant y drops under its own name
    ("f: ||Xw - y||^2\nwrt: w",
     ["differential", "d.norm2", "d.product+d.transpose", "d.constant", "d.scalar", "scalar_transpose",
      "collect", "core.vector"]),
    # seed 003, warm-up 3 (36): one transpose, then M's symmetry named
    ("f: tr(Y^T M Y)\nwhere:\n  Y: sigma(WX)\nwrt: X\nassume:\n  M: symmetric",
     ["differential", "d.trace", "d.product+d.transpose", "tr.linear", "tr.transpose", "symmetric:M",
      "collect", "core", "chain", "substitute", "d.elementwise", "d.scalar", "tr.hadamard", "core"]),
    # seed 001: the inverse with respect to a scalar, dt a factor written last
    ("f: (A + t B)^{-1}\nwrt: t\nshapes:\n  t: scalar",
     ["differential", "d.inverse_identity", "d.product", "d.inverse_proof", "d.inverse", "d.constant",
      "d.scalar", "core.scalar"]),
    # seed 001: a vector F is its own vec, so no "vectorise" line repeating dF = dX a
    ("f: X a\nwrt: X", ["differential", "d.scalar", "vec.kron", "jacobian"]),
])
def test_seed_step_lists(block, rules):
    assert [s.rule for s in derive(block).results[0].steps] == rules


def test_the_inverse_proof_uses_the_problems_own_matrix():
    steps = derive("f: x^T A^{-1} x\nwrt: A").results[0].steps
    proof = next(s for s in steps if s.rule == "d.inverse_identity")
    assert latex(proof.rhs) == r"d\left(A A^{-1}\right)"
    steps = derive("f: (A + t B)^{-1}\nwrt: t\nshapes:\n  t: scalar").results[0].steps
    assert "X" not in "".join(latex(s.rhs) for s in steps)
    assert latex(steps[-2].rhs).endswith(r"\left(A + t B\right)^{-1} d t")


def test_the_denominator_layout_reads_off_the_slides_fraction():
    # seed 001: ∂Ax/∂x = Aᵀ; the fraction is the derivative in that layout, never (∂f/∂x)ᵀ, and
    # no line says ∂f/∂x = A before it
    steps = derive("f: A x\nwrt: x\nlayout: denominator").results[0].steps
    differential, read_off = steps[-2], steps[-1]
    assert latex(differential.rhs) == "A d x"
    assert (latex(read_off.lhs), latex(read_off.rhs), read_off.rule) == (
        r"\frac{\partial f}{\partial x}", "A^{T}", "layout")


def test_brief_names_every_rule_it_combines():
    steps = derive("f: x^T A x\nwrt: x\nsteps: brief").results[0].steps
    assert [s.rule for s in steps] == ["differential", "d.product+d.transpose",
                                       "scalar_transpose+collect", "core.vector"]
