"""Identities proved on the way, set apart: proved once as a numbered lemma, cited "by (1)".

The engine proves rule (5) where it first needs it, inside the chain (``0 = d(X X⁻¹) = …``,
then ``dX⁻¹ = −X⁻¹ dX X⁻¹``, then the chain goes on).  A reader sees the proof once, for a
generic matrix, and each use cites its number (seed 000: "we use the following identity …
(1); the proof will be provided later").
"""

from __future__ import annotations

from collections.abc import Sequence

from mkdocs_matderiv.present.model import Cite, Fact, Lemma, Line
from mkdocs_matderiv.tree import (SCALAR, Apply, Diag, Diff, Div, Expr, Func, Inv, Ones, Pow, Sym, add, hadamard,
                                  mul, neg, num, rebuilt, substitute, transpose)

PROOFS = {"d.inverse": ("d.inverse_identity", "d.inverse_proof")}
"""A rule whose proof the engine writes into the chain: the rules of its first and last line."""


def cite_words(number: int) -> str:
    return f"by ({number})"


def set_apart(lines: Sequence[Line], numbers: dict[str, int]) -> tuple[list[Line], list[Lemma]]:
    """The lines without the proofs written into them, the lemmas those proofs prove, and each
    use of a proved rule citing its lemma.  ``numbers`` holds the lemmas already given on the
    page (rule key → number); new ones are added to it and returned, old ones only cited."""
    out: list[Line] = []
    lemmas: list[Lemma] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        found = _proof(lines, i)
        if found is not None:
            key, end = found
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                lemmas.append(_lemma(key, numbers[key], lines[i:end + 1]))
            i = end + 1
            continue
        out.append(Line(line.lhs, line.rhs, tuple(
            Cite(c.key, words=cite_words(numbers[c.key])) if c.key in numbers and c.words is None else c
            for c in line.cites)))
        i += 1
    return out, lemmas


def _proof(lines: Sequence[Line], start: int) -> tuple[str, int] | None:
    """``(rule key, index of the proof's last line)`` where a proof starts at ``start``."""
    for key, (first, last) in PROOFS.items():
        if first in lines[start].keys:
            for j in range(start + 1, len(lines)):
                if last in lines[j].keys:
                    return key, j
    return None


def _lemma(key: str, number: int, proof: Sequence[Line]) -> Lemma:
    """The proof for a generic matrix ``X`` where the engine wrote it for ``(A + tB)``."""
    stated = proof[-1]
    assert stated.lhs is not None
    generic: dict[Expr, Expr] = {}
    if isinstance(stated.lhs, Diff) and isinstance(stated.lhs.of, Inv) and not isinstance(stated.lhs.of.arg, Sym):
        matrix = stated.lhs.of.arg
        generic = {matrix: Sym("X", matrix.shape), Diff(matrix): Diff(Sym("X", matrix.shape))}

    def general(e: Expr) -> Expr:
        return substitute(e, generic) if generic else e

    lines = tuple(Line(None if x.lhs is None else general(x.lhs), general(x.rhs), x.cites) for x in proof)
    return Lemma(key, number, Fact(general(stated.lhs), general(stated.rhs)), lines)


# ------------------------------------------------------------ identities the engine uses as known

def _t() -> Sym:
    return Sym("t", SCALAR)


def _sigma_lemma(number: int) -> Lemma:
    """σ'(t) = σ(t)(1 − σ(t)), from σ(t) = 1/(1 + e⁻ᵗ)."""
    t = _t()
    e = Func("exp", neg(t))
    one_plus = add(num(1), e)
    s = Func("sigma", t)
    lines = (
        Line(Func("sigma", t, 1), Div(e, Pow(one_plus, num(2))),
             (Cite("sigmoid", words=r"differentiate $\sigma(t) = 1/(1 + e^{-t})$"),)),
        Line(None, mul(Div(num(1), one_plus), Div(e, one_plus)), (Cite("sigmoid", words="split the fraction"),)),
        Line(None, mul(s, add(num(1), neg(s))),
             (Cite("sigmoid", words=r"$1/(1 + e^{-t}) = \sigma(t)$ and $e^{-t}/(1 + e^{-t}) = 1 - \sigma(t)$"),)),
    )
    return Lemma("sigma.derivative", number, Fact(lines[0].lhs or t, lines[-1].rhs), lines)


def _softmax_lemma(number: int) -> Lemma:
    """d softmax(x) = (diag(s) − s sᵀ) dx with s = softmax(x), by the quotient rule."""
    x = Sym("x", ("n", 1))
    s = Sym("s", ("n", 1))
    e = Func("exp", x)
    total = mul(transpose(Ones(("n", 1))), e)
    dx = Diff(x)
    lines = (
        Line(Diff(s), Diff(Div(e, total)), (Cite("d.softmax", words=r"$s = \exp(x)/(\mathbf{1}^{T} \exp(x))$"),)),
        Line(None, add(Div(hadamard(e, dx), total), neg(Div(mul(e, mul(transpose(e), dx)), Pow(total, num(2))))),
             (Cite("d.quotient"), Cite("d.elementwise"))),
        Line(None, add(hadamard(s, dx), neg(mul(s, transpose(s), dx))),
             (Cite("d.softmax", words=r"$\exp(x)/(\mathbf{1}^{T} \exp(x)) = s$"),)),
        Line(None, mul(add(Diag(s), neg(mul(s, transpose(s)))), dx), (Cite("diag.hadamard"),)),
    )
    return Lemma("d.softmax", number, Fact(Diff(s), lines[-1].rhs), lines,
                 where=((s, Apply("softmax", (x,), x.shape)),))


def known_identities(lines: Sequence[Line], value: Expr, numbers: dict[str, int]
                     ) -> tuple[list[Line], Expr, list[Lemma]]:
    """The identities the engine uses as known, proved as lemmas where a line uses them: the
    softmax Jacobian (cited where the differential of softmax is taken) and σ' = σ ⊙ (1 − σ)
    (σ' is written out from the line it first appears on, the result included)."""
    out: list[Line] = []
    lemmas: list[Lemma] = []
    writing_out = False
    for line in lines:
        cites = line.cites
        if "d.softmax" in line.keys:
            if "d.softmax" not in numbers:
                numbers["d.softmax"] = len(numbers) + 1
                lemmas.append(_softmax_lemma(numbers["d.softmax"]))
            cites = tuple(Cite(c.key, words=cite_words(numbers["d.softmax"])) if c.key == "d.softmax" else c
                          for c in cites)
        if not writing_out and _has_sigma_prime(line.rhs):
            writing_out = True
            if "sigma.derivative" not in numbers:
                numbers["sigma.derivative"] = len(numbers) + 1
                lemmas.append(_sigma_lemma(numbers["sigma.derivative"]))
            cites += (Cite("sigmoid", words=cite_words(numbers["sigma.derivative"])),)
        if writing_out:
            line = Line(None if line.lhs is None else _sigma_out(line.lhs), _sigma_out(line.rhs), cites)
        else:
            line = Line(line.lhs, line.rhs, cites)
        out.append(line)
    return out, (_sigma_out(value) if writing_out else value), lemmas


def _has_sigma_prime(e: Expr) -> bool:
    return any(isinstance(n, Func) and n.name == "sigma" and n.order == 1 for n in e.walk())


def _sigma_out(e: Expr) -> Expr:
    """``e`` with each ``σ'(z)`` written ``σ(z) ⊙ (1 − σ(z))``."""
    kids = e.children
    if kids:
        new = tuple(_sigma_out(k) for k in kids)
        e = e if new == kids else rebuilt(e, new)
    if isinstance(e, Func) and e.name == "sigma" and e.order == 1:
        s = Func("sigma", e.arg)
        return hadamard(s, add(num(1), neg(s))) if not e.scalar else mul(s, add(num(1), neg(s)))
    return e
