"""How much the plugin costs a build: generated sites of 1 and 120 blocks, plain, cold and warm.

    python benchmarks/site.py [--blocks 1 120] [--repeat 3]

* plain: the same pages with the blocks as ordinary ```yaml code fences, no plugin;
* cold: the plugin with an empty cache (every block derived and checked);
* warm: the plugin with the cache filled by the cold build, in a new process.

Each build is a fresh ``mkdocs build`` process, so start-up is counted alike. ``--cpu`` times
the processes' CPU seconds (user + system) instead of the wall clock: on a machine other jobs
share, the wall clock measures them as well.
Goals: one block cold <= 1.5 x plain, 120 blocks cold <= 2.5 x plain, warm <= 1.1 x plain.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

IDENTITIES = [
    ("tr(A X)", "X"), ("tr(X^T A)", "X"), ("a^T X b", "X"), ("x^T A x", "x"), ("||x||^2", "x"),
    ("||A x - b||^2", "x"), ("tr(X^T X)", "X"), ("ln|X|", "X"), ("|X|", "X"), ("tr(X^{-1} A)", "X"),
    ("tr(A X B X^T)", "X"), ("a^T X^{-1} b", "X"), ("sum(exp(x))", "x"), ("logsumexp(x)", "x"),
    ("tr(X^2)", "X"), ("x^T x / 2", "x"), ("||X||^2", "X"), ("tr(A X^T B X)", "X"), ("(a^T x)^2", "x"),
    ("||x||", "x"),
]
PER_PAGE = 10
THEME = "theme:\n  name: material\n  font: false\n"
EXTENSIONS = ("markdown_extensions:\n  - pymdownx.superfences\n"
              "  - pymdownx.arithmatex:\n      generic: true\n")


def write_site(root: Path, blocks: int, fence: str, plugin: bool) -> Path:
    """A site of ``blocks`` blocks, PER_PAGE a page; returns its mkdocs.yml."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    for page in range((blocks + PER_PAGE - 1) // PER_PAGE):
        parts = [f"# Page {page + 1}\n"]
        for i in range(page * PER_PAGE, min(blocks, (page + 1) * PER_PAGE)):
            f, wrt = IDENTITIES[i % len(IDENTITIES)]
            parts.append(f"## Identity {i + 1}\n\nSome words.\n\n```{fence}\ntitle: Identity {i + 1}\n"
                         f"f: {f}\nwrt: {wrt}\n```\n")
        (docs / f"page{page + 1:03d}.md").write_text("\n".join(parts), encoding="utf-8")
    (docs / "index.md").write_text("# Benchmark\n", encoding="utf-8")
    plugins = "plugins:\n  - matderiv\n" if plugin else "plugins: []\n"
    yml = root / "mkdocs.yml"
    yml.write_text(f"site_name: bench\n{THEME}{plugins}{EXTENSIONS}", encoding="utf-8")
    return yml


CPU = False
"""Set by ``--cpu``: ``build`` returns CPU seconds."""


def _clock() -> float:
    if not CPU:
        return time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(yml: Path) -> float:
    """Seconds (wall clock, or CPU with ``--cpu``) for one ``mkdocs build`` process."""
    start = _clock()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(yml)], check=True,
                   env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    return _clock() - start


GOALS = {1: 1.5, 120: 2.5}
"""Cold / plain goals by site size."""


def measure(blocks: int, repeat: int) -> tuple[float, float, float]:
    """Median seconds of (plain, cold, warm) builds of a ``blocks``-block site."""
    with tempfile.TemporaryDirectory() as tmp:
        plain_yml = write_site(Path(tmp) / "plain", blocks, "yaml", plugin=False)
        site_yml = write_site(Path(tmp) / "site", blocks, "matderiv", plugin=True)
        cache = site_yml.parent / ".cache"
        plain = statistics.median(build(plain_yml) for _ in range(repeat))
        colds = []
        for _ in range(repeat):
            shutil.rmtree(cache, ignore_errors=True)
            colds.append(build(site_yml))
        warm = statistics.median(build(site_yml) for _ in range(repeat))
    return plain, statistics.median(colds), warm


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--blocks", type=int, nargs="+", default=[1, 120])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cpu", action="store_true", help="CPU seconds of the builds, not wall clock")
    args = ap.parse_args()
    global CPU
    CPU = args.cpu
    for blocks in args.blocks:
        plain, cold, warm = measure(blocks, args.repeat)
        goal = f"(goal <= {GOALS[blocks]:.2f})" if blocks in GOALS else ""
        print(f"{blocks} blocks, median of {args.repeat} builds")
        print(f"plain  {plain:6.2f} s")
        print(f"cold   {cold:6.2f} s   {cold / plain:5.2f} x plain   {goal}")
        print(f"warm   {warm:6.2f} s   {warm / plain:5.2f} x plain   (goal <= 1.10)")


if __name__ == "__main__":
    main()
