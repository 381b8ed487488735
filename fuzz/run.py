"""A long fuzzing run, outside CI: ``python fuzz/run.py --minutes 10``.

It runs the properties of ``tests/test_fuzz.py`` with many more examples, a fresh seed each
round, until the time is up.  Every failure (an exception other than a located
``MatDerivError``, a block over its time budget by more than a second of CPU, or one that raises
the process's peak memory past the memory limit) is written to ``fuzz/findings/`` with its
traceback; the run then goes on.  Results refused as the engine's failure ("… please report
this block") are listed apart in ``engine-failures.txt``.  The ``markup`` property
(``fuzz/markup.py``) records a block whose text is published as markup of a target: an
element, a link, a template tag or a command the author did not write as math.
"""

from __future__ import annotations

import argparse
import faulthandler
import hashlib
import resource
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fuzz.markup import marked_blocks, published_markup  # noqa: E402
from fuzz.strategies import arbitrary_blocks, expression_blocks, mutated_blocks, run_block  # noqa: E402
from mkdocs_matderiv import limits  # noqa: E402

FINDINGS = Path(__file__).parent / "findings"
FINDINGS.mkdir(exist_ok=True)
CURRENT = FINDINGS / "current-block.txt"
HANG_LOG = open(FINDINGS / "hangs.log", "a")  # noqa: SIM115 - stack dumps of blocks past 6 × --slow


FOUND: dict[str, str] = {}
"""Findings by kind (exception type and the innermost frame of the package): the first block."""


def record(text: str, exc: Exception) -> None:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "mkdocs_matderiv" in f.filename]
    where = f"{frames[-1].filename.split('mkdocs_matderiv/')[-1]}:{frames[-1].lineno}" if frames else "?"
    kind = f"{type(exc).__name__} at {where}" if frames else f"{type(exc).__name__}: {exc}"[:60]
    if kind in FOUND:
        return
    FOUND[kind] = text
    report = f"{kind}\nblock: {text!r}\n\n" + "".join(traceback.format_exception(exc))
    digest = hashlib.sha1(kind.encode()).hexdigest()[:10]
    (FINDINGS / f"finding-{digest}.txt").write_text(report)
    print(f"  finding: {kind}: {str(exc)[:150]!r} for {text[:120]!r}", flush=True)


SLOW: list[tuple[float, str]] = []
"""Blocks slower than ``--slow`` seconds (kept, not failed: timing is not reproducible)."""


class Finding(Exception):
    """A block that broke a budget: over its time budget by more than a second of CPU, or
    raising the peak memory of the process past the memory limit."""


ENGINE: dict[str, str] = {}
"""Blocks whose result failed its check ("the engine failed … please report"): by message."""


def peak_mb() -> float:
    """The peak resident memory of this process so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(slow: float):
    budget = slow * 2
    baseline = peak_mb()

    def check(text: str) -> None:
        CURRENT.write_text(text)          # a block that hangs the process is kept here
        faulthandler.dump_traceback_later(slow * 6, exit=False, file=HANG_LOG)
        start, cpu = time.monotonic(), time.process_time()
        nonlocal baseline
        try:
            message = run_block(text, timeout=budget)
            if message and "please report this block" in message:   # the engine's own failure
                ENGINE.setdefault(message.split(" because ")[-1][:100], text)
        except Exception as exc:          # a finding: kept here, not shrunk (shrinking can stall)
            record(text, exc)
        finally:
            faulthandler.cancel_dump_traceback_later()
        took, cpu = time.monotonic() - start, time.process_time() - cpu
        if took > slow:
            SLOW.append((took, text))
            print(f"  slow block ({took:.1f} s): {text!r}", flush=True)
        if cpu > budget + 1:
            record(text, Finding(f"over budget: {cpu:.1f} s of CPU under a {budget:g} s budget"))
        if peak_mb() > baseline + limits.DEFAULT_MEMORY_MB:
            record(text, Finding(f"peak memory {peak_mb():.0f} MB, more than the limit "
                                 f"({limits.DEFAULT_MEMORY_MB} MB) above the start ({baseline:.0f} MB)"))
            baseline = peak_mb()          # report the next block that raises it again
    return check


def marked(text: str) -> None:
    """A finding where the block's text was published as markup of some target."""
    found = published_markup(text)
    if found:
        record(text, Finding("published as markup: " + "; ".join(found[:3])))


def counted(strategy, examples: int, check: Callable[[str], None]) -> tuple[Callable[[], None], dict[str, int]]:
    """A Hypothesis property that runs ``check`` on ``examples`` draws of ``strategy``, and the
    count of the draws it ran (a finding stops it early)."""
    count = {"n": 0}

    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck), print_blob=True)
    @given(strategy)
    def prop(text: str) -> None:
        count["n"] += 1
        check(text)

    return prop, count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--examples", type=int, default=500, help="examples per property per round")
    parser.add_argument("--slow", type=float, default=5.0, help="seconds after which a block is a finding")
    args = parser.parse_args(argv)
    FINDINGS.mkdir(exist_ok=True)
    end = time.monotonic() + 60 * args.minutes
    check = timed(args.slow)
    properties = {"mutated": mutated_blocks(), "arbitrary": arbitrary_blocks(),
                  "expressions": expression_blocks(), "markup": marked_blocks()}
    checks = {"markup": marked}
    rounds = examples = findings = 0
    started = time.monotonic()
    while time.monotonic() < end:
        rounds += 1
        for name, strategy in properties.items():
            if time.monotonic() >= end:
                break
            prop, count = counted(strategy, args.examples, checks.get(name, check))
            try:
                prop()
            except Exception as exc:  # a finding: keep it, go on
                findings += 1
                report = "".join(traceback.format_exception(exc))
                digest = hashlib.sha1(report.encode()).hexdigest()[:10]
                (FINDINGS / f"{name}-{digest}.txt").write_text(report)
                print(f"[{time.monotonic() - started:7.0f} s] finding in {name}: "
                      f"{type(exc).__name__}: {str(exc)[:200]}", flush=True)
            examples += count["n"]
        print(f"[{time.monotonic() - started:7.0f} s] round {rounds}: {examples} examples, "
              f"{findings} findings", flush=True)
    if SLOW:
        (FINDINGS / "slow.txt").write_text("".join(f"{t:.1f} s  {b!r}\n" for t, b in sorted(SLOW)))
    if ENGINE:
        (FINDINGS / "engine-failures.txt").write_text(
            "".join(f"{m}\n  block: {b!r}\n" for m, b in sorted(ENGINE.items())))
    findings += len(FOUND)
    print(f"ran {time.monotonic() - started:.0f} s, {examples} examples, {findings} findings, "
          f"{len(SLOW)} slow blocks, {len(ENGINE)} kinds of engine failure, peak memory "
          f"{peak_mb():.0f} MB")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
