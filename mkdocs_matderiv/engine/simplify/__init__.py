"""Readable results in the simplest textbook form (see ``core`` for the method).

``Simplifier`` is the one entry point (``simplified`` the pure function under it);
``cite`` turns the identities it relied on into steps that name them; ``REWRITES`` is the
table of identities of single nodes.

Why hand-written rules and not an e-graph: ``egglog`` (equality saturation, extraction
by size) was tried on the raw gradients of the forms cases
(``../shared/acceptance/forms_cases.yaml``) with the same algebra as rewrites
(associativity, distributivity both ways, ``X X⁻¹ = I``, powers, transposes, implied
symmetry, σ).  After 4 or 6 iterations it reached the textbook size on 15 of 19 cases
(not ``ln|X²|``, the softmax cross-entropy, σ of the softplus, ``A x/√(xᵀAx)``), at a
median of about 90 ms per expression against about 4 ms here; at 8 iterations the
e-graph grew past 500 s.  Sums with numeric coefficients, commuting scalars, and which
matrices are square or symmetric are exactly what the monomial form here handles
directly and an e-graph has to rediscover, so the dependency is not taken.
"""

from mkdocs_matderiv.engine.simplify.cite import cite
from mkdocs_matderiv.engine.simplify.core import Simplifier, simplified
from mkdocs_matderiv.engine.simplify.rewrite import Rewrite, Simplified
from mkdocs_matderiv.engine.simplify.table import REWRITES

__all__ = ["REWRITES", "Rewrite", "Simplified", "Simplifier", "cite", "simplified"]
