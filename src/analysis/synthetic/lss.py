"""Write a LimeSurvey 6 survey structure export (``.lss``) from an :class:`Instrument`.

The bytes follow LimeSurvey's own writer (``surveyGetXMLData`` in ``export_helper.php``): PHP
``XMLWriter`` with indentation of one space per level, every table cell in CDATA, NULL cells left
out, empty cells as ``<name/>``, tables in the export order with the ``<fields>`` lists of DB
version 607, rows in the order of the export queries (ties broken by id), and the survey theme
configuration at the end.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from analysis.synthetic.emails import email_templates
from analysis.synthetic.instruments import Instrument, Question

__all__ = ["DB_VERSION", "TABLE_FIELDS", "Node", "render", "survey_document", "write_lss"]

DB_VERSION = "607"

_QUESTION_FIELDS = (
    "qid", "parent_qid", "sid", "gid", "type", "title", "preg", "other", "mandatory", "encrypted",
    "question_order", "scale_id", "same_default", "relevance", "question_theme_name",
    "modulename", "same_script",
)

#: Table sections of the export, in order, with their ``<fields>`` (LimeSurvey 6.1.8, DB 607).
#: ``subquestions`` is a second dump of the questions table.
TABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "answers": ("aid", "qid", "code", "sortorder", "assessment_value", "scale_id"),
    "answer_l10ns": ("id", "aid", "answer", "language"),
    "groups": ("gid", "sid", "group_order", "randomization_group", "grelevance"),
    "group_l10ns": (
        "id", "gid", "group_name", "description", "language", "sid", "group_order",
        "randomization_group", "grelevance",
    ),
    "questions": _QUESTION_FIELDS,
    "subquestions": _QUESTION_FIELDS,
    "question_l10ns": ("id", "qid", "question", "help", "script", "language"),
    "question_attributes": ("qid", "attribute", "value", "language"),
    "surveys": (
        "sid", "gsid", "admin", "expires", "startdate", "adminemail", "anonymized", "format",
        "savetimings", "template", "language", "additional_languages", "datestamp", "usecookie",
        "allowregister", "allowsave", "autonumber_start", "autoredirect", "allowprev",
        "printanswers", "ipaddr", "ipanonymize", "refurl", "showsurveypolicynotice",
        "publicstatistics", "publicgraphs", "listpublic", "htmlemail", "sendconfirmation",
        "tokenanswerspersistence", "assessments", "usecaptcha", "usetokens", "bounce_email",
        "attributedescriptions", "emailresponseto", "emailnotificationto", "tokenlength",
        "showxquestions", "showgroupinfo", "shownoanswer", "showqnumcode", "bouncetime",
        "bounceprocessing", "bounceaccounttype", "bounceaccounthost", "bounceaccountpass",
        "bounceaccountencryption", "bounceaccountuser", "showwelcome", "showprogress",
        "questionindex", "navigationdelay", "nokeyboard", "alloweditaftercompletion",
        "googleanalyticsstyle", "googleanalyticsapikey", "tokenencryptionoptions",
    ),
    "surveys_languagesettings": (
        "surveyls_survey_id", "surveyls_language", "surveyls_title", "surveyls_description",
        "surveyls_welcometext", "surveyls_endtext", "surveyls_policy_notice",
        "surveyls_policy_error", "surveyls_policy_notice_label", "surveyls_url",
        "surveyls_urldescription", "surveyls_email_invite_subj", "surveyls_email_invite",
        "surveyls_email_remind_subj", "surveyls_email_remind", "surveyls_email_register_subj",
        "surveyls_email_register", "surveyls_email_confirm_subj", "surveyls_email_confirm",
        "surveyls_dateformat", "surveyls_attributecaptions", "surveyls_alias",
        "email_admin_notification_subj", "email_admin_notification",
        "email_admin_responses_subj", "email_admin_responses", "surveyls_numberformat",
        "attachments",
    ),
}

#: Question theme of each question type used here (``question_theme_name``).
THEMES = {
    "L": "listradio", "A": "arrays/5point", "F": "arrays/array", "M": "multiplechoice",
    "T": "longfreetext", "S": "shortfreetext", "1": "arrays/dualscale", "B": "arrays/10point",
    "P": "multiplechoice_with_comments",
}

#: Per language: LimeSurvey's default date format number and radix point (0 dot, 1 comma).
LANGUAGE_FORMATS = {
    "en": ("9", "0"), "bg": ("1", "1"), "es": ("5", "1"), "it": ("5", "1"), "fi": ("4", "1"),
    "ro": ("1", "1"), "el": ("8", "1"), "sl": ("4", "1"), "mk": ("1", "1"),
}

#: Survey settings of a fresh LimeSurvey 6 survey (the reference export); ``None`` = NULL.
SURVEY_DEFAULTS: dict[str, str | None] = {
    "gsid": "1", "admin": "LS Administrator", "expires": None, "startdate": None,
    "adminemail": "admin@example.org", "anonymized": "N", "format": "G", "savetimings": "N",
    "template": "fruity", "datestamp": "N", "usecookie": "N", "allowregister": "N",
    "allowsave": "Y", "autonumber_start": "0", "autoredirect": "N", "allowprev": "Y",
    "printanswers": "N", "ipaddr": "N", "ipanonymize": "N", "refurl": "N",
    "showsurveypolicynotice": "0", "publicstatistics": "N", "publicgraphs": "N",
    "listpublic": "N", "htmlemail": "Y", "sendconfirmation": "N", "tokenanswerspersistence": "N",
    "assessments": "N", "usecaptcha": "N", "usetokens": "N", "bounce_email": "admin@example.org",
    "attributedescriptions": "", "emailresponseto": "", "emailnotificationto": "",
    "tokenlength": "15", "showxquestions": "Y", "showgroupinfo": "B", "shownoanswer": "Y",
    "showqnumcode": "X", "bouncetime": "0", "bounceprocessing": "N", "bounceaccounttype": None,
    "bounceaccounthost": None, "bounceaccountpass": None, "bounceaccountencryption": None,
    "bounceaccountuser": None, "showwelcome": "Y", "showprogress": "Y", "questionindex": "0",
    "navigationdelay": "0", "nokeyboard": "N", "alloweditaftercompletion": "N",
    "googleanalyticsstyle": "0", "googleanalyticsapikey": "", "tokenencryptionoptions": "",
}

#: Options of the "fruity" theme as the export writes them under <themes_inherited>.
FRUITY_OPTIONS = (
    ("ajaxmode", "off"), ("brandlogo", "on"),
    ("brandlogofile", "themes/survey/fruity/files/logo.png"), ("container", "on"),
    ("backgroundimage", "off"), ("animatebody", "off"), ("bodyanimation", "fadeInRight"),
    ("bodyanimationduration", "500"), ("animatequestion", "off"),
    ("questionanimation", "flipInX"), ("questionanimationduration", "500"),
    ("animatealert", "off"), ("alertanimation", "shake"), ("alertanimationduration", "500"),
    ("font", "noto"), ("bodybackgroundcolor", "#ffffff"), ("fontcolor", "#444444"),
    ("questionbackgroundcolor", "#ffffff"), ("questionborder", "on"),
    ("questioncontainershadow", "on"), ("checkicon", "f00c"), ("animatecheckbox", "on"),
    ("checkboxanimation", "rubberBand"), ("checkboxanimationduration", "500"),
    ("animateradio", "on"), ("radioanimation", "zoomIn"), ("radioanimationduration", "500"),
    ("zebrastriping", "off"), ("stickymatrixheaders", "off"), ("greyoutselected", "off"),
    ("hideprivacyinfo", "off"), ("crosshover", "off"), ("showpopups", "1"),
    ("showclearall", "off"), ("questionhelptextposition", "top"), ("notables", "1"),
)

_INVALID_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class Node:
    """An XML element as XMLWriter writes it: text (plain or CDATA) or children."""

    tag: str
    text: str | None = None
    cdata: bool = False
    children: list[Node] = field(default_factory=list)


def render(root: Node) -> bytes:
    """Serialise like PHP ``XMLWriter`` with ``setIndent(true)`` (one space per level)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']

    def emit(node: Node, depth: int) -> None:
        pad = " " * depth
        if node.children:
            out.append(f"{pad}<{node.tag}>\n")
            for child in node.children:
                emit(child, depth + 1)
            out.append(f"{pad}</{node.tag}>\n")
        elif not node.text:
            out.append(f"{pad}<{node.tag}/>\n")
        elif node.cdata:
            value = _INVALID_XML.sub("", node.text).replace("]]>", "]] >")
            out.append(f"{pad}<{node.tag}><![CDATA[{value}]]></{node.tag}>\n")
        else:
            out.append(f"{pad}<{node.tag}>{escape(node.text)}</{node.tag}>\n")

    emit(root, 0)
    return "".join(out).encode("utf-8")


Row = dict[str, str | None]


def _table(name: str, rows: Sequence[Row]) -> list[Node]:
    """One table section (``buildXMLFromQuery``): nothing at all when it has no rows."""
    if not rows:
        return []
    fields = TABLE_FIELDS[name]
    body = []
    for row in rows:
        cells = [Node(f, row[f], cdata=True) for f in fields if row.get(f) is not None]
        body.append(Node("row", children=cells))
    return [
        Node(name, children=[
            Node("fields", children=[Node("fieldname", f) for f in fields]),
            Node("rows", children=body),
        ])
    ]


def _texts(texts: dict[str, str], language: str) -> str:
    return texts.get(language, "")


@dataclass
class _Ids:
    """Database ids LimeSurvey would have given the instrument's rows, in creation order."""

    qid: dict[str, int] = field(default_factory=dict)
    sub_qids: dict[str, list[int]] = field(default_factory=dict)
    aids: dict[str, list[int]] = field(default_factory=dict)
    question_l10n: dict[tuple[int, str], int] = field(default_factory=dict)
    answer_l10n: dict[tuple[int, str], int] = field(default_factory=dict)


def _assign_ids(instrument: Instrument) -> _Ids:
    ids = _Ids()
    languages = instrument.languages
    for number, question in enumerate(instrument.questions, start=1):
        ids.qid[question.code] = number
    next_qid = len(instrument.questions) + 1
    for question in instrument.questions:
        ids.sub_qids[question.code] = list(range(next_qid, next_qid + len(question.subquestions)))
        next_qid += len(question.subquestions)
    l10n = 1
    for question in instrument.questions:
        for qid in (ids.qid[question.code], *ids.sub_qids[question.code]):
            for language in languages:
                ids.question_l10n[(qid, language)] = l10n
                l10n += 1
    aid = 1
    for question in instrument.questions:
        ids.aids[question.code] = []
        for _option in _ordered_options(question):
            ids.aids[question.code].append(aid)
            for k, language in enumerate(languages):
                ids.answer_l10n[(aid, language)] = (aid - 1) * len(languages) + k + 1
            aid += 1
    return ids


def _ordered_options(question: Question) -> list[tuple[int, object]]:
    """(sortorder, option) per answer scale, scale 0 first."""
    result = []
    for scale in sorted({o.scale_id for o in question.options}):
        options = [o for o in question.options if o.scale_id == scale]
        result.extend(enumerate(options, start=1))
    return result


def survey_document(instrument: Instrument) -> Node:
    """The whole ``.lss`` document tree of an instrument."""
    sid = str(instrument.sid)
    languages = instrument.languages
    ids = _assign_ids(instrument)
    answers: list[tuple[tuple[int, int], Row]] = []
    answer_l10ns: list[tuple[tuple[int, int, str], Row]] = []
    for question in instrument.questions:
        for aid, (sortorder, option) in zip(
            ids.aids[question.code], _ordered_options(question), strict=True
        ):
            answers.append(((sortorder, aid), {
                "aid": str(aid), "qid": str(ids.qid[question.code]), "code": option.code,
                "sortorder": str(sortorder), "assessment_value": str(option.assessment_value),
                "scale_id": str(option.scale_id),
            }))
            for language in languages:
                answer_l10ns.append(((sortorder, aid, language), {
                    "id": str(ids.answer_l10n[(aid, language)]), "aid": str(aid),
                    "answer": _texts(option.labels, language), "language": language,
                }))

    groups: list[Row] = []
    group_l10ns: list[tuple[tuple[int, str], Row]] = []
    for gid, group in enumerate(instrument.groups, start=1):
        base = {"sid": sid, "group_order": str(gid), "randomization_group": "", "grelevance": "1"}
        groups.append({"gid": str(gid), **base})
        for k, language in enumerate(languages):
            group_l10ns.append(((gid, language), {
                "id": str((gid - 1) * len(languages) + k + 1), "gid": str(gid),
                "group_name": _texts(group.names, language),
                "description": _texts(group.descriptions, language), "language": language,
                **base,
            }))

    questions: list[Row] = []
    subquestions: list[Row] = []
    question_l10ns: list[tuple[tuple[int, str], Row]] = []
    attributes: list[tuple[tuple[int, str, str, str], Row]] = []
    order_in_group: dict[int, int] = {}
    for question in instrument.questions:
        order_in_group[question.group] = order_in_group.get(question.group, 0) + 1
        qid = ids.qid[question.code]
        common = {
            "sid": sid, "gid": str(question.group), "type": question.type, "preg": "",
            "encrypted": "N", "scale_id": "0", "same_default": "0", "relevance": "1",
            "question_theme_name": THEMES[question.type], "modulename": "", "same_script": "0",
        }
        questions.append({
            **common, "qid": str(qid), "parent_qid": "0", "title": question.code,
            "other": "Y" if question.other else "N",
            "mandatory": "Y" if question.mandatory else "N",
            "question_order": str(order_in_group[question.group]),
        })
        for language in languages:
            question_l10ns.append(((qid, language), {
                "id": str(ids.question_l10n[(qid, language)]), "qid": str(qid),
                "question": _texts(question.texts, language),
                "help": _texts(question.help, language), "script": "", "language": language,
            }))
        for order, (sqid, sub) in enumerate(
            zip(ids.sub_qids[question.code], question.subquestions, strict=True), start=1
        ):
            subquestions.append({
                **common, "qid": str(sqid), "parent_qid": str(qid), "title": sub.code,
                "other": "N", "mandatory": "N", "question_order": str(order),
            })
            for language in languages:
                question_l10ns.append(((sqid, language), {
                    "id": str(ids.question_l10n[(sqid, language)]), "qid": str(sqid),
                    "question": _texts(sub.labels, language), "help": "", "script": "",
                    "language": language,
                }))
        for attribute in question.attributes:
            values = (
                [(attribute.value, "")] if isinstance(attribute.value, str)
                else [(attribute.value[lang], lang) for lang in languages]
            )
            for value, language in values:
                key = (qid, attribute.name, value.casefold(), language)
                attributes.append((key, {
                    "qid": str(qid), "attribute": attribute.name, "value": value,
                    "language": language,
                }))

    survey: Row = {"sid": sid, **SURVEY_DEFAULTS}
    survey.update(instrument.settings)
    survey["language"] = instrument.base_language
    survey["additional_languages"] = " ".join(instrument.additional_languages)
    if instrument.participant_attributes:
        # Survey::setTokenAttributes: JSON of each attribute's description and options
        survey["attributedescriptions"] = json.dumps({
            name: {"description": description, "mandatory": "N", "encrypted": "N",
                   "show_register": "N", "cpdbmap": ""}
            for name, description in instrument.participant_attributes
        }, ensure_ascii=False, separators=(",", ":"))

    settings: list[Row] = []
    for language in sorted(languages):
        dateformat, numberformat = LANGUAGE_FORMATS[language]
        emails = email_templates(language)
        settings.append({
            "surveyls_survey_id": sid, "surveyls_language": language,
            "surveyls_title": instrument.titles[language],
            "surveyls_description": instrument.descriptions[language],
            "surveyls_welcometext": instrument.descriptions[language],
            "surveyls_endtext": instrument.endtexts[language],
            "surveyls_policy_notice": "", "surveyls_policy_error": "",
            "surveyls_policy_notice_label": "", "surveyls_url": "",
            "surveyls_urldescription": "",
            **{k: v for k, v in emails.items() if not k.startswith("email_admin")},
            "surveyls_dateformat": dateformat, "surveyls_attributecaptions": None,
            "surveyls_alias": "",
            **{k: v for k, v in emails.items() if k.startswith("email_admin")},
            "surveyls_numberformat": numberformat, "attachments": "",
        })

    def ordered(items: Iterable[tuple[tuple, Row]]) -> list[Row]:
        return [row for _key, row in sorted(items, key=lambda item: item[0])]

    children = [
        Node("LimeSurveyDocType", "Survey"),
        Node("DBVersion", DB_VERSION),
        # surveyGetXMLData: the additional languages, then the base language
        Node("languages", children=[
            Node("language", lang)
            for lang in (*instrument.additional_languages, instrument.base_language)
        ]),
        *_table("answers", ordered(answers)),
        *_table("answer_l10ns", ordered(answer_l10ns)),
        *_table("groups", groups),
        *_table("group_l10ns", ordered(group_l10ns)),
        *_table("questions", questions),
        *_table("subquestions", subquestions),
        *_table("question_l10ns", ordered(question_l10ns)),
        *_table("question_attributes", ordered(attributes)),
        *_table("surveys", [survey]),
        *_table("surveys_languagesettings", settings),
        Node("themes", children=[Node("theme", children=[
            Node("sid", sid), Node("template_name", "fruity"),
            Node("config", children=[Node("options", "inherit")]),
        ])]),
        Node("themes_inherited", children=[Node("theme", children=[
            Node("sid", sid), Node("template_name", "fruity"),
            Node("config", children=[
                Node("options", children=[Node(k, v) for k, v in FRUITY_OPTIONS]),
            ]),
        ])]),
    ]
    return Node("document", children=children)


def write_lss(instrument: Instrument) -> bytes:
    """The ``.lss`` bytes of an instrument, as LimeSurvey 6.1.8 exports them."""
    return render(survey_document(instrument))
