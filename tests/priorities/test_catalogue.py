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
        (lambda items: items[1].pop("skills"), "field skills: missing required field"),
        (lambda items: items[1].pop("sectors"), "field sectors: missing required field"),
        (
            lambda items: items[1].pop("title"),
            "field title: missing required field (every candidate needs an id, a title, skills and "
            "sectors to be ranked)",
        ),
        (_set("quality_assurance", ""), "field quality_assurance: String should have at least 1 character"),
        (_set("learning_outcomes", []), "field learning_outcomes: Tuple should have at least 1 item"),
        (_set("assessment", "interview"), "field assessment: Input should be"),
        (
            lambda items: items[1].pop("learning_outcomes"),
            "translations.bg.learning_outcomes is given but the candidate has no learning_outcomes "
            "yet; give it in the base language first",
        ),
        (
            lambda items: items[1].pop("quality_assurance"),
            "translations.bg.quality_assurance is given but the candidate has no quality_assurance yet",
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
        (_set("awarding_country", "Bulgaria"), "field awarding_country: String should match pattern"),
        (_set("languages", ["bg", "Greek"]), "ISO 639-1 codes (bg, es, it, ...); got ['Greek']"),
        (_set("languages", ["bg", "bg"]), "repeated entries: ['bg']"),
        (_set("isced_f", 712), "field isced_f: isced_f 712 is not an ISCED-F 2013 code: 2 to 4 digits"),
        (_set("isced_f", "07x"), "field isced_f: isced_f '07x' is not an ISCED-F 2013 code"),
        (
            _set("nqf_level", "NQF 5"),
            "field nqf_level: nqf_level 'NQF 5' is not a concept of the Europass QDR list",
        ),
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
    with pytest.raises(ConfigError, match=r"candidate #4, field id: missing required field"):
        load_catalogue(path, SKILL_IDS)


UNDECIDED = (
    "learning_outcomes", "eqf_level", "workload_ects", "assessment", "participation", "quality_assurance",
    "awarding_body", "awarding_country",
)


def test_a_design_in_progress_may_leave_annex_elements_open(tmp_path: Path) -> None:
    """Every Annex I element but the title may be left out; what the design gives is still checked."""

    def open_elements(items):
        for field in UNDECIDED:
            items[1].pop(field, None)
        items[1]["translations"] = {"bg": {"title": "Кръгов дизайн"}}

    catalogue = load_catalogue(_write(tmp_path, open_elements), SKILL_IDS, SECTOR_CODES)
    candidate = catalogue[1]
    assert candidate.id == "circular_product_design"
    assert all(getattr(candidate, field) is None for field in UNDECIDED)
    assert candidate.in_language("bg").title == "Кръгов дизайн"


def test_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "m.yml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="expected a mapping"):
        load_catalogue(path, SKILL_IDS)


def test_translations_replace_only_the_texts_they_give(tmp_path: Path) -> None:
    def partial(items):
        items[0]["translations"] = {
            "bg": {"title": "Енергийна отчетност", "prerequisites": "Електронни таблици"},
            "it": {"learning_outcomes": ["Uno", "Due", "Tre"]},
        }

    winner = load_catalogue(_write(tmp_path, partial), SKILL_IDS, SECTOR_CODES)[0]
    bulgarian = winner.in_language("bg")
    assert (bulgarian.title, bulgarian.prerequisites) == ("Енергийна отчетност", "Електронни таблици")
    # what the translation does not give stays as configured; so do the design's facts
    assert bulgarian.learning_outcomes == winner.learning_outcomes
    assert bulgarian.quality_assurance == winner.quality_assurance
    assert (bulgarian.skills, bulgarian.eqf_level, bulgarian.workload_ects) == (
        winner.skills, winner.eqf_level, winner.workload_ects)
    italian = winner.in_language("it")
    assert italian.learning_outcomes == ("Uno", "Due", "Tre") and italian.title == winner.title
    assert winner.in_language("fi") is winner  # no Finnish texts: the candidate as configured


#: The report's languages besides English; the sample gives every candidate's texts in each.
SAMPLE_LANGUAGES = ("bg", "es", "it", "el", "ro", "mk", "sl", "fi", "fr", "nl")
TEXTS = ("title", "quality_assurance", "prerequisites", "stackability", "description")


@pytest.mark.parametrize("lang", SAMPLE_LANGUAGES)
def test_the_sample_translates_every_text_of_every_candidate(lang: str) -> None:
    for candidate in load_catalogue(CATALOGUE, SKILL_IDS, SECTOR_CODES):
        shown = candidate.in_language(lang)
        for field in TEXTS:
            english = getattr(candidate, field)
            assert (getattr(shown, field) is None) == (english is None), (candidate.id, field)
            assert english is None or getattr(shown, field) != english, (candidate.id, field)
        assert len(shown.learning_outcomes) == len(candidate.learning_outcomes)
        left = set(shown.learning_outcomes) & set(candidate.learning_outcomes)
        assert not left, (candidate.id, left)
    energy = {c.id: c for c in load_catalogue(CATALOGUE, SKILL_IDS, SECTOR_CODES)}["energy_carbon_reporting"]
    if lang == "bg":
        assert energy.in_language("bg").learning_outcomes[0].startswith("Извършва обходен енергиен одит")
