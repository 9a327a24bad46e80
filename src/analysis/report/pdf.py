"""The PDF edition of the report: every page of the site printed by headless Chromium.

The pages print through their own print stylesheet (``@media print`` and ``@page`` in
``style.css``): A4 with 15 mm margins, one column, every data table and card open, the colours
that carry meaning kept. Each page is printed once its charts are drawn and fitted to the page.

With the playwright package installed, the browser is driven through it (the page waits for
``data-charts`` and for the charts to be refitted after the tables open); without it,
Chromium's own ``--headless --print-to-pdf`` command line prints the page after a fixed budget of
virtual time, in which the charts are drawn and ``@media print`` shows closed tables open.

English pages go into ``<site>/pdf/en/``, the others into ``<site>/pdf/<lang>/``, one PDF per page
(``group-sector-bg.html`` becomes ``group-sector-bg.pdf``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from analysis.errors import ToolError
from analysis.report.model import FIELDWORK_SUFFIX

__all__ = ["BROWSER_NAMES", "PDF_FOLDER", "find_browser", "print_pages", "print_site"]

#: The folder of the PDF edition inside the site folder.
PDF_FOLDER = "pdf"
#: Browser commands looked up on PATH, in this order.
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Where Debian puts Chromium when PATH does not hold it.
_KNOWN_PATHS = (Path("/usr/bin/chromium"), Path("/usr/bin/chromium-browser"))
#: A4 less two 15 mm margins, in CSS pixels: the width the charts are laid out at.
_PRINT_WIDTH_PX = 680
_CHART_TIMEOUT_MS = 60_000
_ARGS = (
    "--headless=new", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
)


def find_browser(environ: dict[str, str] | None = None) -> Path:
    """The Chromium (or Chrome) that prints the PDF edition.

    ``SKILLSNEEDS_BROWSER`` names one explicitly; otherwise the first of :data:`BROWSER_NAMES`
    on ``PATH``, then Debian's ``/usr/bin/chromium``.

    Raises
    ------
    ToolError
        When none is found, naming what to install.
    """
    environ = dict(os.environ if environ is None else environ)
    named = environ.get("SKILLSNEEDS_BROWSER")
    if named:
        found = shutil.which(named, path=environ.get("PATH"))
        if found:
            return Path(found)
        raise ToolError(
            f"SKILLSNEEDS_BROWSER={named}: no such program; give the path of Chromium or Chrome, "
            "or unset it to look for chromium on PATH"
        )
    for name in BROWSER_NAMES:
        found = shutil.which(name, path=environ.get("PATH"))
        if found:
            return Path(found)
    for path in _KNOWN_PATHS:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    raise ToolError(
        "the PDF edition needs Chromium or Chrome, and none was found (looked for "
        f"{', '.join(BROWSER_NAMES)} on PATH); install it (Debian/Ubuntu: apt-get install chromium) "
        "or set SKILLSNEEDS_BROWSER to its path; the HTML site was written"
    )


def _site_pages(site: Path, languages: Sequence[str]) -> list[tuple[str, Path]]:
    """The pages of the PDF edition: every page of the site but the internal fieldwork pages."""
    pages = []
    for lang in languages:
        folder = site if lang == "en" else site / lang
        pages += [(lang, page) for page in sorted(folder.glob("*.html"))
                  if not page.name.endswith(f"{FIELDWORK_SUFFIX}.html")]
    return pages


def print_site(
    site: Path,
    languages: Sequence[str],
    *,
    browser: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Print every page of the site in ``languages`` into ``site/pdf/<lang>/<page>.pdf``.

    Raises
    ------
    ToolError
        When no browser is found, or the browser fails on a page (naming the page).
    """
    site = Path(site)
    browser = browser or find_browser()
    jobs = [
        (page, site / PDF_FOLDER / lang / page.with_suffix(".pdf").name)
        for lang, page in _site_pages(site, languages)
    ]
    if progress:
        progress(f"pdf: printing {len(jobs)} page(s) with {browser}")
    return print_pages(jobs, browser=browser)


def print_pages(jobs: Sequence[tuple[Path, Path]], *, browser: Path | None = None) -> list[Path]:
    """Print each ``(html page, pdf file)`` pair; returns the PDF files.

    Raises
    ------
    ToolError
        When no browser is found, or the browser fails on a page (naming the page).
    """
    browser = browser or find_browser()
    for _, pdf in jobs:
        pdf.parent.mkdir(parents=True, exist_ok=True)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        for page, pdf in jobs:
            _print_command_line(browser, page, pdf)
    else:
        _print_playwright(browser, jobs)
    return [pdf for _, pdf in jobs]


def _sandbox_args() -> list[str]:
    return ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def _print_playwright(browser: Path, jobs: Sequence[tuple[Path, Path]]) -> None:
    # in a thread of its own: playwright's sync API refuses a thread that already runs an event
    # loop (a notebook, or a caller driving its own browser)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_print_in_thread, browser, jobs).result()


def _print_in_thread(browser: Path, jobs: Sequence[tuple[Path, Path]]) -> None:
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            instance = playwright.chromium.launch(
                executable_path=str(browser), args=[*_ARGS, *_sandbox_args()], timeout=_CHART_TIMEOUT_MS
            )
        except Error as error:
            raise ToolError(f"{browser} did not start: {' '.join(str(error).split())[:300]}") from error
        try:
            context = instance.new_context(viewport={"width": _PRINT_WIDTH_PX, "height": 1000})
            for html, pdf in jobs:
                page = context.new_page()
                try:
                    page.goto(html.resolve().as_uri(), wait_until="load")
                    page.wait_for_function(
                        "document.documentElement.hasAttribute('data-charts')"
                        " || !document.querySelector('script.chart-data')", timeout=_CHART_TIMEOUT_MS
                    )
                    page.emulate_media(media="print")
                    # what the browser does before printing: open the tables, fit the charts
                    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
                    page.wait_for_function(
                        "!document.documentElement.hasAttribute('data-print')"
                        " || document.documentElement.getAttribute('data-print') === 'ready'",
                        timeout=_CHART_TIMEOUT_MS,
                    )
                    page.pdf(path=str(pdf), print_background=True, prefer_css_page_size=True)
                except Error as error:
                    raise ToolError(
                        f"{html}: {browser} could not print the page: {' '.join(str(error).split())[:300]}"
                    ) from error
                finally:
                    page.close()
        finally:
            instance.close()


def _print_command_line(browser: Path, html: Path, pdf: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="skillsneeds-pdf-") as profile:
        command = [
            str(browser), *_ARGS, *_sandbox_args(), f"--user-data-dir={profile}",
            f"--window-size={_PRINT_WIDTH_PX},1000", "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=20000", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
            html.resolve().as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise ToolError(f"{html}: {browser} could not print the page: {error}") from error
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        said = " ".join((done.stderr or "").split())[-300:]
        raise ToolError(f"{html}: {browser} could not print the page (exit status {done.returncode}): {said}")
