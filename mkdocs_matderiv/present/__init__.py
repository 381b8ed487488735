"""What a teacher shows: one line per move, lemmas proved once, side facts in the label,
shorthand for what repeats, the result stated once (between the checked derivation and the
renderers; data in, data out)."""

from mkdocs_matderiv.present.model import Cite, Fact, Lemma, Line, Presentation, Shorthand
from mkdocs_matderiv.present.stage import present

__all__ = ["Cite", "Fact", "Lemma", "Line", "Presentation", "Shorthand", "present"]
