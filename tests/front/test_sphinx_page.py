"""Sphinx pages as a reader sees them: a real ``sphinx-build`` (alabaster, and sphinx_rtd_theme
where it is installed) of seed-like long derivations, opened in headless Chromium at a desktop's
1280 px and a phone's 412 px.

Every display fits its column (the steps are the MkDocs site's rows, styled by the package's
``matderiv.css``, and the packaged MathJax 4 breaks long lines), no formula has an error, no raw
TeX is left, no rule name is clipped, and nothing is fetched from outside the site.  Screenshots
go to ``test-artifacts/``.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("sphinx")
pytest.importorskip("myst_parser")

ROOT = Path(__file__).parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("MATDERIV_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not shutil.which(CHROMIUM) and not os.environ.get("MATDERIV_REQUIRE_BROWSER"):
    pytest.skip(f"no Chromium at {CHROMIUM}", allow_module_level=True)

THEMES = ["alabaster"] + (["sphinx_rtd_theme"] if importlib.util.find_spec("sphinx_rtd_theme") else [])

BACKPROP = """\
# Back-propagation

```{matderiv}
f: L(a_2)
where:
  z_1: W_1 x + b_1
  a_1: g(z_1)
  z_2: W_2 a_1 + b_2
  a_2: h(z_2)
wrt: [W_1, b_1, W_2, b_2]
functions:
  g: elementwise
  h: elementwise
  L: scalar
```

```{matderiv}
title: Two-layer network
f: ||a_2 - y||^2
where:
  z_1: W_1 x + b_1
  a_1: sigma(z_1)
  z_2: W_2 a_1 + b_2
  a_2: sigma(z_2)
wrt: [W_1, b_1, W_2, b_2]
```
"""

GALLERY = """\
Gallery
=======

.. matderiv::

   f: -y^T ln(softmax(W x))
   wrt: W

.. matderiv::

   f: tr(Y^T M Y)
   where:
     Y: sigma(WX)
   wrt: X
   assume:
     M: symmetric

.. matderiv::

   f: ln|X|
   wrt: X
   order: 2

.. matderiv::
   :steps: brief

   f: (A + t B)^{-1}
   wrt: t
   shapes:
     t: scalar
"""

INDEX = """\
Notes
=====

.. toctree::

   backprop
   gallery
"""

REPORT = """
async () => {
  await MathJax.startup.promise;
  const column = document.querySelector('div.body, [role="main"]') || document.body;
  const right = column.getBoundingClientRect().right;
  const text = el => (el.textContent || '').trim().slice(0, 80);
  const maths = Array.from(document.querySelectorAll('.math, .arithmatex'));
  const page = column.cloneNode(true);
  page.querySelectorAll('pre, code, mjx-container, script, .headerlink').forEach(e => e.remove());
  return {
    derivations: document.querySelectorAll('.matderiv').length,
    displays: document.querySelectorAll('mjx-container[display="true"]').length,
    wide: Array.from(document.querySelectorAll('mjx-container[display="true"]'))
      .filter(el => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > right + 1)
      .map(text),
    clipped: Array.from(document.querySelectorAll('.matderiv-why'))
      .filter(el => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > right + 1)
      .map(text),
    untypeset: maths.filter(e => !e.querySelector('mjx-container')).map(text),
    errors: maths.filter(e => e.querySelector('mjx-merror, [data-mjx-error]')).map(text),
    raw: page.textContent.match(/\\\\(frac|begin|operatorname|left|partial|boxed)\\b/g) || [],
    rows: Array.from(document.querySelectorAll('.matderiv-steps'))
      .filter(el => getComputedStyle(el).display === 'grid').length,
  };
}
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module", params=THEMES)
def site(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A small project built by sphinx-build, served: (theme, base URL)."""
    root = tmp_path_factory.mktemp(f"sphinx-{request.param}")
    src = root / "src"
    src.mkdir()
    (src / "conf.py").write_text(f'project = "notes"\nhtml_theme = "{request.param}"\nmatderiv_cache = False\n'
                                 'extensions = ["myst_parser", "mkdocs_matderiv.front.sphinx"]\n', encoding="utf-8")
    (src / "index.rst").write_text(INDEX, encoding="utf-8")
    (src / "backprop.md").write_text(BACKPROP, encoding="utf-8")
    (src / "gallery.rst").write_text(GALLERY, encoding="utf-8")
    out = root / "html"
    run = subprocess.run([sys.executable, "-m", "sphinx", "--no-color", "-b", "html", "-q", str(src), str(out)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0 and "WARNING" not in run.stderr, run.stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield request.param, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module", params=[1280, 412], ids=["desktop-1280px", "phone-412px"])
def visited(request, site) -> tuple[dict, list[str]]:
    """Each page's report at that width, and the requests that left the site."""
    from playwright.sync_api import sync_playwright

    theme, base = site
    width = request.param
    ARTIFACTS.mkdir(exist_ok=True)
    reports: dict = {}
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
                      if not route.request.url.startswith(base) else route.continue_())
        page = context.new_page()
        for name in ("backprop", "gallery"):
            page.goto(f"{base}{name}.html", wait_until="load", timeout=120_000)
            page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                                   timeout=120_000)
            reports[name] = page.evaluate(REPORT)
            page.screenshot(path=str(ARTIFACTS / f"sphinx-{theme}-{name}-{width}.png"), full_page=True)
        browser.close()
    return reports, outside


def test_every_block_is_on_the_page_with_its_steps_as_rows(visited):
    reports, outside = visited

    assert {n: r["derivations"] for n, r in reports.items()} == {"backprop": 2, "gallery": 4}
    assert all(r["rows"] >= r["derivations"] for r in reports.values()), reports   # laid out by matderiv.css
    assert outside == []


def test_no_display_is_wider_than_its_column(visited):
    reports, _ = visited

    assert all(r["displays"] >= 20 for r in reports.values()), reports
    assert {n: r["wide"] for n, r in reports.items() if r["wide"]} == {}


def test_no_rule_name_is_cut_off(visited):
    reports, _ = visited

    assert {n: r["clipped"] for n, r in reports.items() if r["clipped"]} == {}


def test_every_formula_typesets_with_no_error_and_no_raw_tex(visited):
    reports, _ = visited

    assert {n: r["untypeset"] for n, r in reports.items() if r["untypeset"]} == {}
    assert {n: r["errors"] for n, r in reports.items() if r["errors"]} == {}
    assert {n: r["raw"] for n, r in reports.items() if r["raw"]} == {}
