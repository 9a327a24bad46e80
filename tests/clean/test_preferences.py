"""Preference answers (closed single- and multiple-choice questions) kept for the report and demand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.clean.harmonise import preference_answers
from analysis.codebook import AnswerOption, Codebook, Question, Subquestion
from analysis.errors import ConfigError, InputError


def _question(qid: int, code: str, qtype: str, other: bool = False, **extra) -> Question:
    return Question(
        qid=qid,
        code=code,
        type=qtype,
        group_id=1,
        group_order=1,
        question_order=qid,
        mandatory=False,
        other=other,
        texts={"en": code},
        **extra,
    )


CODEBOOK = Codebook(
    survey_id=1,
    base_language="en",
    languages=("en",),
    titles={"en": "t"},
    questions={
        "FORMAT": _question(
            1,
            "FORMAT",
            "M",
            other=True,
            subquestions=tuple(
                Subquestion(c, 10 + i, i, 0, {"en": c}) for i, c in enumerate(["DF01", "DF02"])
            ),
        ),
        "LENGTH": _question(
            2,
            "LENGTH",
            "L",
            other=True,
            answers=tuple(AnswerOption(c, i, 0, 0, {"en": c}) for i, c in enumerate(["LEN1", "LEN2"])),
        ),
        "AGREE": _question(3, "AGREE", "Y"),
        "NOTE": _question(4, "NOTE", "T"),
    },
)


def _raw(rows: list[dict[str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows).fillna("")
    frame["id"] = [str(i + 1) for i in range(len(frame))]
    frame["_file"] = "responses.csv"
    frame["_line"] = range(2, len(frame) + 2)
    return frame


def test_single_multiple_other_and_no_answer() -> None:
    raw = _raw(
        [
            {"FORMAT[DF01]": "Y", "FORMAT[DF02]": "Y", "FORMAT[other]": "", "LENGTH": "LEN2", "AGREE": "Y"},
            {
                "FORMAT[DF01]": "",
                "FORMAT[DF02]": "",
                "FORMAT[other]": "Podcasts",
                "LENGTH": "-oth-",
                "AGREE": "",
            },
            {"FORMAT[DF01]": "", "FORMAT[DF02]": "", "FORMAT[other]": "  ", "LENGTH": "", "AGREE": "N"},
        ]
    )
    ids = pd.Series(["a", "b", "c"])
    table = preference_answers(raw, CODEBOOK, ["FORMAT", "LENGTH", "AGREE"], ids)
    assert list(table.itertuples(index=False, name=None)) == [
        ("a", "AGREE", "Y"),
        ("a", "FORMAT", "DF01"),
        ("a", "FORMAT", "DF02"),
        ("a", "LENGTH", "LEN2"),
        ("b", "FORMAT", "other"),
        ("b", "LENGTH", "other"),
        ("c", "AGREE", "N"),
    ]
    assert str(table["code"].dtype) == "string"


def test_unknown_code_names_file_line_response_and_column() -> None:
    raw = _raw([{"FORMAT[DF01]": "", "FORMAT[DF02]": "", "LENGTH": "LEN9"}])
    with pytest.raises(InputError) as error:
        preference_answers(raw, CODEBOOK, ["LENGTH"], pd.Series(["a"]))
    message = str(error.value)
    for part in ("responses.csv", "2", "LENGTH", "'LEN9'", "LEN1, LEN2"):
        assert part in message
    raw = _raw([{"FORMAT[DF01]": "1", "FORMAT[DF02]": "", "LENGTH": ""}])
    with pytest.raises(InputError, match=r"FORMAT\[DF01\]"):
        preference_answers(raw, CODEBOOK, ["FORMAT"], pd.Series(["a"]))


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("NOTE", "has type 'T'; expected a single choice"),
        ("PRICE", "'PRICE' is not a question of the survey"),
    ],
)
def test_not_a_closed_question(question: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        preference_answers(_raw([{"NOTE": "x"}]), CODEBOOK, [question], pd.Series(["a"]))
