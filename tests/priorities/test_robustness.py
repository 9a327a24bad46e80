from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.priorities import criteria_table, normalise, rank_acceptability, weighted_sum

WINNER = "energy_carbon_reporting"
NEAR_TIE = ("circular_product_design", "systems_thinking_sustainability")


def _random_table(seed: int = 0, m: int = 6) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    values = rng.uniform(size=(m, 5))
    columns = ["need", "breadth", "transferability", "demand", "agreement"]
    table = pd.DataFrame(values, columns=columns)
    table.insert(0, "microcredential_id", [f"mc{i}" for i in range(m)])
    return table


def test_acceptability_sums_to_one_both_ways() -> None:
    acceptability, summary = rank_acceptability(_random_table(), n_draws=2000, seed=3)
    assert acceptability.shape == (6, 6)
    assert np.allclose(acceptability.sum(axis=1), 1)  # each candidate over ranks
    assert np.allclose(acceptability.sum(axis=0), 1)  # each rank over candidates
    assert summary["expected_rank"].sum() == pytest.approx(sum(range(1, 7)))
    assert summary["p_first"].sum() == pytest.approx(1)
    assert set(summary["stability"]) <= {"stable", "fairly stable", "unstable"}
    first = summary.dropna(subset=["central_weight_need"])
    weight_columns = [c for c in summary.columns if c.startswith("central_weight_")]
    assert len(weight_columns) == 5
    assert np.allclose(first[weight_columns].sum(axis=1), 1)


def test_seeded_runs_are_identical() -> None:
    table = _random_table(1)
    one = rank_acceptability(table, n_draws=3000, seed=42)
    two = rank_acceptability(table, n_draws=3000, seed=42)
    other = rank_acceptability(table, n_draws=3000, seed=43)
    assert one[0].to_csv() == two[0].to_csv() and one[1].to_csv() == two[1].to_csv()
    assert one[0].to_csv() != other[0].to_csv()


def test_dominating_candidate_is_always_first_and_stable() -> None:
    table = _random_table(2)
    table.loc[0, ["need", "breadth", "transferability", "demand", "agreement"]] = 1.0
    acceptability, summary = rank_acceptability(table, n_draws=1000, seed=0)
    assert acceptability.loc["mc0", 1] == 1.0
    assert summary.loc[0, "microcredential_id"] == "mc0" and summary.loc[0, "stability"] == "stable"


def test_fixed_weights_reproduce_weighted_sum() -> None:
    table = _random_table(4)
    weights = {"need": 3, "breadth": 1, "demand": 1}
    acceptability, _ = rank_acceptability(table, n_draws=50, seed=0, weights=weights, band=0.0)
    ranks = weighted_sum(table, weights).set_index("microcredential_id")["rank"]
    modal = acceptability.idxmax(axis=1)
    assert (acceptability.max(axis=1) == 1).all()
    assert modal.to_dict() == ranks.to_dict()


def test_band_moves_less_than_the_simplex() -> None:
    table = _random_table(5)
    weights = {name: 1 for name in ["need", "breadth", "transferability", "demand", "agreement"]}
    _, narrow = rank_acceptability(table, n_draws=4000, seed=1, weights=weights, band=0.1)
    _, wide = rank_acceptability(table, n_draws=4000, seed=1)
    assert narrow["modal_acceptability"].mean() > wide["modal_acceptability"].mean()


def test_criteria_draws_3d() -> None:
    rng = np.random.default_rng(0)
    draws = rng.uniform(size=(200, 4, 5))
    draws[:, 2, :] += 5  # candidate c2 dominates every bootstrap draw
    acceptability, summary = rank_acceptability(draws, n_draws=1000, seed=0, candidates=["a", "b", "c", "d"])
    assert acceptability.loc["c", 1] == 1.0
    assert np.allclose(acceptability.sum(axis=0), 1) and np.allclose(acceptability.sum(axis=1), 1)


def test_bad_arguments() -> None:
    table = _random_table()
    with pytest.raises(ValueError, match="band needs weights"):
        rank_acceptability(table, seed=0, band=0.2)
    with pytest.raises(ValueError, match="band must be"):
        rank_acceptability(table, seed=0, weights={"need": 1}, band=2)
    with pytest.raises(ValueError, match="one row per candidate"):
        rank_acceptability(pd.concat([table, table]), seed=0)


def test_sample_planted_winner_and_near_tie(sector_sample, catalogue) -> None:
    normalised = normalise(criteria_table(*sector_sample, catalogue))
    overall = normalised[normalised["scope"] == "overall"]
    acceptability, summary = rank_acceptability(overall, n_draws=10_000, seed=20260101)
    summary = summary.set_index("microcredential_id")
    assert summary.loc[WINNER, "p_first"] > 0.95
    assert summary.loc[WINNER, "stability"] == "stable"
    for candidate in NEAR_TIE:
        assert summary.loc[candidate, "stability"] == "unstable"
    # the pair competes for the same ranks (3 and 4)
    assert abs(summary.loc[NEAR_TIE[0], "expected_rank"] - summary.loc[NEAR_TIE[1], "expected_rank"]) < 1.5
    assert acceptability.loc[list(NEAR_TIE), [3, 4]].sum(axis=1).min() > 0.6
