"""The report on a phone (390 x 844) in real Chromium: whole words, labels clear of skill names."""

from __future__ import annotations

from pathlib import Path

import pytest
from phone import PHONE, bar_labels, label_overlaps, split_words
from report_sample import GENERATED_AT, make_reports

from analysis.report import build_site

pytestmark = pytest.mark.browser


#: A skill name of long words (Finnish: circular-economy know-how in building automation systems).
LONG_WORDS = "Kiertotalousosaaminen rakennusautomaatioj\u00e4rjestelmiss\u00e4"


@pytest.fixture(scope="module")
def phone_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test site with a skill name of long words, and negative needs (proficiency above
    importance) in one group."""
    reports = make_reports()
    for report in reports:
        report.needs.loc[report.needs["skill_id"] == "S1", "skill_label"] = LONG_WORDS
    needs = reports[0].needs
    rows = (needs["scope"] == "country") & (needs["group"] == "AT")
    needs.loc[rows, "mwds"] = -needs.loc[rows, "mwds"].abs()
    out = tmp_path_factory.mktemp("phone-site")
    build_site(reports, out, generated_at=GENERATED_AT)
    return out


def test_negative_bar_labels_clear_the_skill_names(phone_site: Path, open_page):
    result = open_page(phone_site / "sector-country-at.html", shot="group-negative-phone",
                       interact=lambda page: (label_overlaps(page), bar_labels(page)), **PHONE)
    assert result.page_errors == [] and result.console_errors == []
    overlaps, labels = result.interaction
    assert any(label.startswith(("-", "\u2212")) for label in labels), "the group's needs are negative"
    assert overlaps == []


@pytest.mark.parametrize("name", ["sector.html", "sector-country-it.html", "sector-cleaning.html"])
def test_no_word_is_split_across_lines(phone_site: Path, open_page, name: str):
    assert LONG_WORDS in (phone_site / "sector.html").read_text(encoding="utf-8")
    result = open_page(phone_site / name, shot=f"{name.removesuffix('.html')}-phone-words",
                       interact=lambda page: (split_words(page), label_overlaps(page)), **PHONE)
    split, overlaps = result.interaction
    assert split == []
    assert overlaps == []
