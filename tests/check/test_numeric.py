"""Evaluating trees with NumPy, and drawing inputs that suit them."""

from fractions import Fraction

import numpy as np
import pytest

from mkdocs_matderiv.check.numeric import (
    NotNumeric, builtin_derivative, draw_dims, evaluate, random_inputs, resolve_dim, symbol_usage,
)
from mkdocs_matderiv.tree import (
    Add, Apply, Det, Diag, Diff, Div, ElemDiv, Func, Grad, Hadamard, Identity, Inv, Kron, Mul,
    Norm, Ones, Pow, Sum, Sym, T, Tr, Vec, Zero, neg, num,
)

from symbols import logdet

X = Sym("X", ("m", "n"))
B = Sym("B", ("n", "n"))
S = Sym("S", ("n", "n"))
x = Sym("x", ("n", 1))
alpha = Sym("alpha")

rng = np.random.default_rng(0)
Xv = rng.standard_normal((2, 3))
Bv = rng.standard_normal((3, 3))
Sv = rng.standard_normal((3, 3)) + 3 * np.eye(3)
xv = rng.uniform(0.5, 2, (3, 1))
ARRAYS = {"X": Xv, "B": Bv, "S": Sv, "x": xv, "alpha": np.array([[0.7]])}


def ev(e, dims=None):
    return evaluate(e, ARRAYS, dims)


def test_a_matrix_product():
    assert np.allclose(ev(Mul((X, B, T(X)))), Xv @ Bv @ Xv.T)


def test_a_scalar_factor_scales_a_product():
    assert np.allclose(ev(Mul((Mul((T(x), x)), S))), (xv.T @ xv) * Sv)
    assert np.allclose(ev(Mul((num(2), alpha, S))), 1.4 * Sv)


def test_a_scalar_term_is_added_to_every_entry():
    assert np.allclose(ev(Func("ln", Add((num(1), Func("exp", x))))), np.log(1 + np.exp(xv)))


def test_elementwise_products_and_quotients():
    assert np.allclose(ev(Hadamard((S, B))), Sv * Bv)
    assert np.allclose(ev(Hadamard((alpha, S))), 0.7 * Sv)
    assert np.allclose(ev(ElemDiv(num(1), x)), 1 / xv)
    assert np.allclose(ev(Div(x, Norm(x))), xv / np.linalg.norm(xv))
    assert np.allclose(ev(Kron(X, B)), np.kron(Xv, Bv))


def test_powers():
    assert np.allclose(ev(Pow(Mul((T(x), x)), num(Fraction(1, 2)))), np.linalg.norm(xv))
    assert np.allclose(ev(Pow(S, num(2))), Sv @ Sv)
    assert np.allclose(ev(Pow(S, num(-1))), np.linalg.inv(Sv))


def test_structural_functions():
    assert np.allclose(ev(Inv(S)), np.linalg.inv(Sv))
    assert np.allclose(ev(Inv(alpha)), 1 / 0.7)
    assert ev(Tr(B)).shape == (1, 1)
    assert np.isclose(ev(Tr(B))[0, 0], np.trace(Bv))
    assert np.isclose(ev(Det(S))[0, 0], np.linalg.det(Sv))
    assert np.isclose(ev(Norm(X))[0, 0], np.linalg.norm(Xv, "fro"))
    assert np.isclose(ev(Sum(X))[0, 0], Xv.sum())


def test_diag_both_ways():
    assert np.allclose(ev(Diag(x)), np.diag(xv[:, 0]))
    assert np.allclose(ev(Diag(B)), np.diag(Bv).reshape(-1, 1))


def test_vec_stacks_columns():
    assert np.allclose(ev(Vec(X)), Xv.T.reshape(-1, 1))


@pytest.mark.parametrize("name, f", [
    ("exp", np.exp), ("ln", np.log), ("sigma", lambda v: 1 / (1 + np.exp(-v))), ("tanh", np.tanh),
    ("sin", np.sin), ("cos", np.cos), ("sqrt", np.sqrt),
])
def test_elementwise_functions_and_their_derivatives(name, f):
    assert np.allclose(ev(Func(name, x)), f(xv))
    h = 1e-6
    assert np.allclose(ev(Func(name, x, 1)), (f(xv + h) - f(xv - h)) / (2 * h), atol=1e-7)


def test_the_log_determinant_is_log_of_the_absolute_determinant():
    negative = np.diag([-1.0, 2.0, 3.0])
    assert np.isclose(evaluate(logdet(S), {"S": negative})[0, 0], np.log(6.0))


def test_softmax_and_logsumexp():
    e = np.exp(xv)
    assert np.allclose(ev(Apply("softmax", (x,), ("n", 1))), e / e.sum())
    assert np.isclose(ev(Apply("logsumexp", (x,)))[0, 0], np.log(e.sum()))


def test_constants_take_their_sizes_from_dims_or_from_the_arrays():
    assert np.allclose(ev(Identity(("k", "k")), {"k": 4}), np.eye(4))
    assert np.allclose(ev(Add((S, Identity(("n", "n"))))), Sv + np.eye(3))
    assert np.allclose(ev(Mul((T(Ones(("n", 1))), x))), xv.sum())
    assert np.allclose(ev(Zero(("m", "n")), {"m": 2, "n": 3}), np.zeros((2, 3)))


def test_a_product_dimension_is_resolved():
    assert resolve_dim("mn", {"m": 2, "n": 3}) == 6
    assert np.allclose(ev(Add((Vec(X), Ones(("mn", 1))))), Xv.T.reshape(-1, 1) + 1)


def test_one_dimensional_vectors_and_floats_are_accepted():
    assert np.allclose(evaluate(Mul((alpha, T(x), x)), {"x": np.array([1.0, 2.0]), "alpha": 2.0}), 10.0)


@pytest.mark.parametrize("expr", [
    Func("g", x), Func("sigma", x, 2), Apply("L", (x,)), Grad("f", x, x.shape), Diff(x),
    Mul((S, Func("g", x, 1))),
])
def test_abstract_content_is_not_numeric(expr):
    with pytest.raises(NotNumeric):
        ev(expr)


def test_the_derivative_of_an_abstract_function_has_no_built_in_form():
    with pytest.raises(NotNumeric, match="abstract"):
        builtin_derivative(Func("g", x, 1))


def test_symbol_usage_marks_inverses_and_logarithms():
    e = Add((Tr(Inv(T(S))), Sum(Func("ln", x)), Pow(alpha, num(Fraction(1, 2)))))
    assert symbol_usage(e) == {"S": {"invertible"}, "x": {"positive"}, "alpha": {"positive"}}


def test_drawn_dims_are_distinct_small_and_respect_values():
    dims = draw_dims([X, B, Sym("Y", ("k", "n"))], {}, np.random.default_rng(0))
    assert sorted(dims) == ["k", "m", "n"]
    assert sorted(dims.values()) == [2, 3, 4]
    fixed = draw_dims([X, B], {"X": np.zeros((5, 2))}, np.random.default_rng(0))
    assert fixed == {"m": 5, "n": 2}


def test_drawn_dims_are_deterministic():
    symbols = [X, B, Sym("Y", ("k", "n"))]
    assert draw_dims(symbols, {}, np.random.default_rng(7)) == draw_dims(symbols, {}, np.random.default_rng(7))


def test_random_inputs_honour_assumptions():
    dims = {"n": 4}
    A, P, V, Q = (Sym(n, ("n", "n")) for n in "APVQ")
    out = random_inputs([A, P, V, Q, x], dims,
                        {"A": frozenset({"symmetric"}), "P": frozenset({"positive_definite"}),
                         "V": frozenset({"invertible"})},
                        np.random.default_rng(3), {"x": {"positive"}, "Q": {"invertible"}})
    assert np.allclose(out["A"], out["A"].T)
    assert np.allclose(out["P"], out["P"].T) and np.all(np.linalg.eigvalsh(out["P"]) > 0)
    for name in "VQ":
        m = out[name]
        off = np.abs(m).sum(axis=1) - np.abs(np.diag(m))
        assert np.all(np.diag(m) > off) and np.linalg.det(m) > 0
    assert out["x"].shape == (4, 1) and np.all((out["x"] >= 0.5) & (out["x"] <= 2))


def test_a_negated_tree_evaluates_with_its_sign():
    assert np.allclose(ev(neg(Mul((X, B)))), -(Xv @ Bv))
