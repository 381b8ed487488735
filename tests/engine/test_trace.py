"""Trace tricks until df = tr(Dᵀ dX), then ∂f/∂X = D."""

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


def test_seed_000_example_1_moves_dX_to_the_end_then_collects():
    found, rules, lines = tricks("tr(X B X^T)", "X")
    assert rules == ["tr.linear", "tr.cyclic", "tr.transpose", "tr.cyclic", "collect", "core"]
    assert lines[4] == r"\operatorname{tr}\left(\left(B + B^{T}\right) X^{T} d X\right)"
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


def test_symmetry_is_used_when_assumed():
    found, _, lines = tricks("x^T A x", "x", symmetric=frozenset({"A"}))
    assert lines[1] == r"2 x^{T} A d x"
    assert text(found.grads[Sym("x", SHAPES["x"])]) == "2 A x"
