"""The public names stay where users import them from (as markdown-exec's test_exposed_objects)."""

import importlib.metadata

import pytest

import mkdocs_matderiv


@pytest.mark.parametrize("name", mkdocs_matderiv.__all__)
def test_every_public_name_imports(name):
    assert getattr(mkdocs_matderiv, name) is not None


def test_the_fence_functions_are_the_superfences_ones():
    from mkdocs_matderiv import formatter, validator
    from mkdocs_matderiv.front import fences

    assert (validator, formatter) == (fences.validator, fences.formatter)


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        mkdocs_matderiv.no_such_name  # noqa: B018


def test_the_entry_points_load():
    plugin = [ep for ep in importlib.metadata.entry_points(group="mkdocs.plugins") if ep.name == "matderiv"]
    script = [ep for ep in importlib.metadata.entry_points(group="console_scripts") if ep.name == "matderiv"]
    assert plugin[0].load().__name__ == "MatDerivPlugin"
    assert callable(script[0].load())
