"""Jacobians of matrix- and vector-valued F (``vec(dF) = J vec(dX)``) and ``dF/dt``.

The differential ``dF`` is found by the same rules as for a scalar.  Each term
is then vectorised by a named rule — ``vec(A dX B) = (Bᵀ ⊗ A) vec(dX)`` in
column order, ``vec_r(A dX B) = (A ⊗ Bᵀ) vec_r(dX)`` in row order, the
commutation matrix for ``dXᵀ``, ``diag(vec B)`` for a Hadamard factor — and
the Jacobian read off.  For a scalar ``t``, ``dF = G dt`` gives ``dF/dt = G``.
"""

from __future__ import annotations

from mkdocs_matderiv.derivation import Result, Step
from mkdocs_matderiv.engine import kron
from mkdocs_matderiv.engine.chain import inline, objective
from mkdocs_matderiv.engine.differential import Differentiator
from mkdocs_matderiv.engine.simplify import Simplifier
from mkdocs_matderiv.engine.trace import expand, gradients, has_differential, open_transpose, variable_of
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.words import describe
from mkdocs_matderiv.tree import (
    Add, Commutation, Diag, Diff, Div, Expr, Grad, Hadamard, Identity, Kron, Mul, Ones, Sym, T, Vec, VecRow,
    Zero, add, free_symbols, hadamard, is_vector, mul, num, substitute, transpose,
)


NAME = "f"
"""The function's name in the steps where the problem gives none (``chain.objective``)."""


def jacobians(problem, simplify: Simplifier) -> list[Result]:
    """One Jacobian (or dF/dt) per ``wrt`` name of a matrix- or vector-valued f."""
    results = []
    of = objective(problem)
    for w in problem.wrt:
        name = Sym(of, problem.f.shape)
        try:
            chained = through_names(problem, w, simplify)
        except MatDerivError:           # a Jacobian on the way it cannot read: go straight through
            chained = None
        if chained is not None:
            results.append(chained)
            continue
        dF, steps = forward(problem.f, problem.where, w, of)
        if w.scalar:
            named = simplify(substitute(add(*expand(dF)), {Diff(w): num(1)})) if expand(dF) else Zero(name.shape)
            steps.append(Step(Grad(of, w, name.shape), named, "core.scalar"))
            value = simplify(inline(named, problem.where))
            if value != named:
                steps.append(Step(None, value, "substitute"))
            results.append(Result(wrt=w, kind="derivative", value=value, steps=steps))
            continue
        named, jsteps = jacobian_of(dF, w, problem.vec, simplify, name.shape, of)
        steps += jsteps
        value = simplify(inline(named, problem.where))
        if value != named:
            steps.append(Step(None, value, "substitute"))
        results.append(Result(wrt=w, kind="jacobian", value=value, steps=steps))
    if problem.layout == "denominator":
        for r in results:
            if r.kind == "jacobian":
                denominator(r, simplify)
    return results


def denominator(result: Result, simplify: Simplifier) -> None:
    """The Jacobian in denominator layout, as the slides write it (seed 001): every fraction is
    the derivative in that layout, ``∂Ax/∂x = Aᵀ``, read off as the transpose of ``J`` in
    ``vec(dF) = J vec(dX)``, and the chain rule ``∂g/∂x = (∂u/∂x)(∂g/∂u)``: never a transposed
    fraction."""
    steps: list[Step] = []
    for s in result.steps:
        if s.rule == "jacobian" and isinstance(s.lhs, Grad):
            s = Step(Grad(s.lhs.of, s.lhs.wrt, (s.lhs.shape[1], s.lhs.shape[0])),
                     simplify(transpose(s.rhs)), "layout")
        elif s.rule == "chain.jacobian":
            s = Step(s.lhs, _flipped(s.rhs, simplify), "chain.denominator")
        elif s.rule == "substitute" and steps and steps[-1].rule in ("layout", "chain.denominator", "substitute"):
            s = Step(s.lhs, _flipped(s.rhs, simplify), s.rule)
        steps.append(s)
    result.steps = steps
    result.value = _flipped(result.value, simplify)


def _flipped(e: Expr, simplify: Simplifier) -> Expr:
    """A product of Jacobians in the other layout: each factor transposed, their order reversed;
    a fraction ``∂u/∂x`` stays as written (in the new layout it means the transpose)."""
    if isinstance(e, Add):
        return add(*(_flipped(t, simplify) for t in e.args))
    if isinstance(e, Mul):
        return mul(*(_flipped(a, simplify) for a in reversed(e.args)))
    if isinstance(e, Grad):
        return Grad(e.of, e.wrt, (e.shape[1], e.shape[0]))
    return simplify(transpose(e))


def through_names(problem, w: Sym, simplify: Simplifier) -> Result | None:
    """Seed 001's vector chain rule, ``∂F/∂x = Σ ∂F/∂u ∂u/∂x`` over the ``where`` names F uses,
    each Jacobian read off its own differential (the sum rule when F = u + v).  The value is
    the product of those Jacobians, so the numeric check covers the chain as shown.  None where
    F, x or a name on the way is not a vector (then F is differentiated straight through)."""
    f, bindings, of = problem.f, problem.where, objective(problem)
    defs = dict(bindings)
    inner = [s for s in free_symbols(f) if s in defs and w in free_symbols(inline(defs[s], bindings))]
    if not inner or not all(is_vector(e.shape) for e in [f, w, *inner]):
        return None
    variables = inner + ([w] if w in free_symbols(f) else [])
    dF, steps = Differentiator(variables).steps(Diff(Sym(of, f.shape)), f)
    terms = expand(dF)
    outer: dict[Sym, Expr] = {}
    for v in variables:
        mine = [t for t in terms if variable_of(t) == v]
        outer[v] = (simplify(jacobian_of(add(*mine), v, "column", simplify, f.shape)[0]) if mine
                    else Zero((f.shape[0], v.shape[0])))
        if v != w:
            steps.append(Step(Grad(of, v, outer[v].shape), outer[v], "jacobian"))
    own: dict[Sym, Expr] = {}
    for u in inner:
        du, more = forward(defs[u], bindings, w)
        steps += [Step(Diff(u), s.rhs, s.rule) if s.lhs is not None else s for s in more[:1]] + more[1:]
        own[u] = simplify(jacobian_of(du, w, "column", simplify, u.shape)[0])
        steps.append(Step(Grad(u.name, w, own[u].shape), own[u], "jacobian"))
    lhs = Grad(of, w, (f.shape[0], w.shape[0]))
    general = add(*(mul(Grad(of, u, outer[u].shape), Grad(u.name, w, own[u].shape)) for u in inner))
    if w in outer:
        general = add(general, outer[w])
    steps.append(Step(lhs, general, "chain.jacobian"))
    direct = [outer[w]] if w in outer else []
    named = add(*(mul(outer[u], Grad(u.name, w, own[u].shape)) for u in inner), *direct)
    if named != steps[-1].rhs:
        steps.append(Step(None, named, "substitute"))
    value = simplify(inline(add(*(mul(outer[u], own[u]) for u in inner), *direct), bindings))
    steps.append(Step(None, value, "substitute"))
    return Result(wrt=w, kind="jacobian", value=value, steps=steps)


def forward(f: Expr, bindings: list[tuple[Sym, Expr]], w: Sym, of: str = NAME) -> tuple[Expr, list[Step]]:
    """``dF`` in terms of ``dw``: differentiate through the ``where`` names, outermost first."""
    reach = {w}
    for name, e in bindings:
        if any(s in reach for s in free_symbols(e)):
            reach.add(name)
    diff = Differentiator(reach)
    dF, steps = diff.steps(Diff(Sym(of, f.shape)), f)
    while True:       # every definition in sight at once, as on paper: du + dv = d(Ax) + d(Bx)
        found = {Diff(name): diff.pending(e) for name, e in bindings if name in reach and dF.contains(Diff(name))}
        if not found:
            return dF, steps
        dF = substitute(dF, found)
        steps.append(Step(None, dF, "chain"))
        dF, more = diff.work_out(dF)
        steps += more


def _vec(e: Expr, order: str) -> Expr:
    if is_vector(e.shape) or e.scalar:
        return e
    return Vec(e) if order == "column" else VecRow(e)


def jacobian_of(dF: Expr, w: Sym, order: str, simplify: Simplifier, shape,
                of: str = NAME) -> tuple[Expr, list[Step]]:
    """The Jacobian ``J`` read off a differential ``dF = …`` linear in ``dw``: ``vec dF = J vec dw``.

    Shared by the Jacobians here, the Hessians (the Jacobian of a gradient), the stationary
    point and the worked chain rule (``∂vec Z/∂vec W`` of a ``where`` name), so that each
    reads its Jacobian off by the same rules the derivation shows.

    Parameters:
        dF: the differential, in ``dw`` and no other differential.
        w: the variable.
        order: ``"column"`` (``vec``) or ``"row"`` (``vec_r``).
        simplify: the problem's simplifier.
        shape: the shape of ``F`` (the left-hand side ``vec dF``).
        of: the function's name in the steps (``dZ``, ``∂vec Z/∂vec W``).

    Returns:
        ``(J, steps)``: the Jacobian, and the steps from ``vec dF`` to it (rule ``jacobian`` last).
    """
    terms = expand(dF)
    dx = _vec(Diff(w), order)
    pieces = [_broadcast(t, w, order, simplify, shape) if t.scalar else _term(t, w, order, simplify)
              for t in terms]
    steps: list[Step] = []
    if not (is_vector(shape) and is_vector(w.shape)):  # for vectors the terms already read J dx
        if not is_vector(shape):                        # vec of a vector is itself: nothing to say
            steps.append(Step(_vec(Diff(Sym(of, shape)), order), add(*(_vec(t, order) for t in terms)), "vec"))
        rule = next((k for _, k in pieces if k != "vec"), "vec.kron" if order == "column" else "vec.kron_row")
        steps.append(Step(None, add(*(mul(j, dx) for j, _ in pieces)), rule))
    value = simplify(add(*(j for j, _ in pieces))) if pieces else \
        Zero((Vec(Zero(shape)).shape[0], Vec(Zero(w.shape)).shape[0]))     # dF = 0: a zero Jacobian
    if len(pieces) > 1:
        steps.append(Step(None, mul(value, dx), "collect"))
    lhs = Grad(of if is_vector(shape) else
               ("\\operatorname{vec} " if order == "column" else "\\operatorname{vec}_{r} ") + of,
               _vec(w, order), value.shape)
    steps.append(Step(lhs, value, "jacobian"))
    return value, steps


def _broadcast(t: Expr, w: Sym, order: str, simplify: Simplifier, shape) -> tuple[Expr, str]:
    """A scalar term added to every entry of F: ``vec(dt 𝟏) = 𝟏 vec(G)ᵀ vec(dX)``."""
    g = gradients(t, [w], simplify, "c").grads[w]
    return mul(Ones((Vec(Zero(shape)).shape[0], 1)), transpose(_vec(g, order))), "tr.scalar"


def _term(t: Expr, w: Sym, order: str, simplify: Simplifier) -> tuple[Expr, str]:
    """``J`` with ``vec(t) = J vec(dX)``, and the rule that did it."""
    coef, chain = _split(t)
    k = next(i for i, a in enumerate(chain) if has_differential(a))
    core = chain[k]
    left, right = chain[:k], chain[k + 1:]
    if core.scalar:                       # (scalar linear in dX) · M: vec(M) vec(G)ᵀ
        found = gradients(core, [w], simplify, "c")
        g = found.grads[w]
        m = mul(*left, *right)
        return mul(*coef, _vec(m, order), transpose(_vec(g, order))), "tr.scalar"
    inner, key = _core(core, w, order, simplify)
    if not left and not right:
        return mul(*coef, inner), key
    a = mul(*left) if left else Identity((core.shape[0], core.shape[0]))
    b = mul(*right) if right else Identity((core.shape[1], core.shape[1]))
    if not right and core.shape[1] == 1:
        outer = a
    elif order == "column":
        outer = Kron(transpose(b), a)
    else:
        outer = Kron(a, transpose(b))
    return mul(*coef, outer, inner), ("vec.kron" if order == "column" else "vec.kron_row") if key == "vec" else key


def _core(core: Expr, w: Sym, order: str, simplify: Simplifier) -> tuple[Expr, str]:
    m, n = w.shape
    if isinstance(core, Diff):
        return Identity((core.shape[0] if is_vector(core.shape) else _size(w), ) * 2), "vec"
    if isinstance(core, T) and isinstance(core.arg, Diff):
        if m == 1 or n == 1:             # a vector and its transpose vectorise alike
            return Identity((_size(w),) * 2), "vec"
        return (Commutation(m, n) if order == "column" else Commutation(n, m)), "vec.commutation"
    if isinstance(core, (Vec, VecRow)):  # vec of a vector is itself; vec(Y) = K vec_r(Y)
        inner, key = _term(core.arg, w, order, simplify)
        rows, cols = core.arg.shape
        same = (order == "column") == isinstance(core, Vec) or rows == 1 or cols == 1
        if same:
            return inner, key
        flip = Commutation(cols, rows) if isinstance(core, Vec) else Commutation(rows, cols)
        return mul(flip, inner), "vec.commutation"
    if isinstance(core, T) and 1 in core.shape:    # a vector and its transpose vectorise alike
        return _term(core.arg, w, order, simplify)
    if isinstance(core, T):
        return _term(mul(*open_transpose(core.arg)), w, order, simplify)
    if isinstance(core, Hadamard):
        i = next(j for j, a in enumerate(core.args) if has_differential(a))
        b = hadamard(*core.args[:i], *core.args[i + 1:])
        scale = Diag(_vec(b, order))
        inner, _ = _term(core.args[i], w, order, simplify)
        return mul(scale, inner), "vec.hadamard"
    if isinstance(core, Div):
        inner, key = _term(core.left, w, order, simplify)
        return mul(Div(num(1), core.right), inner), key
    if isinstance(core, Kron):
        outer, y = kron.vec_of_kron(core, has_differential, order)
        inner, _ = _term(y, w, order, simplify)
        return mul(outer, inner), "vec.kron_factor"
    if isinstance(core, Diag):
        inner, _ = _term(core.arg, w, order, simplify)
        return mul(kron.vec_of_diag(core), inner), "vec.diag"
    raise MatDerivError(f"the Jacobian through {describe(core)} is not supported")


def _size(w: Sym):
    return Vec(w).shape[0]


def _split(t: Expr) -> tuple[tuple, tuple]:
    if isinstance(t, Mul):
        coef = tuple(a for a in t.args if a.scalar and not has_differential(a))
        chain = tuple(a for a in t.args if not (a.scalar and not has_differential(a)))
        return coef, chain
    return (), (t,)
