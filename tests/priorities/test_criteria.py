from __future__ import annotations

import pandas as pd
import pytest

from analysis.priorities import MicroCredential, criteria_table, normalise

BASE = {
    "title": "t",
    "learning_outcomes": ["lo"],
    "eqf_level": 4,
    "workload_ects": 2,
    "assessment": "project",
    "participation": "online",
    "quality_assurance": "internal",
}
CATALOGUE = (
    MicroCredential(id="m1", skills=["s1"], sectors=["AGRI"], **BASE),
    MicroCredential(id="m2", skills=["s2"], sectors=["AGRI", "MANUF"], **BASE),
    MicroCredential(id="m3", skills=["s1", "s2"], sectors=["MANUF"], **BASE),
)
# respondent: sector, type, (importance, proficiency) of s1 and s2
PEOPLE = {
    "r1": ("AGRI", "T1", (5, 2), (3, 3)),
    "r2": ("AGRI", "T2", (5, 4), (4, 1)),
    "r3": ("MANUF", "T1", (2, 2), (5, 2)),
    "r4": ("MANUF", "T2", (3, 3), (5, 4)),
}


def _data() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    for rid, (_, _, *skills) in PEOPLE.items():
        for skill, (importance, proficiency) in zip(["s1", "s2"], skills, strict=True):
            rows += [(rid, skill, "importance", importance), (rid, skill, "proficiency", proficiency)]
    ratings = pd.DataFrame(rows, columns=["respondent_id", "skill_id", "dimension", "value"])
    respondents = pd.DataFrame(
        [(rid, sector, kind, 1.0) for rid, (sector, kind, *_) in PEOPLE.items()],
        columns=["respondent_id", "sector", "respondent_type", "weight"],
    )
    return ratings, respondents


def test_hand_computed_criteria() -> None:
    table = criteria_table(*_data(), CATALOGUE, min_group_n=1)
    assert list(table.columns) == [
        "scope",
        "group",
        "microcredential_id",
        "need",
        "breadth",
        "transferability",
        "demand",
        "agreement",
    ]
    overall = table[table["scope"] == "overall"].set_index("microcredential_id")
    # MWDS s1 = mean D 1 x mean I 3.75 = 3.75; s2 = 1.75 x 4.25 = 7.4375
    assert overall["need"].tolist() == pytest.approx([3.75, 7.4375, (3.75 + 7.4375) / 2])
    # gaps >= 2: s1 r1; s2 r2, r3
    assert overall["breadth"].tolist() == pytest.approx([0.25, 0.5, 0.75])
    # top third of 3 candidates = rank 1: m1 in AGRI (need 10), m2 in MANUF (need 10)
    assert overall["transferability"].tolist() == [1, 1, 0]
    assert overall["demand"].tolist() == pytest.approx([0.5, 1.0, 0.5])
    # both types rank m2 > m3 > m1
    assert overall["agreement"].tolist() == pytest.approx([1.0, 1.0, 1.0])
    agri = table[table["group"] == "AGRI"].set_index("microcredential_id")
    assert agri["need"].tolist() == pytest.approx([10.0, 5.25, 7.625])
    assert agri["breadth"].tolist() == pytest.approx([0.5, 0.5, 1.0])
    assert agri["demand"].tolist() == pytest.approx([1.0, 1.0, 0.0])
    # T1 (r1) ranks m1, m3, m2; T2 (r2) ranks m2, m3, m1: ranges 2, 2, 0 over K - 1 = 2
    assert agri["agreement"].tolist() == pytest.approx([0.0, 0.0, 1.0])
    assert agri["transferability"].tolist() == [1, 1, 0]


def test_weights_count() -> None:
    ratings, respondents = _data()
    respondents.loc[respondents["respondent_id"] == "r1", "weight"] = 3.0
    overall = criteria_table(ratings, respondents, CATALOGUE, min_group_n=1).query("scope == 'overall'")
    # demand of m1 (AGRI): (3 + 1) / (3 + 1 + 1 + 1); breadth of m1 (gap only r1): 3 / 6
    assert overall["demand"].iloc[0] == pytest.approx(4 / 6)
    assert overall["breadth"].iloc[0] == pytest.approx(3 / 6)


def test_normalise_min_max_and_constant() -> None:
    normalised = normalise(criteria_table(*_data(), CATALOGUE, min_group_n=1))
    overall = normalised[normalised["scope"] == "overall"]
    assert overall["need"].tolist() == pytest.approx([0.0, 1.0, 0.5])
    assert overall["agreement"].tolist() == [0.5, 0.5, 0.5]  # constant criterion
    criteria = ["need", "breadth", "transferability", "demand", "agreement"]
    assert normalised[criteria].min().min() >= 0 and normalised[criteria].max().max() <= 1


def test_sample_criteria_shape(sector_sample, catalogue) -> None:
    table = criteria_table(*sector_sample, catalogue)
    assert len(table) == len(catalogue) * 6  # overall + 5 sectors
    assert table[["need", "breadth", "demand", "agreement"]].notna().all().all()
    overall = table[table["scope"] == "overall"].set_index("microcredential_id")
    assert overall["need"].idxmax() == "energy_carbon_reporting"
