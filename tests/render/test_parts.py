"""The sentences a derivation is written with: one template each, grammatical for every rule
that can end a derivation (seed 003 reads "Apply trace tricks (4):", never "by the take ...")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mkdocs_matderiv import derive
from mkdocs_matderiv.engine.rules import RULES
from mkdocs_matderiv.front.fences import find_blocks
from mkdocs_matderiv.render.parts import (READ_OFF, Boxed, Details, InlineMath, Prose, RuleRef, Steps, conclusion,
                                          derivation_parts)

ROOT = Path(__file__).parents[2]

READ_OFF_SENTENCES = {
    "core": "Reading off the gradient by the core relation:",
    "core.vector": "Reading off the gradient by the core relation for a vector:",
    "core.scalar": "Reading off the derivative by the core relation for a scalar:",
    "jacobian": "Reading off the Jacobian:",
    "layout": ("Reading off the derivative in denominator layout, where each fraction is the transpose "
               "of the Jacobian (∂Ax/∂x = Aᵀ):"),
    "d2.symmetric": "Since the Hessian is symmetric (the Jacobian of a gradient, Schwarz's theorem):",
    "d2.identify": "By the second identification theorem (Magnus and Neudecker), M:",
    "d2.scalar": "By the second identification for a scalar:",
}


def words(prose: Prose) -> str:
    """A sentence as a reader sees it, each piece of math as ``M``."""
    return "".join("M" if isinstance(p, InlineMath) else re.sub(r"\$[^$]*\$", "M", p.name)
                   if isinstance(p, RuleRef) else p for p in prose.pieces)


def ref(key: str) -> RuleRef:
    return RuleRef(key, RULES[key].name)


def test_every_rule_that_reads_off_a_result_has_its_sentence():
    assert sorted(READ_OFF) == sorted(READ_OFF_SENTENCES)


@pytest.mark.parametrize("key", sorted(READ_OFF_SENTENCES))
def test_the_line_a_result_is_read_off_from_becomes_the_sentence_before_it(key):
    sentence = conclusion([ref(key)])

    assert words(sentence) == READ_OFF_SENTENCES[key]
    assert [r.key for r in sentence.pieces if isinstance(r, RuleRef)] == [key]     # the rule, linkable


@pytest.mark.parametrize("key", sorted(set(RULES) - set(READ_OFF)))
def test_a_result_read_off_by_any_other_rule_names_it_after_therefore(key):
    sentence = conclusion([ref(key)])

    if key == "claim":
        assert words(sentence) == "Therefore, which is the claimed result:"
    elif key == "substitute":
        assert words(sentence) == "Substituting the definitions:"
    else:
        assert words(sentence) == f"Therefore, {words(Prose((ref(key),)))}:"


def test_a_line_that_combines_rules_names_each_of_them():
    sentence = conclusion([ref("core"), ref("collect")])

    assert words(sentence) == "Therefore, core relation; collect like terms:"


def test_a_claim_is_confirmed_at_the_end_of_the_sentence_that_reads_the_result_off():
    sentence = conclusion([ref("core"), ref("claim")])

    assert words(sentence) == "Reading off the gradient by the core relation, which is the claimed result:"


TEMPLATES = [
    r"where",
    r"with M(, M)*(; M [a-z ]+)*\.|M [a-z ]+(; M [a-z ]+)*\.",
    r"(The gradient|The Jacobian|The derivative|The Hessian) with respect to M[:,]",
    r"Continuing from the steps above, (the gradient|the Jacobian|the derivative|the Hessian) with respect to M:",
    r"Where the gradient vanishes:",
    r"This point exists where M( and M)* (is|are) invertible( \(which needs M( and M)*\))?\.",
    r"Therefore:",
    r"Therefore, .*:",
    r"Substituting .*:",
    r".*, which is the claimed result:",
    r"Lemma \(\d+\): M(, where M)?\. Proof:",
    r"(The gradient|The Jacobian|The derivative|The Hessian) with respect to M, where M((, M)* and M)?[:,]",
    r"Continuing from the steps above, (the gradient|the Jacobian|the derivative|the Hessian) "
    r"with respect to M, where M((, M)* and M)?:",
    r"M",
    *(re.escape(s) for s in READ_OFF_SENTENCES.values()),
    r"In summary, the backward pass computes, in this order:",
    r"With the given numbers,",
    r"The same, as the chain rule through M: the gradient in M, flattened, times the Jacobian of M\.",
    r"Reshaped to the shape of M:",
    r"Entry by entry at size M, as a cross-check \(it agrees with the general result\):",
    r"The general result at this size, written the same way:",
    r"The result holds where no entry of M is [a-z ]+: [a-z]+ is not differentiable there\.",
    r"Passed: compared with central finite differences at \d+ random points, the largest relative error is .*\.",
    r"Not checked numerically \((check: false|the block has abstract functions, so there is nothing to evaluate)\)\.",
]


def site_blocks() -> list[tuple[str, int, str]]:
    out = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for block in find_blocks(page.read_text(encoding="utf-8")):
            out.append((str(page.relative_to(ROOT / "docs")), block.line, block.body))
    return out


def test_every_sentence_of_every_derivation_on_the_docs_site_is_one_of_the_templates():
    odd = []
    for page, line, body in site_blocks():
        for part in derivation_parts(derive(body)):
            prose = part.prose if isinstance(part, Details) else part
            if isinstance(prose, Prose) and not any(re.fullmatch(t, words(prose)) for t in TEMPLATES):
                odd.append(f"{page}:{line}: {words(prose)}")

    assert len(site_blocks()) > 50
    assert odd == []


def test_the_result_and_the_steps_are_parts_of_their_own():
    parts = derivation_parts(derive("f: tr(X B X^T)\nwrt: X\n"))

    steps = next(p for p in parts if isinstance(p, Steps))
    result = next(p for p in parts if isinstance(p, Boxed))
    assert steps.lines[0].lhs == "d f" and steps.lines[1].lhs == ""
    assert result.latex == "\\frac{\\partial f}{\\partial X} = X \\left(B + B^{T}\\right)"
