"""Segments, lemmas and dictionary autocoding."""

from __future__ import annotations

import pandas as pd

from analysis.themes.codebook import Theme, ThemeCodebook
from analysis.themes.coding import code_segments, detect_language, lemmas, segment_texts, split_sentences

CODEBOOK = ThemeCodebook(
    themes=(
        Theme(
            id="heat_pumps",
            patterns={"en": ("heat pump",), "it": ("pompa di calore",), "fi": ("lämpöpump*",)},
        ),
        Theme(
            id="circular_economy",
            patterns={"en": ("circular economy",), "nl": ("circulaire economie",), "fi": ("kiertotalou*",)},
        ),
        Theme(id="water", patterns={"en": ("water",), "it": ("acqua",)}),
        Theme(id="cyber", patterns={"el": ("κυβερνοασφάλεια",)}),
    )
)


def texts(*rows):
    return pd.DataFrame(
        [("open_answer", f"R{i}", "OPEN", lang, text) for i, (lang, text) in enumerate(rows)],
        columns=["source", "source_id", "question", "language", "text"],
    )


def coded(*rows, languages=None):
    result = code_segments(segment_texts(texts(*rows)), CODEBOOK, languages)
    return sorted(zip(result["source_id"], result["theme"], strict=True))


def test_sentences_end_at_punctuation_and_line_breaks():
    assert split_sentences("Heat pumps. Water reuse!\nSolar; storage") == [
        "Heat pumps.",
        "Water reuse!",
        "Solar;",
        "storage",
    ]
    assert split_sentences("  \n ") == []


def test_lemmas_are_lower_case_without_accents():
    assert lemmas("Heat Pumps", "en") == [("heat", "heat"), ("pumps", "pump")]
    assert lemmas("Κυβερνοασφάλεια", "el")[0][0] == "κυβερνοασφαλεια"


def test_phrases_match_on_lemmas_in_the_segments_language():
    assert coded(
        ("en", "Practical training on HEAT PUMPS for technicians."),
        ("it", "Formazione sulle pompe di calore e gestione dell'acqua."),
        ("fi", "Lyhyitä kiertotalouskursseja.\nLämpöpumput"),
        ("el", "Κυβερνοασφάλεια για την τοπική αυτοδιοίκηση."),
    ) == [
        ("R0", "heat_pumps"),
        ("R1", "heat_pumps"),
        ("R1", "water"),
        ("R2", "circular_economy"),
        ("R2", "heat_pumps"),
        ("R3", "cyber"),
    ]


def test_a_phrase_needs_its_words_in_order_and_close_together():
    assert coded(("en", "The pump heats the water.")) == [("R0", "water")]
    assert coded(("en", "Economy is never circular, said the long report.")) == []
    assert coded(("en", "A heat and cooling pump.")) == [("R0", "heat_pumps")]  # one word between


def test_a_pattern_of_another_language_does_not_match():
    assert coded(("en", "Pompa di calore")) == []


def test_a_text_plainly_in_another_candidate_language_is_coded_in_it():
    text = "Meer kennis over circulaire economie en hergebruik van materialen."
    assert detect_language(text, "en", ("en", "nl", "fr")) == "nl"
    assert coded(("en", text), languages=("en", "nl")) == [("R0", "circular_economy")]
    assert coded(("en", text), languages=("en",)) == []
    assert detect_language("Green marketing without greenwashing.", "en", ("en", "nl", "fr")) == "en"
    assert detect_language("Heat pumps", "en", ("nl",)) == "en"  # too short to tell


def test_coding_is_deterministic_and_keeps_the_segment_text():
    frame = segment_texts(texts(("en", "Water. Heat pumps and water.")))
    first, second = code_segments(frame, CODEBOOK), code_segments(frame, CODEBOOK)
    pd.testing.assert_frame_equal(first, second)
    assert first[["segment", "theme", "text"]].values.tolist() == [
        [0, "water", "Water."],
        [1, "heat_pumps", "Heat pumps and water."],
        [1, "water", "Heat pumps and water."],
    ]


def test_no_segments_and_an_unknown_language_code_nothing():
    assert code_segments(segment_texts(texts()), CODEBOOK).empty
    assert coded(("xx", "Heat pumps and water everywhere today."), languages=("xx", "en")) == []
