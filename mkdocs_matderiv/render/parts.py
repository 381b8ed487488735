"""A Derivation as an ordered list of parts: the one layout every page output shares.

The layout follows the seeds: the problem (f, its definitions, the shapes and
assumptions), then for each ``wrt`` the steps with the rule named at each line,
the result set apart, and two collapsible sections, the numeric check and the
NumPy code.  Each output target of ``render.targets`` (the MkDocs fence's HTML,
the Markdown flavours, LaTeX, docutils nodes, pandoc's and MyST's ASTs) writes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mkdocs_matderiv.derivation import Derivation, Result, Stationary, Step
from mkdocs_matderiv.engine.chain import objective
from mkdocs_matderiv.engine.rules import SEPARATOR, rule_keys
from mkdocs_matderiv.present import Cite, Lemma, Line, Shorthand, present
from mkdocs_matderiv.present.lines import equations
from mkdocs_matderiv.render.aligned import aligned
from mkdocs_matderiv.render.latex import latex, latex_dim, latex_name, rule_name
from mkdocs_matderiv.render.extra_parts import extra_parts
from mkdocs_matderiv.render.partkinds import (Boxed, Details, InlineMath, Math, Part, Prose, RuleRef, StepLine,
                                              Steps, Title)
from mkdocs_matderiv.tree import Expr, Hess, Sym, Vec, VecRow, free_symbols




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
    lemmas: dict[str, int] = {}
    names: list[Shorthand] = []                   # the shorthand of the block so far
    for r in d.results:
        parts.extend(result_parts(r, p, lemmas, names))
    recursion = next((r.recursion for r in d.results if r.recursion), [])
    if recursion:
        parts.append(Prose(("In summary, the backward pass computes, in this order:",)))
        parts.append(Steps(tuple(step_line(s) for s in recursion)))
    return parts


def rule_refs(key: str | None) -> tuple[RuleRef, ...]:
    """The rules a step cites, one ``RuleRef`` each (a ``steps: brief`` line may combine several)."""
    if key is None:
        return ()
    return tuple(RuleRef(base, rule_name(part) or "") for part, base in zip(key.split(SEPARATOR), rule_keys(key)))


def step_line(step: Step) -> StepLine:
    """A step as a line of LaTeX with its rules."""
    return StepLine("" if step.lhs is None else latex(step.lhs), latex(step.rhs), rule_refs(step.rule))


def cite_refs(cites: Sequence[Cite]) -> tuple[RuleRef, ...]:
    """A presented line's label: each rule by its name, its own words (``by (1)``) or the fact
    it relies on (``$s \\oslash s = \\mathbf{1}$``)."""
    out = []
    for c in cites:
        base = c.key.partition(":")[0]
        verb = VERBS.get(base, "")
        if c.fact is not None:
            out.append(RuleRef(base, f"{verb}${latex(c.fact.lhs)} = {latex(c.fact.rhs)}$"))
        elif c.subjects:
            out.append(RuleRef(base, verb + ", ".join(f"${latex(e)}$" for e in c.subjects)))
        else:
            out.append(RuleRef(base, c.words or rule_name(c.key) or ""))
    return tuple(out)


VERBS = {"substitute": "substitute "}
"""The words before what a rule put in, where the label names it (``substitute $a_2 = σ(z_2)$``)."""


def presented_line(line: Line) -> StepLine:
    return StepLine("" if line.lhs is None else latex(line.lhs), latex(line.rhs), cite_refs(line.cites))


READ_OFF = {
    "core": ("Reading off the gradient by the ", None, ":"),
    "core.vector": ("Reading off the gradient by the ", None, ":"),
    "core.scalar": ("Reading off the derivative by the ", None, ":"),
    "jacobian": ("", "Reading off the Jacobian", ":"),
    "layout": ("Reading off the derivative in ", "denominator layout", ", where each fraction is the "
               "transpose of the Jacobian (∂Ax/∂x = Aᵀ):"),
    "d2.symmetric": ("Since ", None, ":"),
    "d2.identify": ("By the ", None, ":"),
    "d2.scalar": ("By the ", None, ":"),
}
"""The sentence before the result when the line it is read off from is not shown (the boxed
result states it), by that line's rule: the words before the rule, the words that name it
(None: its name in the table), the words after.  Any other rule reads "Therefore, rule:"."""


def conclusion(closing: Sequence[RuleRef]) -> Prose:
    """The sentence before the boxed result, naming the rules of the line it replaces (a
    claim the block made is confirmed at its end: "…, which is the claimed result:")."""
    claimed = [r for r in closing if r.key == "claim"]
    refs = [r for r in closing if r.key != "claim"]
    end = (", " + claimed[0].name + ":") if claimed else ":"
    if len(refs) == 1 and refs[0].key in READ_OFF:
        ref = refs[0]
        before, words, after = READ_OFF[ref.key]
        return Prose((before, RuleRef(ref.key, words or ref.name), after[:-1] + end if after.endswith(":") else after))
    if not refs:
        return Prose(("Therefore" + end,)) if claimed else Prose(("Therefore:",))
    pieces: list[Any] = []
    for i, ref in enumerate(refs):
        if ref.key == "substitute" and ref.name.startswith("substitute "):
            ref = RuleRef(ref.key, "Substituting " + ref.name[len("substitute "):])
        elif i == 0:
            pieces.append("Therefore, ")
        pieces += (["; "] if i else []) + [ref]
    return Prose((*pieces, end))


def result_parts(r: Result, problem: Any, lemmas: dict[str, int] | None = None,
                 names: list[Shorthand] | None = None) -> list[Part]:
    """The steps, the result and the two collapsible sections of one ``wrt``; ``lemmas`` and
    ``names`` are what the block proved and named so far (updated)."""
    parts: list[Part] = []
    what = {"gradient": "The gradient", "jacobian": "The Jacobian",
            "derivative": "The derivative", "hessian": "The Hessian"}.get(r.kind, "The derivative")
    known = names if names is not None else []
    shown = present(r, taken=_taken(problem), lemmas={} if lemmas is None else lemmas,
                    steps=getattr(problem, "steps", "full") != "none", known=known)
    known += shown.shorthand
    for lemma in shown.lemmas:
        parts += lemma_parts(lemma)
    lead = f"{what} with respect to "
    if shown.lines and r.shared:
        lead = f"Continuing from the steps above, the {what.split()[1]} with respect to "
    where = where_clause([(name.name, name.value) for name in shown.shorthand])
    parts.append(Prose((lead, InlineMath(_latex(r.wrt)), *where, ":" if shown.lines else ",")))
    if shown.lines:
        parts.append(Steps(tuple(presented_line(x) for x in shown.lines)))
        parts.append(conclusion(cite_refs(shown.closing)))
    parts.append(Boxed(result_lhs(r, problem), _latex(shown.result)))
    if shown.written_out is not None:
        parts.append(Details("Fully substituted", "abstract", prose=Prose(
            (InlineMath(f"{result_lhs(r, problem)} = {_latex(shown.written_out)}"),))))
    if r.stationary is not None:
        parts.extend(_stationary_parts(r.stationary))
    for key, value in (r.extras or {}).items():
        parts.extend(extra_parts(key, value, function_name(problem), result_lhs(r, problem), _latex(r.wrt)))
    parts.append(_check_details(r, problem))
    if r.numpy:
        parts.append(Details("NumPy code", "example", code=r.numpy))
    return parts


def where_clause(names: Sequence[tuple[Expr, Expr]]) -> list[Any]:
    """``, where a = …, b = … and c = …`` (nothing where there are no names)."""
    out: list[Any] = []
    for i, (name, value) in enumerate(names):
        out += [", where " if i == 0 else " and " if i == len(names) - 1 else ", ",
                InlineMath(f"{latex(name)} = {latex(value)}")]
    return out


def lemma_parts(lemma: Lemma) -> list[Part]:
    """A lemma set apart: its statement and number, then its proof."""
    stated = f"{latex(lemma.statement.lhs)} = {latex(lemma.statement.rhs)}"
    where = where_clause(list(lemma.where))
    return [Prose((f"Lemma ({lemma.number}): ", InlineMath(stated), *where, ". Proof:")),
            Steps(tuple(presented_line(x) for x in lemma.proof))]


def _taken(problem: Any) -> set[str]:
    """The names a shorthand may not take: every name of the problem, its function's name."""
    names = {function_name(problem), "f", "d", "e", "I"}
    for expr in [problem.f] + [e for _, e in _pairs(getattr(problem, "where", None))]:
        if isinstance(expr, Expr):
            names |= {latex(s) for s in free_symbols(expr)} | {s.name for s in free_symbols(expr)}
    names |= {str(getattr(n, "name", n)) for n, _ in _pairs(getattr(problem, "where", None))}
    return names


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
                         Steps(tuple(presented_line(x) for x in equations(point.steps)))]
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
