"""A partner of 3 responses: its counts are suppressed on every page and language, as in the downloads."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import openpyxl
import pytest
from sample_project import regional_project

from analysis.cli import main
from analysis.report.i18n import available_languages

PARTNER = "BG"
#: Its three responses: a test run, one never submitted, one kept.
KEEP = {"2", "71", "9"}
MARK = "\u2013"


def _small_partner_project(root: Path) -> Path:
    """The regional sample with all but three of the Bulgarian responses dropped."""
    def fewer(rows: list[list[str]]) -> list[list[str]]:
        country = rows[0].index("COUNTRY")
        return [rows[0]] + [
            row for row in rows[1:]
            if not (len(row) > country and row[country] == PARTNER and row[0] not in KEEP)
        ]

    return regional_project(root, rows=fewer)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _small_partner_project(tmp_path_factory.mktemp("disclosure"))
    assert main(["--root", str(root), "run"]) == 0  # every language with a catalogue
    return root / "reports"




def _text(page: Path) -> str:
    """The page's words: scripts and styles dropped, tags stripped, spaces collapsed."""
    source = page.read_text("utf-8")
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", source)))


def _table_rows(page: Path) -> list[list[str]]:
    """Every table row of the page as its cells' text."""
    source = page.read_text("utf-8")
    rows = []
    for row in re.findall(r"<tr\b.*?</tr>", source, flags=re.S):
        cells = re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells])
    return rows


def _partner_rows(small: Path) -> list[dict[str, str]]:
    with (small / "downloads" / "regional" / "cleaning_funnel_by_partner.csv").open(encoding="utf-8") as f:
        return [row for row in csv.DictReader(f) if row["partner"] == PARTNER]


def test_downloads_suppress_the_partner(small) -> None:
    rows = _partner_rows(small)
    steps = {row["step"]: row for row in rows}
    assert {"raw", "test_response", "incomplete", "kept"} <= set(steps)
    for step in ("raw", "test_response", "incomplete", "kept"):
        assert steps[step]["n"] == "" and steps[step]["suppressed"] == "True"
    book = openpyxl.load_workbook(small / "downloads" / "regional" / "cleaning_funnel_by_partner.xlsx")
    sheet = book.active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    for values in sheet.iter_rows(min_row=2, values_only=True):
        row = dict(zip(header, values, strict=True))
        if row["partner"] == PARTNER and row["step"] in ("raw", "test_response", "incomplete", "kept"):
            assert row["n"] in (None, ""), row


def test_no_page_shows_the_partner_counts(small) -> None:
    cleaning = [small / "regional-cleaning.html"] + [
        small / lang / "regional-cleaning.html" for lang in available_languages() if lang != "en"
    ]
    pages = sorted(small.rglob("*.html"))
    assert len(cleaning) >= 4 and all(page in pages for page in cleaning)
    for page in cleaning:
        partner = [row for row in _table_rows(page) if row and row[0].endswith(PARTNER)]
        assert len(partner) == 1, page  # the funnel table has the partner's row...
        received, *rules, kept, share = partner[0][1:]
        assert received == kept == share == MARK, (page, partner)  # ...with its counts suppressed
        assert rules.count(MARK) == 2 and set(rules) == {MARK, "0"}, (page, partner)
        text = _text(page)
        assert MARK in text
        assert "2 of 3 responses" not in text  # the warning keeps its counts to itself
        assert re.search(r"\bBulgaria\b[^.]*\b3\b[^.]*\b1\b", text) is None
        chart = page.read_text("utf-8")
        # the funnel chart's hover texts (partners named in the page's language)...
        assert ("\\u003cb\\u003eSpain" if page.parent == small else "\\u003cb\\u003e") in chart
        assert "\\u003cb\\u003eBulgaria\\u003c/b\\u003e" not in chart  # ...have no bar of the partner
        in_note = re.search(r"\(number of responses suppressed\):[^.]*Bulgaria", text)
        assert in_note or page.parent != small  # the English words of the note
    for page in pages:
        text = _text(page)
        # the group of one kept respondent: its size is on no page
        assert not re.search(r"(Bulgaria|България) \(n = \d", text), page
        assert "Respondents in this group: 1 " not in text, page
