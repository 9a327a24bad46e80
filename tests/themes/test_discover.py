"""Discovery of candidate themes: TF-IDF + NMF per language, deterministic."""

from __future__ import annotations

import pandas as pd

from analysis.themes.discover import CANDIDATE_COLUMNS, candidate_themes

TEXTS = (
    ["Podcast episodes about green skills for busy staff"] * 4
    + ["Mentoring by experienced colleagues on the shop floor"] * 4
    + ["Short video lessons on green skills"] * 2
    + ["Water reuse in food processing"] * 3
)


def frame():
    return pd.DataFrame(
        {
            "source": "open_answer",
            "source_id": [f"R{i}" for i in range(len(TEXTS))],
            "question": "OPEN",
            "segment": 0,
            "language": "en",
            "text": TEXTS,
        }
    )


def coded_water(segments):
    water = segments[segments["text"].str.startswith("Water")]
    return water.assign(theme="water")[
        ["source", "source_id", "question", "segment", "language", "theme", "text"]
    ]


def test_candidates_group_the_uncoded_segments_by_their_terms():
    segments = frame()
    candidates = candidate_themes(segments, coded_water(segments), per_language=3)
    assert list(candidates.columns) == list(CANDIDATE_COLUMNS)
    assert candidates["uncoded_only"].all()
    terms = " ".join(candidates["top_terms"])
    assert "podcast" in terms and "mentor" in terms
    assert "water" not in " ".join(candidates["examples"])  # coded segments are left out
    assert candidates["size"].sum() == 10
    assert candidates["candidate"].tolist() == list(range(1, len(candidates) + 1))


def test_all_segments_when_asked_and_the_same_candidates_every_time():
    segments = frame()
    first = candidate_themes(segments, coded_water(segments), uncoded_only=False)
    pd.testing.assert_frame_equal(
        first, candidate_themes(segments, coded_water(segments), uncoded_only=False)
    )
    assert not first["uncoded_only"].any()
    assert "water" in " ".join(first["top_terms"])


def test_a_language_with_too_few_segments_gets_no_candidate():
    segments = frame().head(3)
    assert candidate_themes(segments, segments.iloc[0:0].assign(theme=[])).empty
