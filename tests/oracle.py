"""Judging one generated case: derive it, run the published NumPy source, compare it with central
differences of the case's own reference, and parse the result's ``text`` back.

Shared by ``tests/test_properties.py`` (a failure fails the test) and ``benchmarks/coverage.py``
(outcomes are counted by kind).  The engine is never compared with itself: the reference is
built from the same random choices as the block text, never from the engine's tree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from strategies import Case, draw_env, finite_jacobian, kwargs_for

from mkdocs_matderiv import MatDerivError, derive
from mkdocs_matderiv.check.numeric import NotNumeric, evaluate
from mkdocs_matderiv.language import parse

TOL = 1e-4
POINTS = 2


@dataclass
class Outcome:
    """``ok``, ``refused`` (a MatDerivError), ``crash`` (another exception in derive),
    ``code fails`` (the published source raises or returns the wrong shape), ``wrong``
    (it disagrees with the reference), ``text`` (the result's text does not parse back to
    the same value), or ``skipped`` (the reference is nowhere finite)."""

    kind: str
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.kind in ("ok", "skipped")


def _rel(got: np.ndarray, want: np.ndarray) -> float:
    return float(np.linalg.norm(got - want) / max(1.0, np.linalg.norm(want)))


def points(case: Case):
    """Input points (and the reference value there) where the reference is finite."""
    rng = np.random.default_rng(case.seed)
    found = 0
    for _ in range(10 * POINTS):
        env = draw_env(case.leaves, rng)
        with np.errstate(all="ignore"):
            value = np.asarray(case.ref(env), dtype=float)
        if np.all(np.isfinite(value)) and np.max(np.abs(value), initial=0) < 1e6:
            found += 1
            yield env, value
            if found == POINTS:
                return


def judge(case: Case) -> Outcome:
    """The outcome of one case (never raises)."""
    try:
        out = derive(case.block).to_dict()
    except MatDerivError as exc:
        return Outcome("refused", str(exc))
    except Exception as exc:  # noqa: BLE001 - any other exception is the finding
        return Outcome("crash", f"{type(exc).__name__}: {exc}")
    if [r["wrt"] for r in out["results"]] != case.wrt:
        return Outcome("wrong", f"results for {[r['wrt'] for r in out['results']]}, asked {case.wrt}")
    pts = list(points(case))
    if not pts:
        return Outcome("skipped")
    note = Outcome("ok")
    with np.errstate(all="ignore"):
        for result in out["results"]:
            found = _judge_result(case, result, pts)
            if found is not None and not found.ok:
                return found
            note = found or note
    return note


def _judge_result(case: Case, result: dict, pts) -> Outcome | None:
    if result["kind"] != case.kind:
        return Outcome("wrong", f"kind {result['kind']!r}, expected {case.kind!r}")
    namespace: dict = {}
    try:
        exec(compile(result["numpy"], "<numpy>", "exec"), namespace)  # noqa: S102 - the published code
        fn = namespace[case.kind]
    except Exception as exc:  # noqa: BLE001
        return Outcome("code fails", f"the source does not define {case.kind}(): {exc}")
    order = "F" if case.kind != "jacobian" or case.vec == "column" else "C"
    wrt = result["wrt"]
    note = None
    for env, value in pts:
        try:
            got = np.asarray(fn(**kwargs_for(case.leaves, env)), dtype=float)
        except Exception as exc:  # noqa: BLE001
            return Outcome("code fails", f"{type(exc).__name__}: {exc}")
        jac = finite_jacobian(case.ref, env, wrt, order)
        shape = case.leaves[wrt].shape
        if case.kind == "gradient":
            want = jac[0].reshape(shape, order="F")
            expected = [() if shape == (1, 1) else (shape[0],) if shape[1] == 1 else shape]
        elif case.kind == "derivative":
            want = jac[:, 0].reshape(value.shape, order=order)
            expected = [value.shape, tuple(d for d in value.shape if d != 1)]
        else:
            want = jac.T if case.layout == "denominator" else jac
            expected = [want.shape]
        if got.shape not in expected:
            return Outcome("code fails", f"returns shape {got.shape}, expected {expected[0]}")
        err = _rel(got.reshape(want.shape), want)
        if not err < TOL:
            return Outcome("wrong", f"relative error {err:.2e}; engine result {result.get('text')}")
        back = _parse_back(case, result, env, got.reshape(want.shape))
        if back is not None and not back.ok:
            return back
        note = back or note
    return note


def _parse_back(case: Case, result: dict, env: dict, got: np.ndarray) -> Outcome | None:
    """The result's ``text`` (CONTRACT §4: it parses back) evaluates to the published value."""
    text = result.get("text") or ""
    shapes = {name: tuple(d if (d == 1 or leaf.shape == (1, 1)) else case.sizes.get(d, d) for d in leaf.shape)
              for name, leaf in case.leaves.items()}
    shapes |= {name: (1, 1) for name in case.entries}          # a gradient in entries names them
    env = env | {name: env[var][i:i + 1, j:j + 1] for name, (var, i, j) in case.entries.items()}
    try:
        tree = parse(text, shapes=shapes)        # the text fixes its own sizes (I_{n}, ones_{3})
        value = evaluate(tree, env, {letter: size for size, letter in case.sizes.items()})
    except (MatDerivError, NotNumeric, KeyError) as exc:
        return Outcome("text", f"the text {text!r} does not parse back: {exc}")
    if text == "0" and got.size > 1:          # a zero matrix: the number 0 added to every entry
        value = np.broadcast_to(value.reshape(1, 1), got.shape)
    if value.size != got.size or _rel(value.reshape(got.shape), got) > TOL:
        return Outcome("text", f"the text {text!r} parses back to a different value")
    return None
