"""The pandoc filter: ``pandoc notes.md --filter matderiv-pandoc --mathjax -o notes.html``.

Pandoc passes the document as its JSON AST on standard input and the output format
as the first argument; the filter writes the document back with every
```` ```matderiv ```` code block (``{.matderiv steps="brief"}`` sets a fence option)
replaced by its derivation in pandoc's own nodes (``render.targets.pandoc``), so one
filter serves HTML (MathJax, KaTeX), PDF through LaTeX, Word and every other writer.
Quarto runs it the same way (``filters:`` in ``_quarto.yml``).

A bad block is reported on standard error as ``notes.md, line 12: …`` and stands in
the document as a note with the message and the block; the rest of the document is
written and the exit status stays 0 (pandoc discards everything when a filter fails).
Pandoc does not tell a JSON filter which files it reads: they are taken from pandoc's
command line where the system shows it (``/proc`` on Linux); elsewhere an error
names the block by its number in the document.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from mkdocs_matderiv.front.fences import NAME, FoundBlock, find_blocks, normalize
from mkdocs_matderiv.front.runner import Runner
from mkdocs_matderiv.render.targets.pandoc import HTML_FORMATS, Node


def main(argv: Sequence[str] | None = None, *, stdin: TextIO | None = None,
         stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Filter one document (the console script ``matderiv-pandoc``)."""
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    argv = sys.argv[1:] if argv is None else argv
    html = bool(argv) and argv[0] in HTML_FORMATS
    doc = json.load(stdin)
    blocks = Located(sources=pandoc_inputs())
    runner = Runner("pandoc-ast", settings={"html": html},
                    report=lambda err: stderr.write(f"matderiv: {err}\n"),
                    warn=lambda note: stderr.write(f"matderiv: warning: {note}\n"))
    count = 0

    def derivation(code: Node) -> list[Node]:
        nonlocal count
        count += 1
        (_, _, attributes), text = code["c"]
        page, line = blocks.find(text)
        return runner.run(text, dict(attributes), page=page or f"matderiv block {count} of the document",
                          line=None if line is None else line - 1).output

    doc["blocks"] = replaced(doc["blocks"], is_matderiv, derivation)
    json.dump(doc, stdout, ensure_ascii=False)
    return 0


def is_matderiv(node: Any) -> bool:
    """A ``CodeBlock`` whose first class is ``matderiv`` (```` ```matderiv ```` or ``{.matderiv}``)."""
    return (isinstance(node, dict) and node.get("t") == "CodeBlock"
            and node["c"][0][1][:1] == [NAME])


def replaced(value: Any, match: Callable[[Any], bool], replace: Callable[[Any], list]) -> Any:
    """``value`` with every element of a list that ``match``es spliced out for ``replace``'s list,
    at any depth (code blocks sit in lists, quotes, divs, table cells and notes), in document order."""
    if isinstance(value, list):
        out: list = []
        for item in value:
            if match(item):
                out.extend(replace(item))
            else:
                out.append(replaced(item, match, replace))
        return out
    if isinstance(value, dict):
        return {key: replaced(item, match, replace) for key, item in value.items()}
    return value


@dataclass
class Located:
    """The ``matderiv`` fences of the input files, so that a block found in the AST has its file
    and line: each block is matched to the next fence with the same body, in reading order."""

    sources: list[Path]
    _fences: list[tuple[str, FoundBlock]] = field(default_factory=list)
    _next: int = 0

    def __post_init__(self) -> None:
        for path in self.sources:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            self._fences += [(str(path), block) for block in find_blocks(text)]

    def find(self, body: str) -> tuple[str | None, int | None]:
        """``(file, line of the body's first line)`` of the block, or ``(None, None)``."""
        key = normalize(body)
        for index in range(self._next, len(self._fences)):
            path, block = self._fences[index]
            if normalize(block.body) == key:
                self._next = index + 1
                return path, block.line + 1
        return None, None


_TAKES_VALUE = {"-o", "--output", "-F", "--filter", "-L", "--lua-filter", "-d", "--defaults", "-f", "-r",
                "--from", "--read", "-t", "-w", "--to", "--write", "-H", "--include-in-header", "-B",
                "--include-before-body", "-A", "--include-after-body", "--template", "-M", "--metadata",
                "-V", "--variable", "--metadata-file", "--bibliography", "--csl", "-c", "--css",
                "--resource-path", "--data-dir", "--reference-doc", "--log", "--pdf-engine"}


def pandoc_inputs() -> list[Path]:
    """The input files on the command line of the pandoc that runs this filter (its parent), read
    from ``/proc``; none where the system does not show it, or when pandoc reads standard input."""
    try:
        args = Path(f"/proc/{os.getppid()}/cmdline").read_bytes().decode("utf-8", "replace").split("\0")
    except OSError:
        return []
    inputs: list[Path] = []
    skip = False
    for arg in args[1:]:
        if skip:
            skip = False
        elif arg in _TAKES_VALUE:
            skip = True
        elif arg and not arg.startswith("-") and Path(arg).is_file():
            inputs.append(Path(arg))
    return inputs


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
