"""The partner edition of the downloads: one workbook and spreadsheet-ready CSVs per language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from babel.messages.pofile import read_po

from analysis.config import SurveyConfig, load_survey_config
from analysis.errors import ConfigError
from analysis.report.assemble import survey_report, table_labels
from analysis.report.columns import column_of
from analysis.report.downloads import write_downloads
from analysis.report.editions import column_header, column_meaning, separators, write_edition
from analysis.report.i18n import LOCALE_DIR, available_languages, english, translator

LANGS = available_languages()
DAY = date(2026, 3, 14)


def _translated_as_itself(lang: str) -> set[str]:
    """Single-word messages whose translation in ``lang`` is, on purpose, the English word (MWDS,
    p, Partner): a header of two or more English words is never allowed to stay."""
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "report.po").open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id and m.string == m.id and len(str(m.id).split()) == 1}

LABELS = {"skill_label", "group_label", "group_a_label", "group_b_label", "skill_group", "partner_label",
          "row_label", "column_label", "title", "theme_label"}
#: Columns whose values are catalogue words, shown in the edition's language.
WORDS = {"stability", "status", "to_decide", "annex_element"}


@pytest.fixture(scope="module")
def project(sample_project: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[SurveyConfig, Path]:
    """The sample's sector survey cleaned, analysed and prioritised (the shared sample project, read
    only), both editions written into a folder of this module."""
    config = load_survey_config(sample_project / "config" / "surveys" / "sector.yml")
    out = tmp_path_factory.mktemp("editions") / "downloads"
    write_downloads(config, out)
    for lang in LANGS:
        write_edition(config, out, lang, table_labels(config, lang), generated=DAY)
    return config, out


def _book(out: Path, lang: str) -> openpyxl.Workbook:
    return openpyxl.load_workbook(out / lang / "sector" / "sector.xlsx")


def _machine(out: Path, stem: str) -> pd.DataFrame:
    return pd.read_csv(out / "sector" / f"{stem}.csv", dtype=str, keep_default_na=False)


def _headers(sheet) -> list[str]:
    return [cell.value for cell in sheet[1]]


@pytest.mark.parametrize("lang", LANGS[1:])
def test_words_in_a_translated_edition_are_in_its_language(project, lang):
    """A rank's stability and an Annex I element's status, what is still to decide and its wording
    in the Recommendation are catalogue words: the edition shows them in its language."""
    _, out = project
    tr_ = translator(lang).gettext
    for stem, columns in {"priorities": ["stability"],
                          "completeness": ["status", "to_decide", "annex_element"]}.items():
        english_table = _machine(out, stem)
        here = pd.read_csv(out / lang / "sector" / f"{stem}.csv", dtype=str, keep_default_na=False,
                           sep=separators(lang)[0], encoding="utf-8-sig")
        assert len(here) == len(english_table)
        for column in columns:
            values = here[column_header(column, tr_)]
            for english_value, value in zip(english_table[column], values, strict=True):
                assert value == (tr_(english_value) if english_value else ""), (stem, column, english_value)
                if english_value and english_value not in _translated_as_itself(lang):
                    assert value != english_value, (lang, stem, column, english_value)


def test_bg_headers_are_the_catalogues(project):
    _, out = project
    book = _book(out, "bg")
    assert _headers(book["needs"])[:9] == [
        "Разбивка", "Код на групата", "Група", "Код на умението", "Умение", "Група умения", "Респонденти",
        "Средна важност", "Средно владеене",
    ]
    assert "Дял с оценка 3" in _headers(book["descriptives"])


@pytest.mark.parametrize("lang", LANGS[1:])
def test_no_english_header_in_a_translated_edition(project, lang):
    _, out = project
    english_book, book = _book(out, "en"), _book(out, lang)
    assert book.sheetnames[1:] == english_book.sheetnames[1:]
    for name in book.sheetnames[1:]:
        pairs = list(zip(_headers(english_book[name]), _headers(book[name]), strict=True))
        untranslated = [en for en, here in pairs if en == here and en not in _translated_as_itself(lang)]
        assert not untranslated, (lang, name, untranslated)
    csv_headers = (out / lang / "sector" / "needs.csv").read_text("utf-8-sig").splitlines()[0]
    assert csv_headers.split(separators(lang)[0]) == _headers(book["needs"])


def test_sheets_have_a_frozen_header_an_autofilter_and_number_formats(project):
    _, out = project
    book = _book(out, "bg")
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes == "A2", sheet.title
        last = openpyxl.utils.get_column_letter(sheet.max_column)
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}", sheet.title
        assert all(8 <= sheet.column_dimensions[c.column_letter].width <= 60 for c in sheet[1])
    needs = book["needs"]
    formats = {h: needs.cell(row=2, column=k).number_format for k, h in enumerate(_headers(needs), 1)}
    assert formats["Респонденти"] == "0" and formats["Място"] == "0"
    assert formats["Средна важност"] == "0.00" and formats["MWDS"] == "0.00"
    assert formats["Дял с разрив"] == "0.0%"
    gaps = book["gap_tests"]
    p_column = _headers(gaps).index("p") + 1
    assert gaps.cell(row=2, column=p_column).number_format == '[<0.001]"<0.001";0.000'


def test_first_sheet_has_title_source_date_legend_and_column_meanings(project):
    config, out = project
    tr_ = translator("bg").gettext
    sheet = _book(out, "bg").worksheets[0]
    assert sheet.title == "За таблиците"
    rows = [tuple(v for v in row if v is not None) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == (config.text_in("title", "bg"),)
    assert rows[1] == ("Източник", config.text_in("note", "bg").strip())
    assert rows[2] == ("Създадено на", "2026-03-14")
    assert rows[3] == ("Минимален n", 5)
    text = " ".join(str(v) for row in rows for v in row)
    assert "Празна клетка" in text and "от 1 до 4 респонденти" in text and "минимален n = 5" in text
    assert (column_header("importance_mean", tr_), column_meaning("importance_mean", tr_)) in rows
    assert ("Средна важност", "средна оценка на важността") in rows
    assert ("needs", tr_("needs per skill, overall and per group: mean importance and proficiency, MWDS, "
                         "rank, quadrants")) in rows


def _same(cell: object, text: str) -> bool:
    """An XLSX cell holds the machine-readable CSV's value, unrounded.

    An XLSX stores a number as text of 16 significant digits (openpyxl, like the machine-readable
    XLSX): at most the last binary digit of a double differs from the CSV's 17.
    """
    if text == "":
        return cell is None
    if isinstance(cell, bool):
        return str(cell) == text
    if isinstance(cell, (int, float)):
        return float(f"{float(text):.16g}") == cell
    return cell == text


@pytest.mark.parametrize("lang", LANGS)
def test_every_cell_is_the_machine_readable_value(project, lang):
    _, out = project
    book = _book(out, lang)
    tr_ = translator(lang).gettext
    for sheet in book.worksheets[1:]:
        machine = _machine(out, sheet.title)
        by_header = {column_header(name, tr_): name for name in [*machine.columns, *LABELS]}
        names = [by_header[h] for h in _headers(sheet)]
        assert [n for n in names if n in machine.columns] == list(machine.columns), sheet.title
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert len(rows) == len(machine), sheet.title
        for k, name in enumerate(names):
            if name not in machine.columns or (lang != "en" and name in LABELS | WORDS):
                continue  # in the language: test_words_in_a_translated_edition_are_in_its_language
            wrong = [(r, row[k], text) for r, (row, text) in enumerate(zip(rows, machine[name], strict=True))
                     if not _same(row[k], text)]
            assert not wrong, (lang, sheet.title, name, wrong[:3])


def test_labels_in_the_language_beside_the_codes(project):
    config, out = project
    report = survey_report(config, "bg")
    skills = dict(zip(report.needs["skill_id"], report.needs["skill_label"], strict=False))
    groups = report.group_labels
    sheet = _book(out, "bg")["dunn"]
    headers = _headers(sheet)
    assert headers[1:7] == [
        "Код на умението", "Умение", "Код на група A", "Група A", "Код на група B", "Група B",
    ]
    for row in sheet.iter_rows(min_row=2, max_row=40, values_only=True):
        scope, skill, skill_label, a, a_label, b, b_label = row[:7]
        assert skill_label == skills[skill] and skill_label != skill
        assert a_label == groups[scope][a] and b_label == groups[scope][b]
    needs = _book(out, "bg")["needs"]
    assert needs.cell(row=2, column=3).value == "All respondents"  # the results' label, as on the pages


def _rounded(text: str, name: str, decimal: str) -> object:
    kind = column_of(name).kind
    if text == "":
        return None
    if kind == "count":
        return int(float(text))
    if kind == "p":
        value = float(text)
        return "<0" + decimal + "001" if value < 0.001 else round(value, 3)
    if kind in ("decimal", "share"):
        return round(float(text), 2 if kind == "decimal" else 3)
    if kind == "flag":
        return None
    return text


@pytest.mark.parametrize("lang", LANGS)
def test_csv_has_a_bom_and_reads_back_in_the_languages_convention(project, lang):
    _, out = project
    separator, decimal = separators(lang)
    # a decimal comma (every site language but English) takes the semicolon as list separator
    assert (separator, decimal) == ((",", ".") if lang == "en" else (";", ","))
    tr_ = translator(lang).gettext
    for stem in ("needs", "gap_tests", "descriptives", "composition_sector_country"):
        path = out / lang / "sector" / f"{stem}.csv"
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        table = pd.read_csv(path, sep=separator, decimal=decimal, encoding="utf-8-sig", keep_default_na=False)
        machine = _machine(out, stem)
        by_header = {column_header(name, tr_): name for name in [*machine.columns, *LABELS]}
        for header in table.columns:
            name = by_header[header]
            if name not in machine.columns or column_of(name).kind in ("text", "flag"):
                continue
            for mine, text in zip(table[header], machine[name], strict=True):
                expected = _rounded(text, name, decimal)
                if expected is None:
                    assert mine == "", (stem, name)
                elif isinstance(expected, str):
                    assert mine == expected, (stem, name)
                else:  # a p column holding "<0,001" is read as text: its other cells too
                    number = float(mine.replace(decimal, ".")) if isinstance(mine, str) else mine
                    assert isinstance(mine, str) == (column_of(name).kind == "p"), (stem, name)
                    assert number == pytest.approx(expected, abs=1e-9), (lang, stem, name, mine, text)


def test_readmes_list_the_column_meanings(project):
    _, out = project
    machine = (out / "sector" / "README.txt").read_text("utf-8")
    assert "docs/results.md" not in machine and "machine-readable edition" in machine
    assert "- importance_mean: mean importance rating" in machine
    assert "- share_3: share of the ratings equal to 3" in machine
    bg = (out / "bg" / "sector" / "README.txt").read_text("utf-8")
    assert "- Средна важност: средна оценка на важността" in bg
    assert "разделени с ';', десетичен знак ','" in bg


def test_a_column_without_a_header_is_refused():
    with pytest.raises(ConfigError, match=r"published column 'mystery' has no header in "
                                          r"analysis\.report\.columns\.COLUMNS; add it"):
        column_of("mystery")
    assert column_header("share_7", english) == "Share rating 7"
    assert column_header("norm_need", translator("es").gettext) == "necesidad (escalado)"


@pytest.mark.parametrize(("lang", "href"), [("en", "downloads/en/"), ("bg", "../downloads/bg/")])
def test_pages_link_the_languages_own_edition(lang, href):
    from sample_project import ROOT

    from analysis.report.methods_page import methods_context
    from analysis.report.pages import PageSpec, render_page

    configs = [load_survey_config(ROOT / "config" / "surveys" / "sector.yml")]
    spec = PageSpec("methods.html", "methods.html.j2", lambda: {"m": methods_context(configs, lang=lang)})
    nav = render_page(spec, lang)["nav"]
    assert f'<a href="{href}">{translator(lang).gettext("Download the tables")}</a>' in nav


def test_rewriting_an_edition_gives_the_same_bytes(project, tmp_path):
    config, out = project
    written = write_edition(config, tmp_path, "bg", table_labels(config, "bg"), generated=DAY)
    assert len(written) == len(list((out / "bg" / "sector").iterdir()))
    for path in written:
        assert path.read_bytes() == (out / "bg" / "sector" / path.name).read_bytes(), path.name
