"""Paths a stranger's files cannot lead out of the project.

A pull request controls every file of the checkout, symbolic links included, never
the command line or the site's configuration. So a path the user or the
configuration names is taken as named, but a link met on the way may not lead out
of the directory the command works in (``confined``), and a directory kept inside
the project (the cache) is used only when no component of it below the project is a
link (``real_directory``). A dangling link is refused too: writing through it would
create its target.
"""

from __future__ import annotations

import os
from pathlib import Path


class LinkRefused(OSError):
    """A path that a symbolic link leads out of where it may go (reported as ``path: why``)."""

    def __init__(self, path: str | os.PathLike, why: str) -> None:
        super().__init__(0, why, os.fspath(path))


def inside(path: str | os.PathLike, root: str | os.PathLike) -> bool:
    """Whether ``path`` is ``root`` or under it (both taken as they are, lexically)."""
    return os.path.commonpath([os.path.abspath(path), os.path.abspath(root)]) == os.path.abspath(root)


def confined(path: str | os.PathLike, root: str | os.PathLike | None = None) -> Path:
    """The real path of ``path``, refused if a symbolic link takes it out of ``root``.

    Parameters:
        path: a file to read or write, as the user named it.
        root: the directory worked in (default: the current directory). A path named
            outside it is judged against the real directory named around it, so only
            links met below what the user typed are judged.

    Raises:
        LinkRefused: a link leads out, or the path is a dangling link.
    """
    lexical = os.path.abspath(path)
    base = os.path.realpath(root if root is not None else os.getcwd())
    if not inside(lexical, root if root is not None else os.getcwd()) and not inside(lexical, base):
        base = os.path.realpath(os.path.dirname(lexical))
    if os.path.islink(lexical) and not os.path.exists(lexical):
        raise LinkRefused(path, "a dangling symbolic link; not following it")
    real = os.path.realpath(lexical)
    if not inside(real, base):
        raise LinkRefused(path, f"a symbolic link leads out of {base}; not following it")
    return Path(real)


def read_text(path: str | os.PathLike, root: str | os.PathLike | None = None) -> str:
    """A file's text (UTF-8), read only where ``confined`` allows."""
    fd = os.open(confined(path, root), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, encoding="utf-8") as handle:
        return handle.read()


def write_text(path: str | os.PathLike, text: str, root: str | os.PathLike | None = None) -> None:
    """Write a file's text (UTF-8) only where ``confined`` allows, never through a link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(confined(path, root), flags, 0o666)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def real_directory(directory: Path, root: Path, create: bool = False) -> bool:
    """Whether ``directory`` is a real directory: no component below ``root`` (or, for a
    directory named outside ``root``, its last one) is a link or anything but a directory.

    With ``create``, the missing components are made, one at a time below a checked one
    (``root`` itself, named by the user or the configuration, as it is).
    """
    if not inside(directory, root):
        root = directory.parent
    current = Path(os.path.abspath(root))
    if create:
        current.mkdir(parents=True, exist_ok=True)
    for name in Path(os.path.abspath(directory)).relative_to(current).parts:
        current = current / name
        if current.is_symlink() or (current.exists() and not current.is_dir()):
            return False
        if not current.exists():
            if not create:
                return False
            current.mkdir()
    return True


def checkout(start: str | os.PathLike) -> Path:
    """The work tree ``start`` lies in: the nearest directory above it with a ``.git`` (git
    never commits one), else ``start`` itself."""
    here = Path(os.path.abspath(start))
    for directory in (here, *here.parents):
        if (directory / ".git").exists():
            return directory
    return here
