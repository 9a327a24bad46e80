"""Prioritising candidate micro-credentials from a skills-needs survey (see docs/priorities.md).

``catalogue`` loads and validates the candidates; ``annex`` tells which Annex I elements a
candidate's design still leaves open; ``criteria`` scores each on need, breadth,
transferability, demand and agreement; ``aggregate`` combines the criteria (weighted sum, TOPSIS);
``robustness`` tells how far the ranking survives other weights and other samples (SMAA-2).
"""

from __future__ import annotations

from analysis.priorities.aggregate import CRITERIA, topsis, weighted_sum
from analysis.priorities.annex import (
    ANNEX_ELEMENTS,
    COMPLETENESS_STATUSES,
    annex_completeness,
    completeness_table,
    incomplete_candidates,
)
from analysis.priorities.catalogue import (
    REQUIRED_FIELDS,
    MicroCredential,
    load_catalogue,
    survey_catalogue,
)
from analysis.priorities.criteria import CRITERIA_COLUMNS, GAP_THRESHOLD, criteria_table, normalise
from analysis.priorities.robustness import STABILITY_LEVELS, rank_acceptability

__all__ = [
    "ANNEX_ELEMENTS",
    "COMPLETENESS_STATUSES",
    "CRITERIA",
    "CRITERIA_COLUMNS",
    "GAP_THRESHOLD",
    "STABILITY_LEVELS",
    "REQUIRED_FIELDS",
    "MicroCredential",
    "annex_completeness",
    "completeness_table",
    "criteria_table",
    "incomplete_candidates",
    "load_catalogue",
    "normalise",
    "rank_acceptability",
    "survey_catalogue",
    "topsis",
    "weighted_sum",
]
