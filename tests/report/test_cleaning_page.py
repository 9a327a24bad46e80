"""The cleaning page of a survey: funnel per partner and rule, missing answers, warnings."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from report_checks import json_strings
from report_sample import (
    FORMULA,
    GENERATED_AT,
    RULES,
    XSS_SKILL,
    make_cleaning_report,
    make_report,
    written_page,
)
from test_html import CHART_DATA, _tables, _without_plotly

from analysis.report import SurveyReport, build_site

PAGE = "sector-cleaning.html"


@pytest.fixture
def report() -> SurveyReport:
    return make_cleaning_report()


@pytest.fixture
def pages(report: SurveyReport, tmp_path: Path) -> dict[str, str]:
    # min_group_n=1 publishes every count: the layout with the counts (suppression: test_disclosure)
    paths = build_site([report], tmp_path / "site", generated_at=GENERATED_AT, min_group_n=1)
    return {p.name: p.read_text(encoding="utf-8") for p in paths}


@pytest.fixture(scope="module")
def cleaning_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site with one full cleaning page and one from data cleaned by an older version."""
    out = tmp_path_factory.mktemp("cleaning_site")
    build_site(
        [make_cleaning_report(), make_report("regional")], out, generated_at=GENERATED_AT, min_group_n=1
    )
    return out


def _table(page: str, css_class: str) -> dict[str, object]:
    return next(t for t in _tables(_without_plotly(page)) if t["class"] == f"data {css_class}")


def test_page_is_written_and_linked(report: SurveyReport, tmp_path: Path):
    paths = build_site([report], tmp_path, generated_at=GENERATED_AT)
    groups = ["sector-sector-c", "sector-sector-e", "sector-country-at", "sector-country-it"]
    assert [p.name for p in paths] == [
        "index.html", "sector.html", *(f"{g}.html" for g in groups), PAGE, "glossary.html",
    ]
    index, survey, cleaning = (
        written_page(paths, name).read_text("utf-8") for name in ("index.html", "sector.html", PAGE)
    )
    assert 'href="sector-cleaning.html">Cleaning report (2 warnings) &rarr;' in index
    assert 'href="sector-cleaning.html">Cleaning report: funnel per partner' in survey
    assert "2 warnings that need a decision" in survey
    assert 'href="sector.html">Results of this survey</a>' in cleaning
    assert "<title>Green skills needs in five sectors – cleaning report</title>" in cleaning


def test_rules_are_explained_with_the_funnel_reasons(pages: dict[str, str]):
    rows = _table(pages[PAGE], "rules")["rows"]
    assert [r[0] for r in rows[1:-1]] == [rule.replace("_", " ") for rule in RULES]
    assert [r[1] for r in rows[1:-1]] == list(RULES.values())
    assert [r[2] for r in rows[1:-1]] == ["1", "3", "0", "1", "2", "1", "1"]
    assert rows[-1] == ["Kept for analysis", "24"]


def test_funnel_per_partner_table(pages: dict[str, str]):
    rows = _table(pages[PAGE], "partners")["rows"]
    assert rows[0] == ["Partner", "Received", *(r.replace("_", " ") for r in RULES), "Kept", "Kept %"]
    assert rows[1] == ["ItalyIT", "20", "1", "2", "0", "1", "1", "0", "0", "15", "75.0%"]
    assert rows[2] == [f"{XSS_SKILL}BG", "8", "0", "1", "0", "0", "1", "0", "0", "6", "75.0%"]
    assert rows[3] == [FORMULA, "5", "0", "0", "0", "0", "0", "1", "1", "3", "60.0%"]
    assert rows[4] == ["All partners", "33", "1", "3", "0", "1", "2", "1", "1", "24", "72.7%"]


def test_funnel_chart_stacks_kept_and_each_rule_per_partner(pages: dict[str, str]):
    charts = {m.group(1): json.loads(m.group(2)) for m in CHART_DATA.finditer(pages[PAGE])}
    assert list(charts) == [
        "funnel-sector", "missing-sector-1-importance", "missing-sector-2-proficiency"
    ]
    funnel = charts["funnel-sector"]
    assert funnel["layout"]["barmode"] == "stack"
    # a rule that excluded nobody (attention_check) is left out of the chart, not the table
    assert [t["name"] for t in funnel["data"]] == [
        "kept", "test response", "incomplete", "duplicate", "speeder", "straightliner",
        "too few answers",
    ]
    ticks = funnel["layout"]["yaxis"]["ticktext"]
    assert ticks == ["All partners", "Italy", "&lt;script&gt;alert(1)&lt;/script&gt;", FORMULA]
    kept = funnel["data"][0]["x"]
    assert kept == pytest.approx([100 * 24 / 33, 75.0, 75.0, 60.0])
    for row in range(4):  # every bar is 100% of what the partner sent
        assert sum(trace["x"][row] for trace in funnel["data"]) == pytest.approx(100.0)
    assert "72.7% of 33 responses kept; most exclusions: incomplete (3)" in pages[PAGE]


def test_warnings_are_prominent(pages: dict[str, str], report: SurveyReport, tmp_path: Path):
    page = _without_plotly(pages[PAGE])
    alert = page[page.index('<div class="alert" role="alert">'):]
    alert = alert[: alert.index("</div>")]
    assert "2 warnings need an analyst&rsquo;s decision" in alert
    # checks this version cannot say in words: the clean stage's message, marked for analysts
    assert ('For analysts, as the clean stage recorded it: <span lang="en">Partner '
            "&lt;script&gt;alert(1)&lt;/script&gt; sent only") in alert
    assert f'<span lang="en">{FORMULA}: the attention item is missing' in alert
    assert "<code>" not in alert
    assert page.index('id="warnings"') < page.index('id="funnel"')  # first thing on the page
    quiet = written_page(build_site([replace(report, warnings=())], tmp_path), PAGE).read_text("utf-8")
    assert 'role="alert"' not in quiet and "No warnings: no check needs a decision." in quiet


def test_missing_shares_above_20_percent_are_highlighted(pages: dict[str, str]):
    table = _table(pages[PAGE], "missing")
    header, *rows = table["rows"]
    assert header == ["Skill", "Rating", "n", "No answer", "Don\u2019t know", "N/A", "Not shown",
                      "Missing"]
    assert rows[3] == ["proficiency", "24", "12.5%", "8.3%", "4.2%", "0.0%", "25.0%\xa0\u25b2"]
    assert rows[1] == ["proficiency", "24", "4.2%", "4.2%", "0.0%", "0.0%", "8.3%"]
    page = _without_plotly(pages[PAGE])
    assert page.count('<td class="num strong high">') == 2  # S2 proficiency, S3 importance
    assert '<td class="num high">20.8%&nbsp;&#9650;</td>' in page  # not shown alone
    assert '<td class="num">12.5%</td>' in page  # below the threshold: plain
    assert "2 of 8 items have more than 20% missing answers." in page
    partners = _table(pages[PAGE], "missing-partners")["rows"]
    assert partners[2] == [XSS_SKILL, "0.0%", "50.0%\xa0\u25b2"]
    charts = [json.loads(m.group(2)) for m in CHART_DATA.finditer(page)][1:]
    assert [t["name"] for t in charts[1]["data"]] == ["No answer", "Don’t know", "N/A", "Not shown"]
    assert charts[1]["layout"]["shapes"][0]["x0"] == 20.0  # the threshold line
    assert "Proficiency: 1 of 4 items has more than 20% missing answers" in page


def test_the_scale_rule_of_each_battery_is_shown(pages: dict[str, str], report: SurveyReport, tmp_path: Path):
    rows = _table(pages[PAGE], "scales")["rows"]
    assert rows[0] == ["Battery", "Rating", "Rule", "Codes → numbers", "Missing codes"]
    assert rows[1] == ["IMPORT", "importance", "assessment: LimeSurvey assessment values",
                       "A1 → 1 · A2 → 2 · A3 → 3 · A4 → 4 · A5 → 5", "DK"]
    assert rows[2] == ["NEEDURG [2]", "proficiency", "order: order of the answer options (check it)",
                       f"U1 → 1 · U2 → 2 · {XSS_SKILL} → 3", ""]
    page = _without_plotly(pages[PAGE])
    assert '<td class="high"><code>order</code>' in page  # the order rule stands out
    assert page.count('<td class="high"><code>') == 1
    assert '<a href="#scales">Scale numbers</a>' in page
    old = written_page(build_site([replace(report, scales=None)], tmp_path), PAGE).read_text("utf-8")
    section = old[old.index('<section id="scales">'):]
    assert "Not recorded by the version that cleaned these data." in section[: section.index("</section>")]
    spanish = written_page(build_site([report], tmp_path / "es", lang="es"), PAGE).read_text("utf-8")
    assert "valores de evaluación de LimeSurvey" in spanish


def test_hostile_labels_are_escaped(pages: dict[str, str]):
    for name, text in pages.items():
        rest = _without_plotly(text)
        assert "<script>alert(1)" not in rest, name
        for match in CHART_DATA.finditer(rest):
            raw = match.group(2)
            assert "<" not in raw and ">" not in raw and "&" not in raw, name
            assert not any("<script" in s for s in json_strings(json.loads(raw))), name
    page = _without_plotly(pages[PAGE])
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4  # partner, warning, skill x2
    assert FORMULA in page  # shown literally; a formula is only a risk in spreadsheets


def test_byte_identical_on_rerun(report: SurveyReport, tmp_path: Path):
    first = build_site([report], tmp_path / "a", generated_at=GENERATED_AT)
    second = build_site([make_cleaning_report()], tmp_path / "b", generated_at=GENERATED_AT)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_data_cleaned_by_an_older_version_still_get_a_page(tmp_path: Path):
    old = make_report()  # no funnel per partner, missingness or warnings
    page = _without_plotly(written_page(build_site([old], tmp_path), PAGE).read_text("utf-8"))
    assert "cleaned by an older version of the pipeline, which did not record the funnel per " \
           "partner, the missing answers per item, the warnings" in page
    assert "Not recorded by the version that cleaned these data." in page
    assert "Missing answers per item were not recorded" in page
    assert 'class="data partners"' not in page
    charts = [json.loads(m.group(2)) for m in CHART_DATA.finditer(page)]
    assert len(charts) == 1
    assert charts[0]["layout"]["yaxis"]["ticktext"] == ["All responses"]
    assert [t["name"] for t in charts[0]["data"]] == ["kept", "incomplete", "duplicate", "speeder"]
    partial = replace(old, warnings=[])
    page = _without_plotly(written_page(build_site([partial], tmp_path), PAGE).read_text("utf-8"))
    assert "did not record the funnel per partner, the missing answers per item." in page


def test_partial_inputs_and_missing_labels(report: SurveyReport, tmp_path: Path):
    funnel = report.funnel_by_partner.copy()
    funnel.loc[0, "partner_label"] = float("nan")  # read from JSON null: falls back to the code
    page = written_page(build_site([replace(report, funnel_by_partner=funnel, skills=None)], tmp_path), PAGE)
    rows = _table(page.read_text("utf-8"), "partners")["rows"]
    assert rows[1][0] == "IT"
    missing = _table(page.read_text("utf-8"), "missing")["rows"]
    assert missing[1][0] == "Energy-efficient building"  # skill label from the needs table


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"funnel_by_partner": make_cleaning_report().funnel_by_partner.drop(columns="speeder")},
         "funnel_by_partner lacks column"),
        ({"missingness": make_cleaning_report().missingness.drop(columns="not_shown")},
         "missingness lacks column"),
        ({"warnings": [{"check": "x"}]}, "needs 'check' and 'message'"),
        ({"warnings": "careful"}, "warnings must be a list"),
        ({"scales": [{"question": "IMPORT"}]}, "each scale needs dimension, question, rule, values"),
        ({"scales": "IMPORT"}, "scales must be a list of mappings"),
    ],
)
def test_invalid_cleaning_inputs_are_rejected(
    report: SurveyReport, tmp_path: Path, change: dict, message: str
):
    with pytest.raises(ValueError, match=message):
        build_site([replace(report, **change)], tmp_path)


def test_a_survey_name_cannot_clash_with_a_cleaning_page(tmp_path: Path):
    with pytest.raises(ValueError, match="clashes with the cleaning page"):
        build_site([make_report("a"), make_report("a-cleaning")], tmp_path)


PAGE_TIMES = (
    {"group_id": 1, "group": {"en": "About you", "bg": "За вас"}, "median_seconds": 95.4,
     "respondents": 24},
    {"group_id": 2, "group": {"en": "Green <b>skills</b>"}, "median_seconds": 3725.0,
     "respondents": 23},
    {"group_id": 3, "group": {}, "median_seconds": 7.0, "respondents": 20},
)


def test_median_time_per_page_when_timings_were_saved(report: SurveyReport, tmp_path: Path):
    timed = replace(report, page_times=PAGE_TIMES,
                    speeder_times={"interviewtime": 30, "dates": 2, "unknown": 1})
    page = written_page(build_site([timed], tmp_path, generated_at=GENERATED_AT), PAGE).read_text("utf-8")
    rows = _table(page, "page-times")["rows"]
    assert rows == [
        ["Page", "Median time", "Respondents timed"],
        ["About you", "1:35", "24"], ["Green <b>skills</b>", "62:05", "23"], ["Page 3", "0:07", "20"],
    ]
    assert "Green &lt;b&gt;skills&lt;/b&gt;" in page
    assert "timed 30 submitted responses by LimeSurvey&rsquo;s saved interview time " \
           "(<code>interviewtime</code>) and 2, which have none, by submit date minus start date." in page
    assert "1 submitted response could not be timed." in page
    assert '<a href="#times">Interview times</a>' in page
    bg_site = build_site([timed], tmp_path / "bg", generated_at=GENERATED_AT, lang="bg")
    bg = written_page(bg_site, PAGE).read_text("utf-8")
    assert _table(bg, "page-times")["rows"][:2] == [
        ["Страница", "Медианно време", "Респонденти с измерено време"], ["За вас", "1:35", "24"],
    ]


def test_no_page_times_without_saved_timings(report: SurveyReport, tmp_path: Path):
    by_dates = replace(report, page_times=(), speeder_times={"interviewtime": 0, "dates": 32, "unknown": 0})
    page = written_page(build_site([by_dates], tmp_path, generated_at=GENERATED_AT), PAGE).read_text("utf-8")
    assert 'class="data page-times"' not in page
    assert "timed every submitted response by its submit date minus its start date" in page
    old_site = build_site([report], tmp_path / "old", generated_at=GENERATED_AT)
    older = written_page(old_site, PAGE).read_text("utf-8")
    assert 'id="times"' not in older and "did not record" not in older


def test_page_times_come_from_the_cleaning_summary(tmp_path: Path):
    from types import SimpleNamespace

    from analysis.store import load_cleaning

    config = SimpleNamespace(processed_dir=tmp_path)
    summary = {"funnel": [], "page_times": list(PAGE_TIMES), "speeder_times": {"interviewtime": 3}}
    loaded = load_cleaning(config, summary)
    assert loaded["page_times"] == PAGE_TIMES and loaded["speeder_times"] == {"interviewtime": 3}
    older = load_cleaning(config, {"funnel": []})
    assert older["page_times"] is None and older["speeder_times"] is None


@pytest.mark.parametrize("lang", ["en", "bg", "es", "it"])
def test_methods_say_which_interview_time_the_speeder_rule_uses(report: SurveyReport, lang: str):
    from sample_project import ROOT

    from analysis.config import load_survey_config
    from analysis.report.i18n import translator
    from analysis.report.pages import render_page
    from analysis.report.site import site_pages

    config = load_survey_config(ROOT / "config" / "surveys" / "sector.yml")
    specs = {s.filename: s for s in site_pages([report], [config], lang=lang)}
    html = "".join(render_page(specs["methods.html"], lang).values())
    text = translator(lang).gettext(
        "The speeder rule compares interview times: LimeSurvey's saved interview time "
        "(<code>interviewtime</code>) where the survey saved timings and the response has one, else "
        "the submit date minus the start date. Each survey's cleaning report says how many "
        "responses were timed each way."
    )
    assert lang == "en" or "LimeSurvey's saved" not in text  # translated
    assert text in html


# --- in real Chromium ------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize(("page_name", "charts"), [(PAGE, 3), ("regional-cleaning.html", 1)])
def test_cleaning_page_renders_offline_without_errors(
    cleaning_site: Path, open_page, page_name: str, charts: int
):
    path = cleaning_site / page_name
    result = open_page(path, shot=page_name.removesuffix(".html"))
    result.assert_loaded_offline()
    assert result.charts == len(CHART_DATA.findall(path.read_text("utf-8"))) == charts


@pytest.mark.browser
def test_cleaning_page_shows_hostile_labels_as_text(cleaning_site: Path, open_page):
    result = open_page(cleaning_site / PAGE, shot="sector-cleaning-labels")
    assert result.dialogs == []
    assert XSS_SKILL in result.tick_texts and FORMULA in result.tick_texts
    assert '"quotes" & ampersands' in result.tick_texts  # a skill of the missingness charts


@pytest.mark.browser
def test_cleaning_page_is_readable_on_a_phone(cleaning_site: Path, open_page):
    def _visible(page) -> dict[str, bool]:
        return {
            "warnings": page.locator(".alert").is_visible(),
            "table_scrolls_inside": page.evaluate(
                "(() => { const w = document.querySelector('table.partners').parentElement;"
                " return w.scrollWidth > w.clientWidth; })()"
            ),
        }

    result = open_page(cleaning_site / PAGE, shot="sector-cleaning-phone", width=390, height=844,
                       interact=_visible)
    assert result.page_errors == [] and result.console_errors == []
    assert result.charts == 3
    assert result.overflow_px <= 0, "the cleaning page scrolls sideways on a phone"
    assert result.interaction["warnings"]
    assert result.interaction["table_scrolls_inside"]  # the wide table scrolls in its box only



@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "How answer codes become numbers: each rating battery takes its numbers from the first"),
     ("bg", "Как кодовете на отговорите стават числа"),
     ("es", "Cómo los códigos de respuesta se convierten en números"),
     ("it", "Come i codici di risposta diventano numeri")],
)
def test_methods_appendix_explains_the_scale_rule_order(lang: str, words: str):
    from sample_project import ROOT

    from analysis.config import load_survey_config
    from analysis.report.methods_page import methods_context
    from analysis.report.pages import PageSpec, render_page

    configs = [load_survey_config(ROOT / "config" / "surveys" / "sector.yml")]
    spec = PageSpec("methods.html", "methods.html.j2", lambda: {"m": methods_context(configs, lang=lang)})
    main = render_page(spec, lang)["main"]
    assert words in main
    if lang == "en":
        rules = ["(1) Numbers set in the survey's configuration (scale_values)",
                 "(2) LimeSurvey's assessment values", "(3) Answer codes that are integers",
                 "(4) Otherwise the order of the answer options"]
        positions = [main.replace("&#39;", "'").index(rule) for rule in rules]
        assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("lang", "row", "expected"),
    [("en", "Numbers of the rating answers",
      "RATE [1]: set in the survey config (scale_values); RATE [2]: order of the answer options (check it)"),
     ("bg", "Числа на отговорите в оценките",
      "RATE [1]: зададени в конфигурацията на проучването (scale_values); "
      "RATE [2]: редът на възможните отговори (проверете го)")],
)
def test_methods_appendix_names_each_batterys_rule(lang: str, row: str, expected: str):
    from sample_project import ROOT

    from analysis.config import load_survey_config
    from analysis.report.methods_page import methods_context
    from analysis.report.pages import PageSpec, render_page

    surveys = ROOT / "config" / "surveys"
    configs = [load_survey_config(surveys / name) for name in ("sector.yml", "regional.yml")]
    scales = {
        "sector": None,  # not cleaned yet: a dash, not a guess
        "regional": [
            {"question": "RATE", "scale": 1, "rule": "config"},
            {"question": "RATE", "scale": 2, "rule": "order"},
        ],
    }
    spec = PageSpec(
        "methods.html", "methods.html.j2",
        lambda: {"m": methods_context(configs, lang=lang, scales=scales)},
    )
    main = render_page(spec, lang)["main"]
    cells = re.search(rf"<th scope=\"row\">{row}</th><td>(.*?)</td><td>(.*?)</td>", main)
    assert cells, main
    assert cells.group(1) == "\u2014"
    assert html.unescape(cells.group(2)) == expected


@pytest.mark.parametrize(("lang", "row", "crossed"), [
    ("en", "Crossed groups (needs)", "sector × country"),
    ("fr", "Groupes croisés (besoins)", None),
])
def test_methods_appendix_names_the_crossed_groups(lang: str, row: str, crossed: str | None):
    from sample_project import ROOT

    from analysis.config import load_survey_config
    from analysis.report.methods_page import methods_context
    from analysis.report.pages import PageSpec, render_page
    from analysis.report.words import field_words

    surveys = ROOT / "config" / "surveys"
    configs = [load_survey_config(surveys / name) for name in ("regional.yml", "sector.yml")]
    assert configs[1].analysis.cross == (("sector", "country"),) and not configs[0].analysis.cross
    spec = PageSpec("methods.html", "methods.html.j2", lambda: {"m": methods_context(configs, lang=lang)})
    main = render_page(spec, lang)["main"]
    cells = re.search(rf"<th scope=\"row\">{re.escape(row)}</th><td>(.*?)</td><td>(.*?)</td>", main)
    assert cells, main
    assert cells.group(1) == "\u2014"
    from analysis.report.i18n import translator

    tr_ = translator(lang).gettext
    expected = crossed or f"{field_words(tr_, 'sector')} × {field_words(tr_, 'country')}"
    assert html.unescape(cells.group(2)) == expected
    assert "sector" not in expected or lang == "en"
