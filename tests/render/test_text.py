"""Results as text in the expression language: readable, and parsed back to the same value."""

from fractions import Fraction

import numpy as np
import pytest

from mkdocs_matderiv.language import parse
from mkdocs_matderiv.check.numeric import evaluate, random_inputs
from mkdocs_matderiv.render.text import text
from mkdocs_matderiv.tree import (
    Add, Apply, Det, Diag, Diff, Div, ElemDiv, Func, Grad, Hadamard, Identity, Inv, Kron, Mul,
    Norm, Ones, Pow, Sum, Sym, T, Tr, Vec, free_symbols, neg, num,
)

from symbols import A, B, C, M, S, W, X, a, b, logdet, w, x, y, z


@pytest.mark.parametrize("expr, expected", [
    (Mul((X, Add((B, T(B))))), "X (B + B^T)"),
    (Mul((num(2), T(X), Add((Mul((X, w)), neg(y))))), "2 X^T (X w - y)"),
    (neg(T(Mul((Inv(S), A, Inv(S))))), "-(X^{-1} A X^{-1})^T"),
    (T(Inv(S)), "(X^{-1})^T"),
    (Mul((Det(S), T(Inv(S)))), "|X| (X^{-1})^T"),
    (Mul((a, T(b))), "a b^T"),
    (Mul((Hadamard((a, Func("exp", Mul((X, b))))), T(b))), "(a .* exp(X b)) b^T"),
    (Tr(Mul((X, B, T(X)))), "tr(X B X^T)"),
    (Norm(x), "||x||"),
    (Pow(Norm(x), num(2)), "||x||^2"),
    (Pow(Mul((T(x), x)), num(Fraction(1, 2))), "(x^T x)^{1/2}"),
    (Sum(A), "sum(A)"),
    (Diag(x), "diag(x)"),
    (Vec(A), "vec(A)"),
    (Func("ln", Add((num(1), Func("exp", x)))), "ln(1 + exp(x))"),
    (Func("sigma", x), "sigma(x)"),
    (Func("sqrt", x), "sqrt(x)"),
    (logdet(S), "ln(|X|)"),
    (ElemDiv(A, C), "A ./ C"),
    (Div(x, Norm(x)), "x / ||x||"),
    (Kron(A, C), r"A \otimes C"),
    (Mul((T(Ones(("n", 1))), A, Ones(("n", 1)))), "ones_{n}^T A ones_{n}"),
    (Add((A, Identity(("n", "n")))), "A + I_{n}"),
    (Kron(Identity((3, 3)), A), r"I_{3} \otimes A"),
    (num(2), "2"),
    (num(Fraction(1, 2)), "1/2"),
    (Mul((num(Fraction(1, 2)), x)), "(1/2) x"),
    (Mul((num(Fraction(-1, 2)), x)), "-(1/2) x"),
    (Mul((Sym("alpha"), Sym("W_1", ("n", "n")), x)), "alpha W_1 x"),
    (Sym("x_12", ("n", 1)), "x_{12}"),
    (Apply("softmax", (x,), ("n", 1)), "softmax(x)"),
    (Apply("logsumexp", (x,)), "logsumexp(x)"),
])
def test_spelling(expr, expected):
    assert text(expr) == expected


def test_a_hadamard_product_used_as_a_factor_is_parenthesised():
    e = Mul((T(W), Hadamard((Mul((num(2), M)), Func("sigma", Mul((W, X)), 1)))))
    assert text(e) == "W^T ((2 M) .* sigma(W X) .* (1 - sigma(W X)))"


def test_a_scalar_product_beside_matrices_is_parenthesised():
    assert text(Mul((Mul((T(x), x)), A))) == "(x^T x) A"


def test_a_quotient_used_as_a_factor_is_parenthesised():
    assert text(Mul((num(2), Div(x, Norm(x))))) == "2 (x / ||x||)"


@pytest.mark.parametrize("name, expected", [
    ("sigma", "sigma(z) .* (1 - sigma(z))"),
    ("tanh", "1 - tanh(z) .^ 2"),
    ("ln", "1 ./ z"),
    ("sqrt", "1 ./ (2 sqrt(z))"),
    ("exp", "exp(z)"),
    ("sin", "cos(z)"),
    ("cos", "-sin(z)"),
])
def test_derivatives_of_built_in_functions_are_written_out(name, expected):
    assert text(Func(name, z, 1)) == expected


def test_a_written_out_derivative_is_parenthesised_as_a_factor():
    assert text(Mul((A, Func("tanh", z, 1)))) == "A (1 - tanh(z) .^ 2)"


def test_abstract_pieces_print_as_the_language_reads_them():
    assert text(Func("g", Sym("z_1", ("n", 1)), 1)) == "g'(z_1)"
    assert text(Grad("L", Sym("a_2", ("n", 1)), ("n", 1))) == "dL/da_2"
    assert text(Grad("loss", Sym("alpha"), (1, 1))) == "d loss/d alpha"
    assert text(Mul((T(Grad("L", M, M.shape)), Ones((M.shape[0], 1))))) == "(dL/dM)^T ones_{h}"
    assert text(Diff(S)) == "dX"


@pytest.mark.parametrize("expr", [
    Mul((T(Grad("L", M, M.shape)), Ones((M.shape[0], 1)))),
    Mul((Hadamard((Grad("L", Mul((W, a)), (W.shape[0], 1)), Func("g", Mul((W, a)), 1))), T(a))),
    Grad("loss", Sym("alpha"), (1, 1)),
], ids=text)
def test_abstract_pieces_parse_back_to_the_same_tree(expr):
    shapes = {s.name: s.shape for s in free_symbols(expr)}
    assert parse(text(expr), shapes=shapes, functions={"L": "scalar", "loss": "scalar", "g": "elementwise"}) == expr


ROUND_TRIP = [
    Mul((X, Add((B, T(B))))),
    Mul((num(2), T(X), Add((Mul((X, w)), neg(y))))),
    neg(T(Mul((Inv(S), A, Inv(S))))),
    Mul((Det(S), T(Inv(S)))),
    Mul((Hadamard((a, Func("exp", Mul((X, b))))), T(b))),
    Mul((Mul((T(x), x)), A)),
    Mul((num(Fraction(-1, 2)), Pow(Mul((T(x), x)), num(Fraction(-1, 2))), x)),
    Mul((T(W), Hadamard((Mul((num(2), M)), Func("sigma", Mul((W, X)), 1))))),
    Add((Mul((num(2), Div(x, Norm(x)))), ElemDiv(x, Func("sqrt", Hadamard((x, x)))))),
    Mul((A, Func("tanh", z, 1), T(Func("ln", z, 1)))),
    Add((Kron(A, T(B)), Mul((num(3), Kron(Add((A, B)), C))))),
    Mul((logdet(S), Sum(Hadamard((A, Diag(Diag(B))))), Pow(S, num(2)))),
    Add((Mul((T(Ones(("n", 1))), A, Ones(("n", 1)))), neg(Sum(Vec(A))))),
    Mul((Kron(Identity(("h", "h")), A), Kron(Ones(("h", 1)), Identity(("n", "n"))))),
    Mul((T(Ones(("h", 1))), Ones(("h", 1)), T(Vec(Identity(("m", "m")))), Vec(Identity(("m", "m"))))),
]


@pytest.mark.parametrize("expr", ROUND_TRIP, ids=text)
def test_the_text_parses_back_to_the_same_value(expr):
    symbols = free_symbols(expr)
    shapes = {s.name: s.shape for s in symbols}
    dims = {"m": 2, "n": 3, "h": 4}
    rng = np.random.default_rng(1)
    arrays = random_inputs(symbols, dims, {}, rng, {"X": {"invertible"}, "x": {"positive"}})
    back = parse(text(expr), shapes=shapes)
    assert np.allclose(evaluate(back, arrays, dims), evaluate(expr, arrays, dims))


def test_an_unknown_setting_raises():
    with pytest.raises(TypeError, match="unknown setting"):
        text(x, width=80)
