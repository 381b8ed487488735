"""The LaTeX output compiles with a real pdflatex."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from mkdocs_matderiv import derive
from mkdocs_matderiv.render.document import derivation_latex, escape, standalone

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
    fragment = derivation_latex(derive(BLOCKS[name]))

    proc = compile_pdf(tmp_path, fragment)

    assert proc.returncode == 0, proc.stdout[-3000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 1000
    assert "\\begin{align*}" in fragment or name == "jacobian"


def test_rules_are_text_notes_in_the_align():
    fragment = derivation_latex(derive(BLOCKS["trace"]))

    assert "&& \\text{trace trick (4): cyclic property of the trace}" in fragment


def test_plain_text_is_escaped_for_latex():
    assert escape("50% of A_1 & {x}") == r"50\% of A\_1 \& \{x\}"
