"""Hessians by the second differential (CONTRACT §3; Magnus and Neudecker, *Matrix
Differential Calculus*, ch. 10, the second identification theorem).

The stage starts where a gradient ends, ``df = tr(Gᵀ dX)`` with ``G = ∂f/∂X``, and takes
the differential once more with ``d²X = 0``: ``d²f = tr(dGᵀ dX)``, ``dG`` worked out by the
rules of the matrix differential, one named rule per line.  ``dG`` is linear in ``dX``;
each of its terms is brought to a form the identification theorem reads:

* a vector ``x``: ``(J dx)ᵀ dx = dxᵀ Jᵀ dx``, so ``d²f = dxᵀ B dx`` and ``H = (B + Bᵀ)/2``;
* a matrix ``X``: a term ``P dX Q`` gives ``tr(Qᵀ dXᵀ Pᵀ dX) = tr(B dXᵀ C dX)``, a term
  ``P dXᵀ Q`` gives ``tr(B dX C dX)``, each with its Kronecker form of ``H`` in the block's
  ``vec`` order; any other term (a Hadamard factor) is vectorised as a Jacobian is,
  ``vec(dX)ᵀ M vec(dX)``, and ``H = (M + Mᵀ)/2``;
* a scalar ``t``: ``d²f = c dt²`` and ``d²f/dt² = c``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from mkdocs_matderiv import functions
from mkdocs_matderiv.derivation import Result, Step
from mkdocs_matderiv.engine.chain import objective
from mkdocs_matderiv.engine.differential import Differentiator, inner_product
from mkdocs_matderiv.engine.jacobian import jacobian_of
from mkdocs_matderiv.engine.simplify import Simplifier
from mkdocs_matderiv.engine.trace import expand, has_differential
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.tree import (
    Add, Commutation, Diff, Diff2, Expr, Func, Grad, Hess, Identity, Kron, Mul, Num, Pow, Sym, T,
    Tr, Vec, VecRow, Zero, add, is_vector, mul, num, rebuilt, substitute, transpose,
)

HALF = Num(Fraction(1, 2))


def hessians(problem, gradients: list[Result], simplify: Simplifier) -> list[Result]:
    """The Hessian of a scalar ``f`` for every ``wrt``, continuing each gradient's steps."""
    if not problem.f.scalar:
        raise MatDerivError("order: 2 needs a scalar f (its Hessian); this f is "
                            f"{'×'.join(str(d) for d in problem.f.shape)}")
    return [hessian(g, problem.vec, simplify, objective(problem)) for g in gradients]


def hessian(gradient: Result, vec: str, simplify: Simplifier, of: str = "f") -> Result:
    """The Hessian from a gradient result (its value in the block's free names); ``of`` is the
    function's name in the steps."""
    w, g = gradient.wrt, gradient.value
    if any(isinstance(n, Grad) for n in g.walk()):
        raise MatDerivError("a Hessian needs every function of f to be known; an abstract scalar "
                            "function's second derivative is not defined by the block")
    g = _explicit(g)
    diff = Differentiator([w])
    dw = Diff(w)
    lhs = Diff2(of)
    first = inner_product(g, dw)
    d2f, worked = diff.work_out(diff.pending(first))
    steps = list(gradient.steps)
    steps.append(Step(Diff(Sym(of)), first, "core.scalar" if w.scalar else
                      ("core.vector" if is_vector(w.shape) else "core")))
    steps.append(Step(lhs, diff.pending(first), "d2"))
    steps += worked
    dg, _ = diff.work_out(diff.pending(g))
    terms = [t for raw in expand(dg) for t in expand(_push(raw, simplify))]
    if w.scalar:
        value, tail = _scalar(terms, w, simplify, of)
    elif is_vector(w.shape):
        value, tail = _vector(terms, w, simplify, of)
    else:
        value, tail = _matrix(terms, w, vec, simplify, of)
    for step in tail:               # a form already reached says nothing new (products compared flat)
        if not (step.rule in ("d2.quadratic", "d2.trace_form", "d2.vec")
                and _flat(step.rhs) == _flat(steps[-1].rhs)):
            steps.append(step)
    return Result(wrt=w, kind="hessian", value=value, steps=steps)


def _flat(e: Expr) -> Expr:
    """``e`` with every product and sum rebuilt flat: ``-(X⁻¹ dX X⁻¹) dX``, as a substitution
    leaves it, and ``-X⁻¹ dX X⁻¹ dX`` are one line on the page."""
    kids = e.children
    if not kids:
        return e
    new = tuple(_flat(k) for k in kids)
    if isinstance(e, Mul):
        return mul(*new)
    if isinstance(e, Add):
        return add(*new)
    return e if new == kids else e.rebuild(new)


def _explicit(e: Expr) -> Expr:
    """``e`` with each built-in ``g'(z)`` written out (``tanh' = 1 - tanh ⊙ tanh``), so that its
    differential is taken by the rules rather than left as an unknown ``g''``."""
    kids = e.children
    if kids:
        new = tuple(_explicit(c) for c in kids)
        if new != kids:
            e = e.rebuild(new)
    written = functions.derivative(e) if isinstance(e, Func) else None
    return e if written is None else written


def _push(e: Expr, simplify: Simplifier) -> Expr:
    """Transposes pushed down to the leaves everywhere (inside quotients too), nothing else
    rewritten: each term of ``dG`` then reads as a chain the vectorisation rules know."""
    if isinstance(e, T):
        return simplify.transpose(_push(e.arg, simplify))
    kids = e.children
    if not kids or isinstance(e, Diff):
        return e
    new = tuple(_push(k, simplify) for k in kids)
    return e if new == kids else rebuilt(e, new)


def _hess(w: Sym, vec: str, of: str) -> Hess:
    n = Vec(w).shape[0]
    if w.scalar or is_vector(w.shape):
        return Hess(of, w, (n, n))
    return Hess(of, Vec(w) if vec == "column" else VecRow(w), (n, n))


# ---------------------------------------------------------------- scalar and vector

def _scalar(terms: list[Expr], t: Sym, simplify: Simplifier, of: str) -> tuple[Expr, list[Step]]:
    """``d²f = c dt²``: ``d²f/dt² = c``."""
    c = simplify(add(*(substitute(term, {Diff(t): num(1)}) for term in terms))) if terms else Zero((1, 1))
    steps = [Step(Diff2(of), mul(c, Pow(Diff(t), num(2))), "d2.quadratic"),
             Step(_hess(t, "column", of), c, "d2.scalar")]
    return c, steps


def _vector(terms: list[Expr], x: Sym, simplify: Simplifier, of: str) -> tuple[Expr, list[Step]]:
    """``dG = J dx``: ``d²f = dxᵀ B dx`` with ``B = Jᵀ``, and ``H = (B + Bᵀ)/2 = B``."""
    n = x.shape[0]
    if not terms:
        zero = Zero((n, n))
        return zero, [Step(_hess(x, "column", of), zero, "d2.identify")]
    jac, _ = jacobian_of(add(*terms), x, "column", simplify, x.shape)
    jac = _fold(jac)
    b = _fold(_smaller(simplify(transpose(jac)), simplify(jac)))
    dx = Diff(x)
    steps = [Step(Diff2(of), _quadratic(transpose(dx), b, dx), "d2.quadratic"),
             Step(_hess(x, "column", of), mul(HALF, add(b, T(b))), "d2.identify"),
             Step(None, b, "d2.symmetric")]
    return b, steps


def _smaller(a: Expr, b: Expr) -> Expr:
    """Of two equal forms, the one with fewer nodes (then fewer transposes)."""
    def size(e: Expr) -> tuple[int, int]:
        nodes = list(e.walk())
        return len(nodes), sum(isinstance(n, T) for n in nodes)
    return b if size(b) < size(a) else a


def _quadratic(left: Expr, b: Expr, right: Expr) -> Expr:
    """``leftᵀ B right`` with ``B`` kept whole (a sum stays in parentheses)."""
    return Mul((left, b, right)) if not isinstance(b, Identity) else mul(left, right)


# ---------------------------------------------------------------- matrix

@dataclass(frozen=True)
class _Trace:
    """One term of ``d²f``: ``tr(B dXᵀ C dX)`` (``kind`` "a") or ``tr(B dX C dX)`` ("b")."""

    kind: str
    b: Expr
    c: Expr


@dataclass(frozen=True)
class _Quadratic:
    """One term of ``d²f`` as ``vec(dX)ᵀ M vec(dX)``."""

    m: Expr


_Form = _Trace | _Quadratic


def _matrix(terms: list[Expr], x: Sym, vec: str, simplify: Simplifier, of: str) -> tuple[Expr, list[Step]]:
    size = Vec(x).shape[0]
    forms = _group([_form(t, x, vec, simplify) for t in terms], simplify)
    if not forms:
        zero = Zero((size, size))
        return zero, [Step(_hess(x, vec, of), zero, "d2.identify_kron")]
    dx = Diff(x)
    vdx = Vec(dx) if vec == "column" else VecRow(dx)
    shown = add(*(_shown(f, dx, vdx) for f in forms))
    steps = [Step(Diff2(of), shown, "d2.trace_form" if any(isinstance(f, _Trace) for f in forms) else "d2.vec")]
    literal = add(*(_identified(f, x, vec) for f in forms))
    whole = add(*(_vec_matrix(f, x, vec) for f in forms))
    whole = _fold(whole)
    value = _fold(_smaller(simplify(whole), simplify(transpose(whole))))
    steps.append(Step(_hess(x, vec, of), literal, "d2.identify_kron"))
    steps.append(Step(None, value, "d2.symmetric"))
    return value, steps


def _form(t: Expr, x: Sym, vec: str, simplify: Simplifier) -> _Form:
    """Read one term of ``dG`` (linear in ``dX``) as the term ``tr(tᵀ dX)`` of ``d²f``."""
    factors = t.args if isinstance(t, Mul) else (t,)
    coef = [a for a in factors if a.scalar and not has_differential(a)]
    chain = [a for a in factors if not (a.scalar and not has_differential(a))]
    moving = [i for i, a in enumerate(chain) if has_differential(a)]
    if len(moving) == 1:
        k = moving[0]
        core = chain[k]
        p = mul(*chain[:k]) if k else Identity((x.shape[0], x.shape[0]) if core == Diff(x) else
                                               (x.shape[1], x.shape[1]))
        q = mul(*chain[k + 1:]) if k + 1 < len(chain) else Identity((core.shape[1], core.shape[1]))
        if core == Diff(x):          # tr(Qᵀ dXᵀ Pᵀ dX)
            return _Trace("a", simplify(transpose(q)), simplify(mul(*coef, transpose(p))))
        if core == T(Diff(x)):       # tr(Qᵀ dX Pᵀ dX)
            return _Trace("b", simplify(transpose(q)), simplify(mul(*coef, transpose(p))))
    jac, _ = jacobian_of(t, x, vec, simplify, t.shape)
    return _Quadratic(simplify(transpose(jac)))


def _group(forms: list[_Form], simplify: Simplifier) -> list[_Form]:
    """Terms of one kind with the same ``B`` add their ``C`` (vec terms add their ``M``)."""
    out: dict[tuple, Expr] = {}
    for f in forms:
        key = (f.kind, f.b) if isinstance(f, _Trace) else ("vec", None)
        value = f.c if isinstance(f, _Trace) else f.m
        out[key] = add(out[key], value) if key in out else value
    grouped: list[_Form] = []
    for (kind, b), total in out.items():
        total = simplify(total)
        if isinstance(total, Zero):
            continue
        grouped.append(_Trace(kind, b, total) if kind != "vec" else _Quadratic(total))
    return grouped


def _shown(f: _Form, dx: Expr, vdx: Expr) -> Expr:
    if isinstance(f, _Quadratic):
        return _quadratic(transpose(vdx), f.m, vdx)
    second = transpose(dx) if f.kind == "a" else dx
    return Tr(mul(f.b, second, f.c, dx))


def _identified(f: _Form, x: Sym, vec: str) -> Expr:
    """The Hessian of one form as Magnus and Neudecker's second identification table gives
    it (symmetrised), in ``vec`` order."""
    m = _vec_matrix(f, x, vec)
    if isinstance(f, _Quadratic):
        return mul(HALF, add(m, T(m)))
    b, c = f.b, f.c
    if f.kind == "a":
        pair = ((Kron(transpose(b), c), Kron(b, transpose(c))) if vec == "column"
                else (Kron(c, transpose(b)), Kron(transpose(c), b)))
        return mul(HALF, add(*pair))
    k = _commutation(x, vec)
    pair = ((Kron(transpose(b), c), Kron(transpose(c), b)) if vec == "column"
            else (Kron(c, transpose(b)), Kron(b, transpose(c))))
    return mul(HALF, k, add(*pair))


def _vec_matrix(f: _Form, x: Sym, vec: str) -> Expr:
    """``M`` with the form equal to ``vec(dX)ᵀ M vec(dX)``: ``Bᵀ ⊗ C`` (column) or ``C ⊗ Bᵀ``
    (row) for ``tr(B dXᵀ C dX)``, the same after a commutation matrix for ``tr(B dX C dX)``.
    Their sum over the terms is the Hessian: it is symmetric as it stands."""
    if isinstance(f, _Quadratic):
        return f.m
    (sb, b), (sc, c) = _scaled(f.b), _scaled(f.c)
    bt = transpose(b)
    kron = Kron(bt, c) if vec == "column" else Kron(c, bt)
    return mul(sb, sc, kron if f.kind == "a" else mul(_commutation(x, vec), kron))


def _commutation(x: Sym, vec: str) -> Commutation:
    m, n = x.shape
    return Commutation(n, m) if vec == "column" else Commutation(m, n)


def _scaled(e: Expr) -> tuple[Expr, Expr]:
    """``(s, E)`` with ``e = s E`` for a leading number ``s``."""
    if isinstance(e, Mul) and isinstance(e.args[0], Num):
        return e.args[0], mul(*e.args[1:])
    return num(1), e


def _fold(e: Expr) -> Expr:
    """Kronecker products that are ordinary ones: a scalar factor scales, ``u ⊗ vᵀ = vᵀ ⊗ u = u vᵀ``,
    ``aI ⊗ bI = ab I``."""
    kids = e.children
    if kids:
        new = tuple(_fold(k) for k in kids)
        if new != kids:
            e = mul(*new) if isinstance(e, Mul) else (add(*new) if isinstance(e, Add) else e.rebuild(new))
    if not isinstance(e, Kron):
        return e
    left, right = e.left, e.right
    if left.scalar or right.scalar or (left.shape[1] == 1 and right.shape[0] == 1):
        return mul(left, right)
    if left.shape[0] == 1 and right.shape[1] == 1:
        return mul(right, left)
    (a, left), (b, right) = _scaled(left), _scaled(right)
    if isinstance(left, Identity) and isinstance(right, Identity):
        return mul(a, b, Identity(e.shape))
    return e
