"""Kronecker products and ``diag`` in derivations: the identities that make them readable,
and the general rules that always apply.

Readable first: before a Kronecker product is differentiated, ``tr(A ⊗ B) = tr(A) tr(B)``,
``sum(A ⊗ B) = sum(A) sum(B)``, ``‖A ⊗ B‖ = ‖A‖ ‖B‖`` and the mixed product
``(A ⊗ B)(C ⊗ D) = AC ⊗ BD`` turn it into ordinary factors.  What is left is handled by
the general rules (checked entry by entry in ``tests/engine/test_kron.py``), for ``A``
p×q, ``B`` r×s and ``Y`` m×n:

* ``tr(Qᵀ(A ⊗ Y)) = tr(Gᵀ Y)``, ``G = (vec(A)ᵀ ⊗ I_m)(I_q ⊗ Q)(vec(I_q) ⊗ I_n)``;
* ``tr(Qᵀ(Y ⊗ B)) = tr(Gᵀ Y)``, ``G = (I_m ⊗ vec(Bᵀ)ᵀ)(Q ⊗ I_s)(I_n ⊗ vec(I_s))``;
* ``vec(A ⊗ Y) = (I_q ⊗ K_{n,p} ⊗ I_m)(vec(A) ⊗ I_{mn}) vec(Y)``,
  ``vec(Y ⊗ B) = (I_n ⊗ K_{s,m} ⊗ I_r)(I_{mn} ⊗ vec(B)) vec(Y)`` (and row-order forms);
* ``vec(diag(v)) = diag(vec(I))(𝟏 ⊗ I) v`` and ``diag(M) = (𝟏ᵀ ⊗ I) diag(vec(I)) vec(M)``;
* ``p vec(Y) = tr(Gᵀ Y)``, ``G = unvec(pᵀ) = (vec(I_n)ᵀ ⊗ I_m)(I_n ⊗ pᵀ)``.
"""

from __future__ import annotations

from fractions import Fraction

from mkdocs_matderiv.tree import (
    Commutation, Diag, Expr, Identity, Kron, Mul, Norm, Num, Ones, Pow, Sum, T, Tr, Vec, VecRow,
    mul, transpose,
)


def _square(e: Expr) -> bool:
    return e.shape[0] == e.shape[1]


def _as_kron(e: Expr) -> Kron | None:
    if isinstance(e, Kron):
        return e
    if isinstance(e, T) and isinstance(e.arg, Kron):                 # (A ⊗ B)ᵀ = Aᵀ ⊗ Bᵀ
        return Kron(transpose(e.arg.left), transpose(e.arg.right))
    return None


def identity_of(e: Expr) -> tuple[str, Expr] | None:
    """The Kronecker identity that rewrites ``e`` into ordinary factors (rule key, new form)."""
    if isinstance(e, Tr) and isinstance(e.arg, Kron) and _square(e.arg.left) and _square(e.arg.right):
        return "kron.trace", mul(Tr(e.arg.left), Tr(e.arg.right))
    if isinstance(e, Tr) and isinstance(e.arg, Mul):
        merged = _mixed(e.arg)
        if merged is not None:
            return "kron.mixed", Tr(merged)
    if isinstance(e, Sum) and isinstance(e.arg, Kron):
        return "kron.sum", mul(Sum(e.arg.left), Sum(e.arg.right))
    if isinstance(e, Pow) and isinstance(e.left, Norm) and isinstance(e.left.arg, Kron) and e.right == Num(Fraction(2)):
        k = e.left.arg
        return "kron.norm", mul(Pow(Norm(k.left), e.right), Pow(Norm(k.right), e.right))
    if isinstance(e, Norm) and isinstance(e.arg, Kron):
        return "kron.norm", mul(Norm(e.arg.left), Norm(e.arg.right))
    return None


def _mixed(product: Mul) -> Expr | None:
    """``(A ⊗ B)(C ⊗ D) … = AC… ⊗ BD…`` when every matrix factor is a Kronecker product of
    factors that multiply; None otherwise."""
    scalars = [a for a in product.args if a.scalar]
    matrices = [a for a in product.args if not a.scalar]
    krons = [k for k in map(_as_kron, matrices) if k is not None]
    if len(krons) < 2 or len(krons) < len(matrices):
        return None
    for a, b in zip(krons, krons[1:]):
        if a.left.shape[1] != b.left.shape[0] or a.right.shape[1] != b.right.shape[0]:
            return None
    return mul(*scalars, Kron(mul(*(k.left for k in krons)), mul(*(k.right for k in krons))))


def gradient_through(p: tuple, last: Kron, holds) -> tuple[Expr, Expr]:
    """``tr(P (A ⊗ Y)) = tr(Gᵀ Y)`` (or ``Y ⊗ B``) for the factor ``Y`` that ``holds`` the
    differential: returns ``(Gᵀ, Y)``."""
    q = transpose(mul(*p)) if p else Identity((last.shape[0], last.shape[0]))
    if holds(last.right):
        a, y = last.left, last.right
        m, n = y.shape
        cols = a.shape[1]
        g = mul(Kron(transpose(Vec(a)), Identity((m, m))), Kron(Identity((cols, cols)), q),
                Kron(Vec(Identity((cols, cols))), Identity((n, n))))
    else:
        y, b = last.left, last.right
        m, n = y.shape
        s = b.shape[1]
        g = mul(Kron(Identity((m, m)), transpose(Vec(transpose(b)))), Kron(q, Identity((s, s))),
                Kron(Identity((n, n)), Vec(Identity((s, s)))))
    return transpose(g), y


def gradient_through_vec(p: tuple, last: Vec) -> tuple[Expr, Expr]:
    """``p vec(Y) = tr(Gᵀ Y)`` with ``G = unvec(pᵀ) = (vec(I_n)ᵀ ⊗ I_m)(I_n ⊗ pᵀ)`` for ``Y`` m×n:
    returns ``(Gᵀ, Y)``."""
    y = last.arg
    m, n = y.shape
    g = mul(Kron(transpose(Vec(Identity((n, n)))), Identity((m, m))), Kron(Identity((n, n)), transpose(mul(*p))))
    return transpose(g), y


def vec_of_kron(core: Kron, holds, order: str) -> tuple[Expr, Expr]:
    """``vec(A ⊗ Y) = M vec(Y)`` (column order; ``vec_r`` in row order): returns ``(M, Y)``."""
    column = order == "column"
    if holds(core.right):
        a, y = core.left, core.right
        (p, q), (m, n) = a.shape, y.shape
        if n == 1 and q == 1:                                        # a ⊗ y: vectors
            return Kron(a, Identity((m, m))), y
        size = Vec(y).shape[0]
        if column:
            perm = Kron(Kron(Identity((q, q)), Commutation(n, p)), Identity((m, m)))
            return mul(perm, Kron(Vec(a), Identity((size, size)))), y
        perm = Kron(Kron(Identity((p, p)), Commutation(m, q)), Identity((n, n)))
        return mul(perm, Kron(VecRow(a), Identity((size, size)))), y
    y, b = core.left, core.right
    (m, n), (r, s) = y.shape, b.shape
    if n == 1 and s == 1:                                            # y ⊗ b: vectors
        return Kron(Identity((m, m)), b), y
    size = Vec(y).shape[0]
    if column:
        perm = Kron(Kron(Identity((n, n)), Commutation(s, m)), Identity((r, r)))
        return mul(perm, Kron(Identity((size, size)), Vec(b))), y
    perm = Kron(Kron(Identity((m, m)), Commutation(r, n)), Identity((s, s)))
    return mul(perm, Kron(Identity((size, size)), VecRow(b))), y


def vec_of_diag(core: Diag) -> Expr:
    """``M`` with ``vec(diag(v)) = M v`` (a vector ``v``), or ``diag(Y) = M vec(Y)`` (a square
    ``Y``; the diagonal sits at the same places of ``vec`` and ``vec_r``)."""
    n = core.arg.shape[0]
    mask = Diag(Vec(Identity((n, n))))
    if core.arg.shape[1] == 1:
        return mul(mask, Kron(Ones((n, 1)), Identity((n, n))))
    return mul(Kron(transpose(Ones((n, 1))), Identity((n, n))), mask)
