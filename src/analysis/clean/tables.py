"""The tidy tables of the kept respondents: respondents, ratings (long), missingness and timings.

Pure functions of the kept raw responses (all text), their pseudonymous ids and the codebook;
:func:`analysis.clean.clean` assembles them.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.clean.harmonise import MISSING_KINDS, missing_kinds, profile_codes, reached
from analysis.codebook import Codebook
from analysis.config import CANONICAL_PROFILE_FIELDS, SurveyConfig
from analysis.errors import ConfigError

__all__ = [
    "TIMING_COLUMNS",
    "empty_frame",
    "median_page_times",
    "missingness_table",
    "ratings_table",
    "respondents_table",
    "timings_table",
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


def ratings_table(
    config: SurveyConfig,
    codebook: Codebook,
    kept: pd.DataFrame,
    ids: pd.Series,
    skills: pd.DataFrame,
    values: Mapping[str, pd.DataFrame],
    codes: Mapping[str, pd.DataFrame],
) -> pd.DataFrame:
    """The ratings of the kept responses, long: one row per respondent, skill and dimension.

    ``values`` and ``codes`` hold each rating battery of every raw response by dimension (numeric
    ratings, answer codes; columns are subquestion codes); ``missing`` names the kind of missing.

    Raises
    ------
    ConfigError
        If a battery does not ask about the same subquestions as ``ratings.importance``.
    """
    code_to_id = dict(zip(skills["code"], skills["skill_id"], strict=True))
    order = list(code_to_id)
    # the ids as text arrays once, repeated by position (not one text object per rating)
    skill_ids = pd.array([code_to_id[c] for c in order], dtype="string")
    respondent_ids = pd.array(ids.to_numpy(dtype=object), dtype="string")
    missing_codes = config.cleaning.missing_codes
    long_frames = []
    for dimension, frame in values.items():
        if set(frame.columns) != set(code_to_id):
            raise ConfigError(
                f"{config.config_path}: ratings.{dimension} ({config.ratings[dimension].question}) "
                f"does not ask about the same subquestions as ratings.importance"
            )
        shown = reached(kept, codebook, config.ratings[dimension].question)
        kept_values = frame.loc[kept.index, order]
        kinds = missing_kinds(codes[dimension].loc[kept.index, order], kept_values, shown, missing_codes)
        n_rows, n_items = kept_values.shape
        long_frames.append(
            pd.DataFrame(
                {
                    "respondent_id": respondent_ids.take(np.repeat(np.arange(n_rows), n_items)),
                    "skill_id": skill_ids.take(np.tile(np.arange(n_items), n_rows)),
                    "dimension": dimension,
                    "value": kept_values.to_numpy(dtype=float).ravel(),
                    "missing": kinds.to_numpy(dtype=object).ravel(),
                }
            )
        )
    ratings = pd.concat(long_frames, ignore_index=True)
    ratings["value"] = ratings["value"].round().astype("Int64")
    return ratings.astype(
        {"respondent_id": "string", "skill_id": "string", "dimension": "string", "missing": "string"}
    )


def missingness_table(
    ratings: pd.DataFrame, partner_of: pd.Series, skill_ids: list[str], dimensions: list[str]
) -> pd.DataFrame:
    """Item missing rates overall and per partner.

    One row per scope (``overall``/``partner``) x group (``all``/partner code) x skill x dimension:
    n kept respondents, how many answered, how many of each missing kind, missing_share =
    1 - answered / n.
    """
    columns = ["scope", "group", "skill_id", "dimension", "n", "answered", *MISSING_KINDS, "missing_share"]
    if ratings.empty:
        frame = pd.DataFrame({c: pd.Series(dtype="int64") for c in columns})
        return frame.astype(
            {"scope": "string", "group": "string", "skill_id": "string", "dimension": "string",
             "missing_share": "float64"}
        )
    kinds = ratings["missing"].astype("string").fillna("answered")
    # each respondent's partner looked up once, not once per rating
    respondent, respondent_ids = pd.factorize(ratings["respondent_id"])
    partners = pd.Series(respondent_ids).map(partner_of).to_numpy(dtype=object)
    partner = np.full(len(ratings), np.nan, dtype=object)
    known = respondent >= 0
    partner[known] = partners[respondent[known]]
    frame = pd.DataFrame(
        {
            "partner": pd.Series(partner, index=ratings.index, dtype=object),
            "skill_id": ratings["skill_id"],
            "dimension": ratings["dimension"],
            "kind": kinds,
        }
    )
    respondents_per = partner_of.value_counts()
    tables = []
    groups = [("overall", "all", frame)] + [
        ("partner", partner, part) for partner, part in sorted(frame.groupby("partner"), key=lambda g: g[0])
    ]
    index = pd.MultiIndex.from_product([skill_ids, dimensions], names=["skill_id", "dimension"])
    for scope, group, part in groups:
        counts = (
            part.groupby(["skill_id", "dimension", "kind"]).size().unstack("kind", fill_value=0)
            .reindex(index=index, columns=["answered", *MISSING_KINDS], fill_value=0)
        )
        n = len(partner_of) if scope == "overall" else int(respondents_per.get(group, 0))
        counts.insert(0, "n", n)
        counts = counts.reset_index().rename_axis(columns=None)
        counts.insert(0, "group", group)
        counts.insert(0, "scope", scope)
        tables.append(counts)
    table = pd.concat(tables, ignore_index=True)
    table["missing_share"] = 1 - table["answered"] / table["n"].where(table["n"] > 0)
    table = table.astype(
        {"scope": "string", "group": "string", "skill_id": "string", "dimension": "string",
         **{c: "int64" for c in ["n", "answered", *MISSING_KINDS]}, "missing_share": "float64"}
    )
    return table[columns]
