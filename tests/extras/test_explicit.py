"""``explicit.to_sympy``: trees written out as explicit SymPy matrices, entry by entry."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from mkdocs_matderiv.block import read_block
from mkdocs_matderiv.extras.explicit import (
    NotExplicit,
    entry_name,
    symbol_matrix,
    to_sympy,
    vectorize,
)
from mkdocs_matderiv.check.numeric import evaluate
from mkdocs_matderiv.tree import Sym, free_symbols


def real(*names):
    return sp.symbols(names, real=True)


# ---------------------------------------------------------------- entry symbols

def test_entry_names_read_as_in_the_seeds():
    assert entry_name("A", (2, 2), 0, 1) == "a_{12}"
    assert entry_name("x", (3, 1), 2, 0) == "x_{3}"
    assert entry_name("W_1", (2, 2), 1, 0) == "w_{1,21}"
    assert entry_name("W1", (2, 2), 1, 0) == "w_{1,21}"
    assert entry_name("alpha", (1, 1), 0, 0) == "alpha"
    assert entry_name("Theta", (2, 2), 0, 0) == r"\Theta_{11}"


def test_entry_letters_stay_distinct_when_lower_case_is_taken():
    # a matrix A and a vector a: A keeps its capital letter
    assert entry_name("A", (2, 2), 0, 0, frozenset({"A", "a"})) == "A_{11}"
    assert entry_name("a", (2, 1), 0, 0, frozenset({"A", "a"})) == "a_{1}"


def test_symbol_matrix_and_symmetric_entries():
    a11, a12, a21, a22 = real("a_{11}", "a_{12}", "a_{21}", "a_{22}")
    A = Sym("A", ("n", "n"))
    assert symbol_matrix(A, {"n": 2}) == sp.Matrix([[a11, a12], [a21, a22]])
    assert symbol_matrix(A, {"n": 2}, symmetric=frozenset({"A"})) == sp.Matrix([[a11, a12], [a12, a22]])
    alpha = real("alpha")[0]
    assert symbol_matrix(Sym("alpha"), {}) == sp.Matrix([[alpha]])


def test_vectorize_orders():
    m = sp.Matrix([[1, 2, 3], [4, 5, 6]])
    assert vectorize(m, "column") == [1, 4, 2, 5, 3, 6]
    assert vectorize(m, "row") == [1, 2, 3, 4, 5, 6]


# ---------------------------------------------------------------- seed examples

def test_quadratic_form_at_2x2():
    p = read_block("f: x^T A x\nwrt: x\n")
    a11, a12, a21, a22, x1, x2 = real("a_{11}", "a_{12}", "a_{21}", "a_{22}", "x_{1}", "x_{2}")
    value = to_sympy(p.f, {"m": 2, "n": 2})
    assert value.shape == (1, 1)
    assert sp.expand(value[0, 0] - (a11 * x1**2 + (a12 + a21) * x1 * x2 + a22 * x2**2)) == 0


def test_matrix_vector_product_at_2x2():
    p = read_block("f: A x\nwrt: x\nshapes:\n  A: 2 x 2\n  x: '2'\n")
    a11, a12, a21, a22, x1, x2 = real("a_{11}", "a_{12}", "a_{21}", "a_{22}", "x_{1}", "x_{2}")
    assert to_sympy(p.f, {}) == sp.Matrix([[a11 * x1 + a12 * x2], [a21 * x1 + a22 * x2]])


def test_broadcast_ones_and_scalar_addition():
    p = read_block("f: A W + \\mathbf{1} b^T\nwrt: W\nshapes:\n  A: 2 x 3\n  W: 3 x 2\n")
    value = to_sympy(p.f, {})
    b1 = real("b_{1}")[0]
    assert value.shape == (2, 2)
    assert sp.expand(value[1, 0] - sum(sp.Symbol(f"a_{{2{k}}}", real=True) * sp.Symbol(f"w_{{{k}1}}", real=True)
                                      for k in (1, 2, 3)) - b1) == 0
    p = read_block("f: sum(ln(1 + exp(x)))\nwrt: x\n")
    x1, x2 = real("x_{1}", "x_{2}")
    assert to_sympy(p.f, {"n": 2, "m": 2})[0, 0] == sp.log(1 + sp.exp(x1)) + sp.log(1 + sp.exp(x2))


# ---------------------------------------------------------------- against numeric.evaluate

EXPRESSIONS = [
    "f: tr(X B X^T)\nwrt: X",
    "f: tr(A X^{-1})\nwrt: X",
    "f: X^{-1}\nwrt: X",
    "f: ln|X|\nwrt: X",
    "f: |X|\nwrt: X",
    "f: X^2 - 3 X^{-2}\nwrt: X",
    "f: ||X w - y||^2\nwrt: w",
    "f: norm(X)\nwrt: X",
    "f: sigma(W x + b)\nwrt: W",
    "f: tanh(A) ⊙ sin(B) + cos(A) ./ (2 + exp(B))\nwrt: A",
    "f: sqrt(1 + x ⊙ x) / (x^T x)\nwrt: x",
    "f: (x^T x)^{1/2}\nwrt: x",
    "f: diag(x) A diag(A)\nwrt: x\nshapes:\n  A: n x n",
    "f: vec(X) ⊗ vec(Y^T)\nwrt: X",
    "f: A ⊗ B\nwrt: A",
    "f: softmax(x)\nwrt: x",
    "f: logsumexp(x) + sum(A)\nwrt: x",
    "f: alpha x - I x + 0.5 x\nwrt: x",
]


def _random_arrays(expr, sizes, rng):
    arrays = {}
    for s in free_symbols(expr):
        r = sizes.get(s.shape[0], s.shape[0])
        c = sizes.get(s.shape[1], s.shape[1])
        a = rng.uniform(0.5, 1.5, (r, c))
        if r == c and r > 1:
            a += r * np.eye(r)          # invertible, positive determinant
        arrays[s.name] = a
    return arrays


@pytest.mark.parametrize("block", EXPRESSIONS)
def test_to_sympy_agrees_with_numpy(block):
    p = read_block(block)
    rng = np.random.default_rng(1)
    dims = {d for s in free_symbols(p.f) for d in s.shape if isinstance(d, str)}
    sizes = {d: 2 + i % 2 for i, d in enumerate(sorted(dims))}
    arrays = _random_arrays(p.f, sizes, rng)
    expected = evaluate(p.f, arrays, sizes)
    explicit = to_sympy(p.f, sizes)
    taken = frozenset(s.name for s in free_symbols(p.f))
    point = {}
    for s in free_symbols(p.f):
        entries = symbol_matrix(s, sizes, taken)
        for sym, v in zip(entries, arrays[s.name].reshape(-1)):
            point[sym] = sp.Float(float(v))
    got = np.array(explicit.xreplace(point).evalf(), dtype=float)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)


def test_commutation_and_vec_row():
    from mkdocs_matderiv.tree import Commutation, T, Vec, VecRow
    from mkdocs_matderiv.tree import Sym as S

    X = S("X", (2, 3))
    K = to_sympy(Commutation(2, 3), {})
    assert K * to_sympy(Vec(X), {}) == to_sympy(Vec(T(X)), {})
    assert to_sympy(VecRow(X), {}) == to_sympy(Vec(T(X)), {})


# ---------------------------------------------------------------- what cannot be written out

def test_abstract_functions_raise_not_explicit():
    p = read_block("f: L(A x)\nwrt: x\nfunctions:\n  L: scalar\n")
    with pytest.raises(NotExplicit):
        to_sympy(p.f, {"m": 2, "n": 2})
    p = read_block("f: sum(g(A x))\nwrt: x\nfunctions:\n  g: elementwise\n")
    with pytest.raises(NotExplicit):
        to_sympy(p.f, {"m": 2, "n": 2})


def test_missing_size_raises_not_explicit():
    p = read_block("f: x^T A x\nwrt: x\n")
    with pytest.raises(NotExplicit):
        to_sympy(p.f, {})


def test_no_text_is_parsed_into_sympy():
    root = Path(__file__).resolve().parents[2] / "mkdocs_matderiv"
    for path in [*sorted((root / "extras").glob("*.py")), root / "render" / "expansion.py"]:
        source, name = path.read_text(encoding="utf-8"), path.name
        for banned in ("sympify(", "parse_expr(", "S(", "eval(", "exec(", "lambdify("):
            assert banned not in source, (name, banned)
