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
from mkdocs_matderiv.front.runner import OPTIONS, Runner


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%%matderiv`` (IPython calls this for ``%load_ext mkdocs_matderiv``)."""
    ipython.register_magic_function(matderiv, magic_kind="cell", magic_name="matderiv")


def matderiv(line: str, cell: str) -> Any:
    """The cell magic: derive the cell's block with the line's options (the ``notebook``
    target: the cell's value is the derivation; a bad block prints its message)."""
    runner = Runner("notebook", report=_print)
    try:
        options = line_options(line)
    except MatDerivError as err:
        err.page = "cell"
        _print(err)
        return None
    return runner.run(cell, options, page="cell").output


def _print(err: MatDerivError) -> None:
    print(f"matderiv: {err}", file=sys.stderr)


def line_options(line: str) -> dict[str, str]:
    """``steps=brief check=false`` as the block's options; anything else is a MatDerivError."""
    out: dict[str, str] = {}
    for word in line.split():
        key, _, value = word.partition("=")
        if value not in OPTIONS.get(key, ()):
            valid = ", ".join(f"{k}={'|'.join(v)}" for k, v in OPTIONS.items())
            raise MatDerivError(f"%%matderiv does not take {word!r}; it takes {valid}")
        out[key] = value
    return out
