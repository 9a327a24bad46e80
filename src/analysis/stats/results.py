"""The results of a survey: every table of ``results/`` from the cleaned frames and the config.

:func:`results_tables` is what ``skillsneeds analyze`` computes, as a pure function of data frames
and the config's ``analysis`` and ``weights`` sections: it reads and writes no file (the pipeline
reads the processed folder and writes the tables through :mod:`analysis.store`), so a notebook or
a test can call it on frames held in memory. :func:`survey_weights` gives the respondents their
analysis weight, for these tables and for the priorities.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import pandas as pd

from analysis.config import AnalysisConfig, WeightsConfig
from analysis.stats.agreement import AGREEMENT_COLUMNS, SPEARMAN_COLUMNS, agreement_table, spearman_pairs
from analysis.stats.crossing import cross_scope, with_crossed_columns, with_crossed_labels
from analysis.stats.descriptives import describe
from analysis.stats.design import RakedDesign
from analysis.stats.gaps import gap_tests
from analysis.stats.groups import dunn_posthoc, group_differences
from analysis.stats.needs import discrepancies, needs_table
from analysis.stats.reliability import reliability_tables
from analysis.stats.uncertainty import bootstrap_ranks_by, raked_resampling
from analysis.stats.weights import rake

__all__ = ["RESULTS_TABLES", "rating_scale", "results_tables", "survey_weights"]

log = logging.getLogger(__name__)

#: The tables :func:`results_tables` returns, in order (each a file stem of ``results/``).
RESULTS_TABLES: tuple[str, ...] = (
    "descriptives", "reliability", "item_total", "needs", "gap_tests", "group_tests", "dunn",
    "rank_uncertainty", "agreement", "spearman",
)


def survey_weights(
    respondents: pd.DataFrame, settings: WeightsConfig
) -> tuple[pd.DataFrame, dict[str, object]]:
    """The respondents with their analysis ``weight``, and the weighting report.

    Raked to ``settings.margins`` when the config gives margins (:func:`analysis.stats.rake`),
    else every weight is 1.

    Parameters
    ----------
    respondents
        One row per kept respondent, with the profile fields the margins name.
    settings
        The survey config's ``weights`` section.

    Returns
    -------
    tuple
        The respondents (a copy, ``weight`` replaced) and the content of ``weighting.json``:
        ``{"weighted": false}``, or ``weighted``, ``n``, ``converged``, ``iterations``,
        ``max_margin_error``, ``kish_n``, ``design_effect``.
    """
    respondents = respondents.copy()
    margins = settings.margins
    if not margins:
        respondents["weight"] = 1.0
        return respondents, {"weighted": False}
    raked = rake(respondents, margins, trim=settings.trim, max_iter=settings.max_iter, tol=settings.tol)
    respondents["weight"] = raked.weights.to_numpy(dtype=float)
    return respondents, {
        "weighted": True,
        "n": len(respondents),
        "converged": bool(raked.converged),
        "iterations": int(raked.iterations),
        "max_margin_error": float(raked.max_margin_error),
        "kish_n": float(raked.kish_n),
        "design_effect": float(raked.design_effect),
    }


def rating_scale(ratings: pd.DataFrame) -> tuple[int, int]:
    """The 1-5 scale of the instruments, widened to any value the ratings hold."""
    values = ratings["value"].dropna()
    if values.empty:
        return (1, 5)
    return (min(1, int(values.min())), max(5, int(values.max())))


def _group_mwds(needs: pd.DataFrame, scope: str) -> pd.DataFrame:
    """Skills x groups MWDS of one scope, groups with a suppressed skill left out (as Kendall's W)."""
    rows = needs[needs["scope"] == scope]
    suppressed = rows.loc[rows["suppressed"].astype(bool), "group"].unique()
    rows = rows[~rows["group"].isin(suppressed)]
    return rows.pivot(index="skill_id", columns="group", values="mwds").dropna(how="any")


def results_tables(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    skills: pd.DataFrame,
    settings: AnalysisConfig,
    *,
    group_labels: Mapping[str, Mapping[str, str]],
    weights: WeightsConfig | None = None,
    profile: Mapping[str, str] | None = None,
    survey: str = "",
) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    """Every results table of a survey, computed from its cleaned frames.

    Weights (raked or 1; a raked sample's intervals are design-based,
    :mod:`analysis.stats.design`), descriptives, reliability, item-total statistics, needs (Borich MWDS
    with IPA and Locus-for-Focus quadrants), gap tests (Wilcoxon, overall and per group), group
    tests (Kruskal-Wallis) with Dunn's post-hoc pairs, rank uncertainty (the stratified
    bootstrap, overall and per group) and the agreement of the groups' rankings (Kendall's W,
    Spearman). Columns: ``docs/results.md``. Reads and writes no file; the same inputs give the
    same tables.

    Parameters
    ----------
    respondents, ratings, skills
        The cleaned tables (``respondents.parquet``, ``ratings.parquet``, ``skills.csv``).
    settings
        The survey config's ``analysis`` section (groups, alpha, ``min_group_n``, bootstrap, ...).
    group_labels
        Profile field -> answer code -> label, as in ``cleaning_summary.json``.
    weights
        The config's ``weights`` section; None: every weight is 1.
    profile, survey
        The config's profile mapping and the survey's name, for naming the profile question of a
        group scope left out of the agreement tables in the warning logged about it.

    Returns
    -------
    tuple
        Table name (the file stem, in :data:`RESULTS_TABLES` order) -> DataFrame, and the
        weighting report (the content of ``weighting.json``, see :func:`survey_weights`).
    """
    profile = profile or {}
    weights = weights or WeightsConfig()
    respondents, weighting = survey_weights(respondents, weights)
    design = (
        RakedDesign.from_respondents(respondents, list(weights.margins)) if weighting["weighted"] else None
    )
    scale = rating_scale(ratings)
    by = tuple(settings.by)
    tables: dict[str, pd.DataFrame] = {}
    tables["descriptives"] = describe(
        ratings, respondents, by=by, weight="weight", scale=scale, design=design
    )
    tables["reliability"], tables["item_total"] = reliability_tables(ratings, respondents, skills, by=by)
    # crossed scopes (analysis.cross) are derived profile columns: the same needs_table, in `by`
    crossed = tuple(cross_scope(fields) for fields in settings.cross)
    needs = needs_table(
        ratings, with_crossed_columns(respondents, settings.cross), skills, by=(*by, *crossed),
        group_labels=with_crossed_labels(group_labels, settings.cross),
        min_group_n=settings.min_group_n, weight="weight", crosshair=settings.crosshair, scale=scale,
        design=design,
    )
    tables["needs"] = needs
    pairs = discrepancies(ratings, respondents)
    skill_labels = dict(zip(skills["skill_id"], skills["label"], strict=True))
    groups = respondents.set_index("respondent_id")
    alpha, min_n = settings.alpha, settings.min_group_n
    tables["gap_tests"] = pd.concat(
        [gap_tests(pairs, None, "overall", alpha=alpha, min_group_n=min_n)]
        + [gap_tests(pairs, groups[field], field, alpha=alpha, min_group_n=min_n) for field in by],
        ignore_index=True,
    )
    tables["group_tests"] = pd.concat(
        [group_differences(pairs, groups[field], field, skill_labels, min_n, alpha) for field in by]
        or [group_differences(pairs.iloc[:0], groups["country"], "none")],
        ignore_index=True,
    )
    tables["dunn"] = pd.concat(
        [dunn_posthoc(pairs, groups[field], field, min_group_n=min_n, alpha=alpha) for field in by]
        or [dunn_posthoc(pairs.iloc[:0], groups["country"], "none")],
        ignore_index=True,
    )
    boot = settings.bootstrap
    raking = (
        raked_resampling(
            respondents, weights.margins, trim=weights.trim, max_iter=weights.max_iter, tol=weights.tol
        )
        if boot.rerake and weighting["weighted"] else None
    )
    tables["rank_uncertainty"] = bootstrap_ranks_by(
        pairs, respondents, by, strata=settings.bootstrap_strata, B=boot.B, seed=boot.seed,
        top_k=boot.top_k, weight="weight", min_group_n=min_n, group_labels=group_labels,
        analytic_n=boot.analytic_n, set_B=boot.set_B, raking=raking,
    )
    agreement_fields = settings.agreement_fields
    extra = tuple(field for field in agreement_fields if field not in by)
    ranked = needs if not extra else pd.concat([needs, needs_table(
        ratings, respondents, skills, by=extra, group_labels=group_labels, min_group_n=min_n,
        weight="weight", crosshair=settings.crosshair, scale=scale, design=design,
    ).query("scope != 'overall'")], ignore_index=True)
    empty = [field for field in agreement_fields if not (ranked["scope"] == field).any()]
    for field in empty:
        log.warning(
            "%s: no kept respondent with ratings has a %s (profile question %s): the agreement "
            "between %s groups is left out", survey, field, profile.get(field, field), field,
        )
    agreement_fields = tuple(field for field in agreement_fields if field not in empty)
    tables["agreement"] = pd.concat(
        [pd.DataFrame(columns=AGREEMENT_COLUMNS)]
        + [agreement_table(ranked, field) for field in agreement_fields],
        ignore_index=True,
    ).astype({"k_groups": "Int64", "n_skills": "Int64", "df": "Int64"})
    tables["spearman"] = pd.concat(
        [pd.DataFrame(columns=["scope", *SPEARMAN_COLUMNS])]
        + [spearman_pairs(_group_mwds(ranked, field)).assign(scope=field) for field in agreement_fields],
        ignore_index=True,
    )[["scope", *SPEARMAN_COLUMNS]].astype({"n": "Int64"})
    return tables, weighting
