"""The lexer: expression text to tokens, with letter runs split into names."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from fractions import Fraction

from mkdocs_matderiv import limits
from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.functions import SPELLINGS
from mkdocs_matderiv.language.names import (ACCENTS, BUILTIN_WORDS, GREEK, GREEK_UNICODE,
                                             STRUCTURAL_FUNCTIONS, canonical_name, layer_index)
from mkdocs_matderiv.suggest import explain
from mkdocs_matderiv.tree import Dim


@dataclass(frozen=True)
class Token:
    """One token.

    Attributes:
        kind: ``name``, ``num``, ``ones``, ``top``, an operator (``+``, ``*``, ``odot``, ``otimes``,
            ``./``, ``/``, ``^``, ``hpow`` (``.^``), ``'``, ``inv``, ``sq``, ``,``, ``frac``), a
            delimiter (``(``, ``)``, ``[``, ``]``, ``{``, ``}``, ``|``, ``||``), ``normsub`` (the
            ``_1`` of ``||x||_1``, value 1 or 2) or ``end``.
        text: the source text of the token.
        col: its 1-based column in the expression.
        value: the canonical name (``name``) or the number (``num``).
        command: whether it was written as a LaTeX command (``\\ln``).
    """

    kind: str
    text: str
    col: int
    value: object = None
    command: bool = False

    @property
    def name(self) -> str:
        """The canonical name of a ``name`` token."""
        assert isinstance(self.value, str), f"a {self.kind} token has no name"
        return self.value

    @property
    def number(self) -> Fraction:
        """The number of a ``num`` token."""
        assert isinstance(self.value, Fraction), f"a {self.kind} token has no number"
        return self.value

    @property
    def dims(self) -> tuple[Dim, Dim]:
        """``(m, n)`` of a ``commutation`` token (``K_{m,n}``)."""
        assert isinstance(self.value, tuple), f"a {self.kind} token has no dimensions"
        return self.value


_SKIP_COMMANDS = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
                  "biggl", "biggr", "Biggl", "Biggr", "quad", "qquad", "displaystyle"}
_OP_COMMANDS = {"cdot": "*", "times": "*", "odot": "odot", "circ": "odot", "otimes": "otimes",
                "oslash": "./", "frac": "frac", "dfrac": "frac", "tfrac": "frac", "top": "top",
                "intercal": "top", "lVert": "||", "rVert": "||", "Vert": "||", "|": "||",
                "lvert": "|", "rvert": "|", "vert": "|", "{": "{", "}": "}"}
_WORD_COMMANDS = set(GREEK) | set(SPELLINGS) | {"det", "tr", "Tr", "sum", "diag", "vec", "inv", "norm"}
_NAME_WRAPPERS = {"mathbf", "boldsymbol", "bm", "vec", "mathit", "mathbfit"}
_TEXT_WRAPPERS = {"operatorname", "mathrm", "text", "mathsf", "textrm"}
_UNICODE_OPS = {"·": "*", "⋅": "*", "×": "*", "⊙": "odot", "∘": "odot", "⊗": "otimes",
                "−": "-", "‖": "||", "ᵀ": "top", "⊤": "top", "𝟏": "ones", "⁻¹": "inv", "²": "sq"}
_SIMPLE = {"+": "+", "-": "-", "*": "*", "/": "/", "^": "^", "'": "'", "(": "(", ")": ")",
           "[": "[", "]": "]", "{": "{", "}": "}", ",": ",", ";": ";"}
_NUMBER = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?([0-9]+))?")
"""``2``, ``0.5``, ``.5``, and in scientific notation ``1e-3``, ``2.5E4`` (never ``1 e - 3``)."""
_MAX_DECIMAL_EXPONENT = 300
_RUN = re.compile(r"[A-Za-z]+")
_COMMUTATION = re.compile(r"_\{\s*([A-Za-z]\w*|[0-9]+)\s*,\s*([A-Za-z]\w*|[0-9]+)\s*\}")
"""``K_{m,n}``: the commutation matrix (``vec(Aᵀ) = K_{m,n} vec(A)``, A m×n); no name has a comma."""
_SUFFIX = re.compile(r"[0-9]+|_\{\s*([A-Za-z0-9]+)\s*\}|_([0-9]+|[A-Za-z0-9])")
"""``W1``, ``b_{12}``, ``x_12`` (all its digits: an author who writes ``x_12`` means the twelfth
entry, never ``x_1`` times 2), ``x_i``."""
_SUBSCRIPT_RUN = re.compile(r"_([A-Za-z0-9]+)")
_NORM_SUB = re.compile(r"_(?:\{\s*([12])\s*\}|([12]))")
_LAYER_SUP = re.compile(r"\^\{\s*\[\s*([A-Za-z0-9]+(?:\s*[+-]\s*[A-Za-z0-9]+)*)\s*\]\s*\}")
"""``^{[1]}``, ``^{[l-1]}`` right after a name: Andrew Ng's layer index, part of the name."""


def tokenize(text: str, known: frozenset[str] | set[str] = frozenset()) -> list[Token]:
    """Split an expression into tokens.

    Parameters:
        text: the expression as written.
        known: canonical names kept whole (declared names); built-in words and Greek
            letters are always kept whole, any other run of letters splits into letters.

    Returns:
        The tokens, ending with an ``end`` token.
    """
    return _Lexer(text, known).run()


class _Lexer:
    def __init__(self, text: str, known) -> None:
        self.text = text
        self.known = set(known) | BUILTIN_WORDS | set(GREEK)
        self.pos = 0
        self.out: list[Token] = []

    def error(self, message: str, pos: int | None = None) -> MatDerivError:
        return MatDerivError(message, column=(self.pos if pos is None else pos) + 1)

    def emit(self, kind: str, start: int, value=None, command: bool = False) -> None:
        self.out.append(Token(kind, self.text[start:self.pos], start + 1, value, command))

    def run(self) -> list[Token]:
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            start = self.pos
            if ch.isspace():
                self.pos += 1
            elif ch == "\\":
                self.command()
            elif text.startswith("||", self.pos):
                self.pos += 2
                self.emit("||", start)
                self.norm_subscript()
            elif ch == "|":
                self.pos += 1
                self.emit("|", start)
            elif text.startswith((".*", "./", ".^"), self.pos):
                self.pos += 2
                self.emit({"/": "./", "*": "odot", "^": "hpow"}[text[start + 1]], start)
            elif (m := _NUMBER.match(text, self.pos)):
                limits.check_number_literal(m.group(0), start + 1)
                if m.group(1) and int(m.group(1)) > _MAX_DECIMAL_EXPONENT:
                    raise self.error(f"the number {m.group(0)} is out of range (a power of ten "
                                     f"up to {_MAX_DECIMAL_EXPONENT})", start)
                self.pos = m.end()
                self.emit("num", start, Fraction(m.group(0)))
            elif ch.isascii() and ch.isalpha():
                self.word()
            elif text.startswith("⁻¹", self.pos):
                self.pos += 2
                self.emit("inv", start)
            elif ch in _UNICODE_OPS:
                self.pos += 1
                self.emit(_UNICODE_OPS[ch], start)
                if ch == "𝟏":
                    self.sized_ones(start)
            elif ch in GREEK_UNICODE:
                self.pos += 1
                self.name_with_suffix(GREEK_UNICODE[ch], start)
            elif ch in _SIMPLE:
                self.pos += 1
                self.emit(_SIMPLE[ch], start)
            else:
                hint = " ('#' is not part of an expression; a comment starts with a space and '#')"
                why = hint if ch == "#" else (f" ({explain(ch)})" if ch.isprintable() and explain(ch) else "")
                raise self.error(f"unexpected character '{ch}'{why}")
        self.out.append(Token("end", "", len(text) + 1))
        return self.out

    def norm_subscript(self) -> None:
        """``_1`` or ``_{2}`` right after a closing ``||``: which norm it is."""
        m = _NORM_SUB.match(self.text, self.pos)
        if m:
            start, self.pos = self.pos, m.end()
            self.emit("normsub", start, int(m.group(1) or m.group(2)))

    def suffix(self, base: str = "") -> str:
        """Digits or a subscript right after a name: ``1``, ``_1``, ``_{12}``, ``_12``; a declared
        name (an entry ``e_ij``) is kept whole, the longest that is declared."""
        run = _SUBSCRIPT_RUN.match(self.text, self.pos)
        if base and run:
            for end in range(len(run.group(1)), 1, -1):
                if f"{base}_{run.group(1)[:end]}" in self.known:
                    self.pos += end + 1
                    return "_" + run.group(1)[:end]
        m = _SUFFIX.match(self.text, self.pos)
        if not m:
            return ""
        self.pos = m.end()
        if m.group(0).startswith("_"):
            return "_" + (m.group(1) or m.group(2))
        return m.group(0)

    def sized_ones(self, start: int) -> None:
        """``\\mathbf{1}_n``, ``𝟏_{3}``: the all-ones vector of a given length, read as ``ones_n``."""
        m = _SUFFIX.match(self.text, self.pos)
        if m and m.group(0).startswith("_"):
            self.pos = m.end()
            self.out[-1] = Token("name", self.text[start:self.pos], start + 1, "ones_" + (m.group(1) or m.group(2)))

    def name_with_suffix(self, base: str, start: int, command: bool = False) -> None:
        self.emit("name", start, base + self.suffix(base), command)
        self.layer()

    def layer(self) -> None:
        """``z^{[1]}``: a layer index right after a name is part of it (``z^[1]``), typeset as written."""
        m = _LAYER_SUP.match(self.text, self.pos)
        last = self.out[-1]
        if m and last.kind == "name":
            self.pos = m.end()
            self.out[-1] = Token("name", self.text[last.col - 1:self.pos], last.col,
                                 f"{last.name}^[{layer_index(m.group(1))}]", last.command)

    def word(self) -> None:
        start = self.pos
        found = _RUN.match(self.text, self.pos)
        assert found is not None, "word() is called at a letter"
        run = found.group(0)
        self.pos += len(run)
        if run == "K" and (m := _COMMUTATION.match(self.text, self.pos)):   # K_{m,n}, as results print it
            self.pos = m.end()
            self.emit("commutation", start, tuple(int(d) if d.isdigit() else d for d in m.groups()))
            return
        suffix = self.suffix(run)
        if run in self.known or run + suffix in self.known or len(run) == 1:
            self.emit("name", start, run + suffix)
            self.layer()
            return
        if self.text.startswith("(", self.pos):
            raise self.unknown_function(run + suffix, start)
        for i, letter in enumerate(run[:-1]):
            self.out.append(Token("name", letter, start + i + 1, letter))
        last = start + len(run) - 1
        self.out.append(Token("name", self.text[last:self.pos], last + 1, run[-1] + suffix))
        self.layer()

    def unknown_function(self, name: str, start: int) -> MatDerivError:
        """A word before ``(`` that names no function: never a product of its letters (CONTRACT §2)."""
        functions = sorted(set(SPELLINGS) | set(STRUCTURAL_FUNCTIONS))
        close = difflib.get_close_matches(name, functions, n=3, cutoff=0.5)
        hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
        return self.error(f"unknown function '{name}'{hint}; a product is written with spaces, "
                          "X B (Y + Z)", start)

    def braced(self) -> str:
        """The text of a ``{...}`` argument (or a single character) after a command."""
        text = self.text
        while self.pos < len(text) and text[self.pos].isspace():
            self.pos += 1
        if self.pos < len(text) and text[self.pos] == "{":
            end = _closing_brace(text, self.pos)
            if end < 0:
                raise self.error("expected '}' to close '{'", len(text))
            inner = text[self.pos + 1:end]
            self.pos = end + 1
            return inner.strip()
        if self.pos < len(text):
            self.pos += 1
            return text[self.pos - 1]
        raise self.error("expected an argument in braces", len(text))

    def command(self) -> None:
        text = self.text
        start = self.pos
        m = re.compile(r"\\([A-Za-z]+|.)").match(text, self.pos)
        name = m.group(1) if m else ""
        self.pos = m.end() if m else len(text)
        if name in (",", ";", "!", " ", ":") or name in _SKIP_COMMANDS:
            if name in ("left", "right") and text.startswith(".", self.pos):
                self.pos += 1
            return
        if name in _OP_COMMANDS:
            self.emit(_OP_COMMANDS[name], start, command=True)
            if _OP_COMMANDS[name] == "||":
                self.norm_subscript()
        elif name in _NAME_WRAPPERS:
            inner = self.braced()
            if inner == "1":
                self.emit("ones", start)
                self.sized_ones(start)
            elif re.fullmatch(r"[A-Za-z]+", inner) or inner in GREEK_UNICODE:
                self.name_with_suffix(GREEK_UNICODE.get(inner, inner), start)
            elif re.fullmatch(r"\\[A-Za-z]+", inner) and inner[1:] in GREEK:
                self.name_with_suffix(inner[1:], start)
            elif (canonical := canonical_name(inner)) is not None:      # \mathbf{b_1}, \mathbf{b1}
                self.name_with_suffix(canonical, start)
            else:
                raise self.error(f"expected a name inside '\\{name}{{...}}'", start)
        elif name in ACCENTS:
            accented = canonical_name(self.braced())
            if accented is None or "^" in accented:
                raise self.error(f"expected a name inside '\\{name}{{...}}' (\\hat{{w}})", start)
            self.emit("name", start, f"{accented}^{ACCENTS[name]}", command=True)
            self.layer()
        elif name in _TEXT_WRAPPERS:
            inner = self.braced()
            if inner == "T":
                self.emit("top", start, command=True)
            elif re.fullmatch(r"[A-Za-z]+", inner):
                self.name_with_suffix(inner, start, command=True)
            else:
                raise self.error(f"expected a name inside '\\{name}{{...}}'", start)
        elif name in _WORD_COMMANDS:
            value = "tr" if name == "Tr" else name
            if name in GREEK:
                self.name_with_suffix(value, start, command=True)
            else:
                self.emit("name", start, value, command=True)
        else:
            raise self.error(f"unknown command '\\{name}'", start)


def _closing_brace(text: str, opening: int) -> int:
    """The index of the ``}`` that closes the ``{`` at ``opening`` (nested braces counted), or -1."""
    depth = 0
    for i in range(opening, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return -1
