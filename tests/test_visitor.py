"""The one dispatcher: methods found along the MRO, a cache per visitor class, not_supported."""

import pytest

from mkdocs_matderiv.check.codegen import NotNumeric, PythonPrinter
from mkdocs_matderiv.extras.explicit import NotExplicit, to_sympy
from mkdocs_matderiv.render.latex import latex
from mkdocs_matderiv.tree import Det, Diff, Grad, Sym, Tr
from mkdocs_matderiv.visitor import Printer, Visitor

X = Sym("X", ("n", "n"))


class Names(Visitor[str]):
    def _visit_Expr(self, e):
        return "node"

    def _visit_Tr(self, e):
        return "trace of " + self.visit(e.arg)


class Bare(Visitor[str]):
    pass


def test_a_method_for_a_base_class_serves_its_subclasses():
    assert Names().visit(Tr(X)) == "trace of node"
    assert Names().visit(Det(X)) == "node"


def test_each_visitor_class_finds_its_own_methods():
    assert Names().visit(X) == "node"
    with pytest.raises(TypeError, match="Bare cannot handle Sym"):
        Bare().visit(X)


def test_what_a_target_cannot_express_raises_its_own_error():
    with pytest.raises(NotNumeric):
        PythonPrinter().doprint(Diff(X))
    with pytest.raises(NotExplicit):
        to_sympy(Grad("L", X, X.shape), {"n": 2})
    assert latex(Diff(X)) == "d X"


def test_printer_settings_are_declared():
    with pytest.raises(TypeError, match="unknown setting"):
        Printer({"colour": "red"})
