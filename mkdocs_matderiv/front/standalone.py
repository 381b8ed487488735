"""One block, run for a front end outside a site build (the pandoc filter, the mystmd plugin).

The one place these front ends meet the engine: the block's options checked as a
fence's, ``derive()`` under the default budgets, the error located in its page. It
returns the parts every output shares (``render.parts``), or the located error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mkdocs_matderiv.errors import MatDerivError, MatDerivWarning
from mkdocs_matderiv.front.fences import FENCE_OPTIONS
from mkdocs_matderiv.render.parts import Part


@dataclass(frozen=True)
class Outcome:
    """What became of one block: its parts, or the error that stands in its place."""

    parts: list[Part] | None
    error: MatDerivError | None
    warnings: tuple[MatDerivWarning, ...] = ()
    """What the block may not mean as written (two names that look alike), located in the page."""


def run_block(source: str, options: Mapping[str, str], *, page: str | None = None,
              page_line: int | None = None) -> Outcome:
    """Derive ``source`` with the fence options ``options`` (``steps``, ``check``).

    ``page_line``: the page's line of the block's first body line, so that an error names
    the page's line; a block that fails as a whole (a timeout) is blamed on its first line.
    """
    try:
        from mkdocs_matderiv.api import derive
        from mkdocs_matderiv.render.parts import derivation_parts

        derivation = derive(source, defaults=block_defaults(options) or None, warn=False)
        for warning in derivation.problem.warnings:
            warning.page, warning.page_line = page, page_line
        return Outcome(derivation_parts(derivation), None, tuple(derivation.problem.warnings))
    except MatDerivError as err:
        error = err
    except Exception as exc:  # a bug below us must not take the rest of the document with it
        error = MatDerivError(f"internal error: {type(exc).__name__}: {exc}")
    error.page, error.page_line = page, page_line
    if error.line is None:
        error.line = 1
    return Outcome(None, error)


def block_defaults(options: Mapping[str, str]) -> dict[str, object]:
    """Fence options as block defaults; an option the fence does not take is a located error."""
    out: dict[str, object] = {}
    for key, value in options.items():
        if value not in FENCE_OPTIONS.get(key, ()):
            valid = ", ".join(f"{k}={'|'.join(v)}" for k, v in FENCE_OPTIONS.items())
            raise MatDerivError(f"a matderiv block does not take {key}={value!r}; it takes {valid}", line=1)
        out[key] = value == "true" if key == "check" else value
    return out
