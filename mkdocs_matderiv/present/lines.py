"""From the engine's record to a teacher's lines: one line per move, nothing that changes
nothing, side facts in the label, the result stated once.

Each pass takes lines and returns lines; ``present`` runs them in order.  Every line shown
is still a true equality (``tests/present/test_lines_hold.py`` checks them numerically).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mkdocs_matderiv.derivation import Step
from mkdocs_matderiv.engine.rules import RULES, SEPARATOR
from mkdocs_matderiv.present.model import Cite, Fact, Line
from mkdocs_matderiv.tree import (Diff, Expr, Func, Grad, Hadamard, Mul, Ones, Sym, hadamard, mul, rebuilt, trace,
                                  transpose)

READ_OFF = frozenset({"core", "core.vector", "core.scalar"})
"""The rules that read a gradient off ``df``."""

REARRANGE = frozenset({"tr.cyclic", "tr.transpose", "transpose_out", "scalar_transpose", "tr.scalar",
                       "symmetric", "symmetric.implied", "det.transpose"})
"""Moves that only rearrange a scalar (cycle, transpose, a symmetric matrix for its transpose):
consecutive ones are one move for a reader."""

LINEAR = frozenset({"d.sum", "d.scalar", "d.constant", "d.linear", "zero"})
"""The differential is linear: sums split, constants drop, constant factors come out."""

TRANSPOSES = frozenset({"tr.transpose", "transpose_out", "scalar_transpose"})

DETOUR = "cyclic property, and a scalar is its own transpose"
"""What the transpose detour (cyclic → transpose of the coefficient → transpose inside the
trace → cyclic) is called as one line."""


def step_lines(steps: Iterable[Step]) -> list[Line]:
    """The engine's steps as lines citing each rule they apply."""
    return [Line(s.lhs, s.rhs, tuple(Cite(k) for k in s.rule.split(SEPARATOR)) if s.rule else ())
            for s in steps]


def canonical(e: Expr) -> Expr:
    """``e`` rebuilt bottom-up through the smart constructors, so two trees that print alike
    (a product nested in a product, a double transpose) compare equal."""
    kids = e.children
    if not kids:
        return e
    return rebuilt(e, tuple(canonical(k) for k in kids))


def same(a: Expr | None, b: Expr | None) -> bool:
    return a is not None and b is not None and (a == b or canonical(a) == canonical(b))


def continued(lines: Sequence[Line]) -> list[Line]:
    """A line whose left side is the one in force continues the chain (``&= …``)."""
    out: list[Line] = []
    lhs: Expr | None = None
    for line in lines:
        if out and line.lhs is not None and same(line.lhs, lhs):
            line = Line(None, line.rhs, line.cites)
        lhs = line.lhs if line.lhs is not None else lhs
        out.append(line)
    return out


def without_restatement(lines: Sequence[Line]) -> list[Line]:
    """No ``df = gᵀ dx`` right after ``∂f/∂x = g`` was read off (a Hessian goes on from there)."""
    out: list[Line] = []
    for line in lines:
        if (out and set(out[-1].keys) <= READ_OFF and isinstance(out[-1].lhs, Grad)
                and set(line.keys) <= READ_OFF and isinstance(line.lhs, Diff)):
            continue
        out.append(line)
    return out


def without_no_change(lines: Sequence[Line]) -> list[Line]:
    """A line whose right side is the one above it changes nothing: it goes."""
    out: list[Line] = []
    for line in lines:
        if out and line.lhs is None and same(line.rhs, out[-1].rhs):
            continue
        out.append(line)
    return out


def _side(line: Line, lhs: Expr | None) -> bool:
    """A fact stated on its own line (``s ⊘ s = 𝟏``): an algebra rule about another left side."""
    return (line.lhs is not None and lhs is not None and not same(line.lhs, lhs) and bool(line.cites)
            and all(RULES[k].group == "algebra" for k in line.keys))


def side_facts(lines: Sequence[Line]) -> list[Line]:
    """Facts stated on lines of their own go into the label of the line that relies on them.

    Where that line reads the result off after a jump (the facts were used to get there), the
    line it is read off from is written out: ``df = gᵀ dx`` by the facts, then ``∂f/∂x = g``.
    """
    out: list[Line] = []
    pending: list[Cite] = []
    lhs: Expr | None = None
    for line in lines:
        if _side(line, lhs):
            assert line.lhs is not None
            pending += [Cite(c.key, fact=Fact(line.lhs, line.rhs)) for c in line.cites[:1]]
            continue
        if pending:
            if set(line.keys) <= READ_OFF and isinstance(line.lhs, Grad) and lhs is not None:
                read_from = core_form(line.keys[0], line.rhs, line.lhs.wrt)
                if out and not same(out[-1].rhs, read_from):
                    out.append(Line(None, read_from, tuple(pending)))
            else:
                line = Line(line.lhs, line.rhs, tuple(pending) + line.cites)
            pending = []
        lhs = line.lhs if line.lhs is not None else lhs
        out.append(line)
    return out


def core_form(key: str, gradient: Expr, wrt: Expr) -> Expr:
    """What ``df`` is when the gradient is ``gradient``: ``tr(Gᵀ dX)``, ``gᵀ dx`` or ``g dt``."""
    if key == "core":
        return trace(mul(_transposed(gradient), Diff(wrt)))
    if key == "core.vector":
        return mul(_transposed(gradient), Diff(wrt))
    return mul(gradient, Diff(wrt))


def _transposed(e: Expr) -> Expr:
    """``eᵀ``, a product's transpose written as its factors' in reverse (``σ(Xw)ᵀ X``)."""
    if isinstance(e, Mul):
        return mul(*(transpose(a) for a in reversed(e.args)))
    return transpose(e)


def _kind(line: Line) -> object:
    keys = frozenset(line.keys)
    if keys and keys <= REARRANGE:
        return "rearrange"
    if keys and keys <= LINEAR:
        return "linear"
    return keys or None


def merged(lines: Sequence[Line]) -> list[Line]:
    """Consecutive moves of one kind are one line: its first left side, its last right side,
    each rule it applied named once."""
    out: list[Line] = []
    for line in lines:
        kind = _kind(line)
        if out and line.lhs is None and kind is not None and _kind(out[-1]) == kind:
            last = out.pop()
            line = Line(last.lhs, line.rhs, _joined(last.cites + line.cites))
        out.append(line)
    return [Line(x.lhs, x.rhs, _detour(x.cites)) for x in out]


def _joined(cites: Iterable[Cite]) -> tuple[Cite, ...]:
    out: list[Cite] = []
    for c in cites:
        if all(c.key != o.key or c.fact != o.fact for o in out):
            out.append(c)
    return tuple(out)


def _detour(cites: tuple[Cite, ...]) -> tuple[Cite, ...]:
    """The cyclic property and the transposes it took, as one move."""
    keys = {c.key for c in cites}
    if "tr.cyclic" not in keys or not keys & TRANSPOSES:
        return cites
    rest = tuple(c for c in cites if c.key not in TRANSPOSES and c.key != "tr.cyclic")
    return (Cite("tr.cyclic", words=DETOUR),) + rest


def _tidy(e: Expr) -> Expr:
    """``𝟏 ⊙ v`` is ``v``: an all-ones factor of a Hadamard product of its own shape drops."""
    kids = e.children
    if kids:
        new = tuple(_tidy(k) for k in kids)
        e = e if new == kids else rebuilt(e, new)
    if isinstance(e, Hadamard):
        rest = [a for a in e.args if not (isinstance(a, Ones) and a.shape == e.shape)]
        if rest and len(rest) < len(e.args):
            return rest[0] if len(rest) == 1 else hadamard(*rest)
    return e


def tidied(lines: Sequence[Line]) -> list[Line]:
    """Each right side without the factors that read as clutter (``𝟏 ⊙``)."""
    return [Line(x.lhs, _tidy(x.rhs), x.cites) for x in lines]


def _parts(e: Expr) -> set[Expr]:
    """The names, differentials and derivatives ``e`` is written with."""
    return {n for n in e.walk() if isinstance(n, (Sym, Diff, Grad))}


def substitutions(lines: Sequence[Line]) -> list[Line]:
    """A substitution says what it substitutes: ``a₂ = σ(z₂)`` where a differential ``da₂``
    became ``d(σ(z₂))``, the derivatives ``∂L/∂z₂`` it wrote out otherwise."""
    out: list[Line] = []
    for line in lines:
        if out and "substitute" in line.keys:
            before, after = _parts(out[-1].rhs), _parts(line.rhs)
            gone = [n for n in before - after if isinstance(n, (Diff, Grad))]
            new = [n for n in after - before if isinstance(n, Diff)]
            fact = None
            if len(gone) == 1 and len(new) == 1 and isinstance(gone[0], Diff):
                fact = Fact(gone[0].of, new[0].of)
            subjects = () if fact else tuple(sorted((n for n in gone if isinstance(n, Grad)), key=repr))
            line = Line(line.lhs, line.rhs, tuple(
                Cite(c.key, fact=fact, subjects=subjects) if c.key == "substitute" and (fact or subjects) else c
                for c in line.cites))
        out.append(line)
    return out


def read_offs_together(lines: Sequence[Line]) -> list[Line]:
    """Derivatives read off alike are one chain: ``∂f/∂u = ∂f/∂v = I``."""
    out: list[Line] = []
    for line in lines:
        last = out[-1] if out else None
        if (last is not None and isinstance(line.lhs, Grad) and isinstance(last.lhs, Grad)
                and line.cites == last.cites and same(line.rhs, last.rhs)):
            out[-1] = Line(last.lhs, line.lhs)
            line = Line(None, line.rhs, line.cites)
        out.append(line)
    return out


def equations(steps: Iterable[Step]) -> list[Line]:
    """The steps of solving an equation: one that only rewrites the side the other is zero
    against is the same equation, written the second way with both rules."""
    out: list[Line] = []
    for line in step_lines(steps):
        last = out[-1] if out else None
        if last is not None and line.lhs is not None and last.lhs is not None and same(line.rhs, last.rhs):
            out[-1] = Line(line.lhs, line.rhs, _joined(last.cites + line.cites))
            continue
        out.append(line)
    return out


def _functions(e: Expr) -> set[str]:
    return {n.name for n in e.walk() if isinstance(n, Func)}


def recognised(lines: Sequence[Line]) -> list[Line]:
    """Where a result is read off in a function the lines above never wrote (``σ`` for
    ``eᶻ/(1 + eᶻ)``), the line it is read off from is written out, naming the function."""
    out: list[Line] = []
    for line in lines:
        last = out[-1] if out else None
        if (last is not None and set(line.keys) <= READ_OFF and line.keys and isinstance(line.lhs, Grad)
                and "sigma" in _functions(line.rhs) - _functions(last.rhs)):
            read_from = core_form(line.keys[0], line.rhs, line.lhs.wrt)
            if not same(last.rhs, read_from):
                out.append(Line(None, read_from, (Cite("sigmoid"),)))
        out.append(line)
    return out
