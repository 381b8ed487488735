"""mkdocs-matderiv: step-by-step matrix-calculus derivations, checked numerically."""

from mkdocs_matderiv.errors import MatDerivError

__version__ = "0.1.0"

__all__ = ["MatDerivError", "__version__", "derive"]


def __getattr__(name: str):
    # derive() pulls in the engine and NumPy; keep `import mkdocs_matderiv` light.
    if name == "derive":
        from mkdocs_matderiv.api import derive

        return derive
    raise AttributeError(name)
