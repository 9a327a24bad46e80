"""Response rules: each flags raw responses that must not be analysed, with a reason per response.

Every rule is a pure function of the raw frame (all text) and its settings, returning a Series of
detail texts indexed like the rows it flags. :data:`RULES` lists them in the order they run, each
with the cleaning setting it reads; :func:`apply_rules` runs them: a response is excluded by the
first rule that flags it, so the exclusions list one row per response.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from analysis.config import (
    AttentionCheck,
    CleaningConfig,
    DuplicatesRule,
    SpeedersRule,
    StraightlinersRule,
    TestResponsesRule,
    TooFewAnswersRule,
)

__all__ = [
    "RULES",
    "RULE_ORDER",
    "RULE_REASONS",
    "ResponseRule",
    "RuleInputs",
    "Screening",
    "apply_rules",
    "attention_checks",
    "duplicate_responses",
    "incomplete_responses",
    "interview_seconds",
    "interview_time_sources",
    "speeders",
    "straightliners",
    "test_responses",
    "too_few_answers",
]

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


def incomplete_responses(responses: pd.DataFrame, keep_from_page: int | None = None) -> pd.Series:
    """Responses never submitted (empty submitdate), with the last page reached.

    With ``keep_from_page`` N, unsubmitted responses that reached page N (``lastpage`` >= N, e.g. the
    rating pages) are kept; their items on pages never reached are missing as "not shown".
    """
    if responses.empty:
        return _empty()
    unsubmitted = responses[responses["submitdate"] == ""]
    if keep_from_page is not None:
        lastpage = pd.to_numeric(unsubmitted["lastpage"], errors="coerce")
        unsubmitted = unsubmitted[~(lastpage >= keep_from_page)]
    lastpage = unsubmitted["lastpage"].replace("", "none")
    detail = "not submitted; last page reached: " + lastpage
    if keep_from_page is not None:
        detail = detail + f" (partials are kept from page {keep_from_page})"
    return detail.astype(object)


def attention_checks(responses: pd.DataFrame, checks: Sequence[AttentionCheck]) -> pd.Series:
    """Responses whose answer to an attention-check item is not the instructed one.

    An empty answer fails too (the item was on a page the response reached, or the response would
    have been excluded as incomplete); the first failed check is named.
    """
    details = pd.Series("", index=responses.index, dtype=object)
    for check in checks:
        if check.column not in responses:
            continue
        answer = responses[check.column]
        failed = ~answer.isin(check.expected) & (details == "")
        expected = " or ".join(check.expected)
        details[failed] = (
            f"{check.column}: answered " + answer[failed].map(lambda a: repr(a) if a else "nothing")
            + f", the instructed answer is {expected}"
        )
    return details[details != ""]


def _id_number(ids: pd.Series) -> pd.Series:
    return pd.to_numeric(ids.str.extract(r"(\d+)$")[0], errors="coerce").fillna(-1)


def _row_groups(responses: pd.DataFrame, columns: Sequence[str], rows: pd.Index) -> np.ndarray:
    """A group number per response of ``rows``: responses with equal cells in every column share one.

    Column by column (never a copy of the whole frame): the groups so far are refined by each
    column's codes.
    """
    positions = responses.index.get_indexer(rows)
    group = np.zeros(len(rows), dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(responses[column].to_numpy()[positions], use_na_sentinel=False)
        group = pd.factorize(group * max(len(uniques), 1) + codes)[0].astype(np.int64)
    return group


def _latest_of_groups(ids: pd.Series, group: np.ndarray, what: str) -> pd.Series:
    """Each row but the last of its group (``ids`` in the order of precedence), with the id kept."""
    latest = ids.groupby(group, sort=False).transform("last")
    flagged = ids != latest
    return (what + " as response " + latest[flagged] + ", the later submission, which is kept").astype(object)


def duplicate_responses(
    responses: pd.DataFrame,
    answer_columns: Sequence[str],
    rule: DuplicatesRule | None = None,
) -> pd.Series:
    """Responses that repeat another: the same non-empty token, or every answer equal.

    Of each set, the latest complete response is kept (complete before partial, then by submit date
    (partials: date stamp), then id number, then id); each other one is flagged with the id kept.
    Token duplicates are resolved first, then identical answers among the rest.
    """
    rule = rule or DuplicatesRule()
    if not rule.enabled or responses.empty:
        return _empty()
    complete = responses["submitdate"] != ""
    when = responses["submitdate"].where(complete, responses.get("datestamp", responses["submitdate"]))
    keys = pd.DataFrame(
        {"_complete": complete.astype(int), "_when": when, "_number": _id_number(responses["id"]),
         "id": responses["id"]},
        index=responses.index,
    )
    # the order of precedence, on the four sort keys only (the answers are read column by column)
    order = keys.sort_values(["_complete", "_when", "_number", "id"], kind="stable")["id"]
    flagged: list[pd.Series] = []
    if rule.by_token and "token" in responses:
        tokens = responses["token"].loc[order.index]
        tokened = order[(tokens != "").to_numpy()]
        if not tokened.empty:
            group = _row_groups(responses, ["token"], tokened.index)
            flagged.append(_latest_of_groups(tokened, group, "same token"))
    if rule.by_answers:
        rest = order.drop(index=flagged[0].index) if flagged else order
        columns = [c for c in answer_columns if c in responses]
        if columns and not rest.empty:
            group = _row_groups(responses, columns, rest.index)
            flagged.append(_latest_of_groups(rest, group, "same answers"))
    if not flagged:
        return _empty()
    return pd.concat(flagged).astype(object)


def _seconds(start: pd.Series, end: pd.Series) -> pd.Series:
    fmt = "%Y-%m-%d %H:%M:%S"
    started = pd.to_datetime(start.replace("", None), format=fmt, errors="coerce")
    ended = pd.to_datetime(end.replace("", None), format=fmt, errors="coerce")
    return (ended - started).dt.total_seconds()


def interview_seconds(responses: pd.DataFrame, placeholder_dates: Collection[str] = ()) -> pd.Series:
    """Interview time per response in seconds; NaN where unknown.

    LimeSurvey's ``interviewtime`` (exports with timings) where present and not empty, else, per
    response, submit date minus start date. A placeholder date (anonymised surveys) or an empty
    one makes the time unknown.
    """
    return _interview_times(responses, placeholder_dates)[0]


def interview_time_sources(
    responses: pd.DataFrame, placeholder_dates: Collection[str] = ()
) -> dict[str, int]:
    """How many responses :func:`interview_seconds` timed by each measure.

    Returns
    -------
    dict
        ``interviewtime`` (LimeSurvey's saved timing), ``dates`` (submit date minus start date)
        and ``unknown`` (neither), counts of responses.
    """
    source = _interview_times(responses, placeholder_dates)[1]
    return {name: int((source == name).sum()) for name in ("interviewtime", "dates", "unknown")}


def _interview_times(
    responses: pd.DataFrame, placeholder_dates: Collection[str]
) -> tuple[pd.Series, pd.Series]:
    seconds = pd.Series(np.nan, index=responses.index, dtype=float)
    if {"startdate", "submitdate"} <= set(responses.columns):
        start, end = responses["startdate"], responses["submitdate"]
        unknown = start.isin(placeholder_dates) | end.isin(placeholder_dates)
        seconds = _seconds(start.where(~unknown, ""), end.where(~unknown, "")).astype(float)
    source = pd.Series(np.where(seconds.notna(), "dates", "unknown"), index=responses.index, dtype=object)
    if "interviewtime" in responses:
        timed = pd.to_numeric(responses["interviewtime"], errors="coerce")
        seconds = timed.where(timed.notna(), seconds)
        source = source.where(timed.isna(), "interviewtime")
    return seconds, source


def speeders(
    responses: pd.DataFrame,
    rule: SpeedersRule,
    placeholder_dates: Collection[str] = (),
    not_in_median: Collection[object] = (),
) -> pd.Series:
    """Submitted responses faster than a share of the median interview time, as a fixed point.

    The median is taken over the submitted responses with a known time that are not speeders
    themselves (and not in ``not_in_median``: responses a later rule excludes); flagging and the
    median are iterated until stable, so that cleaning the kept responses again flags nobody.
    Responses without a known time are not judged.
    """
    if not rule.enabled or responses.empty:
        return _empty()
    submitted = responses[responses["submitdate"] != ""]
    seconds = interview_seconds(submitted, placeholder_dates).dropna()
    if seconds.empty:
        return _empty()
    reference = seconds.drop(index=[i for i in not_in_median if i in seconds.index])
    fast = pd.Series(False, index=seconds.index)
    median = float("nan")
    for _ in range(len(seconds) + 1):  # the flagged set only grows: at most n rounds
        pool = reference[~fast.reindex(reference.index, fill_value=False)]
        if pool.empty:
            break
        median = float(np.median(pool))
        now = seconds < rule.min_share_of_median * median
        if now.equals(fast):
            break
        fast = now
    flagged = seconds[fast]
    return pd.Series(
        [
            f"took {s:.0f} s, under {rule.min_share_of_median:.0%} of the median {median:.0f} s"
            for s in flagged
        ],
        index=flagged.index,
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


def too_few_answers(values: Mapping[str, pd.DataFrame], rule: TooFewAnswersRule) -> pd.Series:
    """Responses that answered less than ``min_share`` of a battery's items with a scale value.

    Don't know, not applicable, no answer and items never shown all count as not answered.
    """
    if not rule.enabled:
        return _empty()
    details: dict[object, str] = {}
    for battery, frame in values.items():
        if frame.shape[1] == 0:
            continue
        answered = frame.notna().sum(axis=1)
        few = answered < rule.min_share * frame.shape[1]
        for index in frame.index[few]:
            if index not in details:
                details[index] = (
                    f"{battery}: {int(answered[index])} of {frame.shape[1]} items answered, under "
                    f"{rule.min_share:.0%}"
                )
    return pd.Series(details, dtype=object)


@dataclass(frozen=True)
class RuleInputs:
    """What the rules read besides the responses still in play.

    ``batteries`` maps battery names to the numeric ratings of every raw response;
    ``not_in_median`` holds the responses that a rule judged up front flags, which the speeder
    median leaves out.
    """

    settings: CleaningConfig
    answer_columns: Sequence[str]
    batteries: Mapping[str, pd.DataFrame]
    not_in_median: frozenset[object] = frozenset()


@dataclass(frozen=True)
class ResponseRule:
    """One response rule: its name, the ``cleaning`` setting it reads, its reason and its call.

    ``flag`` takes the responses still in play and the :class:`RuleInputs` and returns a detail
    text per flagged response. A rule judged ``up_front`` reads only the rating batteries of
    every raw response: it runs before the others, so that the speeder median can leave out the
    responses it flags.
    """

    name: str
    setting: str
    reason: str
    flag: Callable[[pd.DataFrame, RuleInputs], pd.Series]
    up_front: bool = False

    def enabled(self, settings: CleaningConfig) -> bool:
        """Whether the survey switches the rule on (``enabled``; attention checks when any)."""
        value = getattr(settings, self.setting)
        return bool(value) if isinstance(value, tuple) else bool(value.enabled)


#: The response rules in the order they run.
RULES = (
    ResponseRule(
        "test_response", "test_responses", "a test run by the survey team, not a respondent",
        lambda responses, inputs: test_responses(responses, inputs.settings.test_responses),
    ),
    ResponseRule(
        "incomplete", "incomplete", "not submitted: the respondent left before the last page",
        lambda responses, inputs: incomplete_responses(
            responses, inputs.settings.incomplete.keep_from_page
        ),
    ),
    ResponseRule(
        "attention_check", "attention_checks", "failed an attention check (an instructed answer)",
        lambda responses, inputs: attention_checks(responses, inputs.settings.attention_checks),
    ),
    ResponseRule(
        "duplicate", "duplicates",
        "the same respondent or the same answers submitted twice; the latest is kept",
        lambda responses, inputs: duplicate_responses(
            responses, inputs.answer_columns, inputs.settings.duplicates
        ),
    ),
    ResponseRule(
        "speeder", "speeders", "answered implausibly fast compared with the median respondent",
        lambda responses, inputs: speeders(
            responses, inputs.settings.speeders, inputs.settings.placeholder_dates,
            inputs.not_in_median,
        ),
    ),
    ResponseRule(
        "straightliner", "straightliners",
        "gave one identical answer to every item of a rating battery",
        lambda responses, inputs: straightliners(inputs.batteries, inputs.settings.straightliners),
        up_front=True,
    ),
    ResponseRule(
        "too_few_answers", "too_few_answers",
        "answered too few items of a rating battery to be compared",
        lambda responses, inputs: too_few_answers(inputs.batteries, inputs.settings.too_few_answers),
        up_front=True,
    ),
)
RULE_ORDER = tuple(rule.name for rule in RULES)
RULE_REASONS = {rule.name: rule.reason for rule in RULES}


@dataclass(frozen=True)
class Screening:
    """The rules' verdicts: ``flagged`` (rule -> detail per excluded response, in raw order),
    ``kept`` (the responses no rule flags) and ``judged`` (rule -> the index of the responses it
    judged)."""

    flagged: dict[str, pd.Series]
    kept: pd.DataFrame
    judged: dict[str, pd.Index]


def apply_rules(responses: pd.DataFrame, inputs: RuleInputs) -> Screening:
    """Run :data:`RULES` in order, each on the responses no earlier rule excluded.

    A switched-off rule flags nobody. The rules judged up front run first, on every response, so
    that the speeder median is taken over the responses no rule excludes and cleaning the kept
    responses again flags nobody.
    """
    settings = inputs.settings
    up_front = {
        rule.name: rule.flag(responses, inputs)
        for rule in RULES if rule.up_front and rule.enabled(settings)
    }
    inputs = replace(inputs, not_in_median=frozenset().union(*(d.index for d in up_front.values())))
    flagged: dict[str, pd.Series] = {}
    judged: dict[str, pd.Index] = {}
    remaining = responses
    for rule in RULES:
        judged[rule.name] = remaining.index
        if not rule.enabled(settings):
            details = _empty()
        else:
            details = up_front[rule.name] if rule.up_front else rule.flag(remaining, inputs)
        details = details.reindex(remaining.index[remaining.index.isin(details.index)])
        flagged[rule.name] = details
        remaining = remaining.drop(index=details.index)
    return Screening(flagged, remaining, judged)
