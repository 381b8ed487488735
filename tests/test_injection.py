"""Nothing in a block is ever run: code in any disguise is refused or read as math."""

from __future__ import annotations

import pytest

from mkdocs_matderiv import MatDerivError, derive


def attempts(sentinel) -> list[str]:
    cmd = f"touch {sentinel}"
    return [
        f'f: !!python/object/apply:os.system ["{cmd}"]\nwrt: x',
        f'f: x^T x\nwrt: !!python/object/apply:os.system ["{cmd}"]',
        f'f: x^T x\nwrt: x\nvalues:\n  x: !!python/object/apply:os.system ["{cmd}"]',
        f'f: x^T x\nwrt: x\nwhere:\n  Y: !!python/object/new:os.system ["{cmd}"]',
        f'!!python/object/apply:os.system ["{cmd}"]',
        f'--- !!python/object/apply:os.system ["{cmd}"]',
        f"f: __import__('os').system('{cmd}')\nwrt: x",
        f"f: eval(\"__import__('os').system('{cmd}')\")\nwrt: x",
        f"f: {{{{ __import__('os').system('{cmd}') }}}}\nwrt: x",
        f"f: {{% import os %}}{{{{ os.system('{cmd}') }}}}\nwrt: x",
        f"f: $({cmd})\nwrt: x",
        f"f: `{cmd}`\nwrt: x",
        f"f: x^T x; rm -rf {sentinel}.dir; {cmd}\nwrt: x",
        f"f: x^T x\nwrt: x\ntitle: $({cmd}) `{cmd}` {{{{ {cmd} }}}}",
        f"f: x^T x\nwrt: x\nfunctions:\n  system: \"os.system('{cmd}')\"",
        f"f: x^T x\nwrt: x\nvalues:\n  x: [\"__import__('os').system('{cmd}')\"]",
        f"f: x^T x\nwrt: x\nshapes:\n  x: \"{cmd}\"",
    ]


@pytest.mark.parametrize("index", range(17))
def test_a_block_carrying_code_runs_nothing(tmp_path, index):
    sentinel = tmp_path / "SENTINEL"
    block = attempts(sentinel)[index]
    try:
        derive(block)
    except MatDerivError as err:
        assert err.where(), f"no location in {err}"
    assert not sentinel.exists()


def test_a_python_tag_is_refused_by_name():
    with pytest.raises(MatDerivError, match="a YAML tag is not allowed"):
        derive('f: !!python/object/apply:os.system ["true"]\nwrt: x')


def test_a_tag_in_a_mapping_passed_from_python_is_just_text():
    with pytest.raises(MatDerivError, match="unexpected character"):
        derive({"f": "__import__('os')", "wrt": "x"})


def test_template_braces_are_read_as_math_groups():
    result = derive("f: {{ x }}\nwrt: x").to_dict()["results"][0]
    assert (result["kind"], result["text"]) == ("jacobian", "I_{m}")


def test_shell_substitution_is_an_unexpected_character():
    with pytest.raises(MatDerivError) as info:
        derive("f: $(touch S)\nwrt: x")
    assert str(info.value) == "line 1: f, column 1: unexpected character '$'"
