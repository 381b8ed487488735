"""The JSON object of a derivation (CONTRACT §4), as ``matderiv derive --format json`` writes it."""

from __future__ import annotations

import json

from mkdocs_matderiv.derivation import Derivation
from mkdocs_matderiv.render.json import derivation_dict
from mkdocs_matderiv.render.targets.base import Target


class Json(Target):
    """Indented, non-ASCII kept, ending in a newline."""

    name = "json"

    def write(self, d: Derivation) -> str:
        return json.dumps(derivation_dict(d), indent=2, ensure_ascii=False) + "\n"
