"""`skillsneeds fetch` end to end against the local RC2 server, then `skillsneeds run` on the snapshot."""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from ingest.live_project import env_for, live_project, raw_entries
from ingest.rc2_server import RC2Server, RunningServer
from sample_project import ROOT

from analysis.cli import main
from analysis.config import load_survey_config
from analysis.ingest import limesurvey
from analysis.ingest.lss import read_lss
from analysis.ingest.snapshot import latest_chain


@pytest.fixture
def server() -> Iterator[RC2Server]:
    running = RunningServer()
    try:
        yield running.state
    finally:
        running.stop()


@pytest.fixture
def project(tmp_path, server, monkeypatch) -> Path:
    monkeypatch.setattr(limesurvey, "DEFAULT_BACKOFF", 0.0)
    for name, value in env_for(server).items():
        monkeypatch.setenv(name, value)
    return live_project(tmp_path / "p", timeout=1.0, retries=1)


def test_fetch_then_run(project, server, limesurvey_dir, capsys):
    assert main(["--root", str(project), "fetch"]) == 0  # every survey with source.limesurvey
    err = capsys.readouterr().err
    assert "[skillsneeds] live: 80 response(s) ->" in err
    (snapshot,) = latest_chain(project / "data" / "raw" / "live")
    reference = (limesurvey_dir / "responses_code_short.csv").read_bytes()
    assert (snapshot.path / "responses.csv").read_bytes() == reference
    assert snapshot.codebook() == read_lss(limesurvey_dir / "survey_845123_structure.lss")
    config = project / "config" / "surveys" / "live.yml"
    assert main(["--root", str(project), "run", "--survey", str(config), "--out",
                 str(project / "reports")]) == 0
    assert (project / "data/processed/live/results/needs.csv").exists()
    assert (project / "reports/live.html").exists()
    summary = (project / "data/processed/live/cleaning_summary.json").read_text("utf-8")
    assert '"n_raw": 80' in summary


def test_fetch_by_name_and_since_last(project, server):
    server.visible_up_to = 50
    assert main(["--root", str(project), "fetch", "live"]) == 0
    server.visible_up_to = None
    assert main(["--root", str(project), "fetch", "--since-last", "live"]) == 0
    chain = latest_chain(project / "data" / "raw" / "live")
    assert [s.manifest["counts"]["responses"] for s in chain] == [50, 30]


def test_errors_are_one_message_with_status_2(project, server, capsys):
    server.survey_modes[845123] = "inactive"
    assert main(["--root", str(project), "fetch", "live"]) == 2
    err = capsys.readouterr().err
    message = [line for line in err.splitlines() if not line.startswith("[skillsneeds]")]
    assert len(message) == 1
    assert message[0].startswith("skillsneeds: error: LimeSurvey at ") and "not active" in message[0]
    assert "Traceback" not in err
    assert raw_entries(project) == []
    assert main(["--root", str(project), "run", "--survey",
                 str(project / "config/surveys/live.yml")]) == 2
    assert "run `skillsneeds fetch live` first" in capsys.readouterr().err
    assert main(["--root", str(project), "fetch", "sector"]) == 2
    assert "no source.limesurvey" in capsys.readouterr().err


def test_secrets_appear_nowhere(project, server, monkeypatch, caplog, capsys):
    password = "Fake-Pa55word-7f3e9c"
    server.password = password
    monkeypatch.setenv("LIMESURVEY_PASSWORD", password)
    caplog.set_level(logging.DEBUG)
    config = load_survey_config(project / "config/surveys/live.yml")
    # a session that dies mid-run, then a reply that is shown to the user
    server.inject("invalidate_session", method="list_groups")
    server.inject("php_notice", method="export_responses")
    with pytest.raises(limesurvey.LimeSurveyError) as caught:
        limesurvey.fetch_snapshot(config, sleep=lambda s: None)
    connection = limesurvey.RC2Connection(limesurvey.Credentials.from_env(project), timeout=1)
    with connection:
        connection.rpc("list_surveys")
        shown = [repr(connection), str(connection), repr(limesurvey.Credentials.from_env(project))]
    assert main(["--root", str(project), "fetch", "live"]) == 0
    keys = server.issued
    assert len(keys) == 4
    out = capsys.readouterr()
    texts = [caplog.text, out.out, out.err, str(caught.value), repr(caught.value), *shown]
    texts += [p.read_bytes().decode("utf-8", "replace") for p in project.rglob("*") if p.is_file()]
    for secret in [password, *keys]:
        assert all(secret not in text for text in texts), secret
    assert "***" in repr(connection)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_status_shows_nothing_under_data_raw_after_a_fetch(project, server):
    git = ["git", "-c", "init.defaultBranch=main", "-C", str(project)]
    subprocess.run([*git, "init", "-q"], check=True)
    shutil.copy(ROOT / ".gitignore", project / ".gitignore")
    sample = project / "data" / "raw" / "sample" / "regional"
    sample.mkdir(parents=True)
    shutil.copy(ROOT / "data/raw/sample/regional/survey.lss", sample / "survey.lss")
    assert main(["--root", str(project), "fetch", "live"]) == 0
    (snapshot,) = latest_chain(project / "data" / "raw" / "live")
    assert (snapshot.path / "responses.csv").is_file()
    (project / "data" / "raw" / "partner_export.csv").write_text("id;token\n1;abc\n", "utf-8")
    status = subprocess.run(
        [*git, "status", "--porcelain", "--untracked-files=all"],
        check=True, capture_output=True, text=True,
    ).stdout.splitlines()
    under_raw = sorted(line[3:] for line in status if line[3:].startswith("data/raw/"))
    # the bundled sample stays tracked; the snapshot and any other raw file are ignored
    assert under_raw == ["data/raw/sample/regional/survey.lss"]
