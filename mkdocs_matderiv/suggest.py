""""Did you mean …?" for a misspelt name: one place, so every message suggests alike."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean `shapes`?)`` for the closest choice, or "" when none is close."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f" (did you mean `{lowered[found[0]]}`?)" if found else ""
