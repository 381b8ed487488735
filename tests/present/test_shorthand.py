"""A subexpression the result carries and the lines repeat is named once."""

from __future__ import annotations

from mkdocs_matderiv import derive
from mkdocs_matderiv.present import present
from mkdocs_matderiv.present.shorthand import written_out
from mkdocs_matderiv.render.latex import latex


def test_the_residual_of_weighted_least_squares_is_named_and_the_result_is_given_in_it():
    r = derive("f: (X w - y)^T D (X w - y)\nwrt: w\nassume:\n  D: symmetric\n").results[0]
    shown = present(r, taken={"f", "X", "w", "y", "D"})

    assert [(latex(n.name), latex(n.value)) for n in shown.shorthand] == [("r", "X w - y")]
    assert latex(shown.result) == "2 X^{T} D r"
    assert written_out(shown.result, shown.shorthand) == r.value


def test_nothing_is_named_where_nothing_repeats():
    assert present(derive("f: tr(A X)\nwrt: X\n").results[0]).shorthand == []


def test_a_name_of_the_problem_is_never_taken():
    shown = present(derive("f: (X w - r)^T (X w - r)\nwrt: w\n").results[0], taken={"f", "X", "w", "r"})

    assert [latex(n.name) for n in shown.shorthand] == ["u"]


def test_the_result_itself_is_never_a_name():
    shown = present(derive("f: ||X w - y||^2 + lambda ||w||^2\nwrt: w\norder: 2\n").results[0],
                    taken={"f", "X", "w", "y", "lambda"})

    assert latex(shown.result) == "2 \\left(\\lambda I + X^{T} X\\right)"


def test_a_later_result_of_the_block_uses_the_names_given_before_and_defines_them_first():
    d = derive("f: ||W_2 tanh(W_1 x + b_1) + b_2 - y||^2\nwrt: [W_1, b_1]\n")
    first = present(d.results[0], taken={"f", "W_2", "W_1", "x", "b_1", "b_2", "y"})
    second = present(d.results[1], taken={"f"}, known=first.shorthand)

    order = [latex(n.name) for n in first.shorthand]
    assert order.index("u") < order.index("r")              # u = W_1 x + b_1 before r uses it
    r = next(n.value for n in first.shorthand if latex(n.name) == "r")
    assert latex(r) == "b_{2} + W_{2} \\tanh\\left(u\\right) - y"
    assert latex(second.result) == "2 v" and second.shorthand == []
