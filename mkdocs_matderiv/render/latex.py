"""LaTeX for expression trees and derivation steps: the one printer for our notation.

Conventions (those of the seeds): juxtaposed products separated by a space
(``X B X^{T}``), numbers first (``2 A x``), a leading -1 as a minus sign,
``\\operatorname{tr}``, ``\\left|X\\right|``, ``\\odot``, ``\\otimes``.

Parentheses are minimal but never ambiguous:

* a sum or a negated term inside a product, an element-wise product, a
  transpose, an inverse or a power is parenthesised;
* an element-wise product (``\\odot``, ``\\oslash``, ``\\otimes``) used as a
  factor of a matrix product is parenthesised, and so is a matrix product used
  as an operand of an element-wise product;
* a scalar product (``x^{T} x``) used as a factor beside matrices is
  parenthesised, ``\\left(x^{T} x\\right) A``; a product nested in a product
  otherwise prints inline (the matrix product is associative);
* a transpose, inverse or power applies to a name, a function call or a
  delimited form (``\\left|X\\right|^{2}``); anything else gets parentheses
  (``\\left(X^{-1}\\right)^{T}``).

The structural rules live in ``NotationPrinter``; ``render.text`` reuses them
with the spellings of the expression language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction

from mkdocs_matderiv.derivation import Step
from mkdocs_matderiv.engine.rules import RULES, SEPARATOR
from mkdocs_matderiv.functions import builtin
from mkdocs_matderiv.language.names import GREEK
from mkdocs_matderiv.render import Printer
from mkdocs_matderiv.tree import (
    Add, Apply, Det, Diff, Diff2, Div, ElemDiv, ElemPow, Entries, Entry, Expr, Func, Grad, Hadamard,
    Hess, Identity, Inv, Kron, Mul, Norm, Num, Ones, Pow, Sum, Sym, T, Tr, Vec, VecRow, Commutation,
    Diag, Zero,
)

_ELEMENTWISE_OPS = (Hadamard, Kron, ElemDiv)
_NAME = re.compile(r"^([A-Za-z]+?)(\d*)(?:_([A-Za-z0-9]+))?$")


class NotationPrinter(Printer[str]):
    """Where parentheses go and how signs and coefficients read; spellings are left to subclasses."""

    mul_sep = " "
    fractions_delimited = False

    # ------------------------------------------------------------ spellings (override)

    def paren(self, s: str) -> str:
        raise NotImplementedError

    def coefficient(self, c: Fraction, alone: bool) -> str:
        """A non-negative number, as a lone value or as the leading factor of a product."""
        raise NotImplementedError

    def postfix_atom(self, e: Expr, op: str) -> bool:
        """Whether ``e`` takes a postfix operator (``op``: ``T``, ``inv``, ``pow``) unparenthesised."""
        if isinstance(e, Num):
            return e.value >= 0 and e.value.denominator == 1
        if isinstance(e, Diff):
            return op == "T" and isinstance(e.of, Sym)
        return isinstance(e, (Sym, Identity, Ones, Zero, Func, Apply, Tr, Det, Norm, Sum, Diag, Vec, VecRow,
                              Commutation))

    def delimited(self, e: Expr) -> bool:
        """Whether ``e`` reads as one unit beside ``\\odot`` or in a product (``\\frac`` does in LaTeX)."""
        return not isinstance(e, Div)

    # ------------------------------------------------------------ signs and coefficients

    @staticmethod
    def split_coefficient(e: Mul) -> tuple[Fraction, list[Expr]]:
        """The numbers of a product, nested ones included (they commute), and its other factors.

        A nested product is inlined (the matrix product is associative), except a scalar
        product of matrices beside matrices, ``(x^{T} x) A``, which stays one factor.
        """
        coef, rest = Fraction(1), []
        beside_matrices = any(not a.scalar for a in e.args)
        for a in e.args:
            if isinstance(a, Num):
                coef *= a.value
            elif isinstance(a, Mul):
                c, inner = NotationPrinter.split_coefficient(a)
                coef *= c
                if a.scalar and beside_matrices and any(not f.scalar for f in inner):
                    rest.append(inner[0] if len(inner) == 1 else Mul(tuple(inner)))
                else:
                    rest.extend(inner)
            else:
                rest.append(a)
        return coef, rest

    def is_negative(self, e: Expr) -> bool:
        if isinstance(e, Num):
            return e.value < 0
        if isinstance(e, Mul):
            return self.split_coefficient(e)[0] < 0
        return False

    def signed(self, e: Expr) -> tuple[bool, str]:
        """``(negative, text without the sign)``."""
        if isinstance(e, Num) and e.value < 0:
            return True, self.coefficient(-e.value, alone=True)
        if isinstance(e, Mul):
            coef, rest = self.split_coefficient(e)
            if coef < 0:
                return True, self.product(-coef, rest, e)
        return False, self._print(e)

    def grouped(self, e: Expr) -> str:
        return self.paren(self._print(e))

    # ------------------------------------------------------------ sums and products

    def _print_Num(self, e: Num) -> str:
        body = self.coefficient(abs(e.value), alone=True)
        return f"-{body}" if e.value < 0 else body

    def _print_Add(self, e: Add) -> str:
        out = ""
        for i, term in enumerate(_terms(e)):
            neg, body = self.signed(term)
            if i == 0:
                out = f"-{body}" if neg else body
            else:
                out += f" - {body}" if neg else f" + {body}"
        return out

    def _print_Mul(self, e: Mul) -> str:
        coef, rest = self.split_coefficient(e)
        body = self.product(abs(coef), rest, e)
        return f"-{body}" if coef < 0 else body

    def product(self, coef: Fraction, factors: list[Expr], outer: Mul) -> str:
        """A product with a non-negative coefficient ``coef`` in front of ``factors``."""
        if coef == 1 and len(factors) == 1:       # what is left of -e: e itself
            f = factors[0]
            return self.grouped(f) if isinstance(f, Add) or self.is_negative(f) else self._print(f)
        out = self.coefficient(coef, alone=not factors) if coef != 1 or not factors else ""
        for i, f in enumerate(factors):
            sep = self.mul_sep if i == 0 else self.between(factors[i - 1], f)
            out = f"{out}{sep}{self.factor(f)}" if out else self.factor(f)
        return out

    def between(self, left: Expr, right: Expr) -> str:
        """What separates two adjacent factors of a product (a space; LaTeX adds thin spaces)."""
        return self.mul_sep

    def factor(self, f: Expr) -> str:
        """A factor of a product (a nested product here is a scalar beside matrices)."""
        if isinstance(f, (Add, Mul)) or self.is_negative(f) or isinstance(f, _ELEMENTWISE_OPS):
            return self.grouped(f)
        if not self.delimited(f):
            return self.grouped(f)
        return self._print(f)

    def operand(self, e: Expr, parent: type) -> str:
        """An operand of ``\\odot``, ``\\otimes`` or ``\\oslash`` (``parent`` is the node type)."""
        if isinstance(e, (Add, Mul)) or self.is_negative(e) or not self.delimited(e):
            return self.grouped(e)
        if isinstance(e, _ELEMENTWISE_OPS) and not (type(e) is parent and parent is not ElemDiv):
            return self.grouped(e)
        if isinstance(e, Num) and e.value.denominator != 1 and not self.fractions_delimited:
            return self.grouped(e)
        return self._print(e)

    def base(self, e: Expr, op: str) -> str:
        """The base of a transpose, inverse or power."""
        return self._print(e) if self.postfix_atom(e, op) else self.grouped(e)


def _terms(e: Add) -> Iterable[Expr]:
    for t in e.args:
        if isinstance(t, Add):
            yield from _terms(t)
        else:
            yield t


# ---------------------------------------------------------------- LaTeX

def _differential(e: Expr) -> bool:
    """``dX``, ``dX^{T}``, ``d(XW)``: a factor after which LaTeX sets a thin space."""
    return isinstance(e, (Diff, Diff2)) or (isinstance(e, T) and isinstance(e.arg, Diff))


def _ones(e: Expr) -> bool:
    return isinstance(e, Ones) or (isinstance(e, T) and isinstance(e.arg, Ones))


def latex_dim(d) -> str:
    """A dimension as it reads in a subscript: ``m``, ``3``."""
    return str(d)


def latex_name(name: str) -> str:
    """A canonical name in LaTeX: ``W_1``/``W1`` -> ``W_{1}``, ``alpha`` -> ``\\alpha``, ``w^hat`` ->
    ``\\hat{w}``, ``z^[1]`` -> ``{z^{[1]}}`` (braced, so that a transpose reads ``{z^{[1]}}^{T}``)."""
    base, _, mark = name.partition("^")
    if mark.startswith("["):
        return f"{{{latex_name(base)}^{{{mark}}}}}"
    if mark:
        return rf"\{mark}{{{latex_name(base)}}}"
    m = _NAME.match(name)
    if not m:
        return name
    base, digits, sub = m.groups()
    if base in GREEK:
        out = "\\" + base
    elif len(base) == 1:
        out = base
    else:
        out = rf"\mathrm{{{base}}}"
    sub = digits + (sub or "") if digits else sub
    if sub:
        sub = "\\" + sub if sub in GREEK else sub
        out += f"_{{{sub}}}"
    return out


def latex_matrix(rows: Iterable[Iterable[str]]) -> str:
    """Rows of LaTeX entries as ``\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}`` (every matrix a page shows)."""
    return r"\begin{bmatrix} " + r" \\ ".join(" & ".join(row) for row in rows) + r" \end{bmatrix}"


class LatexPrinter(NotationPrinter):
    """Expression trees to LaTeX math (no surrounding delimiters)."""

    _default_settings: dict = {}
    fractions_delimited = True

    def paren(self, s: str) -> str:
        return rf"\left({s}\right)"

    def coefficient(self, c: Fraction, alone: bool) -> str:
        if c.denominator == 1:
            return str(c.numerator)
        return rf"\frac{{{c.numerator}}}{{{c.denominator}}}"

    def postfix_atom(self, e: Expr, op: str) -> bool:
        fn = builtin(e)
        if fn is not None and not fn.latex_atom:
            return False
        return super().postfix_atom(e, op)

    def delimited(self, e: Expr) -> bool:
        return True

    def between(self, left: Expr, right: Expr) -> str:
        """A thin space after a differential (``dX\\, X^{-1}`` never reads as d(XX⁻¹)) and
        between two all-ones vectors (``\\mathbf{1}\\, \\mathbf{1}^{T}`` never reads as 11ᵀ)."""
        if _differential(left) or (_ones(left) and _ones(right)):
            return r"\, "
        return self.mul_sep

    def _print_Sym(self, e: Sym) -> str:
        return latex_name(e.name)

    def _print_Identity(self, e: Identity) -> str:
        return "I"

    def _print_Ones(self, e: Ones) -> str:
        return r"\mathbf{1}"

    def _print_Zero(self, e: Zero) -> str:
        return "0"

    def _print_Diff(self, e: Diff) -> str:
        if isinstance(e.of, Sym):
            return f"d {self._print(e.of)}"
        return rf"d{self.grouped(e.of)}"

    def _print_Grad(self, e: Grad) -> str:
        """``∂f/∂X``; a vectorised name reads ``∂f/∂vec X``, as the result's label does."""
        if isinstance(e.wrt, (Vec, VecRow)) and isinstance(e.wrt.arg, Sym):
            op = r"\operatorname{vec}" if isinstance(e.wrt, Vec) else r"\operatorname{vec}_{r}"
            wrt = f"{op} {self._print(e.wrt.arg)}"
        else:
            wrt = self._print(e.wrt) if isinstance(e.wrt, Sym) else self.grouped(e.wrt)
        return rf"\frac{{\partial {latex_name(e.of)}}}{{\partial {wrt}}}"

    def _print_Diff2(self, e: Diff2) -> str:
        return f"d^{{2}} {latex_name(e.of)}"

    def _print_Hess(self, e: Hess) -> str:
        wrt = self._print(e.wrt)
        if e.wrt.scalar:
            return rf"\frac{{\partial^{{2}} {latex_name(e.of)}}}{{\partial {wrt}^{{2}}}}"
        return rf"\frac{{\partial^{{2}} {latex_name(e.of)}}}{{\partial {wrt}\,\partial {wrt}^{{T}}}}"

    def _print_Entries(self, e: Entries) -> str:
        return latex_matrix([[self._print(x) for x in row] for row in e.rows])

    def _print_Entry(self, e: Entry) -> str:
        index = f"{e.row + 1}" if e.of.shape[1] == 1 else f"{e.row + 1}{e.col + 1}"
        return f"{self._print(e.of)}_{{{index}}}"

    def _print_Hadamard(self, e: Hadamard) -> str:
        """``a \\odot b``; one factor ``1 \\oslash s`` reads as a division, ``a \\oslash s``."""
        reciprocals = [a for a in e.args if isinstance(a, ElemDiv) and a.left == Num(Fraction(1))]
        rest = [a for a in e.args if a not in reciprocals]
        if len(reciprocals) != 1 or not rest:
            return r" \odot ".join(self.operand(a, Hadamard) for a in e.args)
        top = rest[0] if len(rest) == 1 else Hadamard(tuple(rest))
        return rf"{self.operand(top, ElemDiv)} \oslash {self.operand(reciprocals[0].right, ElemDiv)}"

    def _print_Kron(self, e: Kron) -> str:
        return rf"{self.operand(e.left, Kron)} \otimes {self.operand(e.right, Kron)}"

    def _print_ElemDiv(self, e: ElemDiv) -> str:
        return rf"{self.operand(e.left, ElemDiv)} \oslash {self.operand(e.right, ElemDiv)}"

    def _print_Div(self, e: Div) -> str:
        return rf"\frac{{{self._print(e.left)}}}{{{self._print(e.right)}}}"

    def _print_Pow(self, e: Pow) -> str:
        return f"{self.base(e.left, 'pow')}^{{{self._print(e.right)}}}"

    def _print_ElemPow(self, e: ElemPow) -> str:
        return rf"{self.base(e.left, 'pow')}^{{\circ {self._print(e.right)}}}"

    def _print_T(self, e: T) -> str:
        return f"{self.base(e.arg, 'T')}^{{T}}"

    def _print_Inv(self, e: Inv) -> str:
        return f"{self.base(e.arg, 'inv')}^{{-1}}"

    def _print_Tr(self, e: Tr) -> str:
        return rf"\operatorname{{tr}}{self.grouped(e.arg)}"

    def _print_Det(self, e: Det) -> str:
        return rf"\left|{self._print(e.arg)}\right|"

    def _print_Norm(self, e: Norm) -> str:
        return rf"\left\lVert {self._print(e.arg)}\right\rVert"

    def _print_Sum(self, e: Sum) -> str:
        return rf"\operatorname{{sum}}{self.grouped(e.arg)}"

    def _print_Diag(self, e: Diag) -> str:
        return rf"\operatorname{{diag}}{self.grouped(e.arg)}"

    def _print_Vec(self, e: Vec) -> str:
        return rf"\operatorname{{vec}}{self.grouped(e.arg)}"

    def _print_VecRow(self, e: VecRow) -> str:
        return rf"\operatorname{{vec}}_{{r}}{self.grouped(e.arg)}"

    def _print_Commutation(self, e: Commutation) -> str:
        return rf"K_{{{latex_dim(e.m)},{latex_dim(e.n)}}}"

    def _print_Func(self, e: Func) -> str:
        fn = builtin(e)
        name = fn.latex if fn is not None else latex_name(e.name)
        if e.order:
            return f"{name}{chr(39) * e.order}{self.grouped(e.arg)}"
        if fn is not None and fn.latex_call:
            return fn.latex_call.format(self._print(e.arg))
        return f"{name}{self.grouped(e.arg)}"

    def _print_Apply(self, e: Apply) -> str:
        fn = builtin(e)
        if fn is not None and fn.latex_call:
            return fn.latex_call.format(self._print(e.args[0]))
        name = fn.latex if fn is not None else latex_name(e.name)
        return name + self.paren(", ".join(self._print(a) for a in e.args))


def latex(expr: Expr, **settings) -> str:
    """The LaTeX of an expression tree.

    Parameters:
        expr: any tree of ``mkdocs_matderiv.tree``.
        **settings: printer settings (none yet; an unknown one raises ``TypeError``).

    Returns:
        LaTeX math without delimiters, e.g. ``X \\left(B + B^{T}\\right)``.
    """
    return LatexPrinter(settings).doprint(expr)


def rule_name(key: str | None) -> str | None:
    """The words readers see for a rule key, math between ``$…$`` (``None`` for a line that
    states the problem); a rule about one matrix names it in LaTeX (``$\\Lambda$ is symmetric``)."""
    if key is None:
        return None
    return "; ".join(_one_rule_name(part) for part in key.split(SEPARATOR))


def _one_rule_name(key: str) -> str:
    base, _, arg = key.partition(":")
    found = RULES[base]
    return found.instance.format(latex_name(arg)) if arg and found.instance else found.name


def latex_step_lines(steps: Iterable[Step]) -> list[tuple[str, str, str | None]]:
    """Steps as aligned lines: ``(lhs or "", rhs, rule name or None)``.

    A step without ``lhs`` continues the chain of equalities above it, so its
    first element is empty (rendered ``&= rhs``).
    """
    return [("" if s.lhs is None else latex(s.lhs), latex(s.rhs), rule_name(s.rule)) for s in steps]


def step_equation(step: Step, lhs: Expr | None = None) -> str:
    """The full equation ``lhs = rhs`` of a step.

    Parameters:
        step: the step.
        lhs: the left-hand side in force, used when ``step.lhs`` is None.

    Returns:
        E.g. ``df = \\operatorname{tr}\\left(d X B X^{T}\\right)``.
    """
    left = step.lhs if step.lhs is not None else lhs
    if left is None:
        raise ValueError("a step without lhs needs the lhs in force")
    return f"{latex(left)} = {latex(step.rhs)}"


__all__ = ["LatexPrinter", "NotationPrinter", "latex", "latex_matrix", "latex_name", "latex_step_lines",
           "rule_name", "step_equation"]
