"""Seed 000's route, ``method: increment``: ``df = f(X + dX) − f(X)``, multiplied out, the terms
of second and higher order in ``dX`` set to zero "in the limiting case", then the trace tricks.

It works for an ``f`` polynomial in the variable (sums, products, transposes, traces, sums of
entries, Kronecker and Hadamard products, integer powers, a squared norm): those are the ``f``
whose increment can be multiplied out.  Any other ``f`` is refused with the node that is not
polynomial, never derived by another route under this name.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import product

from mkdocs_matderiv.derivation import Result, Step
from mkdocs_matderiv.engine.chain import inline, objective
from mkdocs_matderiv.engine.differential import _summed
from mkdocs_matderiv.engine.jacobian import denominator, jacobian_of
from mkdocs_matderiv.engine.simplify import Simplifier
from mkdocs_matderiv.engine.trace import gradients
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.tree import (
    Add, Diag, Diff, Div, ElemPow, Expr, Grad, Hadamard, Identity, Kron, Mul, Norm, Num, Pow, Sum,
    Sym, T, Tr, Vec, VecRow, Zero, add, hadamard, is_vector, mul, neg, num, rebuilt, substitute,
    transpose,
)
from mkdocs_matderiv.words import describe

MAX_TERMS = 64
"""Terms of ``f(X + dX)`` written out; more is no longer a line a reader follows."""

_LINEAR = (Tr, Sum, Vec, VecRow, Diag)
"""Linear maps of one argument: the increment goes through them."""


def increments(problem, simplify: Simplifier) -> list[Result]:
    """One result per ``wrt`` name by the increment (seed 000), the steps as the post writes them."""
    if problem.order == 2 or problem.entries:
        raise MatDerivError("the increment finds first derivatives of f itself; it does not "
                            "combine with order: 2 or entries", key="method")
    f = inline(problem.f, problem.where)
    of = objective(problem)
    results = []
    for w in problem.wrt:
        _polynomial(f, w)
        results.append(_increment(f, w, of, problem, simplify))
    return results


def _increment(f: Expr, w: Sym, of: str, problem, simplify: Simplifier) -> Result:
    dw = Diff(w)
    lhs = Diff(Sym(of, f.shape))
    moved = substitute(f, {w: Add((w, dw))})
    steps = [Step(lhs, add(moved, neg(f)), "inc.increment")]
    written = _top_terms(moved)
    if add(*written) != moved:
        steps.append(Step(None, add(*written, neg(f)), "inc.expand"))
    first = add(*(t for t in (_first_order(t, dw) for t in written) if not isinstance(t, Zero)))
    if isinstance(first, Zero):
        first = Zero(f.shape)
    steps.append(Step(None, first, "inc.first_order"))
    summed = _ones(first)
    if summed != first:                     # sum(A ⊙ dW) = 𝟏ᵀ(A ⊙ dW)𝟏: the trace tricks read it
        first = summed
        steps.append(Step(None, first, "sum.ones"))
    if f.scalar:
        if isinstance(first, Zero):
            g: Expr = Zero(w.shape)
            steps.append(Step(Grad(of, w, w.shape), g, "core.scalar" if w.scalar else "core"))
        else:
            found = gradients(first, [w], simplify, of)
            steps += found.steps
            g = found.grads[w]
        return Result(wrt=w, kind="gradient", value=simplify(g), steps=steps)
    if w.scalar:
        value = simplify(substitute(first, {dw: num(1)})) if not isinstance(first, Zero) else Zero(f.shape)
        steps.append(Step(Grad(of, w, f.shape), value, "core.scalar"))
        return Result(wrt=w, kind="derivative", value=value, steps=steps)
    value, more = jacobian_of(first, w, problem.vec, simplify, f.shape, of)
    result = Result(wrt=w, kind="jacobian", value=value, steps=steps + more)
    if problem.layout == "denominator":
        denominator(result, simplify)
    return result


# ---------------------------------------------------------------- which f

def _polynomial(e: Expr, w: Sym) -> None:
    """Refuse, naming the node, an ``f`` that is not polynomial in ``w``."""
    if w not in e.walk():
        return
    if isinstance(e, (Add, Mul, Hadamard, Kron, T, *_LINEAR)):
        for c in e.children:
            _polynomial(c, w)
        return
    if isinstance(e, Div) and w not in e.right.walk():
        _polynomial(e.left, w)
        return
    if isinstance(e, (Pow, ElemPow)) and _power(e) is not None:
        base = e.left.arg if isinstance(e.left, Norm) else e.left
        if isinstance(e.left, Norm) and _power(e) != 2:
            raise _not_polynomial(e, w, "a norm is polynomial only squared, ‖x‖² = xᵀx")
        _polynomial(base, w)
        return
    if isinstance(e, Sym):
        return
    raise _not_polynomial(e, w, "")


def _not_polynomial(e: Expr, w: Sym, why: str) -> MatDerivError:
    because = f" ({why})" if why else ""
    return MatDerivError(f"the increment multiplies out f({w.name} + d{w.name}), which needs f "
                         f"polynomial in {w.name}; f has {describe(e)} of {w.name}{because}, which "
                         f"is not — use method: differential", key="method")


def _power(e: Pow | ElemPow) -> int | None:
    """A small whole exponent (what can be multiplied out), else None."""
    p = e.right
    if isinstance(p, Num) and p.value.denominator == 1 and 0 <= p.value <= 8:
        return int(p.value)
    return None


# ---------------------------------------------------------------- multiplying out

def _top_terms(e: Expr) -> list[Expr]:
    """The terms of ``e`` multiplied out, a trace at the top kept whole around its expanded
    inside (seed 000: ``tr[(X + dX)B(X + dX)ᵀ]`` reads ``tr(XBXᵀ + XB dXᵀ + dXBXᵀ + dXB dXᵀ)``)."""
    if isinstance(e, Add):
        return [t for a in e.args for t in _top_terms(a)]
    if isinstance(e, Tr):
        return [Tr(add(*_terms(e.arg)))]
    return _terms(e)


def _terms(e: Expr) -> list[Expr]:
    """``e`` as a list of products, every product distributed over every sum."""
    found = _expand(e)
    if len(found) > MAX_TERMS:
        raise MatDerivError(f"the increment would write f(X + dX) out in {len(found)} terms "
                            f"(more than {MAX_TERMS}); use method: differential", key="method")
    return found


def _expand(e: Expr) -> list[Expr]:
    if isinstance(e, Add):
        return [t for a in e.args for t in _expand(a)]
    if isinstance(e, (Mul, Hadamard, Kron)):
        make: Callable[..., Expr] = hadamard if isinstance(e, Hadamard) else mul
        if isinstance(e, Kron):
            make = Kron
        choices = [_expand(a) for a in e.children]
        if _count(choices) > MAX_TERMS:
            raise MatDerivError("the increment would write f(X + dX) out in more than "
                                f"{MAX_TERMS} terms; use method: differential", key="method")
        return [make(*combo) for combo in product(*choices)]
    if isinstance(e, T):
        return [_transposed(t) for t in _expand(e.arg)]
    if isinstance(e, _LINEAR):
        return [type(e)(t) for t in _expand(e.arg)]
    if isinstance(e, Div):
        return [Div(t, e.right) for t in _expand(e.left)]
    if isinstance(e, (Pow, ElemPow)) and _power(e) is not None and _has_sum(e.left):
        k = _power(e)
        assert k is not None
        if isinstance(e.left, Norm):                      # ‖x‖² = xᵀx, ‖X‖² = tr(XᵀX)
            a = e.left.arg
            inner = mul(transpose(a), a)
            return _expand(inner if is_vector(a.shape) else Tr(inner))
        if k == 0:
            return [num(1) if e.scalar else Identity(e.shape)]
        make = hadamard if isinstance(e, ElemPow) else mul
        return _expand(make(*([e.left] * k)) if k > 1 else e.left)
    return [e]


def _transposed(t: Expr) -> Expr:
    """``(AB)ᵀ = BᵀAᵀ``, a number in front: ``(−y)ᵀ`` reads ``−yᵀ``, ``(Xw)ᵀ`` reads ``wᵀXᵀ``."""
    if isinstance(t, Mul) and not t.scalar:
        return mul(*(transpose(a) for a in reversed(t.args)))
    return transpose(t)


def _count(choices: list[list[Expr]]) -> int:
    n = 1
    for c in choices:
        n *= len(c)
    return n


def _has_sum(e: Expr) -> bool:
    return any(isinstance(n, Add) for n in e.walk())


def _ones(e: Expr) -> Expr:
    """Every sum of entries around a differential written ``𝟏ᵀ X 𝟏`` (``𝟏ᵀ x`` for a vector)."""
    if isinstance(e, Sum) and any(isinstance(n, Diff) for n in e.walk()):
        return _summed(e.arg, _ones(e.arg))
    kids = e.children
    if not kids:
        return e
    new = tuple(_ones(k) for k in kids)
    return e if new == kids else rebuilt(e, new)


# ---------------------------------------------------------------- the limiting case

def _first_order(term: Expr, dw: Diff) -> Expr:
    """The part of a term linear in ``dw``: a product keeps it when ``dw`` occurs once, a trace
    (or any linear map) keeps the part of its inside that is; ``f(X)`` and the terms of second
    and higher order in ``dw`` drop."""
    if isinstance(term, Add):
        return add(*(_first_order(t, dw) for t in term.args))
    if isinstance(term, _LINEAR) and isinstance(term.arg, Add):
        inner = _first_order(term.arg, dw)
        return Zero(term.shape) if isinstance(inner, Zero) else type(term)(inner)
    degree = sum(1 for n in term.walk() if n == dw)
    return term if degree == 1 else Zero(term.shape)

