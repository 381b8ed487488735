"""derive(block): the Python API of CONTRACT §4."""

import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from mkdocs_matderiv import MatDerivError, derive
from mkdocs_matderiv.engine.chain import inline
from mkdocs_matderiv.language import parse
from mkdocs_matderiv.check.numeric import draw_dims, evaluate, random_inputs, symbol_usage
from mkdocs_matderiv.tree import Identity, Ones, free_symbols

SEED_CASES = Path(__file__).parents[2] / "shared" / "acceptance" / "seed_cases.yaml"


def test_the_contract_example():
    out = derive("f: tr(X B X^T)\nwrt: X\n").to_dict()
    assert json.loads(json.dumps(out)) == out
    (result,) = out["results"]
    assert result["wrt"] == "X"
    assert result["kind"] == "gradient"
    assert result["latex"] == r"X \left(B + B^{T}\right)"
    assert result["text"] == "X (B + B^T)"
    assert result["check"]["passed"] is True
    assert result["check"]["max_rel_error"] < 1e-6
    assert {s["rule"] for s in result["steps"]} >= {"trace trick (4): cyclic property of the trace"}
    assert "def gradient(B, X):" in result["numpy"] or "def gradient(X, B):" in result["numpy"]


def test_a_dict_block_works_too():
    out = derive({"f": "a^T X b", "wrt": "X"}).to_dict()
    assert out["results"][0]["text"] == "a b^T"


def test_bad_input_is_a_value_error_with_a_location():
    with pytest.raises(ValueError) as info:
        derive("f: tr(X B\nwrt: X\n")
    err = info.value
    assert isinstance(err, MatDerivError)
    assert (err.line, err.key, err.column) == (1, "f", 7)
    assert str(err) == "line 1: f, column 7: expected ')' to close 'tr(' opened at column 1"


def test_check_false_publishes_no_check():
    out = derive("f: x^T x\nwrt: x\ncheck: false\n").to_dict()
    assert out["results"][0]["check"] is None


def test_results_parse_back_to_the_same_value():
    """`text` is in the language of CONTRACT §2: it parses back to an equal expression."""
    cases = yaml.safe_load(SEED_CASES.read_text()) if SEED_CASES.exists() else []
    rng = np.random.default_rng(0)
    checked = 0
    for case in cases:
        d = derive(case["block"])
        f = inline(d.problem.f, d.problem.where)
        shapes = {s.name: s.shape for s in free_symbols(f)}
        for result, published in zip(d.results, d.to_dict()["results"]):
            if result.check is None:
                continue            # abstract functions: their gradients have no spelling in the language
            again = parse(published["text"], shapes=shapes)
            dims = draw_dims(free_symbols(f), d.problem.values, rng)
            arrays = random_inputs(free_symbols(f), dims, d.problem.assume, rng, symbol_usage(f))
            want = evaluate(result.value, arrays, dims)
            if any(isinstance(n, (Identity, Ones)) for n in again.walk()):
                continue            # `A ⊗ I`, `1 1^T`: a size the text does not fix
            assert np.allclose(evaluate(again, arrays), want), case["id"]
            checked += 1
    assert checked >= 25 or not cases
