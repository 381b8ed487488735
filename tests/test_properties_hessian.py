"""Property test of Hessians (``order: 2``) against second finite differences of an
independent NumPy reference (``hessian_strategies.py``): the published ``hessian()`` source
is run, rows and columns in the block's ``vec`` order.  ``derive()`` refusing a generated
(well-shaped, twice differentiable) block is a failure.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given

sys.path.insert(0, str(Path(__file__).parent))

from hessian_strategies import finite_hessian, hessian_cases
from oracle import points
from strategies import Case, kwargs_for
from test_properties import _settings

from mkdocs_matderiv import MatDerivError, derive

TOL = 1e-4


def check_hessian(case: Case) -> None:
    try:
        (result,) = derive(case.block).to_dict()["results"]
    except MatDerivError as exc:
        pytest.fail(f"derive() refused a well-shaped block:\n{case.block}\n-> {exc}", pytrace=False)
    assert result["kind"] == "hessian", case.block
    namespace: dict = {}
    exec(compile(result["numpy"], "<numpy>", "exec"), namespace)  # noqa: S102 - the published code
    order = "F" if case.vec == "column" else "C"
    pts = list(points(case))
    assume(pts)
    with np.errstate(all="ignore"):
        for env, _ in pts:
            got = np.asarray(namespace["hessian"](**kwargs_for(case.leaves, env)), dtype=float)
            want = finite_hessian(case.ref, env, result["wrt"], order)
            assert got.shape == want.shape, \
                f"Hessian of shape {got.shape}, expected {want.shape}\n{case.block}\n{result['numpy']}"
            err = float(np.linalg.norm(got - want) / max(1.0, np.linalg.norm(want)))
            assert err < TOL, (f"\n{case.block}\nrelative error {err:.2e}\nexpected:\n{want}\ngot:\n{got}\n"
                               f"engine result: {result['text']}\n{result['numpy']}")


@_settings(100)
@given(hessian_cases())
def test_hessian_matches_second_finite_differences(case: Case) -> None:
    check_hessian(case)
