"""The instrument's single source of truth: questions, subquestions and answers per language.

A :class:`Codebook` is built from a LimeSurvey structure (``.lss``) and tells every later stage what
a column heading means, which answer codes are valid and what number each rating code stands for.
Labels, scales and codes come only from here, never from strings scattered in code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pandas as pd

if TYPE_CHECKING:
    from analysis.config import SurveyConfig

__all__ = [
    "AnswerOption",
    "Codebook",
    "Column",
    "Field",
    "Question",
    "SCALE_RULES",
    "ScaleRule",
    "ScaleValues",
    "Subquestion",
    "ARRAY_TYPES",
    "NUMERIC_ARRAY_TYPES",
    "ATTRIBUTE_DEFAULTS",
    "canonical_attributes",
    "FIXED_COLUMNS",
    "PARTICIPANT_FIELDS",
    "TOKEN_TABLE_COLUMNS",
]

#: Columns LimeSurvey writes before the questions, in its order (``createFieldMap`` in
#: application/helpers/common_helper.php): ``token`` when the survey is not anonymised and has a
#: participant table, ``startdate``/``datestamp`` with date stamps, ``ipaddr``, ``refurl``.
FIXED_COLUMNS = (
    "id", "submitdate", "lastpage", "startlanguage", "seed", "token",
    "startdate", "datestamp", "ipaddr", "refurl",
)
#: Participant (token table) fields an export can carry after the questions and timings, besides
#: the ``attribute_<n>`` columns (the admin export's participant field selection).
PARTICIPANT_FIELDS = ("firstname", "lastname", "email")
#: Every other column of a LimeSurvey participant table that an export (RemoteControl, plugins)
#: may append; read, never kept beyond the raw frame.
TOKEN_TABLE_COLUMNS = (
    "tid", "participant_id", "emailstatus", "language", "blacklisted", "sent", "remindersent",
    "remindercount", "completed", "usesleft", "validfrom", "validuntil", "mpid",
)

#: LimeSurvey question types whose subquestions become ``CODE[SQ]`` columns.
ARRAY_TYPES = frozenset({"A", "B", "C", "E", "F", "H", "M", "P", "K", "Q", "1"})
#: Array types whose cells hold the scale point itself ("1".."5" or "1".."10"), with no answer rows.
NUMERIC_ARRAY_TYPES = {"A": (1, 5), "B": (1, 10)}
#: Single-choice list types: the cell holds an answer code.
LIST_TYPES = frozenset({"L", "!", "O"})
#: Free text types.
TEXT_TYPES = frozenset({"S", "T", "U", "Q"})

#: Where a rating scale's numbers come from, in order of precedence (see :meth:`Question.scale_values`).
SCALE_RULES = ("config", "assessment", "integer", "order")
ScaleRule = Literal["config", "assessment", "integer", "order"]

#: LimeSurvey's default value of question attributes (LimeSurvey 6 question themes). A ``.lss`` holds
#: only the attributes a survey author set, RemoteControl 2 returns every attribute with its current
#: value: keeping only values that differ from these defaults gives both sources one canonical form.
ATTRIBUTE_DEFAULTS: dict[str, str] = {
    "answer_order": "normal",
    "array_filter_style": "0",
    "assessment_value": "0",
    "exclude_all_others_auto": "0",
    "hidden": "0",
    "hide_tip": "0",
    "num_value_int_only": "0",
    "other_comment_mandatory": "0",
    "other_numbers_only": "0",
    "other_position": "default",
    "page_break": "0",
    "public_statistics": "0",
    "random_order": "0",
    "samechoiceheight": "1",
    "samelistheight": "1",
    "scale_export": "0",
    "showpopups": "1",
    "statistics_graphtype": "0",
    "statistics_showgraph": "1",
    "time_limit_action": "1",
    "time_limit_disable_next": "0",
    "time_limit_disable_prev": "0",
    "use_dropdown": "0",
}
#: Defaults that differ by question type.
TYPE_ATTRIBUTE_DEFAULTS: dict[str, dict[str, str]] = {
    "M": {"assessment_value": "1", "other_position": "end"},
    "P": {"assessment_value": "1", "other_position": "end"},
}


def canonical_attributes(question_type: str, attributes: dict[str, str | None]) -> dict[str, str]:
    """Question attributes that carry information: set, non-empty and not LimeSurvey's default.

    Language-specific attributes are keyed ``name:language`` (as :func:`~analysis.ingest.read_lss`
    reads them); their default is the empty text.
    """
    defaults = ATTRIBUTE_DEFAULTS | TYPE_ATTRIBUTE_DEFAULTS.get(question_type, {})
    kept: dict[str, str] = {}
    for key, value in attributes.items():
        if value is None or value == "":
            continue
        if ":" not in key and defaults.get(key) == str(value):
            continue
        kept[key] = str(value)
    return kept


@dataclass(frozen=True)
class AnswerOption:
    """One answer option of a question (LimeSurvey ``answers`` row)."""

    code: str
    sortorder: int
    assessment_value: int
    scale_id: int
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Subquestion:
    """One subquestion (row of an array, option of a multiple choice)."""

    code: str
    qid: int
    order: int
    scale_id: int
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    """One top-level question with its subquestions and answer options."""

    qid: int
    code: str
    type: str
    group_id: int
    group_order: int
    question_order: int
    mandatory: bool
    other: bool
    texts: dict[str, str] = field(default_factory=dict)
    subquestions: tuple[Subquestion, ...] = ()
    answers: tuple[AnswerOption, ...] = ()
    attributes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Canonical form, whatever the source (``.lss`` or RemoteControl 2).

        Subquestions sorted by (scale, order, code), answers by (scale, sort order, code), and only
        the attributes that differ from LimeSurvey's defaults, so that two codebooks of the same
        survey compare equal.
        """
        subquestions = tuple(sorted(self.subquestions, key=lambda s: (s.scale_id, s.order, s.code)))
        answers = tuple(sorted(self.answers, key=lambda a: (a.scale_id, a.sortorder, a.code)))
        object.__setattr__(self, "subquestions", subquestions)
        object.__setattr__(self, "answers", answers)
        object.__setattr__(self, "attributes", canonical_attributes(self.type, self.attributes))

    def answer_codes(self, scale_id: int = 0) -> list[str]:
        """Valid answer codes of one answer scale, in sort order."""
        if self.type in NUMERIC_ARRAY_TYPES:
            low, high = NUMERIC_ARRAY_TYPES[self.type]
            return [str(v) for v in range(low, high + 1)]
        options = [a for a in self.answers if a.scale_id == scale_id]
        return [a.code for a in sorted(options, key=lambda a: a.sortorder)]

    def scale_values(
        self,
        scale_id: int = 0,
        configured: Mapping[str, int] | None = None,
        missing: Collection[str] = (),
        *,
        by_order: bool = True,
    ) -> ScaleValues:
        """The number each answer code of one answer scale stands for, and the rule that gave it.

        Rules, in order of precedence (the first that applies gives every number):

        1. ``config``: the survey config's ``scale_values`` (``configured``);
        2. ``assessment``: the LimeSurvey *assessment value* of each option, when any is not 0;
           options whose assessment value is 0 while others' are not (such as "Don't know") have
           no number;
        3. ``integer``: answer codes that are integers are their own value (numeric arrays, types
           A and B, store the scale point itself); other codes have no number;
        4. ``order``: 1..k over the answer options in the structure's sort order.

        Codes declared missing (``missing``: ``cleaning.missing_codes``) never get a number. With
        ``by_order=False`` the order rule is not used (for nominal questions, whose order means
        nothing); a question without a number then has rule None.
        """
        codes = tuple(self.answer_codes(scale_id))
        missing = frozenset(missing)
        options = [a for a in self.answers if a.scale_id == scale_id and a.code not in missing]
        rule: ScaleRule | None
        if configured is not None:
            rule, values = "config", {c: int(v) for c, v in configured.items() if c not in missing}
        elif self.type in NUMERIC_ARRAY_TYPES:
            rule, values = "integer", {c: int(c) for c in codes if c not in missing}
        elif any(a.assessment_value != 0 for a in options):
            rule = "assessment"
            values = {a.code: a.assessment_value for a in options if a.assessment_value != 0}
        elif any(_is_integer(a.code) for a in options):
            rule, values = "integer", {a.code: int(a.code) for a in options if _is_integer(a.code)}
        elif options and by_order:
            rule, values = "order", {a.code: n for n, a in enumerate(options, start=1)}
        else:
            rule, values = None, {}
        return ScaleValues(
            question=self.code,
            scale=(scale_id + 1) if self.type == "1" else None,
            rule=rule,
            values=values,
            codes=codes,
            missing=tuple(c for c in codes if c in missing),
        )

    def answer_values(self, scale_id: int = 0) -> dict[str, int]:
        """Answer code -> number on the scale, by the structure alone (no config, nothing missing).

        See :meth:`scale_values`, which also says which rule gave the numbers.
        """
        return dict(self.scale_values(scale_id).values)

    def subquestion_codes(self, scale_id: int = 0) -> list[str]:
        """Subquestion codes of one axis, in question order."""
        rows = [s for s in self.subquestions if s.scale_id == scale_id]
        return [s.code for s in sorted(rows, key=lambda s: s.order)]

    def text(self, language: str, fallback: str = "en") -> str:
        """Question text in a language, falling back to another, then to the code."""
        return self.texts.get(language) or self.texts.get(fallback) or self.code


def _is_integer(code: str) -> bool:
    return code.lstrip("-").isdigit()


@dataclass(frozen=True)
class ScaleValues:
    """The numbers of one rating scale (a question, or one scale of a dual-scale array).

    Attributes
    ----------
    question
        Question code.
    scale
        1 or 2 on a dual-scale array, None otherwise.
    rule
        ``config``, ``assessment``, ``integer`` or ``order`` (:data:`SCALE_RULES`); None when no
        answer code has a number.
    values
        Answer code -> number, for the codes that have one.
    codes
        Every answer code of the scale, in the structure's order.
    missing
        The codes declared missing (never a number).
    """

    question: str
    scale: int | None
    rule: ScaleRule | None
    values: Mapping[str, int]
    codes: tuple[str, ...]
    missing: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """``CODE`` or, on a dual-scale array, ``CODE[scale]``."""
        return self.question + (f"[{self.scale}]" if self.scale else "")

    @property
    def unvalued(self) -> tuple[str, ...]:
        """Answer codes that are neither numbered nor declared missing."""
        return tuple(c for c in self.codes if c not in self.values and c not in self.missing)

    def describe(self) -> str:
        """``A1 → 1, A2 → 2, ...`` in the structure's order."""
        return ", ".join(f"{code} \u2192 {self.values[code]}" for code in self.codes if code in self.values)


@dataclass(frozen=True)
class Column:
    """What one response-export column (code heading) holds."""

    heading: str
    question: str
    subquestion: str | None = None
    scale: int | None = None
    kind: str = "answer"  # "answer", "other" (free text of an "other" option or a comment), "rank"


@dataclass(frozen=True)
class Field:
    """One column of LimeSurvey's fieldmap: fixed, question, timing or participant column.

    ``heading`` is the code heading (``interviewtime``, ``groupTime<gid>``, ``<code>Time``,
    ``attribute_1``); ``column`` is set for question columns, ``group_id`` for timings of a page and
    question, ``question`` for question columns and question timings.
    """

    heading: str
    kind: str  # "fixed", "question", "timing", "participant"
    column: Column | None = None
    group_id: int | None = None
    question: str | None = None


@dataclass(frozen=True)
class Codebook:
    """A survey's instrument: the questions in order, with labels in every survey language."""

    survey_id: int
    base_language: str
    languages: tuple[str, ...]
    titles: dict[str, str]
    questions: dict[str, Question]
    group_names: dict[int, dict[str, str]] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, code: str) -> Question:
        try:
            return self.questions[code]
        except KeyError:
            known = ", ".join(self.questions)
            raise KeyError(f"question {code!r} is not in survey {self.survey_id} ({known})") from None

    def __contains__(self, code: object) -> bool:
        return code in self.questions

    def title(self, language: str | None = None) -> str:
        """Survey title in a language (base language by default)."""
        language = language or self.base_language
        return self.titles.get(language) or self.titles.get(self.base_language, str(self.survey_id))

    def columns(self) -> list[Column]:
        """Code headings of the response export, in LimeSurvey's order, for every question."""
        columns: list[Column] = []
        for question in self.questions.values():
            columns.extend(_question_columns(question))
        return columns

    def setting(self, name: str) -> str:
        """A survey setting as LimeSurvey stores it ('Y'/'N' flags), '' when unknown."""
        return str(self.settings.get(name, "") or "")

    @property
    def saves_timings(self) -> bool:
        """Whether LimeSurvey records page and question times (survey setting ``savetimings``)."""
        return self.setting("savetimings") == "Y"

    def fixed_columns(self, token: bool | None = None) -> list[str]:
        """The fixed columns before the questions that the survey's settings switch on.

        ``token`` exists only in a survey that is not anonymised and has a participant table; the
        structure does not say whether the table exists, so ``None`` decides by the attribute
        descriptions (a participant table with attributes) and ``True``/``False`` force it.
        """
        if token is None:
            token = bool(self.participant_attributes())
        names = ["id", "submitdate", "lastpage", "startlanguage", "seed"]
        if token and self.setting("anonymized") != "Y":
            names.append("token")
        if self.setting("datestamp") == "Y":
            names += ["startdate", "datestamp"]
        if self.setting("ipaddr") == "Y":
            names.append("ipaddr")
        if self.setting("refurl") == "Y":
            names.append("refurl")
        return names

    def timing_fields(self) -> list[Field]:
        """Timing columns in LimeSurvey's order (``createTimingsFieldMap``, common_helper.php).

        ``interviewtime`` first, then, walking the question columns in order, ``groupTime<gid>``
        at a page's first question and ``<code>Time`` for each question.
        """
        fields = [Field("interviewtime", "timing")]
        seen_groups: set[int] = set()
        for question in self.questions.values():
            if question.group_id not in seen_groups:
                seen_groups.add(question.group_id)
                fields.append(Field(f"groupTime{question.group_id}", "timing", group_id=question.group_id))
            fields.append(
                Field(f"{question.code}Time", "timing", group_id=question.group_id, question=question.code)
            )
        return fields

    def participant_attributes(self) -> dict[str, str]:
        """Participant attributes (``attribute_1`` -> description) from ``attributedescriptions``.

        LimeSurvey stores the setting as JSON (``{"attribute_1": {"description": "Region", ...}}``);
        older versions as a serialised PHP array, of which the names and descriptions are read.
        """
        raw = self.setting("attributedescriptions").strip()
        if not raw:
            return {}
        out: dict[str, str] = {}
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if isinstance(data, dict):
            for name, detail in data.items():
                if re.fullmatch(r"attribute_\d+", str(name)):
                    description = detail.get("description", "") if isinstance(detail, dict) else ""
                    out[str(name)] = str(description or name)
        else:  # PHP serialize(): s:11:"attribute_1";a:..{s:11:"description";s:6:"Region";...}
            for match in re.finditer(
                r'"(attribute_\d+)";a:\d+:\{[^}]*?"description";s:\d+:"([^"]*)"', raw
            ):
                out[match.group(1)] = match.group(2) or match.group(1)
        return dict(sorted(out.items(), key=lambda item: int(item[0].split("_")[1])))

    def participant_fields(self) -> list[Field]:
        """Participant columns an export can carry: first name, last name, e-mail, attributes."""
        names = [*PARTICIPANT_FIELDS, *self.participant_attributes()]
        return [Field(name, "participant") for name in names]

    def fieldmap(
        self, *, token: bool | None = None, timings: bool | None = None, participants: bool = False
    ) -> list[Field]:
        """Every column of a full export in LimeSurvey's order.

        Fixed columns, each question's columns (comments and "other" included), then the timings
        (when the survey saves them; ``timings`` forces either way) and the participant fields
        (``participants``), as LimeSurvey's export appends them after ``createFieldMap``.
        """
        fields = [Field(name, "fixed") for name in self.fixed_columns(token)]
        fields += [
            Field(column.heading, "question", column=column, question=column.question,
                  group_id=self[column.question].group_id)
            for column in self.columns()
        ]
        if self.saves_timings if timings is None else timings:
            fields += self.timing_fields()
        if participants:
            fields += self.participant_fields()
        return fields

    def column_map(self) -> dict[str, Column]:
        """Heading -> :class:`Column` for every question column of the export."""
        return {column.heading: column for column in self.columns()}

    def scale(
        self, question: str, scale: int | None = None, config: SurveyConfig | None = None
    ) -> ScaleValues:
        """The numbers of a rating scale and the rule that gave them (:meth:`Question.scale_values`).

        Parameters
        ----------
        question
            Question code.
        scale
            1 or 2 on a dual-scale array (default 1), ignored otherwise.
        config
            The survey config: its ``scale_values`` come first, and its ``cleaning.missing_codes``
            never get a number. Without it, the structure alone decides.
        """
        item = self[question]
        number = (scale or 1) if item.type == "1" else None
        configured, missing = None, ()
        if config is not None:
            configured = config.scale_values_for(question, number)
            missing = tuple(config.cleaning.missing_codes)
        return item.scale_values((number or 1) - 1, configured, missing)

    def to_frame(self, config: SurveyConfig | None = None) -> pd.DataFrame:
        """Tidy codebook: one row per question/subquestion/answer label and language.

        Answer rows carry the number of their code (``value``). With the survey ``config``, the
        answer rows of its rating scales (``ratings`` and ``scale_values``) also carry the rule that
        gave the numbers (``scale_rule``: config, assessment, integer or order); other questions'
        answers keep a number only from assessment values or integer codes.
        """
        rated: set[tuple[str, int]] = set()
        if config is not None:
            for question, scale in config.rating_scales():
                if question in self.questions:
                    rated.add((question, (scale or 1) - 1 if self[question].type == "1" else 0))
        rows: list[dict[str, object]] = []
        for question in self.questions.values():
            scales: dict[int, ScaleValues] = {}
            for scale_id in sorted({a.scale_id for a in question.answers}):
                if (question.code, scale_id) in rated:
                    scales[scale_id] = self.scale(question.code, scale_id + 1, config)
                else:
                    scales[scale_id] = question.scale_values(scale_id, by_order=False)
            for language in self.languages:
                base = {
                    "question": question.code,
                    "type": question.type,
                    "group_id": question.group_id,
                    "language": language,
                }
                rows.append(
                    base | {"item": "question", "code": question.code,
                            "scale": pd.NA, "value": pd.NA, "scale_rule": pd.NA,
                            "label": question.texts.get(language, "")}
                )
                for sub in sorted(question.subquestions, key=lambda s: (s.scale_id, s.order)):
                    rows.append(
                        base | {"item": "subquestion", "code": sub.code, "scale": sub.scale_id,
                                "value": pd.NA, "scale_rule": pd.NA,
                                "label": sub.labels.get(language, "")}
                    )
                for option in sorted(question.answers, key=lambda a: (a.scale_id, a.sortorder)):
                    numbers = scales[option.scale_id]
                    value = numbers.values.get(option.code)
                    rule = numbers.rule if (question.code, option.scale_id) in rated else None
                    rows.append(
                        base | {"item": "answer", "code": option.code, "scale": option.scale_id,
                                "value": pd.NA if value is None else value,
                                "scale_rule": pd.NA if rule is None else rule,
                                "label": option.labels.get(language, "")}
                    )
        columns = ["question", "type", "group_id", "language", "item", "code", "scale", "value",
                   "scale_rule", "label"]
        frame = pd.DataFrame(rows, columns=columns)
        return frame.astype({"scale": "Int64", "value": "Int64", "scale_rule": "string"})


def _question_columns(question: Question) -> list[Column]:
    """Export headings of one question (LimeSurvey code headings)."""
    code, qtype = question.code, question.type
    if qtype in ARRAY_TYPES:
        columns: list[Column] = []
        if qtype == "1":  # dual-scale array: CODE[SQ][1] and CODE[SQ][2]
            for sub in question.subquestion_codes(0):
                for scale in (0, 1):
                    columns.append(Column(f"{code}[{sub}][{scale + 1}]", code, sub, scale))
        elif qtype in {"M", "P"}:
            for sub in question.subquestion_codes(0):
                columns.append(Column(f"{code}[{sub}]", code, sub, 0))
                if qtype == "P":
                    columns.append(Column(f"{code}[{sub}comment]", code, sub, 0, kind="other"))
            if question.other:  # createFieldMap: [other], and for P also [othercomment]
                columns.append(Column(f"{code}[other]", code, "other", 0, kind="other"))
                if qtype == "P":
                    columns.append(Column(f"{code}[othercomment]", code, "othercomment", 0, kind="other"))
        else:
            for sub in question.subquestion_codes(0):
                columns.append(Column(f"{code}[{sub}]", code, sub, 0))
        return columns
    if qtype == "R":
        n_ranks = len(question.answer_codes(0))
        return [Column(f"{code}[{i}]", code, str(i), 0, kind="rank") for i in range(1, n_ranks + 1)]
    columns = [Column(code, code)]
    if qtype in LIST_TYPES and question.other:
        columns.append(Column(f"{code}[other]", code, "other", kind="other"))
    if qtype == "O":
        columns.append(Column(f"{code}[comment]", code, "comment", kind="other"))
    return columns
