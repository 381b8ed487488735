"""The smart constructors: build tree nodes in canonical form.

Why beside the plain nodes: a node keeps whatever form it is given, so a stage
that builds a sum, product, negation, transpose or trace goes through these to
get it in canonical form (zeros absorb, identities and 1 drop, numbers fold to
the front, double transposes cancel), and the forms a derivation shows stay
comparable.
"""

from __future__ import annotations

from fractions import Fraction

from mkdocs_matderiv.tree.nodes import (
    SCALAR, Add, Expr, Hadamard, Identity, Mul, Num, Shape, Sym, T, Tr, Zero,
)


def num(value: int | Fraction) -> Num:
    return Num(Fraction(value))


def neg(e: Expr) -> Expr:
    """``-e`` in canonical form (folds numbers, cancels double negation)."""
    if isinstance(e, Num):
        return Num(-e.value)
    if isinstance(e, Mul) and isinstance(e.args[0], Num):
        c = -e.args[0].value
        rest = e.args[1:]
        if c == 1:
            return rest[0] if len(rest) == 1 else Mul(rest)
        return Mul((Num(c),) + rest)
    return Mul((Num(Fraction(-1)), e))


def mul(*factors: Expr) -> Expr:
    """A flattened product; zeros absorb, identities and 1 drop, numbers fold to the front."""
    flat: list[Expr] = []
    coef = Fraction(1)
    for f in factors:
        # a scalar product of matrices (x^T x) is one commuting factor, not inlined
        inline = isinstance(f, Mul) and (not f.scalar or all(a.scalar for a in f.args))
        for p in (f.children if inline else (f,)):
            if isinstance(p, Num):
                coef *= p.value
            elif isinstance(p, Zero):
                return Zero(_product_shape(factors))
            else:
                flat.append(p)
    shape = _product_shape(factors)
    if coef == 0:
        return Zero(shape)
    if any(not p.scalar and not isinstance(p, Identity) for p in flat):
        flat = [p for p in flat if not isinstance(p, Identity)]
    elif any(isinstance(p, Identity) for p in flat):
        flat = [p for p in flat if not isinstance(p, Identity)] + [Identity(shape)]
    if coef != 1:
        flat.insert(0, Num(coef))
    if not flat:
        return Num(coef) if shape == SCALAR else Identity(shape)
    return flat[0] if len(flat) == 1 else Mul(tuple(flat))


def _product_shape(factors) -> Shape:
    mats = [f for f in factors if not f.scalar]
    if not mats:
        return SCALAR
    return (mats[0].shape[0], mats[-1].shape[1])


def add(*terms: Expr) -> Expr:
    """A flattened sum; zero terms drop."""
    flat: list[Expr] = []
    shape = SCALAR
    for t in terms:
        if not t.scalar:
            shape = t.shape
        for p in (t.args if isinstance(t, Add) else (t,)):
            if not isinstance(p, Zero):
                flat.append(p)
    if not flat:
        return Zero(shape)
    return flat[0] if len(flat) == 1 else Add(tuple(flat))


def hadamard(*factors: Expr) -> Expr:
    """A flattened element-wise product; a scalar factor becomes an ordinary scaling."""
    flat: list[Expr] = []
    scalars: list[Expr] = []
    for f in factors:
        for p in (f.args if isinstance(f, Hadamard) else (f,)):
            if isinstance(p, Zero):
                return Zero(_first_matrix_shape(factors))
            (scalars if p.scalar else flat).append(p)
    if not flat:
        return mul(*scalars)
    core = flat[0] if len(flat) == 1 else Hadamard(tuple(flat))
    return mul(*scalars, core) if scalars else core


def _first_matrix_shape(factors) -> Shape:
    for f in factors:
        if not f.scalar:
            return f.shape
    return SCALAR


def transpose(e: Expr) -> Expr:
    """``eᵀ`` with the trivial cases folded (scalars, symmetric leaves, double transpose)."""
    if e.scalar and not isinstance(e, (Mul, Add)):
        return e
    if isinstance(e, T):
        return e.arg
    if isinstance(e, (Zero,)):
        return Zero((e.shape[1], e.shape[0]))
    if isinstance(e, Identity):
        return e
    return T(e)


def rebuilt(e: Expr, kids: tuple[Expr, ...]) -> Expr:
    """``e`` with new children, through the constructor of its kind where it has one (sums and
    products stay flat, zeros and ones fold, transposes cancel), as ``e.rebuild`` does not: a
    stage that rewrites inside a tree (a differential worked out, a transpose pushed down) keeps
    the canonical form."""
    if isinstance(e, Mul):
        return mul(*kids)
    if isinstance(e, Add):
        return add(*kids)
    if isinstance(e, Hadamard):
        return hadamard(*kids)
    if isinstance(e, T):
        return transpose(kids[0])
    return e.rebuild(kids)


def trace(e: Expr) -> Expr:
    if isinstance(e, Zero):
        return Zero(SCALAR)
    return Tr(e)


def substitute(e: Expr, mapping: dict) -> Expr:
    """Replace nodes (usually symbols) by expressions, bottom-up."""
    if e in mapping:
        return mapping[e]
    kids = e.children
    if not kids:
        return e
    new = tuple(substitute(c, mapping) for c in kids)
    return e if new == kids else e.rebuild(new)


def free_symbols(e: Expr) -> list[Sym]:
    """The symbols of ``e`` in order of first appearance (differentials excluded)."""
    seen: dict[Sym, None] = {}
    for node in e.walk():
        if isinstance(node, Sym):
            seen.setdefault(node, None)
    return list(seen)
