"""Fieldwork monitoring: where each partner stands while a survey is still open.

Counts of raw responses as LimeSurvey holds them (before cleaning), participants, a daily curve,
dropout by page and what the cleaning rules would exclude so far; written to
``data/processed/<survey>/fieldwork/`` (:mod:`analysis.store` owns the folder) and shown on an
internal working page of the report.
"""

from analysis.fieldwork.model import (
    BY_BREAKDOWN_COLUMNS,
    BY_PARTNER_COLUMNS,
    DAILY_COLUMNS,
    DROPOUT_COLUMNS,
    EXCLUSIONS_COLUMNS,
    SUMMARY_KEYS,
    Fieldwork,
)

__all__ = [
    "BY_BREAKDOWN_COLUMNS",
    "BY_PARTNER_COLUMNS",
    "DAILY_COLUMNS",
    "DROPOUT_COLUMNS",
    "EXCLUSIONS_COLUMNS",
    "SUMMARY_KEYS",
    "Fieldwork",
]
