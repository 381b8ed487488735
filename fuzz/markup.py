"""What a block's text publishes: markup of each target that the author did not write as math.

``marked_blocks()`` draws blocks whose title, comment or failing body carries the markup
of a target (HTML, a ``javascript:`` link, Liquid, Hugo shortcodes, math delimiters, a
pandoc raw attribute, LaTeX commands, fences, newlines), each naming a marker (``ZQX``)
that no derivation writes. ``published_markup(text)`` derives the block and writes it (or
its error) with every text target, and lists what was published live: an element or an event
handler in the HTML (the MkDocs fence's own, and each Markdown flavour's after a real
CommonMark engine, mistune, has read it), a template tag left for Jekyll or Hugo, a
marked LaTeX command; an empty list is the property. ``fuzz/run.py`` records each as a
finding; ``tests/test_fuzz.py`` runs a few.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import strategies as st

from mkdocs_matderiv.errors import MatDerivError
from mkdocs_matderiv.render.targets import target

MARK = "ZQX"
"""A name no derivation writes: where it stands in a tag, a link or a command, the text ran."""

PAYLOADS = [
    f"<img src=x onerror={MARK}>", f"<b data-{MARK}=1>b</b>", f"[c](javascript:{MARK})",
    f"<a href='javascript:{MARK}'>a</a>", f"`<i>{MARK}</i>`{{=html}}", f"<!-- {MARK}",
    f"{{{{ site.{MARK} }}}}", f"{{% endraw %}}{{{{ {MARK} }}}}{{% raw %}}", f"{{% include {MARK} %}}",
    f"{{{{< {MARK} >}}}}", f"{{{{% {MARK} %}}}}", f"$\\href{{javascript:{MARK}}}{{x}}$",
    f"\\(\\href{{javascript:{MARK}}}{{x}}\\)", f"$${MARK}$$", f"\\{MARK}cmd", f"\\input{{{MARK}}}",
    f"\\write18{{{MARK}}}", "\n# heading\n", "\n```\n", "````", "\n---\n", "\r\n\r\n", "*", "_", "|",
]

BASE = "f: tr(A X)\nwrt: X\n"

TARGETS = ("html", "markdown", "hugo", "jekyll", "pandoc", "latex")

_ALLOWED_HTML = {"div", "p", "strong", "span", "a", "details", "summary", "pre", "code", "blockquote",
                 "em", "br", "ul", "ol", "li", "h1", "h2", "math", "mi", "mo", "mn", "mrow", "msup",
                 "msub", "mfrac", "mtext", "mover", "munder", "msubsup", "mspace", "msqrt", "mstyle",
                 "semantics", "annotation", "mtable", "mtr", "mtd", "mpadded", "mroot"}
"""What the targets and a Markdown engine write themselves (``<a>`` only as a rule's anchor)."""


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


@st.composite
def marked_blocks(draw) -> str:
    """A block whose title, a comment, or a failing body carries one to three payloads."""
    payload = "".join(draw(st.lists(st.sampled_from(PAYLOADS), min_size=1, max_size=3)))
    where = draw(st.sampled_from(["title", "comment", "failing"]))
    if where == "title":
        return f"title: {quoted(payload)}\n{BASE}"
    if where == "comment":
        return BASE + "# " + payload.replace("\n", " ").replace("\r", " ") + "\nshapes: {A: m x n, X: k}\n"
    return "f: A x\n" + payload + "\nwrt: q\n"


_TEX = re.compile(r"\\[(\[]|\$\$|\\begin")
"""What MathJax typesets in a page's text (``\\(``, ``\\[``, ``$$``, an environment)."""


class _Elements(HTMLParser):
    """The elements and attributes of an HTML text that a target did not write."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.code = 0

    def handle_data(self, data: str) -> None:
        if not self.code and MARK in data and _TEX.search(data):
            self.found.append(f"math for the page's MathJax: {data.strip()[:60]!r}")

    def handle_endtag(self, tag: str) -> None:
        self.code -= tag in ("code", "pre")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.code += tag in ("code", "pre")
        if tag not in _ALLOWED_HTML:
            self.found.append(f"element <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or MARK in name or (value or "").lstrip().lower().startswith("javascript"):
                self.found.append(f"attribute {name}={value!r} on <{tag}>")
            if tag == "a" and name == "href":
                self.found.append(f"link <a href={value!r}>")


def _html(markup: str) -> list[str]:
    parser = _Elements()
    parser.feed(markup)
    return parser.found


def _markdown_html(text: str) -> str:
    import mistune

    return mistune.html(text)


def published_markup(text: str) -> list[str]:
    """What the block's text published live in each target (empty: text only)."""
    from mkdocs_matderiv.api import derive

    try:
        derivation, error = derive(text, timeout=10, warn=False), None
    except MatDerivError as err:
        derivation, error = None, err
    found: list[str] = []
    for name in TARGETS:
        output = target(name)           # the runner's last stage, once derived for every target
        out = output.render(derivation) if error is None else output.error(error, text) or ""
        if name == "html":
            found += [f"html: {f}" for f in _html(out)]
        elif name == "latex":
            found += [f"latex: command {m}" for m in re.findall(rf"\\(?:{MARK}\w*|input|write18)\b", out)]
        else:
            found += [f"{name}: {f}" for f in _html(_markdown_html(out))]
            found += [f"{name}: {f}" for f in _templates(name, out)]
    return found


def _templates(name: str, out: str) -> list[str]:
    """A template tag the site generator would run."""
    if name == "hugo":
        return [f"shortcode {m}" for m in re.findall(r"\{\{[<%]", out)]
    if name == "jekyll":
        outside = re.sub(r"\{% raw %\}.*?\{% endraw %\}", "", out, flags=re.S)
        return [f"liquid {m}" for m in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", outside)
                if m != '{{ "{%" }}']
    return []
