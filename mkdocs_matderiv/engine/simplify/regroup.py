"""Rebuilding a sum of monomials: what the terms share comes out, once.

A monomial is ``(coefficient, factors, shape)``: scalar factors commute, matrix
factors keep their order.  Helpers here find a common number, a common end
factor, a common scalar, a shared denominator, a rank-one table of terms
(``xxᵀ - xmᵀ - mxᵀ + mmᵀ = (x - m)(x - m)ᵀ``) and groups that share an end.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd

from mkdocs_matderiv.tree import Expr, Identity, Num, Pow, Sym, T, mul

Monomial = tuple  # (Fraction, tuple[Expr, ...], shape)


def join(s1, s2):
    if s1 == (1, 1):
        return s2
    if s2 == (1, 1):
        return s1
    return (s1[0], s2[1])


def product(c: Fraction, factors: tuple, shape) -> Expr:
    scalars = sorted((f for f in factors if f.scalar), key=sort_key)
    mats = [f for f in factors if not f.scalar]
    if not mats and shape != (1, 1):
        mats = [Identity(shape)] if shape[0] == shape[1] else mats
    return mul(Num(c), *scalars, *mats)


def sort_key(e: Expr) -> tuple:
    return (count_t((e,)), 0 if isinstance(e, Sym) else 1, repr(e))


def count_t(factors) -> int:
    return sum(1 for f in factors for n in f.walk() if isinstance(n, T))


def canonical_factors(factors: tuple) -> tuple:
    scalars = sorted((f for f in factors if f.scalar), key=sort_key)
    return tuple(scalars) + tuple(f for f in factors if not f.scalar)


def is_denominator(f: Expr) -> bool:
    """A scalar factor with a negative power: ``1/s`` is ``s^-1`` in a monomial."""
    return f.scalar and isinstance(f, Pow) and isinstance(f.right, Num) and f.right.value < 0


def denominators(monos) -> list[tuple]:
    """Per monomial, its denominator factors (canonical order)."""
    return [tuple(sorted((x for x in f if is_denominator(x)), key=sort_key)) for _, f, _ in monos]


def by_denominator(monos) -> list[tuple[tuple, list]]:
    """The monomials grouped by denominator, each group's numerators without it."""
    groups: dict[tuple, list] = {}
    for m, den in zip(monos, denominators(monos)):
        c, f, s = m
        groups.setdefault(den, []).append((c, tuple(x for x in f if not is_denominator(x)), s))
    return list(groups.items())


def common_number(monos) -> Fraction:
    g = 0
    for c, _, _ in monos:
        g = gcd(g, abs(c.numerator))
    lcm = 1
    for c, _, _ in monos:
        lcm = lcm * c.denominator // gcd(lcm, c.denominator)
    common = Fraction(g, lcm) if g else Fraction(1)
    if all(c < 0 for c, _, _ in monos):
        common = -common
    return common


def common_end(monos, side: str):
    ends = []
    for _, f, _ in monos:
        mats = [x for x in f if not x.scalar]
        if len(mats) == 0:
            return None
        ends.append(mats[0] if side == "left" else mats[-1])
    if all(e == ends[0] for e in ends):
        # pulling the only factor of every term out would leave identities only
        if all(len([x for x in f if not x.scalar]) == 1 for _, f, _ in monos):
            return None
        return ends[0]
    return None


def drop_end(m, side: str):
    c, f, s = m
    idx = [i for i, x in enumerate(f) if not x.scalar]
    i = idx[0] if side == "left" else idx[-1]
    factor = f[i]
    rest = f[:i] + f[i + 1:]
    return (c, rest, rest_shape(s, factor, side))


def rest_shape(shape, factor, side: str):
    return (factor.shape[1], shape[1]) if side == "left" else (shape[0], factor.shape[0])


def common_scalar(monos):
    first = [x for x in monos[0][1] if x.scalar]
    for cand in first:
        if all(cand in f for _, f, _ in monos):
            return cand
    return None


def remove_one(f: tuple, x: Expr) -> tuple:
    i = f.index(x)
    return f[:i] + f[i + 1:]


def rank_one(monos, transpose):
    """``Σ cᵢⱼ Lᵢ Rⱼ`` with ``cᵢⱼ = aᵢ bⱼ`` over every pair: ``(sign, [aᵢ Lᵢ], [bⱼ Rⱼ])``, else None.

    Lᵢ is each term's first matrix factor, Rⱼ the rest; at least two of each, so that
    the product of two sums is shorter than the sum it replaces.
    """
    table: dict[tuple, Fraction] = {}
    lefts: dict[Expr, None] = {}
    rights: dict[tuple, None] = {}
    for c, f, _ in monos:
        mats = [i for i, x in enumerate(f) if not x.scalar]
        if len(mats) < 2:
            return None
        i = mats[0]
        left, right = f[i], f[:i] + f[i + 1:]
        lefts.setdefault(left)
        rights.setdefault(right)
        table[(left, right)] = c
    if len(lefts) < 2 or len(rights) < 2 or not len(table) == len(lefts) * len(rights) == len(monos):
        return None
    left0, right0 = next(iter(lefts)), next(iter(rights))
    pivot = table[(left0, right0)]
    a = {lf: table[(lf, right0)] / pivot for lf in lefts}
    b = {r: table[(left0, r)] for r in rights}
    if any(table[(lf, r)] != a[lf] * b[r] for lf in lefts for r in rights):
        return None
    def score(choice):      # (x - m)(x - m)ᵀ: the two sums transposes of each other, few minus signs
        s, fa, fb = choice
        mirrored = all(fb * b.get((transpose(lf),), 0) == fa * a[lf] for lf in lefts)
        minus = sum(fa * a[lf] < 0 for lf in lefts) + sum(fb * b[r] < 0 for r in rights)
        return (not mirrored, minus, s < 0)

    one = Fraction(1)
    sign, fa, fb = min(((one, one, one), (-one, -one, one), (-one, one, -one), (one, -one, -one)), key=score)
    rshape = (left0.shape[1], monos[0][2][1])
    plus_first = lambda terms: sorted(terms, key=lambda m: m[0] < 0)  # noqa: E731
    return (sign, plus_first([(fa * a[lf], (lf,), lf.shape) for lf in lefts]),
            plus_first([(fb * b[r], r, rshape) for r in rights]))


def group(monos):
    """Split the monomials into groups sharing an end factor, when that helps."""
    for side in ("right", "left"):
        buckets: dict = {}
        order = []
        for m in monos:
            mats = [x for x in m[1] if not x.scalar]
            key = (mats[-1] if side == "right" else mats[0]) if len(mats) > 1 else None
            if key not in buckets:
                order.append(key)
            buckets.setdefault(key, []).append(m)
        if any(k is not None and len(v) > 1 for k, v in buckets.items()) and len(buckets) > 1:
            groups = []
            for k in order:
                if k is None:
                    groups.extend([[m] for m in buckets[k]])
                else:
                    groups.append(buckets[k])
            return groups
    return None
