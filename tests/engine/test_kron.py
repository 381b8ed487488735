"""Kronecker products and diag: the readable identities, and the general rules entry by entry."""

import numpy as np
import pytest

from mkdocs_matderiv import derive
from mkdocs_matderiv.check.numeric import evaluate
from mkdocs_matderiv.engine.kron import gradient_through, vec_of_diag, vec_of_kron
from mkdocs_matderiv.engine.trace import has_differential
from mkdocs_matderiv.tree import Diag, Diff, Kron, Sym

RNG = np.random.default_rng(3)
A, B = Sym("A", (2, 3)), Sym("B", (3, 2))
X = Sym("X", (4, 2))
ARRAYS = {"A": RNG.standard_normal((2, 3)), "B": RNG.standard_normal((3, 2)),
          "P": RNG.standard_normal((6, 8)), "R": RNG.standard_normal((4, 12))}


def _unit(i: int, j: int) -> np.ndarray:
    e = np.zeros((4, 2))
    e[i, j] = 1.0
    return e


@pytest.mark.parametrize("left", [True, False])
def test_the_general_trace_rule_agrees_entry_by_entry(left):
    # tr(P (A ⊗ dX)) = tr(Gᵀ dX): G_ij is the derivative of tr(P (A ⊗ X)) by X_ij
    p = Sym("P", (6, 8)) if left else Sym("R", (4, 12))
    lead, y = gradient_through((p,), Kron(A, Diff(X)) if left else Kron(Diff(X), B), has_differential)
    assert y == Diff(X)
    g = evaluate(lead, ARRAYS).T
    for i in range(4):
        for j in range(2):
            e = np.kron(ARRAYS["A"], _unit(i, j)) if left else np.kron(_unit(i, j), ARRAYS["B"])
            assert g[i, j] == pytest.approx(np.trace(ARRAYS[p.name] @ e))


@pytest.mark.parametrize("order", ["column", "row"])
@pytest.mark.parametrize("left", [True, False])
def test_vec_of_a_kronecker_product_agrees_entry_by_entry(order, left):
    m, y = vec_of_kron(Kron(A, X) if left else Kron(X, B), lambda e: e == X, order)
    assert y == X
    jac = evaluate(m, ARRAYS)
    flat = "F" if order == "column" else "C"
    for col in range(8):
        e = np.zeros(8)
        e[col] = 1.0
        dx = e.reshape((4, 2), order=flat)
        want = (np.kron(ARRAYS["A"], dx) if left else np.kron(dx, ARRAYS["B"])).reshape(-1, order=flat)
        assert np.allclose(jac[:, col], want)


def test_vec_of_diag_picks_the_diagonal():
    v, s = Sym("v", (3, 1)), Sym("S", (3, 3))
    x = RNG.standard_normal((3, 1))
    y = RNG.standard_normal((3, 3))
    assert np.allclose(evaluate(vec_of_diag(Diag(v)), {}, {}) @ x, np.diagflat(x).reshape(-1, 1, order="F"))
    assert np.allclose(evaluate(vec_of_diag(Diag(s)), {}, {}) @ y.reshape(-1, 1, order="F"),
                       np.diag(y).reshape(-1, 1))


@pytest.mark.parametrize("block, text", [
    ("f: tr(A ⊗ X)\nwrt: X\nshapes: {A: 2x2, X: 3x3}\n", "tr(A) I_{3}"),
    ("f: sum(A ⊗ X)\nwrt: X\nshapes: {A: 2x3, X: 3x2}\n", "sum(A) ones_{3} ones_{2}^T"),
    ("f: ||A ⊗ X||^2\nwrt: X\nshapes: {A: 2x3, X: 3x2}\n", "2 ||A||^2 X"),
    ("f: tr((A ⊗ B)(C ⊗ X))\nwrt: X\nshapes: {A: 2x2, B: 3x3, C: 2x2, X: 3x3}\n", "tr(A C) B^T"),
])
def test_the_kronecker_identities_give_readable_gradients(block, text):
    result = derive(block).results[0]
    assert result.check.passed
    assert derive(block).to_dict()["results"][0]["text"] == text


@pytest.mark.parametrize("block", [
    "f: u^T (A ⊗ X) v\nwrt: X\nshapes: {A: 2x3, X: 3x2}\n",
    "f: u^T (X ⊗ A) v\nwrt: X\nshapes: {A: 2x3, X: 3x2}\n",
    "f: x ⊗ a\nwrt: x\n",
    "f: A ⊗ X\nwrt: X\nshapes: {A: 2x3, X: 3x2}\nvec: row\n",
    "f: C (X ⊗ B)\nwrt: X\nshapes: {B: 2x3, X: 3x2, C: 2x6}\n",
    "f: diag(x)\nwrt: x\n",
    "f: diag(A X)\nwrt: X\nshapes: {A: 3x2, X: 2x3}\nlayout: denominator\n",
    "f: diag(X)^T a\nwrt: X\n",
])
def test_gradients_and_jacobians_through_kron_and_diag_pass_the_check(block):
    assert all(r.check.passed for r in derive(block).results)


def test_a_gradient_through_vec_unvecs_the_coefficient():
    # aᵀ vec(X) = tr(unvec(a)ᵀ X): the gradient is a reshaped to X's shape
    result = derive("f: a^T vec(X)\nwrt: X\nshapes: {X: 3x2}\n").to_dict()["results"][0]
    namespace: dict = {}
    exec(result["numpy"], namespace)  # noqa: S102 - the published code
    a = np.arange(6.0)
    assert np.allclose(namespace["gradient"](a=a, X=np.zeros((3, 2))), a.reshape((3, 2), order="F"))
