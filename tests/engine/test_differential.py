"""d(·) by the rules of the matrix differential, one rule per line."""

from mkdocs_matderiv.engine.differential import Differentiator
from mkdocs_matderiv.language import parse
from mkdocs_matderiv.render.latex import latex
from mkdocs_matderiv.tree import Diff, Sym

X = Sym("X", ("m", "n"))
SHAPES = {"X": ("m", "n"), "B": ("n", "n"), "A": ("n", "m"), "S": ("n", "n"), "x": ("n", 1)}


def differential(text: str, wrt: str = "X", shapes=SHAPES) -> tuple[str, list[str]]:
    expr = parse(text, shapes=shapes)
    var = Sym(wrt, shapes[wrt])
    done, steps = Differentiator([var]).steps(Diff(Sym("f")), expr)
    return latex(done), [s.rule for s in steps]


def test_the_transpose_rule_folds_into_the_product_rule_for_tr_XBXT():
    # d(Xᵀ) → dXᵀ changes nothing visible: no line of its own, named with the product rule
    done, rules = differential("tr(X B X^T)")
    assert done == r"\operatorname{tr}\left(d X\, B X^{T} + X B d X^{T}\right)"
    assert rules == ["differential", "d.trace", "d.product+d.transpose"]


def test_a_dropped_constant_is_named_as_such():
    _, rules = differential("tr(A X + B)")
    assert rules == ["differential", "d.trace", "d.constant", "d.scalar"]
    _, rules = differential("tr(A X B + A X + B)")
    assert rules[2] == "d.sum+d.constant"


def test_a_scalar_differential_is_written_last():
    shapes = {"A": ("n", "n"), "B": ("n", "n"), "t": (1, 1)}
    done, _ = differential("(A + t B)^{-1}", wrt="t", shapes=shapes)
    assert done.endswith(r"d t")


def test_constants_are_not_differentiated():
    done, rules = differential("tr(A X)")
    assert done == r"\operatorname{tr}\left(A d X\right)"
    assert rules == ["differential", "d.trace", "d.scalar"]


def test_inverse_rule():
    done, _ = differential("tr(S^{-1})", wrt="S")
    assert done == r"\operatorname{tr}\left(-S^{-1} d S\, S^{-1}\right)"


def test_log_determinant_rule():
    done, rules = differential("ln|S|", wrt="S")
    assert done == r"\operatorname{tr}\left(S^{-1} d S\right)"
    assert rules == ["differential", "d.logdet"]


def test_determinant_rule():
    done, _ = differential("|S|", wrt="S")
    assert done == r"\left|S\right| \operatorname{tr}\left(S^{-1} d S\right)"


def test_elementwise_function_gives_a_hadamard_product():
    done, rules = differential("sum(exp(X))")
    assert done == r"\mathbf{1}^{T} \left(\exp\left(X\right) \odot d X\right) \mathbf{1}"
    assert "d.elementwise" in rules


def test_sigmoid_derivative_is_written_sigma_prime():
    done, _ = differential("sum(sigma(X))")
    assert r"\sigma'\left(X\right) \odot d X" in done


def test_squared_norm_becomes_an_inner_product():
    done, rules = differential("||x||^2", wrt="x")
    assert done == r"d x^{T}\, x + x^{T} d x"
    assert rules[1] == "d.norm2"


def test_scalar_power():
    done, _ = differential("(x^T x)^{1/2}", wrt="x")
    assert done == r"\frac{1}{2} \left(x^{T} x\right)^{-\frac{1}{2}} \left(d x^{T}\, x + x^{T} d x\right)"


def test_matrix_power_sums_over_positions():
    done, _ = differential("tr(S^3)", wrt="S")
    assert done == r"\operatorname{tr}\left(d S\, S^{2} + S d S\, S + S^{2} d S\right)"


def test_a_scalar_added_to_a_matrix_is_added_to_every_entry():
    # CONTRACT §2: d(K + t) = dK + dt 𝟏𝟏ᵀ (not dt I), a step of its own
    shapes = {"K": ("m", "n"), "t": (1, 1), "w": ("n", 1)}
    done, rules = differential("(K + t) w", wrt="t", shapes=shapes)
    assert done == r"\mathbf{1}\, \mathbf{1}^{T} w d t"
    assert "d.broadcast" in rules


def test_the_trace_of_a_kronecker_product_is_a_product_of_traces():
    shapes = {"A": ("p", "p"), "X": ("n", "n")}
    done, rules = differential(r"tr(A \otimes X)", shapes=shapes)
    assert rules[:2] == ["differential", "kron.trace"]
    assert done == r"\operatorname{tr}\left(A\right) \operatorname{tr}\left(d X\right)"


def test_an_exponent_that_depends_on_the_variable():
    # d(v .^ τ) = (v .^ τ ⊙ ln v) dτ: a^p = exp(p ln a)
    shapes = {"v": ("n", 1), "tau": (1, 1)}
    done, rules = differential("sum(v .^ tau)", "tau", shapes)
    assert "d.variable_exponent" in rules[-1]
    assert done == r"\mathbf{1}^{T} \left(v^{\circ \tau} \odot \ln\left(v\right)\right) d \tau"


def test_v_hadamard_power_tau_with_respect_to_tau_is_published_checked():
    from mkdocs_matderiv import derive
    from mkdocs_matderiv.render.text import text
    (result,) = derive("f: sum(v .^ tau)\nwrt: tau\n").results
    assert text(result.value) == "(v .^ {tau} .* ln(v))^T ones_{m}"
    assert result.check.passed
    (dt, ds) = derive("f: s^(t^2)\nwrt: [t, s]\nshapes: {s: scalar, t: scalar}\n").results
    assert text(dt.value) == "2 t ln(s) s^{t^2}" and dt.check.passed and ds.check.passed
