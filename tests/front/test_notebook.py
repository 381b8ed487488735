"""Notebooks: derive() displays as the typeset derivation, and the %%matderiv magic, in real IPython."""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

from mkdocs_matderiv import derive

BLOCK = "f: tr(X B X^T)\nwrt: X\n"


@pytest.fixture(scope="module")
def shell() -> InteractiveShell:
    shell = InteractiveShell.instance()
    assert shell.run_cell("%load_ext mkdocs_matderiv").success
    return shell


def test_ipythons_display_formatter_shows_markdown_and_latex_not_a_data_dump():
    data, _ = InteractiveShell.instance().display_formatter.format(derive(BLOCK))

    assert {"text/markdown", "text/latex", "text/plain"} <= set(data)
    assert data["text/markdown"].startswith("$$\nf = \\operatorname{tr}\\left(X B X^{T}\\right)\n$$")
    assert "$$\n\\boxed{\\frac{\\partial f}{\\partial X} = X \\left(B + B^{T}\\right)}\n$$" in (
        data["text/markdown"])
    assert "\\begin{align*}" in data["text/latex"]
    assert data["text/latex"].startswith("% matderiv: needs \\usepackage{amsmath,amssymb}")
    assert data["text/plain"] == "gradient with respect to X: X (B + B^T)"


def test_the_cell_magic_derives_the_cell(shell, capsys):
    result = shell.run_cell("%%matderiv steps=brief\nf: x^T A x\nwrt: x\n")

    assert result.success
    data, _ = shell.display_formatter.format(result.result)
    assert "\\boxed{\\frac{\\partial f}{\\partial x} = \\left(A + A^{T}\\right) x}" in data["text/markdown"]
    assert "Out[" in capsys.readouterr().out


def test_a_bad_cell_prints_the_located_message_without_a_traceback(shell, capsys):
    result = shell.run_cell("%%matderiv\nf: A x\nwrt: x\nshapes: {A: m x n, x: k}\n")

    assert result.success and result.result is None
    err = capsys.readouterr().err
    assert err == ("matderiv: cell, line 1: f, column 1: shapes do not match in the product A x: "
                   "A is m×n, x is k×1\n")


def test_a_bad_option_on_the_magic_line_says_what_it_takes(shell, capsys):
    result = shell.run_cell("%%matderiv step=brief\nf: x^T x\nwrt: x\n")

    assert result.result is None
    assert "does not take 'step=brief'; it takes steps=full|brief|none, check=true|false" in (
        capsys.readouterr().err)
