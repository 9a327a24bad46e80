"""Fieldwork counts: each equals an independent count of the same export, read here with the csv module.

On the bundled sample's exports and on the real LimeSurvey 6.1.8 export of survey 845123.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
import yaml
from sample_project import ROOT

from analysis.config import load_survey_config
from analysis.errors import ConfigError
from analysis.fieldwork import (
    BY_BREAKDOWN_COLUMNS,
    BY_PARTNER_COLUMNS,
    DAILY_COLUMNS,
    DROPOUT_COLUMNS,
    EXCLUSIONS_COLUMNS,
    SUMMARY_KEYS,
)
from analysis.fieldwork.compute import compute_fieldwork, count_participants
from analysis.ingest import ingest

LIMESURVEY = Path(__file__).resolve().parent / "data" / "limesurvey_6_1_8"
REAL_CSV = LIMESURVEY / "responses_code_short.csv"


def _rows(path: Path, encoding: str = "utf-8-sig", date_format: str | None = None) -> list[dict[str, str]]:
    """An export's rows (';'), dates as LimeSurvey writes them (``YYYY-MM-DD HH:MM:SS``)."""
    with path.open(encoding=encoding, newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    if date_format:
        for row in rows:
            for column in ("submitdate", "startdate"):
                if row[column]:
                    row[column] = datetime.strptime(row[column], date_format).strftime("%Y-%m-%d %H:%M:%S")
    return rows


def _real_project(tmp_path: Path, **extra) -> Path:
    config = {
        "name": "real",
        "title": "Green skills needs (the real LimeSurvey export)",
        "source": {"files": {"responses": str(REAL_CSV),
                             "structure": str(LIMESURVEY / "survey_845123_structure.lss")}},
        "profile": {"country": "COUNTRY", "sector": "SECTOR", "respondent_type": "RESPTYPE",
                    "org_size": "ORGSIZE"},
        "ratings": {"importance": "IMPORT", "proficiency": "PROFIC"},
        "analysis": {"by": ["country", "sector", "respondent_type"]},
        **extra,
    }
    (tmp_path / "config" / "surveys").mkdir(parents=True)
    path = tmp_path / "config" / "surveys" / "real.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def _check_against(fieldwork, rows: list[dict[str, str]], partner: str, breakdowns: list[str]) -> None:
    """Every count of ``fieldwork`` against the same count made from the csv rows."""
    complete = [r for r in rows if r["submitdate"]]
    incomplete = [r for r in rows if not r["submitdate"]]
    summary = fieldwork.summary
    assert set(SUMMARY_KEYS) <= set(summary)
    assert (summary["responses"], summary["complete"], summary["incomplete"]) == (
        len(rows), len(complete), len(incomplete))
    # per partner
    table = fieldwork.by_partner.set_index("partner")
    assert list(fieldwork.by_partner.columns) == list(BY_PARTNER_COLUMNS)
    for code in {r[partner] or "unknown" for r in rows}:
        assert table.loc[code, "complete"] == sum((r[partner] or "unknown") == code for r in complete)
        assert table.loc[code, "incomplete"] == sum((r[partner] or "unknown") == code for r in incomplete)
    assert table["complete"].sum() == len(complete)
    # per partner and breakdown group
    assert list(fieldwork.by_breakdown.columns) == list(BY_BREAKDOWN_COLUMNS)
    assert fieldwork.summary["breakdowns"] == breakdowns
    cells = Counter(
        ((r[partner] or "unknown"), field, {"": "unknown", "-oth-": "other"}.get(r[field], r[field]),
         bool(r["submitdate"]))
        for r in rows for field in breakdowns
    )
    for row in fieldwork.by_breakdown.itertuples():
        assert row.complete == cells[(row.partner, row.breakdown, row.group, True)]
        assert row.incomplete == cells[(row.partner, row.breakdown, row.group, False)]
    assert sum(fieldwork.by_breakdown["complete"]) == len(complete) * len(breakdowns)
    # per day, every calendar day between the first and the last
    daily = fieldwork.daily
    assert list(daily.columns) == list(DAILY_COLUMNS)
    started = Counter(r["startdate"][:10] for r in rows)
    submitted = Counter(r["submitdate"][:10] for r in complete)
    first, last = min(started | submitted), max(started | submitted)
    days = (date.fromisoformat(last) - date.fromisoformat(first)).days + 1
    assert daily["date"].tolist() == [(date.fromisoformat(first) + timedelta(n)).isoformat()
                                      for n in range(days)]
    assert daily.set_index("date")["started"].to_dict() == {d: started.get(d, 0) for d in daily["date"]}
    assert daily.set_index("date")["completed"].to_dict() == {d: submitted.get(d, 0) for d in daily["date"]}
    assert daily["cumulative_started"].iloc[-1] == len(rows)
    assert daily["cumulative_completed"].iloc[-1] == len(complete)
    # per page
    assert list(fieldwork.dropout.columns) == list(DROPOUT_COLUMNS)
    # lastpage: the last page shown, counted from 0 (empty: 0)
    for row in fieldwork.dropout.itertuples():
        assert row.reached == sum(int(r["lastpage"] or 0) >= row.page - 1 for r in rows)
        assert row.stopped == sum(int(r["lastpage"] or 0) == row.page - 1 for r in incomplete)
    pages = len(fieldwork.dropout)
    assert fieldwork.dropout["stopped"].sum() == sum(int(r["lastpage"] or 0) < pages for r in incomplete)
    assert fieldwork.dropout["reached"].iloc[0] == len(rows)
    assert list(fieldwork.exclusions.columns) == list(EXCLUSIONS_COLUMNS)


def test_counts_of_the_sample_exports_equal_an_independent_count():
    config = load_survey_config(ROOT / "config" / "surveys" / "sector.yml")
    fieldwork = compute_fieldwork(ingest(config))
    raw = ROOT / "data" / "raw" / "sample" / "sector"
    rows = _rows(raw / "responses.csv") + _rows(raw / "responses_bg.csv", "cp1251", "%d.%m.%Y %H:%M")
    _check_against(fieldwork, rows, "COUNTRY", ["SECTOR"])
    assert fieldwork.summary["partner_field"] == "COUNTRY"
    assert fieldwork.summary["source"] == "export"
    assert fieldwork.by_partner.set_index("partner")["partner_label"]["BG"] == "Bulgaria"
    dry = fieldwork.summary["dry_run"]
    assert dry["kept"] + dry["excluded"] == fieldwork.summary["responses"]
    assert sum(dry["by_rule"].values()) == dry["excluded"] == fieldwork.exclusions["excluded"].sum()
    assert fieldwork.by_partner["excluded_so_far"].sum() == dry["excluded"]


def test_counts_of_the_real_limesurvey_export_equal_an_independent_count(tmp_path):
    config = load_survey_config(_real_project(tmp_path))
    fieldwork = compute_fieldwork(ingest(config))
    _check_against(fieldwork, _rows(REAL_CSV), "COUNTRY", ["SECTOR", "RESPTYPE"])
    assert (fieldwork.summary["complete"], fieldwork.summary["incomplete"]) == (70, 10)  # README
    # the planted incomplete responses: six answered page 1 only and left on page 2, four left on page 3
    assert fieldwork.dropout["stopped"].tolist() == [0, 6, 4]
    assert fieldwork.dropout["reached"].tolist() == [80, 80, 74]
    assert fieldwork.dropout["page_label"].tolist() == ["Profile", "Green skills", "Micro-credentials"]
    assert fieldwork.dropout["median_seconds"].isna().all()  # the survey saves no timings
    # the server's own timeline of submissions (export_timeline day) is the daily completed curve
    import json

    timeline = json.loads((LIMESURVEY / "rc2_export_timeline_day.json").read_text())["result"]
    completed = fieldwork.daily.set_index("date")["completed"]
    assert completed[completed > 0].to_dict() == timeline


def test_page_times_are_the_median_of_group_time_columns(tmp_path):
    config = load_survey_config(ROOT / "config" / "surveys" / "sector.yml")
    raw = ingest(config)
    responses = raw.responses.copy()
    pages = sorted({q.group_id for q in raw.codebook.questions.values()})
    responses[f"groupTime{pages[0]}"] = ["" if i % 3 == 0 else str(10 + i % 7) for i in range(len(responses))]
    timed = [10 + i % 7 for i in range(len(responses)) if i % 3]
    fieldwork = compute_fieldwork(type(raw)(raw.config, raw.codebook, responses, raw.sources))
    median = sorted(timed)[len(timed) // 2] if len(timed) % 2 else sum(sorted(timed)[len(timed) // 2 - 1:
                                                                                 len(timed) // 2 + 1]) / 2
    assert fieldwork.dropout["median_seconds"].tolist()[0] == median
    assert fieldwork.dropout["median_seconds"].isna().tolist()[1:] == [True, True]


def test_targets_give_shares_and_projected_dates_at_the_pace_of_the_last_seven_days(tmp_path):
    targets = [{"where": {"COUNTRY": "BG"}, "complete": 30}, {"where": {"country": "ES"}, "complete": 5},
               {"where": {"COUNTRY": "SI"}, "complete": 100},
               {"where": {"COUNTRY": "BG", "SECTOR": "CONST"}, "complete": 4}]
    config = load_survey_config(_real_project(tmp_path, fieldwork={"targets": targets}))
    fieldwork = compute_fieldwork(ingest(config))
    rows = _rows(REAL_CSV)
    last = max(max(r["startdate"][:10] for r in rows), max(r["submitdate"][:10] for r in rows))
    window = {(date.fromisoformat(last) - timedelta(n)).isoformat() for n in range(7)}
    table = fieldwork.by_partner.set_index("partner")
    for code, target in (("BG", 30), ("SI", 100)):
        done = sum(r["COUNTRY"] == code and r["submitdate"] != "" for r in rows)
        recent = sum(r["COUNTRY"] == code and r["submitdate"][:10] in window for r in rows)
        assert table.loc[code, "target"] == target
        assert table.loc[code, "share_of_target"] == pytest.approx(done / target)
        days = -(-(target - done) * 7 // recent)
        assert table.loc[code, "projected_date"] == (date.fromisoformat(last) + timedelta(days)).isoformat()
    assert table.loc["ES", "share_of_target"] > 1 and pd.isna(table.loc["ES", "projected_date"])  # met
    assert table["target"].isna().sum() == len(table) - 3
    cell = fieldwork.by_breakdown.query("partner == 'BG' and breakdown == 'SECTOR' and group == 'CONST'")
    assert cell["target"].tolist() == [4]
    assert cell["group_label"].tolist() == ["Construction"]


def test_a_target_with_no_completes_lately_has_no_projected_date(tmp_path):
    rows = _rows(REAL_CSV)
    last = max(max(r["startdate"][:10] for r in rows), max(r["submitdate"][:10] for r in rows))
    window = {(date.fromisoformat(last) - timedelta(n)).isoformat() for n in range(7)}
    recent = {r["COUNTRY"] for r in rows if r["submitdate"][:10] in window}
    quiet = sorted({r["COUNTRY"] for r in rows} - recent)
    assert quiet, "the export has a partner without completes in its last week"
    config = load_survey_config(_real_project(
        tmp_path, fieldwork={"targets": [{"where": {"COUNTRY": quiet[0]}, "complete": 500}]}))
    table = compute_fieldwork(ingest(config)).by_partner.set_index("partner")
    assert pd.isna(table.loc[quiet[0], "projected_date"]) and table.loc[quiet[0], "target"] == 500


@pytest.mark.parametrize(
    ("fieldwork", "message"),
    [
        ({"targets": [{"where": {"COUNTRY": "XX"}, "complete": 3}]},
         r"fieldwork.targets\[0\] \{'COUNTRY': 'XX'\}: 'XX' is not an answer code of COUNTRY "
         r"\(codes that exist: BG, ES, MK, SI, RO, GR\)"),
        ({"targets": [{"where": {"REGION": "N"}, "complete": 3}]},
         r"fieldwork.targets\[0\] \{'REGION': 'N'\}: 'REGION' is neither a profile field nor a "
         r"single-choice question of the survey \(fields that exist: .*COUNTRY.*\)"),
        ({"targets": [{"where": {"SECTOR": "AGRI"}, "complete": 3}]},
         r"a target names the partner field country \(COUNTRY\)"),
        ({"targets": [{"where": {"COUNTRY": "BG", "SECTOR": "AGRI", "RESPTYPE": "VET"}, "complete": 3}]},
         r"a target names the partner field and at most one more field \(it names RESPTYPE, SECTOR\)"),
        ({"targets": [{"where": {"COUNTRY": "BG"}, "complete": 3},
                      {"where": {"country": "BG"}, "complete": 4}]},
         r"fieldwork.targets\[1\] .*: this partner already has a target"),
        ({"targets": [{"where": {"COUNTRY": "BG", "SECTOR": "AGRI"}, "complete": 3},
                      {"where": {"COUNTRY": "BG", "SECTOR": "AGRI"}, "complete": 3}]},
         r"fieldwork.targets\[1\] .*: this cell already has a target"),
        ({"breakdowns": ["DEPARTMENT"]},
         r"fieldwork.breakdowns: 'DEPARTMENT' is neither a profile field"),
    ],
)
def test_targets_that_do_not_fit_the_survey_are_one_clear_error(tmp_path, fieldwork, message):
    path = _real_project(tmp_path, fieldwork=fieldwork)
    with pytest.raises(ConfigError, match=message) as caught:
        compute_fieldwork(ingest(load_survey_config(path)))
    assert str(path) in str(caught.value)


def test_targets_need_a_partner_question(tmp_path):
    path = _real_project(tmp_path, cleaning={"partner_field": ""},
                         fieldwork={"targets": [{"where": {"COUNTRY": "BG"}, "complete": 3}]})
    with pytest.raises(ConfigError, match=r"targets need cleaning.partner_field to name a question"):
        compute_fieldwork(ingest(load_survey_config(path)))


def test_a_bad_fieldwork_setting_names_the_file_and_setting(tmp_path):
    from analysis.config import load_survey_config as load

    path = _real_project(tmp_path, fieldwork={"targets": [{"where": {"COUNTRY": "BG"}, "complete": 0}],
                                              "pace": 7})
    with pytest.raises(ConfigError) as caught:
        load(path)
    text = str(caught.value)
    assert str(path) in text and "fieldwork.targets.0.complete" in text
    assert "fieldwork.pace: unknown setting" in text


def test_participants_are_counted_from_their_invitation_state_only():
    people = [
        {"tid": 1, "token": "tokA", "participant_info": {"email": "a@example.org"},
         "completed": "2025-10-24 12:04", "sent": "2025-10-06 07:05", "remindersent": "2025-10-15 09:00",
         "remindercount": 1, "emailstatus": "OK"},
        {"completed": "N", "sent": "2025-10-06 07:05", "remindersent": "N", "remindercount": 0,
         "emailstatus": "OptOut"},
        {"completed": "N", "sent": "N", "remindersent": "N", "remindercount": 0, "emailstatus": "OK"},
    ]
    counted = count_participants(people)
    assert counted == {"invited": 2, "reminded": 1, "completed_participants": 1, "opted_out": 1,
                       "response_rate": 0.5, "invitations": {"2025-10-06": 2}, "reminders": {"2025-10-15": 1}}
    assert count_participants(None)["invited"] is None


def test_participants_and_quotas_reach_the_summary_and_the_daily_curve(tmp_path):
    config = load_survey_config(_real_project(tmp_path))
    people = [{"completed": "N", "sent": "2025-03-01 10:12", "remindersent": "2025-03-20 09:00",
               "remindercount": 2, "emailstatus": "OK"}] * 3
    fieldwork = compute_fieldwork(ingest(config), participants=people,
                                  quotas=[{"name": "BG employers", "active": 1, "limit": 20, "completed": 5}])
    summary = fieldwork.summary
    assert (summary["invited"], summary["reminded"], summary["completed_participants"]) == (3, 3, 0)
    assert summary["invitations"] == ["2025-03-01"] and summary["reminders"] == ["2025-03-20"]
    assert summary["quotas"] == [{"name": "BG employers", "active": True, "limit": 20, "completed": 5,
                                  "share": 0.25}]
    daily = fieldwork.daily.set_index("date")
    assert daily.index[0] == "2025-03-01"  # the curve starts with the invitations
    assert daily.loc["2025-03-01", "invitations"] == 3 and daily["invitations"].sum() == 3
    assert daily.loc["2025-03-20", "reminders"] == 3


def test_the_source_is_one_of_three():
    config = load_survey_config(ROOT / "config" / "surveys" / "regional.yml")
    with pytest.raises(ValueError, match="source must be 'limesurvey', 'export' or 'snapshot', not 'server'"):
        compute_fieldwork(ingest(config), source="server")
