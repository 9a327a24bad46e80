"""Each single RC2 reply of the real server agrees with the codebook read from the survey's .lss."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.ingest.lss import read_lss

LIMESURVEY = Path(__file__).resolve().parents[1] / "data" / "limesurvey_6_1_8"
LANGUAGE_OF = {"": "en", "_bg": "bg", "_es": "es"}


@pytest.fixture(scope="module")
def codebook(limesurvey_dir):
    return read_lss(limesurvey_dir / "survey_845123_structure.lss")


def result(limesurvey_dir, name):
    return json.loads((limesurvey_dir / name).read_text("utf-8"))["result"]


@pytest.mark.parametrize("suffix", ["", "_bg", "_es"])
def test_list_questions_texts_equal_the_codebook(limesurvey_dir, codebook, suffix):
    language = LANGUAGE_OF[suffix]
    by_qid = {q.qid: q for q in codebook.questions.values()}
    subs = {s.qid: s for q in codebook.questions.values() for s in q.subquestions}
    rows = result(limesurvey_dir, f"rc2_list_questions{suffix}.json")
    assert {r["language"] for r in rows} == {language}
    for row in rows:
        if row["parent_qid"] == 0:
            question = by_qid[row["qid"]]
            assert (question.code, question.type) == (row["title"], row["type"])
            assert question.texts[language] == row["question"]
        else:
            assert subs[row["qid"]].labels[language] == row["question"]
    assert {r["qid"] for r in rows if r["parent_qid"] == 0} == set(by_qid)


@pytest.mark.parametrize(
    "name", sorted(p.name for p in LIMESURVEY.glob("rc2_get_question_properties_*.json"))
)
def test_question_properties_equal_the_codebook(limesurvey_dir, codebook, name):
    reply = result(limesurvey_dir, name)
    language = "bg" if name.endswith("_bg.json") else "en"
    question = codebook[reply["title"]]
    assert question.qid == reply["qid"] and question.type == reply["type"]
    assert question.other == (reply["other"] == "Y")
    subquestions = reply["subquestions"] if isinstance(reply["subquestions"], dict) else {}
    labels = {(s.code, s.scale_id): s.labels[language] for s in question.subquestions}
    assert {(s["title"], int(s["scale_id"])): s["question"] for s in subquestions.values()} == labels
    # a dict of options, "No available answer options", or for a dual scale a list: a dict per scale
    scales = reply["answeroptions"]
    scales = scales if isinstance(scales, list) else [scales] if isinstance(scales, dict) else []
    options = {(code, int(a["scale_id"])): a["answer"] for scale in scales for code, a in scale.items()}
    answers = {(a.code, a.scale_id): a.labels[language] for a in question.answers}
    assert options == answers


@pytest.mark.parametrize("language", ["en", "bg", "es"])
def test_language_properties_title(limesurvey_dir, codebook, language):
    reply = result(limesurvey_dir, f"rc2_get_language_properties_{language}.json")
    assert reply["surveyls_title"] == codebook.title(language)


def test_survey_properties_and_fieldmap(limesurvey_dir, codebook):
    survey = result(limesurvey_dir, "rc2_get_survey_properties.json")
    assert survey["language"] == codebook.base_language
    assert set(survey["additional_languages"].split()) == set(codebook.languages) - {"en"}
    fieldmap = result(limesurvey_dir, "rc2_get_fieldmap.json")
    titles = {f["title"] for f in fieldmap.values() if f.get("title")}
    assert titles == set(codebook.questions)


def test_groups_in_every_language(limesurvey_dir, codebook):
    for suffix, language in [("", "en"), ("_bg", "bg")]:
        for group in result(limesurvey_dir, f"rc2_list_groups{suffix}.json"):
            assert codebook.group_names[group["gid"]][language] == group["group_name"]
