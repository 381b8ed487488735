"""The numeric check: results against central finite differences at random inputs."""

from fractions import Fraction

import numpy as np
import pytest

from mkdocs_matderiv.derivation import Check
from mkdocs_matderiv.check.codegen import numpy_source
from mkdocs_matderiv.check.numeric import NotNumeric
from mkdocs_matderiv.tree import (
    Add, Func, Grad, Hadamard, Inv, Kron, Mul, Pow, Sym, T, Tr, neg, num,
)
from mkdocs_matderiv.check.verify import verify_derivative, verify_gradient, verify_jacobian

from symbols import A, B, P, S, X, logdet, t, w, x
NONE = {}


def test_a_correct_gradient_passes():
    check = verify_gradient(Tr(Mul((X, B, T(X)))), Mul((X, Add((B, T(B))))), X, assume=NONE, values={})
    assert isinstance(check, Check)
    assert check.passed and check.max_rel_error < 1e-7 and check.draws == 2


def test_a_wrong_gradient_fails():
    check = verify_gradient(Tr(Mul((X, B, T(X)))), Mul((X, B)), X, assume=NONE, values={})
    assert not check.passed and check.max_rel_error > 1e-2


def test_a_vector_gradient():
    f = Mul((T(x), A, x))
    assert verify_gradient(f, Mul((Add((A, T(A))), x)), x, assume=NONE, values={}).passed


def test_a_scalar_gradient():
    f = Mul((Pow(t, num(3)), Tr(A)))
    assert verify_gradient(f, Mul((num(3), Pow(t, num(2)), Tr(A))), t, assume=NONE, values={}).passed


def test_an_inverse_is_drawn_invertible():
    f = Tr(Mul((A, Inv(S))))
    grad = neg(T(Mul((Inv(S), A, Inv(S)))))
    assert verify_gradient(f, grad, S, assume=NONE, values={}, draws=3).passed


def test_the_log_determinant():
    assert verify_gradient(logdet(S), T(Inv(S)), S, assume=NONE, values={}).passed


def test_a_symmetry_assumption_is_honoured():
    f = Mul((T(x), A, x))
    claimed = Mul((num(2), A, x))
    assert verify_gradient(f, claimed, x, assume={"A": frozenset({"symmetric"})}, values={}).passed
    assert not verify_gradient(f, claimed, x, assume=NONE, values={}).passed


def test_a_positive_definite_assumption_is_honoured():
    f = logdet(P)
    assert verify_gradient(f, Inv(P), P, assume={"P": frozenset({"positive_definite"})}, values={}).passed


def test_given_values_are_used_and_fix_the_sizes():
    A2 = np.array([[2.0, 1.0], [0.0, 3.0]])
    f = Mul((T(x), A, x))
    check = verify_gradient(f, Mul((Add((A, T(A))), x)), x, assume=NONE, values={"A": A2})
    assert check.passed


def test_a_jacobian_in_column_order():
    f = Inv(S)
    jac = neg(Kron(T(Inv(S)), Inv(S)))
    assert verify_jacobian(f, jac, S, vec="column", layout="numerator", assume=NONE, values={}).passed
    assert not verify_jacobian(f, jac, S, vec="row", layout="numerator", assume=NONE, values={}).passed


def test_a_jacobian_in_row_order():
    jac = neg(Kron(Inv(S), T(Inv(S))))
    assert verify_jacobian(Inv(S), jac, S, vec="row", layout="numerator", assume=NONE, values={}).passed


def test_a_jacobian_in_denominator_layout_is_transposed():
    M = Sym("M", ("m", "n"))
    f = Mul((M, x))
    assert verify_jacobian(f, M, x, vec="column", layout="numerator", assume=NONE, values={}).passed
    assert verify_jacobian(f, T(M), x, vec="column", layout="denominator", assume=NONE, values={}).passed
    assert not verify_jacobian(f, M, x, vec="column", layout="denominator", assume=NONE, values={}).passed


def test_the_derivative_of_a_matrix_function_of_a_scalar():
    f = Mul((Pow(t, num(2)), A))
    assert verify_derivative(f, Mul((num(2), t, A)), t, assume=NONE, values={}).passed


def test_the_derivative_of_a_vector_function_of_a_scalar():
    f = Func("exp", Mul((t, x)))
    assert verify_derivative(f, Hadamard((x, f)), t, assume=NONE, values={}).passed
    assert not verify_derivative(f, f, t, assume=NONE, values={}).passed


def test_draws_where_f_is_not_finite_are_replaced():
    f = Func("ln", Mul((T(w), x)))
    grad = Mul((Pow(Mul((T(w), x)), num(-1)), w))
    check = verify_gradient(f, grad, x, assume=NONE, values={}, draws=4)
    assert check.passed and check.draws == 4


def test_a_function_never_finite_cannot_be_checked():
    f = Func("ln", neg(Mul((T(x), x))))
    with pytest.raises(NotNumeric, match="finite"):
        verify_gradient(f, Mul((num(2), x)), x, assume=NONE, values={})


def test_abstract_content_cannot_be_checked():
    with pytest.raises(NotNumeric):
        verify_gradient(Func("g", Tr(A)), Func("g", Tr(A), 1), A, assume=NONE, values={})
    with pytest.raises(NotNumeric):
        verify_gradient(Tr(A), Grad("L", A, A.shape), A, assume=NONE, values={})


def test_the_check_is_reproducible():
    f = Pow(Mul((T(x), x)), num(Fraction(1, 2)))
    grad = Mul((Pow(Mul((T(x), x)), num(Fraction(-1, 2))), x))
    first = verify_gradient(f, grad, x, assume=NONE, values={}, seed=5)
    assert first == verify_gradient(f, grad, x, assume=NONE, values={}, seed=5)
    assert first.passed


def test_huge_given_values_do_not_overflow_the_comparison():
    from mkdocs_matderiv import derive

    block = ("f: exp(sum(Z))\nwhere:\n  Z: A W + \\mathbf{1} b^T\nwrt: W\nvalues:\n"
             "  A: [[1, 2, 3], [4, 5, 6]]\n  W: [[7, 8], [10, 11], [12, 13]]\n  b: [13, 14]\n")
    assert derive(block).results[0].check.passed


@pytest.mark.parametrize("seed", range(4))
def test_sizes_are_drawn_where_a_gram_matrix_is_invertible(seed):
    w = Sym("W", ("m", "n"))                      # W Wᵀ is singular when m > n
    gram = Mul((w, T(w)))
    f = Tr(Inv(gram))
    grad = neg(Mul((num(2), Inv(gram), Inv(gram), w)))
    assert verify_gradient(f, grad, w, assume=NONE, values={}, seed=seed).passed


def test_the_check_runs_the_source_it_is_given():
    f = Mul((T(x), x))
    right = numpy_source("gradient", Mul((num(2), x)), [x], x)
    wrong = right.replace("2 * x", "3 * x")
    assert verify_gradient(f, Mul((num(2), x)), x, numpy=right).passed
    assert not verify_gradient(f, Mul((num(2), x)), x, numpy=wrong).passed


def test_published_code_that_raises_cannot_pass():
    broken = numpy_source("gradient", Mul((num(2), x)), [x], x).replace("2 * x", "2 * undefined")
    with pytest.raises(NotNumeric, match="NameError"):
        verify_gradient(Mul((T(x), x)), Mul((num(2), x)), x, numpy=broken)
