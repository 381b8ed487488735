"""Draws that honour the problem: sizes and inputs where every inverse and log-determinant
is defined, no warning on stderr, and a refusal that says what the author can do."""

import warnings

import numpy as np
import pytest

from mkdocs_matderiv import MatDerivError, derive
from mkdocs_matderiv.check.draws import regular
from mkdocs_matderiv.tree import Sym


@pytest.mark.parametrize("block", [
    "f: ln|A X B|\nwrt: X\n",                     # A: m x n, singular unless m <= n
    "f: tr((A X A^T)^{-1})\nwrt: X\n",
    "f: ln|X X^T|\nwrt: X\n",
    "f: ln|A X|\nwrt: X\nshapes: {A: 3x3}\n",     # the determinant of A X has either sign
    "f: |X^T X|\nwrt: X\nshapes: {X: m x n}\n",
])
def test_singular_prone_problems_are_checked_at_sizes_where_they_are_defined(block):
    with warnings.catch_warnings():
        warnings.simplefilter("error")             # a RuntimeWarning would fail the test
        results = derive(block).results
    assert all(r.check.passed for r in results)


def test_a_problem_singular_at_its_declared_sizes_is_refused_with_advice():
    block = "f: ln|A X B|\nwrt: X\nshapes: {A: 3x2, X: 2x2, B: 2x3}\n"
    with pytest.raises(MatDerivError) as caught:
        derive(block)
    message = str(caught.value)
    assert "please report" not in message
    assert "values:" in message and "check: false" in message


def test_a_log_determinant_needs_a_positive_determinant():
    m = Sym("M", (2, 2))
    assert regular({"M": np.eye(2)}, {}, [m], [m])
    assert not regular({"M": np.diag([1.0, -1.0])}, {}, [m], [m])
    assert not regular({"M": np.zeros((2, 2))}, {}, [m], [])


def test_a_product_dimension_is_never_drawn_on_its_own():
    # a: mn (the length of vec(x bᵀ)) must be m times n at every draw
    assert derive("f: a^T vec(x b^T)\nwrt: x\n").results[0].check.passed


def test_a_bounded_f_with_a_huge_derivative_is_checked_at_smaller_inputs():
    # cos of exp(U exp(W_1 X + ...)): f stays in [-|c|², |c|²] while its gradient, at the check's
    # first draws, is ~1e6 and oscillates faster than any step resolves (refused, issue 10).
    block = ("f: c^T H c\nwrt: W_1\nwhere:\n  Y: exp(W_1 X + b_1 ones^T)\n  Z: exp(U Y)\n"
             "  H: cos(W_3 Z + b_3 ones^T)\nshapes: {X: 2x2, W_1: 3x2, b_1: 3, U: 2x3, W_3: 2x2, b_3: 2, c: 2}\n")
    result = derive(block).results[0]
    assert result.check.passed and result.check.max_rel_error < 1e-6
