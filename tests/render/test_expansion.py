"""An expansion written out: SymPy entries in LaTeX, laid out as a hand calculation."""

from __future__ import annotations

import sympy as sp

from mkdocs_matderiv.derivation import Expansion, ExpansionOmitted
from mkdocs_matderiv.render.expansion import MAX_EXPANSION_LATEX, entry_latex, expansion_dict, sympy_matrix_latex
from mkdocs_matderiv.tree import Sym


def real(*names):
    return sp.symbols(names, real=True)


def test_polynomials_read_as_monomials_after_their_coefficients():
    a, b, x, y = real("a", "b", "x", "y")
    assert entry_latex((a + b) * x * y + x**2 - y, [x, y]) == r"x^{2} + \left(a + b\right) x y - y"
    assert entry_latex(-x + 2 * y, [x, y]) == r"- x + 2 y"
    assert entry_latex(sp.Integer(0), [x]) == "0"
    assert entry_latex(sp.log(x), [x]) == r"\ln{\left(x \right)}"     # not a polynomial: SymPy's printer


def test_matrices_and_a_one_by_one():
    x1, x2 = real("x_{1}", "x_{2}")
    assert sympy_matrix_latex(sp.ImmutableMatrix([[x1], [x2]])) == r"\begin{bmatrix} x_{1} \\ x_{2} \end{bmatrix}"
    assert sympy_matrix_latex(sp.ImmutableMatrix([[x1 * x2]])) == r"x_{1} x_{2}"


def test_the_object_of_the_contract():
    x1, x2 = real("x_{1}", "x_{2}")
    w = sp.ImmutableMatrix([[x1], [x2]])
    e = Expansion((2, 2), Sym("x", ("n", 1)), sp.ImmutableMatrix([[x1**2 + x2**2]]), w, 2 * w, 2 * w,
                  [(Sym("x", ("n", 1)), w)], "symbolic")
    out = expansion_dict(e)
    assert out == {"size": "2x2",
                   "symbols": [{"latex": "x", "matrix": r"\begin{bmatrix} x_{1} \\ x_{2} \end{bmatrix}"}],
                   "wrt": {"latex": "x", "matrix": r"\begin{bmatrix} x_{1} \\ x_{2} \end{bmatrix}"},
                   "f": r"x_{1}^{2} + x_{2}^{2}",
                   "entries": r"\begin{bmatrix} 2 x_{1} \\ 2 x_{2} \end{bmatrix}",
                   "general": r"\begin{bmatrix} 2 x_{1} \\ 2 x_{2} \end{bmatrix}", "agrees": True, "proof": "symbolic"}


def test_omitted_says_why_and_what_to_do():
    assert expansion_dict(ExpansionOmitted((6, 6), "the derivative has 1296 entries at this size")) == {
        "size": "6x6", "omitted": "not written out at 6 × 6: the derivative has 1296 entries at this size; "
                                  "try a smaller size"}


def test_latex_too_long_to_read_is_omitted():
    xs = sp.symbols(f"x_1:{MAX_EXPANSION_LATEX // 20}", real=True)
    long = sp.ImmutableMatrix([[sp.Add(*(sp.exp(v) for v in xs))]])
    w = sp.ImmutableMatrix([[xs[0]]])
    out = expansion_dict(Expansion((1, 1), Sym("t"), long, w, long, long, [], "numeric"))
    assert out == {"size": "1x1", "omitted": "not written out at 1 × 1: the entries are too long to read; "
                                             "try a smaller size"}
