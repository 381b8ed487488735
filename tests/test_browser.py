"""The docs site in a real browser: every formula typesets, with no TeX error and no CDN.

Builds the project's own site, serves it on 127.0.0.1, opens every page in
headless Chromium (Debian's /usr/bin/chromium, driven by Playwright), waits for
MathJax, and checks each page at a desktop's 1280 px and a phone's 412 px: every
formula typeset with no error, no display wider than the content column, no rule
name clipped, no raw TeX left, no request outside the site and none that fails.
Screenshots of the seed pages go to ``test-artifacts/``. Skipped only when Chromium is absent and
MATDERIV_REQUIRE_BROWSER is unset (CI sets it).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from front.browsing import CHROMIUM, browser, served  # noqa: F401  (fixtures)

ROOT = Path(__file__).parent.parent
ARTIFACTS = ROOT / "test-artifacts"

if not shutil.which(CHROMIUM) and not os.environ.get("MATDERIV_REQUIRE_BROWSER"):
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """The built docs, served: (base URL, page paths)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = tmp_path_factory.mktemp("site")
    cfg = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    pages = sorted(str(p.relative_to(site_dir).parent).replace(".", "") for p in site_dir.rglob("index.html")
                   if p.parent.name not in ("assets", "search"))
    with served(site_dir) as base:
        yield base, pages


TYPESET_REPORT = """
async () => {
  await MathJax.startup.promise;
  if (MathJax.typesetPromise) { await MathJax.typesetPromise(); }
  const all = Array.from(document.querySelectorAll('.arithmatex'));
  const column = document.querySelector('.md-content__inner') || document.body;
  const right = column.getBoundingClientRect().right;
  const text = el => (el.textContent || '').trim().slice(0, 100);
  // cut off: a display wider than its own box (it would scroll) or reaching past the column
  const wide = Array.from(document.querySelectorAll('mjx-container[display="true"]'))
    .filter(el => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > right + 1)
    .map(el => text(el.closest('.arithmatex') || el));
  // a display typeset to nothing (squeezed to no width); not the layout for another width (hidden)
  const collapsed = Array.from(document.querySelectorAll('mjx-container > svg'))
    .filter(el => el.getClientRects().length && el.getBoundingClientRect().width < 2)
    .map(el => text(el.closest('.arithmatex') || el));
  // a rule name clipped instead of wrapped
  const clipped = Array.from(document.querySelectorAll('.matderiv-why'))
    .filter(el => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > right + 1)
    .map(text);
  // raw TeX: page text (code aside) that still reads like LaTeX after typesetting
  const article = column.cloneNode(true);
  article.querySelectorAll('pre, code, mjx-container, script, .headerlink').forEach(e => e.remove());
  const raw = (article.textContent
    .match(/\\\\(frac|begin|end|operatorname|left|right|mathbb|partial|boxed)\\b|\\$\\$/g) || []);
  return {
    total: all.length,
    untypeset: all.filter(e => !e.querySelector('mjx-container')).map(text),
    errors: all.filter(e => e.querySelector('mjx-merror, [data-mjx-error]'))
               .map(e => (e.querySelector('[data-mjx-error]') || {}).getAttribute?.('data-mjx-error')
                         + ' in ' + text(e)),
    wide, collapsed, clipped, raw,
    derivations: document.querySelectorAll('.matderiv').length,
    errorBoxes: document.querySelectorAll('.matderiv-error').length,
  };
}
"""


def test_the_site_has_the_expected_pages(site):
    _, pages = site

    assert {"", "guide/", "gallery/", "rules/", "cli/", "seeds/derivative-wrt-matrix/",
            "seeds/vector-matrix-tensor/", "seeds/jacobians-chain-rule/",
            "seeds/art-of-matrix-derivative/"} <= {p + "/" if p else "" for p in pages}


def visit_every_page(site, browser, width: int) -> tuple[dict, list[str], list[str]]:
    """Open every page at ``width`` px as a visitor would: (reports by page, requests that left
    the site, requests that failed or found nothing)."""
    base, pages = site
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    outside: list[str] = []
    context.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
                  if not route.request.url.startswith(base) else route.continue_())
    page = context.new_page()
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.on("pageerror", lambda exc: missing.append(f"page error: {exc}"))
    reports = {}
    for path in pages:
        page.goto(base + (path + "/" if path else ""), wait_until="domcontentloaded", timeout=120_000)
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                               timeout=120_000)
        reports[path or "index"] = page.evaluate(TYPESET_REPORT)
        if path.startswith("seeds/") or path in ("", "gallery"):
            page.screenshot(path=str(ARTIFACTS / f"{(path or 'index').replace('/', '_')}-{width}.png"),
                            full_page=True)
    context.close()
    return reports, outside, missing


@pytest.fixture(scope="module", params=[1280, 412], ids=["desktop-1280px", "phone-412px"])
def visited(request, site, browser):
    return request.param, *visit_every_page(site, browser, request.param)


def test_every_formula_on_every_page_typesets_without_error(visited):
    _, reports, outside, missing = visited

    assert {p: r["untypeset"] for p, r in reports.items() if r["untypeset"]} == {}
    assert {p: r["errors"] for p, r in reports.items() if r["errors"]} == {}
    assert {p: r["errorBoxes"] for p, r in reports.items() if r["errorBoxes"]} == {}
    assert reports["seeds/derivative-wrt-matrix"]["derivations"] == 9
    assert reports["gallery"]["derivations"] >= 20
    assert missing == []
    assert outside == []


def test_no_display_is_wider_than_its_column(visited):
    _, reports, _, _ = visited

    assert {p: r["wide"] for p, r in reports.items() if r["wide"]} == {}


def test_every_display_is_drawn_at_its_size(visited):
    _, reports, _, _ = visited

    assert {p: r["collapsed"] for p, r in reports.items() if r["collapsed"]} == {}


def test_no_rule_name_is_cut_off(visited):
    _, reports, _, _ = visited

    assert {p: r["clipped"] for p, r in reports.items() if r["clipped"]} == {}


def test_no_raw_tex_is_left_on_any_page(visited):
    _, reports, _, _ = visited

    assert {p: r["raw"] for p, r in reports.items() if r["raw"]} == {}
