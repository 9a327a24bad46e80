"""Rank uncertainty of large groups: Gaussian draws around the MWDS from their analytic covariance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_rank_set_columns import by_skill, graded_pairs

from analysis.stats import uncertainty
from analysis.stats.rank_sets import analytic_mwds_covariance, top_k_probability
from analysis.stats.uncertainty import bootstrap_ranks, bootstrap_ranks_by


def test_gaussian_columns_agree_with_the_bootstrap_columns() -> None:
    """3000 respondents: the stratified bootstrap and the normal draws from the delta-method
    covariance give rank intervals within one rank and top-k shares within 0.05."""
    pairs, strata, weights = graded_pairs(3000, n_skills=12, step=0.008)
    options = {"B": 1000, "seed": 11, "top_k": 4, "weights": weights}
    boot = by_skill(bootstrap_ranks(pairs, strata, analytic_n=10**9, **options))
    gauss = by_skill(bootstrap_ranks(pairs, strata, analytic_n=2000, **options))
    assert set(boot["covariance"]) == {"bootstrap"} and set(gauss["covariance"]) == {"analytic"}
    assert (boot["rank_high"] - boot["rank_low"]).max() >= 2  # the ranks are uncertain, not trivial
    assert boot["p_top_k"].max() > 0.1 and ((boot["p_top_k"] > 0.05) & (boot["p_top_k"] < 0.95)).any()
    for column in ("rank_low", "rank_high", "median_rank"):
        gaps = (boot[column].astype(float) - gauss[column].astype(float)).abs()
        assert gaps.max() <= 1, (column, gaps)
    assert (boot["p_top_k"] - gauss["p_top_k"]).abs().max() <= 0.05
    pd.testing.assert_series_equal(boot["mwds"], gauss["mwds"])
    pd.testing.assert_series_equal(boot["rank"], gauss["rank"])


def test_gaussian_top_k_share_is_that_of_the_normal_draws() -> None:
    pairs, strata, weights = graded_pairs(400, n_skills=6, step=0.03)
    table = by_skill(bootstrap_ranks(pairs, strata, B=500, seed=3, top_k=2, weights=weights, analytic_n=100))
    cov = analytic_mwds_covariance(pairs, weights, strata).to_numpy()
    # the same seed and B: the same draws (up to the rounding of the covariance)
    expected = top_k_probability(table["mwds"].to_numpy(), cov, 2, B=500, seed=3)
    np.testing.assert_allclose(table["p_top_k"].to_numpy(), expected, atol=2 / 500)
    assert table["B"].eq(500).all()


def test_no_resample_is_drawn_from_analytic_n_on(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a bootstrap resample was drawn")

    monkeypatch.setattr(uncertainty, "resample_counts", refuse)
    pairs, strata, weights = graded_pairs(300, n_skills=5)
    table = bootstrap_ranks(pairs, strata, B=200, weights=weights, analytic_n=300)
    assert set(table["covariance"]) == {"analytic"}
    respondents = pd.DataFrame({"respondent_id": strata.index, "sector": strata.to_numpy(), "w": weights})
    by = bootstrap_ranks_by(pairs, respondents, ["sector"], strata="sector", B=200, weight="w", analytic_n=50)
    assert set(by["covariance"]) == {"analytic"}
    with pytest.raises(AssertionError, match="resample was drawn"):
        bootstrap_ranks(pairs, strata, B=200, weights=weights, analytic_n=301)
