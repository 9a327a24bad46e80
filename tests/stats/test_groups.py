"""Kruskal-Wallis across groups, checked against the formula and Holm's procedure by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2, rankdata

from analysis.stats.groups import group_differences


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
