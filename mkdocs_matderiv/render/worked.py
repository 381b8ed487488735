"""A worked example (``values:``) as the JSON object of CONTRACT §4: LaTeX beside the numbers.

``{"given", "f"?, "result"?, "chain"?}``; each matrix as nested rows of numbers
(``render.numbers``), each tree as its LaTeX (``render.latex``).
"""

from __future__ import annotations

from typing import Any

from mkdocs_matderiv.derivation import ChainNumbers, Evaluated, Worked
from mkdocs_matderiv.render.latex import latex, latex_name
from mkdocs_matderiv.render.numbers import matrix
from mkdocs_matderiv.tree import Sym


def worked_dict(worked: Worked) -> dict[str, Any]:
    """``given`` (``name``, ``latex``, ``matrix`` of each value), ``f`` and ``result``
    (``latex``, ``matrix``) where they were evaluated, ``chain`` where it applies."""
    out: dict[str, Any] = {"given": [_given(g) for g in worked.given]}
    for key, evaluated in (("f", worked.f), ("result", worked.result)):
        if evaluated is not None:
            out[key] = _evaluated(evaluated)
    if worked.chain is not None:
        out["chain"] = chain_dict(worked.chain)
    return out


def _given(g: Evaluated) -> dict[str, Any]:
    assert isinstance(g.expr, Sym), "a given value is a symbol's"
    return {"name": g.expr.name, "latex": latex(g.expr), "matrix": matrix(g.value, g.scalar)}


def chain_dict(chain: ChainNumbers) -> dict[str, Any]:
    """``{"via", "vec", "dfdZ", "row", "jacobian", "product", "gradient", "agrees"}``; ``dfdZ``
    and ``jacobian`` carry their left-hand sides (``lhs``)."""
    via = latex_name(chain.via.name)
    vec = r"\operatorname{vec}" if chain.vec == "column" else r"\operatorname{vec}_{r}"
    return {
        "via": via,
        "vec": chain.vec,
        "dfdZ": {"latex": latex(chain.dfdz.expr),
                 "lhs": rf"\frac{{\partial {latex_name(chain.objective)}}}{{\partial {via}}}",
                 "matrix": matrix(chain.dfdz.value)},
        "row": matrix(chain.row),
        "jacobian": {"latex": latex(chain.jacobian.expr),
                     "lhs": rf"\frac{{\partial {vec} {via}}}{{\partial {vec} {latex_name(chain.wrt.name)}}}",
                     "matrix": matrix(chain.jacobian.value)},
        "product": matrix(chain.product),
        "gradient": matrix(chain.gradient),
        "agrees": True,
    }


def _evaluated(e: Evaluated) -> dict[str, Any]:
    return {"latex": latex(e.expr), "matrix": matrix(e.value, e.scalar)}
