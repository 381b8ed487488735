"""A Derivation as HTML for the MkDocs fence (arithmatex's generic mode).

Math is ``<div class="arithmatex">\\[ … \\]</div>`` and ``<span class="arithmatex">\\( … \\)</span>``,
what mkdocs-material's MathJax or KaTeX set-up typesets.  The steps are a grid of
HTML rows rather than one wide ``aligned`` table: each row holds the equation (its long
lines broken by ``present.layout``, a display a line, in a wide and a narrow layout that
``matderiv.css`` chooses between by the block's width, so that MathJax 3, MathJax 4 and
KaTeX show the same lines) and the rule as HTML text, which wraps, sits beside the line
where there is room and under it otherwise, and links to the rule's entry on the rules page where the site has one
(``link_rules``). A bad block is an error box (``Html.error``), the block's source in it
as text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import html
import re

from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.present.layout import NARROW, WIDE
from mkdocs_matderiv.render.aligned import TABLE, boxed, math_words, step_displays, web_lines
from mkdocs_matderiv.render.mathml import mathml
from mkdocs_matderiv.render.targets.base import PageTarget

if TYPE_CHECKING:      # parts are dispatched by class name: a warm build never loads them
    from mkdocs_matderiv.render.parts import Boxed, Details, InlineMath, Math, Prose, RuleRef, Steps, Title


class Html(PageTarget):
    """The MkDocs fence's HTML (arithmatex's generic mode), also Python-Markdown's and the
    Sphinx pages' steps and result."""

    name = "html"

    def text(self, text: str) -> str:
        """A block's text (a title, a message) as HTML text, with a zero-width space after each
        backslash and dollar: a page whose MathJax reads all its text finds no math in it.
        Math (LaTeX for arithmatex), code and the block's source are only HTML-escaped."""
        return _escape(_TEX.sub("\\g<0>\u200b", text))

    def document(self, parts: list[str]) -> str:
        return '<div class="matderiv">\n' + "\n".join(parts) + "\n</div>"

    def error(self, err: MatDerivError, source: str) -> str:
        """The error box shown in place of a block that failed."""
        return (
            '<div class="admonition failure matderiv-error">\n'
            '<p class="admonition-title">This matderiv block could not be derived</p>\n'
            f"<p>{self.text(str(err))}</p>\n"
            f'<pre><code class="language-yaml">{_escape(source)}</code></pre>\n'
            "</div>"
        )

    def _print_Title(self, part: Title) -> str:
        return f'<p class="matderiv-title"><strong>{self.text(part.text)}</strong></p>'

    def _print_Steps(self, part: Steps) -> str:
        return '<div class="matderiv-steps">\n' + "\n".join(self.steps(part)) + "\n</div>"

    def _print_Boxed(self, part: Boxed) -> str:
        wide, narrow = (boxed(part.lhs, part.rhs, w - TABLE) for w in (WIDE, NARROW))
        return f'<div class="matderiv-result">{displays([wide], [narrow])}</div>'

    def _print_Math(self, part: Math) -> str:
        return displays(web_lines(part.latex, WIDE), web_lines(part.latex, NARROW))

    def _print_Prose(self, part: Prose) -> str:
        return f"<p>{self.sentence(part)}</p>"

    def _print_Details(self, part: Details) -> str:
        inner = f"<p>{self.sentence(part.prose)}</p>" if part.prose else ""
        if part.code is not None:
            inner += f'<pre><code class="language-python">{_escape(part.code)}</code></pre>'
        return f'<details class="{part.kind}">\n<summary>{self.text(part.summary)}</summary>\n{inner}\n</details>'

    def sentence(self, prose: Prose) -> str:
        """A sentence: text escaped, inline math for arithmatex, rule names marked for ``link_rules``."""
        return "".join(self._print(piece) for piece in prose.pieces)

    def _print_str(self, piece: str) -> str:
        return self.text(piece)

    def _print_InlineMath(self, piece: InlineMath) -> str:
        return f'<span class="arithmatex">\\({_escape(piece.latex)}\\)</span>'

    def _print_RuleRef(self, ref: RuleRef) -> str:
        """A rule's name as text, its formulas as MathML (the browser typesets it, whatever math
        script the page loads, and it wraps with the words), in an ``<a>`` marked with its key,
        which ``link_rules`` points at the rules page."""
        return f'<a class="matderiv-rule" data-rule="{_escape(ref.key)}">{label_html(ref.name)}</a>'

    def steps(self, steps: Steps) -> list[str]:
        """One row per line: the equation as display math, the rules in words.

        A line that continues the chain starts with an invisible copy of the left-hand side in
        force (``\\hphantom``), so that its ``=`` stands under the one above without a table
        whose widths MathJax would have to guess before it breaks long lines.
        """
        rows, lhs = [], ""
        for line in steps.lines:
            lhs = line.lhs or lhs
            left = line.lhs or (f"\\hphantom{{{lhs}}}" if lhs else "")
            rules = "; ".join(self._print(r) for r in line.rules)
            wide, narrow, spans = step_displays(left, line.rhs)
            rows.append(f'<div class="matderiv-step{" matderiv-spans" if spans else ""}">'
                        f'{displays(wide, narrow, "matderiv-eq", sep="")}'
                        f'<div class="matderiv-why">{rules}</div></div>')
        return rows


def displays(wide: list[str], narrow: list[str], classes: str = "", sep: str = "\n") -> str:
    """Each layout's lines, a display (``<div class="arithmatex">\\[…\\]</div>``) a line, in a
    ``<div>`` of ``classes`` marked ``matderiv-wide`` and ``matderiv-narrow`` where they differ
    (``matderiv.css`` shows the one that fits the block); ``sep`` goes inside the brackets."""
    def div(lines: list[str], more: str) -> str:
        maths = [f"\\[{sep}{_escape(x)}{sep}\\]" for x in lines]
        if len(maths) == 1:
            return f'<div class="{(classes + " arithmatex" + more).strip()}">{maths[0]}</div>'
        return (f'<div class="{(classes + more).strip()}">'
                + "".join(f'<div class="arithmatex">{m}</div>' for m in maths) + "</div>")
    if wide == narrow:
        return div(wide, "")
    return div(wide, " matderiv-wide") + div(narrow, " matderiv-narrow")


_TEX = re.compile(r"[\\$]")
_BLOCK = '<div class="matderiv">'
_LEMMA = re.compile(r'<p>Lemma \((\d+)\): (.*?)</p>\n<div class="matderiv-steps">\n(?:.*\n)*?</div>\n')
_CITE = re.compile(r'(<a class="matderiv-rule" data-rule="[^"]+"(?: href="[^"]*")?>)by \((\d+)\)</a>')


def lemmas_once(page_html: str) -> str:
    """Each lemma proved once on the page: a block that proves one proved above cites it by the
    page's number instead, and every lemma and citation is numbered in the page's order."""
    chunks = page_html.split(_BLOCK)
    numbers: dict[str, int] = {}
    return _BLOCK.join(chunks[:1] + [_numbered(chunk, numbers) for chunk in chunks[1:]])


def _numbered(block: str, numbers: dict[str, int]) -> str:
    """One block's lemmas and citations in the page's numbers (``numbers``: statement → number)."""
    local: dict[str, int] = {}

    def keep_first(m: re.Match) -> str:
        seen = m.group(2) in numbers
        local[m.group(1)] = numbers.setdefault(m.group(2), len(numbers) + 1)
        return "" if seen else m.group(0).replace(f"Lemma ({m.group(1)})", f"Lemma ({local[m.group(1)]})", 1)

    block = _LEMMA.sub(keep_first, block)
    return _CITE.sub(lambda m: f"{m.group(1)}by ({local.get(m.group(2), m.group(2))})</a>", block)


def label_html(words: str) -> str:
    """A rule's words escaped, its formulas (``$…$``) as MathML."""
    return "".join(mathml(piece) if is_math else _escape(piece) for piece, is_math in math_words(words))


def rule_anchor(key: str) -> str:
    """The id of a rule's row on the rules page: ``d.sum`` → ``rule-d-sum``."""
    return "rule-" + re.sub(r"[^A-Za-z0-9]+", "-", key)


_RULE_LINK = re.compile(r'<a class="matderiv-rule" data-rule="([^"]+)">')


def link_rules(page_html: str, rules_url: str) -> str:
    """Each rule named in the page's derivations as a link to its row of the rules table at
    ``rules_url`` (a URL relative to the page, e.g. ``../rules/``)."""
    def link(m: re.Match) -> str:
        href = _escape(f"{rules_url}#{rule_anchor(html.unescape(m.group(1)))}")
        return f'<a class="matderiv-rule" data-rule="{m.group(1)}" href="{href}">'
    return _RULE_LINK.sub(link, page_html)


def rules_html(group: str | None = None) -> str:
    """The table of rules (``engine.rules.RULES``) as HTML, optionally one group only;
    each row's id is ``rule_anchor(key)``, so steps can link to it."""
    from mkdocs_matderiv.engine.rules import RULES

    rows = []
    for key, rule in RULES.items():
        if group and rule.group != group:
            continue
        rows.append(f'<tr id="{rule_anchor(key)}"><td><code>{_escape(key)}</code></td><td>{label_html(rule.name)}</td>'
                    f'<td><span class="arithmatex">\\({_escape(rule.formula)}\\)</span></td></tr>')
    return ('<table class="matderiv-rules">\n<thead><tr><th>key</th><th>rule</th>'
            "<th>formula</th></tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
