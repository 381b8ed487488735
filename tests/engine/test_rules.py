"""The table of rules: its formulas in the notation the steps use."""

import pytest

from mkdocs_matderiv.engine.rules import RULES, rule
from mkdocs_matderiv.render.targets.html import rules_html


def transposed_fractions(tex: str) -> list[str]:
    """Each ``\\frac{…}{…}`` followed directly by ``^`` (``\\frac{∂f}{∂X}^{T}``): read as the
    transpose of the denominator's ``X``, or of the fraction, depending on the reader."""
    found = []
    start = tex.find(r"\frac")
    while start != -1:
        i = start + len(r"\frac")
        for _ in range(2):              # numerator, then denominator: skip a balanced group
            while tex[i] == " ":
                i += 1
            depth = 0
            while True:
                depth += {"{": 1, "}": -1}.get(tex[i], 0)
                i += 1
                if depth == 0:
                    break
        if tex[i:].lstrip().startswith("^"):
            found.append(tex[start:i])
        start = tex.find(r"\frac", i)
    return found


def test_the_helper_finds_a_transposed_fraction_and_passes_a_parenthesised_one():
    assert (transposed_fractions(r"df = \frac{\partial f}{\partial x_{1}}^{T} dx")
            == [r"\frac{\partial f}{\partial x_{1}}"])
    assert transposed_fractions(r"df = \left(\frac{\partial f}{\partial x}\right)^{T} dx") == []


@pytest.mark.parametrize("key", sorted(RULES))
def test_no_formula_transposes_a_bare_fraction(key):
    assert transposed_fractions(RULES[key].formula) == []


def test_the_core_relations_read_as_the_steps_write_them():
    assert rule("core").formula == (r"df = \operatorname{tr}\left(\left(\frac{\partial f}{\partial X}\right)^{T}"
                                    r" dX\right)")
    assert rule("core.vector").formula == r"df = \left(\frac{\partial f}{\partial x}\right)^{T} dx"


def test_the_rules_page_shows_transposed_gradients_in_parentheses():
    page = rules_html()
    assert transposed_fractions(page) == []
    assert r"\left(\frac{\partial L}{\partial Y}\right)^{T} dY" in page
