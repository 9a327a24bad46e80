"""Annex I completeness of a candidate's design: filled, missing (still to decide), set at issue."""

from __future__ import annotations

from pathlib import Path

from analysis.config import load_skills
from analysis.priorities import (
    ANNEX_ELEMENTS,
    MicroCredential,
    annex_completeness,
    completeness_table,
    incomplete_candidates,
    load_catalogue,
)

ROOT = Path(__file__).resolve().parents[2]
FULL = {
    "title": "Deep retrofit",
    "learning_outcomes": ["Plan a deep retrofit"],
    "eqf_level": 5,
    "workload_ects": 4,
    "assessment": "project",
    "participation": "blended",
    "quality_assurance": "Internal QA",
    "awarding_body": "VET centre",
    "awarding_country": "BG",
}


def _candidate(cid: str = "retrofit", **changes) -> MicroCredential:
    fields = {k: v for k, v in (FULL | changes).items() if v is not None}
    return MicroCredential(id=cid, skills=["s1"], sectors=["CONST"], **fields)


def test_the_element_list_is_annex_i() -> None:
    assert [e.annex for e in ANNEX_ELEMENTS] == [
        "Identification of the learner",
        "Title of the micro-credential",
        "Country(ies)/Region(s) of the issuer",
        "Awarding body(ies)",
        "Date of issuing",
        "Learning outcomes",
        "Notional workload needed to achieve the learning outcomes (in European Credit Transfer and "
        "Accumulation System – ECTS, wherever possible)",
        "Level (and cycle, if applicable) of the learning experience leading to the micro-credential "
        "(European Qualifications Framework, Qualifications Frameworks in the European Higher "
        "Education Area), if applicable",
        "Type of assessment",
        "Form of participation in the learning activity",
        "Type of quality assurance used to underpin the micro-credential",
    ]
    # every design element is a field of the catalogue
    fields = [e.field for e in ANNEX_ELEMENTS if e.field is not None]
    assert set(fields) <= set(MicroCredential.model_fields) and len(fields) == 9


def test_a_complete_design() -> None:
    statuses = {item.element.key: item.status for item in annex_completeness(_candidate())}
    assert statuses.pop("learner") == "set at issue" and statuses.pop("date_of_issuing") == "set at issue"
    assert set(statuses.values()) == {"filled"} and len(statuses) == 9
    assert incomplete_candidates([_candidate()]) == {}


def test_missing_quality_assurance_and_awarding_body() -> None:
    candidate = _candidate(quality_assurance=None, awarding_body=None)
    statuses = {item.element.key: item.status for item in annex_completeness(candidate)}
    assert [key for key, status in statuses.items() if status == "missing"] == [
        "awarding_body", "quality_assurance",
    ]
    missing = incomplete_candidates([_candidate("done"), candidate])
    assert list(missing) == ["retrofit"]
    assert [e.to_decide for e in missing["retrofit"]] == ["who will award it", "how its quality is assured"]
    # a blank text is not a decision either
    assert incomplete_candidates([_candidate(awarding_body="  ")])["retrofit"][0].key == "awarding_body"


def test_the_completeness_table() -> None:
    table = completeness_table([_candidate(quality_assurance=None, awarding_body=None), _candidate("b")])
    assert list(table.columns) == [
        "microcredential_id", "title", "element", "annex_element", "field", "status", "to_decide",
    ]
    assert len(table) == 2 * len(ANNEX_ELEMENTS)
    mine = table[table["microcredential_id"] == "retrofit"].set_index("element")
    assert mine.loc["awarding_body", ["field", "status", "to_decide"]].tolist() == [
        "awarding_body", "missing", "who will award it",
    ]
    assert mine.loc["quality_assurance", "status"] == "missing"
    assert mine.loc["learner", ["field", "status", "to_decide"]].tolist() == ["", "set at issue", ""]
    assert mine.loc["title", ["status", "to_decide"]].tolist() == ["filled", ""]
    assert (table[table["microcredential_id"] == "b"]["status"] != "missing").all()


def test_the_sample_catalogue() -> None:
    """The shipped candidates give every design element but who awards them and where."""
    skills = {s.id for s in load_skills(ROOT / "config" / "skills" / "green.yml")}
    catalogue = load_catalogue(ROOT / "config" / "microcredentials.yml", skills)
    table = completeness_table(catalogue)
    expected = {
        "learner": "set at issue", "title": "filled", "country": "missing", "awarding_body": "missing",
        "date_of_issuing": "set at issue", "learning_outcomes": "filled", "workload": "filled",
        "level": "filled", "assessment": "filled", "participation": "filled",
        "quality_assurance": "filled",
    }
    ids = [
        "energy_carbon_reporting", "circular_product_design", "renewable_energy_systems",
        "digital_environmental_monitoring", "systems_thinking_sustainability", "waste_resource_management",
        "sustainable_farming_water", "sustainable_forestry_wood", "environmental_management_iso14001",
        "green_logistics", "green_entrepreneurship_communication", "efficient_buildings_retrofit",
    ]
    assert table["microcredential_id"].unique().tolist() == ids
    for cid in ids:
        rows = table[table["microcredential_id"] == cid]
        assert dict(zip(rows["element"], rows["status"], strict=True)) == expected, cid
