"""Translated pages show no English, raw code or developer message: words of the catalogue, labels
in the page's language, numbers and Plotly's own words the page language's way."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from report_checks import reader_runs
from report_sample import make_cleaning_report

from analysis.report.charts import Segment, stacked_share_chart
from analysis.report.cleaning_page import cleaning_context
from analysis.report.i18n import available_languages
from analysis.report.priorities_page import _elements
from analysis.report.render import (
    fmt,
    fmt_count,
    fmt_p,
    fmt_pct,
    number_language,
    plotly_js,
    plotly_locale,
)
from analysis.report.site import everyone_in_language

TRANSLATED = [lang for lang in available_languages() if lang != "en"]

# --- numbers ------------------------------------------------------------------------------------


def test_numbers_take_the_page_languages_symbols():
    english = (fmt(0.0812), fmt_pct(0.011), fmt_p(0.0001), fmt_count(10000))
    assert english == ("0.08", "1.1%", "< 0.001", "10,000")
    with number_language("es"):
        assert (fmt(0.0812), fmt_pct(0.011), fmt_p(0.0001), fmt_count(10000)) == (
            "0,08", "1,1\u00a0%", "< 0,001", "10.000"
        )
    with number_language("bg"):
        assert (fmt(-0.001), fmt_pct(0.5, 0), fmt_count(10000)) == ("0,00", "50%", "10\u00a0000")
    assert fmt(1.5) == "1.50"  # the language is the block's only


def test_charts_write_numbers_and_plotly_settings_in_the_page_language():
    def chart():
        return json.loads(stacked_share_chart(
            ["Italy"], [Segment("kept", "#000000", "kept")], [[1]], [3], div_id="c", title="t", x_title="x",
        ).spec)

    english = chart()
    assert "separators" not in english["layout"] and "locale" not in english["config"]
    assert "(33.3%)" in english["data"][0]["hovertext"][0]
    with number_language("it"):
        italian = chart()
    assert italian["layout"]["separators"] == ",."
    assert italian["config"]["locale"] == "it"
    assert "(33,3%)" in italian["data"][0]["hovertext"][0]


def test_plotly_speaks_the_page_language():
    locale = plotly_locale("es")
    assert locale["dictionary"]["Download plot as a PNG"] == "Descargar el gráfico como PNG"
    assert locale["format"] == {"decimal": ",", "thousands": "."}
    script = str(plotly_js("es"))
    assert 'Plotly.register({"moduleType": "locale", "name": "es"' in script
    assert '"moduleType": "locale"' not in str(plotly_js())
    for lang in TRANSLATED:  # every word of plotly's is translated
        words = plotly_locale(lang)["dictionary"]
        assert all(value != key for key, value in words.items() if key not in ("Zoom",)), lang


# --- cleaning page ------------------------------------------------------------------------------

WARNINGS = [
    {"check": "pseudonym_key", "message": "SKILLSNEEDS_PSEUDONYM_KEY is not set: respondent ids use the "
     "public sample key", "values": {}},
    {"check": "contact_data_redacted", "message": "open texts of kept respondents held 1 e-mail addresses",
     "values": {"emails": 1, "phones": 2}},
    {"check": "item_missing_share", "message": "importance of S01: 30% of 20 kept respondents",
     "values": {"dimension": "importance", "skill_id": "S01", "missing_share": 0.305, "n": 20,
                "threshold": 0.2}},
    {"check": "new_check", "message": "something only this version's successor can say"},
]


def test_warnings_are_sentences_of_the_catalogue_and_the_key_warning_stays_in_the_terminal():
    report = replace(make_cleaning_report(), warnings=tuple(WARNINGS))
    with number_language("es"):  # as a page's context is built
        context = cleaning_context(report, lang="es")
    messages = [w["message"] for w in context["warnings"]]
    assert len(messages) == 3 and not any("PSEUDONYM" in m for m in messages)
    assert messages[0] == (
        "Los textos abiertos de los encuestados conservados contenían 1 direcciones de correo electrónico "
        "y 2 números de teléfono; se han sustituido por [e-mail] y [phone]."
    )
    assert "el 30,5\u00a0% de 20" in messages[1] and messages[1].endswith("del 20\u00a0%.")
    assert [w["recorded"] for w in context["warnings"]] == ["", "", WARNINGS[3]["message"]]
    english = cleaning_context(report, lang="en")
    assert english["warnings"][0]["message"].startswith("Open texts of kept respondents held 1 e-mail")


def test_rules_are_words_in_the_chart_legend():
    chart = json.loads(cleaning_context(make_cleaning_report(), lang="it")["funnel_chart"].spec)
    names = [trace["name"] for trace in chart["data"]]
    assert not any("_" in name for name in names), names


# --- labels -------------------------------------------------------------------------------------


def test_all_respondents_is_named_in_the_page_language():
    report = make_cleaning_report()
    needs = report.needs.copy()
    needs.loc[needs.index[0], ["scope", "group", "group_label"]] = ["overall", "all", "All respondents"]
    translated = everyone_in_language(replace(report, needs=needs), "bg")
    assert translated.needs["group_label"].iloc[0] == "Всички респонденти"
    assert everyone_in_language(report, "en") is report


def test_a_candidates_sectors_are_labels_without_codes():
    class Candidate:
        title, learning_outcomes, sectors = "t", (), ("AGRI", "XX")

    elements = _elements(Candidate(), {"AGRI": "Agroalimentare"}, lambda s: s)
    assert elements["sectors"] == ["Agroalimentare", "XX"]


# --- the sample site ----------------------------------------------------------------------------

#: Names of methods, which stay as their authors named them in every language (each links to its
#: glossary entry, which explains it in the page's language).
METHOD_NAMES = {"Locus for Focus", "Kruskal–Wallis", "Kruskal-Wallis", "Importance-Performance"}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_english_is_left_on_the_sample_sites_translated_pages(sample_project: Path, lang: str):
    reports = sample_project / "reports"
    # the check itself finds English: the English pages have many runs of words
    assert len(reader_runs((reports / "sector.html").read_text("utf-8"), "en")) > 50
    left = []
    pages = sorted((reports / lang).glob("*.html"))
    assert {page.name for page in pages} == {page.name for page in reports.glob("*.html")}
    for page in pages:
        twin = reports / page.name
        assert twin.exists(), page
        same = reader_runs(page.read_text("utf-8"), lang) & reader_runs(twin.read_text("utf-8"), "en")
        left += [f"{page.name}: {r}" for r in sorted(same) if r not in METHOD_NAMES]
    assert not left, f"English left on the {lang} pages:\n" + "\n".join(left)
