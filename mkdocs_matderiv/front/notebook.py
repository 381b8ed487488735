"""The IPython cell magic: ``%load_ext mkdocs_matderiv``, then a cell ``%%matderiv`` over a block.

```
%%matderiv steps=brief
f: tr(X B X^T)
wrt: X
```

The cell's value is what ``derive()`` returns, which Jupyter shows as the typeset
derivation (its ``_repr_markdown_``). A bad block prints the located message, with
no traceback, and the cell has no value.
"""

from __future__ import annotations

import sys
from typing import Any

from mkdocs_matderiv.errors import MatDerivError

OPTIONS = {"steps": ("full", "brief", "none"), "check": ("true", "false")}
"""What the magic's line may set (``steps=brief check=false``), as a fence header does."""


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%%matderiv`` (IPython calls this for ``%load_ext mkdocs_matderiv``)."""
    ipython.register_magic_function(matderiv, magic_kind="cell", magic_name="matderiv")


def matderiv(line: str, cell: str) -> Any:
    """The cell magic: derive the cell's block with the line's options."""
    from mkdocs_matderiv.api import derive

    try:
        defaults = line_options(line)
        return derive(cell, defaults=defaults or None)
    except MatDerivError as err:
        err.page = "cell"
        print(f"matderiv: {err}", file=sys.stderr)
        return None


def line_options(line: str) -> dict[str, Any]:
    """``steps=brief check=false`` as block defaults; anything else is a MatDerivError."""
    out: dict[str, Any] = {}
    for word in line.split():
        key, _, value = word.partition("=")
        if value not in OPTIONS.get(key, ()):
            valid = ", ".join(f"{k}={'|'.join(v)}" for k, v in OPTIONS.items())
            raise MatDerivError(f"%%matderiv does not take {word!r}; it takes {valid}")
        out[key] = value == "true" if key == "check" else value
    return out
