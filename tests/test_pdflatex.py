"""The LaTeX output compiles with a real pdflatex."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_matderiv import derive
from mkdocs_matderiv.front.fences import find_blocks
from mkdocs_matderiv.render.targets import target
from mkdocs_matderiv.render.targets.latex import standalone
from mkdocs_matderiv.render.parts import RuleRef, StepLine, Steps

ROOT = Path(__file__).parent.parent

PDFLATEX = shutil.which("pdflatex")
REQUIRED = bool(os.environ.get("MATDERIV_REQUIRE_LATEX") or os.environ.get("MATDERIV_REQUIRE_BROWSER"))

pytestmark = pytest.mark.skipif(not PDFLATEX and not REQUIRED,
                                reason="pdflatex is not installed (apt-get install texlive-latex-recommended)")

BLOCKS = {
    "trace": "f: tr(X B X^T)\nwrt: X\n",
    "chain": "title: Chain rule & 100% of the steps\nf: tr(Y^T M Y)\nwhere:\n  Y: sigma(W X)\nwrt: X\n"
             "assume:\n  M: symmetric\n",
    "jacobian": "f: X^{-1}\nwrt: X\n",
    "several": "f: ||W x + b - y||^2\nwrt: [W, b]\n",
    "abstract": "f: L(g(W x))\nwrt: W\nfunctions:\n  g: elementwise\n  L: scalar\n",
}


def compile_pdf(tmp_path, fragment: str) -> subprocess.CompletedProcess:
    (tmp_path / "doc.tex").write_text(standalone(fragment), encoding="utf-8")
    return subprocess.run([PDFLATEX or "pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_the_latex_fragment_compiles(tmp_path, name):
    fragment = target("latex").render(derive(BLOCKS[name]))

    proc = compile_pdf(tmp_path, fragment)

    assert proc.returncode == 0, proc.stdout[-3000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 1000
    assert "\\begin{align*}" in fragment or name == "jacobian"


def test_rules_are_tags_at_the_right_margin_of_the_align():
    fragment = target("latex").render(derive(BLOCKS["trace"]))

    assert "\\small cyclic property, and a scalar is its own transpose}" in fragment


def test_a_long_right_hand_side_continues_on_the_next_row():
    fragment = target("latex").render(derive("f: ||W x + b - y||^2 + tr(W^T A W) + x^T W^T C W x\nwrt: W\n"))

    assert "\\\\\n&\\qquad {} + " in fragment


OVERFULL = re.compile(r"Overfull \\hbox \(([\d.]+)pt too wide\)")


def test_every_gallery_block_compiles_in_an_article_with_no_overfull_box_over_10pt(tmp_path):
    blocks = find_blocks((ROOT / "docs" / "gallery.md").read_text(encoding="utf-8"))
    fragment = "\n".join(target("latex").render(derive(b.body)) for b in blocks)

    proc = compile_pdf(tmp_path, fragment)
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")

    assert proc.returncode == 0, proc.stdout[-3000:]
    assert len(blocks) >= 20
    assert [float(w) for w in OVERFULL.findall(log) if float(w) > 10] == []


LONG_BLOCKS = {   # course notes whose steps ran off the page (lines 146 pt too wide; the last steps lost)
    "two-layer network": "f: ||W_2 tanh(W_1 x + b_1) + b_2 - y||^2\nwrt: [W_1, b_1]\n",
    "softmax regression": "f: -y^T ln(softmax(W x + b))\nwrt: b\n",
    "logistic Hessian": "f: sum(ln(1 + exp(X w)))\nwrt: w\norder: 2\n",
    "pca": "f: ||X - W W^T X||^2\nwrt: W\n",
}


@pytest.mark.parametrize("name", sorted(LONG_BLOCKS))
def test_a_long_derivation_stays_within_the_text_width_in_a_standalone_document(tmp_path, name):
    proc = subprocess.run([sys.executable, "-m", "mkdocs_matderiv.front.cli", "derive", "--format", "latex",
                           "--standalone"], input=LONG_BLOCKS[name], capture_output=True, text=True, timeout=300)
    (tmp_path / "doc.tex").write_text(proc.stdout, encoding="utf-8")

    latex = subprocess.run([PDFLATEX or "pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=120)
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")

    assert proc.returncode == 0 and latex.returncode == 0, latex.stdout[-3000:]
    assert [float(w) for w in OVERFULL.findall(log) if float(w) > 10] == []
    assert "Overfull \\vbox" not in log                 # no display taller than the page


def test_sixty_steps_break_across_two_pages_each_one_on_a_page(tmp_path):
    rule = (RuleRef("d.sum", "differential of a sum"),)
    lines = [StepLine("d f" if k == 0 else "", f"x_{{{k}}}^{{T}} A x_{{{k}}} + b^{{T}} x_{{{k}}}", rule)
             for k in range(60)]
    fragment = ("\\begingroup\\allowdisplaybreaks\n\\begin{align*}\n" + target("latex").align_rows(Steps(tuple(lines)))
                + "\n\\end{align*}\n\\endgroup\n")

    proc = compile_pdf(tmp_path, fragment)
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")

    assert proc.returncode == 0, proc.stdout[-3000:]
    assert re.search(r"Output written on doc\.pdf \(2 pages", log)
    assert "Overfull \\vbox" not in log


def test_the_fragment_lets_its_steps_break_across_pages_and_nothing_else():
    fragment = target("latex").render(derive(BLOCKS["trace"]))

    assert "\\begingroup\\allowdisplaybreaks\n\\begin{align*}" in fragment
    assert fragment.count("\\begingroup") == fragment.count("\\endgroup")


def test_plain_text_is_escaped_for_latex():
    assert target("latex").text("50% of A_1 & {x}") == r"50\% of A\_1 \& \{x\}"


@pytest.mark.parametrize("title", [
    "'Checked ✓'",
    '"First line\\n\\nafter a blank line"',
    "|\n  A title over\n\n  two paragraphs",
    "'Σ over α ⊙ β, 🚀 «Ðe» – đone…'",
])
def test_a_title_with_any_text_compiles_in_the_standalone_document(tmp_path, title):
    """A ✓ (no glyph in pdflatex's default fonts) or a blank line (which ends a \\paragraph
    title) stopped the document from compiling."""
    fragment = target("latex").render(derive(f"title: {title}\nf: x^T x\nwrt: x\n"))

    proc = compile_pdf(tmp_path, fragment)

    assert proc.returncode == 0, proc.stdout[-3000:]


def test_a_title_keeps_what_latex_can_set_and_names_what_it_cannot():
    assert target("latex").text("Checked ✓\n\nα ⊙ 🚀 é") == (
        "Checked \\checkmark{} \\ensuremath{\\alpha} \\ensuremath{\\odot} [U+1F680] é")
