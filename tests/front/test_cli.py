"""The `matderiv` command: derive one block, expand a Markdown file, exit statuses."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_matderiv.front.cli import main

TR_AX = "f: tr(A X)\nwrt: X\n"


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_derive_prints_markdown_with_display_math_by_default():
    code, out, err = run("derive", stdin=TR_AX)

    assert (code, err) == (0, "")
    assert out.startswith("$$\nf = \\operatorname{tr}\\left(A X\\right)\n$$\n\n")
    assert "$$\n\\boxed{\\frac{\\partial f}{\\partial X} = A^{T}}\n$$" in out
    assert "&\\qquad \\text{(rule (4): differential of a}" in out      # under its line: a phone's width
    assert "```python\nimport numpy as np\n" in out


def test_derive_prints_an_align_fragment_for_latex():
    code, out, _ = run("derive", "--format", "latex", stdin=TR_AX)

    assert code == 0
    assert out.startswith("% matderiv: needs \\usepackage{amsmath,amssymb}\n")
    assert "\\begin{align*}\n" in out and "\\end{align*}" in out
    assert "\\[\n\\boxed{\\frac{\\partial f}{\\partial X} = A^{T}}\n\\]" in out


def test_derive_prints_the_contract_json():
    code, out, _ = run("derive", "--format", "json", stdin=TR_AX)

    data = json.loads(out)
    assert code == 0
    assert data["f"] == "\\operatorname{tr}\\left(A X\\right)"
    (result,) = data["results"]
    assert (result["wrt"], result["kind"], result["text"]) == ("X", "gradient", "A^T")
    assert result["check"]["passed"] is True


def test_derive_reads_a_file(tmp_path):
    block = tmp_path / "block.yaml"
    block.write_text("f: x^T x\nwrt: x\n", encoding="utf-8")

    code, out, _ = run("derive", "--file", str(block))

    assert code == 0
    assert "\\boxed{\\frac{\\partial f}{\\partial x} = 2 x}" in out


def test_a_bad_block_exits_1_with_the_message_on_stderr():
    code, out, err = run("derive", stdin="f: tr(A X\nwrt: X\n")

    assert (code, out) == (1, "")
    assert err == "matderiv: <stdin>, line 1: f, column 7: expected ')' to close 'tr(' opened at column 1\n"


def test_a_missing_file_exits_1(tmp_path):
    code, _, err = run("derive", "--file", str(tmp_path / "nope.yaml"))

    assert code == 1
    assert err == f"matderiv: {tmp_path / 'nope.yaml'}: No such file or directory\n"


def test_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["derive", "--format", "pdf"])

    assert exit_.value.code == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err


def test_render_expands_blocks_and_leaves_examples_literal(tmp_path):
    post = tmp_path / "post.md"
    post.write_text(
        "# Notes\n\n```matderiv\nf: tr(A X)\nwrt: X\n```\n\n"
        "The block above was written as:\n\n````markdown\n```matderiv\nf: tr(A X)\nwrt: X\n```\n````\n",
        encoding="utf-8")

    code, _, _ = run("render", str(post), "-o", str(tmp_path / "out.md"))

    out = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert code == 0
    assert out.startswith("# Notes\n\n$$\nf = \\operatorname{tr}\\left(A X\\right)\n$$\n")
    assert out.endswith("The block above was written as:\n\n"
                        "````markdown\n```matderiv\nf: tr(A X)\nwrt: X\n```\n````\n")
    assert out.count("```matderiv") == 1


def test_render_keeps_the_indentation_of_a_block_in_a_list(tmp_path):
    post = tmp_path / "post.md"
    post.write_text("1. First:\n\n    ```matderiv\n    f: x^T x\n    wrt: x\n    ```\n", encoding="utf-8")

    code, out, _ = run("render", str(post))

    assert code == 0
    assert "\n    $$\n    \\boxed{\\frac{\\partial f}{\\partial x} = 2 x}\n    $$\n" in out


def test_render_reports_every_bad_block_and_expands_the_others(tmp_path):
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Notes\n---\n# Notes\n\n```matderiv\nf: x^T y\nwrt: z\n```\n\n"
                    "```matderiv\nf: tr(A X)\nwrt: X\n```\n\n```matderiv\nf: A x\nwrt: x\n"
                    "shapes: {A: m x n, x: k}\n```\n", encoding="utf-8")

    code, out, err = run("render", str(post), "-o", str(tmp_path / "out.md"))

    out = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert code == 1
    assert err == (f"matderiv: {post}, line 8: wrt: 'z' does not occur in f\n"
                   f"matderiv: {post}, line 17: f, column 1: shapes do not match in the product "
                   "A x: A is m×n, x is k×1\n")
    shown = str(post).replace("_", "\\_")                 # Markdown-escaped in the note
    assert out.startswith("---\ntitle: Notes\n---\n# Notes\n\n> **This matderiv block could "
                          f"not be derived.** {shown}, line 8: wrt: 'z' does not occur in f\n"
                          ">\n> ```yaml\n> f: x^T y\n> wrt: z\n> ```\n")
    assert out.count("could not be derived") == 2
    assert "\\boxed{\\frac{\\partial f}{\\partial X} = A^{T}}" in out


@pytest.mark.parametrize(("flavor", "inline"), [
    ("mkdocs", "$X \\in \\mathbb{R}^{m \\times n}$"),
    ("pandoc", "$X \\in \\mathbb{R}^{m \\times n}$"),
    ("hugo", "\\(X \\in \\mathbb{R}^{m \\times n}\\)"),
    ("jekyll", "$$X \\in \\mathbb{R}^{m \\times n}$$"),
])
def test_each_flavor_writes_the_inline_math_its_set_up_reads(tmp_path, flavor, inline):
    post = tmp_path / "post.md"
    post.write_text("```matderiv\nf: tr(X B X^T)\nwrt: X\n```\n", encoding="utf-8")

    code, out, _ = run("render", str(post), "--flavor", flavor)

    assert code == 0
    assert f"with {inline}, " in out
    assert "\n\n$$\n\\begin{aligned}\n" in out and "\n\\end{aligned}\n$$\n\n" in out


def test_jekyll_output_is_kept_from_liquid(tmp_path):
    post = tmp_path / "post.md"
    post.write_text("```matderiv\nf: x^T x {{ page.title }}\nwrt: x\n```\n", encoding="utf-8")

    code, out, _ = run("render", str(post), "--flavor", "jekyll")

    assert code == 1
    assert out.startswith("{% raw %}\n> **This matderiv block") and out.endswith("{% endraw %}\n")


def test_the_installed_command_runs():
    exe = Path(sys.executable).parent / "matderiv"
    proc = subprocess.run([str(exe), "derive", "--format", "json"], input=TR_AX,
                          capture_output=True, text=True, timeout=120)

    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["results"][0]["text"] == "A^T"


@pytest.mark.skipif(not shutil.which("pdflatex") and not os.environ.get("MATDERIV_REQUIRE_LATEX"),
                    reason="pdflatex is not installed")
def test_standalone_latex_compiles_as_it_is(tmp_path):
    code, out, _ = run("derive", "--format", "latex", "--standalone",
                       stdin="title: Least squares\nf: ||X w - y||^2\nwrt: w\n")

    assert code == 0 and out.startswith("\\documentclass{article}\n")
    (tmp_path / "doc.tex").write_text(out, encoding="utf-8")
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:]


def test_standalone_goes_with_latex(capsys):
    with pytest.raises(SystemExit) as exit_:
        run("derive", "--standalone", stdin=TR_AX)
    assert exit_.value.code == 2
    assert "--standalone goes with --format latex" in capsys.readouterr().err


# ---------------------------------------------------------------- links a checkout can hold

POST = "# Notes\n\n```matderiv\nf: tr(A X)\nwrt: X\n```\n"


@pytest.fixture
def checkout(tmp_path, monkeypatch) -> Path:
    """A project directory worked in, beside a directory outside it."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x").write_text("the user's own file\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "post.md").write_text(POST, encoding="utf-8")
    monkeypatch.chdir(project)
    return project


def test_render_does_not_write_through_a_committed_link_out_of_the_project(checkout):
    (checkout / "post.rendered.md").symlink_to("../outside/x")

    code, out, err = run("render", "post.md", "-o", "post.rendered.md")

    assert code == 1 and out == ""
    assert err.startswith("matderiv: post.rendered.md: a symbolic link leads out of ")
    assert (checkout.parent / "outside" / "x").read_text(encoding="utf-8") == "the user's own file\n"


def test_render_does_not_create_the_target_of_a_dangling_link(checkout):
    (checkout / "post.rendered.md").symlink_to("../outside/new")

    code, _, err = run("render", "post.md", "-o", "post.rendered.md")

    assert code == 1
    assert err == "matderiv: post.rendered.md: a dangling symbolic link; not following it\n"
    assert not (checkout.parent / "outside" / "new").exists()


def test_render_does_not_write_through_a_linked_directory(checkout):
    (checkout / "out").symlink_to("../outside")

    code, _, err = run("render", "post.md", "-o", "out/post.md")

    assert code == 1 and "a symbolic link leads out of" in err
    assert sorted(p.name for p in (checkout.parent / "outside").iterdir()) == ["x"]


def test_render_does_not_publish_a_file_a_link_brings_in_from_outside(checkout):
    (checkout / "notes.md").symlink_to("../outside/x")

    code, out, err = run("render", "notes.md")

    assert (code, out) == (1, "")
    assert err.startswith("matderiv: notes.md: a symbolic link leads out of ")


def test_render_follows_a_link_that_stays_inside_the_project(checkout):
    (checkout / "alias.md").symlink_to("post.md")

    code, out, _ = run("render", "alias.md", "-o", "rendered.md")

    assert (code, out) == (0, "")
    assert "\\boxed{\\frac{\\partial f}{\\partial X} = A^{T}}" in (checkout / "rendered.md").read_text()


def test_the_installed_render_refuses_the_link_too(checkout):
    (checkout / "post.rendered.md").symlink_to("../outside/x")
    exe = Path(sys.executable).parent / "matderiv"

    proc = subprocess.run([str(exe), "render", "post.md", "-o", "post.rendered.md"],
                          capture_output=True, text=True, timeout=120)

    assert proc.returncode == 1 and "symbolic link" in proc.stderr
    assert (checkout.parent / "outside" / "x").read_text(encoding="utf-8") == "the user's own file\n"

# ---------------------------------------------------------------- an author's input never a traceback

def test_an_expansion_too_large_to_write_out_says_so():
    """X ⊙ X at 5x5 has 625 entries: omitted with a sentence (KeyError: 'f' before)."""
    code, out, err = run("derive", stdin="f: X ⊙ X\nwrt: X\nexpand: 5x5\n")

    assert (code, err) == (0, "")
    assert ("Entry by entry: not written out at 5 × 5: the derivative has 625 entries at this size; "
            "try a smaller size.") in out


def test_a_hessian_is_expanded_entry_by_entry():
    """``order: 2`` with ``expand:`` was refused as "the engine failed"."""
    code, out, err = run("derive", stdin="f: x^T A x\nwrt: x\norder: 2\nexpand: 3x3\n")

    assert (code, err) == (0, "")
    assert r"Entry by entry at size $3 \times 3$, as a cross-check (it agrees with the general result):" in out


def test_a_lone_surrogate_in_the_title_is_a_message_not_a_traceback():
    exe = Path(sys.executable).parent / "matderiv"
    proc = subprocess.run([str(exe), "derive"], input='f: x^T x\nwrt: x\ntitle: "a\\ud800b"\n',
                          capture_output=True, text=True, timeout=120)

    assert proc.returncode == 1
    assert proc.stderr == ("matderiv: <stdin>, line 3: title: 'a<U+D800 a lone surrogate>b' holds a lone "
                           "surrogate, which is not a character; write the character itself\n")


def test_control_characters_reach_stderr_escaped():
    code, _, err = run("derive", stdin='f: x^T x\nwrt: x\nsteps: "\\e[2K\\rfull"\n')

    assert code == 1
    assert err == "matderiv: <stdin>, line 3: steps: expected one of full, brief, none, got '\\x1b[2K\\rfull'\n"


def test_a_number_too_large_to_print_is_the_authors_error():
    code, _, err = run("derive", stdin="f: " + " ".join(["2^{500}"] * 30) + " x^T x\nwrt: x\n")

    assert code == 1
    assert "multiply to as much as 15000 bits (the limit is 1024 bits" in err
    assert "engine" not in err


def test_names_that_look_alike_are_a_warning_on_stderr(tmp_path):
    page = tmp_path / "post.md"
    page.write_text("# Post\n\n```matderiv\nf: ν^T v\nwrt: v\n```\n", encoding="utf-8")

    code, out, err = run("render", str(page))

    assert code == 0 and "```matderiv" not in out
    assert err == (f"matderiv: warning: {page}, line 4: f: 'ν' (Greek nu) and 'v' (Latin) are two "
                   "different names that look alike on the page; if they are one name, write it one "
                   "way, otherwise rename one\n")
