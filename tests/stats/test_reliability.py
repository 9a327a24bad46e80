"""Cronbach's alpha against the formula, Feldt interval and item statistics against R psych."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats.reliability import (
    ITEM_TOTAL_COLUMNS,
    RELIABILITY_COLUMNS,
    cronbach_alpha,
    item_total,
    item_total_table,
    reliability_table,
)

# The fixed data set of the R reference values below (12 respondents x 4 items).
ITEMS = pd.DataFrame(
    {
        "a": [4, 5, 3, 2, 4, 5, 3, 4, 2, 5, 4, 3],
        "b": [4, 4, 3, 2, 5, 5, 2, 4, 1, 4, 3, 3],
        "c": [3, 5, 4, 1, 4, 4, 3, 5, 2, 5, 4, 2],
        "d": [5, 4, 2, 3, 4, 5, 3, 3, 2, 4, 5, 3],
    }
)
# R 4, psych (computed once):
#   library(psych)
#   x <- data.frame(
#     a = c(4, 5, 3, 2, 4, 5, 3, 4, 2, 5, 4, 3),
#     b = c(4, 4, 3, 2, 5, 5, 2, 4, 1, 4, 3, 3),
#     c = c(3, 5, 4, 1, 4, 4, 3, 5, 2, 5, 4, 2),
#     d = c(5, 4, 2, 3, 4, 5, 3, 3, 2, 4, 5, 3))
#   r <- alpha(x)
#   print(r$total$raw_alpha, digits = 17)              # 0.89169295478443744
#   print(unlist(r$feldt), digits = 17)                # lower 0.73873471600224527, upper 0.96503196111707257
#   f <- alpha.ci(r$total$raw_alpha, 12, 4, p.val = 0.10)
#   print(c(f$lower.ci, f$upper.ci), digits = 17)      # 0.77328579990047830 0.95763011749424354
#   print(r$item.stats[, "r.drop"], digits = 17)
#   print(r$alpha.drop[, "raw_alpha"], digits = 17)
R_ALPHA = 0.89169295478443744
R_FELDT_95 = (0.73873471600224527, 0.96503196111707257)
R_FELDT_90 = (0.77328579990047830, 0.95763011749424354)
R_R_DROP = [0.96014772639927404, 0.83178742728507626, 0.68312597137254305, 0.61466474266008952]
R_ALPHA_DROP = [0.79190283400809713, 0.83291770573566082, 0.89594916600476571, 0.91056910569105687]


def alpha_by_formula(x: np.ndarray) -> float:
    k = x.shape[1]
    return k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))


def test_alpha_is_the_formula_and_matches_psych():
    result = cronbach_alpha(ITEMS)
    assert result.alpha == pytest.approx(alpha_by_formula(ITEMS.to_numpy(float)), rel=1e-14)
    assert result.alpha == pytest.approx(R_ALPHA, rel=1e-12)
    assert (result.n, result.k) == (12, 4)


def test_feldt_interval_matches_psych():
    result = cronbach_alpha(ITEMS)
    assert (result.ci_low, result.ci_high) == pytest.approx(R_FELDT_95, rel=1e-10)
    result = cronbach_alpha(ITEMS, level=0.90)
    assert (result.ci_low, result.ci_high) == pytest.approx(R_FELDT_90, rel=1e-10)


def test_listwise_complete_rows():
    with_gaps = ITEMS.astype("Int64")
    extra = pd.DataFrame({"a": [5, None], "b": [None, 1], "c": [2, 2], "d": [1, None]}, dtype="Int64")
    result = cronbach_alpha(pd.concat([with_gaps, extra], ignore_index=True))
    assert result.n == 12 and result.alpha == pytest.approx(R_ALPHA, rel=1e-12)


def test_item_total_matches_psych():
    table = item_total(ITEMS)
    assert list(table.index) == ["a", "b", "c", "d"]
    assert table["item_total_r"].tolist() == pytest.approx(R_R_DROP, rel=1e-10)
    assert table["alpha_if_deleted"].tolist() == pytest.approx(R_ALPHA_DROP, rel=1e-10)
    for item in "abcd":
        rest = ITEMS.drop(columns=item).to_numpy(float)
        assert table.loc[item, "alpha_if_deleted"] == pytest.approx(alpha_by_formula(rest), rel=1e-13)


def test_degenerate_cases():
    assert np.isnan(cronbach_alpha(ITEMS[["a"]]).alpha)
    assert np.isnan(cronbach_alpha(ITEMS.head(1)).alpha)
    constant = pd.DataFrame({"a": [3, 3, 3], "b": [3, 3, 3]})
    assert np.isnan(cronbach_alpha(constant).ci_low)
    with pytest.raises(ValueError, match="level"):
        cronbach_alpha(ITEMS, level=1.5)


def long_frames():
    rows = []
    sectors = {}
    for i, row in ITEMS.iterrows():
        rid = f"r{i:02d}"
        sectors[rid] = "AGRI" if i < 6 else "CONST"
        for skill, value in row.items():
            rows.append((rid, skill, "importance", value))
            rows.append((rid, skill, "proficiency", 6 - value if skill != "d" else value))
    ratings = pd.DataFrame(rows, columns=["respondent_id", "skill_id", "dimension", "value"])
    ratings["value"] = ratings["value"].astype("Int64")
    respondents = pd.DataFrame({"respondent_id": list(sectors), "sector": list(sectors.values())})
    skills = pd.DataFrame({"skill_id": ["a", "b", "c", "d"], "group": ["G1", "G1", "G2", "G2"]})
    return ratings, respondents, skills


def test_reliability_table():
    ratings, respondents, skills = long_frames()
    table = reliability_table(ratings, respondents, skills, by=["sector"])
    assert list(table.columns) == RELIABILITY_COLUMNS
    assert len(table) == 3 * 2 * 3  # (overall, AGRI, CONST) x dimensions x (all, G1, G2)
    row = table[(table.scope == "overall") & (table.dimension == "importance") & (table.battery == "all")]
    assert row[["alpha", "ci_low", "ci_high"]].iloc[0].tolist() == pytest.approx(
        [R_ALPHA, *R_FELDT_95], rel=1e-10
    )
    assert row[["k", "n"]].iloc[0].tolist() == [4, 12]
    g2 = table[(table.scope == "sector") & (table.group == "CONST") & (table.dimension == "importance")
               & (table.battery == "G2")].iloc[0]
    expected = cronbach_alpha(ITEMS.iloc[6:][["c", "d"]])
    assert (g2["k"], g2["n"], g2["alpha"]) == (2, 6, pytest.approx(expected.alpha, rel=1e-14))
    only_all = reliability_table(ratings, respondents, None)
    assert only_all["battery"].unique().tolist() == ["all"] and len(only_all) == 2


def test_item_total_table():
    ratings, respondents, skills = long_frames()
    table = item_total_table(ratings, respondents, skills)
    assert list(table.columns) == ITEM_TOTAL_COLUMNS
    overall = table[(table.dimension == "importance") & (table.battery == "all")]
    assert overall["skill_id"].tolist() == ["a", "b", "c", "d"]
    assert overall["item_total_r"].tolist() == pytest.approx(R_R_DROP, rel=1e-10)
    assert overall["alpha_if_deleted"].tolist() == pytest.approx(R_ALPHA_DROP, rel=1e-10)
    assert len(table) == 2 * (4 + 2 + 2)


def test_one_pass_over_the_batteries_equals_each_frame_pivoted_by_pandas():
    from analysis.stats.reliability import item_total, reliability_tables

    rng = np.random.default_rng(4)
    ids = [f"r{i:03d}" for i in rng.permutation(120)]
    skill_ids = ["s4", "s1", "s3", "s2", "s5"]
    rows = [(rid, skill, dimension, int(rng.integers(1, 6)))
            for rid in ids for skill in skill_ids for dimension in ["importance", "proficiency"]
            if not (dimension == "proficiency" and skill == "s5")]  # a skill one dimension lacks
    ratings = pd.DataFrame(rows, columns=["respondent_id", "skill_id", "dimension", "value"])
    ratings["value"] = ratings["value"].astype("Int64")
    ratings.loc[rng.choice(len(ratings), 60, replace=False), "value"] = pd.NA
    repeated = ratings[ratings["value"].notna()].head(5).assign(value=1)  # a second rating: not the first
    missing_first = ratings[ratings["value"].isna()].head(3).assign(value=2)  # the first is missing
    ratings = pd.concat([ratings, repeated, missing_first], ignore_index=True)
    respondents = pd.DataFrame({"respondent_id": ids + ["r999"],  # r999 rated nothing
                                "sector": rng.choice(["A", "B", None], size=121)})
    skills = pd.DataFrame({"skill_id": skill_ids, "group": ["g1", "g1", "g2", "g2", "g2"]})
    reliability, items = reliability_tables(ratings, respondents, skills, by=["sector"])
    assert reliability.equals(reliability_table(ratings, respondents, skills, by=["sector"]))
    assert items.equals(item_total_table(ratings, respondents, skills, by=["sector"]))

    values = ratings.assign(value=ratings["value"].astype(float))
    wide = {d: f.pivot_table(index="respondent_id", columns="skill_id", values="value", aggfunc="first",
                             dropna=False) for d, f in values.groupby("dimension", sort=False)}
    batteries = {"all": skill_ids, "g1": ["s4", "s1"], "g2": ["s3", "s2", "s5"]}
    expected_alpha, expected_items = [], []
    for scope, group, members in [("overall", "all", ids), ("sector", "A", None), ("sector", "B", None)]:
        if members is None:
            members = respondents.loc[respondents["sector"] == group, "respondent_id"]
        for dimension, table in wide.items():
            frame = table.reindex(index=table.index.intersection(pd.Index(members)))
            for battery, columns in batteries.items():
                result = cronbach_alpha(frame.reindex(columns=columns))
                expected_alpha.append((scope, group, dimension, battery, *result))
                expected_items.append(item_total(frame.reindex(columns=columns)))
    got = reliability[["scope", "group", "dimension", "battery", "alpha", "ci_low", "ci_high", "n", "k"]]
    expected = pd.DataFrame(expected_alpha, columns=got.columns)
    pd.testing.assert_frame_equal(got, expected, check_exact=True, check_dtype=False)
    expected = pd.concat(expected_items).reset_index(drop=True)
    pd.testing.assert_frame_equal(items[["item_total_r", "alpha_if_deleted"]], expected, check_exact=True)
    assert reliability["n"].between(1, 119).sum() > 10  # most batteries have complete respondents
