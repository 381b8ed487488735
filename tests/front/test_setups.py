"""The set-ups the docs give for sites built without the plugin, each run as written on a fresh
folder and looked at in Chromium."""

from __future__ import annotations

from pathlib import Path

from browsing import browser, look, serve  # noqa: F401  (fixtures)
from setups import commands, console_commands, fenced, need, run, section, typeset

NOTES = """\
# Notes

```matderiv
f: tr(X B X^T)
wrt: X
```

```matderiv
f: ||W x - y||^2 + tr(W^T A W) + x^T W^T C W x
wrt: W
```
"""


def test_render_piped_into_pandoc_typesets_with_the_shipped_mathjax(tmp_path: Path, browser, serve):
    need("pandoc")
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    setup = next(console_commands(block) for block in fenced(section("elsewhere.md", "Hugo and Jekyll: "
                                                                      "`matderiv render`"), "console")
                 if "--flavor pandoc |" in block)
    for command in setup:
        proc = run(command, tmp_path)
        assert proc.returncode == 0, proc.stderr

    for width in (1280, 412):
        with serve(tmp_path / "site") as base:
            report = typeset(browser, base + "notes.html", width)
        assert report["total"] >= 10 and report["untypeset"] == 0 and report["errors"] == 0
        assert report["wide"] == 0 and not report["raw"] and report["outside"] == []


POST = NOTES + """
A sentence with $x^T A x$ in it.

```matderiv
f: A x
wrt: y
```
"""


def test_python_markdown_with_the_shipped_mathjax_4(tmp_path: Path, look, serve):
    page = section("python-markdown.md", "Plain Python-Markdown")
    (tmp_path / "post.md").write_text(POST, encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "build.py").write_text(fenced(page, "python")[0], encoding="utf-8")
    for command in [*commands(page), "python build.py"]:
        proc = run(command, tmp_path)
        assert proc.returncode == 0, proc.stderr

    for width in (1280, 412):
        with serve(tmp_path / "site") as base:
            report = look(base + "post.html", width)
        assert report["total"] >= 20 and report["untypeset"] == [] and report["errors"] == []
        assert report["twice"] == [] and report["wide"] == [] and report["outside"] == []
        assert report["derivations"] == 2 and report["errorBoxes"] == 1
        assert report["steps"] == report["gridSteps"] == 2        # laid out by matderiv.css
        assert report["pageErrors"] == []


JEKYLL_PAGE = """\
() => ({
  typeset: document.querySelectorAll('mjx-container').length,
  errors: document.querySelectorAll('mjx-merror, [data-mjx-error]').length,
  raw: ['\\\\begin', '\\\\frac', '\\\\(', '\\\\['].filter(s => document.body.innerText.includes(s)),
  wide: Array.from(document.querySelectorAll('mjx-container[display="true"]'))
             .filter(e => e.getBoundingClientRect().right > document.body.getBoundingClientRect().right + 2).length,
})
"""


def test_jekyll_with_the_mathjax_script_the_docs_give(tmp_path: Path, browser, serve):
    need("jekyll")
    jekyll = section("elsewhere.md", "Jekyll")
    (tmp_path / "_config.yml").write_text(fenced(jekyll, "yaml")[0], encoding="utf-8")
    (tmp_path / "_layouts").mkdir()
    (tmp_path / "_layouts" / "default.html").write_text(
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        + fenced(jekyll, "html")[0] + "</head><body>{{ content }}</body></html>\n", encoding="utf-8")
    (tmp_path / "_drafts").mkdir()
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_drafts" / "gradients.md").write_text("---\nlayout: default\n---\n" + NOTES, encoding="utf-8")
    for command in [*commands(jekyll), "jekyll build -q"]:
        proc = run(command, tmp_path)
        assert proc.returncode == 0, proc.stderr

    with serve(tmp_path / "_site") as base:
        for width in (1280, 412):
            context = browser.new_context(viewport={"width": width, "height": 900})
            context.route("**/*", lambda route: route.abort()
                          if not route.request.url.startswith("http://127.0.0.1") else route.continue_())
            page = context.new_page()
            page.goto(base + "2026/12/01/gradients.html", wait_until="load")
            page.wait_for_function("() => Boolean(window.MathJax && MathJax.startup && MathJax.startup.promise)",
                                   timeout=90_000)
            page.evaluate("() => MathJax.startup.promise.then(() => true)")
            report = page.evaluate(JEKYLL_PAGE)
            context.close()
            assert report == {"typeset": report["typeset"], "errors": 0, "raw": [], "wide": 0}
            assert report["typeset"] >= 12
