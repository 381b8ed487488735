"""Property test of Hessians (``order: 2``) against second finite differences of an
independent NumPy reference (``hessian_strategies.py``): the published ``hessian()`` source
is run, rows and columns in the block's ``vec`` order.  ``derive()`` refusing a generated
(well-shaped, twice differentiable) block is a failure.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from hypothesis import given

sys.path.insert(0, str(Path(__file__).parent))

from hessian_strategies import finite_hessian, hessian_cases
from strategies import Case, kwargs_for
from test_properties import _derive, _points, _published, _rel, _settings

TOL = 1e-4


def check_hessian(case: Case) -> None:
    with np.errstate(all="ignore"):
        out = _derive(case)
        (result,) = out["results"]
        fn = _published(result, "hessian", case.block)
        order = "F" if case.vec == "column" else "C"
        for env, _ in _points(case):
            got = np.asarray(fn(**kwargs_for(case.leaves, env)), dtype=float)
            want = finite_hessian(case.ref, env, result["wrt"], order)
            assert got.shape == want.shape, \
                f"Hessian of shape {got.shape}, expected {want.shape}\n{case.block}\n{result['numpy']}"
            err = _rel(got, want)
            assert err < TOL, (f"\n{case.block}\nrelative error {err:.2e}\nexpected:\n{want}\ngot:\n{got}\n"
                               f"engine result: {result['text']}\n{result['numpy']}")


@_settings(100)
@given(hessian_cases())
def test_hessian_matches_second_finite_differences(case: Case) -> None:
    check_hessian(case)
