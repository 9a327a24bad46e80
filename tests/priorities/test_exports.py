"""The ELM and Open Badges exports of the candidates: valid against the Europass LOQ shapes and the
Open Badges 3.0 required fields, and broken documents are caught."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import load_skills, load_survey_config
from analysis.priorities import MicroCredential, load_catalogue
from analysis.priorities.exports import (
    ELM_CONTEXT,
    candidate_exports,
    elm_document,
    elm_missing,
    export_id,
    ob3_achievement,
    ob3_problems,
    validate_elm,
)

ROOT = Path(__file__).resolve().parents[2]
# A real concept of the QDR list of qualification frameworks (the Commission's sample credential's
# NQF level); the shipped catalogues give no NQF level, so the tests complete them with it.
NQF = "http://data.europa.eu/snb/qdr/c_c392e7a2"
ESCO = "http://data.europa.eu/esco/skill/5fd5c985-eaaa-47aa-8314-62359c54505a"


def _bundled_catalogues() -> list[tuple[str, tuple[MicroCredential, ...], dict[str, str]]]:
    """Every bundled survey with a catalogue: (survey, candidates, ESCO URI per skill id)."""
    found = []
    for path in sorted((ROOT / "config" / "surveys").glob("*.yml")):
        config = load_survey_config(path)
        if config.priorities is None or config.skills is None:
            continue
        skills = load_skills(config.path(config.skills))
        catalogue = load_catalogue(
            config.path(config.priorities.catalogue), {skill.id for skill in skills}, survey=config.name
        )
        found.append((config.name, catalogue, {skill.id: skill.esco for skill in skills if skill.esco}))
    return found


BUNDLED = _bundled_catalogues()
CANDIDATES = [
    pytest.param(survey, candidate, esco, id=f"{survey}-{candidate.id}")
    for survey, catalogue, esco in BUNDLED
    for candidate in catalogue
]


def _complete(candidate: MicroCredential) -> MicroCredential:
    """The candidate with the LOQ-required elements a design may not know yet filled in."""
    return candidate.model_copy(
        update={"nqf_level": candidate.nqf_level or NQF, "isced_f": candidate.isced_f or "0712"}
    )


@pytest.fixture(scope="module")
def sector() -> tuple[MicroCredential, ...]:
    return next(catalogue for survey, catalogue, _ in BUNDLED if survey == "sector")


@pytest.fixture(scope="module")
def full(sector) -> MicroCredential:
    """A candidate with every element: translations, awarding body, languages, ESCO skills."""
    return _complete(sector[0]).model_copy(
        update={"awarding_body": "Example VET Centre", "awarding_country": "BG", "languages": ("bg", "en")}
    )


@pytest.fixture(scope="module")
def full_document(full) -> dict:
    return elm_document(full, identifier=export_id(full.id, "sector"), esco={full.skills[0]: ESCO})


def test_the_sector_survey_has_a_catalogue_to_export():
    assert "sector" in [survey for survey, _, _ in BUNDLED]


@pytest.mark.parametrize(("survey", "candidate", "esco"), CANDIDATES)
def test_every_bundled_candidate_with_an_nqf_level_conforms_to_the_loq_shapes(survey, candidate, esco):
    document = elm_document(_complete(candidate), identifier=export_id(candidate.id, survey), esco=esco)
    conforms, violations = validate_elm(document)
    assert violations == []
    assert conforms


@pytest.mark.parametrize(("survey", "candidate", "esco"), CANDIDATES)
def test_every_bundled_candidate_is_an_open_badges_achievement(survey, candidate, esco):
    achievement = ob3_achievement(candidate, identifier=export_id(candidate.id, survey), esco=esco)
    assert ob3_problems(achievement) == []
    assert achievement["achievementType"] == "MicroCredential"
    assert achievement["creditsAvailable"] == candidate.workload_ects


def test_the_full_candidate_conforms_with_its_awarding_body_and_esco_skills(full_document):
    assert validate_elm(full_document) == (True, [])
    body = full_document["awardingOpportunity"][0]["awardingBody"][0]
    assert body["legalName"] == {"en": "Example VET Centre"}
    country = body["location"][0]["address"][0]["countryCode"]["@id"]
    assert country == "http://publications.europa.eu/resource/authority/country/BGR"
    assert [c["@id"] for c in full_document["language"]] == [
        "http://publications.europa.eu/resource/authority/language/BUL",
        "http://publications.europa.eu/resource/authority/language/ENG",
    ]
    for outcome in full_document["learningOutcome"]:
        assert [skill["@id"] for skill in outcome["relatedESCOSkill"]] == [ESCO]


def test_the_document_maps_the_annex_elements(full, full_document):
    doc = full_document
    assert doc["@context"] == ELM_CONTEXT == "http://data.europa.eu/snb/model/context/edc-ap"
    assert doc["@type"] == "Qualification"
    assert doc["eqfLevel"]["@id"] == f"http://data.europa.eu/snb/eqf/{full.eqf_level}"
    assert doc["eqfLevel"]["inScheme"]["@id"] == "http://data.europa.eu/snb/eqf/25831c2"
    assert doc["creditPoint"][0]["point"] == "5"
    assert doc["volumeOfLearning"] == "PT125H"  # 5 ECTS x 25 hours
    assert doc["mode"][0]["@id"] == "http://data.europa.eu/snb/learning-assessment/e92d221e4d"  # blended
    assert doc["entryRequirement"]["noteLiteral"]["en"] == full.prerequisites
    # the title and the outcomes in every language the catalogue translates them into
    assert set(doc["title"]) == {"en", *full.translations}
    assert doc["title"]["bg"] == full.translations["bg"].title
    assert doc["learningOutcome"][1]["title"]["fr"] == full.translations["fr"].learning_outcomes[1]
    assert len(doc["learningOutcome"]) == len(full.learning_outcomes)


def test_a_document_without_a_title_violates_the_shapes(full_document):
    broken = copy.deepcopy(full_document)
    del broken["title"]
    conforms, violations = validate_elm(broken)
    assert not conforms
    assert any("title" in line for line in violations)


@pytest.mark.parametrize(
    ("uri", "scheme"),
    [
        ("http://data.europa.eu/snb/eqf/9", "http://data.europa.eu/snb/eqf/25831c2"),  # no such level
        ("http://data.europa.eu/snb/eqf/5", "http://data.europa.eu/snb/isced-f/25831c2"),  # another scheme
    ],
)
def test_a_wrong_eqf_level_violates_the_shapes(full_document, uri, scheme):
    broken = copy.deepcopy(full_document)
    scheme_node = {"@id": scheme, "@type": "ConceptScheme"}
    broken["eqfLevel"] = {"@id": uri, "@type": "Concept", "inScheme": scheme_node}
    conforms, violations = validate_elm(broken)
    assert not conforms
    assert any("EQFLevel" in line for line in violations)


def test_a_document_without_an_nqf_level_violates_the_shapes(full_document):
    broken = copy.deepcopy(full_document)
    del broken["nqfLevel"]
    assert not validate_elm(broken)[0]


def test_validation_reads_the_context_locally_and_refuses_another_one(full_document):
    other = dict(full_document, **{"@context": "https://example.org/context"})
    with pytest.raises(ValueError, match="expected the ELM context"):
        validate_elm(other)


def test_missing_elements_are_named(sector):
    # the shipped sector catalogue gives no NQF level: that is what keeps its ELM files back
    assert {elm_missing(candidate) for candidate in sector} == {("nqf_level",)}
    without = sector[0].model_copy(update={"isced_f": None, "awarding_body": "Example VET Centre"})
    assert elm_missing(without) == ("nqf_level", "isced_f", "awarding_country")
    assert elm_missing(_complete(sector[0]).model_copy(update={"languages": ("xx",)})) == ("languages",)
    assert elm_missing(_complete(sector[0])) == ()


def test_candidate_exports_hold_back_the_elm_document_of_an_incomplete_candidate(sector):
    exports = candidate_exports([sector[0], _complete(sector[1])], survey="sector")
    assert exports[0].elm is None and exports[0].missing == ("nqf_level",)
    assert exports[0].ob3["name"] == sector[0].title
    assert exports[1].elm is not None and exports[1].missing == ()
    assert exports[1].elm["@id"] == "urn:skillsneeds:sector:microcredential:" + sector[1].id
    based = candidate_exports([sector[1]], survey="sector", base_url="https://example.org/mc/")
    assert based[0].ob3["id"] == f"https://example.org/mc/{sector[1].id}"


def test_the_open_badges_achievement_maps_the_elements(full):
    labels = {full.skills[0]: "energy efficiency"}
    achievement = ob3_achievement(full, identifier="urn:x", esco={full.skills[0]: ESCO}, skill_labels=labels)
    assert achievement["type"] == ["Achievement"]
    assert achievement["inLanguage"] == "bg"
    assert all(outcome in achievement["criteria"]["narrative"] for outcome in full.learning_outcomes)
    assert "Assessment: project." in achievement["criteria"]["narrative"]
    eqf, skill = achievement["alignment"]
    assert eqf["targetUrl"] == "http://data.europa.eu/snb/eqf/5" and eqf["targetType"] == "ext:EQFLevel"
    assert skill["targetUrl"] == ESCO and skill["targetType"] == "ext:ESCOSkill"
    assert skill["targetName"] == "energy efficiency"
    assert achievement["resultDescription"][0]["resultType"] == "Status"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda a: a.pop("name"), "achievement: missing name"),
        (lambda a: a.pop("criteria"), "achievement: missing criteria"),
        (lambda a: a.update(type=["Badge"]), "type must be a list containing 'Achievement'"),
        (lambda a: a.update(achievementType="Nanodegree"), "not in the Open Badges vocabulary"),
        (lambda a: a.update(criteria={}), "criteria"),
        (lambda a: a.update(creditsAvailable="5"), "creditsAvailable must be a number"),
        (lambda a: a.update(inLanguage="Bulgarian"), "inLanguage 'Bulgarian' is not a BCP 47 language code"),
        (lambda a: a["alignment"][0].pop("targetUrl"), "alignment 1: missing targetUrl"),
        (lambda a: a["resultDescription"][0].pop("resultType"), "resultDescription 1: missing resultType"),
    ],
)
def test_a_broken_achievement_is_caught(full, change, problem):
    achievement = ob3_achievement(full, identifier="urn:x")
    change(achievement)
    assert any(problem in line for line in ob3_problems(achievement))


def test_the_stage_warns_of_each_candidate_it_writes_no_elm_file_for(monkeypatch, caplog, sector):
    from analysis import pipeline

    config = load_survey_config(ROOT / "config" / "surveys" / "sector.yml")
    monkeypatch.setattr(pipeline, "_base_language", lambda config: "en")
    labels = pd.DataFrame({"skill_id": list(sector[0].skills), "label": ["A", "B", ""]})
    monkeypatch.setattr(pipeline.store, "read_skills", lambda config: labels)
    complete = _complete(sector[1])
    with caplog.at_level("WARNING", logger="analysis.pipeline"):
        files = pipeline._exports(config, (sector[0], complete))
    assert sorted(files) == sorted([
        f"{sector[0].id}.ob3.json", f"{complete.id}.ob3.json", f"{complete.id}.elm.jsonld"
    ])
    assert validate_elm(files[f"{complete.id}.elm.jsonld"]) == (True, [])
    warnings = [record.getMessage() for record in caplog.records]
    assert warnings == [
        "sector: 1 of 2 candidate micro-credentials have no ELM export, the catalogue not giving what "
        f"the Europass LOQ profile requires: {sector[0].id} (no nqf_level)"
    ]
