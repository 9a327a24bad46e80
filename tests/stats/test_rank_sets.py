"""Rank confidence sets against csranks (R) and by simulation with known true ranks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats.rank_sets import (
    analytic_mwds_covariance,
    bootstrap_covariance,
    mwds_influence,
    rank_confidence_sets,
    top_k_probability,
    top_k_set,
)
from analysis.stats.uncertainty import bootstrap_mwds, resample_counts

# PISA 2018 mathematics, 38 OECD countries (csranks data set ``pisa2018``: math_score, math_se),
# Australia ... United States in the package's order.
MATH_SCORE = [491.360025247324, 498.942313770185, 508.070306302623, 512.016942926845, 417.406556308579, 390.932273204875, 402.330558536023, 499.467650822959, 509.398374584275, 523.414580186709, 507.301361844418, 495.407579391347, 500.043780511653, 451.370343807911, 481.082636358975, 495.18737622182, 499.632893967787, 463.034548798405, 486.589857259292, 526.97325016916, 525.933002039616, 496.126330622544, 481.191188395501, 483.421485007866, 408.801473375315, 519.230982393017, 494.48967597553, 500.963788462762, 515.647874653798, 492.487406151968, 486.164854221208, 508.8975440691, 481.392612584418, 502.387702154542, 515.314713109516, 453.507777434992, 501.769899185046, 478.244717372643]  # noqa: E501
MATH_SE = [1.93983303054844, 2.97099869438753, 2.26266201069488, 2.35747574948677, 2.41588757014362, 2.98955927360051, 3.28879935285979, 2.46066153133753, 1.73500233666916, 1.74360222360239, 1.96792041132459, 2.32021448743737, 2.64708309608199, 3.09122819676638, 2.31959674106808, 1.9530826031084, 2.19862112816692, 3.49856322771396, 2.78004586694628, 2.47147531798407, 3.1213943150455, 1.96276678902041, 1.95328203881691, 1.09763240879476, 2.49322554413996, 2.63227788534219, 1.70594285645041, 2.2190448783333, 2.60208517571739, 2.68457008117133, 2.55559570662059, 1.36387759638452, 1.46241776318192, 2.65425093473024, 2.9080038976471, 2.26040678896131, 2.56442811097548, 3.23544409909485]  # noqa: E501


@pytest.fixture(scope="module")
def pisa() -> tuple[np.ndarray, np.ndarray]:
    return np.array(MATH_SCORE), np.diag(np.array(MATH_SE) ** 2)


def test_simultaneous_sets_equal_csranks_on_pisa(pisa: tuple[np.ndarray, np.ndarray]) -> None:
    """csranks 1.2.2.9001 (GitHub danielwilhelm/R-CS-ranks, R files sourced in R 4)::

        load("data/pisa2018.rda")
        x <- pisa2018$math_score; S <- diag(pisa2018$math_se^2)
        s <- csranks(x, S, simul = TRUE, R = 100000, seed = 101); s$L; s$U
        # L: 12 7 4 3 35 37 35 7 4 1 4 12 7 32 23 12 8 31 15 1 1 12 23 23 35 1 12 7 1 12 18 4 24 5 1 32 6 23
        # U: 30 26 18 17 37 38 38 25 18 6 18 26 25 34 31 26 25 34 31 6 7 26 31 31 37 11 26 24 12 31 31 18 31 24 13 34 24 32
        csranks(x, S, cstype = "lower", R = 100000, seed = 101)$L   # same as L above, U all 38
        csranks(x, S, cstype = "upper", R = 100000, seed = 101)$U   # same as U above, L all 1

    (R = 1000 gives the same sets.) The draws differ from R's, so B is large enough here for no
    bound to sit on the edge.
    """  # noqa: E501
    x, cov = pisa
    expected_lower = [12, 7, 4, 3, 35, 37, 35, 7, 4, 1, 4, 12, 7, 32, 23, 12, 8, 31, 15, 1, 1, 12, 23, 23, 35,
                      1, 12, 7, 1, 12, 18, 4, 24, 5, 1, 32, 6, 23]
    expected_upper = [30, 26, 18, 17, 37, 38, 38, 25, 18, 6, 18, 26, 25, 34, 31, 26, 25, 34, 31, 6, 7, 26, 31,
                      31, 37, 11, 26, 24, 12, 31, 31, 18, 31, 24, 13, 34, 24, 32]
    lower, upper = rank_confidence_sets(x, cov, B=20000, seed=101)
    assert lower.tolist() == expected_lower
    assert upper.tolist() == expected_upper
    one_lower, one_upper = rank_confidence_sets(x, cov, stype="lower", B=20000, seed=101)
    assert one_lower.tolist() == expected_lower and set(one_upper.tolist()) == {38}
    one_lower, one_upper = rank_confidence_sets(x, cov, stype="upper", B=20000, seed=101)
    assert set(one_lower.tolist()) == {1} and one_upper.tolist() == expected_upper


def test_marginal_sets_equal_csranks_and_nest_in_simultaneous(pisa: tuple[np.ndarray, np.ndarray]) -> None:
    """Countries whose marginal sets are the same in R with R = 1000 and R = 100000::

        m <- csranks(x, S, simul = FALSE, R = 100000, seed = 101)
        m$L[c(1, 2, 3, 6, 10, 14, 21, 26)]  # 15 10 5 37 1 32 1 1
        m$U[c(1, 2, 3, 6, 10, 14, 21, 26)]  # 26 24 18 38 6 34 6 7
    """
    x, cov = pisa
    chosen = [0, 1, 2, 5, 9, 13, 20, 25]
    lower, upper = rank_confidence_sets(x, cov, simul=False, indices=chosen, B=20000, seed=101)
    assert lower.tolist() == [15, 10, 5, 37, 1, 32, 1, 1]
    assert upper.tolist() == [26, 24, 18, 38, 6, 34, 6, 7]
    simul_lower, simul_upper = rank_confidence_sets(x, cov, B=2000, seed=3)
    marg_lower, marg_upper = rank_confidence_sets(x, cov, simul=False, B=2000, seed=3)
    assert np.all(simul_lower <= marg_lower) and np.all(marg_upper <= simul_upper)
    assert (simul_upper - simul_lower).sum() > (marg_upper - marg_lower).sum()
    estimated = 1 + (x[None, :] > x[:, None]).sum(axis=1)
    assert np.all(marg_lower <= estimated) and np.all(estimated <= marg_upper)


def test_top_k_set_equals_cstaubest(pisa: tuple[np.ndarray, np.ndarray]) -> None:
    """``which(cstaubest(x, S, tau = 5, R = 100000, seed = 101))`` (also with R = 1000):
    3 4 9 10 11 20 21 26 29 32 34 35 (1-based)."""
    x, cov = pisa
    chosen = np.flatnonzero(top_k_set(x, cov, 5, B=5000, seed=101)) + 1
    assert chosen.tolist() == [3, 4, 9, 10, 11, 20, 21, 26, 29, 32, 34, 35]


def test_single_step_sets_are_no_tighter_than_stepdown(pisa: tuple[np.ndarray, np.ndarray]) -> None:
    """``csranks(x, S, stepdown = FALSE, R = 100000, seed = 101)`` differs from the stepdown sets
    only in countries 8, 13, 29 (U 26, 26, 13) and 31, 37 (L 16, 5)."""
    x, cov = pisa
    step_lower, step_upper = rank_confidence_sets(x, cov, B=20000, seed=101)
    lower, upper = rank_confidence_sets(x, cov, stepdown=False, B=20000, seed=101)
    assert np.flatnonzero(upper != step_upper).tolist() == [7, 12, 28]
    assert upper[[7, 12, 28]].tolist() == [26, 26, 13]
    assert np.flatnonzero(lower != step_lower).tolist() == [30, 36]
    assert lower[[30, 36]].tolist() == [16, 5]


@pytest.mark.parametrize(
    ("truth", "marginal_at_most"),
    [(np.arange(20) * 0.1, 1.0), (np.zeros(20), 0.8)],
    ids=["distinct", "all-tied"],
)
def test_simultaneous_coverage_with_known_truth(truth: np.ndarray, marginal_at_most: float) -> None:
    """20 skills, estimates N(truth, cov) with correlated errors (sd 0.12, correlation 0.3), 400
    replications: the 95% simultaneous sets cover all 20 true ranks jointly in at least 93%.
    Observed with these seeds: true values 0, 0.1, ..., 1.9: 1.000 (marginal sets read jointly,
    first 100 replications: 0.99); all values tied (true rank 1 for all, the least favourable
    case): 0.950 (marginal read jointly: 0.63, hence the bound 0.8)."""
    p, replications = truth.size, 400
    true_rank = 1 + (truth[None, :] > truth[:, None]).sum(axis=1)
    cov = 0.12**2 * (0.7 * np.eye(p) + 0.3)
    rng = np.random.default_rng(20261123)
    factor = np.linalg.cholesky(cov)
    covered = marginal_covered = 0
    for replication in range(replications):
        estimates = truth + factor @ rng.standard_normal(p)
        lower, upper = rank_confidence_sets(estimates, cov, B=500, seed=replication)
        covered += bool(np.all((lower <= true_rank) & (true_rank <= upper)))
        if replication < 100 and marginal_at_most < 1:
            lower, upper = rank_confidence_sets(estimates, cov, simul=False, B=500, seed=replication)
            marginal_covered += bool(np.all((lower <= true_rank) & (true_rank <= upper)))
    assert covered / replications >= 0.93
    if marginal_at_most < 1:
        assert marginal_covered / 100 <= marginal_at_most


def test_same_seed_same_sets_and_clear_ranks_are_exact() -> None:
    x = [10.0, 5.0, 4.9, 1.0]
    cov = np.diag([0.01, 0.1, 0.1, 0.01])
    first = rank_confidence_sets(x, cov, B=300, seed=7)
    second = rank_confidence_sets(x, cov, B=300, seed=7)
    assert all(np.array_equal(a, b) for a, b in zip(first, second, strict=True))
    assert first[0].tolist() == [1, 2, 2, 4] and first[1].tolist() == [1, 3, 3, 4]
    assert top_k_set(x, cov, 1, B=300, seed=7).tolist() == [True, False, False, False]
    probability = top_k_probability(x, cov, 2, B=4000, seed=7)
    assert probability[0] == 1.0 and probability[3] == 0.0
    assert probability[1] == pytest.approx(0.5885, abs=0.025)  # P(N(0.1, 0.2) > 0) = Phi(0.2236)
    assert probability.sum() == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"stype": "both"}, "stype must be one of two-sided, lower, upper; got 'both'"),
        ({"level": 1.0}, "level must be strictly between 0 and 1, got 1.0"),
        ({"B": 0}, "B must be a positive integer, got 0"),
        ({"indices": [3]}, r"indices must be positions between 0 and 2, got \[3\]"),
    ],
)
def test_bad_options_are_named(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rank_confidence_sets([1.0, 2.0, 3.0], np.eye(3), **kwargs)


def test_bad_inputs_are_named() -> None:
    with pytest.raises(ValueError, match=r"cov must be 3 x 3 to match the estimates, got shape \(2, 2\)"):
        rank_confidence_sets([1.0, 2.0, 3.0], np.eye(2))
    with pytest.raises(ValueError, match=r"estimates\[1\] is nan: every estimate must be a finite number"):
        rank_confidence_sets([1.0, np.nan, 3.0], np.eye(3))
    with pytest.raises(ValueError, match="cov has missing or infinite entries"):
        rank_confidence_sets([1.0, 2.0], np.array([[1.0, np.inf], [np.inf, 1.0]]))
    with pytest.raises(ValueError, match="cov must be symmetric"):
        rank_confidence_sets([1.0, 2.0], np.array([[1.0, 0.5], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="cov is not positive semi-definite"):
        rank_confidence_sets([1.0, 2.0], np.array([[1.0, 2.0], [2.0, 1.0]]))
    with pytest.raises(ValueError, match="estimates must be a vector of at least 2 values"):
        rank_confidence_sets([1.0], np.eye(1))
    with pytest.raises(ValueError, match="k must be an integer between 1 and 2, got 3"):
        top_k_set([1.0, 2.0], np.eye(2), 3)
    with pytest.raises(ValueError, match="k must be an integer between 1 and 2, got 0"):
        top_k_probability([1.0, 2.0], np.eye(2), 0)


def _simulated_pairs(n: int, seed: int) -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(seed)
    skills = ["s1", "s2", "s3", "s4", "s5"]
    frames = []
    shared = rng.normal(size=n)
    for offset, skill in enumerate(skills):
        importance = np.clip(np.round(3 + 0.2 * offset + 0.8 * shared + rng.normal(size=n)), 1, 5)
        proficiency = np.clip(np.round(3 - 0.3 * shared + rng.normal(size=n)), 1, 5)
        rated = rng.random(n) > 0.1
        frames.append(pd.DataFrame({
            "respondent_id": [f"r{i:05d}" for i in np.flatnonzero(rated)], "skill_id": skill,
            "importance": importance[rated], "proficiency": proficiency[rated],
        }))
    pairs = pd.concat(frames, ignore_index=True)
    pairs["discrepancy"] = pairs["importance"] - pairs["proficiency"]
    weights = pd.Series(rng.uniform(0.4, 2.5, n), index=[f"r{i:05d}" for i in range(n)])
    return pairs, weights


def test_influence_reproduces_mwds_and_sums_to_zero() -> None:
    pairs, weights = _simulated_pairs(300, 1)
    influence = mwds_influence(pairs, weights)
    assert np.allclose(influence.sum(axis=0), 0.0, atol=1e-12)
    # a small perturbation of one respondent's weight moves MWDS by the influence (delta method)
    skill = pairs[pairs["skill_id"] == "s2"].join(weights.rename("w"), on="respondent_id")

    def mwds(w: pd.Series) -> float:
        return float(np.average(skill["discrepancy"], weights=w) * np.average(skill["importance"], weights=w))

    first = skill["respondent_id"].iloc[0]
    eps = 1e-6
    bumped = skill["w"].where(skill["respondent_id"] != first, skill["w"] * (1 + eps))
    assert (mwds(bumped) - mwds(skill["w"])) / eps == pytest.approx(influence.loc[first, "s2"], rel=1e-4)


def test_analytic_covariance_agrees_with_bootstrap() -> None:
    """2000 respondents, 5 skills, 10% missing ratings, raking-like weights held fixed; 1000
    bootstrap resamples. The bootstrap variance has relative sd sqrt(2/999) = 4.5%, so 15% is a
    >3 sd margin; covariances agree as correlations within 0.1."""
    pairs, weights = _simulated_pairs(2000, 2)
    analytic = analytic_mwds_covariance(pairs, weights)
    counts = resample_counts(None, 1000, np.random.default_rng(3), n=2000)
    draws = bootstrap_mwds(pairs, counts, weights)
    boot = bootstrap_covariance(draws)
    assert list(boot.columns) == list(analytic.columns) == ["s1", "s2", "s3", "s4", "s5"]
    ratio = np.diag(boot.to_numpy()) / np.diag(analytic.to_numpy())
    assert np.all(np.abs(ratio - 1) < 0.15), ratio
    sd_a, sd_b = np.sqrt(np.diag(analytic)), np.sqrt(np.diag(boot))
    corr_a = analytic.to_numpy() / np.outer(sd_a, sd_a)
    corr_b = boot.to_numpy() / np.outer(sd_b, sd_b)
    assert np.abs(corr_a - corr_b).max() < 0.1
    assert np.abs(corr_a[~np.eye(5, dtype=bool)]).min() > 0.1  # the skills' errors are correlated


def test_bootstrap_covariance_names_a_missing_skill() -> None:
    draws = pd.DataFrame({"s1": [1.0, 2.0, 3.0], "s2": [1.0, np.nan, 2.0]})
    with pytest.raises(ValueError, match="mwds_draws: skill s2 is missing in some resamples"):
        bootstrap_covariance(draws)
    with pytest.raises(ValueError, match="at least 2 resamples"):
        bootstrap_covariance(np.ones((1, 3)))
    with pytest.raises(ValueError, match="weights: every respondent in pairs needs a non-negative weight"):
        mwds_influence(_simulated_pairs(10, 0)[0], pd.Series({"r00000": 1.0}))
