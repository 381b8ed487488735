"""Names and calls of the expression language: symbols, built-in and abstract functions, the
identity and all-ones vector of a written size (``I_3``, ``ones_{n}``), and the symbolic
gradient of a scalar function (``dL/dY``).

A mixin of :class:`~mkdocs_matderiv.language.parser.Parser` (its token cursor, ``primary``,
``postfix`` and ``sum``), kept apart so that each module has one job.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mkdocs_matderiv import limits
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.functions import SPELLINGS
from mkdocs_matderiv.language import shapes as sh
from mkdocs_matderiv.language.lexer import Token
from mkdocs_matderiv.language.names import GREEK, STRUCTURAL_FUNCTIONS
from mkdocs_matderiv.language.shapes import Operand
from mkdocs_matderiv.tree import Det, Diag, Expr, Func, Grad, Identity, Inv, Norm, Ones, Sum, Tr, Vec

_BUILTINS = set(SPELLINGS) | set(STRUCTURAL_FUNCTIONS)
_SIZED = re.compile(r"(I|ones)_([A-Za-z0-9]+)")


class NameReader:
    """Reads the name at the cursor: a symbol, a call, ``I``, ``ones`` or a gradient."""

    # provided by the parser
    env: sh.ShapeEnv
    functions: dict[str, str]
    variables: set[str]
    tokens: list[Token]
    i: int
    delims: list[str]

    if TYPE_CHECKING:     # the parser's cursor and grammar, which this mixin calls
        @property
        def tok(self) -> Token: ...
        def peek(self, k: int = 1) -> Token: ...
        def advance(self) -> Token: ...
        def found(self, t: Token) -> str: ...
        def error(self, message: str, col: int) -> MatDerivError: ...
        def operand(self, expr: Expr, col: int) -> Operand: ...
        def can_start(self, t: Token) -> bool: ...
        def sum(self) -> Expr: ...
        def postfix(self) -> Expr: ...
        def primary(self) -> Expr: ...

    def name(self) -> Expr:
        t = self.advance()
        name = t.name
        nxt = self.tok
        if name == "d" and self.is_gradient():
            return self.gradient()
        if name in self.variables:
            return self.symbol(t)
        if name in self.functions:
            return self.abstract_call(t)
        sized = _SIZED.fullmatch(name)
        if sized:
            return self.sized(*sized.groups())
        if name in GREEK and not self.opens_call(nxt) and nxt.kind != "'":
            return self.symbol(t)                  # σ is the sigmoid only when called
        if name in _BUILTINS:
            return self.builtin_call(t)
        if name == "ones":
            return Ones((self.env.fresh(), 1))
        if name == "I":
            d = self.env.fresh()
            return Identity((d, d))
        return self.symbol(t)

    def symbol(self, t: Token) -> Expr:
        """The symbol a name token stands for, located at the token when it collides."""
        try:
            return self.env.symbol(t.name)
        except MatDerivError as exc:
            exc.column = exc.column or t.col
            raise

    def sized(self, which: str, size: str) -> Expr:
        """``I_n``, ``ones_3``: a written size (rigid, like a size declared in ``shapes``)."""
        d = int(size) if size.isdigit() else size
        col = self.tokens[self.i - 1].col
        if d == 0:
            raise self.error(f"'{which}_0' has no size: a size is at least 1", col)
        if isinstance(d, int) and d > limits.MAX_DIMENSION:
            raise self.error(f"'{which}_{size}' has a size of {d} (the limit is {limits.MAX_DIMENSION})", col)
        if isinstance(d, str):
            self.env.user_dims.add(d)
        return Identity((d, d)) if which == "I" else Ones((d, 1))

    def is_gradient(self) -> bool:
        """``d L / d ...`` with ``L`` a declared scalar function (uncalled, it reads nothing else)."""
        fn, slash, d = self.tok, self.peek(1), self.peek(2)
        return (fn.kind == "name" and self.functions.get(fn.name) == "scalar" and slash.kind == "/"
                and d.kind == "name" and d.value == "d")

    def gradient(self) -> Expr:
        """``dL/dY``, ``dL/d(W x)``: the gradient of a scalar function, kept symbolic."""
        of = self.advance().name
        self.i += 2
        col = self.tok.col
        if not self.can_start(self.tok):
            raise self.error(f"expected what 'd{of}/d' is taken with respect to, found {self.found(self.tok)}",
                             col)
        wrt = self.primary()
        return Grad(of, wrt, wrt.shape)

    def opens_call(self, t: Token) -> bool:
        return t.kind == "("

    def derivative_order(self) -> int:
        order = 0
        while self.tok.kind == "'":
            self.advance()
            order += 1
        return order

    def call_args(self, fn: Token, many: bool) -> list[Operand]:
        """``( a, b, ... )`` after a function name."""
        self.advance()
        self.delims.append("(")
        args = []
        while True:
            col = self.tok.col
            args.append(self.operand(self.sum(), col))
            if many and self.tok.kind == ",":
                self.advance()
                continue
            break
        self.delims.pop()
        if self.tok.kind != ")":
            raise self.error(f"expected ')' to close '{fn.text}(' opened at column {fn.col}", self.tok.col)
        self.advance()
        return args

    def abstract_call(self, fn: Token) -> Expr:
        kind = self.functions[fn.name]
        order = self.derivative_order() if kind == "elementwise" else 0
        if not self.opens_call(self.tok):
            raise self.error(f"expected '(' after the function '{fn.name}', found {self.found(self.tok)}",
                             self.tok.col)
        args = self.call_args(fn, many=(kind == "scalar"))
        if kind == "elementwise":
            return Func(fn.name, args[0].expr, order)
        return sh.apply_shape(self.env, fn.name, args, fn.col)

    def builtin_call(self, fn: Token) -> Expr:
        name = fn.name
        entry = SPELLINGS.get(name)
        order = self.derivative_order() if entry is not None and entry.elementwise else 0
        if self.opens_call(self.tok):
            arg = self.call_args(fn, many=False)[0]
        elif self.can_start(self.tok):
            col = self.tok.col
            arg = self.operand(self.postfix(), col)
        else:
            raise self.error(f"expected an argument after '{fn.text}', found {self.found(self.tok)}",
                             self.tok.col)
        return self.apply_builtin(name, arg, fn.col, order)

    def apply_builtin(self, name: str, arg: Operand, col: int, order: int) -> Expr:
        env, e = self.env, arg.expr
        if name in SPELLINGS:
            return sh.call(env, SPELLINGS[name], arg, col, order)
        if name in ("tr", "trace"):
            sh.require_square(env, arg, "the trace", col)
            return Tr(e)
        if name == "det":
            sh.require_square(env, arg, "the determinant", col)
            return Det(e)
        if name == "inv":
            if env.scalar(e):
                return Inv(e)
            sh.require_square(env, arg, "the inverse", col)
            return Inv(e)
        if name == "norm":
            return Norm(e)
        if name == "sum":
            return Sum(e)
        if name == "vec":
            return Vec(e)
        if env.find(e.shape[1]) != 1:                   # diag
            sh.require_square(env, arg, "diag of a matrix", col)
        return Diag(e)
