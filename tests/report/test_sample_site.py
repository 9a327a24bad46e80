"""The site `skillsneeds run` builds from the bundled sample, opened in real headless Chromium."""

from __future__ import annotations

import re

import pandas as pd
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
    # index: one chart per survey; a survey page: overall + one per group of each scope + the themes
    # of the open answers (the interviews' are suppressed: four notes, under min_group_n)
    assert expected == {"index.html": 2, "sector.html": 1 + 5 + 5 + 1, "regional.html": 1 + 6 + 1}[page_name]
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


def test_sample_priorities_page_and_slider_page(sample_project, open_page):
    """The pipeline's priorities reach the report: cards for every scope, the winner first."""
    reports = sample_project / "reports"
    for page in ("index.html", "sector.html"):
        assert 'href="sector-priorities.html"' in (reports / page).read_text("utf-8")
    # the regional survey ranks its own candidates, three shared with the sector survey
    index = (reports / "index.html").read_text("utf-8")
    assert 'href="regional-priorities.html"' in index and 'href="consortium.html"' in index
    consortium = (reports / "consortium.html").read_text("utf-8")
    assert "Digital monitoring of environmental performance" in consortium
    path = reports / "sector-priorities.html"
    html = path.read_text("utf-8")
    assert "Energy, carbon and environmental reporting for SMEs" in html
    assert html.count("Council Recommendation") >= 1
    result = open_page(path, shot="sample-sector-priorities")
    result.assert_loaded_offline()
    assert result.charts == _charts_written(html) == 12 * 11  # a criteria chart per card, 11 groups
    sliders = open_page(reports / "sector-sliders.html", shot="sample-sector-sliders")
    assert sliders.page_errors == [] and sliders.requests == []
    order = re.findall(r'<tr data-id="([a-z0-9_]+)">', (reports / "sector-sliders.html").read_text("utf-8"))
    table = pd.read_csv(sample_project / "data/processed/sector/results/priorities.csv")
    overall = table[table["scope"] == "overall"].sort_values("rank")
    assert order == list(overall["microcredential_id"]) and order[0] == "energy_carbon_reporting"


@pytest.mark.parametrize("name", [
    "sector-sliders.html", "sector-priorities.html", "sector-sector-const.html",
    "bg/sector-sector-const.html", "fi/sector-priorities.html",
])
def test_sample_pages_on_a_phone(sample_project, open_page, name: str):
    """Phone views (390 x 844, screenshots kept): no word split across lines, no bar label over a
    skill name."""
    from phone import PHONE, label_overlaps, split_words

    result = open_page(sample_project / "reports" / name,
                       shot="sample-phone-" + name.removesuffix(".html").replace("/", "-"),
                       interact=lambda page: (split_words(page), label_overlaps(page)), **PHONE)
    assert result.page_errors == [] and result.console_errors == []
    split, overlaps = result.interaction
    assert split == []
    assert overlaps == []
