"""The numbers of a rating scale: config, then assessment values, then integer codes, then order."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.codebook import AnswerOption, Codebook, Question, Subquestion
from analysis.config import SurveyConfig
from analysis.ingest import read_lss

SUBS = tuple(Subquestion(f"SQ00{i}", 100 + i, i, 0, {"en": f"skill {i}"}) for i in range(1, 4))


def question(code: str, answers: tuple[AnswerOption, ...], qtype: str = "F") -> Question:
    return Question(
        qid=1, code=code, type=qtype, group_id=1, group_order=1, question_order=1,
        mandatory=False, other=False, texts={"en": code}, subquestions=SUBS, answers=answers,
    )


def options(*codes: str, assessment: tuple[int, ...] = (), scale_id: int = 0) -> tuple[AnswerOption, ...]:
    values = assessment or (0,) * len(codes)
    return tuple(
        AnswerOption(code, n, value, scale_id, {"en": code})
        for n, (code, value) in enumerate(zip(codes, values, strict=True), start=1)
    )


def codebook(*questions: Question) -> Codebook:
    return Codebook(
        survey_id=1, base_language="en", languages=("en",), titles={"en": "t"},
        questions={q.code: q for q in questions},
    )


def config(scale_values=(), missing=("DK",), ratings=None) -> SurveyConfig:
    return SurveyConfig(
        name="demo", title="Demo",
        source={"files": {"responses": "r.csv", "structure": "s.lss"}},
        ratings=ratings or {"importance": "IMPORT", "proficiency": "IMPORT"},
        scale_values=scale_values, cleaning={"missing_codes": list(missing)},
    )


EDITOR = options("A1", "A2", "A3", "A4", "A5", "DK")
ASSESSED = options("A1", "A2", "A3", "A4", "A5", "DK", assessment=(10, 20, 30, 40, 50, 0))
INTEGER = options("1", "2", "3", "4", "5", "DK")
CONFIGURED = [{"question": "IMPORT", "values": {"A1": 5, "A2": 4, "A3": 3, "A4": 2, "A5": 1}}]


def test_editor_codes_are_numbered_by_their_order_without_the_missing_ones():
    numbers = codebook(question("IMPORT", EDITOR)).scale("IMPORT", config=config())
    assert numbers.rule == "order"
    assert dict(numbers.values) == {"A1": 1, "A2": 2, "A3": 3, "A4": 4, "A5": 5}
    assert numbers.missing == ("DK",) and numbers.unvalued == ()
    assert numbers.describe() == "A1 → 1, A2 → 2, A3 → 3, A4 → 4, A5 → 5"


def test_order_follows_the_sort_order_not_the_codes():
    shuffled = tuple(
        AnswerOption(code, order, 0, 0, {}) for code, order in [("Z", 1), ("B", 3), ("M", 2)]
    )
    numbers = codebook(question("IMPORT", shuffled)).scale("IMPORT")
    assert dict(numbers.values) == {"Z": 1, "M": 2, "B": 3}


def test_without_missing_codes_every_option_takes_its_place():
    numbers = codebook(question("IMPORT", EDITOR)).scale("IMPORT", config=config(missing=()))
    assert numbers.values["DK"] == 6


@pytest.mark.parametrize(
    ("answers", "scale_values", "rule", "values"),
    [
        # config beats assessment beats integer beats order
        (ASSESSED, CONFIGURED, "config", {"A1": 5, "A2": 4, "A3": 3, "A4": 2, "A5": 1}),
        (ASSESSED, (), "assessment", {"A1": 10, "A2": 20, "A3": 30, "A4": 40, "A5": 50}),
        (INTEGER, (), "integer", {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5}),
        (EDITOR, CONFIGURED, "config", {"A1": 5, "A2": 4, "A3": 3, "A4": 2, "A5": 1}),
        (EDITOR, (), "order", {"A1": 1, "A2": 2, "A3": 3, "A4": 4, "A5": 5}),
    ],
)
def test_precedence(answers, scale_values, rule, values):
    numbers = codebook(question("IMPORT", answers)).scale("IMPORT", config=config(scale_values))
    assert (numbers.rule, dict(numbers.values)) == (rule, values)


def test_integer_codes_beat_assessment_values_of_zero_and_order():
    mixed = options("1", "2", "3", "X")
    numbers = codebook(question("IMPORT", mixed)).scale("IMPORT", config=config(missing=()))
    assert numbers.rule == "integer" and dict(numbers.values) == {"1": 1, "2": 2, "3": 3}
    assert numbers.unvalued == ("X",)


def test_assessment_value_of_a_declared_missing_code_is_not_a_number():
    answers = options("A1", "A2", "DK", assessment=(1, 2, 9))
    numbers = codebook(question("IMPORT", answers)).scale("IMPORT", config=config())
    assert numbers.rule == "assessment" and dict(numbers.values) == {"A1": 1, "A2": 2}


def test_numeric_arrays_are_integer_codes_unless_configured():
    book = codebook(question("IMPORT", (), qtype="A"))
    numbers = book.scale("IMPORT", config=config())
    assert numbers.rule == "integer" and dict(numbers.values) == {str(v): v for v in range(1, 6)}
    reversed_ = [{"question": "IMPORT", "values": {str(v): 6 - v for v in range(1, 6)}}]
    numbers = book.scale("IMPORT", config=config(reversed_))
    assert numbers.rule == "config" and numbers.values["1"] == 5


def test_a_shared_mapping_numbers_several_questions():
    shared = [{"questions": ["IMPORT", "PROFIC"], "values": {"A1": 2, "A2": 4, "A3": 6, "A4": 8, "A5": 10}}]
    book = codebook(question("IMPORT", EDITOR), question("PROFIC", EDITOR))
    settings = config(shared, ratings={"importance": "IMPORT", "proficiency": "PROFIC"})
    for code in ("IMPORT", "PROFIC"):
        numbers = book.scale(code, config=settings)
        assert numbers.rule == "config" and numbers.values["A5"] == 10


def test_a_question_without_answer_options_has_no_rule():
    numbers = codebook(question("IMPORT", ())).scale("IMPORT")
    assert numbers.rule is None and not numbers.values and numbers.codes == ()


@pytest.fixture(scope="module")
def reference(limesurvey_dir: Path) -> Codebook:
    """The real LimeSurvey 6.1.8 structure of survey 845123."""
    return read_lss(limesurvey_dir / "survey_845123_structure.lss")


def test_reference_editor_arrays_are_numbered_by_order(reference):
    """BARRIERS (F, AO01-AO05) and NEEDURG (dual scale, N1-N4 / U1-U3) have no assessment values."""
    barriers = reference.scale("BARRIERS")
    assert barriers.rule == "order"
    assert dict(barriers.values) == {f"AO0{n}": n for n in range(1, 6)}
    need, urgency = reference.scale("NEEDURG", 1), reference.scale("NEEDURG", 2)
    assert (need.rule, urgency.rule) == ("order", "order")
    assert dict(need.values) == {"N1": 1, "N2": 2, "N3": 3, "N4": 4}
    assert dict(urgency.values) == {"U1": 1, "U2": 2, "U3": 3}
    assert (need.name, urgency.name) == ("NEEDURG[1]", "NEEDURG[2]")
    assert reference.scale("IMPORT").rule == "integer"


def test_reference_dual_scale_configured_per_scale(reference):
    settings = config(
        [{"question": "NEEDURG", "scale": 2, "values": {"U1": 3, "U2": 2, "U3": 1}}], missing=(),
        ratings={"importance": "IMPORT", "proficiency": {"question": "NEEDURG", "scale": 2}},
    )
    assert dict(reference.scale("NEEDURG", 2, settings).values) == {"U1": 3, "U2": 2, "U3": 1}
    assert reference.scale("NEEDURG", 1, settings).rule == "order"  # scale 1 is not configured


def test_tidy_codebook_carries_the_rule_of_rating_batteries(reference):
    settings = config(
        [{"question": "NEEDURG", "scale": 2, "values": {"U1": 3, "U2": 2, "U3": 1}}], missing=(),
        ratings={"importance": "BARRIERS", "proficiency": {"question": "NEEDURG", "scale": 2}},
    )
    frame = reference.to_frame(settings)
    answers = frame[(frame["item"] == "answer") & (frame["language"] == "en")]

    def rows(code: str) -> list[tuple[str, object, object]]:
        part = answers[answers["question"] == code]
        return list(zip(part["code"], part["value"], part["scale_rule"], strict=True))

    assert rows("BARRIERS") == [(f"AO0{n}", n, "order") for n in range(1, 6)]
    assert rows("NEEDURG")[4:] == [("U1", 3, "config"), ("U2", 2, "config"), ("U3", 1, "config")]
    # scale 1 of NEEDURG is no rating battery: numbers only from assessment or integer codes
    assert [r[1:] for r in rows("NEEDURG")[:4]] == [(pd.NA, pd.NA)] * 4
    assert answers.loc[answers["question"] == "COUNTRY", "scale_rule"].isna().all()
    assert answers.loc[answers["question"] == "COUNTRY", "value"].isna().all()
    assert frame["scale_rule"].dtype == "string"
    assert list(frame.columns) == ["question", "type", "group_id", "language", "item", "code", "scale",
                                   "value", "scale_rule", "label"]
