"""The theme codebook: seeded skill themes, the file's themes, and clear errors for bad files."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from analysis.errors import ConfigError
from analysis.themes.codebook import (
    codebook_yaml,
    label_patterns,
    load_theme_codebook,
    skill_label_table,
)

SKILLS = {
    "water_management": {"en": "Water management", "it": "Gestione dell'acqua"},
    "life_cycle_assessment": {"en": "Life cycle assessment (LCA)"},
}


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_label_patterns_split_alternatives_and_parentheses():
    assert label_patterns("Circular design / eco-design") == ("circular design", "eco-design")
    assert label_patterns("Life cycle assessment (LCA)") == ("life cycle assessment", "lca")


def test_every_skill_seeds_a_theme_with_its_labels_as_patterns(tmp_path):
    codebook = load_theme_codebook(tmp_path / "absent.yml", SKILLS)
    assert codebook.ids == ("skill:water_management", "skill:life_cycle_assessment")
    water = codebook["skill:water_management"]
    assert water.patterns == {"en": ("water management",), "it": ("gestione dell'acqua",)}
    assert water.skills == ("water_management",)
    assert water.label("it") == "Gestione dell'acqua"


def test_the_file_adds_themes_and_overrides_a_seeded_one(tmp_path):
    path = write(
        tmp_path / "t.yml",
        """
themes:
  - id: skill:water_management
    labels: {en: Water}
    patterns: {en: [water]}
    skills: [water_management]
  - id: heat_pumps
    labels: {en: Heat pumps}
    patterns: {en: [heat pump], it: [pompa di calore]}
""",
    )
    codebook = load_theme_codebook(path, SKILLS)
    assert codebook.ids == ("skill:water_management", "skill:life_cycle_assessment", "heat_pumps")
    assert codebook["skill:water_management"].patterns == {"en": ("water",)}
    assert codebook.source == path


def test_seed_skills_false_keeps_only_the_files_themes(tmp_path):
    path = write(tmp_path / "t.yml", "seed_skills: false\nthemes:\n  - {id: a, patterns: {en: [x]}}\n")
    assert load_theme_codebook(path, SKILLS).ids == ("a",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "themes:\n  - {id: Heat, patterns: {en: [x]}}\n",
            r"t\.yml: the theme codebook is not valid:\n"
            r"  - theme Heat, id: theme id 'Heat' must be lower-case",
        ),
        (
            "themes:\n  - {id: a, patterns: {en: ['*x']}}\n",
            r"theme a, patterns: patterns\.en: '\*x': a \* may only end a word",
        ),
        (
            "themes:\n  - {id: a, patterns: {english: [x]}}\n",
            r"theme a, patterns: translations are keyed by language code",
        ),
        (
            "themes:\n  - {id: a, patterns: {en: [x]}, colour: red}\n",
            r"theme a, colour: unknown setting \(expected id, labels",
        ),
        ("themes:\n  - {id: a}\n", r"theme a: no patterns; expected `patterns: \{lang: \[word or phrase"),
        (
            "themes:\n  - {id: a, patterns: {en: [x]}}\n  - {id: a, patterns: {en: [y]}}\n",
            r"theme a: given twice",
        ),
        (
            "themes:\n  - {id: a, patterns: {en: [x]}, skills: [heat]}\n",
            r"theme a: skills \['heat'\] are not in the survey's skill catalogue "
            r"\(expected one of: water_management",
        ),
        ("- just a list\n", r"expected a mapping with `themes:`"),
        ("themes: [\n", r"not valid YAML"),
    ],
)
def test_a_bad_codebook_is_a_config_error_naming_file_theme_and_what_was_expected(tmp_path, text, expected):
    path = write(tmp_path / "t.yml", text)
    with pytest.raises(ConfigError, match=expected) as error:
        load_theme_codebook(path, SKILLS)
    assert str(path) in str(error.value)


def test_skill_labels_come_from_the_codebook_then_the_configs_translations():
    codebook = pd.DataFrame(
        {
            "question": ["IMPORT", "IMPORT", "IMPORT", "OTHER"],
            "item": ["subquestion", "subquestion", "question", "subquestion"],
            "code": ["SQ010", "SQ010", "", "SQ010"],
            "language": ["en", "it", "en", "en"],
            "label": ["Water management", "Gestione dell'acqua", "How important", "Other thing"],
        }
    )
    skills = pd.DataFrame(
        {"code": ["SQ010"], "skill_id": ["water_management"], "label": ["Water management"]}
    )
    table = skill_label_table(
        codebook, skills, "IMPORT", {"el": {"SQ010": "Διαχείριση υδάτων"}, "it": {"SQ010": "x"}}
    )
    assert table == {
        "water_management": {"el": "Διαχείριση υδάτων", "en": "Water management", "it": "Gestione dell'acqua"}
    }


def test_the_starting_codebook_loads_and_holds_every_skill_theme(tmp_path):
    text = codebook_yaml("sector", SKILLS)
    assert yaml.safe_load(text)["themes"][0]["id"] == "example_theme"
    codebook = load_theme_codebook(write(tmp_path / "t.yml", text), SKILLS)
    assert codebook.ids == ("skill:water_management", "skill:life_cycle_assessment", "example_theme")
