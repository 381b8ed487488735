"""Paths a checkout's links cannot lead out of: real files and links in a temporary directory."""

from __future__ import annotations

import pytest

from mkdocs_matderiv.front import paths


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "project" / "docs").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret").write_text("s", encoding="utf-8")
    return tmp_path


def test_a_plain_path_inside_the_root_is_its_real_path(tree):
    project = tree / "project"

    assert paths.confined(project / "docs" / "a.md", project) == (project / "docs" / "a.md").resolve()


@pytest.mark.parametrize("link", ["../outside/secret", "../outside/nothing-yet", "/"])
def test_a_link_out_of_the_root_or_dangling_is_refused(tree, link):
    project = tree / "project"
    (project / "out.md").symlink_to(link)

    with pytest.raises(paths.LinkRefused):
        paths.confined(project / "out.md", project)


def test_a_dangling_link_inside_the_root_is_refused_too(tree):
    project = tree / "project"
    (project / "out.md").symlink_to("docs/not-there.md")

    with pytest.raises(paths.LinkRefused, match="dangling"):
        paths.write_text(project / "out.md", "x", project)
    assert not (project / "docs" / "not-there.md").exists()


def test_a_path_named_outside_the_root_is_judged_in_its_own_directory(tree):
    (tree / "outside" / "link").symlink_to("secret")
    (tree / "outside" / "sub").mkdir()
    (tree / "outside" / "sub" / "up").symlink_to("../secret")

    assert paths.read_text(tree / "outside" / "link", tree / "project") == "s"
    with pytest.raises(paths.LinkRefused):
        paths.confined(tree / "outside" / "sub" / "up", tree / "project")


def test_a_real_directory_has_no_link_below_the_project(tree):
    project = tree / "project"
    (project / ".cache").symlink_to("../outside")

    assert not paths.real_directory(project / ".cache" / "plugin", project, create=True)
    assert paths.real_directory(project / "docs" / "new" / "dir", project, create=True)
    assert (project / "docs" / "new" / "dir").is_dir()
    assert list((tree / "outside").iterdir()) == [tree / "outside" / "secret"]


def test_the_checkout_is_the_nearest_directory_with_git(tree):
    (tree / "project" / ".git").mkdir()

    assert paths.checkout(tree / "project" / "docs") == tree / "project"
    assert paths.checkout(tree / "outside") == tree / "outside"
