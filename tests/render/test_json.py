"""The JSON object of a derivation (CONTRACT §4)."""

import json
from types import SimpleNamespace

from mkdocs_matderiv.derivation import Check, Derivation, Result, Step
from mkdocs_matderiv.render.json import derivation_dict
from mkdocs_matderiv.tree import Add, Diff, Mul, Sym, T, Tr

X = Sym("X", ("m", "n"))
B = Sym("B", ("n", "n"))
f = Tr(Mul((X, B, T(X))))
df = Diff(Sym("f"))
STEPS = [
    Step(df, Diff(f)),
    Step(None, Tr(Add((Mul((Diff(X), B, T(X))), Mul((X, B, T(Diff(X))))))), "d.product"),
    Step(None, Tr(Mul((Add((B, T(B))), T(X), Diff(X)))), "tr.cyclic"),
]
NUMPY = "import numpy as np\n\ndef gradient(B, X):\n    return X @ (B + B.T)\n"


def derivation(**result_fields):
    fields = dict(wrt=X, kind="gradient", value=Mul((X, Add((B, T(B))))), steps=STEPS,
                  check=Check(True, 1e-10, 2), numpy=NUMPY)
    fields.update(result_fields)
    return Derivation(SimpleNamespace(f=f, title="Example 1"), [Result(**fields)])


def test_the_object_of_the_contract():
    out = derivation_dict(derivation())
    assert out["f"] == r"\operatorname{tr}\left(X B X^{T}\right)"
    assert out["title"] == "Example 1"
    (r,) = out["results"]
    assert r["wrt"] == "X" and r["kind"] == "gradient"
    assert r["latex"] == r"X \left(B + B^{T}\right)"
    assert r["text"] == "X (B + B^T)"
    assert r["numpy"] == NUMPY
    assert r["check"] == {"passed": True, "max_rel_error": 1e-10}
    assert "extras" not in r


def test_every_step_is_a_full_equation_with_a_rule_in_words():
    steps = derivation_dict(derivation())["results"][0]["steps"]
    assert steps[0] == {"latex": r"d f = d\left(\operatorname{tr}\left(X B X^{T}\right)\right)",
                        "rule": "statement of the problem"}
    assert steps[1]["latex"].startswith("d f = ")
    assert steps[1]["rule"] == "rule (2): product rule"
    assert steps[2] == {"latex": r"d f = \operatorname{tr}\left(\left(B + B^{T}\right) X^{T} d X\right)",
                        "rule": "trace trick (4): cyclic property of the trace"}


def test_no_check_is_null():
    assert derivation_dict(derivation(check=None))["results"][0]["check"] is None


def test_extras_are_passed_through():
    extras = {"values": {"latex": "2"}}
    assert derivation_dict(derivation(extras=extras))["results"][0]["extras"] == extras


def test_the_object_is_json():
    out = derivation_dict(derivation(check=Check(False, float("inf"), 2)))
    assert json.loads(json.dumps(out, allow_nan=False)) == out
    assert out["results"][0]["check"] == {"passed": False, "max_rel_error": None}
