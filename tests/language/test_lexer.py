"""The lexer: letter runs split into names unless known; LaTeX and Unicode spellings."""

import pytest

from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.language.lexer import tokenize


def names(text, known=frozenset()):
    return [(t.kind, t.value) if t.kind in ("name", "num") else t.kind
            for t in tokenize(text, known)][:-1]


def test_an_unknown_run_of_letters_splits_into_single_letters():
    assert names("XBX") == [("name", "X"), ("name", "B"), ("name", "X")]


def test_a_declared_name_is_kept_whole():
    assert names("Xw", {"Xw"}) == [("name", "Xw")]


def test_function_words_and_greek_names_are_kept_whole():
    assert names("exp sigma lambda") == [("name", "exp"), ("name", "sigma"), ("name", "lambda")]


def test_a_subscript_attaches_to_the_last_letter_of_a_run():
    assert names("Ax_1") == [("name", "A"), ("name", "x_1")]


def test_braced_subscripts_and_digits_are_canonical():
    assert names("b_{2} W1") == [("name", "b_2"), ("name", "W1")]


def test_every_digit_of_a_subscript_belongs_to_the_name():
    # x_12 is the twelfth entry, never x_1 times 2
    assert names("x_12 + x_10^2") == [("name", "x_12"), "+", ("name", "x_10"), "^", ("num", 2)]


def test_a_declared_entry_name_with_a_letter_subscript_is_kept_whole():
    assert names("e_ij e_i", {"e_ij"}) == [("name", "e_ij"), ("name", "e_i")]


def test_a_number_before_a_name_is_its_own_token():
    from fractions import Fraction
    assert names("3x_2") == [("num", Fraction(3)), ("name", "x_2")]


def test_latex_name_wrappers_give_the_plain_name():
    assert names(r"\mathbf{x} \boldsymbol{W}_1 \vec{v}") == [("name", "x"), ("name", "W_1"), ("name", "v")]


def test_bold_one_is_the_ones_vector():
    assert names(r"\mathbf{1} 𝟏") == ["ones", "ones"]


def test_bold_one_with_a_subscript_is_the_ones_vector_of_that_size():
    assert names(r"\mathbf{1}_n 𝟏_{3} ones_{m}") == [("name", "ones_n"), ("name", "ones_3"), ("name", "ones_m")]


def test_unicode_greek_letters_are_spelled_out():
    assert names("α λ_1") == [("name", "alpha"), ("name", "lambda_1")]


def test_product_operators_in_all_spellings():
    assert names(r"a \cdot b · c * d \odot e ⊙ f .* g \otimes h ⊗ i ./ j") == [
        ("name", "a"), "*", ("name", "b"), "*", ("name", "c"), "*", ("name", "d"), "odot",
        ("name", "e"), "odot", ("name", "f"), "odot", ("name", "g"), "otimes", ("name", "h"),
        "otimes", ("name", "i"), "./", ("name", "j")]


def test_double_bar_and_latex_norm_delimiters():
    assert names(r"|| \| \lVert \rVert |") == ["||", "||", "||", "||", "|"]


def test_sizing_commands_are_skipped():
    assert names(r"\left( x \right)") == ["(", ("name", "x"), ")"]


def test_transpose_spellings():
    assert names(r"\top \mathsf{T} ᵀ") == ["top", "top", "top"]


def test_operatorname_gives_the_function_word():
    assert names(r"\operatorname{tr} \mathrm{tr}") == [("name", "tr"), ("name", "tr")]


def test_an_unexpected_character_is_an_error_with_its_column():
    with pytest.raises(MatDerivError) as err:
        tokenize("x @ y")
    assert str(err.value) == "column 3: unexpected character '@'"


def test_an_unknown_command_is_an_error():
    with pytest.raises(MatDerivError) as err:
        tokenize(r"x \foo y")
    assert str(err.value) == "column 3: unknown command '\\foo'"


@pytest.mark.parametrize("text, name", [(r"\mathbf{b_1}", "b_1"), (r"\mathbf{b1}", "b1"),
                                        (r"\mathbf{b_{12}}", "b_12"), (r"\boldsymbol{W_{2}}", "W_2")])
def test_a_bold_name_with_a_subscript_or_digits_is_one_name(text, name):
    assert names(text + " x") == [("name", name), ("name", "x")]


def test_the_commutation_matrix_reads_as_results_print_it():
    tokens = tokenize("K_{m,n} K_{2, 3}")
    assert [(t.kind, t.value) for t in tokens[:-1]] == [("commutation", ("m", "n")), ("commutation", (2, 3))]
