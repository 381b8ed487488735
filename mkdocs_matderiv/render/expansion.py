"""An entry-by-entry expansion (``expand:``) as the JSON object of CONTRACT §4, in LaTeX.

The entries are SymPy expressions in entry symbols (``a_{11}``, ``x_{1}``); each is printed
by SymPy's own LaTeX printer (``ln`` for the logarithm), a polynomial in the variable's
entries laid out as a hand calculation writes it, and matrices by ``render.latex``.
SymPy is imported only when an expansion is printed.
"""

from __future__ import annotations

from typing import Any

from mkdocs_matderiv.derivation import Expansion, ExpansionOmitted
from mkdocs_matderiv.render.latex import latex_matrix, latex_name

MAX_EXPANSION_LATEX = 40_000
"""Characters of LaTeX an expansion may publish; a longer one is omitted."""


def expansion_dict(e: Expansion | ExpansionOmitted) -> dict[str, Any]:
    """``{"size", "symbols", "wrt", "f", "entries", "general", "agrees", "proof"}``.

    ``f`` is f written out in entries (a matrix for a matrix-valued f), ``entries`` the
    derivative taken entry by entry (in the result's shape: the gradient in the wrt's
    shape, the Jacobian with rows ``vec F`` and columns ``vec X`` in the block's ``vec``
    order and ``layout``), ``general`` the general result at that size.  When that is too
    long to compute or to read: ``{"size", "omitted"}`` (a sentence saying why).
    """
    size = f"{e.size[0]}x{e.size[1]}"
    if isinstance(e, ExpansionOmitted):
        return _omitted(size, e.reason)
    gens = list(e.wrt)
    out: dict[str, Any] = {
        "size": size,
        "symbols": [{"latex": latex_name(s.name), "matrix": sympy_matrix_latex(m)} for s, m in e.symbols],
        "wrt": {"latex": latex_name(e.variable.name), "matrix": sympy_matrix_latex(e.wrt)},
        "f": sympy_matrix_latex(e.f, gens),
        "entries": sympy_matrix_latex(e.entries, gens),
        "general": sympy_matrix_latex(e.general, gens),
        "agrees": True,
        "proof": e.proof,
    }
    if sum(len(out[key]) for key in ("f", "entries", "general")) > MAX_EXPANSION_LATEX:
        return _omitted(size, "the entries are too long to read")
    return out


def _omitted(size: str, why: str) -> dict[str, str]:
    return {"size": size, "omitted": f"not written out at {size.replace('x', ' × ')}: {why}; try a smaller size"}


def sympy_matrix_latex(m: Any, gens: list | None = None) -> str:
    """A 1x1 SymPy matrix as its entry, otherwise ``\\begin{bmatrix} … \\end{bmatrix}``;
    entries via ``entry_latex``."""
    if m.shape == (1, 1):
        return entry_latex(m[0, 0], gens)
    return latex_matrix([[entry_latex(m[i, j], gens) for j in range(m.shape[1])] for i in range(m.shape[0])])


def entry_latex(e: Any, gens: list | None = None) -> str:
    """LaTeX of one entry; a polynomial in ``gens`` reads as a hand calculation writes it:
    monomials in order (``x_{1}^{2}``, ``x_{1} x_{2}``, ``x_{2}^{2}``), each after its
    coefficient: ``a_{11} x_{1}^{2} + \\left(a_{12} + a_{21}\\right) x_{1} x_{2} + a_{22} x_{2}^{2}``.
    """
    import sympy as sp

    present = [g for g in (gens or []) if e.has(g)]
    if not present or not e.is_polynomial(*present):
        return _sympy_latex(e)
    try:
        poly = sp.Poly(e, *present)
    except sp.PolynomialError:
        return _sympy_latex(e)
    out = ""
    for monom, coeff in poly.terms():
        coeff = sp.factor(coeff.as_expr() if hasattr(coeff, "as_expr") else coeff)
        mono = sp.Mul(*[g ** k for g, k in zip(present, monom)])
        negative = coeff.could_extract_minus_sign()
        if negative:
            coeff = -coeff
        if mono == 1:
            body = _sympy_latex(coeff)
        elif coeff == 1:
            body = _sympy_latex(mono)
        elif isinstance(coeff, sp.Add):
            body = rf"\left({_sympy_latex(coeff)}\right) {_sympy_latex(mono)}"
        else:
            body = f"{_sympy_latex(coeff)} {_sympy_latex(mono)}"
        if not out:
            out = f"- {body}" if negative else body
        else:
            out += f" - {body}" if negative else f" + {body}"
    return out or "0"


def _sympy_latex(e: Any) -> str:
    import sympy as sp

    return sp.latex(e, ln_notation=True)
