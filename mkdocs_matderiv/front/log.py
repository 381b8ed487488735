"""The one logger of the MkDocs side, which names the plugin in every message.

MkDocs's own ``get_plugin_logger`` logs on ``mkdocs.plugins.matderiv`` (so
``mkdocs build --strict`` counts the warnings) and adds the ``matderiv: ``
prefix, so no call types it.
"""

from mkdocs.plugins import get_plugin_logger

logger = get_plugin_logger("matderiv")
