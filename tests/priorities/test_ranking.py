"""The priority ranking with its uncertainty: bootstrap criteria, demand, priorities.csv tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.config import DemandQuestion
from analysis.priorities import MicroCredential, criteria_table, normalise, topsis, weighted_sum
from analysis.priorities.criteria import criteria_arrays, criteria_design, demand_fit
from analysis.priorities.ranking import ACCEPTABILITY_COLUMNS, PRIORITIES_COLUMNS, priority_tables
from analysis.tables import write_table

BASE = {"title": "t", "learning_outcomes": ["lo"], "assessment": "project", "quality_assurance": "internal"}


def _candidate(cid: str, skills: list[str], sectors: list[str], **elements) -> MicroCredential:
    fields = {"eqf_level": 4, "workload_ects": 2, "participation": "online"} | elements
    return MicroCredential(id=cid, skills=skills, sectors=sectors, **BASE, **fields)


CATALOGUE = (
    _candidate("m1", ["s1"], ["AGRI"], participation="blended", workload_ects=5, eqf_level=5),
    _candidate("m2", ["s2"], ["AGRI", "MANUF"], participation="online", workload_ects=1, eqf_level=4),
    _candidate("m3", ["s1", "s2", "s3"], ["MANUF"], participation="in person", workload_ects=3, eqf_level=4),
    _candidate("m4", ["s3"], ["AGRI", "MANUF"], participation="online", workload_ects=2, eqf_level=6),
)


def _survey(n: int = 60, seed: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Random ratings of three skills by n respondents in two sectors and two types."""
    rng = np.random.default_rng(seed)
    rows, people = [], []
    for i in range(n):
        rid = f"r{i:03d}"
        people.append((rid, ["AGRI", "MANUF"][i % 2], ["T1", "T2"][(i // 2) % 2], float(rng.uniform(0.5, 2))))
        for skill, shift in (("s1", 1.5), ("s2", 0.5), ("s3", 0.0)):
            importance = int(np.clip(round(rng.normal(3.5 + shift / 2, 1)), 1, 5))
            proficiency = int(np.clip(round(rng.normal(3.0 - shift / 2, 1)), 1, 5))
            rows += [(rid, skill, "importance", importance), (rid, skill, "proficiency", proficiency)]
    ratings = pd.DataFrame(rows, columns=["respondent_id", "skill_id", "dimension", "value"])
    respondents = pd.DataFrame(people, columns=["respondent_id", "sector", "respondent_type", "weight"])
    return ratings, respondents


DELIVERY = DemandQuestion(
    question="DELIVERY",
    field="participation",
    accepts={"DF01": ["online"], "DF03": ["in person"], "DF04": ["blended"]},
)
LENGTH = DemandQuestion(
    question="MCLENGTH",
    field="workload_ects",
    accepts={"LEN1": {"min": 0, "max": 1}, "LEN2": {"min": 1, "max": 2}, "LEN3": {"min": 3, "max": 5}},
)


def test_demand_fit_by_hand() -> None:
    respondents = pd.DataFrame(
        {"respondent_id": ["a", "b", "c", "d"], "sector": ["AGRI", "MANUF", "AGRI", None]}
    )
    preferences = pd.DataFrame(
        [
            ("a", "DELIVERY", "DF01"),
            ("a", "DELIVERY", "DF04"),
            ("a", "MCLENGTH", "LEN3"),
            ("b", "DELIVERY", "DF03"),
            ("c", "MCLENGTH", "other"),
            ("d", "DELIVERY", "DF01"),
        ],
        columns=["respondent_id", "question", "code"],
    )
    fit, asked = demand_fit(preferences, respondents, CATALOGUE, (DELIVERY, LENGTH))
    # a (AGRI): delivery online+blended fits m1, m2, m4 (m3 is in person); length 3-5 ECTS fits m1 (5)
    # and m3 (3); answered 2 questions -> m1 (1+1)/2, m2 (1+0)/2, m3 not in AGRI, m4 (1+0)/2
    assert fit.loc["a"].tolist() == [1.0, 0.5, 0.0, 0.5]
    # b (MANUF): in person fits m3 only; answered 1 question; m1 is not for MANUF
    assert fit.loc["b"].tolist() == [0.0, 0.0, 1.0, 0.0]
    # c answered with a code no candidate is accepted by: counts, fits nothing
    assert fit.loc["c"].tolist() == [0.0, 0.0, 0.0, 0.0] and asked.loc["c"].tolist() == [1.0] * 4
    # d has no sector: not counted
    assert asked.loc["d"].tolist() == [0.0] * 4 and fit.loc["d"].tolist() == [0.0] * 4
    # without demand questions: the sector match alone
    fit, asked = demand_fit(None, respondents, CATALOGUE)
    assert fit.loc["b"].tolist() == [0.0, 1.0, 1.0, 1.0]
    assert asked.loc["d"].sum() == 0


def test_a_question_on_an_element_not_decided_yet_is_left_out_of_the_demand() -> None:
    """A candidate without participation: DELIVERY does not count for it (neither fit nor miss)."""
    open_m1 = MicroCredential(
        id="m1", skills=["s1"], sectors=["AGRI"], title="t", workload_ects=5, eqf_level=5
    )
    catalogue = (open_m1, *CATALOGUE[1:])
    respondents = pd.DataFrame({"respondent_id": ["a", "e"], "sector": ["AGRI", "AGRI"]})
    preferences = pd.DataFrame(
        [("a", "DELIVERY", "DF01"), ("a", "MCLENGTH", "LEN1"), ("e", "DELIVERY", "DF03")],
        columns=["respondent_id", "question", "code"],
    )
    fit, asked = demand_fit(preferences, respondents, catalogue, (DELIVERY, LENGTH))
    # a: for m1 only the length counts (1 ECTS wanted, m1 is 5): 0 of 1; the others as before,
    # m2 (online, 1 ECTS) fits both: 2 of 2; m4 (online, 2 ECTS) fits delivery only: 1 of 2
    assert fit.loc["a"].tolist() == [0.0, 1.0, 0.0, 0.5]
    # e answered only DELIVERY, which m1 does not give: its fit with m1 is the sector match alone
    assert fit.loc["e"].tolist() == [1.0, 0.0, 0.0, 0.0]
    assert asked.to_numpy().tolist() == [[1.0] * 4, [1.0] * 4]


def test_weighted_demand_in_the_criteria_table() -> None:
    ratings, respondents = _survey(n=8)
    preferences = pd.DataFrame(
        [(rid, "DELIVERY", "DF01") for rid in respondents["respondent_id"][:4]],
        columns=["respondent_id", "question", "code"],
    )
    table = criteria_table(ratings, respondents, CATALOGUE, preferences=preferences, demand=(DELIVERY,))
    overall = table[table["scope"] == "overall"].set_index("microcredential_id")["demand"]
    asked = respondents.iloc[:4]
    w = asked["weight"]
    # online candidates m2 and m4 target both sectors: every asked respondent fits
    assert overall["m2"] == pytest.approx(1.0) and overall["m4"] == pytest.approx(1.0)
    # m1 (blended) and m3 (in person) fit nobody who only ticked online
    assert overall["m1"] == 0 and overall["m3"] == 0
    # within AGRI the share is over AGRI respondents who answered (weights by hand)
    agri = table[(table["scope"] == "sector") & (table["group"] == "AGRI")].set_index("microcredential_id")
    assert agri.loc["m2", "demand"] == pytest.approx(
        w[asked["sector"] == "AGRI"].sum() / w[asked["sector"] == "AGRI"].sum()
    )


def test_resample_counts_equal_duplicated_respondents() -> None:
    """Criteria of a count vector equal the criteria of the data with those respondents repeated."""
    ratings, respondents = _survey(n=40)
    design = criteria_design(ratings, respondents, CATALOGUE)
    rng = np.random.default_rng(11)
    counts = rng.multinomial(40, np.full(40, 1 / 40))
    from_counts = criteria_arrays(design, counts[np.newaxis], min_group_n=1)[0]
    copies_r, copies_p = [], []
    for rid, c in zip(design.respondent_ids, counts, strict=True):
        for j in range(c):
            copies_r.append(ratings[ratings["respondent_id"] == rid].assign(respondent_id=f"{rid}#{j}"))
            copies_p.append(
                respondents[respondents["respondent_id"] == rid].assign(respondent_id=f"{rid}#{j}")
            )
    repeated = criteria_table(pd.concat(copies_r), pd.concat(copies_p), CATALOGUE, by=(), min_group_n=1)
    expected = repeated[list(repeated.columns[3:])].to_numpy(dtype=float)
    np.testing.assert_allclose(from_counts, expected, rtol=1e-12)


def _tables(method: str = "weighted_sum", **settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    ratings, respondents = _survey()
    design = criteria_design(ratings, respondents, CATALOGUE)
    options = {
        "scopes": ("sector",),
        "weights": dict.fromkeys(("need", "breadth", "transferability", "demand", "agreement"), 1.0),
        "method": method,
        "draws": 2000,
        "bootstrap": 50,
        "seed": 5,
        "strata": "sector",
    } | settings
    return priority_tables(design, CATALOGUE, **options)


def test_point_rank_is_the_aggregation_of_the_normalised_criteria() -> None:
    ratings, respondents = _survey()
    normalised = normalise(criteria_table(ratings, respondents, CATALOGUE))
    weights = {"need": 3, "breadth": 1, "transferability": 0, "demand": 1, "agreement": 2}
    for method, aggregate in (("weighted_sum", weighted_sum), ("topsis", topsis)):
        table, _ = _tables(method, weights=weights)
        expected = aggregate(normalised, weights)
        merged = table.merge(
            expected, on=["scope", "group", "microcredential_id"], suffixes=("", "_expected")
        )
        assert len(merged) == len(table) == 12
        np.testing.assert_allclose(merged["score"], merged["score_expected"], atol=1e-12)
        assert (merged["rank"] == merged["rank_expected"]).all()
        assert ((merged["rank_low"] <= merged["rank"]) & (merged["rank"] <= merged["rank_high"])).all()


def test_acceptability_sums_to_one_and_matches_the_summary() -> None:
    table, acceptability = _tables()
    assert list(table.columns) == PRIORITIES_COLUMNS and list(acceptability.columns) == ACCEPTABILITY_COLUMNS
    for _, group in acceptability.groupby(["scope", "group"]):
        np.testing.assert_allclose(group.groupby("microcredential_id")["share"].sum(), 1.0)
        np.testing.assert_allclose(group.groupby("rank")["share"].sum(), 1.0)
    first = acceptability[acceptability["rank"] == 1].merge(
        table, on=["scope", "group", "microcredential_id"]
    )
    np.testing.assert_allclose(first["share"], first["p_first"])
    expected = (
        acceptability.assign(r=acceptability["rank"] * acceptability["share"])
        .groupby(["scope", "group", "microcredential_id"])["r"]
        .sum()
    )
    got = table.set_index(["scope", "group", "microcredential_id"])["expected_rank"]
    np.testing.assert_allclose(got.sort_index(), expected.sort_index())


def test_seeded_tables_are_byte_identical(tmp_path) -> None:
    for run in ("a", "b"):
        table, acceptability = _tables()
        write_table(table, tmp_path / run / "priorities.csv")
        write_table(acceptability, tmp_path / run / "priority_acceptability.csv")
    for name in ("priorities.csv", "priorities.xlsx", "priority_acceptability.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    other, _ = _tables(seed=6)
    assert not other["expected_rank"].equals(table["expected_rank"])


def test_without_bootstrap_the_interval_is_the_rank() -> None:
    table, _ = _tables(bootstrap=0)
    assert (table["rank_low"] == table["rank"]).all() and (table["rank_high"] == table["rank"]).all()


def test_small_groups_are_not_ranked() -> None:
    table, acceptability = _tables(min_group_n=31)  # 30 respondents per sector
    assert set(table["scope"]) == {"overall"} and set(acceptability["scope"]) == {"overall"}


def test_a_heavier_weight_moves_its_leader_up() -> None:
    """Weighting only demand puts the candidate with the largest demand first, and so on."""
    for criterion in ("need", "breadth", "demand"):
        weights = dict.fromkeys(("need", "breadth", "transferability", "demand", "agreement"), 0.0)
        weights[criterion] = 1.0
        table, _ = _tables(weights=weights, bootstrap=0)
        overall = table[table["scope"] == "overall"].set_index("microcredential_id")
        assert overall[criterion].idxmax() == overall["rank"].idxmin(), criterion
