"""Hessians (order: 2) by the second differential and the second identification theorem."""

import numpy as np
import pytest

from mkdocs_matderiv import MatDerivError, derive
from mkdocs_matderiv.render.text import text


def hessian(block: str):
    (result,) = derive(block).results
    assert result.kind == "hessian"
    return result


def rules(result) -> list[str]:
    return [s.rule for s in result.steps]


def run(result, **arrays):
    namespace: dict = {}
    exec(result.numpy, namespace)  # noqa: S102 - the published source, as a user runs it
    return namespace["hessian"](**arrays)


def test_a_quadratic_form_is_identified_as_half_b_plus_b_transpose():
    result = hessian("f: x^T A x\nwrt: x\norder: 2\n")
    assert text(result.value) == "A + A^T"
    assert rules(result)[-3:] == ["d2.quadratic", "d2.identify", "d2.symmetric"]
    assert "d2" in rules(result)


def test_least_squares_reads_two_x_transpose_x():
    assert text(hessian("f: ||X w - y||^2\nwrt: w\norder: 2\n").value) == "2 X^T X"


def test_a_symmetric_matrix_gives_two_a():
    assert text(hessian("f: x^T A x\nwrt: x\norder: 2\nassume:\n  A: symmetric\n").value) == "2 A"


def test_the_second_differential_starts_from_the_gradient():
    result = hessian("f: exp(a^T x)\nwrt: x\norder: 2\n")
    assert rules(result)[:3] == ["differential", "d.elementwise", "d.scalar"] or "core.vector" in rules(result)
    first = rules(result).index("d2")
    assert "core.vector" in rules(result)[:first]
    assert text(result.value) == "exp(a^T x) a a^T"


def test_a_matrix_quadratic_form_is_a_kronecker_product_in_column_order():
    result = hessian("f: tr(X^T A X)\nwrt: X\norder: 2\n")
    assert text(result.value) == "I_{n} \\otimes (A + A^T)"
    assert "d2.trace_form" in rules(result) and "d2.identify_kron" in rules(result)


def test_row_order_trades_the_kronecker_factors():
    result = hessian("f: tr(X B X^T)\nwrt: X\norder: 2\nvec: row\nshapes:\n  X: 3 x 2\n")
    assert text(result.value) == "I_{3} \\otimes (B + B^T)"
    B, X = np.arange(4.0).reshape(2, 2), np.ones((3, 2))
    assert np.allclose(run(result, B=B, X=X), np.kron(np.eye(3), B + B.T))


def test_the_log_determinant_needs_the_commutation_matrix():
    result = hessian("f: ln|X|\nwrt: X\norder: 2\n")
    assert text(result.value) == "-K_{m,m} ((X^{-1})^T \\otimes X^{-1})"


@pytest.mark.parametrize("vec", ["column", "row"])
def test_tr_b_dx_c_dx_on_a_rectangular_matrix(vec):
    result = hessian(f"f: tr(X A X B)\nwrt: X\norder: 2\nvec: {vec}\nshapes:\n  X: 2 x 3\n  A: 3 x 2\n  B: 3 x 2\n")
    assert result.check.passed


def test_a_frobenius_norm_squared_is_two_i():
    assert text(hessian("f: ||X||^2\nwrt: X\norder: 2\n").value) == "2 I_{nm}"


def test_a_linear_function_has_a_zero_hessian():
    result = hessian("f: a^T x\nwrt: x\norder: 2\nshapes:\n  x: 3\n")
    assert np.array_equal(run(result, a=np.ones(3), x=np.ones(3)), np.zeros((3, 3)))


def test_a_scalar_variable_gives_a_one_by_one_hessian():
    result = hessian("f: t^3\nwrt: t\norder: 2\nshapes:\n  t: scalar\n")
    assert text(result.value) == "6 t"
    assert rules(result)[-1] == "d2.scalar"
    assert run(result, t=2.0).shape == (1, 1)


def test_through_a_where_chain_with_tanh():
    result = hessian("f: ||y||^2\nwhere:\n  y: tanh(W x)\nwrt: x\norder: 2\n")
    assert result.check.passed and "tanh''" not in text(result.value)


def test_a_symmetric_variable_is_differentiated_off_the_symmetric_matrices():
    result = hessian("f: v^T ((A X^{-1}) ⊙ C) w\nwrt: X\norder: 2\nshapes:\n  X: 2 x 2\n  A: 3 x 2\n"
                     "  C: 3 x 2\n  v: 3\n  w: 2\nassume:\n  X: positive_definite\nvec: row\n")
    assert result.check.passed


def test_a_matrix_valued_f_has_no_hessian():
    with pytest.raises(MatDerivError, match="order: 2 needs a scalar f"):
        derive("f: A X\nwrt: X\norder: 2\n")


def test_an_abstract_scalar_function_has_no_hessian():
    with pytest.raises(MatDerivError, match="needs every function of f to be known"):
        derive("f: L(Y)\nwhere:\n  Y: W X\nwrt: X\nfunctions:\n  L: scalar\norder: 2\n")


def test_the_json_kind_is_hessian():
    (result,) = derive("f: x^T x\nwrt: x\norder: 2\n").to_dict()["results"]
    assert result["kind"] == "hessian"
    assert "def hessian(x):" in result["numpy"]


@pytest.mark.parametrize("steps", ["full", "brief"])
def test_the_log_determinant_states_its_trace_form_once(steps):
    """d(X⁻¹) substituted into tr(d(X⁻¹) dX) is already tr(B dX C dX): the trace-form line
    would repeat it (it did, under steps: brief, as the line before)."""
    result = hessian(f"f: ln|X|\nwrt: X\norder: 2\nsteps: {steps}\n")
    lines = [text(s.rhs) for s in result.steps]
    assert lines.count("tr(-X^{-1} dX X^{-1} dX)") == 1
    assert "d2.trace_form" not in rules(result)
    assert rules(result)[-2:] == ["d2.identify_kron", "d2.symmetric"]
