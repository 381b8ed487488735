"""A Derivation as an ordered list of parts: the one layout every page output shares.

The layout follows the seeds: the problem (f, its definitions, the shapes and
assumptions), then for each ``wrt`` the steps with the rule named at each line,
the result set apart, and two collapsible sections, the numeric check and the
NumPy code.  ``render.html`` (the MkDocs fence), ``render.markdown`` (Hugo,
Jekyll) and ``render.document`` (LaTeX) each turn these parts into text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mkdocs_matderiv.derivation import Derivation, Result, Stationary, Step
from mkdocs_matderiv.engine.chain import objective
from mkdocs_matderiv.engine.rules import SEPARATOR, rule, rule_keys
from mkdocs_matderiv.render.aligned import aligned
from mkdocs_matderiv.render.json import extra_dict
from mkdocs_matderiv.render.latex import latex, latex_dim, latex_name
from mkdocs_matderiv.render.numbers import bmatrix
from mkdocs_matderiv.tree import Expr, Hess, Sym, Vec, VecRow, free_symbols


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class InlineMath:
    latex: str


@dataclass(frozen=True)
class RuleRef:
    """A rule named in a sentence or beside a step: ``key`` is its entry in ``RULES``."""

    key: str
    name: str


@dataclass(frozen=True)
class Prose:
    """A sentence; ``InlineMath`` pieces are inline LaTeX, ``RuleRef`` a rule's name, strings plain text."""

    pieces: tuple


@dataclass(frozen=True)
class Math:
    """Display math."""

    latex: str


@dataclass(frozen=True)
class Boxed:
    """The result, set apart: ``lhs = rhs``."""

    lhs: str
    rhs: str

    @property
    def latex(self) -> str:
        return f"{self.lhs} = {self.rhs}"


@dataclass(frozen=True)
class StepLine:
    """One line of the steps: ``lhs`` ("" where it continues the line above), ``rhs``, its rules."""

    lhs: str
    rhs: str
    rules: tuple[RuleRef, ...] = ()

    @property
    def note(self) -> str | None:
        """The rules' names as one note (``None`` on the line that states the problem)."""
        return "; ".join(r.name for r in self.rules) or None


@dataclass(frozen=True)
class Steps:
    """The steps of one result, each line with the rules it applies."""

    lines: tuple[StepLine, ...]

    def rows(self) -> list[tuple[str, str, str | None]]:
        """``(lhs, rhs, note)`` rows for an ``aligned`` block."""
        return [(s.lhs, s.rhs, s.note) for s in self.lines]


@dataclass(frozen=True)
class Details:
    """A collapsible section: ``kind`` is its admonition type (``success``, ``example``)."""

    summary: str
    kind: str
    prose: Prose | None = None
    code: str | None = None


Part = Title | Prose | Math | Boxed | Steps | Details


def derivation_parts(d: Derivation) -> list[Part]:
    """The block as an ordered list of parts (the one layout all outputs share)."""
    p = d.problem
    parts: list[Part] = []
    if title := getattr(p, "title", None):
        parts.append(Title(title))
    parts.append(Math(f"{function_name(p)} = {_latex(p.f)}"))
    where = _pairs(getattr(p, "where", None))
    if where:
        parts.append(Prose(("where",)))
        parts.append(Math(aligned([(_latex(n), _latex(e), None) for n, e in where])))
    shapes = _shapes_prose(p, where)
    if shapes:
        parts.append(shapes)
    for r in d.results:
        parts.extend(result_parts(r, p))
    recursion = next((r.recursion for r in d.results if r.recursion), [])
    if recursion:
        parts.append(Prose(("In summary, the backward pass computes, in this order:",)))
        parts.append(Steps(tuple(step_line(s) for s in recursion)))
    return parts


def rule_refs(key: str | None) -> tuple[RuleRef, ...]:
    """The rules a step cites, one ``RuleRef`` each (a ``steps: brief`` line may combine several)."""
    if key is None:
        return ()
    return tuple(RuleRef(base, rule(part).name) for part, base in zip(key.split(SEPARATOR), rule_keys(key)))


def step_line(step: Step) -> StepLine:
    """A step as a line of LaTeX with its rules."""
    return StepLine("" if step.lhs is None else latex(step.lhs), latex(step.rhs), rule_refs(step.rule))


READ_OFF = {
    "core": ("Reading off the gradient by the ", None, ":"),
    "core.vector": ("Reading off the gradient by the ", None, ":"),
    "core.scalar": ("Reading off the derivative by the ", None, ":"),
    "jacobian": ("", "Reading off the Jacobian", ":"),
    "layout": ("Reading off the derivative in ", "denominator layout", ", where each fraction is the "
               "transpose of the Jacobian (∂Ax/∂x = Aᵀ):"),
}
"""The sentence before the result when the last step only reads it off, by that step's rule:
the words before the rule, the words that name it (None: its name in the table), the words
after.  A derivation ending in any other rule keeps its last line among the steps and says
"Therefore:"."""


def conclusion(lines: list[StepLine], value: str) -> tuple[list[StepLine], Prose | None]:
    """The step lines to show and the sentence before the boxed result."""
    if not lines:
        return lines, None
    last = lines[-1]
    if last.lhs and last.rhs == value and len(last.rules) == 1 and last.rules[0].key in READ_OFF:
        ref = last.rules[0]
        before, words, after = READ_OFF[ref.key]
        return lines[:-1], Prose((before, RuleRef(ref.key, words or ref.name), after))
    return lines, Prose(("Therefore:",))


def result_parts(r: Result, problem: Any) -> list[Part]:
    """The steps, the result and the two collapsible sections of one ``wrt``."""
    parts: list[Part] = []
    what = {"gradient": "The gradient", "jacobian": "The Jacobian",
            "derivative": "The derivative", "hessian": "The Hessian"}.get(r.kind, "The derivative")
    steps = r.steps[r.shared:] if getattr(problem, "steps", "full") != "none" else []
    lead = f"{what} with respect to "
    if steps and r.shared:
        lead = f"Continuing from the steps above, the {what.split()[1]} with respect to "
    parts.append(Prose((lead, InlineMath(_latex(r.wrt)), ":" if steps else ",")))
    shown = r.named if r.named is not None else r.value     # along a where chain, the named form
    lines, sentence = conclusion([step_line(s) for s in steps], _latex(shown))
    if lines:
        parts.append(Steps(tuple(lines)))
    if sentence:
        parts.append(sentence)
    parts.append(Boxed(result_lhs(r, problem), _latex(shown)))
    if r.named is not None:
        parts.append(Details("Fully substituted", "abstract", prose=Prose(
            ("In the names of the problem: ", InlineMath(f"{result_lhs(r, problem)} = {_latex(r.value)}"), "."))))
    if r.stationary is not None:
        parts.extend(_stationary_parts(r.stationary))
    for key, value in (r.extras or {}).items():
        parts.extend(_extra_parts(key, value, r, problem))
    parts.append(_check_details(r, problem))
    if r.numpy:
        parts.append(Details("NumPy code", "example", code=r.numpy))
    return parts


def function_name(problem: Any) -> str:
    """The one name of the function on the page: the block's ``name`` (or the ``where`` name f
    is), ``L`` where f is an abstract ``L(…)`` (the steps then read ``dL``, ``∂L/∂z``, as seed
    003 writes them), else ``f``."""
    return latex_name(objective(problem))


def result_lhs(r: Result, problem: Any) -> str:
    """``\\frac{\\partial f}{\\partial X}``, ``\\frac{\\partial \\operatorname{vec} f}{…}``, the labels the
    steps read off with (partial derivatives for every ``wrt``, a scalar one too); in
    denominator layout the same fraction, which there means the transpose (seed 001)."""
    wrt = _latex(r.wrt)
    if r.kind == "hessian":
        return _latex(Hess(objective(problem), _hess_wrt(r.wrt, problem), r.value.shape))
    if r.kind in ("gradient", "derivative"):
        return f"\\frac{{\\partial {function_name(problem)}}}{{\\partial {wrt}}}"
    vec = "\\operatorname{vec}_{r}" if getattr(problem, "vec", "column") == "row" else "\\operatorname{vec}"
    f_shape = getattr(problem.f, "shape", (2, 2))
    top = function_name(problem) if f_shape[1] == 1 else f"{vec} {function_name(problem)}"
    bottom = wrt if r.wrt.shape[1] == 1 else f"{vec} {wrt}"
    return f"\\frac{{\\partial {top}}}{{\\partial {bottom}}}"


def _stationary_parts(point: Stationary) -> list[Part]:
    """``solve: true``: the steps to the point where the gradient vanishes, and what it needs."""
    parts: list[Part] = [Prose(("Where the gradient vanishes:",)),
                         Steps(tuple(step_line(s) for s in point.steps))]
    needs: list = []
    for i, e in enumerate(point.invertible):
        needs += ([" and "] if i else []) + [InlineMath(_latex(e))]
    sizes: list = []
    for i, (d, n) in enumerate(point.sizes):
        sizes += ([" and "] if i else []) + [InlineMath(f"{latex_dim(d)} \\geq {latex_dim(n)}")]
    if needs:
        verb = " is invertible" if len(point.invertible) == 1 else " are invertible"
        tail = (" (which needs ", *sizes, ")") if sizes else ()
        parts.append(Prose(("This point exists where ", *needs, verb, *tail, ".")))
    return parts


def _hess_wrt(w: Any, problem: Any) -> Any:
    """``x``, ``vec X`` or ``vec_r X``: what a Hessian's rows and columns are."""
    if w.shape[1] == 1:
        return w
    return VecRow(w) if getattr(problem, "vec", "column") == "row" else Vec(w)


def _check_details(r: Result, problem: Any) -> Details:
    c = r.check
    if c is None:
        why = ("check: false" if getattr(problem, "check", True) is False
               else "the block has abstract functions, so there is nothing to evaluate")
        return Details("Numeric check", "note", prose=Prose((f"Not checked numerically ({why}).",)))
    verdict = "Passed" if c.passed else "Failed"
    draws = f" at {c.draws} random points" if getattr(c, "draws", 0) else ""
    return Details(
        "Numeric check", "success" if c.passed else "failure",
        prose=Prose((f"{verdict}: compared with central finite differences{draws}, "
                     f"the largest relative error is {c.max_rel_error:.1e}.",)))


def _extra_parts(key: str, value: Any, r: Result, problem: Any) -> list[Part]:
    """The worked numbers (``values:``) and the entry-by-entry expansion (``expand:``)."""
    value = extra_dict(value)
    if key == "worked" and isinstance(value, dict):
        return _worked_parts(value, r, problem)
    if key == "expansion" and isinstance(value, dict):
        return _expansion_parts(value, r, problem)
    if key == "holds" and isinstance(value, list):
        return [Prose(("The result holds where no entry of ", InlineMath(h["latex"]), f" is {h['kink']}: "
                       f"{h['function']} is not differentiable there.")) for h in value]
    return []


def _worked_parts(w: dict, r: Result, problem: Any) -> list[Part]:
    given = ", \\quad ".join(f"{g['latex']} = {bmatrix(g['matrix'])}" for g in w.get("given", []))
    rows = [(lhs, f"{w[key]['latex']} = {bmatrix(w[key]['matrix'])}", None)
            for key, lhs in (("f", function_name(problem)), ("result", result_lhs(r, problem))) if key in w]
    parts: list[Part] = [Prose(("With the given numbers,",)), Math(given)]
    if rows:
        parts.append(Math(aligned(rows)))
    chain = w.get("chain")
    if chain:
        via, jac = chain["via"], chain["jacobian"]
        flat = "\\operatorname{vec}_{r}" if chain.get("vec") == "row" else "\\operatorname{vec}"
        dfd = f"\\frac{{\\partial {function_name(problem)}}}{{\\partial {via}}}"
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
            Prose(("Reshaped to the shape of ", InlineMath(_latex(r.wrt)), ":")),
            Math(f"{result_lhs(r, problem)} = {bmatrix(chain['gradient'])}"),
        ]
    return parts


def _expansion_parts(e: dict, r: Result, problem: Any) -> list[Part]:
    if "omitted" in e:                  # too long to compute or to read: say so, and why
        return [Prose((f"Entry by entry: {e['omitted']}.",))]
    symbols = ", \\quad ".join(f"{s['latex']} = {s['matrix']}" for s in e.get("symbols", []))
    verdict = ("the general result at this size, entry for entry." if e.get("agrees")
               else "not the general result at this size.")
    parts: list[Part] = [Prose((f"Entry by entry at size {e.get('size', '')}, as a cross-check:",))]
    if symbols:
        parts.append(Math(symbols))
    parts.append(Math(aligned([(function_name(problem), e["f"], None), (result_lhs(r, problem), e["entries"], None)])))
    if e.get("general") and e["general"] != e["entries"]:
        parts.append(Math(f"{result_lhs(r, problem)} = {e['general']}"))
    parts.append(Prose(("This is " + verdict,)))
    return parts


def _shapes_prose(problem: Any, where: list) -> Prose | None:
    defined = {str(getattr(n, "name", n)) for n, _ in where}
    names: dict[str, Sym] = {}
    for expr in [problem.f] + [e for _, e in where]:
        if isinstance(expr, Expr):
            for s in free_symbols(expr):
                if s.name not in defined:
                    names.setdefault(s.name, s)
    pieces: list[Any] = []
    for s in names.values():
        pieces += [", " if pieces else "with ", InlineMath(f"{_latex(s)} \\in {space(s.shape)}")]
    for name, props in _pairs(getattr(problem, "assume", None)):
        props = [props] if isinstance(props, str) else sorted(props)
        words = " and ".join(p.replace("_", " ") for p in props)
        pieces += ["; " if pieces else "", InlineMath(_latex(name)), f" {words}"]
    if not pieces:
        return None
    return Prose(tuple(pieces) + (".",))


def space(shape: Sequence) -> str:
    """``\\mathbb{R}``, ``\\mathbb{R}^{n}`` or ``\\mathbb{R}^{m \\times n}``."""
    rows, cols = shape
    if rows == 1 and cols == 1:
        return "\\mathbb{R}"
    if cols == 1:
        return f"\\mathbb{{R}}^{{{rows}}}"
    return f"\\mathbb{{R}}^{{{rows} \\times {cols}}}"


def _pairs(mapping: Any) -> list:
    if not mapping:
        return []
    return list(mapping.items()) if isinstance(mapping, dict) else list(mapping)


def _latex(x: Any) -> str:
    if isinstance(x, Expr):
        return latex(x)
    return latex(Sym(str(x))) if isinstance(x, str) and x.isidentifier() else str(x)
