"""Messages name expressions in words, never by an internal class name."""

from mkdocs_matderiv import tree
from mkdocs_matderiv.words import describe


def test_every_node_class_has_words():
    classes = [c for c in vars(tree).values()
               if isinstance(c, type) and issubclass(c, tree.Expr) and not c.__name__.startswith("_")]
    unnamed = [c.__name__ for c in classes if c not in (tree.Expr, tree.Func, tree.Apply)
               and describe(object.__new__(c)) == "this expression"]
    assert unnamed == []


def test_the_kronecker_product_is_named_in_words():
    a, b = tree.Sym("A", ("m", "n")), tree.Sym("B", ("p", "q"))
    assert describe(tree.Kron(a, b)) == "a Kronecker product ⊗"


def test_no_engine_message_names_a_class():
    from pathlib import Path

    import mkdocs_matderiv.engine as engine

    sources = [p.read_text(encoding="utf-8") for p in Path(engine.__file__).parent.glob("*.py")]
    assert [s for s in sources if "__name__}" in s] == []


def test_a_function_is_named_by_its_name():
    assert describe(tree.Apply("softmax", (tree.Sym("x", ("n", 1)),), ("n", 1))) == "the function softmax"
