"""Borich MWDS against hand calculations written out here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats.needs import borich_mwds, discrepancies, needs_table


def long_ratings(table):
    """{respondent: {skill: (importance, proficiency)}} -> long ratings frame."""
    rows = []
    for respondent, skills in table.items():
        for skill, (importance, proficiency) in skills.items():
            rows.append((respondent, skill, "importance", importance))
            rows.append((respondent, skill, "proficiency", proficiency))
    frame = pd.DataFrame(rows, columns=["respondent_id", "skill_id", "dimension", "value"])
    frame["value"] = frame["value"].astype("Int64")
    return frame


RATINGS = long_ratings(
    {
        "r1": {"energy": (5, 2), "water": (3, 3), "waste": (4, 1)},
        "r2": {"energy": (4, 4), "water": (2, 1), "waste": (5, 3)},
        "r3": {"energy": (3, 1), "water": (4, None), "waste": (2, 2)},
        "r4": {"energy": (5, 3), "water": (5, 2), "waste": (None, 4)},
    }
)
RESPONDENTS = pd.DataFrame(
    {"respondent_id": ["r1", "r2", "r3", "r4"], "sector": ["AGRI", "AGRI", "CONST", "CONST"]}
)
SKILLS = pd.DataFrame(
    {"skill_id": ["energy", "water", "waste"], "label": ["Energy", "Water", "Waste"],
     "group": ["", "", ""]}
)


def test_mwds_by_hand():
    table = borich_mwds(discrepancies(RATINGS)).set_index("skill_id")
    # energy: I = 5,4,3,5 (mean 4.25); D = 3,0,2,2 (mean 1.75); MWDS = 1.75 * 4.25 = 7.4375
    # water (r3 has no proficiency): I = 3,2,5 (mean 10/3); D = 0,1,3 (mean 4/3); MWDS = 40/9
    # waste (r4 has no importance): I = 4,5,2 (mean 11/3); D = 3,2,0 (mean 5/3); MWDS = 55/9
    assert table.loc["energy", "mwds"] == pytest.approx(7.4375, abs=1e-12)
    assert table.loc["water", "mwds"] == pytest.approx(40 / 9, abs=1e-12)
    assert table.loc["waste", "mwds"] == pytest.approx(55 / 9, abs=1e-12)
    assert table.loc["water", "n"] == 3 and table.loc["energy", "n"] == 4
    assert table["rank"].to_dict() == {"energy": 1, "waste": 2, "water": 3}


def test_mwds_is_the_mean_of_weighted_discrepancies():
    # Borich's definition, respondent by respondent: WDS_i = D_i * mean(I); MWDS = mean(WDS)
    rng = np.random.default_rng(7)
    importance = rng.integers(1, 6, size=50)
    proficiency = rng.integers(1, 6, size=50)
    ratings = long_ratings({f"r{i}": {"s": (int(a), int(b))}
                            for i, (a, b) in enumerate(zip(importance, proficiency, strict=True))})
    wds = [(a - b) * importance.mean() for a, b in zip(importance, proficiency, strict=True)]
    assert borich_mwds(discrepancies(ratings))["mwds"].item() == pytest.approx(sum(wds) / 50)


def test_ties_share_the_lowest_rank():
    ratings = long_ratings({"r1": {"a": (4, 2), "b": (4, 2), "c": (4, 3)}})
    assert borich_mwds(discrepancies(ratings)).set_index("skill_id")["rank"].to_dict() == {
        "a": 1, "b": 1, "c": 3
    }


def test_needs_table_overall_and_by_group_with_suppression():
    needs = needs_table(
        RATINGS, RESPONDENTS, SKILLS, by=["sector"],
        group_labels={"sector": {"AGRI": "Agri-food", "CONST": "Construction"}}, min_group_n=2,
    )
    overall = needs[needs.scope == "overall"].set_index("skill_id")
    assert overall.loc["energy", "rank"] == 1 and overall.loc["energy", "group"] == "all"
    agri = needs[(needs.scope == "sector") & (needs.group == "AGRI")].set_index("skill_id")
    # AGRI energy: I = 5,4 (mean 4.5); D = 3,0 (mean 1.5); MWDS 6.75
    assert agri.loc["energy", "mwds"] == pytest.approx(6.75)
    assert agri.loc["energy", "group_label"] == "Agri-food"
    const = needs[(needs.scope == "sector") & (needs.group == "CONST")].set_index("skill_id")
    # CONST water and waste have one pair each: below min n 2, blanked and unranked
    assert bool(const.loc["water", "suppressed"]) and np.isnan(const.loc["water", "mwds"])
    assert pd.isna(const.loc["water", "rank"]) and const.loc["water", "n"] == 1
    assert const.loc["energy", "rank"] == 1
    assert list(needs.columns[:5]) == ["scope", "group", "group_label", "skill_id", "skill_label"]
