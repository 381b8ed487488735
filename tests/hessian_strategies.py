"""Hypothesis strategies for Hessians (``order: 2``): the generator of ``strategies.py``, its
scalar functions of a vector, matrix or scalar variable (sizes sometimes as letters) (quadratic forms, traces, norms,
log-determinants, element-wise functions, quotients and powers) and its ``where`` chains,
with ``order: 2`` and either ``vec`` order; and the second central differences of the
independent NumPy reference that the published ``hessian()`` is compared with.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from strategies import Case, Fn, Gen, _variable, block_text, symbolic_sizes


@st.composite
def hessian_cases(draw) -> Case:
    g = Gen(draw)
    symbolic_sizes(g)
    where = ()
    if g.coin(25):
        f, where, wrts = g.where_chain()
        g.var_names.extend(wrts)
        primary = g.pick(wrts[:2])
    else:
        var, props = _variable(g, g.pick(["X_mn", "X_sq", "X_sq", "x", "x", "t"]))
        f = g.combination(var, props)
        primary = var.name
    vec = g.pick(["column", "row"])
    extra = {"order": 2}
    if vec == "row" or g.coin(30):
        extra["vec"] = vec
    text = block_text(g, f, [primary], where, extra)
    return Case(text, f.fn, dict(g.leaves), [primary], "hessian", vec,
                seed=g.int(0, 2 ** 32 - 1), sizes=g.symbolic)


def finite_hessian(ref: Fn, env: dict, wrt: str, order: str = "F", step: float = 1e-4) -> np.ndarray:
    """``∂²f/∂v∂vᵀ`` for ``v = vec(wrt)`` (``order`` F: column, C: row) by second central differences."""
    x0 = env[wrt]
    flat = x0.reshape(-1, order=order)
    n = flat.size
    h = step * np.maximum(1.0, np.abs(flat))

    def at(dx):
        x = (flat + dx).reshape(x0.shape, order=order)
        return float(np.asarray(ref({**env, wrt: x}), dtype=float).reshape(()))

    out = np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            ei, ej = np.zeros(n), np.zeros(n)
            ei[i], ej[j] = h[i], h[j]
            out[i, j] = out[j, i] = (at(ei + ej) - at(ei - ej) - at(ej - ei) + at(-ei - ej)) / (4 * h[i] * h[j])
    return out
