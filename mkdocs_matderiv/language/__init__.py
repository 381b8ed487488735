"""The expression language (CONTRACT §2): lexer, parser, shape inference, names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs_matderiv.language.names import canonical_name, py_name

if TYPE_CHECKING:
    from mkdocs_matderiv.language.parser import parse_text
    from mkdocs_matderiv.language.shapes import ShapeEnv
    from mkdocs_matderiv.tree import Expr

__all__ = ["parse", "canonical_name", "py_name", "ShapeEnv", "parse_text"]


def __getattr__(name: str) -> Any:
    """``parse_text`` and ``ShapeEnv`` on first use: a warm MkDocs build, which only reads the
    plugin's options (``language.options``), never loads the parser."""
    if name == "parse_text":
        from mkdocs_matderiv.language.parser import parse_text
        return parse_text
    if name == "ShapeEnv":
        from mkdocs_matderiv.language.shapes import ShapeEnv
        return ShapeEnv
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def parse(text: str, shapes: dict[str, tuple] | None = None, functions: dict[str, str] | None = None,
          declared: set[str] | None = None, shape: tuple | None = None) -> Expr:
    """Parse a standalone expression (for example a result's ``text``) into a tree.

    Parameters:
        text: the expression.
        shapes: canonical name -> shape; these names keep their shapes and are never split.
        functions: abstract functions, canonical name -> ``elementwise`` | ``scalar``.
        declared: further names the lexer keeps whole.
        shape: the shape the whole expression has, where the text alone does not fix it
            (a result ``2 I`` of a 3×3 gradient).

    Returns:
        The tree, every shape resolved.

    Raises:
        MatDerivError: the text does not parse or its shapes do not agree (``column`` set).
    """
    shapes = dict(shapes or {})
    from mkdocs_matderiv.language.parser import parse_text
    from mkdocs_matderiv.language.shapes import ShapeEnv

    env = ShapeEnv(shapes)
    names = set(shapes) | set(declared or ())
    expr = parse_text(text, env, functions=dict(functions or {}), variables=set(shapes), known=names)
    if shape is not None:
        env.unify(expr.shape[0], shape[0])
        env.unify(expr.shape[1], shape[1])
    return env.finalize([expr])[0]
