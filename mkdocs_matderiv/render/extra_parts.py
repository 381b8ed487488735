"""What a block asked for beyond the result, as parts: the worked numbers (``values:``), the
entry-by-entry expansion (``expand:``) and where a kink lies (``holds``)."""

from __future__ import annotations

from typing import Any

from mkdocs_matderiv.render.aligned import aligned
from mkdocs_matderiv.render.json import extra_dict
from mkdocs_matderiv.render.numbers import bmatrix
from mkdocs_matderiv.render.partkinds import InlineMath, Math, Part, Prose


def extra_parts(key: str, value: Any, fname: str, lhs: str, wrt: str) -> list[Part]:
    """The parts of one extra; ``fname`` is the function's name on the page, ``lhs`` the
    result's left side, ``wrt`` its variable (LaTeX)."""
    value = extra_dict(value)
    if key == "worked" and isinstance(value, dict):
        return _worked_parts(value, fname, lhs, wrt)
    if key == "expansion" and isinstance(value, dict):
        return _expansion_parts(value, fname, lhs)
    if key == "holds" and isinstance(value, list):
        return [Prose(("The result holds where no entry of ", InlineMath(h["latex"]), f" is {h['kink']}: "
                       f"{h['function']} is not differentiable there.")) for h in value]
    return []


def _worked_parts(w: dict, fname: str, lhs: str, wrt: str) -> list[Part]:
    given = ", \\quad ".join(f"{g['latex']} = {bmatrix(g['matrix'])}" for g in w.get("given", []))
    rows = [(left, f"{w[key]['latex']} = {bmatrix(w[key]['matrix'])}", None)
            for key, left in (("f", fname), ("result", lhs)) if key in w]
    parts: list[Part] = [Prose(("With the given numbers,",)), Math(given)]
    if rows:
        parts.append(Math(aligned(rows)))
    chain = w.get("chain")
    if chain:
        via, jac = chain["via"], chain["jacobian"]
        flat = "\\operatorname{vec}_{r}" if chain.get("vec") == "row" else "\\operatorname{vec}"
        dfd = f"\\frac{{\\partial {fname}}}{{\\partial {via}}}"
        parts += [
            Prose(("The same, as the chain rule through ", InlineMath(via),
                   ": the gradient in ", InlineMath(via), ", flattened, times the Jacobian of ",
                   InlineMath(via), ".")),
            Math(aligned([
                (dfd, f"{chain['dfdZ']['latex']} = {bmatrix(chain['dfdZ']['matrix'])}", None),
                (jac["lhs"], f"{jac['latex']} = {bmatrix(jac['matrix'])}", None),
                (f"{flat}\\left({dfd}\\right)^{{T}} {jac['lhs']}",
                 f"{bmatrix(chain['row'])} {bmatrix(jac['matrix'])} = {bmatrix(chain['product'])}", None),
            ])),
            Prose(("Reshaped to the shape of ", InlineMath(wrt), ":")),
            Math(f"{lhs} = {bmatrix(chain['gradient'])}"),
        ]
    return parts


def _expansion_parts(e: dict, fname: str, lhs: str) -> list[Part]:
    if "omitted" in e:                  # too long to compute or to read: say so, and why
        return [Prose((f"Entry by entry: {e['omitted']}.",))]
    symbols = ", \\quad ".join(f"{s['latex']} = {s['matrix']}" for s in e.get("symbols", []))
    size = InlineMath(size_latex(str(e.get("size", ""))))
    if not e.get("agrees"):
        return [Prose(("Entry by entry at size ", size, " this is not the general result."))]
    parts: list[Part] = [Prose(("Entry by entry at size ", size,
                                ", as a cross-check (it agrees with the general result):"))]
    if symbols:
        parts.append(Math(symbols))
    parts.append(Math(aligned([(fname, e["f"], None), (lhs, e["entries"], None)])))
    if e.get("general") and e["general"] != e["entries"]:
        parts.append(Prose(("The general result at this size, written the same way:",)))
        parts.append(Math(f"{lhs} = {e['general']}"))
    return parts


def size_latex(size: str) -> str:
    """``2x2`` (the JSON's size) as ``2 \\times 2``: a size in prose reads "2 × 2"."""
    return " \\times ".join(size.split("x"))
