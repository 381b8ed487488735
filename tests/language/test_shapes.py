"""Shape inference: defaults, declared shapes, unification, and the errors it reports."""

import pytest

from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.language import parse
from mkdocs_matderiv.tree import Mul, Sym, T


def error(text, shapes=None):
    with pytest.raises(MatDerivError) as err:
        parse(text, shapes or {})
    return str(err.value)


def test_dimensions_are_unified_across_a_product():
    assert parse("a^T X b") == Mul((T(Sym("a", ("m", 1))), Sym("X", ("m", "n")), Sym("b", ("n", 1))))


def test_integers_win_over_symbols():
    e = parse("A x", {"x": (3, 1)})
    assert e == Mul((Sym("A", ("m", 3)), Sym("x", (3, 1))))


def test_declared_dimension_names_are_kept_and_fresh_ones_avoid_them():
    e = parse("A B", {"A": ("m", "k")})
    assert e == Mul((Sym("A", ("m", "k")), Sym("B", ("k", "n"))))


def test_a_scalar_commutes_with_a_matrix_in_a_product():
    assert parse("A (x^T x)").shape == ("m", "n")


def test_a_scalar_added_to_a_matrix_broadcasts():
    assert parse("A + 1").shape == ("m", "n")


def test_a_product_of_mismatched_shapes_names_both_operands():
    assert error("A x", {"A": ("m", "n"), "x": ("k", 1)}) == \
        "column 1: shapes do not match in the product A x: A is m×n, x is k×1"


def test_a_sum_of_mismatched_shapes():
    assert error("A + x", {"A": (2, 3), "x": (2, 1)}) == \
        "column 1: shapes do not match in the sum A + x: A is 2×3, x is 2×1"


def test_a_hadamard_product_of_mismatched_shapes():
    assert error(r"A \odot B", {"A": (2, 3), "B": (3, 2)}) == \
        "column 1: shapes do not match in the element-wise product A \\odot B: A is 2×3, B is 3×2"


def test_the_trace_needs_a_square_matrix():
    assert error("tr(X)", {"X": ("m", "n")}) == "column 1: the trace needs a square matrix; X is m×n"


def test_the_determinant_and_inverse_need_a_square_matrix():
    assert error("|X|", {"X": (2, 3)}) == "column 1: the determinant needs a square matrix; X is 2×3"
    assert error("X^{-1}", {"X": (2, 3)}) == "column 1: the inverse needs a square matrix; X is 2×3"


def test_a_matrix_takes_only_integer_powers():
    assert error("X^{1/2}") == "column 1: a matrix can only be raised to an integer power: X is m×n"


def test_division_needs_a_scalar_denominator():
    assert error("x / y") == "column 5: the denominator of '/' must be a scalar: y is m×1"


def test_softmax_of_a_matrix_is_of_each_row_and_keeps_its_shape():
    assert parse("softmax(X)", {"X": (2, 3)}).shape == (2, 3)
    assert error("logsumexp(X)", {"X": (2, 3)}) == "column 1: logsumexp needs a vector; X is 2×3"


def test_the_same_name_has_one_shape_everywhere():
    e = parse("X^T X + A")
    syms = {n for n in e.walk() if isinstance(n, Sym) and n.name == "X"}
    assert len(syms) == 1


def test_a_declared_size_named_n2_is_not_n_times_2():
    # vec(X) of an n×2 X has 2n entries, never the declared n2
    assert "vec(X)^T is 1×2n, y is n2×1" in error("vec(X)^T y", {"X": ("n", 2), "y": ("n2", 1)})
    assert parse("vec(X)^T y", {"X": ("n", 2), "y": ("2n", 1)}).shape == (1, 1)


def test_a_declared_size_is_never_shrunk_to_1():
    assert error("A + b^T", {"A": ("m", "n")}) == \
        "column 1: shapes do not match in the sum A + b^T: A is m×n, b^T is 1×p"
    assert error("det(x)", {"x": ("n", 1)}) == \
        "column 1: the determinant needs a square matrix; x is a vector"


def test_a_where_name_declared_square_is_not_a_vector():
    from mkdocs_matderiv import derive
    with pytest.raises(MatDerivError, match="'Y' is declared n×n but its expression is n×1"):
        derive("f: tr(Y)\nwrt: x\nwhere: {Y: x}\nshapes: {Y: n x n}\n")


def test_two_spellings_that_print_alike_are_an_error_not_two_names():
    from mkdocs_matderiv import derive
    assert error("tr(W1^T W_1)") == \
        "column 9: 'W_1' and 'W1' are two names that both print as W_1; write one spelling for one name"
    with pytest.raises(MatDerivError, match=r"^line 3: shapes.x1: 'x1' and 'x_1' are two names"):
        derive("f: x_1 + x1\nwrt: x_1\nshapes: {x_1: scalar, x1: scalar}\n")
    with pytest.raises(MatDerivError, match=r"^line 3: where.W_1: 'W_1' and 'W1' are two names"):
        derive("f: tr(Y)\nwrt: W1\nwhere: {W_1: W1 X, Y: W_1}\n")
    assert parse("tr(W_1^T W_{1})") == parse("tr(W_1^T W_1)")      # one name, two ways to write it
