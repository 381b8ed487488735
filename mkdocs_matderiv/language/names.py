"""Names of the expression language: Greek letters, built-in words, canonical spellings."""

from __future__ import annotations

import keyword
import re

from mkdocs_matderiv.functions import SPELLINGS

GREEK = (
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau",
    "upsilon", "phi", "varphi", "chi", "psi", "omega",
    "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
)
"""Greek letters spelled out (the LaTeX command names without the backslash)."""

GREEK_UNICODE = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "vartheta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma",
    "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi",
    "Σ": "Sigma", "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}

STRUCTURAL_FUNCTIONS = ("tr", "trace", "det", "inv", "norm", "sum", "diag", "vec")
"""Built-in functions that are nodes of the tree of their own (the named functions of
``functions.py`` are read from its table)."""

BUILTIN_WORDS = frozenset(SPELLINGS) | frozenset(STRUCTURAL_FUNCTIONS) | {"ones"}
"""Words the lexer never splits into letters (besides Greek and declared names)."""

_NAME = re.compile(r"^[A-Za-z]+[0-9]*(?:_[A-Za-z0-9]+)?$")
_WRAPPER = re.compile(r"^\\(?:mathbf|boldsymbol|bm|vec|mathit|mathrm|operatorname)\s*\{(.*)\}(.*)$")


def is_greek(name: str) -> bool:
    """Whether a canonical name is a Greek letter, possibly with a subscript (``lambda_1``)."""
    base = re.match(r"^[A-Za-z]+", name)
    return base is not None and base.group(0) in GREEK


def canonical_name(text: str) -> str | None:
    """The canonical spelling of a name as an author writes it, or ``None`` if it is not one.

    Parameters:
        text: ``b_{2}``, ``\\mathbf{x}``, ``α``, ``\\alpha``, ``W1``.

    Returns:
        ``b_2``, ``x``, ``alpha``, ``alpha``, ``W1``.
    """
    s = text.strip()
    m = _WRAPPER.match(s)
    if m:
        s = m.group(1).strip() + m.group(2).strip()
    for char, word in GREEK_UNICODE.items():
        s = s.replace(char, word)
    s = re.sub(r"\\([A-Za-z]+)", r"\1", s)
    s = re.sub(r"_\{([A-Za-z0-9]+)\}", r"_\1", s)
    return s if _NAME.match(s) else None


_TYPESET = re.compile(r"^([A-Za-z]+?)(\d*)(?:_([A-Za-z0-9]+))?$")


def typeset_key(name: str) -> str:
    """How a canonical name looks on the page, as ``render.latex.latex_name`` sets it: ``W1``,
    ``W_1`` and ``W_{1}`` are all W₁ (``W_1``); two names with one key would print alike."""
    m = _TYPESET.match(name)
    if not m:
        return name
    base, digits, sub = m.groups()
    sub = digits + (sub or "")
    return f"{base}_{sub}" if sub else base


def py_name(name: str) -> str:
    """The Python identifier for a canonical name: ``lambda`` -> ``lambda_``, ``b_2`` -> ``b_2``."""
    ident = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if keyword.iskeyword(ident):
        ident += "_"
    return ident
