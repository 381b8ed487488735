"""``name:``: the function's own name on the page, as the posts write it (dS, ∂S/∂W, dy,
∂vec Z/∂vec W); ``f: Z`` with ``Z`` defined in ``where`` is named ``Z``."""

import pytest

from mkdocs_matderiv import MatDerivError, derive


def steps(block: str) -> list[str]:
    (r,) = derive(block).to_dict()["results"]
    return [s["latex"] for s in r["steps"]]


def test_seed_000_writes_dy_and_dy_dx():
    shown = steps("f: x^T A x\nwrt: x\nname: y")
    assert shown[0] == r"d y = d\left(x^{T} A x\right)"
    assert shown[-1] == r"\frac{\partial y}{\partial x} = \left(A + A^{T}\right) x"


def test_seed_002_s_through_z_reads_ds_and_ds_dw():
    shown = steps("f: S\nwhere:\n  Z: A W + B\n  S: sum(Z)\nwrt: W")
    assert shown[0] == r"d S = d\left(\operatorname{sum}\left(Z\right)\right)"
    assert r"\frac{\partial S}{\partial Z} = \mathbf{1}\, \mathbf{1}^{T}" in shown
    assert shown[-1] == r"\frac{\partial S}{\partial W} = A^{T} \frac{\partial S}{\partial Z}"


def test_seed_002_z_is_named_z_in_its_jacobian():
    d = derive("f: Z\nwhere:\n  Z: A W + B\nwrt: W\nvec: row")
    shown = [s["latex"] for s in d.to_dict()["results"][0]["steps"]]
    assert shown[0] == r"d Z = d\left(A W + B\right)"
    assert shown[-1].startswith(r"\frac{\partial \operatorname{vec}_{r} Z}{\partial \operatorname{vec}_{r} W} = ")
    assert d.to_dict()["f"] == "A W + B"


def test_the_page_and_the_hessian_use_the_name():
    page = derive("f: x^T A x\nwrt: x\nname: y\norder: 2")._repr_markdown_()
    assert "y = x^{T} A x" in page
    assert r"d^{2} y" in page and r"\frac{\partial^{2} y}{\partial x\,\partial x^{T}}" in page
    assert r"\partial f" not in page


def test_a_name_that_is_already_a_variable_is_refused():
    with pytest.raises(MatDerivError, match=r"line 3: name: 'x' is already a name in f; the function "
                                            r"needs a name of its own"):
        derive("f: x^T A x\nwrt: x\nname: x")
    with pytest.raises(MatDerivError, match=r"line 3: name: '2y' is not a name"):
        derive("f: x^T A x\nwrt: x\nname: 2y")
