"""Gradients written in entries (``entries:``, issue 22): a vector given as ``x_1 … x_12``
(two-digit subscripts, written ``x_12`` or ``x_{12}``) or a matrix as ``e_11 … e_23`` (the
contract's spelling), and ``f`` a sum of monomials and functions of the entries.

The reference takes the vector or matrix itself, as the published code does, and reads its
entries by position: a block read as anything but what it says disagrees with it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from strategies import Case, Gen, Leaf

Entry = Callable[[dict], float]


def entries_case(g: Gen) -> Case:
    """``f: 2 x_12^3 + x_10 x_2 + sin(x_1)`` with ``entries: {x: [x_1, …, x_12]}``, or
    ``f: e_11 e_23 + exp(e_21)`` with ``entries: {E: [[e_11, e_12, e_13], [e_21, e_22, e_23]]}``."""
    if g.coin(40):
        var, letter = g.pick([("E", "e"), ("W", "w"), ("A", "a")])
        shape = (g.int(1, 3), g.int(2, 3))
        names = [[f"{letter}_{i + 1}{j + 1}" for j in range(shape[1])] for i in range(shape[0])]
    else:
        var = g.pick(["x", "y"])
        shape = (g.int(2, 12), 1)
        names = [[f"{var}_{i + 1}"] for i in range(shape[0])]
    where = {name: (i, j) for i, row in enumerate(names) for j, name in enumerate(row)}
    braced = g.coin(30)

    def spelled(name: str) -> str:
        base, _, sub = name.partition("_")
        return f"{base}_{{{sub}}}" if braced and len(sub) > 1 else name

    def entry(name: str) -> Entry:
        i, j = where[name]
        return lambda env: float(env[var][i, j])

    texts, parts = [], []
    for _ in range(g.int(1, 4)):
        text, fn = _term(g, [(spelled(n), entry(n)) for n in where])
        texts.append(text)
        parts.append(fn)
    listing = spelled if g.coin(50) else (lambda name: name)   # x_{12} in a YAML list, or x_12
    grid = ", ".join("[" + ", ".join(listing(n) for n in row) + "]" for row in names)
    listed = grid if shape[1] > 1 else ", ".join(listing(row[0]) for row in names)
    block = f"f: {' + '.join(texts)}\nwrt: {var}\nentries:\n  {var}: [{listed}]\n"
    leaf = Leaf(var, shape, kwarg=var, declare=False)
    return Case(block, lambda env, ps=tuple(parts): np.full((1, 1), sum(p(env) for p in ps)),
                {var: leaf}, [var], "gradient", seed=g.int(0, 2 ** 32 - 1),
                entries={name: (var, i, j) for name, (i, j) in where.items()})


def _term(g: Gen, entries: list[tuple[str, Entry]]) -> tuple[str, Entry]:
    """One term: ``3 a^p``, ``a b``, ``2 a^2 b`` or ``sin(a b)``, ``exp(a)``."""
    (a, fa), (b, fb) = g.pick(entries), g.pick(entries)
    coef_text, coef = g.pick([("", 1.0), ("2 ", 2.0), ("3 ", 3.0), ("0.5 ", 0.5)])
    kind = g.int(0, 3)
    if kind == 0:
        p = g.int(2, 4)
        return f"{coef_text}{a}^{p}", lambda env: coef * fa(env) ** p
    if kind == 1:
        return f"{coef_text}{a} {b}", lambda env: coef * fa(env) * fb(env)
    if kind == 2:
        return f"{coef_text}{a}^2 {b}", lambda env: coef * fa(env) ** 2 * fb(env)
    fn, np_fn = g.pick([("sin", np.sin), ("exp", np.exp), ("tanh", np.tanh)])
    return f"{coef_text}{fn}({a} {b})", lambda env: coef * float(np_fn(fa(env) * fb(env)))
