"""Rebuild a :class:`~analysis.codebook.Codebook` from LimeSurvey RemoteControl 2 replies.

RemoteControl 2 has no call that exports the ``.lss``, so the structure of a live survey is put
together from ``get_survey_properties``, and per survey language ``get_language_properties``,
``list_groups``, ``list_questions`` and ``get_question_properties``. The result is the same
canonical codebook :func:`~analysis.ingest.read_lss` gives for the survey's ``.lss``, so the rest of
the pipeline cannot tell the sources apart; :func:`compare_codebooks` itemises any difference.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.codebook import AnswerOption, Codebook, Question, Subquestion
from analysis.errors import InputError

__all__ = [
    "CodebookDifference",
    "StructureReplies",
    "codebook_from_rc2",
    "compare_codebooks",
    "read_structure_dir",
    "survey_languages",
    "write_structure_dir",
]

#: Survey properties RemoteControl 2 returns that a ``.lss`` does not hold (server-instance facts).
SERVER_ONLY_SETTINGS = frozenset({"sid", "owner_id", "active", "datecreated"})


@dataclass
class StructureReplies:
    """The RemoteControl 2 replies a codebook is rebuilt from, as received (parsed JSON).

    ``languages`` maps each survey language to its replies: ``language_properties``, ``groups``
    (``list_groups``), ``questions`` (``list_questions``, subquestions included) and
    ``question_properties`` (qid -> ``get_question_properties`` of each top-level question).
    """

    survey_id: int
    survey_properties: dict[str, Any]
    languages: dict[str, dict[str, Any]] = field(default_factory=dict)


def survey_languages(survey_properties: dict[str, Any]) -> list[str]:
    """Base language first, then the additional languages, as ``get_survey_properties`` gives them."""
    base = str(survey_properties.get("language") or "en")
    extra = str(survey_properties.get("additional_languages") or "").split()
    return [base] + sorted(set(extra) - {base})


def _answer_options(reply: Any) -> list[dict[str, Any]]:
    """``answeroptions`` of ``get_question_properties``: a dict per scale (a list for dual scale)."""
    if not reply or isinstance(reply, str):  # "No available answers"
        return []
    scales = reply if isinstance(reply, list) else [reply]
    options = []
    for scale in scales:
        if isinstance(scale, dict):
            for code, option in scale.items():
                options.append({"code": str(option.get("code", code))} | option)
    return options


def codebook_from_rc2(replies: StructureReplies) -> Codebook:
    """The canonical codebook of a survey from its RemoteControl 2 replies.

    Raises
    ------
    InputError
        If a reply lacks what the codebook needs (a language or a question without its replies).
    """
    properties = replies.survey_properties
    languages = survey_languages(properties)
    base = languages[0]
    missing = [lang for lang in languages if lang not in replies.languages]
    if missing:
        raise InputError(f"survey {replies.survey_id}: no structure replies for language(s) {missing}")

    titles: dict[str, str] = {}
    group_names: dict[int, dict[str, str]] = {}
    group_order: dict[int, int] = {}
    texts: dict[int, dict[str, str]] = {}
    rows: dict[int, dict[str, Any]] = {}
    for language in languages:
        reply = replies.languages[language]
        titles[language] = str(reply["language_properties"].get("surveyls_title") or "")
        for group in reply["groups"]:
            gid = int(group["gid"])
            group_names.setdefault(gid, {})[language] = str(group.get("group_name") or "")
            group_order[gid] = int(group.get("group_order") or 0)
        for row in reply["questions"]:
            qid = int(row["qid"])
            texts.setdefault(qid, {})[language] = str(row.get("question") or "")
            if language == base:
                rows[qid] = row

    questions: list[Question] = []
    for qid, row in rows.items():
        if int(row.get("parent_qid") or 0) != 0:
            continue
        subquestions = [
            Subquestion(
                code=str(sub["title"]),
                qid=int(sub["qid"]),
                order=int(sub.get("question_order") or 0),
                scale_id=int(sub.get("scale_id") or 0),
                labels=dict(texts.get(int(sub["qid"]), {})),
            )
            for sub in rows.values()
            if int(sub.get("parent_qid") or 0) == qid
        ]
        answers: dict[tuple[str, int], AnswerOption] = {}
        attributes: dict[str, Any] = {}
        for language in languages:
            detail = replies.languages[language]["question_properties"].get(qid)
            if detail is None:
                raise InputError(
                    f"survey {replies.survey_id}: no get_question_properties reply for question "
                    f"{row['title']} (qid {qid}) in language {language!r}"
                )
            for option in _answer_options(detail.get("answeroptions")):
                key = (option["code"], int(option.get("scale_id") or 0))
                previous = answers.get(key)
                labels = (dict(previous.labels) if previous else {}) | {
                    language: str(option.get("answer") or "")
                }
                if previous is not None:  # order and value: the base language's reply
                    answers[key] = dataclasses.replace(previous, labels=labels)
                    continue
                answers[key] = AnswerOption(
                    code=option["code"],
                    sortorder=int(option.get("order") or 0),
                    assessment_value=int(float(option.get("assessment_value") or 0)),
                    scale_id=key[1],
                    labels=labels,
                )
            if language == base and isinstance(detail.get("attributes"), dict):
                attributes |= detail["attributes"]
            if isinstance(detail.get("attributes_lang"), dict):
                attributes |= {f"{name}:{language}": v for name, v in detail["attributes_lang"].items()}
        gid = int(row["gid"])
        questions.append(
            Question(
                qid=qid,
                code=str(row["title"]),
                type=str(row["type"]),
                group_id=gid,
                group_order=group_order.get(gid, 0),
                question_order=int(row.get("question_order") or 0),
                mandatory=row.get("mandatory") == "Y",
                other=row.get("other") == "Y",
                texts=dict(texts.get(qid, {})),
                subquestions=tuple(subquestions),
                answers=tuple(answers.values()),
                attributes=attributes,
            )
        )
    questions.sort(key=lambda q: (q.group_order, q.question_order, q.qid))
    by_code: dict[str, Question] = {}
    for question in questions:
        if question.code in by_code:
            raise InputError(
                f"survey {replies.survey_id}: question code {question.code!r} is used twice "
                f"(qid {by_code[question.code].qid} and {question.qid})"
            )
        by_code[question.code] = question
    settings = {  # participant attribute descriptions may arrive decoded: keep them as JSON text
        key: json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
        for key, value in properties.items()
        if key not in SERVER_ONLY_SETTINGS and value is not None
    }
    return Codebook(
        survey_id=int(properties.get("sid") or replies.survey_id),
        base_language=base,
        languages=tuple(languages),
        titles=titles,
        questions=by_code,
        group_names=group_names,
        settings=settings,
    )


# --- the replies on disk (a snapshot's structure/ folder) -------------------------------------------


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_structure_dir(replies: StructureReplies, folder: Path) -> list[Path]:
    """Write the replies as JSON files, one per call, exactly as they were parsed; return the files."""
    written = [folder / "survey_properties.json"]
    _dump(written[0], replies.survey_properties)
    for language, reply in replies.languages.items():
        here = folder / language
        for name in ("language_properties", "groups", "questions"):
            _dump(here / f"{name}.json", reply[name])
            written.append(here / f"{name}.json")
        for qid, detail in reply["question_properties"].items():
            path = here / f"question_properties_{qid}.json"
            _dump(path, detail)
            written.append(path)
    return written


def _load(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read the structure reply: {error.strerror}", file=path) from None
    except json.JSONDecodeError as error:
        raise InputError(f"the structure reply is not valid JSON: {error}", file=path) from None


def read_structure_dir(folder: Path, survey_id: int) -> StructureReplies:
    """Read the replies :func:`write_structure_dir` wrote."""
    properties = _load(folder / "survey_properties.json")
    replies = StructureReplies(survey_id=survey_id, survey_properties=properties)
    for language in survey_languages(properties):
        here = folder / language
        details = {
            int(path.stem.rsplit("_", 1)[1]): _load(path)
            for path in sorted(here.glob("question_properties_*.json"))
        }
        replies.languages[language] = {
            "language_properties": _load(here / "language_properties.json"),
            "groups": _load(here / "groups.json"),
            "questions": _load(here / "questions.json"),
            "question_properties": details,
        }
    return replies


# --- comparing two codebooks ------------------------------------------------------------------------


@dataclass(frozen=True)
class CodebookDifference:
    """One way the ``.lss`` and the server disagree: which question, which field, both values."""

    question: str
    field: str
    lss: object
    server: object

    def __str__(self) -> str:
        return f"{self.question}: {self.field}: .lss {self.lss!r} vs server {self.server!r}"


def _labels(where: str, question: str, lss: dict, server: dict) -> list[CodebookDifference]:
    return [
        CodebookDifference(question, f"{where}[{lang}]", lss.get(lang), server.get(lang))
        for lang in sorted(set(lss) | set(server))
        if lss.get(lang) != server.get(lang)
    ]


def _compare_items(
    code: str, kind: str, lss_items: Sequence[Any], server_items: Sequence[Any], fields: Sequence[str]
) -> list[CodebookDifference]:
    """Differences between the subquestions (or answers) of one question, keyed by code and scale."""
    out: list[CodebookDifference] = []
    by_key_a = {(item.code, item.scale_id): item for item in lss_items}
    by_key_b = {(item.code, item.scale_id): item for item in server_items}
    for key in list(dict.fromkeys([*by_key_a, *by_key_b])):
        item_a, item_b = by_key_a.get(key), by_key_b.get(key)
        where = f"{kind} {key[0]} (scale {key[1]})"
        if item_a is None or item_b is None:
            out.append(CodebookDifference(code, where, item_a and item_a.code, item_b and item_b.code))
            continue
        for name in fields:
            if getattr(item_a, name) != getattr(item_b, name):
                out.append(
                    CodebookDifference(code, f"{where} {name}", getattr(item_a, name), getattr(item_b, name))
                )
        out += _labels(f"{where} label", code, item_a.labels, item_b.labels)
    return out


def compare_codebooks(lss: Codebook, server: Codebook) -> list[CodebookDifference]:
    """Every difference between two codebooks of one survey, itemised (empty when they agree)."""
    out: list[CodebookDifference] = []
    for name in ("survey_id", "base_language", "languages"):
        if getattr(lss, name) != getattr(server, name):
            out.append(CodebookDifference("(survey)", name, getattr(lss, name), getattr(server, name)))
    out += _labels("title", "(survey)", lss.titles, server.titles)
    for gid in sorted(set(lss.group_names) | set(server.group_names)):
        out += _labels(f"group {gid} name", "(survey)", lss.group_names.get(gid, {}),
                       server.group_names.get(gid, {}))
    for code in list(dict.fromkeys([*lss.questions, *server.questions])):
        a, b = lss.questions.get(code), server.questions.get(code)
        if a is None or b is None:
            out.append(CodebookDifference(code, "question", a and a.type, b and b.type))
            continue
        for name in ("qid", "type", "group_id", "group_order", "question_order", "mandatory", "other"):
            if getattr(a, name) != getattr(b, name):
                out.append(CodebookDifference(code, name, getattr(a, name), getattr(b, name)))
        out += _labels("text", code, a.texts, b.texts)
        out += _compare_items(code, "subquestion", a.subquestions, b.subquestions, ("qid", "order"))
        out += _compare_items(code, "answer", a.answers, b.answers, ("sortorder", "assessment_value"))
        for key in sorted(set(a.attributes) | set(b.attributes)):
            if a.attributes.get(key) != b.attributes.get(key):
                out.append(CodebookDifference(code, f"attribute {key}", a.attributes.get(key),
                                              b.attributes.get(key)))
    return out
