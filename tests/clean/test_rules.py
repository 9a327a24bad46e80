"""Each response rule on tiny frames, and all of them on the real LimeSurvey export."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.clean import rules
from analysis.config import SpeedersRule, StraightlinersRule, TestResponsesRule


def frame(rows):
    columns = ["id", "submitdate", "lastpage", "startdate", "Q1", "TXT"]
    return pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows], dtype=object)


RAW = frame(
    [
        ["1", "2025-03-01 10:10:00", "3", "2025-03-01 10:00:00", "A", ""],
        ["2", "", "1", "2025-03-02 10:00:00", "", ""],
        ["3", "2025-03-03 10:20:00", "3", "2025-03-03 10:00:00", "B", "TEST please ignore"],
        ["4", "2025-03-04 10:09:00", "3", "2025-03-04 10:00:00", "A", ""],
        ["5", "2025-03-05 10:01:00", "3", "2025-03-05 10:00:00", "C", ""],
        ["6", "2025-02-20 10:10:00", "3", "2025-02-20 10:00:00", "D", ""],
    ]
)


def test_incomplete_is_an_empty_submit_date():
    details = rules.incomplete_responses(RAW)
    assert details.to_dict() == {1: "not submitted; last page reached: 1"}


def test_test_responses_by_id_marker_and_date():
    rule = TestResponsesRule(
        ids=["5"], marker_column="TXT", marker_pattern=r"(?i)^\s*test\b", fieldwork_start="2025-03-01"
    )
    details = rules.test_responses(RAW, rule)
    assert sorted(details.index) == [2, 4, 5]
    assert details[4] == "listed as a test response in the survey config"
    assert "matches the test marker" in details[2]
    assert details[5] == "started on 2025-02-20, before fieldwork opened on 2025-03-01"


def test_disabled_rule_flags_nothing():
    assert rules.test_responses(RAW, TestResponsesRule(enabled=False, ids=["1"])).empty


def test_duplicates_keep_the_latest_submission():
    details = rules.duplicate_responses(RAW, ["Q1", "TXT"])
    # 1 and 4 answered the same; 4 was submitted later and is kept
    assert details.to_dict() == {0: "same answers as response 4, the later submission, which is kept"}


def test_duplicates_at_the_same_time_keep_the_higher_id():
    raw = frame(
        [
            ["11", "2025-03-01 10:10:00", "3", "2025-03-01 10:00:00", "A", ""],
            ["79", "2025-03-01 10:10:00", "3", "2025-03-01 10:00:00", "A", ""],
        ]
    )
    assert list(rules.duplicate_responses(raw, ["Q1", "TXT"]).index) == [0]


def test_speeders_against_the_median_duration():
    # durations of submitted responses: 600, 1200, 540, 60, 600 s -> median 600 s, threshold 180 s
    details = rules.speeders(RAW, SpeedersRule(min_share_of_median=0.3))
    assert details.to_dict() == {4: "took 60 s, under 30% of the median 600 s"}


def test_straightliners_need_enough_answered_items():
    battery = pd.DataFrame(
        {
            "a": [3, 3, 1, np.nan],
            "b": [3, 3, 2, 4],
            "c": [3, np.nan, 3, 4],
        },
        dtype=float,
    )
    details = rules.straightliners({"IMPORT": battery}, StraightlinersRule(min_items=3))
    assert details.to_dict() == {0: "IMPORT: all 3 answered items are 3"}
    lenient = rules.straightliners({"IMPORT": battery}, StraightlinersRule(min_items=2))
    assert sorted(lenient.index) == [0, 1, 3]


@pytest.mark.parametrize("rule", ["incomplete", "duplicate", "speeder"])
def test_rules_accept_an_empty_survey(rule):
    empty = RAW.iloc[:0]
    if rule == "incomplete":
        assert rules.incomplete_responses(empty).empty
    elif rule == "duplicate":
        assert rules.duplicate_responses(empty, ["Q1"]).empty
    else:
        assert rules.speeders(empty, SpeedersRule()).empty
