"""A block's own text reaches every page as text only: no element, link, template tag or raw
markup that the author did not write as math, built with the real tool and read in Chromium.

Each site defines a value a template would print (Jekyll's ``site.x``, Hugo's ``secret``
param: ``TEMPLATE-RAN``); the hostile title and the failing block's source ask for it.
"""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest
from browsing import browser, serve  # noqa: F401  (fixtures)
from hypothesis import given, settings
from test_flavors import BUILDERS, typeset

from mkdocs_matderiv.front.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from fuzz.markup import BASE, PAYLOADS, marked_blocks, published_markup, quoted  # noqa: E402

TITLE = ("{% endraw %}{{ site.x }}{% raw %} <img src=x onerror=alert(1)> [c](javascript:alert(1)) "
         "`<b>raw</b>`{=html} $\\\\href{javascript:alert(1)}{y}$ {{< param secret >}} {{% param secret %}}"
         " x <!--")

POST = f"""\
---
title: Hostile
layout: default
---
# Hostile

```matderiv
title: "{TITLE}"
f: tr(A X)
wrt: X
```

````matderiv
f: A x
# {{% endraw %}}{{{{ site.x }}}}{{% raw %}} {{{{< param secret >}}}}
```
<img src=y onerror=alert(2)><b>after the fence</b>
wrt: x
````

After both blocks.
"""

REPORT = """
() => ({
  elements: Array.from(document.body.querySelectorAll(
      'img, b, iframe, object, [onerror], a[href^="javascript"], a[href^="JavaScript"]'))
    .map(e => e.outerHTML.slice(0, 80)),
  text: document.body.innerText.replace(/\\u200b/g, ''),
  typeset: document.querySelectorAll('mjx-container').length,
})
"""


def render(tmp_path, flavor: str) -> str:
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    code = main(["render", str(post), "--flavor", flavor, "-o", str(tmp_path / "out.md")],
                stdout=io.StringIO(), stderr=io.StringIO())
    assert code == 1                                    # the second block is bad
    return (tmp_path / "out.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("flavor", list(BUILDERS))
def test_a_title_and_a_failing_blocks_source_are_text_only_in_every_flavor(tmp_path, browser, serve, flavor):
    site, path = BUILDERS[flavor](tmp_path, render(tmp_path, flavor))

    report = typeset(browser, serve, site, path, REPORT)

    assert report["elements"] == []                     # no tag, event handler or javascript: link
    assert "TEMPLATE-RAN" not in report["text"]         # no Liquid, no shortcode ran
    text = report["text"]
    assert "<img src=x onerror=alert(1)> [c](javascript:alert(1))" in text      # the title, as text
    assert "{{ site.x }}" in text and "{{< param secret >}}" in text
    assert "<img src=y onerror=alert(2)><b>after the fence</b>" in text        # still in the note's code
    assert "The gradient with respect to" in text and "After both blocks." in text   # nothing hidden
    assert report["typeset"] >= 4


def test_the_notebooks_markdown_shows_a_title_as_text():
    mistune = pytest.importorskip("nbconvert.filters.markdown_mistune")
    from mkdocs_matderiv import derive

    html = mistune.markdown2html_mistune(
        derive(f'title: "{TITLE}"\nf: tr(A X)\nwrt: X')._repr_markdown_())

    assert "<img" not in html and "<b>" not in html and 'href="javascript' not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "The gradient with respect to" in html


def test_an_error_notes_fence_is_longer_than_any_backtick_run_in_the_block():
    from mkdocs_matderiv.front.runner import Runner

    note = Runner("pandoc").run("f: A x\n# `````\nwrt: q\n").output

    assert "> ``````yaml\n" in note and note.endswith("> ``````\n")


# ---------------------------------------------------------------- the fuzzing harness's property

@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_target_publishes_a_payload_as_markup(payload):
    for text in (f"title: {quoted(payload)}\n{BASE}", f"f: A x\n{payload}\nwrt: q\n"):
        assert published_markup(text) == [], text


@settings(max_examples=25, deadline=None, database=None)
@given(marked_blocks())
def test_blocks_carrying_markup_publish_text_only(text):
    assert published_markup(text) == []


def test_a_page_wide_mathjax_finds_no_link_in_a_title_of_the_mkdocs_fence(tmp_path, browser, serve, convert):
    """MathJax set up as Hugo's and Jekyll's docs do reads all of a page's text, a title too."""
    from mkdocs_matderiv import assets
    from test_flavors import PAGE

    body = convert('```matderiv\ntitle: "see \\\\(\\\\href{javascript:alert(1)}{here}\\\\)"\n'
                   'f: tr(A X)\nwrt: X\n```\n')
    (tmp_path / "js").mkdir()
    shutil.copy(assets.MATHJAX_JS, tmp_path / "js")
    (tmp_path / "index.html").write_text(PAGE.replace("{}", body), encoding="utf-8")

    report = typeset(browser, serve, tmp_path, "index.html", REPORT)

    assert report["elements"] == []
    assert "see \\(\\href{javascript:alert(1)}{here}\\)" in report["text"]
