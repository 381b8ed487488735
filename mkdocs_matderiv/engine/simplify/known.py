"""Known functions recognised, and the entry-wise algebra that reveals them.

An entry-wise product of quotients (``⊙``, ``./``, ``ln'(u) = 1 ./ u``) is read as
a product of powers of its factors, which commute: ``u ⊙ (1 ./ u) = 𝟏`` (where the
quotient is defined, u has no zero entry), and ``exp(u) ./ (1 + exp(u))`` and
``1 ./ (1 + exp(-u))`` are ``σ(u)`` (the functions table, ``functions.py``, holds what each
function's derivative is as powers and what it recognises).  The same powers of scalar factors give
``exp(t) / (1 + exp(t)) = σ(t)``.  A diagonal matrix of a vector acts entry-wise:
``diag(v) w = v ⊙ w``, ``diag(𝟏) = I``, and ``aᵀ(b ⊙ c) = 𝟏ᵀ(a ⊙ b ⊙ c)`` where
that cancels, so the softmax cross-entropy gradient reduces to ``(𝟏ᵀy) softmax(z) - y``.
"""

from __future__ import annotations

from fractions import Fraction

from mkdocs_matderiv.engine.simplify.powers import Fact
from mkdocs_matderiv.functions import FUNCTIONS, builtin
from mkdocs_matderiv.tree import (
    Diag, ElemDiv, ElemPow, Expr, Func, Hadamard, Identity, Mul, Num, Ones, Shape, T, hadamard, is_vector, mul,
)

ONE = Num(Fraction(1))


def entrywise(e: Expr, facts: list[Fact]) -> Expr | None:
    """A Hadamard product or entry-wise quotient with its factors cancelled and σ recognised;
    None when nothing changes."""
    powers = _ratio(e)
    if powers is None:
        return None
    cancelled = [b for b, (up, down) in powers.items() if up and down]
    total = {b: Fraction(up - down) for b, (up, down) in powers.items()}
    sigma = recognise(total, facts)
    if not cancelled and not sigma:
        return None
    for b in cancelled:
        facts.append(("hadamard.cancel", hadamard(b, ElemDiv(ONE, b)), all_ones(b.shape)))
    return _rebuild(total, e.shape)


def recognise(powers: dict[Expr, Fraction], facts: list[Fact]) -> bool:
    """Replace, in ``powers``, what a known function's ``recognise`` finds (``exp(u) · (1 + exp(u))⁻¹``
    and ``(1 + exp(-u))⁻¹`` are ``σ(u)``, see ``functions``); whether anything was found."""
    found = False
    for fn in FUNCTIONS.values():
        if fn.recognise is None:
            continue
        for before, value in fn.recognise(powers):
            facts.append((fn.identity, _rebuild(before, next(iter(before)).shape), value))
            found = True
    return found


def diagonal_times(d: Expr, w: Expr, facts: list[Fact]) -> Expr | None:
    """``diag(v) w = v ⊙ w`` for vectors v and w (cancelled where it can be); None otherwise."""
    if not (isinstance(d, Diag) and is_vector(d.arg.shape) and is_vector(w.shape)):
        return None
    product = hadamard(d.arg, w)
    facts.append(("diag.hadamard", Mul((d, w)), product))
    return entrywise(product, facts) or product


def diagonal_product(d: Expr, e: Expr, facts: list[Fact]) -> Expr | None:
    """``diag(u) diag(v) = diag(u ⊙ v)`` for vectors u and v; None otherwise."""
    if not (isinstance(d, Diag) and isinstance(e, Diag) and is_vector(d.arg.shape) and is_vector(e.arg.shape)):
        return None
    product = hadamard(d.arg, e.arg)
    out = Diag(entrywise(product, facts) or product)
    facts.append(("diag.product", Mul((d, e)), out))
    return out


def inner_hadamard(u: Expr, h: Expr, facts: list[Fact]) -> Expr | None:
    """``uᵀ h`` as ``𝟏ᵀ(u ⊙ h)`` where the entry-wise product cancels (``sᵀ(y ⊙ (1 ./ s)) = 𝟏ᵀy``)."""
    if not (is_vector(u.shape) and is_vector(h.shape)) or isinstance(u, Ones):
        return None
    trial: list[Fact] = []
    reduced = entrywise(hadamard(u, h), trial)
    if reduced is None:
        return None
    ones = Ones(u.shape)
    rhs = mul(T(ones), reduced)
    facts.append(("hadamard.inner", Mul((T(u), h)), mul(T(ones), hadamard(u, h))))
    facts.extend(trial)
    return rhs


def diag_of_ones(e: Expr, facts: list[Fact]) -> Expr | None:
    """``diag(𝟏) = I``."""
    if isinstance(e, Diag) and isinstance(e.arg, Ones):
        out = Identity((e.arg.shape[0], e.arg.shape[0]))
        facts.append(("diag.ones", e, out))
        return out
    return None


# ---------------------------------------------------------------- helpers

def _ratio(e: Expr) -> dict[Expr, tuple[int, int]] | None:
    """Entry-wise factors of ``e`` with how often each is multiplied and divided."""
    if not isinstance(e, (Hadamard, ElemDiv)):
        return None
    out: dict[Expr, tuple[int, int]] = {}

    def take(x: Expr, sign: int) -> None:
        if isinstance(x, Hadamard):
            for a in x.args:
                take(a, sign)
        elif isinstance(x, ElemDiv):
            take(x.left, sign)
            take(x.right, -sign)
        elif isinstance(x, Func) and x.order == 1 and (fn := builtin(x)) is not None and fn.prime_powers:
            for base, k in fn.prime_powers(x.arg):          # ln'(u) = 1 ./ u, σ' = σ ⊙ (1 - σ)
                take(base, sign * k)
        elif isinstance(x, ElemPow) and isinstance(x.right, Num) and x.right.value.denominator == 1 \
                and x.right.value > 0:                                  # u .^ 2 = u ⊙ u
            for _ in range(int(x.right.value)):
                take(x.left, sign)
        elif x != ONE and not isinstance(x, Ones):                  # 𝟏 changes nothing
            up, down = out.get(x, (0, 0))
            out[x] = (up + 1, down) if sign > 0 else (up, down + 1)

    take(e, 1)
    return out


def _rebuild(powers: dict[Expr, Fraction], shape: Shape) -> Expr:
    up = [b for b, k in powers.items() for _ in range(int(k)) if k > 0]
    down = [b for b, k in powers.items() for _ in range(int(-k)) if k < 0]
    if down:
        return ElemDiv(hadamard(*up) if up else ONE, hadamard(*down))
    return hadamard(*up) if up else all_ones(shape)


def all_ones(shape) -> Expr:
    """The all-ones value of a shape: ``1``, ``𝟏`` or ``𝟏𝟏ᵀ``."""
    if shape == (1, 1):
        return ONE
    if is_vector(shape):
        return Ones(shape)
    return mul(Ones((shape[0], 1)), T(Ones((shape[1], 1))))
