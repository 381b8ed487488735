"""The result as text in the expression language (CONTRACT §2), so that it parses back.

Spellings: ``X^T``, ``X^{-1}``, ``x^2``, ``(x^T x)^{1/2}``, ``tr(...)``, ``|X|``,
``||x||``, ``sum(...)``, ``diag(...)``, ``vec(...)``, ``exp``/``ln``/``sigma``/
``tanh``/``sin``/``cos``/``sqrt(...)``, ``softmax(x)``, ``logsumexp(x)``, ``.*``,
``./``, ``/``, ``\\otimes``, ``I_{n}``, ``ones_{n}``, ``0``; numbers ``2``, ``1/2``, a
fractional coefficient in parentheses, ``(1/2) x``; names canonical (``W_1``,
``alpha``; a subscript of several characters in braces, ``x_{12}``).  Factors
are always separated by a space.

All products bind equally, left to right, in the language, so an operand of
``.*``, ``./`` or ``\\otimes`` that is a product, a sum or a quotient is
parenthesised, and so is any of those used as a factor of a product.

An identity and an all-ones vector always carry their size (``I_{3}``, ``ones_{n}``,
``I_{mn}``): beside a Kronecker product or inside ``vec`` nothing else fixes it.

The derivative of a built-in function is written out with built-ins
(``sigma(z) .* (1 - sigma(z))``, ``1 ./ z``, ...).  Abstract pieces print as the
language reads them, ``g'(z_1)`` and ``dL/da_2`` (with ``g`` and ``L`` declared in
``functions``); only a differential ``dX`` (in steps, never in a result) has no spelling.
"""

from __future__ import annotations

from fractions import Fraction

from mkdocs_matderiv import functions
from mkdocs_matderiv.language.names import is_greek
from mkdocs_matderiv.render.latex import NotationPrinter
from mkdocs_matderiv.tree import (
    Add, Apply, Det, Diag, Diff, Diff2, Div, ElemDiv, ElemPow, Entries, Entry, Expr, Func, Grad,
    Hadamard, Hess, Identity, Inv, Kron, Norm, Num, Ones, Pow, Sum, Sym, T, Tr, Vec, VecRow,
    Commutation, Zero,
)


def text_name(name: str) -> str:
    """A canonical name as the language reads it: ``W_1``, ``alpha``, ``x_{12}``, ``\\hat{w}``,
    ``z^{[1]}``."""
    name, _, mark = name.partition("^")
    if mark.startswith("["):
        return f"{text_name(name)}^{{{mark}}}"
    if mark:
        return rf"\{mark}{{{text_name(name)}}}"
    base, sep, sub = name.partition("_")
    if sep and len(sub) > 1 and not is_greek(sub):
        return f"{base}_{{{sub}}}"
    return name


class TextPrinter(NotationPrinter):
    """Expression trees to the ASCII expression language."""

    _default_settings: dict = {}

    def paren(self, s: str) -> str:
        return f"({s})"

    def coefficient(self, c: Fraction, alone: bool) -> str:
        if c.denominator == 1:
            return str(c.numerator)
        frac = f"{c.numerator}/{c.denominator}"
        return frac if alone else self.paren(frac)

    def delimited(self, e: Expr) -> bool:
        return not isinstance(e, (Div, Grad))

    def _print_Sym(self, e: Sym) -> str:
        return text_name(e.name)

    def _print_Identity(self, e: Identity) -> str:
        return f"I_{{{e.shape[0]}}}"

    def _print_Ones(self, e: Ones) -> str:
        return f"ones_{{{e.shape[0]}}}"

    def _print_Zero(self, e: Zero) -> str:
        return "0"

    def _print_Diff(self, e: Diff) -> str:
        if isinstance(e.of, Sym):
            return f"d{self._print(e.of)}"
        return f"d{self.grouped(e.of)}"

    def _print_Grad(self, e: Grad) -> str:
        of = text_name(e.of)
        wrt = self._print(e.wrt) if isinstance(e.wrt, Sym) else self.grouped(e.wrt)
        return f"d{_apart(of)}/d{_apart(wrt)}"

    def _print_Diff2(self, e: Diff2) -> str:
        return f"d^2 {text_name(e.of)}"

    def _print_Hess(self, e: Hess) -> str:
        wrt = self._print(e.wrt)
        return f"d^2 {text_name(e.of)}/d{wrt}^2" if e.wrt.scalar else f"d^2 {text_name(e.of)}/d{wrt} d{wrt}^T"

    def _print_Entries(self, e: Entries) -> str:
        return "[" + "; ".join(", ".join(self._print(x) for x in row) for row in e.rows) + "]"

    def _print_Entry(self, e: Entry) -> str:
        index = f"{e.row + 1}" if e.of.shape[1] == 1 else f"{e.row + 1}{e.col + 1}"
        return f"{self._print(e.of)}_{index}"

    def _print_Hadamard(self, e: Hadamard) -> str:
        return " .* ".join(self.operand(a, Hadamard) for a in e.args)

    def _print_Kron(self, e: Kron) -> str:
        return f"{self.operand(e.left, Kron)} \\otimes {self.operand(e.right, Kron)}"

    def _print_ElemDiv(self, e: ElemDiv) -> str:
        return f"{self.operand(e.left, ElemDiv)} ./ {self.operand(e.right, ElemDiv)}"

    def _print_Div(self, e: Div) -> str:
        left = e.left
        if isinstance(left, (Add, Hadamard, Kron, ElemDiv, Grad)) or self.is_negative(left):
            num_text = self.grouped(left)
        else:
            num_text = self._print(left)
        right = self._print(e.right) if self.postfix_atom(e.right, "pow") else self.grouped(e.right)
        return f"{num_text} / {right}"

    def _print_Pow(self, e: Pow) -> str:
        return f"{self.base(e.left, 'pow')}^{self.exponent(e.right)}"

    def _print_ElemPow(self, e: ElemPow) -> str:
        return f"{self.base(e.left, 'pow')} .^ {self.exponent(e.right)}"

    def exponent(self, p: Expr) -> str:
        """A one-digit exponent as it is, any other in braces (``x^{-1/2}``)."""
        if isinstance(p, Num) and p.value.denominator == 1 and 0 <= p.value < 10:
            return str(p.value)
        return f"{{{self._print(p)}}}"

    def _print_T(self, e: T) -> str:
        return f"{self.base(e.arg, 'T')}^T"

    def _print_Inv(self, e: Inv) -> str:
        return f"{self.base(e.arg, 'inv')}^{{-1}}"

    def _print_Tr(self, e: Tr) -> str:
        return f"tr{self.grouped(e.arg)}"

    def _print_Det(self, e: Det) -> str:
        return f"|{self._print(e.arg)}|"

    def _print_Norm(self, e: Norm) -> str:
        return f"||{self._print(e.arg)}||"

    def _print_Sum(self, e: Sum) -> str:
        return f"sum{self.grouped(e.arg)}"

    def _print_Diag(self, e: Diag) -> str:
        return f"diag{self.grouped(e.arg)}"

    def _print_Vec(self, e: Vec) -> str:
        return f"vec{self.grouped(e.arg)}"

    def _print_VecRow(self, e: VecRow) -> str:
        return f"vec({self._print(T(e.arg))})"

    def _print_Commutation(self, e: Commutation) -> str:
        return f"K_{{{e.m},{e.n}}}"

    def _print_Func(self, e: Func) -> str:
        return f"{text_name(e.name)}{chr(39) * e.order}{self.grouped(e.arg)}"

    def _print_Apply(self, e: Apply) -> str:
        fn = functions.builtin(e)
        if fn is not None and fn.text_call:
            return fn.text_call.format(self._print(e.args[0]))
        return text_name(e.name) + self.paren(", ".join(self._print(a) for a in e.args))


def _apart(word: str) -> str:
    """A space before a name of several letters after ``d`` (``d alpha``): ``dalpha`` would split."""
    return f" {word}" if len(word) > 1 and word[:2].isalpha() else word


def text(expr: Expr, **settings) -> str:
    """The expression in the language of CONTRACT §2.

    Parameters:
        expr: any tree of ``mkdocs_matderiv.tree``.
        **settings: printer settings (none yet; an unknown one raises ``TypeError``).

    Returns:
        E.g. ``X (B + B^T)``, ``2 X^T (X w - y)``, ``-(X^{-1} A X^{-1})^T``.
    """
    return TextPrinter(settings).doprint(expand_derivatives(expr))


def expand_derivatives(expr: Expr) -> Expr:
    """``expr`` with each built-in ``g'(z)`` written out with built-ins (``1 ./ z`` for ``ln'``)."""
    kids = expr.children
    if kids:
        new = tuple(expand_derivatives(c) for c in kids)
        if new != kids:
            expr = expr.rebuild(new)
    written = functions.derivative(expr) if isinstance(expr, Func) else None
    return expr if written is None else written


__all__ = ["TextPrinter", "expand_derivatives", "text", "text_name"]
