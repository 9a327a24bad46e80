"""Fast checks of the written HTML (no browser): files, escaping, determinism, suppression."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs_version
from report_checks import json_strings
from report_sample import (
    EXPECTED_CHARTS,
    GENERATED_AT,
    HIDDEN,
    MEANS,
    QUOTES_SKILL,
    SKILLS,
    XSS_GROUP,
    XSS_SKILL,
    written_page,
)

from analysis.report import SurveyReport, build_site
from analysis.report.render import PLOTLY_BUNDLE, plotly_bundle_version

CHART_DATA = re.compile(
    r'<script type="application/json" class="chart-data" data-target="([^"]+)">(.*?)</script>',
    re.S,
)


def _without_plotly(text: str) -> str:
    plotly_js = PLOTLY_BUNDLE.read_text("utf-8")
    assert text.count(plotly_js) == 1, "plotly.js must be inlined exactly once"
    return text.replace(plotly_js, "")




class _Tables(HTMLParser):
    """Rows of every <table> as lists of cell texts (enough for these checks)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, object]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append({"class": dict(attrs).get("class", ""), "rows": []})
        elif tag == "caption":
            self._cell = []
        elif tag == "tr":
            self._row = []
        elif tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._cell is not None:
            self.tables[-1]["caption"] = "".join(self._cell).strip()
            self._cell = None
        elif tag in {"td", "th"} and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1]["rows"].append(self._row)  # type: ignore[union-attr]
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _tables(text: str) -> list[dict[str, object]]:
    parser = _Tables()
    parser.feed(text)
    return parser.tables


@pytest.fixture
def built(reports: list[SurveyReport], tmp_path: Path) -> dict[str, str]:
    paths = build_site(reports, tmp_path / "site", generated_at=GENERATED_AT)
    return {p.name: p.read_text(encoding="utf-8") for p in paths}


def test_writes_index_and_one_page_per_survey(reports: list[SurveyReport], tmp_path: Path):
    out = tmp_path / "new" / "site"
    paths = build_site(reports, out, generated_at=GENERATED_AT)
    groups = ["sector-c", "sector-e", "country-at", "country-it"]
    assert [p.name for p in paths] == [
        "index.html", "sector.html", *(f"sector-{g}.html" for g in groups), "sector-cleaning.html",
        "regional.html", *(f"regional-{g}.html" for g in groups), "regional-cleaning.html", "glossary.html",
    ]
    assert all(p.parent == out and p.is_file() for p in paths)


def test_pages_are_standalone_documents(built: dict[str, str]):
    for name, text in built.items():
        assert text.startswith('<!DOCTYPE html>\n<html lang="en">'), name
        assert '<meta charset="utf-8">' in text
        assert 'name="viewport"' in text
        head = text[: text.index("</head>")]
        assert PLOTLY_BUNDLE.read_text("utf-8") in head, f"{name}: plotly.js must be inlined in <head>"
        rest = _without_plotly(text)
        assert "@media print" in rest
        assert "<link" not in rest and "@import" not in rest and "url(" not in rest
        assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", rest), name
        assert not re.search(r"<script[^>]*\bsrc=", rest), name
    assert "<title>Skills-needs survey results – overview</title>" in built["index.html"]
    assert "<title>Green skills needs in five sectors – skills-needs report</title>" in (
        built["sector.html"]
    )


def test_one_chart_block_per_chart_with_unique_fixed_ids(built: dict[str, str]):
    for name, expected in EXPECTED_CHARTS.items():
        rest = _without_plotly(built[name])
        ids = [m.group(1) for m in CHART_DATA.finditer(rest)]
        assert len(ids) == expected, name
        assert len(set(ids)) == len(ids)
        for div_id in ids:
            assert rest.count(f'<div id="{div_id}" class="chart"') == 1
        # plotly.js, one JSON block per chart, the bootstrap: no other <script> anywhere.
        assert built[name].count("<script") == 2 + expected, name


def test_untrusted_labels_are_escaped_in_html(built: dict[str, str]):
    for name, text in built.items():
        rest = _without_plotly(text)
        assert "<script>alert(1)" not in rest, name
        assert "<img src=x" not in rest, name
        assert "onerror=alert(2)>" not in rest.replace("onerror=alert(2)&gt;", ""), name
    page = built["sector.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;quotes&#34; &amp; ampersands" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    regional = built["regional.html"]
    assert "<title>Regional &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;partner&#34;" in (
        regional
    )


def test_untrusted_labels_are_safe_in_figures(built: dict[str, str]):
    escaped_skill = XSS_SKILL.replace("<", "&lt;").replace(">", "&gt;")
    escaped_quotes = QUOTES_SKILL.replace("&", "&amp;")
    for name, text in built.items():
        if name.endswith("-cleaning.html"):  # no skill labels there (see test_cleaning_page)
            continue
        for match in CHART_DATA.finditer(_without_plotly(text)):
            raw = match.group(2)
            assert "<" not in raw and ">" not in raw and "&" not in raw, name
            spec = json.loads(raw)
            assert set(spec) == {"data", "layout", "config"}
            strings = json_strings(spec)
            assert not any("<script" in s or "<img" in s for s in strings), name
            if "ticktext" not in spec["layout"]["yaxis"]:  # a group page's quadrant or rating chart
                assert escaped_skill in " ".join(strings), name
                continue
            ticks = spec["layout"]["yaxis"]["ticktext"]
            assert escaped_skill in ticks and escaped_quotes in ticks
            hover = " ".join(spec["data"][0]["hovertext"])
            assert f"<b>{escaped_skill}</b>" in hover
            assert f"<b>{escaped_quotes}</b>" in hover


def test_byte_identical_on_rerun(reports: list[SurveyReport], tmp_path: Path):
    first = build_site(reports, tmp_path / "a", generated_at=GENERATED_AT)
    second = build_site(reports, tmp_path / "b", generated_at=GENERATED_AT)
    again = build_site(reports, tmp_path / "a", generated_at=GENERATED_AT)
    for a, b, c in zip(first, second, again, strict=True):
        assert a.read_bytes() == b.read_bytes() == c.read_bytes(), a.name


def test_generated_at_is_optional(reports: list[SurveyReport], tmp_path: Path):
    page = written_page(build_site(reports, tmp_path), "sector.html").read_text(encoding="utf-8")
    assert "Generated" not in page
    stamped = written_page(build_site(reports, tmp_path, generated_at="1 May 2024"), "sector.html")
    assert "Generated 1 May 2024." in stamped.read_text(encoding="utf-8")


def test_small_group_is_suppressed_with_note(built: dict[str, str]):
    page = _without_plotly(built["sector.html"])
    assert f"Not charted (fewer than 5 respondents, {HIDDEN}): Italy (n = 3)." in page
    assert not any("-it" in m.group(1) for m in CHART_DATA.finditer(page))
    country = next(t for t in _tables(page) if "country group" in str(t.get("caption", "")))
    assert any(r[0].startswith("Austria") for r in country["rows"])
    assert not any("Italy" in cell for r in country["rows"] for cell in r)
    assert page.count("Italy") == 1  # only in the note


def test_min_group_n_keyword(reports: list[SurveyReport], tmp_path: Path):
    paths = build_site(reports[:1], tmp_path, min_group_n=10)
    page = _without_plotly(written_page(paths, "sector.html").read_text(encoding="utf-8"))
    assert f"{HIDDEN}): {XSS_GROUP}" not in page  # escaped
    assert f"fewer than 10 respondents, {HIDDEN}): &lt;img src=x onerror=alert(2)&gt; (n = 9)." in page
    assert len(CHART_DATA.findall(page)) == 3  # overall, Construction, Austria


def test_skill_below_min_n_in_charted_group_is_not_ranked(
    reports: list[SurveyReport], tmp_path: Path
):
    needs = reports[0].needs.copy()
    mask = (needs["group"] == "C") & (needs["skill_id"] == "S3")
    needs.loc[mask, "n"] = 2
    paths = build_site([replace(reports[0], needs=needs)], tmp_path)
    page = _without_plotly(written_page(paths, "sector.html").read_text(encoding="utf-8"))
    sector = next(t for t in _tables(page) if "sector group" in str(t.get("caption", "")))
    row = next(r for r in sector["rows"] if r[0] == QUOTES_SKILL)
    assert row[1:] == ["\u2014"] * 5 + ["2"]
    assert "not reported: fewer than 5 respondents" in page


def test_ranking_tables_follow_rank(built: dict[str, str]):
    page = _without_plotly(built["sector.html"])
    tables = _tables(page)
    overall = next(t for t in tables if "all respondents" in str(t.get("caption", "")))
    rows = overall["rows"][1:]  # after the header row
    expected = sorted(
        MEANS[("overall", "all", "All respondents")].items(),
        key=lambda item: -(item[1][0] - item[1][1]) * item[1][0],
    )
    assert [r[5] for r in rows] == ["1", "2", "3", "4"]
    labels = [SKILLS[skill_id][0] for skill_id, _ in expected]
    assert len(rows) == len(labels)
    assert all(r[0].startswith(label) for r, label in zip(rows, labels, strict=True))
    assert rows[0][0] == "Energy-efficient buildingGreen construction"  # label + skill group
    assert rows[0][1:] == ["4.60", "2.90", "1.70", "7.82", "1", "26"]
    sector = next(t for t in tables if "sector group" in str(t.get("caption", "")))
    ranks, group = [], None
    for row in sector["rows"][1:]:
        if len(row) == 1:  # group header
            group = row[0]
            continue
        ranks.append((group, int(row[5])))
    for name in {g for g, _ in ranks}:
        within = [r for g, r in ranks if g == name]
        assert within == sorted(within)
    austria = next(t for t in tables if "country group" in str(t.get("caption", "")))
    assert [r[5] for r in austria["rows"][2:]] == ["1", "1", "3", "4"]  # ties share min rank


def test_chart_titles_state_the_finding(built: dict[str, str]):
    page = built["sector.html"]
    assert "Construction: greatest need is Energy-efficient building (MWDS 10.6)" in page
    assert (
        "All respondents: greatest need is Energy-efficient building (MWDS 7.8)" in page
    )
    assert (
        "Austria: greatest needs are Circular economy basics and Energy-efficient building "
        "(tied, MWDS 6.8)" in page
    )
    assert "&lt;img src=x onerror=alert(2)&gt;: greatest need is &lt;script&gt;" in page


def test_header_funnel_tests_and_methods(built: dict[str, str]):
    page = _without_plotly(built["sector.html"])
    assert "Synthetic sample data" in page
    tables = _tables(page)
    funnel = next(t for t in tables if t["class"] == "data funnel")
    assert [r[0] for r in funnel["rows"][1:4]] == ["incomplete", "duplicate", "speeder"]
    assert funnel["rows"][-1] == ["Kept for analysis", "26"]
    tests = next(t for t in tables if t["class"] == "data tests")
    assert tests["rows"][0] == ["Skill", "H", "p (Holm)", "ε²", "Groups", "n", "Significant"]
    assert tests["rows"][1] == [XSS_SKILL, "9.88", "0.007", "0.49", "2", "21", "yes"]
    assert [r[-1] for r in tests["rows"][2:]] == ["no", "no", "no"]
    assert ('<a class="term" href="glossary.html#kruskal-wallis">Kruskal&ndash;Wallis</a> test asks '
            "whether") in page
    assert "No test was possible: fewer than two country groups" in page
    assert "Borich, 1980" in page and "Higher MWDS = greater training need" in page


def test_index_has_one_card_per_survey(built: dict[str, str]):
    index = _without_plotly(built["index.html"])
    assert index.count('<article class="card">') == 2
    assert 'href="sector.html"' in index and 'href="regional.html"' in index
    assert "<dd>30</dd>" in index and "<dd>26</dd>" in index
    for match in CHART_DATA.finditer(index):
        assert len(json.loads(match.group(2))["data"][0]["x"]) == 4  # top 5 of 4 skills


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "../evil"}, "not file-safe"),
        ({"name": "index"}, "not file-safe"),
        ({"scopes": "sector"}, "scopes must be a tuple"),
        ({"n_kept": 31}, "n_kept"),
    ],
)
def test_invalid_reports_are_rejected(
    reports: list[SurveyReport], tmp_path: Path, change: dict, message: str
):
    with pytest.raises(ValueError, match=message):
        build_site([replace(reports[0], **change)], tmp_path)


def test_missing_column_and_duplicate_name_are_rejected(
    reports: list[SurveyReport], tmp_path: Path
):
    broken = replace(reports[0], needs=reports[0].needs.drop(columns="mwds"))
    with pytest.raises(ValueError, match="needs lacks column"):
        build_site([broken], tmp_path)
    with pytest.raises(ValueError, match="used twice"):
        build_site([reports[0], reports[0]], tmp_path)


def test_accepts_stats_stage_output_shape(reports: list[SurveyReport], tmp_path: Path):
    """As read back by the pipeline: a ``suppressed`` flag, blanked stats, NA ranks, no tests."""
    needs = reports[0].needs.copy()
    small = needs["n"] < 5
    stats = ["importance_mean", "proficiency_mean", "discrepancy_mean", "mwds"]
    needs.loc[small, stats] = float("nan")
    needs["rank"] = needs["rank"].mask(small)
    needs["suppressed"] = small
    needs.loc[needs["skill_id"] == "S4", "skill_group"] = float("nan")  # read_csv of ""
    no_tests = reports[0].group_tests.iloc[:0]
    report = replace(reports[0], needs=needs, group_tests=no_tests)
    paths = build_site([report], tmp_path, min_group_n=3)
    page = _without_plotly(written_page(paths, "sector.html").read_text("utf-8"))
    # Italy has n = 3 >= min_group_n but the stats stage suppressed it: still not charted.
    assert f"Not charted (fewer than 3 respondents, {HIDDEN}): Italy (n = 3)." in page
    assert len(CHART_DATA.findall(page)) == 4
    assert page.count("No test was possible") == 2
    assert not re.search(r"\bnan\b|<NA>", page, re.I)


def test_the_inlined_plotly_is_the_version_plotly_writes_for():
    """The vendored bundle is the plotly.js the installed plotly targets (vendor/README.md)."""
    assert plotly_bundle_version() == get_plotlyjs_version()
    assert 1_000_000 < PLOTLY_BUNDLE.stat().st_size < 1_500_000  # the basic bundle, not the full one
