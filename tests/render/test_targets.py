"""The targets' registry: every name is a target, every page target shows every part, and a part
a target cannot show goes through its one door (an error, never another part)."""

from __future__ import annotations

import typing
from dataclasses import dataclass

import pytest

from mkdocs_matderiv import derive
from mkdocs_matderiv.render import parts
from mkdocs_matderiv.render.targets import FLAVORS, FORMATS, TARGETS, target
from mkdocs_matderiv.render.targets.base import PageTarget

pytest.importorskip("sphinx")          # the docutils target

PAGE_TARGETS = [name for name in TARGETS if isinstance(target(name), PageTarget)]
PIECES = (str, parts.InlineMath, parts.RuleRef)


def test_every_name_is_a_target_of_that_name_and_the_commands_choices_are_registered():
    assert all(target(name).name == name for name in TARGETS)
    assert set(FORMATS) <= set(TARGETS) and set(FLAVORS) <= set(TARGETS)


@pytest.mark.parametrize("name", PAGE_TARGETS)
def test_every_page_target_has_a_method_for_every_part_and_piece(name):
    shown = typing.get_args(parts.Part) + PIECES

    missing = [kind.__name__ for kind in shown if not hasattr(target(name), f"_print_{kind.__name__}")]

    assert missing == []


@dataclass(frozen=True)
class Chart:
    """A part no target knows."""

    data: str


@pytest.mark.parametrize("name", PAGE_TARGETS)
def test_a_part_a_target_cannot_show_is_an_error_never_another_part(name):
    with pytest.raises(TypeError, match=f"the {name} target cannot show a Chart"):
        target(name).document([target(name)._print(Chart("x"))])


@pytest.mark.parametrize("name", ["html", "markdown", "latex", "json", "hugo"])
def test_the_text_targets_write_a_derivation_as_text(name):
    out = target(name).render(derive("f: tr(A X)\nwrt: X"))

    assert isinstance(out, str) and "A^{T}" in out


def test_settings_a_target_does_not_take_are_refused():
    with pytest.raises(TypeError):
        target("html", standalone=True)
    with pytest.raises(TypeError):
        target("json", standalone=True)
