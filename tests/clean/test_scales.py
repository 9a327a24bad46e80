"""Rating numbers in cleaning: editor codes, config checks, and never a silently empty result."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from small_survey import KEY, config, raw_survey, row

from analysis.clean import clean, require_kept
from analysis.clean.harmonise import battery_scale, check_scale_values
from analysis.codebook import AnswerOption
from analysis.config import SurveyConfig
from analysis.errors import ConfigError, InputError
from analysis.ingest import RawSurvey, read_lss

EDITOR_CODES = ("A1", "A2", "A3", "A4", "A5", "DK")


def editor_survey(rows, answers=EDITOR_CODES, scale_values=(), **cleaning) -> RawSurvey:
    """The small survey as the LimeSurvey editor makes it: codes A1..A5 + DK, no assessment values."""
    raw = raw_survey(rows, "F", **cleaning)
    options = tuple(AnswerOption(code, n, 0, 0, {"en": code}) for n, code in enumerate(answers, start=1))
    questions = dict(raw.codebook.questions)
    for code in ("IMPORT", "PROFIC"):
        questions[code] = replace(questions[code], answers=options)
    settings = raw.config.model_copy(
        update={"scale_values": SurveyConfig.model_validate(
            raw.config.model_dump() | {"scale_values": scale_values}
        ).scale_values, "config_path": Path("config/surveys/small.yml")}
    )
    return RawSurvey(settings, replace(raw.codebook, questions=questions), raw.responses, ())


ROWS = [
    row("1", importance=["A5", "A4", "DK", "A1"], proficiency=["A2", "A2", "A3", "A1"]),
    row("2", importance=["A3", "A3", "A4", "A5"], proficiency=["A1", "", "A2", "A4"]),
]


def ratings_of(cleaned, dimension: str) -> list[object]:
    part = cleaned.ratings[cleaned.ratings["dimension"] == dimension]
    return [None if v is pd.NA else int(v) for v in part["value"].astype(object)]


def test_editor_codes_are_numbered_by_order_with_a_warning():
    cleaned = clean(editor_survey(ROWS, missing_codes=["DK"]), key=KEY)
    assert cleaned.n_kept == 2
    assert ratings_of(cleaned, "importance") == [5, 4, None, 1, 3, 3, 4, 5]
    assert ratings_of(cleaned, "proficiency") == [2, 2, 3, 1, 1, None, 2, 4]
    dk = cleaned.ratings[(cleaned.ratings["dimension"] == "importance")].iloc[2]
    assert dk["missing"] == "dont_know"
    assert {d: s.rule for d, s in cleaned.scales.items()} == {"importance": "order", "proficiency": "order"}
    (warning, *_) = [w for w in cleaned.warnings if w["check"] == "scale_order"]
    assert warning["message"] == (
        "importance (IMPORT): the answer codes have no assessment values and are not integers, so they "
        "are numbered by their order in the survey structure: A1 → 1, A2 → 2, A3 → 3, A4 → 4, A5 → 5; "
        "DK declared missing. If these are not the intended numbers, set them with scale_values in the "
        "survey config (docs/configuration.md)"
    )
    assert [w["check"] for w in cleaned.warnings].count("scale_order") == 2


def test_configured_numbers_win_and_give_no_warning():
    reverse = [{"questions": ["IMPORT", "PROFIC"], "values": {"A1": 5, "A2": 4, "A3": 3, "A4": 2, "A5": 1}}]
    cleaned = clean(editor_survey(ROWS, scale_values=reverse, missing_codes=["DK"]), key=KEY)
    importance = cleaned.ratings[cleaned.ratings["dimension"] == "importance"]
    assert importance["value"].iloc[0] == 1 and importance["value"].iloc[3] == 5
    assert {s.rule for s in cleaned.scales.values()} == {"config"}
    assert not any(w["check"] == "scale_order" for w in cleaned.warnings)


def test_assessment_values_are_used_as_before():
    answers = row("1", importance=["A5", "A4", "DK", "A1"], proficiency=["A1", "A2", "A2", "A1"])
    cleaned = clean(raw_survey([answers], "F"), key=KEY)
    assert cleaned.scales["importance"].rule == "assessment"
    assert not any(w["check"] == "scale_order" for w in cleaned.warnings)


def test_a_battery_without_answer_options_is_an_error_naming_the_fix():
    survey = editor_survey(ROWS, answers=())
    with pytest.raises(ConfigError) as error:
        clean(survey, key=KEY)
    message = str(error.value)
    assert message.startswith("config/surveys/small.yml: no answer code of the rating question IMPORT has "
                              "a number (its answer codes: none: the question has no answer options)")
    assert "scale_values:\n    - question: IMPORT\n      values: {A1: 1, A2: 2}" in message


def test_every_code_declared_missing_is_an_error_naming_the_codes():
    missing = {"DK": "dont_know", "NA": "not_applicable"}
    survey = editor_survey(ROWS, answers=("DK", "NA"), missing_codes=missing)
    with pytest.raises(ConfigError) as error:
        clean(survey, key=KEY)
    message = str(error.value)
    assert "no answer code of the rating question IMPORT has a number (its answer codes: DK, NA; DK, NA " \
           "are declared missing in cleaning.missing_codes), so every rating would be missing" in message
    assert "values: {DK: 1, NA: 2}" in message


@pytest.fixture(scope="module")
def reference(limesurvey_dir: Path):
    return read_lss(limesurvey_dir / "survey_845123_structure.lss")


def reference_config(scale_values, missing=()) -> SurveyConfig:
    return SurveyConfig(
        name="ref", title="Reference", source={"files": {"responses": "r.csv", "structure": "s.lss"}},
        ratings={"importance": "BARRIERS", "proficiency": {"question": "NEEDURG", "scale": 2}},
        scale_values=scale_values, cleaning={"missing_codes": list(missing)},
        config_path=Path("ref.yml"),
    )


@pytest.mark.parametrize(
    ("scale_values", "message"),
    [
        ([{"question": "NOSUCH", "values": {"A1": 1}}],
         "ref.yml: scale_values[0]: question 'NOSUCH' is not in the survey structure (its questions: "
         "COUNTRY, SECTOR, RESPTYPE, ORGSIZE, YEARSEXP, IMPORT, PROFIC, NEEDURG, DELIVERY, RANKMC, "
         "BARRIERS, OTHERNEEDS)"),
        ([{"question": "NEEDURG", "values": {"U1": 1}}],
         "ref.yml: scale_values[0]: NEEDURG is a dual-scale array: give scale: 1 or scale: 2 (one entry "
         "per scale)"),
        ([{"question": "BARRIERS", "scale": 2, "values": {"AO01": 1}}],
         "ref.yml: scale_values[0]: BARRIERS has one answer scale; scale: 2 is only for dual-scale arrays "
         "(leave it out)"),
        ([{"question": "NEEDURG", "scale": 2, "values": {"N1": 1, "U1": 2}}],
         "ref.yml: scale_values[0].values: N1 is not an answer code of NEEDURG scale 2 (its answer codes: "
         "U1, U2, U3)"),
        ([{"questions": ["IMPORT", "BARRIERS"], "values": {"A1": 1, "A2": 2}}],
         "ref.yml: scale_values[0].values: A1, A2 are not answer codes of IMPORT (its answer codes: 1, 2, "
         "3, 4, 5)"),
        ([{"question": "BARRIERS", "values": {"AO01": 1, "AO02": 2, "AO03": 3}}],
         "ref.yml: scale_values[0].values: answer codes AO04, AO05 of BARRIERS have no number: give them "
         "one, or declare them missing in cleaning.missing_codes"),
    ],
)
def test_scale_values_are_checked_against_the_structure(reference, scale_values, message):
    with pytest.raises(ConfigError) as error:
        check_scale_values(reference_config(scale_values), reference)
    assert str(error.value) == message


def test_valid_scale_values_on_the_reference_structure(reference):
    settings = reference_config(
        [{"question": "BARRIERS", "values": {"AO01": 1, "AO02": 2, "AO03": 3, "AO04": 4}},
         {"question": "NEEDURG", "scale": 2, "values": {"U1": 3, "U2": 2, "U3": 1}}],
        missing=["AO05"],
    )
    check_scale_values(settings, reference)
    assert battery_scale(settings, reference, "BARRIERS").missing == ("AO05",)
    assert dict(battery_scale(settings, reference, "NEEDURG", 2).values) == {"U1": 3, "U2": 2, "U3": 1}
    assert battery_scale(settings, reference, "NEEDURG", 1).rule == "order"


def test_a_rule_excluding_more_than_half_is_a_warning():
    rows = [row("1"), row("2", submit=""), row("3", submit=""), row("4", submit="", lastpage="1")]
    cleaned = clean(raw_survey(rows), key=KEY)
    (warning,) = [w for w in cleaned.warnings if w["check"] == "rule_excluded_share"]
    assert warning["message"] == (
        "rule incomplete excluded 3 of 4 responses (75%), more than half: not submitted: the respondent "
        "left before the last page. Check its settings (cleaning.incomplete) and the answers it reads"
    )
    half = clean(raw_survey(rows[:2] + [row("5")] + rows[2:3]), key=KEY)  # exactly half: no warning
    assert not any(w["check"] == "rule_excluded_share" for w in half.warnings)


def test_keeping_nobody_is_an_error_naming_the_rule():
    rows = [
        row("1", importance=["", "", "", ""]),
        row("2", importance=["", "", "", ""], proficiency=["1", "1", "2", "3"]),
        row("3", submit=""),
    ]
    cleaned = clean(raw_survey(rows), key=KEY)
    assert cleaned.n_kept == 0
    with pytest.raises(InputError) as error:
        require_kept(config(), cleaned)
    message = str(error.value)
    assert message.startswith(
        "survey small: cleaning kept none of the 3 responses. Rule too_few_answers excluded most, 2 of 3 "
        "(answered too few items of a rating battery to be compared), e.g. response 1: IMPORT: 0 of 4 "
        "items answered, under 50%; the others: incomplete 1. Check cleaning.too_few_answers in the "
        "survey config"
    )
    assert message.endswith("and the answers that rule reads; nothing was written")
    with pytest.raises(InputError, match="survey small: there are no responses to clean"):
        require_kept(config(), clean(raw_survey([]), key=KEY))
    require_kept(config(), clean(raw_survey([row("1")]), key=KEY))  # someone kept: no error
