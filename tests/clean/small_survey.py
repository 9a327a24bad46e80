"""A tiny survey built in code (codebook + raw frame) for rule, edge-case and property tests."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.codebook import AnswerOption, Codebook, Question, Subquestion
from analysis.config import SurveyConfig
from analysis.ingest import RawSurvey

ITEMS = ("SQ001", "SQ002", "SQ003", "SQ004")
COUNTRIES = ("BG", "ES", "RO", "GR")
KEY = b"test-key"


def _question(qid: int, code: str, qtype: str, group: int, order: int, **extra) -> Question:
    return Question(
        qid=qid, code=code, type=qtype, group_id=group, group_order=group, question_order=order,
        mandatory=False, other=False, texts={"en": code}, **extra,
    )


def codebook(rating_type: str = "A") -> Codebook:
    """COUNTRY and ATTN on page 1, IMPORT on page 2, PROFIC, OPENNEEDS and EMAIL on page 3."""
    subs = tuple(Subquestion(code, 100 + i, i, 0, {"en": code}) for i, code in enumerate(ITEMS))
    countries = tuple(AnswerOption(c, i, 0, 0, {"en": c}) for i, c in enumerate(COUNTRIES))
    attention = tuple(AnswerOption(f"A{i}", i, 0, 0, {"en": str(i)}) for i in range(1, 4))
    answers = ()
    if rating_type == "F":
        answers = tuple(AnswerOption(f"A{i}", i, i, 0, {"en": str(i)}) for i in range(1, 6))
        answers += (AnswerOption("DK", 6, 0, 0, {"en": "Don't know"}),)
    questions = {
        "COUNTRY": _question(1, "COUNTRY", "L", 1, 1, answers=countries),
        "ATTN": _question(2, "ATTN", "L", 1, 2, answers=attention),
        "IMPORT": _question(3, "IMPORT", rating_type, 2, 1, subquestions=subs, answers=answers),
        "PROFIC": _question(4, "PROFIC", rating_type, 3, 1, subquestions=subs, answers=answers),
        "OPENNEEDS": _question(5, "OPENNEEDS", "T", 3, 2),
        "EMAIL": _question(6, "EMAIL", "S", 3, 3),
    }
    return Codebook(
        survey_id=1, base_language="en", languages=("en", "bg", "es"), titles={"en": "Small"},
        questions=questions, settings={"format": "G"},
    )


def config(**cleaning) -> SurveyConfig:
    """The small survey's config; ``cleaning`` overrides (short batteries: min_items 3)."""
    settings = {"straightliners": {"min_items": 3}} | cleaning
    return SurveyConfig(
        name="small", title="Small survey",
        source={"files": {"responses": "small.csv", "structure": "small.lss"}},
        profile={"country": "COUNTRY"},
        ratings={"importance": "IMPORT", "proficiency": "PROFIC"},
        cleaning=settings,
    )


def row(
    rid: str,
    importance: Sequence[str] = ("4", "3", "5", "2"),
    proficiency: Sequence[str] = ("2", "3", "1", "2"),
    *,
    submit: str = "2025-03-10 10:20:00",
    start: str = "2025-03-10 10:00:00",
    lastpage: str = "3",
    country: str = "BG",
    language: str = "bg",
    attention: str = "A3",
    text: str = "",
    email: str = "",
    token: str = "",
    line: int | None = None,
    file: str = "small.csv",
) -> dict[str, object]:
    """One raw response as the ingest writes it: every cell text, empty = no answer."""
    out: dict[str, object] = {
        "id": rid, "submitdate": submit, "lastpage": lastpage, "startlanguage": language, "seed": "1",
        "token": token, "startdate": start, "datestamp": submit or start, "ipaddr": "192.0.2.1",
        "COUNTRY": country, "ATTN": attention,
    }
    out |= {f"IMPORT[{c}]": v for c, v in zip(ITEMS, importance, strict=True)}
    out |= {f"PROFIC[{c}]": v for c, v in zip(ITEMS, proficiency, strict=True)}
    out |= {"OPENNEEDS": text, "EMAIL": email, "_file": file, "_line": line or int(rid.lstrip("BG-")) + 1}
    return out


def raw_survey(rows: Sequence[dict[str, object]], rating_type: str = "A", **cleaning) -> RawSurvey:
    """A :class:`RawSurvey` of the given rows."""
    columns = list(row("1").keys())
    frame = pd.DataFrame(list(rows), columns=columns).astype({c: object for c in columns})
    if len(frame):
        frame["_line"] = frame["_line"].astype(int)
    return RawSurvey(config(**cleaning), codebook(rating_type), frame.reset_index(drop=True), ())
