"""Gradients written in entries (entries:), assembled entry by entry as seed 000 opens."""

import numpy as np
import pytest

from mkdocs_matderiv import MatDerivError, derive
from mkdocs_matderiv.render.text import text

SEED_000 = "f: x_1^2 + 3x_2^4\nwrt: x\nentries:\n  x: [x_1, x_2]\n"


def test_seed_000_first_example():
    (result,) = derive(SEED_000).results
    assert text(result.value) == "[2 x_1; 12 x_2^3]"
    assert [s.rule for s in result.steps] == ["entries.partial", "entries.partial",
                                              "entries.assemble", "entries.assemble"]
    assert result.check.passed


def test_the_numpy_code_takes_the_vector_itself():
    (result,) = derive(SEED_000).to_dict()["results"]
    namespace: dict = {}
    exec(result["numpy"], namespace)  # noqa: S102 - the published source
    assert np.allclose(namespace["gradient"](x=np.array([1.0, 2.0])), [2.0, 96.0])


def test_a_matrix_given_by_its_entries():
    (result,) = derive("f: a d - b c\nwrt: X\nentries:\n  X: [[a, b], [c, d]]\n").results
    assert text(result.value) == "[d, -c; -b, a]"
    assert result.check.passed


def test_an_entry_that_f_does_not_use_has_a_zero_derivative():
    (result,) = derive("f: x_1^2\nwrt: x\nentries: {x: [x_1, x_2]}\n").results
    assert text(result.value) == "[2 x_1; 0]"


def test_f_in_the_vector_and_its_entries_is_an_error():
    with pytest.raises(MatDerivError, match="write f in its entries or in x, not both"):
        derive("f: x_1 + x^T x\nwrt: x\nentries:\n  x: [x_1, x_2]\n")


def test_rows_of_different_lengths_are_an_error():
    with pytest.raises(MatDerivError, match="every row of entries has the same length"):
        derive("f: a\nwrt: X\nentries:\n  X: [[a, b], [c]]\n")


def test_two_digit_entries_are_read_as_written():
    twelve = "[" + ", ".join(f"x_{i}" for i in range(1, 13)) + "]"
    (result,) = derive(f"f: x_12 + x_10^2\nwrt: x\nentries: {{x: {twelve}}}\n").results
    assert text(result.value) == "[0; 0; 0; 0; 0; 0; 0; 0; 0; 2 x_{10}; 0; 1]"
    assert result.check.passed


def test_matrix_entries_named_as_the_contract_writes_them():
    (result,) = derive("f: e_11^2 + e_12 e_21\nwrt: E\n"
                       "entries: {E: [[e_11, e_12], [e_21, e_22]]}\n").results
    assert text(result.value) == "[2 e_{11}, e_{21}; e_{12}, 0]"
    (result,) = derive("f: w_23^2\nwrt: W\nentries: {W: [[w_11, w_12, w_13], [w_21, w_22, w_23]]}\n").results
    assert text(result.value) == "[0, 0, 0; 0, 0, 2 w_{23}]"


def test_entries_with_a_matrix_valued_f_says_so():
    with pytest.raises(MatDerivError, match=r"does not combine with a matrix-valued f \(f is n×1\)"):
        derive("f: x_1 y\nwrt: x\nentries: {x: [x_1, x_2]}\nshapes: {y: n}\n")
    with pytest.raises(MatDerivError, match="does not combine with order: 2$"):
        derive("f: x_1^3\nwrt: x\norder: 2\nentries: {x: [x_1, x_2]}\n")


def test_the_text_of_a_gradient_in_entries_parses_back():
    from mkdocs_matderiv.language import parse
    (result,) = derive("f: e_11 e_22 - e_12 e_21\nwrt: E\nentries: {E: [[e_11, e_12], [e_21, e_22]]}\n").results
    scalars = {f"e_{i}{j}": (1, 1) for i in (1, 2) for j in (1, 2)}
    assert parse(text(result.value), shapes=scalars) == result.value


def test_entries_listed_with_braced_subscripts():
    (result,) = derive("f: e_{12} e_{21}\nwrt: E\nentries:\n  E: [[e_{11}, e_{12}], [e_{21}, e_{22}]]\n").results
    assert text(result.value) == "[0, e_{21}; e_{12}, 0]"
    (result,) = derive("f: x_{12}^2\nwrt: x\nentries:\n  x: [x_{1}, x_{2}, x_{3}, x_{4}, x_{5}, x_{6}, "
                       "x_{7}, x_{8}, x_{9}, x_{10}, x_{11}, x_{12}]\n").results
    assert text(result.value) == "[0; 0; 0; 0; 0; 0; 0; 0; 0; 0; 0; 2 x_{12}]"
