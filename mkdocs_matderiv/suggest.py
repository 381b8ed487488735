""""Did you mean …?" for a misspelt name, and the letters a reader cannot tell apart: one
place, so every message suggests and explains alike."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from mkdocs_matderiv.language.names import GREEK_UNICODE

_HOMOGLYPHS = dict(zip(
    "аеорсухіјѕԁһԛԝвкмнт" "АВЕКМНОРСТХУІЈЅ" "ΑΒΕΖΗΙΚΜΝΟΡΤΧοϲ",
    "aeopcyxijsdhqwbkmht" "ABEKMHOPCTXYIJS" "ABEZHIKMNOPTXoc", strict=True))
"""Cyrillic and Greek letters that the expression language does not read, each with the
Latin letter it is drawn like (Unicode's confusables, the letters of names)."""

LOOKALIKE_NAMES = {"nu": "v", "upsilon": "u", "Upsilon": "Y", "iota": "i"}
"""Greek letters the language reads, each with the Latin letter it is typeset almost like
(ν and v, υ and u, Υ and Y, ι and i): two names a reader cannot tell apart on the page."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean `shapes`?)`` for the closest choice, or "" when none is close."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f" (did you mean `{lowered[found[0]]}`?)" if found else ""


def _latin(ch: str) -> str | None:
    """The ASCII letter ``ch`` is drawn like: a Cyrillic or Greek homoglyph, a fullwidth or
    mathematical letter (``Ａ``, ``𝑥``); None for any other character."""
    if ch in _HOMOGLYPHS:
        return _HOMOGLYPHS[ch]
    folded = unicodedata.normalize("NFKC", ch)
    return folded if folded != ch and len(folded) == 1 and folded.isascii() and folded.isalpha() else None


def _invisible(ch: str) -> bool:
    return not ch.isprintable()


def _named(ch: str) -> str:
    name = "BYTE ORDER MARK" if ch == "\ufeff" else unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} {name}".rstrip()


def plain(text: str) -> str:
    """``text`` as it reads: invisible characters dropped, look-alike letters as the Latin
    ones (``w\\u200drt`` and ``wrт`` are ``wrt``)."""
    return "".join(_latin(ch) or ch for ch in text if not _invisible(ch))


def explain(text: str) -> str:
    """Why ``text`` is not what it looks like, for a message (the first such character):
    ``it holds U+200D ZERO WIDTH JOINER, an invisible character`` or ``'х' is U+0445
    CYRILLIC SMALL LETTER HA, not the Latin x``; "" when every character is what it shows."""
    for ch in text:
        if _invisible(ch):
            return f"it holds {_named(ch)}, an invisible character"
        latin = _latin(ch)
        if latin:
            return f"'{ch}' is {_named(ch)}, not the Latin {latin}"
    return ""


def lookalike_names(names: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of names a reader cannot tell apart on the page (``nu`` and ``v``, ``nu_1`` and
    ``v_1``): each Greek name with a look-alike in :data:`LOOKALIKE_NAMES` beside the Latin
    name it is drawn like."""
    names = set(names)
    pairs = []
    for name in sorted(names):
        letters = _letters(name)
        latin = LOOKALIKE_NAMES.get(letters)       # the rest (a digit, _1, ^hat, ^[2]) must match too
        if latin and latin + name[len(letters):] in names:
            pairs.append((name, latin + name[len(letters):]))
    return pairs


def shown_name(name: str) -> str:
    """``'ν' (Greek nu)`` or ``'v' (Latin)``: a canonical name as the author reads it."""
    letters = _letters(name)
    glyph = next((ch for ch, word in GREEK_UNICODE.items() if word == letters), None)
    if glyph is None:
        return f"'{name}' (Latin)"
    return f"'{glyph}{name[len(letters):]}' (Greek {letters})"


def _letters(name: str) -> str:
    """The letters a canonical name starts with (``nu`` of ``nu_1``, ``v`` of ``v^hat``)."""
    return name[:len(name) - len(name.lstrip(_ASCII_LETTERS))]


_ASCII_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
