"""Readable results: collected, factored, fewest transposes."""

from mkdocs_matderiv.engine.simplify import Simplifier
from mkdocs_matderiv.language import parse
from mkdocs_matderiv.render.text import text

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
