"""Kendall's W and Spearman's rho between stakeholder groups, against R, scipy and by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.stats.agreement import (
    AGREEMENT_COLUMNS,
    SPEARMAN_COLUMNS,
    AgreementResult,
    agreement_table,
    kendalls_w,
    spearman_pairs,
)

# 6 items (rows) ranked by 4 raters (columns), with ties for raters 3 and 4
RANKS = pd.DataFrame(
    {
        "r1": [1, 2, 3, 4, 5, 6],
        "r2": [1, 3, 2, 4, 6, 5],
        "r3": [2, 1, 3.5, 3.5, 5, 6],
        "r4": [1.5, 1.5, 4, 3, 5, 6],
    },
    index=list("abcdef"),
)


def test_against_r_friedman_test():
    # Kendall's W with the tie correction is Friedman's tie-corrected chi2 / (m (n - 1)), the
    # raters being the blocks. R 4.2, computed once:
    #   x <- matrix(c(1, 2, 3, 4, 5, 6,  1, 3, 2, 4, 6, 5,  2, 1, 3.5, 3.5, 5, 6,
    #                 1.5, 1.5, 4, 3, 5, 6), nrow = 4, byrow = TRUE)
    #   friedman.test(x)
    #   Friedman chi-squared = 17.898550724637683, df = 5, p-value = 0.0030762731247338674
    result = kendalls_w(RANKS)
    assert isinstance(result, AgreementResult)
    assert result.chi2 == pytest.approx(17.898550724637683, rel=1e-12)
    assert result.p_value == pytest.approx(0.0030762731247338674, rel=1e-10)
    assert result.w == pytest.approx(17.898550724637683 / (4 * 5), rel=1e-12)
    assert (result.df, result.m, result.n) == (5, 4, 6)


def test_by_hand_with_ties():
    # 3 raters, 4 items; rater 3 ties items 1 and 2.
    # R = 3.5, 5.5, 10, 11; mean m(n+1)/2 = 7.5; S = 16 + 4 + 6.25 + 12.25 = 38.5
    # T = 2^3 - 2 = 6; W = 12 * 38.5 / (9 * 60 - 3 * 6) = 462 / 522 = 77/87
    ranks = pd.DataFrame({"x": [1, 2, 3, 4], "y": [1, 2, 4, 3], "z": [1.5, 1.5, 3, 4]})
    result = kendalls_w(ranks)
    assert result.w == pytest.approx(77 / 87, rel=1e-14)
    assert result.chi2 == pytest.approx(3 * 3 * 77 / 87, rel=1e-14)
    assert result.p_value == pytest.approx(stats.chi2.sf(3 * 3 * 77 / 87, 3), rel=1e-12)
    # scores are ranked within each column: any increasing transform gives the same W
    scores = pd.DataFrame({"x": [0.1, 0.5, 2.0, 9.0], "y": [1, 2, 40, 30], "z": [7.0, 7.0, 8.0, 9.5]})
    assert kendalls_w(scores).w == pytest.approx(77 / 87, rel=1e-14)


def test_perfect_agreement_disagreement_missing_and_errors():
    same = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [10, 20, 30, 40, 50], "c": [1, 2, 3, 4, 5]})
    assert kendalls_w(same).w == pytest.approx(1.0, rel=1e-14)
    opposite = pd.DataFrame({"a": [1, 2, 3, 4], "b": [4, 3, 2, 1]})
    assert kendalls_w(opposite).w == 0
    with_gap = same.astype(float)
    with_gap.loc[0, "b"] = np.nan  # item 0 is dropped for every rater
    assert kendalls_w(with_gap).n == 4
    assert np.isnan(kendalls_w(pd.DataFrame({"a": [1, 1, 1], "b": [2, 2, 2]})).w)
    with pytest.raises(ValueError, match="2 raters"):
        kendalls_w(same[["a"]])


def test_spearman_pairs_against_scipy():
    table = spearman_pairs(RANKS)
    assert list(table.columns) == SPEARMAN_COLUMNS and len(table) == 6
    for row in table.itertuples():
        ref = stats.spearmanr(RANKS[row.group_a], RANKS[row.group_b])
        assert row.rho == pytest.approx(ref.statistic, rel=1e-14)
        assert row.p_value == pytest.approx(ref.pvalue, rel=1e-12)
        assert row.n == 6
    assert list(zip(table.group_a, table.group_b, strict=True))[:3] == [
        ("r1", "r2"), ("r1", "r3"), ("r1", "r4")
    ]


def needs_rows(scope, mwds_by_group, suppressed=()):
    rows = []
    for group, values in mwds_by_group.items():
        for skill, value in zip("abcdef", values, strict=False):
            hidden = group in suppressed and skill == "a"
            rows.append({"scope": scope, "group": group, "skill_id": skill,
                         "mwds": np.nan if hidden else value, "suppressed": hidden})
    return pd.DataFrame(rows)


def test_agreement_table_from_a_needs_table():
    needs = pd.concat([
        needs_rows("overall", {"all": [1, 2, 3, 4, 5, 6]}),
        needs_rows("country", {f"C{j}": RANKS[c].tolist() for j, c in enumerate(RANKS)}),
        needs_rows("country", {"XX": [6, 5, 4, 3, 2, 1]}, suppressed={"XX"}),
    ])
    table = agreement_table(needs, "country")
    assert list(table.columns) == AGREEMENT_COLUMNS and len(table) == 1
    row = table.iloc[0]
    # the suppressed group XX is left out: the 4 raters of RANKS remain
    assert (row["scope"], row["k_groups"], row["n_skills"]) == ("country", 4, 6)
    assert row["w"] == pytest.approx(17.898550724637683 / 20, rel=1e-12)
    assert row["df"] == 5
    single = agreement_table(needs, "overall").iloc[0]
    assert single["k_groups"] == 1 and np.isnan(single["w"])
    with pytest.raises(ValueError, match="scope"):
        agreement_table(needs, "sector")


@pytest.mark.parametrize(("survey", "scope"), [("regional", "country"), ("sector", "sector"),
                                               ("sector", "respondent_type")])
def test_agreement_on_the_sample(sample_project, survey, scope):
    from analysis.stats.needs import needs_table

    out = sample_project / "data/processed" / survey
    respondents = pd.read_parquet(out / "respondents.parquet")
    needs = needs_table(
        pd.read_parquet(out / "ratings.parquet"), respondents,
        pd.read_csv(out / "skills.csv", dtype=str, keep_default_na=False), by=[scope],
    )
    row = agreement_table(needs, scope).iloc[0]
    assert row["k_groups"] == respondents[scope].nunique() >= 2
    assert row["n_skills"] == needs["skill_id"].nunique()
    # the groups share most of their needs profile (same item means, few planted shifts)
    assert 0.5 < row["w"] <= 1 and row["p_value"] < 0.05
