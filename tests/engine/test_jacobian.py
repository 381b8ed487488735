"""Jacobians vec(dF) = J vec(dX), in both vec orders and both layouts."""

import numpy as np

from mkdocs_matderiv import derive
from mkdocs_matderiv.render.latex import latex


def test_column_order_uses_kron_of_B_transpose_and_A():
    result = derive("f: X^{-1}\nwrt: X\n").results[0]
    assert result.kind == "jacobian"
    assert latex(result.value) == r"-\left(X^{-1}\right)^{T} \otimes X^{-1}"
    assert "vec.kron" in [s.rule for s in result.steps]


def test_row_order_as_pytorch_flattens():
    result = derive("f: A W + \\mathbf{1} b^T\nwrt: W\nvec: row\n").results[0]
    assert latex(result.value) == r"A \otimes I"
    assert "vec.kron_row" in [s.rule for s in result.steps]


def test_denominator_layout_transposes_as_seed_001_writes():
    result = derive("f: A x\nwrt: x\nlayout: denominator\n").results[0]
    assert latex(result.value) == "A^{T}"


def test_transpose_brings_the_commutation_matrix():
    result = derive("f: X^T\nwrt: X\nshapes:\n  X: 2 x 3\n").results[0]
    assert "vec.commutation" in [s.rule for s in result.steps]
    assert result.check.passed


def test_derivative_with_respect_to_a_scalar_through_where():
    result = derive("f: X^{-1}\nwhere:\n  X: A + t B\nwrt: t\nshapes:\n  t: scalar\n").results[0]
    assert result.kind == "derivative"
    named = [s for s in result.steps if s.rule == "core.scalar"][0]
    assert latex(named.rhs) == r"-X^{-1} B X^{-1}"


def test_the_inverse_rule_is_derived_where_first_used():
    rules = [s.rule for s in derive("f: X^{-1}\nwrt: X\n").results[0].steps]
    assert rules.index("d.inverse_proof") < rules.index("d.inverse")


def test_numpy_code_returns_the_jacobian_in_row_order():
    src = derive("f: X A\nwrt: X\nvec: row\n").to_dict()["results"][0]["numpy"]
    ns: dict = {}
    exec(src, ns)  # the test runs the published code, as a reader would
    A = np.arange(6.0).reshape(3, 2)
    X = np.ones((2, 3))
    assert np.allclose(ns["jacobian"](X=X, A=A), np.kron(np.eye(2), A.T))


def test_vec_of_the_variable_is_the_identity_in_column_order_and_K_in_row_order():
    column = derive("f: vec(X)\nwrt: X\n").results[0]
    row = derive("f: vec(X)\nwrt: X\nvec: row\n").results[0]
    assert latex(column.value) == "I"
    assert latex(row.value) == "K_{n,m}"
    assert column.check.passed and row.check.passed


def test_the_sum_rule_reads_as_the_slides_write_it():
    steps = derive("f: u + v\nwhere:\n  u: A x\n  v: B x\nwrt: x").results[0].steps
    lines = [(latex(s.lhs) if s.lhs is not None else "", latex(s.rhs), s.rule) for s in steps]
    chain = next(i for i, line in enumerate(lines) if line[2] == "chain.jacobian")
    assert lines[chain + 1][1] == r"\frac{\partial u}{\partial x} + \frac{\partial v}{\partial x}"
    assert lines[-1][1] == "A + B"
    assert (r"\frac{\partial u}{\partial x}", "A", "jacobian") in lines


def test_the_vector_chain_rule_in_denominator_layout_is_the_slides_identity():
    # seed 001: ∂g(u)/∂x = (∂u/∂x)(∂g(u)/∂u), each fraction the derivative in that layout (∂Ax/∂x = Aᵀ)
    result = derive("f: A u\nwhere:\n  u: B x\nwrt: x\nlayout: denominator").results[0]
    lines = [(latex(s.lhs) if s.lhs is not None else "", latex(s.rhs), s.rule) for s in result.steps]
    assert (r"\frac{\partial f}{\partial u}", "A^{T}", "layout") in lines
    assert (r"\frac{\partial u}{\partial x}", "B^{T}", "layout") in lines
    assert (r"\frac{\partial f}{\partial x}", r"\frac{\partial u}{\partial x} \frac{\partial f}{\partial u}",
            "chain.denominator") in lines
    assert not any(r"\right)^{T}" in lhs for lhs, _, _ in lines)       # never a transposed fraction
    assert latex(result.value) == "B^{T} A^{T}"
    assert result.check.passed


def test_a_jacobian_or_derivative_that_is_zero_has_the_shape_it_stands_for():
    jac = derive("f: sign(X)\nwrt: X\nshapes: {X: 2x3}\n").to_dict()["results"][0]
    der = derive("f: sign(t A)\nwrt: t\nshapes: {t: scalar, A: 2x3}\n").to_dict()["results"][0]
    for result, name, kwargs, shape in ((jac, "jacobian", {"X": 1.0 + np.zeros((2, 3))}, (6, 6)),
                                        (der, "derivative", {"t": 0.5, "A": np.ones((2, 3))}, (2, 3))):
        namespace: dict = {}
        exec(result["numpy"], namespace)  # noqa: S102 - the published code
        assert np.asarray(namespace[name](**kwargs)).shape == shape


def test_the_jacobian_of_a_transposed_diagonal_is_that_of_the_diagonal():
    plain = derive("f: diag(X)\nwrt: X\nshapes: {X: 3x3}\n").to_dict()["results"][0]
    row = derive("f: diag(X)^T\nwrt: X\nshapes: {X: 3x3}\n").to_dict()["results"][0]
    assert row["text"] == plain["text"] and row["check"]["passed"]
