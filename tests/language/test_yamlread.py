"""The block reader's line scans: linear in a line, whatever the line holds."""

from __future__ import annotations

import time

import pytest

from mkdocs_matderiv import MatDerivError, derive
from mkdocs_matderiv.language.yamlread import load_block_yaml

SPACES = " " * 99_000


def cpu_seconds(block: str, **kwargs) -> tuple[float, str]:
    """CPU seconds ``derive`` takes (C work included, which a wall-clock watchdog cannot stop)."""
    start = time.process_time()
    try:
        derive(block, **kwargs)
        outcome = "derived"
    except MatDerivError as exc:
        outcome = str(exc)
    return time.process_time() - start, outcome


def test_a_99000_space_expression_is_refused_within_its_budget():
    took, outcome = cpu_seconds("f: tr(X" + SPACES + "X)\nwrt: X", timeout=2)

    assert took < 2 + 1
    assert outcome == ("line 1: f, column 1: the expression is 99006 characters long "
                       "(the limit is 2000 characters; split it with where)")


@pytest.mark.parametrize("block", [
    "f: tr(X)\nwrt: X\ntitle: a" + SPACES + "b",
    "f: tr(X)\nwrt: X\n# c" + SPACES + "d",
    "f: tr(X)\nwrt: X" + SPACES + "#x",
    "f: tr(X)\nwrt:\n  - X" + SPACES + "b",
    "f: tr(X)\nwrt: X\nzz" + SPACES + "b",
    "f: tr(X)\nwrt: X\nshapes:\n  X: n" + SPACES + "m",
    "f: tr(X)\nwrt: X\nexpand: 2" + SPACES + "3",
    "f: tr(X)\nwrt: X\nwhere:\n  Y: X" + SPACES + "X",
    "f: tr(X)\nwrt: X\nvalues:\n  X: [[1," + SPACES + "2], [3, 4]]",
], ids=["title", "comment", "trailing-comment", "wrt-item", "no-colon", "shape", "expand", "where",
        "values"])
def test_every_kind_of_long_line_is_read_within_budget(block):
    took, _ = cpu_seconds(block, timeout=2)

    assert took < 2 + 1


def test_a_comment_after_a_value_is_dropped_and_a_hash_inside_it_kept():
    data, _ = load_block_yaml("f: tr(X)   # the trace\nwrt: X  # the variable\ntitle: item#2\n")

    assert data == {"f": "tr(X)", "wrt": "X", "title": "item#2"}


def test_a_title_is_never_cut_silently_at_a_hash():
    with pytest.raises(MatDerivError) as err:
        load_block_yaml("f: tr(X)\nwrt: X\ntitle: Step #2\n")

    assert err.value.line == 3
    assert "would be read as a YAML comment and the title cut to 'Step'" in str(err.value)
    assert "quote the title" in str(err.value)


def test_a_quoted_title_keeps_its_hash():
    data, _ = load_block_yaml("f: tr(X)\nwrt: X\ntitle: 'Step #2'\n")

    assert data["title"] == "Step #2"


def test_key_and_item_lines_keep_their_meaning():
    data, lines = load_block_yaml("f: x^T A x\nwrt:\n  - x\nshapes:\n  A:   n x n  \n  x: n\n")

    assert data == {"f": "x^T A x", "wrt": ["x"], "shapes": {"A": "n x n", "x": "n"}}
    assert lines == {"f": 1, "wrt": 2, "shapes": 4, "shapes.A": 5, "shapes.x": 6}
