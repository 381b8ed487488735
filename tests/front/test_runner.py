"""The one block runner: options, cache, derive under budgets, error report, a named target."""

from __future__ import annotations

import pytest

from mkdocs_matderiv import MatDerivError, derive
from mkdocs_matderiv.front import cache
from mkdocs_matderiv.front.cache import Cache
from mkdocs_matderiv.front.runner import Runner, block_defaults, site_defaults

TR_AX = "f: tr(A X)\nwrt: X"
BAD = "f: A x\nwrt: x\nshapes: {A: m x n, x: k}"


def test_the_docstring_example_gives_a_latex_fragment_and_no_error():
    outcome = Runner("latex", defaults={"steps": "brief"}).run(TR_AX, {"check": "true"},
                                                               page="notes.md", line=12)

    assert outcome.error is None
    assert outcome.output == derive(TR_AX, defaults={"steps": "brief", "check": True})._repr_latex_()


def test_a_bad_block_is_located_in_the_page_reported_and_given_the_targets_error_output():
    reported: list[MatDerivError] = []

    outcome = Runner("markdown", report=reported.append).run(BAD, page="notes.md", line=12)

    assert reported == [outcome.error]
    assert str(outcome.error) == ("notes.md, line 13: f, column 1: shapes do not match in the "
                                  "product A x: A is m×n, x is k×1")
    assert outcome.output.startswith("> **This matderiv block could not be derived.** notes.md, line 13")


def test_the_line_is_asked_for_only_when_a_block_fails():
    asked: list[int] = []

    def line() -> int:
        asked.append(1)
        return 4

    runner = Runner("json")
    assert runner.run(TR_AX, line=line).error is None
    assert asked == []
    assert runner.run(BAD, line=line).error.page_line == 5
    assert asked == [1]


def test_a_target_without_an_error_output_gives_none():
    assert Runner("json").run(BAD).output is None


def test_an_internal_error_is_an_error_of_the_block_never_raised(monkeypatch):
    def broken(block, **options):
        raise RuntimeError("boom")

    monkeypatch.setattr("mkdocs_matderiv.api.derive", broken)

    outcome = Runner("html").run(TR_AX, page="p.md", line=3)

    assert str(outcome.error) == "p.md, line 4: internal error: RuntimeError: boom"
    assert "matderiv-error" in outcome.output


def test_the_second_run_of_a_block_is_a_cache_hit_and_gives_the_same_output(tmp_path):
    store = Cache(tmp_path)
    first = Runner("html", cache=store).run(TR_AX).output
    cache.clear_memory()                                  # a new process

    again = Runner("html", cache=Cache(tmp_path))

    assert again.run(TR_AX).output == first
    assert again.cache is not None and again.cache.hits == 1


def test_a_damaged_entry_of_a_target_that_reads_its_cache_is_derived_again(tmp_path):
    pytest.importorskip("sphinx")
    store = Cache(tmp_path)
    first = Runner("docutils", cache=store).run(TR_AX).output
    key = Cache.key(TR_AX, {"defaults": {}, "format": "docutils"})
    store.put(key, "[" * 100_000)                         # signed, but not what the target wrote

    again = Runner("docutils", cache=store).run(TR_AX).output

    assert [n.astext() for n in again] == [n.astext() for n in first]


def test_a_target_that_is_not_text_is_never_cached(tmp_path):
    runner = Runner("notebook", cache=Cache(tmp_path))

    assert type(runner.run(TR_AX).output).__name__ == "CheckedDerivation"
    assert list(tmp_path.iterdir()) == []


def test_options_are_defaults_over_the_sites():
    assert site_defaults("brief", None) == {"steps": "brief"}
    assert block_defaults({"check": "false", "steps": "none"}) == {"check": False, "steps": "none"}
    assert str(Runner("json").run(TR_AX, {"colour": "red"}, page="p.md", line=1).error) == (
        "p.md, line 2: a matderiv block does not take colour='red'; it takes "
        "steps=full|brief|none, check=true|false")
    runner = Runner("markdown", defaults={"steps": "full"})
    assert "\\begin{aligned}" in runner.run(TR_AX).output
    assert "\\begin{aligned}" not in runner.run(TR_AX, {"steps": "none"}).output


def test_the_build_budget_skips_blocks_once_it_is_spent_and_lists_them():
    runner = Runner("markdown", build_timeout=1e-9)
    runner.spent = 1.0

    outcome = runner.run(TR_AX, page="a.md", line=7)

    assert runner.skipped == ["a.md, line 7"]
    assert outcome.error is not None and "not derived: the build's time budget" in str(outcome.error)


def test_settings_go_to_the_target():
    out = Runner("latex", settings={"standalone": True}).run(TR_AX).output

    assert out.startswith("\\documentclass{article}\n") and out.endswith("\\end{document}\n")


def test_an_unknown_target_is_named():
    with pytest.raises(KeyError, match="no output target 'pdf'"):
        Runner("pdf")
