"""A worked example written out: the JSON of CONTRACT §4 from the data the extras keep."""

from __future__ import annotations

import numpy as np

from mkdocs_matderiv.derivation import ChainNumbers, Evaluated, Worked
from mkdocs_matderiv.render.worked import worked_dict
from mkdocs_matderiv.tree import Mul, Ones, Sym, T
from worked_blocks import published_extras, seed_block

A = Sym("A", (2, 3))
Z = Sym("Z", (2, 2))
W = Sym("W", (3, 2))
alpha = Sym("alpha")


def test_given_f_and_result_as_latex_beside_numbers():
    worked = Worked(given=[Evaluated(A, np.arange(1.0, 7.0).reshape(2, 3)), Evaluated(alpha, np.array([[2.0]]), True)],
                    f=Evaluated(alpha, np.array([[2.0]]), True),
                    result=Evaluated(T(A), np.arange(1.0, 7.0).reshape(2, 3).T / 3))
    out = worked_dict(worked)
    assert out["given"] == [{"name": "A", "latex": "A", "matrix": [[1, 2, 3], [4, 5, 6]]},
                            {"name": "alpha", "latex": r"\alpha", "matrix": 2}]
    assert out["f"] == {"latex": r"\alpha", "matrix": 2}
    assert out["result"] == {"latex": "A^{T}", "matrix": [[0.333333, 1.33333], [0.666667, 1.66667], [1, 2]]}
    assert "chain" not in out


def test_chain_left_hand_sides_name_the_objective_and_the_order():
    ones = Mul((Ones((2, 1)), T(Ones((2, 1)))))
    chain = ChainNumbers(wrt=W, via=Z, objective="L", vec="row", dfdz=Evaluated(ones, np.ones((2, 2))),
                         jacobian=Evaluated(A, np.eye(4, 6)), row=np.ones((1, 4)),
                         product=np.ones((1, 6)), gradient=np.ones((3, 2)))
    out = worked_dict(Worked(given=[], chain=chain))["chain"]
    assert out["via"] == "Z" and out["vec"] == "row" and out["agrees"] is True
    assert out["dfdZ"]["lhs"] == r"\frac{\partial L}{\partial Z}"
    assert out["jacobian"]["lhs"] == r"\frac{\partial \operatorname{vec}_{r} Z}{\partial \operatorname{vec}_{r} W}"
    assert out["dfdZ"]["latex"] == r"\mathbf{1}\, \mathbf{1}^{T}"      # never reads as 11ᵀ
    assert out["row"] == [[1, 1, 1, 1]] and out["gradient"] == [[1, 1], [1, 1], [1, 1]]


def test_seed_002_chain_as_published():
    chain = published_extras(seed_block("s002-sumAWB-chain"))["worked"]["chain"]
    assert chain["jacobian"]["lhs"] == r"\frac{\partial \operatorname{vec} Z}{\partial \operatorname{vec} W}"
    assert chain["jacobian"]["latex"] == r"I \otimes A"
