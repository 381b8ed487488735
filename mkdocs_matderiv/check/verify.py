"""The numeric check: a result against central finite differences of ``f`` at random inputs.

What is checked is the published code: the NumPy source of the result
(``check/codegen.numpy_source``, or the very text a caller publishes) is run in
a namespace of its own on the contract's arguments, and ``f`` is evaluated by
the same printer (``check/numeric.evaluate``).

One routine serves the four kinds of result (CONTRACT §3); a Hessian is compared with
second central differences.  It always builds
the full Jacobian of ``vec f`` with respect to ``vec wrt`` by central
differences and then reads it as the kind asks: a gradient is its one row
shaped like ``wrt``, a derivative its one column shaped like ``F``, a Jacobian
the matrix itself in the block's ``vec`` order and ``layout``.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from mkdocs_matderiv.check.budget import check_memory
from mkdocs_matderiv.derivation import Check
from mkdocs_matderiv.check.codegen import numpy_source
from mkdocs_matderiv.check.draws import Draws, NoDraw
from mkdocs_matderiv.check.numeric import NotNumeric, as_2d, check_numeric, evaluate, load, symbol_usage
from mkdocs_matderiv.language.names import py_name
from mkdocs_matderiv.tree import Expr, Sym, free_symbols, is_vector

TOLERANCE = 1e-6
"""A result passes when ``‖got − fd‖ / max(1, ‖fd‖) < TOLERANCE`` on every draw."""

STEP = 1e-6
"""The finite-difference step, relative: ``STEP · max(1, |x|)``."""

STEPS = (STEP, 1e-5, 1e-7, 1e-4)
"""Steps tried in turn until one agrees (see ``_closest``)."""

HESSIAN_STEPS = {STEP: 1e-4, 1e-5: 1e-3, 1e-7: 1e-5, 1e-4: 1e-2}
"""Second differences lose twice the digits: each first-difference step maps to a larger one."""


def verify_gradient(f: Expr, grad: Expr, wrt: Sym, *, assume: dict[str, frozenset[str]] | None = None,
                    values: dict[str, np.ndarray] | None = None, draws: int = 2, seed: int = 0,
                    numpy: str | None = None) -> Check:
    """Check ``grad = ∂f/∂wrt`` for a scalar ``f``.

    Parameters:
        f: the function, with ``where`` substituted.
        grad: the claimed gradient (shape of ``wrt``).
        wrt: the variable.
        assume: name -> properties (``symmetric``, ``invertible``, ``positive_definite``).
        values: name -> fixed value (its dimensions fix the symbolic sizes).
        draws: how many random points.
        seed: makes the draws reproducible.
        numpy: the published source of ``grad`` (by default ``numpy_source`` of it, with the
            free names of ``f`` as parameters); this is the code that is run.

    Returns:
        ``Check(passed, max_rel_error, draws)``.

    Raises:
        NotNumeric: when ``f`` or ``grad`` cannot be evaluated; ``NoDraw`` (a ``NotNumeric``)
            when no inputs are found where ``f`` is defined.
    """
    return _verify("gradient", f, grad, wrt, "column", "numerator", assume, values, draws, seed, numpy)


def verify_jacobian(f: Expr, jac: Expr, wrt: Sym, *, vec: str = "column", layout: str = "numerator",
                    assume: dict[str, frozenset[str]] | None = None,
                    values: dict[str, np.ndarray] | None = None, draws: int = 2, seed: int = 0,
                    numpy: str | None = None) -> Check:
    """Check ``jac = ∂vec(F)/∂vec(wrt)`` (rows ``vec F``, columns ``vec wrt``, in ``vec``
    order: ``column`` or ``row``; transposed for ``layout="denominator"``).  See ``verify_gradient``."""
    return _verify("jacobian", f, jac, wrt, vec, layout, assume, values, draws, seed, numpy)


def verify_derivative(f: Expr, deriv: Expr, wrt: Sym, *, assume: dict[str, frozenset[str]] | None = None,
                      values: dict[str, np.ndarray] | None = None, draws: int = 2, seed: int = 0,
                      numpy: str | None = None) -> Check:
    """Check ``deriv = dF/dt`` (shape of ``F``) for a scalar ``wrt``.  See ``verify_gradient``."""
    return _verify("derivative", f, deriv, wrt, "column", "numerator", assume, values, draws, seed, numpy)


def verify_hessian(f: Expr, hess: Expr, wrt: Sym, *, vec: str = "column",
                   assume: dict[str, frozenset[str]] | None = None,
                   values: dict[str, np.ndarray] | None = None, draws: int = 2, seed: int = 0,
                   numpy: str | None = None) -> Check:
    """Check ``hess = ∂²f/∂vec(wrt)∂vec(wrt)ᵀ`` (rows and columns in ``vec`` order) by second
    central differences of ``f``.  See ``verify_gradient``."""
    return _verify("hessian", f, hess, wrt, vec, "numerator", assume, values, draws, seed, numpy)


def verify_stationary(gradient: Expr, point: Expr, wrt: Sym, *,
                      assume: dict[str, frozenset[str]] | None = None,
                      values: dict[str, np.ndarray] | None = None, draws: int = 2, seed: int = 0,
                      numpy: str | None = None, args: list[Sym] | None = None) -> Check:
    """Check that ``gradient`` vanishes at the point the published ``stationary()`` returns:
    ``‖G(point)‖`` against ``‖G‖`` at a random ``wrt``, which sets the scale.

    ``numpy`` is the published source of ``point`` (by default ``numpy_source`` of it), with
    ``args`` as parameters (by default the free names of ``gradient`` but ``wrt``).  See
    ``verify_gradient``.
    """
    check_numeric(gradient)
    check_numeric(point)
    params = args if args is not None else [s for s in free_symbols(gradient) if s != wrt]
    published = load(numpy or numpy_source("stationary", point, params, wrt), "stationary")
    assume, values = assume or {}, values or {}
    symbols = list(dict.fromkeys([*params, *free_symbols(gradient), *free_symbols(point), wrt]))
    source = _draws(gradient, point, symbols, assume, values, seed)
    failure: NoDraw | None = None
    for dims in source.sizes():        # the first size assignment where every draw is defined
        try:
            points = [source.draw(dims) for _ in range(draws)]
        except NoDraw as exc:
            failure = exc
            continue
        with np.errstate(all="ignore"):
            worst = 0.0
            for arrays in points:
                at = _run(published, params, arrays, wrt.shape)
                residual = np.linalg.norm(evaluate(gradient, {**arrays, wrt.name: at}, dims))
                scale = np.linalg.norm(evaluate(gradient, arrays, dims))
                worst = max(worst, float(residual / max(1.0, scale)))
        return Check(passed=bool(worst < TOLERANCE), max_rel_error=worst, draws=draws)
    raise failure or NoDraw("no sizes were found where the gradient is defined")


def _draws(f: Expr, result: Expr, symbols: list[Sym], assume: dict, values: dict, seed: int) -> Draws:
    """Inputs for ``f`` and ``result`` together: each name drawn where both use it is defined."""
    usage = symbol_usage(f)
    for name, props in symbol_usage(result).items():
        usage.setdefault(name, set()).update(props)
    return Draws(f, result, symbols, assume, values, usage, np.random.default_rng(seed))


def _verify(kind: str, f: Expr, result: Expr, wrt: Sym, vec: str, layout: str,
            assume: dict | None, values: dict | None, draws: int, seed: int, numpy: str | None) -> Check:
    check_numeric(f)
    check_numeric(result)
    params = free_symbols(f)
    options: dict[str, Any] = ({"vec": vec, "layout": layout} if kind == "jacobian"
                               else {"vec": vec} if kind == "hessian" else {})
    published = load(numpy or numpy_source(kind, result, params, wrt, **options), kind)
    shape = wrt.shape if kind == "gradient" else result.shape
    assume, values = assume or {}, values or {}
    symbols = list(dict.fromkeys([*free_symbols(f), *free_symbols(result), wrt]))
    source = _draws(f, result, symbols, assume, values, seed)
    failure: NoDraw | None = None
    for dims in source.sizes():        # the first size assignment where every draw is defined
        check_memory([f, result], wrt, dims)
        try:
            points = [source.draw(dims) for _ in range(draws)]
        except NoDraw as exc:
            failure = exc
            continue
        with np.errstate(all="ignore"):  # overflow is judged by the comparison, never printed
            worst = 0.0
            for arrays in points:
                got = _run(published, params, arrays, shape)
                worst = max(worst, _closest(kind, f, got, arrays, dims, wrt, vec, layout))
        return Check(passed=bool(worst < TOLERANCE), max_rel_error=worst, draws=draws)
    raise failure or NoDraw("no sizes were found where f is defined")


def _run(published, params: list[Sym], arrays: dict, shape) -> np.ndarray:
    """The published function on the contract's arguments (a vector 1-D, a scalar a float),
    its value as a 2-D array; an exception from it is the result's failure, never a crash."""
    kwargs = {py_name(s.name): _argument(arrays[s.name], s) for s in params}
    try:
        with np.errstate(all="ignore"):
            return as_2d(published(**kwargs), shape)
    except Exception as exc:  # noqa: BLE001 - whatever the published code raises refuses it
        raise NotNumeric(f"the published code raised {type(exc).__name__}: {exc}") from exc


def _argument(value: np.ndarray, s: Sym):
    """A 2-D value as the contract passes it: a scalar as a float, a vector as a 1-D array."""
    if s.scalar:
        return float(value.reshape(-1)[0])
    return value[:, 0].copy() if is_vector(s.shape) else value


def _closest(kind: str, f: Expr, got: np.ndarray, arrays: dict, dims: dict, wrt: Sym,
             vec: str, layout: str) -> float:
    """The relative error against central differences, at the step that agrees best.

    A steep f (``exp(exp(·))``) defeats any single step: truncation error at a large
    one, rounding at a small one.  A wrong result agrees at no step, so trying a few
    is as strict as trying one and fairer to the right answer.
    """
    best = float("inf")
    for step in STEPS:
        want = finite_difference(kind, f, arrays, dims, wrt, vec, layout, step=step)
        if got.shape != want.shape and got.size == want.size == 1:
            got = got.reshape(want.shape)
        if got.shape != want.shape or not np.all(np.isfinite(got)):
            return float("inf")
        best = min(best, relative_error(got, want))
        if best < TOLERANCE:
            break
    return best


def relative_error(got: np.ndarray, want: np.ndarray) -> float:
    """``‖got − want‖ / max(1, ‖want‖)``, computed on scaled arrays so that huge values
    (``exp`` of given numbers) do not overflow the norm."""
    scale = float(np.max(np.abs(want), initial=1.0))
    if not np.isfinite(scale):
        return float("inf")
    diff = np.linalg.norm((got - want) / scale)
    return float(diff / max(1.0 / scale, np.linalg.norm(want / scale)))


def finite_difference(kind: str, f: Expr, arrays: dict[str, np.ndarray], dims: dict[str, int],
                      wrt: Sym, vec: str = "column", layout: str = "numerator",
                      step: float = STEP) -> np.ndarray:
    """Central differences of ``f`` at ``arrays``, read as a ``kind`` result.

    Returns:
        A gradient shaped like ``wrt``, a derivative shaped like ``f``, or the Jacobian
        ``∂vec(f)/∂vec(wrt)`` in ``vec`` order (``column``: Fortran, ``row``: C), transposed
        for ``layout="denominator"``.
    """
    if kind == "hessian":
        return _second_differences(f, arrays, dims, wrt, vec, HESSIAN_STEPS[step])
    order: Literal["C", "F"] = "F" if (kind != "jacobian" or vec == "column") else "C"
    x0 = arrays[wrt.name]
    flat = x0.reshape(-1, order=order)
    columns = []
    for j in range(flat.size):
        h = step * max(1.0, abs(flat[j]))
        sides = []
        for sign in (1.0, -1.0):
            x = flat.copy()
            x[j] += sign * h
            value = evaluate(f, {**arrays, wrt.name: x.reshape(x0.shape, order=order)}, dims)
            sides.append(value.reshape(-1, order=order))
        columns.append((sides[0] - sides[1]) / (2 * h))
    jac = np.stack(columns, axis=1)
    if kind == "gradient":
        return jac[0].reshape(x0.shape, order=order)
    if kind == "derivative":
        return jac[:, 0].reshape(evaluate(f, arrays, dims).shape, order=order)
    return jac.T if layout == "denominator" else jac


def _second_differences(f: Expr, arrays: dict[str, np.ndarray], dims: dict[str, int], wrt: Sym,
                        vec: str, step: float) -> np.ndarray:
    """``∂²f/∂v_i∂v_j`` for ``v = vec(wrt)`` in ``vec`` order, by second central differences at
    ``h`` and ``2h``, extrapolated (Richardson): their error is ``c h² + O(h⁴)``, and
    ``(4 D(h) − D(2h)) / 3`` cancels the ``h²`` term.  A steep f (``sum(X .^ 24)``) leaves a
    truncation error of 1e-6 at any single step whose rounding error is as small; the
    extrapolation is the more accurate reference, so the tolerance need not grow."""
    order: Literal["C", "F"] = "F" if vec == "column" else "C"
    x0 = arrays[wrt.name]
    flat = x0.reshape(-1, order=order)
    n = flat.size
    h = step * np.maximum(1.0, np.abs(flat))

    def at(dx: np.ndarray) -> float:
        x = (flat + dx).reshape(x0.shape, order=order)
        return float(np.asarray(evaluate(f, {**arrays, wrt.name: x}, dims)).reshape(()))

    def second(i: int, j: int, scale: float) -> float:
        ei, ej = np.zeros(n), np.zeros(n)
        ei[i], ej[j] = scale * h[i], scale * h[j]
        return (at(ei + ej) - at(ei - ej) - at(ej - ei) + at(-ei - ej)) / (4 * ei[i] * ej[j])

    out = np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            out[i, j] = out[j, i] = (4 * second(i, j, 1.0) - second(i, j, 2.0)) / 3
    return out
