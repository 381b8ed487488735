"""The table of functions: every entry is whole, and its derivative is its derivative."""

import numpy as np
import pytest

from mkdocs_matderiv import derive
from mkdocs_matderiv.check.numeric import evaluate, random_inputs
from mkdocs_matderiv.engine.rules import RULES
from mkdocs_matderiv.functions import FUNCTIONS, SPELLINGS, call
from mkdocs_matderiv.language import parse
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.tree import ElemPow, Func, Sym, num

ELEMENTWISE = [f for f in FUNCTIONS.values() if f.elementwise]
WHOLE = [f for f in FUNCTIONS.values() if not f.elementwise]


def point(fn, rng, n=4):
    """A point inside the function's domain, drawn as the numeric check draws it: a column
    for element-wise and vector functions, a square matrix for the others."""
    shape = (n, n) if fn.kind in ("square", "any") else (n, 1)
    z = Sym("z", shape)
    return random_inputs([z], {}, {}, rng, {"z": {fn.domain}})["z"]


@pytest.mark.parametrize("fn", FUNCTIONS.values(), ids=lambda f: f.name)
def test_every_entry_names_a_rule(fn):
    assert fn.rule in RULES and (not fn.rows_rule or fn.rows_rule in RULES)


@pytest.mark.parametrize("fn", ELEMENTWISE, ids=lambda f: f.name)
def test_the_derivative_of_an_elementwise_entry_matches_central_differences(fn):
    rng = np.random.default_rng(1)
    zv = point(fn, rng)
    z = Sym("z", ("n", 1))
    exact = evaluate(fn.derivative(z), {"z": zv}, {"n": zv.shape[0]})
    h = 1e-6
    numeric = (evaluate(Func(fn.name, z), {"z": zv + h}) - evaluate(Func(fn.name, z), {"z": zv - h})) / (2 * h)
    assert np.allclose(exact, numeric, atol=1e-6)


@pytest.mark.parametrize("fn", WHOLE, ids=lambda f: f.name)
def test_the_differential_of_a_whole_entry_matches_central_differences(fn):
    rng = np.random.default_rng(2)
    xv, dv = point(fn, rng), rng.standard_normal(point(fn, rng).shape)
    x = Sym("x", xv.shape)
    node = call(fn, x)
    dx = Sym("d", x.shape)
    exact = evaluate(fn.differential(node, dx), {"x": xv, "d": dv})
    h = 1e-6
    numeric = (evaluate(node, {"x": xv + h * dv}) - evaluate(node, {"x": xv - h * dv})) / (2 * h)
    assert np.allclose(exact, numeric, atol=1e-6)


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_every_spelling_parses_as_its_function(spelling):
    fn = SPELLINGS[spelling]
    arg = {"square": Sym("X", ("m", "m")), "any": Sym("X", ("m", "n"))}.get(fn.kind, Sym("x", ("m", 1)))
    assert parse(f"{spelling}({arg.name})") == call(fn, arg)
    if spelling.isalpha():                      # a LaTeX command has no digits (\norm1 is \norm 1)
        assert parse(f"\\{spelling}({arg.name})") == call(fn, arg)


@pytest.mark.parametrize("fn", FUNCTIONS.values(), ids=lambda f: f.name)
def test_every_entry_derives_checked_and_its_text_parses_back(fn):
    f = {"square": "logdet(X)", "any": "norm1(X)",
         "vector": f"{fn.name}(x)" if fn.scalar_valued else f"sum({fn.name}(x))",
         "rows": f"sum({fn.name}(X) .* B)", "elementwise": f"sum({fn.name}(x))"}[fn.kind]
    wrt = "X" if fn.kind in ("square", "any", "rows") else "x"
    result = derive(f"f: {f}\nwrt: {wrt}").to_dict()["results"][0]
    assert result["check"]["passed"]
    assert parse(result["text"]) is not None


def test_the_log_determinant_is_one_node_however_it_is_spelled():
    X = Sym("X", ("m", "m"))
    for text in ("ln|X|", "log det(X)", r"\ln\left|X\right|"):
        assert parse(text) == call(FUNCTIONS["logdet"], X)


@pytest.mark.parametrize("text, words", [
    ("sum(abs(A x - y))", None), ("sum(foo(x))", "unknown function 'foo'"),
    ("sum(ab(x))", "did you mean 'abs'"), ("XB(Y + Z)", "a product is written with spaces"),
])
def test_a_word_before_a_parenthesis_is_a_function_or_an_error(text, words):
    if words is None:
        assert parse(text) is not None
        return
    with pytest.raises(MatDerivError, match=words):
        parse(text)


def test_a_declared_name_before_a_parenthesis_is_a_product():
    assert parse("AB (x)", shapes={"AB": ("m", "m")}) == parse("AB x", shapes={"AB": ("m", "m")})
    assert parse("AB(x)", shapes={"AB": ("m", "m")}) == parse("AB x", shapes={"AB": ("m", "m")})


@pytest.mark.parametrize("text, node", [
    ("||x||_1", "norm1"), ("||x||_{1}", "norm1"), (r"\lVert x \rVert_1", "norm1"), ("||x||_2", None),
])
def test_norm_subscripts(text, node):
    e = parse(text)
    assert (e.name if node else type(e).__name__) == (node or "Norm")


def test_hadamard_powers():
    x = Sym("x", ("m", 1))
    assert parse("x .^ 3") == ElemPow(x, num(3))
    assert parse("A x .^ 2") == parse("A (x .^ 2)")
    assert parse("t .^ 2", shapes={"t": (1, 1)}) == parse("t^2", shapes={"t": (1, 1)})


@pytest.mark.parametrize("block, holds", [
    ("f: sum(abs(A x - y))\nwrt: x", ["A x - y"]), ("f: sum(relu(W x))\nwrt: W", ["W x"]),
    ("f: norm1(x) + sum(abs(y) .* x)\nwrt: x", ["x"]), ("f: sum(exp(x))\nwrt: x", []),
])
def test_a_result_says_where_it_holds(block, holds):
    result = derive(block).to_dict()["results"][0]
    assert result["check"]["passed"]
    assert [h["text"] for h in result.get("extras", {}).get("holds", [])] == holds


@pytest.mark.parametrize("f, wrt", [
    ("sum(arcsin(A x))", "x"), ("sum(arccos(x) .* y)", "x"), ("sum(tan(X) .* B)", "X"),
    ("sum(X .^ p)", "X"), ("sum(X .^ 3 .* B)", "X"), ("(x .^ 2)^T A (x .^ 2)", "x"),
    ("||X w - y||_1", "w"), ("logdet(X^T X)", "X"), ("sum(arctan(W x))", "W"),
])
def test_the_new_functions_derive_checked(f, wrt):
    shapes = "\nshapes: {p: scalar}" if "p" in f else ""
    result = derive(f"f: {f}\nwrt: {wrt}{shapes}").to_dict()["results"][0]
    assert result["check"]["passed"], result
    assert parse(result["text"], shapes={"p": (1, 1)} if shapes else None) is not None


def test_softmax_of_a_matrix_acts_on_each_row():
    rng = np.random.default_rng(3)
    zv = rng.standard_normal((3, 4))
    by_rows = np.exp(zv) / np.exp(zv).sum(axis=1, keepdims=True)
    assert np.allclose(evaluate(parse("softmax(Z)"), {"Z": zv}, {"m": 3, "n": 4}), by_rows)


def test_attention_read_out_derives_checked_by_hand():
    """``tr(Vᵀ softmax(Q Kᵀ))``: its gradient in Q against central differences of a row-wise softmax."""
    result = derive("f: tr(V^T softmax(Q K^T))\nwrt: Q\nshapes: {Q: m x d, K: n x d, V: m x n}").to_dict()
    text = result["results"][0]["text"]
    assert "differential of softmax, row by row" in [s["rule"] for s in result["results"][0]["steps"]]
    rng = np.random.default_rng(5)
    qv, kv, vv = rng.standard_normal((3, 2)), rng.standard_normal((4, 2)), rng.standard_normal((3, 4))

    def f(q):
        s = np.exp(q @ kv.T)
        return np.trace(vv.T @ (s / s.sum(axis=1, keepdims=True)))

    h = 1e-6
    steps = [np.eye(6)[i].reshape(3, 2) * h for i in range(6)]
    numeric = np.array([(f(qv + e) - f(qv - e)) / (2 * h) for e in steps]).reshape(3, 2)
    exact = evaluate(parse(text, shapes={"Q": ("m", "d"), "K": ("n", "d"), "V": ("m", "n")}),
                     {"Q": qv, "K": kv, "V": vv}, {"m": 3, "n": 4, "d": 2})
    assert np.allclose(exact, numeric, atol=1e-6)
