"""The kinds of part a derivation is shown in (``render.parts`` lays them out; each target
prints them): a title, sentences, display math, the steps, the boxed result, collapsible
sections."""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs_matderiv.render.aligned import math_words


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class InlineMath:
    latex: str


@dataclass(frozen=True)
class RuleRef:
    """A rule named in a sentence or beside a step: ``key`` is its entry in ``RULES``."""

    key: str
    name: str

    @property
    def pieces(self) -> list[tuple[str, bool]]:
        """The name's words and formulas (``$…$``), in order: ``(piece, is_math)``."""
        return math_words(self.name)


@dataclass(frozen=True)
class Prose:
    """A sentence; ``InlineMath`` pieces are inline LaTeX, ``RuleRef`` a rule's name, strings plain text."""

    pieces: tuple


@dataclass(frozen=True)
class Math:
    """Display math."""

    latex: str


@dataclass(frozen=True)
class Boxed:
    """The result, set apart: ``lhs = rhs``."""

    lhs: str
    rhs: str

    @property
    def latex(self) -> str:
        return f"{self.lhs} = {self.rhs}"


@dataclass(frozen=True)
class StepLine:
    """One line of the steps: ``lhs`` ("" where it continues the line above), ``rhs``, its rules."""

    lhs: str
    rhs: str
    rules: tuple[RuleRef, ...] = ()

    @property
    def note(self) -> str | None:
        """The rules' names as one note (``None`` on the line that states the problem)."""
        return "; ".join(r.name for r in self.rules) or None


@dataclass(frozen=True)
class Steps:
    """The steps of one result, each line with the rules it applies."""

    lines: tuple[StepLine, ...]

    def rows(self) -> list[tuple[str, str, str | None]]:
        """``(lhs, rhs, note)`` rows for an ``aligned`` block."""
        return [(s.lhs, s.rhs, s.note) for s in self.lines]


@dataclass(frozen=True)
class Details:
    """A collapsible section: ``kind`` is its admonition type (``success``, ``example``)."""

    summary: str
    kind: str
    prose: Prose | None = None
    code: str | None = None


Part = Title | Prose | Math | Boxed | Steps | Details
