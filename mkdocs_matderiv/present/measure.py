"""How wide a formula is set, in em, estimated from the math font's glyph widths.

MathJax (its TeX and New Computer Modern fonts), KaTeX and pdflatex all set math in
Computer Modern, so one table of advance widths (``GLYPHS``, in em, italic corrections
included, as KaTeX's font metrics give them) and TeX's rules for the space between atoms
(The TeXbook, ch. 18) estimate a line's width for every target to within a few per cent.
The formulas are the renderer's own LaTeX (``render.latex``) plus the few constructs the
pages wrap them in (``aligned``, ``bmatrix``, ``\\text``, ``\\boxed``, ``\\hphantom``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ITALIC = dict(zip(_LETTERS, map(float, (
    "0.529 0.429 0.433 0.52 0.466 0.597 0.513 0.576 0.345 0.469 0.552 0.318 0.878 0.6 0.485 0.503 0.482 "
    "0.479 0.469 0.361 0.572 0.521 0.743 0.572 0.526 0.509 0.75 0.809 0.786 0.856 0.796 0.782 0.786 0.913 "
    "0.518 0.651 0.921 0.681 1.079 0.912 0.791 0.781 0.791 0.767 0.671 0.723 0.792 0.806 1.083 0.907 0.803 "
    "0.754").split())))
_UPRIGHT_CHARS = _LETTERS + "0123456789()[]|/,.;:!'=+<>*"
_UPRIGHT = dict(zip(_UPRIGHT_CHARS, map(float, (
    "0.5 0.556 0.444 0.556 0.444 0.306 0.5 0.556 0.278 0.306 0.528 0.278 0.833 0.556 0.5 0.556 0.528 0.392 "
    "0.394 0.389 0.556 0.528 0.722 0.528 0.528 0.444 0.75 0.708 0.722 0.764 0.681 0.653 0.785 0.75 0.361 "
    "0.514 0.778 0.625 0.917 0.75 0.778 0.681 0.778 0.736 0.556 0.722 0.75 0.75 1.028 0.75 0.75 0.611 "
    "0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.389 0.389 0.278 0.278 0.278 0.5 0.278 0.278 0.278 0.278 "
    "0.278 0.278 0.778 0.778 0.778 0.778 0.5").split())))
_GREEK = dict(zip(
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon "
    "phi chi psi omega varepsilon varphi Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split(),
    map(float, "0.643 0.618 0.573 0.482 0.466 0.511 0.532 0.497 0.354 0.576 0.583 0.603 0.558 0.484 0.606 "
               "0.517 0.607 0.55 0.576 0.654 0.626 0.687 0.658 0.466 0.654 0.625 0.833 0.778 0.694 0.667 "
               "0.75 0.722 0.778 0.722 0.778 0.722".split())))

GLYPHS: dict[str, dict[str, float]] = {"italic": _ITALIC, "upright": _UPRIGHT, "greek": _GREEK}
"""Advance widths in em of Computer Modern: math italic letters (``x``), upright letters, digits
and punctuation (``\\operatorname{tr}``, ``2``, ``(``), and the Greek letters by their command name."""

_SYMBOLS: dict[str, tuple[str, float]] = {
    **{k: ("bin", 0.778) for k in ("odot", "oslash", "otimes", "oplus", "times", "pm", "mp", "setminus")},
    **{k: ("bin", 0.278) for k in ("cdot",)},
    **{k: ("bin", 0.5) for k in ("circ", "ast", "star")},
    **{k: ("rel", 0.778) for k in ("le", "leq", "ge", "geq", "ne", "neq", "approx", "equiv", "sim", "succ",
                                   "prec", "succeq", "preceq", "propto", "coloneqq")},
    **{k: ("rel", 1.0) for k in ("to", "rightarrow", "mapsto", "Rightarrow", "implies", "iff")},
    "in": ("rel", 0.667), "notin": ("rel", 0.667), "subset": ("rel", 0.778),
    "partial": ("ord", 0.566), "top": ("ord", 0.778), "infty": ("ord", 1.0), "nabla": ("ord", 0.833),
    "ell": ("ord", 0.417), "prime": ("ord", 0.275), "emptyset": ("ord", 0.5), "forall": ("ord", 0.556),
    "exists": ("ord", 0.556), "|": ("ord", 0.5), "lVert": ("open", 0.4), "rVert": ("close", 0.4),
    "lvert": ("open", 0.278), "rvert": ("close", 0.278), "{": ("open", 0.5), "}": ("close", 0.5),
    "langle": ("open", 0.389), "rangle": ("close", 0.389),
    "dots": ("inner", 1.172), "ldots": ("inner", 1.172), "cdots": ("inner", 1.172), "vdots": ("ord", 0.278),
    "ddots": ("inner", 1.172), "sum": ("op", 1.444), "prod": ("op", 1.278), "int": ("op", 0.556),
    "log": ("op", 1.278), "ln": ("op", 0.833), "exp": ("op", 1.472), "max": ("op", 1.611), "min": ("op", 1.389),
    "det": ("op", 1.278), "tr": ("op", 0.784), "sin": ("op", 1.222), "cos": ("op", 1.333), "tanh": ("op", 2.0),
}
_SPACES = {",": 0.167, ":": 0.222, ">": 0.222, ";": 0.278, "!": -0.167, " ": 0.333, "quad": 1.0, "qquad": 2.0,
           "enspace": 0.5, "thinspace": 0.167, "medspace": 0.222, "thickspace": 0.278}
_SKIP = {"displaystyle", "textstyle", "limits", "nolimits", "small", "normalsize", "notag", "nonumber",
         "mathstrut", "strut", "big", "Big", "bigl", "bigr", "Bigl", "Bigr", "left.", "right."}
_UNICODE = {"−": "-", "…": "\\dots", "⊙": "\\odot", "⊘": "\\oslash", "⊗": "\\otimes", "∂": "\\partial",
            "σ": "\\sigma", "λ": "\\lambda", "α": "\\alpha", "Σ": "\\Sigma", "·": "\\cdot", "×": "\\times",
            "→": "\\to", "𝟏": "1"}
_DELIMITERS = {"(": 0.389, ")": 0.389, "[": 0.278, "]": 0.278, "|": 0.278, "\\|": 0.4, "\\lVert": 0.4,
               "\\rVert": 0.4, "\\{": 0.5, "\\}": 0.5, ".": 0.12, "\\langle": 0.389, "\\rangle": 0.389}
_DELIMITER_GROWTH = (1.0, 1.18, 1.8, 1.9)
"""How much wider a delimiter is set around taller content: plain, scripts, a fraction, a matrix."""

THIN, MEDIUM, THICK = 3 / 18, 4 / 18, 5 / 18
_SPACING = {  # The TeXbook, ch. 18: the space between two atoms; negative: only in display and text style
    "ord": {"op": THIN, "bin": -MEDIUM, "rel": -THICK, "inner": -THIN},
    "op": {"ord": THIN, "op": THIN, "rel": -THICK, "inner": -THIN},
    "bin": {"ord": -MEDIUM, "op": -MEDIUM, "open": -MEDIUM, "inner": -MEDIUM},
    "rel": {"ord": -THICK, "op": -THICK, "open": -THICK, "inner": -THICK},
    "open": {},
    "close": {"op": THIN, "bin": -MEDIUM, "rel": -THICK, "inner": -THIN},
    "punct": {k: -THIN for k in ("ord", "op", "rel", "open", "close", "punct", "inner")},
    "inner": {"ord": -THIN, "op": THIN, "bin": -MEDIUM, "rel": -THICK, "open": -THIN, "punct": -THIN,
              "inner": -THIN},
}
SCRIPT = 0.7
"""A superscript or subscript is set at 70 % (a script's script at 50 %)."""

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\s+|.", re.S)


@dataclass
class _Atom:
    kind: str
    width: float
    tall: int = 0          # 0 plain, 1 with scripts, 2 with a fraction, 3 with a matrix
    script: str = ""       # the script set last ("^" or "_"), and its width: a superscript and a
    script_width: float = 0.0   # subscript stack, so the wider of the two counts


def width(tex: str) -> float:
    """The width in em at which ``tex`` (math, display style) is set."""
    return _Reader(tex).width(1.0, display=True)


def tokens(tex: str) -> list[str]:
    """``tex`` cut into TeX tokens (a command, a character, a run of spaces)."""
    return _TOKEN.findall(tex)


class _Reader:
    def __init__(self, tex: str) -> None:
        self.toks = [_UNICODE.get(t, t) for t in tokens(tex)]
        self.i = 0

    def width(self, size: float, display: bool) -> float:
        return _set(self.atoms(size, display, stop=()), size, display)[0]

    # ------------------------------------------------------------ reading

    def next(self) -> str:
        while self.i < len(self.toks) and self.toks[self.i].isspace():
            self.i += 1
        tok = self.toks[self.i] if self.i < len(self.toks) else ""
        self.i += 1
        return tok

    def arg_text(self) -> str:
        """The raw text of the next argument (``{…}`` or one token)."""
        tok = self.next()
        if tok != "{":
            return tok
        depth, out = 1, []
        while self.i < len(self.toks):
            t = self.toks[self.i]
            self.i += 1
            depth += (t == "{") - (t == "}")
            if depth == 0:
                break
            out.append(t)
        return "".join(out)

    def arg(self, size: float, display: bool = False) -> _Atom:
        inner = _Reader(self.arg_text())
        atoms = inner.atoms(size, display, stop=())
        w, tall = _set(atoms, size, display)
        return _Atom("ord", w, tall)

    def atoms(self, size: float, display: bool, stop: tuple[str, ...]) -> list[_Atom]:
        out: list[_Atom] = []
        while self.i < len(self.toks):
            tok = self.next()
            if tok in stop or tok == "":
                break
            if tok in ("^", "_"):
                script = self.arg(size * SCRIPT if size > 0.6 else size)
                if not out:
                    out.append(_Atom("ord", 0.0))
                base = out[-1]
                add = script.width + 0.05 * size
                if base.script and base.script != tok:     # stacked over the other script
                    add, base.script_width = max(0.0, add - base.script_width), max(add, base.script_width)
                else:
                    base.script_width = add
                base.width += add
                base.tall, base.script = max(base.tall, 1), tok
                continue
            if tok == "'":
                out.append(_Atom("ord", 0.3 * size, 1))
                continue
            atom = self.atom(tok, size, display)
            if atom is not None:
                out.append(atom)
        return out

    def atom(self, tok: str, size: float, display: bool) -> _Atom | None:
        if tok == "{":
            self.i -= 1
            return self.arg(size, display)
        if tok.startswith("\\") and len(tok) > 1:
            return self.command(tok[1:], size, display)
        if tok in _ITALIC:
            return _Atom("ord", _ITALIC[tok] * size)
        kind = ("bin" if tok in "+-*" else "rel" if tok in "=<>" else "open" if tok in "([" else
                "close" if tok in ")]!" else "punct" if tok in ",;" else "ord")
        return _Atom(kind, (0.778 if tok == "-" else _UPRIGHT.get(tok, 0.5)) * size)

    def command(self, name: str, size: float, display: bool) -> _Atom | None:
        if name in _SPACES:
            return _Atom("space", _SPACES[name] * size)
        if name in _SKIP:
            return None
        if name in _GREEK:
            return _Atom("ord", _GREEK[name] * size)
        if name in _SYMBOLS:
            kind, w = _SYMBOLS[name]
            return _Atom(kind, w * size)
        if name in ("frac", "tfrac", "dfrac", "binom"):
            inner = size if (display or name == "dfrac") and name != "tfrac" else size * SCRIPT
            top, bottom = self.arg(inner), self.arg(inner)
            return _Atom("inner", max(top.width, bottom.width) + 0.24 * size, 2)
        if name == "left":
            return self.delimited(size, display)
        if name in ("right", "end"):      # unbalanced in a fragment: nothing more to set
            self.arg_text()
            return None
        if name == "begin":
            return self.environment(self.arg_text(), size)
        if name in ("operatorname", "mathrm", "text", "textrm", "mbox", "mathbf", "mathbb", "boldsymbol",
                    "mathcal", "mathit", "textit", "textbf"):
            return self.styled(name, size)
        if name in ("hphantom", "phantom", "mathord", "mathop", "overline", "hat", "tilde", "bar", "vec"):
            atom = self.arg(size, display)
            atom.kind = "op" if name == "mathop" else "ord"
            return atom
        if name in ("boxed", "fbox"):
            atom = self.arg(size, display)
            return _Atom("ord", atom.width + 0.68 * size, atom.tall)
        if name == "sqrt":
            atom = self.arg(size, display)
            return _Atom("ord", atom.width + 0.85 * size, atom.tall)
        if name in ("mathbin", "mathrel", "mathopen", "mathclose", "mathpunct", "mathinner"):
            atom = self.arg(size, display)
            atom.kind = name[4:]
            return atom
        if name in ("tag", "label"):
            self.arg_text()
            return None
        return _Atom("ord", 0.6 * size)

    def styled(self, name: str, size: float) -> _Atom:
        """Letters set upright (or bold, or blackboard): ``\\operatorname{tr}``, ``\\text{…}``."""
        text = self.arg_text()
        if name in ("text", "textrm", "mbox", "textit", "textbf"):
            return _Atom("ord", _text_width(text, size))
        if name == "mathbb":
            return _Atom("ord", 0.722 * size * max(1, len(text)))
        reader = _Reader(text)
        wide = 1.1 if name in ("mathbf", "boldsymbol") else 1.0
        w = sum(_UPRIGHT.get(t, _ITALIC.get(t, 0.5)) if len(t) == 1 else reader.width(size, False) / size
                for t in reader.toks if not t.isspace())
        return _Atom("op" if name == "operatorname" else "ord", w * wide * size)

    def delimited(self, size: float, display: bool) -> _Atom:
        """``\\left( … \\right)``: an inner atom, its delimiters grown to the content's height."""
        opening = self.next()
        inner = self.atoms(size, display, stop=("\\right",))
        closing = self.next()
        w, tall = _set(inner, size, display)
        grow = _DELIMITER_GROWTH[tall]
        edges = sum(_DELIMITERS.get(d, 0.4) * (1 if d == "." else grow) for d in (opening, closing))
        return _Atom("inner", w + edges * size, tall)

    def environment(self, name: str, size: float) -> _Atom:
        """A matrix (columns 1 em apart, bracketed) or ``aligned`` (``rl`` pairs 2 em apart)."""
        if name in ("array", "alignedat"):
            self.arg_text()
        body: list[str] = []
        depth = 1
        while self.i < len(self.toks):
            tok = self.toks[self.i]
            self.i += 1
            depth += (tok == "\\begin") - (tok == "\\end")
            if depth == 0:
                self.arg_text()
                break
            body.append(tok)
        rows = [_split(row, "&") for row in _split("".join(body), r"\\")]
        cols: list[float] = []
        for row in rows:
            for k, cell in enumerate(row):
                paired = name in ("aligned", "align", "align*", "split", "gathered") and k % 2 == 1
                w = width(("{}" + cell) if paired else cell) * size
                cols += [0.0] * (k + 1 - len(cols))
                cols[k] = max(cols[k], w)
        if name in ("aligned", "align", "align*", "split", "gathered"):
            gaps = sum(2.0 for k in range(1, len(cols)) if k % 2 == 0)
            return _Atom("inner", sum(cols) + gaps * size, 2)
        fence = 0.0 if name in ("matrix", "array") else (0.556, 1.056, 1.334)[min(len(rows), 3) - 1]
        return _Atom("inner", sum(cols) + max(len(cols) - 1, 0) * size + fence * size, 3)


def _split(body: str, sep: str) -> list[str]:
    """An environment's body cut at its own ``sep`` (``\\\\`` or ``&``), not an inner environment's."""
    parts, depth, start = [], 0, 0
    for m in re.finditer(r"\\begin\b|\\end\b|" + re.escape(sep), body):
        if m.group(0) == "\\begin":
            depth += 1
        elif m.group(0) == "\\end":
            depth -= 1
        elif depth == 0:
            parts.append(body[start:m.start()])
            start = m.end()
    parts.append(body[start:])
    return [p for p in parts if p.strip()] if sep != "&" else parts


def _text_width(text: str, size: float) -> float:
    """Words in the text font; ``$…$`` inside is math."""
    total = 0.0
    for k, piece in enumerate(text.split("$")):
        if k % 2:
            total += width(piece) * size
        else:
            total += sum(0.333 if ch == " " else _UPRIGHT.get(ch, 0.5) for ch in piece) * size
    return total


def _set(atoms: list[_Atom], size: float, display: bool) -> tuple[float, int]:
    """The width of a list of atoms with TeX's spaces between them, and its tallest part."""
    real = [a for a in atoms if a.kind != "space"]
    for k, a in enumerate(real):      # a binary sign with nothing to its left is unary (an ord)
        before = real[k - 1].kind if k else None
        after = real[k + 1].kind if k + 1 < len(real) else None
        if a.kind == "bin" and (before in (None, "bin", "op", "rel", "open", "punct")
                                or after in (None, "rel", "close", "punct")):
            a.kind = "ord"
    total = sum(a.width for a in atoms)
    for left, right in zip(real, real[1:]):
        space = _SPACING.get(left.kind, {}).get(right.kind, 0.0)
        if space < 0:
            space = -space if size > 0.9 else 0.0
        total += space * size
    return total, max((a.tall for a in atoms), default=0)


__all__ = ["GLYPHS", "SCRIPT", "tokens", "width"]
