"""Ties of exact arithmetic share a rank, in every ranking (analysis.stats.ties)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from scipy.stats import rankdata

import analysis.stats.ties as ties
from analysis.priorities.criteria import _ranks as candidate_ranks
from analysis.stats.agreement import kendalls_w, spearman_pairs
from analysis.stats.needs import borich_mwds, discrepancies, needs_table
from analysis.stats.ties import RTOL, tie_sizes, tied_ranks, tied_ranks_rows
from analysis.stats.uncertainty import bootstrap_ranks

# (39/11)(12/11) and (36/11)(13/11) are both 468/121, but not as doubles
SPLIT_A = (39 / 11) * (12 / 11)
SPLIT_B = (36 / 11) * (13 / 11)


def test_the_example_is_a_real_floating_split():
    assert Fraction(39, 11) * Fraction(12, 11) == Fraction(36, 11) * Fraction(13, 11)
    assert SPLIT_A != SPLIT_B
    assert abs(SPLIT_A - SPLIT_B) <= RTOL * max(1, abs(SPLIT_A), abs(SPLIT_B))


# Eleven respondents; per skill (importance, proficiency):
#   "alpha": importance sums to 39, discrepancy to 12 -> MWDS = (12/11)(39/11)
#   "beta":  importance sums to 36, discrepancy to 13 -> MWDS = (13/11)(36/11)
#   "gamma": 5 / 1 for everyone -> MWDS 4 * 5 = 20; "delta": 3 / 3 -> MWDS 0
ALPHA = [(4, 2)] * 6 + [(3, 3)] * 5
BETA = [(4, 2)] * 3 + [(3, 2)] * 7 + [(3, 3)]
RESPONDENT_IDS = [f"r{i:02d}" for i in range(11)]


def eleven_respondents() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rows = []
    for i, rid in enumerate(RESPONDENT_IDS):
        for skill, (importance, proficiency) in {
            "alpha": ALPHA[i], "beta": BETA[i], "gamma": (5, 1), "delta": (3, 3)
        }.items():
            rows.append((rid, skill, "importance", importance))
            rows.append((rid, skill, "proficiency", proficiency))
    ratings = pd.DataFrame(rows, columns=["respondent_id", "skill_id", "dimension", "value"])
    respondents = pd.DataFrame({"respondent_id": RESPONDENT_IDS, "sector": ["AGRI"] * 6 + ["CONST"] * 5})
    skills = pd.DataFrame({"skill_id": ["alpha", "beta", "gamma", "delta"],
                           "label": ["Alpha", "Beta", "Gamma", "Delta"], "group": ""})
    return ratings, respondents, skills


def test_the_data_give_the_two_fractions():
    assert sum(i for i, _ in ALPHA) == 39 and sum(i - p for i, p in ALPHA) == 12
    assert sum(i for i, _ in BETA) == 36 and sum(i - p for i, p in BETA) == 13
    ratings, _, _ = eleven_respondents()
    table = borich_mwds(discrepancies(ratings)).set_index("skill_id")
    assert table.loc["alpha", "mwds"] == SPLIT_A
    assert table.loc["beta", "mwds"] == SPLIT_B
    assert table.loc["alpha", "mwds"] != table.loc["beta", "mwds"]


def test_needs_table_gives_equal_mwds_equal_ranks():
    ratings, respondents, skills = eleven_respondents()
    needs = needs_table(ratings, respondents, skills)
    rank = needs.set_index("skill_id")["rank"].to_dict()
    assert rank == {"gamma": 1, "alpha": 2, "beta": 2, "delta": 4}
    assert borich_mwds(discrepancies(ratings)).set_index("skill_id")["rank"].to_dict() == rank


def test_with_no_tolerance_the_same_data_split(monkeypatch):
    # the rule, not luck, makes the ranks equal: exact comparison splits them
    monkeypatch.setattr(ties, "RTOL", 0.0)
    ratings, respondents, skills = eleven_respondents()
    rank = needs_table(ratings, respondents, skills).set_index("skill_id")["rank"]
    assert rank["alpha"] != rank["beta"]


def test_bootstrap_ranks_share_the_tie():
    ratings, respondents, _ = eleven_respondents()
    pairs = discrepancies(ratings)
    table = bootstrap_ranks(pairs, B=20, seed=3).set_index("skill_id")
    assert table.loc["alpha", "rank"] == table.loc["beta", "rank"] == 2
    # every resample keeps each respondent's alpha/beta rows together; with all 11 drawn once
    # the rows tie, and the row ranking itself ties the two doubles
    rows = tied_ranks_rows(np.array([[20.0, SPLIT_A, SPLIT_B, 0.0], [SPLIT_B, np.nan, SPLIT_A, 1.0]]),
                           missing="last")
    assert rows.tolist() == [[1, 2, 2, 4], [1, 4, 1, 3]]


def test_priority_need_ranks_share_the_tie():
    needs = np.array([[SPLIT_A, SPLIT_B, 5.0, 1.0, np.nan]])
    assert candidate_ranks(needs).tolist() == [[2, 2, 1, 4, 5]]


def kendalls_w_by_hand(columns: list[list[Fraction]]) -> Fraction:
    """W = 12 S / (m^2 (n^3 - n) - m sum T), average ranks of the exact values, in fractions."""
    m, n = len(columns), len(columns[0])
    rank_columns, t_total = [], 0
    for column in columns:
        ranks = []
        for value in column:
            below = sum(1 for other in column if other < value)
            equal = sum(1 for other in column if other == value)
            ranks.append(Fraction(2 * below + equal + 1, 2))
        rank_columns.append(ranks)
        t_total += sum(t**3 - t for t in (column.count(v) for v in set(column)))
    sums = [sum(r[i] for r in rank_columns) for i in range(n)]
    s = sum((r - Fraction(m * (n + 1), 2)) ** 2 for r in sums)
    return 12 * s / (m**2 * (n**3 - n) - m * t_total)


def test_kendalls_w_with_a_floating_split_equals_the_exact_w(monkeypatch):
    # two groups' MWDS of four skills; group x's first two scores are equal in exact arithmetic
    exact_x = [Fraction(39, 11) * Fraction(12, 11), Fraction(36, 11) * Fraction(13, 11), Fraction(5),
               Fraction(1)]
    exact_y = [Fraction(3), Fraction(2), Fraction(4), Fraction(1)]
    table = pd.DataFrame({"x": [SPLIT_A, SPLIT_B, 5.0, 1.0], "y": [3.0, 2.0, 4.0, 1.0]})
    expected = kendalls_w_by_hand([exact_x, exact_y])
    # ranks x 2.5, 2.5, 4, 1 and y 3, 2, 4, 1: rank sums 5.5, 4.5, 8, 2 about 5, S = 18.5,
    # W = 12 * 18.5 / (2^2 * 60 - 2 * 6) = 37/38
    assert expected == Fraction(37, 38)
    result = kendalls_w(table)
    assert result.w == pytest.approx(float(expected), rel=1e-14)
    # Spearman: Pearson's r of the average ranks (2.5, 2.5, 4, 1) and (3, 2, 4, 1)
    rho = np.corrcoef([2.5, 2.5, 4, 1], [3, 2, 4, 1])[0, 1]
    assert spearman_pairs(table).loc[0, "rho"] == pytest.approx(rho, rel=1e-14)
    monkeypatch.setattr(ties, "RTOL", 0.0)
    # split (x ranks 2, 3, 4, 1; S = 18; no tie correction): W = 216/240
    assert kendalls_w(table).w == pytest.approx(0.9, rel=1e-14)


def test_tied_ranks_equal_scipy_on_integer_data():
    rng = np.random.default_rng(7)
    for _ in range(200):
        values = rng.integers(-3, 4, size=9).astype(float)
        for method in ("min", "average"):
            assert tied_ranks(values, method=method, descending=False).tolist() == rankdata(
                values, method=method
            ).tolist()
            assert tied_ranks(values, method=method).tolist() == rankdata(-values, method=method).tolist()


def test_tie_groups_chain_along_sorted_neighbours_and_respect_infinities():
    step = 0.6e-9  # neighbours within the tolerance, the ends 1.2e-9 apart: one group
    assert tied_ranks([1.0, 1.0 + step, 1.0 + 2 * step, 2.0]).tolist() == [2.0, 2.0, 2.0, 1.0]
    assert tie_sizes([1.0, 1.0 + step, 1.0 + 2 * step, 2.0]).tolist() == [1, 3]
    assert tied_ranks([1.0, 1.0 + 2e-9]).tolist() == [2.0, 1.0]  # more than 1e-9 apart
    assert tied_ranks([1e-12, 0.0, -1e-12]).tolist() == [1.0, 1.0, 1.0]  # absolute near 0
    assert tied_ranks([1e12, 1e12 + 100]).tolist() == [1.0, 1.0]  # relative above 1
    assert tied_ranks([np.inf, 1e300, np.inf, -np.inf]).tolist() == [1.0, 3.0, 1.0, 4.0]
    assert tied_ranks([2.0, np.nan, 1.0], method="average").tolist()[::2] == [1.0, 2.0]
    assert np.isnan(tied_ranks([2.0, np.nan, 1.0])[1])
    assert tied_ranks([np.nan, 2.0, np.nan], missing="last", method="average").tolist() == [2.5, 1.0, 2.5]
    assert tie_sizes([np.nan]).tolist() == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "max"}, "method must be one of ('min', 'average'), not 'max'"),
        ({"missing": "first"}, "missing must be one of ('keep', 'last'), not 'first'"),
        ({"rtol": -1e-9}, "rtol must be a finite number >= 0, not -1e-09"),
    ],
)
def test_bad_options_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        tied_ranks([1.0, 2.0], **kwargs)


def test_tied_ranks_needs_one_dimension():
    with pytest.raises(ValueError, match=r"values must be one-dimensional, not of shape \(1, 2\)"):
        tied_ranks([[1.0, 2.0]])
