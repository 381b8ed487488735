"""``method: increment``: seed 000's route, ``dy = f(x + dx) − f(x)``, multiplied out, the terms of
second order dropped "in the limiting case", then the trace tricks; the post's lines as it writes them."""

import pytest

from mkdocs_matderiv import MatDerivError, derive


def lines(block: str) -> list[tuple[str, str]]:
    (r,) = derive(block).to_dict()["results"]
    assert r["check"]["passed"]
    return [(s["latex"], s["rule"]) for s in r["steps"]]


def test_seed_000_the_quadratic_form():
    # dy = (x+dx)ᵀA(x+dx) − xᵀAx = xᵀAx + xᵀAdx + dxᵀAx + dxᵀAdx − xᵀAx; in the limiting case
    # dy = xᵀAdx + dxᵀAx; dxᵀAx = xᵀAᵀdx; dy = xᵀ(A + Aᵀ)dx, so dy/dx = (A + Aᵀ)x
    assert lines("f: x^T A x\nwrt: x\nname: y\nmethod: increment") == [
        (r"d y = \left(x + d x\right)^{T} A \left(x + d x\right) - x^{T} A x",
         "the increment of f (method: increment)"),
        (r"d y = x^{T} A x + x^{T} A d x + d x^{T}\, A x + d x^{T}\, A d x - x^{T} A x", "multiply out"),
        (r"d y = x^{T} A d x + d x^{T}\, A x",
         "in the limiting case: f cancels, and the terms of second and higher order in the increment vanish"),
        (r"d y = x^{T} A d x + x^{T} A^{T} d x", "a scalar equals its transpose"),
        (r"d y = x^{T} \left(A + A^{T}\right) d x", "collect like terms"),
        (r"\frac{\partial y}{\partial x} = \left(A + A^{T}\right) x", "core relation for a vector"),
    ]


def test_seed_000_example_1():
    # dy = tr[(X+dX)B(X+dX)ᵀ] − tr(XBXᵀ); setting higher terms of dX to zero, dy = tr(dXBXᵀ + XBdXᵀ)
    shown = lines("f: tr(X B X^T)\nwrt: X\nname: y\nmethod: increment")
    assert shown[0][0] == (r"d y = \operatorname{tr}\left(\left(X + d X\right) B \left(X + d X\right)^{T}\right)"
                           r" - \operatorname{tr}\left(X B X^{T}\right)")
    assert shown[2][0] == r"d y = \operatorname{tr}\left(X B d X^{T} + d X\, B X^{T}\right)"
    assert shown[3] == (r"d y = \operatorname{tr}\left(X B d X^{T}\right)"
                        r" + \operatorname{tr}\left(d X\, B X^{T}\right)",
                        "trace trick (3): linearity of the trace")
    assert shown[-1][0] == r"\frac{\partial y}{\partial X} = X \left(B + B^{T}\right)"


def test_seed_000_the_linear_function_and_a_jacobian():
    assert lines("f: w^T x\nwrt: x\nmethod: increment")[-1] == (r"\frac{\partial f}{\partial x} = w",
                                                                 "core relation for a vector")
    assert lines("f: X A X\nwrt: X\nmethod: increment")[2][0] == r"d f = X A d X + d X\, A X"


def test_seed_002_sum_by_the_increment():
    shown = lines("f: 2 sum(A)\nwrt: A\nname: F\nmethod: increment")
    assert shown[2][0] == r"d F = 2 \operatorname{sum}\left(d A\right)"
    assert shown[-1][0] == r"\frac{\partial F}{\partial A} = 2 \mathbf{1}\, \mathbf{1}^{T}"


def test_a_squared_norm_is_multiplied_out_as_an_inner_product():
    shown = lines("f: ||X w - y||^2\nwrt: w\nmethod: increment")
    assert shown[-1][0] == r"\frac{\partial f}{\partial w} = 2 X^{T} \left(X w - y\right)"


@pytest.mark.parametrize("f, what", [
    ("tr(A X^{-1})", "an inverse of X"),
    ("(x^T x)^{1/2}", "a power of x"),
    ("||x||", "a norm of x"),
])
def test_an_f_that_is_not_polynomial_is_refused_by_name(f, what):
    wrt = "x" if "x" in f and "X" not in f else "X"
    with pytest.raises(MatDerivError, match=rf"line 3: method: the increment multiplies out "
                                            rf"f\({wrt} \+ d{wrt}\), which needs f polynomial in {wrt}; "
                                            rf"f has {what}"):
        derive(f"f: {f}\nwrt: {wrt}\nmethod: increment")


def test_the_increment_finds_first_derivatives_only():
    with pytest.raises(MatDerivError, match="line 3: method: the increment finds first derivatives"):
        derive("f: x^T A x\nwrt: x\nmethod: increment\norder: 2")
