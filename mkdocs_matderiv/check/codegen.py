"""NumPy source for a result (CONTRACT §4): ``def gradient(...)``, ``jacobian`` or ``derivative``.

The generated function takes every free name as a keyword argument (a matrix
as a 2-D array, a vector as a 1-D array, a scalar as a float), works on 2-D
arrays inside (a vector as a column, a scalar as ``(1, 1)``, so scalars scale
by broadcasting) and returns the shape the contract promises.  The source
imports what it uses; the package never executes it.
"""

from __future__ import annotations

from fractions import Fraction

from mkdocs_matderiv import functions
from mkdocs_matderiv.check.helpers import HELPERS, helper_source
from mkdocs_matderiv.language.names import py_name
from mkdocs_matderiv.check.numeric import NotNumeric, builtin_derivative, check_numeric
from mkdocs_matderiv.render import Printer
from mkdocs_matderiv.tree import (
    Add, Apply, Det, Diag, ElemDiv, Expr, Func, Hadamard, Identity, Inv, Kron, Mul,
    Norm, Num, Ones, Pow, Sum, Sym, T, Tr, Vec, VecRow, Commutation, Zero, is_vector,
)

_ADD, _MUL, _UNARY, _POW, _ATOM = 10, 20, 30, 40, 50
"""Precedences of Python operators: ``+ -`` < ``* @ /`` < unary ``-`` < ``**`` < atoms."""

_NP_REDUCTIONS = {Tr: "np.trace", Det: "np.linalg.det", Norm: "np.linalg.norm", Sum: "np.sum"}

class PythonPrinter(Printer):
    """Expression trees to NumPy expressions over 2-D arrays.

    Each ``_print_<Class>`` returns ``(source, precedence)``; ``dims`` maps a
    symbolic dimension to the Python expression of its size.
    """

    _default_settings: dict = {"dims": {}}

    def __init__(self, settings: dict | None = None) -> None:
        super().__init__(settings)
        self.helpers: set[str] = set()
        self.used_dims: set[str] = set()

    def doprint(self, expr: Expr) -> str:
        return self._print(expr)[0]

    def sub(self, e: Expr, above: int) -> str:
        """``e`` as an operand of an operator of precedence ``above`` (left-associative)."""
        src, prec = self._print(e)
        return src if prec > above else f"({src})"

    def dim(self, d) -> str:
        """The Python expression of a dimension's size (symbolic ones are recorded in ``used_dims``)."""
        if isinstance(d, int):
            return str(d)
        dims = self.settings["dims"]
        if d in dims:
            self.used_dims.add(d)
            return dims[d]
        for i in range(len(d) - 1, 0, -1):        # a product dimension such as "mn"
            if d[:i] in dims:
                return f"{dims[d[:i]]} * {self.dim(d[i:])}"
        raise ValueError(f"no argument has the dimension {d!r}")

    def _print_Sym(self, e: Sym):
        return py_name(e.name), _ATOM

    def _print_Num(self, e: Num):
        v = e.value
        if v.denominator == 1:
            src = str(v.numerator)
        elif Fraction(float(v)) == v:
            src = repr(float(v))
        else:
            return f"{v.numerator} / {v.denominator}", _MUL
        return src, (_UNARY if v < 0 else _ATOM)

    def _print_Identity(self, e: Identity):
        return f"np.eye({self.dim(e.shape[0])})", _ATOM

    def _print_Ones(self, e: Ones):
        return f"np.ones(({self.dim(e.shape[0])}, {self.dim(e.shape[1])}))", _ATOM

    def _print_Zero(self, e: Zero):
        return f"np.zeros(({self.dim(e.shape[0])}, {self.dim(e.shape[1])}))", _ATOM

    def _print_Add(self, e: Add):
        out = self.sub(e.args[0], _ADD - 1)
        for a in e.args[1:]:
            negative, src, prec = self.signed(a)
            body = src if prec > _ADD else f"({src})"
            out += f" - {body}" if negative else f" + {body}"
        return out, _ADD

    def _print_Mul(self, e: Mul):
        negative, src, prec = self.signed(e)
        return (f"-{src}", _MUL) if negative else (src, prec)

    def signed(self, e: Expr) -> tuple[bool, str, int]:
        """``(negative, source without the sign, its precedence)``."""
        if isinstance(e, Num) and e.value < 0:
            return (True, *self._print(Num(-e.value)))
        if not isinstance(e, Mul):
            return (False, *self._print(e))
        coef = Fraction(1)
        for a in e.args:
            if isinstance(a, Num):
                coef *= a.value
        parts = [] if abs(coef) == 1 else [self.sub(Num(abs(coef)), _MUL)]
        parts += [self.sub(a, _MUL) for a in e.args if a.scalar and not isinstance(a, Num)]
        chain = " @ ".join(self.sub(a, _MUL) for a in e.args if not a.scalar)
        if chain:
            parts.append(chain)
        if not parts:
            return coef < 0, "1", _ATOM
        return coef < 0, " * ".join(parts), _MUL

    def _print_Hadamard(self, e: Hadamard):
        return " * ".join(self.sub(a, _MUL) for a in e.args), _MUL

    def _print_ElemDiv(self, e: ElemDiv):
        return f"{self.sub(e.left, _MUL - 1)} / {self.sub(e.right, _MUL)}", _MUL

    _print_Div = _print_ElemDiv

    def _print_Kron(self, e: Kron):
        return f"np.kron({self.doprint(e.left)}, {self.doprint(e.right)})", _ATOM

    def _print_Pow(self, e: Pow):
        if e.left.scalar:
            return f"{self.sub(e.left, _POW)} ** {self.sub(e.right, _POW - 1)}", _POW
        return f"np.linalg.matrix_power({self.doprint(e.left)}, {self.doprint(e.right)})", _ATOM

    def _print_T(self, e: T):
        return f"{self.sub(e.arg, _ATOM - 1)}.T", _ATOM

    def _print_Inv(self, e: Inv):
        if e.arg.scalar:
            return f"1 / {self.sub(e.arg, _MUL)}", _MUL
        return f"np.linalg.inv({self.doprint(e.arg)})", _ATOM

    def _print__Unary(self, e: Tr | Det | Norm | Sum):
        return f"{_NP_REDUCTIONS[type(e)]}({self.doprint(e.arg)})", _ATOM

    def _print_Diag(self, e: Diag):
        if e.arg.shape[1] == 1:
            return f"np.diagflat({self.doprint(e.arg)})", _ATOM
        return f"np.diag({self.doprint(e.arg)}).reshape(-1, 1)", _ATOM

    def _print_Vec(self, e: Vec):
        return f'{self.sub(e.arg, _ATOM - 1)}.reshape(-1, 1, order="F")', _ATOM

    def _print_VecRow(self, e: VecRow):
        return f'{self.sub(e.arg, _ATOM - 1)}.reshape(-1, 1)', _ATOM

    def _print_Commutation(self, e: Commutation):
        return self.call("_commutation", f"{self.dim(e.m)}, {self.dim(e.n)}")

    def _print_Func(self, e: Func):
        if e.order:
            return self._print(builtin_derivative(e))
        return self.call_builtin(e, e.arg)

    def _print_Apply(self, e: Apply):
        return self.call_builtin(e, e.args[0])

    def call_builtin(self, e: Func | Apply, arg: Expr):
        fn = functions.builtin(e)
        if fn is None:
            raise NotNumeric(f"the function {e.name} is abstract")
        return self.call(fn.numpy, self.doprint(arg))

    def call(self, callee: str, args: str):
        """``callee(args)``; a helper of ``check/helpers.py`` is recorded so that its source is published."""
        if callee in HELPERS:
            self.helpers.add(callee)
        return f"{callee}({args})", _ATOM


def numpy_source(kind: str, value: Expr, args: list[Sym], wrt: Sym, *,
                 bindings: list[tuple[Sym, Expr]] | tuple = (), vec: str = "column",
                 layout: str = "numerator") -> str:
    """Python source defining ``gradient``, ``jacobian`` or ``derivative``.

    Parameters:
        kind: ``gradient``, ``jacobian`` or ``derivative``.
        value: the result, in the names of ``args`` and of ``bindings``.
        args: the function's parameters, in order (every free name of ``f``).
        wrt: the variable (its shape is the shape of a gradient).
        bindings: ``(name, expression)`` local definitions, in order, that ``value`` may use.
        vec: the vec order of a Jacobian (already built into ``value``; recorded in the docstring).
        layout: the layout of a Jacobian (likewise).

    Returns:
        The source; it imports NumPy and runs in a fresh namespace.

    Raises:
        NotNumeric: when ``value`` or a binding has abstract content.
    """
    for _, e in bindings:
        check_numeric(e)
    check_numeric(value)
    params = [py_name(a.name) for a in args]
    dims = _dim_sources(args, taken=set(params) | {py_name(s.name) for s, _ in bindings} | {"np"})
    printer = PythonPrinter({"dims": {d: name for d, (name, _) in dims.items()}})
    body = [_normalise(a) for a in args]
    lines = [printer.doprint(e) for _, e in bindings]
    result = printer.doprint(value)
    body += [f"{name} = {src}" for d, (name, src) in dims.items() if d in printer.used_dims]
    body += [f"{py_name(s.name)} = {src}" for (s, _), src in zip(bindings, lines)]
    body.append(f"return {_returned(kind, value, wrt, result)}")
    doc = {"gradient": f"The gradient of f with respect to {wrt.name}, shaped like {wrt.name}.",
           "jacobian": f"The Jacobian d vec(F) / d vec({wrt.name}) ({vec} order, {layout} layout).",
           "derivative": f"The derivative dF/d{wrt.name}, shaped like F."}[kind]
    out = ["import numpy as np", ""]
    for name in sorted(printer.helpers):
        out += ["", helper_source(name)]
    out += ["", f"def {kind}({', '.join(params)}):", f'    """{doc}"""']
    out += [f"    {line}" for line in body]
    return "\n".join(out).replace("\n\n\n\n", "\n\n\n") + "\n"


def _normalise(a: Sym) -> str:
    name = py_name(a.name)
    if a.scalar:
        return f"{name} = np.asarray({name}, dtype=float).reshape(1, 1)"
    if is_vector(a.shape):
        return f"{name} = np.asarray({name}, dtype=float).reshape(-1, 1)"
    if a.shape[0] == 1:
        return f"{name} = np.asarray({name}, dtype=float).reshape(1, -1)"
    return f"{name} = np.asarray({name}, dtype=float)"


def _dim_sources(args: list[Sym], taken: set[str]) -> dict[str, tuple[str, str]]:
    """Symbolic dimension -> (local variable, ``X.shape[i]``) from the first argument that has it."""
    out: dict[str, tuple[str, str]] = {}
    for a in args:
        for axis, d in enumerate(a.shape):
            if isinstance(d, str) and d not in out:
                var = py_name(d)
                while var in taken:
                    var += "_"
                taken.add(var)
                out[d] = (var, f"{py_name(a.name)}.shape[{axis}]")
    return out


def _returned(kind: str, value: Expr, wrt: Sym, src: str) -> str:
    """The return expression: a gradient shaped like ``wrt``, a derivative like F, a Jacobian 2-D."""
    if kind == "jacobian":
        return src
    shape = wrt.shape if kind == "gradient" else value.shape
    if shape == (1, 1):
        return f"float(np.squeeze({src}))"
    if is_vector(shape):
        return f"np.reshape({src}, -1)"
    return src
