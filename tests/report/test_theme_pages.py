"""The themes of the open answers and interview notes on the report's pages: the section on the survey
and group pages (chart, table, quotes), the same numbers as the downloads, suppression, and the
themes on a micro-credential's card."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import load_survey_config
from analysis.priorities import survey_catalogue
from analysis.report.render import fmt_int, fmt_pct, jinja_environment
from analysis.report.themes_section import QUOTES_PER_THEME, card_themes, themes_context

ROOT = Path(__file__).resolve().parents[2]
_ROW = re.compile(
    r'<tr data-theme="([^"]+)"><th scope="row">[^<]*</th>'
    r'<td class="num">([^<]*)</td><td class="num">([^<]*)</td></tr>'
)
_NA = {"mentions": [""], "base": [""], "share": [""]}


def _section(page: str) -> str:
    start = page.index('<section id="themes">')
    return page[start:page.index("</section>", start)]


def _table(section: str, source: str) -> dict[str, tuple[str, str]]:
    start = section.index(f'data-source="{source}"')
    return {theme: (a, b) for theme, a, b in _ROW.findall(section[start:section.index("</table>", start)])}


def _published(root: Path, survey: str) -> pd.DataFrame:
    return pd.read_csv(root / "reports" / "downloads" / survey / "themes.csv", dtype={"group": str},
                       keep_default_na=False, na_values=_NA)


@pytest.mark.parametrize("page", ["sector.html", "sector-sector-const.html", "regional.html"])
def test_the_pages_have_a_themes_section_with_its_chart_and_table(sample_project: Path, page: str):
    html = (sample_project / "reports" / page).read_text("utf-8")
    section = _section(html)
    assert 'class="chart-data"' in section and "-themes-open-answer" in section
    assert 'id="themes-open-answer-table"' in section and 'href="#themes-open-answer-table"' in section
    assert len(_table(section, "open_answer")) > 5


@pytest.mark.parametrize(("page", "scope", "group"), [
    ("sector.html", "overall", ""), ("sector-sector-const.html", "sector", "CONST"),
    ("regional.html", "overall", ""),
])
def test_the_pages_numbers_are_the_downloaded_themes_table(sample_project: Path, page: str, scope: str,
                                                           group: str):
    survey = page.split("-")[0].removesuffix(".html")
    published = _published(sample_project, survey)
    rows = published[(published["scope"] == scope) & (published["group"] == group)
                     & (published["source"] == "open_answer")]
    assert not rows["suppressed"].any()
    shown = _table(_section((sample_project / "reports" / page).read_text("utf-8")), "open_answer")
    assert set(shown) == set(rows["theme"])
    for _, row in rows.iterrows():
        assert shown[row["theme"]] == (fmt_int(row["mentions"]), fmt_pct(row["share"])), row["theme"]
    # the published table is the results' own where the results report the group
    results = pd.read_csv(sample_project / f"data/processed/{survey}/results/themes.csv",
                          dtype={"group": str}, keep_default_na=False, na_values=_NA)
    mine = results[(results["scope"] == scope) & (results["group"] == group)
                   & (results["source"] == "open_answer")]
    assert list(mine["mentions"]) == list(rows["mentions"])
    # the workbook carries the same numbers as the CSV
    book = pd.read_excel(sample_project / "reports" / "downloads" / survey / "themes.xlsx")
    assert list(book["mentions"].fillna(-1)) == list(published["mentions"].fillna(-1))


def test_the_translated_page_and_the_partner_edition_label_themes_in_their_language(sample_project: Path):
    italian = _section((sample_project / "reports" / "it" / "sector.html").read_text("utf-8"))
    assert "Pompe di calore" in italian and "Heat pumps" not in italian
    edition = (sample_project / "reports/downloads/it/sector/themes.csv").read_text("utf-8-sig")
    assert "Pompe di calore" in edition and "Heat pumps" not in edition


def test_interview_counts_are_suppressed_on_the_page_as_in_the_downloads(sample_project: Path):
    published = _published(sample_project, "sector")
    interviews = published[(published["scope"] == "overall") & (published["source"] == "interview")]
    assert interviews["suppressed"].all()  # four sample notes, fewer than min_group_n
    section = _section((sample_project / "reports" / "sector.html").read_text("utf-8"))
    assert 'data-source="interview"' not in section and "themes-interview" not in section
    assert "Interview themes not reported" in section


def test_quotes_are_in_their_language_and_the_sentences_coded_with_the_theme(sample_project: Path):
    segments = pd.read_parquet(sample_project / "data/processed/sector/results/theme_segments.parquet")
    section = _section((sample_project / "reports" / "sector.html").read_text("utf-8"))
    quotes = section[section.index('id="theme-quotes"'):]
    blocks = re.findall(r"<h4>(.*?)</h4>\s*<ul[^>]*>(.*?)</ul>", quotes, re.S)
    assert 1 <= len(blocks) <= 5
    found_interview = False
    for _, items in blocks:
        listed = re.findall(
            r'<li lang="([a-z]{2})">(.*?)(?: <span class="muted"[^>]*>\(interview\)</span>)?</li>',
            items, re.S,
        )
        assert 1 <= len(listed) <= QUOTES_PER_THEME
        for lang, text in listed:
            text = unescape(text)
            same = segments[segments["text"].str.split().str.join(" ") == text]
            assert not same.empty, text
            assert lang in set(same["language"]), text
        found_interview |= "(interview)" in items
    assert found_interview  # the survey page quotes the interview notes too
    assert "source_id" not in section and not re.search(r"\b[a-z]{2}_[a-z]+_\d\d\b", section)


def test_no_planted_name_is_on_any_page(sample_project: Path):
    names: set[str] = set()
    for survey in ("sector", "regional"):
        notes = json.loads((ROOT / f"data/raw/sample/{survey}/planted_interviews.json").read_text("utf-8"))
        names |= {name for note in notes["notes"].values() for name in note["names"]}
    assert "Johan Peeters" in names
    pages = list((sample_project / "reports").rglob("*.html"))
    quoting = [p for p in pages if 'id="theme-quotes"' in p.read_text("utf-8")]
    assert quoting
    for path in pages:
        text = path.read_text("utf-8")
        assert not [name for name in names if name in text], path


def test_a_card_lists_the_themes_naming_its_skills(sample_project: Path):
    config = load_survey_config(sample_project / "config" / "surveys" / "sector.yml")
    links = pd.read_csv(sample_project / "data/processed/sector/results/theme_skills.csv")
    published = _published(sample_project, "sector")
    overall = published[(published["scope"] == "overall") & (published["source"] == "open_answer")]
    page = (sample_project / "reports" / "sector-priorities.html").read_text("utf-8")
    checked = 0
    for candidate in survey_catalogue(config):
        start = page.find(f'id="overall-{candidate.id.replace("_", "-")}"')
        if start < 0:
            continue
        card = page[start:page.index("</article>", start)]
        expected = set(links.loc[links["skill_id"].isin(candidate.skills), "theme"])
        assert expected, candidate.id
        table = card[card.index('class="data card-themes"'):]
        rows = re.findall(r'<tr data-theme="([^"]+)"><th scope="row">[^<]*</th><td class="num">([^<]*)</td>',
                          table)
        assert {theme for theme, _ in rows} == expected
        for theme, respondents in rows:
            assert respondents == fmt_int(overall.loc[overall["theme"] == theme, "mentions"].iloc[0])
        checked += 1
    assert checked >= 3


# --- a small case: a group under min_group_n ----------------------------------------------------


def _small_table() -> pd.DataFrame:
    rows = []
    for group, base, suppressed in (("", 12, False), ("BIG", 8, False), ("SMALL", None, True)):
        for theme, mentions in (("heat_pumps", 3), ("lack_of_trainers", 1)):
            rows.append({
                "scope": "overall" if not group else "sector", "group": group, "group_label": group,
                "theme": theme, "theme_label": theme.replace("_", " ").capitalize(), "source": "open_answer",
                "mentions": None if suppressed else mentions, "base": base,
                "share": None if suppressed else mentions / base, "suppressed": suppressed,
            })
    return pd.DataFrame(rows)


def _small_segments() -> pd.DataFrame:
    return pd.DataFrame({
        "source": ["open_answer", "open_answer", "interview"],
        "source_id": ["r1", "r2", "be_const_01"],
        "question": ["OPEN", "OPEN", ""],
        "segment": [1, 1, 3],
        "language": ["it", "fi", "en"],
        "theme": ["heat_pumps"] * 3,
        "text": ["Pompe di calore.", "Lämpöpumput.", "We need heat pump installers."],
    })


def test_a_group_under_min_group_n_shows_no_bars_and_no_quotes():
    context = themes_context(_small_table(), _small_segments(), scope="sector", group="SMALL", div_id="x",
                             members={"r1"}, quote_interviews=False)
    assert context["charts"] == [] and context["quotes"] == []
    assert [block["suppressed"] for block in context["blocks"]] == [True]
    html = jinja_environment("en").from_string(
        '{% from "_themes.html.j2" import themes_section %}{{ themes_section(t, 5) }}'
    ).render(t=context)
    assert "Themes not reported: fewer than 5 respondents" in html
    assert "chart-data" not in html and "<li" not in html and "Heat pumps" not in html


def test_a_reported_group_quotes_its_members_only_and_interviews_only_when_asked():
    table, segments = _small_table(), _small_segments()
    group = themes_context(table, segments, scope="sector", group="BIG", div_id="x", members={"r1"},
                           quote_interviews=False)
    assert len(group["charts"]) == 1
    assert group["quotes"] == [{"theme": "Heat pumps", "quotes": [
        {"text": "Pompe di calore.", "lang": "it", "interview": False}]}]
    overall = themes_context(table, segments, scope="overall", group="", div_id="y", members=None,
                             quote_interviews=True)
    assert [q["lang"] for q in overall["quotes"][0]["quotes"]] == ["en", "it", "fi"]
    spec = json.loads(str(overall["charts"][0].spec))
    assert spec["data"][0]["y"] == ["heat_pumps", "lack_of_trainers"]
    assert spec["data"][0]["x"] == [3 / 12, 1 / 12]


def test_card_themes_dash_a_suppressed_count():
    links = pd.DataFrame({"theme": ["heat_pumps", "lack_of_trainers"], "skill_id": ["renewable_energy", "x"]})
    rows = card_themes(_small_table(), links, ["renewable_energy"], "sector", "SMALL")
    assert rows == [{"theme": "Heat pumps", "id": "heat_pumps", "order": 1.0, "respondents": "\u2014",
                     "interviews": None}]
    assert card_themes(_small_table(), links, ["renewable_energy"], "sector", "BIG")[0]["respondents"] == "3"
    assert card_themes(_small_table(), links, ["unlinked"], "overall", "all") == []
