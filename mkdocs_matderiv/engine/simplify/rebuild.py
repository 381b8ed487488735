"""From monomials back to an expression, as a teacher writes it.

Terms are grouped by denominator (the quotient rule's shape), then common numbers
and common left/right factors pulled out: ``XB + XBᵀ`` becomes ``X(B + Bᵀ)``.  Finally
a product whose factors are all transposed is shown as the transpose of one product
when that reads with fewer transposes: ``-(X⁻¹AX⁻¹)ᵀ`` rather than ``-X⁻ᵀAᵀX⁻ᵀ``.
"""

from __future__ import annotations

from fractions import Fraction

from mkdocs_matderiv.engine.simplify.monomials import Monomial, inverted
from mkdocs_matderiv.engine.simplify.powers import from_power
from mkdocs_matderiv.engine.simplify.regroup import (
    by_denominator, common_end, common_number, common_scalar, count_t, drop_end, group, is_denominator,
    product, rank_one, remove_one, rest_shape,
)
from mkdocs_matderiv.engine.simplify.symmetry import flipped
from mkdocs_matderiv.tree import Add, Div, Expr, Mul, Num, T, Zero, add, mul, neg


def build(monos: list[Monomial], shape, symmetric: frozenset[str]) -> Expr:
    """The sum of the monomials with what the terms share pulled out, once."""
    if not monos:
        return Zero(shape)
    groups = by_denominator(monos)
    if groups[0][0] or len(groups) > 1:            # a / s + b / s²: one quotient per denominator
        return add(*(mul(*den, build(numerators, shape, symmetric)) for den, numerators in groups))
    if len(monos) == 1:
        c, f, s = monos[0]
        return product(c, f, s)
    common = common_number(monos)
    if common != 1:
        return mul(Num(common), build([(c / common, f, s) for c, f, s in monos], shape, symmetric))
    for side in ("left", "right"):
        factor = common_end(monos, side)
        if factor is not None:
            rest = [drop_end(m, side) for m in monos]
            inner = build(rest, rest_shape(shape, factor, side), symmetric)
            return mul(factor, inner) if side == "left" else mul(inner, factor)
    scalar = common_scalar(monos)
    if scalar is not None:
        rest = [(c, tuple(x for x in f if x != scalar) if f.count(scalar) == 1 else remove_one(f, scalar), s)
                for c, f, s in monos]
        return mul(scalar, build(rest, shape, symmetric))
    opened = _opened_units(monos) if shape[1] == 1 and shape[0] != 1 else None
    if opened is not None:                          # K s (sᵀVc) - K diag(s) V c = K (s sᵀ - diag(s)) V c
        return build(opened, shape, symmetric)
    column = common_column(monos) if shape == (1, 1) else None
    if column is not None:                          # aᵀb + t bᵀb = (a + t b)ᵀb
        rows = [(c, tuple(x for x in f if _inner(x) is None) + tuple(_row(f)), (1, column.shape[0]))
                for c, f, _ in monos]
        return mul(build(rows, (1, column.shape[0]), symmetric), column)
    outer = rank_one(monos, lambda x: flipped(x, symmetric))
    if outer is not None:                           # xxᵀ - xmᵀ - mxᵀ + mmᵀ = (x - m)(x - m)ᵀ
        sign, lefts, rights = outer
        return mul(Num(sign), build(lefts, lefts[0][2], symmetric), build(rights, rights[0][2], symmetric))
    groups = group(monos)
    if groups is not None:
        return add(*(build(g, shape, symmetric) for g in groups))
    return add(*(product(c, f, s) for c, f, s in monos))


def _inner(x) -> tuple | None:
    """``(uᵀ, v)`` for a scalar factor ``uᵀv`` of two vectors (or the one such factor of a
    monomial's factors); None otherwise."""
    if isinstance(x, tuple):
        found = [_inner(y) for y in x if _inner(y) is not None]
        return found[0] if len(found) == 1 else None
    if isinstance(x, Mul) and x.scalar and len(x.args) == 2 and x.args[1].shape[1] == 1 \
            and x.args[0].shape[0] == 1 and not x.args[1].scalar:
        return x.args
    return None


def _opened_units(monos: list[Monomial]) -> list[Monomial] | None:
    """Where a column-shaped term ``w (uᵀ M v)`` read as ``w uᵀ M v`` gives every term one right
    end, the terms so read; None otherwise."""
    out = []
    for c, f, s in monos:
        mats = [x for x in f if not x.scalar]
        units = [x for x in f if isinstance(x, Mul) and x.scalar and any(not a.scalar for a in x.args)]
        if len(units) == 1 and mats and mats[-1].shape[1] == 1 and units[0].args[0].shape[0] == 1:
            f = tuple(x for x in f if x is not units[0]) + tuple(units[0].args)
        out.append((c, f, s))
    if out == monos or common_end(out, "right") is None \
            or any(sum(not x.scalar for x in f) < 2 for _, f, _ in out):      # no identity left behind
        return None
    return out


def _row(f: tuple) -> tuple:
    found = _inner(f)
    return (found[0],) if found is not None else ()


def common_column(monos: list[Monomial]) -> Expr | None:
    """The vector v every term ends with as one inner product ``uᵀv`` (two terms or more)."""
    columns = []
    for _, f, _ in monos:
        end = _inner(f)
        if end is None:
            return None
        columns.append(end[1])
    return columns[0] if len(columns) > 1 and all(v == columns[0] for v in columns) else None


def present(e: Expr, symmetric: frozenset[str]) -> Expr:
    """Prefer ``(ABC)ᵀ`` to ``CᵀBᵀAᵀ`` (and ``(a + b)ᵀ`` to ``aᵀ + bᵀ``) when it has fewer transposes;
    powers of scalars below 0 as denominators."""
    if isinstance(e, Add):
        terms = [present(a, symmetric) for a in e.args]
        other = T(add(*(flipped(a, symmetric) for a in terms)))
        if not e.scalar and count_t((other,)) < count_t(terms):
            return other
        return add(*terms)
    if isinstance(e, Mul):
        nums = [a for a in e.args if isinstance(a, Num)]
        denominators = [present(from_power(*inverted(a)), symmetric) for a in e.args if is_denominator(a)]
        rest = [present(a, symmetric) for a in e.args if not isinstance(a, Num) and not is_denominator(a)]
        mats = [a for a in rest if not a.scalar]
        scalars = [a for a in rest if a.scalar]
        if len(mats) > 2:         # (X⁻¹ A X⁻¹)ᵀ, but Aᵀ Bᵀ as textbooks write it
            inner = mul(*(present(flipped(a, symmetric), symmetric) for a in reversed(mats)))
            if count_t((inner,)) + 1 < count_t(mats):
                mats = [T(inner)]
        if denominators:             # 2 s⁻¹ x reads as 2x/s, (1/2) s⁻¹ x as x/(2s), -x/s as -(x/s)
            coef = Fraction(1)
            for n in nums:
                coef *= n.value
            top, bottom = Num(Fraction(abs(coef.numerator))), Num(Fraction(coef.denominator))
            quotient = Div(mul(top, *scalars, *mats), mul(bottom, *denominators))
            return neg(quotient) if coef < 0 else quotient
        return mul(*nums, *scalars, *mats)
    if is_denominator(e):
        return Div(Num(Fraction(1)), from_power(*inverted(e)))
    return e
