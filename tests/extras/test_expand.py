"""Entry-by-entry expansions (``expand:``): f written out, differentiated entry by entry."""

from __future__ import annotations

import pytest
import sympy as sp

from mkdocs_matderiv import MatDerivError
from mkdocs_matderiv.api import derive
from mkdocs_matderiv.block import read_block
from mkdocs_matderiv.derivation import Expansion, ExpansionOmitted
from mkdocs_matderiv.engine.solve import solve
from mkdocs_matderiv.extras.expand import collect_by, expand_problem, expansion
from mkdocs_matderiv.tree import Mul, mul, num
from worked_blocks import published_extras, seed_block


def real(*names):
    return sp.symbols(names, real=True)


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

    extras = published_extras(block)["expansion"]
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
    extras = published_extras(block)["expansion"]
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
    extras = published_extras(block)
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
    for r in derive(block).to_dict()["results"]:
        assert r["extras"]["expansion"]["agrees"] is True


def test_abstract_functions_are_not_expanded():
    r = derive("f: L(A x)\nwrt: x\nfunctions:\n  L: scalar\nexpand: 2x2\n").results[0]
    assert "expansion" not in r.extras


def test_a_disagreeing_expansion_is_never_published():
    p = read_block(seed_block("s000-xTAx"))
    r = solve(p)[0]
    r.value = mul(num(2), r.value.args[1]) if isinstance(r.value, Mul) else r.value
    with pytest.raises(MatDerivError, match="entry-by-entry expansion at 2x2 does not agree"):
        expansion(p, r)


def test_an_expansion_too_long_is_kept_as_its_reason():
    p = read_block("f: X^{-1}\nwrt: X\nexpand: 6x6\n")
    found = expansion(p, solve(p)[0])
    assert isinstance(found, ExpansionOmitted) and found.size == (6, 6)
    assert found.reason == "the derivative has 1296 entries at this size"


def test_expansion_is_sympy_data_in_the_result():
    p = read_block(seed_block("s000-xTAx"))
    found = expansion(p, solve(p)[0])
    assert isinstance(found, Expansion) and found.variable.name == "x"
    assert isinstance(found.f, sp.ImmutableMatrix) and found.entries.shape == (2, 1)


def test_collect_by_monomials_of_the_variable():
    a, b, x, y = real("a", "b", "x", "y")
    e = collect_by(a * x * y + b * x * y + x**2 - y, [x, y])
    assert sp.expand(e - ((a + b) * x * y + x**2 - y)) == 0
    assert set(e.free_symbols) == {a, b, x, y}


def test_an_expansion_too_large_to_read_is_omitted_not_failed():
    extras = published_extras("f: X^{-1}\nwrt: X\nexpand: 6x6\n")["expansion"]
    assert set(extras) == {"size", "omitted"}
    assert extras["size"] == "6x6"
    assert "1296 entries" in extras["omitted"]
    assert set(published_extras("f: ln|X|\nwrt: X\nexpand: 5x5\n")["expansion"]) == {"size", "omitted"}


