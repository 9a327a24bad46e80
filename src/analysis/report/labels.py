"""A survey's question, answer and page texts in the language of a report page: one owner.

Every label the pages take from the survey itself (skills, groups, open questions, the survey's
pages) comes from here, in this order:

1. the survey's codebook (``codebook.csv``) in the page's language: the texts LimeSurvey holds;
2. the survey config's ``translations.<lang>.questions`` / ``question_groups``: texts the survey
   was not run with, supplied by a partner (docs/configuration.md, "Translations");
3. the codebook's base language, as a last resort, and listed by :meth:`SurveyLabels.fallbacks`
   so the report says which labels are still missing in that language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from analysis import store
from analysis.config import SurveyConfig

__all__ = ["SurveyLabels", "missing_labels", "open_question_label", "survey_labels"]

#: Codebook items and the config field that supplies each in another language.
_ITEMS = {"answer": "answers", "subquestion": "subquestions"}


@dataclass
class SurveyLabels:
    """A survey's texts in one language (see the module's order of sources).

    Attributes
    ----------
    lang : str
        The page's language.
    base : str
        The survey's base language (the last resort).
    """

    lang: str
    base: str
    _here: dict[tuple[str, str, str], str]
    _base: dict[tuple[str, str, str], str]
    _groups: dict[str, str]
    _missing: set[str] = field(default_factory=set)

    def _find(self, key: tuple[str, str, str]) -> str | None:
        if key in self._here:
            return self._here[key]
        if key in self._base:
            if self.lang != self.base:
                self._missing.add(":".join(part for part in key if part))
            return self._base[key]
        return None

    def question(self, code: str) -> str | None:
        """The question's text (None when the codebook has no such question)."""
        return self._find((code, "question", ""))

    def answer(self, question: str, code: str) -> str | None:
        """The label of answer ``code`` of ``question``."""
        return self._find((question, "answer", code))

    def subquestion(self, question: str, code: str) -> str | None:
        """The label of subquestion ``code`` of ``question`` (an item of a battery)."""
        return self._find((question, "subquestion", code))

    def answers(self, question: str) -> dict[str, str]:
        """Every answer of ``question``: code -> label."""
        codes = [code for (q, item, code) in (*self._base, *self._here) if q == question and item == "answer"]
        return {code: label for code in dict.fromkeys(codes) if (label := self.answer(question, code))}

    def subquestions(self, question: str) -> dict[str, str]:
        """Every subquestion of ``question``: code -> label."""
        codes = [
            code for (q, item, code) in (*self._base, *self._here) if q == question and item == "subquestion"
        ]
        return {code: label for code in dict.fromkeys(codes) if (label := self.subquestion(question, code))}

    def page(self, group_id: str | int, names: Mapping[str, str] | None = None) -> str | None:
        """The name of the survey's page (question group) ``group_id``.

        ``names`` are the group's names by language as the cleaning summary records them.
        """
        key = str(group_id)
        if names and names.get(self.lang):
            return names[self.lang]
        if key in self._groups:
            return self._groups[key]
        if names and names.get(self.base):
            if self.lang != self.base:
                self._missing.add(f"question group {key}")
            return names[self.base]
        return None

    def fallbacks(self) -> list[str]:
        """The labels shown in the base language so far because this language has none."""
        return sorted(self._missing)


def _table(codebook: pd.DataFrame) -> dict[tuple[str, str, str], str]:
    rows = codebook[codebook["label"] != ""]
    keys = zip(rows["question"], rows["item"], rows["code"], strict=True)
    return {
        (question, item, "" if item == "question" else code): label
        for (question, item, code), label in zip(keys, rows["label"], strict=True)
    }


def _from_config(config: SurveyConfig, lang: str) -> dict[tuple[str, str, str], str]:
    texts = config.translations.get(lang)
    if texts is None:
        return {}
    out: dict[tuple[str, str, str], str] = {}
    for question, given in texts.questions.items():
        if given.text:
            out[(question, "question", "")] = given.text
        for item, name in _ITEMS.items():
            for code, label in getattr(given, name).items():
                out[(question, item, code)] = label
    return out


def _base_language(codebook: pd.DataFrame) -> str:
    languages = list(dict.fromkeys(codebook["language"]))
    return languages[0] if languages else "en"


def survey_labels(config: SurveyConfig, lang: str) -> SurveyLabels:
    """The survey's texts in ``lang``: codebook, then the config's translations, then the base language."""
    codebook = store.read_codebook(config)
    base = _base_language(codebook)
    here = _table(codebook[codebook["language"] == lang])
    supplied = _from_config(config, lang)
    texts = config.translations.get(lang)
    groups = {str(k): v for k, v in texts.question_groups.items()} if texts is not None else {}
    return SurveyLabels(
        lang=lang, base=base, _here={**supplied, **here},
        _base=_table(codebook[codebook["language"] == base]), _groups=groups,
    )


def open_question_label(labels: SurveyLabels, field_name: str, tr_: Callable[[str], str]) -> str:
    """An open answer's column as words: ``DELIVERY[other]`` -> "<question text>: other".

    LimeSurvey names the free texts beside closed answers ``Q[other]`` (the "other" option),
    ``Q[comment]`` (a list's comment) and ``Q[SQ001comment]`` (a multiple choice's comment on
    one option); an open question is its code. A code the codebook does not know stays as it is.
    """
    question, _, rest = field_name.partition("[")
    rest = rest.rstrip("]")
    text = labels.question(question) or question
    if not rest:
        return text
    if rest == "other":
        return tr_("%(question)s: other") % {"question": text}
    if rest.endswith("comment"):
        option = rest.removesuffix("comment")
        label = (labels.subquestion(question, option) or labels.answer(question, option)) if option else None
        if label:
            return tr_("%(question)s: comment on “%(option)s”") % {"question": text, "option": label}
        return tr_("%(question)s: comment") % {"question": text}
    label = labels.subquestion(question, rest) or rest
    return f"{text}: {label}"


def missing_labels(config: SurveyConfig, lang: str) -> list[str]:
    """The survey's texts a report page in ``lang`` shows in the base language, for lack of them.

    Looks up what the pages show: the profile questions' answers (the groups), the rating
    battery's items (the skills), the open questions and the survey's page names. Each is named
    ``QUESTION:item:CODE`` (or ``question group N``), as the config's ``translations`` would add it.
    """
    labels = survey_labels(config, lang)
    for question in config.profile.values():
        labels.answers(question)
    battery = config.ratings["importance"].question
    for code in store.read_skills(config)["code"]:
        labels.subquestion(battery, str(code))
    open_text = store.read_open_text(config)
    for column in open_text["question"].unique():
        labels.question(str(column).partition("[")[0])
    for page in store.read_summary(config).get("page_times") or ():
        labels.page(page["group_id"], page.get("group"))
    return labels.fallbacks()
