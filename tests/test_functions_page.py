"""docs/functions.md: every named function, generated from the table the parser reads."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from mkdocs_matderiv.block import read_block
from mkdocs_matderiv.functions import FUNCTIONS
from mkdocs_matderiv.language.names import STRUCTURAL_FUNCTIONS
from mkdocs_matderiv.tree import Apply, Func

DOCS = Path(__file__).resolve().parents[1] / "docs"
_spec = importlib.util.spec_from_file_location("functions_page", DOCS / "hooks" / "functions_page.py")
functions_page = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(functions_page)

FORMS = [(fn, form) for fn in FUNCTIONS.values() for form in functions_page.written(fn)]


def test_every_function_of_the_table_is_a_row_with_all_its_spellings():
    table = functions_page.render_functions()
    rows = table.splitlines()[2:]

    assert len(rows) == len(FUNCTIONS)
    for fn, row in zip(FUNCTIONS.values(), rows):
        assert row.count(" | ") == 4                       # five cells: no | inside the math
        assert " $" not in row.replace("| $", "") and "$ " not in row.replace("$ |", "")  # math arithmatex reads
        for spelling in fn.spellings:
            assert f"`{spelling}(" in row


@pytest.mark.parametrize("fn, form", FORMS, ids=[form for _, form in FORMS])
def test_every_form_the_page_lists_is_read_as_that_function(fn, form):
    arg = functions_page.ARGUMENT[fn.kind]
    shapes = {arg.name: "scalar"} if fn.kind == "elementwise" else {"X": "n x n"} if fn.kind == "square" else {}

    problem = read_block({"f": form, "wrt": arg.name, "shapes": shapes})

    assert [n.name for n in problem.f.walk() if isinstance(n, (Func, Apply))] == [fn.name]


def test_the_page_carries_the_marker_and_the_built_in_words():
    page = (DOCS / "functions.md").read_text(encoding="utf-8")

    assert functions_page.MARKER in page
    for word in STRUCTURAL_FUNCTIONS:
        assert f"`{word}(" in page


def test_the_site_lists_the_page_and_runs_the_hook():
    config = (DOCS.parent / "mkdocs.yml").read_text(encoding="utf-8")

    assert "functions.md" in config and "docs/hooks/functions_page.py" in config
