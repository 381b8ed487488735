"""The core: an expression as a sum of monomials ``coef · f1 f2 …``, like terms added.

Products are expanded over sums (up to ``MAX_MONOMIALS``), each monomial's
factors put in power form (``X X⁻¹ = I``, ``X X² = X³``, ``|X| |X|² = |X|³``, see
``powers``), an inner ``uᵀ … v`` kept as one commuting scalar factor written the way
round with fewer transposes, and the monomials that agree added up.  The identities
it relies on are added to the caller's ``facts``.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from functools import lru_cache

from mkdocs_matderiv.engine.simplify.collect import collect_entrywise
from mkdocs_matderiv.engine.simplify.known import diagonal_product, diagonal_times, inner_hadamard, recognise
from mkdocs_matderiv.engine.simplify.powers import (
    Fact, from_power, leaves, matrix_powers, open_inverses, power_form, scalar_powers,
)
from mkdocs_matderiv.engine.simplify.regroup import canonical_factors, count_t, join
from mkdocs_matderiv.engine.simplify.rewrite import Assumed
from mkdocs_matderiv.engine.simplify.symmetry import flipped, transpose
from mkdocs_matderiv.tree import Add, Div, Expr, Mul, Num, Ones, Sym, T, Tr, Zero, mul

Monomial = tuple  # (Fraction, tuple[Expr, ...], shape)

#: Multiplying out stops here: beyond it a product of sums stays as written.
MAX_MONOMIALS = 256


def monomials(e: Expr, assumed: Assumed, facts: list[Fact]) -> list[Monomial]:
    """``e`` as a sum of ``coef · f1 f2 …`` with factors in power form and like terms added."""
    merged: dict[tuple, Fraction] = {}
    shapes: dict[tuple, tuple] = {}
    written: dict[tuple, tuple] = {}          # like terms agree up to the order of the terms of a sum
    for coef, factors, shape in _expand(e, assumed, facts):
        key = canonical_factors(_normal(factors, assumed, facts))
        free = tuple(order_free(f) for f in key)
        key = written.setdefault(free, key)
        merged[key] = merged.get(key, Fraction(0)) + coef
        shapes[key] = shape
    out = [(c, k, shapes[k]) for k, c in merged.items() if c != 0]
    out = collect_entrywise(out, order_free, facts)
    return sorted(out, key=lambda m: (m[0] < 0, count_t(m[1])))   # stable: the author's order


_HOLE = Sym("·", (1, 1))


@lru_cache(maxsize=16384)
def order_free(e: Expr) -> object:
    """``e`` up to the order of the terms of its sums and a turn of the factors of a trace:
    ``a + b`` and ``b + a`` have one key, and ``tr(AB)`` and ``tr(BA)``."""
    if isinstance(e, Add):
        return ("+", frozenset(Counter(order_free(a) for a in e.args).items()))
    if isinstance(e, Tr):                # tr(AB + C) = tr(BA + C): one key for every turn of each term
        terms = e.arg.args if isinstance(e.arg, Add) else (e.arg,)
        return ("tr", frozenset(Counter(_turned(t) for t in terms).items()))
    if not e.children:
        return e
    return (e.rebuild(tuple(_HOLE for _ in e.children)), tuple(order_free(c) for c in e.children))


def _turned(e: Expr) -> object:
    """A product up to a turn of its factors (inside a trace)."""
    if not isinstance(e, Mul):
        return order_free(e)
    parts = tuple(order_free(a) for a in e.args)
    turns = [parts[i:] + parts[:i] for i in range(len(parts))]
    return min(turns, key=lambda turn: tuple(hash(x) for x in turn))


def inverted(f: Expr) -> tuple[Expr, Fraction]:
    """``f`` as ``(base, -k)`` for ``f = base^k``: its reciprocal in power form."""
    base, k = power_form(f)
    return base, -k


def _expand(e: Expr, assumed: Assumed, facts: list[Fact]) -> list[Monomial]:
    if isinstance(e, Zero):
        return []
    if isinstance(e, Num):
        return [(e.value, (), e.shape)]
    if isinstance(e, Div):
        if isinstance(e.right, Num):                          # x / 2 is (1/2) x
            return [(c / e.right.value, f, s) for c, f, s in _expand(e.left, assumed, facts)]
        over = _expand(e.right, assumed, facts)             # x / (2 s) is (1/2) x s⁻¹
        c_over, f_over = over[0][:2] if len(over) == 1 else (Fraction(1), (e.right,))
        inverse = tuple(from_power(*inverted(x)) for x in f_over)
        return [(c / c_over, f + inverse, s) for c, f, s in _expand(e.left, assumed, facts)]
    if isinstance(e, Add):
        return [m for a in e.args for m in _expand(a, assumed, facts)]
    if isinstance(e, Mul):
        result: list[Monomial] = [(Fraction(1), (), (1, 1))]
        scalar_unit = e.scalar and any(not a.scalar for a in e.args)
        for a in e.args:
            parts = _expand(a, assumed, facts)
            if not a.scalar:     # (M - α) b: the scalar is added to every entry, M b - α 𝟏𝟏ᵀ b
                parts = [_spread(m, a.shape) for m in parts]
            if len(result) * len(parts) > MAX_MONOMIALS:     # (u + v)^40: leave the sum whole
                parts = [(Fraction(1), (a,), a.shape)]
            result = [(c1 * c2, f1 + f2, join(s1, s2)) for c1, f1, s1 in result for c2, f2, s2 in parts]
        if scalar_unit:   # keep xᵀy together as one commuting factor
            return [(c, _scalar_unit(f, assumed, facts), (1, 1)) for c, f, _ in result]
        return result
    return [(Fraction(1), (e,), e.shape)]


def _normal(factors: tuple, assumed: Assumed, facts: list[Fact]) -> tuple:
    """A monomial's factors in power form; an inner ``uᵀ … v`` becomes one scalar factor."""
    mats = _matrices([f for f in factors if not f.scalar], facts)
    scalars = [f for f in factors if f.scalar]
    i = next((k for k, m in enumerate(mats) if m.shape[0] == 1), None)
    while i is not None:
        j = next((k for k in range(i, len(mats)) if mats[k].shape[1] == 1), None)
        if j is None or (i == 0 and j == len(mats) - 1):
            break
        scalars.extend(_scalar_unit(tuple(mats[i:j + 1]), assumed, facts))
        mats = mats[:i] + mats[j + 1:]
        i = next((k for k, m in enumerate(mats) if m.shape[0] == 1 and k >= i), None)
    return tuple(_scalars(scalars, facts)) + tuple(mats)


def _scalars(scalars: list[Expr], facts: list[Fact]) -> list[Expr]:
    merged = scalar_powers(scalars)
    total = dict(power_form(s) for s in merged)
    if len(total) == len(merged) and recognise(total, facts):   # exp(t) / (1 + exp(t)) = σ(t)
        return [from_power(b, k) for b, k in total.items()]
    return merged


def _matrices(mats: list[Expr], facts: list[Fact]) -> list[Expr]:
    """Matrix factors in power form, inverses of products opened where that is shorter,
    ``diag(v) w = v ⊙ w`` for a column w, ``diag(u) diag(v) = diag(u ⊙ v)``."""
    plain_facts: list[Fact] = []
    plain = matrix_powers(mats, plain_facts)
    opened_facts: list[Fact] = []
    opened = open_inverses(mats, opened_facts)
    if opened is not None:
        opened = matrix_powers(opened, opened_facts)
        if leaves(opened) < leaves(plain):
            plain, plain_facts = opened, opened_facts
    facts.extend(plain_facts)
    i = 0
    while i < len(plain) - 1:
        found = diagonal_times(plain[i], plain[i + 1], facts) or diagonal_product(plain[i], plain[i + 1], facts)
        if found is None:
            i += 1
            continue
        plain = plain[:i] + [found] + plain[i + 2:]
    return plain


def _scalar_unit(f: tuple, assumed: Assumed, facts: list[Fact]) -> tuple:
    """``uᵀ M v`` as one commuting factor, written the way round with fewer transposes."""
    scalars = [x for x in f if x.scalar]
    mats = _matrices([x for x in f if not x.scalar], facts)
    if not mats:
        return tuple(scalars)
    if len(mats) == 2:
        found = inner_hadamard(transpose(mats[0], assumed.symmetric, facts), mats[1], facts)
        if found is not None:
            return tuple(scalars) + _unless_one(found, assumed, facts)
    unit = mul(*mats)
    if len(mats) == 1:
        return tuple(scalars) + (unit,)
    if _unless_one(unit, assumed, facts) == ():
        return tuple(scalars)
    other = mul(*(flipped(a, assumed.symmetric) for a in reversed(mats)))
    if (count_t((other,)), repr(other)) < (count_t((unit,)), repr(unit)):
        if count_t((other,)) < count_t((unit,)):
            facts.append(("scalar_transpose", unit, other))
        unit = other
    return tuple(scalars) + (unit,)


def _unless_one(unit: Expr, assumed: Assumed, facts: list[Fact]) -> tuple:
    """``(unit,)``, or nothing for ``𝟏ᵀy = 1`` with y a probability vector."""
    if (isinstance(unit, Mul) and len(unit.args) == 2 and isinstance(unit.args[0], T)
            and isinstance(unit.args[0].arg, Ones) and isinstance(unit.args[1], Sym)
            and unit.args[1].name in assumed.probability):
        facts.append((f"probability:{unit.args[1].name}", unit, Num(Fraction(1))))
        return ()
    return (unit,)


def _spread(mono: Monomial, shape) -> Monomial:
    """A scalar term of a matrix-shaped sum as the matrix it stands for: ``α`` is ``α 𝟏𝟏ᵀ``."""
    c, f, s = mono
    if s != (1, 1) or shape == (1, 1):
        return mono
    rows, cols = shape
    left = (Ones((rows, 1)),) if rows != 1 else ()
    right = (T(Ones((cols, 1))),) if cols != 1 else ()
    return (c, f + left + right, shape)
