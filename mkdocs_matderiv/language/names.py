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


ACCENTS = {"hat": "hat", "widehat": "hat", "bar": "bar", "overline": "bar", "tilde": "tilde",
           "widetilde": "tilde"}
"""Accents on a name (``\\hat{w}``, ``\\bar{x}``, ``\\tilde{X}``) and the one each spelling is."""
_ACCENTED = re.compile(r"^\\(" + "|".join(ACCENTS) + r")\s*\{\s*(.+?)\s*\}$")
_LAYER = re.compile(r"^(.+?)\^\{\s*\[\s*([A-Za-z0-9]+(?:\s*[+-]\s*[A-Za-z0-9]+)*)\s*\]\s*\}$")
"""``z^{[1]}``, ``a^{[l-1]}``: Andrew Ng's layer index, part of the name."""


def layer_index(text: str) -> str:
    """The canonical layer index: ``l - 1`` -> ``l-1``."""
    return re.sub(r"\s+", "", text)


def base_letter(name: str) -> str:
    """The letter a canonical name is written with (``w^hat`` and ``z^[1]``: ``w``, ``z``): an
    accent or a layer index does not change whether a name is a matrix, vector or scalar."""
    return name.partition("^")[0]


def is_greek(name: str) -> bool:
    """Whether a canonical name is a Greek letter, possibly with a subscript (``lambda_1``)."""
    base = re.match(r"^[A-Za-z]+", name)
    return base is not None and base.group(0) in GREEK


def canonical_name(text: str) -> str | None:
    """The canonical spelling of a name as an author writes it, or ``None`` if it is not one.

    Parameters:
        text: ``b_{2}``, ``\\mathbf{x}``, ``α``, ``\\alpha``, ``W1``, ``\\hat{w}``, ``z^{[1]}``.

    Returns:
        ``b_2``, ``x``, ``alpha``, ``alpha``, ``W1``, ``w^hat``, ``z^[1]``.
    """
    s = text.strip()
    layered = _LAYER.match(s)
    if layered:
        base = canonical_name(layered.group(1))
        return None if base is None or "^" in base else f"{base}^[{layer_index(layered.group(2))}]"
    accented = _ACCENTED.match(s)
    if accented:
        base = canonical_name(accented.group(2))
        return None if base is None or "^" in base else f"{base}^{ACCENTS[accented.group(1)]}"
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
    name, _, mark = name.partition("^")
    if mark:                                    # \hat{w1} and \hat{w_1}, z1^{[1]} and z_1^{[1]}
        return f"{typeset_key(name)}^{mark}"
    m = _TYPESET.match(name)
    if not m:
        return name
    base, digits, sub = m.groups()
    sub = digits + (sub or "")
    return f"{base}_{sub}" if sub else base


def py_name(name: str) -> str:
    """The Python identifier for a canonical name: ``lambda`` -> ``lambda_``, ``b_2`` -> ``b_2``."""
    base, _, mark = name.partition("^")
    if mark:                                    # w^hat -> w_hat, z^[1] -> z_layer1, a^[l-1] -> a_layer_l_1
        mark = "layer" + ("" if mark[1].isdigit() else "_") + mark[1:-1] if mark[0] == "[" else mark
        name = f"{base}_{mark}"
    ident = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if keyword.iskeyword(ident):
        ident += "_"
    return ident
