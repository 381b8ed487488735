"""The cache: keyed by text, options and versions; in memory and on disk; robust to damage."""

from __future__ import annotations

import json

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
    assert json.loads(c.path(key).read_text(encoding="utf-8")) == {"key": key, "value": "fresh"}


def test_an_entry_filed_under_another_key_is_ignored(tmp_path):
    key, other = Cache.key("a", {}), Cache.key("b", {})
    c = Cache(tmp_path)
    c.path(key).parent.mkdir(parents=True, exist_ok=True)
    c.path(key).write_text(json.dumps({"key": other, "value": "wrong"}), encoding="utf-8")

    assert c.get(key) is None


def test_without_a_directory_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Cache().put(Cache.key("a", {}), "x")

    assert list(tmp_path.iterdir()) == []
