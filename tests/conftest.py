"""Shared fixtures: a Python-Markdown converter with the fence, and a real MkDocs build."""

from __future__ import annotations

import logging
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import markdown
import pytest

from mkdocs_matderiv.front import cache, fences


@pytest.fixture(autouse=True)
def _own_cache_key(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """The cache's signing key in a directory of the test run, never the user's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))


@pytest.fixture(autouse=True)
def _fresh_cache_memory():
    """Each test starts as a new process would: nothing cached in memory."""
    cache.clear_memory()
    fences.default_fence.errors.clear()
    yield
    cache.clear_memory()


def make_markdown() -> markdown.Markdown:
    """Python-Markdown as a Material site configures it, with the matderiv fence."""
    return markdown.Markdown(
        extensions=["admonition", "pymdownx.details", "pymdownx.superfences",
                    "pymdownx.tabbed", "pymdownx.arithmatex"],
        extension_configs={
            "pymdownx.superfences": {"custom_fences": [
                {"name": "matderiv", "class": "matderiv",
                 "validator": fences.validator, "format": fences.formatter},
                {"name": "matderiv-rules", "class": "matderiv-rules",
                 "validator": fences.validator, "format": fences.formatter}]},
            "pymdownx.tabbed": {"alternate_style": True},
            "pymdownx.arithmatex": {"generic": True},
        })


@pytest.fixture
def convert() -> Callable[[str], str]:
    """``convert(text)``: dedent and convert Markdown with the fence."""
    def _convert(text: str) -> str:
        return make_markdown().convert(textwrap.dedent(text))
    return _convert


@dataclass
class Site:
    """A built site: where it is and what MkDocs warned about."""

    root: Path
    site_dir: Path
    warnings: list[str]

    def page(self, path: str) -> str:
        """The HTML of a built page, e.g. ``index.html`` or ``seeds/x/index.html``."""
        return (self.site_dir / path).read_text(encoding="utf-8")


@pytest.fixture
def build_site(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Callable[..., Site]:
    """``build_site(pages, config=...)``: write a site into tmp_path and run ``mkdocs build``.

    ``pages`` maps a path under docs/ to its Markdown (dedented); ``config`` is
    the mkdocs.yml text after ``site_name``. Warnings are collected; a
    PluginError or an Abort (``strict=True``) propagates.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def _build(pages: dict[str, str], config: str = "plugins:\n  - matderiv\n",
               strict: bool = False) -> Site:
        docs = tmp_path / "docs"
        for name, text in pages.items():
            (docs / name).parent.mkdir(parents=True, exist_ok=True)
            (docs / name).write_text(textwrap.dedent(text), encoding="utf-8")
        yml = tmp_path / "mkdocs.yml"
        yml.write_text("site_name: test\n" + textwrap.dedent(config), encoding="utf-8")
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            cfg = load_config(str(yml), strict=strict, site_dir=str(tmp_path / "site"))
            try:
                build(cfg)
            finally:
                cfg.plugins.on_shutdown()
        warnings = [r.getMessage() for r in caplog.records
                    if r.levelno >= logging.WARNING and r.name.startswith("mkdocs")]
        return Site(tmp_path, tmp_path / "site", warnings)

    return _build
