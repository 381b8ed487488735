"""NumPy source for expression trees: the one printer behind the published code and the check.

``numpy_source`` writes a result as CONTRACT §4 publishes it (``def gradient(...)``,
``jacobian`` or ``derivative``): it takes every free name as a keyword argument
(a matrix as a 2-D array, a vector as a 1-D array, a scalar as a float), works
on 2-D arrays inside (a vector as a column, a scalar as ``(1, 1)``, so scalars
scale by broadcasting) and returns the shape the contract promises.
``value_source`` writes any tree as ``def value(...)`` over 2-D arrays, the
symbolic sizes passed in: ``check/numeric.evaluate`` runs it, so that the
numeric check and the published code evaluate with the same printer.

The source imports what it uses and runs in a namespace of its own.  It holds
no text of the author's but sanitised identifiers (``py_name``) and numbers;
names it needs itself (``np``, ``float``) are aliased when a parameter takes them.
"""

from __future__ import annotations

from fractions import Fraction

from mkdocs_matderiv import functions
from mkdocs_matderiv.check.helpers import HELPERS, helper_source
from mkdocs_matderiv.language.names import py_name
from mkdocs_matderiv.visitor import Printer
from mkdocs_matderiv.words import describe
from mkdocs_matderiv.tree import (
    Add, Apply, Det, Diag, Diff, ElemDiv, ElemPow, Entries, Entry, Expr, Func, Grad, Hadamard, Identity,
    Inv, Kron, Mul,
    Norm, Num, Ones, Pow, Sum, Sym, T, Tr, Vec, VecRow, Commutation, Zero, dim_factors, is_vector,
)


class NotNumeric(Exception):
    """The tree has abstract content (an abstract function, a symbolic gradient, a
    differential), or no finite values could be drawn for it: it cannot be evaluated."""


def check_numeric(expr: Expr) -> None:
    """Raise ``NotNumeric`` if ``expr`` has content that cannot be evaluated."""
    for node in expr.walk():
        if isinstance(node, (Grad, Diff)):
            raise NotNumeric(f"{describe(node)} has no numeric value")
        if isinstance(node, (Func, Apply)) and functions.builtin(node) is None:
            raise NotNumeric(f"the function {node.name} is abstract")
        if isinstance(node, Func) and node.order > 1:
            raise NotNumeric(f"the derivative {node.name}{chr(39) * node.order} is abstract")
        if isinstance(node, Pow) and not node.left.scalar and not (
                isinstance(node.right, Num) and node.right.value.denominator == 1):
            raise NotNumeric("a matrix power whose exponent is not an integer")


def builtin_derivative(e: Func) -> Expr:
    """The derivative ``g'(z)`` of a built-in element-wise function, written with built-ins
    (``sigma'(z) = sigma(z) ⊙ (1 - sigma(z))``; the table, ``functions.py``, says how).

    Raises ``NotNumeric`` for an abstract function or a higher order.
    """
    written = functions.derivative(e)
    if written is None:
        raise NotNumeric(f"the derivative {e.name}{chr(39) * e.order} is abstract")
    return written

_ADD, _MUL, _UNARY, _POW, _ATOM = 10, 20, 30, 40, 50
"""Precedences of Python operators: ``+ -`` < ``* @ /`` < unary ``-`` < ``**`` < atoms."""

_NP_REDUCTIONS = {Tr: "trace", Det: "linalg.det", Norm: "linalg.norm", Sum: "sum"}

RESERVED = {"np": "_np", "float": "_float"}
"""Globals the generated function body uses -> the alias it uses when a parameter takes the name."""


class PythonPrinter(Printer[tuple[str, int]]):
    """Expression trees to NumPy expressions over 2-D arrays.

    Each ``_print_<Class>`` returns ``(source, precedence)``; ``dims`` maps a
    symbolic dimension to the Python expression of its size.
    """

    _default_settings: dict = {"dims": {}, "np": "np"}

    def __init__(self, settings: dict | None = None) -> None:
        super().__init__(settings)
        self.helpers: set[str] = set()
        self.used_dims: set[str] = set()

    def doprint(self, expr: Expr) -> str:
        return self._print(expr)[0]

    def not_supported(self, node: Expr):
        raise NotNumeric(f"{describe(node)} has no value in NumPy")

    def np(self, attribute: str) -> str:
        """``np.<attribute>`` under the alias NumPy has in this function."""
        return f"{self.settings['np']}.{attribute}"

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
        parts = dim_factors(d)
        if len(parts) > 1:                        # a product dimension such as "mn", "2n"
            return " * ".join(self.dim(p) for p in parts)
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
        return f"{self.np('eye')}({self.dim(e.shape[0])})", _ATOM

    def _print_Ones(self, e: Ones):
        return f"{self.np('ones')}(({self.dim(e.shape[0])}, {self.dim(e.shape[1])}))", _ATOM

    def _print_Zero(self, e: Zero):
        return f"{self.np('zeros')}(({self.dim(e.shape[0])}, {self.dim(e.shape[1])}))", _ATOM

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
        return f"{self.np('kron')}({self.doprint(e.left)}, {self.doprint(e.right)})", _ATOM

    def _print_Pow(self, e: Pow | ElemPow):
        if e.left.scalar or isinstance(e, ElemPow):
            return f"{self.sub(e.left, _POW)} ** {self.sub(e.right, _POW - 1)}", _POW
        return f"{self.np('linalg.matrix_power')}({self.doprint(e.left)}, {self.doprint(e.right)})", _ATOM

    _print_ElemPow = _print_Pow

    def _print_T(self, e: T):
        if e.arg.scalar:                          # a scalar is its own transpose (and 1.T is no Python)
            return self._print(e.arg)
        return f"{self.sub(e.arg, _ATOM - 1)}.T", _ATOM

    def _print_Inv(self, e: Inv):
        if e.arg.scalar:
            return f"1 / {self.sub(e.arg, _MUL)}", _MUL
        return f"{self.np('linalg.inv')}({self.doprint(e.arg)})", _ATOM

    def _print__Unary(self, e: Tr | Det | Norm | Sum):
        if e.arg.scalar and isinstance(e, (Tr, Det)):      # tr(a) = det(a) = a for a 1x1 a
            return self._print(e.arg)
        return f"{self.np(_NP_REDUCTIONS[type(e)])}({self.doprint(e.arg)})", _ATOM

    def _print_Diag(self, e: Diag):
        if e.arg.shape[1] == 1:
            return f"{self.np('diagflat')}({self.doprint(e.arg)})", _ATOM
        return f"{self.np('diag')}({self.doprint(e.arg)}).reshape(-1, 1)", _ATOM

    def _print_Vec(self, e: Vec):
        return self.reshaped(e.arg, ', order="F"')

    def _print_VecRow(self, e: VecRow):
        return self.reshaped(e.arg, "")

    def reshaped(self, arg: Expr, order: str):
        """``arg`` as one column (a scalar, perhaps a bare number, through ``np.reshape``)."""
        if arg.scalar:
            return f"{self.np('reshape')}({self.doprint(arg)}, (1, 1))", _ATOM
        return f"{self.sub(arg, _ATOM - 1)}.reshape(-1, 1{order})", _ATOM

    def _print_Commutation(self, e: Commutation):
        return self.call("_commutation", f"{self.dim(e.m)}, {self.dim(e.n)}")

    def _print_Func(self, e: Func):
        if e.order:
            return self._print(builtin_derivative(e))
        return self.call_builtin(e, e.arg)

    def _print_Entry(self, e: Entry):
        return f"{self.sub(e.of, _ATOM - 1)}[{e.row}:{e.row + 1}, {e.col}:{e.col + 1}]", _ATOM

    def _print_Entries(self, e: Entries):
        rows = ", ".join("[" + ", ".join(self.doprint(x) for x in row) + "]" for row in e.rows)
        return f"{self.np('block')}([{rows}])", _ATOM

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
        elif callee.startswith("np."):
            callee = self.np(callee[3:])
        return f"{callee}({args})", _ATOM


def numpy_source(kind: str, value: Expr, args: list[Sym], wrt: Sym, *,
                 bindings: list[tuple[Sym, Expr]] | tuple = (), vec: str = "column",
                 layout: str = "numerator") -> str:
    """Python source defining ``gradient``, ``jacobian`` or ``derivative`` (CONTRACT §4).

    Parameters:
        kind: ``gradient``, ``jacobian``, ``derivative``, ``hessian`` or ``stationary`` (a point
            shaped like ``wrt``).
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
        ValueError: when a size the result needs is not the size of any argument.
    """
    doc = {"gradient": f"The gradient of f with respect to {wrt.name}, shaped like {wrt.name}.",
           "jacobian": f"The Jacobian d vec(F) / d vec({wrt.name}) ({vec} order, {layout} layout).",
           "derivative": f"The derivative dF/d{wrt.name}, shaped like F.",
           "hessian": f"The Hessian d2f / d vec({wrt.name}) d vec({wrt.name})^T ({vec} order).",
           "stationary": f"The point {wrt.name} where the gradient of f vanishes."}[kind]
    shape = {"gradient": wrt.shape, "stationary": wrt.shape, "derivative": value.shape,
             "hessian": ONE_BY_ONE if value.scalar else None}.get(kind)
    return _module(kind, doc, value, args, bindings, shape, dims=None)


def value_source(value: Expr, args: list[Sym], dims: list[str]) -> str:
    """Python source defining ``value(*args, *sizes)``: ``value`` as a 2-D array.

    The sizes of ``dims`` (symbolic dimensions) are parameters after ``args``, in order,
    so that a value whose sizes no argument carries (``I``, ``1``) can be evaluated.
    """
    return _module("value", "The value over 2-D arrays.", value, args, (), None, dims=dims)


def _module(name: str, doc: str, value: Expr, args: list[Sym], bindings, shape, dims: list[str] | None) -> str:
    """The source of one function ``name``: ``shape`` None returns the 2-D value, else reshapes
    it as the contract promises; ``dims`` None reads the sizes off the arguments."""
    for _, e in bindings:
        check_numeric(e)
    check_numeric(value)
    params = [py_name(a.name) for a in args]
    local = set(params) | {py_name(s.name) for s, _ in bindings}
    alias = {g: (a if g in local else g) for g, a in RESERVED.items()}
    taken = local | set(RESERVED) | set(RESERVED.values())
    sizes = _dim_sources(args, taken) if dims is None else _dim_params(dims, taken)
    printer = PythonPrinter({"dims": {d: var for d, (var, _) in sizes.items()}, "np": alias["np"]})
    lines = [printer.doprint(e) for _, e in bindings]
    result = printer.doprint(value)
    body = [_normalise(a, alias) for a in args]
    body += [f"{var} = {src}" for d, (var, src) in sizes.items() if src and d in printer.used_dims]
    body += [f"{py_name(s.name)} = {src}" for (s, _), src in zip(bindings, lines)]
    body.append(f"return {_returned(shape, result, alias)}")
    if dims is not None:
        params += [var for var, _ in sizes.values()]
    out = ["import numpy as np"]
    out += [f"import numpy as {alias['np']}"] if alias["np"] != "np" else []
    out += [f"{alias['float']} = float"] if alias["float"] != "float" else []
    out.append("")
    for helper in sorted(printer.helpers):
        out += ["", helper_source(helper)]
    out += ["", f"def {name}({', '.join(params)}):", f'    """{doc}"""']
    out += [f"    {line}" for line in body]
    return "\n".join(out).replace("\n\n\n\n", "\n\n\n") + "\n"


def _normalise(a: Sym, alias: dict[str, str]) -> str:
    name, np_, float_ = py_name(a.name), alias["np"], alias["float"]
    if a.scalar:
        return f"{name} = {np_}.asarray({name}, dtype={float_}).reshape(1, 1)"
    if is_vector(a.shape):
        return f"{name} = {np_}.asarray({name}, dtype={float_}).reshape(-1, 1)"
    if a.shape[0] == 1:
        return f"{name} = {np_}.asarray({name}, dtype={float_}).reshape(1, -1)"
    return f"{name} = {np_}.asarray({name}, dtype={float_})"


def _fresh(name: str, taken: set[str]) -> str:
    var = py_name(name)
    while var in taken:
        var += "_"
    taken.add(var)
    return var


def _dim_sources(args: list[Sym], taken: set[str]) -> dict[str, tuple[str, str]]:
    """Symbolic dimension -> (local variable, ``X.shape[i]``) from the first argument that has it."""
    out: dict[str, tuple[str, str]] = {}
    for a in args:
        for axis, d in enumerate(a.shape):
            if isinstance(d, str) and d not in out:
                out[d] = (_fresh(d, taken), f"{py_name(a.name)}.shape[{axis}]")
    return out


def _dim_params(dims: list[str], taken: set[str]) -> dict[str, tuple[str, str]]:
    """Symbolic dimension -> (parameter, no source): the sizes ``value_source`` is given."""
    return {d: (_fresh(d, taken), "") for d in dims}


ONE_BY_ONE = "1x1"
"""The return shape of a scalar's Hessian: a 1x1 array (CONTRACT §4), not a float."""


def _returned(shape, src: str, alias: dict[str, str]) -> str:
    """The return expression: shaped like ``shape`` as the contract says (a scalar as a float,
    a vector 1-D), or the 2-D value itself when ``shape`` is None."""
    if shape is None:
        return src
    if shape == ONE_BY_ONE:
        return f"{alias['np']}.reshape({src}, (1, 1))"
    if shape == (1, 1):
        return f"{alias['float']}({alias['np']}.squeeze({src}))"
    if is_vector(shape):
        return f"{alias['np']}.reshape({src}, -1)"
    return src


__all__ = ["NotNumeric", "PythonPrinter", "builtin_derivative", "check_numeric", "numpy_source",
           "value_source"]
