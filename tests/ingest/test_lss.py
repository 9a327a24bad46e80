"""The .lss reader against a structure file written by a real LimeSurvey 6.1.8 server."""

from __future__ import annotations

import csv

import pytest

from analysis.errors import InputError
from analysis.ingest.lss import parse_lss, read_lss


@pytest.fixture(scope="module")
def codebook(limesurvey_dir):
    return read_lss(limesurvey_dir / "survey_845123_structure.lss")


def test_survey_languages_and_titles(codebook):
    assert codebook.survey_id == 845123
    assert codebook.base_language == "en"
    assert codebook.languages == ("en", "bg", "es")
    assert codebook.title("en") == "Green skills needs for micro-credentials"
    assert codebook.title("bg") == "Нужди от зелени умения за микроквалификации"


def test_questions_in_survey_order_with_types(codebook):
    assert [(q.code, q.type) for q in codebook.questions.values()] == [
        ("COUNTRY", "L"), ("SECTOR", "L"), ("RESPTYPE", "L"), ("ORGSIZE", "L"), ("YEARSEXP", "N"),
        ("IMPORT", "A"), ("PROFIC", "A"), ("NEEDURG", "1"), ("DELIVERY", "M"), ("RANKMC", "R"),
        ("BARRIERS", "F"), ("OTHERNEEDS", "T"),
    ]


def test_column_headings_equal_the_real_export(codebook, limesurvey_dir):
    with open(limesurvey_dir / "responses_code_short.csv", encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f, delimiter=";"))
    metadata = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]
    assert header == metadata + [column.heading for column in codebook.columns()]


def test_labels_in_every_language(codebook):
    country = codebook["COUNTRY"]
    bulgaria = next(a for a in country.answers if a.code == "BG")
    assert bulgaria.labels == {"bg": "България", "en": "Bulgaria", "es": "Bulgaria"}
    assert country.answer_codes() == ["BG", "ES", "MK", "SI", "RO", "GR"]
    assert codebook["SECTOR"].other is True
    importance = codebook["IMPORT"]
    assert importance.subquestion_codes() == [f"SQ{i:03d}" for i in range(1, 11)]
    assert set(importance.subquestions[0].labels) == {"en", "bg", "es"}


def test_rating_values_of_a_five_point_array(codebook):
    assert codebook["IMPORT"].answer_values() == {str(v): v for v in range(1, 6)}


def test_dual_scale_answers_are_kept_per_scale(codebook):
    needs = codebook["NEEDURG"]
    assert needs.answer_codes(0) == ["N1", "N2", "N3", "N4"]
    assert needs.answer_codes(1) == ["U1", "U2", "U3"]


def test_tidy_codebook_has_every_language(codebook):
    frame = codebook.to_frame()
    assert set(frame["language"]) == {"en", "bg", "es"}
    row = frame[(frame.question == "COUNTRY") & (frame.code == "BG") & (frame.language == "bg")]
    assert row["label"].tolist() == ["България"]


def test_not_a_survey_structure_is_a_clear_error():
    with pytest.raises(InputError, match="not a LimeSurvey survey structure"):
        parse_lss(b"<html><body>Login</body></html>", source="x.lss")


def test_malformed_xml_names_the_file():
    with pytest.raises(InputError, match=r"^broken\.lss: not a well-formed"):
        parse_lss(b"<document><LimeSurveyDocType>Survey", source="broken.lss")


def test_entity_expansion_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><document>&b;</document>'
    )
    with pytest.raises(InputError, match="not a well-formed"):
        parse_lss(bomb, source="bomb.lss")
