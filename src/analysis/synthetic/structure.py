"""Read a LimeSurvey ``.lss`` structure export back into an :class:`Instrument`.

Used to write the exports of a survey the generator did not invent (the reference survey a real
LimeSurvey server exported) with the same writers, so that each writer can be compared with what
LimeSurvey itself wrote.
"""

from __future__ import annotations

from collections import defaultdict

from defusedxml import ElementTree

from analysis.synthetic.instruments import Group, Instrument, Option, Question, Subquestion

__all__ = ["instrument_from_lss"]


def _rows(root, table: str) -> list[dict[str, str]]:
    section = root.find(table)
    if section is None:
        return []
    return [
        {cell.tag: cell.text or "" for cell in row} for row in section.find("rows").findall("row")
    ]


def instrument_from_lss(data: bytes) -> Instrument:
    """The instrument described by a ``.lss`` file (questions in group and question order)."""
    root = ElementTree.fromstring(data)
    survey = _rows(root, "surveys")[0]
    settings_rows = _rows(root, "surveys_languagesettings")
    titles = {r["surveyls_language"]: r.get("surveyls_title", "") for r in settings_rows}
    groups = sorted(_rows(root, "groups"), key=lambda r: int(r["group_order"]))
    group_names: dict[str, dict[str, str]] = defaultdict(dict)
    group_descriptions: dict[str, dict[str, str]] = defaultdict(dict)
    for row in _rows(root, "group_l10ns"):
        group_names[row["gid"]][row["language"]] = row.get("group_name", "")
        group_descriptions[row["gid"]][row["language"]] = row.get("description", "")
    texts: dict[str, dict[str, str]] = defaultdict(dict)
    for row in _rows(root, "question_l10ns"):
        texts[row["qid"]][row["language"]] = row.get("question", "")
    answer_labels: dict[str, dict[str, str]] = defaultdict(dict)
    for row in _rows(root, "answer_l10ns"):
        answer_labels[row["aid"]][row["language"]] = row.get("answer", "")
    answers: dict[str, list[tuple[int, int, Option]]] = defaultdict(list)
    for row in _rows(root, "answers"):
        option = Option(
            row["code"], answer_labels[row["aid"]], int(row.get("assessment_value") or 0),
            int(row.get("scale_id") or 0),
        )
        answers[row["qid"]].append((option.scale_id, int(row["sortorder"]), option))
    subquestions: dict[str, list[tuple[int, Subquestion]]] = defaultdict(list)
    for row in _rows(root, "subquestions"):
        subquestions[row["parent_qid"]].append(
            (int(row["question_order"]), Subquestion(row["title"], texts[row["qid"]]))
        )
    group_position = {g["gid"]: n for n, g in enumerate(groups, start=1)}
    question_rows = sorted(
        _rows(root, "questions"),
        key=lambda r: (group_position[r["gid"]], int(r["question_order"])),
    )
    questions = tuple(
        Question(
            row["title"], row["type"], group_position[row["gid"]], texts[row["qid"]],
            mandatory=row.get("mandatory") == "Y", other=row.get("other") == "Y",
            options=tuple(o for _s, _o, o in sorted(answers[row["qid"]], key=lambda t: t[:2])),
            subquestions=tuple(s for _o, s in sorted(subquestions[row["qid"]], key=lambda t: t[0])),
        )
        for row in question_rows
    )
    languages = survey.get("additional_languages", "").split()
    return Instrument(
        sid=int(survey["sid"]),
        base_language=survey["language"],
        additional_languages=tuple(languages),
        titles=titles,
        descriptions={},
        endtexts={},
        groups=tuple(
            Group(group_names[g["gid"]], group_descriptions[g["gid"]]) for g in groups
        ),
        questions=questions,
        settings={k: survey.get(k, "") for k in (
            "anonymized", "datestamp", "ipaddr", "refurl", "savetimings", "assessments", "format",
        )},
        participant_table=survey.get("usetokens") == "Y",
    )
