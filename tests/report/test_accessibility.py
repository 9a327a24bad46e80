"""WCAG 2.1 A and AA on the sample's site: axe-core (from npm, see package.json) in headless Chromium.

axe-core is installed by ``npm ci`` (``make test`` runs it when node_modules/ is missing); without
it these tests fail rather than skip, so an accessibility check can never pass unnoticed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analysis.report.i18n import available_languages

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: One page of every kind the site has (the sector survey has priorities and sliders).
PAGE_KINDS = {
    "index": "index.html",
    "survey": "sector.html",
    "group": "sector-country-be.html",
    "cleaning": "sector-cleaning.html",
    "priorities": "sector-priorities.html",
    "sliders": "sector-sliders.html",
    "methods": "methods.html",
}
#: Languages whose every page is checked (the others: one page of each kind).
EVERY_PAGE_LANGUAGES = ("en", "bg")
SHOWN_NODES = 3


def axe_script(path: Path = AXE) -> str:
    """The text of axe.min.js; a test failure (never a skip) naming the install when it is missing."""
    if not path.is_file():
        pytest.fail(
            f"axe-core is missing ({path} not found): run `npm ci` in the repository root "
            "(make test does it), node and npm are needed", pytrace=False,
        )
    return path.read_text("utf-8")


def site_folder(reports: Path, lang: str) -> Path:
    """The folder of one language's pages: English at the top, the others under reports/<lang>/."""
    return reports if lang == "en" else reports / lang


class Auditor:
    """One browser page that opens the site's pages offline and runs axe on each (results kept)."""

    def __init__(self, browser: Any, script: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.route("**/*", lambda route: route.continue_()
                        if route.request.url.startswith(("file:", "data:")) else route.abort())
        self.script = script
        self.done: dict[Path, list[dict[str, Any]]] = {}

    def violations(self, path: Path) -> list[dict[str, Any]]:
        """axe's WCAG 2.1 A/AA violations on ``path`` once its charts (or sliders) are drawn."""
        path = path.resolve()
        if path not in self.done:
            self.page.goto(path.as_uri(), wait_until="load")
            self.page.wait_for_function(
                "['data-charts', 'data-sliders']"
                ".some(a => document.documentElement.getAttribute(a) !== null)",
                timeout=30_000,
            )
            self.page.add_script_tag(content=self.script)
            self.done[path] = self.page.evaluate(
                """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                              resultTypes: ['violations']})
                    .then(result => result.violations.map(v => ({
                        id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.map(n => n.target.join(' '))})))""",
                WCAG_TAGS,
            )
        return self.done[path]

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def auditor(browser: Any) -> Iterator[Auditor]:
    script = axe_script()
    auditor = Auditor(browser, script)
    yield auditor
    auditor.close()


def describe(found: dict[str, list[dict[str, Any]]]) -> str:
    """One line per violation: rule id, impact, page and the first nodes' selectors."""
    lines = []
    for page, violations in found.items():
        for v in violations:
            shown = ", ".join(v["nodes"][:SHOWN_NODES])
            more = f" (+{len(v['nodes']) - SHOWN_NODES} more)" if len(v["nodes"]) > SHOWN_NODES else ""
            lines.append(f"{v['id']} [{v['impact']}] on {page}: {v['help']}; {shown}{more}")
    return "\n".join(lines)


def _audit(auditor: Auditor, reports: Path, pages: list[Path]) -> None:
    found = {str(p.relative_to(reports)): auditor.violations(p) for p in pages}
    found = {page: violations for page, violations in found.items() if violations}
    assert not found, "WCAG 2.1 A/AA violations found by axe-core:\n" + describe(found)


def test_axe_is_installed_or_the_suite_fails(tmp_path):
    with pytest.raises(pytest.fail.Exception, match=r"axe-core is missing .*npm ci"):
        axe_script(tmp_path / "axe.min.js")


def test_violations_are_listed_with_rule_impact_page_and_nodes():
    found = {"bg/index.html": [{"id": "nested-interactive", "impact": "serious", "help": "No nesting",
                                "nodes": ["#a", "#b", "#c", "#d"]}]}
    assert describe(found) == (
        "nested-interactive [serious] on bg/index.html: No nesting; #a, #b, #c (+1 more)"
    )


def test_the_sample_site_has_every_language_with_a_catalogue(sample_project):
    reports = sample_project / "reports"
    for lang in available_languages():
        for name in PAGE_KINDS.values():
            assert (site_folder(reports, lang) / name).is_file(), f"{lang}: {name} missing"


def test_tables_scroll_by_keyboard_and_have_no_empty_header(sample_project):
    """Without a browser: every table region is focusable and named, no header cell is empty."""
    reports = sample_project / "reports"
    for lang in EVERY_PAGE_LANGUAGES:
        for path in sorted(site_folder(reports, lang).glob("*.html")):
            html = path.read_text("utf-8")
            for wrap in re.findall(r'<div class="table-wrap"[^>]*>', html):
                assert 'role="region"' in wrap and 'tabindex="0"' in wrap, (path.name, wrap)
                assert re.search(r'aria-label="[^"]*\w[^"]*"', wrap), (path.name, wrap)
            assert not re.search(r"<th\b[^>]*>\s*</th>", html), f"{path.name}: an empty <th>"
            assert 'class="chart" role="img"' not in html, f"{path.name}: a chart hides its controls"
            for table in re.findall(r'aria-describedby="([^"]+)-link"', html):
                assert f'id="{table}-link" href="#{table}"' in html, (path.name, table)
                assert f'id="{table}"' in html, f"{path.name}: the data table {table} is missing"
    # the charts with a data table beside them link to it
    html = (reports / "sector-country-be.html").read_text("utf-8")
    assert html.count('<p class="table-link">') == html.count('<details class="data-table"') > 0


@pytest.mark.browser
@pytest.mark.parametrize("lang", available_languages())
def test_every_page_kind_meets_wcag_21_aa(sample_project, auditor, lang):
    reports = sample_project / "reports"
    folder = site_folder(reports, lang)
    _audit(auditor, reports, [folder / name for name in PAGE_KINDS.values()])


@pytest.mark.browser
@pytest.mark.parametrize("lang", EVERY_PAGE_LANGUAGES)
def test_every_page_meets_wcag_21_aa(sample_project, auditor, lang):
    reports = sample_project / "reports"
    pages = sorted(site_folder(reports, lang).glob("*.html"))
    assert len(pages) > len(PAGE_KINDS)
    _audit(auditor, reports, pages)
