"""A Derivation as Markdown for sites other than MkDocs (Hugo, Jekyll, …).

Display math is ``$$ … $$`` and inline math ``$ … $``, as those sites' MathJax
set-ups expect.  The steps are one ``aligned`` block with each rule as a text
note, and long right-hand sides broken into continuation lines.
"""

from __future__ import annotations

from mkdocs_matderiv.derivation import Derivation
from mkdocs_matderiv.render.aligned import aligned, broken, math_words
from mkdocs_matderiv.render.parts import Boxed, InlineMath, Math, Part, Prose, RuleRef, Steps, Title, derivation_parts


def derivation_markdown(d: Derivation, inline: tuple[str, str] = ("$", "$")) -> str:
    """The block as Markdown with ``$$ … $$`` display math and ``inline`` (``$ … $``) math."""
    return "\n\n".join(_markdown(p, inline) for p in derivation_parts(d)) + "\n"


def steps_rows(steps: Steps) -> list[tuple[str | None, str, str | None]]:
    """The rows of an ``aligned`` block for the steps: a long right-hand side goes on
    continuation rows (``&\\quad + …``), its rule on its first row."""
    rows: list[tuple[str | None, str, str | None]] = []
    for lhs, rhs, note in steps.rows():
        first, *rest = broken(rhs)
        rows.append((lhs, first, note))
        rows.extend((None, more, None) for more in rest)
    return rows


def boxed(result: Boxed) -> str:
    """``\\boxed{lhs = rhs}``; a long right-hand side on continuation lines inside the box."""
    lines = broken(result.rhs)
    if len(lines) == 1:
        return f"\\boxed{{{result.latex}}}"
    return f"\\boxed{{{aligned([(result.lhs, lines[0], None)] + [(None, x, None) for x in lines[1:]])}}}"


def _markdown(part: Part, inline: tuple[str, str]) -> str:
    if isinstance(part, Title):
        return f"**{part.text}**"
    if isinstance(part, Steps):
        return f"$$\n{aligned(steps_rows(part))}\n$$"
    if isinstance(part, Boxed):
        return f"$$\n{boxed(part)}\n$$"
    if isinstance(part, Math):
        return f"$$\n{part.latex}\n$$"
    if isinstance(part, Prose):
        return prose_markdown(part, inline)
    out = (f"**{part.summary}.** {prose_markdown(part.prose, inline)}" if part.prose
           else f"**{part.summary}:**")
    if part.code is not None:
        out += f"\n\n```python\n{part.code.rstrip()}\n```"
    return out


def prose_markdown(prose: Prose, inline: tuple[str, str] = ("$", "$")) -> str:
    """A sentence with its inline math between ``inline`` (``$…$``) and rule names as plain words."""
    return "".join(f"{inline[0]}{p.latex}{inline[1]}" if isinstance(p, InlineMath)
                   else rule_markdown(p, inline) if isinstance(p, RuleRef) else p for p in prose.pieces)


def rule_markdown(ref: RuleRef, inline: tuple[str, str] = ("$", "$")) -> str:
    """A rule's name with its formulas between the ``inline`` delimiters."""
    return "".join(f"{inline[0]}{piece}{inline[1]}" if is_math else piece for piece, is_math in math_words(ref.name))
