"""Shape inference: symbolic dimensions unified across a block, and shape-checked node builders.

Dimensions are ``int`` (known sizes), user names (``"m"``, rigid: two different names never
unify) or fresh symbols ``"?3"`` (unknown, bound by unification).  Nodes are built with
provisional dimensions while parsing; :meth:`ShapeEnv.finalize` rebuilds every tree with the
resolved ones, fresh symbols renamed to readable letters (``m``, ``n``, ``p``, ...).
"""

from __future__ import annotations

import re
from fractions import Fraction

from mkdocs_matderiv import limits, tree
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.functions import Function, call as call_node
from mkdocs_matderiv.language.names import base_letter, is_greek, typeset_key
from mkdocs_matderiv.tree import (Add, Apply, Expr, Hadamard, Identity, Inv, Mul, Num, Ones, Pow,
                                  Shape, Sym, Zero)

_FRESH = re.compile(r"\?\d+")
_LETTERS = ("m", "n", "p", "q", "r", "k", "l", "s", "t", "u", "v", "w")


class ShapeEnv:
    """The dimensions of one block (or one standalone expression).

    Parameters:
        declared: canonical name -> shape fixed by ``shapes`` or ``values``.
    """

    def __init__(self, declared: dict[str, Shape] | None = None) -> None:
        self.parent: dict = {}
        self.count = 0
        self.symbols: dict[str, Shape] = {}
        self.user_dims: set[str] = set()
        self.display: dict[str, str] = {}
        self.protected: dict[str, str] = {}
        """Fresh dimension -> the undeclared name it sizes: never unified with 1, so a vector
        or a matrix by default is never shrunk to fit (``det(x)``, ``tr(x)``, ``X ⊙ x``)."""
        self.refused: str | None = None
        """The name whose dimension the last failed ``unify`` refused to make 1."""
        for name, shape in (declared or {}).items():
            try:
                self.declare(name, shape)
            except MatDerivError as exc:
                raise exc.located(key=f"shapes.{name}") from None

    # ------------------------------------------------------------ dimensions

    def fresh(self) -> str:
        self.count += 1
        return f"?{self.count}"

    def find(self, d):
        while isinstance(d, str) and d in self.parent:
            d = self.parent[d]
        return d

    def unify(self, a, b) -> bool:
        """Make two dimensions equal; ``False`` when they cannot be."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        for x, y in ((ra, rb), (rb, ra)):
            if isinstance(x, str) and _FRESH.fullmatch(x):
                if y == 1 and x in self.protected:
                    self.refused = self.protected[x]
                    return False
                if x in self.protected and isinstance(y, str):
                    self.protected.setdefault(y, self.protected[x])
                self.parent[x] = y
                return True
        for x, y in ((ra, rb), (rb, ra)):
            if isinstance(x, str) and isinstance(y, int):
                if y == 1 and self._protected_part(x):      # a product of sizes, m·n = 1
                    self.refused = self._protected_part(x)
                    return False
                if y == 1 and any(p in self.user_dims for p in tree.dim_factors(x)):
                    return False                            # a declared size is never 1
                self.parent[x] = y
                return True
        return isinstance(ra, str) and isinstance(rb, str) and self.factors(ra) == self.factors(rb)

    def factors(self, d) -> tuple:
        """A dimension as its integer factor and its sorted named factors: ``nk`` and ``kn`` (the
        rows of ``I_n ⊗ v`` and of ``K_{k,n}``) are one size."""
        number, names = 1, []
        for part in tree.dim_factors(d):
            root = self.find(part)
            if isinstance(root, int):
                number *= root
            elif root == part:
                names.append(part)
            else:
                sub_number, sub_names = self.factors(root)
                number, names = number * sub_number, names + list(sub_names)
        return number, tuple(sorted(names))

    def _protected_part(self, d: str) -> str | None:
        """The name one of whose default sizes is a factor of the product dimension ``d``."""
        for part in _FRESH.findall(d):
            root = self.find(part)
            if isinstance(root, str) and root in self.protected:
                return self.protected[root]
        return None

    def resolve(self, shape: Shape) -> Shape:
        return (self.find(shape[0]), self.find(shape[1]))

    def scalar(self, e: Expr) -> bool:
        return tree.is_scalar(self.resolve(e.shape))

    def describe(self, shape: Shape) -> str:
        """``m×n`` for messages, fresh dimensions given readable letters."""
        return "×".join(self._show(d) for d in self.resolve(shape))

    def _show(self, d) -> str:
        if isinstance(d, int):
            return str(d)
        if _FRESH.fullmatch(d):
            if d not in self.display:
                self.display[d] = self._next_letter(set(self.display.values()))
            return self.display[d]
        return _FRESH.sub(lambda m: self._show(self.find(m.group(0))), d)

    def _next_letter(self, taken: set[str]) -> str:
        avoid = taken | self.user_dims | set(self.symbols)
        for letter in _LETTERS:
            if letter not in avoid:
                return letter
        i = 1
        while f"n{i}" in avoid:
            i += 1
        return f"n{i}"

    # ------------------------------------------------------------ symbols

    def declare(self, name: str, shape: Shape) -> None:
        """Fix the shape of a name (from ``shapes``/``values``); named dimensions are rigid."""
        for d in shape:
            if isinstance(d, str):
                self.user_dims.add(d)
        self.distinct(name)
        if name in self.symbols:
            old = self.symbols[name]
            if not (self.unify(old[0], shape[0]) and self.unify(old[1], shape[1])):
                raise MatDerivError(f"'{name}' is {self.describe(old)} in shapes but its values are "
                                    f"{self.describe(shape)}")
            return
        self.symbols[name] = tuple(shape)

    def distinct(self, name: str) -> None:
        """A new name that prints like one already in the block (``W1`` beside ``W_1``) is an
        error: two variables that look the same on the page would be a silent misreading."""
        key = typeset_key(name)
        for other in self.symbols:
            if other != name and typeset_key(other) == key:
                raise MatDerivError(f"'{name}' and '{other}' are two names that both print as "
                                    f"{key}; write one spelling for one name")

    def symbol(self, name: str) -> Sym:
        """The symbol ``name`` with its (provisional) shape, a default one on first use."""
        if name not in self.symbols:
            self.distinct(name)
            letter = base_letter(name)
            if is_greek(letter) and letter[0].islower():
                self.symbols[name] = tree.SCALAR
            elif letter[0].isupper():
                self.symbols[name] = (self.fresh(), self.fresh())
            else:
                self.symbols[name] = (self.fresh(), 1)
            for d in self.symbols[name]:
                if isinstance(d, str):
                    self.protected[d] = name
        return Sym(name, self.symbols[name])

    # ------------------------------------------------------------ final trees

    def finalize(self, exprs: list[Expr]) -> list[Expr]:
        """Rebuild trees with resolved dimensions, fresh ones named in order of appearance."""
        names: dict[str, str] = {}
        taken = set(self.user_dims) | {s for s in self.symbols if len(s) == 1}

        def final_dim(d):
            d = self.find(d)
            if isinstance(d, int):
                return d
            if _FRESH.fullmatch(d):
                if d not in names:
                    names[d] = self._next_letter(taken | set(names.values()))
                return names[d]
            if "?" in d:
                return tree.dim_product([final_dim(p) for p in tree.dim_factors(d)])
            return d

        def shape(s: Shape) -> Shape:
            return (final_dim(s[0]), final_dim(s[1]))

        def rebuild(e: Expr) -> Expr:
            if isinstance(e, Sym):
                return Sym(e.name, shape(e.shape))
            if isinstance(e, (Identity, Ones, Zero)):
                return type(e)(shape(e.shape))
            if isinstance(e, Num):
                return e
            kids = tuple(rebuild(c) for c in e.children)
            if isinstance(e, Apply):
                return Apply(e.name, kids, shape(e.shape))
            if isinstance(e, tree.Grad):
                return tree.Grad(e.of, kids[0], shape(e.shape))
            if isinstance(e, Mul):
                return tree.mul(*kids)
            return e.rebuild(kids)

        return [rebuild(e) for e in exprs]


# ---------------------------------------------------------------- checked builders

class Operand:
    """An expression with the source text it came from (for messages)."""

    __slots__ = ("expr", "text", "col")

    def __init__(self, expr: Expr, text: str, col: int) -> None:
        self.expr, self.text, self.col = expr, text.strip(), col


def _mismatch(env: ShapeEnv, what: str, whole: str, a: Operand, b: Operand, col: int):
    return MatDerivError(f"shapes do not match in the {what} {whole}: {a.text} is "
                         f"{env.describe(a.expr.shape)}, {b.text} is {env.describe(b.expr.shape)}"
                         f"{_scalar_hint(env)}", column=col)


def _scalar_hint(env: ShapeEnv) -> str:
    """When the mismatch is a vector or matrix that would have had to be 1×1: say how to ask."""
    name, env.refused = env.refused, None
    if name is None:
        return ""
    if name[0].isupper():
        return (f" ({name} is a matrix unless declared: declare {name}: n or {name}: scalar in "
                f"shapes if it is a vector or a number)")
    return f" ({name} is a vector unless declared: declare {name}: scalar in shapes if it is a number)"


def _kind(env: ShapeEnv, a: Operand) -> str:
    rows, cols = env.resolve(a.expr.shape)
    if cols == 1 and rows != 1:
        return "a vector"
    return env.describe(a.expr.shape)


def matmul(env: ShapeEnv, a: Operand, b: Operand, whole: str) -> Expr:
    """``a b``: columns of ``a`` meet rows of ``b`` unless either is a scalar."""
    if not env.scalar(a.expr) and not env.scalar(b.expr):
        if not env.unify(a.expr.shape[1], b.expr.shape[0]):
            raise _mismatch(env, "product", whole, a, b, a.col)
    return tree.mul(a.expr, b.expr)


def same_shape(env: ShapeEnv, what: str, a: Operand, b: Operand, whole: str) -> None:
    """Element-wise operands: equal shapes, a scalar broadcasts."""
    if env.scalar(a.expr) or env.scalar(b.expr):
        return
    if not (env.unify(a.expr.shape[0], b.expr.shape[0]) and env.unify(a.expr.shape[1], b.expr.shape[1])):
        raise _mismatch(env, what, whole, a, b, a.col)


def hadamard(env: ShapeEnv, a: Operand, b: Operand, whole: str) -> Expr:
    same_shape(env, "element-wise product", a, b, whole)
    left = a.expr.args if isinstance(a.expr, Hadamard) else (a.expr,)
    return Hadamard(left + (b.expr,))


def add(env: ShapeEnv, terms: list[Operand], whole: str) -> Expr:
    first = None
    for t in terms:
        if env.scalar(t.expr):
            continue
        if first is None:
            first = t
        else:
            same_shape(env, "sum", first, t, whole)
    return terms[0].expr if len(terms) == 1 else Add(tuple(t.expr for t in terms))


def divide(env: ShapeEnv, a: Operand, b: Operand, op: str) -> Expr:
    if not env.scalar(b.expr):
        raise MatDerivError(f"the denominator of '{op}' must be a scalar: {b.text} is "
                            f"{env.describe(b.expr.shape)}", column=b.col)
    if isinstance(b.expr, Num) and b.expr.value == 0:
        raise MatDerivError(f"division by zero: the denominator of '{op}' is 0", column=b.col)
    if isinstance(a.expr, Num) and isinstance(b.expr, Num):
        return Num(a.expr.value / b.expr.value)
    return tree.Div(a.expr, b.expr)


def require_square(env: ShapeEnv, a: Operand, what: str, col: int) -> None:
    if not env.unify(a.expr.shape[0], a.expr.shape[1]):
        raise MatDerivError(f"{what} needs a square matrix; {a.text} is {_kind(env, a)}"
                            f"{_scalar_hint(env)}", column=col)


def require_vector(env: ShapeEnv, a: Operand, what: str, col: int) -> None:
    if not env.unify(a.expr.shape[1], 1):
        raise MatDerivError(f"{what} needs a vector; {a.text} is {env.describe(a.expr.shape)}"
                            f"{_scalar_hint(env)}", column=col)


def power(env: ShapeEnv, base: Operand, exponent: Operand, col: int) -> Expr:
    """``base ^ exponent``: ``^{-1}`` is the inverse, matrices take integer powers only."""
    b, e = base.expr, exponent.expr
    if not env.scalar(e):
        raise MatDerivError(f"an exponent must be a scalar: {exponent.text} is "
                            f"{env.describe(e.shape)}", column=exponent.col)
    if isinstance(e, Num):
        limits.check_exponent(e.value, not env.scalar(b), exponent.col)
    if isinstance(e, Num) and isinstance(b, Num) and e.value.denominator == 1:
        if b.value != 0 or e.value >= 0:
            limits.check_folded_power(Fraction(b.value), int(e.value), base.col)
            return Num(Fraction(b.value) ** int(e.value))
    if isinstance(e, Num) and e.value == -1:
        if not env.scalar(b):
            require_square(env, base, "the inverse", col)
        return Inv(b)
    if env.scalar(b):
        return Pow(b, e)
    if not isinstance(e, Num) or e.value.denominator != 1:
        raise MatDerivError(f"a matrix can only be raised to an integer power: {base.text} is "
                            f"{env.describe(b.shape)}", column=col)
    require_square(env, base, "a matrix power", col)
    if e.value == 1:
        return b
    if e.value < 0:
        return Pow(Inv(b), Num(-e.value))
    return Pow(b, e)


def hadamard_power(env: ShapeEnv, base: Operand, exponent: Operand) -> Expr:
    """``base .^ exponent``: every entry to a scalar power (of a scalar, the ordinary power)."""
    if not env.scalar(exponent.expr):
        raise MatDerivError(f"an exponent must be a scalar: {exponent.text} is "
                            f"{env.describe(exponent.expr.shape)}", column=exponent.col)
    if isinstance(exponent.expr, Num):
        limits.check_exponent(exponent.expr.value, False, exponent.col)
    if env.scalar(base.expr):
        return power(env, base, exponent, base.col)
    return tree.ElemPow(base.expr, exponent.expr)


def call(env: ShapeEnv, fn: Function, arg: Operand, col: int, order: int = 0) -> Expr:
    """A named function of the table applied to ``arg``, its argument checked by the table's kind."""
    if fn.kind == "vector":
        require_vector(env, arg, fn.name, col)
    elif fn.kind == "square":
        require_square(env, arg, fn.name, col)
    return call_node(fn, arg.expr, order)


def apply_shape(env: ShapeEnv, name: str, args: list[Operand], col: int) -> Expr:
    """An abstract scalar function ``L(a, y)``."""
    return Apply(name, tuple(a.expr for a in args), tree.SCALAR)
