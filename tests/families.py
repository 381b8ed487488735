"""More generated families (issue 10): scalar broadcast, Kronecker products, ``diag``,
sizes where a careless draw is singular, and name spellings.

Each family is a function of a ``Gen`` returning a ``Case`` with an independent NumPy
reference, as in ``strategies.py``; ``FAMILIES`` names them for the property tests and the
generator script ``benchmarks/coverage.py``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st

from entries_family import entries_case
from strategies import (
    ATOM, MATRIX_POOL, POST, Case, Gen, Node, _variable, block_text, gradient_case, jacobian_case,
)


def _one(text: str = "1") -> Node:
    return Node(text, lambda env: np.ones((1, 1)), (1, 1))


def _finish(g: Gen, f: Node, wrt: list[str], kind: str, extra: dict | None = None) -> Case:
    vec, layout = "column", "numerator"
    extra = dict(extra or {})
    if kind == "jacobian":
        vec, layout = g.pick(["column", "row"]), g.pick(["numerator", "denominator"])
        if vec == "row":
            extra["vec"] = vec
        if layout == "denominator":
            extra["layout"] = layout
    return Case(block_text(g, f, wrt, (), extra), f.fn, dict(g.leaves), wrt, kind, vec, layout,
                seed=g.int(0, 2 ** 32 - 1), sizes=g.symbolic)


def _scalar_out(g: Gen, b: Node) -> Node:
    """A scalar of a matrix or vector ``b``: ``sum``, ``tr(Cᵀ b)``, ``uᵀ b v``, a squared norm."""
    r, c = b.shape
    k = g.int(0, 4)
    if k == 0:
        return g.total(b)
    if k == 1:
        return g.tr(g.prod([g.T(g.const((r, c))), b]))
    if k == 2:
        return g.prod([g.T(g.const((r, 1))), b] + ([g.const((c, 1))] if c > 1 else []))
    if k == 3:
        return g.norm(b, True)
    return g.total(g.call(g.pick(["exp", "sin", "tanh"]), b))


# ---------------------------------------------------------------- scalar broadcast

def broadcast_case(g: Gen) -> Case:
    """A scalar added to every entry of a matrix or vector: ``(K + t) w``, ``inv(S + t)``,
    ``tr((N + alpha)ᵀ R)``, ``aᵀ (M - alpha) b``, ``sum(v + beta)``, ``||x + aᵀ w||²``."""
    var, props = _variable(g, g.pick(["t", "t", "x", "X_mn", "X_sq"]))
    jac = g.coin(35)
    r, c = g.pick([(3, 2), (2, 2), (3, 3), (3, 1), (2, 1)])
    if var.scalar:
        s = g.var_node(var) if g.coin(60) else g.prod([g.number(), g.var_node(var)])
        m = g.const((r, c)) if g.coin(60) else g.affine(r, c, var, props)
    else:
        s = g.chain(1, 1, var, props, budget=g.int(1, 2)) if g.coin(70) else g.scalar_const()
        m = g.affine(r, c, var, props) if (g.coin(50) or not s.var) else g.const((r, c))
    if not (s.var or m.var):
        m = g.affine(r, c, var, props)
    sign = g.pick([1, -1])
    b = g.add([m, s], [1, sign]) if g.coin(70) else g.add([s, m], [1, sign])
    if r == c and r > 1 and g.coin(25):                  # S + p 1 1ᵀ with p > 0: positive definite
        p = g.positive_scalar(var, props) if not var.scalar else g.call("exp", g.var_node(var))
        # a named S, not I: I + p 1 1ᵀ alone would leave its size to no name of the block
        inner = g.inv(g.add([g._named(MATRIX_POOL, (r, r), {"positive_definite"}), p]))
        f = inner if jac else g.tr(g.prod([g.const((r, r)), inner]))
    elif jac:
        k = g.int(0, 2)
        f = b if k == 0 else g.prod([g.const((g.pick([2, 3]), r)), b]) if k == 1 else \
            g.call(g.pick(["exp", "sigma", "tanh"]), b)
    else:
        f = _scalar_out(g, b)
    kind = "gradient" if not jac else "derivative" if var.scalar else "jacobian"
    return _finish(g, f, [var.name], kind)


# ---------------------------------------------------------------- Kronecker products

def _kron(g: Gen, a: Node, b: Node) -> Node:
    a, b = g.at_least(a, POST), g.at_least(b, POST)
    op = g.pick([" ⊗ ", " \\otimes "])
    shape = (a.shape[0] * b.shape[0], a.shape[1] * b.shape[1])
    return Node(a.text + op + b.text, lambda env, f=a.fn, h=b.fn: np.kron(f(env), h(env)), shape, 2,
                a.var or b.var)


def kron_case(g: Gen) -> Case:
    """Gradients through ``A ⊗ X`` (``tr``, ``sum``, norms, mixed products) and Jacobians of
    ``A ⊗ X``, ``X ⊗ B``, ``x ⊗ a``."""
    jac = g.coin(40)
    var, props = _variable(g, g.pick(["X_mn", "X_sq", "x"]))
    x = g.var_node(var) if g.coin(70) else g.affine(*var.shape, var, props)
    other = g.const(g.pick([(2, 2), (2, 1), (1, 2), (2, 3)]) if not var.shape[1] == 1 else
                    g.pick([(2, 1), (3, 1), (2, 2)]))
    k = _kron(g, other, x) if g.coin(50) else _kron(g, x, other)
    if jac:
        f = k if g.coin(70) else g.prod([g.const((2, k.shape[0])), k])
        return _finish(g, f, [var.name], "jacobian")
    r, c = k.shape
    choice = g.int(0, 4)
    if choice == 0 and r == c:
        f = g.tr(k)
    elif choice == 1 and r == c and var.shape[0] == var.shape[1]:
        # tr((A ⊗ B)(C ⊗ X)): a mixed product
        n = var.shape[0]
        left = _kron(g, g.const((2, 2)), g.const((n, n)))
        f = g.tr(g.prod([left, _kron(g, g.const((2, 2)), x)]))
    elif choice == 2:
        f = g.norm(k, True)
    else:
        f = _scalar_out(g, k)
    return _finish(g, f, [var.name], "gradient")


# ---------------------------------------------------------------- diag

def _diag(g: Gen, n: Node) -> Node:
    r, c = n.shape
    if c == 1:
        fn, shape = (lambda env, f=n.fn: np.diagflat(f(env))), (r, r)
    else:
        fn, shape = (lambda env, f=n.fn: np.diag(f(env)).reshape(-1, 1)), (r, 1)
    return Node(f"diag({n.text})", fn, shape, ATOM, n.var)


def diag_case(g: Gen) -> Case:
    """``diag`` of a vector or square matrix in any position: ``diag(X)ᵀ a``, ``tr(C diag(A x))``,
    Jacobians of ``diag(x)`` and ``diag(X)``."""
    jac = g.coin(40)
    var, props = _variable(g, g.pick(["X_sq", "x", "x"]))
    n = var.shape[0]
    inner = g.var_node(var) if g.coin(60) else g.affine(n, var.shape[1], var, props)
    d = _diag(g, inner)
    if jac:
        f = d if g.coin(60) else g.prod([g.const((g.pick([2, 3]), d.shape[0])), d]) if g.coin(50) else g.T(d)
        if f.shape == (1, 1):
            f = d
        return _finish(g, f, [var.name], "jacobian")
    if d.shape[1] == 1 and g.coin(50):                  # diag(X) as a vector, transposed or not
        a = g.const((n, 1))
        f = g.prod([g.T(d), a]) if g.coin(50) else g.prod([g.T(a), d])
        if g.coin(30):
            f = g.prod([g.T(d), g.const((n, n)), d])
    else:
        f = _scalar_out(g, d)
    return _finish(g, f, [var.name], "gradient")


# ---------------------------------------------------------------- sizes a draw can get wrong

def _logdet(g: Gen, n: Node) -> Node:
    # the log-determinant is defined where the determinant is positive: elsewhere the
    # reference is NaN, and such points are not used
    return Node(f"ln|{n.text}|", lambda env, f=n.fn: np.log(np.full((1, 1), np.linalg.det(f(env)))),
                (1, 1), ATOM, n.var)


def singular_case(g: Gen) -> Case:
    """``ln|A X B|``, ``tr((A X Aᵀ)⁻¹)``, ``ln|X Xᵀ|``... with sizes declared as letters: singular
    unless the check gives the short side the smaller size."""
    g.symbolic = {3: "m", 2: "n"} if g.coin(50) else {3: "p", 2: "k"}
    k = g.int(0, 4)
    if k in (0, 1):
        g.var_names.append("X")
        var = x = g.leaf("X", (3, 3), var=True)
        a = g._named(MATRIX_POOL, (2, 3), frozenset())
        if k == 0:
            f = _logdet(g, g.prod([a, x, g._named(MATRIX_POOL, (3, 2), frozenset())]))
        else:
            f = g.tr(g.inv(g.prod([a, x, g.T(a)])))
    else:
        var, _ = _variable(g, "X_mn")
        x = g.var_node(var)
        wide = x if var.shape[0] < var.shape[1] else g.T(x)
        if k == 2:
            f = _logdet(g, g.prod([wide, g.T(wide)]))
        elif k == 3:
            f = g.tr(g.prod([g.const((wide.shape[0],) * 2), g.inv(g.prod([wide, g.T(wide)]))]))
        else:
            f = g.det(g.prod([wide, g._named(MATRIX_POOL, (wide.shape[1], wide.shape[0]), frozenset())]))
    return _finish(g, f, [var.name], "gradient")


# ---------------------------------------------------------------- vec, powers, ./, logsumexp

def _vec(n: Node) -> Node:
    return Node(f"vec({n.text})", lambda env, f=n.fn: f(env).reshape(-1, 1, order="F"),
                (n.shape[0] * n.shape[1], 1), ATOM, n.var)


def misc_case(g: Gen) -> Case:
    """Parts of the language the other families touch little: ``vec``, integer matrix powers,
    element-wise division, ``logsumexp``, ``^{-T}``."""
    kind = g.pick(["vec", "power", "elemdiv", "logsumexp", "inv_T"])
    if kind == "vec":
        var, props = _variable(g, g.pick(["X_mn", "x"]))
        v = _vec(g.affine(*var.shape, var, props) if var.shape[1] > 1 else
                 g.prod([g.var_node(var), g.T(g.const((2, 1)))]))
        if g.coin(35):
            return _finish(g, g.prod([g.const((2, v.shape[0])), v]), [var.name], "jacobian")
        f = g.prod([g.T(g.const(v.shape)), v]) if g.coin(50) else g.norm(v, True)
        return _finish(g, f, [var.name], "gradient")
    if kind == "power":
        var, props = _variable(g, "X_sq")
        k = g.pick([2, 3])
        x = g.var_node(var)
        p = Node(f"{g.at_least(x, ATOM).text}^{k}", lambda env, f=x.fn, k=k: np.linalg.matrix_power(f(env), k),
                 x.shape, POST, True)
        if g.coin(35):
            return _finish(g, p, [var.name], "jacobian")
        return _finish(g, g.tr(g.prod([g.const(x.shape), p])), [var.name], "gradient")
    if kind == "elemdiv":
        var, props = _variable(g, g.pick(["x", "X_mn"]))
        z = g.affine(*var.shape, var, props)
        den = g.add([_one(), g.call("exp", z)])
        num = g.const(var.shape) if g.coin(50) else z
        q = Node(f"{g.at_least(num, POST).text} ./ {g.at_least(den, POST).text}",
                 lambda env, a=num.fn, b=den.fn: a(env) / b(env), var.shape, 2, True)
        return _finish(g, g.total(q), [var.name], "gradient")
    if kind == "logsumexp":
        var, props = _variable(g, "x")
        z = g.affine(g.pick([2, 3]), 1, var, props)
        f = Node(f"logsumexp({z.text})", lambda env, h=z.fn: np.full((1, 1), np.log(np.sum(np.exp(h(env))))),
                 (1, 1), ATOM, True)
        return _finish(g, f, [var.name], "gradient")
    var, props = _variable(g, "X_sq")
    g.leaves[var.name].props = frozenset({"invertible"})
    f = g.tr(g.prod([g.const(var.shape), g.inv_T(g.var_node(var))]))
    return _finish(g, f, [var.name], "gradient")


# ---------------------------------------------------------------- the functions of matrixcalculus.org

NEW_FUNCTIONS = {
    "abs": (["abs", "\\lvert"], np.abs), "sign": (["sign", "sgn"], np.sign),
    "relu": (["relu"], lambda z: np.maximum(z, 0.0)), "tan": (["tan", "\\tan"], np.tan),
    "arcsin": (["arcsin", "\\arcsin"], np.arcsin), "arccos": (["arccos", "\\arccos"], np.arccos),
    "arctan": (["arctan", "\\arctan"], np.arctan),
}


def _apply(g: Gen, name: str, z: Node) -> Node:
    spellings, fn = NEW_FUNCTIONS[name]
    head = g.pick([s for s in spellings if not s.startswith("\\l")])
    return Node(f"{head}({z.text})", lambda env, f=z.fn, h=fn: h(f(env)), z.shape, ATOM, z.var)


def functions_case(g: Gen) -> Case:
    """``abs``, ``sign``, ``relu``, ``tan``, ``arcsin``, ``arccos``, ``arctan``, Hadamard powers
    ``.^``, ``norm1`` / ``||·||_1`` and ``logdet``, in gradients and Jacobians."""
    var, props = _variable(g, g.pick(["x", "x", "X_mn", "t"]))
    r, c = var.shape if not var.scalar else g.pick([(3, 1), (2, 2)])
    z = g.affine(r, c, var, props)
    kind = g.pick(["elementwise", "elementwise", "power", "norm1", "logdet"])
    if kind == "elementwise":
        name = g.pick(list(NEW_FUNCTIONS))
        if name in ("arcsin", "arccos") and g.coin(60):     # inside the domain by construction
            z = Node(f"tanh({z.text}) / 2", lambda env, f=z.fn: np.tanh(f(env)) / 2, z.shape, 2, True)
        e = _apply(g, name, z)
    elif kind == "power":
        if g.coin(50):
            text = g.pick([("2", 2.0), ("3", 3.0)])
            e = Node(f"{g.at_least(z, POST).text} .^ {text[0]}", lambda env, f=z.fn, k=text[1]: f(env) ** k,
                     z.shape, 2, True)
        else:                                               # a fractional power of a positive matrix
            base = g.call("exp", z)
            e = Node(f"{base.text} .^ 0.5", lambda env, f=base.fn: f(env) ** 0.5, z.shape, 2, True)
    elif kind == "norm1":
        spelled = f"norm1({z.text})" if g.coin(50) else f"||{z.text}||_1"
        f = Node(spelled, lambda env, h=z.fn: np.full((1, 1), np.sum(np.abs(h(env)))), (1, 1), ATOM, True)
        return _finish(g, f, [var.name], "gradient")
    else:
        k = g.pick([2, 3])
        v = g.chain(g.pick([2, 3]), k, var, props, budget=1)
        inner = g.add([g._named(MATRIX_POOL, (k, k), {"positive_definite"}), g.prod([g.T(v), v])])
        f = Node(f"logdet({inner.text})", lambda env, h=inner.fn: np.full((1, 1), np.linalg.slogdet(h(env))[1]),
                 (1, 1), ATOM, True)
        return _finish(g, f, [var.name], "gradient")
    if g.coin(30) and not e.scalar:
        return _finish(g, e, [var.name], "derivative" if var.scalar else "jacobian")
    return _finish(g, _scalar_out(g, e) if not e.scalar else e, [var.name], "gradient")


# ---------------------------------------------------------------- the table

FAMILIES: dict[str, Callable[[Gen], Case]] = {
    "gradient": gradient_case, "jacobian": jacobian_case, "broadcast": broadcast_case,
    "kron": kron_case, "diag": diag_case, "singular": singular_case, "misc": misc_case,
    "functions": functions_case, "entries": entries_case,
}


def cases_of(family: str):
    """The Hypothesis strategy of one family."""
    make = FAMILIES[family]
    return st.composite(lambda draw: make(Gen(draw)))()
