"""Readable results: like terms collected, common factors pulled out, the algebra a teacher does.

The method: push transposes down to the leaves, expand products over sums into
a list of monomials (numeric coefficient, factors), put each monomial's
factors in power form (``X X⁻¹ = I``, ``X X² = X³``, ``|X| |X|² = |X|³``, see
``powers``), add up the monomials that agree, then rebuild: terms grouped by
denominator (the quotient rule's shape), then common numbers and common
left/right factors pulled out.  ``XB + XBᵀ`` becomes ``X(B + Bᵀ)``; a matrix
that is symmetric by assumption or by its form (``(XᵀX)⁻¹``, see ``symmetry``)
loses its transposes; a scalar ``xᵀAᵀx`` is written ``xᵀAx``.  Finally a
product whose factors are all transposed is shown as the transpose of one
product when that reads with fewer transposes: ``-(X⁻¹AX⁻¹)ᵀ`` rather than
``-X⁻ᵀAᵀX⁻ᵀ``.  Each identity relied on that a reader may not see at once
(``X X⁻¹ = I``, "XᵀX is symmetric", ``σ``) is kept as a fact, by rule key, for the
steps to cite (``cite``).
"""

from __future__ import annotations

from fractions import Fraction

from mkdocs_matderiv.engine.simplify.known import diag_of_ones, diagonal_times, entrywise, inner_hadamard
from mkdocs_matderiv.engine.simplify.known import recognise_sigmoid
from mkdocs_matderiv.engine.simplify.powers import (
    Fact, from_power, leaves, matrix_powers, open_inverses, power_form, scalar_powers,
)
from mkdocs_matderiv.engine.simplify.regroup import (
    by_denominator, canonical_factors, common_end, common_number, common_scalar, count_t,
    drop_end, group, is_denominator, join, product, rank_one, remove_one, rest_shape,
)
from mkdocs_matderiv.engine.simplify.symmetry import IMPLIED, symmetry
from mkdocs_matderiv.tree import (
    Add, Det, Diag, Diff, Div, ElemDiv, Expr, Hadamard, Identity, Inv, Kron,
    Mul, Num, Ones, Pow, Sym, T, Zero, add, hadamard, is_vector, mul, neg,
)

Monomial = tuple  # (Fraction, tuple[Expr, ...], shape)

#: Multiplying out stops here: beyond it a product of sums stays as written.
MAX_MONOMIALS = 256


class Simplifier:
    """Canonical, readable forms under the block's assumptions."""

    def __init__(self, symmetric: frozenset[str] = frozenset()) -> None:
        self.symmetric = symmetric
        self.cited: dict[Expr, list[Fact]] = {}
        """Each result with facts -> the facts it relied on, in order of use."""
        self._facts: list[Fact] = []
        self._depth = 0
        self._quiet = 0
        self._memo: dict[Expr, tuple] = {}

    def __call__(self, e: Expr) -> Expr:
        if self._depth == 0:
            self._facts = []
        hit = self._memo.get(e) if not self._quiet else None
        if hit is not None:                         # sigma(W x) simplified once per problem
            out, facts = hit
            self.note(list(facts))
        else:
            start = len(self._facts)
            self._depth += 1
            try:
                out = self.present(self.build(self.monomials(self.push(e)), e.shape))
            finally:
                self._depth -= 1
            if not self._quiet:
                self._memo[e] = (out, tuple(self._facts[start:]))
        if self._depth == 0 and self._facts:
            self.cited[out] = list(dict.fromkeys(self._facts))
        return out

    def note(self, facts: list[Fact]) -> None:
        if not self._quiet:
            self._facts.extend(facts)

    # ------------------------------------------------------------ transposes

    def push(self, e: Expr) -> Expr:
        """Transposes pushed down to the leaves; children simplified; known forms recognised."""
        if isinstance(e, T):
            return self.transpose(self.push(e.arg))
        if isinstance(e, (Mul, Add)):
            return (mul if isinstance(e, Mul) else add)(*(self.push(a) for a in e.args))
        if isinstance(e, Hadamard):
            known = self._entrywise(self._operands(e))     # the whole product first: σ(-x), not σ(x) ⊙ exp(-x)
            if known is not None:
                return self.push(known)
            args = [a for a in (self(a) for a in e.args) if not _all_ones(a)] or [self(e.args[0])]
            transposed = [a.arg for a in args if isinstance(a, T)]
            if len(transposed) == len(args):             # Aᵀ ⊙ Bᵀ = (A ⊙ B)ᵀ: one transpose
                return T(hadamard(*transposed))
            return hadamard(*args)
        if isinstance(e, (Sym, Num, Identity, Ones, Zero, Diff)):
            return e
        if isinstance(e, Inv) and isinstance(e.arg, Inv):
            return self.push(e.arg.arg)
        out = e.rebuild(tuple(self(c) if not isinstance(c, Diff) else c for c in e.children))
        if isinstance(out, ElemDiv):
            return self._entrywise(out) or out
        if isinstance(out, Diag):
            facts: list[Fact] = []
            found = diag_of_ones(out, facts)
            self.note(facts)
            return found or out
        if isinstance(out, Det) and isinstance(out.arg, T):        # |Xᵀ| = |X|
            self.note([("det.transpose", out, Det(out.arg.arg))])
            return self.push(Det(out.arg.arg))
        if isinstance(out, Det) and isinstance(out.arg, (Inv, Pow)):   # |X^k| = |X|^k
            base, k = power_form(out.arg)
            if not isinstance(base, T):
                return self.push(from_power(Det(base), k))
        return out

    def _operands(self, e: Expr) -> Expr:
        """An entry-wise product or quotient with its operands simplified, not yet itself."""
        if isinstance(e, (Hadamard, ElemDiv)):
            return e.rebuild(tuple(self._operands(a) for a in e.children))
        return self(e)

    def _entrywise(self, e: Expr) -> Expr | None:
        facts: list[Fact] = []
        found = entrywise(e, facts) if isinstance(e, (Hadamard, ElemDiv)) else None
        self.note(facts)
        return found

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
        why = self.why_symmetric(e)
        if why is not None:
            if why == IMPLIED:
                self.note([(IMPLIED, T(e), e)])
            return e
        return T(e)

    def why_symmetric(self, e: Expr) -> str | None:
        """The rule key that makes ``e`` symmetric (assumption or form), or None."""
        return symmetry(e, self.symmetric, self.quiet_transpose)

    def quiet_transpose(self, e: Expr) -> Expr:
        """``eᵀ`` for a comparison: no fact is kept."""
        self._quiet += 1
        try:
            return self.transpose(e)
        finally:
            self._quiet -= 1

    def is_symmetric(self, e: Expr) -> bool:
        return self.why_symmetric(e) is not None

    # ------------------------------------------------------------ monomials

    def monomials(self, e: Expr) -> list[Monomial]:
        """``e`` as a sum of ``coef · f1 f2 …`` with factors in power form and like terms added."""
        raw = self._expand(e)
        merged: dict[tuple, Fraction] = {}
        shapes: dict[tuple, tuple] = {}
        for coef, factors, shape in raw:
            key = canonical_factors(self.normal(factors))
            merged[key] = merged.get(key, Fraction(0)) + coef
            shapes[key] = shape
        out = [(c, k, shapes[k]) for k, c in merged.items() if c != 0]
        return sorted(out, key=lambda m: (m[0] < 0, count_t(m[1])))   # stable: the author's order

    def _expand(self, e: Expr) -> list[Monomial]:
        if isinstance(e, Zero):
            return []
        if isinstance(e, Num):
            return [(e.value, (), e.shape)]
        if isinstance(e, Div):
            if isinstance(e.right, Num):                          # x / 2 is (1/2) x
                return [(c / e.right.value, f, s) for c, f, s in self._expand(e.left)]
            over = self._expand(e.right)                          # x / (2 s) is (1/2) x s⁻¹
            c_over, f_over = over[0][:2] if len(over) == 1 else (Fraction(1), (e.right,))
            inverse = tuple(from_power(*_inverted(x)) for x in f_over)
            return [(c / c_over, f + inverse, s) for c, f, s in self._expand(e.left)]
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
                result = [(c1 * c2, f1 + f2, join(s1, s2)) for c1, f1, s1 in result for c2, f2, s2 in parts]
            if scalar_unit:   # keep xᵀy together as one commuting factor
                return [(c, self._scalar_unit(f), (1, 1)) for c, f, _ in result]
            return result
        return [(Fraction(1), (e,), e.shape)]

    def normal(self, factors: tuple) -> tuple:
        """A monomial's factors in power form; an inner ``uᵀ … v`` becomes one scalar factor."""
        mats = self._matrices([f for f in factors if not f.scalar])
        scalars = [f for f in factors if f.scalar]
        i = next((k for k, m in enumerate(mats) if m.shape[0] == 1), None)
        while i is not None:
            j = next((k for k in range(i, len(mats)) if mats[k].shape[1] == 1), None)
            if j is None or (i == 0 and j == len(mats) - 1):
                break
            scalars.extend(self._scalar_unit(tuple(mats[i:j + 1])))
            mats = mats[:i] + mats[j + 1:]
            i = next((k for k, m in enumerate(mats) if m.shape[0] == 1 and k >= i), None)
        return tuple(self._scalars(scalars)) + tuple(mats)

    def _scalars(self, scalars: list[Expr]) -> list[Expr]:
        merged = scalar_powers(scalars)
        total = dict(power_form(s) for s in merged)
        facts: list[Fact] = []
        if len(total) == len(merged) and recognise_sigmoid(total, facts):   # exp(t) / (1 + exp(t)) = σ(t)
            self.note(facts)
            return [from_power(b, k) for b, k in total.items()]
        return merged

    def _matrices(self, mats: list[Expr]) -> list[Expr]:
        facts: list[Fact] = []
        plain = matrix_powers(mats, facts)
        opened_facts: list[Fact] = []
        opened = open_inverses(mats, opened_facts)
        if opened is not None:
            opened = matrix_powers(opened, opened_facts)
            if leaves(opened) < leaves(plain):
                plain, facts = opened, opened_facts
        self.note(facts)
        i = 0
        while i < len(plain) - 1:                    # diag(v) w = v ⊙ w for a column w
            facts = []
            found = diagonal_times(plain[i], plain[i + 1], facts)
            if found is None:
                i += 1
                continue
            self.note(facts)
            plain = plain[:i] + [found] + plain[i + 2:]
        return plain

    def _scalar_unit(self, f: tuple) -> tuple:
        """``uᵀ M v`` as one commuting factor, written the way round with fewer transposes."""
        scalars = [x for x in f if x.scalar]
        mats = self._matrices([x for x in f if not x.scalar])
        if not mats:
            return tuple(scalars)
        if len(mats) == 2:
            facts: list[Fact] = []
            found = inner_hadamard(self.transpose(mats[0]), mats[1], facts)
            if found is not None:
                self.note(facts)
                return tuple(scalars) + (found,)
        unit = mul(*mats)
        if len(mats) == 1:
            return tuple(scalars) + (unit,)
        flipped = mul(*(self.quiet_transpose(a) for a in reversed(mats)))
        if (count_t((flipped,)), repr(flipped)) < (count_t((unit,)), repr(unit)):
            if count_t((flipped,)) < count_t((unit,)):
                self.note([("scalar_transpose", unit, flipped)])
            unit = flipped
        return tuple(scalars) + (unit,)

    # ------------------------------------------------------------ rebuilding

    def build(self, monos: list[Monomial], shape) -> Expr:
        if not monos:
            return Zero(shape)
        groups = by_denominator(monos)
        if groups[0][0] or len(groups) > 1:            # a / s + b / s²: one quotient per denominator
            return add(*(mul(*den, self.build(numerators, shape)) for den, numerators in groups))
        if len(monos) == 1:
            c, f, s = monos[0]
            return product(c, f, s)
        common = common_number(monos)
        if common != 1:
            return mul(Num(common), self.build([(c / common, f, s) for c, f, s in monos], shape))
        for side in ("left", "right"):
            factor = common_end(monos, side)
            if factor is not None:
                rest = [drop_end(m, side) for m in monos]
                inner = self.build(rest, rest_shape(shape, factor, side))
                return mul(factor, inner) if side == "left" else mul(inner, factor)
        scalar = common_scalar(monos)
        if scalar is not None:
            rest = [(c, tuple(x for x in f if x != scalar) if f.count(scalar) == 1 else remove_one(f, scalar), s)
                    for c, f, s in monos]
            return mul(scalar, self.build(rest, shape))
        outer = rank_one(monos, self.quiet_transpose)
        if outer is not None:                           # xxᵀ - xmᵀ - mxᵀ + mmᵀ = (x - m)(x - m)ᵀ
            sign, lefts, rights = outer
            return mul(Num(sign), self.build(lefts, lefts[0][2]), self.build(rights, rights[0][2]))
        groups = group(monos)
        if groups is not None:
            return add(*(self.build(g, shape) for g in groups))
        return add(*(product(c, f, s) for c, f, s in monos))

    def present(self, e: Expr) -> Expr:
        """Prefer ``(ABC)ᵀ`` to ``CᵀBᵀAᵀ`` (and ``(a + b)ᵀ`` to ``aᵀ + bᵀ``) when it has fewer transposes;
        powers of scalars below 0 as denominators."""
        if isinstance(e, Add):
            terms = [self.present(a) for a in e.args]
            flipped = T(add(*(self.quiet_transpose(a) for a in terms)))
            if not e.scalar and count_t((flipped,)) < count_t(terms):
                return flipped
            return add(*terms)
        if isinstance(e, Mul):
            nums = [a for a in e.args if isinstance(a, Num)]
            denominators = [self.present(from_power(*_inverted(a))) for a in e.args if is_denominator(a)]
            rest = [self.present(a) for a in e.args if not isinstance(a, Num) and not is_denominator(a)]
            mats = [a for a in rest if not a.scalar]
            scalars = [a for a in rest if a.scalar]
            if len(mats) > 2:         # (X⁻¹ A X⁻¹)ᵀ, but Aᵀ Bᵀ as textbooks write it
                inner = mul(*(self.present(self.quiet_transpose(a)) for a in reversed(mats)))
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
            return Div(Num(Fraction(1)), from_power(*_inverted(e)))
        return e


# ---------------------------------------------------------------- helpers

def _inverted(f: Expr) -> tuple[Expr, Fraction]:
    base, k = power_form(f)
    return base, -k


def _spread(mono: Monomial, shape) -> Monomial:
    """A scalar term of a matrix-shaped sum as the matrix it stands for: ``α`` is ``α 𝟏𝟏ᵀ``."""
    c, f, s = mono
    if s != (1, 1) or shape == (1, 1):
        return mono
    rows, cols = shape
    left = (Ones((rows, 1)),) if rows != 1 else ()
    right = (T(Ones((cols, 1))),) if cols != 1 else ()
    return (c, f + left + right, shape)


def _all_ones(e: Expr) -> bool:
    """``1``, ``𝟏``, ``𝟏ᵀ`` or ``𝟏𝟏ᵀ``: a factor of a Hadamard product that changes nothing."""
    if isinstance(e, Num):
        return e.value == 1
    if isinstance(e, Mul):
        return all(_all_ones(a) for a in e.args)
    return isinstance(e, Ones) or (isinstance(e, T) and isinstance(e.arg, Ones))
