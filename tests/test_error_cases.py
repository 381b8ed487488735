"""Every error of docs/errors.md, with its exact message (cases in tests/error_cases.yaml)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from mkdocs_matderiv import MatDerivError, derive

_HOOK = Path(__file__).resolve().parents[1] / "docs" / "hooks" / "errors_page.py"
_spec = importlib.util.spec_from_file_location("errors_page", _HOOK)
errors_page = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(errors_page)

CASES = errors_page.load_cases()


@pytest.mark.parametrize("case", CASES, ids=[c["title"] for c in CASES])
def test_the_error_message_is_the_documented_one(case):
    with pytest.raises(MatDerivError) as info:
        derive(errors_page.case_block(case))
    assert str(info.value) == case["message"]


def test_every_case_has_a_fix_and_a_section():
    for case in CASES:
        assert case["fix"].strip() and case["section"] and case["title"]


def test_the_page_lists_every_case():
    page = errors_page.render_cases(CASES)
    for case in CASES:
        assert f"### {case['title']}" in page
        assert case["message"] in page


def test_the_page_shows_no_live_matderiv_fence():
    assert "```matderiv" not in errors_page.render_cases(CASES)
