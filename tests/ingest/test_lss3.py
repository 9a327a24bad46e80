"""LimeSurvey 3 structure files: texts on the rows themselves, one row per language.

The fixture is the real LimeSurvey 6.1.8 structure rewritten in LimeSurvey 3's layout (DBVersion 366):
``questions``/``subquestions`` rows carry ``question``, ``help`` and ``language``; ``answers`` rows
carry ``answer`` and ``language`` (no ``aid``); ``groups`` rows carry ``group_name`` and ``language``;
there are no ``*_l10ns`` tables. The field lists follow real LimeSurvey 3 exports.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

import pandas as pd
import pytest
from defusedxml import ElementTree

from analysis.config import ResponseFile
from analysis.ingest.lss import parse_lss, read_lss
from analysis.ingest.responses import read_response_file

LS3_QUESTION_FIELDS = (
    "qid", "parent_qid", "sid", "gid", "type", "title", "question", "preg", "help", "other",
    "mandatory", "question_order", "language", "scale_id", "same_default", "relevance", "modulename",
)
LS3_ANSWER_FIELDS = ("qid", "code", "answer", "sortorder", "assessment_value", "language", "scale_id")
LS3_GROUP_FIELDS = (
    "gid", "sid", "group_name", "group_order", "description", "language", "randomization_group",
    "grelevance",
)


def _rows(root, table):
    return [{f.tag: f.text or "" for f in row} for row in root.iterfind(f"{table}/rows/row")]


def _table(name, fields, rows):
    out = [f" <{name}>", "  <fields>"]
    out += [f"   <fieldname>{f}</fieldname>" for f in fields]
    out += ["  </fields>", "  <rows>"]
    for row in rows:
        out.append("   <row>")
        for f in fields:
            value = row.get(f, "")
            out.append(f"    <{f}><![CDATA[{value}]]></{f}>" if value != "" else f"    <{f}/>")
        out.append("   </row>")
    out += ["  </rows>", f" </{name}>"]
    return "\n".join(out)


def to_ls3(ls6: bytes) -> bytes:
    """The LS6 structure in LimeSurvey 3's layout (texts per language on the rows)."""
    root = ElementTree.fromstring(ls6)
    languages = [el.text for el in root.findall("languages/language")]
    q10n = {(r["qid"], r["language"]): r for r in _rows(root, "question_l10ns")}
    a10n = {(r["aid"], r["language"]): r for r in _rows(root, "answer_l10ns")}
    g10n = {(r["gid"], r["language"]): r for r in _rows(root, "group_l10ns")}

    def questions(table):
        out = []
        for row in _rows(root, table):
            for language in languages:
                texts = q10n.get((row["qid"], language), {})
                out.append(row | {"question": texts.get("question", ""), "help": texts.get("help", ""),
                                  "language": language, "modulename": ""})
        return out

    answers = [
        row | {"answer": a10n.get((row["aid"], language), {}).get("answer", ""), "language": language}
        for row in _rows(root, "answers") for language in languages
    ]
    groups = [
        row | {"group_name": g10n.get((row["gid"], language), {}).get("group_name", ""),
               "description": "", "language": language}
        for row in _rows(root, "groups") for language in languages
    ]
    attributes = _rows(root, "question_attributes")
    surveys = _rows(root, "surveys")
    settings = _rows(root, "surveys_languagesettings")
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<document>",
        " <LimeSurveyDocType>Survey</LimeSurveyDocType>",
        " <DBVersion>366</DBVersion>",
        " <languages>" + "".join(f"<language>{escape(lang)}</language>" for lang in languages)
        + "</languages>",
        _table("answers", LS3_ANSWER_FIELDS, answers),
        _table("groups", LS3_GROUP_FIELDS, groups),
        _table("questions", LS3_QUESTION_FIELDS, questions("questions")),
        _table("subquestions", LS3_QUESTION_FIELDS, questions("subquestions")),
        _table("question_attributes", ("qid", "attribute", "value", "language"), attributes),
        _table("surveys", tuple(surveys[0]), surveys),
        _table("surveys_languagesettings", tuple(settings[0]), settings),
        "</document>",
    ]
    return "\n".join(parts).encode("utf-8")


@pytest.fixture(scope="module")
def ls6(limesurvey_dir):
    return read_lss(limesurvey_dir / "survey_845123_structure.lss")


@pytest.fixture(scope="module")
def ls3(limesurvey_dir):
    data = to_ls3((limesurvey_dir / "survey_845123_structure.lss").read_bytes())
    assert b"_l10ns" not in data and b"<DBVersion>366</DBVersion>" in data
    return parse_lss(data, source="survey_ls3.lss")


def test_ls3_layout_reads_into_the_same_codebook(ls3, ls6):
    assert ls3.survey_id == ls6.survey_id and ls3.languages == ls6.languages
    assert ls3.titles == ls6.titles
    assert [c.heading for c in ls3.columns()] == [c.heading for c in ls6.columns()]
    for code, question in ls6.questions.items():
        other = ls3[code]
        assert (other.qid, other.type, other.group_id, other.other) == (
            question.qid, question.type, question.group_id, question.other
        )
        assert other.texts == question.texts, code
        assert sorted(other.subquestions, key=lambda s: s.qid) == sorted(
            question.subquestions, key=lambda s: s.qid
        )
        key = lambda a: (a.scale_id, a.code)  # noqa: E731
        ls3_answers = [(a.code, a.scale_id, a.sortorder, a.labels) for a in sorted(other.answers, key=key)]
        ls6_answers = [(a.code, a.scale_id, a.sortorder, a.labels) for a in sorted(question.answers, key=key)]
        assert ls3_answers == ls6_answers, code
    assert ls3.group_names == ls6.group_names


def test_ls3_codebook_reads_a_bulgarian_full_text_export(ls3, limesurvey_dir):
    frame, _ = read_response_file(
        ResponseFile(path=limesurvey_dir / "responses_bg_full_long.csv"), ls3, default_encoding="utf-8-sig"
    )
    canonical, _ = read_response_file(
        ResponseFile(path=limesurvey_dir / "responses_code_short.csv"), ls3, default_encoding="utf-8-sig"
    )
    columns = [c for c in canonical.columns if c not in ("_file", "_line")]
    pd.testing.assert_frame_equal(frame[columns], canonical[columns], check_dtype=False)
