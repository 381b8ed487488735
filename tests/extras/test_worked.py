"""Worked numeric examples (``values:``) and entry-by-entry expansions (``expand:``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sympy as sp
import yaml

from mkdocs_matderiv import MatDerivError
from mkdocs_matderiv.api import derive
from mkdocs_matderiv.block import read_block
from mkdocs_matderiv.engine.solve import solve
from mkdocs_matderiv.tree import Mul, mul, num
from mkdocs_matderiv.extras.worked import (
    collect_by,
    entry_latex,
    expand_problem,
    expansion,
    matrix,
    number,
    worked_example,
)

SEEDS = Path("/work/shared/acceptance/seed_cases.yaml")


def seed_block(case_id: str) -> str:
    if SEEDS.exists():
        for case in yaml.safe_load(SEEDS.read_text(encoding="utf-8")):
            if case["id"] == case_id:
                return case["block"]
    return FALLBACK[case_id]


FALLBACK = {
    "s000-xTAx": "f: x^TAx\nwrt: x\nexpand: 2x2\n",
    "s001-Ax-hint": "f: Ax\nwrt: x\nshapes:\n  A: 2 x 2\n  x: \"2\"\nexpand: 2x2\n",
    "s002-2sumA": "f: 2 sum(A)\nwrt: A\nvalues:\n  A: [[1, 2, 3], [4, 5, 6]]\n",
    "s002-AWplusB-jac": ("f: A \\cdot W + \\mathbf{1} b^T\nwrt: W\nvec: row\nvalues:\n"
                         "  A: [[1, 2, 3], [4, 5, 6]]\n  b: [13, 14]\n"),
    "s002-sumAWB-chain": ("title: Chain rule through Z = A W + B\nf: sum(Z)\nwhere:\n"
                          "  Z: A W + \\mathbf{1} b^T\nwrt: W\nvalues:\n  A: [[1, 2, 3], [4, 5, 6]]\n"
                          "  W: [[7, 8], [10, 11], [12, 13]]\n  b: [13, 14]\n"),
}

SEED_002_JACOBIAN = [[1, 0, 2, 0, 3, 0],
                     [0, 1, 0, 2, 0, 3],
                     [4, 0, 5, 0, 6, 0],
                     [0, 4, 0, 5, 0, 6]]


def real(*names):
    return sp.symbols(names, real=True)


# ---------------------------------------------------------------- numbers

def test_numbers_print_as_ints_or_six_significant_digits():
    assert number(5.0) == 5 and isinstance(number(5.0), int)
    assert number(41.99999999999) == 42
    assert number(-0.0) == 0
    assert number(1 / 3) == 0.333333
    assert number(123456789.123) == 123456789 or number(123456789.123) == 1.23457e8
    assert number(0.000123456789) == 0.000123457


def test_matrix_nests_rows_and_scalars_are_numbers():
    import numpy as np

    assert matrix(np.array([[13.0], [14.0]])) == [[13], [14]]
    assert matrix(np.array([[42.0]]), scalar=True) == 42
    assert matrix(np.array([[1.5, 2.0]])) == [[1.5, 2]]


# ---------------------------------------------------------------- seed 002: worked numbers

def test_seed_002_two_sum_a():
    r = derive(seed_block("s002-2sumA")).results[0]
    worked = r.extras["worked"]
    assert worked["given"] == [{"name": "A", "latex": "A", "matrix": [[1, 2, 3], [4, 5, 6]]}]
    assert worked["f"]["matrix"] == 42
    assert isinstance(worked["f"]["matrix"], int)
    assert worked["result"]["matrix"] == [[2, 2, 2], [2, 2, 2]]
    assert "chain" not in worked
    assert "expansion" not in r.extras


def test_seed_002_jacobian_row_major():
    r = derive(seed_block("s002-AWplusB-jac")).results[0]
    worked = r.extras["worked"]
    assert [g["name"] for g in worked["given"]] == ["A", "b"]
    assert worked["given"][1]["matrix"] == [[13], [14]]
    assert "f" not in worked                       # W has no value
    assert worked["result"]["matrix"] == SEED_002_JACOBIAN


def test_seed_002_chain_rule_column_order():
    r = derive(seed_block("s002-sumAWB-chain")).results[0]
    worked = r.extras["worked"]
    assert worked["f"]["matrix"] == 501            # sum(A W) + 2 (13 + 14)
    assert worked["result"]["matrix"] == [[5, 5], [7, 7], [9, 9]]
    chain = worked["chain"]
    assert chain["via"] == "Z" and chain["vec"] == "column"
    assert chain["dfdZ"]["matrix"] == [[1, 1], [1, 1]]
    assert chain["dfdZ"]["lhs"] == r"\frac{\partial f}{\partial Z}"
    assert chain["row"] == [[1, 1, 1, 1]]
    assert chain["product"] == [[5, 7, 9, 5, 7, 9]]     # vec (column-major) of the gradient
    assert chain["gradient"] == [[5, 5], [7, 7], [9, 9]]
    assert chain["agrees"] is True


def test_seed_002_chain_rule_row_major_as_the_seed_writes_it():
    block = seed_block("s002-sumAWB-chain") + "vec: row\n"
    chain = derive(block).results[0].extras["worked"]["chain"]
    assert chain["row"] == [[1, 1, 1, 1]]
    assert chain["jacobian"]["matrix"] == SEED_002_JACOBIAN
    assert chain["product"] == [[5, 5, 7, 7, 9, 9]]     # [1 1 1 1] · J
    assert chain["gradient"] == [[5, 5], [7, 7], [9, 9]]
    assert "vec}_{r} Z" in chain["jacobian"]["lhs"]


def test_chain_rule_through_a_nonlinear_definition():
    block = ("f: ||Z||^2\nwhere:\n  Z: sigma(A W)\nwrt: W\nvalues:\n"
             "  A: [[1, 0.5], [0.25, 2]]\n  W: [[0.1, 0.2], [0.3, -0.4]]\n")
    worked = derive(block).results[0].extras["worked"]
    assert worked["chain"]["gradient"] == worked["result"]["matrix"]
    assert worked["chain"]["agrees"] is True


def test_scalar_values_and_several_wrt():
    d = derive("f: alpha x^T x\nwrt: [x, alpha]\nvalues:\n  alpha: 2\n  x: [1, 2]\n")
    wx, wa = (r.extras["worked"] for r in d.results)
    assert wx["given"][0] == {"name": "alpha", "latex": r"\alpha", "matrix": 2}
    assert wx["f"]["matrix"] == 10
    assert wx["result"]["matrix"] == [[4], [8]]
    assert wa["result"]["matrix"] == 5


def test_no_values_no_worked_example():
    r = derive("f: x^T A x\nwrt: x\n").results[0]
    assert "worked" not in r.extras and "expansion" not in r.extras


def test_extras_are_json():
    d = derive(seed_block("s002-sumAWB-chain"))
    text = json.dumps(d.to_dict())
    assert '"worked"' in text
    d = derive(seed_block("s000-xTAx"))
    assert '"expansion"' in json.dumps(d.to_dict())


def test_a_disagreeing_chain_is_never_published():
    p = read_block(seed_block("s002-sumAWB-chain"))
    r = solve(p)[0]
    r.value = mul(num(2), r.value)          # a wrong "general result"
    with pytest.raises(MatDerivError, match="the engine failed on this input: the worked example"):
        worked_example(p, r)


# ---------------------------------------------------------------- expansions

def test_seed_000_quadratic_form_written_out_and_differentiated():
    block = seed_block("s000-xTAx")
    p = read_block(block)
    found = expand_problem(p, solve(p)[0])
    a11, a12, a21, a22, x1, x2 = real("a_{11}", "a_{12}", "a_{21}", "a_{22}", "x_{1}", "x_{2}")
    assert sp.expand(found.f[0, 0] - (a11 * x1**2 + (a12 + a21) * x1 * x2 + a22 * x2**2)) == 0
    A, x = sp.Matrix([[a11, a12], [a21, a22]]), sp.Matrix([x1, x2])
    assert (found.entries - (A + A.T) * x).expand() == sp.zeros(2, 1)
    assert (found.general - (A + A.T) * x).expand() == sp.zeros(2, 1)
    assert found.proof == "symbolic"

    extras = derive(block).results[0].extras["expansion"]
    assert extras["size"] == "2x2"
    assert extras["agrees"] is True
    assert extras["f"] == (r"a_{11} x_{1}^{2} + \left(a_{12} + a_{21}\right) x_{1} x_{2} "
                           r"+ a_{22} x_{2}^{2}")
    assert extras["entries"] == extras["general"]
    assert extras["entries"].startswith(r"\begin{bmatrix} 2 a_{11} x_{1} + \left(a_{12} + a_{21}\right) x_{2}")
    assert extras["wrt"] == {"latex": "x", "matrix": r"\begin{bmatrix} x_{1} \\ x_{2} \end{bmatrix}"}
    assert [s["latex"] for s in extras["symbols"]] == ["x", "A"]


def test_seed_001_hint_ax_jacobian_is_a():
    block = seed_block("s001-Ax-hint")
    p = read_block(block)
    found = expand_problem(p, solve(p)[0])
    a11, a12, a21, a22, x1, x2 = real("a_{11}", "a_{12}", "a_{21}", "a_{22}", "x_{1}", "x_{2}")
    assert found.f == sp.Matrix([[a11 * x1 + a12 * x2], [a21 * x1 + a22 * x2]])
    assert found.entries == sp.Matrix([[a11, a12], [a21, a22]])
    assert found.general == sp.Matrix([[a11, a12], [a21, a22]])
    extras = derive(block).results[0].extras["expansion"]
    assert extras["entries"] == r"\begin{bmatrix} a_{11} & a_{12} \\ a_{21} & a_{22} \end{bmatrix}"


def test_denominator_layout_is_transposed():
    p = read_block("f: A x\nwrt: x\nlayout: denominator\nexpand: 2x2\n")
    found = expand_problem(p, solve(p)[0])
    a11, a12, a21, a22 = real("a_{11}", "a_{12}", "a_{21}", "a_{22}")
    assert found.entries == sp.Matrix([[a11, a21], [a12, a22]])


def test_symmetric_assumption_is_written_out():
    p = read_block("f: x^T A x\nwrt: x\nassume:\n  A: symmetric\nexpand: 2x2\n")
    found = expand_problem(p, solve(p)[0])
    a11, a12, a22, x1, x2 = real("a_{11}", "a_{12}", "a_{22}", "x_{1}", "x_{2}")
    assert sp.expand(found.f[0, 0] - (a11 * x1**2 + 2 * a12 * x1 * x2 + a22 * x2**2)) == 0


def test_seed_002_z_written_out_in_the_given_numbers_and_the_entries_of_w():
    block = ("f: A W + \\mathbf{1} b^T\nwrt: W\nvec: row\nexpand: 2x3\nvalues:\n"
             "  A: [[1, 2, 3], [4, 5, 6]]\n  W: [[7, 8], [10, 11], [12, 13]]\n  b: [13, 14]\n")
    extras = derive(block).results[0].extras
    assert extras["worked"]["f"]["matrix"] == [[76, 83], [163, 179]]
    z = extras["expansion"]
    assert z["f"] == (r"\begin{bmatrix} w_{11} + 2 w_{21} + 3 w_{31} + 13 & w_{12} + 2 w_{22} + 3 w_{32} + 14 \\ "
                      r"4 w_{11} + 5 w_{21} + 6 w_{31} + 13 & 4 w_{12} + 5 w_{22} + 6 w_{32} + 14 \end{bmatrix}")
    assert z["entries"].startswith(r"\begin{bmatrix} 1 & 0 & 2 & 0 & 3 & 0 \\ 0 & 1 & 0 & 2")
    assert z["wrt"]["matrix"].startswith(r"\begin{bmatrix} w_{11}")


def test_rectangular_size_and_jacobian_vec_orders():
    for vec in ("column", "row"):
        p = read_block(f"f: A X B\nwrt: X\nvec: {vec}\nexpand: 2x3\n")
        r = solve(p)[0]
        found = expand_problem(p, r)
        assert found.wrt.shape == (2, 3)
        assert found.entries.shape == found.general.shape


@pytest.mark.parametrize("block", [
    "f: tr(A X^{-1})\nwrt: X\nexpand: 2x2",
    "f: ln|X|\nwrt: X\nexpand: 2x2",
    "f: |X|\nwrt: X\nexpand: 3x3",
    "f: X^{-1}\nwrt: X\nexpand: 2x2",
    "f: (A + t B)^{-1}\nwrt: t\nshapes:\n  t: scalar\nexpand: 2x2",
    "f: a^T exp(X b)\nwrt: X\nexpand: 2x3",
    "f: tr(Y^T M Y)\nwhere:\n  Y: sigma(W X)\nwrt: X\nassume:\n  M: symmetric\nexpand: 2x2",
    "f: ||X w - y||^2\nwrt: w\nexpand: 3x1",
    "f: x_1^2 + 3x_2^4\nwrt: [x_1, x_2]\nshapes:\n  x_1: scalar\n  x_2: scalar\nexpand: 2x2",
])
def test_engine_results_agree_entry_by_entry(block):
    for r in derive(block).results:
        assert r.extras["expansion"]["agrees"] is True


def test_abstract_functions_are_not_expanded():
    r = derive("f: L(A x)\nwrt: x\nfunctions:\n  L: scalar\nexpand: 2x2\n").results[0]
    assert "expansion" not in r.extras


def test_a_disagreeing_expansion_is_never_published():
    p = read_block(seed_block("s000-xTAx"))
    r = solve(p)[0]
    r.value = mul(num(2), r.value.args[1]) if isinstance(r.value, Mul) else r.value
    with pytest.raises(MatDerivError, match="entry-by-entry expansion at 2x2 does not agree"):
        expansion(p, r)


def test_collect_and_latex_of_polynomials():
    a, b, x, y = real("a", "b", "x", "y")
    e = collect_by(a * x * y + b * x * y + x**2 - y, [x, y])
    assert sp.expand(e - ((a + b) * x * y + x**2 - y)) == 0
    assert entry_latex(e, [x, y]) == r"x^{2} + \left(a + b\right) x y - y"
    assert entry_latex(sp.Integer(0), [x]) == "0"


def test_an_expansion_too_large_to_read_is_omitted_not_failed():
    r = derive("f: X^{-1}\nwrt: X\nexpand: 6x6\n").results[0]
    extras = r.extras["expansion"]
    assert set(extras) == {"size", "omitted"}
    assert extras["size"] == "6x6"
    assert "1296 entries" in extras["omitted"]
    r = derive("f: ln|X|\nwrt: X\nexpand: 5x5\n").results[0]
    assert set(r.extras["expansion"]) == {"size", "omitted"}


def test_large_values_keep_worked_numbers_small():
    rows = [[float(i + j) for j in range(3)] for i in range(3)]
    block = {"f": "tr(A X)", "wrt": "X", "values": {"A": rows, "X": rows}}
    worked = derive(block).results[0].extras["worked"]
    assert worked["result"]["matrix"] == [[0, 1, 2], [1, 2, 3], [2, 3, 4]]   # Aᵀ


def test_a_jacobian_too_large_to_show_is_left_out():
    big = [[1.0] * 8 for _ in range(8)]
    block = {"f": "A W", "wrt": "W", "values": {"A": big, "W": big}}
    worked = derive(block).results[0].extras["worked"]      # the Jacobian is 64 x 64 = 4096 entries
    assert "result" not in worked and worked["f"]["matrix"][0][0] == 8
