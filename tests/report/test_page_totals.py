"""On every kind of page of the sample site, the totals a page states agree with its tables.

A suppressed count shows as "–" (:data:`analysis.report.render.SUPPRESSED_MARK`): a line with a
suppressed cell cannot be summed, so it is checked as an inequality or skipped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis.report.render import SUPPRESSED_MARK


class _Page(HTMLParser):
    """A page's tables (caption, rows of cell texts) and its ``<dt>``/``<dd>`` figures, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self.figures: list[tuple[str, str]] = []
        self._stack: list[str] = []
        self._text: list[str] | None = None
        self._dt = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.tables.append({"caption": "", "rows": [], "footer": []})
        elif tag == "tr" and self.tables and "thead" not in self._stack:
            part = "footer" if "tfoot" in self._stack else "rows"
            self.tables[-1][part].append([])
        if tag in {"td", "th", "caption", "dt", "dd"}:
            self._text = []
        self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self._stack and self._stack.pop() != tag:
            pass
        if tag not in {"td", "th", "caption", "dt", "dd"} or self._text is None:
            return
        text = " ".join("".join(self._text).split())
        self._text = None
        if tag == "caption":
            self.tables[-1]["caption"] = text
        elif tag in {"td", "th"} and self.tables and "thead" not in self._stack:
            part = "footer" if "tfoot" in self._stack else "rows"
            if self.tables[-1][part]:
                self.tables[-1][part][-1].append(text)
        elif tag == "dt":
            self._dt = text
        elif tag == "dd":
            self.figures.append((self._dt, text))

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    return page


def _figure(page: _Page, name: str) -> int:
    values = [int(v) for dt, v in page.figures if dt == name]
    assert len(values) == 1, f"one {name!r} figure expected, found {values}"
    return values[0]


def _table(page: _Page, caption_start: str) -> dict:
    found = [t for t in page.tables if t["caption"].startswith(caption_start)]
    assert len(found) == 1, f"one table captioned {caption_start!r} expected"
    return found[0]


def _count(text: str) -> int | None:
    """A count cell as a number; None when suppressed."""
    return None if text == SUPPRESSED_MARK else int(text)


@pytest.fixture(scope="module")
def en(sample_project: Path) -> Path:
    return sample_project / "reports"


SURVEYS = ("sector", "regional")


def test_index_kept_agrees_with_each_survey_and_cleaning_page(en: Path) -> None:
    index = [int(v) for dt, v in _parse(en / "index.html").figures if dt == "Kept"]
    survey_kept = [_figure(_parse(en / f"{name}.html"), "Kept") for name in SURVEYS]
    cleaning_kept = [_figure(_parse(en / f"{name}-cleaning.html"), "Kept") for name in SURVEYS]
    assert sorted(index) == sorted(survey_kept) == sorted(cleaning_kept)


@pytest.mark.parametrize("name", SURVEYS)
def test_survey_page_totals(en: Path, name: str) -> None:
    path = en / f"{name}.html"
    page, text = _parse(path), path.read_text("utf-8")
    kept = _figure(page, "Kept")
    funnel = _table(page, "Cleaning: responses excluded, by rule")
    assert [row[-1] for row in funnel["footer"]] == [str(kept)]
    excluded = [_count(row[-1]) for row in funnel["rows"]]
    shown = sum(n for n in excluded if n is not None)
    if None in excluded:  # suppressed rule counts hide the rest of the exclusions
        assert shown < _figure(page, "Responses") - kept
    else:
        assert shown == _figure(page, "Responses") - kept
    assert f"All {kept} kept respondents;" in text
    # every chart's n counts respondents with both ratings of a skill: never more than were kept
    charted = [int(n) for n in re.findall(r"\(n = (\d+) with both ratings", text)]
    assert charted and max(charted) <= kept


@pytest.mark.parametrize("name", SURVEYS)
def test_cleaning_page_funnel_adds_up(en: Path, name: str) -> None:
    page = _parse(en / f"{name}-cleaning.html")
    raw, kept, excluded = (_figure(page, f) for f in ("Responses", "Kept", "Excluded"))
    assert raw - excluded == kept
    rules = _table(page, "Cleaning rules:")
    assert rules["footer"] == [["Kept for analysis", str(kept)]]
    partners = _table(page, "Responses per partner:")
    summed = 0
    for row in partners["rows"] + partners["footer"]:
        cells = [_count(c) for c in row[1:-1]]
        received, by_rule, kept_here = cells[0], cells[1:-1], cells[-1]
        if received is not None and kept_here is not None:
            # received - excluded by each rule = kept; a suppressed count is never 0
            hidden = received - sum(n for n in by_rule if n is not None) - kept_here
            suppressed = by_rule.count(None)
            assert hidden == 0 if not suppressed else hidden >= suppressed, row
            summed += 1
        if row[0] == "All partners":
            assert (received, kept_here) == (raw, kept)
            rule_counts = [_count(r[-1]) for r in rules["rows"]]
            assert by_rule == rule_counts
    assert summed >= 2, "too few partner rows with their received and kept shown"


def _group_pages(en: Path) -> list[Path]:
    return sorted(p for name in SURVEYS for p in en.glob(f"{name}-*-*.html"))


def test_group_pages_state_their_kept_respondents_as_who_answered(en: Path) -> None:
    pages = _group_pages(en)
    assert len(pages) >= 8
    for path in pages:
        page, text = _parse(path), path.read_text("utf-8")
        found = re.search(r"Respondents in this group: (\d+|–) kept respondents .*?of whom up to "
                          r"(\d+|–) rated both importance and proficiency", text)
        assert found, path.name
        kept, pairs = _count(found[1]), _count(found[2])
        if kept is None or "Not reported: fewer than" in text:  # a small group: no tables
            continue
        compositions = [t for t in page.tables if t["caption"].startswith("Respondents by")]
        # one table per other breakdown: the sector survey (sector, country) has one, the regional
        # survey (country alone) none
        assert len(compositions) == (1 if path.name.startswith("sector-") else 0), path.name
        for composition in compositions:
            total_row = [row for row in composition["rows"] if row[0] == "Total"]
            assert total_row and total_row[0][-1] == str(kept), path.name
            cells = [_count(row[-1]) for row in composition["rows"] if row[0] != "Total"]
            if None not in cells:
                assert sum(cells) == kept, path.name
            else:
                assert sum(c for c in cells if c is not None) < kept, path.name
        assert pairs is not None and pairs <= kept
        ranking = _table(page, "Ranking of the skills in this group")
        assert max(int(row[-1]) for row in ranking["rows"]) == pairs
        ratings = [t for t in page.tables if not t["caption"] and t["rows"] and len(t["rows"][0]) > 5]
        rated = [_count(row[2]) for t in ratings for row in t["rows"]
                 if row[1] in {"Importance", "Proficiency"}]
        assert rated and max(n for n in rated if n is not None) <= kept, path.name


def test_priorities_page_respondents_agree(en: Path) -> None:
    path = en / "sector-priorities.html"
    page, text = _parse(path), path.read_text("utf-8")
    respondents = _figure(page, "Respondents")
    assert respondents == _figure(_parse(en / "sector.html"), "Kept")
    overall = re.search(r"Overall: all respondents <span class=\"muted\">\(n = (\d+)\)", text)
    assert overall and int(overall[1]) == respondents
    groups = [int(n) for n in re.findall(r"<h3>[^<]*<span class=\"muted\">\(n = (\d+)\)", text)]
    assert groups and max(groups) <= respondents
    # each ranking is followed by the sentence telling the interval from the stability label
    assert text.count("The rank interval and the stability label measure different things") == (
        1 + len(groups)
    )


def test_group_pages_show_their_line_of_the_published_composition(en: Path) -> None:
    """A sector's "Who answered" is its row of composition_sector_country.csv, cell for cell."""
    import csv

    from analysis.report.render import slugify

    with (en / "downloads" / "sector" / "composition_sector_country.csv").open(encoding="utf-8") as f:
        published = list(csv.DictReader(f))
    checked = 0
    for mine, theirs, breakdown in (("row", "column", "sector"), ("column", "row", "country")):
        for code in sorted({row[mine] for row in published} - {"(total)", "(missing)"}):
            path = en / f"sector-{breakdown}-{slugify(code)}.html"
            page = _parse(path)
            if "Not reported: fewer than" in path.read_text("utf-8"):
                continue
            shown = _table(page, "Respondents by")["rows"]
            expected = [
                ["Total" if row[theirs] == "(total)" else row[f"{theirs}_label"],
                 SUPPRESSED_MARK if row["suppressed"] == "True" else row["n"]]
                for row in published if row[mine] == code
            ]
            assert shown == expected, path.name
            checked += 1
    assert checked >= 8
