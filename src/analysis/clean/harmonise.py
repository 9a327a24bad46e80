"""Answer codes -> canonical values, through the codebook only (never by label).

Profile answers keep their LimeSurvey answer code (the code is the canonical value: a Bulgarian and
a Spanish answer share it). Ratings become integers on the instrument's scale; "no answer" (an
empty cell) and the configured missing codes (don't know, N/A) become missing, never zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.codebook import Codebook
from analysis.errors import InputError

__all__ = ["OTHER_CODE", "battery_columns", "profile_codes", "rating_values"]

#: What LimeSurvey stores when a respondent picks a list question's "Other" option.
OTHER_CODE = "-oth-"


def _unknown(raw: pd.DataFrame, column: str, bad: pd.Series, allowed: list[str]) -> InputError:
    index = bad[bad].index[0]
    row = raw.loc[index]
    shown = ", ".join(allowed[:12]) + (" ..." if len(allowed) > 12 else "")
    return InputError(
        f"answer code {row[column]!r} is not in the survey structure (expected one of: {shown}, "
        f"or empty for no answer)",
        file=row.get("_file"), line=int(row["_line"]) if "_line" in row else None,
        response=str(row["id"]), column=column,
    )


def profile_codes(raw: pd.DataFrame, codebook: Codebook, question: str) -> pd.Series:
    """Answer codes of a single-choice question, checked against the codebook.

    Empty (no answer) becomes missing; LimeSurvey's ``-oth-`` (the "Other" option, whose text is in
    ``CODE[other]``) becomes ``other``.
    """
    item = codebook[question]
    allowed = item.answer_codes(0) + ([OTHER_CODE] if item.other else [])
    cells = raw[question]
    bad = (cells != "") & ~cells.isin(allowed)
    if bad.any():
        raise _unknown(raw, question, bad, allowed)
    return cells.replace({"": None, OTHER_CODE: "other"}).astype("string")


def battery_columns(codebook: Codebook, question: str, scale: int | None = None) -> dict[str, str]:
    """Subquestion code -> export heading of one rating battery (dual scale: scale 1 or 2)."""
    item = codebook[question]
    if item.type == "1":
        if scale not in (1, 2):
            raise ValueError(f"{question} is a dual-scale array: give scale 1 or 2")
        return {sub: f"{question}[{sub}][{scale}]" for sub in item.subquestion_codes(0)}
    return {sub: f"{question}[{sub}]" for sub in item.subquestion_codes(0)}


def rating_values(
    raw: pd.DataFrame,
    codebook: Codebook,
    question: str,
    scale: int | None = None,
    missing_codes: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Numeric ratings of one battery: rows = responses, columns = subquestion codes, NaN missing.

    Raises
    ------
    InputError
        For an answer code that is neither on the scale, a missing code nor empty; names the
        file, line, response and column.
    """
    item = codebook[question]
    scale_id = (scale - 1) if item.type == "1" and scale else 0
    values = item.answer_values(scale_id)
    allowed = set(item.answer_codes(scale_id)) | set(missing_codes)
    out = {}
    for sub, heading in battery_columns(codebook, question, scale).items():
        cells = raw[heading]
        bad = (cells != "") & ~cells.isin(allowed)
        if bad.any():
            raise _unknown(raw, heading, bad, sorted(allowed))
        out[sub] = cells.map(values).astype(float)
    return pd.DataFrame(out, index=raw.index, dtype=float).replace({None: np.nan})
