"""A teacher's lines from the engine's record: one line per move, nothing that changes nothing,
side facts in the label, the result stated once."""

from __future__ import annotations

from mkdocs_matderiv import derive
from mkdocs_matderiv.present import Cite, Line, present
from mkdocs_matderiv.present.lines import DETOUR, equations, merged, side_facts, tidied, without_no_change
from mkdocs_matderiv.render.latex import latex
from mkdocs_matderiv.tree import Diff, Hadamard, Mul, Ones, Sym, T, Tr

X, A, B = Sym("X", ("n", "n")), Sym("A", ("n", "n")), Sym("B", ("n", "n"))
x, s, y = Sym("x", ("n", 1)), Sym("s", ("n", 1)), Sym("y", ("n", 1))
dX = Diff(X)


def keys(block: str) -> list[list[str]]:
    return [[c.key for c in line.cites] for line in present(derive(block).results[0]).lines]


def test_the_transpose_detour_is_one_line():
    lines = merged([Line(Diff(Sym("f")), Tr(Mul((dX, A))), (Cite("d.trace"),)),
                    Line(None, Tr(Mul((A, dX))), (Cite("tr.cyclic"),)),
                    Line(None, Tr(T(Mul((A, dX)))), (Cite("transpose_out"),)),
                    Line(None, Tr(Mul((T(dX), T(A)))), (Cite("tr.transpose"),)),
                    Line(None, Tr(Mul((T(A), T(dX)))), (Cite("tr.cyclic"),))])

    assert len(lines) == 2
    assert lines[1].cites == (Cite("tr.cyclic", words=DETOUR),)
    assert lines[1].rhs == Tr(Mul((T(A), T(dX))))


def test_a_line_that_changes_nothing_goes():
    lines = without_no_change([Line(Diff(Sym("f")), Tr(Mul((A, dX))), (Cite("d.trace"),)),
                               Line(None, Tr(Mul((A, dX))), (Cite("symmetric.implied"),))])

    assert len(lines) == 1


def test_a_side_fact_goes_into_the_label_of_the_line_that_uses_it():
    fact = Line(Hadamard((s, Sym("u", ("n", 1)))), y, (Cite("hadamard.cancel"),))
    lines = side_facts([Line(Diff(Sym("f")), Tr(Mul((A, dX))), (Cite("d.trace"),)), fact,
                        Line(None, Tr(Mul((B, dX))), (Cite("collect"),))])

    assert len(lines) == 2
    assert [c.key for c in lines[1].cites] == ["hadamard.cancel", "collect"]
    assert lines[1].cites[0].fact is not None and lines[1].cites[0].fact.rhs == y


def test_an_all_ones_factor_of_a_hadamard_product_drops():
    (line,) = tidied([Line(None, Mul((T(Hadamard((Ones(("n", 1)), s))), x)))])

    assert latex(line.rhs) == "s^{T} x"


def test_the_hessian_goes_on_from_the_gradient_without_restating_df():
    block = "f: sum(exp(x))\nwrt: x\norder: 2\n"
    lines = present(derive(block).results[0]).lines

    after = [latex(x.lhs) for x in lines if x.lhs is not None]
    assert after == ["d f", "\\frac{\\partial f}{\\partial x}", "d^{2} f",
                     "\\frac{\\partial^{2} f}{\\partial x\\,\\partial x^{T}}"]


def test_the_line_the_result_is_read_off_from_is_not_shown_and_the_box_states_it():
    shown = present(derive("f: tr(X B X^T)\nwrt: X\n").results[0])

    assert latex(shown.result) == "X \\left(B + B^{T}\\right)"
    assert [c.key for c in shown.closing] == ["core"]
    assert all(latex(x.rhs) != latex(shown.result) for x in shown.lines)


def test_softmax_regression_reads_as_a_teacher_writes_it():
    shown = present(derive("f: -y^T ln(softmax(W x + b))\nwrt: b\n").results[0])

    assert [(latex(n.name), latex(n.value)) for n in shown.shorthand] == [
        ("s", "\\operatorname{softmax}\\left(W x + b\\right)")]
    last = shown.lines[-1]                                   # the facts it relies on, in its label
    assert {"diag.hadamard", "hadamard.cancel"} <= {c.key for c in last.cites}
    assert all(c.fact is not None for c in last.cites)
    assert latex(last.rhs) == "\\left(\\left(\\mathbf{1}^{T} y\\right) s - y\\right)^{T} d b"
    assert latex(shown.result) == "\\left(\\mathbf{1}^{T} y\\right) s - y"


def test_a_substitution_says_what_it_substitutes():
    block = "f: L(a)\nwhere:\n  a: g(W x)\nfunctions:\n  L: scalar\n  g: elementwise\nwrt: W\n"
    cites = [c for x in present(derive(block).results[0]).lines for c in x.cites if c.key == "substitute"]

    assert [(latex(c.fact.lhs), latex(c.fact.rhs)) for c in cites if c.fact] == [("a", "g\\left(W x\\right)")]


def test_derivatives_read_off_alike_are_one_chain():
    lines = present(derive("f: u + v\nwhere:\n  u: A x\n  v: B x\nwrt: x\n").results[0]).lines

    (i,) = [i for i, x in enumerate(lines) if latex(x.rhs) == "\\frac{\\partial f}{\\partial v}"]
    assert latex(lines[i].lhs) == "\\frac{\\partial f}{\\partial u}" and lines[i].cites == ()
    assert lines[i + 1].lhs is None and latex(lines[i + 1].rhs) == "I"


def test_solving_for_the_stationary_point_writes_each_equation_once():
    block = "f: x^T A x - 2 b^T x\nwrt: x\nassume:\n  A: symmetric\nsolve: true\n"
    point = derive(block).results[0].stationary
    assert point is not None

    lines = equations(point.steps)
    assert [latex(x.lhs) for x in lines if x.lhs is not None] == ["2 A x - 2 b", "A x", "\\hat{x}"]
    assert [c.key for c in lines[0].cites] == ["stat.zero", "expand"]
