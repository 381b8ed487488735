"""Symbols shared by the tests that build trees by hand (printers, code generation, checks)."""

from mkdocs_matderiv.tree import SCALAR, Apply, Sym


def logdet(m):
    """``ln|m|``: the log-determinant, as the parser builds it from ``ln|X|`` or ``log det(X)``."""
    return Apply("logdet", (m,), SCALAR)


X = Sym("X", ("m", "n"))
S = Sym("X", ("n", "n"))      # X when it must be square
A = Sym("A", ("n", "n"))
B = Sym("B", ("n", "n"))
C = Sym("C", ("n", "n"))
P = Sym("P", ("n", "n"))
W = Sym("W", ("h", "m"))
M = Sym("M", ("h", "n"))
x = Sym("x", ("n", 1))
w = Sym("w", ("n", 1))
y = Sym("y", ("m", 1))
a = Sym("a", ("m", 1))
b = Sym("b", ("n", 1))
z = Sym("z", ("n", 1))
t = Sym("t")
alpha = Sym("alpha")
lam = Sym("lambda")
