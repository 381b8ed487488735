"""Where a long line breaks and how wide a formula is set: data in, data out, no browser.

The widths are checked against what MathJax 4 sets (measured once in Chromium, in em)."""

import pytest

from mkdocs_matderiv.present.layout import INDENT, RELATION, break_rhs, hangs, items, lines, opened, split
from mkdocs_matderiv.present.measure import width

SET_BY_MATHJAX = {   # formula: its width in em as MathJax 4 (New Computer Modern) sets it
    "x": 0.572,
    "\\left(x\\right)": 1.350,
    "\\left(x^{T}\\right)": 2.069,
    "\\left(\\frac{a}{b}\\right)": 2.163,
    "\\operatorname{tr}\\left(X\\right)": 2.577,
    "\\begin{bmatrix} 5 & 5 & 5\\\\ 5 & 5 & 5\\\\ 5 & 5 & 5\\\\ 5 & 5 & 5 \\end{bmatrix}": 4.834,
    "\\begin{aligned} a &= b && \\text{abc} \\end{aligned}": 5.792,
    "\\text{cyclic property of the trace}": 11.865,
    "\\left(d W x + d b\\right)^{T} \\left(W x + b - y\\right)": 11.599,
    "d^{2} f = d\\left(\\left(2 \\left(\\lambda w + X^{T} \\left(X w - y\\right)\\right)\\right)^{T} "
    "d w\\right)": 17.267,
    "\\left(\\left(\\exp\\left(x\\right) \\odot d x\\right) \\oslash "
    "\\left(1 + \\exp\\left(x\\right)\\right)\\right)": 13.691,
}


@pytest.mark.parametrize("tex", sorted(SET_BY_MATHJAX))
def test_a_formulas_width_is_estimated_within_three_percent_of_what_mathjax_sets(tex):
    assert width(tex) == pytest.approx(SET_BY_MATHJAX[tex], rel=0.03)


def test_a_hidden_copy_is_as_wide_as_what_it_hides_and_a_space_adds_its_width():
    assert width("\\hphantom{d f} = a") == pytest.approx(width("d f = a"))
    assert width("a \\qquad b") == pytest.approx(width("a b") + 2)


SUM = ("\\left(d\\left(a_{2} - y\\right)\\right)^{T} \\left(a_{2} - y\\right) + "
       "\\left(a_{2} - y\\right)^{T} d\\left(a_{2} - y\\right)")


def test_a_line_that_fits_stays_whole():
    assert lines("d f", SUM, 30) == [SUM]


def test_a_long_line_breaks_before_a_top_level_plus_never_inside_parentheses():
    assert lines("d f", SUM, 17) == ["\\left(d\\left(a_{2} - y\\right)\\right)^{T} \\left(a_{2} - y\\right)",
                                     "+ \\left(a_{2} - y\\right)^{T} d\\left(a_{2} - y\\right)"]


def test_a_product_breaks_only_where_one_term_alone_is_too_wide_and_never_after_a_lone_d():
    out = lines("d f", SUM, 10)

    assert out == ["\\left(d\\left(a_{2} - y\\right)\\right)^{T}", "\\left(a_{2} - y\\right)",
                   "+ \\left(a_{2} - y\\right)^{T}", "d\\left(a_{2} - y\\right)"]
    assert split("2 A d X \\odot B", 2) == ["2 A", "d X", "\\odot B"]


def test_every_line_fits_its_room_the_first_after_the_equals_the_rest_indented_past_it():
    rhs = " + ".join(f"x_{{{i}}}^{{T}} A_{{{i}}} x_{{{i}}}" for i in range(12))

    out = lines("d f", rhs, 20)

    assert width(out[0]) <= 20 - width("d f") - RELATION
    assert all(width(line) <= 20 - width("d f") - INDENT for line in out[1:])
    assert " ".join(out) == rhs


def test_the_left_side_is_never_alone_even_when_the_first_term_is_too_wide():
    out = break_rhs("\\operatorname{tr}\\left(A\\right) + B", first=0.5, rest=10)

    assert out == ["\\operatorname{tr}\\left(A\\right)", "+ B"]


def test_a_factor_too_wide_for_any_line_breaks_inside_its_parentheses_as_a_last_resort():
    rhs = ("\\left(\\operatorname{diag}\\left(\\operatorname{softmax}\\left(x\\right)\\right) - "
           "\\operatorname{softmax}\\left(x\\right) \\operatorname{softmax}\\left(x\\right)^{T}\\right) d x")

    out = lines("d f", rhs, 15.5)

    assert out[0] == "\\bigl(\\operatorname{diag}\\left(\\operatorname{softmax}\\left(x\\right)\\right)"
    assert out[1].endswith("\\bigr)") and out[2] == "d x"
    assert opened("\\left(a\\right) \\left(b\\right)") is None


def test_a_wide_left_side_hangs():
    assert hangs(9.0, 15.5) and not hangs(1.2, 15.5)


def test_a_list_of_formulas_splits_at_its_top_level_commas():
    assert items("A = \\begin{bmatrix} 1 & 2 \\end{bmatrix}, \\quad b = f\\left(x, y\\right)") == [
        "A = \\begin{bmatrix} 1 & 2 \\end{bmatrix}", "b = f\\left(x, y\\right)"]


def test_one_factor_inside_parentheses_opens_the_parentheses_inside_it_too():
    r = "\\left(X - W W^{T} X\\right)"
    rhs = f"d\\left(\\operatorname{{tr}}\\left({r}^{{T}} {r}\\right)\\right)"

    assert lines("d f", rhs, 15.5) == ["d\\bigl(\\operatorname{tr}\\bigl(\\left(X - W W^{T} X\\right)^{T}",
                                       "\\left(X - W W^{T} X\\right)\\bigr)\\bigr)"]
