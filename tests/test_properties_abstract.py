"""Property test: the ``text`` of a result through abstract functions parses back.

The families of ``tests/families.py`` are checked numerically against finite differences
(``oracle.py``, which also parses every result's text back); a result through an abstract
function (``L: scalar``, ``g: elementwise``) has no value to check, but its text, with
``dL/dY`` and ``g'(z)`` in it, must still parse back to the same result.  Both trees are
evaluated with each abstract piece given the same concrete stand-in (``dL/dY`` a random
array, ``g`` a built-in function), so "the same" is numeric, not a comparison of spellings.
The text is parsed with the shapes of the block's names, where-names included (the text of
``∂L/∂W_2`` names ``Y_1`` in ``g'(W_2 Y_1)``, and ``Y_1`` may be a vector, which no default
shape says).

Blocks are layered networks: ``Y_k: act(W_k Y_{k-1} [+ b_k ones^T])``, ``f: L(Y_n)`` or
``L(Y_n, D)``, the gradient taken in a random choice of weights, biases and the input.
"""

from __future__ import annotations

import re

import numpy as np
from hypothesis import HealthCheck, given, settings, strategies as st

from mkdocs_matderiv import derive
from mkdocs_matderiv.check.numeric import evaluate
from mkdocs_matderiv.language import parse
from mkdocs_matderiv.render.text import text
from mkdocs_matderiv.tree import Expr, Func, Grad, Sym, free_symbols

FUNCTIONS = {"L": "scalar", "g": "elementwise", "h": "elementwise"}
STAND_IN = {"g": "sin", "h": "tanh"}
"""The built-in that stands for each abstract element-wise function when evaluating."""


@st.composite
def networks(draw) -> tuple[str, dict[str, tuple[int, int]]]:
    """A block through abstract functions, and its declared shapes."""
    size, batch = draw(st.integers(2, 3)), draw(st.integers(1, 3))
    shapes = {"X": (size, batch)}
    where, previous, names = [], "X", ["X"]
    for k in range(1, draw(st.integers(1, 3)) + 1):
        out = draw(st.integers(2, 3))
        shapes[f"W_{k}"] = (out, size)
        z = f"W_{k} {previous}"
        names.append(f"W_{k}")
        if draw(st.booleans()):
            shapes[f"b_{k}"] = (out, 1)
            z += f" + b_{k} ones^T"
            names.append(f"b_{k}")
        act = draw(st.sampled_from(["g", "h", "sigma", "tanh", ""]))
        where.append(f"  Y_{k}: {act}({z})" if act else f"  Y_{k}: {z}")
        previous, size = f"Y_{k}", out
    f = f"L({previous})"
    if draw(st.booleans()):
        shapes["D"] = (size, batch)
        f = f"L({previous}, D)"
    wrt = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
    block = "\n".join([f"f: {f}", f"wrt: [{', '.join(wrt)}]", "where:", *where, "shapes:",
                       *(f"  {n}: {r} x {c}" if c != 1 else f"  {n}: {r}" for n, (r, c) in shapes.items()),
                       "functions: {L: scalar, g: elementwise, h: elementwise}"])
    return block, shapes


def stand_in(expr: Expr, grads: dict[str, str]) -> Expr:
    """``expr`` with ``dL/dY`` a symbol (one per text of ``Y``) and ``g``, ``h`` built-ins."""
    kids = expr.children
    if kids:
        expr = expr.rebuild(tuple(stand_in(c, grads) for c in kids))
    if isinstance(expr, Grad):
        name = grads.setdefault(f"{expr.of}/{text(expr.wrt)}", f"grad{len(grads)}")
        return Sym(name, expr.shape)
    if isinstance(expr, Func) and expr.name in STAND_IN:
        return Func(STAND_IN[expr.name], expr.arg, expr.order)
    return expr


def value(expr: Expr, grads: dict[str, str], arrays: dict[str, np.ndarray], rng) -> np.ndarray:
    concrete = stand_in(expr, grads)
    for s in free_symbols(concrete):
        arrays.setdefault(s.name, rng.standard_normal(s.shape))
    return evaluate(concrete, arrays)


@settings(max_examples=40, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_the_text_of_a_result_through_abstract_functions_parses_back(network) -> None:
    block, shapes = network
    derivation = derive(block)
    rng = np.random.default_rng(0)
    for result, published in zip(derivation.results, derivation.to_dict()["results"]):
        written = published["text"]
        assert re.search(r"dL/d|[gh]'", written), written
        # the block's shapes, and those the block infers for its where-names (Y_1 in dL/dY_1)
        names = {**{s.name: s.shape for s in free_symbols(result.value)}, **shapes}
        back = parse(written, shapes=names, functions=FUNCTIONS)
        grads: dict[str, str] = {}
        arrays: dict[str, np.ndarray] = {}
        want = value(result.value, grads, arrays, rng)
        got = value(back, grads, arrays, rng)
        assert got.shape == want.shape and np.allclose(got, want), f"{block}\n-> {written}"
