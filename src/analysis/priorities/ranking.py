"""The priority ranking of a survey's candidates, with its uncertainty: ``priorities.csv``.

Per scope and group: the criteria, their min-max normalisation, the score and rank at the
consortium's weights; a respondent bootstrap at those weights (sampling uncertainty: the rank
interval); and SMAA-2 with the weights drawn *and* the respondents resampled (robustness: rank
acceptability, expected rank, central weights, stability).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.priorities.aggregate import CRITERIA, check_weights, rank_draws, score_draws
from analysis.priorities.catalogue import MicroCredential
from analysis.priorities.criteria import (
    CriteriaDesign,
    criteria_arrays,
    scope_groups,
    transferability_arrays,
)
from analysis.priorities.robustness import minmax_draws, rank_acceptability
from analysis.stats.uncertainty import CHUNK_BYTES, resample_counts

__all__ = ["ACCEPTABILITY_COLUMNS", "PRIORITIES_COLUMNS", "priority_tables"]

PRIORITIES_COLUMNS = [
    "scope",
    "group",
    "group_label",
    "n",
    "microcredential_id",
    "title",
    "method",
    "score",
    "rank",
    "rank_low",
    "rank_high",
    "expected_rank",
    "p_first",
    "modal_rank",
    "modal_acceptability",
    "stability",
    *CRITERIA,
    *(f"norm_{c}" for c in CRITERIA),
    *(f"central_weight_{c}" for c in CRITERIA),
]
"""Columns of ``priorities.csv`` (docs/results.md)."""

ACCEPTABILITY_COLUMNS = ["scope", "group", "microcredential_id", "rank", "share"]
"""Columns of ``priority_acceptability.csv``: long rank acceptability."""


def _seed(seed: int, scope: str, group: str) -> list[int]:
    return [seed, zlib.crc32(f"{scope}\x1f{group}".encode())]


def priority_tables(
    design: CriteriaDesign,
    catalogue: Sequence[MicroCredential],
    *,
    scopes: Sequence[str] = (),
    weights: Mapping[str, float],
    method: str = "weighted_sum",
    draws: int = 10_000,
    band: float | None = None,
    bootstrap: int = 200,
    seed: int = 20260101,
    strata: str | None = None,
    min_group_n: int = 5,
    level: float = 0.95,
    group_labels: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rank the candidates overall and within each group, with rank intervals and acceptability.

    Parameters
    ----------
    design
        :func:`analysis.priorities.criteria.criteria_design` of the survey and catalogue.
    catalogue
        The candidates (their titles go into the table).
    scopes
        Profile fields whose groups are ranked separately besides ``overall``.
    weights
        The consortium's weight per criterion (normalised to sum 1).
    method
        ``weighted_sum`` or ``topsis``: the score at the set weights, the rank interval and SMAA.
    draws
        SMAA draws of the weights.
    band
        None: weights uniform on the simplex; else within ``w (1 +- band)`` of the set weights.
    bootstrap
        Respondent resamples (stratified by ``strata``); 0: no resampling (rank interval = rank,
        SMAA over the weights only).
    seed
        The same seed gives identical tables; each group has its own stream.
    strata
        Profile field to resample within.
    min_group_n
        Groups with fewer respondents are not ranked (and left out of agreement).
    level
        Coverage of the rank interval.
    group_labels
        Profile field -> code -> label, for ``group_label``.

    Returns
    -------
    priorities : DataFrame
        :data:`PRIORITIES_COLUMNS`; sorted by scope (overall first, then ``scopes``), group, rank.
    acceptability : DataFrame
        :data:`ACCEPTABILITY_COLUMNS`: the share of SMAA draws in which each candidate takes each
        rank (sums to 1 over ranks and over candidates).

    Notes
    -----
    Each bootstrap resample's criteria are min-max normalised again (as the point estimate is),
    so a resample's ranking is the ranking the method would have given on that sample. SMAA
    pairs weight draw :math:`k` with resample :math:`k \\bmod B`.
    """
    w = check_weights(weights, list(CRITERIA))
    ids = design.ids
    titles = {c.id: c.title for c in catalogue}
    labels = group_labels or {}
    n = len(design.respondent_ids)
    ones = np.ones((1, n))
    strata_values = design.profile[strata].to_numpy(dtype=object) if strata else None
    chunk = max(1, CHUNK_BYTES // (8 * max(n, 1)))

    groups = [(scope, group, mask) for scope, group, mask in scope_groups(design, scopes)
              if mask.sum() >= min_group_n]
    resampled: list[list[np.ndarray]] = [[] for _ in groups]
    if bootstrap > 0:  # the same resamples for every group, drawn chunk by chunk
        rng = np.random.default_rng([seed, 0])
        for start in range(0, bootstrap, chunk):
            counts = resample_counts(strata_values, min(chunk, bootstrap - start), rng, n=n)
            transfer = transferability_arrays(design, counts)
            for parts, (_, _, mask) in zip(resampled, groups, strict=True):
                parts.append(
                    criteria_arrays(design, counts, mask, min_group_n=min_group_n, transferability=transfer)
                )
            del counts

    rows, long = [], []
    tail = (1 - level) / 2
    for (scope, group, mask), parts in zip(groups, resampled, strict=True):
        size = int(mask.sum())
        point = criteria_arrays(design, ones, mask, min_group_n=min_group_n)
        normalised = minmax_draws(point)
        score = score_draws(normalised, w, method)[0]
        rank = rank_draws(ids, score[np.newaxis])[0]
        if parts:
            draws_x = np.concatenate(parts)
            draws_x = np.where(np.isnan(draws_x), point, draws_x)  # a criterion a resample cannot compute
            boot_ranks = rank_draws(ids, score_draws(minmax_draws(draws_x), w, method))
            low = np.quantile(boot_ranks, tail, axis=0, method="lower")
            high = np.quantile(boot_ranks, 1 - tail, axis=0, method="higher")
        else:
            draws_x, low, high = point, rank, rank
        if np.isnan(draws_x).any():
            draws_x = np.where(np.isnan(draws_x), 0.0, draws_x)
        acceptability, summary = rank_acceptability(
            draws_x,
            n_draws=draws,
            seed=_seed(seed, scope, group),
            weights=weights if band is not None else None,
            band=band,
            candidates=list(ids),
            criteria=list(CRITERIA),
            method=method,
        )
        summary = summary.set_index("microcredential_id").reindex(ids)
        label = "All respondents" if scope == "overall" else labels.get(scope, {}).get(group, group)
        frame = pd.DataFrame(
            {
                "scope": scope,
                "group": group,
                "group_label": label,
                "n": size,
                "microcredential_id": ids,
                "title": [titles[i] for i in ids],
                "method": method,
                "score": score,
                "rank": rank,
                "rank_low": low,
                "rank_high": high,
            }
        )
        for column in ("expected_rank", "p_first", "modal_rank", "modal_acceptability", "stability"):
            frame[column] = summary[column].to_numpy()
        for j, name in enumerate(CRITERIA):
            frame[name] = point[0, :, j]
        for j, name in enumerate(CRITERIA):
            frame[f"norm_{name}"] = normalised[0, :, j]
        for name in CRITERIA:
            frame[f"central_weight_{name}"] = summary[f"central_weight_{name}"].to_numpy()
        rows.append(frame.sort_values("rank", kind="stable"))
        share = acceptability.reindex(ids)
        long.append(
            pd.DataFrame(
                {
                    "scope": scope,
                    "group": group,
                    "microcredential_id": np.repeat(ids, share.shape[1]),
                    "rank": np.tile(share.columns.to_numpy(dtype=np.int64), len(ids)),
                    "share": share.to_numpy().ravel(),
                }
            )
        )
    table = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=PRIORITIES_COLUMNS)
    table = table.astype(
        {"n": "int64", "rank": "int64", "rank_low": "int64", "rank_high": "int64", "modal_rank": "int64"}
    )
    accept = pd.concat(long, ignore_index=True) if long else pd.DataFrame(columns=ACCEPTABILITY_COLUMNS)
    return table[PRIORITIES_COLUMNS], accept[ACCEPTABILITY_COLUMNS]
