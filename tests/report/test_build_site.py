"""One page list: ``build_site`` writes the pages ``skillsneeds report`` renders through notebooks."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from report_sample import HIDDEN, XSS_GROUP, make_report, written_page

from analysis.config import loadable_surveys
from analysis.report import build_site
from analysis.report.assemble import survey_report
from analysis.report.i18n import available_languages
from analysis.store import has_results


def test_build_site_writes_the_pages_the_page_notebook_wrote(sample_project: Path, tmp_path: Path):
    configs = sorted(
        (c for c in loadable_surveys(sample_project) if has_results(c)), key=lambda c: c.name
    )
    reports = [survey_report(config) for config in configs]
    paths = build_site(
        reports, tmp_path, configs=configs, languages=available_languages(),
        min_group_n=min(c.analysis.min_group_n for c in configs),
    )
    site = sample_project / "reports"
    names = [path.name for path in paths]
    # the internal fieldwork pages are not part of the published site build_site writes
    published = {path.name for path in site.glob("*.html") if not path.name.endswith("-fieldwork.html")}
    assert set(names) == published
    assert len(names) > 20 and "methods.html" in names and "sector-country-bg.html" in names
    different = [name for name in names if (tmp_path / name).read_bytes() != (site / name).read_bytes()]
    assert different == []


def test_each_survey_pages_use_its_own_smallest_group(tmp_path: Path):
    """A survey with min_group_n 10 hides its group of 9 respondents; the other survey shows it."""
    strict = replace(make_report("strict"), min_group_n=10)
    paths = build_site([strict, make_report("plain")], tmp_path)
    escaped = XSS_GROUP.replace("<", "&lt;").replace(">", "&gt;")
    strict_page = written_page(paths, "strict.html").read_text("utf-8")
    plain_page = written_page(paths, "plain.html").read_text("utf-8")
    assert f"Not charted (fewer than 10 respondents, {HIDDEN}): {escaped} (n = 9)" in strict_page
    assert f"fewer than 5 respondents, {HIDDEN}): Italy (n = 3)" in plain_page
    assert f"{escaped} (n = 9)" not in plain_page
    group = written_page(paths, "strict-sector-e.html").read_text("utf-8")
    assert f"Not reported: fewer than 10 respondents in this group, {HIDDEN}." in group
    assert "Not reported: fewer than" not in written_page(paths, "plain-sector-e.html").read_text("utf-8")
