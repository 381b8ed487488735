"""How the steps read: counts of the faults a teacher would not write, over every block of the
docs and of the acceptance cases.

    python benchmarks/steps.py [ROOT]

* lines that repeat the line before (same left- and right-hand side, spaces aside);
* ``d(Xᵀ) → dXᵀ`` lines of their own (rule (3) where it changes nothing visible);
* rows shown first with no left-hand side (``&= …`` under a continued result);
* trace trick (5) cited on a line that shows no trace;
* the longest result a page boxes (LaTeX characters).

ROOT defaults to the repository this file is in; the acceptance cases are read from
``ROOT/../shared/acceptance``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from mkdocs_matderiv import MatDerivError, derive
from mkdocs_matderiv.render.latex import latex

_BLOCK = re.compile(r"^( *)```matderiv\n(.*?)^\1```", re.S | re.M)
_UNFOLDED = re.compile(r"d\\left\(([A-Za-z_{}0-9]+)\^\{T\}\\right\)")


def blocks(root: Path) -> list[str]:
    """Every block body of the docs' pages, then of the acceptance cases."""
    found = []
    for page in sorted((root / "docs").rglob("*.md")):
        for m in _BLOCK.finditer(page.read_text(encoding="utf-8")):
            found.append("\n".join(line[len(m.group(1)):] for line in m.group(2).splitlines()))
    for cases in ("seed_cases.yaml", "forms_cases.yaml"):
        path = root.parent / "shared" / "acceptance" / cases
        if path.exists():
            found += [c["block"] for c in yaml.safe_load(path.read_text()) if isinstance(c, dict) and "block" in c]
    return found


def _seen(e) -> str | None:
    return None if e is None else latex(e).replace(" ", "")


def faults(block: str) -> dict[str, int]:
    counts = {"results": 0, "steps": 0, "repeated": 0, "unfolded_transpose": 0, "bare_first_row": 0,
              "trick5_without_trace": 0, "longest_boxed": 0}
    for r in derive(block).results:
        counts["results"] += 1
        counts["steps"] += len(r.steps)
        shown = r.steps[r.shared:]
        counts["bare_first_row"] += bool(shown and shown[0].lhs is None)
        lhs = None
        for before, step in zip(r.steps, r.steps[1:]):
            lhs = before.lhs if before.lhs is not None else lhs
            now = step.lhs if step.lhs is not None else lhs
            counts["repeated"] += (_seen(now), _seen(step.rhs)) == (_seen(lhs), _seen(before.rhs))
            counts["unfolded_transpose"] += (step.rule == "d.transpose"
                                             and _UNFOLDED.sub(r"d\1^{T}", latex(before.rhs)).replace(" ", "")
                                             == _seen(step.rhs))
        counts["trick5_without_trace"] += sum(1 for s in r.steps if s.rule and "tr.hadamard" in s.rule
                                              and r"\operatorname{tr}" not in latex(s.rhs))
        boxed = getattr(r, "named", None) or r.value
        counts["longest_boxed"] = max(counts["longest_boxed"], len(latex(boxed)))
    return counts


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]
    total: dict[str, int] = {}
    n = 0
    for block in blocks(root):
        try:
            counts = faults(block)
        except MatDerivError:
            continue
        n += 1
        for key, value in counts.items():
            total[key] = max(total.get(key, 0), value) if key == "longest_boxed" else total.get(key, 0) + value
    print(f"blocks {n}: " + ", ".join(f"{k} {v}" for k, v in total.items()))


if __name__ == "__main__":
    main()
