"""Rendered blocks, kept in memory (across ``mkdocs serve`` rebuilds) and on disk.

An entry is keyed by the block text, the options that shape its output, and
the versions of this package and SymPy, so upgrading either invalidates it.
A damaged entry on disk is ignored (and overwritten by the next ``put``).
Nothing here imports the engine or SymPy: a warm build never loads them.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

_MEMORY: dict[str, str] = {}
"""Shared by every Cache of the process: MkDocs makes a new plugin on each rebuild."""

_MEMORY_LIMIT = 20_000


@lru_cache(maxsize=None)
def versions() -> dict[str, str]:
    """The versions that a cached rendering depends on.

    Besides the released versions of this package and SymPy, a hash of the
    package's own source: an editable install being worked on changes it with
    every edit, so a stale rendering is never served.
    """
    out = {}
    for dist in ("mkdocs-matderiv", "sympy"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "unknown"
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.as_posix().encode("utf-8"))
        digest.update(path.read_bytes())
    out["source"] = digest.hexdigest()[:16]
    return out


class Cache:
    """A key-value store of rendered blocks (strings).

    Parameters:
        directory: where entries are written (created on demand); None keeps
            them in memory only.
    """

    def __init__(self, directory: str | os.PathLike | None = None) -> None:
        self.directory = Path(directory) if directory is not None else None
        self.hits = 0
        """How many ``get`` calls found an entry."""
        self.misses = 0
        """How many did not."""

    @staticmethod
    def key(text: str, options: dict[str, Any]) -> str:
        """The key of a block: a hash of its text, its options and the versions."""
        payload = json.dumps({"text": text, "options": options, "versions": versions()},
                             sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def get(self, key: str) -> str | None:
        """The stored value, or None (absent or damaged)."""
        value = _MEMORY.get(key)
        if value is None and self.directory is not None:
            value = self._read(key)
            if value is not None:
                self._remember(key, value)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, key: str, value: str) -> None:
        """Store a value in memory and, with a directory, on disk (atomically)."""
        self._remember(key, value)
        if self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        data = json.dumps({"key": key, "value": value}, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(data)
            os.replace(tmp, self.path(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def path(self, key: str) -> Path:
        """The file of an entry."""
        assert self.directory is not None
        return self.directory / f"{key}.json"

    def _read(self, key: str) -> str | None:
        try:
            data = json.loads(self.path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("value"), str):
            return None
        return data["value"]

    @staticmethod
    def _remember(key: str, value: str) -> None:
        if len(_MEMORY) >= _MEMORY_LIMIT:
            _MEMORY.clear()
        _MEMORY[key] = value


def clear_memory() -> None:
    """Forget every in-memory entry (tests use it to simulate a new process)."""
    _MEMORY.clear()
