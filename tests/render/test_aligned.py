"""Rows of equations as LaTeX: rule notes, continuation rows, long lines broken at + and -."""

from mkdocs_matderiv.render.aligned import aligned, broken, text_note, top_level_terms, visible_length


def test_a_short_derivation_sets_its_rules_in_a_column():
    assert aligned([("df", "a^{T} dx", "take the differential")]) == (
        "\\begin{aligned}\ndf &= a^{T} dx && \\text{take the differential}\n\\end{aligned}")


def test_a_wide_derivation_puts_each_rule_right_after_its_row():
    wide = " + ".join(f"x_{{{i}}}^{{T}} A_{{{i}}} x_{{{i}}}" for i in range(12))

    assert aligned([("df", wide, "collect like terms")]).endswith(
        " \\qquad \\text{collect like terms}\n\\end{aligned}")


def test_a_rule_name_s_formula_is_math_beside_its_words_never_inside_text():
    assert text_note("from $X X^{-1} = I$: $d(X X^{-1}) = dI = 0$") == (
        "\\text{from }X X^{-1} = I\\text{: }d(X X^{-1}) = dI = 0")


def test_a_continuation_row_has_no_equals_sign():
    assert aligned([("df", "a", "take the differential"), (None, "+ b", None)]) == (
        "\\begin{aligned}\ndf &= a && \\text{take the differential} \\\\\n&\\quad + b\n\\end{aligned}")


def test_terms_split_only_outside_parentheses_and_braces():
    tex = "a + b \\left(c + d\\right) - \\frac{e + f}{g}"

    assert top_level_terms(tex) == ["a", "+ b \\left(c + d\\right)", "- \\frac{e + f}{g}"]


def test_a_short_line_stays_whole():
    assert broken("x^{T} A x + b^{T} x") == ["x^{T} A x + b^{T} x"]


def test_a_long_line_breaks_before_a_sign_and_no_piece_is_much_over_the_width():
    tex = " + ".join(f"x_{{{i}}}^{{T}} A_{{{i}}} x_{{{i}}}" for i in range(12))

    lines = broken(tex, width=30)

    assert len(lines) > 1 and all(line.startswith("+ ") for line in lines[1:])
    assert " ".join(lines) == tex
    assert max(visible_length(line) for line in lines) <= 30
