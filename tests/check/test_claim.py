"""``claim:``: the author's stated result, as seeds 000 and 001 state each result before its proof.
A true claim in another equal form ends the derivation in that form and is the published,
checked result; a false one is a located error with the derived result and a point."""

import pytest
from mkdocs.exceptions import Abort

from mkdocs_matderiv import MatDerivError, derive
from mkdocs_matderiv.render.latex import latex


def lines(block: str) -> list[tuple[str, str | None]]:
    (r,) = derive(block).to_dict()["results"]
    return [(s["latex"], s["rule"]) for s in r["steps"]]


def test_seed_000_example_3_as_the_post_states_it():
    # "d/dX [tr(AX⁻¹)] = −(X⁻¹AX⁻¹)ᵀ": the derived form is the claimed one, said on its line
    block = "f: tr(A X^{-1})\nwrt: X\nclaim: -(X^{-1} A X^{-1})^T"
    assert lines(block)[-1] == (r"\frac{\partial f}{\partial X} = -\left(X^{-1} A X^{-1}\right)^{T}",
                                "core relation; which is the claimed result")
    (r,) = derive(block).results
    assert r.check is not None and r.check.passed


def test_a_true_claim_in_another_form_ends_the_derivation_in_that_form():
    block = "f: tr(A X^{-1})\nwrt: X\nclaim: -X^{-T} A^T X^{-T}"
    d = derive(block)
    (r,) = d.results
    assert r.steps[-1].lhs is None and r.steps[-1].rule == "claim"
    assert latex(r.value) == r"-\left(X^{-1}\right)^{T} A^{T} \left(X^{-1}\right)^{T}"
    assert "-(X^{-1})^T" in d.to_dict()["results"][0]["text"]
    assert "X_inv" in r.numpy or "inv" in r.numpy            # the published code is the claim's
    assert r.check is not None and r.check.passed


def test_a_false_claim_shows_the_derived_result_and_a_point_where_they_differ():
    with pytest.raises(MatDerivError) as info:
        derive("f: x^T A x\nwrt: x\nclaim: 2 A x")
    message = str(info.value)
    assert message.startswith("line 3: claim: the claim 2 A x is not the gradient with respect to x: "
                              "the derivation gives (A + A^T) x; at ")
    assert "x = [[" in message and "A = [[" in message and "the claim is" in message
    assert info.value.line == 3


def test_the_claim_of_a_symmetric_quadratic_form_holds():
    block = "f: x^T A x\nwrt: x\nassume:\n  A: symmetric\nclaim: 2 A x"
    assert lines(block)[-1] == (r"\frac{\partial f}{\partial x} = 2 A x",
                                "core relation for a vector; which is the claimed result")


def test_several_wrt_take_a_mapping():
    d = derive("f: tr(X B X^T)\nwrt: [X, B]\nclaim:\n  X: X (B + B^T)\n  B: X^T X")
    assert [r.steps[-1].rule for r in d.results] == ["core+claim", "core+claim"]
    with pytest.raises(MatDerivError, match=r"line 3: claim: with several wrt names a claim is a "
                                            r"mapping, one result per name \(X: …, B: …\)"):
        derive("f: tr(X B X^T)\nwrt: [X, B]\nclaim: X (B + B^T)")
    with pytest.raises(MatDerivError, match=r"line 5: claim.B: the claim X X\^T is m×m, but the "
                                            r"gradient with respect to B is n×n"):
        derive("f: tr(X B X^T)\nwrt: [X, B]\nclaim:\n  X: X (B + B^T)\n  B: X X^T")


def test_a_claim_of_another_shape_or_in_unknown_names_is_refused():
    with pytest.raises(MatDerivError, match=r"line 3: claim: the claim A is m×n, but the gradient "
                                            r"with respect to x is n×1"):
        derive("f: x^T A^T y\nwrt: x\nclaim: A\nshapes:\n  A: m x n")
    with pytest.raises(MatDerivError, match="the claim uses 'B', which is not a name of the problem"):
        derive("f: x^T A x\nwrt: x\nclaim: (A + B^T) x")


def test_a_claim_starting_with_a_bar_reads_as_math():
    block = "f: |X|\nwrt: X\nclaim: |X| (X^{-1})^T"
    assert lines(block)[-1][1] == "core relation; which is the claimed result"


def test_a_false_claim_fails_a_strict_build_at_its_page_and_line(build_site):
    page = "# Notes\n\nSome text.\n\n```matderiv\nf: tr(A X^{-1})\nwrt: X\nclaim: -(X^{-1} A X^{-1})\n```\n"
    site = build_site({"notes.md": page})
    (warning,) = site.warnings
    assert warning.startswith("matderiv: notes.md, line 8: claim: the claim -X^{-1} A X^{-1} is not the "
                              "gradient with respect to X: the derivation gives -(X^{-1} A X^{-1})^T; at ")
    with pytest.raises(Abort, match="Aborted with 1 warnings in strict mode!"):
        build_site({"notes.md": page}, strict=True)
