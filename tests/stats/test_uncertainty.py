"""Rank uncertainty: the vectorised bootstrap against a slow per-resample pandas reference."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats.design import RakedDesign
from analysis.stats.needs import borich_mwds
from analysis.stats.uncertainty import (
    RANK_SET_COLUMNS,
    RANK_UNCERTAINTY_COLUMNS,
    RANKS_BY_COLUMNS,
    _group_seed,
    _raked_analytic_covariance,
    bootstrap_mwds,
    bootstrap_ranks,
    bootstrap_ranks_by,
    raked_resampling,
    reraked_bootstrap_mwds,
    resample_counts,
)
from analysis.stats.weights import rake
from analysis.stats.wide import design_matrices


def make_pairs(n: int = 60, n_skills: int = 6, seed: int = 3, dominant: str | None = "s02",
               missing_share: float = 0.1):
    """Random pairwise-complete ratings; the dominant skill is rated 5 / 1 by everyone."""
    rng = np.random.default_rng(seed)
    ids = [f"r{i:03d}" for i in range(n)]
    skills = [f"s{j:02d}" for j in range(n_skills)]
    importance = rng.integers(1, 6, size=(n, n_skills)).astype(float)
    proficiency = rng.integers(1, 6, size=(n, n_skills)).astype(float)
    if dominant:
        j = skills.index(dominant)
        importance[:, j], proficiency[:, j] = 5.0, 1.0
    pairs = pd.DataFrame({
        "respondent_id": np.repeat(ids, n_skills),
        "skill_id": np.tile(skills, n),
        "importance": importance.ravel(),
        "proficiency": proficiency.ravel(),
    })
    keep = rng.random(len(pairs)) >= missing_share  # pairwise-complete: some pairs absent
    pairs = pairs[keep].reset_index(drop=True)
    pairs["discrepancy"] = pairs["importance"] - pairs["proficiency"]
    strata = pd.Series(rng.choice(["AGRI", "CONST", "WOOD"], size=n), index=ids, name="sector")
    return pairs, strata


def reference_mwds(pairs: pd.DataFrame, counts: np.ndarray, weights: pd.Series | None = None):
    """One resample at a time: repeat each respondent's rows by its count, then Borich by pandas."""
    ids = sorted(pairs["respondent_id"].unique())
    rows = []
    for row in counts:
        times = pd.Series(row, index=ids)
        sample = pairs.loc[pairs.index.repeat(pairs["respondent_id"].map(times))]
        if weights is None:
            rows.append(borich_mwds(sample).set_index("skill_id")["mwds"])
        else:
            w = sample["respondent_id"].map(weights)
            grouped = sample.assign(w=w, wd=w * sample["discrepancy"], wi=w * sample["importance"])
            sums = grouped.groupby("skill_id")[["w", "wd", "wi"]].sum()
            rows.append(sums["wd"] / sums["w"] * sums["wi"] / sums["w"])
    return pd.DataFrame(rows).reset_index(drop=True)


def test_resample_counts_keep_stratum_sizes():
    strata = np.array(["a", "b", "a", "c", "b", "a", None], dtype=object)
    counts = resample_counts(strata, 500, np.random.default_rng(1))
    assert counts.shape == (500, 7) and counts.dtype == np.int64
    for members in ([0, 2, 5], [1, 4], [3], [6]):
        assert (counts[:, members].sum(axis=1) == len(members)).all()
    assert counts[:, 0].std() > 0  # really resampled


def test_resample_counts_unstratified():
    counts = resample_counts(None, 50, np.random.default_rng(1), n=9)
    assert (counts.sum(axis=1) == 9).all()


def test_matrix_mwds_equals_the_per_resample_pandas_computation():
    pairs, strata = make_pairs()
    ids = sorted(pairs["respondent_id"].unique())
    counts = resample_counts(strata.reindex(ids), 25, np.random.default_rng(11))
    fast = bootstrap_mwds(pairs, counts)
    slow = reference_mwds(pairs, counts)[fast.columns]
    np.testing.assert_allclose(fast.to_numpy(), slow.to_numpy(), rtol=1e-12, atol=1e-12)


def test_weighted_matrix_mwds_equals_the_reference():
    pairs, strata = make_pairs(seed=5)
    ids = sorted(pairs["respondent_id"].unique())
    weights = pd.Series(np.random.default_rng(2).uniform(0.5, 2, size=len(ids)), index=ids)
    counts = resample_counts(strata.reindex(ids), 10, np.random.default_rng(4))
    fast = bootstrap_mwds(pairs, counts, weights)
    slow = reference_mwds(pairs, counts, weights)[fast.columns]
    np.testing.assert_allclose(fast.to_numpy(), slow.to_numpy(), rtol=1e-12)


def test_bootstrap_ranks_use_the_seeded_count_matrix():
    pairs, strata = make_pairs()
    ids = sorted(pairs["respondent_id"].unique())
    B = 40
    counts = resample_counts(strata.reindex(ids), B, np.random.default_rng(99))
    reference = reference_mwds(pairs, counts)
    ranks = reference.rank(axis=1, method="min", ascending=False)
    table = bootstrap_ranks(pairs, strata, B=B, seed=99, top_k=2).set_index("skill_id")
    for skill in reference.columns:
        assert table.loc[skill, "median_rank"] == ranks[skill].median()
        assert table.loc[skill, "p_top_k"] == pytest.approx((ranks[skill] <= 2).mean())


def test_same_seed_same_result_other_seed_other_result():
    pairs, strata = make_pairs(dominant=None)
    first = bootstrap_ranks(pairs, strata, B=300, seed=7)
    again = bootstrap_ranks(pairs, strata, B=300, seed=7)
    other = bootstrap_ranks(pairs, strata, B=300, seed=8)
    pd.testing.assert_frame_equal(first, again)
    assert not first["p_top_k"].equals(other["p_top_k"])


def test_point_estimate_and_intervals():
    pairs, strata = make_pairs(n=80)
    table = bootstrap_ranks(pairs, strata, B=500, top_k=1)
    assert list(table.columns) == RANK_UNCERTAINTY_COLUMNS + RANK_SET_COLUMNS
    needs = borich_mwds(pairs).set_index("skill_id")
    indexed = table.set_index("skill_id")
    np.testing.assert_allclose(indexed["mwds"], needs.loc[indexed.index, "mwds"], rtol=1e-12)
    assert (indexed["rank"] == needs.loc[indexed.index, "rank"]).all()
    assert (indexed["n"] == needs.loc[indexed.index, "n"]).all()
    assert table["p_top_k"].between(0, 1).all()
    assert (table["rank_low"] <= table["median_rank"]).all()
    assert (table["median_rank"] <= table["rank_high"]).all()
    assert indexed.loc["s02", "p_top_k"] == pytest.approx(1.0)  # the dominant skill
    assert indexed.loc["s02", "rank_high"] == 1
    assert (table["B"] == 500).all()


def test_chunked_bootstrap_is_bounded_and_consistent(monkeypatch):
    import analysis.stats.uncertainty as module

    pairs, strata = make_pairs(n=50)
    monkeypatch.setattr(module, "CHUNK_BYTES", 8 * 50 * 7)  # 7 resamples per chunk
    table = bootstrap_ranks(pairs, strata, B=100, top_k=1)
    assert table.set_index("skill_id").loc["s02", "p_top_k"] == 1.0
    assert (table["rank_low"] <= table["rank_high"]).all()


def test_by_groups_flags_small_groups():
    pairs, strata = make_pairs(n=60)
    respondents = strata.rename("sector").rename_axis("respondent_id").reset_index()
    respondents.loc[:2, "sector"] = "TINY"
    respondents["weight"] = 1.0
    table = bootstrap_ranks_by(
        pairs, respondents, ["sector"], strata="sector", B=200, min_group_n=5, weight="weight",
        group_labels={"sector": {"AGRI": "Agriculture"}},
    )
    assert list(table.columns) == RANKS_BY_COLUMNS
    overall = table[table["scope"] == "overall"].drop(columns=["scope", "group", "group_label", "flagged"])
    direct = bootstrap_ranks(pairs, respondents.set_index("respondent_id")["sector"], B=200)
    pd.testing.assert_frame_equal(overall.reset_index(drop=True), direct, check_dtype=False)
    tiny = table[table["group"] == "TINY"]
    assert tiny["flagged"].all() and tiny["rank"].isna().all() and tiny["p_top_k"].isna().all()
    assert (tiny["n"] <= 3).all()
    big = table[(table["scope"] == "sector") & (table["group"] != "TINY")]
    assert not big["flagged"].any() and big["rank"].notna().all()
    assert set(table.loc[table["group"] == "AGRI", "group_label"]) == {"Agriculture"}
    # reruns are identical, group by group
    again = bootstrap_ranks_by(
        pairs, respondents, ["sector"], strata="sector", B=200, min_group_n=5, weight="weight",
        group_labels={"sector": {"AGRI": "Agriculture"}},
    )
    pd.testing.assert_frame_equal(table, again)


def test_bootstrap_settings_in_the_survey_config():
    from analysis.config import AnalysisConfig, SurveyConfig

    settings = AnalysisConfig()
    assert (settings.bootstrap.B, settings.bootstrap.seed, settings.bootstrap.top_k) == (2000, 20261123, 5)
    assert settings.crosshair == "mean" and settings.agreement_by == ()
    assert AnalysisConfig(by=("sector", "country")).agreement_fields == ("sector", "country")
    assert AnalysisConfig(by=("sector",)).bootstrap_strata == "sector"
    assert AnalysisConfig(by=("sector",), bootstrap={"strata": ""}).bootstrap_strata is None
    with pytest.raises(ValueError, match="greater than or equal to 100"):
        AnalysisConfig(bootstrap={"B": 99})
    with pytest.raises(ValueError):
        AnalysisConfig(crosshair="median")
    base = {"name": "s", "title": "t", "source": {"files": {"responses": "r.csv", "structure": "s.lss"}},
            "profile": {"sector": "SECTOR"}, "ratings": {"importance": "I", "proficiency": "P"}}
    with pytest.raises(ValueError, match=r"analysis.agreement_by names \['country'\]"):
        SurveyConfig(**base, analysis={"agreement_by": ["country"]})


# -- re-raking every resample (analysis.bootstrap.rerake) ------------------------------------------


def raked_sample(n: int = 600, seed: int = 7):
    """A sample raked on country and sector whose ratings depend on both, four skills."""
    rng = np.random.default_rng(seed)
    respondents = pd.DataFrame({
        "respondent_id": [f"r{i:03d}" for i in range(n)],
        "country": rng.choice(["BE", "BG", "ES"], n, p=[0.5, 0.3, 0.2]),
        "sector": rng.choice(["AGRI", "WOOD"], n, p=[0.7, 0.3]),
    })
    margins = {"country": {"BE": 1 / 3, "BG": 1 / 3, "ES": 1 / 3}, "sector": {"AGRI": 0.5, "WOOD": 0.5}}
    respondents["weight"] = rake(respondents, margins).weights.to_numpy()
    level = respondents["country"].map({"BE": 0.0, "BG": 1.0, "ES": 2.0}).to_numpy() + np.where(
        respondents["sector"] == "WOOD", 1.2, 0.0)
    importance = np.clip(np.round(2 + 0.6 * level[:, None] + rng.normal(0, 0.7, (n, 4))), 1, 5)
    proficiency = np.clip(np.round(4 - 0.5 * level[:, None] + rng.normal(0, 0.7, (n, 4))), 1, 5)
    pairs = pd.DataFrame({
        "respondent_id": np.repeat(respondents["respondent_id"].to_numpy(), 4),
        "skill_id": np.tile(["s0", "s1", "s2", "s3"], n),
        "importance": importance.ravel(),
        "proficiency": proficiency.ravel(),
    })
    pairs["discrepancy"] = pairs["importance"] - pairs["proficiency"]
    return respondents, margins, pairs, importance, proficiency


def test_reraked_bootstrap_variance_is_the_linearisation_variance_of_the_raked_design():
    respondents, margins, pairs, importance, proficiency = raked_sample()
    design = RakedDesign.from_respondents(respondents, list(margins))
    # equal to R svycontrast(svymean(~D + I, rake(...)), quote(D * I)) (tests/stats/test_design.py)
    linearised = np.array([design.mwds(importance[:, j], proficiency[:, j]).se ** 2 for j in range(4)])
    raking = raked_resampling(respondents, margins)
    reraked = reraked_bootstrap_mwds(pairs, raking, B=2000, seed=3).var(ddof=1).to_numpy()
    np.testing.assert_allclose(reraked / linearised, 1.0, atol=0.2)
    # holding the raked weights fixed ignores the raking: about twice the variance here
    fixed = bootstrap_mwds(
        pairs, resample_counts(None, 2000, np.random.default_rng(3), n=600),
        respondents.set_index("respondent_id")["weight"],
    ).var(ddof=1).to_numpy()
    assert (fixed / linearised > 1.5).all()


def test_raked_analytic_covariance_is_the_design_variance_overall_and_in_a_group():
    respondents, margins, pairs, importance, proficiency = raked_sample(n=200, seed=2)
    design = RakedDesign.from_respondents(respondents, list(margins))
    raking = raked_resampling(respondents, margins)
    weights = respondents.set_index("respondent_id")["weight"]
    cov = _raked_analytic_covariance(design_matrices(pairs, weights), raking, None)
    expected = [design.mwds(importance[:, j], proficiency[:, j]).se ** 2 for j in range(4)]
    np.testing.assert_allclose(np.diag(cov), expected, rtol=1e-10)
    in_bg = (respondents["country"] == "BG").to_numpy()
    group = pairs[pairs["respondent_id"].isin(respondents.loc[in_bg, "respondent_id"])]
    cov = _raked_analytic_covariance(design_matrices(group, weights), raking, None)
    expected = [design.mwds(importance[:, j], proficiency[:, j], domain=in_bg).se ** 2 for j in range(4)]
    np.testing.assert_allclose(np.diag(cov), expected, rtol=1e-10)


def test_rerake_changes_only_the_uncertainty_and_groups_use_the_whole_sample():
    respondents, margins, pairs, _, _ = raked_sample(n=300, seed=4)
    raking = raked_resampling(respondents, margins)
    options = {"strata": "sector", "B": 200, "weight": "weight"}
    fixed = bootstrap_ranks_by(pairs, respondents, ["country"], **options)
    reraked = bootstrap_ranks_by(pairs, respondents, ["country"], raking=raking, **options)
    pd.testing.assert_frame_equal(fixed[["scope", "group", "skill_id", "n", "mwds", "rank"]],
                                  reraked[["scope", "group", "skill_id", "n", "mwds", "rank"]])
    assert set(reraked["covariance"]) == {"bootstrap"}
    analytic = bootstrap_ranks_by(pairs, respondents, ["country"], raking=raking, analytic_n=50, **options)
    assert set(analytic["covariance"]) == {"analytic"}
    # the same call gives the same table
    again = bootstrap_ranks_by(pairs, respondents, ["country"], raking=raking, **options)
    pd.testing.assert_frame_equal(reraked, again)


def test_rerake_needs_every_rater_among_the_raked_respondents():
    respondents, margins, pairs, _, _ = raked_sample(n=50, seed=5)
    raking = raked_resampling(respondents.iloc[1:], margins)
    message = "respondent 'r000' rated skills but is not among the raked respondents"
    with pytest.raises(ValueError, match=message):
        bootstrap_ranks(pairs, B=100, weights=respondents.set_index("respondent_id")["weight"], raking=raking)
@pytest.mark.parametrize("analytic_n", [10_000, 10])
def test_groups_sliced_from_the_survey_matrices_equal_each_group_ranked_alone(analytic_n):
    rng = np.random.default_rng(5)
    n = 90
    respondents = pd.DataFrame({
        "respondent_id": [f"r{i:02d}" for i in range(n)],
        "sector": rng.choice(["AGRI", "CONST", "WOOD", None], size=n, p=[0.45, 0.45, 0.04, 0.06]),
        "country": rng.choice(["IT", "ES"], size=n),
        "weight": rng.uniform(0.3, 2.5, size=n),
    })
    rows = [(rid, skill, float(rng.integers(1, 6)), float(rng.integers(1, 6)))
            for rid in respondents["respondent_id"] for skill in ("water", "energy", "soil", "air")
            if rng.random() < 0.8 and not (skill == "air" and rng.random() < 0.9)]  # air: few ratings
    pairs = pd.DataFrame(rows, columns=["respondent_id", "skill_id", "importance", "proficiency"])
    pairs["discrepancy"] = pairs["importance"] - pairs["proficiency"]
    options = {"B": 50, "seed": 9, "top_k": 2, "analytic_n": analytic_n, "set_B": 200}
    table = bootstrap_ranks_by(
        pairs, respondents, ["sector"], strata="country", weight="weight", min_group_n=5, **options
    )
    profile = respondents.set_index("respondent_id")
    for group in ("AGRI", "CONST"):
        alone = pairs[pairs["respondent_id"].map(profile["sector"]) == group]
        counts = alone.groupby("skill_id").size()
        reportable = alone[alone["skill_id"].isin(counts[counts >= 5].index)]
        got = table[(table["group"] == group) & ~table["flagged"]].reset_index(drop=True)
        expected = bootstrap_ranks(
            reportable, profile["country"], weights=profile["weight"],
            **{**options, "seed": _group_seed(9, "sector", group)},
        )
        for column in expected.columns:
            assert got[column].astype(object).tolist() == expected[column].astype(object).tolist(), column
        small = table[(table["group"] == group) & table["flagged"]]
        assert dict(zip(small["skill_id"], small["n"], strict=True)) == counts[counts < 5].to_dict()
    wood = table[table["group"] == "WOOD"]  # fewer than 5 respondents: every skill flagged
    in_wood = pairs["respondent_id"].map(profile["sector"]) == "WOOD"
    assert wood["flagged"].all() and len(wood) == pairs.loc[in_wood, "skill_id"].nunique() > 0
