"""The consortium view: candidates that several surveys rank, their ranks side by side, and agreement.

A catalogue may serve several surveys (``docs/priorities.md``, *One catalogue for several
surveys*); a candidate then has an overall rank in each survey that ranks it. :func:`shared_ranks`
puts these ranks (with their rank intervals) side by side, :func:`rank_agreement` says how far two
surveys' audiences order their shared candidates alike: Spearman's rho over the shared candidates
(:func:`analysis.stats.agreement.spearman_pairs`), left empty below
:data:`MIN_SHARED` candidates, where a rank correlation means nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.stats.agreement import spearman_pairs

__all__ = [
    "CONSORTIUM_AGREEMENT_COLUMNS", "CONSORTIUM_COLUMNS", "MIN_SHARED", "rank_agreement", "shared_ranks",
]

CONSORTIUM_COLUMNS = [
    "microcredential_id",
    "title",
    "survey",
    "n",
    "k_candidates",
    "rank",
    "rank_low",
    "rank_high",
    "score",
    "stability",
]
"""Columns of ``consortium.csv``: one row per shared candidate and survey ranking it."""

CONSORTIUM_AGREEMENT_COLUMNS = ["survey_a", "survey_b", "n_candidates", "rho", "p_value"]
"""Columns of ``consortium_agreement.csv``: one row per pair of surveys."""

MIN_SHARED = 3
"""Fewest shared candidates a rank correlation is given for (with 2, rho is always -1 or 1)."""


def shared_ranks(rankings: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The overall ranks of the candidates that more than one survey ranks.

    Parameters
    ----------
    rankings
        Survey name -> its ``priorities.csv`` (columns of
        :data:`analysis.priorities.ranking.PRIORITIES_COLUMNS`); only scope ``overall`` is read.

    Returns
    -------
    DataFrame
        :data:`CONSORTIUM_COLUMNS`, sorted by candidate (in order of first appearance, surveys in
        the order given) and survey; ``k_candidates`` is how many candidates that survey ranks.
        No rows when no candidate is ranked by two surveys.
    """
    frames = []
    for survey, table in rankings.items():
        overall = table[table["scope"].astype(str) == "overall"]
        if overall.empty:
            continue
        frame = overall.assign(
            survey=survey, k_candidates=len(overall),
            microcredential_id=overall["microcredential_id"].astype(str),
        )
        frames.append(frame[CONSORTIUM_COLUMNS])
    if not frames:
        return pd.DataFrame(columns=CONSORTIUM_COLUMNS)
    ranks = pd.concat(frames, ignore_index=True)
    counts = ranks.groupby("microcredential_id", sort=False)["survey"].nunique()
    shared = ranks[ranks["microcredential_id"].map(counts) > 1]
    order = {cid: i for i, cid in enumerate(dict.fromkeys(shared["microcredential_id"]))}
    surveys = {name: i for i, name in enumerate(rankings)}
    shared = shared.assign(
        _c=shared["microcredential_id"].map(order), _s=shared["survey"].map(surveys)
    ).sort_values(["_c", "_s"], kind="stable")
    shared = shared.drop(columns=["_c", "_s"]).reset_index(drop=True)
    return shared.astype({"n": "int64", "k_candidates": "int64", "rank": "int64", "rank_low": "int64",
                          "rank_high": "int64"})


def rank_agreement(shared: pd.DataFrame) -> pd.DataFrame:
    """Spearman's rho between the overall ranks of every pair of surveys, over their shared candidates.

    Parameters
    ----------
    shared
        :func:`shared_ranks`.

    Returns
    -------
    DataFrame
        :data:`CONSORTIUM_AGREEMENT_COLUMNS`, one row per pair of surveys (in order of first
        appearance) sharing at least one candidate: ``n_candidates`` the candidates both rank,
        ``rho`` and its two-sided ``p_value`` (t approximation) when there are at least
        :data:`MIN_SHARED`, else empty (NaN).

    Notes
    -----
    The ranks are re-ranked within the shared candidates (average ranks for ties), so rho
    compares the order the two audiences give the candidates they both see, whatever else
    each ranks.
    """
    if shared.empty:
        return pd.DataFrame(columns=CONSORTIUM_AGREEMENT_COLUMNS)
    wide = shared.pivot(index="microcredential_id", columns="survey", values="rank")
    wide = wide[list(dict.fromkeys(shared["survey"]))].astype(float)
    pairs = spearman_pairs(wide).rename(
        columns={"group_a": "survey_a", "group_b": "survey_b", "n": "n_candidates"}
    )
    pairs = pairs[pairs["n_candidates"] > 0]
    small = pairs["n_candidates"] < MIN_SHARED
    pairs.loc[small, ["rho", "p_value"]] = float("nan")
    return pairs[CONSORTIUM_AGREEMENT_COLUMNS].astype({"n_candidates": "int64"}).reset_index(drop=True)
