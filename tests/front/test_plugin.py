"""The MkDocs plugin in real builds: set-up, errors, on_error, the cache, and the docs site."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import Abort

from mkdocs_matderiv.front import cache
from mkdocs_matderiv.engine.rules import RULES
from mkdocs_matderiv.render.targets.html import label_html
from mkdocs_matderiv.front.fences import find_blocks, normalize

ROOT = Path(__file__).parents[2]
SEED_CASES = ROOT.parent / "shared" / "acceptance" / "seed_cases.yaml"
SEED_CASES_2 = ROOT.parent / "shared" / "acceptance" / "seed_cases_2.yaml"

PAGE = """\
# Gradients

```matderiv
f: tr(A X)
wrt: X
```
"""

BAD_PAGE = """\
# Shapes

Some text.

```matderiv
f: A x
wrt: x
shapes:
  A: m x n
  x: k
```
"""


RESULT = ('<div class="matderiv-result"><div class="arithmatex">\\[\n'
          '\\boxed{\\frac{\\partial f}{\\partial X} = A^{T}}\n\\]</div></div>')
"""How the result of ``f: tr(A X)``, ``wrt: X`` is set apart on the page."""


def test_plugins_matderiv_is_the_whole_setup(build_site):
    site = build_site({"index.md": PAGE})

    html = site.page("index.html")
    assert site.warnings == []
    assert '<div class="matderiv">' in html
    assert RESULT in html


def test_the_plugin_keeps_the_sites_own_superfences_settings(build_site):
    site = build_site({"index.md": PAGE + "\n```mermaid\ngraph LR\n```\n"}, config="""\
        plugins:
          - matderiv
        markdown_extensions:
          - pymdownx.superfences:
              custom_fences:
                - name: mermaid
                  class: mermaid
          - pymdownx.arithmatex:
              generic: true
        """)

    html = site.page("index.html")
    assert '<div class="matderiv">' in html
    assert '<pre class="mermaid"><code>graph LR</code></pre>' in html


def test_arithmatex_without_generic_mode_is_a_warning(build_site):
    site = build_site({"index.md": PAGE}, config="""\
        plugins:
          - matderiv
        markdown_extensions:
          - pymdownx.arithmatex
        """)

    assert site.warnings == [
        "matderiv: pymdownx.arithmatex is configured without `generic: true`; matderiv blocks are "
        "written for its generic mode (mkdocs-material's MathJax or KaTeX set-up), and the site's "
        "other math will not match them. Set `generic: true` under pymdownx.arithmatex in mkdocs.yml."]


def test_a_bad_block_warns_with_page_and_line_and_the_site_still_builds(build_site):
    site = build_site({"index.md": PAGE, "shapes.md": BAD_PAGE})

    assert site.warnings == [
        "matderiv: shapes.md, line 6: f, column 1: shapes do not match in the product A x: "
        "A is m×n, x is k×1"]
    assert '<div class="admonition failure matderiv-error">' in site.page("shapes/index.html")
    assert '<div class="matderiv">' in site.page("index.html")


@pytest.mark.parametrize("front_matter", [
    "---\ntitle: Shapes\ntags: [a, b]\n---\n",            # YAML, as most material sites have
    "---\ntitle: Shapes\n---\n\n\n",                    # blank lines after it (MkDocs drops them)
    "Title: Shapes\nAuthor: me\n\n",                      # MultiMarkdown meta-data
])
def test_the_line_counts_the_front_matter(build_site, front_matter):
    extra = front_matter.count("\n")
    site = build_site({"shapes.md": front_matter + BAD_PAGE})

    assert site.warnings == [
        f"matderiv: shapes.md, line {6 + extra}: f, column 1: shapes do not match in the "
        "product A x: A is m×n, x is k×1"]
    assert f"shapes.md, line {6 + extra}:" in site.page("shapes/index.html")   # the error box


def test_a_bad_block_fails_a_strict_build(build_site):
    with pytest.raises(Abort, match="Aborted with 1 warnings in strict mode!"):
        build_site({"index.md": BAD_PAGE}, strict=True)


def test_on_error_fail_aborts_the_build(build_site, caplog):
    with pytest.raises(Abort, match="Aborted with a BuildError!"):
        build_site({"index.md": BAD_PAGE}, config="plugins:\n  - matderiv:\n      on_error: fail\n")

    assert caplog.records[-1].levelname == "ERROR"
    assert caplog.records[-1].getMessage() == (
        "matderiv: index.md, line 6: f, column 1: shapes do not match in the product A x: "
        "A is m×n, x is k×1")


LOOKALIKE_PAGE = "# Look-alikes\n\n```matderiv\nf: ν^T v\nwrt: v\n```\n"


def test_names_that_look_alike_warn_on_every_build_and_fail_a_strict_one(build_site):
    expected = ["matderiv: index.md, line 4: f: 'ν' (Greek nu) and 'v' (Latin) are two different "
                "names that look alike on the page; if they are one name, write it one way, "
                "otherwise rename one"]
    first = build_site({"index.md": LOOKALIKE_PAGE})
    cache.clear_memory()                                  # a new `mkdocs build` process
    second = build_site({"index.md": LOOKALIKE_PAGE})      # from the cache

    assert first.warnings == second.warnings == expected
    assert '<div class="matderiv">' in second.page("index.html")
    with pytest.raises(Abort, match="Aborted with 1 warnings in strict mode!"):
        build_site({"index.md": LOOKALIKE_PAGE}, strict=True)


def test_a_rebuild_takes_its_blocks_from_the_cache(build_site, monkeypatch):
    build_site({"index.md": PAGE})
    cache.clear_memory()                                  # a new `mkdocs build` process

    def not_again(block, *, defaults=None):
        raise AssertionError("derived although cached")

    monkeypatch.setattr("mkdocs_matderiv.api.derive", not_again)
    site = build_site({"index.md": PAGE})

    assert site.warnings == []
    assert RESULT in site.page("index.html")
    assert len(list((site.root / ".cache" / "plugin" / "matderiv").glob("*.json"))) == 1


def test_cache_false_derives_every_time(build_site, monkeypatch):
    config = "plugins:\n  - matderiv:\n      cache: false\n"
    build_site({"index.md": PAGE}, config=config)
    calls = []
    from mkdocs_matderiv import api

    real = api.derive
    monkeypatch.setattr("mkdocs_matderiv.api.derive",
                        lambda block, **options: calls.append(block) or real(block, **options))
    site = build_site({"index.md": PAGE}, config=config)

    assert calls == ["f: tr(A X)\nwrt: X"]
    assert not (site.root / ".cache").exists()


def test_plugin_options_are_block_defaults(build_site):
    site = build_site({"index.md": PAGE}, config="plugins:\n  - matderiv:\n      steps: none\n")

    html = site.page("index.html")
    assert "matderiv-steps" not in html
    assert RESULT in html


def test_an_unknown_option_is_a_config_error(build_site):
    with pytest.raises(Abort):
        build_site({"index.md": PAGE}, config="plugins:\n  - matderiv:\n      on_error: ignore\n")


# ---------------------------------------------------------------- the project's own docs

def docs_blocks(page: str) -> list[str]:
    return [normalize(b.body) for b in find_blocks((ROOT / "docs" / page).read_text(encoding="utf-8"))]


SEED_PAGES = {
    "000_": "seeds/derivative-wrt-matrix.md",
    "001_": "seeds/vector-matrix-tensor.md",
    "002_": "seeds/jacobians-chain-rule.md",
    "003_": "seeds/art-of-matrix-derivative.md",
}


PRESENTATION = {"expand", "values", "vec", "title", "steps", "name", "claim", "method"}
"""Keys a seed page may add to a case's block: they show more of it (the entries written out,
the post's numbers, its flattening order), they do not change what is derived."""


def extends(page_block: str, case_block: str) -> bool:
    """The page's block is the case's, every line kept in order, plus presentation keys."""
    page, case = page_block.splitlines(), case_block.splitlines()
    it = iter(page)
    if not all(any(line == p for p in it) for line in case):
        return False
    added = [line.split(":")[0] for line in page if line not in case and not line.startswith(" ")]
    return all(key in PRESENTATION for key in added)


@pytest.mark.skipif(not SEED_CASES.exists(), reason="../shared/acceptance is not beside the repo")
@pytest.mark.parametrize("seed", sorted(SEED_PAGES))
def test_each_seed_page_regenerates_all_its_cases_in_order(seed):
    cases = yaml.safe_load(SEED_CASES.read_text(encoding="utf-8"))
    expected = [normalize(c["block"]) for c in cases if c["source"].startswith(seed)]
    blocks = iter(docs_blocks(SEED_PAGES[seed]))       # a page may add examples between its cases
    missing = [case for case in expected if not any(extends(block, case) for block in blocks)]
    assert missing == []


@pytest.mark.skipif(not SEED_CASES_2.exists(), reason="../shared/acceptance is not beside the repo")
@pytest.mark.parametrize("seed", ["000_", "003_"])
def test_seed_pages_show_their_entries_and_solve_examples(seed):
    cases = yaml.safe_load(SEED_CASES_2.read_text(encoding="utf-8"))
    expected = [normalize(c["block"]) for c in cases if c["source"].startswith(seed)]
    blocks = docs_blocks(SEED_PAGES[seed])
    assert expected and all(any(extends(block, case) for block in blocks) for case in expected)


def test_a_page_block_extends_a_case_only_with_presentation_keys():
    case = "f: A x\nwrt: x"
    assert extends("f: A x\nwrt: x\nexpand: 2x2\nvalues:\n  A: [[1, 2], [3, 4]]", case)
    assert not extends("f: A x\nwrt: x\nlayout: denominator", case)
    assert not extends("f: A y\nwrt: x", case)


def test_the_gallery_has_at_least_twenty_identities():
    assert len(docs_blocks("gallery.md")) >= 20


def test_the_rules_page_shows_every_rule_of_the_table(build_site):
    site = build_site({"rules.md": (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")})

    html = site.page("rules/index.html")
    missing = [r.name for r in RULES.values() if f"<td>{label_html(r.name)}</td>" not in html]
    assert missing == []


def test_each_rule_a_step_names_links_to_its_row_on_the_page_with_the_rules_table(build_site):
    site = build_site({"index.md": PAGE, "reference/rules.md": "# Rules\n\n```matderiv-rules\ndifferential\n```\n"})

    index, rules = site.page("index.html"), site.page("reference/rules/index.html")
    assert ('<a class="matderiv-rule" data-rule="d.trace" href="reference/rules/#rule-d-trace">'
            "rule (4): differential of a trace</a>") in index
    assert '<a class="matderiv-rule" data-rule="core" href="reference/rules/#rule-core">core relation</a>' in index
    assert '<tr id="rule-d-trace">' in rules


def test_without_a_rules_table_the_rule_names_are_plain_text(build_site):
    html = build_site({"index.md": PAGE}).page("index.html")

    assert '<a class="matderiv-rule" data-rule="d.trace">rule (4): differential of a trace</a>' in html
    assert "#rule-" not in html
