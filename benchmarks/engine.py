"""derive() against SymPy on every acceptance case: ``python benchmarks/engine.py``.

For each case of ``/work/shared/acceptance/seed_cases.yaml`` it prints the median time of
``derive()`` with the numeric check and without it (``defaults={"check": False}``), and of the
baseline: SymPy's bare matrix-expression ``diff`` (``MatrixSymbol``, ``Trace(X*B*X.T).diff(X)``)
on the same expression, built here per case, SymPy's cache cleared before each run so that it
derives every time as ``derive()`` does.  Where SymPy has no such expression (abstract
functions, element-wise sigmoids) the baseline is "—".  Targets: median ratio
derive-without-check / SymPy ≤ 1.0, with check / SymPy ≤ 2.0.

Then the same for the Hessians of ``hessian_cases.yaml`` (``order: 2``) against SymPy's
second derivative, ``expr.diff(x).diff(x)``, where SymPy has one (an answer with an
unevaluated ``Derivative`` in it, or an exception, is none).  Target: median ratio
derive-without-check / SymPy ≤ 1.0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from functools import partial
from pathlib import Path

import sympy as sp
import yaml
from sympy.core.cache import clear_cache

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs_matderiv import derive  # noqa: E402

CASES = Path("/work/shared/acceptance/seed_cases.yaml")
HESSIAN_CASES = Path("/work/shared/acceptance/hessian_cases.yaml")
BASELINE = f"SymPy {sp.__version__} MatrixExpr.diff (matrix calculus, cache cleared per run)"

n, m, p, q = sp.symbols("n m p q", integer=True, positive=True)


def M(name: str, rows=n, cols=n) -> sp.MatrixSymbol:
    return sp.MatrixSymbol(name, rows, cols)


def v(name: str, rows=n) -> sp.MatrixSymbol:
    return sp.MatrixSymbol(name, rows, 1)


def _x1sq():
    x1, x2 = sp.symbols("x_1 x_2")
    f = x1 ** 2 + 3 * x2 ** 4
    return [f.diff(x1), f.diff(x2)]


def _quad(sym: bool = False):
    x, A = v("x"), M("A")
    return [(x.T * A * x).diff(x)]


def _sum_of_entries():
    A = M("A", m, n)
    return [(2 * sp.OneMatrix(1, m) * A * sp.OneMatrix(n, 1)).diff(A)]


def _awb():
    A, W, b = M("A", m, n), M("W", n, p), v("b", p)
    return [(A * W + sp.OneMatrix(m, 1) * b.T).diff(W)]


def _awb_sum():
    A, W, b = M("A", m, n), M("W", n, p), v("b", p)
    Z = A * W + sp.OneMatrix(m, 1) * b.T
    return [(sp.OneMatrix(1, m) * Z * sp.OneMatrix(p, 1)).diff(W)]


def _a_exp_xb():
    a, X, b = v("a", m), M("X", m, n), v("b", n)
    return [(a.T * (X * b).applyfunc(sp.exp)).diff(X)]


def _least_squares():
    X, w, y = M("X", m, n), v("w"), v("y", m)
    r = X * w - y
    return [(r.T * r).diff(w)]


SYMPY = {
    "s000-x1sq-3x2pow4": _x1sq,
    "s000-xTAx": _quad,
    "s000-wTx": lambda: [(v("w").T * v("x")).diff(v("x"))],
    "s000-trXBXt": lambda: [sp.Trace(M("X", m, n) * M("B") * M("X", m, n).T).diff(M("X", m, n))],
    "s000-trAXinv": lambda: [sp.Trace(M("A") * M("X").I).diff(M("X"))],
    "s000-dXinv": lambda: [M("X").I.diff(M("X"))],
    "s000-lndetX": lambda: [sp.log(sp.Determinant(M("X"))).diff(M("X"))],
    "s001-sum-rule": lambda: [(M("A", m, n) * v("x") + M("B", m, n) * v("x")).diff(v("x"))],
    "s001-Ax": lambda: [(M("A", m, n) * v("x")).diff(v("x"))],
    "s001-Ax-denominator": lambda: [(M("A", m, n) * v("x")).diff(v("x"))],
    "s001-Ax-hint": lambda: [(sp.MatrixSymbol("A", 2, 2) * sp.MatrixSymbol("x", 2, 1)).diff(
        sp.MatrixSymbol("x", 2, 1))],
    "s001-xTa": lambda: [(v("x").T * v("a")).diff(v("x"))],
    "s001-a-dot-x": lambda: [(v("a").T * v("x")).diff(v("x"))],
    "s001-xTAx": _quad,
    "s001-xTAx-sym": _quad,
    "s001-detX": lambda: [sp.Determinant(M("X")).diff(M("X"))],
    "s001-lndetX": lambda: [sp.log(sp.Determinant(M("X"))).diff(M("X"))],
    "s001-dinv-dt": lambda: [(M("A") + sp.Symbol("t") * M("B")).I.diff(sp.Symbol("t"))],
    "s001-Xa-jac": lambda: [(M("X", m, n) * v("a")).diff(M("X", m, n))],
    "s001-XA-jac": lambda: [(M("X", m, n) * M("A", n, p)).diff(M("X", m, n))],
    "s002-2sumA": _sum_of_entries,
    "s002-AWplusB-jac": _awb,
    "s002-sumAWB-chain": _awb_sum,
    "s003-aTXb": lambda: [(v("a", m).T * M("X", m, n) * v("b")).diff(M("X", m, n))],
    "s003-aTexpXb": _a_exp_xb,
    "s003-least-squares": _least_squares,
    "s003-hadamard-trace": lambda: [sp.Trace(M("A", m, n).T * sp.HadamardProduct(
        M("B", m, n), M("X", m, n))).diff(M("X", m, n))],
}
"""Case id -> a function building the SymPy expressions and differentiating them.  Cases
absent here (sigmoid networks, abstract functions) have no SymPy counterpart."""


def _twice(f, x):
    return lambda: [f().diff(x).diff(x)]


SYMPY_HESSIAN = {
    "hs-quadratic": _twice(lambda: v("x").T * M("A") * v("x"), v("x")),
    "hs-quadratic-sym": _twice(lambda: v("x").T * M("A") * v("x"), v("x")),
    "hs-least-squares": _twice(lambda: (M("X", m, n) * v("w") - v("y", m)).T * (M("X", m, n) * v("w") - v("y", m)),
                               v("w")),
    "hs-linear": _twice(lambda: v("a").T * v("x"), v("x")),
    "hs-logsumexp": _twice(lambda: sp.log((sp.OneMatrix(1, n) * v("x").applyfunc(sp.exp))[0, 0]), v("x")),
    "hs-logistic-regression": _twice(lambda: sp.OneMatrix(1, m) * (M("X", m, n) * v("w")).applyfunc(
        lambda z: sp.log(1 + sp.exp(z))), v("w")),
    "hs-trace-quadratic-matrix": _twice(lambda: sp.Trace(M("X", m, n).T * M("A", m, m) * M("X", m, n)),
                                        M("X", m, n)),
    "hs-trace-XBXt-row": _twice(lambda: sp.Trace(M("X", m, n) * M("B") * M("X", m, n).T), M("X", m, n)),
    "hs-logdet": _twice(lambda: sp.log(sp.Determinant(M("X"))), M("X")),
    "hs-frobenius": _twice(lambda: sp.Trace(M("X", m, n).T * M("X", m, n)), M("X", m, n)),
    "hs-norm-squared-squared": _twice(lambda: (v("x").T * v("x")) ** 2, v("x")),
    "hs-exp-linear": _twice(lambda: (v("a").T * v("x")).applyfunc(sp.exp), v("x")),
    "hs-norm": _twice(lambda: sp.sqrt((v("x").T * v("x"))[0, 0]), v("x")),
    "hs-scalar": _twice(lambda: sp.log(sp.Symbol("alpha")) * sp.Symbol("alpha"), sp.Symbol("alpha")),
    "hs-where-chain": _twice(lambda: (lambda y: y.T * y)((M("W", m, n) * v("x")).applyfunc(sp.tanh)), v("x")),
}
"""Hessian case id -> SymPy's second derivative of the same expression."""


def _answered(build) -> bool:
    """SymPy has a second derivative: no exception and no unevaluated ``Derivative`` left."""
    try:
        clear_cache()
        return not any(e.has(sp.Derivative) for e in build())
    except Exception:       # SymPy cannot differentiate it
        return False


def median_time(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def sympy_time(build, repeat: int) -> float | None:
    def run():
        clear_cache()
        build()
    try:
        run()
    except Exception:       # SymPy cannot differentiate it
        return None
    return median_time(run, repeat)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--hessian-cases", type=Path, default=HESSIAN_CASES)
    args = parser.parse_args(argv)
    cases = yaml.safe_load(args.cases.read_text())
    derive(cases[0]["block"])   # warm up imports
    print(f"baseline: {BASELINE}")
    print(f"median of {args.repeat} runs, milliseconds")
    head = f"{'case':24s}{'check':>9s}{'no check':>10s}{'SymPy':>9s}{'nocheck/SymPy':>15s}{'check/SymPy':>13s}"
    print(head)
    ratios_plain, ratios_check = [], []
    for case in cases:
        block = case["block"]
        with_check = median_time(partial(derive, block), args.repeat)
        without = median_time(partial(derive, block, defaults={"check": False}), args.repeat)
        build = SYMPY.get(case["id"])
        base = sympy_time(build, args.repeat) if build else None
        if base:
            ratios_plain.append(without / base)
            ratios_check.append(with_check / base)
            tail = f"{base * 1000:9.2f}{without / base:15.2f}{with_check / base:13.2f}"
        else:
            tail = f"{'—':>9s}{'—':>15s}{'—':>13s}"
        print(f"{case['id'][:24]:24s}{with_check * 1000:9.2f}{without * 1000:10.2f}" + tail)
    plain, check = statistics.median(ratios_plain), statistics.median(ratios_check)
    print(f"median ratio derive-without-check / SymPy: {plain:.2f} (target ≤ 1.0) "
          f"over {len(ratios_plain)} cases with a SymPy baseline")
    print(f"median ratio derive-with-check / SymPy:    {check:.2f} (target ≤ 2.0)")
    second = hessians(args.hessian_cases, args.repeat)
    return 0 if plain <= 1.0 and check <= 2.0 and second <= 1.0 else 1


def hessians(path: Path, repeat: int) -> float:
    """The Hessian table; returns the median ratio derive-without-check / SymPy."""
    print("\nHessians (order: 2) against SymPy's second derivative, expr.diff(x).diff(x)")
    print(f"{'case':26s}{'check':>9s}{'no check':>10s}{'SymPy':>9s}{'nocheck/SymPy':>15s}{'check/SymPy':>13s}")
    ratios = []
    for case in yaml.safe_load(path.read_text()):
        block = case["block"]
        with_check = median_time(partial(derive, block), repeat)
        without = median_time(partial(derive, block, defaults={"check": False}), repeat)
        build = SYMPY_HESSIAN.get(case["id"])
        base = sympy_time(build, repeat) if build and _answered(build) else None
        if base:
            ratios.append(without / base)
            tail = f"{base * 1000:9.2f}{without / base:15.2f}{with_check / base:13.2f}"
        else:
            tail = f"{'—':>9s}{'—':>15s}{'—':>13s}"
        print(f"{case['id'][:26]:26s}{with_check * 1000:9.2f}{without * 1000:10.2f}" + tail)
    ratio = statistics.median(ratios)
    print(f"median ratio derive-without-check / SymPy (Hessians): {ratio:.2f} (target ≤ 1.0) "
          f"over {len(ratios)} cases where SymPy has a second derivative")
    return ratio


if __name__ == "__main__":
    sys.exit(main())
