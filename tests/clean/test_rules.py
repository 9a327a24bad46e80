"""Each response rule on tiny frames, and all of them on the real LimeSurvey export."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.clean import rules
from analysis.config import (
    AttentionCheck,
    CleaningConfig,
    DuplicatesRule,
    SpeedersRule,
    StraightlinersRule,
    TestResponsesRule,
    TooFewAnswersRule,
)


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


def test_incomplete_can_keep_partials_that_reached_a_page():
    raw = frame(
        [
            ["1", "", "1", "2025-03-01 10:00:00", "", ""],
            ["2", "", "2", "2025-03-01 10:00:00", "A", ""],
            ["3", "", "", "2025-03-01 10:00:00", "", ""],
            ["4", "2025-03-01 10:10:00", "3", "2025-03-01 10:00:00", "A", ""],
        ]
    )
    assert sorted(rules.incomplete_responses(raw).index) == [0, 1, 2]
    kept_partials = rules.incomplete_responses(raw, keep_from_page=2)
    assert sorted(kept_partials.index) == [0, 2]
    assert "partials are kept from page 2" in kept_partials[0]


def test_placeholder_submit_date_still_counts_as_submitted():
    raw = frame([["1", "1980-01-01 00:00:00", "3", "1980-01-01 00:00:00", "A", ""]])
    assert rules.incomplete_responses(raw).empty


def test_attention_checks_fail_wrong_and_empty_answers():
    raw = frame(
        [
            ["1", "x", "3", "", "A3", ""],
            ["2", "x", "3", "", "A1", ""],
            ["3", "x", "3", "", "", ""],
        ]
    )
    details = rules.attention_checks(raw, [AttentionCheck(column="Q1", expected=["A3"])])
    assert details.to_dict() == {
        1: "Q1: answered 'A1', the instructed answer is A3",
        2: "Q1: answered nothing, the instructed answer is A3",
    }
    assert rules.attention_checks(raw, []).empty


def tokened(rows):
    columns = ["id", "submitdate", "lastpage", "token", "datestamp", "Q1"]
    return pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows], dtype=object)


def test_duplicates_by_token_keep_the_latest_complete_one():
    raw = tokened(
        [
            ["1", "2025-03-01 10:10:00", "3", "tok", "2025-03-01 10:10:00", "A"],
            ["2", "2025-03-02 10:10:00", "3", "tok", "2025-03-02 10:10:00", "B"],
            ["3", "", "2", "tok", "2025-03-03 10:10:00", "C"],  # later, but a partial
            ["4", "2025-03-01 10:10:00", "3", "", "2025-03-01 10:10:00", "Z"],
            ["5", "2025-03-01 11:10:00", "3", "", "2025-03-01 11:10:00", "Z"],
        ]
    )
    details = rules.duplicate_responses(raw, ["Q1"])
    assert sorted(details.index) == [0, 2, 3]
    assert details[0] == "same token as response 2, the later submission, which is kept"
    assert details[3] == "same answers as response 5, the later submission, which is kept"
    assert sorted(rules.duplicate_responses(raw, ["Q1"], DuplicatesRule(by_token=False)).index) == [3]
    assert sorted(rules.duplicate_responses(raw, ["Q1"], DuplicatesRule(by_answers=False)).index) == [0, 2]
    assert rules.duplicate_responses(raw, ["Q1"], DuplicatesRule(enabled=False)).empty


def timed(durations, placeholder=()):
    rows = []
    for i, seconds in enumerate(durations):
        start = pd.Timestamp("2025-03-01 10:00:00")
        end = start + pd.Timedelta(seconds=seconds)
        rows.append([str(i + 1), end.strftime("%Y-%m-%d %H:%M:%S"), "3",
                     start.strftime("%Y-%m-%d %H:%M:%S"), "A", ""])
    raw = frame(rows)
    for index in placeholder:
        raw.loc[index, ["startdate", "submitdate"]] = "1980-01-01 00:00:00"
    return raw


def test_speeders_are_a_fixed_point():
    # median of all 7 is 300 s (threshold 90 s: flags 10 and 50); without them the median is
    # 600 s (threshold 180 s: flags 100 too); then 650 s -> 195 s: stable
    raw = timed([10, 50, 100, 300, 600, 700, 800])
    rule = SpeedersRule(min_share_of_median=0.3)
    details = rules.speeders(raw, rule)
    assert sorted(details.index) == [0, 1, 2]
    assert details[2] == "took 100 s, under 30% of the median 650 s"
    assert rules.speeders(raw.drop(index=details.index), rule).empty


def test_speeders_median_leaves_out_what_later_rules_exclude():
    raw = timed([150, 200, 210, 220, 600, 700, 800])
    rule = SpeedersRule(min_share_of_median=0.3)
    assert rules.speeders(raw, rule).empty  # median 220 s, threshold 66 s
    # 1-3 are excluded by a later rule: median 650 s (flags 150 s), then 700 s (flags 200 s too)
    details = rules.speeders(raw, rule, not_in_median=[1, 2, 3])
    assert sorted(details.index) == [0, 1]


def test_speeders_use_interviewtime_and_skip_placeholder_dates():
    raw = timed([600, 600, 600, 600, 10], placeholder=[4])
    rule = SpeedersRule()
    assert rules.speeders(raw, rule, placeholder_dates=["1980-01-01 00:00:00"]).empty
    assert rules.interview_seconds(raw, ["1980-01-01 00:00:00"]).isna().tolist() == [False] * 4 + [True]
    raw["interviewtime"] = ["600", "600", "600", "600", "12.5"]
    assert list(rules.speeders(raw, rule, placeholder_dates=["1980-01-01 00:00:00"]).index) == [4]


def test_speeders_judge_by_interviewtime_over_the_dates():
    # dates say 600 s for everyone; LimeSurvey's saved interview time says 12 s for response 4
    raw = timed([600, 600, 600, 600, 600])
    raw["interviewtime"] = ["590", "610", "600", "605", "12"]
    details = rules.speeders(raw, SpeedersRule())
    assert details.to_dict() == {4: "took 12 s, under 30% of the median 602 s"}
    assert rules.interview_time_sources(raw) == {"interviewtime": 5, "dates": 0, "unknown": 0}


def test_speeders_not_found_when_interviewtime_is_normal_and_the_dates_are_short():
    # the dates say 10 s for response 4 (a resumed session, say); its saved timing says 590 s
    raw = timed([600, 600, 600, 600, 10])
    raw["interviewtime"] = ["590", "610", "600", "605", "590"]
    assert rules.speeders(raw, SpeedersRule()).empty


def test_empty_interviewtime_falls_back_to_the_dates_per_response():
    raw = timed([600, 600, 600, 600, 10])
    raw["interviewtime"] = ["590", "610", "600", "605", ""]
    assert list(rules.speeders(raw, SpeedersRule()).index) == [4]
    assert rules.interview_seconds(raw).tolist() == [590.0, 610.0, 600.0, 605.0, 10.0]
    assert rules.interview_time_sources(raw) == {"interviewtime": 4, "dates": 1, "unknown": 0}
    placeholder = timed([600, 10], placeholder=[1])
    assert rules.interview_time_sources(placeholder, ["1980-01-01 00:00:00"]) == {
        "interviewtime": 0, "dates": 1, "unknown": 1
    }


def test_speeders_with_one_respondent_flag_nobody():
    assert rules.speeders(timed([5]), SpeedersRule()).empty


def test_too_few_answers_share_of_the_battery():
    battery = pd.DataFrame(
        {"a": [1, np.nan, np.nan, np.nan], "b": [2, 3, np.nan, np.nan], "c": [3, 4, 5, np.nan],
         "d": [4, 5, 1, np.nan]},
        dtype=float,
    )
    details = rules.too_few_answers({"IMPORT": battery}, TooFewAnswersRule(min_share=0.5))
    assert details.to_dict() == {3: "IMPORT: 0 of 4 items answered, under 50%"}  # 2 of 4 is enough
    strict = rules.too_few_answers({"IMPORT": battery}, TooFewAnswersRule(min_share=0.75))
    assert sorted(strict.index) == [2, 3]
    assert rules.too_few_answers({"IMPORT": battery}, TooFewAnswersRule(enabled=False)).empty
    assert rules.too_few_answers({"IMPORT": battery.iloc[:0]}, TooFewAnswersRule()).empty


def test_the_rule_table_names_each_rule_once_with_its_cleaning_setting():
    from analysis.clean import RULE_SETTINGS

    order = (
        "test_response", "incomplete", "attention_check", "duplicate", "speeder", "straightliner",
        "too_few_answers",
    )
    assert order == rules.RULE_ORDER
    assert {rule.name: rule.setting for rule in rules.RULES} == RULE_SETTINGS
    assert set(RULE_SETTINGS.values()) <= set(CleaningConfig.model_fields)
    assert set(rules.RULE_REASONS) == set(rules.RULE_ORDER)
    by_name = {rule.name: rule for rule in rules.RULES}
    assert by_name["speeder"].enabled(CleaningConfig())
    assert not by_name["speeder"].enabled(CleaningConfig(speeders=SpeedersRule(enabled=False)))
    assert not by_name["attention_check"].enabled(CleaningConfig())
    checks = (AttentionCheck(column="Q1", expected=["A"]),)
    assert by_name["attention_check"].enabled(CleaningConfig(attention_checks=checks))


def test_apply_rules_excludes_each_response_by_the_first_rule_that_flags_it():
    # id 2 is both a listed test run and incomplete: the test rule, first, takes it; ids 4 and 5
    # give one answer to both items (straight-liners); id 1 repeats id 4's answers (duplicate)
    settings = CleaningConfig(
        test_responses=TestResponsesRule(ids=["2", "3"]),
        speeders=SpeedersRule(enabled=False),
        straightliners=StraightlinersRule(min_items=2),
    )
    battery = pd.DataFrame(
        {"a": [1, 2, 3, 4, 4, 1], "b": [2, 2, 1, 4, 4, 3]}, index=RAW.index, dtype=float
    )
    screening = rules.apply_rules(RAW, rules.RuleInputs(settings, ["Q1", "TXT"], {"B": battery}))
    flagged = {rule: sorted(details.index) for rule, details in screening.flagged.items()}
    assert flagged == {
        "test_response": [1, 2], "incomplete": [], "attention_check": [], "duplicate": [0],
        "speeder": [], "straightliner": [3, 4], "too_few_answers": [],
    }
    assert list(screening.kept.index) == [5]
    assert list(screening.judged["straightliner"]) == [3, 4, 5]
    assert screening.flagged["duplicate"][0] == (
        "same answers as response 4, the later submission, which is kept"
    )


def test_apply_rules_takes_the_speeder_median_without_the_straightliners():
    # all five: median 200 s, nobody under 30% (60 s); without the three straight-liners the
    # median is 1000 s and their 200 s are under 300 s: the speeder rule, earlier, takes them
    raw = timed([1000, 1000, 200, 200, 200])
    battery = pd.DataFrame({"a": [1, 2, 3, 3, 3], "b": [2, 1, 3, 3, 3]}, index=raw.index, dtype=float)
    settings = CleaningConfig(
        duplicates=DuplicatesRule(enabled=False), straightliners=StraightlinersRule(min_items=2)
    )
    screening = rules.apply_rules(raw, rules.RuleInputs(settings, ["Q1"], {"B": battery}))
    assert sorted(screening.flagged["speeder"].index) == [2, 3, 4]
    assert screening.flagged["straightliner"].empty
    off = CleaningConfig(
        duplicates=DuplicatesRule(enabled=False), straightliners=StraightlinersRule(enabled=False)
    )
    assert rules.apply_rules(raw, rules.RuleInputs(off, ["Q1"], {"B": battery})).flagged["speeder"].empty
