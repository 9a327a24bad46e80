"""The export writers of analysis.synthetic against what a real LimeSurvey 6.1.8 server wrote.

The reference survey 845123 (tests/data/limesurvey_6_1_8) is rebuilt from its own ``.lss`` and the
80 responses exactly as they were submitted, written with our writers, and compared with the
server's exports byte for byte (CSV, JSON) or cell for cell (XLSX, whose zip container differs).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from analysis.synthetic import plugins, writers
from analysis.synthetic.fieldmap import Field, abbreviate, fieldmap, full_heading
from analysis.synthetic.structure import instrument_from_lss

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "limesurvey_6_1_8"


@pytest.fixture(scope="module")
def survey():
    instrument = instrument_from_lss((REFERENCE / "survey_845123_structure.lss").read_bytes())
    fields = fieldmap(instrument)
    by_name = {f.name: f for f in fields}
    payloads = json.loads((REFERENCE / "input_add_response_payloads.json").read_text("utf-8"))
    responses = []
    for number, payload in enumerate(payloads, start=1):
        response: dict[str, str | None] = {f.code: None for f in fields}
        response["id"] = str(number)
        for key, value in payload.items():
            if key in by_name:
                response[by_name[key].code] = str(value) if isinstance(value, int) else value
        response["submitdate"] = payload["submitdate"] or None
        responses.append(response)
    return instrument, fields, responses


CSV_FILES = [
    ("code", "short", "en", "responses_code_short.csv"),
    ("code", "long", "en", "responses_code_long.csv"),
    ("full", "short", "en", "responses_full_short.csv"),
    ("full", "long", "en", "responses_full_long.csv"),
    ("abbreviated", "short", "en", "responses_abbreviated_short.csv"),
    ("abbreviated", "long", "en", "responses_abbreviated_long.csv"),
    ("full", "long", "bg", "responses_bg_full_long.csv"),
    ("full", "long", "es", "responses_es_full_long.csv"),
]
JSON_FILES = [
    ("code", "short", "en", "responses_code_short.json"),
    ("code", "long", "en", "responses_code_long.json"),
    ("full", "long", "en", "responses_full_long.json"),
    ("code", "long", "bg", "responses_bg_code_long.json"),
    ("code", "long", "es", "responses_es_code_long.json"),
]
XLSX_FILES = [
    ("code", "short", "en", "responses_code_short.xls"),
    ("full", "long", "en", "responses_full_long.xls"),
    ("full", "long", "bg", "responses_bg_full_long.xls"),
]


@pytest.mark.parametrize(("heading", "answers", "language", "name"), CSV_FILES)
def test_csv_writer_gives_limesurvey_bytes(survey, heading, answers, language, name) -> None:
    _instrument, fields, responses = survey
    data = writers.csv_export(
        fields, responses, heading=heading, answers=answers, language=language
    )
    assert data == (REFERENCE / name).read_bytes()


@pytest.mark.parametrize(("heading", "answers", "language", "name"), JSON_FILES)
def test_json_writer_gives_limesurvey_bytes(survey, heading, answers, language, name) -> None:
    _instrument, fields, responses = survey
    data = writers.json_export(
        fields, responses, heading=heading, answers=answers, language=language
    )
    assert data == (REFERENCE / name).read_bytes()


@pytest.mark.parametrize(("heading", "answers", "language", "name"), XLSX_FILES)
def test_xlsx_writer_gives_limesurvey_cells(survey, heading, answers, language, name) -> None:
    instrument, fields, responses = survey
    data = writers.xlsx_export(
        fields, responses, title=instrument.titles[language], heading=heading, answers=answers,
        language=language,
    )
    # the reference file is XLSX despite its name
    ours = openpyxl.load_workbook(io.BytesIO(data))
    real = openpyxl.load_workbook(io.BytesIO((REFERENCE / name).read_bytes()))
    assert ours.sheetnames == real.sheetnames
    ours_rows = [[(c.value, c.data_type) for c in row] for row in ours.worksheets[0].iter_rows()]
    real_rows = [[(c.value, c.data_type) for c in row] for row in real.worksheets[0].iter_rows()]
    assert ours_rows == real_rows
    assert writers.xlsx_export(
        fields, responses, title=instrument.titles[language], heading=heading, answers=answers,
        language=language,
    ) == data  # regenerating gives the same bytes


def test_abbreviation_keeps_text_no_longer_than_the_cut() -> None:
    assert abbreviate("Online, self-paced", 15) == "Online, self-paced"  # 18 = 15 + ".. "
    assert abbreviate("Live online sessions", 15) == "Live online ses.. "


def test_timing_and_participant_headings_follow_limesurvey(survey) -> None:
    # createTimingsFieldMap: interviewtime, then each group's time before its questions' times;
    # participant columns (Export::exportresults) come last, named by their column
    instrument, _fields, _responses = survey
    fields = fieldmap(instrument, timings=True, participants=True)
    codes = [f.code for f in fields]
    start = codes.index("interviewtime")
    assert codes[start:start + 4] == ["interviewtime", "groupTime1", "COUNTRYTime", "SECTORTime"]
    assert codes[codes.index("groupTime2") + 1] == "IMPORTTime"
    assert codes[-3:] == ["firstname", "lastname", "email"]
    by_code = {f.code: f for f in fields}
    assert full_heading(by_code["interviewtime"], "en") == "Total time"
    assert full_heading(by_code["groupTime1"], "en") == "Group time: Profile"
    assert full_heading(by_code["IMPORTTime"], "en") == "Question time: IMPORT"
    assert full_heading(by_code["email"], "en") == "Email address"
    assert [f.name for f in fields if f.kind == "timing"][:3] == [
        "interviewtime", "845123X1time", "845123X1X1time",
    ]


def test_words_without_a_source_are_english_in_headings_and_refused_in_answers(survey) -> None:
    # LimeSurvey writes a string its catalogue lacks as the English message id (gettext)
    instrument, _fields, _responses = survey
    timing = fieldmap(instrument, timings=True)[-1]
    assert isinstance(timing, Field)
    assert full_heading(timing, "ro") == "Question time: OTHERNEEDS"
    interview = next(f for f in fieldmap(instrument, timings=True) if f.code == "interviewtime")
    assert full_heading(interview, "mk") == "Вкупно време"  # sourced: LimeSurvey's mk.po
    delivery = next(f for f in fieldmap(instrument) if f.code == "DELIVERY[DF01]")
    assert writers.long_value(delivery, "Y", "mk") == "Да"
    with pytest.raises(KeyError, match="not known"):
        writers.long_value(delivery, "Y", "ro")


def test_php_numbers() -> None:
    assert writers.php_number(652.12) == "652.12"
    assert writers.php_number(12.0) == "12"
    assert writers.php_number(7) == "7"


def test_r_plugin_gives_limesurvey_bytes(survey) -> None:
    instrument, fields, responses = survey
    assert plugins.r_data_csv(fields, responses) == (
        REFERENCE / "responses_plugin_rdata.csv"
    ).read_bytes()
    assert plugins.r_syntax(fields, instrument.sid) == (
        REFERENCE / "responses_plugin_rsyntax.R"
    ).read_bytes()


def test_spss_plugin_gives_limesurvey_variables_labels_and_values(survey, tmp_path) -> None:
    # the .sav container is pyreadstat's, so compare what a reader gets: names, variable labels,
    # value labels, types and every value; the display formats of text columns differ (module
    # docstring of analysis.synthetic.plugins)
    import pyreadstat

    _instrument, fields, responses = survey
    path = tmp_path / "ours.sav"
    path.write_bytes(plugins.spss_sav(fields, responses))
    ours, mine = pyreadstat.read_sav(str(path))
    real, theirs = pyreadstat.read_sav(str(REFERENCE / "responses_plugin_spsssav.sav"))
    assert mine.column_names == theirs.column_names
    assert mine.column_names_to_labels == theirs.column_names_to_labels
    assert mine.readstat_variable_types == theirs.readstat_variable_types
    assert mine.variable_measure == theirs.variable_measure
    for name in theirs.column_names:
        labels = theirs.value_labels.get(theirs.variable_to_label.get(name))
        assert mine.value_labels.get(mine.variable_to_label.get(name)) == labels, name
        if theirs.readstat_variable_types[name] == "double":
            assert mine.original_variable_types[name] == theirs.original_variable_types[name]
    assert ours.equals(real)
    assert plugins.spss_sav(fields, responses) == path.read_bytes()  # same bytes again


def test_stata_plugin_gives_limesurvey_bytes(survey) -> None:
    instrument, fields, responses = survey
    data = plugins.stata_xml(
        fields, responses, title=instrument.titles["en"], sid=instrument.sid,
        time_stamp="23 Nov 2026 18:45",  # when the reference was exported
    )
    assert data == (REFERENCE / "responses_plugin_stataxml.xml").read_bytes()
