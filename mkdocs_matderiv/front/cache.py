"""Rendered blocks, kept in memory (across ``mkdocs serve`` rebuilds) and on disk.

An entry is keyed by the block text, the options that shape its output, and
the versions of this package and SymPy, so upgrading either invalidates it.
The cache directory sits in the repository, where a pull request can put
anything, so an entry on disk is signed: an HMAC with a secret key kept in the
user's own cache directory (``$XDG_CACHE_HOME/mkdocs-matderiv/cache.key``),
never in the repository.  An entry this machine did not write, or a damaged
one, or whatever else sits at the cache path, is a miss (and an info line),
never published.  A key that would lie inside the project's checkout (an
``XDG_CACHE_HOME`` set inside it) is not used: a pull request could commit it,
and with it sign any entry; the build then signs with a key of its own process.
No file is read or written through a symbolic link in the cache directory's path
below the project (a committed ``.cache -> ../outside``): the disk cache is then
off.  A key file is used only when it is a regular file of this user that no one
else can read (a file git checks out is readable by all).  Nothing here imports
the engine or SymPy: a warm build never loads them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs_matderiv.front import paths
from mkdocs_matderiv.front.log import logger

_MEMORY: dict[str, str] = {}
"""Shared by every Cache of the process: MkDocs makes a new plugin on each rebuild."""

_MEMORY_LIMIT = 20_000

MAX_ENTRY_BYTES = 4_000_000
"""An entry file larger than this is not read (a rendered block is a few kB)."""

GITIGNORE = "# written by mkdocs-matderiv: the cache is never committed\n*\n"
"""Written into the cache directory (where it has none), so ``git add`` leaves it out."""


@cache
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
    for path in sorted(Path(__file__).parent.parent.rglob("*.py")):
        digest.update(path.relative_to(Path(__file__).parent.parent).as_posix().encode("utf-8"))
        digest.update(path.read_bytes())
    out["source"] = digest.hexdigest()[:16]
    return out


def key_path() -> Path:
    """Where the signing key lives: the user's cache directory, outside any repository."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mkdocs-matderiv" / "cache.key"


_PROCESS_KEY = secrets.token_bytes(32)
"""The key when none can be kept on disk: entries then last as long as the process."""


def signing_key(project: Path | None = None) -> bytes:
    """The secret key of this user, made on first use (mode 0600); a key that cannot be kept
    on disk, or that would lie in the checkout of ``project`` (where a pull request can put
    one), is one for this process only (the disk cache then lasts one build)."""
    path = key_path()
    if project is not None:
        tree = paths.checkout(project)
        if paths.inside(path, tree) or paths.inside(os.path.realpath(path), os.path.realpath(tree)):
            return _process_key(path, OSError(f"it lies inside the project's checkout {tree}"))
    for _ in range(2):
        try:
            data = _read_key(path)
            if len(data) >= 32:
                return data
            raise OSError("the key file is too short")
        except FileNotFoundError:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as out:
                    out.write(secrets.token_bytes(32))
            except FileExistsError:
                pass                                  # another build made it first
            except OSError as exc:
                return _process_key(path, exc)
        except OSError as exc:
            return _process_key(path, exc)
    return _process_key(path, OSError("the key file could not be read back"))


def _read_key(path: Path) -> bytes:
    """The key file's bytes: a regular file, not a link, that only its owner, this user, can read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o077):
            raise OSError("the key file is not this user's own, readable by the user only")
        return handle.read(4096)


def _process_key(path: Path, exc: OSError) -> bytes:
    logger.info("no cache key at %s (%s); the disk cache lasts one process", path, exc)
    return _PROCESS_KEY


class Cache:
    """A key-value store of rendered blocks (strings).

    Parameters:
        directory: where entries are written (created on demand); None keeps
            them in memory only.
        project: the project's directory (where mkdocs.yml or conf.py is): below it no
            component of ``directory`` may be a symbolic link, and the signing key may
            not lie in its checkout. None: only the last component of ``directory`` is
            judged.
    """

    def __init__(self, directory: str | os.PathLike | None = None,
                 project: str | os.PathLike | None = None) -> None:
        self.directory = Path(directory) if directory is not None else None
        self.project = Path(project) if project is not None else None
        self.hits = 0
        """How many ``get`` calls found an entry."""
        self.misses = 0
        """How many did not."""
        self._secret: bytes | None = None

    @staticmethod
    def key(text: str, options: dict[str, Any]) -> str:
        """The key of a block: a hash of its text, its options and the versions."""
        payload = json.dumps({"text": text, "options": options, "versions": versions()},
                             sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def get(self, key: str) -> str | None:
        """The stored value, or None (absent, damaged, or not written by this user)."""
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
        """Store a value in memory and, with a usable directory, on disk (atomically, signed).

        A directory that cannot be written (a file in its place, a symlink) costs the
        disk cache, never the block.
        """
        self._remember(key, value)
        if self.directory is None:
            return
        payload = json.dumps({"key": key, "value": value}, ensure_ascii=False).encode("utf-8")
        try:
            self._prepare_directory()
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(self._mac(key, payload).encode("ascii") + b"\n" + payload)
                os.replace(tmp, self.path(key))
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            logger.info("cache entry not written to %s: %s", self.directory, exc)

    def path(self, key: str) -> Path:
        """The file of an entry."""
        assert self.directory is not None
        return self.directory / f"{key}.json"

    def _prepare_directory(self) -> None:
        assert self.directory is not None
        if not paths.real_directory(self.directory, self._root(), create=True):
            raise OSError("a symbolic link or a file is in the cache directory's path; "
                          "not following it")
        ignore = self.directory / ".gitignore"
        if not ignore.exists() and not ignore.is_symlink():
            ignore.write_text(GITIGNORE, encoding="utf-8")

    def _root(self) -> Path:
        assert self.directory is not None
        return self.project if self.project is not None else self.directory.parent

    def _mac(self, key: str, payload: bytes) -> str:
        if self._secret is None:
            self._secret = signing_key(self.project)
        return hmac.new(self._secret, key.encode("ascii") + b"\n" + payload, hashlib.sha256).hexdigest()

    def _read(self, key: str) -> str | None:
        path = self.path(key)
        try:
            if not paths.real_directory(path.parent, self._root()):
                return None
            if path.is_symlink() or not path.is_file():
                if path.exists() or path.is_symlink():
                    logger.info("ignored the cache entry %s: not a regular file", path.name)
                return None
            with open(path, "rb") as handle:
                raw = handle.read(MAX_ENTRY_BYTES + 1)
        except OSError:
            return None
        mac, _, payload = raw.partition(b"\n")
        if len(raw) > MAX_ENTRY_BYTES or not hmac.compare_digest(
                mac, self._mac(key, payload).encode("ascii")):
            logger.info("ignored the cache entry %s: not signed by this machine's "
                        "plugin (damaged, or not written here)", path.name)
            return None
        data = json.loads(payload.decode("utf-8"))      # signed: written by put() above
        return data["value"] if data.get("key") == key else None

    @staticmethod
    def _remember(key: str, value: str) -> None:
        if len(_MEMORY) >= _MEMORY_LIMIT:
            _MEMORY.clear()
        _MEMORY[key] = value


def clear_memory() -> None:
    """Forget every in-memory entry (tests use it to simulate a new process)."""
    _MEMORY.clear()
