"""Answer codes -> canonical values, through the codebook only (never by label).

Profile answers keep their LimeSurvey answer code (the code is the canonical value: a Bulgarian and
a Spanish answer share it; survey-specific merges go through ``cleaning.recodes``). Ratings become
integers on the instrument's scale; "no answer" (an empty cell of a page the respondent reached),
the configured missing codes (don't know, not applicable) and items never shown stay distinct
kinds of missing, never zero.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.codebook import Codebook, ScaleValues
from analysis.config import SurveyConfig
from analysis.errors import ConfigError, InputError

__all__ = [
    "MISSING_KINDS",
    "OTHER_CODE",
    "PREFERENCE_COLUMNS",
    "apply_recodes",
    "battery_columns",
    "battery_scale",
    "check_answer_codes",
    "check_scale_values",
    "missing_kind_codes",
    "missing_kinds",
    "page_of_question",
    "preference_answers",
    "profile_codes",
    "rating_values",
    "reached",
    "scale_warning",
]

#: What LimeSurvey stores when a respondent picks a list question's "Other" option.
OTHER_CODE = "-oth-"
#: Single-choice question types -> their fixed codes when the question has no answer options.
SINGLE_CHOICE_TYPES = {
    "L": (), "!": (), "O": (), "Y": ("Y", "N"), "G": ("F", "M"), "5": ("1", "2", "3", "4", "5"),
}
#: Multiple-choice question types (one Y/empty column per option).
MULTIPLE_CHOICE_TYPES = frozenset({"M", "P"})
#: The kinds of missing rating, in the order the outputs list them.
MISSING_KINDS = ("no_answer", "dont_know", "not_applicable", "not_shown")
#: At most this many unknown answer codes are listed in one error.
MAX_LISTED_PROBLEMS = 20


def apply_recodes(
    raw: pd.DataFrame, codebook: Codebook, recodes: Mapping[str, Mapping[str, str]]
) -> pd.DataFrame:
    """Survey-specific answer recodes (``cleaning.recodes``), applied before validation.

    A key is a column heading (``COUNTRY``, ``IMPORT[SQ001]``) or a question code, which recodes
    every answer column of that question.
    """
    if not recodes:
        return raw
    out = raw.copy()
    by_question: dict[str, list[str]] = {}
    for column in codebook.columns():
        if column.kind == "answer":
            by_question.setdefault(column.question, []).append(column.heading)
    for key, mapping in recodes.items():
        headings = [key] if key in out.columns else by_question.get(key, [])
        headings = [h for h in headings if h in out.columns]
        if not headings:
            raise ConfigError(f"cleaning.recodes: {key!r} is neither a column nor a question of the survey")
        for heading in headings:
            out[heading] = out[heading].replace(dict(mapping))
    return out


def _where(row: pd.Series, column: str) -> str:
    parts = []
    if "_file" in row and row["_file"]:
        parts.append(str(row["_file"]))
    line = row.get("_line")
    parts.append(f"line {int(line)} (response {row['id']})" if line is not None and line == line
                 else f"response {row['id']}")
    parts.append(f"column {column}")
    return ", ".join(parts)


def check_answer_codes(raw: pd.DataFrame, allowed: Mapping[str, Collection[str]]) -> None:
    """Every non-empty cell of the given columns must be one of its allowed codes.

    Raises
    ------
    InputError
        Listing every offending cell (up to 20) with file, line, response and column, so that an
        analyst fixes them in one go.
    """
    problems: list[str] = []
    total = 0
    first: tuple[pd.Series, str] | None = None
    for column, codes in allowed.items():
        if column not in raw:
            continue
        cells = raw[column]
        bad = (cells != "") & ~cells.isin(list(codes))
        if not bad.any():
            continue
        ordered = sorted(codes, key=lambda c: (len(c), c)) if all(c.isdigit() for c in codes) else list(codes)
        shown = ", ".join(ordered[:12]) + (" ..." if len(ordered) > 12 else "")
        for index in bad[bad].index:
            total += 1
            row = raw.loc[index]
            first = first or (row, column)
            if len(problems) < MAX_LISTED_PROBLEMS:
                problems.append(
                    f"{_where(row, column)}: answer code {row[column]!r} is not in the survey "
                    f"structure (expected one of: {shown}, or empty for no answer)"
                )
    if not problems:
        return
    assert first is not None
    if total == 1:
        row, column = first
        line = row.get("_line")
        raise InputError(
            problems[0].split(": ", 1)[1], file=row.get("_file") or None,
            line=int(line) if line is not None and line == line else None,
            response=str(row["id"]), column=column,
        )
    more = f" (the first {MAX_LISTED_PROBLEMS} listed)" if total > MAX_LISTED_PROBLEMS else ""
    raise InputError(
        f"{total} answer codes are not in the survey structure{more}; fix them in the export or "
        f"map them with cleaning.recodes:\n  - " + "\n  - ".join(problems)
    )


def profile_allowed(codebook: Codebook, question: str) -> list[str]:
    """Valid codes of a single-choice question (with ``-oth-`` when it has an "Other" option).

    A participant attribute (``attribute_1``) has no fixed codes: an empty list.
    """
    if question not in codebook and question in codebook.participant_attributes():
        return []
    item = codebook[question]
    return item.answer_codes(0) + ([OTHER_CODE] if item.other else [])


def profile_codes(raw: pd.DataFrame, codebook: Codebook, question: str) -> pd.Series:
    """Answer codes of a single-choice question, checked against the codebook.

    Empty (no answer) becomes missing; LimeSurvey's ``-oth-`` (the "Other" option, whose text is in
    ``CODE[other]``) becomes ``other``. A participant attribute (``attribute_1``) keeps its text,
    empty becoming missing: it is read only when a profile field names it.
    """
    if question not in codebook and question in codebook.participant_attributes():
        column = raw[question] if question in raw else pd.Series("", index=raw.index, dtype=object)
        return column.replace({"": None}).astype("string")
    check_answer_codes(raw, {question: profile_allowed(codebook, question)})
    return raw[question].replace({"": None, OTHER_CODE: "other"}).astype("string")


def battery_columns(codebook: Codebook, question: str, scale: int | None = None) -> dict[str, str]:
    """Subquestion code -> export heading of one rating battery (dual scale: scale 1 or 2)."""
    item = codebook[question]
    if item.type == "1":
        if scale not in (1, 2):
            raise ValueError(f"{question} is a dual-scale array: give scale 1 or 2")
        return {sub: f"{question}[{sub}][{scale}]" for sub in item.subquestion_codes(0)}
    return {sub: f"{question}[{sub}]" for sub in item.subquestion_codes(0)}


def battery_allowed(
    codebook: Codebook, question: str, scale: int | None, missing_codes: Collection[str]
) -> dict[str, list[str]]:
    """Heading -> valid codes (scale points and missing codes) of one rating battery."""
    item = codebook[question]
    scale_id = (scale - 1) if item.type == "1" and scale else 0
    codes = item.answer_codes(scale_id) + [c for c in missing_codes if c not in item.answer_codes(scale_id)]
    return {heading: codes for heading in battery_columns(codebook, question, scale).values()}


def _codes_text(codes: Sequence[str]) -> str:
    return ", ".join(codes) if codes else "none: the question has no answer options"


def check_scale_values(config: SurveyConfig, codebook: Codebook) -> None:
    """Check the config's ``scale_values`` against the survey structure.

    Raises
    ------
    ConfigError
        Naming the config file and the entry (``scale_values[0]``) for a question that is not in
        the structure, a dual-scale array without ``scale: 1`` or ``2``, ``scale: 2`` on a
        question with one scale, codes that are not answer codes of that question and scale (with
        the valid ones), and answer codes left without a number that are not declared missing.
    """
    missing = set(config.cleaning.missing_codes)
    for number, entry in enumerate(config.scale_values):
        where = f"{config.config_path}: scale_values[{number}]"
        for question in entry.codes:
            if question not in codebook:
                raise ConfigError(
                    f"{where}: question {question!r} is not in the survey structure "
                    f"(its questions: {', '.join(codebook.questions)})"
                )
            item = codebook[question]
            if item.type == "1" and entry.scale is None:
                raise ConfigError(
                    f"{where}: {question} is a dual-scale array: give scale: 1 or scale: 2 "
                    f"(one entry per scale)"
                )
            if item.type != "1" and (entry.scale or 1) != 1:
                raise ConfigError(
                    f"{where}: {question} has one answer scale; scale: {entry.scale} is only for "
                    f"dual-scale arrays (leave it out)"
                )
            scale_id = (entry.scale or 1) - 1
            codes = item.answer_codes(scale_id)
            label = question + (f" scale {entry.scale}" if item.type == "1" else "")
            unknown = [code for code in entry.values if code not in codes]
            if unknown:
                raise ConfigError(
                    f"{where}.values: {', '.join(unknown)} "
                    f"{'is not an answer code' if len(unknown) == 1 else 'are not answer codes'} "
                    f"of {label} (its answer codes: {_codes_text(codes)})"
                )
            unvalued = [code for code in codes if code not in entry.values and code not in missing]
            if unvalued:
                raise ConfigError(
                    f"{where}.values: answer code{'s' if len(unvalued) > 1 else ''} "
                    f"{', '.join(unvalued)} of {label} {'have' if len(unvalued) > 1 else 'has'} no "
                    f"number: give {'them' if len(unvalued) > 1 else 'it'} one, or declare "
                    f"{'them' if len(unvalued) > 1 else 'it'} missing in cleaning.missing_codes"
                )


def battery_scale(
    config: SurveyConfig, codebook: Codebook, question: str, scale: int | None = None
) -> ScaleValues:
    """The numbers of one rating battery (:meth:`~analysis.codebook.Codebook.scale`), never none.

    Raises
    ------
    ConfigError
        When no answer code of the battery has a number (no answer options, or every option
        declared missing): names the question, its codes and how to give them numbers.
    """
    numbers = codebook.scale(question, scale, config)
    if numbers.values:
        return numbers
    declared = (
        f"; {', '.join(numbers.missing)} {'is' if len(numbers.missing) == 1 else 'are'} declared "
        f"missing in cleaning.missing_codes" if numbers.missing else ""
    )
    scale_text = f"\n      scale: {numbers.scale}" if numbers.scale else ""
    raise ConfigError(
        f"{config.config_path}: no answer code of the rating question {numbers.name} has a number "
        f"(its answer codes: {_codes_text(numbers.codes)}{declared}), so every rating would be "
        f"missing. Give each answer code its number in the survey config, e.g.\n"
        f"  scale_values:\n    - question: {question}{scale_text}\n      values: "
        + "{" + ", ".join(f"{code}: {n}" for n, code in enumerate(numbers.codes or ("A1", "A2"), start=1))
        + "}\n(docs/configuration.md, scale_values), or point ratings at an array with answer options"
    )


def scale_warning(numbers: ScaleValues, dimension: str) -> dict[str, object] | None:
    """The warning for a battery numbered by the order of its answer options, else None."""
    if numbers.rule != "order":
        return None
    declared = (
        f"; {', '.join(numbers.missing)} declared missing" if numbers.missing else ""
    )
    return {
        "check": "scale_order",
        "message": f"{dimension} ({numbers.name}): the answer codes have no assessment values and "
        f"are not integers, so they are numbered by their order in the survey structure: "
        f"{numbers.describe()}{declared}. If these are not the intended numbers, set them with "
        f"scale_values in the survey config (docs/configuration.md)",
        "values": {"dimension": dimension, "battery": numbers.name, "numbers": numbers.describe(),
                   "missing": list(numbers.missing)},
    }


def rating_values(
    raw: pd.DataFrame,
    codebook: Codebook,
    question: str,
    scale: int | None = None,
    missing_codes: Collection[str] = (),
    numbers: ScaleValues | None = None,
) -> pd.DataFrame:
    """Numeric ratings of one battery: rows = responses, columns = subquestion codes, NaN missing.

    ``numbers``: the battery's scale (:func:`battery_scale`); by default from the structure alone
    (:meth:`~analysis.codebook.Codebook.scale`), ``missing_codes`` never numbered.

    Raises
    ------
    InputError
        For answer codes that are neither on the scale, a missing code nor empty; names the
        file, line, response and column of each.
    """
    item = codebook[question]
    scale_id = (scale - 1) if item.type == "1" and scale else 0
    if numbers is None:
        numbers = item.scale_values(scale_id, None, missing_codes)
    values = dict(numbers.values)
    check_answer_codes(raw, battery_allowed(codebook, question, scale, missing_codes))
    out = {
        sub: raw[heading].map(values).astype(float)
        for sub, heading in battery_columns(codebook, question, scale).items()
    }
    return pd.DataFrame(out, index=raw.index, dtype=float).replace({None: np.nan})


def page_of_question(codebook: Codebook) -> dict[str, int]:
    """Question code -> the page (1-based) LimeSurvey shows it on, as ``lastpage`` counts pages.

    Group by group (format G, the default): a page per question group in group order; all in one
    (A): one page; question by question (S): a page per question.
    """
    layout = codebook.settings.get("format", "G")
    questions = sorted(codebook.questions.values(), key=lambda q: (q.group_order, q.question_order))
    if layout == "A":
        return {q.code: 1 for q in questions}
    if layout == "S":
        return {q.code: page for page, q in enumerate(questions, start=1)}
    groups = sorted({q.group_order for q in questions})
    page = {group: number for number, group in enumerate(groups, start=1)}
    return {q.code: page[q.group_order] for q in questions}


def reached(raw: pd.DataFrame, codebook: Codebook, question: str) -> pd.Series:
    """Whether each response reached the page of a question: submitted, or lastpage >= its page."""
    page = page_of_question(codebook)[question]
    lastpage = pd.to_numeric(raw["lastpage"], errors="coerce")
    return (raw["submitdate"] != "") | (lastpage >= page)


def missing_kind_codes(
    codes: np.ndarray,
    values: np.ndarray,
    shown: np.ndarray,
    missing_codes: Mapping[str, str],
) -> np.ndarray:
    """Why each rating is missing, as integer codes: 0 present, else 1 + its index in MISSING_KINDS.

    Parameters
    ----------
    codes
        The answer codes of the battery (rows = responses, columns = items, "" = empty cell).
    values
        The numeric ratings (NaN = missing), same shape.
    shown
        Per response, whether the battery's page was reached.
    missing_codes
        Answer code -> dont_know | not_applicable.
    """
    kinds = np.zeros(codes.shape, dtype=np.int8)
    for code, kind in dict(missing_codes).items():
        kinds[codes == code] = MISSING_KINDS.index(kind) + 1
    empty = codes == ""
    seen = np.asarray(shown, dtype=bool)[:, None]
    kinds[empty & seen] = MISSING_KINDS.index("no_answer") + 1
    kinds[empty & ~seen] = MISSING_KINDS.index("not_shown") + 1
    absent = np.isnan(values)
    # a code without a value on the scale (an unconfigured "don't know") is missing too
    kinds[absent & (kinds == 0)] = MISSING_KINDS.index("dont_know") + 1
    kinds[~absent] = 0
    return kinds


def missing_kinds(
    codes: pd.DataFrame,
    values: pd.DataFrame,
    shown: pd.Series,
    missing_codes: Mapping[str, str],
) -> pd.DataFrame:
    """Why each rating is missing: no_answer, dont_know, not_applicable, not_shown; NA if present.

    The labels of :func:`missing_kind_codes`, with the frames' index and columns.
    """
    kind_codes = missing_kind_codes(
        codes.to_numpy(dtype=object), values.to_numpy(dtype=float), shown.to_numpy(dtype=bool),
        missing_codes,
    )
    labels = np.array([pd.NA, *MISSING_KINDS], dtype=object)[kind_codes]
    return pd.DataFrame(labels, index=codes.index, columns=codes.columns, dtype="string")


PREFERENCE_COLUMNS = {"respondent_id": "string", "question": "string", "code": "string"}


def preference_answers(
    raw: pd.DataFrame, codebook: Codebook, questions: Sequence[str], respondent_ids: pd.Series
) -> pd.DataFrame:
    """Answers to closed preference questions, one row per respondent, question and chosen code.

    Parameters
    ----------
    raw
        The kept responses (code headings, answer codes).
    codebook
        The survey structure the codes are checked against.
    questions
        Question codes: single choice (list, dropdown, yes/no, gender, 5-point) or multiple choice.
    respondent_ids
        Pseudonymous id of each row of ``raw`` (same index).

    Returns
    -------
    DataFrame
        respondent_id, question, code. A multiple-choice question gives one row per ticked option;
        ``other`` stands for LimeSurvey's "Other" (its text stays in open_text). No answer: no row.

    Raises
    ------
    ConfigError
        For a question that is not in the survey or is not a closed choice question.
    InputError
        For answer codes that are not in the codebook (file, line, response, column).
    """
    frames = []
    for question in questions:
        if question not in codebook:
            raise ConfigError(f"preference question {question!r} is not a question of the survey")
        item = codebook[question]
        if item.type in MULTIPLE_CHOICE_TYPES:
            headings = {sub: f"{question}[{sub}]" for sub in item.subquestion_codes(0)}
            check_answer_codes(raw, dict.fromkeys(headings.values(), ["Y"]))
            chosen = pd.DataFrame({sub: raw[h].eq("Y") for sub, h in headings.items() if h in raw})
            if item.other and f"{question}[other]" in raw:
                chosen["other"] = raw[f"{question}[other]"].str.strip().ne("")
            rows, cols = np.nonzero(chosen.to_numpy(dtype=bool))
            frames.append(
                pd.DataFrame(
                    {
                        "respondent_id": respondent_ids.to_numpy(dtype=object)[rows],
                        "question": question,
                        "code": chosen.columns.to_numpy(dtype=object)[cols],
                    }
                )
            )
        elif item.type in SINGLE_CHOICE_TYPES:
            allowed = item.answer_codes(0) or list(SINGLE_CHOICE_TYPES[item.type])
            check_answer_codes(raw, {question: allowed + ([OTHER_CODE] if item.other else [])})
            codes = raw[question].replace({OTHER_CODE: "other"})
            answered = codes.ne("").to_numpy()
            frames.append(
                pd.DataFrame(
                    {
                        "respondent_id": respondent_ids.to_numpy(dtype=object)[answered],
                        "question": question,
                        "code": codes.to_numpy(dtype=object)[answered],
                    }
                )
            )
        else:
            raise ConfigError(
                f"preference question {question!r} has type {item.type!r}; expected a single choice "
                f"({', '.join(sorted(SINGLE_CHOICE_TYPES))}) or multiple choice (M, P) question"
            )
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(PREFERENCE_COLUMNS))
    return table.astype(PREFERENCE_COLUMNS).sort_values(
        ["respondent_id", "question", "code"], ignore_index=True
    )
