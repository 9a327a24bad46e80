"""MWDS covariance from wide arrays equals the long-format delta-method covariance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats import wide
from analysis.stats.rank_sets import analytic_mwds_covariance, mwds_influence


def _data(n: int = 60, p: int = 4, seed: int = 5) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    importance = rng.integers(1, 6, size=(n, p)).astype(float)
    proficiency = rng.integers(1, 6, size=(n, p)).astype(float)
    importance[rng.random((n, p)) < 0.1] = np.nan
    proficiency[rng.random((n, p)) < 0.1] = np.nan
    weights = rng.uniform(0.3, 2.5, size=n)
    ids = [f"R{i:03d}" for i in range(n)]
    skills = [f"s{j}" for j in range(p)]
    pairs = pd.DataFrame({
        "respondent_id": np.repeat(ids, p), "skill_id": np.tile(skills, n),
        "importance": importance.ravel(), "proficiency": proficiency.ravel(),
    }).dropna()
    pairs["discrepancy"] = pairs["importance"] - pairs["proficiency"]
    return importance, proficiency, weights, pairs


@pytest.mark.parametrize("weighted", [False, True])
def test_wide_covariance_equals_long_format(weighted: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wide, "BLOCK_ROWS", 7)  # several blocks, the last one short
    importance, proficiency, weights, pairs = _data()
    by_id = pd.Series(weights, index=[f"R{i:03d}" for i in range(len(weights))]) if weighted else None
    mwds, cov = wide.wide_mwds_covariance(importance, proficiency, weights if weighted else None)
    expected = analytic_mwds_covariance(pairs, by_id)
    np.testing.assert_allclose(cov, expected.to_numpy(), rtol=1e-12, atol=1e-15)
    z = wide.wide_mwds_influence(importance, proficiency, weights if weighted else None)
    np.testing.assert_allclose(z, mwds_influence(pairs, by_id).to_numpy(), rtol=1e-12, atol=1e-15)
    d = pairs["discrepancy"] * (pairs["respondent_id"].map(by_id) if weighted else 1.0)
    w = pairs["respondent_id"].map(by_id) if weighted else pd.Series(1.0, index=pairs.index)
    per_skill = pd.DataFrame({"skill_id": pairs["skill_id"], "wd": d, "wi": w * pairs["importance"], "w": w})
    sums = per_skill.groupby("skill_id").sum()
    np.testing.assert_allclose(mwds, (sums["wd"] / sums["w"] * sums["wi"] / sums["w"]).to_numpy(), rtol=1e-12)


def test_single_skill_by_hand() -> None:
    # D = 3, 0, 2; I = 5, 4, 3: means 5/3 and 4; u = 4 (D - 5/3) + 5/3 (I - 4) = 7, -20/3, -1/3;
    # z = u / 3 and the covariance n / (n - 1) sum z^2
    mwds, cov = wide.wide_mwds_covariance(np.array([[5.0], [4.0], [3.0]]), np.array([[2.0], [4.0], [1.0]]))
    assert mwds[0] == pytest.approx(20 / 3)
    assert cov[0, 0] == pytest.approx((49 + 400 / 9 + 1 / 9) / 9 * 3 / 2)


def test_rejects_mismatched_shapes_and_bad_weights() -> None:
    with pytest.raises(ValueError, match="same"):
        wide.wide_mwds_covariance(np.ones((3, 2)), np.ones((3, 3)))
    with pytest.raises(ValueError, match="non-negative weight"):
        wide.wide_mwds_covariance(np.ones((3, 2)), np.ones((3, 2)), np.array([1.0, -1.0, 1.0]))
    with pytest.raises(ValueError, match="3 respondents"):
        wide.wide_mwds_covariance(np.ones((3, 2)), np.ones((3, 2)), np.ones(2))
    with pytest.raises(ValueError, match="at least 2"):
        wide.wide_mwds_covariance(np.ones((1, 2)), np.ones((1, 2)))


@pytest.mark.parametrize("weighted", [False, True])
def test_stratified_covariance_equals_long_format(weighted: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wide, "BLOCK_ROWS", 7)  # strata spread over several blocks
    importance, proficiency, weights, pairs = _data(n=80)
    ids = [f"R{i:03d}" for i in range(len(weights))]
    strata = np.array(["AGRI", "CONST", None, "WOOD"] * 19 + ["SOLO", "AGRI", "CONST", "WOOD"], dtype=object)
    by_id = pd.Series(weights, index=ids) if weighted else None
    by_stratum = pd.Series(strata, index=ids)
    rated = ~np.isnan(importance - proficiency).all(axis=1)  # rows with a pair, as the long format has
    assert not rated.all()
    importance, proficiency = importance[rated], proficiency[rated]
    weights, strata = weights[rated], strata[rated]
    _, cov = wide.wide_mwds_covariance(importance, proficiency, weights if weighted else None, strata)
    expected = analytic_mwds_covariance(pairs, by_id, by_stratum)
    np.testing.assert_allclose(cov, expected.to_numpy(), rtol=1e-10, atol=1e-14)
    _, plain = wide.wide_mwds_covariance(importance, proficiency, weights if weighted else None)
    assert not np.allclose(cov, plain, rtol=1e-6)  # the centring matters
    with pytest.raises(ValueError, match="strata: 3 values for 79 respondents"):
        wide.wide_mwds_covariance(importance, proficiency, None, ["a", "b", "c"])
