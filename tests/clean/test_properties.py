"""Properties of `clean` on generated messy surveys: nothing lost, idempotent, order-free."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from small_survey import COUNTRIES, KEY, raw_survey, row

from analysis.clean import clean

RATING = st.sampled_from(["1", "2", "3", "4", "5", ""])
TEXT = st.sampled_from(["", " Timiş ", "Timiș", "call +40 721 555 010", "a@example.org", "ok"])
KINDS = ["normal", "normal", "incomplete", "duplicate", "token", "speeder", "straightliner", "sparse"]


@st.composite
def messy_survey(draw: st.DrawFn) -> list[dict[str, object]]:
    """Up to 14 responses: complete, incomplete, duplicated, speeding, straight-lining, sparse."""
    n = draw(st.integers(0, 14))
    rows: list[dict[str, object]] = []
    for i in range(1, n + 1):
        kind = draw(st.sampled_from(KINDS))
        minutes = draw(st.integers(0, 59))
        duration = draw(st.integers(20, 40)) if kind == "speeder" else draw(st.integers(300, 2400))
        start = pd.Timestamp("2025-03-10 08:00:00") + pd.Timedelta(minutes=minutes * 7 + i)
        submit = (start + pd.Timedelta(seconds=duration)).strftime("%Y-%m-%d %H:%M:%S")
        fields = {
            "importance": draw(st.lists(RATING, min_size=4, max_size=4)),
            "proficiency": draw(st.lists(RATING, min_size=4, max_size=4)),
            "country": draw(st.sampled_from(COUNTRIES)),
            "text": draw(TEXT),
            "token": draw(st.sampled_from(["", "", "t1", "t2"])) if kind == "token" else "",
        }
        if kind == "straightliner":
            value = draw(st.sampled_from(["1", "3", "5"]))
            fields["importance"] = [value] * 4
        if kind == "sparse":
            fields["proficiency"] = ["", "", "", draw(RATING)]
        if kind == "duplicate" and rows:
            earlier = draw(st.sampled_from(rows))
            fields["importance"] = [earlier[f"IMPORT[SQ00{k}]"] for k in range(1, 5)]
            fields["proficiency"] = [earlier[f"PROFIC[SQ00{k}]"] for k in range(1, 5)]
            fields |= {"country": earlier["COUNTRY"], "text": earlier["OPENNEEDS"]}
        if kind == "incomplete":
            rows.append(row(str(i), submit="", lastpage=draw(st.sampled_from(["1", "2"])),
                            start=start.strftime("%Y-%m-%d %H:%M:%S"), **fields))
        else:
            rows.append(row(str(i), submit=submit, start=start.strftime("%Y-%m-%d %H:%M:%S"), **fields))
    return rows


def _sorted(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return frame.sort_values(by, kind="stable").reset_index(drop=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=messy_survey(), seed=st.randoms(use_true_random=False))
def test_clean_is_complete_idempotent_and_order_free(rows, seed):
    raw = raw_survey(rows)
    first = clean(raw, key=KEY)

    # every raw response is kept or excluded by exactly one rule
    assert first.n_raw == len(rows) == first.n_kept + len(first.exclusions)
    assert first.exclusions["response_id"].is_unique
    assert first.funnel["excluded"].sum() == len(first.exclusions)
    assert sum(p["raw"] for p in first.funnel_by_partner) == len(rows)

    # the result does not depend on row order
    shuffled = list(rows)
    seed.shuffle(shuffled)
    other = clean(raw_survey(shuffled), key=KEY)
    pd.testing.assert_frame_equal(
        _sorted(first.exclusions, ["response_id"]), _sorted(other.exclusions, ["response_id"])
    )
    pd.testing.assert_frame_equal(
        _sorted(first.respondents, ["respondent_id"]), _sorted(other.respondents, ["respondent_id"])
    )
    keys = ["respondent_id", "dimension", "skill_id"]
    pd.testing.assert_frame_equal(_sorted(first.ratings, keys), _sorted(other.ratings, keys))
    pd.testing.assert_frame_equal(first.missingness, other.missingness)

    # cleaning the kept responses again excludes nobody and gives the same rows
    excluded = set(first.exclusions["response_id"])
    again = clean(raw_survey([r for r in rows if r["id"] not in excluded]), key=KEY)
    assert again.exclusions.empty, again.exclusions.to_dict("records")
    pd.testing.assert_frame_equal(again.respondents, first.respondents)
    pd.testing.assert_frame_equal(again.ratings, first.ratings)
    pd.testing.assert_frame_equal(again.open_text, first.open_text)
