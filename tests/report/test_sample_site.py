"""The site `skillsneeds run` builds from the bundled sample, opened in real headless Chromium."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def _charts_written(html: str) -> int:
    return len(re.findall(r'<script type="application/json" class="chart-data"', html))


@pytest.mark.parametrize("page_name", ["index.html", "sector.html", "regional.html"])
def test_sample_report_pages_load_offline_with_every_chart_drawn(sample_project, open_page, page_name):
    path = sample_project / "reports" / page_name
    html = path.read_text("utf-8")
    result = open_page(path, shot=f"sample-{page_name.removesuffix('.html')}")
    result.assert_loaded_offline()
    expected = _charts_written(html)
    # index: one chart per survey; a survey page: overall + one per group of each scope
    assert expected == {"index.html": 2, "sector.html": 1 + 5 + 5, "regional.html": 1 + 6}[page_name]
    assert result.charts == expected


def test_sector_page_shows_the_planted_construction_need(sample_project, open_page):
    path = sample_project / "reports" / "sector.html"
    html = path.read_text("utf-8")
    assert "Energy-efficient building / retrofitting" in html
    assert "Synthetic sample data" in html
    result = open_page(path, shot="sample-sector-phone", width=390, height=844)
    assert result.overflow_px <= 1, "the page scrolls sideways on a phone"


@pytest.mark.parametrize("survey", ["sector", "regional"])
def test_sample_cleaning_pages_load_offline_with_every_chart_drawn(sample_project, open_page, survey):
    path = sample_project / "reports" / f"{survey}-cleaning.html"
    html = path.read_text("utf-8")
    assert f'href="{survey}-cleaning.html"' in (sample_project / "reports" / "index.html").read_text("utf-8")
    assert f'href="{survey}-cleaning.html"' in (sample_project / "reports" / f"{survey}.html").read_text(
        "utf-8"
    )
    result = open_page(path, shot=f"sample-{survey}-cleaning")
    result.assert_loaded_offline()
    expected = _charts_written(html)
    assert expected >= 1  # the funnel; with missingness.csv also one chart per rating dimension
    assert result.charts == expected
    if survey == "sector":  # five partners x seven rules: the widest table
        phone = open_page(path, shot=f"sample-{survey}-cleaning-phone", width=390, height=844)
        assert phone.page_errors == [] and phone.overflow_px <= 1
