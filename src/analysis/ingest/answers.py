"""Turn the answers of any LimeSurvey export back into answer codes, as the code export writes them.

A full-answer ("long") export writes labels in the file's language ("Bulgaria", "България") and
LimeSurvey's own words: an unchecked multiple-choice box is "No", a page never reached "N/A", a list's
other option "Other", a checked box "Yes" (each translated: "Да", "Sí", ...). The convertYN option
and the R/Stata plugins write multiple choice as 1/0. All of it maps back through the codebook, and a
text that is not a label of the column is an error naming file, line, response and column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.codebook import LIST_TYPES, Codebook, Column, Question
from analysis.errors import InputError
from analysis.ingest.headings import LONG_WORDS, flatten

__all__ = ["coded_columns", "to_answer_codes", "valid_codes"]

#: Multiple choice types: a subquestion cell holds "Y" or "".
CHOICE_TYPES = frozenset({"M", "P"})


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


def _labels(column: Column, question: Question, language: str) -> dict[str, str]:
    """Long-form text -> code for one column in one language."""
    words = LONG_WORDS.get(language, LONG_WORDS["en"])
    if question.type in CHOICE_TYPES:
        return {words["yes"]: "Y", words["no"]: "", words["na"]: ""}
    if question.type == "Y":
        return {words["yes"]: "Y", words["no"]: "N", words["na"]: ""}
    scale = (column.scale or 0) if question.type == "1" else 0
    labels = {words["na"]: ""}
    for option in question.answers:
        if option.scale_id == scale and language in option.labels:
            labels[flatten(option.labels[language])] = option.code
    if question.type in LIST_TYPES and question.other:
        other = question.attributes.get(f"other_replace_text:{language}") or words["other"]
        labels[flatten(other)] = "-oth-"
    return labels


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
    languages = [language] if language else list(codebook.languages)
    tables = {lang: {h: _labels(*cq, lang) for h, cq in coded.items()} for lang in languages}
    fitting = [
        lang for lang in languages
        if all(frame[h].isin(set(tables[lang][h]) | {""}).all() for h in coded)
    ]
    if not fitting:
        labelled = any(
            frame[h].isin(set(tables[lang][h]) - valid_codes(*cq)).any()
            for lang in languages for h, cq in coded.items()
        )
        if not labelled:  # answer codes with a wrong one: the cleaning stage reports it by code
            return frame, None
        _raise_unknown(frame, coded, tables[languages[0]], languages[0], path)
    chosen = fitting[0]
    for other in fitting[1:]:
        for heading in coded:
            values = set(frame[heading]) - {""}
            if any(tables[other][heading][v] != tables[chosen][heading][v] for v in values):
                raise InputError(
                    f"the answers read as labels of several survey languages "
                    f"({', '.join(fitting)}) with different codes; declare language: for this file",
                    file=path, column=heading,
                )
    for heading in coded:
        frame[heading] = frame[heading].map(lambda v, t=tables[chosen][heading]: t.get(v, ""))
    return frame, chosen


def _raise_unknown(
    frame: pd.DataFrame, coded: dict[str, tuple[Column, Question]], table: dict[str, dict[str, str]],
    language: str, path: str | Path,
) -> None:
    for heading, (column, question) in coded.items():
        bad = ~frame[heading].isin(set(table[heading]) | valid_codes(column, question))
        if bad.any():
            row = frame.loc[bad].iloc[0]
            expected = sorted(valid_codes(column, question) - {""}) + sorted(set(table[heading]) - {""})
            raise InputError(
                f"answer {row[heading]!r} is neither an answer code nor a label in {language} "
                f"(expected one of: {', '.join(repr(e) for e in expected[:12])})",
                file=path, line=int(row["_line"]), response=str(row["id"]), column=heading,
            )
    raise InputError(
        "the answers mix answer codes and labels; export with answer codes (or declare language:)",
        file=path,
    )
