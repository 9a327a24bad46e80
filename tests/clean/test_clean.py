"""Cleaning a real LimeSurvey export end to end: exclusions, invariant, codes -> values."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.clean import clean, pseudonym
from analysis.config import SurveyConfig
from analysis.errors import InputError
from analysis.ingest import ingest


def reference_config(folder, responses="responses_code_short.csv", **extra) -> SurveyConfig:
    return SurveyConfig(
        name="reference",
        title="Green skills needs for micro-credentials",
        source={
            "files": {
                "responses": str(folder / responses),
                "structure": str(folder / "survey_845123_structure.lss"),
            }
        },
        profile={
            "country": "COUNTRY", "sector": "SECTOR", "respondent_type": "RESPTYPE",
            "org_size": "ORGSIZE",
        },
        ratings={"importance": "IMPORT", "proficiency": "PROFIC"},
        **extra,
    )


@pytest.fixture(scope="module")
def cleaned(limesurvey_dir):
    return clean(ingest(reference_config(limesurvey_dir)), key=b"test-key")


def test_planted_flaws_are_caught_by_their_rules(cleaned):
    by_rule = cleaned.exclusions.groupby("rule")["response_id"].apply(
        lambda ids: sorted(ids, key=int)
    )
    assert by_rule["incomplete"] == ["4", "10", "23", "31", "45", "52", "59", "67", "71", "76"]
    assert by_rule["duplicate"] == ["11", "26"]  # 79 and 80 repeat them and are kept
    assert by_rule["straightliner"] == ["13", "41", "62"]
    assert set(by_rule.index) == {"incomplete", "duplicate", "straightliner"}


def test_raw_equals_kept_plus_excluded(cleaned):
    assert cleaned.n_raw == 80
    assert cleaned.n_raw == cleaned.n_kept + len(cleaned.exclusions) == 65 + 15
    assert cleaned.funnel["excluded"].sum() == 15


def test_no_answer_is_missing_never_zero(cleaned):
    ratings = cleaned.ratings
    assert ratings["value"].min() == 1
    ids = pseudonym("reference", pd.Series(["6", "18", "34"]), b"test-key")
    missing = ratings[
        ratings["respondent_id"].isin(ids)
        & (ratings["dimension"] == "importance")
        & ratings["skill_id"].isin(["sq008", "sq009"])
    ]
    assert len(missing) == 6 and missing["value"].isna().all()


def test_tidy_shapes_and_no_personal_fields(cleaned):
    assert list(cleaned.ratings.columns) == ["respondent_id", "skill_id", "dimension", "value", "missing"]
    assert len(cleaned.ratings) == 65 * 10 * 2
    respondents = cleaned.respondents
    assert respondents["respondent_id"].is_unique
    assert {"country", "sector", "respondent_type", "org_size", "language", "weight"} <= set(
        respondents.columns
    )
    assert not {"ipaddr", "token", "email", "seed", "startdate", "OTHERNEEDS"} & set(
        respondents.columns
    )
    assert "other" in set(respondents["sector"].dropna())  # LimeSurvey's -oth-


def test_same_answers_in_another_language_clean_to_the_same_row(limesurvey_dir, tmp_path, cleaned):
    text = (limesurvey_dir / "responses_code_short.csv").read_bytes().decode("utf-8-sig")
    lines = text.split("\r\n")
    # response 2 was answered in Spanish; the same answers given in Bulgarian
    lines[2] = lines[2].replace('"2";"2025-04-11 09:08:30";"3";"es"', '"2";"2025-04-11 09:08:30";"3";"bg"')
    path = tmp_path / "bg.csv"
    path.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    other = clean(ingest(reference_config(limesurvey_dir, responses=str(path))), key=b"test-key")
    columns = ["respondent_id", "country", "sector", "respondent_type", "org_size"]
    first = cleaned.respondents.set_index("respondent_id")
    second = other.respondents.set_index("respondent_id")
    rid = pseudonym("reference", pd.Series(["2"]), b"test-key")[0]
    assert first.loc[rid, columns[1:]].tolist() == second.loc[rid, columns[1:]].tolist()
    assert second.loc[rid, "language"] == "bg"
    pd.testing.assert_frame_equal(cleaned.ratings, other.ratings)


def test_unknown_answer_code_names_response_and_column(limesurvey_dir, tmp_path):
    text = (limesurvey_dir / "responses_code_short.csv").read_bytes().decode("utf-8-sig")
    lines = text.split("\r\n")
    cells = lines[3].split(";")
    cells[13] = '"7"'  # IMPORT[SQ001] of response 3
    lines[3] = ";".join(cells)
    path = tmp_path / "bad.csv"
    path.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    with pytest.raises(InputError) as error:
        clean(ingest(reference_config(limesurvey_dir, responses=str(path))), key=b"k")
    message = str(error.value)
    assert "line 4 (response 3)" in message and "column IMPORT[SQ001]" in message
    assert "answer code '7'" in message and "1, 2, 3, 4, 5" in message


def test_pseudonyms_are_keyed_and_stable():
    ids = pd.Series(["1", "2"])
    assert pseudonym("s", ids, b"k").tolist() == pseudonym("s", ids, b"k").tolist()
    assert pseudonym("s", ids, b"k").tolist() != pseudonym("s", ids, b"other").tolist()
    assert pseudonym("s", ids, b"k").tolist() != pseudonym("t", ids, b"k").tolist()
