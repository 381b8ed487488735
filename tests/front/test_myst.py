"""The mystmd plugin with real mystmd (npm's ``mystmd``; .ci/run installs it), set up as
docs/elsewhere.md says. mystmd's web theme needs the network, so the book is exported as
Markdown (``myst build --md``), which runs the same parse and math transforms offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from setups import commands, fenced, need, run, section

PAGE = """\
# Gradients

Some words, $x$.

```{matderiv}
f: tr(X B X^T)
wrt: X
```

:::{note}
Inside a note:

```{matderiv}
:steps: brief
f: ||A x - b||^2
wrt: x
```
:::

```{matderiv}
f: A x
wrt: x
shapes:
  A: m x n
  x: k
```
"""

ERROR = "⛔️ index.md:21 matderiv: f, column 1: shapes do not match in the product A x: A is m×n, x is k×1"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A project set up as the docs say: the plugin written by the documented command, their myst.yml."""
    need("myst")
    setup = section("elsewhere.md", "Jupyter Book 2 and MyST-MD")
    for command in commands(setup):
        proc = run(command, tmp_path)
        assert proc.returncode == 0, proc.stderr
    (tmp_path / "myst.yml").write_text(fenced(setup, "yaml")[0], encoding="utf-8")
    (tmp_path / "index.md").write_text(PAGE, encoding="utf-8")
    return tmp_path


def test_a_book_page_gets_myst_math_and_a_bad_block_an_error_at_its_line(book):
    proc = run("myst build index.md --md -o out/index.md", book)

    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "matderiv (matderiv.mjs) loaded: 1 directive" in log
    assert [line for line in log.splitlines() if line.startswith(("⛔️", "⚠️"))] == [ERROR]   # KaTeX took all
    out = (book / "out" / "index.md").read_text(encoding="utf-8")
    assert out.count("```{math}") >= 6
    assert "\\boxed{\\frac{\\partial f}{\\partial X} = X \\left(B + B^{T}\\right)}" in out
    assert "\\boxed{\\frac{\\partial f}{\\partial x} = 2 A^{T}" in out
    assert "\\text{transpose; collect like}" in out      # steps: brief, the rules under a line of a phone's width
    assert out.count(":::{tip} Numeric check\n:class: dropdown") == 2
    assert ":::{error} This matderiv block could not be derived" in out
    assert "index.md, line 21: f, column 1: shapes do not match" in out



def test_names_that_look_alike_are_a_warning_of_the_build(book):
    (book / "index.md").write_text("# Post\n\n```{matderiv}\nf: ν^T v\nwrt: v\n```\n", encoding="utf-8")

    proc = run("myst build index.md --md -o out/index.md", book)

    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert [line for line in log.splitlines() if line.startswith(("⛔️", "⚠️"))] == [
        "⚠️  index.md:4 matderiv: f: 'ν' (Greek nu) and 'v' (Latin) are two different names that look "
        "alike on the page; if they are one name, write it one way, otherwise rename one"]
    assert "\\boxed{" in (book / "out" / "index.md").read_text(encoding="utf-8")
