"""Names as course notes write them (CONTRACT §2): Andrew Ng's layer index ``z^{[1]}``,
``a^{[l-1]}``, ``W^{[2]}`` and accents ``\\hat{w}``, ``\\bar{x}``, ``\\tilde{X}``, each one name,
typeset as written."""

import pytest

from mkdocs_matderiv import MatDerivError, derive
from mkdocs_matderiv.language.names import canonical_name, py_name


@pytest.mark.parametrize("written, canonical, python", [
    ("z^{[1]}", "z^[1]", "z_layer1"),
    ("a^{[l-1]}", "a^[l-1]", "a_layer_l_1"),
    ("a^{[l - 1]}", "a^[l-1]", "a_layer_l_1"),
    ("W^{[2]}", "W^[2]", "W_layer2"),
    (r"\hat{w}", "w^hat", "w_hat"),
    (r"\bar{x}", "x^bar", "x_bar"),
    (r"\tilde{X}", "X^tilde", "X_tilde"),
    (r"\widehat{w}", "w^hat", "w_hat"),
])
def test_each_is_one_name(written, canonical, python):
    assert canonical_name(written) == canonical
    assert py_name(canonical) == python


def test_seed_003_backprop_in_the_layer_names():
    d = derive("f: L(a^{[2]})\nwhere:\n  z^{[1]}: W^{[1]} x + b^{[1]}\n  a^{[1]}: sigma(z^{[1]})\n"
               "  z^{[2]}: W^{[2]} a^{[1]} + b^{[2]}\n  a^{[2]}: sigma(z^{[2]})\n"
               "wrt: [W^{[1]}, W^{[2]}]\nfunctions:\n  L: scalar")
    first, second = d.to_dict()["results"]
    assert first["steps"][-1]["latex"] == (r"\frac{\partial L}{\partial {W^{[1]}}} = "
                                           r"\frac{\partial L}{\partial {z^{[1]}}} x^{T}")
    assert second["steps"][-1]["latex"] == (r"\frac{\partial L}{\partial {W^{[2]}}} = "
                                            r"\frac{\partial L}{\partial {z^{[2]}}} {a^{[1]}}^{T}")


def test_the_shape_follows_the_letter_and_the_text_parses_back():
    d = derive(r"f: tr(\tilde{X}^T A \tilde{X})" + "\nwrt: \\tilde{X}")
    (r,) = d.to_dict()["results"]
    assert r["latex"] == r"\left(A + A^{T}\right) \tilde{X}"
    assert r["text"] == r"(A + A^T) \tilde{X}"
    assert "def gradient(X_tilde, A):" in r["numpy"]
    again = derive(f"f: z^{{[1]}}^T A z^{{[1]}}\nwrt: z^{{[1]}}\nclaim: {'(A + A^T) z^{[1]}'}")
    assert again.to_dict()["results"][0]["text"] == "(A + A^T) z^{[1]}"


def test_seed_003_least_squares_ends_in_w_hat():
    d = derive("f: ||X w - y||^2\nwrt: w\nsolve: true")
    steps = d.to_dict()["results"][0]["stationary"]["steps"]
    assert steps[-1]["latex"] == r"\hat{w} = \left(X^{T} X\right)^{-1} X^{T} y"


def test_an_accent_needs_a_name():
    with pytest.raises(MatDerivError, match=r"expected a name inside '\\hat\{...\}'"):
        derive("f: \\hat{2} x\nwrt: x")
