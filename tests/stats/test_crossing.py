"""Crossed groups (``analysis.cross``): names, codes, labels, and their rows of needs.csv by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.config import AnalysisConfig, BootstrapConfig, WeightsConfig
from analysis.stats.crossing import cross_scope, crossed_codes, crossed_labels, with_crossed_columns
from analysis.stats.results import results_tables

SKILL_IDS = ["energy", "water", "waste"]


def test_scope_codes_and_labels():
    respondents = pd.DataFrame({
        "sector": ["CONST", "AGRI", None, "AGRI", "WOOD"],
        "country": ["BG", "IT", "BG", "", "FI"],
        "org_size": ["S", "S", "L", "L", "M"],
    })
    assert cross_scope(["sector", "country"]) == "sector:country"
    assert cross_scope(["sector", "country", "org_size"]) == "sector:country:org_size"
    codes = crossed_codes(respondents, ["sector", "country"])
    # a respondent missing either field (None or empty text) is in no crossed group
    assert codes.tolist() == ["CONST:BG", "AGRI:IT", None, None, "WOOD:FI"]
    assert codes.name == "sector:country"
    assert crossed_codes(respondents, ["sector", "country", "org_size"]).iloc[0] == "CONST:BG:S"
    labels = {"sector": {"CONST": "Construction", "AGRI": "Agri-food"},
              "country": {"BG": "Bulgaria", "IT": "Italy"}}
    named = crossed_labels(labels, ["sector", "country"])
    assert named == {
        "CONST:BG": "Construction · Bulgaria", "CONST:IT": "Construction · Italy",
        "AGRI:BG": "Agri-food · Bulgaria", "AGRI:IT": "Agri-food · Italy",
    }
    assert "sector:country" in with_crossed_columns(respondents, [("sector", "country")]).columns
    assert "sector:country" not in respondents.columns


def _survey(seed: int = 11) -> tuple[pd.DataFrame, pd.DataFrame]:
    """80 respondents in sectors A, B x countries X, Y (some without a country), 3 more in B x Z."""
    rng = np.random.default_rng(seed)
    n = 80
    respondents = pd.DataFrame({
        "respondent_id": [f"r{i:03d}" for i in range(n + 3)],
        "sector": list(rng.choice(["A", "B"], n)) + ["B"] * 3,
        "country": list(rng.choice(["X", "Y"], n)) + ["Z"] * 3,
        "respondent_type": list(rng.choice(["T1", "T2"], n)) + ["T1", "T2", "T1"],
    })
    respondents.loc[[3, 17, 42], "country"] = None
    rows = []
    for rid in respondents["respondent_id"]:
        for skill in SKILL_IDS:
            importance, proficiency = rng.integers(1, 6, 2)
            if rng.random() < 0.1:
                proficiency = None  # "no answer": the pair is not complete
            rows += [(rid, skill, "importance", importance), (rid, skill, "proficiency", proficiency)]
    ratings = pd.DataFrame(rows, columns=["respondent_id", "skill_id", "dimension", "value"])
    return respondents, ratings.astype({"value": "Int64"})


def test_crossed_groups_equal_an_independent_weighted_computation():
    respondents, ratings = _survey()
    skills = pd.DataFrame({"skill_id": SKILL_IDS, "label": ["Energy", "Water", "Waste"], "group": ""})
    labels = {"sector": {"A": "Sector A", "B": "Sector B"},
              "country": {"X": "Xland", "Y": "Yland", "Z": "Zland"}}
    settings = AnalysisConfig(
        by=("sector",), cross=(("sector", "country"),), min_group_n=5, bootstrap=BootstrapConfig(B=100)
    )
    margins = {"respondent_type": {"T1": 0.3, "T2": 0.7}}
    tables, weighting = results_tables(
        respondents, ratings, skills, settings, group_labels=labels, weights=WeightsConfig(margins=margins)
    )
    assert weighting["weighted"] is True
    needs = tables["needs"]
    crossed = needs[needs["scope"] == "sector:country"].set_index(["group", "skill_id"])

    # by hand: one raking margin is reached in one step, w = population share / sample share
    sample_share = respondents["respondent_type"].value_counts(normalize=True)
    weight = respondents["respondent_type"].map(lambda t: margins["respondent_type"][t] / sample_share[t])
    wide = ratings.pivot_table(index=["respondent_id", "skill_id"], columns="dimension", values="value",
                               aggfunc="first").astype(float).dropna().reset_index()
    people = respondents.assign(weight=weight.to_numpy()).dropna(subset=["country"])
    people["cell"] = people["sector"] + ":" + people["country"]
    pairs = wide.merge(people[["respondent_id", "cell", "weight"]], on="respondent_id")
    checked = 0
    for (cell, skill), part in pairs.groupby(["cell", "skill_id"]):
        row = crossed.loc[(cell, skill)]
        assert row["n"] == len(part)
        if len(part) < 5:
            assert bool(row["suppressed"]) and np.isnan(row["mwds"]) and pd.isna(row["rank"])
            continue
        w = part["weight"].to_numpy()
        gap = (part["importance"] - part["proficiency"]).to_numpy()
        expected = np.average(gap, weights=w) * np.average(part["importance"], weights=w)
        assert row["mwds"] == pytest.approx(expected, rel=1e-12)
        assert not row["suppressed"]
        assert row["mwds_ci_low"] < row["mwds"] < row["mwds_ci_high"]  # the raked design's domain
        checked += 1
    assert checked >= 12
    # the small cell B x Z (3 respondents) is suppressed on every skill; labels are joined
    small = crossed.loc["B:Z"]
    assert small["suppressed"].all() and small["mwds"].isna().all() and (small["n"] <= 3).all()
    assert set(crossed.loc["A:X", "group_label"]) == {"Sector A · Xland"}
    # respondents without a country are in no crossed group
    overall = needs[needs["scope"] == "overall"].set_index("skill_id")["n"]
    missing = wide[wide["respondent_id"].isin(respondents.loc[[3, 17, 42], "respondent_id"])]
    in_cells = crossed.groupby(level="skill_id")["n"].sum().reindex(overall.index)
    assert in_cells.tolist() == (overall - missing.groupby("skill_id").size().reindex(overall.index)).tolist()
    # the crossed scope is in needs only; the group tests and rank intervals stay on `by`
    assert set(tables["group_tests"]["scope"]) == {"sector"}
    assert set(tables["rank_uncertainty"]["scope"]) == {"overall", "sector"}


def test_crossed_scope_ranks_and_quadrants_within_each_group():
    respondents, ratings = _survey(seed=5)
    skills = pd.DataFrame({"skill_id": SKILL_IDS, "label": SKILL_IDS, "group": ""})
    settings = AnalysisConfig(cross=(("sector", "country"),), min_group_n=5, bootstrap=BootstrapConfig(B=100))
    needs = results_tables(respondents, ratings, skills, settings, group_labels={})[0]["needs"]
    assert list(dict.fromkeys(needs["scope"])) == ["overall", "sector:country"]
    shown = needs[(needs["scope"] == "sector:country") & ~needs["suppressed"]]
    for _, group in shown.groupby("group"):
        assert group.loc[group["mwds"].idxmax(), "rank"] == 1
        assert group["ipa_quadrant"].notna().all()
        assert group["lff_importance_cross"].nunique() == 1
        assert group["lff_importance_cross"].iloc[0] == pytest.approx(group["importance_mean"].mean())
