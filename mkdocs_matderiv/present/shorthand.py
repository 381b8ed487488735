"""Shorthand: a subexpression that repeats is named once (``where s = softmax(z)``) and the
lines use the name, as a teacher writes ``s`` for ``softmax(W x + b)`` twelve times over."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from dataclasses import replace

from mkdocs_matderiv.present.model import Fact, Line, Shorthand
from mkdocs_matderiv.tree import (Add, Apply, Diff, Diff2, Expr, Func, Grad, Hess, Identity, Mul, Num, Ones, Sym,
                                  T, Zero, substitute)
from mkdocs_matderiv.tree import Diag

MIN_USES = 3
"""How often a subexpression must be written to get a name."""

MIN_NODES = 4
"""How big it must be (``σ(X w)`` has four nodes; ``X w`` or ``Aᵀ`` never gets a name)."""

OFTEN = 6
"""How often a subexpression the result does not carry must be written to get a name all the
same (``X − W Wᵀ X`` through the steps of a PCA loss)."""

MAX_NAMES = 3

_NAMES = {"softmax": "spq", "sigma": "pqs", "tanh": "hgq", "exp": "uvm", "ln": "luv"}
_VECTOR_NAMES = "ruvq"
_MATRIX_NAMES = "MACGPQR"
_SCALAR_NAMES = "cqab"


def named(lines: Sequence[Line], result: Expr, taken: Iterable[str], known: Sequence[Shorthand] = ()
          ) -> tuple[list[Line], Expr, list[Shorthand]]:
    """The lines and the result with the subexpressions that repeat named, and the new names
    (each defined before a name whose value uses it).

    ``known`` are the names the block has given already (an earlier ``wrt``): they are used
    first.  A new name is worth giving to what the reader carries to the end: a subexpression
    of the result (never the whole result) written at least ``MIN_USES`` times, or anything
    written ``OFTEN`` times."""
    used = set(taken) | {k.name.name for k in known}
    out, res = list(lines), result
    for k in known:
        given: dict[Expr, Expr] = {form: k.name for form in _forms([res] + [x.rhs for x in out], k.value)}
        out, res = [_renamed(x, given) for x in out], substitute(res, given)
    names: list[Shorthand] = []
    for _ in range(MAX_NAMES):
        best = _most_repeated(out, res)
        if best is None:
            break
        value = best[0]
        name = Sym(_name_for(value, used), value.shape)
        used.add(name.name)
        mapping: dict[Expr, Expr] = {form: name for form in best}
        out = [_renamed(x, mapping) for x in out]
        res = substitute(res, mapping)
        names = _defined_first(names, Shorthand(name, value), mapping)
    return out, res, names


def _defined_first(names: list[Shorthand], new: Shorthand, mapping: dict[Expr, Expr]) -> list[Shorthand]:
    """``names`` with the new one in them: every earlier value written with it, and it placed
    before the first name whose value now uses it."""
    renamed = [Shorthand(n.name, substitute(n.value, mapping)) for n in names]
    first = next((i for i, n in enumerate(renamed) if n.value != names[i].value), len(renamed))
    return renamed[:first] + [new] + renamed[first:]


def _renamed(line: Line, mapping: dict[Expr, Expr]) -> Line:
    def sub(e: Expr) -> Expr:
        return substitute(e, mapping)
    cites = tuple(c if c.fact is None else replace(c, fact=Fact(sub(c.fact.lhs), sub(c.fact.rhs)))
                  for c in line.cites)
    return Line(None if line.lhs is None else sub(line.lhs), sub(line.rhs), cites)


def written_out(e: Expr, names: Sequence[Shorthand]) -> Expr:
    """``e`` with every name replaced by what it stands for (the last named first)."""
    for s in reversed(names):
        e = substitute(e, {s.name: s.value, Diff(s.name): Diff(s.value)})
    return e


def _forms(exprs: Sequence[Expr], value: Expr) -> set[Expr]:
    """The subexpressions of ``exprs`` that are ``value`` up to the order of a sum's terms."""
    key = _key(value)
    return {value} | {n for e in exprs for n in e.walk() if _key(n) == key}


def _most_repeated(lines: Sequence[Line], result: Expr) -> list[Expr] | None:
    """The forms (a sum in any order) of the subexpression most worth a name, or None."""
    counts: Counter[Expr] = Counter()
    forms: dict[Expr, list[Expr]] = {}
    whole = {_key(result), _key(_without_number(result))}
    in_result = {_key(n) for n in result.walk()} - whole      # the result itself is never a name
    for e in [result] + [x.rhs for x in lines] + [x.lhs for x in lines if x.lhs is not None]:
        for n in e.walk():
            if _nameable(n):
                k = _key(n)
                counts[k] += 1
                if n not in forms.setdefault(k, []):
                    forms[k].append(n)
    scored = [((n - 1) * _size(k), k) for k, n in counts.items()
              if _size(k) >= MIN_NODES and (n >= MIN_USES and k in in_result or n >= OFTEN)]
    return forms[max(scored, key=lambda t: t[0])[1]] if scored else None


def _without_number(e: Expr) -> Expr:
    """``2 (λI + XᵀX)`` without its number: naming that would leave the box saying ``2 M``."""
    if isinstance(e, Mul) and any(isinstance(a, Num) for a in e.args):
        rest = [a for a in e.args if not isinstance(a, Num)]
        return rest[0] if len(rest) == 1 else Mul(tuple(rest))
    return e


def _key(e: Expr) -> Expr:
    """``e`` with the terms of every sum in one order: ``λI + XᵀX`` is ``XᵀX + λI``."""
    kids = e.children
    if not kids:
        return e
    new = tuple(_key(k) for k in kids)
    if isinstance(e, Add):
        new = tuple(sorted(new, key=repr))
    return e if new == kids else e.rebuild(new)


def _size(e: Expr) -> int:
    return sum(1 for _ in e.walk())


def _nameable(e: Expr) -> bool:
    """A value worth a name: no differential or derivative inside, not a name or a number."""
    if isinstance(e, (Sym, Num, Ones, Identity, Zero, T)) or not e.children:
        return False
    if isinstance(e, Func) and e.order:                   # σ'(z): name z, not the derivative
        return False
    if isinstance(e, Mul) and len(e.args) <= 2 and all(isinstance(a, (Sym, Num, T)) for a in e.args):
        return False                                      # r^T W_2 is as short as a name
    if isinstance(e, Add) and len(e.args) <= 2 and all(_short(a) for a in e.args):
        return False                                      # 1 - p too
    return not any(isinstance(n, (Diff, Diff2, Grad, Hess)) for n in e.walk())


def _short(e: Expr) -> bool:
    """A name, a number, or one of them negated."""
    if isinstance(e, Mul) and len(e.args) == 2 and isinstance(e.args[0], Num):
        e = e.args[1]
    return isinstance(e, (Sym, Num, Ones, Identity, T))


def _name_for(e: Expr, used: set[str]) -> str:
    if isinstance(e, (Func, Apply)) and e.name in _NAMES:
        choices = _NAMES[e.name] if e.shape[1] == 1 else _NAMES[e.name].upper()   # S = softmax(Q Kᵀ)
    elif isinstance(e, Diag):
        choices = "DSM"
    elif e.shape == (1, 1):
        choices = _SCALAR_NAMES
    elif e.shape[1] == 1:
        choices = _VECTOR_NAMES
    else:
        choices = _MATRIX_NAMES
    for c in choices + _VECTOR_NAMES + _MATRIX_NAMES + "stuvwxyz":
        if c not in used:
            return c
    raise ValueError("no free one-letter name")  # pragma: no cover - 30 names all taken
