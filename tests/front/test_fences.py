"""The fence in plain Python-Markdown: what a block becomes, where it may stand, how it fails."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
import yaml

from mkdocs_matderiv.front import fences
from mkdocs_matderiv.front.fences import find_blocks
from mkdocs_matderiv.front.runner import Runner

from conftest import make_markdown

CORPUS = Path(__file__).parents[1] / "corpus"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))

TR_AX = """
```matderiv
f: tr(A X)
wrt: X
```
"""


RESULT = ('<div class="matderiv-result"><div class="arithmatex">\\[\n'
          '\\boxed{\\frac{\\partial f}{\\partial X} = A^{T}}\n\\]</div></div>')
"""How the result of ``f: tr(A X)``, ``wrt: X`` is set apart on the page."""


def results_of(html: str) -> list[str]:
    """The right-hand sides of the boxed results, in page order."""
    return re.findall(r'<div class="matderiv-result"><div class="arithmatex">\\\[\n'
                      r'\\boxed\{\\frac\{[^}]*\}\{[^}]*\} = (.*)\}\n', html)


def literal_blocks(html: str) -> int:
    """How many ```matderiv fences survive as text (examples shown in longer fences)."""
    return re.sub(r"<[^>]+>", "", html).count("```matderiv")


# ---------------------------------------------------------------- what a block becomes

def test_a_block_becomes_the_problem_the_steps_and_the_result(convert):
    html = convert(TR_AX)

    assert html.startswith('<div class="matderiv">')
    assert '<div class="arithmatex">\\[\nf = \\operatorname{tr}\\left(A X\\right)\n\\]</div>' in html
    assert ('<div class="matderiv-step"><div class="matderiv-eq arithmatex">'
            '\\[\\hphantom{d f} = \\operatorname{tr}\\left(d\\left(A X\\right)\\right)\\]</div>'
            '<div class="matderiv-why"><a class="matderiv-rule" data-rule="d.trace">'
            'rule (4): differential of a trace</a></div></div>') in html
    assert RESULT in html


def test_the_numeric_check_is_a_collapsible_section(convert):
    html = convert(TR_AX)

    check = re.search(r'<details class="success">\n<summary>Numeric check</summary>\n<p>(.*?)</p>', html)
    assert check, html
    assert re.fullmatch(r"Passed: compared with central finite differences at \d+ random points, "
                        r"the largest relative error is \d\.\de-\d\d\.", check.group(1))


def test_the_numpy_code_is_escaped_in_a_collapsible_section(convert):
    html = convert(TR_AX)

    code = re.search(r'<details class="example">\n<summary>NumPy code</summary>\n'
                     r'<pre><code class="language-python">(.*?)</code></pre>', html, re.S)
    assert code, html
    assert "def gradient(A, X):" in code.group(1)
    assert "return A.T" in code.group(1)


def test_shapes_and_assumptions_are_stated_with_the_problem(convert):
    html = convert("""
        ```matderiv
        f: x^T A x
        wrt: x
        assume:
          A: symmetric
        ```
        """)

    assert ('<p>with <span class="arithmatex">\\(x \\in \\mathbb{R}^{m}\\)</span>, '
            '<span class="arithmatex">\\(A \\in \\mathbb{R}^{m \\times m}\\)</span>; '
            '<span class="arithmatex">\\(A\\)</span> symmetric.</p>') in html


def test_a_title_heads_the_derivation(convert):
    html = convert("""
        ```matderiv
        title: A first gradient
        f: tr(A X)
        wrt: X
        ```
        """)

    assert '<div class="matderiv">\n<p class="matderiv-title"><strong>A first gradient</strong></p>' in html


def test_a_fence_option_sets_the_steps(convert):
    full = convert(TR_AX)
    none = convert(TR_AX.replace("```matderiv", '```{.matderiv steps="none"}', 1))

    assert "matderiv-steps" in full
    assert "matderiv-steps" not in none
    assert RESULT in none


def test_an_unknown_fence_option_leaves_the_block_as_code(convert):
    html = convert(TR_AX.replace("```matderiv", '```{.matderiv colour="red"}', 1))

    assert "matderiv-result" not in html
    assert "tr(A X)" in html


def test_the_rules_fence_lists_a_group_of_rules(convert):
    html = convert("""
        ```matderiv-rules
        trace
        ```
        """)

    assert html.startswith('<table class="matderiv-rules">')
    assert "<td>trace trick (4): cyclic property of the trace</td>" in html
    assert "rule (2): product rule" not in html


# ---------------------------------------------------------------- where a block may stand

@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_corpus_page_derives_its_blocks_in_order(page):
    html = make_markdown().convert((CORPUS / page).read_text(encoding="utf-8"))

    assert "matderiv-error" not in html
    assert results_of(html) == EXPECTED[page]["results"]
    assert literal_blocks(html) == EXPECTED[page]["literal"]


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_corpus_page_blocks_are_found_on_their_lines(page):
    blocks = find_blocks((CORPUS / page).read_text(encoding="utf-8"))

    assert [b.line for b in blocks] == EXPECTED[page]["lines"]


def test_find_blocks_removes_the_indentation_of_the_fence():
    (block,) = find_blocks("1. item\n\n    ```matderiv\n    f: tr(A X)\n    wrt: X\n    ```\n")

    assert block.body == "f: tr(A X)\nwrt: X"
    assert (block.line, block.start, block.end, block.indent) == (3, 2, 6, "    ")


def test_find_blocks_skips_blocks_inside_longer_fences():
    text = "````markdown\n```matderiv\nf: x\nwrt: x\n```\n````\n"

    assert find_blocks(text) == []


# ---------------------------------------------------------------- how a block fails

def test_a_bad_block_shows_an_error_box(convert):
    html = convert("""
        ```matderiv
        f: tr(A X
        wrt: X
        ```
        """)

    assert html.startswith('<div class="admonition failure matderiv-error">\n'
                           '<p class="admonition-title">This matderiv block could not be derived</p>\n'
                           "<p>line 1: f, column 7: expected ')' to close 'tr(' opened at column 1</p>")
    assert '<pre><code class="language-yaml">f: tr(A X\nwrt: X</code></pre>' in html


def test_a_bad_block_logs_a_warning_on_the_plugin_logger(convert, caplog):
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.matderiv"):
        convert("""
            ```matderiv
            f: tr(X)
            wrt: X
            colour: red
            ```
            """)

    (record,) = caplog.records
    assert record.name == "mkdocs.plugins.matderiv"
    assert record.getMessage() == (
        "matderiv: line 3: unknown key 'colour'; valid keys: f, wrt, where, shapes, assume, "
        "functions, values, vec, layout, steps, check, title, expand, entries, solve, order, method, "
        "claim, name")


def test_the_error_names_the_page_and_its_line_once_the_page_is_known(caplog):
    page = "# Title\n\nSome text.\n\n```matderiv\nf: A x\nwrt: x\nshapes:\n  A: m x n\n  x: k\n```\n"
    fence = fences.MatDerivFence()
    fence.begin_page("notes/shapes.md", page)

    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.matderiv"):
        html = fence.format("f: A x\nwrt: x\nshapes:\n  A: m x n\n  x: k", "matderiv", "matderiv", {}, None)

    assert caplog.records[0].getMessage() == (
        "matderiv: notes/shapes.md, line 6: f, column 1: shapes do not match in the product A x: "
        "A is m×n, x is k×1")
    assert "notes/shapes.md, line 6" in html
    assert [str(e) for e in fence.errors] == [caplog.records[0].getMessage().removeprefix("matderiv: ")]


def test_an_internal_error_is_reported_not_raised(monkeypatch, convert, caplog):
    def broken(block, **options):
        raise RuntimeError("boom")

    monkeypatch.setattr("mkdocs_matderiv.api.derive", broken)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.matderiv"):
        html = convert(TR_AX)

    assert "matderiv-error" in html
    assert caplog.records[0].getMessage() == "matderiv: internal error: RuntimeError: boom"


def test_a_block_over_its_time_budget_is_reported_as_too_slow(monkeypatch):
    def slow(problem):
        while True:
            pass

    monkeypatch.setattr("mkdocs_matderiv.api.solve", slow)
    fence = fences.MatDerivFence(Runner("html", timeout=0.2))
    fence.begin_page("slow.md", "```matderiv\nf: tr(A X)\nwrt: X\n```\n")

    html = fence.format("f: tr(A X)\nwrt: X", "matderiv", "matderiv", {}, None)

    assert str(fence.errors[0]) == ("slow.md, line 2: the block took longer than 0.2 s; "
                                    "simplify the block or raise the plugin's timeout")
    assert "matderiv-error" in html


# ---------------------------------------------------------------- worked numbers and expansions

def test_values_show_the_result_at_the_given_numbers(convert):
    html = convert("""
        ```matderiv
        f: 2 sum(A)
        wrt: A
        values:
          A: [[1, 2, 3], [4, 5, 6]]
        ```
        """)

    assert "<p>With the given numbers,</p>" in html
    assert "A = \\begin{bmatrix} 1 &amp; 2 &amp; 3 \\\\ 4 &amp; 5 &amp; 6 \\end{bmatrix}" in html
    assert "f &amp;= 2 \\operatorname{sum}\\left(A\\right) = 42" in html
    assert "= \\begin{bmatrix} 2 &amp; 2 &amp; 2 \\\\ 2 &amp; 2 &amp; 2 \\end{bmatrix}" in html


def test_expand_works_the_result_out_entry_by_entry(convert):
    html = convert("""
        ```matderiv
        f: x^TAx
        wrt: x
        expand: 2x2
        ```
        """)

    assert ('<p>Entry by entry at size <span class="arithmatex">\\(2 \\times 2\\)</span>, '
            "as a cross-check (it agrees with the general result):</p>") in html
    assert "x = \\begin{bmatrix} x_{1} \\\\ x_{2} \\end{bmatrix}" in html


# ---------------------------------------------------------------- hostile pages and budgets

def test_a_page_with_a_120000_space_fence_line_is_scanned_in_linear_time(convert):
    import time

    page = "# T\n\n```a" + " " * 120_000 + "b\n\ntext\n"
    start = time.process_time()
    assert find_blocks(page) == []
    fences.MatDerivFence().begin_page("x.md", page)
    convert(page)
    assert time.process_time() - start < 1 + 1


def test_the_module_level_formatter_has_the_plugins_default_budgets():
    from mkdocs_matderiv import limits

    assert fences.default_fence.runner.timeout == limits.DEFAULT_TIMEOUT
    assert fences.default_fence.runner.memory_limit == limits.DEFAULT_MEMORY_MB


def test_a_block_through_the_module_level_formatter_stops_at_its_budget(convert, monkeypatch):
    import time

    monkeypatch.setattr(fences.default_fence.runner, "timeout", 0.001)
    start = time.monotonic()
    html = convert("```matderiv\nf: ln(det(A + B + C + D + E + F + G + X X^T))\nwrt: X\n```\n")

    assert "the block took longer than 0.001 s" in html
    assert time.monotonic() - start < 0.001 + 1 + 1


def test_the_build_budget_skips_what_is_left_and_names_every_skipped_block(build_site):
    page = "# T\n\n```matderiv\nf: tr(A X)\nwrt: X\n```\n\n```matderiv\nf: x^T x\nwrt: x\n```\n"
    site = build_site({"index.md": page, "other.md": "```matderiv\nf: a^T x\nwrt: x\n```\n"},
                      config="plugins:\n  - matderiv:\n      build_timeout: 0.000001\n")

    import html

    assert html.unescape(site.page("index.html")).count("not derived: the build's time budget") == 2
    assert site.warnings[-1] == (
        "matderiv: the build's time budget (build_timeout: 1e-06 s) ran out; 3 block(s) were "
        "not derived: index.md, line 3; index.md, line 8; other.md, line 1")
