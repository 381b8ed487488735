"""Messages name expressions in words, never by an internal class name."""

from pathlib import Path

import pytest

import mkdocs_matderiv
from mkdocs_matderiv import tree
from mkdocs_matderiv.words import describe

PACKAGE = Path(mkdocs_matderiv.__file__).parent


def _node_classes(base: type = tree.Expr) -> list[type]:
    found = []
    for c in base.__subclasses__():
        found += [c, *_node_classes(c)]
    return found


def test_every_node_class_has_words():
    import mkdocs_matderiv.api  # noqa: F401  (every module that may define a node is loaded)

    classes = {c for c in _node_classes() if not c.__name__.startswith("_")}
    assert {tree.Diff2, tree.Hess, tree.Entry, tree.Entries, tree.ElemPow, tree.Kron} <= classes
    unnamed = sorted(c.__name__ for c in classes if c not in (tree.Func, tree.Apply)
                     and describe(object.__new__(c)) == "this expression")
    assert unnamed == []


def test_the_kronecker_product_is_named_in_words():
    a, b = tree.Sym("A", ("m", "n")), tree.Sym("B", ("p", "q"))
    assert describe(tree.Kron(a, b)) == "a Kronecker product ⊗"


def _class_names_in_messages(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    return "(node).__name__" in text or "(e).__name__" in text


@pytest.mark.parametrize("package", ["engine", "check", "extras", "language"])
def test_no_message_of_the_stages_names_a_node_class(package):
    offenders = [str(p.relative_to(PACKAGE)) for p in sorted((PACKAGE / package).rglob("*.py"))
                 if _class_names_in_messages(p)]
    assert offenders == []


def test_a_function_is_named_by_its_name():
    assert describe(tree.Apply("softmax", (tree.Sym("x", ("n", 1)),), ("n", 1))) == "the function softmax"


def test_a_symbolic_node_that_cannot_be_evaluated_is_named_in_words():
    from mkdocs_matderiv.check.numeric import NotNumeric, check_numeric

    with pytest.raises(NotNumeric, match="^a symbolic gradient has no numeric value$"):
        check_numeric(tree.Grad("f", tree.Sym("x", ("n", 1)), ("n", 1)))
