"""Fixtures for the report tests: the hand-made surveys (:mod:`report_sample`) and Chromium.

Browser tests need Debian's ``/usr/bin/chromium`` and the playwright package (never a downloaded
browser); without them they skip locally and fail on CI (``CI=true``).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from report_sample import GENERATED_AT, make_reports

from analysis.report import SurveyReport, build_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture
def reports() -> list[SurveyReport]:
    """Two surveys; the second has a hostile title (fresh frames for every test)."""
    return make_reports()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test site, built once per session."""
    out = tmp_path_factory.mktemp("site")
    build_site(make_reports(), out, generated_at=GENERATED_AT)
    return out


# --- browser -------------------------------------------------------------------------------


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run on CI: {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by playwright (no downloaded browser)."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    with sync_playwright() as playwright:
        try:
            instance = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000
            )
        except Error as error:
            _unavailable(f"{CHROMIUM} did not start: {error}")
        yield instance
        instance.close()


@dataclass
class PageCheck:
    """What happened while a page loaded in the browser."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    charts: int = 0
    charts_state: str | None = None
    sliders_state: str | None = None
    overflow_px: int = 0
    tick_texts: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    interaction: Any = None

    def assert_loaded_offline(self) -> None:
        """No console or page error, no request off the page, no alert() fired, charts ready."""
        assert self.console_errors == []
        assert self.page_errors == []
        assert self.requests == [], "the page must not fetch anything"
        assert self.dialogs == [], "an alert() payload from a label fired"
        assert self.charts_state == "ready"


class _Pages:
    """Open file:// pages in a browser and collect what happened (see :func:`open_page`)."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.contexts: list[Any] = []

    def start(self, path: Path, *, width: int = 1280, height: int = 900) -> tuple[Any, PageCheck]:
        """Begin loading ``path``; the browser goes on while the caller starts another page."""
        check = PageCheck()
        context = self.browser.new_context(viewport={"width": width, "height": height})
        self.contexts.append(context)
        page = context.new_page()

        def _route(route: Any) -> None:
            if route.request.url.startswith(("file:", "data:")):
                route.continue_()
            else:
                route.abort()

        def _dialog(dialog: Any) -> None:
            check.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("console", lambda m: check.console_errors.append(m.text) if m.type == "error"
                else None)
        page.on("pageerror", lambda e: check.page_errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(("file:", "data:"))
                else check.requests.append(r.url))
        page.on("dialog", _dialog)
        page.route("**/*", _route)
        page.goto(path.resolve().as_uri(), wait_until="commit")
        return page, check

    def finish(
        self,
        page: Any,
        check: PageCheck,
        *,
        shot: str,
        interact: Callable[[Any], Any] | None = None,
        full_page: bool = True,
    ) -> PageCheck:
        """Wait for the page's charts (or sliders), measure it, screenshot it and close it."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        page.wait_for_load_state("load")
        with contextlib.suppress(PlaywrightTimeout):  # report what rendered, not a timeout
            page.wait_for_function(
                "['data-charts', 'data-sliders']"
                ".some(a => document.documentElement.getAttribute(a) !== null)",
                timeout=20_000,
            )
        check.charts_state = page.evaluate("document.documentElement.getAttribute('data-charts')")
        check.sliders_state = page.evaluate("document.documentElement.getAttribute('data-sliders')")
        check.charts = page.evaluate(
            "Array.from(document.querySelectorAll('.js-plotly-plot'))"
            ".filter(el => el.querySelector('svg.main-svg')).length"
        )
        check.overflow_px = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        check.tick_texts = page.evaluate(
            "Array.from(document.querySelectorAll('.js-plotly-plot .ytick text'))"
            ".map(el => el.textContent)"
        )
        if interact is not None:  # e.g. hover a bar; its result is kept for the test
            check.interaction = interact(page)
        check.screenshot = ARTIFACTS / f"{shot}.png"
        page.screenshot(path=str(check.screenshot), full_page=full_page)
        self.contexts.remove(page.context)
        page.context.close()
        return check

    def open(self, path: Path, *, shot: str, width: int = 1280, height: int = 900,
             interact: Callable[[Any], Any] | None = None, full_page: bool = True) -> PageCheck:
        page, check = self.start(path, width=width, height=height)
        return self.finish(page, check, shot=shot, interact=interact, full_page=full_page)

    def open_many(self, paths: list[Path], *, shot: Callable[[Path], str], at_once: int = 3,
                  full_page: bool = False) -> Iterator[tuple[Path, PageCheck]]:
        """Open ``paths`` a few at a time, so Chromium loads one while another is measured."""
        for first in range(0, len(paths), at_once):
            batch = [(path, *self.start(path)) for path in paths[first:first + at_once]]
            for path, page, check in batch:
                yield path, self.finish(page, check, shot=shot(path), full_page=full_page)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., PageCheck]]:
    """Open a file:// page and report errors, outgoing requests, dialogs and rendered charts.

    Any request that is not ``file:`` or ``data:`` is recorded and aborted; every dialog (an
    ``alert()`` payload firing) is recorded and dismissed. ``interact(page)`` runs after the
    charts (or the slider page's ranking) are drawn. A screenshot (the full page, or the first
    screen with ``full_page=False``) goes to ``tests/artifacts/<shot>.png``.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pages = _Pages(browser)
    yield pages.open
    pages.close()


@pytest.fixture
def open_pages(browser: Any) -> Iterator[_Pages]:
    """Like :func:`open_page` for many pages: ``open_pages.open_many(paths, shot=...)``."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pages = _Pages(browser)
    yield pages
    pages.close()
