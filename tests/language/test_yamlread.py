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


DUPLICATES = {
    "a quoted f after f": ('f: x^T x\n"f": x^T A x\nwrt: x\n', 2,
                           "the key 'f' is given twice (lines 1 and 2)"),
    "a complex key": ("f: x^T B x\nwrt: x\n? wrt\n: B\n", 3, "the key 'wrt' is given twice (lines 2 and 3)"),
    "a quoted check": ("f: x^T x\nwrt: x\ncheck: true\n'check': false\n", 4,
                       "the key 'check' is given twice (lines 3 and 4)"),
    "shapes in flow": ("f: A x\nwrt: x\nshapes: {A: 3 x 2, A: 2 x 2}\n", 3,
                       "'A' is given twice in shapes (both on line 3)"),
    "values in flow": ("f: x^T x\nwrt: x\nvalues: {x: [1, 2], x: [3, 4]}\n", 3,
                       "'x' is given twice in values (both on line 3)"),
    "values by lines": ('f: x^T x\nwrt: x\nvalues:\n  x: [1, 2]\n  "x": [3, 4]\n', 5,
                        "'x' is given twice in values (lines 4 and 5)"),
    "where": ('f: Y^T Y\nwrt: x\nwhere:\n  Y: A x\n  "Y": B x\n', 5, "'Y' is given twice in where (lines 4 and 5)"),
    "functions in flow": ("f: sum(g(x))\nwrt: x\nfunctions: {g: elementwise, g: scalar}\n", 3,
                          "'g' is given twice in functions (both on line 3)"),
    "entries": ("f: x^T x\nwrt: x\nentries:\n  x: [a, b]\n  x: [c, d]\n", 5,
                "'x' is given twice in entries (lines 4 and 5)"),
    "assume": ("f: α x^T A x\nwrt: x\nassume:\n  A: symmetric\n  A: invertible\n",
                                          5, "'A' is given twice in assume (lines 4 and 5)"),
    "one Greek name, two spellings": ("f: α x^T x\nwrt: x\nshapes: {α: scalar, alpha: n}\n", 3,
                                      "'alpha' is given twice in shapes (both on line 3)"),
}


@pytest.mark.parametrize("block, line, message", DUPLICATES.values(), ids=DUPLICATES)
def test_a_key_given_twice_is_an_error_naming_both_lines(block, line, message):
    """YAML 1.2: keys are unique.  PyYAML keeps the last one silently, which derived with
    respect to B, or turned the numeric check off."""
    with pytest.raises(MatDerivError) as err:
        derive(block)

    assert err.value.line == line
    assert message in str(err.value)
    assert "keep one" in str(err.value)


def test_the_same_name_in_two_sections_is_no_duplicate():
    data, lines = load_block_yaml("f: A x\nwrt: x\nshapes: {A: n x n}\nassume: {A: symmetric}\n")

    assert data["shapes"] == {"A": "n x n"} and data["assume"] == {"A": "symmetric"}
    assert lines["shapes.A"] == 3 and lines["assume.A"] == 4


def test_a_lone_surrogate_is_a_located_error():
    """``"\\ud800"`` in double quotes is no character: no page or log could hold it (an
    internal error in the fence, a traceback in the command line)."""
    with pytest.raises(MatDerivError) as err:
        derive('f: x^T x\nwrt: x\ntitle: "a\\ud800b"\n')

    assert str(err.value) == ("line 3: title: 'a<U+D800 a lone surrogate>b' holds a lone surrogate, "
                              "which is not a character; write the character itself")
    str(err.value).encode("utf-8")
