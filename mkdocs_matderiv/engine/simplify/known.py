"""Known functions recognised, and the entry-wise algebra that reveals them.

An entry-wise product of quotients (``⊙``, ``./``, ``ln'(u) = 1 ./ u``) is read as
a product of powers of its factors, which commute: ``u ⊙ (1 ./ u) = 𝟏`` (where the
quotient is defined, u has no zero entry), and ``exp(u) ./ (1 + exp(u))`` and
``1 ./ (1 + exp(-u))`` are ``σ(u)``.  The same powers of scalar factors give
``exp(t) / (1 + exp(t)) = σ(t)``.  A diagonal matrix of a vector acts entry-wise:
``diag(v) w = v ⊙ w``, ``diag(𝟏) = I``, and ``aᵀ(b ⊙ c) = 𝟏ᵀ(a ⊙ b ⊙ c)`` where
that cancels, so the softmax cross-entropy gradient reduces to ``(𝟏ᵀy) softmax(z) - y``.
"""

from __future__ import annotations

from fractions import Fraction

from mkdocs_matderiv.engine.simplify.powers import Fact
from mkdocs_matderiv.tree import (
    Add, Diag, ElemDiv, Expr, Func, Hadamard, Identity, Mul, Num, Ones, Shape, T, add, hadamard, is_vector,
    mul, neg,
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
    sigma = recognise_sigmoid(total, facts)
    if not cancelled and not sigma:
        return None
    for b in cancelled:
        facts.append(("hadamard.cancel", hadamard(b, ElemDiv(ONE, b)), all_ones(b.shape)))
    return _rebuild(total, e.shape)


def recognise_sigmoid(powers: dict[Expr, Fraction], facts: list[Fact]) -> bool:
    """Replace ``exp(u) · (1 + exp(u))⁻¹`` and ``(1 + exp(-u))⁻¹`` in ``powers`` by ``σ(u)``."""
    found = False
    for b, k in list(powers.items()):
        if k != -1 or b not in powers:
            continue
        u = _one_plus_exp(b)
        if u is None:
            continue
        e_u = Func("exp", u)
        if powers.get(e_u) == 1:
            before = _rebuild({e_u: Fraction(1), b: Fraction(-1)}, b.shape)
            del powers[e_u], powers[b]
        elif (minus_u := _negated(u)) is not None:
            before = _rebuild({b: Fraction(-1)}, b.shape)
            del powers[b]
            u = minus_u
        else:
            continue
        s = Func("sigma", u)
        powers[s] = powers.get(s, Fraction(0)) + 1
        facts.append(("sigmoid", before, s))
        found = True
    return found


def diagonal_times(d: Expr, w: Expr, facts: list[Fact]) -> Expr | None:
    """``diag(v) w = v ⊙ w`` for vectors v and w (cancelled where it can be); None otherwise."""
    if not (isinstance(d, Diag) and is_vector(d.arg.shape) and is_vector(w.shape)):
        return None
    product = hadamard(d.arg, w)
    facts.append(("diag.hadamard", Mul((d, w)), product))
    return entrywise(product, facts) or product


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
        elif isinstance(x, Func) and x.order == 1 and x.name == "ln":     # ln'(u) = 1 ./ u
            take(x.arg, -sign)
        elif isinstance(x, Func) and x.order == 1 and x.name == "exp":    # exp' = exp
            take(Func("exp", x.arg), sign)
        elif isinstance(x, Func) and x.order == 1 and x.name == "sigma":  # σ' = σ ⊙ (1 - σ)
            s = Func("sigma", x.arg)
            take(s, sign)
            take(add(ONE, neg(s)), sign)
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


def _one_plus_exp(b: Expr) -> Expr | None:
    if isinstance(b, Add) and len(b.args) == 2 and ONE in b.args:
        other = b.args[1] if b.args[0] == ONE else b.args[0]
        if isinstance(other, Func) and other.name == "exp" and other.order == 0:
            return other.arg
    return None


def _negated(u: Expr) -> Expr | None:
    if isinstance(u, Mul) and u.args[0] == Num(Fraction(-1)):
        return neg(u)
    return None
