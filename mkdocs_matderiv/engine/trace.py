"""Trace tricks (seed 003 §2.3) until ``df = tr(Dᵀ dX)``, then ``∂f/∂X = D``.

The differential arrives as an expression linear in some differentials
(``dX``, or ``dY`` and ``dX`` along a chain).  It is expanded into terms, each
holding one differential; every round applies one trick to every term it fits
(one line of the derivation), until each term reads ``tr(P dX)`` — or ``p dx``
for a vector, ``c dt`` for a scalar.  The coefficients are then collected and
the gradient read off by the core relation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mkdocs_matderiv.derivation import Step
from mkdocs_matderiv.engine.rules import combine
from mkdocs_matderiv.engine import kron
from mkdocs_matderiv.engine.simplify import Simplifier
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.words import describe
from mkdocs_matderiv.tree import (
    Add, Diag, Diff, Div, Expr, Grad, Hadamard, Identity, Kron, Mul, Ones, Sum, Sym, T, Tr, Vec,
    Zero, add, hadamard, is_vector, mul, num, substitute, transpose,
)

#: Each trick moves a term closer to tr(P dX); a term needs a handful, never hundreds.
_MAX_ROUNDS = 500

TRICK_ORDER = ("tr.scalar", "scalar_transpose", "tr.transpose", "transpose_out", "tr.cyclic",
               "tr.hadamard", "ip.hadamard", "tr.diag", "tr.kron", "tr.vec")
"""When terms need different tricks (``RULES`` keys), the earlier in a term's route goes first,
so that the later ones (a cyclic move after a transpose) happen to all terms in one line."""


@dataclass(frozen=True)
class Term:
    """``coef · tr(chain)`` (traced) or ``coef · chain`` — exactly one chain factor holds the differential."""

    coef: tuple
    chain: tuple
    traced: bool

    def expr(self) -> Expr:
        core = mul(*self.chain) if self.chain else num(1)
        return mul(*self.coef, Tr(core) if self.traced else core)


def variable_of(e: Expr) -> Sym:
    """The symbol whose differential a term holds (its one differential leaf)."""
    for node in e.walk():
        if isinstance(node, Diff) and isinstance(node.of, Sym):
            return node.of
    raise AssertionError("a term without a differential")  # pragma: no cover


def has_differential(e: Expr) -> bool:
    return any(isinstance(n, Diff) for n in e.walk())


# ---------------------------------------------------------------- expansion

def expand(e: Expr) -> list[Expr]:
    """The terms of a linear expression, each with one differential (constants stay whole)."""
    if isinstance(e, Zero):
        return []
    if isinstance(e, Add):
        return [t for a in e.args for t in expand(a)]
    if not has_differential(e) or (isinstance(e, Diff)):
        return [e]
    if isinstance(e, (Mul, Hadamard)):
        make = mul if isinstance(e, Mul) else hadamard
        for i, a in enumerate(e.args):
            if has_differential(a):
                return [make(*e.args[:i], t, *e.args[i + 1:]) for t in expand(a)]
    if isinstance(e, Tr):
        return [Tr(t) for t in expand(e.arg)]
    if isinstance(e, T):
        return [transpose(t) for t in expand(e.arg)]
    if isinstance(e, Div):
        return [Div(t, e.right) for t in expand(e.left)]
    if isinstance(e, (Diag, Vec, Sum)):
        return [type(e)(t) for t in expand(e.arg)]
    if isinstance(e, Kron):
        if has_differential(e.left):
            return [Kron(t, e.right) for t in expand(e.left)]
        return [Kron(e.left, t) for t in expand(e.right)]
    return [e]


# ---------------------------------------------------------------- terms

def split(e: Expr) -> Term:
    """Read a scalar term as ``coef · [tr](chain)``."""
    if isinstance(e, Tr):
        inner = split(e.arg)
        return Term(inner.coef, inner.chain, True)
    if isinstance(e, Div):
        inner = split(e.left)
        return Term((Div(num(1), e.right),) + inner.coef, inner.chain, inner.traced)
    if isinstance(e, Mul):
        coef = tuple(a for a in e.args if a.scalar and not has_differential(a))
        rest = [a for a in e.args if not (a.scalar and not has_differential(a))]
        moving_scalars = [a for a in rest if a.scalar]
        if moving_scalars:
            unit = moving_scalars[0]
            others = [a for a in rest if a is not unit]
            if others:
                coef = coef + (Tr(mul(*others)) if not mul(*others).scalar else mul(*others),)
            inner = split(unit)
            return Term(coef + inner.coef, inner.chain, inner.traced)
        chain: list[Expr] = []
        for a in rest:
            if isinstance(a, Div) and has_differential(a):
                coef = coef + (Div(num(1), a.right),)
                a = a.left
            chain.extend(a.args if isinstance(a, Mul) else (a,))
        moving = [a for a in chain if a.scalar and has_differential(a)]
        if moving and len(chain) > 1:      # X · tr(Hᵀ dH) inside a product: the scalar comes out
            others = [a for a in chain if a is not moving[0]]
            rest_product = mul(*others)
            outer = rest_product if rest_product.scalar else Tr(rest_product)
            inner = split(moving[0])
            return Term(coef + (outer,) + inner.coef, inner.chain, inner.traced)
        return Term(coef, tuple(chain), False)
    return Term((), (e,), False)


def _where(chain: tuple) -> int:
    for i, a in enumerate(chain):
        if has_differential(a):
            return i
    raise AssertionError("no differential in chain")  # pragma: no cover


def _transposed(chain) -> tuple:
    return tuple(transpose(a) for a in reversed(chain))


def _factors(e: Expr) -> tuple:
    return e.args if isinstance(e, Mul) and not e.scalar else (e,)


def open_transpose(e: Expr) -> tuple:
    """The factors of ``eᵀ`` with the transpose moved inside: ``(AB)ᵀ = BᵀAᵀ``, ``(A ⊙ B)ᵀ = Aᵀ ⊙ Bᵀ``."""
    opened = _opened(e)
    if opened is None:
        raise MatDerivError(f"the gradient through the transpose of {describe(e)} is not supported")
    return opened


def _opened(e: Expr) -> tuple | None:
    """``open_transpose``, None where the transpose does not move inside ``e``: one dispatch, so
    that ``_opens`` asks the same question ``open_transpose`` answers."""
    if isinstance(e, Mul) and not e.scalar:
        return _transposed(e.args)
    if isinstance(e, Hadamard):
        return (hadamard(*(transpose(a) for a in e.args)),)
    if isinstance(e, Div):
        return (Div(transpose(e.left), e.right),)
    if isinstance(e, Diag) and is_vector(e.arg.shape):        # a diagonal matrix is symmetric
        return (e,)
    if isinstance(e, Kron):
        return (Kron(transpose(e.left), transpose(e.right)),)
    return None


def next_trick(term: Term, var: Sym) -> tuple[str, Expr] | None:
    """The next trick for a term (rule key, new term), or None when it reads ``tr(P dX)``."""
    c, k = term.chain, _where(term.chain)
    last = c[k]
    vector = is_vector(var.shape)
    if not term.traced:
        if vector and k == 0 and isinstance(last, T):
            return "scalar_transpose", Term(term.coef, _transposed(c), False).expr()
        if vector and k == len(c) - 1 and k > 0:
            if isinstance(last, Diff):
                return None
            step = _inner_trick(term, c[:k], last)
            if step is not None:
                return step
        return "tr.scalar", Term(term.coef, c, True).expr()
    if isinstance(last, T) and isinstance(last.arg, Diff):
        # tr(dXᵀ A X) = tr(Xᵀ Aᵀ dX): one transpose of the whole product, as a teacher writes it
        return "tr.transpose", Term(term.coef, _transposed(c), True).expr()
    if k != len(c) - 1:
        return "tr.cyclic", Term(term.coef, c[k + 1:] + c[:k + 1], True).expr()
    if isinstance(last, Diff):
        if vector and k > 0:
            return "tr.scalar", Term(term.coef, c, False).expr()
        return None
    step = _inner_trick(term, c[:k], last)
    if step is None:
        raise MatDerivError(f"the gradient through {describe(last)} is not supported")
    return step


def _inner_trick(term: Term, p: tuple, last: Expr) -> tuple[str, Expr] | None:
    """Tricks that open up the factor holding the differential when it stands last (``OPENERS``)."""
    for kind, trick in OPENERS:
        if isinstance(last, kind):
            return trick(term, p, last)
    return None


def _through_transpose(term: Term, p: tuple, last: Expr) -> tuple[str, Expr] | None:
    assert isinstance(last, T)
    if term.traced and not _opens(last.arg):             # tr(P Yᵀ) = tr(Y Pᵀ)
        return "tr.transpose", Term(term.coef, _factors(last.arg) + _transposed(p), True).expr()
    return "transpose_out", Term(term.coef, p + open_transpose(last.arg), term.traced).expr()


def _through_hadamard(term: Term, p: tuple, last: Expr) -> tuple[str, Expr] | None:
    assert isinstance(last, Hadamard)
    i = _where(last.args)
    others = last.args[:i] + last.args[i + 1:]
    pt = transpose(mul(*p)) if p else Identity((last.shape[0], last.shape[0]))
    left = transpose(hadamard(pt, *others))
    key = "tr.hadamard" if term.traced else "ip.hadamard"      # trick (5) only where a trace is shown
    return key, Term(term.coef, (left,) + _factors(last.args[i]), term.traced).expr()


def _through_diag(term: Term, p: tuple, last: Expr) -> tuple[str, Expr] | None:
    assert isinstance(last, Diag)
    if last.arg.shape[1] == 1:       # tr(P diag(v)) = diag(P)ᵀ v
        left = transpose(Diag(mul(*p))) if p else transpose(Ones(last.arg.shape))
    else:                            # tr(pᵀ diag(M)) = tr(diag(p) M)
        left = Diag(transpose(mul(*p)))
    return "tr.diag", Term(term.coef, (left,) + _factors(last.arg), term.traced).expr()


def _through_kron(term: Term, p: tuple, last: Expr) -> tuple[str, Expr] | None:
    assert isinstance(last, Kron)
    left, y = kron.gradient_through(p, last, has_differential)
    return "tr.kron", Term(term.coef, (left,) + _factors(y), term.traced).expr()


def _through_vec(term: Term, p: tuple, last: Expr) -> tuple[str, Expr] | None:
    assert isinstance(last, Vec)
    if not p:
        return None
    left, y = kron.gradient_through_vec(p, last)
    return "tr.vec", Term(term.coef, (left,) + _factors(y), term.traced).expr()


Opener = Callable[[Term, tuple, Expr], "tuple[str, Expr] | None"]

OPENERS: tuple[tuple[type[Expr], Opener], ...] = (
    (T, _through_transpose), (Hadamard, _through_hadamard), (Diag, _through_diag),
    (Kron, _through_kron), (Vec, _through_vec),
)
"""The factor holding the differential, by its class, and the trick that opens it."""


def _opens(e: Expr) -> bool:
    """Whether ``open_transpose`` moves the transpose inside ``e`` (a matrix: a scalar's
    transpose is the scalar)."""
    return not e.scalar and _opened(e) is not None


# ---------------------------------------------------------------- the whole stage

@dataclass
class Gradients:
    """What the trace stage found: the steps and ``∂f/∂t`` for every target."""

    steps: list[Step]
    grads: dict[Sym, Expr]


def gradients(df: Expr, targets: list[Sym], simplify: Simplifier, of: str) -> Gradients:
    """Bring ``df`` to ``Σ tr(G_tᵀ dt)`` and read off every ``G_t``."""
    steps: list[Step] = []
    terms = expand(df)
    if len(terms) > len(df.args if isinstance(df, Add) else (df,)):    # a product or a trace was split
        key = "tr.linear" if any(isinstance(n, Tr) and isinstance(n.arg, Add) for n in df.walk()) else "expand"
        steps.append(Step(None, add(*terms), key))
    scalar_terms = [t for t in terms if variable_of(t).scalar]
    other = [t for t in terms if not variable_of(t).scalar]
    for _ in range(_MAX_ROUNDS):
        moves = [next_trick(split(t), variable_of(t)) for t in other]
        pending = [m[0] for m in moves if m is not None]
        if not pending:
            break
        key = min(pending, key=lambda k: TRICK_ORDER.index(k) if k in TRICK_ORDER else len(TRICK_ORDER))  # new: last
        other = [m[1] if m is not None and m[0] == key else t for t, m in zip(other, moves)]
        steps.append(Step(None, add(*other, *scalar_terms), key))
    else:
        raise MatDerivError("the engine failed on this input: the trace tricks did not reach "
                            "tr(Dᵀ dX) — please report this block")
    other, scalar_terms, used = _use_symmetry(other, scalar_terms, simplify.symmetric)
    if used:
        steps.append(Step(None, add(*other, *scalar_terms), combine(*(f"symmetric:{n}" for n in used))))
    coefficient: dict[Sym, list[Expr]] = {t: [] for t in targets}
    for t in other:
        term = split(t)
        var = variable_of(t)
        rest = term.chain[:-1] or (Identity((var.shape[1], var.shape[0])),)
        coefficient[var].append(mul(*term.coef, *rest))
    for t in scalar_terms:
        var = variable_of(t)
        coefficient[var].append(substitute(t, {Diff(var): num(1)}))
    collected = {v: simplify(add(*cs)) for v, cs in coefficient.items() if cs}
    final = add(*(_form(p, v) for v, p in collected.items()))
    if any(len(cs) > 1 for cs in coefficient.values()):
        steps.append(Step(None, final, "collect"))
    grads: dict[Sym, Expr] = {}
    for v in targets:
        p = collected.get(v)
        g = simplify(transpose(p), after=p) if p is not None else Zero(v.shape)
        if v.scalar and p is not None:
            g = p
        grads[v] = g
        key = "core.scalar" if v.scalar else ("core.vector" if is_vector(v.shape) else "core")
        steps.append(Step(Grad(of, v, v.shape), g, key))
    return Gradients(steps, grads)


def _use_symmetry(other: list[Expr], scalars: list[Expr], symmetric: frozenset):
    """``Aᵀ → A`` for the symmetric names, as a step of its own; the names it used, sorted."""
    drop = {n: n.arg for t in other + scalars for n in t.walk()
            if isinstance(n, T) and isinstance(n.arg, Sym) and n.arg.name in symmetric}
    if not drop:
        return other, scalars, []
    return ([substitute(t, drop) for t in other], [substitute(t, drop) for t in scalars],
            sorted(s.name for s in drop.values()))


def _form(p: Expr, v: Sym) -> Expr:
    """``tr(P dX)``, ``p dx`` or ``c dt``."""
    if v.scalar:
        return mul(p, Diff(v))
    if is_vector(v.shape):
        return mul(p, Diff(v))
    return Tr(mul(p, Diff(v))) if not isinstance(p, Identity) else Tr(Diff(v))
