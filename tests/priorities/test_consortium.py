"""The consortium view's tables: shared candidates' ranks side by side, and the surveys' agreement."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy import stats

from analysis.priorities.consortium import (
    CONSORTIUM_AGREEMENT_COLUMNS,
    CONSORTIUM_COLUMNS,
    rank_agreement,
    shared_ranks,
)


def _ranking(ranks: dict[str, int], *, scope: str = "overall", n: int = 40) -> pd.DataFrame:
    """A priorities table's overall rows: candidate -> rank (interval rank-1 .. rank+1)."""
    rows = [
        {"scope": scope, "group": "all", "group_label": "All respondents", "n": n, "microcredential_id": cid,
         "title": cid.title(), "method": "weighted_sum", "score": 1 - rank / 10, "rank": rank,
         "rank_low": max(1, rank - 1), "rank_high": rank + 1, "stability": "unstable"}
        for cid, rank in ranks.items()
    ]
    return pd.DataFrame(rows)


A = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "x": 6}
B = {"c": 1, "a": 2, "y": 3, "e": 4, "b": 5, "d": 6, "z": 7}


def test_shared_candidates_side_by_side():
    table = shared_ranks({"sector": _ranking(A), "regional": _ranking(B, n=25)})
    assert list(table.columns) == CONSORTIUM_COLUMNS
    # candidates in the first survey's rank order, each with a row per survey ranking it
    assert list(table["microcredential_id"]) == ["a", "a", "b", "b", "c", "c", "d", "d", "e", "e"]
    assert list(table["survey"]) == ["sector", "regional"] * 5
    b = table[table["microcredential_id"] == "b"].set_index("survey")
    columns = ["rank", "rank_low", "rank_high", "k_candidates", "n"]
    assert b.loc["sector", columns].tolist() == [2, 1, 3, 6, 40]
    assert b.loc["regional", columns].tolist() == [5, 4, 6, 7, 25]


def test_only_the_overall_ranking_counts():
    groups = _ranking({"a": 1, "q": 2}, scope="country")
    table = shared_ranks({"s": pd.concat([_ranking({"a": 1}), groups]), "t": _ranking({"q": 1, "a": 2})})
    assert set(table["microcredential_id"]) == {"a"}


def test_agreement_is_spearmans_rho_over_the_shared_candidates():
    agreement = rank_agreement(shared_ranks({"sector": _ranking(A), "regional": _ranking(B)}))
    assert list(agreement.columns) == CONSORTIUM_AGREEMENT_COLUMNS
    shared = ["a", "b", "c", "d", "e"]
    expected = stats.spearmanr([A[c] for c in shared], [B[c] for c in shared])
    row = agreement.iloc[0]
    assert (row["survey_a"], row["survey_b"], row["n_candidates"]) == ("sector", "regional", 5)
    assert row["rho"] == pytest.approx(expected.statistic, abs=1e-12)  # 0.3 here
    assert row["p_value"] == pytest.approx(expected.pvalue, abs=1e-12)
    assert row["rho"] == pytest.approx(0.3)


def test_three_surveys_give_three_pairs_with_their_own_shared_candidates():
    c = {"a": 3, "b": 1, "x": 2}
    agreement = rank_agreement(shared_ranks({"s": _ranking(A), "r": _ranking(B), "t": _ranking(c)}))
    pairs = {(row.survey_a, row.survey_b): row for row in agreement.itertuples()}
    assert set(pairs) == {("s", "r"), ("s", "t"), ("r", "t")}
    expected = stats.spearmanr([A["a"], A["b"], A["x"]], [c["a"], c["b"], c["x"]])
    assert pairs[("s", "t")].n_candidates == 3
    assert pairs[("s", "t")].rho == pytest.approx(expected.statistic)
    assert pairs[("r", "t")].n_candidates == 2 and math.isnan(pairs[("r", "t")].rho)


def test_fewer_than_three_shared_candidates_give_no_correlation():
    two = {"s": _ranking({"a": 1, "b": 2, "p": 3}), "t": _ranking({"b": 1, "a": 2})}
    agreement = rank_agreement(shared_ranks(two))
    row = agreement.iloc[0]
    assert row["n_candidates"] == 2 and math.isnan(row["rho"]) and math.isnan(row["p_value"])


def test_nothing_shared_gives_empty_tables():
    table = shared_ranks({"s": _ranking({"a": 1}), "t": _ranking({"b": 1})})
    assert table.empty and list(table.columns) == CONSORTIUM_COLUMNS
    assert rank_agreement(table).empty
    assert shared_ranks({}).empty
