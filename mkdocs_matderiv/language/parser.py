"""The recursive-descent parser: tokens to a shape-checked expression tree.

Grammar (all products bind equally, left to right)::

    sum      := ['-'|'+'] product (('+'|'-') product)*
    product  := unary ((juxtaposition | '*' | '/' | '⊙' | '⊗' | './') unary)*
    unary    := '-' unary | postfix
    postfix  := primary ('^' exponent | '.^' exponent | "'" | 'ᵀ' | '⁻¹' | '²')*
    primary  := number | name | call | '(' sum ')' | '[' sum ']' | '{' sum '}'
              | '|' sum '|' | '||' sum '||' ['_1' | '_2'] | \\frac{sum}{sum} | ones | I
              | 'I_' size | 'ones_' size | 'd' F '/d' primary

``I_3``, ``I_{mn}``, ``ones_{n}`` (also ``\\mathbf{1}_n``) are the identity and the all-ones
vector of a written size (a number, a dimension name, or a product of them as results print
it, ``mn``), unless the name is declared; ``dL/dY``, with ``L`` a declared ``scalar``
function, is its gradient kept symbolic.  Results print both (``render/text.py``), so that a
result's text fixes every size a Kronecker product or ``vec`` leaves open, and parses back.
"""

from __future__ import annotations

from fractions import Fraction

from mkdocs_matderiv import tree
from mkdocs_matderiv import limits
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.language import shapes as sh
from mkdocs_matderiv.language.lexer import Token, tokenize
from mkdocs_matderiv.functions import SPELLINGS
from mkdocs_matderiv.language.calls import NameReader
from mkdocs_matderiv.language.shapes import Operand, ShapeEnv
from mkdocs_matderiv.tree import Det, Expr, Norm, Num, Ones, T

_OPEN = {"(": ")", "[": "]", "{": "}", "|": "|", "||": "||"}
_STARTS = {"num", "name", "(", "[", "{", "|", "||", "ones", "frac", "commutation"}
_PRODUCT_OPS = {"*", "/", "odot", "otimes", "./"}


class Parser(NameReader):
    """Parses one expression of a block.

    Parameters:
        text: the expression as written.
        env: the block's shapes (shared by all its expressions).
        functions: declared abstract functions, canonical name -> ``elementwise`` | ``scalar``.
        variables: names that are always symbols (declared in ``shapes``/``values``/``where``/...),
            never a built-in function, ``I`` or ``ones``.
        known: names the lexer keeps whole.
    """

    def __init__(self, text: str, env: ShapeEnv, functions: dict[str, str],
                 variables: set[str], known: set[str]) -> None:
        limits.check_expression_text(text)
        self.text = text
        self.env = env
        self.functions = functions
        self.variables = variables
        self.tokens = tokenize(text, known | set(functions))
        self.i = 0
        self.delims: list[str] = []
        self.depth = 0

    # ------------------------------------------------------------ helpers

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def peek(self, k: int = 1) -> Token:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def advance(self) -> Token:
        t = self.tokens[self.i]
        self.i += 1
        return t

    def found(self, t: Token) -> str:
        return "the end" if t.kind == "end" else f"'{t.text}'"

    def error(self, message: str, col: int) -> MatDerivError:
        return MatDerivError(message, column=col)

    def span(self, col: int) -> str:
        """Source text from column ``col`` to the end of the last consumed token."""
        last = self.tokens[self.i - 1]
        return self.text[col - 1:last.col - 1 + len(last.text)]

    def operand(self, expr: Expr, col: int) -> Operand:
        return Operand(expr, self.span(col), col)

    def closes(self, kind: str) -> bool:
        """A bar closes the innermost bar pair rather than opening a new one."""
        return bool(self.delims) and self.delims[-1] == kind

    def can_start(self, t: Token) -> bool:
        if t.kind in ("|", "||") and self.closes(t.kind):
            return False
        return t.kind in _STARTS

    # ------------------------------------------------------------ grammar

    def parse(self) -> Expr:
        if self.tok.kind == "end":
            raise self.error("expected an expression, found nothing", 1)
        e = self.sum()
        if self.tok.kind != "end":
            raise self.error(f"expected end of expression, found {self.found(self.tok)}", self.tok.col)
        return e

    def sum(self) -> Expr:
        col = self.tok.col
        terms: list[Operand] = []
        sign = None
        if self.tok.kind in ("+", "-"):
            sign = self.advance().kind
        while True:
            tcol = self.tok.col
            e = self.product()
            if sign == "-":
                e = tree.neg(e)
            terms.append(self.operand(e, tcol))
            if self.tok.kind not in ("+", "-"):
                break
            sign = self.advance().kind
        return sh.add(self.env, terms, self.span(col))

    def product(self) -> Expr:
        col = self.tok.col
        left = self.operand(self.unary(), col)
        while True:
            t = self.tok
            if t.kind in _PRODUCT_OPS:
                self.advance()
                rcol = self.tok.col
                right = self.operand(self.unary(), rcol)
            elif self.can_start(t):
                rcol = t.col
                right = self.operand(self.postfix(), rcol)
            else:
                return left.expr
            whole = self.span(col)
            kind = t.kind if t.kind in _PRODUCT_OPS else "*"
            left = self.operand(self.combine(kind, left, right, whole), col)

    def combine(self, kind: str, a: Operand, b: Operand, whole: str) -> Expr:
        env = self.env
        if kind == "*":
            return sh.matmul(env, a, b, whole)
        if kind == "odot":
            return sh.hadamard(env, a, b, whole)
        if kind == "otimes":
            return tree.Kron(a.expr, b.expr)
        if kind == "./":
            sh.same_shape(env, "element-wise division", a, b, whole)
            return tree.ElemDiv(a.expr, b.expr)
        return sh.divide(env, a, b, "/")

    def unary(self) -> Expr:
        if self.tok.kind not in ("-", "+"):
            return self.postfix()
        self.depth += 1
        limits.check_nesting(self.depth, self.tok.col)
        try:
            return self.signed()
        finally:
            self.depth -= 1

    def signed(self) -> Expr:
        if self.tok.kind == "-":
            self.advance()
            return tree.neg(self.unary())
        if self.tok.kind == "+":
            self.advance()
            return self.unary()
        return self.postfix()

    def postfix(self) -> Expr:
        col = self.tok.col
        e = self.primary()
        superscript = False
        while True:
            kind = self.tok.kind
            if kind in ("^", "hpow") and superscript:
                raise self.error("a power of a power needs parentheses: write (a^2)^3, or one "
                                 "exponent", self.tok.col)
            superscript = kind == "hpow"
            if kind == "^":
                base = self.operand(e, col)
                hat = self.advance()
                e = self.exponent(base, hat)
                superscript = not isinstance(e, T)         # X^T .^ 2 is (Xᵀ) .^ 2
            elif kind == "hpow":
                base = self.operand(e, col)
                self.advance()
                ecol = self.tok.col
                e = sh.hadamard_power(self.env, base, self.operand(self.exponent_value(), ecol))
            elif kind in ("'", "top"):
                self.advance()
                e = self.transposed(e)
            elif kind == "inv":
                self.advance()
                e = sh.power(self.env, self.operand(e, col), Operand(Num(Fraction(-1)), "-1", col), col)
            elif kind == "sq":
                self.advance()
                e = sh.power(self.env, self.operand(e, col), Operand(Num(Fraction(2)), "2", col), col)
            else:
                return e

    def transposed(self, e: Expr) -> Expr:
        """``eᵀ``; ``1^T`` is the all-ones row vector, as authors write ``1^T x`` (a number has
        no transpose, CONTRACT §2)."""
        if e == Num(Fraction(1)):
            return T(Ones((self.env.fresh(), 1)))
        return T(e)

    def is_transpose_mark(self, t: Token) -> bool:
        return t.kind == "top" or (t.kind == "name" and t.value == "T")

    def exponent(self, base: Operand, hat: Token) -> Expr:
        t = self.tok
        k = self.peek
        if self.is_transpose_mark(t):
            self.advance()
            return self.transposed(base.expr)
        if t.kind == "{" and self.is_transpose_mark(k(1)) and k(2).kind == "}":
            self.i += 3
            return self.transposed(base.expr)
        if t.kind == "-" and self.is_transpose_mark(k(1)):
            self.i += 2
            return T(sh.power(self.env, base, Operand(Num(Fraction(-1)), "-1", t.col), base.col))
        if t.kind == "{" and k(1).kind == "-" and self.is_transpose_mark(k(2)) and k(3).kind == "}":
            self.i += 4
            return T(sh.power(self.env, base, Operand(Num(Fraction(-1)), "-1", t.col), base.col))
        ecol = t.col
        return sh.power(self.env, base, self.operand(self.exponent_value(), ecol), base.col)

    def exponent_value(self) -> Expr:
        """The exponent after ``^`` or ``.^``: ``2``, ``-1``, ``{1/2}``, ``(p)``, ``p``."""
        t = self.tok
        if t.kind == "-" and self.peek(1).kind == "num":
            self.i += 2
            return Num(-self.tokens[self.i - 1].number)
        if t.kind == "num":
            self.advance()
            return Num(t.number)
        if t.kind in ("{", "("):
            return self.group()
        if t.kind == "name":
            return self.primary()
        raise self.error(f"expected an exponent after '^', found {self.found(t)}", t.col)

    def group(self) -> Expr:
        """``( sum )`` and its bracket and bar variants."""
        open_ = self.advance()
        close = _OPEN[open_.kind]
        self.delims.append(close if open_.kind in ("|", "||") else open_.kind)
        e = self.sum()
        self.delims.pop()
        if self.tok.kind != close:
            raise self.error(f"expected '{close}' to close '{open_.text}' opened at column {open_.col}, "
                             f"found {self.found(self.tok)}", self.tok.col)
        self.advance()
        return e

    def bracket(self) -> Expr:
        """``[ sum ]``, a parenthesis, or ``[a, b; c, d]``: a vector or matrix written entry by
        entry, each entry a scalar, as a gradient in ``entries`` prints."""
        open_ = self.advance()
        self.delims.append("[")
        rows: list[list[Operand]] = [[]]
        while True:
            col = self.tok.col
            rows[-1].append(self.operand(self.sum(), col))
            if self.tok.kind not in (",", ";"):
                break
            if self.advance().kind == ";":
                rows.append([])
        self.delims.pop()
        if self.tok.kind != "]":
            raise self.error(f"expected ']' to close '[' opened at column {open_.col}, "
                             f"found {self.found(self.tok)}", self.tok.col)
        self.advance()
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0].expr
        if any(len(row) != len(rows[0]) for row in rows):
            raise self.error("every row of a matrix written in entries has as many entries "
                             "([a, b; c, d])", open_.col)
        for entry in (e for row in rows for e in row):
            if not self.env.scalar(entry.expr):
                raise self.error(f"an entry of a matrix written in entries is a scalar: {entry.text} "
                                 f"is {self.env.describe(entry.expr.shape)}", entry.col)
        return tree.Entries(tuple(tuple(e.expr for e in row) for row in rows))

    def primary(self) -> Expr:
        self.depth += 1
        limits.check_nesting(self.depth, self.tok.col)
        try:
            return self.atom()
        finally:
            self.depth -= 1

    def atom(self) -> Expr:
        t = self.tok
        if t.kind == "num":
            self.advance()
            return Num(t.number)
        if t.kind == "[":
            return self.bracket()
        if t.kind in ("(", "{"):
            return self.group()
        if t.kind in ("|", "||"):
            col, inner_col = t.col, self.peek().col
            inner = self.group()
            close = self.tokens[self.i - 1]
            arg = Operand(inner, self.text[inner_col - 1:close.col - 1], inner_col)
            if t.kind == "||":
                if self.tok.kind == "normsub" and self.advance().value == 1:
                    return sh.call(self.env, SPELLINGS["norm1"], arg, col)
                return Norm(inner)
            if self.env.scalar(inner):              # |t|, |x^T y|: the absolute value
                return sh.call(self.env, SPELLINGS["abs"], arg, col)
            sh.require_square(self.env, arg, "the determinant", col)
            return Det(inner)
        if t.kind == "ones":
            self.advance()
            return Ones((self.env.fresh(), 1))
        if t.kind == "commutation":
            self.advance()
            return tree.Commutation(*t.dims)
        if t.kind == "frac":
            self.advance()
            num_col = self.tok.col
            if self.tok.kind != "{":
                raise self.error(f"expected '{{' after '\\frac', found {self.found(self.tok)}", num_col)
            a = self.operand(self.group(), num_col)
            den_col = self.tok.col
            if self.tok.kind != "{":
                raise self.error(f"expected '{{' for the denominator of '\\frac', found "
                                 f"{self.found(self.tok)}", den_col)
            b = self.operand(self.group(), den_col)
            return sh.divide(self.env, a, b, "\\frac")
        if t.kind == "name":
            return self.name()
        raise self.error(f"expected an expression, found {self.found(t)}", t.col)


def parse_text(text: str, env: ShapeEnv, *, functions: dict[str, str] | None = None,
               variables: set[str] | None = None, known: set[str] | None = None) -> Expr:
    """Parse one expression into a tree with provisional dimensions (see :class:`Parser`)."""
    return Parser(text, env, functions or {}, variables or set(), known or set()).parse()
