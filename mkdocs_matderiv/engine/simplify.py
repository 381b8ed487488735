"""Readable results: like terms collected, common factors pulled out, assumptions used.

The method: push transposes down to the leaves, expand products over sums into
a list of monomials (numeric coefficient, factors), add up the monomials that
agree, then rebuild by pulling out common numbers and common left/right
factors.  ``XB + XBᵀ`` becomes ``X(B + Bᵀ)``, ``xᵀAᵀ + xᵀA`` with A symmetric
becomes ``2xᵀA``.  Finally a product whose factors are all transposed is shown
as the transpose of one product when that reads with fewer transposes:
``-(X⁻¹AX⁻¹)ᵀ`` rather than ``-X⁻ᵀAᵀX⁻ᵀ``.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd

from mkdocs_matderiv.tree import (
    Add, Diag, Diff, Div, Expr, Hadamard, Identity, Inv, Kron,
    Mul, Num, Ones, Pow, Sym, T, Zero, add, hadamard, is_vector, mul,
)

Monomial = tuple  # (Fraction, tuple[Expr, ...], shape)

#: Multiplying out stops here: beyond it a product of sums stays as written.
MAX_MONOMIALS = 256


class Simplifier:
    """Canonical, readable forms under the block's assumptions."""

    def __init__(self, symmetric: frozenset[str] = frozenset()) -> None:
        self.symmetric = symmetric

    def __call__(self, e: Expr) -> Expr:
        return self.present(self.build(self.monomials(self.push(e)), e.shape))

    # ------------------------------------------------------------ transposes

    def push(self, e: Expr) -> Expr:
        """Transposes pushed down to the leaves; children simplified."""
        if isinstance(e, T):
            return self.transpose(self.push(e.arg))
        if isinstance(e, (Mul, Add)):
            return (mul if isinstance(e, Mul) else add)(*(self.push(a) for a in e.args))
        if isinstance(e, Hadamard):
            args = [a for a in (self(a) for a in e.args) if not _all_ones(a)] or [self(e.args[0])]
            if all(isinstance(a, T) for a in args):      # Aᵀ ⊙ Bᵀ = (A ⊙ B)ᵀ: one transpose
                return T(hadamard(*(a.arg for a in args)))
            return hadamard(*args)
        if isinstance(e, (Sym, Num, Identity, Ones, Zero, Diff)):
            return e
        if isinstance(e, Inv) and isinstance(e.arg, Inv):
            return self.push(e.arg.arg)
        return e.rebuild(tuple(self(c) if not isinstance(c, Diff) else c for c in e.children))

    def transpose(self, e: Expr) -> Expr:
        """``eᵀ`` for an ``e`` whose transposes are already at the leaves."""
        if isinstance(e, T):
            return e.arg
        if isinstance(e, Mul):
            if e.scalar and not any(not a.scalar for a in e.args):
                return e
            return mul(*(self.transpose(a) for a in reversed(e.args)))
        if isinstance(e, Add):
            return add(*(self.transpose(a) for a in e.args))
        if isinstance(e, Div):
            return Div(self.transpose(e.left), e.right)
        if isinstance(e, Kron):
            return Kron(self.transpose(e.left), self.transpose(e.right))
        if isinstance(e, Pow) and not e.left.scalar:
            return Pow(self.transpose(e.left), e.right)
        if isinstance(e, Identity) or (isinstance(e, Diag) and is_vector(e.arg.shape)):
            return e
        if isinstance(e, Zero):
            return Zero((e.shape[1], e.shape[0]))
        if e.scalar:
            return e
        if self.is_symmetric(e):
            return e
        return T(e)

    def is_symmetric(self, e: Expr) -> bool:
        if isinstance(e, Sym):
            return e.name in self.symmetric
        if isinstance(e, (Inv, Pow)):
            return self.is_symmetric(e.left if isinstance(e, Pow) else e.arg)
        return False

    # ------------------------------------------------------------ monomials

    def monomials(self, e: Expr) -> list[Monomial]:
        """``e`` as a sum of ``coef · f1 f2 …`` with like terms added."""
        raw = self._expand(e)
        merged: dict[tuple, Fraction] = {}
        shapes: dict[tuple, tuple] = {}
        for coef, factors, shape in raw:
            key = _canonical_factors(factors)
            merged[key] = merged.get(key, Fraction(0)) + coef
            shapes[key] = shape
        out = [(c, k, shapes[k]) for k, c in merged.items() if c != 0]
        return sorted(out, key=lambda m: (m[0] < 0, _count_t(m[1])))   # stable: the author's order

    def _expand(self, e: Expr) -> list[Monomial]:
        if isinstance(e, Zero):
            return []
        if isinstance(e, Num):
            return [(e.value, (), e.shape)]
        if isinstance(e, Div) and isinstance(e.right, Num):       # x / 2 is (1/2) x
            return [(c / e.right.value, f, s) for c, f, s in self._expand(e.left)]
        if isinstance(e, Add):
            out = []
            for a in e.args:
                out.extend(self._expand(a))
            return out
        if isinstance(e, Mul):
            result: list[Monomial] = [(Fraction(1), (), (1, 1))]
            scalar_unit = e.scalar and any(not a.scalar for a in e.args)
            for a in e.args:
                parts = self._expand(a)
                if not a.scalar:     # (M - α) b: the scalar is added to every entry, M b - α 𝟏𝟏ᵀ b
                    parts = [_spread(m, a.shape) for m in parts]
                if len(result) * len(parts) > MAX_MONOMIALS:     # (u + v)^40: leave the sum whole
                    parts = [(Fraction(1), (a,), a.shape)]
                result = [(c1 * c2, f1 + f2, _join(s1, s2)) for c1, f1, s1 in result for c2, f2, s2 in parts]
            if scalar_unit:   # keep xᵀy together as one commuting factor
                return [(c, (mul(*f),) if len([x for x in f if not x.scalar]) > 1 else f, (1, 1))
                        for c, f, _ in result]
            return result
        return [(Fraction(1), (e,), e.shape)]

    # ------------------------------------------------------------ rebuilding

    def build(self, monos: list[Monomial], shape) -> Expr:
        if not monos:
            return Zero(shape)
        if len(monos) == 1:
            c, f, s = monos[0]
            return _product(c, f, s)
        common = _common_number(monos)
        if common != 1:
            return mul(Num(common), self.build([(c / common, f, s) for c, f, s in monos], shape))
        for side in ("left", "right"):
            factor = _common_end(monos, side)
            if factor is not None:
                rest = [_drop_end(m, side) for m in monos]
                inner = self.build(rest, _rest_shape(shape, factor, side))
                return mul(factor, inner) if side == "left" else mul(inner, factor)
        scalar = _common_scalar(monos)
        if scalar is not None:
            rest = [(c, tuple(x for x in f if x != scalar) if f.count(scalar) == 1 else _remove_one(f, scalar), s)
                    for c, f, s in monos]
            return mul(scalar, self.build(rest, shape))
        groups = _group(monos)
        if groups is not None:
            return add(*(self.build(g, shape) for g in groups))
        return add(*(_product(c, f, s) for c, f, s in monos))

    def present(self, e: Expr) -> Expr:
        """Prefer ``(ABC)ᵀ`` to ``CᵀBᵀAᵀ`` (and ``(a + b)ᵀ`` to ``aᵀ + bᵀ``) when it has fewer transposes."""
        if isinstance(e, Add):
            terms = [self.present(a) for a in e.args]
            flipped = T(add(*(self.transpose(a) for a in terms)))
            if not e.scalar and _count_t((flipped,)) < _count_t(terms):
                return flipped
            return add(*terms)
        if isinstance(e, Mul):
            nums = [a for a in e.args if isinstance(a, Num)]
            rest = [self.present(a) for a in e.args if not isinstance(a, Num)]
            mats = [a for a in rest if not a.scalar]
            scalars = [a for a in rest if a.scalar and not _reciprocal(a)]
            denominators = [a.right for a in rest if _reciprocal(a)]
            if len(mats) > 2:         # (X⁻¹ A X⁻¹)ᵀ, but Aᵀ Bᵀ as textbooks write it
                inner = mul(*(self.present(self.transpose(a)) for a in reversed(mats)))
                if _count_t((inner,)) + 1 < _count_t(mats):
                    mats = [T(inner)]
            if denominators:             # 2 (1/s) x reads as 2x/s
                coef = Fraction(1)
                for d in denominators:
                    if isinstance(d, Mul) and isinstance(d.args[0], Num):
                        coef /= d.args[0].value
                denominators = [mul(*d.args[1:]) if isinstance(d, Mul) and isinstance(d.args[0], Num)
                                else d for d in denominators]
                return Div(mul(*nums, Num(coef), *scalars, *mats), mul(*denominators))
            return mul(*nums, *scalars, *mats)
        return e


# ---------------------------------------------------------------- helpers

def _all_ones(e: Expr) -> bool:
    """``1``, ``𝟏``, ``𝟏ᵀ`` or ``𝟏𝟏ᵀ``: a factor of a Hadamard product that changes nothing."""
    if isinstance(e, Num):
        return e.value == 1
    if isinstance(e, Mul):
        return all(_all_ones(a) for a in e.args)
    return isinstance(e, Ones) or (isinstance(e, T) and isinstance(e.arg, Ones))


def _reciprocal(e: Expr) -> bool:
    return isinstance(e, Div) and e.left == Num(Fraction(1))


def _spread(mono: Monomial, shape) -> Monomial:
    """A scalar term of a matrix-shaped sum as the matrix it stands for: ``α`` is ``α 𝟏𝟏ᵀ``."""
    c, f, s = mono
    if s != (1, 1) or shape == (1, 1):
        return mono
    rows, cols = shape
    left = (Ones((rows, 1)),) if rows != 1 else ()
    right = (T(Ones((cols, 1))),) if cols != 1 else ()
    return (c, f + left + right, shape)


def _join(s1, s2):
    if s1 == (1, 1):
        return s2
    if s2 == (1, 1):
        return s1
    return (s1[0], s2[1])


def _product(c: Fraction, factors: tuple, shape) -> Expr:
    scalars = sorted((f for f in factors if f.scalar), key=_sort_key)
    mats = [f for f in factors if not f.scalar]
    if not mats and shape != (1, 1):
        mats = [Identity(shape)] if shape[0] == shape[1] else mats
    return mul(Num(c), *scalars, *mats)


def _sort_key(e: Expr) -> tuple:
    return (_count_t((e,)), 0 if isinstance(e, Sym) else 1, repr(e))


def _count_t(factors) -> int:
    return sum(1 for f in factors for n in f.walk() if isinstance(n, T))


def _canonical_factors(factors: tuple) -> tuple:
    scalars = sorted((f for f in factors if f.scalar), key=_sort_key)
    return tuple(scalars) + tuple(f for f in factors if not f.scalar)


def _common_number(monos) -> Fraction:
    nums = [abs(c.numerator) for c, _, _ in monos]
    dens = [c.denominator for c, _, _ in monos]
    g = 0
    for n in nums:
        g = gcd(g, n)
    lcm = 1
    for d in dens:
        lcm = lcm * d // gcd(lcm, d)
    common = Fraction(g, lcm) if g else Fraction(1)
    if all(c < 0 for c, _, _ in monos):
        common = -common
    return common


def _common_end(monos, side: str):
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


def _drop_end(m, side: str):
    c, f, s = m
    idx = [i for i, x in enumerate(f) if not x.scalar]
    i = idx[0] if side == "left" else idx[-1]
    factor = f[i]
    rest = f[:i] + f[i + 1:]
    return (c, rest, _rest_shape(s, factor, side))


def _rest_shape(shape, factor, side: str):
    return (factor.shape[1], shape[1]) if side == "left" else (shape[0], factor.shape[0])


def _common_scalar(monos):
    first = [x for x in monos[0][1] if x.scalar]
    for cand in first:
        if all(cand in f for _, f, _ in monos):
            return cand
    return None


def _remove_one(f: tuple, x: Expr) -> tuple:
    i = f.index(x)
    return f[:i] + f[i + 1:]


def _group(monos):
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
