"""Products in power form: equal neighbours become powers, a matrix and its inverse cancel.

A factor is read as ``base^k`` (``X⁻¹`` is ``X^-1``, ``(X⁻¹)²`` is ``X^-2``, ``X⁻ᵀ`` is
``(Xᵀ)^-1``).  Matrix factors do not commute, so only neighbours merge
(``X X² = X³``, ``X X⁻¹ = I``); scalar factors commute, so all of one base merge
(``|X| |X|² = |X|³``, ``s s⁻¹ = 1``).  Every rule holds wherever the expression is
defined: ``X⁻¹`` in it means X is invertible, so ``X X⁻¹ = I`` needs no assumption.
The inverse of a product of square matrices, ``(AB)⁻¹ = B⁻¹A⁻¹`` (square factors of
an invertible product are invertible), is opened only where that makes the product
shorter (``X (XᵀX)⁻¹ = X⁻ᵀ`` for a square X).
"""

from __future__ import annotations

from fractions import Fraction

from mkdocs_matderiv.tree import Expr, Identity, Inv, Mul, Num, Pow, Sym, T, mul

Fact = tuple  # (rule key, lhs, rhs): an identity a step relied on, shown by name


def power_form(f: Expr) -> tuple[Expr, Fraction]:
    """``f`` as ``(base, k)`` with ``f = base^k``; matrix exponents are integers."""
    if isinstance(f, Pow) and isinstance(f.right, Num):
        base, k = power_form(f.left)
        p = f.right.value
        if f.left.scalar and p.denominator != 1 and k != 1:   # (s²)^½ is |s|, not s
            return f.left, p
        return base, k * p
    if isinstance(f, Inv):
        base, k = power_form(f.arg)
        return base, -k
    if isinstance(f, T) and not f.scalar and isinstance(f.arg, (Inv, Pow)):
        base, k = power_form(f.arg)
        return (base.arg if isinstance(base, T) else T(base)), k
    return f, Fraction(1)


def from_power(base: Expr, k: Fraction) -> Expr:
    """The factor ``base^k``, transposes outside (``(X⁻¹)ᵀ``, ``(X³)ᵀ``), ``X⁻¹`` for ``k = -1``."""
    if k == 1:
        return base
    if isinstance(base, T) and not base.scalar:
        return T(from_power(base.arg, k))
    if k == -1 and not base.scalar:
        return Inv(base)
    return Pow(base, Num(k))


def scalar_powers(scalars: list[Expr]) -> list[Expr]:
    """Scalar factors with the powers of each base added up (``s s⁻¹`` drops)."""
    total: dict[Expr, Fraction] = {}
    for s in scalars:
        base, k = power_form(s)
        total[base] = total.get(base, Fraction(0)) + k
    return [from_power(b, k) for b, k in total.items() if k != 0]


def matrix_powers(mats: list[Expr], facts: list[Fact]) -> list[Expr]:
    """Neighbouring matrix factors of one base merged; ``X X⁻¹`` and ``X⁻¹ X`` cancel (a fact)."""
    stack: list[list] = []
    for f in mats:
        base, k = power_form(f)
        if isinstance(base, Identity):
            continue
        if stack and stack[-1][0] == base:
            k0 = stack[-1][1]
            if (k0 > 0) != (k > 0):
                b = from_power(base, Fraction(1))
                pair = (b, Inv(b)) if k0 > 0 else (Inv(b), b)
                facts.append(("inverse.cancel", Mul(pair), Identity(b.shape)))
            stack[-1][1] = k0 + k
            if stack[-1][1] == 0:
                stack.pop()
        else:
            stack.append([base, k])
    return [from_power(b, k) for b, k in stack]


def open_inverses(mats: list[Expr], facts: list[Fact]) -> list[Expr] | None:
    """``(AB)⁻ᵏ`` as ``(B⁻¹A⁻¹)ᵏ`` where every factor is square; None when there is none."""
    out: list[Expr] = []
    opened = False
    for f in mats:
        base, k = power_form(f)
        inner = base.arg if isinstance(base, T) else base
        if k < 0 and isinstance(inner, Mul) and all(_square(a) for a in inner.args):
            factors = inner.args if inner is base else tuple(T(a) for a in reversed(inner.args))
            inverses = [from_power(*_inverted(a)) for a in reversed(factors)]
            facts.append(("inverse.product", Inv(inner), mul(*(from_power(*_inverted(a))
                                                                 for a in reversed(inner.args)))))
            out.extend(inverses * int(-k))
            opened = True
        else:
            out.append(f)
    return out if opened else None


def _inverted(f: Expr) -> tuple[Expr, Fraction]:
    base, k = power_form(f)
    return base, -k


def _square(e: Expr) -> bool:
    return not e.scalar and e.shape[0] == e.shape[1]


def leaves(factors) -> int:
    """Names in the factors: the size a reader sees."""
    return sum(1 for f in factors for n in f.walk() if isinstance(n, Sym))
