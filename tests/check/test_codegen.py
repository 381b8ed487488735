"""NumPy source for results: it runs in a fresh namespace, as published, whatever the names."""

from fractions import Fraction

import warnings

import numpy as np
import pytest

from mkdocs_matderiv.check.codegen import numpy_source
from mkdocs_matderiv.check.numeric import NotNumeric, evaluate, load, random_inputs
from mkdocs_matderiv.tree import (
    Add, Apply, Det, Diag, Div, ElemDiv, Func, Grad, Hadamard, Identity, Inv, Kron, Mul, Norm,
    Ones, Pow, Sum, Sym, T, Tr, Vec, Zero, free_symbols, neg, num,
)

from symbols import A, B, S, W, X, alpha, lam, logdet, w, x, y
DIMS = {"m": 2, "n": 3, "h": 4}


def inputs(symbols, seed=0):
    """2-D arrays for the evaluator, and the contract's arguments (1-D vectors, float scalars)."""
    arrays = random_inputs(symbols, DIMS, {}, np.random.default_rng(seed),
                           {"X": {"invertible"}, "x": {"positive"}})
    kwargs = {}
    for s in symbols:
        v = arrays[s.name]
        kwargs[s.name.replace("lambda", "lambda_")] = \
            float(v[0, 0]) if s.scalar else (v[:, 0] if s.shape[1] == 1 else v)
    return arrays, kwargs


def test_the_contract_example_reads_like_numpy():
    src = numpy_source("gradient", Mul((X, Add((B, T(B))))), [B, X], X)
    assert src.startswith("import numpy as np\n")
    assert "def gradient(B, X):" in src
    assert "    return X @ (B + B.T)\n" in src


def test_a_vector_gradient_is_one_dimensional():
    value = Mul((num(2), T(X), Add((Mul((X, w)), neg(y)))))
    src = numpy_source("gradient", value, [X, w, y], w)
    assert "return np.reshape(2 * X.T @ (X @ w - y), -1)" in src
    arrays, kwargs = inputs([X, w, y])
    got = load(src, "gradient")(**kwargs)
    assert got.shape == (3,)
    assert np.allclose(got, evaluate(value, arrays)[:, 0])


def test_a_scalar_gradient_is_a_float():
    value = Mul((num(2), alpha, Tr(A)))
    got = load(numpy_source("gradient", value, [A, alpha], alpha), "gradient")(A=np.eye(3), alpha=2.0)
    assert isinstance(got, float) and got == 12.0


def test_a_jacobian_is_two_dimensional():
    value = neg(Kron(T(Inv(S)), Inv(S)))
    src = numpy_source("jacobian", value, [S], S)
    assert "np.kron(np.linalg.inv(X).T, np.linalg.inv(X))" in src
    arrays, kwargs = inputs([S])
    assert np.allclose(load(src, "jacobian")(**kwargs), evaluate(value, arrays))


def test_a_derivative_has_the_shape_of_f():
    vector = numpy_source("derivative", Mul((A, x)), [A, x, alpha], alpha)
    assert load(vector, "derivative")(A=np.eye(3), x=np.ones(3), alpha=1.0).shape == (3,)
    matrix = numpy_source("derivative", Mul((num(2), alpha, A)), [A, alpha], alpha)
    assert load(matrix, "derivative")(A=np.eye(3), alpha=1.0).shape == (3, 3)


def test_bindings_become_local_variables_in_order():
    Y = Sym("Y", ("h", "n"))
    Z = Sym("Z", ("h", "n"))
    value = Mul((T(W), Hadamard((Z, Func("sigma", Mul((W, X)), 1)))))
    src = numpy_source("gradient", value, [W, X], X,
                       bindings=[(Y, Func("sigma", Mul((W, X)))), (Z, Mul((num(2), Y)))])
    assert src.index("    Y = _sigmoid(W @ X)") < src.index("    Z = 2 * Y")
    arrays, kwargs = inputs([W, X])
    expected = evaluate(Mul((T(W), Hadamard((Mul((num(2), Func("sigma", Mul((W, X))))),
                                            Func("sigma", Mul((W, X)), 1))))), arrays)
    assert np.allclose(load(src, "gradient")(**kwargs), expected)


def test_symbolic_sizes_come_from_the_arguments():
    src = numpy_source("gradient", Add((A, Identity(("n", "n")))), [A], A)
    assert "    n = A.shape[0]\n" in src
    assert np.allclose(load(src, "gradient")(A=np.zeros((2, 2))), np.eye(2))


def test_a_size_variable_never_shadows_an_argument():
    n = Sym("n", ("k", 1))
    src = numpy_source("gradient", Mul((num(2), Ones(("k", 1)))), [n], n)
    assert "k = n.shape[0]" in src
    assert np.allclose(load(src, "gradient")(n=np.zeros(4)), 2 * np.ones(4))


def test_a_python_keyword_gets_a_trailing_underscore():
    src = numpy_source("gradient", Mul((num(2), lam)), [lam], lam)
    assert "def gradient(lambda_):" in src
    assert load(src, "gradient")(lambda_=3.0) == 6.0


def test_helpers_are_defined_only_when_used():
    src = numpy_source("gradient", Apply("softmax", (x,), ("n", 1)), [x], x)
    assert "def _softmax(x):" in src and "_sigmoid" not in src and "_logsumexp" not in src


@pytest.mark.parametrize("value", [
    Func("g", x), Apply("L", (x, x)), Grad("L", x, x.shape), Mul((A, Func("g", x, 1))),
])
def test_abstract_content_raises(value):
    with pytest.raises(NotNumeric):
        numpy_source("gradient", value, [A, x], x)


VALUES = [
    Mul((Mul((T(x), x)), A)),
    Mul((num(Fraction(-1, 2)), Pow(Mul((T(x), x)), num(Fraction(-1, 2))), x)),
    Mul((num(Fraction(1, 3)), x)),
    Add((Mul((num(2), Div(x, Norm(x)))), ElemDiv(x, Func("sqrt", Hadamard((x, x)))))),
    Mul((A, Func("tanh", x, 1), T(Func("ln", x, 1)))),
    Add((Kron(A, T(B)), neg(Mul((num(3), Kron(Add((A, B)), A)))))),
    Mul((logdet(S), Sum(Hadamard((A, Diag(Diag(B))))), Pow(S, num(2)))),
    Add((Mul((T(Ones(("n", 1))), A, Ones(("n", 1)))), neg(Tr(Vec(A))))),
    Mul((Inv(S), Add((Identity(("n", "n")), Zero(("n", "n")))), Pow(S, num(-2)), Inv(Mul((T(x), x))))),
    Hadamard((Func("exp", x), Func("sin", x), Func("cos", x), Func("sigma", x), Func("sqrt", x, 1))),
    Add((Apply("softmax", (x,), ("n", 1)), Apply("logsumexp", (x,)), Mul((Det(S), x)))),
    Add((x, neg(Add((Func("cos", x, 1), Func("exp", x, 1)))), Func("sigma", x, 1))),
    Mul((Inv(alpha), Pow(alpha, num(3)), neg(neg(A)))),
]


@pytest.mark.parametrize("value", VALUES)
def test_the_source_agrees_with_the_evaluator(value):
    symbols = free_symbols(value)
    wrt = next((s for s in symbols if s.shape == value.shape), symbols[0])
    kind = "gradient" if wrt.shape == value.shape else "jacobian"
    src = numpy_source(kind, value, symbols, wrt)
    for seed in (0, 1):
        arrays, kwargs = inputs(symbols, seed)
        got = np.asarray(load(src, kind)(**kwargs), dtype=float)
        assert np.allclose(got, evaluate(value, arrays).reshape(got.shape))


def test_the_published_sigmoid_is_stable_far_out():
    src = numpy_source("gradient", Func("sigma", x, 1), [x], x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")                    # an overflow warning fails the test
        got = load(src, "gradient")(x=np.array([-1000.0, 0.0, 1000.0]))
    assert np.allclose(got, [0.0, 0.25, 0.0])


def test_the_published_softmax_subtracts_the_maximum():
    src = numpy_source("gradient", Apply("softmax", (x,), ("n", 1)), [x], x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = load(src, "gradient")(x=np.array([1000.0, 1000.0]))
    assert np.allclose(got, [0.5, 0.5])


@pytest.mark.parametrize("name", ["np", "float", "sum", "range", "value"])
def test_user_names_that_python_or_numpy_use_do_not_break_the_code(name):
    s, v = Sym(name), Sym("v", ("n", 1))
    src = numpy_source("gradient", Mul((num(2), s, v)), [s, v], v)
    assert f"def gradient({name}, v):" in src
    got = load(src, "gradient")(**{name: 3.0, "v": np.array([1.0, 2.0])})
    assert np.allclose(got, [6.0, 12.0])


def test_a_size_made_of_two_dimensions_is_defined():
    src = numpy_source("jacobian", Identity(("mn", "mn")), [X], X)
    assert load(src, "jacobian")(X=np.ones((2, 3))).shape == (6, 6)


def test_the_trace_of_a_scalar_is_the_scalar():
    mu = Sym("mu")
    assert load(numpy_source("gradient", Tr(num(1)), [mu], mu), "gradient")(mu=2.0) == 1.0
