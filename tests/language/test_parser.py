"""The parser: the language of CONTRACT §2 to trees (shapes resolved by ``parse``)."""

from fractions import Fraction

import pytest

from mkdocs_matderiv import derive

from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.language import parse
from mkdocs_matderiv.language.names import canonical_name, py_name
from mkdocs_matderiv.tree import (Add, Apply, Det, Diag, Div, ElemDiv, Func, Grad, Hadamard, Identity, Inv,
                                  Kron, Mul, Norm, Num, Ones, Pow, Sum, Sym, T, Tr, Vec)

from symbols import logdet

X = Sym("X", ("m", "n"))
A = Sym("A", ("m", "m"))
x = Sym("x", ("m", 1))
S = {"X": ("m", "n"), "A": ("m", "m"), "B": ("n", "n"), "x": ("m", 1), "y": ("m", 1),
     "s": (1, 1), "t": (1, 1), "Y": ("m", "m")}


def p(text, **kw):
    return parse(text, S, **kw)


def error(text, **kw):
    with pytest.raises(MatDerivError) as err:
        parse(text, S, **kw)
    return str(err.value)


def test_juxtaposition_is_the_matrix_product():
    assert p("x^TAx") == Mul((T(x), A, x))


def test_letter_runs_split_into_a_product():
    B = Sym("B", ("n", "n"))
    assert p("tr(XBX^T)") == Tr(Mul((X, B, T(X))))


def test_all_products_bind_equally_left_to_right():
    assert p("A x ⊙ y") == Hadamard((Mul((A, x)), Sym("y", ("m", 1))))


def test_explicit_product_spellings_are_the_matrix_product():
    assert p(r"A * x") == p(r"A \cdot x") == p("A · x") == Mul((A, x))


def test_hadamard_products_flatten():
    y = Sym("y", ("m", 1))
    assert p(r"x \odot y ⊙ x") == Hadamard((x, y, x))


def test_kronecker_and_elementwise_division():
    assert p(r"A \otimes A") == Kron(A, A)
    assert p("x ./ y") == ElemDiv(x, Sym("y", ("m", 1)))


def test_difference_and_unary_minus():
    y = Sym("y", ("m", 1))
    assert p("-x + y - x") == Add((Mul((Num(Fraction(-1)), x)), y, Mul((Num(Fraction(-1)), x))))


def test_numbers_fold_in_products_and_fractions():
    assert p("2 3 s") == Mul((Num(Fraction(6)), Sym("s")))
    assert p("1/2") == Num(Fraction(1, 2))
    assert p(r"\frac{1}{2} s") == Mul((Num(Fraction(1, 2)), Sym("s")))
    assert p("0.5") == Num(Fraction(1, 2))


def test_division_by_a_scalar():
    assert p("x / s") == Div(x, Sym("s"))


def test_a_scalar_product_inside_a_product_stays_one_factor():
    assert p("x^T x A") == Mul((Mul((T(x), x)), A))


def test_transpose_spellings_are_all_T():
    for text in ("x^T", "x^{T}", r"x^\top", r"x^{\top}", r"x^\mathsf{T}", r"x^{\mathsf{T}}", "x'", "xᵀ"):
        assert p(text) == T(x), text


def test_inverse_inverse_transpose_and_powers():
    assert p("A^{-1}") == p("inv(A)") == Inv(A)
    assert p("A^{-T}") == T(Inv(A))
    assert p("A^2") == Pow(A, Num(Fraction(2)))
    assert p("A^{-2}") == Pow(Inv(A), Num(Fraction(2)))


def test_any_power_of_a_scalar():
    assert p("(x^T x)^{1/2}") == Pow(Mul((T(x), x)), Num(Fraction(1, 2)))
    assert p("s^{0.5}") == Pow(Sym("s"), Num(Fraction(1, 2)))
    assert p("||x||^2") == Pow(Norm(x), Num(Fraction(2)))


def test_determinant_spellings():
    for text in ("|A|", "det(A)", r"\det A", r"\det(A)"):
        assert p(text) == Det(A), text


def test_log_determinant_spellings():
    for text in ("ln|A|", "ln |A|", r"\ln |A|", "ln det(A)", "log det A", r"\log\det(A)"):
        assert p(text) == logdet(A), text


def test_norm_spellings():
    for text in ("||x||", r"\|x\|", r"\lVert x \rVert", "norm(x)", r"\left\| x \right\|"):
        assert p(text) == Norm(x), text


def test_grouping_brackets():
    for text in ("(A x)", "[A x]", "{A x}", r"\left( A x \right)", r"\left[ A x \right]", r"\big( A x \big)"):
        assert p(text) == Mul((A, x)), text


def test_trace_spellings():
    for text in ("tr(A)", r"\operatorname{tr}(A)", r"\mathrm{tr}(A)", "tr A"):
        assert p(text) == Tr(A), text


def test_elementwise_builtins():
    assert p("exp(x)") == Func("exp", x)
    assert p(r"\sigma(x)") == p("σ(x)") == p("sigma(x)") == Func("sigma", x)
    assert p("log(x)") == Func("ln", x)


def test_structural_builtins():
    assert p("sum(A)") == Sum(A)
    assert p("diag(x)") == Diag(x)
    assert p("vec(X)") == Vec(X)
    assert p("softmax(x)") == Apply("softmax", (x,), ("m", 1))
    assert p("logsumexp(x)") == Apply("logsumexp", (x,), (1, 1))


def test_sigma_declared_as_a_scalar_is_a_product():
    shapes = dict(S, sigma=(1, 1))
    assert parse("σ (x^T x)", shapes) == Mul((Sym("sigma"), Mul((T(x), x))))


def test_a_greek_name_is_a_scalar():
    assert parse("alpha x", {"x": ("m", 1)}) == Mul((Sym("alpha"), x))


def test_abstract_functions():
    assert p("g(x)", functions={"g": "elementwise"}) == Func("g", x)
    assert p("g'(x)", functions={"g": "elementwise"}) == Func("g", x, 1)
    y = Sym("y", ("m", 1))
    assert p("L(x, y)", functions={"L": "scalar"}) == Apply("L", (x, y), (1, 1))


def test_identity_and_ones_take_their_size_from_context():
    assert p("A + I") == Add((A, Identity(("m", "m"))))
    assert parse(r"\mathbf{1}^T A \mathbf{1}", {}) == Mul((T(Ones(("m", 1))), Sym("A", ("m", "n")),
                                                           Ones(("n", 1))))


def test_identity_and_ones_of_a_written_size():
    assert p("I_3") == Identity((3, 3))
    assert p("A + I_{m}") == Add((A, Identity(("m", "m"))))
    assert parse("I_{n} z", {}) == Sym("z", ("n", 1))                 # its size is the size of z
    assert parse(r"ones_{n}^T \mathbf{1}_n 𝟏_{2}", {}) == \
        Mul((Mul((T(Ones(("n", 1))), Ones(("n", 1)))), Ones((2, 1))))
    assert parse(r"I_{mn} \otimes B", {"B": (2, 2)}).shape == ("2mn", "2mn")   # never mn2, a name
    assert parse(r"I_{mn} + A \otimes B", {"A": ("m", "m"), "B": ("n", "n")}).shape == ("mn", "mn")


def test_a_product_size_is_one_size_in_any_order():
    k = parse(r"K_{k,n}^T (A \otimes w) + I_{n} \otimes v", {"A": ("k", "n"), "w": ("n", 1), "v": ("k", 1)})
    assert k.shape in (("kn", "n"), ("nk", "n"))


def test_a_declared_sized_name_is_a_matrix():
    assert parse("I_3 x", {"I_3": (2, 2)}) == Mul((Sym("I_3", (2, 2)), Sym("x", (2, 1))))
    assert parse("ones_n", {"ones_n": (2, 1)}) == Sym("ones_n", (2, 1))


def test_a_written_size_is_at_least_one_and_within_the_limit():
    assert error("I_0") == "column 1: 'I_0' has no size: a size is at least 1"
    assert error("A + I_{51}") == "column 5: 'I_51' has a size of 51 (the limit is 50)"


def test_the_symbolic_gradient_of_a_scalar_function():
    y = Sym("Y", ("m", "n"))
    assert parse("(dL/dY)^T ones", {"Y": ("m", "n")}, functions={"L": "scalar"}) == \
        Mul((T(Grad("L", y, y.shape)), Ones(("m", 1))))
    assert parse("d L/d(W x)", {"W": (3, 2), "x": (2, 1)}, functions={"L": "scalar"}) == \
        Grad("L", Mul((Sym("W", (3, 2)), Sym("x", (2, 1)))), (3, 1))


def test_d_before_a_name_that_is_no_scalar_function_is_a_product():
    d, big_l, t = Sym("d", (1, 1)), Sym("L", (2, 2)), Sym("t", (1, 1))
    assert parse("dL/dt", {"d": d.shape, "L": big_l.shape, "t": t.shape}) == Mul((Div(Mul((d, big_l)), d), t))


def test_identity_declared_in_shapes_is_a_matrix():
    assert parse("I", {"I": ("m", "n")}) == Sym("I", ("m", "n"))


def test_undeclared_shapes_default_by_name():
    assert parse("a^T X b", {}) == Mul((T(Sym("a", ("m", 1))), Sym("X", ("m", "n")), Sym("b", ("n", 1))))


def test_an_unclosed_call_names_the_opening():
    assert error("tr(X B") == "column 7: expected ')' to close 'tr(' opened at column 1"


def test_trailing_text_is_an_error():
    assert error("X B )") == "column 5: expected end of expression, found ')'"


def test_an_unclosed_bar():
    assert error("|A") == "column 3: expected '|' to close '|' opened at column 1, found the end"


def test_an_empty_expression():
    assert error("") == "column 1: expected an expression, found nothing"


def test_a_missing_operand():
    assert error("A +") == "column 4: expected an expression, found the end"


def test_an_abstract_function_needs_parentheses():
    assert error("g x", functions={"g": "elementwise"}) == \
        "column 3: expected '(' after the function 'g', found 'x'"


def test_canonical_names():
    assert canonical_name("b_{2}") == "b_2"
    assert canonical_name(r"\mathbf{x}") == "x"
    assert canonical_name("α") == "alpha"
    assert canonical_name(r"\lambda") == "lambda"
    assert canonical_name("W1") == "W1"
    assert canonical_name("x y") is None


def test_python_names():
    assert py_name("b_2") == "b_2"
    assert py_name("alpha") == "alpha"
    assert py_name("lambda") == "lambda_"
    assert py_name("in") == "in_"


def test_bars_around_a_scalar_are_its_absolute_value():
    t = Sym("t", (1, 1))
    assert p("|t|") == Func("abs", t)
    assert p("|x^T y|") == Func("abs", Mul((T(x), Sym("y", ("m", 1)))))
    assert p("|A|") == Det(A)


def test_one_transposed_is_the_ones_row_vector():
    assert p("1^T x") == Mul((T(Ones(("m", 1))), x))
    assert p("1' x") == p("1^{T} x") == p("1^T x")
    assert p("1^T exp(X)").shape == (1, "n")


def test_numbers_in_scientific_notation():
    assert p("1e-3 x") == Mul((Num(Fraction(1, 1000)), x))
    assert p("2.5E4 t") == Mul((Num(Fraction(25000)), Sym("t", (1, 1))))
    assert error("1e999 t") == "column 1: the number 1e999 is out of range (a power of ten up to 300)"


def test_a_power_of_a_power_needs_parentheses():
    assert error("s^2^3") == "column 4: a power of a power needs parentheses: write (a^2)^3, or one exponent"
    assert error("x .^ 2 .^ 3").startswith("column 8: a power of a power needs parentheses")
    assert p("(s^2)^3") == Pow(Pow(Sym("s", (1, 1)), Num(Fraction(2))), Num(Fraction(3)))
    assert p("x^T .^ 2") == p("(x^T) .^ 2")                    # a transpose is no power


def test_a_matrix_written_in_entries_as_results_in_entries_print_it():
    shapes = {"a": (1, 1), "b": (1, 1)}
    a, b = Sym("a", (1, 1)), Sym("b", (1, 1))
    from mkdocs_matderiv.tree import Entries
    assert parse("[2 a, 0; -b, a b]", shapes) == \
        Entries(((Mul((Num(Fraction(2)), a)), Num(Fraction(0))), (Mul((Num(Fraction(-1)), b)), Mul((a, b)))))
    assert parse("[a; b]", shapes).shape == (2, 1)
    assert parse("[a + b]", shapes) == Add((a, b))                  # brackets alone are parentheses
    with pytest.raises(MatDerivError, match="every row of a matrix written in entries has as many"):
        parse("[a, b; a]", shapes)
    with pytest.raises(MatDerivError, match="column 5: an entry of a matrix written in entries is a scalar: x is"):
        parse("[a; x]", shapes)


@pytest.mark.parametrize("block", [
    {"f": "K_{m,n} vec(X)", "wrt": "X", "shapes": {"X": "m x n"}},
    {"f": "x^T I_n x + ones_n^T x", "wrt": "x"},
    {"f": "ones_n^T X ones_m", "wrt": "X"},
])
def test_sized_identity_ones_and_commutation_are_input_and_their_results_parse_back(block):
    """CONTRACT §2: ``K_{m,n} vec(X) = vec(Xᵀ)``; a result printed with them is read back as the
    same result (the numeric check compares the claim with the derivation)."""
    result = derive(block).to_dict()["results"][0]
    assert result["check"]["passed"]
    again = derive({**block, "claim": result["text"]}).to_dict()["results"][0]
    assert again["check"]["passed"] and again["text"] == result["text"]
