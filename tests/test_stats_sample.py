"""The statistics on the bundled sample: every results table as documented, planted effects found."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from sample_project import ROOT

from analysis.config import load_survey_config
from analysis.stats.crossing import cross_scope

SURVEYS = ["sector", "regional"]
TABLES = [
    "descriptives", "reliability", "item_total", "needs", "gap_tests", "group_tests", "dunn",
    "rank_uncertainty", "agreement", "spearman", "priorities", "priority_acceptability", "completeness",
]
#: Tables that may be empty for a survey (no agreement scope, or no micro-credential catalogue).
MAY_BE_EMPTY = {"agreement", "spearman", "priorities", "priority_acceptability", "completeness"}


def results(project: Path, survey: str) -> Path:
    return project / "data" / "processed" / survey / "results"


def planted(survey: str) -> dict:
    return json.loads((ROOT / "data/raw/sample" / survey / "planted.json").read_text("utf-8"))


def skill_ids(project: Path, survey: str) -> dict[str, str]:
    skills = pd.read_csv(project / "data" / "processed" / survey / "skills.csv", dtype=str)
    return dict(zip(skills["code"], skills["skill_id"], strict=True))


def documented_columns(table: str, suffix: str = ".csv") -> list[str]:
    """The column names (or keys) listed in the table of ``## <table>.csv`` in docs/results.md."""
    text = (ROOT / "docs" / "results.md").read_text("utf-8")
    section = text.split(f"\n## {table}{suffix}\n", 1)[1].split("\n## ", 1)[0]
    names = []
    for line in section.splitlines():
        if line.startswith("| ") and not line.startswith(("| column", "| key", "|---")):
            names += [name.strip() for name in line.split("|")[1].split(",")]
    return names


def matches(documented: list[str], actual: list[str]) -> bool:
    patterns = [re.compile(re.escape(name).replace(re.escape("<c>"), r"\d+") + "$") for name in documented]
    every_actual = all(any(p.match(column) for p in patterns) for column in actual)
    every_documented = all(any(p.match(column) for column in actual) for p in patterns)
    return every_actual and every_documented


@pytest.mark.parametrize("survey", SURVEYS)
@pytest.mark.parametrize("table", TABLES)
def test_every_results_table_has_its_documented_columns(sample_project, survey, table):
    out = results(sample_project, survey)
    assert (out / f"{table}.xlsx").exists()
    frame = pd.read_csv(out / f"{table}.csv")
    documented = documented_columns(table)
    assert documented, table
    assert matches(documented, list(frame.columns)), (documented, list(frame.columns))
    if table not in MAY_BE_EMPTY or survey == "sector":
        assert len(frame) > 0, table


@pytest.mark.parametrize("survey", SURVEYS)
def test_weighting_report_is_documented(sample_project, survey):
    weighting = json.loads((results(sample_project, survey) / "weighting.json").read_text("utf-8"))
    config = load_survey_config(sample_project / "config" / "surveys" / f"{survey}.yml")
    if config.weights.margins:
        assert weighting["weighted"] is True
        assert set(weighting) == set(documented_columns("weighting", ".json"))
        assert weighting["converged"] and weighting["kish_n"] <= weighting["n"]
        assert weighting["design_effect"] >= 1
    else:
        assert weighting == {"weighted": False}


@pytest.mark.parametrize("survey", SURVEYS)
def test_rank_uncertainty_is_consistent_with_needs(sample_project, survey):
    out = results(sample_project, survey)
    ranks = pd.read_csv(out / "rank_uncertainty.csv", keep_default_na=False, na_values=[""])
    needs = pd.read_csv(out / "needs.csv", keep_default_na=False, na_values=[""])
    shown = ranks[~ranks["flagged"]]
    assert shown["p_top_k"].between(0, 1).all()
    assert (shown["rank_low"] <= shown["median_rank"]).all()
    assert (shown["median_rank"] <= shown["rank_high"]).all()
    config = load_survey_config(sample_project / "config" / "surveys" / f"{survey}.yml")
    assert (shown["B"] == config.analysis.bootstrap.B).all()
    # the crossed scopes (analysis.cross) are in needs.csv only, not resampled (docs/results.md)
    crossed = {cross_scope(fields) for fields in config.analysis.cross}
    assert crossed == ({"sector:country"} if survey == "sector" else set())
    assert crossed <= set(needs["scope"]) and not crossed & set(ranks["scope"])
    needs = needs[~needs["scope"].isin(crossed)]
    # the point estimates are needs.csv's: same MWDS and rank for every reported skill
    joined = shown.merge(needs[~needs["suppressed"]], on=["scope", "group", "skill_id"], suffixes=("", "_n"))
    assert len(joined) == len(shown) == (~needs["suppressed"]).sum()
    assert ((joined["mwds"] - joined["mwds_n"]).abs() < 1e-9).all()
    assert (joined["rank"] == joined["rank_n"]).all()
    assert (ranks["scope"] == "overall").sum() == needs[needs["scope"] == "overall"]["skill_id"].nunique()


def test_planted_sector_effect_ranks_better_in_its_sector(sample_project):
    ranks = pd.read_csv(results(sample_project, "sector") / "rank_uncertainty.csv")
    ids = skill_ids(sample_project, "sector")
    effects = planted("sector")["effects"]["sector"]
    assert len(effects) >= 4
    by_sector = ranks[ranks["scope"] == "sector"]
    for sector, skills in effects.items():
        for code in skills:
            rows = by_sector[by_sector["skill_id"] == ids[code]].set_index("group")
            others = rows.drop(index=sector)
            # the whole interval in its sector lies above (better than) every other sector's
            assert rows.loc[sector, "rank_high"] < others["rank_low"].min(), f"{sector} {code}"
            assert rows.loc[sector, "p_top_k"] > others["p_top_k"].max(), f"{sector} {code}"


def test_sector_survey_agreement_between_sectors(sample_project):
    out = results(sample_project, "sector")
    agreement = pd.read_csv(out / "agreement.csv").set_index("scope")
    assert {"sector", "country"} <= set(agreement.index)
    row = agreement.loc["sector"]
    assert row["k_groups"] == 5 and row["n_skills"] == 20
    assert 0 < row["w"] < 1 and row["df"] == 19
    spearman = pd.read_csv(out / "spearman.csv")
    assert len(spearman[spearman["scope"] == "sector"]) == 5 * 4 // 2
    assert spearman["rho"].between(-1, 1).all()


def test_regional_survey_is_analysed_over_its_competencies(sample_project):
    out = results(sample_project, "regional")
    needs = pd.read_csv(out / "needs.csv")
    assert needs.loc[needs["scope"] == "overall", "skill_id"].nunique() == 15
    ranks = pd.read_csv(out / "rank_uncertainty.csv")
    ids = skill_ids(sample_project, "regional")
    top = [ids[code] for code in planted("regional")["effects"]["all_countries"]]
    assert sorted(top) == sorted(ids[c] for c in ("C06", "C07"))
    overall = ranks[ranks["scope"] == "overall"].set_index("skill_id")
    assert len(overall) == 15
    for skill in top:
        assert overall.loc[skill, "p_top_k"] >= 0.95
        assert overall.loc[skill, "rank_high"] <= 2
    for _, group in ranks[(ranks["scope"] == "country") & ~ranks["flagged"]].groupby("group"):
        assert (group.set_index("skill_id").loc[top, "p_top_k"] >= 0.9).all()
    agreement = pd.read_csv(out / "agreement.csv").set_index("scope")
    assert agreement.loc["country", "k_groups"] >= 2
    descriptives = pd.read_csv(out / "descriptives.csv")
    assert descriptives.loc[descriptives["scope"] == "overall", "skill_id"].nunique() == 15
