"""Trace tricks until df = tr(Dᵀ dX), then ∂f/∂X = D."""

import pytest

from mkdocs_matderiv.engine.differential import Differentiator
from mkdocs_matderiv.engine.simplify import Simplifier
from mkdocs_matderiv.engine.trace import gradients
from mkdocs_matderiv.language import parse
from mkdocs_matderiv.render.latex import latex
from mkdocs_matderiv.render.text import text
from mkdocs_matderiv.tree import Diff, Sym

SHAPES = {"X": ("m", "n"), "B": ("n", "n"), "a": ("m", 1), "b": ("n", 1), "x": ("n", 1),
          "A": ("n", "n"), "M": ("m", "n")}


def tricks(f: str, wrt: str, symmetric=frozenset()):
    var = Sym(wrt, SHAPES[wrt])
    df, _ = Differentiator([var]).steps(Diff(Sym("f")), parse(f, shapes=SHAPES))
    found = gradients(df, [var], Simplifier(symmetric), "f")
    return found, [s.rule for s in found.steps], [latex(s.rhs) for s in found.steps]


def test_seed_000_example_1_transposes_then_one_cyclic_move_for_both_terms():
    found, rules, lines = tricks("tr(X B X^T)", "X")
    assert rules == ["tr.linear", "tr.transpose", "tr.cyclic", "collect", "core"]
    assert lines[2] == r"\operatorname{tr}\left(B X^{T} d X\right) + \operatorname{tr}\left(B^{T} X^{T} d X\right)"
    assert lines[3] == r"\operatorname{tr}\left(\left(B + B^{T}\right) X^{T} d X\right)"
    assert text(found.grads[Sym("X", SHAPES["X"])]) == "X (B + B^T)"


def test_a_scalar_is_its_own_trace_then_cyclic():
    found, rules, lines = tricks("a^T X b", "X")
    assert rules == ["tr.scalar", "tr.cyclic", "core"]
    assert lines[1] == r"\operatorname{tr}\left(b a^{T} d X\right)"
    assert text(found.grads[Sym("X", SHAPES["X"])]) == "a b^T"


def test_hadamard_trick():
    found, rules, _ = tricks("tr(M^T (a b^T .* X))", "X")
    assert "tr.hadamard" in rules


def test_vector_gradient_needs_no_trace():
    found, rules, lines = tricks("x^T A x", "x")
    assert rules == ["scalar_transpose", "collect", "core.vector"]
    assert lines[1] == r"x^{T} \left(A + A^{T}\right) d x"


@pytest.mark.parametrize("f", ["tr(X^T A X)", "tr(X^T X)"])
def test_a_transpose_at_the_front_is_one_move(f):
    # tr(dXᵀ A X) = tr(Xᵀ Aᵀ dX): not cyclic → transpose → cyclic
    shapes = dict(SHAPES, X=("n", "m"))
    var = Sym("X", shapes["X"])
    df, _ = Differentiator([var]).steps(Diff(Sym("f")), parse(f, shapes=shapes))
    found = gradients(df, [var], Simplifier(), "f")
    assert [s.rule for s in found.steps] == ["tr.linear", "tr.transpose", "collect", "core"]


def test_a_hadamard_factor_without_a_trace_is_not_trace_trick_5():
    _, rules, _ = tricks("b^T exp(x)", "x")
    assert "ip.hadamard" in rules and "tr.hadamard" not in rules


def test_symmetry_is_used_when_assumed():
    found, rules, lines = tricks("x^T A x", "x", symmetric=frozenset({"A"}))
    assert rules == ["scalar_transpose", "symmetric:A", "collect", "core.vector"]
    assert lines[1] == r"x^{T} A d x + x^{T} A d x"
    assert lines[2] == r"2 x^{T} A d x"
    assert text(found.grads[Sym("x", SHAPES["x"])]) == "2 A x"
