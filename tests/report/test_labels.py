"""The survey's texts in a page's language: the codebook, then the config's translations, then the
survey's base language (listed, so the report can say what is missing)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from sample_project import make_project

from analysis import store
from analysis.config import load_survey_config
from analysis.errors import ConfigError
from analysis.report.i18n import english, translator
from analysis.report.labels import missing_labels, open_question_label, survey_labels

ROWS = [  # question, item, code, language, label: a survey in English (base) and Bulgarian
    ("SECTOR", "question", "SECTOR", "en", "Your sector"),
    ("SECTOR", "answer", "CONST", "en", "Construction"),
    ("SECTOR", "answer", "AGRI", "en", "Agri-food"),
    ("SECTOR", "question", "SECTOR", "bg", "Вашият сектор"),
    ("SECTOR", "answer", "CONST", "bg", "Строителство"),
    ("SECTOR", "answer", "AGRI", "bg", ""),  # an empty translation in LimeSurvey
    ("IMPORT", "question", "IMPORT", "en", "How important is each skill?"),
    ("IMPORT", "subquestion", "SQ001", "en", "Energy efficiency"),
    ("DELIVERY", "question", "DELIVERY", "en", "Which formats would suit you?"),
    ("DELIVERY", "subquestion", "DF01", "en", "Online"),
]


@pytest.fixture()
def config(tmp_path: Path):
    root = make_project(tmp_path / "p")
    path = root / "config" / "surveys" / "sector.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["translations"]["it"] = {
        "questions": {
            "SECTOR": {"text": "Il suo settore", "answers": {"CONST": "Edilizia"}},
            "IMPORT": {"subquestions": {"SQ001": "Efficienza energetica"}},
        },
        "question_groups": {3: "Preferenze"},
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    loaded = load_survey_config(path)
    codebook = pd.DataFrame(ROWS, columns=["question", "item", "code", "language", "label"])
    store.folder(loaded).mkdir(parents=True, exist_ok=True)
    codebook.to_csv(store.folder(loaded) / "codebook.csv", index=False)
    return loaded


def test_the_codebook_first_then_the_config_then_the_base_language(config):
    bg = survey_labels(config, "bg")
    assert bg.question("SECTOR") == "Вашият сектор"
    assert bg.answers("SECTOR") == {"CONST": "Строителство", "AGRI": "Agri-food"}  # empty: base
    assert bg.fallbacks() == ["SECTOR:answer:AGRI"]
    it = survey_labels(config, "it")
    assert it.question("SECTOR") == "Il suo settore"
    assert it.answers("SECTOR") == {"CONST": "Edilizia", "AGRI": "Agri-food"}
    assert it.subquestion("IMPORT", "SQ001") == "Efficienza energetica"
    assert it.fallbacks() == ["SECTOR:answer:AGRI"]
    assert it.page(3, {"en": "Your preferences"}) == "Preferenze"
    assert it.page(2, {"en": "Profile", "it": "Profilo"}) == "Profilo"
    assert it.page(4, {"en": "Ratings"}) == "Ratings" and "question group 4" in it.fallbacks()
    en = survey_labels(config, "en")
    assert en.answer("SECTOR", "AGRI") == "Agri-food" and en.fallbacks() == []
    assert en.answer("SECTOR", "WOOD") is None  # not in the survey at all


def test_open_answer_columns_become_question_texts(config):
    en = survey_labels(config, "en")
    assert open_question_label(en, "DELIVERY", english) == "Which formats would suit you?"
    assert open_question_label(en, "DELIVERY[other]", english) == "Which formats would suit you?: other"
    assert open_question_label(en, "DELIVERY[comment]", english) == "Which formats would suit you?: comment"
    assert (
        open_question_label(en, "DELIVERY[DF01comment]", english)
        == "Which formats would suit you?: comment on “Online”"
    )
    assert open_question_label(en, "NOSUCH[other]", english) == "NOSUCH: other"
    bg = survey_labels(config, "bg")
    heading = open_question_label(bg, "SECTOR[other]", translator("bg").gettext)
    assert heading.startswith("Вашият сектор") and "other" not in heading


def test_a_translation_keyed_by_something_else_than_a_language_is_refused(config, tmp_path: Path):
    path = config.config_path
    data = yaml.safe_load(path.read_text("utf-8"))
    data["translations"]["Italian"] = {"questions": {}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(ConfigError, match="keyed by language code"):
        load_survey_config(path)


def test_the_report_says_which_texts_a_language_lacks(sample_project: Path, capsys):
    """German is in no survey and no config: every text the pages show is listed, and the
    warning says where to add them; English (the base) lacks nothing."""
    from analysis import pipeline

    config = load_survey_config(sample_project / "config" / "surveys" / "sector.yml")
    missing = missing_labels(config, "de")
    assert "SECTOR:answer:CONST" in missing and "IMPORT:subquestion:SQ020" in missing
    assert "OPENNEEDS:question" in missing and "COUNTRY:answer:BE" in missing
    assert len([m for m in missing if m.startswith("IMPORT:subquestion:")]) == 20
    assert missing_labels(config, "en") == []
    pipeline._warn_missing_labels([config], ["en", "de"])
    err = capsys.readouterr().err
    shown = f"warning: sector: the de pages show {len(missing)} text(s) of the survey in its base language"
    assert shown in err
    assert "translations: de: questions:" in err and "sector.yml" in err and "the en pages" not in err
