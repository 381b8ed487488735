"""A Derivation as a page block: HTML for the MkDocs fence, Markdown for other sites.

The layout follows the seeds: the problem (f, its definitions, the shapes and
assumptions), then for each ``wrt`` the steps as aligned display math with the
rule named beside each line, the result set apart, and two collapsible
sections, the numeric check and the NumPy code.

One list of parts (``derivation_parts``) feeds both outputs:

* ``derivation_html``: arithmatex generic mode (``<div class="arithmatex">\\[ … \\]</div>``,
  ``<span class="arithmatex">\\( … \\)</span>``), what mkdocs-material's math set-up typesets;
* ``derivation_markdown``: ``$$ … $$`` and ``$ … $``, as Hugo or Jekyll MathJax set-ups expect.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence, Union

from mkdocs_matderiv.derivation import Derivation, Result
from mkdocs_matderiv.render.latex import latex, latex_step_lines
from mkdocs_matderiv.tree import Expr, Hess, Sym, Vec, VecRow, free_symbols

# ---------------------------------------------------------------- parts


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Prose:
    """A sentence; ``math`` pieces are inline LaTeX, strings are plain text."""

    pieces: tuple


@dataclass(frozen=True)
class Math:
    """Display math; ``role`` is ``steps`` (aligned steps), ``result`` (set apart) or ``plain``."""

    latex: str
    role: str = "plain"

    @property
    def result(self) -> bool:
        return self.role == "result"


@dataclass(frozen=True)
class Details:
    """A collapsible section: ``kind`` is its admonition type (``success``, ``example``)."""

    summary: str
    kind: str
    prose: Prose | None = None
    code: str | None = None


@dataclass(frozen=True)
class InlineMath:
    latex: str


Part = Union[Title, Prose, Math, Details]


def derivation_parts(d: Derivation) -> list[Part]:
    """The block as an ordered list of parts (the one layout both outputs share)."""
    p = d.problem
    parts: list[Part] = []
    if getattr(p, "title", None):
        parts.append(Title(p.title))
    parts.append(Math(f"f = {_latex(p.f)}"))
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
        parts.append(Math(aligned(latex_step_lines(recursion)), role="steps"))
    return parts


def result_parts(r: Result, problem: Any) -> list[Part]:
    """The steps, the result and the two collapsible sections of one ``wrt``."""
    parts: list[Part] = []
    what = {"gradient": "The gradient", "jacobian": "The Jacobian",
            "derivative": "The derivative", "hessian": "The Hessian"}.get(r.kind, "The derivative")
    steps = r.steps[r.shared:] if getattr(problem, "steps", "full") != "none" else []
    lead = f"{what} with respect to "
    if steps and r.shared:
        lead = f"Continuing from the steps above, {what.lower()} with respect to "
    parts.append(Prose((lead, InlineMath(_latex(r.wrt)), ":" if steps else ",")))
    lines = latex_step_lines(steps)
    shown = r.named if r.named is not None else r.value     # along a where chain, the named form
    conclusion = None
    if lines and lines[-1][0] and lines[-1][1] == _latex(shown):
        conclusion = lines.pop()[2]        # the line that reads off the result: state it apart
    if lines:
        parts.append(Math(aligned(lines), role="steps"))
    if lines or conclusion:
        parts.append(Prose((f"Therefore, by the {conclusion}:" if conclusion else "Therefore:",)))
    parts.append(Math(f"{result_lhs(r, problem)} = {_latex(shown)}", role="result"))
    if r.named is not None:
        parts.append(Details("Fully substituted", "abstract", prose=Prose(
            ("In the names of the problem: ", InlineMath(f"{result_lhs(r, problem)} = {_latex(r.value)}"), "."))))
    if r.stationary is not None:
        parts.extend(_stationary_parts(r))
    for key, value in (r.extras or {}).items():
        parts.extend(_extra_parts(key, value, r, problem))
    parts.append(_check_details(r, problem))
    if r.numpy:
        parts.append(Details("NumPy code", "example", code=r.numpy))
    return parts


NOTE_COLUMN_WIDTH = 45
"""Rows up to this many visible characters get their rule in a column of its own; longer
derivations put each rule right after its row, so that it stays on screen."""


def aligned(lines: Iterable[tuple[str, str, str | None]]) -> str:
    """``\\begin{aligned} lhs &= rhs && \\text{rule} \\\\ … \\end{aligned}``."""
    lines = list(lines)
    widest = max((visible_length(lhs + rhs) for lhs, rhs, _ in lines), default=0)
    sep = " && " if widest <= NOTE_COLUMN_WIDTH else " \\qquad "
    rows = []
    for lhs, rhs, rule in lines:
        row = f"{lhs} &= {rhs}"
        if rule:
            row += sep + text_note(rule)
        rows.append(row)
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"


_ZERO_WIDTH = re.compile(r"\\(?:left|right|operatorname|frac|mathbb|mathrm|text|boxed)\b|[{}^_\s]")


def visible_length(tex: str) -> int:
    """A rough count of the glyphs a formula shows: a symbol command is one, braces none."""
    return len(re.sub(r"\\[A-Za-z]+", "#", _ZERO_WIDTH.sub("", tex)))


_MATHISH = re.compile(r"\S*[\\^_{}]\S*")


def text_note(words: str) -> str:
    """Words as ``\\text{…}`` for LaTeX and MathJax alike; formula-like words become ``$…$``."""
    out, last = [], 0
    for m in _MATHISH.finditer(words):
        out.append(words[last:m.start()])
        out.append(f"${m.group(0).rstrip(':,.')}$" + m.group(0)[len(m.group(0).rstrip(':,.')):])
        last = m.end()
    out.append(words[last:])
    body = "".join(out).replace("&", "and").replace("%", r"\%").replace("#", r"\#")
    return f"\\text{{{body}}}"


def result_lhs(r: Result, problem: Any) -> str:
    """``\\frac{\\partial f}{\\partial X}``, ``\\frac{\\partial \\operatorname{vec} F}{…}``, ``\\frac{df}{dt}``."""
    wrt = _latex(r.wrt)
    if r.kind == "gradient":
        return f"\\frac{{\\partial f}}{{\\partial {wrt}}}"
    if r.kind == "derivative":
        return f"\\frac{{d f}}{{d {wrt}}}"
    if r.kind == "hessian":
        return _latex(Hess("f", _hess_wrt(r.wrt, problem), r.value.shape))
    vec = "\\operatorname{vec}_{r}" if getattr(problem, "vec", "column") == "row" else "\\operatorname{vec}"
    f_shape = getattr(problem.f, "shape", (2, 2))
    top = "f" if f_shape[1] == 1 else f"{vec} f"
    bottom = wrt if r.wrt.shape[1] == 1 else f"{vec} {wrt}"
    lhs = f"\\frac{{\\partial {top}}}{{\\partial {bottom}}}"
    if getattr(problem, "layout", "numerator") == "denominator":
        lhs += "^{T}"
    return lhs


def _stationary_parts(r: Result) -> list[Part]:
    """``solve: true``: the steps to the point where the gradient vanishes, and what it needs."""
    point = r.stationary
    parts: list[Part] = [Prose(("Where the gradient vanishes:",)),
                         Math(aligned(latex_step_lines(point.steps)), role="steps")]
    needs: list = []
    for i, e in enumerate(point.invertible):
        needs += ([" and "] if i else []) + [InlineMath(_latex(e))]
    if needs:
        parts.append(Prose(("This point exists where ", *needs,
                            " is invertible" if len(point.invertible) == 1 else " are invertible", ".")))
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
            for key, lhs in (("f", "f"), ("result", result_lhs(r, problem))) if key in w]
    parts: list[Part] = [Prose(("With the given numbers,",)), Math(given)]
    if rows:
        parts.append(Math(aligned(rows)))
    chain = w.get("chain")
    if chain:
        via, jac = chain["via"], chain["jacobian"]
        flat = "\\operatorname{vec}_{r}" if chain.get("vec") == "row" else "\\operatorname{vec}"
        dfd = f"\\frac{{\\partial f}}{{\\partial {via}}}"
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
    symbols = ", \\quad ".join(f"{s['latex']} = {s['matrix']}" for s in e.get("symbols", []))
    verdict = ("the general result at this size, entry for entry." if e.get("agrees")
               else "not the general result at this size.")
    parts: list[Part] = [Prose((f"Entry by entry at size {e.get('size', '')}, as a cross-check:",))]
    if symbols:
        parts.append(Math(symbols))
    parts.append(Math(aligned([("f", e["f"], None), (result_lhs(r, problem), e["entries"], None)])))
    if e.get("general") and e["general"] != e["entries"]:
        parts.append(Math(f"{result_lhs(r, problem)} = {e['general']}"))
    parts.append(Prose(("This is " + verdict,)))
    return parts


def bmatrix(value: Any) -> str:
    """A number, or nested lists of numbers as ``\\begin{bmatrix} … \\end{bmatrix}``."""
    if not isinstance(value, (list, tuple)):
        return _number(value)
    rows = [value] if value and not isinstance(value[0], (list, tuple)) else value
    if len(rows) == 1 and len(rows[0]) == 1:
        return _number(rows[0][0])
    body = " \\\\ ".join(" & ".join(_number(x) for x in row) for row in rows)
    return f"\\begin{{bmatrix}} {body} \\end{{bmatrix}}"


def _number(x: Any) -> str:
    if not isinstance(x, float):
        return str(x)
    text = f"{x:.6g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return f"{mantissa} \\times 10^{{{int(exponent)}}}"


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


# ---------------------------------------------------------------- HTML


def derivation_html(d: Derivation) -> str:
    """The block as HTML for arithmatex's generic mode (what the MkDocs fence returns)."""
    return '<div class="matderiv">\n' + "\n".join(_html(p) for p in derivation_parts(d)) + "\n</div>"


def _html(part: Part) -> str:
    esc = _escape
    if isinstance(part, Title):
        return f'<p class="matderiv-title"><strong>{esc(part.text)}</strong></p>'
    if isinstance(part, Math):
        cls = "arithmatex matderiv-result" if part.result else "arithmatex"
        body = f"\\boxed{{{part.latex}}}" if part.result else part.latex
        return f'<div class="{cls}">\\[\n{esc(body)}\n\\]</div>'
    if isinstance(part, Prose):
        return f"<p>{_prose_html(part)}</p>"
    inner = f"<p>{_prose_html(part.prose)}</p>" if part.prose else ""
    if part.code is not None:
        inner += f'<pre><code class="language-python">{esc(part.code)}</code></pre>'
    return f'<details class="{part.kind}">\n<summary>{esc(part.summary)}</summary>\n{inner}\n</details>'


def _prose_html(prose: Prose) -> str:
    return "".join(f'<span class="arithmatex">\\({_escape(p.latex)}\\)</span>'
                   if isinstance(p, InlineMath) else _escape(p) for p in prose.pieces)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


# ---------------------------------------------------------------- Markdown


def derivation_markdown(d: Derivation) -> str:
    """The block as Markdown with ``$$ … $$`` display math and ``$ … $`` inline math."""
    return "\n\n".join(_markdown(p) for p in derivation_parts(d)) + "\n"


def _markdown(part: Part) -> str:
    if isinstance(part, Title):
        return f"**{part.text}**"
    if isinstance(part, Math):
        body = f"\\boxed{{{part.latex}}}" if part.result else part.latex
        return f"$$\n{body}\n$$"
    if isinstance(part, Prose):
        return _prose_markdown(part)
    out = f"**{part.summary}.** {_prose_markdown(part.prose)}" if part.prose else f"**{part.summary}:**"
    if part.code is not None:
        out += f"\n\n```python\n{part.code.rstrip()}\n```"
    return out


def _prose_markdown(prose: Prose) -> str:
    return "".join(f"${p.latex}$" if isinstance(p, InlineMath) else p for p in prose.pieces)


# ---------------------------------------------------------------- the rules table


def rules_html(group: str | None = None) -> str:
    """The table of rules (``engine.rules.RULES``) as HTML, optionally one group only."""
    from mkdocs_matderiv.engine.rules import RULES

    rows = []
    for key, rule in RULES.items():
        if group and rule.group != group:
            continue
        rows.append(f"<tr><td><code>{_escape(key)}</code></td><td>{_escape(rule.name)}</td>"
                    f'<td><span class="arithmatex">\\({_escape(rule.formula)}\\)</span></td></tr>')
    return ('<table class="matderiv-rules">\n<thead><tr><th>key</th><th>rule</th>'
            "<th>formula</th></tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
