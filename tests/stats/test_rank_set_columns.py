"""The rank confidence sets of rank_uncertainty: their covariance, their inputs, their meaning."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats.rank_sets import analytic_mwds_covariance, rank_confidence_sets
from analysis.stats.uncertainty import (
    RANK_SET_COLUMNS,
    bootstrap_mwds,
    bootstrap_ranks,
    bootstrap_ranks_by,
    resample_counts,
)


def graded_pairs(n: int, n_skills: int = 10, seed: int = 5, lead: int = 0, step: float = 0.08):
    """Ratings whose needs grow with the skill number; the ``lead`` last skills far ahead."""
    rng = np.random.default_rng(seed)
    ids = [f"r{i:05d}" for i in range(n)]
    skills = [f"s{j:02d}" for j in range(n_skills)]
    shift = np.arange(n_skills) * step
    shift[n_skills - lead:] += 1.5
    importance = np.clip(np.rint(rng.normal(3.0 + shift, 1.0, size=(n, n_skills))), 1, 5)
    proficiency = np.clip(np.rint(rng.normal(3.2 - shift, 1.0, size=(n, n_skills))), 1, 5)
    pairs = pd.DataFrame({
        "respondent_id": np.repeat(ids, n_skills),
        "skill_id": np.tile(skills, n),
        "importance": importance.ravel(),
        "proficiency": proficiency.ravel(),
    })
    pairs = pairs[rng.random(len(pairs)) >= 0.05].reset_index(drop=True)
    pairs["discrepancy"] = pairs["importance"] - pairs["proficiency"]
    strata = pd.Series(rng.choice(["AGRI", "CONST", "WOOD"], size=n), index=ids, name="sector")
    weights = pd.Series(rng.uniform(0.5, 2.0, size=n), index=ids)
    return pairs, strata, weights


def by_skill(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index("skill_id").sort_index()


def test_bootstrap_and_analytic_covariances_give_nearly_the_same_sets() -> None:
    """2000 respondents (the threshold): the stratified bootstrap (B = 1000) and the delta method
    estimate the same covariance, so the sets differ by at most one rank, and rarely at all."""
    pairs, strata, weights = graded_pairs(2000)
    options = {"B": 1000, "seed": 11, "top_k": 3, "weights": weights}
    boot = by_skill(bootstrap_ranks(pairs, strata, analytic_n=10**9, **options))
    analytic = by_skill(bootstrap_ranks(pairs, strata, analytic_n=2000, **options))
    assert set(boot["covariance"]) == {"bootstrap"} and set(analytic["covariance"]) == {"analytic"}
    bounds = RANK_SET_COLUMNS[:4]
    gaps = (boot[bounds].astype(int) - analytic[bounds].astype(int)).abs()
    assert gaps.to_numpy().max() <= 1, gaps
    assert (gaps == 0).to_numpy().mean() >= 0.8, gaps
    assert (boot["simultaneous_rank_high"] > boot["simultaneous_rank_low"]).any()  # not trivially exact


@pytest.mark.parametrize("analytic_n", [10**9, 50])
def test_columns_equal_the_rank_sets_of_the_same_inputs(analytic_n: int) -> None:
    pairs, strata, weights = graded_pairs(300, n_skills=8)
    seed, B, set_B = 21, 400, 300
    table = by_skill(
        bootstrap_ranks(pairs, strata, B=B, seed=seed, top_k=3, weights=weights, analytic_n=analytic_n,
                        set_B=set_B)
    )
    ids = sorted(pairs["respondent_id"].unique())
    if analytic_n > 300:
        counts = resample_counts(strata.reindex(ids).to_numpy(dtype=object), B, np.random.default_rng(seed))
        draws = bootstrap_mwds(pairs, counts, weights).dropna()
        cov = np.cov(draws.to_numpy(), rowvar=False)
        assert set(table["covariance"]) == {"bootstrap"}
    else:
        cov = analytic_mwds_covariance(pairs, weights, strata).to_numpy()
        assert set(table["covariance"]) == {"analytic"}
    mwds = table["mwds"].to_numpy()
    marginal = rank_confidence_sets(mwds, cov, simul=False, B=set_B, seed=seed)
    simultaneous = rank_confidence_sets(mwds, cov, simul=True, B=set_B, seed=seed)
    _, sure = rank_confidence_sets(mwds, cov, simul=True, stype="upper", B=set_B, seed=seed)
    assert table["marginal_rank_low"].tolist() == marginal[0].tolist()
    assert table["marginal_rank_high"].tolist() == marginal[1].tolist()
    assert table["simultaneous_rank_low"].tolist() == simultaneous[0].tolist()
    assert table["simultaneous_rank_high"].tolist() == simultaneous[1].tolist()
    assert table["in_top_k_set"].tolist() == (sure <= 3).tolist()
    # simultaneous sets contain the marginal ones, and both contain the estimated rank
    assert (table["simultaneous_rank_low"] <= table["marginal_rank_low"]).all()
    assert (table["marginal_rank_high"] <= table["simultaneous_rank_high"]).all()
    assert (table["marginal_rank_low"] <= table["rank"]).all()
    assert (table["rank"] <= table["marginal_rank_high"]).all()


def test_two_planted_leaders_are_the_sure_top_two() -> None:
    pairs, strata, _ = graded_pairs(150, n_skills=8, lead=2, step=0.0)
    for analytic_n in (10**9, 100):
        table = by_skill(bootstrap_ranks(pairs, strata, B=500, top_k=2, analytic_n=analytic_n))
        assert table.index[table["in_top_k_set"].astype(bool)].tolist() == ["s06", "s07"]
        assert (table.loc[["s06", "s07"], "simultaneous_rank_high"] <= 2).all()


def test_same_seed_same_table_and_flagged_rows_are_empty() -> None:
    pairs, strata, weights = graded_pairs(120, n_skills=6)
    respondents = strata.rename_axis("respondent_id").reset_index()
    respondents["weight"] = weights.to_numpy()
    respondents.loc[:2, "sector"] = "TINY"
    options = {"strata": "sector", "B": 200, "seed": 4, "weight": "weight", "analytic_n": 60}
    first = bootstrap_ranks_by(pairs, respondents, ["sector"], **options)
    again = bootstrap_ranks_by(pairs, respondents, ["sector"], **options)
    pd.testing.assert_frame_equal(first, again)
    assert list(first.columns[-len(RANK_SET_COLUMNS):]) == RANK_SET_COLUMNS
    kept = first[~first["flagged"]]
    assert kept[RANK_SET_COLUMNS].notna().all().all()
    groups = kept.groupby(["scope", "group"])["covariance"].first()
    assert groups[("overall", "all")] == "analytic" and (groups.drop(("overall", "all")) == "bootstrap").all()
    assert first.loc[first["flagged"], RANK_SET_COLUMNS].isna().all().all()
    other = bootstrap_ranks_by(pairs, respondents, ["sector"], **{**options, "seed": 5})
    assert not first["p_top_k"].equals(other["p_top_k"])
