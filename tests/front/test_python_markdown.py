"""The fence from plain Python-Markdown, set up exactly as docs/python-markdown.md shows."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import markdown

from mkdocs_matderiv import formatter, validator

DOC = Path(__file__).parents[2] / "docs" / "python-markdown.md"

POST = """\
# Notes

```matderiv
f: tr(A X)
wrt: X
```

```matderiv
f: x^T x
wrt: y
```
"""


def converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["pymdownx.superfences", "pymdownx.arithmatex"],
        extension_configs={
            "pymdownx.superfences": {"custom_fences": [
                {"name": "matderiv", "class": "matderiv",
                 "validator": validator, "format": formatter}]},
            "pymdownx.arithmatex": {"generic": True},
        })


def test_the_docs_page_shows_this_set_up():
    code = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    assert "from mkdocs_matderiv import formatter, validator" in code
    for line in ('"validator": validator, "format": formatter}', '"pymdownx.arithmatex": {"generic": True}'):
        assert line in code


def test_plain_python_markdown_expands_blocks_and_boxes_a_bad_one(caplog):
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.matderiv"):
        html = converter().convert(POST)

    assert html.count('<div class="matderiv">') == 1
    assert ('<div class="matderiv-result"><div class="arithmatex">\\[\n'
            '\\boxed{\\frac{\\partial f}{\\partial X} = A^{T}}\n\\]</div></div>') in html
    assert html.count("matderiv-error") == 1
    assert [r.getMessage() for r in caplog.records] == ["matderiv: line 2: wrt: 'y' does not occur in f"]
