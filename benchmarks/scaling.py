"""How ``derive()`` grows with the size of the expression: ``python benchmarks/scaling.py``.

Four families of blocks of size k = 1, 2, 4, ..., 32, each timed (median of ``--repeat`` runs,
numeric check included), with the growth exponent fitted by least squares on log-log axes
(time ~ k^p).  Target: p ≤ 2 and k = 32 within 2 s for every family.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs_matderiv import MatDerivError, derive  # noqa: E402

SIZES = (1, 2, 4, 8, 16, 32)
TARGET_SECONDS = 2.0
TARGET_EXPONENT = 2.0
_FUNCS = ("exp", "sin", "tanh", "cos")


def trace_chain(k: int) -> str:
    """tr(A₁ X A₂ X … A_k X), with respect to X."""
    return f"f: tr({' '.join(f'A_{{{i}}} X' for i in range(1, k + 1))})\nwrt: X\n"


def quadratic_forms(k: int) -> str:
    """x^T A₁ x + … + x^T A_k x, with respect to x."""
    return f"f: {' + '.join(f'x^T A_{{{i}}} x' for i in range(1, k + 1))}\nwrt: x\n"


def nested_functions(k: int) -> str:
    """sum(f_k(… f_1(x))), f_i cycling through exp, sin, tanh, cos; with respect to x."""
    inner = "x"
    for i in range(k):
        inner = f"{_FUNCS[i % len(_FUNCS)]}({inner})"
    return f"f: sum({inner})\nwrt: x\n"


def where_chain(k: int) -> str:
    """Y₁ = tanh(W x), Y_i = tanh(Y_{i-1}), f = sum(Y_k); with respect to W."""
    lines = ["  Y_{1}: tanh(W x)"] + [f"  Y_{{{i}}}: tanh(Y_{{{i - 1}}})" for i in range(2, k + 1)]
    return f"f: sum(Y_{{{k}}})\nwrt: W\nwhere:\n" + "\n".join(lines) + "\n"


FAMILIES = {"tr(A1 X ... Ak X)": trace_chain, "sum of k quadratic forms": quadratic_forms,
            "k nested element-wise functions": nested_functions, "where chain of depth k": where_chain}


def time_block(block: str, repeat: int, timeout: float) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        derive(block, timeout=timeout)
        times.append(time.perf_counter() - start)
        if times[-1] > 1.0:   # slow sizes: one run is enough
            break
    return statistics.median(times)


def growth_exponent(sizes: list[int], times: list[float]) -> float:
    """The slope of log(time) against log(k), by least squares."""
    xs, ys = [math.log(k) for k in sizes], [math.log(t) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    derive(trace_chain(1))  # warm up imports and caches
    ok = True
    print(f"derive() time in ms (median of {args.repeat}, numeric check included)")
    print(f"{'family':34s}" + "".join(f"{'k=' + str(k):>10s}" for k in SIZES) + f"{'exponent':>10s}  target")
    for name, family in FAMILIES.items():
        sizes, times, cells = [], [], []
        for k in SIZES:
            try:
                t = time_block(family(k), args.repeat, args.timeout)
            except MatDerivError as err:
                cells.append(f"{'error':>10s}")
                print(f"  {name}, k={k}: {err}", file=sys.stderr)
                break
            sizes.append(k)
            times.append(t)
            cells.append(f"{t * 1000:10.1f}")
        cells += [f"{'—':>10s}"] * (len(SIZES) - len(cells))
        p = growth_exponent(sizes, times) if len(sizes) > 2 else float("nan")
        met = len(sizes) == len(SIZES) and times[-1] <= TARGET_SECONDS and p <= TARGET_EXPONENT
        ok &= met
        print(f"{name:34s}" + "".join(cells) + f"{p:10.2f}  {'met' if met else 'MISSED'}")
    print(f"target: k = 32 within {TARGET_SECONDS:g} s and exponent ≤ {TARGET_EXPONENT:g}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
