"""Rows of equations as LaTeX: rule labels beside or under their line, continuation rows past the =."""

from mkdocs_matderiv.present.layout import NARROW, WIDE
from mkdocs_matderiv.present.measure import width
from mkdocs_matderiv.render.aligned import (aligned, boxed, broken_rows, fit, groups, stacked, step_displays,
                                            text_note)

LONG = " + ".join(f"x_{{{i}}}^{{T}} A_{{{i}}} x_{{{i}}}" for i in range(12))


def test_a_short_derivation_sets_its_rules_in_a_column():
    assert aligned([("df", "a^{T} dx", "take the differential")], NARROW) == (
        "\\begin{aligned}\ndf &= a^{T} dx && \\text{take the differential}\n\\end{aligned}")


def test_where_a_rule_has_no_room_beside_its_line_it_goes_under_it_wrapped_to_the_width():
    rows = [("df", "x^{T} A x + b^{T} x", "differential of a product, then the cyclic property of the trace")]

    out = aligned(rows, NARROW)

    assert "&&" not in out
    assert "df &= x^{T} A x + b^{T} x \\\\\n&\\qquad \\text{(differential of a product," in out
    assert all(width(line) <= NARROW for line in out.split(" \\\\\n")[1:])


def test_a_rule_name_s_formula_is_math_beside_its_words_never_inside_text():
    assert text_note("from $X X^{-1} = I$: $d(X X^{-1}) = dI = 0$") == (
        "\\text{from }X X^{-1} = I\\text{: }d(X X^{-1}) = dI = 0")


def test_a_continuation_row_starts_past_the_equals_sign_its_sign_kept_binary():
    assert aligned([("df", "a", "take the differential"), (None, "+ b", None)]) == (
        "\\begin{aligned}\ndf &= a && \\text{take the differential} \\\\\n&\\qquad {} + b\n\\end{aligned}")


def test_a_long_row_breaks_before_a_sign_into_rows_that_fit():
    rows = broken_rows([("df", LONG, "collect like terms")], NARROW)

    assert rows[0][0] == "df" and rows[0][2] == "collect like terms"
    assert all(lhs is None and rhs.startswith("+ ") and label is None for lhs, rhs, label in rows[1:])
    assert " ".join(rhs for _, rhs, _ in rows) == LONG
    assert width(aligned(rows, NARROW)) <= NARROW


def test_a_web_page_has_a_wide_and_a_narrow_layout_of_a_long_step():
    wide, narrow, spans = step_displays("df", LONG)

    assert len(narrow) > len(wide) > 1 and spans
    assert all(width(line) <= WIDE for line in wide) and all(width(line) <= NARROW for line in narrow)
    assert narrow[1].startswith("\\hphantom{df} \\mathrel{\\phantom{=}} \\qquad {} + ")


def test_a_short_step_is_one_display_with_its_rule_beside_it():
    assert step_displays("df", "2 x^{T} d x") == (["df = 2 x^{T} d x"], ["df = 2 x^{T} d x"], False)


def test_a_wide_left_side_lets_the_continuation_start_at_the_margin():
    vec = "\\operatorname{vec}\\left(X\\right)"
    lhs = f"\\frac{{\\partial^{{2}} f}}{{\\partial {vec}\\,\\partial {vec}^{{T}}}}"

    lines = stacked(lhs, "I \\otimes \\left(A + A^{T}\\right) + I \\otimes \\left(A + A^{T}\\right)^{T}", NARROW)

    assert len(lines) == 2 and lines[1].startswith("\\qquad {} \\otimes ")
    assert all(width(line) <= NARROW for line in lines)


def test_the_boxed_result_keeps_its_continuation_lines_inside_the_box():
    out = boxed("\\frac{\\partial f}{\\partial x}", LONG, NARROW)

    assert out.startswith("\\boxed{\\begin{aligned}") and out.endswith("\\end{aligned}}")
    assert width(out) <= NARROW


def test_a_list_of_given_values_goes_one_item_a_line_where_it_does_not_fit():
    given = ", \\quad ".join(f"{n} = \\begin{{bmatrix}} 1 & 2 & 3 \\\\ 4 & 5 & 6 \\end{{bmatrix}}" for n in "ABCD")

    out = fit(given, NARROW)

    assert out.startswith("\\begin{aligned}\n&A = ") and width(out) <= NARROW
    assert fit("f = x^{T} x", NARROW) == "f = x^{T} x"


def test_long_step_lists_are_displays_of_a_few_steps_each_never_split_before_a_continuation():
    rows = [("df" if k % 5 == 0 else "", f"x_{{{k}}}", "rule") for k in range(30)] + [(None, "+ y", None)]

    parts = groups(rows)

    assert sum(parts, []) == rows and len(parts) >= 4
    assert all(part[0][0] is not None for part in parts)
    assert all(sum(1 for r in part if r[0] is not None) <= 8 for part in parts)


def test_an_identity_with_a_long_left_side_goes_on_with_its_equals_sign_under_it():
    s = "\\operatorname{softmax}\\left(W x + b\\right)"
    identity = (f"\\operatorname{{diag}}\\left({s}\\right) \\left(y \\oslash {s}\\right) = "
                f"\\left({s} \\odot y\\right) \\oslash {s}")

    out = fit(identity, NARROW)

    assert out.startswith("\\begin{aligned}\n&\\operatorname{diag}") and "&\\qquad {} = " in out
    assert width(out) <= NARROW
