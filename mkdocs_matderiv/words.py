"""Expression nodes named as a reader says them, for messages: never a class name."""

from __future__ import annotations

from mkdocs_matderiv.tree import Expr

_NOUNS = {
    "Sym": "a name", "Num": "a number", "Identity": "the identity I", "Ones": "the all-ones vector 𝟏",
    "Zero": "zero", "Diff": "a differential", "Grad": "a symbolic gradient", "Add": "a sum",
    "Mul": "a product", "Hadamard": "a Hadamard product ⊙", "Kron": "a Kronecker product ⊗",
    "Div": "a division", "ElemDiv": "an element-wise division ./", "Pow": "a power",
    "ElemPow": "a Hadamard power .^",
    "T": "a transpose", "Inv": "an inverse", "Tr": "a trace", "Det": "a determinant",
    "Norm": "a norm", "Sum": "a sum of entries", "Diag": "diag(·)", "Vec": "vec(·)",
    "VecRow": "a row-wise vec(·)", "Commutation": "a commutation matrix",
    "Diff2": "a second differential", "Hess": "a symbolic Hessian", "Entry": "an entry",
    "Entries": "a matrix written entry by entry",
}


def describe(e: Expr) -> str:
    """``a Kronecker product ⊗``, ``the function softmax``: what ``e`` is, in words."""
    name = getattr(e, "name", None)
    if type(e).__name__ in ("Func", "Apply") and isinstance(name, str):
        return f"the function {name}"
    return _NOUNS.get(type(e).__name__, "this expression")
