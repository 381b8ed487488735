"""Worked numeric examples (``values:``): the given numbers, f and the result evaluated."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mkdocs_matderiv.api import derive
from mkdocs_matderiv.block import read_block
from mkdocs_matderiv.check.numeric import NotNumeric
from mkdocs_matderiv.derivation import Worked
from mkdocs_matderiv.engine.solve import solve
from mkdocs_matderiv.extras.values import worked_example
from worked_blocks import SEED_002_JACOBIAN, published_extras, seed_block


def test_seed_002_two_sum_a():
    extras = published_extras(seed_block("s002-2sumA"))
    worked = extras["worked"]
    assert worked["given"] == [{"name": "A", "latex": "A", "matrix": [[1, 2, 3], [4, 5, 6]]}]
    assert worked["f"]["matrix"] == 42
    assert isinstance(worked["f"]["matrix"], int)
    assert worked["result"]["matrix"] == [[2, 2, 2], [2, 2, 2]]
    assert "chain" not in worked
    assert "expansion" not in extras


def test_seed_002_jacobian_row_major():
    worked = published_extras(seed_block("s002-AWplusB-jac"))["worked"]
    assert [g["name"] for g in worked["given"]] == ["A", "b"]
    assert worked["given"][1]["matrix"] == [[13], [14]]
    assert "f" not in worked                       # W has no value
    assert worked["result"]["matrix"] == SEED_002_JACOBIAN


def test_scalar_values_and_several_wrt():
    d = derive("f: alpha x^T x\nwrt: [x, alpha]\nvalues:\n  alpha: 2\n  x: [1, 2]\n")
    wx, wa = (r["extras"]["worked"] for r in d.to_dict()["results"])
    assert wx["given"][0] == {"name": "alpha", "latex": r"\alpha", "matrix": 2}
    assert wx["f"]["matrix"] == 10
    assert wx["result"]["matrix"] == [[4], [8]]
    assert wa["result"]["matrix"] == 5


def test_the_worked_example_is_kept_as_data():
    p = read_block(seed_block("s002-sumAWB-chain"))
    r = solve(p)[0]
    worked = worked_example(p, r)
    assert isinstance(worked, Worked)
    assert [g.expr.name for g in worked.given] == ["A", "W", "b"]
    assert worked.given[2].value.shape == (2, 1)              # b as the column it is
    assert worked.f.expr == p.f and float(worked.f.value.reshape(-1)[0]) == 501.0
    assert worked.result.value.tolist() == [[5.0, 5.0], [7.0, 7.0], [9.0, 9.0]]
    assert worked.chain.via.name == "Z" and worked.chain.gradient.shape == (3, 2)


def test_a_non_finite_given_value_leaves_the_example_out():
    p = read_block("f: tr(A X)\nwrt: X\nvalues:\n  A: [[1, 2], [3, 4]]\n")
    r = solve(p)[0]
    p.values["A"] = p.values["A"] * float("inf")
    with pytest.raises(NotNumeric):
        worked_example(p, r)


def test_worked_numbers_without_expand_do_not_load_sympy():
    code = ("import sys; from mkdocs_matderiv.api import derive; "
            "d = derive('f: 2 sum(A)\\nwrt: A\\nvalues:\\n  A: [[1, 2], [3, 4]]\\n'); "
            "d.to_dict(); print('sympy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_no_values_no_worked_example():
    r = derive("f: x^T A x\nwrt: x\n").results[0]
    assert "worked" not in r.extras and "expansion" not in r.extras


def test_extras_are_json():
    d = derive(seed_block("s002-sumAWB-chain"))
    text = json.dumps(d.to_dict())
    assert '"worked"' in text
    d = derive(seed_block("s000-xTAx"))
    assert '"expansion"' in json.dumps(d.to_dict())


def test_large_values_keep_worked_numbers_small():
    rows = [[float(i + j) for j in range(3)] for i in range(3)]
    block = {"f": "tr(A X)", "wrt": "X", "values": {"A": rows, "X": rows}}
    worked = published_extras(block)["worked"]
    assert worked["result"]["matrix"] == [[0, 1, 2], [1, 2, 3], [2, 3, 4]]   # Aᵀ


def test_a_jacobian_too_large_to_show_is_left_out():
    big = [[1.0] * 8 for _ in range(8)]
    block = {"f": "A W", "wrt": "W", "values": {"A": big, "W": big}}
    worked = published_extras(block)["worked"]      # the Jacobian is 64 x 64 = 4096 entries
    assert "result" not in worked and worked["f"]["matrix"][0][0] == 8
