"""The numeric check's memory estimate: a Kronecker chain is refused before it is allocated."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mkdocs_matderiv import MatDerivError, derive, limits

KRON = "f: (t A)" + " ⊗ A" * 9 + "\nwrt: t\nshapes:\n  t: scalar\n"
"""Ten factors: at the sizes the check draws, half a gigabyte and more."""

PROBE = """
import json, resource, sys
from mkdocs_matderiv import MatDerivError, derive
blocks = json.loads(sys.argv[1])
messages = []
for block in blocks:
    try:
        derive(block, timeout=60)
        messages.append("derived")
    except MatDerivError as exc:
        messages.append(str(exc))
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "messages": messages}))
"""


def peak(blocks: list[str]) -> dict:
    """Run the blocks in a fresh interpreter; its peak RSS (MB) and the messages."""
    out = subprocess.run([sys.executable, "-c", PROBE, json.dumps(blocks)], capture_output=True,
                         text=True, check=True, timeout=300)
    return json.loads(out.stdout)


def test_kronecker_chains_are_refused_under_the_memory_limit_with_peak_rss_measured():
    baseline = peak(["f: x^T x\nwrt: x"])["peak_mb"]
    three = [KRON, "f: t (A" + " ⊗ A" * 9 + ")\nwrt: t\nshapes:\n  t: scalar\n",
             "f: (t x)" + " ⊗ x" * 14 + "\nwrt: t\nshapes:\n  t: scalar\n"]
    run = peak(three)

    assert run["messages"][0].startswith("line 1: f: the numeric check would need about ")
    assert run["messages"][0].endswith("(the limit is 256 MB); use fewer or smaller factors, set "
                                       "check: false, or raise the plugin's memory_limit")
    assert all(m.startswith("line 1: f: the numeric check would need about ") for m in run["messages"])
    assert run["peak_mb"] < baseline + limits.DEFAULT_MEMORY_MB


def test_the_limit_is_an_option():
    block = "f: t (A ⊗ A ⊗ A)\nwrt: t\nshapes:\n  A: n x n\n  t: scalar\n"
    with pytest.raises(MatDerivError, match=r"the limit is 0\.01 MB"):
        derive(block, memory_limit=0.01)


def test_an_ordinary_block_is_far_below_the_limit():
    assert derive("f: tr(X B X^T)\nwrt: X").results[0].check.passed
