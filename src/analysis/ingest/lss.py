"""Read a LimeSurvey structure export (``.lss``) into a :class:`~analysis.codebook.Codebook`.

The ``.lss`` is LimeSurvey's own XML dump of the survey tables. LimeSurvey 4 and later keep texts in
``*_l10ns`` tables (one row per language); LimeSurvey 3 kept a ``language`` column on ``questions``
and ``answers``. Both are read. Parsing goes through defusedxml: a partner's file is untrusted.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from analysis.codebook import AnswerOption, Codebook, Question, Subquestion
from analysis.errors import InputError

__all__ = ["read_lss", "parse_lss"]

Row = dict[str, str]


def read_lss(path: str | Path) -> Codebook:
    """Read a ``.lss`` file.

    Parameters
    ----------
    path
        The structure file exported by LimeSurvey (Survey structure (.lss)).

    Returns
    -------
    Codebook
        Questions in survey order (group order, then question order) with texts in every language.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the survey structure: {error.strerror}", file=path) from None
    return parse_lss(data, source=path)


def parse_lss(data: bytes, source: str | Path = "<lss>") -> Codebook:
    """Parse the bytes of a ``.lss`` document (see :func:`read_lss`)."""
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise InputError(f"not a well-formed LimeSurvey structure file: {error}", file=source) from None
    if root.tag != "document" or (root.findtext("LimeSurveyDocType") or "") != "Survey":
        raise InputError(
            "not a LimeSurvey survey structure: expected <document> with "
            "<LimeSurveyDocType>Survey</LimeSurveyDocType>",
            file=source,
        )
    tables = {child.tag: _rows(child) for child in root if child.find("rows") is not None}
    surveys = tables.get("surveys", [])
    if not surveys:
        raise InputError("the structure file has no <surveys> row", file=source)
    survey = surveys[0]
    base_language = survey.get("language", "en")
    languages = [el.text or "" for el in root.findall("languages/language")]
    if not languages:
        languages = [base_language, *survey.get("additional_languages", "").split()]
    languages = [base_language] + sorted(set(languages) - {base_language})

    titles = {
        row.get("surveyls_language", ""): row.get("surveyls_title", "")
        for row in tables.get("surveys_languagesettings", [])
    }
    group_rows = {int(row["gid"]): row for row in tables.get("groups", [])}
    group_names: dict[int, dict[str, str]] = defaultdict(dict)
    for row in tables.get("group_l10ns", []) or tables.get("groups", []):
        if "group_name" in row:
            group_names[int(row["gid"])][row.get("language", base_language)] = row["group_name"]

    question_texts: dict[int, dict[str, str]] = defaultdict(dict)
    l10n_rows = tables.get("question_l10ns") or [
        r for r in tables.get("questions", []) + tables.get("subquestions", []) if "question" in r
    ]
    for row in l10n_rows:
        question_texts[int(row["qid"])][row.get("language", base_language)] = row.get("question", "")

    answer_labels: dict[int, dict[str, str]] = defaultdict(dict)
    for row in tables.get("answer_l10ns", []):
        answer_labels[int(row["aid"])][row.get("language", base_language)] = row.get("answer", "")

    answers: dict[int, dict[tuple[str, int], AnswerOption]] = defaultdict(dict)
    for row in tables.get("answers", []):
        qid, code, scale = int(row["qid"]), row["code"], int(row.get("scale_id") or 0)
        labels = dict(answer_labels.get(int(row["aid"]), {})) if "aid" in row else {}
        if "answer" in row:  # LimeSurvey 3: one row per language
            previous = answers[qid].get((code, scale))
            labels = (dict(previous.labels) if previous else {}) | {
                row.get("language", base_language): row["answer"]
            }
        answers[qid][(code, scale)] = AnswerOption(
            code=code,
            sortorder=int(row.get("sortorder") or 0),
            assessment_value=int(float(row.get("assessment_value") or 0)),
            scale_id=scale,
            labels=labels,
        )

    attributes: dict[int, dict[str, str]] = defaultdict(dict)
    for row in tables.get("question_attributes", []):
        key = row["attribute"] + (f":{row['language']}" if row.get("language") else "")
        attributes[int(row["qid"])][key] = row.get("value", "")

    subquestions: dict[int, dict[tuple[str, int], Subquestion]] = defaultdict(dict)
    for row in tables.get("subquestions", []):
        sqid, parent = int(row["qid"]), int(row["parent_qid"])
        scale = int(row.get("scale_id") or 0)
        subquestions[parent][(row["title"], scale)] = Subquestion(
            code=row["title"],
            qid=sqid,
            order=int(row.get("question_order") or 0),
            scale_id=scale,
            labels=dict(question_texts.get(sqid, {})),
        )

    questions: list[Question] = []
    seen: set[int] = set()
    for row in tables.get("questions", []):
        qid = int(row["qid"])
        if int(row.get("parent_qid") or 0) != 0 or qid in seen:
            continue
        seen.add(qid)
        gid = int(row["gid"])
        questions.append(
            Question(
                qid=qid,
                code=row["title"],
                type=row["type"],
                group_id=gid,
                group_order=int(group_rows.get(gid, {}).get("group_order") or 0),
                question_order=int(row.get("question_order") or 0),
                mandatory=row.get("mandatory") == "Y",
                other=row.get("other") == "Y",
                texts=dict(question_texts.get(qid, {})),
                subquestions=tuple(subquestions.get(qid, {}).values()),
                answers=tuple(answers.get(qid, {}).values()),
                attributes=dict(attributes.get(qid, {})),
            )
        )
    questions.sort(key=lambda q: (q.group_order, q.question_order, q.qid))
    by_code: dict[str, Question] = {}
    for question in questions:
        if question.code in by_code:
            raise InputError(
                f"question code {question.code!r} is used twice (qid {by_code[question.code].qid} "
                f"and {question.qid}); codes must be unique",
                file=source,
            )
        by_code[question.code] = question
    return Codebook(
        survey_id=int(survey.get("sid") or 0),
        base_language=base_language,
        languages=tuple(languages),
        titles=titles,
        questions=by_code,
        group_names=dict(group_names),
        settings={k: v for k, v in survey.items() if k not in {"sid"}},
    )


def _rows(table: Element) -> list[Row]:
    """Rows of one ``.lss`` table as dicts of field -> text ('' for empty elements)."""
    return [{field.tag: field.text or "" for field in row} for row in table.iterfind("rows/row")]
