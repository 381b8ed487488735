"""The sentences a derivation is written with: one template each, grammatical for every rule
that can end a derivation (seed 003 reads "Apply trace tricks (4):", never "by the take ...")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mkdocs_matderiv import derive
from mkdocs_matderiv.engine.rules import RULES
from mkdocs_matderiv.front.fences import find_blocks
from mkdocs_matderiv.render.parts import (READ_OFF, Boxed, Details, InlineMath, Prose, RuleRef, StepLine, Steps,
                                          conclusion, derivation_parts)

ROOT = Path(__file__).parents[2]

READ_OFF_SENTENCES = {
    "core": "Reading off the gradient by the core relation:",
    "core.vector": "Reading off the gradient by the core relation for a vector:",
    "core.scalar": "Reading off the derivative by the core relation for a scalar:",
    "jacobian": "Reading off the Jacobian:",
    "layout": ("Reading off the derivative in denominator layout, where each fraction is the transpose "
               "of the Jacobian (∂Ax/∂x = Aᵀ):"),
}


def words(prose: Prose) -> str:
    """A sentence as a reader sees it, each piece of math as ``M``."""
    return "".join("M" if isinstance(p, InlineMath) else p.name if isinstance(p, RuleRef) else p
                   for p in prose.pieces)


def ending_in(key: str) -> list[StepLine]:
    return [StepLine("d f", "\\operatorname{tr}\\left(A d X\\right)", (RuleRef("d.trace", RULES["d.trace"].name),)),
            StepLine("\\frac{\\partial f}{\\partial X}", "A^{T}", (RuleRef(key, RULES[key].name),))]


def test_every_rule_that_reads_off_a_result_has_its_sentence():
    assert sorted(READ_OFF) == sorted(READ_OFF_SENTENCES)


@pytest.mark.parametrize("key", sorted(READ_OFF_SENTENCES))
def test_a_read_off_step_becomes_the_sentence_before_the_result(key):
    lines, sentence = conclusion(ending_in(key), "A^{T}")

    assert words(sentence) == READ_OFF_SENTENCES[key]
    assert [r.key for r in sentence.pieces if isinstance(r, RuleRef)] == [key]     # the rule, linkable
    assert len(lines) == 1                                                          # stated once, apart


@pytest.mark.parametrize("key", sorted(set(RULES) - set(READ_OFF)))
def test_a_derivation_ending_in_any_other_rule_keeps_its_line_and_says_therefore(key):
    lines, sentence = conclusion(ending_in(key), "A^{T}")

    assert words(sentence) == "Therefore:"
    assert lines[-1].rules[0].key == key


def test_a_line_that_combines_rules_is_not_read_off_in_one_rule_s_name():
    both = (RuleRef("core", RULES["core"].name), RuleRef("symmetric", RULES["symmetric"].name))
    lines, sentence = conclusion([StepLine("\\frac{\\partial f}{\\partial x}", "2 A x", both)], "2 A x")

    assert words(sentence) == "Therefore:" and len(lines) == 1


TEMPLATES = [
    r"where",
    r"with M(, M)*(; M [a-z ]+)*\.|M [a-z ]+(; M [a-z ]+)*\.",
    r"(The gradient|The Jacobian|The derivative|The Hessian) with respect to M[:,]",
    r"Continuing from the steps above, (the gradient|the Jacobian|the derivative|the Hessian) with respect to M:",
    r"Where the gradient vanishes:",
    r"This point exists where M( and M)* (is|are) invertible( \(which needs M( and M)*\))?\.",
    r"Therefore:",
    *(re.escape(s) for s in READ_OFF_SENTENCES.values()),
    r"In summary, the backward pass computes, in this order:",
    r"With the given numbers,",
    r"The same, as the chain rule through M: the gradient in M, flattened, times the Jacobian of M\.",
    r"Reshaped to the shape of M:",
    r"Entry by entry at size \d+x\d+, as a cross-check:",
    r"This is (the general result at this size, entry for entry|not the general result at this size)\.",
    r"In the names of the problem: M\.",
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
