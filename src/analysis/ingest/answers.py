"""Turn the answers of any LimeSurvey export back into answer codes, as the code export writes them.

A full-answer ("long") export writes labels in the file's language ("Bulgaria", "България") and
LimeSurvey's own words: an unchecked multiple-choice box is "No", a page never reached "N/A", a list's
other option "Other", a checked box "Yes" (each translated: "Да", "Sí", ...). The convertYN option
and the R/Stata plugins write multiple choice as 1/0. All of it maps back through the codebook, and a
text that is not a label of the column is an error naming file, line, response and column.

LimeSurvey's words are known only where they were read off a source (:data:`LIMESURVEY_WORDS`); a
list's "Other" is otherwise found by elimination (the one text of the column that is no label of
the question), and Yes/No of another language come from the file's ``words:`` in the config.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.codebook import LIST_TYPES, Codebook, Column, Question
from analysis.config import LongAnswerWords
from analysis.errors import InputError
from analysis.ingest.headings import flatten

__all__ = [
    "LIMESURVEY_WORDS", "NOT_REACHED", "coded_columns", "long_words", "to_answer_codes", "valid_codes",
]

#: Multiple choice types: a subquestion cell holds "Y" or "".
CHOICE_TYPES = frozenset({"M", "P"})

#: LimeSurvey's words in full-answer exports, from sources only: en, bg and es read off the real
#: LimeSurvey 6.1.8 exports of the reference survey (responses_{,bg_,es_}full_long.csv); mk from
#: LimeSurvey's catalogue locale/mk/LC_MESSAGES/mk.po. No other language is guessed.
LIMESURVEY_WORDS: dict[str, dict[str, str]] = {
    "en": {"yes": "Yes", "no": "No", "other": "Other"},
    "bg": {"yes": "Да", "no": "Не", "other": "Друго"},
    "es": {"yes": "Sí", "no": "No", "other": "Otro"},
    "mk": {"yes": "Да", "no": "Не", "other": "Друго"},
}

#: A question never reached: untranslated in every language (the real bg and es exports).
NOT_REACHED = "N/A"


def _coded(column: Column, question: Question) -> bool:
    if column.kind == "rank":
        return True
    if column.kind != "answer":
        return False
    if question.type in CHOICE_TYPES or question.type in {"Y", "G"}:
        return True
    return bool(question.answers) and (question.type in LIST_TYPES or question.type in {"F", "H", "1"})


def coded_columns(codebook: Codebook) -> dict[str, tuple[Column, Question]]:
    """Columns whose cells hold answer codes (lists, arrays with answer options, ranks, choices)."""
    out: dict[str, tuple[Column, Question]] = {}
    for column in codebook.columns():
        question = codebook[column.question]
        if _coded(column, question):
            out[column.heading] = (column, question)
    return out


def valid_codes(column: Column, question: Question) -> set[str]:
    """Answer codes a code export may write in this column ('' for no answer)."""
    if question.type in CHOICE_TYPES:
        return {"Y", ""}
    if question.type == "Y":
        return {"Y", "N", ""}
    if question.type == "G":
        return {"F", "M", ""}
    codes = set(question.answer_codes(column.scale or 0)) | {""}
    if question.type in LIST_TYPES and question.other:
        codes.add("-oth-")
    return codes


def long_words(language: str, declared: LongAnswerWords | None = None) -> dict[str, str | None]:
    """LimeSurvey's yes/no/other in one language: the file's declared words over the sourced ones.

    A word no source gives and the file does not declare is ``None``.
    """
    words: dict[str, str | None] = {"yes": None, "no": None, "other": None}
    words |= LIMESURVEY_WORDS.get(language, {})
    if declared is not None:
        words |= {k: v for k, v in declared.model_dump().items() if v is not None}
    return words


@dataclass(frozen=True)
class _Reading:
    """How one column's long answers read in one language."""

    table: dict[str, str]  # text -> code
    needs_words: bool = False  # Yes/No of this language are unknown
    other_by_elimination: bool = False  # the list's "Other" is the one text that is no label

    def unknown(self, values: set[str]) -> set[str]:
        return values - set(self.table) - {""}

    def fits(self, values: set[str]) -> bool:
        """Whether the texts read in this language (Yes/No pending when its words are unknown)."""
        unknown = self.unknown(values)
        return self.needs_words or not unknown or (self.other_by_elimination and len(unknown) == 1)

    def resolved(self, values: set[str]) -> dict[str, str]:
        unknown = self.unknown(values)
        if self.other_by_elimination and len(unknown) == 1:
            return self.table | {unknown.pop(): "-oth-"}
        return self.table


def _reading(
    column: Column, question: Question, language: str, declared: LongAnswerWords | None
) -> _Reading:
    """Long-form text -> code for one column in one language."""
    words = long_words(language, declared)
    if question.type in CHOICE_TYPES or question.type == "Y":
        if words["yes"] is None or words["no"] is None:
            return _Reading({NOT_REACHED: ""}, needs_words=True)
        no = "" if question.type in CHOICE_TYPES else "N"
        return _Reading({words["yes"]: "Y", words["no"]: no, NOT_REACHED: ""})
    scale = (column.scale or 0) if question.type == "1" else 0
    labels = {NOT_REACHED: ""}
    for option in question.answers:
        if option.scale_id == scale and language in option.labels:
            labels[flatten(option.labels[language])] = option.code
    if question.type in LIST_TYPES and question.other:
        other = question.attributes.get(f"other_replace_text:{language}") or words["other"]
        if other is None:
            return _Reading(labels, other_by_elimination=True)
        labels[flatten(other)] = "-oth-"
    return _Reading(labels)


def _convert_yn(frame: pd.DataFrame, coded: dict[str, tuple[Column, Question]]) -> bool:
    """Whether multiple choice is written as 1/0 (convertYN, R and Stata plugins)."""
    for heading, (_, question) in coded.items():
        if heading in frame and question.type in CHOICE_TYPES and frame[heading].isin(["0", "1"]).any():
            return True
    return False


def to_answer_codes(
    frame: pd.DataFrame,
    codebook: Codebook,
    *,
    path: str | Path,
    language: str | None = None,
    words: LongAnswerWords | None = None,
) -> tuple[pd.DataFrame, str | None]:
    """Answer codes in every coded column, whatever form the export wrote them in.

    Parameters
    ----------
    frame
        Text cells under code headings, with ``id`` and ``_line`` for error messages.
    codebook
        The survey's structure.
    path
        The file, for error messages.
    language
        Language of long answers (from the headings or the config); ``None``: the one language
        whose labels cover every cell (several that agree are fine; disagreeing ones an error).
    words
        The file's declared Yes/No/Other (config ``words:``), over LimeSurvey's sourced words.

    Returns
    -------
    tuple of (DataFrame, str or None)
        The frame with codes, and the language long answers were read in (None for codes).
    """
    coded = {h: cq for h, cq in coded_columns(codebook).items() if h in frame}
    frame = frame.copy()
    if _convert_yn(frame, coded):
        for heading, (_, question) in coded.items():
            if question.type in CHOICE_TYPES:
                frame[heading] = frame[heading].replace({"1": "Y", "0": ""})
        for column in codebook.columns():
            question = codebook[column.question]
            if question.type in CHOICE_TYPES and column.subquestion == "other" and column.heading in frame:
                frame[column.heading] = frame[column.heading].replace({"0": ""})
    short = all(frame[h].isin(valid_codes(*cq)).all() for h, cq in coded.items())
    if short:
        return frame, None
    values = {h: set(frame[h]) - {""} for h in coded}
    languages = [language] if language else list(codebook.languages)
    readings = {lang: {h: _reading(*cq, lang, words) for h, cq in coded.items()} for lang in languages}
    fitting = [lang for lang in languages if all(r.fits(values[h]) for h, r in readings[lang].items())]
    complete = [
        lang for lang in fitting
        if not any(r.needs_words and r.unknown(values[h]) for h, r in readings[lang].items())
    ]
    if fitting and not complete:
        _raise_words(frame, readings[fitting[0]], values, fitting, path)
    if not fitting:
        labelled = any(
            frame[h].isin(set(readings[lang][h].table) - valid_codes(*cq)).any()
            for lang in languages for h, cq in coded.items()
        )
        if not labelled:  # answer codes with a wrong one: the cleaning stage reports it by code
            return frame, None
        nearest = max(languages, key=lambda lang: sum(
            frame[h].isin(set(r.table) | {""}).sum() for h, r in readings[lang].items()
        ))
        _raise_unknown(frame, coded, readings[nearest], nearest, path)
    tables = {
        lang: {h: r.resolved(values[h]) for h, r in readings[lang].items()} for lang in complete
    }
    chosen = complete[0]
    for other in complete[1:]:
        for heading in coded:
            if any(tables[other][heading][v] != tables[chosen][heading][v] for v in values[heading]):
                raise InputError(
                    f"the answers read as labels of several survey languages "
                    f"({', '.join(complete)}) with different codes; declare language: for this file",
                    file=path, column=heading,
                )
    for heading in coded:
        frame[heading] = frame[heading].map(lambda v, t=tables[chosen][heading]: t.get(v, ""))
    return frame, chosen


def _raise_words(
    frame: pd.DataFrame, readings: dict[str, _Reading], values: dict[str, set[str]],
    languages: list[str], path: str | Path,
) -> None:
    """The long answers need LimeSurvey's Yes/No in a language no source gives: say how to fix it."""
    for heading, reading in readings.items():
        unknown = reading.unknown(values[heading])
        if reading.needs_words and unknown:
            row = frame.loc[frame[heading].isin(unknown)].iloc[0]
            texts = ", ".join(repr(t) for t in sorted(unknown))
            language = " or ".join(languages)
            raise InputError(
                f"full answers {texts} are LimeSurvey's words for a checked/unchecked box (or yes/no) "
                f"in {language}, which the project does not know; declare them for this file "
                f"(words: {{yes: ..., no: ...}} under source.files.responses) or export with answer "
                f"codes",
                file=path, line=int(row["_line"]), response=str(row["id"]), column=heading,
            )


def _raise_unknown(
    frame: pd.DataFrame, coded: dict[str, tuple[Column, Question]], readings: dict[str, _Reading],
    language: str, path: str | Path,
) -> None:
    for heading, (column, question) in coded.items():
        reading = readings[heading]
        known = set(reading.table) | valid_codes(column, question)
        if reading.fits(set(frame[heading]) - {""}):
            continue
        bad = ~frame[heading].isin(known)
        if bad.any():
            row = frame.loc[bad].iloc[0]
            expected = sorted(valid_codes(column, question) - {""}) + sorted(set(reading.table) - {""})
            raise InputError(
                f"answer {row[heading]!r} is neither an answer code nor a label in {language} "
                f"(expected one of: {', '.join(repr(e) for e in expected[:12])})",
                file=path, line=int(row["_line"]), response=str(row["id"]), column=heading,
            )
    raise InputError(
        "the answers mix answer codes and labels; export with answer codes (or declare language:)",
        file=path,
    )
