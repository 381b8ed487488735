"""The shipped math scripts: present, licensed, and inside the wheel a pip user installs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from mkdocs_matderiv import assets

ROOT = Path(__file__).parents[2]


def test_each_library_is_there_with_its_licence_and_version():
    assert f'VERSION="{assets.MATHJAX_VERSION}"' in assets.MATHJAX_JS.read_text(encoding="utf-8")
    assert f'version:"{assets.KATEX_VERSION}"' in assets.KATEX_JS.read_text(encoding="utf-8")
    assert "Apache License" in (assets.MATHJAX_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in (assets.KATEX_DIR / "LICENSE").read_text(encoding="utf-8")
    assert assets.KATEX_AUTO_RENDER.is_file() and assets.KATEX_CSS.is_file()
    fonts = {p.name for p in (assets.KATEX_DIR / "fonts").iterdir()}
    css = assets.KATEX_CSS.read_text(encoding="utf-8")
    assert fonts and all(f"fonts/{name}" in css for name in fonts)
    assert set(assets.LOADERS) == set(assets.LIBRARIES) == {"mathjax", "katex"}


def test_the_wheel_carries_every_asset(tmp_path: Path):
    source = tmp_path / "source"         # setuptools writes build/ beside pyproject.toml
    shutil.copytree(ROOT / "mkdocs_matderiv", source / "mkdocs_matderiv",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(source)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(ROOT).as_posix() for p in assets.ROOT.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert shipped - names == set()
    assert "mkdocs_matderiv/assets/mathjax/LICENSE" in shipped
