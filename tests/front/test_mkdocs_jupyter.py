"""Notebook pages with real mkdocs-jupyter, set up as docs/notebooks.md says: what ``derive()`` and
``%%matderiv`` displayed (run in a real kernel) is typeset in Chromium by the plugin's math."""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat
import pytest
from browsing import browser, serve  # noqa: F401  (fixtures)
from nbclient import NotebookClient
from setups import fenced, section

from mkdocs.commands.build import build
from mkdocs.config import load_config

CELLS = [
    ("markdown", "# Gradients\n\nThe author's own $x$, and a derivation from Python:"),
    ("code", 'from mkdocs_matderiv import derive\n\nderive("f: tr(X B X^T)\\nwrt: X")'),
    ("code", "%load_ext mkdocs_matderiv"),
    ("code", "%%matderiv steps=brief\nf: ||A x - b||^2\nwrt: x"),
]

REPORT = """
() => {
  const outputs = Array.from(document.querySelectorAll('.jp-OutputArea-output.jp-RenderedMarkdown'));
  return {
    outputs: outputs.length,
    typeset: outputs.map(e => e.querySelectorAll('mjx-container, .katex').length),
    raw: outputs.filter(e => /\\$|\\\\(begin|frac|operatorname|boxed)/.test(e.innerText)).length,
    errors: document.querySelectorAll('mjx-merror, [data-mjx-error], .katex-error').length,
    author: document.querySelectorAll('.jp-MarkdownCell mjx-container, .jp-MarkdownCell .katex').length,
  };
}
"""


@pytest.fixture(scope="module")
def notebook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The notebook, run in a real kernel (its outputs are what Jupyter stores)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(src) if kind == "markdown" else nbformat.v4.new_code_cell(src)
                for kind, src in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    path = tmp_path_factory.mktemp("nb") / "gradients.ipynb"
    nbformat.write(nb, path)
    return path


def site(tmp_path: Path, notebook: Path, theme: str, math: str) -> Path:
    plugins = fenced(section("notebooks.md", "Notebooks in a MkDocs site"), "yaml")[0]
    assert plugins == "plugins:\n  - matderiv\n  - mkdocs-jupyter\n"
    if math != "auto":
        plugins = plugins.replace("  - matderiv\n", f"  - matderiv:\n      math: {math}\n")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (docs / "gradients.ipynb").write_bytes(notebook.read_bytes())
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: course
        theme:
          name: {theme}
        """) + plugins, encoding="utf-8")
    build(load_config(str(tmp_path / "mkdocs.yml")))
    return tmp_path / "site"


@pytest.mark.parametrize(("theme", "math"), [("mkdocs", "auto"), ("material", "mathjax"), ("material", "katex")])
def test_notebook_pages_typeset_what_derive_and_the_magic_display(tmp_path, notebook, browser, serve, theme, math):
    built = site(tmp_path, notebook, theme, math)

    with serve(built) as base:
        for width in (1280, 412):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(base + "gradients/", wait_until="load")
            page.wait_for_function("() => document.querySelectorAll('.jp-OutputArea-output mjx-container, "
                                   ".jp-OutputArea-output .katex').length >= 12", timeout=90_000)
            report = page.evaluate(REPORT)
            page.close()

            assert report["outputs"] == 2                          # derive()'s value and the magic's
            assert min(report["typeset"]) >= 6 and report["raw"] == 0 and report["errors"] == 0
            assert report["author"] == 1                           # the Markdown cell's own $x$
