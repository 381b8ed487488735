"""Computed numbers as pages show them: JSON values and their LaTeX."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from mkdocs_matderiv.render.numbers import bmatrix, matrix, number, number_latex


def test_numbers_print_as_ints_or_six_significant_digits():
    assert number(5.0) == 5 and isinstance(number(5.0), int)
    assert number(41.99999999999) == 42
    assert number(-0.0) == 0
    assert number(1 / 3) == 0.333333
    assert number(123456789.123) == 123456789 or number(123456789.123) == 1.23457e8
    assert number(0.000123456789) == 0.000123457


def test_a_number_that_is_not_finite_is_refused():
    with pytest.raises(ValueError, match="not finite"):
        number(float("inf"))


def test_matrix_nests_rows_and_scalars_are_numbers():
    assert matrix(np.array([[13.0], [14.0]])) == [[13], [14]]
    assert matrix(np.array([[42.0]]), scalar=True) == 42
    assert matrix(np.array([[1.5, 2.0]])) == [[1.5, 2]]
    assert matrix(np.array([13.0, 14.0])) == [[13], [14]]          # a 1-D array is a column


def test_latex_of_numbers_and_matrices():
    assert number_latex(42) == "42" and number_latex(0.333333) == "0.333333"
    assert number_latex(1.5e-7) == r"1.5 \times 10^{-7}"
    assert bmatrix(2) == "2" and bmatrix([[7]]) == "7"
    assert bmatrix([[1, 2.5], [3, 4]]) == r"\begin{bmatrix} 1 & 2.5 \\ 3 & 4 \end{bmatrix}"
    assert bmatrix([1, 2]) == r"\begin{bmatrix} 1 & 2 \end{bmatrix}"


def test_the_renderers_load_without_numpy_or_sympy():
    code = ("import sys, mkdocs_matderiv.render.parts, mkdocs_matderiv.render.json; "
            "print(sorted(m for m in ('numpy', 'sympy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
