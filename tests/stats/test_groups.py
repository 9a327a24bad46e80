"""Kruskal-Wallis across groups, checked against the formula and Holm's procedure by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2, rankdata

from analysis.stats.groups import DUNN_COLUMNS, dunn_posthoc, group_differences


def kruskal_by_hand(samples):
    """H with the tie correction (Kruskal & Wallis 1952, eq. 1.1 and 1.5)."""
    values = np.concatenate(samples)
    ranks = rankdata(values)
    n = len(values)
    h, start = 0.0, 0
    for sample in samples:
        r = ranks[start : start + len(sample)]
        h += r.sum() ** 2 / len(sample)
        start += len(sample)
    h = 12 / (n * (n + 1)) * h - 3 * (n + 1)
    _, counts = np.unique(values, return_counts=True)
    h /= 1 - (counts**3 - counts).sum() / (n**3 - n)
    return h, chi2.sf(h, len(samples) - 1)


def test_against_the_formula_with_ties_and_holm_by_hand():
    rng = np.random.default_rng(11)
    rows = []
    for skill, shift in [("a", 0.0), ("b", 3.0), ("c", 0.3)]:
        for group in ["G1", "G2", "G3"]:
            gap = rng.integers(-2, 3, size=20) + (shift if group == "G3" else 0)
            rows += [(f"{group}-{i}", skill, float(d)) for i, d in enumerate(gap)]
    pairs = pd.DataFrame(rows, columns=["respondent_id", "skill_id", "discrepancy"])
    groups = pd.Series({rid: rid.split("-")[0] for rid in pairs["respondent_id"]})
    table = group_differences(pairs, groups, "sector").set_index("skill_id")
    expected = {}
    for skill in "abc":
        samples = [
            pairs[(pairs.skill_id == skill) & pairs.respondent_id.str.startswith(g)]["discrepancy"]
            .to_numpy() for g in ["G1", "G2", "G3"]
        ]
        expected[skill] = kruskal_by_hand(samples)
        assert table.loc[skill, "statistic"] == pytest.approx(expected[skill][0], rel=1e-12)
        assert table.loc[skill, "p_value"] == pytest.approx(expected[skill][1], rel=1e-10)
        assert table.loc[skill, "epsilon_squared"] == pytest.approx(expected[skill][0] / 59)
    # Holm: sort p ascending, multiply by (m - i), enforce monotonicity, cap at 1
    order = sorted("abc", key=lambda s: expected[s][1])
    adjusted, running = {}, 0.0
    for i, skill in enumerate(order):
        running = max(running, min(1.0, (3 - i) * expected[skill][1]))
        adjusted[skill] = running
    for skill in "abc":
        assert table.loc[skill, "p_holm"] == pytest.approx(adjusted[skill], rel=1e-10)
    assert bool(table.loc["b", "significant"]) and table.loc["b", "k_groups"] == 3


def test_small_groups_are_left_out_and_single_group_is_not_tested():
    pairs = pd.DataFrame(
        {"respondent_id": ["x1", "x2", "y1"], "skill_id": ["a"] * 3, "discrepancy": [1.0, 2.0, 0.0]}
    )
    groups = pd.Series({"x1": "X", "x2": "X", "y1": "Y"})
    assert group_differences(pairs, groups, "sector", min_group_n=2).empty


def test_identical_values_are_no_evidence_of_a_difference():
    pairs = pd.DataFrame(
        {"respondent_id": [f"r{i}" for i in range(10)], "skill_id": ["a"] * 10,
         "discrepancy": [1.0] * 10}
    )
    groups = pd.Series({f"r{i}": "AB"[i % 2] for i in range(10)})
    row = group_differences(pairs, groups, "sector").iloc[0]
    assert row["p_value"] == 1.0 and not row["significant"]


# Dunn (1964) post-hoc test -------------------------------------------------------------------

DUNN_GAPS = {
    "A": [2, 1, 1, 0, 2, 3, 1, 2],
    "B": [0, -1, 1, 0, 0, 1, -1],
    "C": [1, 1, 0, 2, 1, 0, 1, 1, 3],
}


def dunn_frame(gaps=DUNN_GAPS, skill="s"):
    rows = [(f"{g}{i}", skill, float(d)) for g, values in gaps.items() for i, d in enumerate(values)]
    pairs = pd.DataFrame(rows, columns=["respondent_id", "skill_id", "discrepancy"])
    groups = pd.Series({rid: rid[0] for rid in pairs["respondent_id"]})
    return pairs, groups


def test_dunn_against_r_rstatix():
    # R 4.2, rstatix 0.7.2 (Debian r-cran-rstatix), computed once:
    #   d <- data.frame(gap = c(2, 1, 1, 0, 2, 3, 1, 2,  0, -1, 1, 0, 0, 1, -1,
    #                           1, 1, 0, 2, 1, 0, 1, 1, 3),
    #                   group = c(rep("A", 8), rep("B", 7), rep("C", 9)))
    #   rstatix::dunn_test(d, gap ~ group, p.adjust.method = "holm")
    # statistic is (mean rank group2 - mean rank group1) / se: our z, group_a = group1
    expected = {
        ("A", "B"): (-2.7910687094985906, 0.0052534318885112509, 0.015760295665533754),
        ("A", "C"): (-0.84425965544537096, 0.39852432541686639, 0.39852432541686639),
        ("B", "C"): (2.0523334467079932, 0.040137267625734052, 0.080274535251468104),
    }
    pairs, groups = dunn_frame()
    table = dunn_posthoc(pairs, groups, "sector").set_index(["group_a", "group_b"])
    assert list(table.index) == list(expected)
    for key, (statistic, p, p_adj) in expected.items():
        assert table.loc[key, "z"] == pytest.approx(statistic, rel=1e-12)
        assert table.loc[key, "p_value"] == pytest.approx(p, rel=1e-10)
        assert table.loc[key, "p_holm"] == pytest.approx(p_adj, rel=1e-10)
    assert table["significant"].to_dict() == {("A", "B"): True, ("A", "C"): False, ("B", "C"): False}
    assert table.loc[("A", "B"), ["n_a", "n_b"]].tolist() == [8, 7]
    assert list(dunn_posthoc(pairs, groups, "sector").columns) == DUNN_COLUMNS


def test_dunn_mean_ranks_and_tie_correction_by_hand():
    pairs, groups = dunn_frame()
    table = dunn_posthoc(pairs, groups, "sector").set_index(["group_a", "group_b"])
    values = np.concatenate([DUNN_GAPS[g] for g in "ABC"]).astype(float)
    ranks = rankdata(values)
    mean_a, mean_b = ranks[:8].mean(), ranks[8:15].mean()
    n = 24
    _, t = np.unique(values, return_counts=True)
    se = np.sqrt((n * (n + 1) / 12 - (t**3 - t).sum() / (12 * (n - 1))) * (1 / 8 + 1 / 7))
    assert table.loc[("A", "B"), "mean_rank_a"] == pytest.approx(mean_a, rel=1e-14)
    assert table.loc[("A", "B"), "mean_rank_b"] == pytest.approx(mean_b, rel=1e-14)
    assert table.loc[("A", "B"), "z"] == pytest.approx((mean_b - mean_a) / se, rel=1e-12)


def test_dunn_sign_and_values_equal_rstatix_on_a_second_sample():
    """Three groups of five discrepancies with ties; computed once with R 4.2, rstatix 0.7.2::

        library(rstatix)
        options(digits = 15, width = 120)
        d <- data.frame(gap = c(3, 1, 2, 2, 0,  -1, 0, 1, 0, 1,  2, 4, 3, 2, 1),
                        group = rep(c("east", "north", "west"), each = 5))
        res <- dunn_test(d, gap ~ group, p.adjust.method = "holm")
        print(as.data.frame(res[, c("group1", "group2", "statistic", "p", "p.adj")]))

          group1 group2          statistic                   p              p.adj
        1   east  north -1.736254428144774 0.08251885724754132 0.1650377144950826
        2   east   west  0.868127214072387 0.38532469448239653 0.3853246944823965
        3  north   west  2.604381642217161 0.00920402045384688 0.0276120613615406
    """
    expected = {
        ("east", "north"): (-1.736254428144774, 0.08251885724754132, 0.1650377144950826),
        ("east", "west"): (0.868127214072387, 0.38532469448239653, 0.3853246944823965),
        ("north", "west"): (2.604381642217161, 0.00920402045384688, 0.0276120613615406),
    }
    gaps = {"east": [3, 1, 2, 2, 0], "north": [-1, 0, 1, 0, 1], "west": [2, 4, 3, 2, 1]}
    rows = [(f"{g}{i}", "s", float(d)) for g, values in gaps.items() for i, d in enumerate(values)]
    pairs = pd.DataFrame(rows, columns=["respondent_id", "skill_id", "discrepancy"])
    groups = pd.Series({rid: rid.rstrip("0123456789") for rid in pairs["respondent_id"]})
    table = dunn_posthoc(pairs, groups, "region").set_index(["group_a", "group_b"])
    assert list(table.index) == list(expected)  # rstatix's (group1, group2) order
    for key, (statistic, p, p_adj) in expected.items():
        assert np.sign(table.loc[key, "z"]) == np.sign(statistic)
        assert table.loc[key, "z"] == pytest.approx(statistic, abs=1e-6)
        assert table.loc[key, "p_value"] == pytest.approx(p, abs=1e-6)
        assert table.loc[key, "p_holm"] == pytest.approx(p_adj, abs=1e-6)
    # the second group of each pair with the larger discrepancies has the positive z
    assert table.loc[("north", "west"), "mean_rank_b"] > table.loc[("north", "west"), "mean_rank_a"]


def test_dunn_small_groups_left_out_and_ties_everywhere():
    gaps = {**DUNN_GAPS, "D": [5, 5]}
    pairs, groups = dunn_frame(gaps)
    table = dunn_posthoc(pairs, groups, "sector")
    assert "D" not in set(table["group_a"]) | set(table["group_b"]) and len(table) == 3
    pairs, groups = dunn_frame({"A": [1] * 5, "B": [1] * 6})
    row = dunn_posthoc(pairs, groups, "sector").iloc[0]
    assert row["z"] == 0 and row["p_value"] == 1 and not row["significant"]
    pairs, groups = dunn_frame({"A": [1] * 5, "B": [1] * 3})
    assert dunn_posthoc(pairs, groups, "sector").empty
    with pytest.raises(ValueError, match="alpha"):
        dunn_posthoc(pairs, groups, "sector", alpha=1.5)


def dunn_one_pair_at_a_time(values, labels, min_group_n=5):
    """Dunn's z and mean ranks of one skill, pair by pair from the ranks of :mod:`analysis.stats.ties`."""
    from analysis.stats.ties import tie_sizes, tied_ranks

    labels = np.asarray(labels, dtype=object)
    kept = sorted(g for g in set(labels) if (labels == g).sum() >= min_group_n)
    rows = np.isin(labels, kept)
    values, labels = np.asarray(values, dtype=float)[rows], labels[rows]
    ranks = tied_ranks(values, descending=False, method="average")
    n, t = len(values), tie_sizes(values)
    variance = n * (n + 1) / 12 - (t**3 - t).sum() / (12 * (n - 1))
    out = {}
    for i, a in enumerate(kept):
        for b in kept[i + 1 :]:
            ra, rb = ranks[labels == a], ranks[labels == b]
            se = np.sqrt(variance * (1 / len(ra) + 1 / len(rb)))
            out[(a, b)] = (ra.mean(), rb.mean(), (rb.mean() - ra.mean()) / se)
    return out


@pytest.mark.parametrize("whole", [True, False])
def test_dunn_of_every_pair_at_once_equals_the_pairs_one_at_a_time(whole):
    rng = np.random.default_rng(5)
    rows = []
    for skill, present in [("s1", "ABCD"), ("s2", "BCD"), ("s3", "AD")]:
        for group in present:
            size = int(rng.integers(3, 30))  # some groups below the minimum of 5
            gaps = rng.integers(-4, 5, size=size).astype(float)
            if not whole:  # values tied within the tolerance of analysis.stats.ties, not exactly
                gaps = gaps / 3 + rng.choice([0.0, 1e-12], size=size)
            rows += [(f"{group}-{skill}-{i}", skill, d) for i, d in enumerate(gaps)]
    pairs = pd.DataFrame(rows, columns=["respondent_id", "skill_id", "discrepancy"])
    pairs = pairs.sample(frac=1, random_state=1)  # row order is not the groups' order
    groups = pd.Series({rid: rid.split("-")[0] for rid in pairs["respondent_id"]})
    table = dunn_posthoc(pairs, groups, "sector")
    expected_rows = 0
    for skill, frame in pairs.groupby("skill_id"):
        expected = dunn_one_pair_at_a_time(frame["discrepancy"], frame["respondent_id"].str[0])
        got = table[table["skill_id"] == skill].set_index(["group_a", "group_b"])
        assert list(got.index) == list(expected)
        for key, (mean_a, mean_b, z) in expected.items():
            assert got.loc[key, "mean_rank_a"] == pytest.approx(mean_a, rel=1e-14)
            assert got.loc[key, "mean_rank_b"] == pytest.approx(mean_b, rel=1e-14)
            assert got.loc[key, "z"] == pytest.approx(z, rel=1e-12)
        expected_rows += len(expected)
    assert len(table) == expected_rows > 0


def test_holm_is_statsmodels_multipletests_to_the_last_bit():
    from statsmodels.stats.multitest import multipletests

    from analysis.stats.multitest import holm

    rng = np.random.default_rng(3)
    for m in [0, 1, 2, 7, 40]:
        p = rng.uniform(0, 0.1, size=m)
        p[: m // 2] = p[m - m // 2 :]  # tied p-values
        reject, p_holm, _, _ = multipletests(p, alpha=0.05, method="holm")
        ours = holm(p, alpha=0.05)
        assert ours[0].tolist() == reject.tolist() and ours[1].tolist() == p_holm.tolist()
