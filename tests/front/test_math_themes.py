"""`plugins: [matderiv]` alone typesets on any theme, offline, once (CONTRACT §5 `math`)."""

from __future__ import annotations

import shutil

import pytest
from browsing import REPORT, TYPESET, browser, look, serve  # noqa: F401  (fixtures)

from mkdocs_matderiv import assets

PAGES = {
    "index.md": """\
        # Gradients

        Inline math of the author's own: $x^T A x$. Next: [a Jacobian](more/jacobian.md).

        ```matderiv
        f: tr(X B X^T)
        wrt: X
        ```
        """,
    "more/jacobian.md": """\
        # A Jacobian

        ```matderiv
        f: A X B
        wrt: X
        ```

        ```matderiv
        f: A x
        wrt: x
        shapes:
          A: m x n
          x: k
        ```
        """,
    "plain.md": "# No math here\n",
}


def _check(report: dict) -> None:
    assert report["total"] > 0
    assert report["untypeset"] == []
    assert report["errors"] == []
    assert report["twice"] == []
    assert report["outside"] == []
    # the mkdocs theme's base.js fails on its search dialog when the search plugin is off
    assert [e for e in report["pageErrors"] if "/js/base.js" not in e] == []


@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs", "material"])
@pytest.mark.parametrize("math", ["auto", "katex"])
def test_only_the_plugin_typesets_every_formula_on_any_theme(build_site, serve, look, theme, math):
    offline = "  font: false\n" if theme == "material" else "  highlightjs: false\n"   # no CDN
    config = f"theme:\n  name: {theme}\n{offline}"
    config += "plugins:\n  - matderiv" + (f":\n      math: {math}\n" if math != "auto" else "\n")
    site = build_site(PAGES, config=config)
    assert len(site.warnings) == 1                   # the bad block, and nothing else
    licence = "mathjax/mathjax/LICENSE" if math == "auto" else "katex/LICENSE"
    assert (site.site_dir / "assets/matderiv" / licence).is_file()
    assert "mathjax-loader" not in site.page("plain/index.html")
    with serve(site.site_dir) as base:
        home, jacobian = look(base), look(base + "more/jacobian/")
    _check(home)
    _check(jacobian)
    assert home["derivations"] == 1 and jacobian["derivations"] == 1
    assert jacobian["errorBoxes"] == 1


LONG = {"index.md": """\
    # Long lines

    ```matderiv
    f: ||X w - y||^2 + lambda w^T w
    wrt: w
    shapes:
      lambda: scalar
    ```

    ```matderiv
    f: tr(A X B X^T C) + ln|X^T X|
    wrt: X
    ```
    """}


@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs", "material"])
def test_on_a_phone_the_steps_keep_matderivs_layout_and_no_display_is_cut_off(build_site, serve, look,
                                                                              theme):
    offline = "  font: false\n" if theme == "material" else "  highlightjs: false\n"
    site = build_site(LONG, config=f"theme:\n  name: {theme}\n{offline}plugins:\n  - matderiv\n")
    assert (site.site_dir / "assets/matderiv/matderiv.css").is_file()
    with serve(site.site_dir) as base:
        phone = look(base, width=412)
    _check(phone)
    assert phone["derivations"] == 2
    assert phone["steps"] >= 2 and phone["gridSteps"] == phone["steps"]
    assert phone["wide"] == []


def test_material_instant_navigation_typesets_each_new_page(build_site, serve, browser):
    site = build_site(PAGES, config="theme:\n  name: material\n  font: false\n  features:\n"
                                    "    - navigation.instant\nplugins:\n  - matderiv\n")
    with serve(site.site_dir) as base:
        page = browser.new_page()
        page.goto(base, wait_until="load")
        page.wait_for_function(TYPESET, timeout=90_000)
        page.click("article a[href*=jacobian]")
        page.wait_for_url("**/more/jacobian/")
        page.wait_for_function(TYPESET, timeout=90_000)
        report = page.evaluate(REPORT)
        page.close()
    assert report["untypeset"] == [] and report["twice"] == [] and report["errors"] == []
    assert report["derivations"] == 1


def test_the_sites_own_mathjax_is_used_and_nothing_typesets_twice(build_site, serve, look):
    config = """\
        theme:
          name: material
          font: false
        plugins:
          - matderiv
        markdown_extensions:
          - pymdownx.arithmatex:
              generic: true
        extra_javascript:
          - javascripts/mathjax.js
          - javascripts/tex-svg-full.js
        """
    site = build_site({**PAGES, "javascripts/mathjax.js": SITE_MATHJAX}, config=config)
    shutil.copy(assets.MATHJAX_JS, site.root / "docs/javascripts")
    site = build_site({**PAGES, "javascripts/mathjax.js": SITE_MATHJAX}, config=config)
    assert sorted(p.name for p in (site.site_dir / "assets/matderiv").iterdir()) == ["matderiv.css"]
    with serve(site.site_dir) as base:
        home = look(base)
    _check(home)
    assert home["mathScripts"] == 2                 # the site's config and bundle, not ours


def test_an_explicit_library_beside_the_sites_own_is_a_warning(build_site):
    site = build_site(PAGES, config="""\
        plugins:
          - matderiv:
              math: katex
        extra_javascript:
          - https://unpkg.com/mathjax@3/es5/tex-mml-chtml.js
        """)
    assert any("typeset twice" in w for w in site.warnings)


def test_math_none_serves_nothing(build_site):
    site = build_site(PAGES, config="plugins:\n  - matderiv:\n      math: none\n")
    assert sorted(p.name for p in (site.site_dir / "assets/matderiv").iterdir()) == ["matderiv.css"]
    assert "loader.js" not in site.page("index.html")


# mkdocs-material's documented MathJax configuration (docs/reference/math.md)
SITE_MATHJAX = """\
    window.MathJax = {
      tex: {inlineMath: [["\\\\(", "\\\\)"]], displayMath: [["\\\\[", "\\\\]"]],
            processEscapes: true, processEnvironments: true},
      options: {ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex"}
    };
    """
