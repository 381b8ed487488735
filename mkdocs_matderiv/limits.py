"""Limits on what one block may ask for, and the time budget of a block.

A documentation build runs on whatever Markdown is in the repository, pull requests from
strangers included.  A block must never hang the build or exhaust its memory, so every size
the engine's cost depends on has a ceiling here, checked where the input is read, and each
block runs under a time budget (:func:`time_budget`).  Every limit is a named constant of
this module, so the documentation and the error messages agree.
"""

from __future__ import annotations

import ctypes
import math
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from fractions import Fraction
from typing import Any

from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.tree import Add, Num, Pow, Sym

MAX_BLOCK_CHARS = 100_000
"""Characters in a block body (a 50×50 ``values`` matrix fits easily)."""

MAX_EXPRESSION_CHARS = 2000
"""Characters in one expression (``f`` or one ``where`` definition)."""

MAX_NESTING = 50
"""Brackets, bars, calls, exponents and unary signs open at once in one expression."""

MAX_TREE_DEPTH = 120
"""Depth of ``f`` once every ``where`` name is replaced by its definition."""

MAX_WHERE = 64
"""Definitions in ``where``."""

MAX_WRT = 16
"""Variables in ``wrt``."""

MAX_NUMBER_DIGITS = 40
"""Digits in one number written in an expression."""

MAX_NUMBER_BITS = 1024
"""Bits in the numerator or denominator of a number folded from others (``2^{10}``)."""

MAX_MATRIX_POWER = 16
"""Largest ``|k|`` in an integer power ``X^k`` of a matrix."""

MAX_SCALAR_EXPONENT = 1000
"""Largest numerator or denominator of a numeric exponent of a scalar (``α^{1000}``)."""

MAX_DIMENSION = 50
"""Largest numeric dimension: of a ``values`` array, a ``shapes`` entry (``"50 x 50"``)."""

MAX_ENTRIES = 10_000
"""Entries of any intermediate matrix whose size is fixed by numbers (``A ⊗ B``)."""

DEFAULT_TIMEOUT = 30.0
"""Seconds a block may take when the caller sets no budget (the plugin's ``timeout``)."""

DEFAULT_MEMORY_MB = 256
"""Megabytes the numeric check of a block may hold (the plugin's ``memory_limit``)."""

MAX_CHECK_FLOPS = 1e9
"""Multiply-adds of one NumPy call in the numeric check: one call runs in C, where the time
budget cannot interrupt it, so it must stay within about a second."""


def _too(what: str, limit, **where) -> MatDerivError:
    return MatDerivError(f"{what} (the limit is {limit})", **where)


# ---------------------------------------------------------------- input checks

def check_block_text(body: str) -> None:
    """The block body is not longer than :data:`MAX_BLOCK_CHARS`."""
    if len(body) > MAX_BLOCK_CHARS:
        raise _too(f"the block is {len(body)} characters long", f"{MAX_BLOCK_CHARS} characters",
                   line=1)


def check_expression_text(text: str) -> None:
    """One expression is not longer than :data:`MAX_EXPRESSION_CHARS`."""
    if len(text) > MAX_EXPRESSION_CHARS:
        raise _too(f"the expression is {len(text)} characters long",
                   f"{MAX_EXPRESSION_CHARS} characters; split it with where", column=1)


def check_nesting(depth: int, column: int) -> None:
    """Called by the parser each time it goes one level deeper."""
    if depth > MAX_NESTING:
        raise _too("the expression is nested too deeply", f"{MAX_NESTING} levels; split it with where",
                   column=column)


def check_number_literal(text: str, column: int) -> None:
    """A number as written has at most :data:`MAX_NUMBER_DIGITS` digits."""
    digits = sum(ch.isdigit() for ch in text)
    if digits > MAX_NUMBER_DIGITS:
        raise _too(f"the number {text[:12]}… has {digits} digits", f"{MAX_NUMBER_DIGITS} digits",
                   column=column)


def check_folded_power(base: Fraction, exponent: int, column: int) -> None:
    """``base ^ exponent`` of two numbers stays a number of at most :data:`MAX_NUMBER_BITS` bits."""
    bits = max(abs(base.numerator).bit_length(), base.denominator.bit_length())
    if bits > 1 and bits * abs(exponent) > MAX_NUMBER_BITS:
        raise _too(f"the number {base}^{exponent} is too large", f"{MAX_NUMBER_BITS} bits",
                   column=column)


def folded_bits(expr, defined: dict | None = None) -> float:
    """An upper bound on the size in bits (``log2`` of numerator and denominator) of a number
    the engine can fold from the numbers of ``expr``: a product adds its factors' sizes, a sum
    at most the bits of its count, a power ``k`` multiplies by ``|k|``; each name of
    ``defined`` (name -> bits) counts as its definition."""
    defined = defined or {}
    if isinstance(expr, Sym):
        return defined.get(expr.name, 0.0)
    if isinstance(expr, Num):
        v = expr.value
        return max(math.log2(abs(v.numerator) or 1), math.log2(v.denominator))
    kids = [folded_bits(c, defined) for c in expr.children]
    if isinstance(expr, Add):
        return max(kids, default=0.0) + len(kids).bit_length()
    if isinstance(expr, Pow) and isinstance(expr.right, Num):
        return kids[0] * abs(expr.right.value.numerator)
    return sum(kids)


def check_folded_numbers(expr, defined: dict | None = None, key: str = "f") -> float:
    """The numbers of ``expr`` cannot multiply to more than :data:`MAX_NUMBER_BITS` bits (thirty
    factors ``2^{500}``: a number no check or page could print).

    Returns:
        The bound, for later definitions that use this one.
    """
    bits = folded_bits(expr, defined)
    if bits > MAX_NUMBER_BITS:
        raise _too(f"the numbers of this expression multiply to as much as {math.ceil(bits)} bits",
                   f"{MAX_NUMBER_BITS} bits; give a large constant a name instead", key=key)
    return bits


def check_exponent(value: Fraction, matrix: bool, column: int) -> None:
    """A numeric exponent: ``|k| ≤`` :data:`MAX_MATRIX_POWER` on a matrix, numerator and
    denominator ``≤`` :data:`MAX_SCALAR_EXPONENT` on a scalar."""
    if matrix and abs(value) > MAX_MATRIX_POWER:
        raise _too(f"the matrix power {value} is too large", f"±{MAX_MATRIX_POWER}", column=column)
    if max(abs(value.numerator), value.denominator) > MAX_SCALAR_EXPONENT:
        raise _too(f"the exponent {value} is too large", MAX_SCALAR_EXPONENT, column=column)


def check_dimension(name: str, shape: tuple, key: str) -> None:
    """Numeric dimensions (of ``values`` or ``shapes``) are at most :data:`MAX_DIMENSION`."""
    for d in shape:
        if isinstance(d, int) and d > MAX_DIMENSION:
            raise _too(f"'{name}' has a dimension of {d}", MAX_DIMENSION, key=key)


def check_entries(shape: tuple, key: str | None = None) -> None:
    """A node whose size is all numbers has at most :data:`MAX_ENTRIES` entries."""
    if all(isinstance(d, int) for d in shape) and math.prod(shape) > MAX_ENTRIES:
        raise _too(f"a {shape[0]}×{shape[1]} intermediate matrix is too large",
                   f"{MAX_ENTRIES} entries", key=key)


def check_count(what: str, count: int, limit: int, key: str) -> None:
    """``where`` and ``wrt`` hold at most ``limit`` items."""
    if count > limit:
        raise _too(f"{count} {what}", limit, key=key)


def tree_depth(expr, defined: dict | None = None) -> int:
    """The depth of ``expr`` with each name of ``defined`` (name -> depth) counted as the depth
    of its definition; iterative, so a deep tree cannot overflow the stack."""
    defined = defined or {}
    best = 0
    stack = [(expr, 1)]
    while stack:
        node, depth = stack.pop()
        extra = defined.get(node.name, 0) if isinstance(node, Sym) else 0
        best = max(best, depth + extra)
        for child in node.children:
            stack.append((child, depth + 1))
    return best


def check_tree(expr, defined: dict | None = None, key: str = "f") -> int:
    """``expr`` (``where`` names counted as their definitions) is at most
    :data:`MAX_TREE_DEPTH` deep, and no numerically sized node has too many entries.

    Returns:
        The depth, for later definitions that use this one.
    """
    depth = tree_depth(expr, defined)
    if depth > MAX_TREE_DEPTH:
        raise _too("the expression (with where substituted) is nested too deeply",
                   f"{MAX_TREE_DEPTH} levels", key=key)
    stack = [expr]
    while stack:
        node = stack.pop()
        check_entries(node.shape, key)
        stack.extend(node.children)
    return depth


# ---------------------------------------------------------------- the memory limit

_memory_bytes: ContextVar[int] = ContextVar("matderiv_memory", default=DEFAULT_MEMORY_MB * 2**20)


def memory_limit() -> int:
    """Bytes the running block's numeric check may hold (see ``check.budget``)."""
    return _memory_bytes.get()


@contextmanager
def memory_budget(megabytes: float | None) -> Iterator[None]:
    """Run the body with a memory limit of ``megabytes`` (None: :data:`DEFAULT_MEMORY_MB`).

    A ``MemoryError`` that still escapes a stage (an estimate that missed) becomes a located
    :class:`MatDerivError`, never a traceback.
    """
    token = _memory_bytes.set(int((megabytes or DEFAULT_MEMORY_MB) * 2**20))
    try:
        yield
    except MemoryError:
        raise MatDerivError(f"the block needs more memory than this machine gave it (the limit "
                            f"is {megabytes or DEFAULT_MEMORY_MB:g} MB); use fewer or smaller "
                            f"factors, or set check: false", line=1) from None
    finally:
        _memory_bytes.reset(token)


# ---------------------------------------------------------------- the time budget

class BlockTimeout(MatDerivError):
    """A block ran over its time budget."""

    seconds: float = DEFAULT_TIMEOUT

    def __init__(self, message: str | None = None, **where) -> None:
        where.setdefault("line", 1)
        super().__init__(message or timeout_message(self.seconds), **where)


def timeout_message(seconds: float) -> str:
    return (f"the block took longer than {seconds:g} s; simplify the block or raise the "
            f"plugin's timeout")


_deadline: ContextVar[float | None] = ContextVar("matderiv_deadline", default=None)
_budget_seconds: ContextVar[float] = ContextVar("matderiv_budget", default=DEFAULT_TIMEOUT)


def check_deadline() -> None:
    """Raise :class:`BlockTimeout` when the running block is over its budget (a cheap call:
    stages and long loops call it cooperatively)."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise BlockTimeout(timeout_message(_budget_seconds.get()))


GRACE = 0.25
"""Seconds after the deadline before the watchdog interrupts a stage that has not looked."""


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the body under a budget of ``seconds`` (None or 0: no budget).

    The body is expected to call :func:`check_deadline` between stages.  A stage that does not
    (a long rewrite inside the engine) is interrupted by a watchdog thread ``GRACE`` seconds after
    the deadline: it raises :class:`BlockTimeout` asynchronously in the block's thread
    (``PyThreadState_SetAsyncExc``), which works in any thread and needs no signal.  Long calls
    inside C (one NumPy operation) finish first; the size limits keep those short.

    Raises:
        BlockTimeout: a :class:`MatDerivError` naming the budget.
    """
    if not seconds or seconds <= 0:
        yield
        return
    exc_type = type("BlockTimeout", (BlockTimeout,), {"seconds": seconds})
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def interrupt() -> None:
        with lock:
            if state["done"]:
                return
            state["fired"] = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                                       ctypes.py_object(exc_type))
            again = threading.Timer(GRACE, interrupt)   # it may land where it is ignored (a gc
            again.daemon = True                         # callback): fire again until it takes
            again.start()

    timer = threading.Timer(seconds + GRACE, interrupt)
    timer.daemon = True
    previous_hook = sys.unraisablehook
    sys.unraisablehook = _quiet_interrupts(previous_hook)
    token = _deadline.set(time.monotonic() + seconds)
    budget_token = _budget_seconds.set(seconds)
    timer.start()
    try:
        yield
    except BlockTimeout:
        raise exc_type() from None
    except RecursionError:
        raise MatDerivError("the expression is too deeply nested for the engine; split it "
                            "with where", line=1) from None
    except Exception:
        if state["fired"]:   # the interrupt was caught inside and came out as another error
            raise exc_type() from None
        raise
    finally:
        with lock:
            state["done"] = True
            fired = state["fired"]
        timer.cancel()
        _deadline.reset(token)
        _budget_seconds.reset(budget_token)
        if fired:  # an interrupt may still be pending: clear it, report the timeout ourselves
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), None)
        if getattr(sys.unraisablehook, "wraps", None) is previous_hook:
            sys.unraisablehook = previous_hook
    if fired:
        raise exc_type()


def _quiet_interrupts(hook: Callable[[Any], object]) -> Callable[[Any], None]:
    """``hook`` without the watchdog's interrupts that landed where Python ignores exceptions (a
    ``WeakSet`` or gc callback): they are expected and fired again, never news for the author's
    stderr (nor a test's unraisable-exception warning)."""

    def quiet(unraisable) -> None:
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type, BlockTimeout):
            return
        hook(unraisable)

    quiet.wraps = hook  # type: ignore[attr-defined]
    return quiet
