"""Fixtures for the tests that look at pages in a real browser (import them by name)."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest

CHROMIUM = os.environ.get("MATDERIV_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

TYPESET = """
() => {
  const all = Array.from(document.querySelectorAll('.arithmatex'));
  const done = e => e.querySelector('mjx-container, .katex');
  return all.length > 0 && all.every(done);
}
"""

REPORT = """
() => {
  const all = Array.from(document.querySelectorAll('.arithmatex'));
  const text = e => e.textContent.slice(0, 100);
  return {
    total: all.length,
    untypeset: all.filter(e => !e.querySelector('mjx-container, .katex')).map(text),
    twice: all.filter(e => e.querySelectorAll('mjx-container, .katex').length > 1).map(text),
    errors: all.filter(e => e.querySelector('mjx-merror, [data-mjx-error], .katex-error')).map(text),
    errorBoxes: document.querySelectorAll('.matderiv-error').length,
    derivations: document.querySelectorAll('.matderiv').length,
    mathScripts: Array.from(document.scripts).map(s => s.src)
                     .filter(s => /mathjax|katex|tex-svg/i.test(s)).length,
    // displays wider than their box or reaching past their derivation (cut off on a phone)
    wide: Array.from(document.querySelectorAll('.matderiv')).flatMap(block => {
      const right = block.getBoundingClientRect().right;
      return Array.from(block.querySelectorAll('mjx-container[display="true"], .katex-display'))
        .filter(d => d.scrollWidth > d.clientWidth + 2 || d.getBoundingClientRect().right > right + 2)
        .map(text);
    }),
    // step rows laid out by matderiv.css (a grid), not stacked as the theme's plain divs
    steps: document.querySelectorAll('.matderiv-steps').length,
    gridSteps: Array.from(document.querySelectorAll('.matderiv-steps'))
                    .filter(e => getComputedStyle(e).display === 'grid').length,
  };
}
"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """``with served(folder) as base_url:`` a static server on 127.0.0.1."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def serve() -> Callable[[Path], AbstractContextManager[str]]:
    """``served`` as a fixture, for the tests that build their own sites."""
    return served


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's), skipped only where it is absent and not required."""
    if not shutil.which(CHROMIUM) and not os.environ.get("MATDERIV_REQUIRE_BROWSER"):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def look(browser) -> Callable[[str], dict]:
    """``look(url, width=1280)``: open a page offline (anything not on 127.0.0.1 is refused) in
    a window ``width`` px wide, wait for its math, and report what is typeset and how it is
    laid out; also ``outside`` (refused URLs) and ``pageErrors`` (with their stacks)."""
    def _look(url: str, width: int = 1280) -> dict:
        context = browser.new_context(viewport={"width": width, "height": 900})
        outside: list[str] = []
        context.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
                      if not route.request.url.startswith("http://127.0.0.1") else route.continue_())
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(f"{exc}\n{exc.stack}"))
        page.goto(url, wait_until="load")
        with contextlib.suppress(Exception):
            page.wait_for_function(TYPESET, timeout=90_000)
        page.wait_for_timeout(300)         # a second typesetting pass would show by now
        report = page.evaluate(REPORT)
        context.close()
        return {**report, "outside": outside, "pageErrors": errors}
    return _look
