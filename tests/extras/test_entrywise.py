"""``method: entries``: entry by entry at the size ``expand`` gives, in the posts' lines (seed 002's
``2 sum(A)`` and ``S``, seed 001's hint with entries α₁…α₄ closing in ``Aᵀ``)."""

import pytest

from mkdocs_matderiv import MatDerivError, derive


def lines(block: str) -> list[tuple[str, str]]:
    (r,) = derive(block).to_dict()["results"]
    assert r["check"]["passed"]
    return [(s["latex"], s["rule"]) for s in r["steps"]]


def test_seed_002_two_times_the_sum():
    shown = [latex for latex, _ in lines("f: 2 sum(A)\nwrt: A\nname: F\nmethod: entries\nexpand: 2x3")]
    assert shown[1] == r"F = 2 a_{11} + 2 a_{12} + 2 a_{13} + 2 a_{21} + 2 a_{22} + 2 a_{23}"
    assert r"\frac{\partial F}{\partial a_{11}} = 2" in shown and r"\frac{\partial F}{\partial a_{23}} = 2" in shown
    assert shown[-2] == r"\frac{\partial F}{\partial A} = \begin{bmatrix} 2 & 2 & 2 \\ 2 & 2 & 2 \end{bmatrix}"


def test_seed_001_hint_in_the_authors_entries_closes_in_a_transpose():
    shown = lines("f: A x\nwrt: x\nmethod: entries\nexpand: 2x2\nlayout: denominator\n"
                  "entries:\n  A: [[alpha_1, alpha_2], [alpha_3, alpha_4]]")
    assert shown[0][0] == (r"f = \begin{bmatrix} \alpha_{1} & \alpha_{2} \\ \alpha_{3} & \alpha_{4} \end{bmatrix} "
                           r"\begin{bmatrix} x_{1} \\ x_{2} \end{bmatrix}")
    assert shown[1][0] == (r"f = \begin{bmatrix} \alpha_{1} x_{1} + \alpha_{2} x_{2} \\ "
                           r"\alpha_{3} x_{1} + \alpha_{4} x_{2} \end{bmatrix}")
    assert shown[-2][0] == (r"\frac{\partial f}{\partial x} = "
                            r"\begin{bmatrix} \alpha_{1} & \alpha_{3} \\ \alpha_{2} & \alpha_{4} \end{bmatrix}")
    assert shown[-1] == (r"\frac{\partial f}{\partial x} = A^{T}",
                         "the same matrix in matrix form (equal entry for entry)")


def test_seed_002_s_with_the_posts_numbers():
    shown = lines("f: S\nwhere:\n  Z: A W + ones b^T\n  S: sum(Z)\nwrt: W\nmethod: entries\nexpand: 3x2\n"
                  "values:\n  A: [[1, 2, 3], [4, 5, 6]]\n  b: [13, 14]")
    assert shown[1][0] == r"S = 5 w_{11} + 5 w_{12} + 7 w_{21} + 7 w_{22} + 9 w_{31} + 9 w_{32} + 54"
    assert shown[-2][0] == r"\frac{\partial S}{\partial W} = \begin{bmatrix} 5 & 5 \\ 7 & 7 \\ 9 & 9 \end{bmatrix}"


def test_entries_needs_a_size_and_a_polynomial():
    with pytest.raises(MatDerivError, match="line 3: method: entries works entry by entry at a size"):
        derive("f: 2 sum(A)\nwrt: A\nmethod: entries")
    with pytest.raises(MatDerivError, match="line 3: method: entries writes f out as a polynomial in its entries"):
        derive("f: sum(exp(A))\nwrt: A\nmethod: entries\nexpand: 2x2")


def test_seed_003_the_core_relation_at_2x2_for_an_abstract_f():
    d = derive("f: f(X)\nwrt: X\nfunctions:\n  f: scalar\nshapes:\n  X: 2 x 2\nexpand: 2x2")
    (r,) = d.to_dict()["results"]
    shown = [s["latex"] for s in r["steps"]]
    dfij = {ij: rf"\frac{{\partial f}}{{\partial X_{{{ij}}}}} d X_{{{ij}}}" for ij in ("11", "12", "21", "22")}
    total = " + ".join(dfij.values())
    assert shown[2] == f"d f = {total}"                                           # (24)
    assert shown[3].startswith(r"\frac{\partial f}{\partial X} = \begin{bmatrix} \frac{\partial f}{\partial X_{11}} & ")
    assert shown[4] == r"d X = \begin{bmatrix} d X_{11} & d X_{12} \\ d X_{21} & d X_{22} \end{bmatrix}"   # (26)
    assert shown[5].startswith(r"\left(\frac{\partial f}{\partial X}\right)^{T} d X = \begin{bmatrix} "
                               + dfij["11"] + " + " + dfij["21"] + " & ")                           # (27)
    assert shown[6] == (r"\operatorname{tr}\left(\left(\frac{\partial f}{\partial X}\right)^{T} d X\right) = "
                        + total)                                                                     # (28)
    assert r["check"] is None
