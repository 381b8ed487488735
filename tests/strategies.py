"""Hypothesis strategies: random matrix-calculus blocks, each with an independent NumPy reference.

Every generated node knows two things: its spelling in the block language
(CONTRACT §2) and a NumPy function of an environment of 2-D arrays (a column
vector ``(k, 1)``, a scalar ``(1, 1)``).  Both are built from the same random
choices, so the reference never passes through the engine: the test compares
the engine's published ``numpy`` source with central finite differences of the
reference.

Dimensions are concrete (``m = 3``, ``n = 2``) and declared in ``shapes:``.
Inputs are drawn honouring the block's ``assume`` (symmetric, invertible,
positive definite) and the structure of the expression (``ln``/``sqrt`` only
ever see positive arguments by construction: ``exp(...)``, ``1 + exp(...)``,
``1 + ‖·‖²``; inverses and log-determinants only see invertible or positive
definite arguments by construction or by assumption).
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from hypothesis import strategies as st

M, N = 3, 2
DIMS = (1, 2, 3)

ATOM, POST, PROD, SUM = 4, 3, 2, 1

Fn = Callable[[dict], np.ndarray]


# ---------------------------------------------------------------- nodes

@dataclass(frozen=True)
class Node:
    text: str
    fn: Fn = field(repr=False, compare=False)
    shape: tuple
    prec: int = ATOM
    var: bool = False          # depends on a variable of the block
    name: str | None = None    # a bare name (canonical), for spelling choices

    @property
    def scalar(self) -> bool:
        return self.shape == (1, 1)


def _sig(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


ELEMENTWISE = {"exp": np.exp, "sigma": _sig, "tanh": np.tanh, "sin": np.sin, "cos": np.cos,
               "ln": np.log, "sqrt": np.sqrt}


@dataclass
class Leaf:
    """A named input: its canonical name, shape, assumptions and keyword in the numpy code."""
    name: str
    shape: tuple
    props: frozenset = frozenset()
    kwarg: str = ""
    declare: bool = True
    positive: bool = False      # drawn in [0.5, 1.5] (scalars)


@dataclass
class Case:
    """A generated block and its reference."""
    block: str
    ref: Fn = field(repr=False)
    leaves: dict = field(repr=False)
    wrt: list
    kind: str                    # expected kind: gradient | jacobian | derivative
    vec: str = "column"
    layout: str = "numerator"
    seed: int = 0
    sizes: dict = field(default_factory=dict, repr=False)   # concrete size -> its letter in shapes
    entries: dict = field(default_factory=dict, repr=False)  # entry name -> (its variable, row, column)

    def __repr__(self) -> str:
        return f"Case(wrt={self.wrt}, kind={self.kind}, block=\n{self.block})"


# ---------------------------------------------------------------- drawing inputs

def draw_env(leaves: dict, rng: np.random.Generator) -> dict:
    env = {}
    for leaf in leaves.values():
        r, c = leaf.shape
        if (r, c) == (1, 1):
            v = rng.uniform(0.5, 1.5, (1, 1)) if leaf.positive else rng.uniform(-1.0, 1.0, (1, 1))
        elif r == c and "positive_definite" in leaf.props:
            a = rng.standard_normal((r, r))
            v = a @ a.T / r + np.eye(r)
        elif r == c and "invertible" in leaf.props:
            v = rng.uniform(-1.0, 1.0, (r, r)) + r * np.eye(r)
        else:
            v = rng.standard_normal((r, c))
        if r == c and "symmetric" in leaf.props:
            v = (v + v.T) / 2
        env[leaf.name] = v
    return env


def kwargs_for(leaves: dict, env: dict) -> dict:
    """The arrays as the generated code takes them: a vector 1-D, a scalar a float."""
    out = {}
    for leaf in leaves.values():
        v = env[leaf.name]
        if leaf.shape == (1, 1):
            out[leaf.kwarg] = float(v[0, 0])
        elif leaf.shape[1] == 1:
            out[leaf.kwarg] = v.reshape(-1)
        else:
            out[leaf.kwarg] = v
    return out


def finite_jacobian(ref: Fn, env: dict, wrt: str, order: str = "F") -> np.ndarray:
    """``∂vec(f)/∂vec(wrt)`` by central differences (rows: f entries, columns: wrt entries)."""
    x0 = env[wrt]
    flat = x0.reshape(-1, order=order)
    cols = []
    for j in range(flat.size):
        h = 1e-6 * max(1.0, abs(flat[j]))
        sides = []
        for s in (1.0, -1.0):
            x = flat.copy()
            x[j] += s * h
            sides.append(np.asarray(ref({**env, wrt: x.reshape(x0.shape, order=order)}),
                                    dtype=float).reshape(-1, order=order))
        cols.append((sides[0] - sides[1]) / (2 * h))
    return np.stack(cols, axis=1)


# ---------------------------------------------------------------- the generator

MATRIX_POOL = ["A", "B", "C", "A_1", "D", "E", "G", "K", "M", "N", "P", "Q", "R", "S", "U", "V", "B2"]
VECTOR_POOL = ["a", "b_1", "b", "c", "u", "c2", "v", "w", "y", "z", "p", "q", "r", "s", "k", "h"]
GREEK_POOL = ["alpha", "beta", "gamma", "lambda", "mu", "rho"]
GREEK_UNI = {"alpha": "α", "beta": "β", "gamma": "γ", "lambda": "λ", "mu": "μ", "rho": "ρ", "theta": "θ"}
PY_KEYWORDS = {"lambda"}


class Gen:
    """Draws one block.  ``d`` is a hypothesis ``draw``, or a ``random.Random`` (the
    generator script ``benchmarks/coverage.py`` makes problems without Hypothesis)."""

    def __init__(self, d):
        self.d = d
        self.leaves: dict[str, Leaf] = {}
        self.var_names: list[str] = []
        self.spelled: bool = True
        self.symbolic: dict[int, str] = {}   # concrete size -> the letter declared in shapes

    # ---- choices
    def pick(self, seq):
        seq = list(seq)
        return seq[self.int(0, len(seq) - 1)]

    def coin(self, percent: int = 50) -> bool:
        return self.int(0, 99) < percent

    def int(self, lo, hi):
        if isinstance(self.d, random.Random):
            return self.d.randint(lo, hi)
        return self.d(st.integers(lo, hi))

    # ---- spelling
    def spell_name(self, leaf: Leaf) -> str:
        name = leaf.name
        if name in GREEK_UNI:
            return self.pick([name, name, "\\" + name, GREEK_UNI[name]])
        if "_" in name:
            base, sub = name.split("_")
            return self.pick([name, f"{base}_{{{sub}}}", name, f"{base}_{{{sub}}}",
                              f"\\mathbf{{{name}}}", f"\\mathbf{{{base}_{{{sub}}}}}"])
        if self.coin(8) or (name[-1].isdigit() and self.coin(50)):
            return f"\\mathbf{{{name}}}"
        return name

    def paren(self, n: Node) -> Node:
        style = self.pick(["()", "()", "()", "[]", "left"])
        if style == "()":
            t = f"({n.text})"
        elif style == "[]":
            t = f"[{n.text}]"
        else:
            t = f"\\left({n.text}\\right)"
        return Node(t, n.fn, n.shape, ATOM, n.var)

    def at_least(self, n: Node, level: int) -> Node:
        return self.paren(n) if n.prec < level else n

    # ---- leaves
    def leaf(self, name: str, shape, props=frozenset(), declare=True, positive=False, var=False) -> Node:
        if name not in self.leaves:
            kw = name + "_" if name in PY_KEYWORDS else name
            self.leaves[name] = Leaf(name, shape, frozenset(props), kw, declare, positive)
        else:
            lf = self.leaves[name]
            assert lf.shape == shape, (name, lf.shape, shape)
            lf.props = lf.props | frozenset(props)
        lf = self.leaves[name]
        return Node(self.spell_name(lf), lambda env, _n=name: env[_n], shape, ATOM,
                    var or name in self.var_names, name)

    def const(self, shape, props=frozenset()) -> Node:
        """A constant of ``shape`` (reusing a name of that shape sometimes), possibly transposed."""
        r, c = shape
        if (r, c) == (1, 1):
            return self.scalar_const()
        if c == 1:
            return self._named(VECTOR_POOL, (r, 1), props)
        if r == 1:
            return self.T(self._named(VECTOR_POOL, (c, 1), props))
        if r != c and self.coin(25):
            return self.T(self._named(MATRIX_POOL, (c, r), props))
        return self._named(MATRIX_POOL, (r, c), props)

    def _named(self, pool, shape, props) -> Node:
        same = [lf.name for lf in self.leaves.values()
                if lf.shape == shape and lf.name in pool and lf.name not in self.var_names
                and (not props or lf.props >= frozenset(props) or not lf.props)]
        if same and self.coin(30):
            return self.leaf(self.pick(same), shape, props)
        free = [p for p in pool if p not in self.leaves and p not in self.var_names]
        return self.leaf(self.pick(free[:6]), shape, props)

    def scalar_const(self) -> Node:
        free = [g for g in GREEK_POOL if g not in self.leaves]
        name = self.pick(free[:3]) if free else self.pick(GREEK_POOL)
        return self.leaf(name, (1, 1), declare=self.coin(50), positive=True)

    def spd_const(self, n: int) -> Node:
        """A symmetric positive definite constant (or ``I``)."""
        assert n > 1
        if self.coin(20):
            return Node("I", lambda env, _n=n: np.eye(_n), (n, n), ATOM)
        return self._named(MATRIX_POOL, (n, n), {"positive_definite"})

    def number(self) -> Node:
        text, value = self.pick([("2", 2.0), ("3", 3.0), ("0.5", 0.5), ("\\frac{1}{2}", 0.5), ("1/2", 0.5)])
        return Node(text, lambda env, _v=value: np.full((1, 1), _v), (1, 1), ATOM if "/" not in text else PROD)

    # ---- operators
    def T(self, n: Node) -> Node:
        n = self.at_least(n, ATOM)
        spell = self.pick(["^T", "^T", "^{T}", "^\\top", "'"] if n.name else ["^T", "^{T}", "^\\top"])
        if spell == "^\\top":
            spell = "^\\top "
        return Node(n.text + spell, lambda env, f=n.fn: f(env).T, (n.shape[1], n.shape[0]), POST, n.var)

    def inv(self, n: Node) -> Node:
        assert n.shape[0] == n.shape[1]
        if n.scalar:
            n = self.at_least(n, ATOM)
            return Node(n.text + "^{-1}", lambda env, f=n.fn: 1.0 / f(env), n.shape, POST, n.var)
        if self.coin(20):
            return Node(f"inv({n.text})", lambda env, f=n.fn: np.linalg.inv(f(env)), n.shape, ATOM, n.var)
        n = self.at_least(n, ATOM)
        return Node(n.text + "^{-1}", lambda env, f=n.fn: np.linalg.inv(f(env)), n.shape, POST, n.var)

    def inv_T(self, n: Node) -> Node:
        n = self.at_least(n, ATOM)
        return Node(n.text + "^{-T}", lambda env, f=n.fn: np.linalg.inv(f(env)).T, n.shape, POST, n.var)

    def prod(self, factors: list[Node]) -> Node:
        assert factors
        if len(factors) == 1:
            return factors[0]
        parts, shape = [], None
        for i, fac in enumerate(factors):
            if i > 0 and fac.prec == PROD and fac.text[:1].isdigit():
                fac = self.paren(fac)
            fac = self.at_least(fac, PROD if i == 0 else POST)
            if i > 0 and fac.text.startswith("|"):   # |X| |A| would be ambiguous
                fac = self.paren(fac)
            parts.append(fac)
        for fac in factors:
            if fac.scalar:
                continue
            shape = fac.shape if shape is None else (shape[0], fac.shape[1])
        shape = shape or (1, 1)
        text = parts[0].text
        for prev, fac in itertools.pairwise(parts):
            sep = " "
            if re.fullmatch(r"[A-Z]", prev.text) and re.match(r"[A-Z](?![A-Za-z_{])", fac.text) and self.coin(30):
                sep = ""
            elif self.coin(10):
                sep = self.pick([" * ", " \\cdot ", " · "])
            if prev.text.endswith("|") and sep == "" :
                sep = " "
            text += sep + fac.text

        fns = [(f.fn, f.scalar) for f in factors]

        def fn(env, fns=fns):
            scale, acc = 1.0, None
            for f, is_scalar in fns:
                v = f(env)
                if is_scalar:
                    scale = scale * v[0, 0]
                else:
                    acc = v if acc is None else acc @ v
            return np.full((1, 1), scale) if acc is None else scale * acc
        return Node(text, fn, shape, PROD, any(f.var for f in factors))

    def hadamard(self, a: Node, b: Node) -> Node:
        assert a.shape == b.shape
        a = self.at_least(a, PROD)
        b = self.at_least(b, POST)
        op = self.pick([" ⊙ ", " \\odot ", " .* "])
        return Node(a.text + op + b.text, lambda env, f=a.fn, g=b.fn: f(env) * g(env), a.shape, PROD,
                    a.var or b.var)

    def add(self, terms: list[Node], signs: list[int] | None = None) -> Node:
        signs = signs or [1] * len(terms)
        assert signs[0] == 1
        text = ""
        for i, (t, s) in enumerate(zip(terms, signs)):
            t = self.at_least(t, PROD)
            text += t.text if i == 0 else (" + " if s > 0 else " - ") + t.text
        shape = next((t.shape for t in terms if not t.scalar), (1, 1))
        fns = [(t.fn, s) for t, s in zip(terms, signs)]

        def fn(env, fns=fns):
            out = 0.0
            for f, s in fns:
                out = out + s * f(env)
            return np.asarray(out)
        return Node(text, fn, shape, SUM, any(t.var for t in terms))

    def scale(self, coef: Node, n: Node) -> Node:
        return self.prod([coef, n])

    def call(self, fname: str, n: Node) -> Node:
        spell = {
            "exp": ["exp", "\\exp"], "sigma": ["sigma", "σ", "\\sigma"], "tanh": ["tanh", "\\tanh"],
            "sin": ["sin", "\\sin"], "cos": ["cos", "\\cos"], "ln": ["ln", "\\ln", "log", "\\log"],
            "sqrt": ["sqrt"],
        }[fname]
        head = self.pick(spell)
        if self.coin(15):
            text = f"{head}\\left({n.text}\\right)"
        else:
            text = f"{head}({n.text})"
        g = ELEMENTWISE[fname]
        return Node(text, lambda env, f=n.fn, g=g: g(f(env)), n.shape, ATOM, n.var)

    def tr(self, n: Node) -> Node:
        assert n.shape[0] == n.shape[1]
        head = self.pick(["tr", "tr", "\\mathrm{tr}", "\\operatorname{tr}"])
        return Node(f"{head}({n.text})", lambda env, f=n.fn: np.full((1, 1), np.trace(f(env))), (1, 1),
                    ATOM, n.var)

    def det(self, n: Node) -> Node:
        style = self.pick(["bars", "bars", "det", "\\det"])
        text = f"|{n.text}|" if style == "bars" else f"{style}({n.text})"
        return Node(text, lambda env, f=n.fn: np.full((1, 1), np.linalg.det(f(env))), (1, 1), ATOM, n.var)

    def logdet(self, n: Node) -> Node:
        text = self.pick([f"ln|{n.text}|", f"\\ln|{n.text}|", f"log det({n.text})", f"\\log\\det({n.text})",
                          f"ln det({n.text})"])
        return Node(text, lambda env, f=n.fn: np.full((1, 1), np.linalg.slogdet(f(env))[1]), (1, 1), ATOM,
                    n.var)

    def norm(self, n: Node, squared: bool) -> Node:
        style = self.pick(["||", "||", "\\|", "lVert", "norm"])
        if style == "||":
            text = f"||{n.text}||"
        elif style == "\\|":
            text = f"\\|{n.text}\\|"
        elif style == "lVert":
            text = f"\\lVert {n.text} \\rVert"
        else:
            text = f"norm({n.text})"
        f = n.fn
        if squared:
            return Node(text + "^2", lambda env, f=f: np.full((1, 1), np.sum(f(env) ** 2)), (1, 1), POST, n.var)
        return Node(text, lambda env, f=f: np.full((1, 1), np.linalg.norm(f(env))), (1, 1), ATOM, n.var)

    def power(self, n: Node, p: str) -> Node:
        assert n.scalar
        n = self.at_least(n, ATOM)
        value = {"2": 2.0, "{1/2}": 0.5, "{-1}": -1.0, "{3/2}": 1.5, "{-1/2}": -0.5, "3": 3.0}[p]
        return Node(f"{n.text}^{p}", lambda env, f=n.fn, v=value: f(env) ** v, (1, 1), POST, n.var)

    def div(self, a: Node, b: Node) -> Node:
        assert b.scalar
        if self.coin(30):
            return Node(f"\\frac{{{a.text}}}{{{b.text}}}", lambda env, f=a.fn, g=b.fn: f(env) / g(env),
                        a.shape, ATOM, a.var or b.var)
        a = self.at_least(a, PROD)
        b = self.at_least(b, POST)
        return Node(f"{a.text} / {b.text}", lambda env, f=a.fn, g=b.fn: f(env) / g(env), a.shape, PROD,
                    a.var or b.var)

    def total(self, n: Node) -> Node:
        """The sum of all entries: ``sum(·)`` or ``1^T · 1``."""
        c = n.shape[1]
        style = self.pick(["sum", "sum", "ones"])

        def fn(env, f=n.fn):
            return np.full((1, 1), np.sum(f(env)))

        if style == "sum":
            return Node(f"sum({n.text})", fn, (1, 1), ATOM, n.var)
        one = self.pick(["\\mathbf{1}", "ones", "𝟏"])
        inner = self.at_least(n, POST)
        text = f"{one}^T {inner.text}" + (f" {one}" if c > 1 else "")
        return Node(text, fn, (1, 1), PROD, n.var)

    # ---- variables and chains
    def var_forms(self, var: Node, props: frozenset) -> list[Callable[[], Node]]:
        """Ways a variable enters a product: ``X``, ``X^T``, ``X^{-1}``, ``(P + X^T X)^{-1}``, ``t``..."""
        r, c = var.shape
        forms = []
        if var.scalar:
            return [lambda: self.var_node(var)]
        forms.append(lambda: self.var_node(var))
        forms.append(lambda: self.T(self.var_node(var)))
        if r == c and props & {"invertible", "positive_definite"}:
            forms.append(lambda: self.inv(self.var_node(var)))
            forms.append(lambda: self.inv_T(self.var_node(var)))
        # (P + X^T X)^{-1} or (P + x x^T)^{-1}: positive definite by construction
        if c > 1:
            forms.append(lambda: self.inv(self.add([self.spd_const(c), self.prod([
                self.T(self.var_node(var)), self.var_node(var)])])))
        else:
            forms.append(lambda: self.inv(self.add([self.spd_const(r), self.prod([
                self.var_node(var), self.T(self.var_node(var))])])))
        return forms

    def var_node(self, var: Node) -> Node:
        lf = self.leaves[var.name]
        return self.leaf(lf.name, lf.shape, var=True)

    def walk(self, a: int, b: int, budget: int, var: Node, props, need_var: bool) -> list[Node]:
        """Factors of a product from dimension ``a`` to ``b``, with the variable at least once if asked."""
        factors: list[Node] = []
        d, has_var = a, False
        forms = self.var_forms(var, props)

        def put_var() -> None:
            nonlocal d, has_var
            cand = self.pick(forms)()
            if not cand.scalar:
                if cand.shape[0] != d:
                    factors.append(self.const((d, cand.shape[0])))
                d = cand.shape[1]
            factors.append(cand)
            has_var = True

        while True:
            if d == b and (has_var or not need_var) and (budget <= 0 or self.coin(35)):
                return factors
            if budget <= 0:
                if need_var and not has_var:
                    put_var()
                    continue
                factors.append(self.const((d, b)))
                return factors
            budget -= 1
            if (need_var and not has_var and self.coin(60)) or self.coin(25):
                put_var()
                continue
            nxt = self.pick([x for x in DIMS if not (d == 1 and x == 1)])
            if d == nxt and d > 1 and self.coin(20):
                factors.append(self.inv(self._named(MATRIX_POOL, (d, d), {"invertible"})))
            else:
                factors.append(self.const((d, nxt)))
            d = nxt

    def chain(self, r: int, c: int, var: Node, props, budget: int | None = None) -> Node:
        budget = self.int(1, 3) if budget is None else budget
        factors = self.walk(r, c, budget, var, props, need_var=True)
        if not factors:
            return self.var_node(var)
        if var.scalar and all(f.scalar for f in factors):
            factors.append(self.const((r, c)))
        node = self.prod(factors)
        if node.shape != (r, c):
            # a product of scalars only: give it the shape asked for
            node = self.prod([node, self.const((r, c))]) if node.scalar and (r, c) != (1, 1) else node
        assert node.shape == (r, c), (node.text, node.shape, (r, c))
        return node

    def affine(self, r: int, c: int, var: Node, props) -> Node:
        """A linear or affine expression of the variable, of shape (r, c)."""
        lin = self.chain(r, c, var, props, budget=self.int(1, 2))
        k = self.int(0, 3)
        if k == 1:
            return self.add([lin, self.const((r, c))], [1, self.pick([1, -1])])
        if k == 2 and (r, c) != (1, 1):
            return self.add([lin, self.chain(r, c, var, props, budget=1)], [1, self.pick([1, -1])])
        if k == 3:
            return self.scale(self.number(), lin)
        return lin

    # ---- scalar-valued terms
    def positive_scalar(self, var: Node, props) -> Node:
        """A scalar that is positive by construction."""
        k = self.int(0, 3)
        if k == 0:
            v = self.affine(self.pick([2, 3]), 1, var, props)
            return self.add([Node("1", lambda env: np.ones((1, 1)), (1, 1)), self.norm(v, True)])
        if k == 1:
            v = self.chain(self.pick([2, 3]), 1, var, props, budget=self.int(1, 2))
            vt = self.T(v) if v.name else self.T(self.paren(v)) if v.prec < ATOM else self.T(v)
            return self.add([Node("1", lambda env: np.ones((1, 1)), (1, 1)), self.prod([vt, v])])
        if k == 2:
            return self.add([Node("1", lambda env: np.ones((1, 1)), (1, 1)),
                             self.call("exp", self.affine(1, 1, var, props))])
        n = self.pick([2, 3])
        v = self.chain(n, 1, var, props, budget=self.int(1, 2))
        return self.prod([self.T(v), self.spd_const(n), v])

    def term(self, var: Node, props, kinds=None) -> Node:
        """One scalar-valued term that depends on the variable."""
        kinds = kinds or ["trace", "quad", "hadamard", "elementwise", "logdet", "det", "norm", "quotient"]
        kind = self.pick(kinds)
        sq = var.shape[0] == var.shape[1] and not var.scalar
        if kind == "trace":
            d = self.pick([2, 3])
            return self.tr(self.chain(d, d, var, props))
        if kind == "quad":
            return self.chain(1, 1, var, props, budget=self.int(2, 4))
        if kind == "hadamard":
            r, c = self.pick([(3, 2), (2, 3), (3, 3), (2, 2), (3, 1)])
            h = self.hadamard(self.const((r, c)), self.affine(r, c, var, props)) if self.coin(50) else \
                self.hadamard(self.affine(r, c, var, props), self.const((r, c)))
            k = self.int(0, 2)
            if k == 0:
                return self.tr(self.prod([self.T(self.const((r, c))), h]))
            if k == 1:
                return self.prod([self.T(self.const((r, 1))), h, self.const((c, 1))]) if c > 1 else \
                    self.prod([self.T(self.const((r, 1))), h])
            return self.total(h)
        if kind == "elementwise":
            r, c = self.pick([(3, 2), (2, 2), (3, 1), (2, 1), (1, 1)])
            z = self.affine(r, c, var, props)
            g = self.pick(["exp", "sigma", "tanh", "sin", "cos", "softplus", "sqrtexp", "sqrt1p"])
            if g == "softplus":
                e = self.call("ln", self.add([Node("1", lambda env: np.ones((1, 1)), (1, 1)),
                                              self.call("exp", z)]))
            elif g == "sqrtexp":
                e = self.call("sqrt", self.call("exp", z))
            elif g == "sqrt1p":
                e = self.call("sqrt", self.add([Node("1", lambda env: np.ones((1, 1)), (1, 1)),
                                                self.hadamard(z, z) if (r, c) != (1, 1) else self.prod([z, z])]))
            else:
                e = self.call(g, z)
            if (r, c) == (1, 1):
                return e
            k = self.int(0, 2)
            if k == 0:
                return self.total(e)
            if k == 1:
                return self.tr(self.prod([self.T(self.const((r, c))), e]))
            return self.prod([self.T(self.const((r, 1))), e] + ([self.const((c, 1))] if c > 1 else []))
        if kind == "logdet":
            if sq and "positive_definite" in props and self.coin(50):
                return self.logdet(self.var_node(var))
            n = self.pick([2, 3])
            v = self.chain(n, var.shape[1] if False else self.pick([2, 3]), var, props, budget=self.int(1, 2))
            inner = self.prod([self.T(v), v])  # (k, k) PSD
            k = inner.shape[0]
            return self.logdet(self.add([self.spd_const(k), inner]))
        if kind == "det":
            if sq and props & {"invertible", "positive_definite"} and self.coin(60):
                x = self.var_node(var)
                if self.coin(30):
                    x = self.prod([self._named(MATRIX_POOL, var.shape, {"invertible"}), x])
                return self.det(x)
            k = self.pick([2, 3])
            v = self.chain(self.pick([2, 3]), k, var, props, budget=1)
            return self.det(self.add([self.spd_const(k), self.prod([self.T(v), v])]))
        if kind == "norm":
            if not var.scalar and var.shape[1] > 1 and self.coin(30):
                # ||X w - y||^2
                r, c = var.shape
                return self.norm(self.add([self.prod([self.var_node(var), self.const((c, 1))]),
                                           self.const((r, 1))], [1, -1]), True)
            r, c = self.pick([(3, 1), (2, 1), (3, 2), (2, 2)])
            z = self.affine(r, c, var, props)
            if self.coin(40):
                z = self.add([z, self.const((r, c))], [1, -1])
            return self.norm(z, self.coin(60))
        # quotient / power
        k = self.int(0, 3)
        if k == 0:
            return self.power(self.positive_scalar(var, props), self.pick(["{1/2}", "{-1}", "2", "{3/2}", "{-1/2}"]))
        if k == 1:
            num = self.chain(1, 1, var, props, budget=self.int(1, 3))
            return self.div(num, self.positive_scalar(var, props))
        if k == 2:
            num = self.const((1, 1)) if self.coin(50) else self.number()
            return self.div(num, self.positive_scalar(var, props))
        return self.div(self.term(var, props, ["trace", "quad", "norm"]), self.scalar_const())

    def combination(self, var: Node, props, kinds=None) -> Node:
        """Sums and scalar multiples of terms."""
        n = self.int(1, 3)
        terms, signs = [], []
        for i in range(n):
            t = self.term(var, props, kinds)
            if self.coin(30):
                coef = self.number() if self.coin(50) else self.scalar_const()
                t = self.prod([coef, t])
            terms.append(t)
            signs.append(1 if i == 0 else self.pick([1, -1]))
        return terms[0] if n == 1 else self.add(terms, signs)

    # ---- where chains (backprop-like)
    def where_chain(self, scalar: bool = True):
        """``Y_1: g(W_1 X + b)``, ``Y_2: g(W_2 Y_1)``, ..., ``f: <scalar of Y_k>``.

        Returns (f node, where list [(name, node)], the names that may be ``wrt``)."""
        x_rows, x_cols = self.pick([(3, 2), (2, 2), (3, 1)])
        xname = "X" if x_cols > 1 else "x"
        prev = self.leaf(xname, (x_rows, x_cols))
        wrts = [xname]
        levels = self.int(1, 3)
        where = []
        names = self.pick([["Y", "Z", "H"], ["H_1", "H_2", "H_3"], ["Y_1", "Y_2", "Y_3"]])
        for i in range(levels):
            out_rows = self.pick([2, 3])
            wname = self.pick([f"W_{i + 1}", "W" if i == 0 else f"W_{i + 1}", ["V", "U", "Q"][i]])
            w = self.leaf(wname, (out_rows, prev.shape[0]))
            wrts.append(wname)
            lin = self.prod([w, prev])
            if self.coin(40):
                if prev.shape[1] == 1:
                    bname = f"b_{i + 1}"
                    lin = self.add([lin, self.leaf(bname, (out_rows, 1))])
                else:
                    bname = f"b_{i + 1}"
                    one = Node(self.pick(["\\mathbf{1}", "ones"]) + "^T",
                               lambda env, _c=prev.shape[1]: np.ones((1, _c)), (1, prev.shape[1]), POST)
                    lin = self.add([lin, self.prod([self.leaf(bname, (out_rows, 1)), one])])
                wrts.append(bname)
            g = self.pick(["sigma", "tanh", "exp", "sin", "cos", "softplus"])
            if g == "softplus":
                val = self.call("ln", self.add([Node("1", lambda env: np.ones((1, 1)), (1, 1)),
                                                self.call("exp", lin)]))
            else:
                val = self.call(g, lin)
            ys = names[i]
            where.append((ys, val))
            # the defined name, with the reference of its expression
            prev = Node(ys, val.fn, val.shape, ATOM, True, None)
        if not scalar:
            return None, where, wrts
        r, c = prev.shape
        k = self.int(0, 3)
        if k == 0 and r > 0:
            mname = self.pick(["M", "A"])
            f = self.tr(self.prod([self.T(prev), self.leaf(mname, (r, r)), prev]))
        elif k == 1:
            f = self.total(prev)
        elif k == 2:
            f = self.norm(self.add([prev, self.const((r, c))], [1, -1]), True)
        else:
            f = self.prod([self.T(self.const((r, 1))), prev] + ([self.const((c, 1))] if c > 1 else []))
        return f, where, wrts


# ---------------------------------------------------------------- blocks

def _shape_text(g: Gen, shape) -> str:
    r, c = shape
    if (r, c) == (1, 1):
        return g.pick(["scalar", "1"])
    r, c = g.symbolic.get(r, r), g.symbolic.get(c, c)
    if c == 1:
        return str(r)
    return g.pick([f"{r} x {c}", f"{r} x {c}", f"{r}×{c}", f"[{r}, {c}]"])


def symbolic_sizes(g: Gen) -> None:
    """Sometimes declare the sizes as letters (``m x n``): the check then chooses its own
    sizes, and must choose ones where every inverse and determinant is nonsingular."""
    if g.coin(35):
        big, small = g.pick([("m", "n"), ("n", "k"), ("p", "q")])
        g.symbolic = {3: big, 2: small}


def _props_text(g: Gen, props) -> str:
    props = sorted(props)
    if "positive_definite" in props:
        props = ["positive_definite"]
    if len(props) == 1 and g.coin(60):
        return props[0]
    return "[" + ", ".join(props) + "]"


def _prune(g: Gen, f: Node, keep: list[str]) -> None:
    """Forget the leaves that were drawn but are not in ``f`` (a choice was dropped): the
    published function takes exactly the free names of f."""
    env = draw_env(g.leaves, np.random.default_rng(0))
    for name in list(g.leaves):
        if name in keep:
            continue
        try:
            with np.errstate(all="ignore"):
                f.fn({k: v for k, v in env.items() if k != name})
        except KeyError:
            continue
        except Exception:  # noqa: BLE001 - it was reached, so it is used
            continue
        del g.leaves[name]


def block_text(g: Gen, f: Node, wrt: list[str], where=(), extra: dict | None = None) -> str:
    _prune(g, f, wrt)
    lines = [f"f: {f.text}"]
    if len(wrt) == 1 and g.coin(80):
        lines.append(f"wrt: {wrt[0]}")
    else:
        lines.append("wrt: [" + ", ".join(wrt) + "]")
    if where:
        lines.append("where:")
        lines += [f"  {name}: {node.text}" for name, node in where]
    declared = [lf for lf in g.leaves.values() if lf.declare]
    if declared:
        lines.append("shapes:")
        lines += [f"  {lf.name}: {_shape_text(g, lf.shape)}" for lf in declared]
    assumed = [lf for lf in g.leaves.values() if lf.props and lf.shape[0] == lf.shape[1] and lf.shape[0] > 1]
    if assumed:
        if g.coin(30):
            lines.append("assume: {" + ", ".join(f"{lf.name}: {_props_text(g, lf.props)}" for lf in assumed) + "}")
        else:
            lines.append("assume:")
            lines += [f"  {lf.name}: {_props_text(g, lf.props)}" for lf in assumed]
    for key, value in (extra or {}).items():
        lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"


def _choose_wrt(g: Gen, primary: str, others: list[str]) -> list[str]:
    """The variable, sometimes another free name (not one assumed symmetric), sometimes both."""
    cands = [n for n in others if n != primary and not (g.leaves[n].props & {"symmetric", "positive_definite"})]
    k = g.int(0, 9)
    if k < 7 or not cands:
        return [primary]
    other = g.pick(cands)
    return [other] if k < 9 else [primary, other]


def _variable(g: Gen, kind: str) -> tuple[Node, frozenset]:
    if kind == "X_mn":
        shape, props, name = g.pick([(3, 2), (2, 3)]), frozenset(), "X"
    elif kind == "X_sq":
        shape = g.pick([(2, 2), (3, 3)])
        props = g.pick([frozenset(), frozenset({"invertible"}), frozenset({"invertible"}),
                        frozenset({"positive_definite"}), frozenset({"positive_definite"}),
                        frozenset({"symmetric"})])
        name = "X"
    elif kind == "x":
        shape, props, name = (g.pick([3, 2]), 1), frozenset(), "x"
    else:
        shape, props, name = (1, 1), frozenset(), g.pick(["t", "t", "theta"])
    g.var_names.append(name)
    decl = not (name == "theta" and g.coin(50))
    node = g.leaf(name, shape, props, declare=decl, var=True)
    return node, props


def gradient_case(g: Gen) -> Case:
    """A scalar f of a matrix, vector or scalar variable, or of a ``where`` chain."""
    symbolic_sizes(g)
    where = ()
    if g.coin(25):
        f, where, wrts = g.where_chain()
        g.var_names.extend(wrts)
        primary, others = g.pick(wrts[:2]), [n for n in g.leaves if n not in wrts] + wrts
    else:
        var, props = _variable(g, g.pick(["X_mn", "X_sq", "X_sq", "x", "t"]))
        f = g.combination(var, props)
        primary, others = var.name, list(g.leaves)
    wrt = _choose_wrt(g, primary, others)
    if where:
        # where-defined weights are free names too: any of them may be asked for
        wrt = list(dict.fromkeys(wrt))
    text = block_text(g, f, wrt, where)
    return Case(text, f.fn, dict(g.leaves), wrt, "gradient", seed=g.int(0, 2 ** 32 - 1), sizes=g.symbolic)


def _softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def jacobian_case(g: Gen) -> Case:
    """A matrix- or vector-valued F of a matrix, vector or scalar variable."""
    symbolic_sizes(g)
    where = ()
    family = g.pick(["chain", "affine", "elementwise", "hadamard", "inverse", "sum", "softmax",
                     "scalar_t", "where"])
    if family == "where":
        f, where, wrts = g.where_chain(scalar=False)
        g.var_names.extend(wrts)
        # F is the last defined matrix itself, or a product with it
        name, node = where[-1]
        last = Node(name, node.fn, node.shape, ATOM, True)
        f = last if g.coin(50) else g.prod([g.const((g.pick([2, 3]), node.shape[0])), last])
        primary = g.pick(wrts[:2])
        others = wrts
    else:
        vkind = {"inverse": "X_sq", "sum": "X_sq", "softmax": "x", "scalar_t": "t"}.get(family) or \
            g.pick(["X_mn", "X_sq", "x", "x", "t"])
        var, props = _variable(g, vkind)
        if family == "inverse" and not props & {"invertible", "positive_definite"}:
            g.leaves[var.name].props = props = frozenset({"invertible"})
        shape = g.pick([(3, 2), (2, 3), (3, 3), (2, 2), (3, 1), (2, 1)])
        if family == "chain":
            f = g.chain(*shape, var, props)
        elif family == "affine":
            f = g.affine(*shape, var, props)
        elif family == "elementwise":
            f = g.call(g.pick(["exp", "sigma", "tanh", "sin", "cos"]), g.affine(*shape, var, props))
        elif family == "hadamard":
            f = g.hadamard(g.const(shape), g.affine(*shape, var, props))
        elif family == "inverse":
            x = g.var_node(var)
            k = g.int(0, 2)
            f = g.inv(x) if k == 0 else g.prod([g.const((g.pick([2, 3]), var.shape[0])), g.inv(x)]) if k == 1 \
                else g.inv(g.add([g.spd_const(var.shape[0]), g.prod([g.T(g.var_node(var)), g.var_node(var)])]))
        elif family == "sum":
            n = var.shape[0]
            f = g.add([g.prod([g.const((n, n)), g.var_node(var)]), g.prod([g.T(g.var_node(var)), g.const((n, n))])],
                      [1, g.pick([1, -1])])
        elif family == "softmax":
            z = g.affine(g.pick([2, 3]), 1, var, props)
            f = Node(f"softmax({z.text})", lambda env, h=z.fn: _softmax(h(env)), z.shape, ATOM, True)
        else:  # a scalar t: (A + t B)^{-1}, t A + B, exp(t A) ...
            n = g.pick([2, 3])
            k = g.int(0, 3)
            t = g.var_node(var)
            if k == 0:
                f = g.inv(g.add([g.spd_const(n), g.prod([t, g._named(MATRIX_POOL, (n, n), {"positive_definite"})])]))
            elif k == 1:
                f = g.add([g.prod([t, g.const(shape)]), g.const(shape)])
            elif k == 2:
                f = g.call(g.pick(["exp", "sigma", "tanh", "sin", "cos"]), g.prod([t, g.const(shape)]))
            else:
                f = g.chain(*shape, var, props)
        primary, others = var.name, list(g.leaves)
    assert not f.scalar
    wrt = _choose_wrt(g, primary, others)
    kinds = {("derivative" if g.leaves[w].shape == (1, 1) else "jacobian") for w in wrt}
    if len(kinds) > 1:
        wrt = [primary]
        kinds = {"derivative" if g.leaves[primary].shape == (1, 1) else "jacobian"}
    vec, layout = g.pick(["column", "row"]), g.pick(["numerator", "denominator"])
    extra = {}
    if vec == "row" or g.coin(30):
        extra["vec"] = vec
    if layout == "denominator" or g.coin(30):
        extra["layout"] = layout
    text = block_text(g, f, wrt, where, extra)
    return Case(text, f.fn, dict(g.leaves), wrt, kinds.pop(), vec, layout, seed=g.int(0, 2 ** 32 - 1),
                sizes=g.symbolic)


@st.composite
def gradient_cases(draw) -> Case:
    return gradient_case(Gen(draw))


@st.composite
def jacobian_cases(draw) -> Case:
    return jacobian_case(Gen(draw))


def manual_case(block: str, ref: Fn, leaves: dict, wrt: list[str], kind: str = "gradient",
                vec: str = "column", layout: str = "numerator", seed: int = 0) -> Case:
    """A hand-written case (for ``@example``): ``leaves`` maps name -> shape or (shape, props)."""
    out = {}
    for name, spec in leaves.items():
        shape, props = (spec, ()) if isinstance(spec[0], int) else spec
        out[name] = Leaf(name, tuple(shape), frozenset(props), name + "_" if name in PY_KEYWORDS else name,
                         positive=tuple(shape) == (1, 1))
    return Case(block, ref, out, list(wrt), kind, vec, layout, seed)
