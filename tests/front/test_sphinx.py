"""The Sphinx extension, through a real ``sphinx-build``: reStructuredText and MyST pages.

One small project is built once per builder (html, latex): an .rst page and a MyST
page, with blocks at top level, in a list, with an option, and one bad block each.
The HTML is opened in headless Chromium to see every formula typeset.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("sphinx")
pytest.importorskip("myst_parser")

from mkdocs_matderiv.render.parts import (Boxed, Details, InlineMath, Math, Prose, RuleRef,  # noqa: E402
                                          StepLine, Steps, Title)
from mkdocs_matderiv.render.targets.docutils import parts_from_data, parts_to_data  # noqa: E402

CONF = """\
project = "notes"
extensions = ["myst_parser", "mkdocs_matderiv.front.sphinx"]
"""

RST = """\
Notes
=====

.. toctree::

   chain

The gradient of a trace:

.. matderiv::

   f: tr(X B X^T)
   wrt: X

- In a list, in brief:

  .. matderiv::
     :steps: brief

     f: x^T A x
     wrt: x

A block with a mistake:

.. matderiv::

   f: tr(X B
   wrt: X
"""

MYST = """\
# Least squares

```{matderiv}
f: ||X w - y||^2
wrt: w
```

1. Inside a list:

   ```{matderiv}
   f: a^T X b
   wrt: X
   ```

A block with a mistake:

```{matderiv}
f: x^T A x
wrt: q
```
"""


def _project(root: Path) -> Path:
    src = root / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.rst").write_text(RST, encoding="utf-8")
    (src / "chain.md").write_text(MYST, encoding="utf-8")
    return src


def _sphinx_build(src: Path, out: Path, builder: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sphinx", "--no-color", "-b", builder, "-q", *args,
                           str(src), str(out)],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("sphinx")
    src = _project(root)
    html = _sphinx_build(src, root / "html", "html")
    latex = _sphinx_build(src, root / "latex", "latex")
    return {"root": root, "src": src, "html": html, "latex": latex}


def test_the_bad_blocks_are_warnings_naming_file_and_line(built):
    warnings = {line for line in built["html"].stderr.splitlines() if "WARNING" in line}

    assert warnings == {
        f"{built['src'] / 'index.rst'}:27: WARNING: matderiv: f, column 7: expected ')' to close "
        "'tr(' opened at column 1 [matderiv.block]",
        f"{built['src'] / 'chain.md'}:19: WARNING: matderiv: wrt: 'q' does not occur in f "
        "[matderiv.block]",
    }
    assert built["html"].returncode == 0          # the rest of the project still builds


def test_the_pages_show_derivations_and_error_boxes(built):
    index = (built["root"] / "html" / "index.html").read_text(encoding="utf-8")
    chain = (built["root"] / "html" / "chain.html").read_text(encoding="utf-8")

    assert index.count('class="matderiv docutils container"') == 2
    assert chain.count('class="matderiv docutils container"') == 2
    # the result boxed, the steps as the MkDocs site's rows (tests/front/test_sphinx_page.py)
    assert ('<div class="matderiv-result"><div class="arithmatex">\\[\n'
            "\\boxed{\\frac{\\partial f}{\\partial X} = X \\left(B + B^{T}\\right)}\n\\]</div></div>") in index
    assert '">cyclic property, and a scalar is its own transpose</a></div></div>' in index
    assert "This matderiv block could not be derived" in index
    assert "chain.md, line 19: wrt: \u2018q\u2019 does not occur in f" in chain   # Sphinx's smart quotes


def test_warnings_fail_the_build_under_W(built, tmp_path):
    out = _sphinx_build(built["src"], tmp_path / "html", "html", "-W")

    assert out.returncode != 0
    assert "matderiv" in out.stderr


def test_the_latex_builder_writes_the_derivations_as_latex_math(built):
    assert built["latex"].returncode == 0, built["latex"].stderr
    tex = next((built["root"] / "latex").glob("*.tex")).read_text(encoding="utf-8")

    assert "\\boxed{\\frac{\\partial f}{\\partial X} = X \\left(B + B^{T}\\right)}" in tex
    assert "\\begin{aligned}" in tex
    assert "\\(X \\in \\mathbb{R}^{m \\times n}\\)" in tex
    assert "This matderiv block could not be derived" in tex


@pytest.mark.skipif(not shutil.which("pdflatex") and not os.environ.get("MATDERIV_REQUIRE_LATEX"),
                    reason="no pdflatex")
def test_the_latex_output_compiles(built):
    out = built["root"] / "latex"
    tex = next(out.glob("*.tex")).name
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex], cwd=out,
                         capture_output=True, text=True, timeout=300)

    assert run.returncode == 0, run.stdout[-3000:]


def test_a_parallel_build_gives_the_same_pages(built, tmp_path):
    out = _sphinx_build(built["src"], tmp_path / "html", "html", "-j", "2")
    serial = (built["root"] / "html" / "chain.html").read_text(encoding="utf-8")
    parallel = (tmp_path / "html" / "chain.html").read_text(encoding="utf-8")

    assert out.returncode == 0
    assert parallel.count('class="matderiv-result"') == serial.count('class="matderiv-result"') == 2


def test_the_derivations_are_cached_beside_conf_py(built):
    entries = list((built["src"] / ".cache" / "matderiv").glob("*.json"))

    assert len(entries) >= 4      # the four good blocks


def test_parts_survive_the_cache_and_damaged_data_is_a_miss():
    parts = [Title("Example"), Prose(("with ", InlineMath("x"), ".")), Math("f = x"),
             Steps((StepLine("df", "dx", (RuleRef("differential", "take the differential"),)),)),
             Prose(("Reading off the gradient by the ", RuleRef("core", "core relation"), ":")),
             Boxed("\\frac{\\partial f}{\\partial x}", "1"),
             Details("NumPy code", "example", code="import numpy as np\n")]

    assert parts_from_data(json.loads(json.dumps(parts_to_data(parts)))) == parts
    assert parts_from_data({"title": "x"}) is None
    assert parts_from_data([{"title": 3}]) is None
    assert parts_from_data([{"math": "x", "script": "<script>"}]) is None
    assert parts_from_data([{"steps": [["df", "dx", [["core"]]]]}]) is None
    assert parts_from_data([[[[[]]]]]) is None


def test_a_damaged_cache_entry_is_derived_again(tmp_path):
    src = _project(tmp_path)
    first = _sphinx_build(src, tmp_path / "a", "html")
    entries = list((src / ".cache" / "matderiv").glob("*.json"))
    for entry in entries:
        entry.write_text("[" * 100_000, encoding="utf-8")
    second = _sphinx_build(src, tmp_path / "b", "html")

    assert entries
    assert first.returncode == second.returncode == 0
    page = (tmp_path / "b" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="matderiv docutils container"') == 2



def test_names_that_look_alike_warn_on_every_build_and_fail_under_W(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text("# Look-alikes\n\n```{matderiv}\nf: ν^T v\nwrt: v\n```\n", encoding="utf-8")
    expected = [f"{src / 'index.md'}:4: WARNING: matderiv: f: 'ν' (Greek nu) and 'v' (Latin) are two "
                "different names that look alike on the page; if they are one name, write it one way, "
                "otherwise rename one [matderiv.warning]"]

    builds = [_sphinx_build(src, tmp_path / name, "html") for name in ("a", "b")]   # b: from the cache
    strict = _sphinx_build(src, tmp_path / "c", "html", "-W")

    assert [[line for line in b.stderr.splitlines() if "WARNING" in line] for b in builds] == [expected] * 2
    assert 'class="matderiv-result"' in (tmp_path / "b" / "index.html").read_text(encoding="utf-8")
    assert strict.returncode != 0


def test_a_committed_link_for_the_cache_directory_writes_nothing_outside(tmp_path):
    src = _project(tmp_path)
    (tmp_path / "outside").mkdir()
    (src / ".cache").symlink_to("../outside")           # what a pull request can commit

    out = _sphinx_build(src, tmp_path / "html", "html")

    assert out.returncode == 0, out.stderr
    assert list((tmp_path / "outside").iterdir()) == []
    page = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="matderiv-result"') == 2      # the two good blocks

# ---------------------------------------------------------------- in the browser

CHROMIUM = os.environ.get("MATDERIV_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

MATH_REPORT = """
async () => {
  await MathJax.startup.promise;
  const all = Array.from(document.querySelectorAll('.math, .arithmatex'));
  return {
    total: all.length,
    untypeset: all.filter(e => !e.querySelector('mjx-container')).map(e => e.textContent.slice(0, 80)),
    errors: all.filter(e => e.querySelector('mjx-merror, [data-mjx-error]')).map(e => e.textContent.slice(0, 80)),
  };
}
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.mark.skipif(not shutil.which(CHROMIUM) and not os.environ.get("MATDERIV_REQUIRE_BROWSER"),
                    reason="no Chromium")
def test_every_formula_typesets_offline_in_chromium(built):
    from playwright.sync_api import sync_playwright

    site = built["root"] / "html"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    outside: list[str] = []
    reports = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
                          if not route.request.url.startswith(base) else route.continue_())
            page = context.new_page()
            for name in ("index.html", "chain.html"):
                page.goto(base + name, wait_until="load")
                page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                                       timeout=30_000)
                reports[name] = page.evaluate(MATH_REPORT)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)

    assert all(r["total"] >= 10 for r in reports.values()), reports
    assert {n: r["untypeset"] for n, r in reports.items() if r["untypeset"]} == {}
    assert {n: r["errors"] for n, r in reports.items() if r["errors"]} == {}
    assert outside == []


def test_a_project_mathjax_path_is_left_alone(tmp_path):
    src = _project(tmp_path)
    (src / "conf.py").write_text(CONF + 'mathjax_path = "js/my-mathjax.js"\n', encoding="utf-8")
    out = _sphinx_build(src, tmp_path / "html", "html")

    page = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert out.returncode == 0
    assert 'src="js/my-mathjax.js"' in page or 'src="_static/js/my-mathjax.js"' in page
