"""Stationary points (solve: true): where an affine gradient vanishes."""

import numpy as np
import pytest

from mkdocs_matderiv import MatDerivError, derive
from mkdocs_matderiv.render.text import text


def point(block: str):
    (result,) = derive(block).results
    assert result.stationary is not None
    return result.stationary


def run(point, **arrays):
    namespace: dict = {}
    exec(point.numpy, namespace)  # noqa: S102 - the published source, as a user runs it
    return namespace["stationary"](**arrays)


def test_least_squares_as_seed_003_solves_it():
    p = point("f: ||Xw - y||^2\nwrt: w\nsolve: true\n")
    assert text(p.value) == "(X^T X)^{-1} X^T y"
    assert [s.rule for s in p.steps] == ["stat.zero", "expand", "stat.move", "stat.invert"]
    assert [text(e) for e in p.invertible] == ["X^T X"]
    assert p.check.passed


def test_ridge_regression_adds_lambda_i():
    p = point("f: ||X w - y||^2 + lambda ||w||^2\nwrt: w\nsolve: true\n")
    assert text(p.value) == "(lambda I_{n} + X^T X)^{-1} X^T y"
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((5, 3)), rng.standard_normal(5)
    assert np.allclose(run(p, X=X, y=y, lambda_=0.5), np.linalg.solve(X.T @ X + 0.5 * np.eye(3), X.T @ y))


def test_a_matrix_multiplied_on_the_left():
    assert text(point("f: ||X W - Y||^2\nwrt: W\nsolve: true\n").value) == "(X^T X)^{-1} X^T Y"


def test_a_matrix_multiplied_on_the_right():
    p = point("f: ||W X - Y||^2\nwrt: W\nsolve: true\n")
    assert p.check.passed
    assert "^{-1}" in text(p.value)


def test_a_scalar():
    p = point("f: (t - a)^2\nwrt: t\nsolve: true\nshapes:\n  t: scalar\n  a: scalar\n")
    assert run(p, a=1.5) == pytest.approx(1.5)


def test_a_gradient_that_is_not_affine_is_a_located_error():
    with pytest.raises(MatDerivError) as err:
        derive("f: exp(a^T x)\nwrt: x\nsolve: true\n")
    assert str(err.value) == ("line 3: solve: the gradient with respect to x is not affine in x (its "
                              "differential still depends on x), so setting it to zero has no "
                              "closed-form solution here")


def test_solve_needs_a_first_order_gradient():
    with pytest.raises(MatDerivError, match="needs a scalar f and order: 1"):
        derive("f: x^T A x\nwrt: x\norder: 2\nsolve: true\n")


def test_the_json_has_the_stationary_point():
    (result,) = derive("f: ||Xw - y||^2\nwrt: w\nsolve: true\n").to_dict()["results"]
    st = result["stationary"]
    assert st["text"] == "(X^T X)^{-1} X^T y"
    assert st["latex"] and st["steps"] and all(s["rule"] for s in st["steps"])
    assert "def stationary(X, y):" in st["numpy"]
    assert st["invertible"] == ["X^{T} X"]


def test_least_squares_with_symbolic_sizes_says_it_needs_m_at_least_n():
    # (XᵀX)⁻¹Xᵀy is no stationary point of a wide X: the page states the assumption
    block = "f: ||Xw - y||^2\nwrt: w\nsolve: true\n"
    assert point(block).sizes == [("m", "n")]
    assert r"is invertible (which needs $m \geq n$)." in derive(block)._repr_markdown_()
    assert derive(block).to_dict()["results"][0]["stationary"]["sizes"] == ["m >= n"]
    assert point("f: ||Xw - y||^2 + lambda w^T w\nwrt: w\nsolve: true\n").sizes == []


def test_a_product_through_a_smaller_size_is_never_invertible():
    with pytest.raises(MatDerivError, match="the matrix to invert is 3×3 but a product through size 2"):
        derive("f: ||Xw - y||^2\nwrt: w\nsolve: true\nshapes: {X: 2 x 3}\n")
