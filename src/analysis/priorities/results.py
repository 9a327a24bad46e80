"""The priorities of a survey: ``priorities``, ``priority_acceptability`` and ``completeness``.

:func:`priority_results` is what ``skillsneeds prioritize`` computes, as a pure function of data
frames, the catalogue and the config's sections: it reads and writes no file (the pipeline reads
the processed folder and writes the tables through :mod:`analysis.store`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.config import AnalysisConfig, PrioritiesConfig, WeightsConfig
from analysis.priorities.annex import COMPLETENESS_COLUMNS, completeness_table
from analysis.priorities.catalogue import MicroCredential
from analysis.priorities.criteria import criteria_design
from analysis.priorities.ranking import ACCEPTABILITY_COLUMNS, PRIORITIES_COLUMNS, priority_tables
from analysis.stats.results import survey_weights

__all__ = ["no_priorities", "priority_results"]


def no_priorities() -> dict[str, pd.DataFrame]:
    """The priority tables of a survey without a ``priorities`` section: their columns, no rows."""
    return {
        "priorities": pd.DataFrame(columns=PRIORITIES_COLUMNS),
        "priority_acceptability": pd.DataFrame(columns=ACCEPTABILITY_COLUMNS),
        "completeness": pd.DataFrame(columns=COMPLETENESS_COLUMNS),
    }


def priority_results(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    preferences: pd.DataFrame | None,
    catalogue: Sequence[MicroCredential],
    settings: PrioritiesConfig,
    *,
    scopes: Sequence[str],
    group_labels: Mapping[str, Mapping[str, str]],
    analysis: AnalysisConfig | None = None,
    weights: WeightsConfig | None = None,
) -> dict[str, pd.DataFrame]:
    """Rank the survey's candidate micro-credentials, overall and within each group.

    The respondents are weighted as for the results tables (:func:`analysis.stats.results.survey_weights`),
    the criteria computed from their ratings and preference answers
    (:func:`analysis.priorities.criteria.criteria_design`) and ranked with their uncertainty
    (:func:`analysis.priorities.ranking.priority_tables`). Columns: ``docs/results.md``; methods:
    ``docs/priorities.md``. Reads and writes no file.

    Parameters
    ----------
    respondents, ratings, preferences
        The cleaned tables (``respondents.parquet``, ``ratings.parquet``, ``preferences.parquet``;
        None: no preference answers).
    catalogue
        The candidates, validated against the survey (:func:`analysis.priorities.survey_catalogue`).
    settings
        The survey config's ``priorities`` section.
    scopes
        Profile fields ranked within besides overall (``SurveyConfig.priority_scopes``).
    group_labels
        Profile field -> answer code -> label, as in ``cleaning_summary.json``.
    analysis
        The config's ``analysis`` section (bootstrap strata, ``min_group_n``); None: its defaults.
    weights
        The config's ``weights`` section; None: every weight is 1.

    Returns
    -------
    dict
        ``priorities``, ``priority_acceptability`` and ``completeness`` (each candidate's Annex I
        elements: :func:`analysis.priorities.annex.completeness_table`).
    """
    analysis = analysis or AnalysisConfig()
    respondents, _ = survey_weights(respondents, weights or WeightsConfig())
    design = criteria_design(
        ratings, respondents, catalogue,
        sector_field=settings.sector_field, types=settings.types_field, weight="weight",
        gap_threshold=settings.gap_threshold, preferences=preferences, demand=settings.demand,
    )
    table, acceptability = priority_tables(
        design, catalogue, scopes=scopes, weights=settings.weight_vector,
        method=settings.method, draws=settings.draws, band=settings.band,
        bootstrap=settings.bootstrap, seed=settings.seed, strata=analysis.bootstrap_strata,
        min_group_n=analysis.min_group_n, group_labels=group_labels,
    )
    return {
        "priorities": table,
        "priority_acceptability": acceptability,
        "completeness": completeness_table(catalogue),
    }
