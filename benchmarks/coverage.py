"""How much of the language derives: ``python benchmarks/coverage.py [--problems 1000] [--seed 0]``.

Makes random well-shaped problems from every family of the property tests
(``tests/strategies.py``, ``tests/families.py``: gradients and Jacobians of every part of
the language, scalar broadcast, Kronecker products, ``diag``, singular-prone sizes, ``vec``,
powers, the functions ``abs`` … ``logdet``, gradients in ``entries`` with two-digit subscripts
and matrix entries ``e_11``, ``tests/entries_family.py``), derives
each, runs the published NumPy source against central differences of the problem's own
reference, and parses the result's ``text`` back.  It reports:

* published code that fails (raises, has the wrong shape or value; must be 0),
* refused problems (must be at most 1 %), with the refusal messages by kind and count,
* results whose ``text`` does not parse back (with the block's shapes) to the same value.

``--show N`` prints N blocks of each kind of failure.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from families import FAMILIES  # noqa: E402
from oracle import judge  # noqa: E402
from strategies import Gen  # noqa: E402

WEIGHTS = {"gradient": 32, "jacobian": 16, "broadcast": 11, "kron": 9, "diag": 9, "singular": 7, "misc": 6,
           "functions": 10, "entries": 6}
"""Relative shares of the families (of 106)."""


def message_kind(message: str) -> str:
    """A refusal message with its location, names and numbers taken out: its kind."""
    text = re.sub(r"^line \d+: [\w.]+(, column \d+)?: ", "", message)
    text = text.replace("; nothing was published — please report this block", "")
    text = re.sub(r"with respect to \S+", "with respect to ·", text)
    text = re.sub(r"\d+(\.\d+)?(e[-+]?\d+)?", "#", text)
    text = re.sub(r"'[^']*'", "'·'", text)
    text = re.sub(r": [^:;]*(?= is | are |$)", ": ·", text) if "shapes do not match" in text else text
    return text[:150]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=1, help="blocks shown per kind of failure")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    names, weights = zip(*WEIGHTS.items())
    outcomes: Counter = Counter()
    kinds: dict[str, Counter] = defaultdict(Counter)
    examples: dict[tuple, list[str]] = defaultdict(list)
    by_family: dict[str, Counter] = defaultdict(Counter)
    started = time.monotonic()
    for _ in range(args.problems):
        family = rng.choices(names, weights)[0]
        case = FAMILIES[family](Gen(random.Random(rng.getrandbits(64))))
        outcome = judge(case)
        outcomes[outcome.kind] += 1
        by_family[family][outcome.kind] += 1
        kind = message_kind(outcome.message) if outcome.kind == "refused" else outcome.message[:150]
        if outcome.kind not in ("ok", "skipped"):
            kinds[outcome.kind][kind] += 1
            if len(examples[outcome.kind, kind]) < args.show:
                examples[outcome.kind, kind].append(case.block)
    took = time.monotonic() - started
    n = args.problems
    judged = n - outcomes["skipped"]
    failing = outcomes["code fails"] + outcomes["wrong"] + outcomes["crash"]
    print(f"{n} problems (seed {args.seed}) in {took:.0f} s; {outcomes['skipped']} skipped "
          "(the reference is nowhere finite)")
    print(f"published code that fails: {failing}  (raises or wrong shape: {outcomes['code fails']}, "
          f"wrong value: {outcomes['wrong']}, derive() crashed: {outcomes['crash']})")
    print(f"refused: {outcomes['refused']} = {100 * outcomes['refused'] / max(1, judged):.1f} %")
    print(f"text that does not parse back to the same value: {outcomes['text']}")
    print("by family: " + ", ".join(f"{f} {dict(c)}" for f, c in sorted(by_family.items())))
    for what in ("code fails", "wrong", "crash", "refused", "text"):
        if not kinds[what]:
            continue
        print(f"\n{what} by kind:")
        for kind, count in kinds[what].most_common():
            print(f"  {count:4d}  {kind}")
            for block in examples[what, kind]:
                print("        " + block.strip().replace("\n", "\n        "))
    return 1 if failing or outcomes["text"] or outcomes["refused"] > judged / 100 else 0


if __name__ == "__main__":
    sys.exit(main())
