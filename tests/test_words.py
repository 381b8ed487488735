"""Messages name expressions in words, never by an internal class name."""

import pytest

from mkdocs_matderiv import derive, tree
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.words import describe


def test_every_node_class_has_words():
    classes = [c for c in vars(tree).values()
               if isinstance(c, type) and issubclass(c, tree.Expr) and not c.__name__.startswith("_")]
    unnamed = [c.__name__ for c in classes if c not in (tree.Expr, tree.Func, tree.Apply)
               and describe(object.__new__(c)) == "this expression"]
    assert unnamed == []


def test_the_kronecker_product_is_named_in_words():
    with pytest.raises(MatDerivError) as err:
        derive("f: A ⊗ X\nwrt: X\n")
    assert str(err.value) == "line 1: f: the Jacobian through a Kronecker product ⊗ is not supported"


def test_a_function_is_named_by_its_name():
    assert describe(tree.Apply("softmax", (tree.Sym("x", ("n", 1)),), ("n", 1))) == "the function softmax"
