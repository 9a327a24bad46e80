"""One catalogue file for several surveys: each candidate's surveys, skills and audience codes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analysis.config import load_skills
from analysis.errors import ConfigError
from analysis.priorities import load_catalogue

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "config" / "microcredentials.yml"
GREEN = {skill.id for skill in load_skills(ROOT / "config" / "skills" / "green.yml")}
REGIONAL = {skill.id for skill in load_skills(ROOT / "config" / "skills" / "regional.yml")}
SECTORS = {"AGRI", "MANUF", "CONST", "WOOD", "SUSTM"}
ORGTYPES = {"PUBAUTH", "RDA", "UNIV", "VET", "BUS", "NGO", "other"}
SHARED = {"digital_environmental_monitoring", "systems_thinking_sustainability", "waste_resource_management"}
LANGUAGES = ("bg", "es", "it", "el", "ro", "mk", "sl", "fi", "fr", "nl")


def _regional() -> tuple:
    return load_catalogue(CATALOGUE, REGIONAL, ORGTYPES, survey="regional")


def test_each_survey_gets_its_candidates_with_its_own_skills_and_audience() -> None:
    sector = {c.id: c for c in load_catalogue(CATALOGUE, GREEN, SECTORS, survey="sector")}
    regional = {c.id: c for c in _regional()}
    assert len(sector) == 12 and 6 <= len(regional) <= 9
    assert set(sector) & set(regional) == SHARED
    for cid in SHARED:  # the same design, its skills and audience as each survey asks them
        assert set(sector[cid].skills) <= GREEN and set(regional[cid].skills) <= REGIONAL
        assert set(sector[cid].sectors) <= SECTORS and set(regional[cid].sectors) <= ORGTYPES
        assert sector[cid].title == regional[cid].title
        assert sector[cid].workload_ects == regional[cid].workload_ects
    circular = regional["waste_resource_management"]
    assert circular.skills == ("regional_circular_economy", "stakeholder_engagement")
    # without a survey: the file's first survey, as the catalogue loaded before it served two
    assert [c.id for c in load_catalogue(CATALOGUE, GREEN, SECTORS)] == list(sector)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_regional_candidates_are_translated(lang: str) -> None:
    for candidate in _regional():
        shown = candidate.in_language(lang)
        for field in ("title", "quality_assurance", "prerequisites", "stackability"):
            english = getattr(candidate, field)
            assert english is None or getattr(shown, field) != english, (candidate.id, field)
        assert not set(shown.learning_outcomes) & set(candidate.learning_outcomes), candidate.id


def test_a_file_without_surveys_serves_every_survey(tmp_path: Path) -> None:
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    data.pop("surveys")
    data["microcredentials"] = [c for c in data["microcredentials"] if "surveys" not in c]
    path = tmp_path / "m.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert len(load_catalogue(path, GREEN, SECTORS, survey="anything")) == len(data["microcredentials"])
    assert len(load_catalogue(path, GREEN, SECTORS)) == len(data["microcredentials"])


def _write(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "microcredentials.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _candidate(data: dict, cid: str) -> dict:
    return next(c for c in data["microcredentials"] if c["id"] == cid)


def _regional_entry(cid: str, **entry):
    def change(data):
        _candidate(data, cid)["surveys"]["regional"] = entry

    return change


@pytest.mark.parametrize(
    ("change", "survey", "expected"),
    [
        (
            _regional_entry("waste_resource_management", skills=["carbon_capture"], sectors=["RDA"]),
            "regional",
            "candidate 'waste_resource_management', field surveys.regional.skills: unknown skill id "
            "'carbon_capture'",
        ),
        (  # an entry without skills takes the candidate's own, here the sector survey's
            _regional_entry("waste_resource_management", sectors=["RDA"]),
            "regional",
            "candidate 'waste_resource_management', field skills: unknown skill id 'waste_recycling'",
        ),
        (
            _regional_entry("waste_resource_management", skills=["climate_adaptation"], sectors=["MINES"]),
            "regional",
            "candidate 'waste_resource_management', field surveys.regional.sectors: unknown sector 'MINES'",
        ),
        (
            _regional_entry("waste_resource_management", skills=["climate_adaptation"], level=5),
            "regional",
            "candidate 'waste_resource_management', field surveys.regional: unknown field(s) ['level']; "
            "a survey's entry gives only skills and sectors",
        ),
        (
            lambda data: _candidate(data, "smart_city_procurement")["surveys"].update(regional=["RDA"]),
            "regional",
            "candidate 'smart_city_procurement', field surveys.regional: expected a mapping with skills",
        ),
        (
            lambda data: _candidate(data, "smart_city_procurement").update(surveys=["regional"]),
            "regional",
            "candidate 'smart_city_procurement', field surveys: expected a mapping of survey name",
        ),
        (
            lambda data: _candidate(data, "smart_city_procurement")["surveys"]["regional"].pop("skills"),
            "regional",
            "candidate 'smart_city_procurement', field skills: missing required field",
        ),
        (
            lambda data: data.update(surveys="sector"),
            "sector",
            "surveys (the surveys a candidate without its own serves): expected a non-empty list of "
            "survey names, got 'sector'",
        ),
        (
            lambda data: data.pop("surveys"),
            None,
            "candidate 'digital_environmental_monitoring' names the surveys it serves (sector, regional): "
            "load the catalogue for one of them",
        ),
        (lambda data: None, "wood", "no candidate serves survey 'wood'"),
    ],
)
def test_errors_name_file_candidate_and_field(tmp_path: Path, change, survey, expected: str) -> None:
    path = _write(tmp_path, change)
    skills, codes = (REGIONAL, ORGTYPES) if survey == "regional" else (GREEN, SECTORS)
    with pytest.raises(ConfigError) as caught:
        load_catalogue(path, skills, codes, survey=survey)
    message = str(caught.value)
    assert str(path) in message
    assert expected in message
