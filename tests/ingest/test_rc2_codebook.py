"""The codebook rebuilt from RemoteControl 2 replies equals the one read from the .lss."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from analysis.codebook import AnswerOption, Question, Subquestion
from analysis.ingest.limesurvey import Credentials, RC2Connection, fetch_structure
from analysis.ingest.lss import read_lss
from analysis.ingest.rc2_codebook import (
    codebook_from_rc2,
    compare_codebooks,
    read_structure_dir,
    write_structure_dir,
)


@pytest.fixture
def replies(rc2_server):
    with RC2Connection(Credentials(rc2_server.url, "admin", "Admin123!"), timeout=2) as connection:
        return fetch_structure(connection, 845123)


@pytest.fixture(scope="module")
def lss(limesurvey_dir):
    return read_lss(limesurvey_dir / "survey_845123_structure.lss")


def test_rebuilt_codebook_equals_the_lss_codebook(replies, lss):
    codebook = codebook_from_rc2(replies)
    assert compare_codebooks(lss, codebook) == []
    assert codebook == lss
    assert list(codebook.questions) == list(lss.questions)
    assert [c.heading for c in codebook.columns()] == [c.heading for c in lss.columns()]
    assert codebook["NEEDURG"].answer_codes(1) == ["U1", "U2", "U3"]
    assert codebook["NEEDURG"].attributes["dualscale_headerA:bg"] == "Бъдеща нужда"
    assert codebook["YEARSEXP"].attributes == {"max_num_value_n": "60", "min_num_value_n": "0"}


def test_structure_files_round_trip(tmp_path, replies, lss):
    write_structure_dir(replies, tmp_path / "structure")
    assert codebook_from_rc2(read_structure_dir(tmp_path / "structure", 845123)) == lss


def test_differences_are_itemised(replies, lss):
    changed = copy.deepcopy(replies)
    for row in changed.languages["bg"]["questions"]:
        if row["title"] == "SQ003" and row["parent_qid"] == 6:
            row["question"] = "Отпадъци"
    changed.languages["en"]["question_properties"][1]["answeroptions"]["GR"]["order"] = 9
    lines = [str(d) for d in compare_codebooks(lss, codebook_from_rc2(changed))]
    assert lines == [
        "COUNTRY: answer GR (scale 0) sortorder: .lss 6 vs server 9",
        "IMPORT: subquestion SQ003 (scale 0) label[bg]: .lss 'Управление на отпадъците' vs server 'Отпадъци'",
    ]


def test_question_is_canonical_whatever_the_order_it_is_built_in(lss):
    question = lss["NEEDURG"]
    shuffled = dataclasses.replace(
        question,
        subquestions=tuple(reversed(question.subquestions)),
        answers=tuple(reversed(question.answers)),
        attributes=question.attributes | {"hidden": "0", "statistics_showgraph": "1", "cssclass": ""},
    )
    assert shuffled == question
    assert [a.code for a in shuffled.answers] == ["N1", "N2", "N3", "N4", "U1", "U2", "U3"]


def test_canonical_sort_keeps_scale_then_order_then_code():
    question = Question(
        qid=1, code="Q", type="F", group_id=1, group_order=1, question_order=1, mandatory=False,
        other=False,
        subquestions=(Subquestion("B", 3, 1, 0), Subquestion("A", 2, 1, 0), Subquestion("C", 4, 0, 1)),
        answers=(AnswerOption("X", 2, 0, 0), AnswerOption("Y", 1, 0, 1), AnswerOption("W", 2, 0, 0)),
    )
    assert [s.code for s in question.subquestions] == ["A", "B", "C"]
    assert [a.code for a in question.answers] == ["W", "X", "Y"]
