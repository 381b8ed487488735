"""The pandoc filter with real pandoc, set up as docs/elsewhere.md says: HTML typeset in Chromium
(MathJax 4 and KaTeX, at a desktop's and a phone's width), PDF through pdflatex, Word as Office
math, and Quarto's wrapper script."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest
from browsing import browser, serve  # noqa: F401  (fixtures)
from setups import commands, console_commands, fenced, need, run, section, typeset

NOTES = """\
---
title: Notes
---
# Gradients

Before, $x$ by the author.

```matderiv
f: tr(X B X^T)
wrt: X
```

> ```{.matderiv steps="brief"}
> f: ||A x - b||^2
> wrt: x
> ```

1. In a list:

    ```matderiv
    f: log(det(X))
    wrt: X
    ```

```matderiv
f: A x
wrt: x
shapes:
  A: m x n
  x: k
```
"""

ERROR = ("matderiv: notes.md, line 26: f, column 1: shapes do not match in the product A x: "
         "A is m×n, x is k×1\n")

@pytest.fixture
def notes(tmp_path: Path) -> Path:
    need("pandoc")
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    return tmp_path


def nodes(value, kind: str) -> list:
    """Every pandoc element of type ``kind`` in a JSON AST, at any depth."""
    if isinstance(value, dict):
        return ([value] if value.get("t") == kind else []) + [n for v in value.values() for n in nodes(v, kind)]
    if isinstance(value, list):
        return [n for v in value for n in nodes(v, kind)]
    return []


def text(node) -> str:
    """The words of a pandoc element."""
    return " ".join(n["c"] for n in nodes(node, "Str"))


def test_every_block_becomes_pandoc_math_and_a_bad_one_a_located_note(notes):
    proc = run("pandoc notes.md --filter matderiv-pandoc -t json", notes)

    assert proc.returncode == 0 and proc.stderr == ERROR
    doc = json.loads(proc.stdout)
    math = [m["c"] for m in nodes(doc, "Math")]
    assert sum(kind == {"t": "DisplayMath"} for kind, _ in math) >= 9
    assert ["\\boxed{\\frac{\\partial f}{\\partial X} = X \\left(B + B^{T}\\right)}"] == [
        tex for kind, tex in math if tex.startswith("\\boxed{\\frac{\\partial f}{\\partial X} = X")]
    assert nodes(doc, "RawBlock") == [] and nodes(doc, "RawInline") == []
    assert [c["c"][0][1] for c in nodes(doc, "CodeBlock")] == [["python"]] * 3 + [["yaml"]]
    assert len([d for d in nodes(doc, "Div") if d["c"][0][1] == ["matderiv"]]) == 3
    notes_ = [d for d in nodes(doc, "Div") if d["c"][0][1] == ["matderiv-error"]]
    assert len(notes_) == 1 and "notes.md, line 26: f, column 1" in text(notes_[0])


def test_from_standard_input_the_error_names_the_block_by_its_number(notes):
    proc = run("pandoc --filter matderiv-pandoc -t json < notes.md", notes)

    assert proc.returncode == 0
    assert proc.stderr == ERROR.replace("notes.md, line 26", "matderiv block 4 of the document, line 1")


def test_names_that_look_alike_are_a_warning_on_stderr(tmp_path):
    need("pandoc")
    (tmp_path / "post.md").write_text("# Post\n\n```matderiv\nf: ν^T v\nwrt: v\n```\n", encoding="utf-8")

    proc = run("pandoc post.md --filter matderiv-pandoc -t json", tmp_path)

    assert proc.returncode == 0 and nodes(json.loads(proc.stdout), "Math")
    assert proc.stderr == ("matderiv: warning: post.md, line 4: f: 'ν' (Greek nu) and 'v' (Latin) are two "
                           "different names that look alike on the page; if they are one name, write it "
                           "one way, otherwise rename one\n")


HTML = {"mathjax": "notes.html", "katex": "notes-katex.html"}


@pytest.mark.parametrize("width", [1280, 412])
@pytest.mark.parametrize("library", list(HTML))
def test_the_html_set_up_typesets_every_formula_offline(notes, browser, serve, library, width):
    setup = next(console_commands(block) for block in fenced(section("elsewhere.md", "HTML"), "console")
                 if HTML[library] in block)
    assert len(setup) == 2
    for command in setup:
        proc = run(command, notes)
        assert proc.returncode == 0 and proc.stderr in ("", ERROR), proc.stderr

    with serve(notes / "site") as base:
        report = typeset(browser, base + HTML[library], width)

    assert report["total"] >= 25 and report["untypeset"] == 0 and report["errors"] == 0
    assert report["wide"] == 0 and not report["raw"] and report["outside"] == []
    assert report["steps"] >= 8                              # each step a row of its own
    assert report["notes"] == ["This matderiv block could not be derived."]


def test_pdf_through_pdflatex(notes):
    need("pdflatex")
    command = [c for c in commands(section("elsewhere.md", "PDF and Word")) if c.endswith(".pdf")]
    assert command == ["pandoc notes.md --filter matderiv-pandoc -o notes.pdf"]

    proc = run(command[0], notes)

    assert proc.returncode == 0 and proc.stderr == ERROR
    assert (notes / "notes.pdf").read_bytes().startswith(b"%PDF") and (notes / "notes.pdf").stat().st_size > 20_000
    latex = run("pandoc notes.md --filter matderiv-pandoc -t latex", notes).stdout
    assert "\\begin{aligned}" in latex and "\\boxed{" in latex and "This matderiv block could not" in latex


def test_word_gets_office_math(notes):
    command = [c for c in commands(section("elsewhere.md", "PDF and Word")) if c.endswith(".docx")]

    proc = run(command[0], notes)

    assert proc.returncode == 0 and proc.stderr == ERROR      # pandoc converted every formula
    document = zipfile.ZipFile(notes / "notes.docx").read("word/document.xml").decode("utf-8")
    assert document.count("<m:oMathPara>") >= 9
    assert "\\begin{aligned}" not in document and "\\boxed" not in document


def test_quartos_wrapper_script_is_a_working_filter(notes):
    quarto = section("elsewhere.md", "Quarto")
    script = fenced(quarto, "sh")[0]
    assert "filters:\n  - matderiv-filter" in fenced(quarto, "yaml")[0]
    path = notes / "matderiv-filter"
    path.write_text(script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)

    # Quarto runs its filters through pandoc.utils.run_json_filter: the file itself is run
    proc = run("pandoc notes.md --filter ./matderiv-filter -t json", notes)

    assert proc.returncode == 0 and proc.stderr == ERROR
    assert len(nodes(json.loads(proc.stdout), "Math")) >= 15

