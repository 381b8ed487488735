"""The chain rule through `where`, as seed 003 works it."""

from mkdocs_matderiv import derive
from mkdocs_matderiv.render.latex import latex


def rules_and_lines(block: str, index: int = 0):
    result = derive(block).results[index]
    return [s.rule for s in result.steps], [latex(s.lhs) if s.lhs is not None else "" for s in result.steps], result


def test_seed_003_warm_up_3_states_df_dY_before_df_dX():
    rules, lhs, result = rules_and_lines(
        "f: tr(Y^T M Y)\nwhere:\n  Y: sigma(WX)\nwrt: X\nassume:\n  M: symmetric\n")
    core = [i for i, r in enumerate(rules) if r == "core"]
    assert lhs[core[0]] == r"\frac{\partial f}{\partial Y}"
    assert latex(result.steps[core[0]].rhs) == "2 M Y"
    assert lhs[core[1]] == r"\frac{\partial f}{\partial X}"
    assert latex(result.value) == (r"W^{T} \left(\left(2 M \sigma\left(W X\right)\right) \odot "
                                   r"\sigma'\left(W X\right)\right)")


def test_backprop_shares_the_steps_of_the_outer_layers():
    d = derive("f: ||a_2 - y||^2\nwhere:\n  z_1: W_1 x + b_1\n  a_1: sigma(z_1)\n"
               "  z_2: W_2 a_1 + b_2\n  a_2: sigma(z_2)\nwrt: [W_1, b_1, W_2, b_2]\n")
    w1, b1, w2, b2 = d.results
    assert b1.steps[:b1.shared] == w1.steps[:b1.shared]
    assert b1.shared > len(w2.steps) // 2
    assert all(r.check.passed for r in d.results)


def test_abstract_functions_keep_their_gradients_symbolic():
    result = derive("f: f(Y)\nwhere:\n  Y: AXB\nwrt: X\nfunctions:\n  f: scalar\n").results[0]
    assert latex(result.value) == r"A^{T} \frac{\partial f}{\partial Y} B^{T}"
    assert result.check is None


def test_brief_steps_keep_the_end_of_each_stage():
    full = derive("f: tr(X B X^T)\nwrt: X\n").results[0].steps
    brief = derive("f: tr(X B X^T)\nwrt: X\nsteps: brief\n").results[0].steps
    assert [s.rule for s in brief] == ["differential", "d.trace+d.product+d.transpose",
                                       "tr.linear+tr.transpose+tr.cyclic", "collect", "core"]
    assert brief[-1] == full[-1]


def test_no_steps_when_none_are_asked_for():
    out = derive("f: tr(X B X^T)\nwrt: X\nsteps: none\n").to_dict()
    assert out["results"][0]["steps"] == []
    assert out["results"][0]["text"] == "X (B + B^T)"


TWO_LAYERS = ("f: ||a_2 - y||^2\nwhere:\n  z_1: W_1 x + b_1\n  a_1: sigma(z_1)\n"
              "  z_2: W_2 a_1 + b_2\n  a_2: sigma(z_2)\nwrt: [W_1, b_1, W_2, b_2]\n")


def test_backprop_results_read_as_seed_003_algorithm_2():
    d = derive(TWO_LAYERS)
    named = {r.wrt.name: latex(r.named) for r in d.results}
    assert named == {
        "W_2": r"\frac{\partial f}{\partial z_{2}} a_{1}^{T}",
        "b_2": r"\frac{\partial f}{\partial z_{2}}",
        "W_1": r"\frac{\partial f}{\partial z_{1}} x^{T}",
        "b_1": r"\frac{\partial f}{\partial z_{1}}",
    }
    # the published value is still the checked, fully substituted gradient
    assert all(r.check.passed and not any(n.__class__.__name__ == "Grad" for n in r.value.walk())
               for r in d.results)


def test_the_recursion_states_each_gradient_once_in_backward_order():
    d = derive(TWO_LAYERS)
    lines = [(latex(s.lhs), latex(s.rhs)) for s in d.results[0].recursion]
    assert [lhs for lhs, _ in lines] == [rf"\frac{{\partial f}}{{\partial {n}}}" for n in
                                         ("a_{2}", "z_{2}", "W_{2}", "b_{2}", "a_{1}", "z_{1}", "W_{1}", "b_{1}")]
    assert lines[4][1] == r"W_{2}^{T} \frac{\partial f}{\partial z_{2}}"
    assert all(r.recursion == d.results[0].recursion for r in d.results)


def test_lines_that_do_not_lead_to_a_wrt_are_not_shown_under_it():
    w1, b1, w2, b2 = derive(TWO_LAYERS).results

    def stated(r):
        return {latex(s.lhs) for s in r.steps if s.lhs is not None and "partial" in latex(s.lhs)}

    assert r"\frac{\partial f}{\partial a_{1}}" not in stated(w2)
    assert r"\frac{\partial f}{\partial a_{1}}" in stated(w1)
    # and the steps end where the named result is read off, with no substituted lines
    assert all(latex(r.steps[-1].rhs) == latex(r.named) for r in (w1, b1, w2, b2))


def test_without_where_there_is_no_named_form_nor_recursion():
    result = derive("f: tr(X B X^T)\nwrt: X\n").results[0]
    assert result.named is None and result.recursion == []


def test_a_short_chain_has_no_summary_and_no_line_says_nothing():
    one = derive("f: tr(Y^T M Y)\nwhere:\n  Y: sigma(WX)\nwrt: X\nassume:\n  M: symmetric\n").results[0]
    assert one.recursion == []
    abstract = derive("f: L(a_2)\nwhere:\n  z_1: W_1 x + b_1\n  a_1: g(z_1)\n  z_2: W_2 a_1 + b_2\n"
                      "  a_2: h(z_2)\nwrt: [W_1, b_1, W_2, b_2]\nfunctions:\n  g: elementwise\n"
                      "  h: elementwise\n  L: scalar\n").results[0]
    assert all(s.lhs != s.rhs for s in abstract.recursion)
    assert latex(abstract.recursion[0].lhs) == r"\frac{\partial L}{\partial z_{2}}"
