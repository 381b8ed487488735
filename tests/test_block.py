"""Reading a block: unquoted expressions, the keys of CONTRACT §1, and located errors."""

from pathlib import Path

import numpy as np
import pytest
import yaml

from mkdocs_matderiv.block import Problem, read_block
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.tree import Apply, Det, Func, Mul, Norm, Ones, Sym, T

SEEDS = Path("/work/shared/acceptance/seed_cases.yaml")


def error(body, **kw):
    with pytest.raises(MatDerivError) as err:
        read_block(body, **kw)
    return str(err.value)


def test_a_minimal_block():
    p = read_block("f: tr(X B X^T)\nwrt: X\n")
    assert isinstance(p, Problem)
    assert p.wrt == [Sym("X", ("m", "n"))]
    assert p.text == {"f": "tr(X B X^T)"}
    assert p.lines == {"f": 1, "wrt": 2}
    assert (p.vec, p.layout, p.steps, p.check, p.title, p.expand) == \
        ("column", "numerator", "full", True, None, None)


def test_a_leading_bar_is_an_expression_not_a_block_scalar():
    assert read_block("f: |X|\nwrt: X").f == Det(Sym("X", ("m", "m")))


def test_a_leading_double_bar_brace_and_bracket_are_expressions():
    assert isinstance(read_block("f: ||Xw - y||^2\nwrt: w").f.left, Norm)
    assert read_block("f: {A}^T x\nwrt: x").f == Mul((T(Sym("A", ("m", "n"))), Sym("x", ("m", 1))))
    assert read_block("f: [a + b]^T x\nwrt: a").wrt == [Sym("a", ("m", 1))]


def test_yaml_booleans_are_read_as_names():
    assert read_block("f: on\nwrt: on").wrt == [Sym("on", ("m", 1))]


def test_options():
    p = read_block("f: x^T x\nwrt: x\nvec: row\nlayout: denominator\nsteps: brief\n"
                   "check: no\ntitle: Least squares: a start\nexpand: 2x2")
    assert (p.vec, p.layout, p.steps, p.check, p.title, p.expand) == \
        ("row", "denominator", "brief", False, "Least squares: a start", (2, 2))


def test_defaults_from_the_caller_yield_to_the_block():
    p = read_block("f: x^T x\nwrt: x\nsteps: brief", defaults={"steps": "none", "check": False})
    assert (p.steps, p.check) == ("brief", False)


def test_where_names_take_the_shape_of_their_expression():
    p = read_block("f: u + v\nwhere:\n  u: A x\n  v: B x\nwrt: x")
    assert [s for s, _ in p.where] == [Sym("u", ("m", 1)), Sym("v", ("m", 1))]
    assert p.lines["where.u"] == 3
    assert p.text["where.v"] == "B x"


def test_shapes_assume_functions_and_values():
    p = read_block("f: L(g(A x))\nwrt: x\nshapes:\n  A: [3, 3]\nassume:\n  A: [invertible]\n"
                   "functions:\n  g: elementwise\n  L: scalar\nvalues:\n  x: [1, 2, 3]")
    assert p.f == Apply("L", (Func("g", Mul((Sym("A", (3, 3)), Sym("x", (3, 1))))),), (1, 1))
    assert p.assume == {"A": frozenset({"invertible"})}
    assert p.functions == {"g": "elementwise", "L": "scalar"}
    assert p.values["x"].shape == (3, 1)


def test_values_fix_shapes():
    p = read_block("f: A W + \\mathbf{1} b^T\nwrt: W\nvalues:\n  A: [[1, 2, 3], [4, 5, 6]]\n  b: [13, 14]")
    assert p.f.shape == (2, 2)
    assert p.f.args[1] == Mul((Ones((2, 1)), T(Sym("b", (2, 1)))))
    np.testing.assert_array_equal(p.values["b"], [[13.0], [14.0]])


def test_a_dict_body():
    p = read_block({"f": "x^T A x", "wrt": ["x"], "check": False, "shapes": {"x": 3}})
    assert p.wrt == [Sym("x", (3, 1))] and p.check is False


def test_a_function_named_f():
    p = read_block("f: f(Y)\nwhere:\n  Y: AXB\nwrt: X\nfunctions:\n  f: scalar")
    assert p.f == Apply("f", (Sym("Y", ("m", "n")),), (1, 1))


def test_every_seed_block_reads():
    for case in yaml.safe_load(SEEDS.read_text()):
        p = read_block(case["block"])
        assert [s.name for s in p.wrt] == [e["wrt"] for e in case["expect"]], case["id"]


@pytest.mark.parametrize(("key", "meant"), [("shape", "shapes"), ("Shapes", "shapes"),
                                             ("assumes", "assume"), ("shpaes", "shapes"), ("titel", "title")])
def test_an_unknown_key_suggests_the_closest(key, meant):
    assert error(f"f: x^T x\nwrt: x\n{key}: 1").startswith(
        f"line 3: unknown key '{key}' (did you mean `{meant}`?); valid keys: f, wrt, ")


@pytest.mark.parametrize("title", ["Step#2", "C# and F#", "\"Step #2\""])
def test_a_hash_in_a_title_is_kept(title):
    assert read_block(f"f: x^T x\nwrt: x\ntitle: {title}\n").title == title.strip("\"")


def test_a_hash_inside_an_expression_is_reported_not_cut():
    assert "unexpected character '#' ('#' is not part of an expression; a comment starts with a " \
           "space and '#')" in error("f: x^T x#2\nwrt: x")


def test_an_unknown_key():
    assert error("f: x\nwrt: x\nfoo: 1") == ("line 3: unknown key 'foo'; valid keys: f, wrt, where, "
                                             "shapes, assume, functions, values, vec, layout, steps, "
                                             "check, title, expand, entries, solve, order, method, claim, name")


def test_missing_keys():
    assert error("wrt: x") == "line 1: missing key 'f' (the expression to differentiate)"
    assert error("f: x") == "line 1: missing key 'wrt' (the variable or list of variables)"


def test_a_bad_option_lists_the_allowed_values():
    assert error("f: x\nwrt: x\nvec: diagonal") == \
        "line 3: vec: expected one of column, row, got 'diagonal'"


def test_an_expression_error_is_located_in_the_block():
    assert error("f: tr(X B\nwrt: X") == \
        "line 1: f, column 7: expected ')' to close 'tr(' opened at column 1"
    assert error("wrt: x\nwhere:\n  Y: X B )\nf: Y") == \
        "line 3: where.Y, column 5: expected end of expression, found ')'"


def test_a_shape_error_names_both_operands():
    assert error("f: A x\nwrt: x\nshapes:\n  A: m x n\n  x: k") == \
        "line 1: f, column 1: shapes do not match in the product A x: A is m×n, x is k×1"


def test_yaml_tags_anchors_and_aliases_are_refused():
    assert error("f: !!python/object/apply:os.system [ls]\nwrt: x") == \
        "line 1: a YAML tag is not allowed in a matderiv block"
    assert error("f: x\nwrt: &a x") == "line 2: a YAML anchor is not allowed in a matderiv block"
    assert error("f: x\nwrt: x\nvalues:\n  x: !!python/name:os.system") == \
        "line 4: a YAML tag is not allowed in a matderiv block"
    assert error("f: x\nwrt: x\nvalues: *v") == "line 3: a YAML alias is not allowed in a matderiv block"


def test_wrt_must_be_a_variable_of_f():
    assert error("f: A x\nwrt: Z") == "line 2: wrt: 'Z' does not occur in f"
    assert error("f: u\nwhere:\n  u: A x\nwrt: u") == \
        "line 4: wrt: 'u' is defined in where; differentiate with respect to a variable"


def test_values_must_agree_with_declared_shapes():
    assert error("f: x\nwrt: x\nshapes:\n  x: 3\nvalues:\n  x: [1, 2]") == \
        "line 6: values.x: 'x' is 3×1 in shapes but its values are 2×1"


def test_a_bad_shape():
    assert error("f: x\nwrt: x\nshapes:\n  x: a b c") == (
        "line 4: shapes.x: 'x' has the shape 'a b c'; write \"m x n\" (a matrix), \"n\" (a vector) "
        "or \"scalar\", each size a number or one letter (n, n2, n_x)")


def test_a_where_name_used_before_it_is_defined():
    assert error("f: u\nwhere:\n  u: v\n  v: A x\nwrt: x") == (
        "line 4: where.v: 'v' is used before it is defined (a where definition may use only "
        "the ones above it)")


def test_a_name_forced_into_two_shapes_asks_for_a_declaration():
    with pytest.raises(MatDerivError) as info:
        read_block("f: tr(Y^T M Y)\nwhere:\n  Y: ssigma (WX)\nwrt: X\n")   # a spaced run: letters
    assert str(info.value) == (
        "line 3: where.Y, column 1: shapes do not match in the product ss: s is m×1, s is m×1 "
        "(s is a vector unless declared: declare s: scalar in shapes if it is a number)")


def test_order_is_one_or_two():
    assert read_block("f: x^T x\nwrt: x\norder: 2").order == 2
    assert error("f: x^T x\nwrt: x\norder: 3") == ("line 3: order: expected 1 or 2 (the order of the "
                                                    "derivative), got '3'")


def test_solve_is_a_boolean():
    assert read_block("f: x^T x\nwrt: x\nsolve: true").solve is True
    assert error("f: x^T x\nwrt: x\nsolve: maybe") == "line 3: solve: expected true or false, got 'maybe'"


def test_entries_are_scalar_names_and_the_variable_takes_their_shape():
    p = read_block("f: a d - b c\nwrt: X\nentries:\n  X: [[a, b], [c, d]]")
    assert p.entries == {"X": (("a", "b"), ("c", "d"))}
    assert p.wrt == [Sym("X", (2, 2))]


def test_an_entry_declared_as_a_vector_is_an_error():
    assert "is an entry of x, so it is a scalar" in error(
        "f: x_1\nwrt: x\nentries:\n  x: [x_1, x_2]\nshapes:\n  x_1: 3")



# ---------------------------------------------------------------- no silent reinterpretation

def test_a_bom_before_the_block_is_ignored():
    assert read_block("\ufefff: x^T x\nwrt: x").f == read_block("f: x^T x\nwrt: x").f


def test_a_cycle_through_a_declared_name_is_refused():
    assert error("f: tr(Y)\nwrt: X\nwhere:\n  Y: Z X\n  Z: Y^T\nshapes:\n  Z: n x n") == (
        "line 5: where.Z: 'Z' is used before it is defined (a where definition may use only "
        "the ones above it)")


@pytest.mark.parametrize("shape", ["banana", "matrix", "vector", "n x banana", "[m, nn]"])
def test_shape_text_must_be_one_of_the_spellings(shape):
    assert error(f"f: tr(X)\nwrt: X\nshapes:\n  X: {shape}").startswith(
        f"line 4: shapes.X: 'X' has the shape '{shape}'; write")


@pytest.mark.parametrize("block, message", [
    ("f: tr(x)\nwrt: x", "line 1: f, column 1: the trace needs a square matrix; x is a vector "
     "(x is a vector unless declared: declare x: scalar in shapes if it is a number)"),
    ("f: inv(x)\nwrt: x", "line 1: f, column 1: the inverse needs a square matrix; x is a vector "
     "(x is a vector unless declared: declare x: scalar in shapes if it is a number)"),
    ("f: x^2\nwrt: x", "line 1: f, column 1: a matrix power needs a square matrix; x is a vector "
     "(x is a vector unless declared: declare x: scalar in shapes if it is a number)"),
    ("f: x y\nwrt: x", "line 1: f, column 1: shapes do not match in the product x y: x is m×1, "
     "y is n×1 (y is a vector unless declared: declare y: scalar in shapes if it is a number)"),
    ("f: logsumexp(X)\nwrt: X", "line 1: f, column 1: logsumexp needs a vector; X is m×n (X is a "
     "matrix unless declared: declare X: n or X: scalar in shapes if it is a vector or a number)"),
])
def test_a_vector_or_matrix_is_never_shrunk_to_fit(block, message):
    assert error(block) == message


def test_a_declared_scalar_is_still_a_scalar():
    assert read_block("f: det(x)\nwrt: x\nshapes:\n  x: scalar").f.shape == (1, 1)


@pytest.mark.parametrize("props, values, message", [
    ("symmetric", "[[1, 2], [3, 4]]", "the values of 'A' are not symmetric, but assume says 'A' "
     "is symmetric"),
    ("positive_definite", "[[1, 2], [2, 1]]", "the values of 'A' are not positive definite "
     "(their smallest eigenvalue is -1), but assume says it is"),
    ("invertible", "[[1, 2], [2, 4]]", "the values of 'A' are singular, but assume says 'A' is "
     "invertible"),
    ("symmetric", "[[1, 2, 3], [4, 5, 6]]", "the values of 'A' are 2×3, but assume says it is "
     "symmetric, which needs a square matrix"),
])
def test_values_must_satisfy_the_assumptions(props, values, message):
    assert error(f"f: tr(A X)\nwrt: X\nassume:\n  A: {props}\nvalues:\n  A: {values}") == \
        f"line 6: values.A: {message}"


# ---------------------------------------------------------------- messages an author can read

@pytest.mark.parametrize("key, message", [
    ("w\u200drt", "line 2: unknown key 'w<U+200D ZERO WIDTH JOINER>rt': it holds U+200D ZERO WIDTH "
                  "JOINER, an invisible character; write `wrt`"),
    ("\ufeffwrt", "line 2: unknown key '<U+FEFF BYTE ORDER MARK>wrt': it holds U+FEFF BYTE ORDER MARK, "
                  "an invisible character; write `wrt`"),
    ("wrт", "line 2: unknown key 'wrт': 'т' is U+0442 CYRILLIC SMALL LETTER TE, not the Latin t; "
            "write `wrt`"),
])
def test_a_key_that_only_looks_right_names_the_character(key, message):
    """"unknown key 'wrt' (did you mean `wrt`?)" left the author staring at a correct key."""
    assert error(f"f: x^T x\n{key}: x\n") == message


def test_a_cyrillic_letter_in_a_name_is_named():
    assert error("f: x^T x\nwrt: х\n") == ("line 2: wrt: 'х' is not a name: 'х' is U+0445 CYRILLIC "
                                           "SMALL LETTER HA, not the Latin x")
    assert error("f: х^T x\nwrt: x\n") == ("line 1: f, column 1: unexpected character 'х' ('х' is "
                                           "U+0445 CYRILLIC SMALL LETTER HA, not the Latin x)")


def test_control_characters_are_escaped_in_a_message():
    """A build log shows the message: ESC [2K and a carriage return would erase the line."""
    message = error('f: x^T x\nwrt: x\nsteps: "\\e[2K\\rfull"\n')

    assert message == "line 3: steps: expected one of full, brief, none, got '\\x1b[2K\\rfull'"
    assert message.isprintable()


LONG = {
    "an option": "f: x^T x\nwrt: x\nsteps: " + "a" * 90_000 + "\n",
    "a check": "f: x^T x\nwrt: x\ncheck: " + "a" * 90_000 + "\n",
    "an order": "f: x^T x\nwrt: x\norder: " + "a" * 90_000 + "\n",
    "a function kind": "f: x^T x\nwrt: x\nfunctions:\n  g: " + "a" * 90_000 + "\n",
    "an assume list": "f: x^T A x\nwrt: x\nassume:\n  A: " + "symmetric" * 10_000 + "\n",
    "a wrt": "f: x^T x\nwrt: " + "a" * 90_000 + "\n",
    "a title cut by a comment": "f: x^T x\nwrt: x\ntitle: " + "a" * 90_000 + " #c\n",
}


@pytest.mark.parametrize("body", LONG.values(), ids=LONG)
def test_a_message_quotes_a_long_value_cut_short(body):
    """90,048 and 104,089 characters before: a message quotes 40 characters of a value."""
    message = error(body)

    assert len(message) < 250
    assert "a" * 40 + "…" in message or "symmetric" in message


def test_thirty_factors_of_two_to_the_500_are_refused_as_a_number():
    """They multiply to 2^15000, which no check or page could print ("the engine failed")."""
    assert error("f: " + " ".join(["2^{500}"] * 30) + " x^T x\nwrt: x\n") == (
        "line 1: f: the numbers of this expression multiply to as much as 15000 bits (the limit is "
        "1024 bits; give a large constant a name instead)")


def test_numbers_through_where_count_too():
    body = "f: " + " ".join(["Y"] * 3) + "\nwrt: x\nwhere:\n  Y: 2^{400} x^T x\n"

    assert "multiply to as much as 1200 bits" in error(body)
    read_block("f: Y Y\nwrt: x\nwhere:\n  Y: 2^{400} x^T x\n")


# ---------------------------------------------------------------- names that look alike

@pytest.mark.parametrize("body, pair", [
    ("f: ν^T v\nwrt: v\n", "'ν' (Greek nu) and 'v' (Latin)"),
    ("f: Υ^T Y\nwrt: Y\nshapes:\n  Y: n\n  Υ: n\n", "'Υ' (Greek Upsilon) and 'Y' (Latin)"),
    ("f: x^T x + \\nu_1 + v_1\nwrt: x\n", "'ν_1' (Greek nu) and 'v_1' (Latin)"),
    ("f: u^T x\nwrt: x\nwhere:\n  u: υ x\n", "'υ' (Greek upsilon) and 'u' (Latin)"),
    ("f: \\hat{\\nu} + \\hat{v}^T x\nwrt: x\nshapes:\n  v: n\n", "'ν^hat' (Greek nu) and 'v^hat' (Latin)"),
])
def test_two_names_that_look_alike_on_the_page_are_a_warning(body, pair):
    problem = read_block(body)

    assert [str(w) for w in problem.warnings] == [
        f"line 1: f: {pair} are two different names that look alike on the page; if they are "
        "one name, write it one way, otherwise rename one"]


def test_derive_issues_the_warning_and_still_derives():
    from mkdocs_matderiv import derive
    from mkdocs_matderiv.errors import MatDerivWarning

    with pytest.warns(MatDerivWarning, match="'ν' \\(Greek nu\\) and 'v' \\(Latin\\)"):
        derivation = derive("f: ν^T v\nwrt: v\n")

    assert derivation.results[0].kind == "jacobian"


@pytest.mark.parametrize("body", ["f: α a^T x\nwrt: x\n", "f: x^T x + nu\nwrt: x\n",
                                  "f: tr(Y)\nwrt: X\nwhere:\n  Y: X^T X\n"])
def test_names_a_reader_tells_apart_are_no_warning(body):
    assert read_block(body).warnings == []


def test_a_lone_surrogate_in_a_mapping_title_is_a_located_error():
    """A mapping body skips the YAML reader; its title is checked all the same."""
    assert error({"f": "x^T x", "wrt": "x", "title": "a\ud800b"}) == (
        "title: 'a<U+D800 a lone surrogate>b' holds a lone surrogate, which is not a character; "
        "write the character itself")


@pytest.mark.parametrize("wrt", ["[x, x]", "[x, A, x]"])
def test_a_variable_listed_twice_in_wrt_is_an_error(wrt):
    """It was derived twice, the second result a copy of the first."""
    assert error(f"f: x^T A x\nwrt: {wrt}\n") == "line 2: wrt: 'x' is listed twice in wrt; list each variable once"


def test_two_spellings_of_one_greek_name_in_wrt_are_one_variable_listed_twice():
    assert error("f: α x^T x\nwrt: [alpha, α]\n") == ("line 2: wrt: 'alpha' is listed twice in wrt; list "
                                                      "each variable once")
