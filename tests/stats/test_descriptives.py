"""Descriptives against statsmodels DescrStatsW (weighted) and the t interval by formula."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.weightstats import DescrStatsW

from analysis.stats.descriptives import describe, describe_columns, weighted_lower_median

VALUES = {  # respondent -> (sector, weight, energy importance, energy proficiency, water importance)
    "r1": ("AGRI", 0.5, 5, 2, 3),
    "r2": ("AGRI", 1.5, 4, 4, None),
    "r3": ("AGRI", 1.0, 3, 1, 4),
    "r4": ("CONST", 2.0, 5, 3, 5),
    "r5": ("CONST", 0.25, 2, None, 5),
    "r6": ("CONST", 0.75, 4, 2, 1),
}


def frames(weights: bool = True):
    respondents = pd.DataFrame(
        {
            "respondent_id": list(VALUES),
            "sector": [v[0] for v in VALUES.values()],
            "weight": [v[1] if weights else 1.0 for v in VALUES.values()],
        }
    )
    rows = []
    for rid, (_, _, ei, ep, wi) in VALUES.items():
        rows += [(rid, "energy", "importance", ei), (rid, "energy", "proficiency", ep),
                 (rid, "water", "importance", wi)]
    ratings = pd.DataFrame(rows, columns=["respondent_id", "skill_id", "dimension", "value"])
    ratings["value"] = ratings["value"].astype("Int64")
    return ratings, respondents


def cell(table, skill, dimension, scope="overall", group="all"):
    match = table[(table.scope == scope) & (table.group == group) & (table.skill_id == skill)
                  & (table.dimension == dimension)]
    assert len(match) == 1
    return match.iloc[0]


def test_columns_and_rows():
    ratings, respondents = frames()
    table = describe(ratings, respondents, by=["sector"])
    assert list(table.columns) == describe_columns() == [
        "scope", "group", "skill_id", "dimension", "n", "mean", "ci_low", "ci_high", "median",
        "share_1", "share_2", "share_3", "share_4", "share_5", "top2",
    ]
    assert list(zip(table.scope, table.group, strict=True))[::3] == [
        ("overall", "all"), ("sector", "AGRI"), ("sector", "CONST")
    ]
    assert list(describe_columns((0, 3)))[9:] == ["share_0", "share_1", "share_2", "share_3", "top2"]


def test_weighted_mean_and_interval_match_descrstatsw():
    ratings, respondents = frames()
    table = describe(ratings, respondents, by=["sector"], level=0.9)
    x = np.array([5, 4, 3, 5, 2, 4.0])
    w = np.array([0.5, 1.5, 1.0, 2.0, 0.25, 0.75])
    reference = DescrStatsW(x, weights=w)
    row = cell(table, "energy", "importance")
    assert row["n"] == 6
    assert row["mean"] == pytest.approx(reference.mean, rel=1e-13)
    low, high = reference.tconfint_mean(alpha=0.1)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), rel=1e-13)
    # proficiency: r5 missing, left out
    keep = [0, 1, 2, 3, 5]
    reference = DescrStatsW(np.array([2, 4, 1, 3, 2.0]), weights=w[keep])
    row = cell(table, "energy", "proficiency")
    assert row["n"] == 5
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(reference.tconfint_mean(0.1), rel=1e-13)
    # a group: CONST energy importance
    reference = DescrStatsW(np.array([5, 2, 4.0]), weights=np.array([2.0, 0.25, 0.75]))
    row = cell(table, "energy", "importance", "sector", "CONST")
    assert row["mean"] == pytest.approx(reference.mean, rel=1e-13)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(reference.tconfint_mean(0.1), rel=1e-13)


def test_unweighted_is_the_t_interval_and_unit_weights_change_nothing():
    ratings, respondents = frames(weights=False)
    unit = describe(ratings, respondents)
    none = describe(ratings, respondents.drop(columns="weight"), weight="weight")
    explicit_none = describe(ratings, frames()[1], weight=None)
    pd.testing.assert_frame_equal(unit, none)
    pd.testing.assert_frame_equal(unit, explicit_none)
    x = np.array([3, 4, 5, 5, 1.0])  # water importance, r2 missing
    n, mean, s = len(x), x.mean(), x.std(ddof=1)
    half = stats.t.ppf(0.975, n - 1) * s / np.sqrt(n)
    row = cell(unit, "water", "importance")
    assert row["n"] == 5
    assert row["mean"] == pytest.approx(mean, rel=1e-14)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((mean - half, mean + half), rel=1e-13)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(
        stats.t.interval(0.95, n - 1, loc=mean, scale=stats.sem(x)), rel=1e-13
    )


def test_shares_top2_and_median():
    ratings, respondents = frames()
    row = cell(describe(ratings, respondents), "energy", "importance")
    total = 6.0  # weights sum to 6
    assert row["share_5"] == pytest.approx((0.5 + 2.0) / total)
    assert row["share_4"] == pytest.approx((1.5 + 0.75) / total)
    assert row["share_3"] == pytest.approx(1.0 / total)
    assert row["share_2"] == pytest.approx(0.25 / total)
    assert row["share_1"] == 0
    assert row["top2"] == pytest.approx(4.75 / total)
    assert sum(row[f"share_{c}"] for c in range(1, 6)) == pytest.approx(1.0)
    # sorted: 2 (0.25), 3 (1.0), 4 (1.5 + 0.75), 5 (...): cumulative 0.25, 1.25, 3.5 >= 3 -> 4
    assert row["median"] == 4
    unweighted = cell(describe(ratings, respondents, weight=None), "energy", "proficiency")
    assert unweighted["median"] == 2  # 1, 2, 2, 3, 4


def test_lower_weighted_median():
    assert weighted_lower_median(np.array([1, 2, 3, 4]), np.ones(4)) == 2
    assert weighted_lower_median(np.array([4, 1, 3, 2]), np.array([1, 1, 1, 5.0])) == 2
    assert weighted_lower_median(np.array([1, 5]), np.array([1, 3.0])) == 5
    for seed in range(5):
        rng = np.random.default_rng(seed)
        x = rng.integers(1, 6, 31)
        assert weighted_lower_median(x, np.ones(31)) == np.median(x)


def test_all_missing_item_and_single_rating():
    ratings, respondents = frames()
    ratings.loc[ratings.skill_id == "water", "value"] = pd.NA
    ratings.loc[(ratings.skill_id == "energy") & (ratings.respondent_id != "r1"), "value"] = pd.NA
    table = describe(ratings, respondents)
    water = cell(table, "water", "importance")
    assert water["n"] == 0 and np.isnan(water["mean"]) and np.isnan(water["top2"])
    energy = cell(table, "energy", "importance")
    assert energy["n"] == 1 and energy["mean"] == 5 and np.isnan(energy["ci_low"])


def test_bad_input():
    ratings, respondents = frames()
    with pytest.raises(ValueError, match="level"):
        describe(ratings, respondents, level=95)
    bad = ratings.copy()
    bad.loc[0, "value"] = 7
    with pytest.raises(ValueError, match="outside the scale 1..5"):
        describe(bad, respondents)
    with pytest.raises(ValueError, match="nosuch"):
        describe(ratings, respondents, by=["nosuch"])
    negative = respondents.assign(weight=-1.0)
    with pytest.raises(ValueError, match="non-negative"):
        describe(ratings, negative)
    stranger = ratings.copy()
    stranger.loc[0, "respondent_id"] = "nobody"
    with pytest.raises(ValueError, match="respondent 'nobody', who is not in respondents"):
        describe(stranger, respondents)


def test_a_rating_outside_the_design_is_named():
    from analysis.stats.design import RakedDesign

    ratings, respondents = frames()
    others = respondents.iloc[1:]  # the design lacks the first respondent
    design = RakedDesign(others["weight"].to_numpy(), {}, ids=others["respondent_id"])
    first = respondents["respondent_id"].iloc[0]
    with pytest.raises(ValueError, match=f"respondent '{first}', who is not in the survey design"):
        describe(ratings, respondents, design=design)


def test_real_sample_runs(sample_project):
    folder = sample_project / "data" / "processed" / "sector"
    ratings = pd.read_parquet(folder / "ratings.parquet")
    respondents = pd.read_parquet(folder / "respondents.parquet")
    table = describe(ratings, respondents, by=["sector", "country"])
    assert (table["n"] > 0).all()
    assert np.allclose(table[[f"share_{c}" for c in range(1, 6)]].sum(axis=1), 1.0)
    assert ((table["ci_low"] <= table["mean"]) & (table["mean"] <= table["ci_high"])).all()


def _straightforward(ratings, respondents, by, scale, level=0.95):
    """Each group's rows selected with pandas, each cell summarised by its formulas."""
    points = np.arange(scale[0], scale[1] + 1)
    weight = respondents.set_index("respondent_id")["weight"]
    rows = []
    scopes = [("overall", "all", respondents["respondent_id"])]
    for field in by:
        for code in sorted(respondents[field].dropna().unique()):
            scopes.append((field, str(code), respondents.loc[respondents[field] == code, "respondent_id"]))
    skills = list(dict.fromkeys(ratings["skill_id"]))
    dimensions = list(dict.fromkeys(ratings["dimension"]))
    for scope, group, ids in scopes:
        part = ratings[ratings["respondent_id"].isin(ids)]
        for skill in skills:
            for dimension in dimensions:
                sub = part[(part["skill_id"] == skill) & (part["dimension"] == dimension)]
                if sub.empty:
                    continue
                sub = sub[sub["value"].notna()]
                x = sub["value"].to_numpy(dtype=float)
                w = weight.reindex(sub["respondent_id"]).to_numpy(dtype=float)
                row = {"scope": scope, "group": group, "skill_id": skill, "dimension": dimension, "n": len(x)}
                if len(x):
                    total = w.sum()
                    mean = np.dot(w, x) / total
                    se = np.sqrt(np.dot(w, (x - mean) ** 2) / total) / np.sqrt(total - 1.0)
                    half = stats.t.ppf(0.5 + level / 2, total - 1.0) * se if total > 1 else np.nan
                    shares = {f"share_{c}": w[x == c].sum() / total for c in points}
                    row.update(mean=mean, ci_low=mean - half, ci_high=mean + half,
                               median=weighted_lower_median(x, w), **shares,
                               top2=shares[f"share_{points[-1]}"] + shares[f"share_{points[-2]}"])
                rows.append(row)
    return pd.DataFrame(rows).reindex(columns=describe_columns(scale))


def test_cells_equal_the_straightforward_selection_of_each_group():
    rng = np.random.default_rng(3)
    n = 60
    respondents = pd.DataFrame({
        "respondent_id": [f"r{i:02d}" for i in range(n)],
        "sector": rng.choice(["AGRI", "CONST", "WOOD", None], size=n),
        "size": rng.choice(["small", "large"], size=n),
        "weight": rng.uniform(0.2, 3.0, size=n),
    })
    respondents.loc[respondents["sector"] == "WOOD", "size"] = "none rated"  # a group without ratings
    rated = respondents[respondents["sector"] != "WOOD"]["respondent_id"]
    ratings = pd.DataFrame(
        [(rid, skill, dim) for skill in ("water", "energy", "soil") for rid in rated
         for dim in ("proficiency", "importance")],
        columns=["respondent_id", "skill_id", "dimension"],
    ).sample(frac=1.0, random_state=4, ignore_index=True)  # rows in no particular order
    values = rng.integers(1, 6, size=len(ratings)).astype(object)
    values[rng.random(len(ratings)) < 0.3] = None  # missing ratings
    soil_importance = (ratings["skill_id"] == "soil") & (ratings["dimension"] == "importance")
    values[soil_importance.to_numpy()] = None
    ratings["value"] = pd.array(values, dtype="Int64")
    by = ["sector", "size"]
    table = describe(ratings, respondents, by=by, scale=(1, 5))
    expected = _straightforward(ratings, respondents, by, (1, 5))
    assert "none rated" not in set(table["group"]) and "WOOD" not in set(table["group"])
    soil = table[(table["skill_id"] == "soil") & (table["dimension"] == "importance")]
    assert len(soil) and (soil["n"] == 0).all() and soil["mean"].isna().all()
    exact = ["scope", "group", "skill_id", "dimension", "n", "median", *describe_columns()[9:]]
    pd.testing.assert_frame_equal(table[exact], expected[exact], check_exact=True, check_dtype=False)
    sums = ["mean", "ci_low", "ci_high"]  # pairwise sums against a BLAS dot: the last bits may differ
    pd.testing.assert_frame_equal(table[sums], expected[sums], rtol=1e-13, atol=0.0)
