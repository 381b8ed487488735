"""What the numeric check will allocate, estimated before it allocates anything.

Symbolic sizes are drawn small (2, 3, 4, ...), but a chain of Kronecker products or the
Jacobian of a large ``F`` multiplies them: ``A ⊗ A ⊗ … ⊗ A`` (10 factors) at 2×3 is a
1024×59049 matrix, half a gigabyte.  The check walks the trees with the sizes it drew and
refuses, with a located error, when the arrays it would hold at once pass the memory limit
(``limits.memory_limit``), or when one NumPy operation would run long in C, where the
time budget cannot stop it.
"""

from __future__ import annotations

from mkdocs_matderiv import limits
from mkdocs_matderiv.check.numeric import resolve_dim
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.tree import Expr, Kron, Mul, Sym

BYTES_PER_ENTRY = 8
"""Float64."""

_WHAT = {Kron: "a Kronecker product", Mul: "a product"}


def _size(shape, dims: dict) -> tuple[int, int] | None:
    try:
        return resolve_dim(shape[0], dims), resolve_dim(shape[1], dims)
    except KeyError:
        return None


def _flops(node: Expr, dims: dict) -> int:
    """Multiply-adds of one NumPy call for ``node`` (a matrix product chain: the widest step)."""
    if not isinstance(node, Mul):
        return 0
    worst, left = 0, None
    for factor in node.args:
        size = _size(factor.shape, dims)
        if size is None or factor.scalar:
            continue
        if left is not None:
            worst = max(worst, left[0] * left[1] * size[1])
            left = (left[0], size[1])
        else:
            left = size
    return worst


def check_memory(exprs: list[Expr], wrt: Sym | None, dims: dict[str, int]) -> None:
    """Refuse a check whose arrays would pass the memory limit, or whose single NumPy call
    would pass ``limits.MAX_CHECK_FLOPS``, at the sizes ``dims`` it drew.

    The estimate is an upper bound: every node of every tree alive at once, plus the
    finite-difference Jacobian (``vec f`` by ``vec wrt``, held twice while it is stacked)
    when ``wrt`` is given.

    Raises:
        MatDerivError: located at ``f``, naming the largest array and the limit.
    """
    limit = limits.memory_limit()
    total, largest = 0, 0
    largest_node: tuple[Expr | None, tuple[int, int]] | None = None    # None: the check's Jacobian
    for expr in exprs:
        for node in expr.walk():
            size = _size(node.shape, dims)
            if size is None:
                continue
            entries = size[0] * size[1]
            total += entries
            if entries > largest:
                largest, largest_node = entries, (node, size)
            if _flops(node, dims) > limits.MAX_CHECK_FLOPS:
                raise MatDerivError(
                    f"the numeric check would multiply matrices for about "
                    f"{_flops(node, dims):.1e} operations in one step at the sizes it tries "
                    f"(the limit is {limits.MAX_CHECK_FLOPS:.0e}); use fewer or smaller "
                    f"factors, or set check: false", key="f")
    f_size = _size(exprs[0].shape, dims)
    w_size = _size(wrt.shape, dims) if wrt is not None else None
    jacobian = 0
    if f_size and w_size:
        jacobian = 2 * f_size[0] * f_size[1] * w_size[0] * w_size[1]
        if f_size[0] * f_size[1] * w_size[0] * w_size[1] > largest:
            largest = f_size[0] * f_size[1] * w_size[0] * w_size[1]
            largest_node = (None, (f_size[0] * f_size[1], w_size[0] * w_size[1]))
    need = (total + jacobian) * BYTES_PER_ENTRY
    if need > limit and largest_node is not None:
        culprit, (rows, cols) = largest_node
        what = "the Jacobian of the check" if culprit is None else _WHAT.get(type(culprit), "a matrix")
        raise MatDerivError(
            f"the numeric check would need about {_mb(need)} MB ({what} alone is a "
            f"{rows}×{cols} matrix at the sizes it tries) (the limit is {_mb(limit)} MB); use "
            f"fewer or smaller factors, set check: false, or raise the plugin's memory_limit",
            key="f")


def _mb(n: int) -> str:
    mb = n / 2**20
    return f"{mb:,.0f}" if mb >= 10 else f"{mb:.2g}"
