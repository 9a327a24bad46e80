"""Response rules: each flags raw responses that must not be analysed, with a reason per response.

Every rule is a pure function of the raw frame (all text) and its settings, returning a Series of
detail texts indexed like the rows it flags. Rules run in :data:`RULE_ORDER`; a response is
excluded by the first rule that flags it, so the exclusions list one row per response.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.config import SpeedersRule, StraightlinersRule, TestResponsesRule

__all__ = [
    "RULE_ORDER",
    "RULE_REASONS",
    "duplicate_responses",
    "incomplete_responses",
    "speeders",
    "straightliners",
    "test_responses",
]

RULE_ORDER = ("test_response", "incomplete", "duplicate", "speeder", "straightliner")
RULE_REASONS = {
    "test_response": "a test run by the survey team, not a respondent",
    "incomplete": "not submitted: the respondent left before the last page",
    "duplicate": "the same answers submitted twice; the latest submission is kept",
    "speeder": "answered implausibly fast compared with the median respondent",
    "straightliner": "gave one identical answer to every item of a rating battery",
}


def _empty() -> pd.Series:
    return pd.Series(dtype=object)


def test_responses(responses: pd.DataFrame, rule: TestResponsesRule) -> pd.Series:
    """Responses listed by id, matching the test marker, or started before fieldwork opened."""
    if not rule.enabled or responses.empty:
        return _empty()
    details = pd.Series("", index=responses.index, dtype=object)
    listed = responses["id"].isin(rule.ids)
    details[listed] = "listed as a test response in the survey config"
    if rule.marker_column and rule.marker_pattern:
        pattern = re.compile(rule.marker_pattern)
        text = responses.get(rule.marker_column, pd.Series("", index=responses.index))
        marked = text.map(lambda value: bool(pattern.search(value))) & ~listed
        details[marked] = f"{rule.marker_column} matches the test marker {rule.marker_pattern!r}"
    if rule.fieldwork_start and "startdate" in responses:
        started = responses["startdate"].str.slice(0, 10)
        early = (started != "") & (started < rule.fieldwork_start) & (details == "")
        details[early] = (
            "started on " + started[early] + ", before fieldwork opened on " + rule.fieldwork_start
        )
    return details[details != ""]


def incomplete_responses(responses: pd.DataFrame) -> pd.Series:
    """Responses never submitted (empty submitdate), with the last page reached."""
    unsubmitted = responses[responses["submitdate"] == ""]
    lastpage = unsubmitted["lastpage"].replace("", "none")
    return ("not submitted; last page reached: " + lastpage).astype(object)


def duplicate_responses(responses: pd.DataFrame, answer_columns: Sequence[str]) -> pd.Series:
    """Submitted responses whose every answer equals a later submitted response's.

    The latest submission (by submit date, then id) of each set of identical answers is kept; each
    earlier one is flagged with the id it duplicates.
    """
    submitted = responses[responses["submitdate"] != ""]
    if submitted.empty:
        return _empty()
    order = submitted.assign(_number=submitted["id"].str.extract(r"(\d+)$")[0].astype(int))
    order = order.sort_values(["submitdate", "_number", "id"], kind="stable")
    latest = order.groupby(list(answer_columns), sort=False, dropna=False)["id"].transform("last")
    flagged = order["id"] != latest
    detail = "same answers as response " + latest[flagged] + ", the later submission, which is kept"
    return detail.astype(object)


def _seconds(start: pd.Series, end: pd.Series) -> pd.Series:
    fmt = "%Y-%m-%d %H:%M:%S"
    started = pd.to_datetime(start.replace("", None), format=fmt)
    ended = pd.to_datetime(end.replace("", None), format=fmt)
    return (ended - started).dt.total_seconds()


def speeders(responses: pd.DataFrame, rule: SpeedersRule) -> pd.Series:
    """Submitted responses faster than a share of the median interview time.

    The interview time is submit date minus start date (LimeSurvey's date stamps); the median is
    taken over the submitted responses given to the rule.
    """
    if not rule.enabled or "startdate" not in responses:
        return _empty()
    submitted = responses[(responses["submitdate"] != "") & (responses["startdate"] != "")]
    if submitted.empty:
        return _empty()
    seconds = _seconds(submitted["startdate"], submitted["submitdate"])
    median = float(np.median(seconds))
    threshold = rule.min_share_of_median * median
    fast = seconds[seconds < threshold]
    return pd.Series(
        [
            f"took {s:.0f} s, under {rule.min_share_of_median:.0%} of the median {median:.0f} s"
            for s in fast
        ],
        index=fast.index,
        dtype=object,
    )


def straightliners(
    values: Mapping[str, pd.DataFrame], rule: StraightlinersRule
) -> pd.Series:
    """Responses giving one identical answer to every answered item of a rating battery.

    Parameters
    ----------
    values
        Battery name -> numeric ratings (rows = responses, columns = items, NaN = no answer).
    rule
        ``min_items``: batteries with fewer answered items are not judged.
    """
    if not rule.enabled:
        return _empty()
    details: dict[object, str] = {}
    for battery, frame in values.items():
        answered = frame.notna().sum(axis=1)
        spread = frame.max(axis=1) - frame.min(axis=1)
        flat = (answered >= rule.min_items) & (spread == 0)
        for index in frame.index[flat]:
            if index not in details:
                value = frame.loc[index].dropna().iloc[0]
                details[index] = (
                    f"{battery}: all {int(answered[index])} answered items are {value:g}"
                )
    return pd.Series(details, dtype=object)
