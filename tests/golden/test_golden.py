"""Golden corpus: each block of ``blocks/`` with its Markdown, LaTeX and JSON beside it, so a
change in how derivations read shows line by line in review (as pymdown-extensions'
``tests/test_syntax.py`` does).

A difference fails the test with the diff.  When the change is meant, rewrite the expected
files and review them with ``git diff``::

    MATDERIV_UPDATE_GOLDEN=1 pytest tests/golden
"""

from __future__ import annotations

import difflib
import json
import os
import re
from pathlib import Path

import pytest

from mkdocs_matderiv import derive
from mkdocs_matderiv.render.targets import target

HERE = Path(__file__).parent
BLOCKS = sorted((HERE / "blocks").glob("*.yaml"))
UPDATE = os.environ.get("MATDERIV_UPDATE_GOLDEN") == "1"
OUTPUTS = {"md": "markdown", "tex": "latex", "json": "json"}


def rendered(block: Path, suffix: str) -> str:
    """The block in one target, as the expected file holds it (JSON indented, sorted keys)."""
    out = target(OUTPUTS[suffix]).render(derive(block.read_text(encoding="utf-8")))
    if suffix == "json":
        data = json.loads(out) if isinstance(out, str) else out
        for r in data.get("results", []):               # the largest error is a float of the draw
            if r.get("check"):
                r["check"]["max_rel_error"] = "…"
        out = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    return _ERROR.sub(r"\1…", out).rstrip("\n") + "\n"


_ERROR = re.compile(r"(largest relative error is )[0-9.e+-]+")
"""The numeric check's largest error depends on the draw's floating point: not compared."""


@pytest.mark.parametrize("suffix", sorted(OUTPUTS))
@pytest.mark.parametrize("block", BLOCKS, ids=lambda p: p.stem)
def test_the_block_reads_as_its_golden_file(block, suffix):
    expected_file = block.with_suffix(f".{suffix}")
    got = rendered(block, suffix)
    if UPDATE:
        expected_file.write_text(got, encoding="utf-8")
    assert expected_file.exists(), f"no {expected_file.name}: MATDERIV_UPDATE_GOLDEN=1 pytest tests/golden writes it"
    expected = expected_file.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), got.splitlines(True),
                                        str(expected_file.relative_to(HERE)), "rendered now"))
    assert got == expected, f"{diff}\n(meant? MATDERIV_UPDATE_GOLDEN=1 pytest tests/golden, then review git diff)"


def test_the_corpus_covers_lemmas_shorthand_and_every_kind_of_line():
    names = {b.stem for b in BLOCKS}
    assert {"softmax_bias", "logistic_hessian", "regularised_inverse", "linear_layer"} <= names
