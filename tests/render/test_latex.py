"""LaTeX of expression trees: the notation of the seeds."""

from fractions import Fraction

import pytest

from mkdocs_matderiv.derivation import Step
from mkdocs_matderiv.render.latex import latex, latex_name, latex_step_lines, step_equation
from mkdocs_matderiv.tree import (
    Add, Apply, Det, Diag, Diff, Div, ElemDiv, Func, Grad, Hadamard, Identity, Inv, Kron, Mul,
    Norm, Num, Ones, Pow, Sum, Sym, T, Tr, Vec, Zero, neg, num,
)

from symbols import logdet

X = Sym("X", ("n", "n"))
A = Sym("A", ("n", "n"))
B = Sym("B", ("n", "n"))
M = Sym("M", ("h", "k"))
W = Sym("W", ("h", "n"))
Xd = Sym("X", ("n", "k"))
Y = Sym("Y", ("h", "k"))
x = Sym("x", ("n", 1))
w = Sym("w", ("n", 1))
y = Sym("y", ("n", 1))
a = Sym("a", ("n", 1))
b = Sym("b", ("n", 1))


def test_a_product_is_juxtaposition():
    assert latex(Mul((X, B, T(X)))) == "X B X^{T}"


def test_a_sum_inside_a_product_is_parenthesised():
    assert latex(Mul((X, Add((B, T(B)))))) == r"X \left(B + B^{T}\right)"


def test_numbers_come_first():
    assert latex(Mul((A, x, num(2)))) == "2 A x"


def test_a_leading_minus_one_is_a_minus_sign():
    assert latex(Mul((num(-1), Inv(X), A, Inv(X)))) == "-X^{-1} A X^{-1}"


def test_a_negated_factor_moves_its_sign_to_the_front():
    assert latex(Mul((neg(Inv(X)), Diff(X), Inv(X)))) == r"-X^{-1} d X\, X^{-1}"


def test_a_fraction_coefficient():
    assert latex(Mul((num(Fraction(1, 2)), x))) == r"\frac{1}{2} x"
    assert latex(Mul((num(Fraction(-1, 2)), x))) == r"-\frac{1}{2} x"


def test_a_number_alone():
    assert latex(num(3)) == "3"
    assert latex(num(Fraction(-3, 4))) == r"-\frac{3}{4}"


def test_a_difference():
    assert latex(Add((Mul((X, w)), neg(y)))) == "X w - y"
    assert latex(Add((x, Mul((num(-2), w))))) == "x - 2 w"


def test_a_negated_sum_keeps_its_parentheses():
    assert latex(Add((x, neg(Add((w, y)))))) == r"x - \left(w + y\right)"


def test_transpose_of_a_product():
    assert latex(T(Mul((X, B)))) == r"\left(X B\right)^{T}"


def test_negated_transpose_of_a_product():
    assert latex(neg(T(Mul((Inv(X), A, Inv(X)))))) == r"-\left(X^{-1} A X^{-1}\right)^{T}"


def test_transpose_of_an_inverse_and_inverse_of_a_transpose():
    assert latex(T(Inv(X))) == r"\left(X^{-1}\right)^{T}"
    assert latex(Inv(T(X))) == r"\left(X^{T}\right)^{-1}"


def test_trace_determinant_norm():
    assert latex(Tr(Mul((X, B, T(X))))) == r"\operatorname{tr}\left(X B X^{T}\right)"
    assert latex(Mul((Det(X), T(Inv(X))))) == r"\left|X\right| \left(X^{-1}\right)^{T}"
    assert latex(Norm(x)) == r"\left\lVert x\right\rVert"


def test_powers_parenthesise_composite_bases_only():
    assert latex(Pow(x, num(2))) == "x^{2}"
    assert latex(Pow(Mul((T(x), x)), num(Fraction(1, 2)))) == r"\left(x^{T} x\right)^{\frac{1}{2}}"
    assert latex(Pow(Norm(x), num(2))) == r"\left\lVert x\right\rVert^{2}"
    assert latex(Pow(X, num(-2))) == "X^{-2}"


def test_sum_diag_vec():
    assert latex(Sum(X)) == r"\operatorname{sum}\left(X\right)"
    assert latex(Diag(x)) == r"\operatorname{diag}\left(x\right)"
    assert latex(Vec(Mul((A, X)))) == r"\operatorname{vec}\left(A X\right)"


def test_elementwise_functions():
    assert latex(Func("exp", Mul((Xd, b)))) == r"\exp\left(X b\right)"
    assert latex(Func("ln", x)) == r"\ln\left(x\right)"
    assert latex(Func("sigma", x)) == r"\sigma\left(x\right)"
    assert latex(Func("tanh", x)) == r"\tanh\left(x\right)"
    assert latex(Func("sqrt", x)) == r"\sqrt{x}"
    assert latex(Func("g", x)) == r"g\left(x\right)"


def test_the_log_determinant():
    assert latex(logdet(X)) == r"\ln\left|X\right|"


def test_derivatives_of_functions():
    assert latex(Func("sigma", Mul((W, Xd)), 1)) == r"\sigma'\left(W X\right)"
    assert latex(Func("g", Sym("z_1", ("n", 1)), 1)) == r"g'\left(z_{1}\right)"


def test_apply():
    assert latex(Apply("softmax", (x,), ("n", 1))) == r"\operatorname{softmax}\left(x\right)"
    assert latex(Apply("L", (Sym("a_2", ("n", 1)), y))) == r"L\left(a_{2}, y\right)"


def test_a_symbolic_gradient_and_its_transpose():
    assert latex(Grad("f", Y, Y.shape)) == r"\frac{\partial f}{\partial Y}"
    assert latex(T(Grad("f", Y, Y.shape))) == r"\left(\frac{\partial f}{\partial Y}\right)^{T}"


def test_differentials():
    assert latex(Diff(X)) == "d X"
    assert latex(Mul((Diff(X), B, T(X)))) == r"d X\, B X^{T}"      # a thin space: never d(XB)
    assert latex(Mul((X, B, T(Diff(X))))) == "X B d X^{T}"
    assert latex(Diff(Inv(X))) == r"d\left(X^{-1}\right)"


def test_binary_elementwise_operators():
    C = Sym("C", ("n", "n"))
    assert latex(Hadamard((A, C))) == r"A \odot C"
    assert latex(ElemDiv(A, C)) == r"A \oslash C"
    assert latex(Kron(A, C)) == r"A \otimes C"
    assert latex(Div(x, Norm(x))) == r"\frac{x}{\left\lVert x\right\rVert}"


def test_a_hadamard_product_inside_a_matrix_product_is_parenthesised():
    e = Mul((T(W), Hadamard((Mul((num(2), M, Y)), Func("sigma", Mul((W, Xd)), 1)))))
    assert latex(e) == r"W^{T} \left(\left(2 M Y\right) \odot \sigma'\left(W X\right)\right)"


def test_a_matrix_product_inside_a_hadamard_product_is_parenthesised():
    s = Func("sigma", Mul((W, Xd)))
    e = Hadamard((Mul((num(2), M, s)), Func("sigma", Mul((W, Xd)), 1)))
    assert latex(e) == r"\left(2 M \sigma\left(W X\right)\right) \odot \sigma'\left(W X\right)"
    assert latex(Mul((Hadamard((a, Func("exp", Mul((Xd, b))))), T(b)))) == \
        r"\left(a \odot \exp\left(X b\right)\right) b^{T}"


def test_a_scalar_product_beside_matrices_is_one_factor():
    assert latex(Mul((Mul((T(x), x)), A))) == r"\left(x^{T} x\right) A"


def test_a_nested_matrix_product_prints_inline():
    assert latex(Mul((A, Mul((num(2), B))))) == "2 A B"


def test_constants():
    assert latex(Identity(("n", "n"))) == "I"
    assert latex(Mul((T(Ones(("n", 1))), x))) == r"\mathbf{1}^{T} x"
    assert latex(Zero(("n", "n"))) == "0"


@pytest.mark.parametrize("name, expected", [
    ("W_1", "W_{1}"), ("W1", "W_{1}"), ("b_2", "b_{2}"), ("x_1", "x_{1}"), ("alpha", r"\alpha"),
    ("lambda", r"\lambda"), ("Sigma", r"\Sigma"), ("alpha_1", r"\alpha_{1}"), ("x_12", "x_{12}"),
    ("X", "X"),
])
def test_names(name, expected):
    assert latex_name(name) == expected


def test_an_unknown_setting_raises():
    with pytest.raises(TypeError, match="unknown setting"):
        latex(X, colour="red")


def test_step_lines_continue_the_lhs():
    df = Diff(Sym("f"))
    steps = [Step(df, Diff(Tr(Mul((X, B, T(X)))))),
             Step(None, Tr(Diff(Mul((X, B, T(X))))), "d.trace")]
    assert latex_step_lines(steps) == [
        ("d f", r"d\left(\operatorname{tr}\left(X B X^{T}\right)\right)", None),
        ("", r"\operatorname{tr}\left(d\left(X B X^{T}\right)\right)", "rule (4): differential of a trace"),
    ]


def test_step_equation_uses_the_lhs_in_force():
    step = Step(None, Tr(Mul((Diff(X), B, T(X)))), "d.product")
    assert step_equation(step, Diff(Sym("f"))) == r"d f = \operatorname{tr}\left(d X\, B X^{T}\right)"


def test_a_hadamard_product_with_a_reciprocal_reads_as_a_division():
    y, s = Sym("y", ("n", 1)), Sym("s", ("n", 1))

    assert latex(Hadamard((y, ElemDiv(Num(Fraction(1)), s)))) == r"y \oslash s"
    assert latex(Hadamard((ElemDiv(Num(Fraction(1)), s), y))) == r"y \oslash s"
