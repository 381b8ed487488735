"""Sums of entry-wise products collected entry by entry: ``(1 - y) ⊙ s - y ⊙ (1 - s) = s - y``.

Monomials that agree but for one factor, where that factor is an entry-wise product
(or a diagonal matrix of one: ``diag(a) + diag(b) = diag(a + b)``), are added as
polynomials in commuting entries: multiplied out, like terms cancelled, and what every
term shares taken out again (``s - s ⊙ s = s ⊙ (1 - s)``).  The result replaces the
terms only where it is shorter, so ``σ ⊙ (1 - σ)`` stays as written.
"""

from __future__ import annotations

from fractions import Fraction

from mkdocs_matderiv.engine.simplify.powers import Fact
from mkdocs_matderiv.engine.simplify.regroup import common_number
from mkdocs_matderiv.tree import (
    Add, Apply, Diag, ElemPow, Expr, Func, Hadamard, Mul, Num, Ones, Sym, add, hadamard, is_vector, mul, neg,
)

Monomial = tuple  # (Fraction, tuple[Expr, ...], shape)
Poly = dict  # tuple of atom indices (sorted) -> Fraction

#: Multiplying out stops here: beyond it the sum stays as written.
MAX_TERMS = 64


def collect_entrywise(monos: list[Monomial], key, facts: list[Fact]) -> list[Monomial]:
    """``monos`` with each group of terms that differ in one entry-wise factor added entry by
    entry where that is shorter; ``key`` compares factors (up to the order of terms of sums)."""
    done = False
    while not done:
        done = True
        for group, p, diagonal in _groups(monos, key):
            found = _collected([monos[i] for i in group], p, diagonal)
            if found is None:
                continue
            mono, fact = found
            facts.append(fact)
            keep = [m for i, m in enumerate(monos) if i not in group]
            monos = keep[:min(group)] + [mono] + keep[min(group):] if mono[0] != 0 else keep
            done = False
            break
    return monos


def _entrywise(f: Expr) -> bool:
    return isinstance(f, (Hadamard, ElemPow)) and not f.scalar


def _groups(monos: list[Monomial], key):
    """Groups of at least two monomials equal but at position p, where one holds an entry-wise product."""
    keys = [tuple(key(y) for y in f) for _, f, _ in monos]
    seen: set = set()
    for (_, f, s), own in zip(monos, keys):
        for p, x in enumerate(f):
            diagonal = isinstance(x, Diag) and is_vector(x.arg.shape) and _entrywise(x.arg)
            if not (_entrywise(x) or diagonal):
                continue
            rest = own[:p] + own[p + 1:]
            sig = (p, rest, diagonal, x.shape, s)
            if sig in seen:
                continue
            seen.add(sig)
            group = [i for i, ((_, g, t), k) in enumerate(zip(monos, keys))
                     if len(g) == len(f) and t == s and k[:p] + k[p + 1:] == rest
                     and g[p].shape == x.shape and not g[p].scalar
                     and (not diagonal or (isinstance(g[p], Diag) and is_vector(g[p].arg.shape)))]
            if len(group) > 1:
                yield group, p, diagonal


def _collected(group: list[Monomial], p: int, diagonal: bool) -> tuple[Monomial, Fact] | None:
    atoms: list[Expr] = []
    total: Poly = {}
    parts = []
    for c, f, _ in group:
        x = f[p].arg if diagonal else f[p]
        poly = _poly(x, atoms)
        if poly is None:
            return None
        for m, k in poly.items():
            total[m] = total.get(m, Fraction(0)) + c * k
        parts.append(mul(Num(c), f[p]))
    total = {m: k for m, k in total.items() if k != 0}
    c0, f0, s0 = group[0]
    before = sum(_size(f[p]) for _, f, _ in group) + len(group) - 1
    if not total:
        return (Fraction(0), f0, s0), ("hadamard.collect", add(*parts), Num(Fraction(0)))
    g = common_number([(k, (), ()) for k in total.values()])
    value = _rebuild({m: k / g for m, k in total.items()}, atoms, f0[p].arg.shape if diagonal else f0[p].shape)
    if diagonal:
        value = Diag(value)
    if _size(value) >= before:
        return None
    factors = f0[:p] + (value,) + f0[p + 1:]
    return (g, factors, s0), ("hadamard.collect", add(*parts), mul(Num(g), value))


def _poly(e: Expr, atoms: list[Expr]) -> Poly | None:
    """``e`` as a polynomial in its entry-wise atoms; None when it grows past ``MAX_TERMS``."""
    if isinstance(e, Num):
        return {(): e.value}
    if isinstance(e, Ones):
        return {(): Fraction(1)}
    if isinstance(e, Add):
        total: Poly = {}
        for a in e.args:
            q = _poly(a, atoms)
            if q is None:
                return None
            for m, k in q.items():
                total[m] = total.get(m, Fraction(0)) + k
        return total
    if isinstance(e, Mul) and sum(not isinstance(a, Num) for a in e.args) == 1:
        coef = Fraction(1)
        for a in e.args:
            if isinstance(a, Num):
                coef *= a.value
        q = _poly(next(a for a in e.args if not isinstance(a, Num)), atoms)
        return None if q is None else {m: coef * k for m, k in q.items()}
    factors = e.args if isinstance(e, Hadamard) else _repeated(e)
    if factors:
        out: Poly = {(): Fraction(1)}
        for a in factors:
            q = _poly(a, atoms)
            if q is None:
                return None
            prod: Poly = {}
            for m1, k1 in out.items():
                for m2, k2 in q.items():
                    m = tuple(sorted(m1 + m2))
                    prod[m] = prod.get(m, Fraction(0)) + k1 * k2
            if len(prod) > MAX_TERMS:
                return None
            out = prod
        return out
    if e not in atoms:
        atoms.append(e)
    return {(atoms.index(e),): Fraction(1)}


def _repeated(e: Expr) -> tuple[Expr, ...]:
    """``u .^ k`` as ``(u, …, u)`` for a whole k from 2 to 8; empty otherwise."""
    if isinstance(e, ElemPow) and isinstance(e.right, Num) and e.right.value.denominator == 1 \
            and 1 < e.right.value <= 8:
        return (e.left,) * int(e.right.value)
    return ()


def _rebuild(poly: Poly, atoms: list[Expr], shape) -> Expr:
    """The sum, with the atoms every term shares taken out: ``s - s .^ 2 = s ⊙ (1 - s)``."""
    shared = None
    for m in poly:
        counts = {a: m.count(a) for a in set(m)}
        shared = counts if shared is None else {a: min(k, counts.get(a, 0)) for a, k in shared.items()}
    shared = {a: k for a, k in (shared or {}).items() if k}
    rest = {}
    for m, k in poly.items():
        left = list(m)
        for a, n in shared.items():
            for _ in range(n):
                left.remove(a)
        rest[tuple(left)] = k
    outside = [_power(atoms[a], n) for a, n in sorted(shared.items())]
    if list(rest) == [()] and rest[()] == 1:
        return hadamard(*outside) if outside else Ones(shape)
    terms = []
    for m, k in rest.items():
        term = _product(m, atoms, shape)
        term = term if abs(k) == 1 else mul(Num(abs(k)), term)
        terms.append(term if k > 0 else neg(term))
    inside = add(*terms)
    return hadamard(*outside, inside) if outside else inside


def _product(m: tuple, atoms: list[Expr], shape) -> Expr:
    if not m:
        return Num(Fraction(1))
    return hadamard(*(_power(atoms[a], m.count(a)) for a in dict.fromkeys(m)))


def _power(x: Expr, n: int) -> Expr:
    return x if n == 1 else ElemPow(x, Num(Fraction(n)))


def _size(e: Expr) -> int:
    """Names, numbers and functions, and one for each + or -: what a reader reads."""
    return sum(len(n.args) - 1 if isinstance(n, Add) else isinstance(n, (Sym, Num, Func, Apply, Diag))
               for n in e.walk())
