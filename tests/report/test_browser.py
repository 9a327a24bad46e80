"""The report in real headless Chromium from file://: renders offline, no errors, no XSS."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from report_sample import EXPECTED_CHARTS, XSS_SKILL

pytestmark = pytest.mark.browser


def _charts_written(path: Path) -> int:
    return len(re.findall(r'<script type="application/json" class="chart-data"',
                          path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("page_name", sorted(EXPECTED_CHARTS))
def test_page_renders_offline_without_errors(site: Path, open_page, page_name: str):
    path = site / page_name
    result = open_page(path, shot=page_name.removesuffix(".html"))
    result.assert_loaded_offline()
    assert result.charts == _charts_written(path) == EXPECTED_CHARTS[page_name]
    assert result.screenshot is not None and result.screenshot.stat().st_size > 0


def _hover_xss_bar(page) -> str:
    # Overall ranking is S1, S4, S2 (the <script> label), S3: hover the third bar.
    bar = page.locator("#chart-sector-overall .trace.bars .point").nth(2)
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # drag layer on top
    page.wait_for_selector("#chart-sector-overall .hoverlayer .hovertext")
    return page.text_content("#chart-sector-overall .hoverlayer .hovertext")


def test_hostile_labels_show_as_text_in_charts(site: Path, open_page):
    result = open_page(site / "sector.html", shot="sector-hover", interact=_hover_xss_bar)
    assert result.dialogs == []
    assert XSS_SKILL in result.tick_texts  # shown literally, not run or swallowed
    assert '"quotes" & ampersands' in result.tick_texts
    assert result.interaction.startswith(XSS_SKILL + "Digital")  # hover: label, skill group
    assert "Importance 4.10" in result.interaction and "n = 25" in result.interaction


def test_readable_on_a_phone(site: Path, open_page):
    for name in ("index.html", "sector.html"):
        result = open_page(site / name, shot=f"{name.removesuffix('.html')}-phone",
                           width=390, height=844)
        assert result.page_errors == [] and result.console_errors == []
        assert result.charts == EXPECTED_CHARTS[name]
        assert result.overflow_px <= 0, f"{name} scrolls sideways on a phone"
