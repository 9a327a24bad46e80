"""The themes tables: mentions per respondent, bases, shares and suppression of small groups."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.themes.codebook import Theme, ThemeCodebook
from analysis.themes.results import open_answer_segments, theme_skills, theme_table

CODEBOOK = ThemeCodebook(
    themes=(
        Theme(
            id="water",
            labels={"en": "Water", "it": "Acqua"},
            patterns={"en": ("water",)},
            skills=("water_management",),
        ),
        Theme(
            id="solar",
            labels={"en": "Solar"},
            patterns={"en": ("solar",)},
            skills=("renewable_energy", "efficient_building"),
        ),
    )
)


def segments_and_codes():
    # 7 respondents with text: 6 in IT, 1 in BG; R1 mentions water twice (two segments)
    segments = pd.DataFrame(
        {
            "source": "open_answer",
            "source_id": ["R1", "R1", "R2", "R3", "R4", "R5", "R6", "R7"],
            "question": "OPEN",
            "segment": [0, 1, 0, 0, 0, 0, 0, 0],
            "language": "en",
            "text": "t",
            "country": ["IT", "IT", "IT", "IT", "IT", "IT", "IT", "BG"],
        }
    )
    coded = pd.DataFrame(
        {
            "source": "open_answer",
            "source_id": ["R1", "R1", "R2", "R7", "R3"],
            "question": "OPEN",
            "segment": [0, 1, 0, 0, 0],
            "language": "en",
            "theme": ["water", "water", "water", "water", "solar"],
            "text": "t",
        }
    )
    return segments, coded


def test_mentions_count_respondents_once_and_share_is_over_those_with_text():
    segments, coded = segments_and_codes()
    table = theme_table(
        segments,
        coded,
        CODEBOOK,
        by=("country",),
        min_n=5,
        group_labels={"country": {"IT": "Italy", "BG": "Bulgaria"}},
        lang="it",
    )
    overall = table[table["scope"] == "overall"].set_index("theme")
    assert overall.loc["water", ["mentions", "base"]].tolist() == [3, 7]  # R1, R2, R7
    assert overall.loc["water", "share"] == pytest.approx(3 / 7)
    assert overall.loc["solar", "mentions"] == 1
    assert overall.loc["water", "theme_label"] == "Acqua"
    assert overall.loc["water", "group_label"] == "All respondents"
    italy = table[(table["scope"] == "country") & (table["group"] == "IT")].set_index("theme")
    assert italy.loc["water", ["mentions", "base", "group_label"]].tolist() == [2, 6, "Italy"]
    assert not italy["suppressed"].any()
    bulgaria = table[(table["scope"] == "country") & (table["group"] == "BG")]
    assert bulgaria["suppressed"].all()  # a base of 1 < min_group_n 5: blanked
    assert bulgaria["mentions"].isna().all() and bulgaria["share"].isna().all()
    assert bulgaria["base"].isna().all()
    assert table["scope"].tolist()[:2] == ["overall", "overall"]  # overall first
    assert list(table.columns) == [
        "scope",
        "group",
        "group_label",
        "theme",
        "theme_label",
        "source",
        "mentions",
        "base",
        "share",
        "suppressed",
    ]


def test_every_source_has_its_own_base():
    segments, coded = segments_and_codes()
    interviews = pd.DataFrame(
        {
            "source": "interview",
            "source_id": ["int-01"],
            "question": "",
            "segment": [0],
            "language": "en",
            "text": "t",
            "country": ["IT"],
        }
    )
    table = theme_table(pd.concat([segments, interviews]), coded, CODEBOOK, min_n=1)
    assert table.groupby("source")["base"].first().to_dict() == {"interview": 1, "open_answer": 7}


def test_theme_skill_links():
    assert theme_skills(CODEBOOK).values.tolist() == [
        ["water", "water_management"],
        ["solar", "renewable_energy"],
        ["solar", "efficient_building"],
    ]


def test_open_answers_get_the_base_language_when_they_have_none_and_their_profile():
    open_text = pd.DataFrame(
        {
            "respondent_id": ["R1", "R2", "R3"],
            "question": "OPEN",
            "language": ["it", None, "bg"],
            "text": ["Acqua", "Water", "  "],
        }
    )
    respondents = pd.DataFrame({"respondent_id": ["R1", "R2", "R3"], "country": ["IT", "BE", "BG"]})
    texts = open_answer_segments(open_text, respondents, "en", ("country", "sector"))
    assert texts[["source_id", "language", "country"]].values.tolist() == [
        ["R1", "it", "IT"],
        ["R2", "en", "BE"],
    ]
    assert (texts["source"] == "open_answer").all()


def test_no_texts_give_an_empty_table_with_its_columns():
    segments = pd.DataFrame(
        columns=["source", "source_id", "question", "segment", "language", "text", "country"]
    )
    coded = pd.DataFrame(columns=["source", "source_id", "question", "segment", "language", "theme", "text"])
    table = theme_table(segments, coded, CODEBOOK, by=("country",))
    assert table.empty and list(table.columns) == [
        "scope",
        "group",
        "group_label",
        "theme",
        "theme_label",
        "source",
        "mentions",
        "base",
        "share",
        "suppressed",
    ]
