"""The columns of a LimeSurvey 6 response export, in LimeSurvey's order, with every heading style.

A port of the parts of LimeSurvey that decide what an export holds:

- ``createFieldMap`` (``application/helpers/common_helper.php``): the fixed columns the survey's
  settings switch on, then per question its columns (array rows, dual-scale ``#0``/``#1``,
  ``other``, multiple-choice ``comment`` and ``othercomment``, ranking positions);
- ``createTimingsFieldMap`` (same file): with ``savetimings`` on, ``interviewtime``, then per group
  ``<sid>X<gid>time`` (code heading ``groupTime<gid>``) followed by that group's questions
  ``<sid>X<gid>X<qid>time`` (code heading ``<code>Time``);
- the export page (``Export::exportresults``): the fieldmap and the timings are selected by default,
  and the participant columns ticked under "Participant control" are appended in the order
  firstname, lastname, email, attribute_1, attribute_2, ...;
- ``Writer::getHeadingCode`` / ``getFullHeading`` / ``getAbbreviatedHeading`` and
  ``viewHelper::getFieldCode`` / ``getFieldText``: the three heading styles.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from analysis.synthetic.instruments import Instrument, Question, Subquestion
from analysis.synthetic.words import FIXED_HEADINGS, word

__all__ = [
    "Field",
    "PARTICIPANT_FIELDS",
    "abbreviate",
    "abbreviated_heading",
    "fieldmap",
    "flatten",
    "full_heading",
]

#: Participant columns a default participants table has, before its attributes.
PARTICIPANT_FIELDS = {"firstname": "First name", "lastname": "Last name", "email": "Email address"}


@dataclass(frozen=True)
class Field:
    """One column of an export.

    ``kind`` is ``fixed``, ``answer``, ``other`` (list/multiple-choice "other" text),
    ``comment`` (multiple choice with comments), ``othercomment``, ``timing`` or ``participant``.
    """

    name: str  # database column: fixed name, SGQA (845123X2X8SQ001#0) or timing/participant
    code: str  # code heading (IMPORT[SQ001], NEEDURG[SQ001][1], interviewtime, attribute_1)
    kind: str
    type: str = ""  # LimeSurvey question type of answer columns
    question: Question | None = None
    gid: int | None = None
    sub: Subquestion | None = None
    scale: int | None = None  # dual scale: 0 or 1
    rank: int | None = None  # ranking position
    extra: dict = field(default_factory=dict)  # timing/participant texts


def _sgqa(instrument: Instrument, question: Question, qid: int) -> str:
    return f"{instrument.sid}X{question.group}X{qid}"


def fixed_fields(instrument: Instrument) -> list[Field]:
    """The fixed columns ``createFieldMap`` puts first, for the survey's settings."""
    settings = instrument.settings
    names = ["id", "submitdate", "lastpage", "startlanguage", "seed"]
    if instrument.participant_table and settings.get("anonymized", "N") == "N":
        names.append("token")
    if settings.get("datestamp") == "Y":
        names += ["startdate", "datestamp"]
    if settings.get("ipaddr") == "Y":
        names.append("ipaddr")
    if settings.get("refurl") == "Y":
        names.append("refurl")
    return [Field(n, n, "fixed") for n in names]


def question_fields(instrument: Instrument) -> list[Field]:
    """Each question's columns in survey order (``createFieldMap``)."""
    result: list[Field] = []
    for qid, question in enumerate(instrument.questions, start=1):
        base = _sgqa(instrument, question, qid)
        common = {"type": question.type, "question": question, "gid": question.group}
        kind = question.type
        if kind in {"L", "!", "N", "S", "T", "U", "D", "G", "Y", "5", "X"}:
            result.append(Field(base, question.code, "answer", **common))
            if kind in {"L", "!"} and question.other:
                result.append(Field(f"{base}other", f"{question.code}[other]", "other", **common))
        elif kind == "1":
            for sub in question.subquestions:
                for scale in (0, 1):
                    result.append(Field(
                        f"{base}{sub.code}#{scale}", f"{question.code}[{sub.code}][{scale + 1}]",
                        "answer", sub=sub, scale=scale, **common,
                    ))
        elif kind == "R":
            for position in range(1, len(question.options) + 1):
                result.append(Field(
                    f"{base}{position}", f"{question.code}[{position}]", "answer",
                    rank=position, **common,
                ))
        elif kind in {"A", "B", "C", "E", "F", "H", "M", "P", "Q", "K"}:
            for sub in question.subquestions:
                result.append(Field(
                    f"{base}{sub.code}", f"{question.code}[{sub.code}]", "answer", sub=sub, **common
                ))
                if kind == "P":
                    result.append(Field(
                        f"{base}{sub.code}comment", f"{question.code}[{sub.code}comment]",
                        "comment", sub=sub, **common,
                    ))
            if kind in {"M", "P"} and question.other:
                result.append(Field(f"{base}other", f"{question.code}[other]", "other", **common))
                if kind == "P":
                    result.append(Field(
                        f"{base}othercomment", f"{question.code}[othercomment]", "othercomment",
                        **common,
                    ))
        else:
            raise ValueError(f"question type {kind!r} of {question.code} is not supported")
    return result


def timing_fields(instrument: Instrument) -> list[Field]:
    """``createTimingsFieldMap``: interviewtime, then each group's time before its questions'."""
    result = [Field("interviewtime", "interviewtime", "timing", extra={"msg": "Total time"})]
    seen_groups: set[int] = set()
    for qid, question in enumerate(instrument.questions, start=1):
        gid = question.group
        if gid not in seen_groups:
            seen_groups.add(gid)
            result.append(Field(
                f"{instrument.sid}X{gid}time", f"groupTime{gid}", "timing", gid=gid,
                extra={"msg": "Group time", "group_names": instrument.groups[gid - 1].names},
            ))
        result.append(Field(
            f"{_sgqa(instrument, question, qid)}time", f"{question.code}Time", "timing",
            question=question, gid=gid, extra={"msg": "Question time"},
        ))
    return result


def participant_fields(instrument: Instrument) -> list[Field]:
    """Participant columns as the export page appends them when ticked (all of them here)."""
    result = [
        Field(name, name, "participant", extra={"msg": msg})
        for name, msg in PARTICIPANT_FIELDS.items()
    ]
    for name, description in instrument.participant_attributes:
        result.append(Field(name, name, "participant", extra={"description": description}))
    return result


def fieldmap(
    instrument: Instrument, *, timings: bool | None = None, participants: bool = False
) -> list[Field]:
    """Every column of an export, in order.

    Parameters
    ----------
    instrument
        The survey.
    timings
        Include the timing columns (default: when the survey saves timings).
    participants
        Append the participant columns (firstname, lastname, email, attribute_N).
    """
    if timings is None:
        timings = instrument.settings.get("savetimings") == "Y"
    fields = fixed_fields(instrument) + question_fields(instrument)
    if timings:
        fields += timing_fields(instrument)
    if participants:
        fields += participant_fields(instrument)
    return fields


# --- headings ----------------------------------------------------------------------------------

_TAGS = re.compile(r"<[^>]*>")
_NEWLINES = re.compile(r"\r\n|\n|\r|\x0b|\x0c|\x85|\u2028|\u2029")


def flatten(text: str) -> str:
    """``flattenText($s, false, true)``: tags out, line breaks to spaces, entities decoded, trimmed."""
    text = text.replace("</td", " </td").replace("</th", " </th")
    text = _TAGS.sub("", text)
    text = _NEWLINES.sub(" ", text)
    text = html.unescape(text.replace("&nbsp;", " "))
    return text.strip(" \t\n\r\0\x0b")


def abbreviate(text: str, length: int, ellipsis: str = ".. ") -> str:
    """LimeSurvey's ``ellipsize`` at position 1: cut to ``length`` characters plus the ellipsis,
    unless the text is no longer than the cut text would be."""
    text = text.strip()
    if len(text) <= length + len(ellipsis):
        return text
    return text[:length] + ellipsis


def _texts(field_: Field, language: str) -> tuple[str, list[str]]:
    """(question text, [sub-heading parts]) of a column in a language (``getFieldText``)."""
    if field_.kind == "fixed":
        return word(FIXED_HEADINGS[field_.name], language), []
    if field_.kind == "timing":
        msg = word(field_.extra["msg"], language)
        if field_.extra["msg"] == "Group time":
            return f"{msg}: {field_.extra['group_names'][language]}", []
        if field_.question is not None:
            return f"{msg}: {field_.question.code}", []
        return msg, []
    if field_.kind == "participant":
        if "description" in field_.extra:
            return field_.extra["description"], []
        return word(field_.extra["msg"], language), []
    question = field_.question
    assert question is not None
    return question.texts.get(language, ""), sub_heading_parts(field_, language)


def sub_heading_parts(field_: Field, language: str) -> list[str]:
    """The bracketed parts after a question column's text: subquestion, comment, scale, other, rank."""
    parts: list[str] = []
    if field_.kind == "other":
        parts.append(word("Other", language))
    elif field_.kind == "othercomment":
        parts.append(word("Other comment", language))
    elif field_.rank is not None:
        parts.append(word("Rank %s", language).replace("%s", str(field_.rank)))
    elif field_.sub is not None:
        parts.append(field_.sub.labels.get(language, ""))
        if field_.kind == "comment":
            parts.append(word("Comment", language))
        if field_.scale is not None:
            parts.append(word(f"Scale {field_.scale + 1}", language))
    return parts


def full_heading(field_: Field, language: str, length: int | None = None) -> str:
    """The full (or, with ``length``, abbreviated) text heading of a column."""
    text, parts = _texts(field_, language)
    if field_.kind == "participant":
        return text
    shown = flatten(text)
    if length:
        shown = abbreviate(shown, length)
    sub = "".join(
        "[" + (abbreviate(flatten(p), length) if length else flatten(p)) + "]" for p in parts
    )
    return shown + (" " + sub if sub else "")


def abbreviated_heading(field_: Field, language: str, length: int = 15) -> str:
    """``getAbbreviatedHeading``: question and sub-question texts cut to 15 characters."""
    return full_heading(field_, language, length)
