"""The table of functions: every entry is whole, and its derivative is its derivative."""

import numpy as np
import pytest

from mkdocs_matderiv import derive
from mkdocs_matderiv.check.numeric import evaluate
from mkdocs_matderiv.engine.rules import RULES
from mkdocs_matderiv.functions import FUNCTIONS, SPELLINGS, call
from mkdocs_matderiv.language import parse
from mkdocs_matderiv.tree import Func, Sym

ELEMENTWISE = [f for f in FUNCTIONS.values() if f.elementwise]
WHOLE = [f for f in FUNCTIONS.values() if not f.elementwise]


def point(fn, rng, n=4):
    """A point inside the function's domain: a column for element-wise and vector functions."""
    if fn.domain == "invertible":
        return rng.uniform(-1, 1, (n, n)) + n * np.eye(n)
    if fn.domain == "positive":
        return rng.uniform(0.5, 2.0, (n, 1))
    return rng.standard_normal((n, 1))


@pytest.mark.parametrize("fn", FUNCTIONS.values(), ids=lambda f: f.name)
def test_every_entry_names_a_rule(fn):
    assert fn.rule in RULES


@pytest.mark.parametrize("fn", ELEMENTWISE, ids=lambda f: f.name)
def test_the_derivative_of_an_elementwise_entry_matches_central_differences(fn):
    rng = np.random.default_rng(1)
    zv = point(fn, rng)
    z = Sym("z", ("n", 1))
    exact = evaluate(fn.derivative(z), {"z": zv})
    h = 1e-6
    numeric = (evaluate(Func(fn.name, z), {"z": zv + h}) - evaluate(Func(fn.name, z), {"z": zv - h})) / (2 * h)
    assert np.allclose(exact, numeric, atol=1e-6)


@pytest.mark.parametrize("fn", WHOLE, ids=lambda f: f.name)
def test_the_differential_of_a_whole_entry_matches_central_differences(fn):
    rng = np.random.default_rng(2)
    xv, dv = point(fn, rng), rng.standard_normal(point(fn, rng).shape)
    x = Sym("x", ("n", "n") if fn.kind == "matrix" else ("n", 1))
    node = call(fn, x)
    dx = Sym("d", x.shape)
    exact = evaluate(fn.differential(node, dx), {"x": xv, "d": dv})
    h = 1e-6
    numeric = (evaluate(node, {"x": xv + h * dv}) - evaluate(node, {"x": xv - h * dv})) / (2 * h)
    assert np.allclose(exact, numeric, atol=1e-6)


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_every_spelling_parses_as_its_function(spelling):
    fn = SPELLINGS[spelling]
    assert parse(f"{spelling}(x)") == call(fn, Sym("x", ("m", 1)))
    assert parse(f"\\{spelling}(x)") == call(fn, Sym("x", ("m", 1)))


@pytest.mark.parametrize("fn", FUNCTIONS.values(), ids=lambda f: f.name)
def test_every_entry_derives_checked_and_its_text_parses_back(fn):
    f = {"matrix": "ln|X|", "vector": f"{fn.name}(x)" if fn.scalar_valued else f"sum({fn.name}(x))",
         "elementwise": f"sum({fn.name}(x))"}[fn.kind]
    wrt = "X" if fn.kind == "matrix" else "x"
    result = derive(f"f: {f}\nwrt: {wrt}").to_dict()["results"][0]
    assert result["check"]["passed"]
    assert parse(result["text"]) is not None


def test_the_log_determinant_is_one_node_however_it_is_spelled():
    X = Sym("X", ("m", "m"))
    for text in ("ln|X|", "log det(X)", r"\ln\left|X\right|"):
        assert parse(text) == call(FUNCTIONS["logdet"], X)
