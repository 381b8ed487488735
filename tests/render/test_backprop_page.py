"""A where chain on the page: results in the seed's back-propagation form (seed 003, Algorithm 2)."""

import re

from mkdocs_matderiv import derive

TWO_LAYERS = ("f: ||a_2 - y||^2\nwhere:\n  z_1: W_1 x + b_1\n  a_1: sigma(z_1)\n"
              "  z_2: W_2 a_1 + b_2\n  a_2: sigma(z_2)\nwrt: [W_1, b_1, W_2, b_2]\n")


def test_each_boxed_result_is_in_the_named_gradients():
    page = derive(TWO_LAYERS)._repr_markdown_()
    boxed = re.findall(r"\\boxed\{(.*)\}\n", page)
    assert boxed == [r"\frac{\partial f}{\partial W_{1}} = \frac{\partial f}{\partial z_{1}} x^{T}",
                     r"\frac{\partial f}{\partial b_{1}} = \frac{\partial f}{\partial z_{1}}",
                     r"\frac{\partial f}{\partial W_{2}} = \frac{\partial f}{\partial z_{2}} a_{1}^{T}",
                     r"\frac{\partial f}{\partial b_{2}} = \frac{\partial f}{\partial z_{2}}"]


def test_the_substituted_gradient_is_set_aside_and_the_recursion_closes_the_block():
    page = derive(TWO_LAYERS)._repr_markdown_()
    assert page.count("**Fully substituted.**") == 4
    summary = page[page.index("In summary, the backward pass"):]
    assert summary.index(r"\partial z_{2}} &=") < summary.index(r"\partial a_{1}} &=") \
        < summary.index(r"\partial W_{1}} &=")


def test_a_block_without_where_keeps_its_one_result():
    page = derive("f: tr(X B X^T)\nwrt: X\n")._repr_markdown_()
    assert "Fully substituted" not in page and "backward pass" not in page
