"""``adj(X)``, the adjugate (seed 003's X*): in the language, and rule (6) in its form
``d|X| = tr(adj(X) dX)``, stated as a claim the derivation ends in."""

import numpy as np

from mkdocs_matderiv import derive
from mkdocs_matderiv.engine.rules import RULES


def test_seed_003_rule_6_the_gradient_of_the_determinant_is_the_transposed_adjugate():
    (r,) = derive("f: |X|\nwrt: X\nclaim: adj(X)^T").to_dict()["results"]
    assert r["steps"][-1] == {"latex": r"\frac{\partial f}{\partial X} = \operatorname{adj}\left(X\right)^{T}",
                              "rule": "which is the claimed result"}
    assert r["check"]["passed"]
    namespace: dict = {}
    exec(r["numpy"], namespace)                                     # the published code runs as is
    x = np.array([[2.0, 1.0], [0.5, 3.0]])
    assert np.allclose(namespace["gradient"](X=x), [[3.0, -0.5], [-1.0, 2.0]])
    assert r"\operatorname{adj}(X)" in RULES["d.det"].formula


def test_a_function_of_the_adjugate_is_differentiated_through_adj_equal_det_times_inverse():
    (r,) = derive("f: tr(adj(X) A)\nwrt: X").to_dict()["results"]
    assert any(s["rule"] == "differential of the adjugate, adj(X) = |X| X⁻¹" for s in r["steps"])
    assert r["check"]["passed"]
    (j,) = derive("f: adj(X)\nwrt: X").to_dict()["results"]
    assert j["check"]["passed"]
