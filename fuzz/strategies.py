"""Hypothesis strategies for hostile and broken blocks, shared by ``tests/test_fuzz.py`` and
``fuzz/run.py``: arbitrary text, and valid blocks mutated the ways people and attackers do."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import strategies as st

from mkdocs_matderiv import MatDerivError, derive

SEED_BLOCKS = [
    "f: tr(XBX^T)\nwrt: X\n",
    "f: x^TAx\nwrt: x\nexpand: 2x2\n",
    "f: ||Xw - y||^2\nwrt: w\n",
    "f: ln|X|\nwrt: X\n",
    "f: sum(ln(1 + exp(Xw)))\nwrt: w\n",
    "f: W_2 sigma(W_1 x + b_1)\nwrt: [W_1, b_1]\n",
    "f: L(Y)\nwrt: W\nwhere:\n  Y: sigma(W X)\nfunctions:\n  L: scalar\n",
    "f: tr(A X^{-1} B)\nwrt: X\nassume:\n  X: invertible\n",
    "f: x^T x\nwrt: x\nvalues:\n  x: [1, 2, 3]\n",
    "f: A x\nwrt: x\nshapes:\n  A: m x n\n  x: n\nlayout: denominator\n",
    "f: X ⊗ B\nwrt: X\nvec: row\nsteps: brief\ncheck: false\n",
    "f: \\frac{1}{2} \\|Ax - b\\|^2 + \\lambda x^\\top x\nwrt: x\ntitle: Ridge\n",
]

_SEED_FILE = Path("/work/shared/acceptance/seed_cases.yaml")
if _SEED_FILE.exists():
    SEED_BLOCKS += [case["block"] for case in yaml.safe_load(_SEED_FILE.read_text()) or []
                    if isinstance(case, dict) and isinstance(case.get("block"), str)]

LOOKALIKES = {"X": "ХΧＸ", "x": "хｘ", "A": "АΑ", "B": "ВΒ", "T": "ТΤ", "e": "е", "o": "оο",
              "p": "р", "c": "с", "1": "１𝟏", "-": "−‐–", "(": "（", ")": "）", " ": "\u00a0\u200b\u3000",
              ":": "：", "|": "∣｜", "^": "ˆ", "'": "’′"}

HOSTILE = [
    "!!python/object/apply:os.system ['true']", "&a ", "*a", "<<: *a", "? ", "- ", "---\n",
    "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "{", "}", "[", "]", "|", ">-", "#", "\t", "\\",
    "\"", "'", "`", "$(true)", "{{ x }}", "__import__('os')", ";", "\x00", "\ufeff", "\r", "\u2028",
    "99999999999999999999999999999999999999999999999999", "^{99999}", "^1000000", "^{-1000000}",
    "1e400", "0.000000000000000000000000000000000000000001", "/0", "./0", "\\frac{", "\\left(",
    "\\unknown", "_{", "__", "'''", "||", "|", "⊗", "⊙", "ᵀ", "⁻¹", "𝟏", "σ(", "α", "I", "ones",
    "tr(", "det(", "where:\n  Y: Y\n", "shapes:\n  X: 0 x 0\n", "shapes:\n  X: 1000 x 1000\n",
    "values:\n  X: [[1, 2], [3]]\n", "values:\n  X: [[1e308, 1e308]]\n", "wrt: []\n", "f: \n",
]

_TOKEN = re.compile(r"\\[A-Za-z]+|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d*)?|\S")


def _drop(text: str, i: int) -> str:
    return text[:i] + text[i + 1:]


def _double(text: str, i: int) -> str:
    return text[:i] + text[i:i + 1] * 2 + text[i + 1:]


def _swap_tokens(text: str, i: int) -> str:
    tokens = _TOKEN.findall(text)
    if len(tokens) < 2:
        return text
    i %= len(tokens) - 1
    a, b = tokens[i], tokens[i + 1]
    return text.replace(a + " " + b, b + " " + a, 1) if a + " " + b in text else text.replace(a + b, b + a, 1)


def _lookalike(text: str, i: int) -> str:
    keys = [j for j, ch in enumerate(text) if ch in LOOKALIKES]
    if not keys:
        return text
    j = keys[i % len(keys)]
    options = LOOKALIKES[text[j]]
    return text[:j] + options[i % len(options)] + text[j + 1:]


def _insert(text: str, i: int, what: str) -> str:
    i %= len(text) + 1
    return text[:i] + what + text[i:]


def _nest(text: str, i: int, depth: int, opener: str) -> str:
    close = {"(": ")", "[": "]", "{": "}", "|": "|", "exp(": ")", "-": "", "tr(": ")"}[opener]
    m = re.search(r"^f:(.*)$", text, re.M)
    if not m:
        return text
    body = opener * depth + m.group(1).strip() + close * depth
    return text[:m.start(1)] + " " + body + text[m.end(1):]


@st.composite
def mutated_blocks(draw) -> str:
    """A valid block with one to four mutations."""
    text = draw(st.sampled_from(SEED_BLOCKS))
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, 10_000))
        kind = draw(st.sampled_from(["drop", "double", "swap", "lookalike", "hostile", "nest",
                                     "text", "repeat"]))
        if kind == "drop" and text:
            text = _drop(text, i % len(text))
        elif kind == "double" and text:
            text = _double(text, i % len(text))
        elif kind == "swap":
            text = _swap_tokens(text, i)
        elif kind == "lookalike":
            text = _lookalike(text, i)
        elif kind == "hostile":
            text = _insert(text, i, draw(st.sampled_from(HOSTILE)))
        elif kind == "nest":
            text = _nest(text, i, draw(st.integers(1, 200)),
                         draw(st.sampled_from(["(", "[", "{", "|", "exp(", "-", "tr("])))
        elif kind == "text":
            text = _insert(text, i, draw(st.text(max_size=8)))
        elif kind == "repeat":
            m = re.search(r"^f:(.*)$", text, re.M)
            if m:
                op = draw(st.sampled_from([" + ", " ", " ⊗ ", " ./ ", "'", "^T", " * "]))
                n = draw(st.integers(2, 300))
                part = m.group(1).strip()
                rep = (part + op * n) if op in ("'", "^T") else op.join([f"({part})"] * n)
                text = text[:m.start(1)] + " " + rep + text[m.end(1):]
    return text


def arbitrary_blocks() -> st.SearchStrategy[str]:
    """Text from nothing: any characters, and key-shaped lines with any values."""
    line = st.tuples(st.sampled_from(["f", "wrt", "where", "shapes", "values", "assume",
                                      "functions", "expand", "vec", "check", "  X", "  Y", "- "]),
                     st.text(max_size=30)).map(lambda kv: f"{kv[0]}: {kv[1]}")
    return st.one_of(st.text(max_size=200), st.lists(line, max_size=6).map("\n".join))


def expressions() -> st.SearchStrategy[str]:
    """Expressions built from the language's own tokens, in any order."""
    pieces = st.sampled_from(["X", "x", "A", "B", "w", "y", "α", "λ", "I", "𝟏", "\\mathbf{1}", "2",
                              "0.5", "+", "-", "*", " ", "(", ")", "[", "]", "{", "}", "|", "||",
                              "^", "^T", "^{-1}", "'", "⊙", "⊗", "./", "/", "tr", "det", "ln",
                              "exp", "sigma", "sum", "diag", "vec", "softmax", "norm", "\\frac",
                              "\\left(", "\\right)", "_1", "_{2}", ","])
    return st.lists(pieces, min_size=1, max_size=25).map("".join)


def expression_blocks() -> st.SearchStrategy[str]:
    return st.tuples(expressions(), st.sampled_from(["X", "x", "w", "α", "[X, x]"])).map(
        lambda p: f"f: {p[0]}\nwrt: {p[1]}\n")


def run_block(text: str, timeout: float = 5.0) -> str | None:
    """The property: ``derive`` returns, or raises a located :class:`MatDerivError`.

    Returns:
        The error's message, or None when the block was derived.
    """
    try:
        derive(text, timeout=timeout)
    except MatDerivError as err:
        assert err.message, f"an error without a message for {text!r}"
        assert err.where(), f"an error without a location for {text!r}: {err}"
        assert str(err).startswith(err.where()), str(err)
        return err.message
    return None
