"""The processed files' contract, as pandera schemas checked before anything is written.

The report, the notebooks and the statistics read these files by column name; a change here is a
change of ``docs/results.md``.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from analysis.clean.harmonise import MISSING_KINDS

__all__ = [
    "EXCLUSIONS",
    "MISSINGNESS",
    "OPEN_TEXT",
    "RATINGS",
    "RESPONDENTS",
    "TIMINGS",
    "validate_outputs",
    "validate_timings",
]

_TEXT = pa.Column("string", nullable=False)
_OPTIONAL_TEXT = pa.Column("string", nullable=True)
_COUNT = pa.Column("int64", pa.Check.ge(0))

RESPONDENTS = pa.DataFrameSchema(
    {
        "respondent_id": pa.Column("string", unique=True, nullable=False),
        "survey": _TEXT,
        "partner": _TEXT,
        "country": _OPTIONAL_TEXT,
        "sector": _OPTIONAL_TEXT,
        "respondent_type": _OPTIONAL_TEXT,
        "org_size": _OPTIONAL_TEXT,
        "language": _OPTIONAL_TEXT,
        "submit_date": pa.Column("string", pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$"), nullable=True),
        "weight": pa.Column("float64", pa.Check.gt(0)),
    },
    strict=False,  # other configured profile fields follow
    ordered=True,
)

RATINGS = pa.DataFrameSchema(
    {
        "respondent_id": _TEXT,
        "skill_id": _TEXT,
        "dimension": _TEXT,
        "value": pa.Column("Int64", nullable=True),
        "missing": pa.Column("string", pa.Check.isin(list(MISSING_KINDS)), nullable=True),
    },
    checks=[
        pa.Check(lambda f: f["value"].isna() == f["missing"].notna(), error="missing iff value is NA"),
    ],
    unique=["respondent_id", "skill_id", "dimension"],
    strict=True,
    ordered=True,
)

OPEN_TEXT = pa.DataFrameSchema(
    {
        "respondent_id": _TEXT,
        "question": _TEXT,
        "language": _OPTIONAL_TEXT,
        "text": pa.Column("string", pa.Check.str_length(min_value=1), nullable=False),
    },
    strict=True,
    ordered=True,
)

EXCLUSIONS = pa.DataFrameSchema(
    {
        "response_id": pa.Column("string", unique=True, nullable=False),
        "partner": _TEXT,
        "rule": _TEXT,
        "detail": _TEXT,
    },
    strict=True,
    ordered=True,
)

MISSINGNESS = pa.DataFrameSchema(
    {
        "scope": pa.Column("string", pa.Check.isin(["overall", "partner"])),
        "group": _TEXT,
        "skill_id": _TEXT,
        "dimension": _TEXT,
        "n": _COUNT,
        "answered": _COUNT,
        **{kind: _COUNT for kind in MISSING_KINDS},
        "missing_share": pa.Column("float64", pa.Check.in_range(0, 1), nullable=True),
    },
    checks=[
        pa.Check(
            lambda f: f["answered"] + f[list(MISSING_KINDS)].sum(axis=1) == f["n"],
            error="answered + missing kinds = n",
        ),
    ],
    strict=True,
    ordered=True,
)

#: ``timings.parquet``: LimeSurvey's saved times of the kept respondents, long (never published).
TIMINGS = pa.DataFrameSchema(
    {
        "respondent_id": _TEXT,
        "level": pa.Column("string", pa.Check.isin(["interview", "group", "question"]), nullable=False),
        "group_id": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "question": _OPTIONAL_TEXT,
        "seconds": pa.Column("float64", pa.Check.ge(0), nullable=False),
    },
    checks=[
        pa.Check(
            lambda f: f["group_id"].isna() == (f["level"] == "interview"),
            error="group_id is null exactly for the interview level",
        ),
        pa.Check(
            lambda f: f["question"].notna() == (f["level"] == "question"),
            error="question is given exactly for the question level",
        ),
    ],
    unique=["respondent_id", "level", "group_id", "question"],
    strict=True,
    ordered=True,
)


def validate_outputs(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    open_text: pd.DataFrame,
    exclusions: pd.DataFrame,
    missingness: pd.DataFrame,
    timings: pd.DataFrame | None = None,
) -> None:
    """Check every processed table against its schema; raises pandera's SchemaError if one breaks.

    ``timings`` (when given) must also hold kept respondents only.
    """
    RESPONDENTS.validate(respondents)
    RATINGS.validate(ratings)
    OPEN_TEXT.validate(open_text)
    EXCLUSIONS.validate(exclusions)
    MISSINGNESS.validate(missingness)
    if timings is not None:
        validate_timings(timings, respondents["respondent_id"])


def validate_timings(timings: pd.DataFrame, respondent_ids: pd.Series) -> None:
    """Check ``timings.parquet`` against :data:`TIMINGS` and that it holds kept respondents only."""
    TIMINGS.validate(timings)
    strangers = ~timings["respondent_id"].isin(respondent_ids)
    if strangers.any():
        raise pa.errors.SchemaError(
            TIMINGS, timings, f"timings of {int(strangers.sum())} rows name no kept respondent"
        )
