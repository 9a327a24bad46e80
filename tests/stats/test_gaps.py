"""Wilcoxon signed-rank gap tests against R and scipy, and the planted gaps of the sample."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sample_project import ROOT
from scipy import stats

from analysis.stats.gaps import GAP_TEST_COLUMNS, gap_tests
from analysis.stats.groups import dunn_posthoc
from analysis.stats.needs import discrepancies

# importance and proficiency of two skills (15 and 12 respondents)
IMP_A = [5, 4, 4, 3, 5, 4, 2, 5, 4, 3, 4, 5, 3, 4, 4]
PRO_A = [3, 4, 2, 3, 2, 3, 3, 1, 2, 3, 2, 4, 2, 2, 3]
IMP_B = [3, 3, 4, 2, 3, 4, 3, 2, 3, 4, 3, 3]
PRO_B = [3, 4, 3, 3, 2, 4, 4, 2, 3, 3, 4, 3]


def pairs_frame(skills):
    """{skill: (importance, proficiency)} -> discrepancies-like frame; respondent i is 'r{i}'."""
    rows = [
        (f"r{i}", skill, float(a), float(b), float(a - b))
        for skill, (imp, pro) in skills.items()
        for i, (a, b) in enumerate(zip(imp, pro, strict=True))
    ]
    return pd.DataFrame(
        rows, columns=["respondent_id", "skill_id", "importance", "proficiency", "discrepancy"]
    )


PAIRS = pairs_frame({"a": (IMP_A, PRO_A), "b": (IMP_B, PRO_B)})


def test_against_r_wilcox_test():
    # R 4.2, computed once:
    #   wilcox.test(imp_a, pro_a, paired = TRUE, exact = FALSE, correct = FALSE)
    #     V = 75, p-value = 0.0041235976013099564
    #   wilcox.test(imp_b, pro_b, paired = TRUE, exact = FALSE, correct = FALSE)
    #     V = 12, p-value = 0.70545698611127339
    table = gap_tests(PAIRS).set_index("skill_id")
    assert table.loc["a", "statistic"] == 75 and table.loc["b", "statistic"] == 12
    assert table.loc["a", "p_value"] == pytest.approx(0.0041235976013099564, rel=1e-10)
    assert table.loc["b", "p_value"] == pytest.approx(0.70545698611127339, rel=1e-10)
    # Holm over the two skills: 2 * 0.00412..., max(that, 0.705...)
    assert table.loc["a", "p_holm"] == pytest.approx(2 * 0.0041235976013099564, rel=1e-10)
    assert table.loc["b", "p_holm"] == pytest.approx(0.70545698611127339, rel=1e-10)
    assert table["significant"].to_dict() == {"a": True, "b": False}
    assert list(gap_tests(PAIRS).columns) == GAP_TEST_COLUMNS


def test_against_scipy_and_the_effect_size_by_hand():
    table = gap_tests(PAIRS).set_index("skill_id")
    for skill, imp, pro in [("a", IMP_A, PRO_A), ("b", IMP_B, PRO_B)]:
        d = np.array(imp, dtype=float) - np.array(pro, dtype=float)
        ref = stats.wilcoxon(d, zero_method="wilcox", correction=False, method="approx")
        assert table.loc[skill, "p_value"] == pytest.approx(ref.pvalue, rel=1e-12)
        # z of the normal approximation with the tie correction, zeros dropped
        nz = d[d != 0]
        ranks = stats.rankdata(np.abs(nz))
        w_plus = ranks[nz > 0].sum()
        m = len(nz)
        _, t = np.unique(np.abs(nz), return_counts=True)
        sd = np.sqrt(m * (m + 1) * (2 * m + 1) / 24 - (t**3 - t).sum() / 48)
        z = (w_plus - m * (m + 1) / 4) / sd
        assert abs(z) == pytest.approx(abs(ref.zstatistic), rel=1e-12)
        assert table.loc[skill, "effect_r"] == pytest.approx(z / np.sqrt(len(d)), rel=1e-12)
        assert table.loc[skill, "median_gap"] == np.median(d)
        assert table.loc[skill, "n"] == len(d)
    assert table.loc["a", "effect_r"] > 0 > table.loc["b", "effect_r"]


def test_groups_holm_within_each_group_and_min_n():
    pairs = pd.concat([PAIRS, PAIRS.assign(respondent_id=PAIRS["respondent_id"] + "x")])
    groups = pd.Series({rid: ("X" if rid.endswith("x") else "Y") for rid in pairs["respondent_id"]})
    groups["r0"] = None  # no group: left out
    table = gap_tests(pairs, groups, scope="sector")
    assert set(table["group"]) == {"X", "Y"} and set(table["scope"]) == {"sector"}
    x = table[table.group == "X"].set_index("skill_id")
    overall = gap_tests(PAIRS).set_index("skill_id")
    # group X is exactly the overall data, corrected only across its own two skills
    pd.testing.assert_series_equal(x["p_holm"], overall["p_holm"], check_names=False)
    y = table[table.group == "Y"].set_index("skill_id")
    assert y.loc["a", "n"] == 14
    assert gap_tests(PAIRS, min_group_n=13)["skill_id"].tolist() == ["a"]
    assert gap_tests(PAIRS, min_group_n=16).empty


def test_no_difference_at_all_is_no_evidence_and_bad_alpha_is_an_error():
    row = gap_tests(pairs_frame({"z": ([3] * 6, [3] * 6)})).iloc[0]
    assert row["p_value"] == 1 and row["effect_r"] == 0 and not row["significant"]
    with pytest.raises(ValueError, match="alpha"):
        gap_tests(PAIRS, alpha=0)


# The bundled sample: planted gaps and sector differences ------------------------------------


def planted(survey):
    return json.loads((ROOT / "data/raw/sample" / survey / "planted.json").read_text("utf-8"))


def processed(project, survey):
    out = project / "data/processed" / survey
    skills = pd.read_csv(out / "skills.csv", dtype=str)
    ids = dict(zip(skills["code"], skills["skill_id"], strict=True))
    return out, ids


@pytest.mark.parametrize("survey", ["sector", "regional"])
def test_planted_zero_gaps_are_not_significant_and_large_gaps_are(sample_project, survey):
    out, ids = processed(sample_project, survey)
    pairs = discrepancies(pd.read_parquet(out / "ratings.parquet"))
    table = gap_tests(pairs, alpha=0.05).set_index("skill_id")
    facts = planted(survey)
    assert facts["zero_gap_skills"]
    for code in facts["zero_gap_skills"]:
        assert not table.loc[ids[code], "significant"], f"{code}: p_holm {table.loc[ids[code], 'p_holm']}"
    for code in facts["large_gap_skills"]:
        row = table.loc[ids[code]]
        assert row["significant"] and row["effect_r"] > 0.5, f"{code}: {row.to_dict()}"


def test_planted_sector_differences_show_in_dunn(sample_project):
    out, ids = processed(sample_project, "sector")
    pairs = discrepancies(pd.read_parquet(out / "ratings.parquet"))
    respondents = pd.read_parquet(out / "respondents.parquet").set_index("respondent_id")
    table = dunn_posthoc(pairs, respondents["sector"], "sector")
    effects = planted("sector")["effects"]["sector"]
    assert len(effects) >= 4
    for sector, skills in effects.items():
        for code in skills:
            rows = table[table.skill_id == ids[code]]
            mine = rows[(rows.group_a == sector) | (rows.group_b == sector)]
            assert len(mine) == respondents["sector"].nunique() - 1
            assert mine["significant"].all(), f"{sector} {code}"
            # every planted effect raises the sector's gap: its mean rank is the higher one
            higher = np.where(mine.group_b == sector, mine.z, -mine.z)  # z > 0: group_b higher
            assert (higher > 0).all(), f"{sector} {code}"
            # the other sectors do not differ from each other on that skill
            others = rows[(rows.group_a != sector) & (rows.group_b != sector)]
            assert not others["significant"].any(), f"{sector} {code}: {others.to_dict('records')}"


def test_counting_every_group_at_once_equals_scipy_per_group_to_the_last_bit():
    from analysis.stats.gaps import _signed_rank

    rng = np.random.default_rng(8)
    rows = []
    for group, size in [("A", 40), ("B", 3), ("C", 25), ("D", 60)]:
        for skill in ["s1", "s2", "s3"]:
            gaps = rng.integers(-3, 5, size=size).astype(float)
            if (group, skill) == ("C", "s2"):
                gaps[:] = 0.0  # no difference at all
            if (group, skill) == ("D", "s3"):
                gaps = np.repeat([-2.0, 2.0], size // 2)  # W+ equals its expectation
            rows += [(f"{group}{skill}{i}", skill, d) for i, d in enumerate(gaps)]
    pairs = pd.DataFrame(rows, columns=["respondent_id", "skill_id", "discrepancy"])
    groups = pd.Series({rid: rid[0] for rid in pairs["respondent_id"]})
    table = gap_tests(pairs, groups, "sector", min_group_n=5)
    assert sorted(set(table["group"])) == ["A", "C", "D"]  # B has 3 pairs a skill
    joined = pairs.assign(group=pairs["respondent_id"].str[0])
    for row in table.itertuples():
        gaps = joined[(joined.group == row.group) & (joined.skill_id == row.skill_id)]["discrepancy"]
        statistic, p_value, z = _signed_rank(gaps.to_numpy())
        assert (row.n, row.statistic, row.p_value) == (len(gaps), statistic, p_value)
        assert row.effect_r == z / np.sqrt(len(gaps))
        assert row.median_gap == float(np.median(gaps))
    assert table.set_index(["group", "skill_id"]).loc[("C", "s2"), "p_value"] == 1.0
    assert table.set_index(["group", "skill_id"]).loc[("D", "s3"), "effect_r"] == 0.0
    # halves are not whole numbers: each group is tested on its own, to the same result
    halves = gap_tests(pairs.assign(discrepancy=pairs["discrepancy"] / 2), groups, "sector")
    assert halves["p_value"].tolist() == table["p_value"].tolist()
