"""Rule (5) proved once, for a generic matrix, and cited by its number wherever it is used."""

from __future__ import annotations

from mkdocs_matderiv import derive
from mkdocs_matderiv.present import present
from mkdocs_matderiv.render.latex import latex


def test_the_proof_of_rule_5_is_a_lemma_and_the_chain_cites_it():
    shown = present(derive("f: tr((X^T X + lambda I)^{-1})\nwrt: X\n").results[0])

    (lemma,) = shown.lemmas
    assert lemma.number == 1
    assert f"{latex(lemma.statement.lhs)} = {latex(lemma.statement.rhs)}" == (
        "d\\left(X^{-1}\\right) = -X^{-1} d X\\, X^{-1}")
    assert [c.key for x in lemma.proof for c in x.cites] == ["d.inverse_identity", "d.product", "d.inverse_proof"]
    assert not any(c.key.startswith("d.inverse_") for x in shown.lines for c in x.cites)
    assert [c.words for x in shown.lines for c in x.cites if c.key == "d.inverse"] == ["by (1)"]


def test_a_lemma_given_once_on_the_page_is_only_cited_after():
    numbers: dict[str, int] = {}
    first = present(derive("f: a^T X^{-1} b\nwrt: X\n").results[0], lemmas=numbers)
    second = present(derive("f: tr(X^{-1} A)\nwrt: X\n").results[0], lemmas=numbers)

    assert [x.number for x in first.lemmas] == [1] and second.lemmas == []
    assert "by (1)" in [c.words for x in second.lines for c in x.cites]


def test_on_a_page_the_lemma_is_proved_in_the_first_block_and_only_cited_after():
    from mkdocs_matderiv.render.targets.html import Html, lemmas_once

    page = "\n".join(Html().render(derive(b)) for b in ("f: a^T X^{-1} b\nwrt: X\n", "f: tr(X^{-1} A)\nwrt: X\n"))
    once = lemmas_once(page)

    assert page.count("<p>Lemma (1): ") == 2
    assert once.count("<p>Lemma (1): ") == 1 and once.index("<p>Lemma (1): ") < once.index("X^{-1} A")
    assert once.count(">by (1)</a>") == 2


def test_the_softmax_jacobian_is_a_lemma_cited_where_softmax_is_differentiated():
    shown = present(derive("f: -y^T ln(softmax(W x + b))\nwrt: b\n").results[0])

    (lemma,) = shown.lemmas
    assert f"{latex(lemma.statement.lhs)} = {latex(lemma.statement.rhs)}" == (
        "d s = \\left(\\operatorname{diag}\\left(s\\right) - s s^{T}\\right) d x")
    assert [(latex(n), latex(v)) for n, v in lemma.where] == [("s", "\\operatorname{softmax}\\left(x\\right)")]
    assert [c.words for x in shown.lines for c in x.cites if c.key == "d.softmax"] == ["by (1)"]


def test_sigma_prime_is_proved_once_and_written_out_from_where_it_first_appears():
    shown = present(derive("f: sum(ln(1 + exp(X w)))\nwrt: w\norder: 2\n").results[0])

    (lemma,) = shown.lemmas
    assert latex(lemma.statement.rhs) == "\\sigma\\left(t\\right) \\left(1 - \\sigma\\left(t\\right)\\right)"
    assert not any("\\sigma'" in latex(x.rhs) for x in shown.lines)
    assert "\\sigma'" not in latex(shown.result)
    assert "by (1)" in [c.words for x in shown.lines for c in x.cites]
