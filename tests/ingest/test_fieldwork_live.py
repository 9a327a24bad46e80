"""`skillsneeds fieldwork` against the local RC2 server: participants, quotas, their absence, faults."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from live_project import env_for, live_project
from rc2_server import DATA, participants_table

from analysis import store
from analysis.cli import main
from analysis.config import load_survey_config
from analysis.fieldwork.live import PARTICIPANT_LIMIT, QUOTA_PROPERTIES, LiveSurvey
from analysis.pipeline import fieldwork_survey

QUOTAS = [
    {"id": 11, "name": "Bulgarian employers", "qlimit": 20, "action": 1, "active": 1, "autoload_url": 0,
     "completeCount": 12},
    {"id": 12, "name": "Spanish VET providers", "qlimit": 10, "action": 1, "active": 0, "autoload_url": 0,
     "completeCount": 3},
]


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def _rows() -> list[dict[str, str]]:
    with (DATA / "responses_code_short.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _config(project: Path):
    return load_survey_config(project / "config" / "surveys" / "live.yml")


def _refresh(project: Path, server, **kwargs):
    live = LiveSurvey(_config(project), environ=env_for(server), sleep=kwargs.pop("sleep", Sleeps()),
                      backoff=0.01, **kwargs)
    try:
        return fieldwork_survey(_config(project), live=live), live
    finally:
        live.close()


def _files(project: Path) -> dict[str, str]:
    folder = store.fieldwork_folder(_config(project))
    return {p.name: p.read_text("utf-8") for p in sorted(folder.iterdir())}


def _cli(project: Path, server, monkeypatch, *args: str) -> int:
    for name, value in env_for(server).items():
        monkeypatch.setenv(name, value)
    return main(["--root", str(project), "fieldwork", "--survey",
                 str(project / "config" / "surveys" / "live.yml"), *args])


def test_participants_and_quotas_from_the_server(tmp_path, rc2_server, monkeypatch, capsys):
    project = live_project(tmp_path / "p")
    rc2_server.participants = participants_table(40)
    rc2_server.quotas = QUOTAS
    assert _cli(project, rc2_server, monkeypatch) == 0
    fieldwork = store.read_fieldwork(_config(project))
    summary = fieldwork.summary
    rows = _rows()
    assert (summary["complete"], summary["incomplete"]) == (70, 10)
    assert summary["source"] == "limesurvey" and str(rc2_server.url) in summary["source_detail"]
    complete = Counter(r["COUNTRY"] for r in rows if r["submitdate"])
    assert fieldwork.by_partner.set_index("partner")["complete"].to_dict() == dict(complete)
    people = rc2_server.participants
    invited = [p for p in people if p["sent"] != "N"]
    assert summary["invited"] == len(invited)
    assert summary["reminded"] == sum(p["remindercount"] > 0 for p in people)
    assert summary["completed_participants"] == sum(p["completed"] != "N" for p in people)
    assert summary["opted_out"] == 1
    assert summary["response_rate"] == pytest.approx(summary["completed_participants"] / len(invited))
    assert summary["invitations"] == ["2025-03-03"] and summary["reminders"] == ["2025-03-20"]
    assert fieldwork.daily.set_index("date").loc["2025-03-03", "invitations"] == len(invited)
    assert summary["quotas"] == [
        {"name": "Bulgarian employers", "active": True, "limit": 20, "completed": 12, "share": 0.6},
        {"name": "Spanish VET providers", "active": False, "limit": 10, "completed": 3, "share": 0.3},
    ]
    calls = {c["method"]: c["params"][1:] for c in rc2_server.calls}
    asked = ["completed", "sent", "remindersent", "remindercount", "emailstatus"]
    assert calls["list_participants"] == [845123, 0, PARTICIPANT_LIMIT, False, asked]
    assert calls["get_quota_properties"] == [12, QUOTA_PROPERTIES]
    assert calls["get_summary"] == [845123, "all"]
    assert calls["export_timeline"][:2] == [845123, "day"]
    out = capsys.readouterr().out
    assert "BG Bulgaria" in out and "quota Bulgarian employers: 12 of 20" in out
    assert f"participants: {len(invited)} invited" in out


def test_no_token_name_or_email_from_the_participants_reply_reaches_any_output(
    tmp_path, rc2_server, monkeypatch, capsys
):
    project = live_project(tmp_path / "p")
    rc2_server.participants = participants_table(25)
    assert _cli(project, rc2_server, monkeypatch) == 0
    shown = capsys.readouterr()
    texts = [*_files(project).values(), shown.out, shown.err]
    secrets = [str(p[k]) for p in rc2_server.participants
               for k in ("token", "email", "firstname", "lastname")]
    for text in texts:
        assert not [s for s in secrets if s in text]
    assert not [p for p in (project / "data").rglob("*") if p.is_file() and "fieldwork" not in p.parts
                and "processed" in p.parts]  # nothing else written: no responses file, no snapshot
    assert not list((project / "data" / "raw").iterdir())


def test_a_survey_without_participants_table(tmp_path, rc2_server):
    project = live_project(tmp_path / "p")
    rc2_server.quotas = QUOTAS
    fieldwork, _ = _refresh(project, rc2_server)
    summary = fieldwork.summary
    assert [summary[k] for k in ("invited", "reminded", "completed_participants", "opted_out",
                                 "response_rate")] == [None] * 5
    assert fieldwork.daily["invitations"].sum() == 0
    assert len(summary["quotas"]) == 2
    assert "list_participants" in rc2_server.methods()


def test_a_participants_table_without_anyone_in_it(tmp_path, rc2_server):
    project = live_project(tmp_path / "p")
    rc2_server.participants = []
    fieldwork, _ = _refresh(project, rc2_server)
    assert (fieldwork.summary["invited"], fieldwork.summary["response_rate"]) == (0, None)


def test_a_survey_without_quotas(tmp_path, rc2_server):
    project = live_project(tmp_path / "p")
    rc2_server.participants = participants_table(5)
    fieldwork, _ = _refresh(project, rc2_server)
    assert fieldwork.summary["quotas"] == []
    assert "list_quotas" in rc2_server.methods() and "get_quota_properties" not in rc2_server.methods()


def test_a_refresh_makes_a_bounded_number_of_calls(tmp_path, rc2_server):
    project = live_project(tmp_path / "p")
    rc2_server.participants = participants_table(5)
    rc2_server.quotas = QUOTAS
    config = _config(project)
    live = LiveSurvey(config, environ=env_for(rc2_server), backoff=0.01)
    try:
        fieldwork_survey(config, live=live)  # the first refresh reads the structure too
        before = len(rc2_server.calls)
        fieldwork_survey(config, live=live)
    finally:
        live.close()
    assert rc2_server.methods()[before:] == [
        "get_summary", "export_responses", "export_timeline", "list_participants", "list_quotas",
        "get_quota_properties", "get_quota_properties", "release_session_key"]


def test_http_500_once_is_retried_and_the_refresh_succeeds(tmp_path, rc2_server):
    project = live_project(tmp_path / "p")
    rc2_server.participants = participants_table(5)
    rc2_server.inject("http500", method="list_participants")
    sleeps = Sleeps()
    fieldwork, _ = _refresh(project, rc2_server, sleep=sleeps)
    assert sleeps == [0.01]
    assert rc2_server.methods().count("list_participants") == 2
    assert fieldwork.summary["invited"] == 4


@pytest.mark.parametrize("method", ["list_participants", "list_quotas", "export_timeline", "get_summary"])
def test_an_expired_session_is_renewed_once(tmp_path, rc2_server, method):
    project = live_project(tmp_path / "p")
    rc2_server.participants = participants_table(5)
    rc2_server.quotas = QUOTAS
    rc2_server.inject("invalidate_session", method=method)
    fieldwork, live = _refresh(project, rc2_server)
    assert rc2_server.methods().count("get_session_key") == 2
    assert fieldwork.summary["complete"] == 70 and fieldwork.summary["invited"] == 4


def test_a_slow_server_meets_the_deadline_and_the_last_output_is_kept(
    tmp_path, rc2_server, monkeypatch, capsys
):
    project = live_project(tmp_path / "p", timeout=5.0, retries=0)
    assert _cli(project, rc2_server, monkeypatch) == 0
    before = _files(project)
    # the calls before export_responses take milliseconds; the deadline leaves them ample time on a
    # busy machine, and the slow reply (3 s) misses it by far
    rc2_server.fault_sleep = 3.0
    rc2_server.inject("slow", method="export_responses")
    status = _cli(project, rc2_server, monkeypatch, "--deadline", "1.5")
    err = capsys.readouterr().err
    assert status == 2
    assert "no complete refresh within the deadline of 1.5 s" in err
    assert "export_responses" in err and "--deadline" in err
    assert "the last good fieldwork output" in err and "is kept" in err
    assert "Traceback" not in err
    assert _files(project) == before


def test_watch_backs_off_after_a_failed_refresh_and_keeps_the_last_output(
    tmp_path, rc2_server, monkeypatch, capsys
):
    project = live_project(tmp_path / "p", retries=0)
    rc2_server.inject("http500", method="export_responses", times=1)
    status = _cli(project, rc2_server, monkeypatch, "--watch", "0.0005", "--rounds", "3")
    err = capsys.readouterr().err
    assert status == 0  # the last round got through
    assert "HTTP 500" in err
    waits = [line for line in err.splitlines() if "next refresh in" in line]
    assert waits == [
        "[skillsneeds] next refresh in 0.06 s (waiting longer after a failed refresh); Ctrl-C to stop",
        "[skillsneeds] next refresh in 0.03 s; Ctrl-C to stop",
    ]
    assert rc2_server.methods().count("get_session_key") == 1  # one session for every refresh
    assert json.loads(_files(project)["summary.json"])["complete"] == 70


def test_watch_rejects_an_interval_that_is_not_a_positive_number(tmp_path, capsys):
    project = live_project(tmp_path / "p")
    with pytest.raises(SystemExit):
        main(["--root", str(project), "fieldwork", "--watch", "0"])
    assert "expected a number above 0, got '0'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--root", str(project), "fieldwork", "--deadline", "soon"])
    assert "expected a number, got 'soon'" in capsys.readouterr().err


def test_a_survey_without_responses_yet_is_a_clear_error(tmp_path, rc2_server, monkeypatch, capsys):
    project = live_project(tmp_path / "p")
    rc2_server.survey_modes[845123] = "empty"
    assert _cli(project, rc2_server, monkeypatch) == 2
    err = capsys.readouterr().err
    assert "survey 'live' (id 845123) has no responses yet: nothing to count" in err


def test_a_deadline_already_passed_stops_before_the_next_call(tmp_path, rc2_server):
    from analysis.ingest.limesurvey import LimeSurveyError

    project = live_project(tmp_path / "p")
    live = LiveSurvey(_config(project), environ=env_for(rc2_server), deadline=0.0)
    try:
        with pytest.raises(LimeSurveyError, match=r"survey 'live' \(id 845123\): no complete refresh within "
                           r"the deadline of 0 s \(stopped before list_questions\)"):
            live.refresh()
    finally:
        live.close()
    assert "list_questions" not in rc2_server.methods()


def test_offline_counts_the_latest_snapshot(tmp_path, rc2_server, monkeypatch, capsys):
    from analysis.pipeline import fetch_survey

    project = live_project(tmp_path / "p")
    fetch_survey(_config(project), environ=env_for(rc2_server), sleep=Sleeps(), backoff=0.01)
    calls = len(rc2_server.calls)
    assert _cli(project, rc2_server, monkeypatch, "--offline") == 0
    assert len(rc2_server.calls) == calls  # the server is not asked
    summary = store.read_fieldwork(_config(project)).summary
    assert summary["source"] == "snapshot" and "data/raw/live/" in summary["source_detail"]
    assert (summary["complete"], summary["incomplete"], summary["invited"]) == (70, 10, None)


def test_a_timeline_that_differs_from_the_export_is_reported(tmp_path, rc2_server):
    project = live_project(tmp_path / "p")
    rc2_server.export_timeline = lambda *args: {"2025-03-04": 99, "2025-03-06": 1}
    lines: list[str] = []
    fieldwork, _ = _refresh(project, rc2_server, progress=lines.append)
    assert ("live: the server's timeline differs from the export on 1 day(s) (responses came in between "
            "the calls?): 2025-03-04") in lines
    assert fieldwork.daily.set_index("date").loc["2025-03-04", "completed"] == 2  # the export counts


def test_more_participants_than_one_call_reads_is_said(tmp_path, rc2_server, monkeypatch):
    import analysis.fieldwork.live

    monkeypatch.setattr(analysis.fieldwork.live, "PARTICIPANT_LIMIT", 10)
    project = live_project(tmp_path / "p")
    rc2_server.participants = participants_table(12)
    lines: list[str] = []
    fieldwork, _ = _refresh(project, rc2_server, progress=lines.append)
    assert "live: warning: only the first 10 participants are counted (one list_participants call per " \
           "refresh)" in lines
    assert fieldwork.summary["invited"] == 8  # of the first ten, every fifth was not invited
