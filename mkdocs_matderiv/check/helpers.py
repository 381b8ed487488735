"""The NumPy helpers generated code calls, written once as real functions.

``codegen`` copies the source of the helpers a result uses into the published
code (``inspect.getsource``), so the published function is self-contained; the
numeric check runs the same functions.  Each helper works on 2-D arrays (a
vector as a column) and is written in its numerically stable form.
"""

from __future__ import annotations

import inspect

import numpy as np


def _sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), through tanh: no overflow at any z."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _softmax(x):
    """exp(x) / sum(exp(x)), the maximum subtracted first so that exp cannot overflow; of a
    matrix (more than one column), of each row."""
    if np.ndim(x) == 2 and np.shape(x)[1] > 1:
        z = np.exp(x - np.max(x, axis=1, keepdims=True))
        return z / np.sum(z, axis=1, keepdims=True)
    z = np.exp(x - np.max(x))
    return z / np.sum(z)


def _logsumexp(x):
    """ln(sum(exp(x))), the maximum taken out first so that exp cannot overflow."""
    m = np.max(x)
    return m + np.log(np.sum(np.exp(x - m)))


def _relu(z):
    """max(z, 0) entry by entry."""
    return np.maximum(z, 0.0)


def _norm1(x):
    """The entry-wise 1-norm: the sum of the absolute values of the entries."""
    return np.sum(np.abs(x))


def _logdet(x):
    """ln|det(x)|, from slogdet: no overflow of the determinant itself."""
    return np.linalg.slogdet(x)[1]


def _adj(x):
    """The adjugate (seed 003's X*): |x| x^-1, x invertible."""
    return np.linalg.det(x) * np.linalg.inv(x)


def _commutation(m, n):
    """The commutation matrix K: K vec(A) = vec(A^T) for an m x n matrix A (column order)."""
    k = np.zeros((m * n, m * n))
    for i in range(m):
        for j in range(n):
            k[i * n + j, j * m + i] = 1.0
    return k


HELPERS = {f.__name__: f for f in (_sigmoid, _softmax, _logsumexp, _relu, _norm1, _logdet, _adj,
                                   _commutation)}
"""Helper name (as generated code calls it) -> the function."""


def helper_source(name: str) -> str:
    """The source of helper ``name``, as the published code defines it."""
    return inspect.getsource(HELPERS[name])


def callable_of(spelling: str):
    """The function a table entry's ``numpy`` spelling names: ``np.exp``, ``_sigmoid``."""
    if spelling in HELPERS:
        return HELPERS[spelling]
    target = np
    for part in spelling.split(".")[1:]:
        target = getattr(target, part)
    return target
