"""Readable results: collected, factored, fewest transposes."""

from mkdocs_matderiv.engine.simplify import Simplifier
from mkdocs_matderiv.language import parse
from mkdocs_matderiv.render.text import text
from mkdocs_matderiv.tree import ElemDiv, Func, Hadamard, Sym, num

SHAPES = {"X": ("n", "n"), "A": ("n", "n"), "B": ("n", "n"), "w": ("n", 1), "y": ("n", 1),
          "x": ("n", 1)}


def simplified(e: str, symmetric=frozenset()) -> str:
    return text(Simplifier(frozenset(symmetric))(parse(e, shapes=SHAPES)))


def test_common_left_factor_comes_out():
    assert simplified("X B + X B^T") == "X (B + B^T)"


def test_common_number_and_left_factor():
    assert simplified("2 X^T X w - 2 X^T y") == "2 X^T (X w - y)"


def test_like_terms_add_up():
    assert simplified("A x + A x") == "2 A x"


def test_symmetric_matrices_lose_their_transposes():
    assert simplified("A^T x + A x", symmetric={"A"}) == "2 A x"


def test_two_transposes_stay_as_textbooks_write_them():
    assert simplified("(B X)^T") == "X^T B^T"


def test_three_transposes_read_as_the_transpose_of_one_product():
    assert simplified("X^T B^T A^T") == "(A B X)^T"


def test_a_transpose_stays_on_the_short_side():
    assert simplified("(X^T (X w - y))^T") == "(X w - y)^T X"


def test_a_product_of_transposes_reads_as_one_transpose():
    assert simplified("-(X^{-1})^T A^T (X^{-1})^T") == "-(X^{-1} A X^{-1})^T"


def test_transpose_of_a_sum_is_sorted():
    assert simplified("(A^T + A)^T") == "A + A^T"


# ---------------------------------------------------------------- part 1: cancellation and powers

FORMS = {"X": ("n", "n"), "A": ("n", "n"), "B": ("n", "n"), "C": ("n", "n"), "S": ("n", "n"),
         "G": ("m", "n"), "x": ("n", 1), "y": ("n", 1), "m": ("n", 1), "w": ("n", 1), "t": (1, 1)}


def tidy(e: str, symmetric=frozenset()) -> str:
    return text(Simplifier(frozenset(symmetric))(parse(e, shapes=FORMS)))


def test_a_matrix_times_its_inverse_is_the_identity():
    assert tidy("X X^{-1} A") == "A"
    assert tidy("X^{-1} X A") == "A"


def test_inverses_cancel_inside_a_longer_product():
    assert tidy("A X B B^{-1} X^{-1} C") == "A C"


def test_the_inverse_of_a_product_of_square_matrices_opens_where_it_cancels():
    assert tidy("B (A X B)^{-1}") == "X^{-1} A^{-1}"


def test_the_inverse_of_a_gram_matrix_of_a_rectangular_matrix_stays_whole():
    assert tidy("G^T (G G^T)^{-1} G") == "G^T (G G^T)^{-1} G"


def test_equal_neighbours_are_powers():
    assert tidy("X X") == "X^2"
    assert tidy("X^2 X") == "X^3"
    assert tidy("X^{-1} X^{-1}") == "X^{-2}"


def test_equal_scalar_factors_are_powers():
    assert tidy("|X| |X|") == "|X|^2"
    assert tidy("|X| |X|^2 X") == "|X|^3 X"


def test_an_inverse_transpose_is_written_one_way():
    assert tidy("(X^T)^{-1}") == "(X^{-1})^T"
    assert tidy("(X^{-1})^T (X^{-1})^T") == "(X^{-2})^T"


def test_a_determinant_of_a_power_is_a_power_of_the_determinant():
    assert tidy("|X^2| |X^{-1}|") == "|X|"


def test_a_determinant_of_a_transpose_is_the_determinant():
    assert tidy("|X^T| (X^T)^{-1}") == "|X| (X^{-1})^T"


def test_a_sum_that_cancels_is_zero():
    assert tidy("A - X X^{-1} A") == "0"


# ---------------------------------------------------------------- part 2: implied symmetry

def test_a_gram_matrix_and_its_inverse_are_symmetric():
    assert tidy("(G^T G)^{-1} + ((G^T G)^{-1})^T") == "2 (G^T G)^{-1}"
    assert tidy("G G^T + (G G^T)^T") == "2 G G^T"


def test_a_congruence_of_a_symmetric_matrix_is_symmetric_only_when_it_is_assumed():
    assert tidy("((A^T S A)^{-1})^T", symmetric={"S"}) == "(A^T S A)^{-1}"
    assert tidy("((A^T S A)^{-1})^T") == "((A^T S A)^{-1})^T"


def test_a_scalar_is_written_with_fewer_transposes():
    assert tidy("x^T A^T x") == "x^T A x"


def test_like_terms_that_differ_by_a_scalar_transpose_merge():
    assert tidy("(x^T A^T x) y + (x^T A x) y") == "2 (x^T A x) y"


# ---------------------------------------------------------------- part 3: known functions

def test_the_logistic_function_is_recognised():
    assert tidy("exp(x) ./ (1 + exp(x))") == "sigma(x)"
    assert tidy("1 ./ (1 + exp(-x))") == "sigma(x)"
    assert tidy("exp(t) / (1 + exp(t))") == "sigma(t)"


def test_the_logistic_function_of_a_negated_argument():
    assert tidy("1 ./ (1 + exp(-x)) .* exp(-x)") == "sigma(-x)"


def test_a_quotient_by_the_logistic_function_cancels_against_its_derivative():
    x, y = Sym("x", ("n", 1)), Sym("y", ("n", 1))
    e = Hadamard((y, ElemDiv(num(1), Func("sigma", x)), Func("sigma", x, 1)))
    assert text(Simplifier()(e)) == "y .* (1 - sigma(x))"


def test_the_diagonal_matrix_of_ones_is_the_identity():
    assert tidy("diag(ones) x") == "x"


def test_a_diagonal_matrix_acts_entry_wise():
    assert tidy("diag(x) (y ./ x)") == "y"
    assert tidy("diag(x) (y ./ x) w^T") == "y w^T"


def test_an_inner_product_with_a_quotient_cancels_to_a_sum():
    assert tidy("x^T (y ./ x)") == "ones_{n}^T y"


def test_the_softmax_cross_entropy_gradient_reduces():
    published = "(softmax(x) softmax(x)^T - diag(softmax(x))) (y .* (1 ./ softmax(x)))"
    assert tidy(published) == "(ones_{n}^T y) softmax(x) - y"


# ---------------------------------------------------------------- part 4: quotients

def test_one_quotient_per_denominator():
    messy = "(A / (x^T x) + A^T / (x^T x) + (-2 (x^T A^T x) I) / ((x^T x)^2)) x"
    assert tidy(messy) == "(A + A^T) x / (x^T x) - 2 (x^T A x) x / ((x^T x)^2)"


def test_a_numeric_denominator_joins_the_others():
    assert tidy("x / (2 (w^T w))") == "x / (2 w^T w)"


def test_a_rank_one_table_of_terms_is_an_outer_product():
    assert tidy("x x^T - x m^T - m x^T + m m^T") == "(x - m) (x - m)^T"


# ---------------------------------------------------------------- part 5: the facts are shown

def _rules(block: str) -> list[tuple[str, str]]:
    from mkdocs_matderiv import derive
    return [(s["rule"], s["latex"]) for s in derive(block).to_dict()["results"][0]["steps"]]


def test_a_step_names_the_symmetry_of_a_gram_matrix():
    steps = _rules("f: ln|X X^T|\nwrt: X\nshapes:\n  X: m x n")
    names = [r for r, _ in steps]
    i = names.index(r"$X^{T} X$, $X X^{T}$ and $A^{T} S A$ ($S$ symmetric) are symmetric")
    assert steps[i][1] == r"\left(\left(X X^{T}\right)^{-1}\right)^{T} = \left(X X^{T}\right)^{-1}"
    assert steps[i + 1][1].startswith("d f = ")          # the chain restarts after the aside


def test_a_step_names_the_cancelling_inverse():
    steps = _rules("f: tr(X^{-1} A X)\nwrt: X")
    assert ("a matrix times its inverse is the identity", "X X^{-1} = I") in steps


# ---------------------------------------------------------------- the table and the driver

def test_every_rewrite_is_keyed_by_a_rule_a_step_can_cite():
    from mkdocs_matderiv.engine.rules import RULES
    from mkdocs_matderiv.engine.simplify import REWRITES
    assert REWRITES and all(r.key in RULES for r in REWRITES)


def test_the_simplifier_is_a_function_returning_the_facts_it_used():
    from mkdocs_matderiv.engine.simplify import simplified as pure
    e = parse("((X^T X)^{-1})^T w", shapes=FORMS)
    first, again = pure(e), pure(e)
    assert text(first.expr) == "(X^T X)^{-1} w"
    assert [key for key, _, _ in first.facts] == ["symmetric.implied"]
    assert again == first                                  # nothing remembered between calls changes it


def test_the_block_simplifier_records_each_result_with_its_facts_for_the_steps():
    simplify = Simplifier()
    simplify(parse("X X^{-1} w", shapes=FORMS))
    simplify(parse("A w", shapes=FORMS))                  # no fact: nothing to cite
    assert [(text(d.expr), [k for k, _, _ in d.facts]) for d in simplify.record] == [("w", ["inverse.cancel"])]


def test_the_functions_table_holds_the_entry_wise_identities():
    from mkdocs_matderiv.functions import FUNCTIONS
    assert {n for n, f in FUNCTIONS.items() if f.prime_powers} == {"exp", "ln", "sigma"}
    assert FUNCTIONS["sigma"].identity == "sigmoid"


# ---------------------------------------------------------------- textbook forms (issue 22)

def test_entry_wise_products_are_added_entry_by_entry_the_logistic_gradient():
    assert tidy("X^T ((1 - y) .* sigma(X w) - y .* (1 - sigma(X w)))") == "X^T (sigma(X w) - y)"


def test_diagonal_matrices_multiply_and_add_entry_wise_the_logistic_hessian():
    messy = "X^T (diag((1 - y) .* sigma(X w) .* (1 - sigma(X w))) + diag(sigma(X w) .* (1 - sigma(X w))) diag(y)) X"
    assert tidy(messy) == "X^T diag(sigma(X w) .* (1 - sigma(X w))) X"


def test_an_entry_wise_product_stays_as_written_where_multiplying_out_is_longer():
    assert tidy("sigma(x) .* (1 - sigma(x))") == "sigma(x) .* (1 - sigma(x))"
    assert tidy("x .* y + x .* w") == "x .* (y + w)"


def test_equal_entry_wise_factors_are_a_power():
    assert tidy("tanh(x) .* tanh(x)") == "tanh(x) .^ 2"
    assert tidy("1 - tanh(x) .* tanh(x) .* y ./ y") == "1 - tanh(x) .^ 2"


def test_terms_equal_up_to_the_order_of_a_sum_and_a_transposed_row_product_add_up():
    one = "(A^T (A x + y - w)) .* (1 - x .^ 2)"
    other = "(((y + A x - w)^T A) .* (1 - x .^ 2)^T)^T"
    assert tidy(f"({one} + {other}) m^T") == "2 ((A^T (A x + y - w)) .* (1 - x .^ 2)) m^T"


def test_a_number_comes_out_of_an_inverse():
    from mkdocs_matderiv import derive
    result = derive("f: ln|alpha X|\nwrt: X").to_dict()["results"][0]
    assert result["text"] == "(X^{-1})^T"
    assert "a number comes out of an inverse" in [s["rule"] for s in result["steps"]]


def test_a_probability_vector_sums_to_one():
    from mkdocs_matderiv import derive
    block = "f: -y^T ln(softmax(z))\nwrt: z\nassume:\n  y: probability"
    result = derive(block).to_dict()["results"][0]
    assert result["text"] == "softmax(z) - y"
    assert "$y$ is a probability vector" in [s["rule"] for s in result["steps"]]
    plain = derive("f: -y^T ln(softmax(z))\nwrt: z").to_dict()["results"][0]
    assert plain["text"] == "(ones_{m}^T y) softmax(z) - y"


def test_probability_needs_a_vector_and_values_that_sum_to_one():
    import pytest

    from mkdocs_matderiv import MatDerivError, derive
    with pytest.raises(MatDerivError, match="probability needs a vector"):
        derive("f: tr(Y X)\nwrt: X\nassume:\n  Y: probability")
    with pytest.raises(MatDerivError, match="not a probability vector"):
        derive("f: -y^T ln(softmax(z))\nwrt: z\nassume:\n  y: probability\nvalues:\n  y: [0.5, 0.7]\n  z: [1, 2]")


def test_inner_products_with_one_vector_share_it():
    from mkdocs_matderiv import derive
    assert derive("f: ||a + t b||^2\nwrt: t\nshapes:\n  t: scalar").to_dict()["results"][0]["text"] == \
        "2 (a + b t)^T b"


def test_traces_equal_up_to_a_turn_of_their_factors_add_up():
    from mkdocs_matderiv import derive
    assert derive("f: tr((X + t B) (X + t B))\nwrt: t\nshapes:\n  t: scalar").to_dict()["results"][0]["text"] == \
        "2 tr(B X + t B^2)"


def test_the_attention_read_out_shares_its_right_end():
    from mkdocs_matderiv import derive
    block = "f: c^T V^T softmax(K q)\nwrt: q\nshapes:\n  K: n x d\n  V: n x m\n  c: m\n  q: d"
    assert derive(block).to_dict()["results"][0]["text"] == \
        "K^T (diag(softmax(K q)) - softmax(K q) softmax(K q)^T) V c"
