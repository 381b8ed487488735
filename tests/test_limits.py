"""Limits on a block's size and cost, and the time budget: clear errors, never a hang."""

from __future__ import annotations

import sys
import threading
import time
import types

import pytest

from mkdocs_matderiv import MatDerivError, derive, limits


def message(block: str, **kwargs) -> str:
    with pytest.raises(MatDerivError) as info:
        derive(block, **kwargs)
    return str(info.value)


def test_a_matrix_power_above_the_limit_is_refused():
    assert message("f: tr(X^1000000)\nwrt: X") == (
        "line 1: f, column 6: the matrix power 1000000 is too large (the limit is ±16)")


def test_a_negative_matrix_power_above_the_limit_is_refused():
    assert "the matrix power -17 is too large" in message("f: tr(X^{-17})\nwrt: X")


def test_the_largest_matrix_power_is_derived():
    derive(f"f: tr(X^{limits.MAX_MATRIX_POWER})\nwrt: X", defaults={"check": False})


def test_a_tower_of_powers_is_refused_before_it_is_computed():
    assert "the exponent 387420489 is too large" in message("f: alpha^{9^{9^{9}}}\nwrt: alpha")


def test_a_number_folded_too_large_is_refused():
    assert "the number 999^999 is too large" in message("f: 999^{999} alpha\nwrt: alpha")


def test_a_number_with_too_many_digits_is_refused():
    assert "has 60 digits" in message(f"f: {'9' * 60} x^T x\nwrt: x")


def test_an_expression_longer_than_the_limit_is_refused():
    f = "x^T x" + " + x^T x" * 300
    assert "characters long (the limit is 2000 characters" in message(f"f: {f}\nwrt: x")


def test_nesting_deeper_than_the_limit_is_refused():
    n = limits.MAX_NESTING + 1
    assert "nested too deeply (the limit is 50 levels" in message(
        f"f: {'(' * n}x^T x{')' * n}\nwrt: x")


def test_nesting_at_the_limit_is_read():
    n = limits.MAX_NESTING - 1
    derive(f"f: {'(' * n}x^T x{')' * n}\nwrt: x", defaults={"check": False})


def test_a_run_of_unary_minus_is_bounded_like_nesting():
    assert "nested too deeply" in message(f"f: {'-' * 500}alpha\nwrt: alpha")


def test_a_chain_of_transposes_is_bounded_by_the_tree_depth():
    assert "nested too deeply (the limit is 120 levels)" in message(
        "f: tr(X" + "'" * 300 + ")\nwrt: X")


def test_where_definitions_count_towards_the_depth_of_f():
    where = "\n".join(f"  Y{i}: exp(exp(exp(exp(Y{i - 1}))))" for i in range(1, 40))
    block = f"f: sum(Y39)\nwrt: Y0\nwhere:\n{where}\n"
    assert "nested too deeply" in message(block.replace("wrt: Y0", "wrt: x").replace("Y0)", "x)"))


def test_a_values_matrix_above_the_limit_is_refused():
    rows = ", ".join(["[" + ", ".join(["1"] * 51) + "]"] * 2)
    assert message(f"f: tr(X^T X)\nwrt: X\nvalues:\n  X: [{rows}]") == (
        "line 4: values.X: 'X' has a dimension of 51 (the limit is 50)")


def test_a_huge_declared_shape_is_refused_before_anything_is_allocated():
    assert "has a dimension of 100000" in message(
        "f: tr(X)\nwrt: X\nshapes:\n  X: 100000 x 100000")


def test_a_huge_kronecker_product_is_refused():
    assert "intermediate matrix is too large" in message(
        "f: tr(X ⊗ X ⊗ X)\nwrt: X\nshapes:\n  X: 30 x 30")


def test_a_huge_number_in_values_is_reported_as_not_a_number():
    assert message("f: x^T x\nwrt: x\nvalues:\n  x: [" + "9" * 400 + ", 1]") == (
        "line 4: values.x: 'x' must be a number, a list of numbers or a list of rows")


def test_a_block_longer_than_the_limit_is_refused():
    block = "f: x^T x\nwrt: x\n" + "# padding\n" * 20_000
    assert message(block).startswith("line 1: the block is")


def test_a_block_over_its_budget_fails_with_the_budget_in_the_message(monkeypatch):
    from mkdocs_matderiv import api

    def slow(problem):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(api, "solve", slow)
    start = time.monotonic()
    assert message("f: x^T x\nwrt: x", timeout=0.2) == (
        "line 1: the block took longer than 0.2 s; simplify the block or raise the plugin's timeout")
    assert time.monotonic() - start < 0.2 + limits.GRACE + 1


def test_a_budget_that_is_not_used_up_leaves_no_interrupt_behind():
    derive("f: x^T x\nwrt: x", timeout=0.3)
    time.sleep(0.3 + limits.GRACE + 0.2)   # the watchdog would have fired by now
    derive("f: x^T x\nwrt: x", timeout=None)


def test_the_budget_works_outside_the_main_thread(monkeypatch):
    from mkdocs_matderiv import api

    def slow(problem):
        while True:
            sum(range(1000))

    monkeypatch.setattr(api, "solve", slow)
    out: list[str] = []

    def run():
        try:
            derive("f: x^T x\nwrt: x", timeout=0.2)
        except MatDerivError as err:
            out.append(str(err))

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(5)
    assert out and "took longer than 0.2 s" in out[0]


def test_an_interrupt_swallowed_inside_the_engine_still_reports_the_timeout(monkeypatch):
    from mkdocs_matderiv import api

    def careless(problem):              # engine code that turns any error into another one
        while True:
            try:
                sum(range(1000))
            except Exception:
                raise RuntimeError("the engine lost track") from None

    monkeypatch.setattr(api, "solve", careless)
    assert "took longer than 0.2 s" in message("f: x^T x\nwrt: x", timeout=0.2)


def test_an_interrupt_that_lands_in_a_callback_is_not_printed(monkeypatch):
    reported: list[type] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda unraisable: reported.append(unraisable.exc_type))

    def report(exc_type):
        sys.unraisablehook(types.SimpleNamespace(exc_type=exc_type, exc_value=exc_type(), exc_traceback=None,
                                                 err_msg="Exception ignored in", object=None))

    before = sys.unraisablehook
    with limits.time_budget(5):
        report(limits.BlockTimeout)     # where Python ignores it (a WeakSet callback): fired again
        report(ValueError)              # anything else is still reported
    assert sys.unraisablehook is before
    assert reported == [ValueError]


def test_check_deadline_outside_a_budget_does_nothing():
    limits.check_deadline()
