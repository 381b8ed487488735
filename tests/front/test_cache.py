"""The cache: keyed by text, options and versions; in memory and on disk; robust to damage."""

from __future__ import annotations

import json
import shutil

import pytest

from mkdocs_matderiv.front import cache
from mkdocs_matderiv.front.cache import Cache


def test_a_stored_value_comes_back_from_disk_in_a_new_process(tmp_path):
    key = Cache.key("f: tr(A X)\nwrt: X", {"format": "html"})
    Cache(tmp_path).put(key, "<div>derived</div>")
    cache.clear_memory()                       # as if MkDocs started again

    reader = Cache(tmp_path)

    assert reader.get(key) == "<div>derived</div>"
    assert (reader.hits, reader.misses) == (1, 0)


def test_memory_outlives_the_cache_object_across_rebuilds():
    key = Cache.key("f: tr(A X)\nwrt: X", {})
    Cache().put(key, "html")                   # `mkdocs serve` makes a new plugin per rebuild

    assert Cache().get(key) == "html"


def test_the_key_changes_with_the_text_the_options_and_the_versions(monkeypatch):
    base = Cache.key("f: tr(A X)\nwrt: X", {"steps": "full"})

    assert Cache.key("f: tr(A X)\nwrt: X", {"steps": "full"}) == base
    assert Cache.key("f: tr(X A)\nwrt: X", {"steps": "full"}) != base
    assert Cache.key("f: tr(A X)\nwrt: X", {"steps": "brief"}) != base
    monkeypatch.setattr(cache, "versions", lambda: {"mkdocs-matderiv": "9.9", "sympy": "1.14.0"})
    assert Cache.key("f: tr(A X)\nwrt: X", {"steps": "full"}) != base


def test_the_versions_are_those_of_the_package_its_source_and_sympy():
    assert set(cache.versions()) == {"mkdocs-matderiv", "sympy", "source"}
    assert cache.versions()["sympy"][0].isdigit()


def test_a_missing_entry_is_a_miss(tmp_path):
    c = Cache(tmp_path)

    assert c.get(Cache.key("f: x^T x\nwrt: x", {})) is None
    assert (c.hits, c.misses) == (0, 1)


def test_a_damaged_entry_is_ignored_and_rewritten(tmp_path):
    key = Cache.key("f: tr(A X)\nwrt: X", {})
    c = Cache(tmp_path)
    c.put(key, "good")
    c.path(key).write_text('{"key": "' + key + '", "val', encoding="utf-8")   # cut off mid-write
    cache.clear_memory()

    assert Cache(tmp_path).get(key) is None
    Cache(tmp_path).put(key, "fresh")
    assert Cache(tmp_path).get(key) == "fresh"


def test_an_entry_filed_under_another_key_is_ignored(tmp_path):
    key, other = Cache.key("a", {}), Cache.key("b", {})
    c = Cache(tmp_path)
    c.path(key).parent.mkdir(parents=True, exist_ok=True)
    c.put(other, "wrong")
    c.path(key).write_bytes(c.path(other).read_bytes())       # signed, but for another key
    cache.clear_memory()

    assert Cache(tmp_path).get(key) is None


def test_without_a_directory_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Cache().put(Cache.key("a", {}), "x")

    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- what a pull request can commit

def _forged(key: str) -> bytes:
    """An entry as the cache wrote it before entries were signed, or as anyone can write it."""
    return json.dumps({"key": key, "value": "<p>∂f/∂X = 7 X B</p><script>alert(1)</script>"}).encode()


def test_an_entry_not_signed_by_this_machine_is_a_miss_with_an_info_line(tmp_path, caplog):
    key = Cache.key("f: tr(X B X^T)\nwrt: X", {})
    (tmp_path / f"{key}.json").write_bytes(_forged(key))
    (tmp_path / "other.json").write_bytes(b"0" * 64 + b"\n" + _forged(key))   # a made-up signature

    with caplog.at_level("INFO", logger="mkdocs.plugins.matderiv"):
        assert Cache(tmp_path).get(key) is None
    assert "ignored the cache entry" in caplog.text and "not signed" in caplog.text


def test_an_entry_signed_with_another_users_key_is_a_miss(tmp_path, monkeypatch):
    key = Cache.key("f: tr(X B X^T)\nwrt: X", {})
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "attacker"))
    Cache(tmp_path / "cache").put(key, "forged")
    cache.clear_memory()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "victim"))

    assert Cache(tmp_path / "cache").get(key) is None


def test_the_key_is_kept_in_the_users_cache_directory_readable_by_the_user_only(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    Cache(tmp_path / "cache").put(Cache.key("a", {}), "x")

    key_file = tmp_path / "xdg" / "mkdocs-matderiv" / "cache.key"
    assert len(key_file.read_bytes()) == 32
    assert key_file.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("damage", ["truncated", "nested", "huge", "binary", "directory", "symlink"])
def test_whatever_sits_in_place_of_an_entry_costs_a_miss(tmp_path, damage):
    key = Cache.key("f: tr(A X)\nwrt: X", {})
    c = Cache(tmp_path)
    c.put(key, "good")
    cache.clear_memory()
    entry = c.path(key)
    signed = entry.read_bytes()
    entry.unlink()
    if damage == "truncated":
        entry.write_bytes(signed[:-7])
    elif damage == "nested":
        entry.write_bytes(signed.split(b"\n")[0] + b"\n" + b"[" * 200_000)
    elif damage == "huge":
        entry.write_bytes(b"[" * (cache.MAX_ENTRY_BYTES + 10))
    elif damage == "binary":
        entry.write_bytes(bytes(range(256)) * 10)
    elif damage == "directory":
        entry.mkdir()
        (entry / "x.json").write_bytes(signed)
    else:
        (tmp_path / "elsewhere").write_bytes(signed)
        entry.symlink_to(tmp_path / "elsewhere")

    assert Cache(tmp_path).get(key) is None


def test_a_file_in_place_of_the_cache_directory_costs_the_disk_cache_only(tmp_path, caplog):
    (tmp_path / "matderiv").write_text("not a directory")
    c = Cache(tmp_path / "matderiv")
    key = Cache.key("a", {})

    with caplog.at_level("INFO", logger="mkdocs.plugins.matderiv"):
        c.put(key, "value")
    assert c.get(key) == "value"                     # still kept in memory
    assert "cache entry not written" in caplog.text
    cache.clear_memory()
    assert Cache(tmp_path / "matderiv").get(key) is None


def test_a_symlinked_cache_directory_is_not_written_through(tmp_path):
    (tmp_path / "target").mkdir()
    (tmp_path / "matderiv").symlink_to(tmp_path / "target")

    Cache(tmp_path / "matderiv").put(Cache.key("a", {}), "value")

    assert list((tmp_path / "target").iterdir()) == []


def test_a_new_cache_directory_is_left_out_of_git_add(tmp_path):
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    Cache(tmp_path / ".cache" / "plugin" / "matderiv").put(Cache.key("a", {}), "value")
    subprocess.run(["git", "-C", str(tmp_path), "add", "."], check=True)
    staged = subprocess.run(["git", "-C", str(tmp_path), "status", "--porcelain"],
                            capture_output=True, text=True, check=True).stdout

    assert (tmp_path / ".cache" / "plugin" / "matderiv" / ".gitignore").is_file()
    assert staged == ""


PAGE = "# Gradients\n\n```matderiv\nf: tr(X B X^T)\nwrt: X\n```\n"
FORGED = "∂f/∂X = 7 X B, numeric check passed<script>alert(1)</script>"


def _published(site) -> str:
    html = site.page("index.html")
    return html[html.index("<h1"):html.index("</body>")].split("<!--")[0]


@pytest.mark.parametrize("damage", ["forged", "file-for-directory", "directory-for-entry", "nested"])
def test_a_committed_or_damaged_cache_never_changes_what_a_build_publishes(build_site, damage):
    first = build_site({"index.md": PAGE})
    clean = _published(first)
    assert '<div class="matderiv-result">' in clean
    directory = first.root / ".cache" / "plugin" / "matderiv"
    (entry,) = directory.glob("*.json")
    if damage == "forged":                  # what a pull request can compute and commit
        entry.write_text(json.dumps({"key": entry.stem, "value": FORGED}), encoding="utf-8")
    elif damage == "file-for-directory":
        shutil.rmtree(directory)
        directory.write_text("not a directory")
    elif damage == "directory-for-entry":
        entry.unlink()
        entry.mkdir()
    else:
        entry.write_bytes(b"[" * 200_000)
    cache.clear_memory()                    # a new `mkdocs build` process

    site = build_site({"index.md": PAGE})

    assert site.warnings == []
    assert _published(site) == clean
    assert "7 X B" not in site.page("index.html") and "<script>alert" not in site.page("index.html")


# ---------------------------------------------------------------- links and keys inside the checkout

def test_a_committed_link_in_the_cache_path_keeps_every_entry_inside_the_project(build_site):
    first = build_site({"index.md": PAGE})
    root = first.root
    shutil.rmtree(root / ".cache")
    (root.parent / "outside").mkdir(exist_ok=True)
    (root / ".cache").symlink_to("../outside")       # what a pull request can commit
    cache.clear_memory()

    site = build_site({"index.md": PAGE})

    assert list((root.parent / "outside").iterdir()) == []
    assert '<div class="matderiv-result">' in site.page("index.html")


def test_an_entry_is_not_read_through_a_link_in_the_cache_path(tmp_path):
    project, outside = tmp_path / "project", tmp_path / "outside"
    project.mkdir()
    key = Cache.key("f: tr(A X)\nwrt: X", {})
    Cache(outside / "plugin", project=tmp_path).put(key, "from outside")
    cache.clear_memory()
    (project / ".cache").symlink_to(outside)

    assert Cache(project / ".cache" / "plugin", project=project).get(key) is None


def _sign(secret: bytes, key: str, value: str) -> bytes:
    import hashlib
    import hmac

    payload = json.dumps({"key": key, "value": value}).encode()
    return hmac.new(secret, key.encode() + b"\n" + payload, hashlib.sha256).hexdigest().encode() + b"\n" + payload


def test_a_key_committed_where_xdg_cache_home_points_into_the_checkout_signs_nothing(
        build_site, monkeypatch):
    import subprocess

    first = build_site({"index.md": PAGE})
    root = first.root
    clean = _published(first)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / ".xdg"))     # the CI's set-up, inside the checkout
    secret = b"k" * 32                                             # committed by the pull request
    (root / ".xdg" / "mkdocs-matderiv").mkdir(parents=True)
    keyfile = root / ".xdg" / "mkdocs-matderiv" / "cache.key"
    keyfile.write_bytes(secret)
    keyfile.chmod(0o600)                                           # as a checkout under umask 077 makes it
    (entry,) = (root / ".cache" / "plugin" / "matderiv").glob("*.json")
    entry.write_bytes(_sign(secret, entry.stem, FORGED))
    cache.clear_memory()

    site = build_site({"index.md": PAGE})

    assert "7 X B" not in site.page("index.html")
    assert _published(site) == clean


def test_a_key_file_others_can_read_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    keyfile = tmp_path / "xdg" / "mkdocs-matderiv" / "cache.key"
    keyfile.parent.mkdir(parents=True)
    keyfile.write_bytes(b"k" * 32)
    keyfile.chmod(0o644)                                           # as git checks a file out

    assert cache.signing_key() != b"k" * 32


def test_a_key_file_that_is_a_link_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    (tmp_path / "elsewhere").write_bytes(b"k" * 32)
    (tmp_path / "elsewhere").chmod(0o600)
    (tmp_path / "xdg" / "mkdocs-matderiv").mkdir(parents=True)
    (tmp_path / "xdg" / "mkdocs-matderiv" / "cache.key").symlink_to(tmp_path / "elsewhere")

    assert cache.signing_key() != b"k" * 32
