"""The set-ups the docs give, run as written: their ```` ```console ```` commands and files.

The tests take the commands from the docs page itself, so a page that drifts from what
works fails its test.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

DOCS = Path(__file__).parents[2] / "docs"

REQUIRED = bool(os.environ.get("MATDERIV_REQUIRE_BROWSER"))
"""CI sets it: a missing tool fails the test instead of skipping it."""


def section(page: str, heading: str) -> str:
    """The text of ``docs/page`` under ``heading`` (a ``#`` line, any level, outside code fences),
    up to the next heading of the same or a higher level."""
    lines = (DOCS / page).read_text(encoding="utf-8").splitlines(keepends=True)
    out: list[str] | None = None
    level, fence = 0, ""
    for line in lines:
        if fence:
            fence = "" if line.strip() == fence else fence
        elif opening := re.match(r"(`{3,})[^`]*$", line):      # not a line that opens with inline code
            fence = opening.group(1)
        elif m := re.match(r"(#+) (.*)", line):
            if out is not None and len(m.group(1)) <= level:
                break
            if out is None and m.group(2).strip() == heading:
                out, level = [], len(m.group(1))
                continue
        if out is not None:
            out.append(line)
    assert out is not None, f"{page} has no heading {heading!r}"
    return "".join(out)


def fenced(text: str, info: str) -> list[str]:
    """The bodies of the ```` ```info ```` blocks of ``text``, in order."""
    return re.findall(rf"^```{re.escape(info)}\n(.*?)^```$", text, re.S | re.M)


def commands(text: str) -> list[str]:
    """The ``$ `` commands of the ```` ```console ```` blocks of ``text``, continuation lines joined."""
    return [c for block in fenced(text, "console") for c in console_commands(block)]


def console_commands(block: str) -> list[str]:
    """The ``$ `` commands of one console block's body."""
    return [" ".join(line[2:].split()) for line in block.replace("\\\n", " ").splitlines()
            if line.startswith("$ ")]


def need(tool: str) -> None:
    """Skip where ``tool`` is not installed, unless CI requires it."""
    if not shutil.which(tool) and not REQUIRED:
        pytest.skip(f"{tool} is not installed (.ci/run installs it)")


def run(command: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run a documented command in ``cwd`` with a shell, as a reader would, with this venv's
    ``python`` and console scripts first on the ``PATH``, and no forced colour (CI sets
    FORCE_COLOR, and mystmd then wraps its messages in ANSI codes)."""
    env = {key: value for key, value in os.environ.items() if key != "FORCE_COLOR"}
    env.update(NO_COLOR="1", PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


REPORT = """
() => {
  const math = Array.from(document.querySelectorAll('.math'));
  const right = document.body.getBoundingClientRect().right;
  return {
    total: math.length,
    untypeset: math.filter(e => !e.querySelector('mjx-container, .katex')).length,
    errors: document.querySelectorAll('mjx-merror, [data-mjx-error], .katex-error').length,
    wide: Array.from(document.querySelectorAll('.math.display'))
               .filter(e => e.getBoundingClientRect().right > right + 2).length,
    raw: /\\\\(begin|frac|operatorname|boxed)/.test(document.body.innerText),
    steps: document.querySelectorAll('.matderiv-step').length,
    notes: Array.from(document.querySelectorAll('.matderiv-error')).map(e => e.innerText.split('\\n')[0]),
  };
}
"""
"""What a page built by pandoc shows: its ``.math`` spans (pandoc's) typeset or not, math errors,
displays reaching past the page, raw TeX in the text, step rows and error notes."""


def typeset(browser: Any, url: str, width: int = 1280) -> dict:
    """Open ``url`` offline (anything not on 127.0.0.1 is refused and listed in ``outside``) in a
    window ``width`` px wide, wait until every ``.math`` element is typeset, and report."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    outside: list[str] = []
    context.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
                  if not route.request.url.startswith("http://127.0.0.1") else route.continue_())
    page = context.new_page()
    page.goto(url, wait_until="load")
    with contextlib.suppress(Exception):
        page.wait_for_function("() => document.querySelectorAll('.math').length > 0 && Array.from("
                               "document.querySelectorAll('.math')).every(e => e.querySelector("
                               "'mjx-container, .katex'))", timeout=90_000)
    report = page.evaluate(REPORT)
    context.close()
    return {**report, "outside": outside}
