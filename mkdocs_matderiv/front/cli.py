"""The ``matderiv`` command: derive one block, or expand the blocks of a Markdown file.

```console
$ echo 'f: tr(X B X^T)
wrt: X' | matderiv derive --format latex
$ matderiv render post.md -o post.rendered.md --flavor hugo
```

Exit status: 0 on success, 1 on a bad block (the message on stderr; ``render``
reports every bad block with its line and writes an error note in its place), 2 on
bad usage (argparse's own). ``render`` never follows a symbolic link out of the
directory it works in, for the file it reads or the one it writes, nor a dangling one
(``front.paths``): a committed ``post.rendered.md -> ~/.bashrc`` is refused, not written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from mkdocs_matderiv.errors import MatDerivError, MatDerivWarning
from mkdocs_matderiv.front import paths
from mkdocs_matderiv.front.fences import find_blocks
from mkdocs_matderiv.front.runner import Runner, site_defaults
from mkdocs_matderiv.language.options import STEPS
from mkdocs_matderiv.render.targets import FLAVORS, FORMATS


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (one sub-command per job)."""
    parser = argparse.ArgumentParser(
        prog="matderiv", description="Step-by-step, numerically checked matrix-calculus derivations.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{derive,render}")

    derive = sub.add_parser("derive", help="derive one block (YAML body) from stdin or --file")
    derive.add_argument("--file", metavar="PATH", help="read the block body from PATH instead of stdin")
    derive.add_argument("--format", choices=FORMATS, default="markdown",
                        help="output: markdown ($$ math, default), latex (an align* fragment "
                             "that needs \\usepackage{amsmath,amssymb}) or json")
    derive.add_argument("--standalone", action="store_true",
                        help="with --format latex: a whole article that pdflatex compiles as it is")
    _add_defaults(derive)

    render = sub.add_parser("render", help="expand every matderiv block of a Markdown file")
    render.add_argument("input", metavar="IN.md", help="the Markdown file")
    render.add_argument("-o", "--output", metavar="OUT.md", help="where to write (default: stdout)")
    render.add_argument("--flavor", choices=FLAVORS, default="mkdocs",
                        help="the site generator whose documented MathJax set-up reads the math: "
                             "mkdocs (arithmatex, default), hugo (passthrough), jekyll (kramdown) "
                             "or pandoc (--mathjax)")
    _add_defaults(render)
    return parser


def _add_defaults(p: argparse.ArgumentParser) -> None:
    p.add_argument("--steps", choices=STEPS, help="default `steps` of the blocks")
    p.add_argument("--no-check", dest="check", action="store_false", default=None,
                   help="do not verify results numerically (default `check: false`)")


def main(argv: Sequence[str] | None = None, *, stdin: TextIO | None = None,
         stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command; returns the exit status (argparse exits with 2 on bad usage)."""
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "derive" and args.standalone and args.format != "latex":
        parser.error("--standalone goes with --format latex")
    defaults = site_defaults(args.steps, args.check)
    notes: list[MatDerivWarning] = []
    code = _run(args, defaults, notes, stdin, stdout, stderr)
    for note in notes:
        stderr.write(f"matderiv: warning: {note}\n")
    return code


def _run(args: argparse.Namespace, defaults: dict, notes: list[MatDerivWarning],
         stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    try:
        if args.command == "derive":
            stdout.write(derive_command(args, stdin, defaults, notes))
            return 0
        text, errors = render_file(Path(args.input), defaults, args.flavor, notes)
        if args.output:
            paths.write_text(args.output, text)
        else:
            stdout.write(text)
        for err in errors:
            stderr.write(f"matderiv: {err}\n")
        return 1 if errors else 0
    except MatDerivError as err:
        stderr.write(f"matderiv: {err}\n")
        return 1
    except OSError as err:
        stderr.write(f"matderiv: {err.filename}: {err.strerror}\n")
        return 1
    return 0


def derive_command(args: argparse.Namespace, stdin: TextIO, defaults: dict,
                   notes: list[MatDerivWarning]) -> str:
    """The output of ``matderiv derive``: the ``--format`` target's (a bad block raises)."""
    source = paths.read_text(args.file) if args.file else stdin.read()
    settings = {"standalone": True} if args.standalone else {}
    outcome = Runner(args.format, defaults=defaults, settings=settings, warn=notes.append).run(
        source, page=args.file or "<stdin>")
    if outcome.error is not None:
        raise outcome.error
    return outcome.output


def render_file(path: Path, defaults: dict, flavor: str = "mkdocs",
                notes: list[MatDerivWarning] | None = None) -> tuple[str, list[MatDerivError]]:
    """A Markdown file with each ``matderiv`` block replaced by its derivation for ``flavor``;
    the blocks' warnings go to ``notes`` (None: issued as Python warnings).

    Returns:
        The text, where a bad block is an error note, and the errors, located in the file.
    """
    text = paths.read_text(path)
    lines = text.splitlines()
    out: list[str] = []
    errors: list[MatDerivError] = []
    runner = Runner(flavor, defaults=defaults, report=errors.append,
                    warn=None if notes is None else notes.append)
    done = 0
    for block in find_blocks(text):
        rendered = runner.run(block.body, page=str(path), line=block.line).output
        out.extend(lines[done:block.start])
        out.extend(_indent(rendered, block.indent))
        done = block.end
    out.extend(lines[done:])
    return "\n".join(out) + ("\n" if text.endswith("\n") or not text else ""), errors


def _indent(text: str, prefix: str) -> list[str]:
    return [prefix + line if line.strip() else prefix.rstrip() for line in text.rstrip("\n").split("\n")]


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
