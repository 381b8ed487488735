"""The mystmd plugin's Python side: the ``matderiv-myst`` command.

``matderiv-myst plugin`` prints the plugin (``myst_plugin.mjs``), which a Jupyter Book 2
or MyST-MD project lists in its ``myst.yml``. mystmd runs that JavaScript; for each
```` ```{matderiv} ```` block it runs ``matderiv-myst derive`` with the block as JSON on
standard input (``body``, the directive's ``options``, the ``page`` and the ``line`` of
the body's first line) and reads back ``{"nodes": [...], "error": ..., "warnings": [...]}``:
the derivation as MyST nodes (``render.targets.myst``) with its warnings, or an error note
and the error (its message and page line) that the plugin reports to mystmd at the page
and line.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from mkdocs_matderiv.errors import MatDerivError, MatDerivWarning
from mkdocs_matderiv.front.runner import Runner

PLUGIN = Path(__file__).with_name("myst_plugin.mjs")
"""The JavaScript plugin mystmd loads."""

USAGE = "usage: matderiv-myst plugin > matderiv.mjs   (the mystmd plugin; mystmd runs `matderiv-myst derive`)"


def main(argv: Sequence[str] | None = None, *, stdin: TextIO | None = None,
         stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``plugin``: print the plugin; ``derive``: answer one block (the console script)."""
    argv = sys.argv[1:] if argv is None else argv
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    if list(argv) == ["plugin"]:
        stdout.write(PLUGIN.read_text(encoding="utf-8"))
        return 0
    if list(argv) == ["derive"]:
        json.dump(answer(json.load(stdin)), stdout, ensure_ascii=False)
        return 0
    stderr.write(USAGE + "\n")
    return 2


def answer(request: dict[str, Any]) -> dict[str, Any]:
    """The nodes for one block, and its error (``message``, page ``line``) if it failed."""
    body = str(request.get("body") or "")
    options = {key: str(value).lower() if isinstance(value, bool) else str(value)
               for key, value in (request.get("options") or {}).items()}
    line = request.get("line") if isinstance(request.get("line"), int) else None
    outcome = Runner("myst", warn=lambda note: None).run(
        body, options, page=request.get("page") or None, line=None if line is None else line - 1)
    if outcome.error is None:
        warnings = [{"message": f"matderiv: {MatDerivWarning(w.message, key=w.key)}",
                     "line": (line + (w.line or 1) - 1) if line is not None else None}
                    for w in outcome.warnings]       # names that look alike: a warning at its line
        return {"nodes": outcome.output, "error": None, "warnings": warnings}
    err = outcome.error
    where = MatDerivError(err.message, key=err.key, column=err.column)    # the key and column, no page
    page_line = (line + (err.line or 1) - 1) if line is not None else None
    return {"nodes": outcome.output, "error": {"message": f"matderiv: {where}", "line": page_line}}


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
