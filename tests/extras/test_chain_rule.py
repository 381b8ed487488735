"""The chain rule worked in numbers through one ``where`` name (seed 002)."""

from __future__ import annotations

import pytest

from mkdocs_matderiv import MatDerivError
from mkdocs_matderiv.block import read_block
from mkdocs_matderiv.engine.solve import solve
from mkdocs_matderiv.extras.values import worked_example
from mkdocs_matderiv.tree import mul, num
from worked_blocks import SEED_002_JACOBIAN, published_extras, seed_block


def test_seed_002_chain_rule_column_order():
    worked = published_extras(seed_block("s002-sumAWB-chain"))["worked"]
    assert worked["f"]["matrix"] == 501            # sum(A W) + 2 (13 + 14)
    assert worked["result"]["matrix"] == [[5, 5], [7, 7], [9, 9]]
    chain = worked["chain"]
    assert chain["via"] == "Z" and chain["vec"] == "column"
    assert chain["dfdZ"]["matrix"] == [[1, 1], [1, 1]]
    assert chain["dfdZ"]["lhs"] == r"\frac{\partial f}{\partial Z}"
    assert chain["row"] == [[1, 1, 1, 1]]
    assert chain["product"] == [[5, 7, 9, 5, 7, 9]]     # vec (column-major) of the gradient
    assert chain["gradient"] == [[5, 5], [7, 7], [9, 9]]
    assert chain["agrees"] is True


def test_seed_002_chain_rule_row_major_as_the_seed_writes_it():
    block = seed_block("s002-sumAWB-chain") + "vec: row\n"
    chain = published_extras(block)["worked"]["chain"]
    assert chain["row"] == [[1, 1, 1, 1]]
    assert chain["jacobian"]["matrix"] == SEED_002_JACOBIAN
    assert chain["product"] == [[5, 5, 7, 7, 9, 9]]     # [1 1 1 1] · J
    assert chain["gradient"] == [[5, 5], [7, 7], [9, 9]]
    assert "vec}_{r} Z" in chain["jacobian"]["lhs"]


def test_chain_rule_through_a_nonlinear_definition():
    block = ("f: ||Z||^2\nwhere:\n  Z: sigma(A W)\nwrt: W\nvalues:\n"
             "  A: [[1, 0.5], [0.25, 2]]\n  W: [[0.1, 0.2], [0.3, -0.4]]\n")
    worked = published_extras(block)["worked"]
    assert worked["chain"]["gradient"] == worked["result"]["matrix"]
    assert worked["chain"]["agrees"] is True


def test_a_disagreeing_chain_is_never_published():
    p = read_block(seed_block("s002-sumAWB-chain"))
    r = solve(p)[0]
    r.value = mul(num(2), r.value)          # a wrong "general result"
    with pytest.raises(MatDerivError, match="the engine failed on this input: the worked example"):
        worked_example(p, r)


