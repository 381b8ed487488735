"""The numeric checks of Hessians (second central differences, in either vec order) and of
stationary points (the gradient vanishes there)."""

from mkdocs_matderiv.check.verify import verify_hessian, verify_stationary
from mkdocs_matderiv.tree import Add, Commutation, Identity, Inv, Kron, Mul, Num, T, Tr, neg

from symbols import A, B, S, X, w, x, y


def test_a_correct_hessian_passes():
    check = verify_hessian(Mul((T(x), A, x)), Add((A, T(A))), x)
    assert check.passed and check.max_rel_error < 1e-6


def test_a_hessian_that_is_not_symmetrised_fails():
    assert not verify_hessian(Mul((T(x), A, x)), A, x).passed


def test_the_vec_order_decides_the_kronecker_order():
    f = Tr(Mul((X, B, T(X))))                    # X: m x n, B: n x n
    row = Kron(Identity(("m", "m")), Add((B, T(B))))
    column = Kron(Add((B, T(B))), Identity(("m", "m")))
    assert verify_hessian(f, row, X, vec="row").passed
    assert verify_hessian(f, column, X, vec="column").passed
    assert not verify_hessian(f, row, X, vec="column").passed


def test_a_commutation_matrix_in_the_claim():
    f = Tr(Mul((S, S)))                           # d²f = 2 tr(dX dX): H = 2K
    invertible = {"X": frozenset({"invertible"})}
    assert verify_hessian(f, Mul((Num(2), Commutation("n", "n"))), S, assume=invertible).passed
    assert not verify_hessian(f, Mul((Num(2), Identity(Commutation("n", "n").shape))), S,
                              assume=invertible).passed


def test_the_normal_equations_zero_the_gradient():
    gradient = Mul((Num(2), T(X), Add((Mul((X, w)), neg(y)))))       # 2Xᵀ(Xw − y)
    point = Mul((Inv(Mul((T(X), X))), T(X), y))
    check = verify_stationary(gradient, point, w)
    assert check.passed and check.max_rel_error < 1e-8


def test_a_wrong_point_does_not():
    gradient = Mul((Num(2), T(X), Add((Mul((X, w)), neg(y)))))
    assert not verify_stationary(gradient, Mul((T(X), y)), w).passed



def test_a_steep_f_is_checked_against_extrapolated_differences():
    # sum(X .^ 24): one second difference is 1.4e-6 off at every step whose rounding is as
    # small; Richardson's extrapolation of two steps is 1e-8 off, and a result 1e-5 off still fails
    from fractions import Fraction

    from mkdocs_matderiv import derive
    from mkdocs_matderiv.language import parse
    (result,) = derive("f: ||W X - P||^2 + sum(X .^ 24)\nwrt: X\norder: 2\n").results
    assert result.check.passed and result.check.max_rel_error < 1e-7
    f = parse("||W X - P||^2 + sum(X .^ 24)", shapes={"X": ("n", "p"), "W": ("m", "n"), "P": ("m", "p")})
    off = Mul((Num(Fraction(100001, 100000)), result.value))
    assert not verify_hessian(f, off, result.wrt).passed
