from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analysis.config import load_skills
from analysis.errors import ConfigError
from analysis.priorities import load_catalogue

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "config" / "microcredentials.yml"
SKILL_IDS = {skill.id for skill in load_skills(ROOT / "config" / "skills" / "green.yml")}
SECTOR_CODES = {"AGRI", "MANUF", "CONST", "WOOD", "SUSTM"}


def _write(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    change(data["microcredentials"])
    path = tmp_path / "microcredentials.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_shipped_catalogue_loads() -> None:
    catalogue = load_catalogue(CATALOGUE, SKILL_IDS, SECTOR_CODES)
    assert 10 <= len(catalogue) <= 14
    ids = [c.id for c in catalogue]
    assert len(set(ids)) == len(ids)
    assert "energy_carbon_reporting" in ids
    for candidate in catalogue:
        assert set(candidate.skills) <= SKILL_IDS
        assert 1 <= candidate.eqf_level <= 8 and 0 < candidate.workload_ects <= 60
        assert candidate.learning_outcomes and candidate.quality_assurance


def _set(field, value):
    def change(items):
        items[1][field] = value

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            _set("skills", ["circular_design", "carbon_capture"]),
            "field skills: unknown skill id 'carbon_capture'",
        ),
        (_set("workload_ects", 90), "field workload_ects: Input should be less than or equal to 60"),
        (_set("workload_ects", 0), "field workload_ects: Input should be greater than 0"),
        (_set("eqf_level", 9), "field eqf_level: Input should be less than or equal to 8"),
        (_set("eqf_level", 0), "field eqf_level: Input should be greater than or equal to 1"),
        (lambda items: items[1].pop("assessment"), "field assessment: missing mandatory element"),
        (
            lambda items: items[1].pop("quality_assurance"),
            "field quality_assurance: missing mandatory element",
        ),
        (
            _set("sectors", ["MANUF", "MINING"]),
            "field sectors: unknown sector 'MINING' (the survey's sector codes are AGRI, CONST, MANUF",
        ),
        (_set("id", "Circular-Design"), "must be snake_case"),
        (_set("participation", "by post"), "field participation"),
        (_set("grade", "A"), "field grade: unknown field"),
        (
            _set("translations", {"bg": {"learning_outcomes": ["Само един резултат"]}}),
            "translations.bg.learning_outcomes lists 1 outcome(s); expected 3",
        ),
        (_set("translations", {"Bulgarian": {"title": "Кръгов дизайн"}}), "keyed by language code"),
        (_set("translations", {"bg": {"eqf_level": 4}}), "field translations.bg.eqf_level: unknown field"),
    ],
)
def test_errors_name_file_candidate_and_field(tmp_path: Path, change, expected: str) -> None:
    path = _write(tmp_path, change)
    with pytest.raises(ConfigError) as caught:
        load_catalogue(path, SKILL_IDS, SECTOR_CODES)
    message = str(caught.value)
    assert str(path) in message
    assert expected in message
    assert "candidate 'circular_product_design'" in message or "candidate 'Circular-Design'" in message


def test_duplicate_id(tmp_path: Path) -> None:
    path = _write(tmp_path, lambda items: items[2].update(id=items[0]["id"]))
    with pytest.raises(ConfigError, match="duplicate micro-credential id.*energy_carbon_reporting"):
        load_catalogue(path, SKILL_IDS)


def test_missing_id_names_position(tmp_path: Path) -> None:
    path = _write(tmp_path, lambda items: items[3].pop("id"))
    with pytest.raises(ConfigError, match=r"candidate #4, field id: missing mandatory element"):
        load_catalogue(path, SKILL_IDS)


def test_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "m.yml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="expected a mapping"):
        load_catalogue(path, SKILL_IDS)


def test_translations_replace_only_the_texts_they_give() -> None:
    catalogue = {c.id: c for c in load_catalogue(CATALOGUE, SKILL_IDS, SECTOR_CODES)}
    winner = catalogue["energy_carbon_reporting"]
    bulgarian = winner.in_language("bg")
    assert bulgarian.title == "Енергийна, въглеродна и екологична отчетност за МСП"
    assert len(bulgarian.learning_outcomes) == len(winner.learning_outcomes)
    assert bulgarian.learning_outcomes[0].startswith("Извършва обходен енергиен одит")
    assert bulgarian.prerequisites == "Основни умения за работа с електронни таблици"
    # what the translation does not give stays as configured; so do the design's facts
    assert bulgarian.quality_assurance == winner.quality_assurance
    assert (bulgarian.skills, bulgarian.eqf_level, bulgarian.workload_ects) == (
        winner.skills, winner.eqf_level, winner.workload_ects)
    italian = catalogue["circular_product_design"].in_language("it")
    assert italian.title == "Progettazione circolare dei prodotti e scelta dei materiali"
    assert italian.learning_outcomes == catalogue["circular_product_design"].learning_outcomes
    assert winner.in_language("fi") is winner  # no Finnish texts: the candidate as configured
    for lang in ("bg", "es", "it", "fr", "nl"):  # the sample translates every title
        assert all(c.in_language(lang).title != c.title for c in catalogue.values()), lang
