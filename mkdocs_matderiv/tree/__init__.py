"""The expression tree every stage shares: the nodes and their constructors.

Why a tree of our own rather than SymPy's matrix expressions: SymPy
canonicalises as it builds (``Transpose(X*B)`` becomes ``B.T*X.T``, factors
reorder, ``Trace`` of a product is rewritten), which destroys exactly the
intermediate forms a derivation has to show (``tr(dX B X^T)`` before the
cyclic move, ``tr(B X^T dX)`` after).  Our nodes (``tree/nodes.py``, and
``tree/calculus.py`` for differentials and derivatives kept symbolic) are plain
frozen dataclasses: they keep the form they were built in, compare and hash
structurally, and carry their shape; the constructors (``tree/build.py``)
fold the trivial cases.  SymPy is used where it does real work: explicit
matrices for entry-by-entry expansions (``extras/explicit.py``).

Every stage imports from here (``from mkdocs_matderiv.tree import Mul, mul``).
"""

from mkdocs_matderiv.tree.build import (
    add, free_symbols, hadamard, mul, neg, num, rebuilt, substitute, trace, transpose,
)
from mkdocs_matderiv.tree.calculus import Diff, Diff2, Grad, Hess
from mkdocs_matderiv.tree.nodes import (
    SCALAR, Add, Apply, Commutation, Det, Diag, Dim, Div, ElemDiv, ElemPow, Entries, Entry, Expr, Func,
    Hadamard, Identity, Inv, Kron, Mul, Norm, Num, Ones, Pow, Shape, Sum, Sym, T, Tr, Vec, VecRow, Zero,
    dim_factors, dim_product, is_scalar, is_vector,
)

__all__ = [
    "SCALAR", "Add", "Apply", "Commutation", "Det", "Diag", "Diff", "Diff2", "Dim", "Div",
    "ElemDiv", "ElemPow", "Entries", "Entry", "Expr", "Func", "Grad", "Hadamard", "Hess",
    "Identity", "Inv", "Kron", "Mul", "Norm", "Num", "Ones", "Pow", "Shape", "Sum", "Sym", "T",
    "Tr", "Vec", "VecRow", "Zero", "add", "dim_factors", "dim_product", "free_symbols", "hadamard",
    "is_scalar", "is_vector", "mul", "neg", "num", "rebuilt", "substitute", "trace", "transpose",
]
