"""The tidy tables of the kept respondents: respondents, ratings (long), missingness and timings.

Pure functions of the kept raw responses (all text), their pseudonymous ids and the codebook;
:func:`analysis.clean.clean` assembles them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.clean.harmonise import MISSING_KINDS, missing_kind_codes, profile_codes, reached
from analysis.codebook import Codebook
from analysis.config import CANONICAL_PROFILE_FIELDS, SurveyConfig
from analysis.errors import ConfigError

__all__ = [
    "TIMING_COLUMNS",
    "WideRatings",
    "empty_frame",
    "median_page_times",
    "missingness_table",
    "ratings_table",
    "respondents_table",
    "timings_table",
    "wide_ratings",
]

#: The processed timings table (long): seconds per kept respondent and interview, page or question.
TIMING_COLUMNS = {
    "respondent_id": "string", "level": "string", "group_id": "Int64", "question": "string",
    "seconds": "float64",
}


def timings_table(kept: pd.DataFrame, ids: pd.Series, codebook: Codebook) -> pd.DataFrame:
    """LimeSurvey's timings of the kept responses, long, under their pseudonymous ids.

    ``interviewtime`` (level ``interview``), ``groupTime<gid>`` (``group``) and ``<code>Time``
    (``question``), as ``createTimingsFieldMap`` names them; empty cells are left out. Never
    published per respondent: the report shows medians only.
    """
    frames = []
    for timing in codebook.timing_fields():
        if timing.heading not in kept:
            continue
        seconds = pd.to_numeric(kept[timing.heading].replace("", None), errors="coerce").to_numpy(float)
        level = "interview" if timing.group_id is None else "question" if timing.question else "group"
        frames.append(pd.DataFrame({
            "respondent_id": ids.to_numpy(dtype=object),
            "level": level,
            "group_id": timing.group_id,
            "question": timing.question,
            "seconds": seconds,
        }))
    if not frames:
        return empty_frame(TIMING_COLUMNS)
    table = pd.concat(frames, ignore_index=True)
    table = table[table["seconds"].notna()].reset_index(drop=True)
    return table.astype(TIMING_COLUMNS)


def median_page_times(timings: pd.DataFrame) -> pd.DataFrame:
    """Median seconds per page (question group) and respondents timed, for the cleaning page."""
    pages = timings[timings["level"] == "group"]
    table = pages.groupby("group_id")["seconds"].agg(["median", "count"]).reset_index()
    return table.rename(columns={"median": "median_seconds", "count": "respondents"})


def empty_frame(columns: dict[str, str]) -> pd.DataFrame:
    """An empty table with these columns and dtypes."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


def respondents_table(
    config: SurveyConfig, codebook: Codebook, kept: pd.DataFrame, ids: pd.Series, partner: pd.Series
) -> pd.DataFrame:
    """One row per kept response: id, survey, partner, profile fields, language, date, weight."""
    respondents = pd.DataFrame({"respondent_id": ids.to_numpy(dtype=object)}, dtype="string")
    respondents["survey"] = pd.Series(config.name, index=respondents.index, dtype="string")
    respondents["partner"] = partner.loc[kept.index].to_numpy(dtype=object)
    profile = {
        field_name: profile_codes(kept, codebook, question).to_numpy(dtype=object)
        for field_name, question in config.profile.items()
    }
    for field_name in CANONICAL_PROFILE_FIELDS:
        respondents[field_name] = profile.get(field_name, pd.NA)
    respondents["language"] = kept["startlanguage"].replace("", None).to_numpy(dtype=object)
    placeholder = kept["submitdate"].isin(config.cleaning.placeholder_dates)
    submitted = kept["submitdate"].where(~placeholder, "")
    respondents["submit_date"] = submitted.str.slice(0, 10).replace("", None).to_numpy(dtype=object)
    respondents["weight"] = 1.0
    for field_name, values in profile.items():
        if field_name not in CANONICAL_PROFILE_FIELDS:
            respondents[field_name] = values
    return respondents.astype(
        {c: "string" for c in respondents.columns if c != "weight"} | {"weight": "float64"}
    )


@dataclass(frozen=True)
class WideRatings:
    """The kept respondents' ratings as numbers: dimension x respondent x skill arrays.

    ``values`` holds the ratings (NaN missing); ``kinds`` why each is missing (0 present, else
    1 + its index in :data:`~analysis.clean.harmonise.MISSING_KINDS`). Respondents in the order
    of the kept responses, skills in battery order.
    """

    dimensions: list[str]
    skill_ids: list[str]
    values: np.ndarray
    kinds: np.ndarray


def wide_ratings(
    config: SurveyConfig,
    codebook: Codebook,
    kept: pd.DataFrame,
    skills: pd.DataFrame,
    values: Mapping[str, pd.DataFrame],
    codes: Mapping[str, pd.DataFrame],
) -> WideRatings:
    """The ratings and missing kinds of the kept responses, one respondents x skills block per dimension.

    ``values`` and ``codes`` hold each rating battery of every raw response by dimension (numeric
    ratings, answer codes; columns are subquestion codes).

    Raises
    ------
    ConfigError
        If a battery does not ask about the same subquestions as ``ratings.importance``.
    """
    code_to_id = dict(zip(skills["code"], skills["skill_id"], strict=True))
    order = list(code_to_id)
    shape = (len(values), len(kept), len(order))
    numbers = np.empty(shape, dtype=float)
    kinds = np.empty(shape, dtype=np.int8)
    for number, (dimension, frame) in enumerate(values.items()):
        if set(frame.columns) != set(code_to_id):
            raise ConfigError(
                f"{config.config_path}: ratings.{dimension} ({config.ratings[dimension].question}) "
                f"does not ask about the same subquestions as ratings.importance"
            )
        rows = frame.index.get_indexer(kept.index)
        numbers[number] = frame[order].to_numpy(dtype=float)[rows]
        shown = reached(kept, codebook, config.ratings[dimension].question).to_numpy(dtype=bool)
        answer_codes = codes[dimension]
        kinds[number] = missing_kind_codes(
            answer_codes[order].to_numpy(dtype=object)[answer_codes.index.get_indexer(kept.index)],
            numbers[number], shown, config.cleaning.missing_codes,
        )
    return WideRatings(list(values), [code_to_id[c] for c in order], numbers, kinds)


def _text(
    labels: Sequence[str], positions: np.ndarray, absent: np.ndarray | None = None
) -> pd.api.extensions.ExtensionArray:
    """``labels[positions]`` as a text column, built in Arrow (never a Python string per row)."""
    dictionary = pa.array(list(labels), type=pa.large_string())
    indices = pa.array(positions.astype(np.int32, copy=False), mask=absent)
    column = pa.DictionaryArray.from_arrays(indices, dictionary).cast(pa.large_string())
    return pd.array(column, dtype="string")


def ratings_table(wide: WideRatings, ids: pd.Series) -> pd.DataFrame:
    """The ratings of the kept responses, long: one row per respondent, skill and dimension.

    Dimension by dimension, respondent by respondent, skills in battery order; ``missing`` names
    the kind of missing (NA when rated).
    """
    n_dimensions, n_rows, n_items = wide.values.shape
    per_dimension = n_rows * n_items
    respondent = np.tile(np.repeat(np.arange(n_rows, dtype=np.int32), n_items), n_dimensions)
    respondent_ids = _text(ids.to_numpy(dtype=object), respondent)
    del respondent
    skill = np.tile(np.arange(n_items, dtype=np.int32), n_rows * n_dimensions)
    skill_ids = _text(wide.skill_ids, skill)
    del skill
    dimension = np.repeat(np.arange(n_dimensions, dtype=np.int32), per_dimension)
    dimensions = _text(wide.dimensions, dimension)
    del dimension
    numbers = wide.values.ravel()
    absent = np.isnan(numbers)
    rounded = np.round(numbers)
    rounded[absent] = 0
    value = pd.arrays.IntegerArray(rounded.astype(np.int64), absent)
    del rounded
    kinds = wide.kinds.ravel()
    missing = _text(MISSING_KINDS, np.maximum(kinds.astype(np.int32) - 1, 0), kinds == 0)
    return pd.DataFrame(
        {
            "respondent_id": respondent_ids,
            "skill_id": skill_ids,
            "dimension": dimensions,
            "value": value,
            "missing": missing,
        },
        copy=False,
    )


def missingness_table(wide: WideRatings, partner: pd.Series) -> pd.DataFrame:
    """Item missing rates overall and per partner.

    One row per scope (``overall``/``partner``) x group (``all``/partner code, in code order) x
    skill x dimension: n kept respondents, how many answered, how many of each missing kind,
    missing_share = 1 - answered / n. ``partner`` holds each kept respondent's partner, in the
    order of the ratings' respondents.
    """
    columns = ["scope", "group", "skill_id", "dimension", "n", "answered", *MISSING_KINDS, "missing_share"]
    text_types = {"scope": "string", "group": "string", "skill_id": "string", "dimension": "string"}
    if wide.kinds.size == 0:
        frame = pd.DataFrame({c: pd.Series(dtype="int64") for c in columns})
        return frame.astype(text_types | {"missing_share": "float64"})
    names = sorted(set(partner.tolist()))
    code_of = {name: code for code, name in enumerate(names)}
    partner_code = np.array([code_of[p] for p in partner.tolist()], dtype=np.int64)
    n_dimensions, _, n_items = wide.kinds.shape
    n_kinds = len(MISSING_KINDS) + 1
    # counts[partner, skill, dimension, kind]: one bincount per dimension, no row per rating
    counts = np.empty((len(names), n_items, n_dimensions, n_kinds), dtype=np.int64)
    cell = (partner_code[:, None] * n_items + np.arange(n_items)[None, :]) * n_kinds
    for number in range(n_dimensions):
        tally = np.bincount(
            (cell + wide.kinds[number]).ravel(), minlength=len(names) * n_items * n_kinds
        )
        counts[:, :, number, :] = tally.reshape(len(names), n_items, n_kinds)
    respondents = np.bincount(partner_code, minlength=len(names))
    groups = [("overall", "all", counts.sum(axis=0), len(partner))] + [
        ("partner", name, counts[code], int(respondents[code])) for code, name in enumerate(names)
    ]
    per_group = n_items * n_dimensions
    tally = np.concatenate([g[2].reshape(per_group, n_kinds) for g in groups])
    n = np.repeat(np.array([g[3] for g in groups], dtype=np.int64), per_group)
    table = pd.DataFrame(
        {
            "scope": np.repeat([g[0] for g in groups], per_group),
            "group": np.repeat(np.array([g[1] for g in groups], dtype=object), per_group),
            "skill_id": np.tile(np.repeat(np.array(wide.skill_ids, dtype=object), n_dimensions), len(groups)),
            "dimension": np.tile(np.array(wide.dimensions, dtype=object), n_items * len(groups)),
            "n": n,
            **{name: tally[:, k] for k, name in enumerate(["answered", *MISSING_KINDS])},
        }
    )
    table["missing_share"] = 1 - table["answered"] / table["n"].where(table["n"] > 0)
    table = table.astype(
        text_types | {c: "int64" for c in ["n", "answered", *MISSING_KINDS]} | {"missing_share": "float64"}
    )
    return table[columns]
