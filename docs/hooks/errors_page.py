"""MkDocs hook: fills docs/errors.md with every error an author can meet.

The cases live in ``tests/error_cases.yaml`` (block, exact message, fix); the test
``tests/test_error_cases.py`` asserts each message, and this hook turns the same cases into
the page, so the page cannot drift from what the code says.  Register it in ``mkdocs.yml``::

    hooks:
      - docs/hooks/errors_page.py
"""

from __future__ import annotations

from pathlib import Path

import yaml

MARKER = "<!-- error-cases -->"
"""Where in docs/errors.md the cases go."""

CASES = Path(__file__).resolve().parents[2] / "tests" / "error_cases.yaml"


def load_cases(path: Path = CASES) -> list[dict]:
    """The cases of ``tests/error_cases.yaml``, in order."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def case_block(case: dict) -> str:
    """The block a case runs: its ``block``, or one built from ``repeat``, ``nest``, ``values``
    or ``many_wrt`` where the real block is too long to show."""
    if "repeat" in case:
        r = case["repeat"]
        return f"f: x^T x{r['text'] * r['times']}\nwrt: x\n"
    if "nest" in case:
        n = case["nest"]
        return f"f: {'(' * n}x^T x{')' * n}\nwrt: x\n"
    if "values" in case:
        v = case["values"]
        rows = ", ".join("[" + ", ".join(["1"] * v["cols"]) + "]" for _ in range(v["rows"]))
        return f"f: tr({v['name']})\nwrt: {v['name']}\nvalues:\n  {v['name']}: [{rows}]\n"
    if "many_wrt" in case:
        names = [f"a_{i}" for i in range(1, case["many_wrt"] + 1)]
        return f"f: {' + '.join(names)}\nwrt: [{', '.join(names)}]\n"
    return case["block"]


def render_cases(cases: list[dict]) -> str:
    """The Markdown of the cases: a section per group, each case as example, message, fix."""
    out: list[str] = []
    section = None
    for case in cases:
        if case["section"] != section:
            section = case["section"]
            out.append(f"## {section}\n")
        out.append(f"### {case['title']}\n")
        out.append("```yaml\n" + case["block"].rstrip("\n") + "\n```\n")
        out.append("The message:\n")
        out.append("```text\n" + case["message"] + "\n```\n")
        out.append(f"**Fix:** {case['fix']}\n")
    return "\n".join(out)


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Replace the marker in errors.md with the cases."""
    if page.file.src_uri != "errors.md" or MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, render_cases(load_cases()))
