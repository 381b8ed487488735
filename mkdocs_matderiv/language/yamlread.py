"""Reading a block's YAML as authors write it: unquoted expressions, no tags, no aliases.

Expressions are quoted line by line before YAML sees them (``f: |X|`` is an expression, not a
block scalar), then the text is scanned for tags, anchors and aliases (refused) and loaded
with a loader that resolves nothing: every scalar is a string.
"""

from __future__ import annotations

import json
import re

import yaml

from mkdocs_matderiv import limits
from mkdocs_matderiv.errors import MatDerivError, quoted, refuse_surrogates
from mkdocs_matderiv.language.names import canonical_name

TOP_KEYS = ("f", "wrt", "where", "shapes", "assume", "functions", "values", "vec", "layout",
            "steps", "check", "title", "expand", "entries", "solve", "order", "method", "claim", "name")
"""The valid keys of a block, in the order the contract lists them."""

_SECTIONS = ("where", "shapes", "assume", "functions", "values", "entries")
_QUOTED = re.compile(r"^(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*')$")
_BLOCK_SCALAR = re.compile(r"^[|>][+-]?[1-9]?$")
_COMMENT_START = re.compile(r"[ \t]#")
_BLANKS = " \t"


class _Line:
    """A ``key: value`` or ``- value`` line, split by plain string scans (linear in the line:
    no regular expression with repetition meets a whole line of user text)."""

    __slots__ = ("indent", "key", "value")

    def __init__(self, indent: str, key: str, value: str | None) -> None:
        self.indent, self.key, self.value = indent, key, value

    def group(self, name: str):
        return getattr(self, name)


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(_BLANKS))


def _key_line(line: str) -> _Line | None:
    """``key: value`` (the key starts with none of ``#:'"-`` or a blank; no value after a
    bare ``key:``), else None."""
    n = _indent_of(line)
    rest = line[n:]
    if not rest or rest[0] in "#:'\"-" or rest[0].isspace():
        return None
    colon = rest.find(":")
    if colon < 0:
        return None
    after = rest[colon + 1:]
    if after and after[0] not in _BLANKS:
        return None
    value = after.strip(_BLANKS)
    return _Line(line[:n], rest[:colon].rstrip(_BLANKS), value or None)


def _item_line(line: str) -> _Line | None:
    """``- value``, else None."""
    n = _indent_of(line)
    rest = line[n:]
    if rest[:1] != "-" or rest[1:2] not in (" ", "\t"):
        return None
    return _Line(line[:n], "-", rest[1:].strip(_BLANKS))


def _strip_comment(value: str) -> str:
    """The value without a trailing `` # comment``."""
    m = _COMMENT_START.search(value)
    return value if m is None else value[:m.start()].rstrip(_BLANKS)


class _TextLoader(yaml.SafeLoader):
    """A safe loader that resolves no implicit types: ``on``, ``no``, ``1`` stay strings."""

    yaml_implicit_resolvers: dict = {}


def load_block_yaml(body: str) -> tuple[dict, dict[str, int]]:
    """The block body as a mapping of strings, lists and mappings, with the line of each key.

    Returns:
        ``(data, lines)``: ``lines`` maps ``f``, ``wrt``, ... and ``where.Y``, ``shapes.A``, ...
        (canonical names) to 1-based lines of the block.

    Raises:
        MatDerivError: not YAML, not a mapping, a tag, anchor or alias, a duplicate key.
    """
    text = _quote_expressions(body)
    lines: dict[str, int] = {}
    _refuse_tags_and_aliases(text)
    loader = _TextLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_nodes(node, lines)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text) from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise MatDerivError("a matderiv block is a mapping of keys (f: ..., wrt: ...)", line=1)
    return data, lines


def _yaml_error(exc: yaml.YAMLError, text: str) -> MatDerivError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if isinstance(exc, yaml.reader.ReaderError):  # a control character: no mark, a position
        problem = f"the character #x{exc.character:04x} is not allowed"
        return MatDerivError(f"not valid YAML: {problem}", line=text.count("\n", 0, exc.position) + 1)
    return MatDerivError(f"not valid YAML: {problem}", line=mark.line + 1 if mark else 1)


def _check_nodes(root: yaml.Node, lines: dict[str, int]) -> None:
    """Refuse a key given twice in one mapping (YAML 1.2: keys are unique; PyYAML keeps the
    last one without a word, so ``'check': false`` after ``check:`` would turn the check off)
    and a lone surrogate (``"\\ud800"``: not a character, so no page or log can hold it).
    Keys below the top are compared as names (``α`` and ``alpha`` are one).  Fills ``lines``:
    the line of each key, by its path (``f``, ``where.Y``)."""
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            refuse_surrogates(node.value, key=path or None, line=node.start_mark.line + 1)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, path) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    stack.extend(((key, path), (value, path)))
                    continue
                stack.append((key, path))
                name = (canonical_name(key.value) or key.value) if path else key.value
                line = key.start_mark.line + 1
                if name in seen:
                    raise _duplicate(key.value, path, seen[name], line)
                seen[name] = line
                full = f"{path}.{name}" if path else name
                lines[full] = line
                stack.append((value, full))


def _duplicate(key: str, path: str, first: int, second: int) -> MatDerivError:
    lines = f"both on line {first}" if first == second else f"lines {first} and {second}"
    what = f"'{quoted(key)}' is given twice in {path}" if path else f"the key '{quoted(key)}' is given twice"
    return MatDerivError(f"{what} ({lines}); YAML keys are unique, and the second would silently "
                         "replace the first: keep one", line=second,
                         key=f"{path}.{canonical_name(key) or key}" if path else None)


def _refuse_tags_and_aliases(text: str) -> None:
    refused = {yaml.TagToken: "a YAML tag", yaml.AnchorToken: "a YAML anchor",
               yaml.AliasToken: "a YAML alias", yaml.DirectiveToken: "a YAML directive"}
    try:
        for token in yaml.scan(text, Loader=_TextLoader):
            what = refused.get(type(token))
            if what:
                raise MatDerivError(f"{what} is not allowed in a matderiv block",
                                    line=token.start_mark.line + 1)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text) from None


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _prepare(value: str | None, line: int, keep_flow: str = "", expression: bool = False,
             key: str | None = None) -> str | None:
    """The YAML text for a value: expressions quoted; block scalars, quoted text and
    (where the key takes one) a flow collection left as written.  An expression over
    ``limits.MAX_EXPRESSION_CHARS`` is refused here, before YAML reads it."""
    if value is None or value == "":
        return value
    if _QUOTED.match(value) or _BLOCK_SCALAR.match(value):
        return value
    bare = _strip_comment(value)
    if key == "title" and bare != value:
        raise MatDerivError(f"'{quoted(value[len(bare):].strip(_BLANKS))}' would be read as a YAML "
                            f"comment and the title cut to '{quoted(bare)}'; quote the title to keep the '#' "
                            "(title: \"...\"), or put the comment on a line of its own", line=line, key=key)
    if expression:
        try:
            limits.check_expression_text(bare)
        except MatDerivError as exc:
            raise exc.located(line=line, key=key) from None
    _refuse_yaml_syntax(bare, line, expression)
    if keep_flow and bare[:1] == keep_flow[0] and bare[-1:] == keep_flow[1]:
        return bare
    return _quote(bare)


def _quoted_list(flow: str) -> str:
    """``[a, b]`` (or rows ``[[a, b], [c, d]]``) with each item quoted, split at the commas
    outside braces and brackets."""
    items, depth, current = [], 0, ""
    for ch in flow[1:-1]:
        depth += (ch in "{[") - (ch in "}]")
        if ch == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += ch
    items.append(current.strip())
    return "[" + ", ".join(_quoted_list(i) if i[:1] == "[" and i[-1:] == "]" else _quote(i)
                           for i in items if i) + "]"


def _refuse_yaml_syntax(value: str, line: int, expression: bool) -> None:
    """``!tag``, ``&anchor`` (and ``*alias`` outside expressions) are YAML, never our language."""
    marks = {"!": "a YAML tag", "&": "a YAML anchor"} | ({} if expression else {"*": "a YAML alias"})
    what = marks.get(value[:1])
    if what:
        raise MatDerivError(f"{what} is not allowed in a matderiv block", line=line)


def _quote_expressions(body: str) -> str:
    out: list[str] = []
    section: str | None = None
    nested_indent: int | None = None
    for number, line in enumerate(body.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            out.append(line)
            continue
        indent = len(line) - len(line.lstrip())
        m = _key_line(line)
        if indent == 0:
            section, nested_indent = None, None
            if not m:
                out.append(line)
                continue
            key, value = m.group("key"), m.group("value")
            if key in _SECTIONS or key == "wrt" or (key == "claim" and not value):
                section = key
            flow = "{}" if key in _SECTIONS else ("[]" if key == "wrt" else "")
            if key == "values":
                out.append(f"{_quote(key)}: {value}" if value else f"{_quote(key)}:")
                continue
            new = _prepare(value, number, flow, expression=key in ("f", "claim"), key=key)
            if key == "wrt" and new and new[:1] == "[" and new[-1:] == "]" and "{" in new:
                new = _quoted_list(new)         # [W^{[1]}, W^{[2]}]: braces are part of the names
            out.append(f"{_quote(key)}: {new}" if new else f"{_quote(key)}:")
            continue
        if section is None:
            out.append(line)
            continue
        if nested_indent is None:
            nested_indent = indent
        if indent != nested_indent:
            out.append(line)
            continue
        item = _item_line(line)
        if section == "wrt" and item:
            out.append(f"{item.group('indent')}- {_prepare(item.group('value'), number)}")
            continue
        if not m:
            out.append(line)
            continue
        key, value = m.group("key"), m.group("value")
        name = canonical_name(key) or key
        full = f"{section}.{name}"
        if section == "values":
            out.append(line)
            continue
        flow = "[]" if section in ("shapes", "assume", "entries") else ""
        new = _prepare(value, number, flow, expression=section in ("where", "claim"), key=full)
        if section == "entries" and new and new[:1] == "[" and new[-1:] == "]" and "{" in new:
            new = _quoted_list(new)             # [[e_{11}, e_{12}]]: braces are part of the names
        out.append(f"{m.group('indent')}{_quote(key)}: {new}" if new else f"{m.group('indent')}{_quote(key)}:")
    return "\n".join(out) + "\n"
