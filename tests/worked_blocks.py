"""The seeds' worked blocks (values:, expand:) shared by tests/extras and tests/render."""

from __future__ import annotations

from pathlib import Path

import yaml

from mkdocs_matderiv.api import derive

SEEDS = Path("/work/shared/acceptance/seed_cases.yaml")

FALLBACK = {
    "s000-xTAx": "f: x^TAx\nwrt: x\nexpand: 2x2\n",
    "s001-Ax-hint": "f: Ax\nwrt: x\nshapes:\n  A: 2 x 2\n  x: \"2\"\nexpand: 2x2\n",
    "s002-2sumA": "f: 2 sum(A)\nwrt: A\nvalues:\n  A: [[1, 2, 3], [4, 5, 6]]\n",
    "s002-AWplusB-jac": ("f: A \\cdot W + \\mathbf{1} b^T\nwrt: W\nvec: row\nvalues:\n"
                         "  A: [[1, 2, 3], [4, 5, 6]]\n  b: [13, 14]\n"),
    "s002-sumAWB-chain": ("title: Chain rule through Z = A W + B\nf: sum(Z)\nwhere:\n"
                          "  Z: A W + \\mathbf{1} b^T\nwrt: W\nvalues:\n  A: [[1, 2, 3], [4, 5, 6]]\n"
                          "  W: [[7, 8], [10, 11], [12, 13]]\n  b: [13, 14]\n"),
}

SEED_002_JACOBIAN = [[1, 0, 2, 0, 3, 0],
                     [0, 1, 0, 2, 0, 3],
                     [4, 0, 5, 0, 6, 0],
                     [0, 4, 0, 5, 0, 6]]


def seed_block(case_id: str) -> str:
    if SEEDS.exists():
        for case in yaml.safe_load(SEEDS.read_text(encoding="utf-8")):
            if case["id"] == case_id:
                return case["block"]
    return FALLBACK[case_id]


def published_extras(block, index: int = 0) -> dict:
    """The ``extras`` of one result as ``derive(block).to_dict()`` publishes them."""
    return derive(block).to_dict()["results"][index].get("extras", {})
