"""The set-ups the docs give for sites built without the plugin, each run as written on a fresh
folder and looked at in Chromium."""

from __future__ import annotations

from pathlib import Path

from browsing import browser, serve  # noqa: F401  (fixtures)
from setups import console_commands, fenced, need, run, section, typeset

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
