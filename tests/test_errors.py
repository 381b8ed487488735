"""A message is printable and short, whatever the block quoted into it."""

from __future__ import annotations

from mkdocs_matderiv.errors import MAX_MESSAGE_CHARS, MatDerivError, printable, quoted, shorten


def test_control_characters_become_escapes_and_invisible_ones_are_named():
    assert printable("a\x1b[2K\rb\tc\n") == "a\\x1b[2K\\rb\\tc\\n"
    assert printable("w\u200drt\ufeff\u00a0") == ("w<U+200D ZERO WIDTH JOINER>rt<U+FEFF BYTE ORDER MARK>"
                                                 "<U+00A0 NO-BREAK SPACE>")
    assert printable("a\ud800") == "a<U+D800 a lone surrogate>"
    assert printable("ν ⊙ 𝟏 é") == "ν ⊙ 𝟏 é"


def test_a_long_message_keeps_its_start_and_its_advice():
    err = MatDerivError("x" * 5000 + "; write it shorter", line=3, key="f")

    text = str(err)
    assert len(text) == MAX_MESSAGE_CHARS
    assert text.startswith("line 3: f: xxx") and text.endswith("; write it shorter")
    assert shorten("short") == "short"


def test_a_quoted_value_is_cut_at_40_characters():
    assert quoted("b" * 100) == "b" * 40 + "…"
    assert quoted("\x1b") == "\\x1b"


def test_the_page_is_printable_too():
    err = MatDerivError("bad", line=1)
    err.page, err.page_line = "a\nb.md", 4

    assert str(err) == "a\\nb.md, line 4: bad"
