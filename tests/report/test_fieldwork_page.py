"""The fieldwork page: every count of the fieldwork run, in the page's language, marked internal,
linked from the cleaning page only, offline and accessible."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest
from babel.dates import format_date, format_datetime, format_skeleton
from report_checks import reader_runs
from report_sample import GENERATED_AT, make_cleaning_report, make_report
from sample_project import copy_project, make_project
from test_accessibility import Auditor, axe_script, describe
from test_chart_specs import chart_specs, plotly_accepts
from test_html import CHART_DATA, _tables, _without_plotly

from analysis import store
from analysis.config import load_survey_config
from analysis.fieldwork import SUMMARY_KEYS, Fieldwork
from analysis.report import build_site
from analysis.report.assemble import survey_report
from analysis.report.fieldwork_page import write_fieldwork_pages
from analysis.report.i18n import available_languages, translator
from analysis.report.render import number_symbols

PAGE = "sector-fieldwork.html"
DAYS = [f"2026-11-{d:02d}" for d in range(23, 31)] + [f"2026-12-{d:02d}" for d in range(1, 8)]
STARTED = [310, 120, 95, 60, 48, 35, 22, 260, 90, 51, 40, 180, 64, 37, 28]
COMPLETED = [220, 96, 71, 50, 30, 29, 18, 201, 66, 40, 31, 140, 49, 30, 20]


def full_fieldwork() -> Fieldwork:
    """A run with participants, targets, quotas, timings and exclusions."""
    summary = dict.fromkeys(SUMMARY_KEYS) | {
        "survey": "sector", "generated_at": "2026-12-07T06:30:00+00:00", "source": "limesurvey",
        "source_detail": "https://survey.example.org/index.php/admin/remotecontrol, survey 845123",
        "partner_field": "COUNTRY", "breakdowns": ["SECTOR", "RESPTYPE"],
        "responses": 1440, "complete": 1091, "incomplete": 349, "invited": 4200, "reminded": 2750,
        "completed_participants": 1012, "opted_out": 37, "response_rate": 1012 / 4200,
        "invitations": ["2026-11-23"], "reminders": ["2026-11-30", "2026-12-04"],
        "quotas": [
            {"name": "Construction employers", "active": True, "limit": 250, "completed": 212,
             "share": 0.848},
            {"name": "Wood VET providers", "active": False, "limit": 60, "completed": 61, "share": 61 / 60},
        ],
        "pace_days": 7,
        "dry_run": {"kept": 1032, "excluded": 408,
                    "by_rule": {"incomplete": 349, "speeder": 41, "straightliner": 12, "test_response": 6}},
    }
    by_partner = pd.DataFrame([
        {"partner": "BE", "partner_label": "Belgium", "complete": 180, "incomplete": 41, "target": 250,
         "share_of_target": 0.72, "projected_date": "2026-12-19", "excluded_so_far": 52},
        {"partner": "BG", "partner_label": "Bulgaria", "complete": 305, "incomplete": 88, "target": 300,
         "share_of_target": 305 / 300, "projected_date": None, "excluded_so_far": 101},
        {"partner": "ES", "partner_label": "Spain", "complete": 260, "incomplete": 120, "target": 400,
         "share_of_target": 0.65, "projected_date": "2027-01-08", "excluded_so_far": 139},
        {"partner": "FI", "partner_label": "Finland", "complete": 96, "incomplete": 30, "target": 200,
         "share_of_target": 0.48, "projected_date": None, "excluded_so_far": 33},
        {"partner": "IT", "partner_label": "Italy", "complete": 250, "incomplete": 70, "target": 350,
         "share_of_target": 250 / 350, "projected_date": "2026-12-28", "excluded_so_far": 83},
    ])
    rows = []
    for partner, sector, complete, incomplete, target in (
        ("BG", "CONST", 170, 40, 150), ("BG", "WOOD", 135, 48, 150), ("ES", "CONST", 160, 70, 200),
        ("ES", "WOOD", 100, 50, 200), ("IT", "CONST", 250, 70, None),
    ):
        share = complete / target if target else None
        rows.append({"partner": partner, "breakdown": "SECTOR", "group": sector,
                     "group_label": {"CONST": "Construction", "WOOD": "Wood and furniture"}[sector],
                     "complete": complete, "incomplete": incomplete, "target": target,
                     "share_of_target": share,
                     "projected_date": "2026-12-20" if target and share < 1 else None})
    for partner, kind, complete, incomplete in (("BG", "EMP", 200, 60), ("BG", "VET", 105, 28)):
        rows.append({"partner": partner, "breakdown": "RESPTYPE", "group": kind,
                     "group_label": {"EMP": "Employer", "VET": "VET provider"}[kind], "complete": complete,
                     "incomplete": incomplete, "target": None, "share_of_target": None,
                     "projected_date": None})
    by_breakdown = pd.DataFrame(rows)
    invitations = [4200 if d == "2026-11-23" else 0 for d in DAYS]
    reminders = [{"2026-11-30": 1800, "2026-12-04": 950}.get(d, 0) for d in DAYS]
    daily = pd.DataFrame({
        "date": DAYS, "started": STARTED, "completed": COMPLETED,
        "cumulative_started": list(itertools.accumulate(STARTED)),
        "cumulative_completed": list(itertools.accumulate(COMPLETED)),
        "invitations": invitations, "reminders": reminders,
    })
    dropout = pd.DataFrame([
        {"page": "1", "page_label": "Your organisation", "reached": 1440, "stopped": 61,
         "median_seconds": 48.0},
        {"page": "2", "page_label": "Importance of skills", "reached": 1379, "stopped": 187,
         "median_seconds": 251.6},
        {"page": "3", "page_label": "Current proficiency", "reached": 1192, "stopped": 78,
         "median_seconds": 203.2},
        {"page": "4", "page_label": "Training preferences", "reached": 1114, "stopped": 23,
         "median_seconds": 95.0},
    ])
    exclusions = pd.DataFrame([
        {"partner": partner, "rule": rule, "excluded": n}
        for partner, rule, n in (
            ("BE", "incomplete", 41), ("BE", "speeder", 9), ("BE", "straightliner", 2),
            ("BG", "test_response", 6), ("BG", "incomplete", 88), ("BG", "speeder", 7),
            ("ES", "incomplete", 120), ("ES", "speeder", 15), ("ES", "straightliner", 4),
            ("FI", "incomplete", 30), ("FI", "speeder", 3),
            ("IT", "incomplete", 70), ("IT", "speeder", 7), ("IT", "straightliner", 6),
        )
    ])
    return Fieldwork(summary=summary, by_partner=by_partner, by_breakdown=by_breakdown, daily=daily,
                     dropout=dropout, exclusions=exclusions)


def minimal_fieldwork() -> Fieldwork:
    """A run from an export: no participants, targets, quotas, timings, breakdowns or exclusions."""
    summary = dict.fromkeys(SUMMARY_KEYS) | {
        "survey": "sector", "generated_at": "2026-12-07T06:30:00+00:00", "source": "export",
        "source_detail": "data/raw/sample/sector/responses.csv", "partner_field": "COUNTRY",
        "breakdowns": [], "responses": 9, "complete": 7, "incomplete": 2, "invitations": [], "reminders": [],
        "quotas": [], "pace_days": 7, "dry_run": {"kept": 7, "excluded": 2, "by_rule": {}},
    }
    by_partner = pd.DataFrame([
        {"partner": "BG", "partner_label": "Bulgaria", "complete": 4, "incomplete": 1, "target": None,
         "share_of_target": None, "projected_date": None, "excluded_so_far": 0},
        {"partner": "IT", "partner_label": "Italy", "complete": 3, "incomplete": 1, "target": None,
         "share_of_target": None, "projected_date": None, "excluded_so_far": 0},
    ])
    daily = pd.DataFrame({"date": ["2026-12-06", "2026-12-07"], "started": [5, 4], "completed": [4, 3],
                          "cumulative_started": [5, 9], "cumulative_completed": [4, 7],
                          "invitations": [0, 0], "reminders": [0, 0]})
    dropout = pd.DataFrame([{"page": "1", "page_label": "Your organisation", "reached": 9, "stopped": 2,
                             "median_seconds": None}])
    return Fieldwork(summary=summary, by_partner=by_partner, by_breakdown=pd.DataFrame(), daily=daily,
                     dropout=dropout)


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory):
    root = make_project(tmp_path_factory.mktemp("fieldwork_project"))
    return load_survey_config(root / "config" / "surveys" / "sector.yml")


@pytest.fixture(scope="module")
def written(config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fieldwork_site")
    paths = write_fieldwork_pages(config, full_fieldwork(), out, ["en", "bg"])
    assert paths == [out / PAGE, out / "bg" / PAGE]
    return out


@pytest.fixture(scope="module")
def minimal(config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fieldwork_minimal")
    write_fieldwork_pages(config, minimal_fieldwork(), out, ["en", "bg"])
    return out


def _page(out: Path, lang: str) -> str:
    return (out / PAGE if lang == "en" else out / lang / PAGE).read_text("utf-8")


def _table(page: str, css_class: str) -> list[list[str]]:
    found = [t for t in _tables(_without_plotly(page)) if t["class"] == f"data {css_class}"]
    assert len(found) == 1, css_class
    return found[0]["rows"]  # type: ignore[return-value]


def _tables_of(page: str, css_class: str) -> list[list[list[str]]]:
    return [t["rows"] for t in _tables(_without_plotly(page)) if t["class"] == f"data {css_class}"]


def _number(text: str, lang: str) -> float | None:
    """A number as the page writes it in ``lang`` (grouping and decimal signs, % suffix), or None
    for the dash of a missing value."""
    if text == "\u2014":
        return None
    decimal, group, suffix = number_symbols(lang)
    text = text.removesuffix(suffix).removesuffix("%")
    for sign in (group, "\u00a0", "\u202f"):
        text = text.replace(sign, "")
    return float(text.replace(decimal, "."))


def _day(value: object, lang: str) -> str:
    if value is None or pd.isna(value):
        return "\u2014"
    return format_date(date.fromisoformat(str(value)), "medium", locale=lang)


def _pct(share: object) -> float | None:
    return None if share is None or pd.isna(share) else round(100 * float(share), 1)


def _counts(page: str) -> dict[str, str]:
    header = page.split('<dl class="counts">', 1)[1].split("</dl>", 1)[0]
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", header))


@pytest.mark.parametrize("lang", ["en", "bg"])
def test_every_number_on_the_page_is_the_fieldwork_runs(written: Path, lang: str):
    fieldwork, page = full_fieldwork(), _page(written, lang)
    tr_ = translator(lang).gettext
    summary = fieldwork.summary
    counts = {label: _number(text, lang) for label, text in _counts(page).items()}
    assert counts == {
        tr_("Responses"): 1440, tr_("Complete"): 1091, tr_("Incomplete"): 349, tr_("Invited"): 4200,
        tr_("Reminded"): 2750, tr_("Completed (participants)"): 1012,
        tr_("Response rate"): _pct(summary["response_rate"]), tr_("Opted out"): 37,
    }
    partners = _table(page, "fieldwork-partners")
    assert partners[0][1:] == [tr_(h) for h in ("Complete", "Incomplete", "Target", "Share of target",
                                                  "Projected date", "Excluded so far")]
    for cells, row in zip(partners[1:], fieldwork.by_partner.itertuples(), strict=True):
        assert cells[0] == row.partner_label or lang != "en"
        assert [_number(c, lang) for c in (cells[1], cells[2], cells[3], cells[6])] == [
            row.complete, row.incomplete, row.target, row.excluded_so_far]
        assert _number(cells[4], lang) == _pct(row.share_of_target)
        assert cells[5] == _day(row.projected_date, lang)
    breakdowns = _tables_of(page, "fieldwork-breakdown")
    frame = fieldwork.by_breakdown
    assert len(breakdowns) == 2
    sector, resptype = breakdowns
    assert len(sector[0]) == 7 and len(resptype[0]) == 4  # no target anywhere: no target columns
    for cells, row in zip(sector[1:], frame[frame["breakdown"] == "SECTOR"].itertuples(), strict=True):
        assert [_number(c, lang) for c in cells[2:5]] == [
            row.complete, row.incomplete, None if pd.isna(row.target) else row.target]
        assert _number(cells[5], lang) == _pct(row.share_of_target)
        assert cells[6] == _day(row.projected_date, lang)
    for cells, row in zip(resptype[1:], frame[frame["breakdown"] == "RESPTYPE"].itertuples(), strict=True):
        assert [_number(c, lang) for c in cells[2:]] == [row.complete, row.incomplete]
    quotas = _table(page, "fieldwork-quotas")
    for cells, quota in zip(quotas[1:], summary["quotas"], strict=True):
        assert cells[0] == quota["name"]
        assert cells[1] == tr_("yes" if quota["active"] else "no")
        assert [_number(c, lang) for c in cells[2:4]] == [quota["limit"], quota["completed"]]
        assert _number(cells[4], lang) == _pct(quota["share"])
    daily = _table(page, "fieldwork-daily")
    assert len(daily) == 1 + len(DAYS)
    for cells, row in zip(daily[1:], fieldwork.daily.itertuples(), strict=True):
        assert cells[0] == _day(row.date, lang)
        assert [_number(c, lang) for c in cells[1:]] == [
            row.started, row.completed, row.cumulative_started, row.cumulative_completed, row.invitations,
            row.reminders]
    dropout = _table(page, "fieldwork-dropout")
    assert dropout[0][-1] == tr_("Median time")
    for cells, row in zip(dropout[1:], fieldwork.dropout.itertuples(), strict=True):
        assert [_number(c, lang) for c in cells[1:3]] == [row.reached, row.stopped]
        minutes, seconds = cells[3].split(":")
        assert int(minutes) * 60 + int(seconds) == round(row.median_seconds)
    exclusions = _table(page, "fieldwork-exclusions")
    rules = ["test_response", "incomplete", "speeder", "straightliner"]  # as the clean stage applies them
    words = {"test_response": "test response"}
    assert exclusions[0][1:] == [tr_(words.get(r, r)) for r in rules] + [tr_("Excluded")]
    excluded = fieldwork.exclusions.pivot_table(index="partner", columns="rule", values="excluded",
                                                fill_value=0, sort=False)
    for cells, code in zip(exclusions[1:-1], excluded.index, strict=True):
        expected = [int(excluded.at[code, r]) if r in excluded.columns else 0 for r in rules]
        assert [_number(c, lang) for c in cells[1:]] == [*expected, sum(expected)]
    assert [_number(c, lang) for c in exclusions[-1][1:]] == [
        *(summary["dry_run"]["by_rule"][r] for r in rules), summary["dry_run"]["excluded"]]


def test_partners_are_named_not_coded_and_rules_worded_as_on_the_cleaning_page(written: Path):
    page = _page(written, "en")
    partners = [row[0] for row in _table(page, "fieldwork-exclusions")[1:-1]]
    assert partners == ["Belgium", "Bulgaria", "Spain", "Finland", "Italy"]
    sector = _tables_of(page, "fieldwork-breakdown")[0]
    assert [row[:2] for row in sector[1:3]] == [
        ["Bulgaria", "Construction"], ["Bulgaria", "Wood and furniture"]]
    assert "<h3>By sector</h3>" in page
    assert "<h3>By respondent type</h3>" in page  # RESPTYPE is the question of respondent_type
    assert "each partner (country)" in page
    bulgarian = _page(written, "bg")
    header = _table(bulgarian, "fieldwork-exclusions")[0]
    assert header[1:3] == [translator("bg").gettext("test response"), translator("bg").gettext("incomplete")]


@pytest.mark.parametrize("lang", ["en", "bg"])
def test_the_page_says_it_is_internal_with_its_date_and_source(written: Path, lang: str):
    page = _page(written, lang)
    tr_ = translator(lang).gettext
    banner = page.split('<div class="internal" role="note" id="internal">', 1)[1].split("</div>", 1)[0]
    assert tr_("Internal working page: not for publication.") in banner
    when = format_datetime(datetime(2026, 12, 7, 6, 30, tzinfo=UTC), "medium", tzinfo=UTC, locale=lang)
    assert when + " UTC" in banner
    assert tr_("the live LimeSurvey server") in banner
    assert "https://survey.example.org/index.php/admin/remotecontrol, survey 845123" in banner
    assert f'<html lang="{lang}">' in page


def test_charts_have_their_tables_and_reading_guides(written: Path):
    page = _page(written, "en")
    charts = re.findall(r'<div id="([^"]+)" class="chart" role="figure" aria-label="[^"]+"'
                        r' aria-describedby="([^"]+)-link"', page)
    assert [c for c, _ in charts] == ["fieldwork-sector-partners", "fieldwork-sector-daily",
                                      "fieldwork-sector-dropout"]
    for chart, table in charts:
        assert table == f"{chart}-table"
        assert f'<div id="{table}" class="table-wrap" role="region"' in page
        assert f'href="#{table}"' in page
    assert page.count('<p class="how-to-read">How to read this:') == 3
    specs = {m.group(1): json.loads(m.group(2)) for m in CHART_DATA.finditer(page)}
    daily = specs["fieldwork-sector-daily"]
    marks = {t["name"]: [x for x in t["x"] if x] for t in daily["data"] if t.get("mode") == "lines"
             and t["name"] in ("Invitations sent", "Reminders sent")}
    assert marks == {"Invitations sent": ["2026-11-23", "2026-11-23"],
                     "Reminders sent": ["2026-11-30", "2026-11-30", "2026-12-04", "2026-12-04"]}
    cumulative = next(t for t in daily["data"] if t["name"] == "Completed in all")
    assert cumulative["y"] == list(itertools.accumulate(COMPLETED))
    partners = specs["fieldwork-sector-partners"]
    target = next(t for t in partners["data"] if t["name"] == "Target")
    assert target["x"] == [250, 300, 400, 200, 350]
    bulgarian = {m.group(1): json.loads(m.group(2)) for m in CHART_DATA.finditer(_page(written, "bg"))}
    ticks = bulgarian["fieldwork-sector-daily"]["layout"]["xaxis"]["ticktext"]
    assert ticks[0] == format_skeleton("MMMd", date(2026, 11, 23), locale="bg") != "Nov 23"


@pytest.mark.parametrize("lang", ["en", "bg"])
def test_every_fieldwork_chart_is_a_valid_plotly_figure(written: Path, minimal: Path, lang: str):
    pages = [folder / PAGE if lang == "en" else folder / lang / PAGE for folder in (written, minimal)]
    specs = [spec for page in pages for spec in chart_specs(page)]
    assert len(specs) == 6
    for target, spec in specs:
        try:
            plotly_accepts(spec)
        except ValueError as error:
            pytest.fail(f"chart {target}: {error}")


def test_a_run_without_participants_targets_or_timings_says_so(minimal: Path):
    page = _page(minimal, "en")
    assert "The survey has no participants table" in page
    assert set(_counts(page)) == {"Responses", "Complete", "Incomplete"}
    assert _table(page, "fieldwork-partners")[0] == ["Partner", "Complete", "Incomplete", "Excluded so far"]
    assert _table(page, "fieldwork-dropout")[0] == ["Page", "Reached", "Stopped"]
    assert "No breakdown of the responses yet." in page
    assert "The cleaning rules would exclude nothing so far." in page
    assert 'id="quotas"' not in page and "fieldwork-quotas" not in page
    assert "Invitations sent" not in page
    specs = {m.group(1): json.loads(m.group(2)) for m in CHART_DATA.finditer(page)}
    assert [t["name"] for t in specs["fieldwork-sector-partners"]["data"]] == ["Complete", "Incomplete"]
    assert "from the latest export" in page


def test_the_page_without_a_daily_curve_or_dropout_says_so_in_one_line(config, tmp_path: Path):
    empty = replace(minimal_fieldwork(), daily=pd.DataFrame(columns=["date"]),
                    dropout=pd.DataFrame(columns=["page"]), by_partner=pd.DataFrame())
    page = write_fieldwork_pages(config, empty, tmp_path, ["en"])[0].read_text("utf-8")
    assert "No response has been started yet." in page
    assert "No dropout by page yet." in page
    assert "No responses per partner yet." in page
    assert 'class="chart"' not in page


def test_the_cleaning_page_links_the_fieldwork_page_only_when_there_is_one(tmp_path: Path):
    without = build_site([make_cleaning_report(), make_report("regional")], tmp_path / "without",
                         generated_at=GENERATED_AT, min_group_n=1)
    reports = [replace(make_cleaning_report(), has_fieldwork=True), make_report("regional")]
    with_fieldwork = build_site(reports, tmp_path / "with", generated_at=GENERATED_AT, min_group_n=1)
    link = f'<a href="{PAGE}">Fieldwork (internal working page)</a>'
    pages = {p.name: p.read_text("utf-8") for p in with_fieldwork}
    assert link in pages["sector-cleaning.html"]
    assert "fieldwork" not in pages["regional-cleaning.html"]
    assert "-fieldwork.html" not in pages["index.html"]
    assert all("-fieldwork.html" not in p.read_text("utf-8") for p in without)


def test_the_pdf_edition_leaves_the_internal_page_out(tmp_path: Path):
    from analysis.report.pdf import _site_pages

    for folder in (tmp_path, tmp_path / "bg"):
        folder.mkdir(exist_ok=True)
        for name in ("index.html", "sector-cleaning.html", PAGE):
            (folder / name).write_text("<!DOCTYPE html>", "utf-8")
    pages = _site_pages(tmp_path, ["en", "bg"])
    printed = [(lang, page.relative_to(tmp_path).as_posix()) for lang, page in pages]
    assert printed == [("en", "index.html"), ("en", "sector-cleaning.html"),
                       ("bg", "bg/index.html"), ("bg", "bg/sector-cleaning.html")]


@pytest.mark.notebook
def test_the_report_writes_the_fieldwork_pages_of_the_surveys_with_a_run(
    sample_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from analysis.pipeline import report_surveys
    from analysis.report import book

    root = tmp_path / "project"
    copy_project(sample_project, root)  # the run rebuilds the site: not in the shared project
    configs = [load_survey_config(root / "config" / "surveys" / f"{name}.yml")
               for name in ("sector", "regional")]
    sector = configs[0]
    assert store.read_fieldwork(sector) is not None  # the sample's own run: replaced by a fuller one
    shutil.rmtree(store.fieldwork_folder(configs[1]))  # and the regional survey without a run
    store.write_fieldwork(sector, full_fieldwork())
    assert survey_report(sector).has_fieldwork and not survey_report(configs[1]).has_fieldwork
    out = root / "reports"
    paths = report_surveys(configs, out, languages=["en", "bg"])
    assert out / PAGE in paths and out / "bg" / PAGE in paths
    assert not (out / "regional-fieldwork.html").exists()
    cleaning = (out / "sector-cleaning.html").read_text("utf-8")
    assert f'<a href="{PAGE}">Fieldwork (internal working page)</a>' in cleaning
    assert f'href="{PAGE}"' in (out / "bg" / "sector-cleaning.html").read_text("utf-8")
    assert "fieldwork" not in (out / "regional-cleaning.html").read_text("utf-8")
    for folder in (out, out / "bg"):
        assert "-fieldwork.html" not in (folder / "index.html").read_text("utf-8")
    # rebuilding one language keeps the other languages' fieldwork pages, as every other page (the
    # fieldwork pages are not rendered by the page notebook: the notebook's pages are not rendered again)
    def stand_in(jobs, **_kw):
        for job in jobs:
            job.path.parent.mkdir(parents=True, exist_ok=True)
            job.path.write_text(job.path.name, "utf-8")
        return [job.path for job in jobs]

    monkeypatch.setattr(book, "render_pages", stand_in)
    report_surveys(configs, out, languages=["bg"])
    assert (out / PAGE).is_file() and (out / "bg" / PAGE).is_file()


def test_no_english_is_left_on_the_translated_fieldwork_pages(config, tmp_path: Path):
    languages = available_languages()
    write_fieldwork_pages(config, full_fieldwork(), tmp_path, languages)
    english = reader_runs((tmp_path / PAGE).read_text("utf-8"), "en")
    assert len(english) > 40  # the check itself finds English
    left = []
    for lang in languages[1:]:
        same = reader_runs((tmp_path / lang / PAGE).read_text("utf-8"), lang) & english
        left += [f"{lang}: {run}" for run in sorted(same)]
    # names from the survey, shown as given (this project has no codebook: the fieldwork files'
    # labels); what is left of a run without them must not be English words
    fieldwork = full_fieldwork()
    given = sorted({*fieldwork.by_partner["partner_label"], *fieldwork.by_breakdown["group_label"],
                    *fieldwork.dropout["page_label"], *(q["name"] for q in fieldwork.summary["quotas"])},
                   key=len, reverse=True)

    def english_left(run: str) -> bool:
        for name in given:
            run = run.replace(name, " ")
        return len(re.findall(r"[A-Za-z]{2,}", run)) >= 2

    left = [line for line in left if english_left(line.split(": ", 1)[1])]
    assert not left, "English left on the translated fieldwork pages:\n" + "\n".join(left)


# --- in the browser -------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "bg"])
def test_the_page_loads_offline_with_its_charts_drawn(written: Path, minimal: Path, open_page, lang: str):
    path = written / PAGE if lang == "en" else written / lang / PAGE
    check = open_page(path, shot=f"fieldwork-{lang}")
    check.assert_loaded_offline()
    assert check.charts == 3
    assert check.overflow_px <= 0
    small = open_page(minimal / PAGE if lang == "en" else minimal / lang / PAGE, shot=f"fieldwork-min-{lang}")
    small.assert_loaded_offline()
    assert small.charts == 3


@pytest.mark.browser
def test_the_page_meets_wcag_21_aa(written: Path, minimal: Path, browser):
    auditor = Auditor(browser, axe_script())
    try:
        found = {str(p): auditor.violations(p) for p in (
            written / PAGE, written / "bg" / PAGE, minimal / PAGE, minimal / "bg" / PAGE)}
    finally:
        auditor.close()
    found = {page: violations for page, violations in found.items() if violations}
    assert not found, "WCAG 2.1 A/AA violations found by axe-core:\n" + describe(found)
