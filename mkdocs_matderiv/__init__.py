"""mkdocs-matderiv: step-by-step matrix-calculus derivations, checked numerically."""

from mkdocs_matderiv.errors import MatDerivError

__version__ = "0.1.0"

__all__ = ["MatDerivError", "__version__", "derive", "formatter", "validator"]

# derive() pulls in the engine and NumPy, the fence functions Python-Markdown:
# keep `import mkdocs_matderiv` light and load each on first use.
_LAZY = {
    "derive": "mkdocs_matderiv.api",
    "validator": "mkdocs_matderiv.front.fences",
    "formatter": "mkdocs_matderiv.front.fences",
}


def load_ipython_extension(ipython) -> None:
    """``%load_ext mkdocs_matderiv``: the ``%%matderiv`` cell magic (see ``front.notebook``)."""
    from mkdocs_matderiv.front.notebook import load_ipython_extension as load

    load(ipython)


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(name)
