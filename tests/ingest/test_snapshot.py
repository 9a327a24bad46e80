"""Snapshots: immutable, atomic, checksummed, and chained by --since-last."""

from __future__ import annotations

import hashlib
import json

import pytest
from live_project import env_for, live_project, raw_entries

from analysis.config import load_survey_config
from analysis.errors import InputError
from analysis.ingest import ingest
from analysis.ingest import snapshot as snapshot_module
from analysis.ingest.snapshot import latest_chain
from analysis.pipeline import fetch_survey


@pytest.fixture
def project(tmp_path):
    return live_project(tmp_path / "p")


def config_of(project):
    return load_survey_config(project / "config" / "surveys" / "live.yml")


def fetch(project, server, **kwargs):
    return fetch_survey(config_of(project), environ=env_for(server), sleep=lambda s: None,
                        backoff=0.0, **kwargs)


def test_snapshot_holds_the_export_byte_for_byte_and_a_manifest(project, rc2_server, limesurvey_dir):
    snapshot = fetch(project, rc2_server)
    assert snapshot.path.parent == project / "data" / "raw" / "live"
    reference = (limesurvey_dir / "responses_code_short.csv").read_bytes()
    assert (snapshot.path / "responses.csv").read_bytes() == reference
    manifest = json.loads((snapshot.path / "manifest.json").read_text("utf-8"))
    assert manifest["source_url"] == rc2_server.url
    assert manifest["survey_id"] == 845123
    assert manifest["limesurvey_version"] == "6.1.8"
    assert manifest["fetched_at"].endswith("Z")
    assert manifest["base_snapshot"] is None
    assert manifest["counts"]["responses"] == 80 and manifest["counts"]["max_response_id"] == 80
    assert manifest["export"] | {} == {"file_format": "csv", "language": None, "completion_status": "all",
                                       "heading_type": "code", "response_type": "short"}
    for name, record in manifest["files"].items():
        assert hashlib.sha256((snapshot.path / name).read_bytes()).hexdigest() == record["sha256"]
    assert "structure/bg/question_properties_8.json" in manifest["files"]
    called = [c for c in rc2_server.calls if c["method"] == "export_responses"][0]
    assert called["params"][1:6] == [845123, "csv", None, "all", "code"]
    assert called["params"][6] == "short"


def test_a_failure_while_writing_leaves_nothing(project, rc2_server, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(snapshot_module, "write_structure_dir", broken)
    with pytest.raises(OSError, match="disk full"):
        fetch(project, rc2_server)
    assert raw_entries(project) == []


def test_edited_snapshot_is_refused(project, rc2_server):
    snapshot = fetch(project, rc2_server)
    (snapshot.path / "responses.csv").write_bytes(b"edited")
    with pytest.raises(InputError, match="changed after it was fetched"):
        latest_chain(snapshot.path.parent)


def test_since_last_fetches_only_new_responses_and_reading_combines_the_chain(project, rc2_server):
    rc2_server.visible_up_to = 60
    first = fetch(project, rc2_server)
    assert first.manifest["counts"]["responses"] == 60
    rc2_server.visible_up_to = None
    second = fetch(project, rc2_server, since_last=True)
    assert second.manifest["base_snapshot"] == first.name
    assert second.manifest["from_response_id"] == 61
    assert second.manifest["counts"]["responses"] == 20
    third = fetch(project, rc2_server, since_last=True)  # nothing new: a header-only export
    assert third.manifest["counts"]["responses"] == 0
    assert third.manifest["from_response_id"] == 81
    raw = ingest(config_of(project))
    assert list(raw.responses["id"]) == [str(i) for i in range(1, 81)]
    assert [s.path for s in raw.sources] == [first.responses, second.responses, third.responses]
    assert [c["params"][7] for c in rc2_server.calls if c["method"] == "export_responses"] == [None, 61, 81]


def test_reading_before_any_fetch_says_what_to_run(project):
    with pytest.raises(InputError, match=r"run `skillsneeds fetch live` first"):
        ingest(config_of(project))


def test_reading_an_empty_survey_says_it_has_no_responses(project, rc2_server):
    rc2_server.survey_modes[845123] = "empty"
    fetch(project, rc2_server)
    with pytest.raises(InputError, match="had no responses when it was fetched"):
        ingest(config_of(project))


def test_lss_and_server_must_agree(project, rc2_server, limesurvey_dir, tmp_path):
    lss = (limesurvey_dir / "survey_845123_structure.lss").read_text("utf-8")
    changed = tmp_path / "survey.lss"
    changed.write_text(lss.replace("Energy efficiency", "Energy saving", 1), "utf-8")
    extra = f"  files: {{structure: {changed}}}\n"
    project = live_project(tmp_path / "q", extra="source_files_marker")
    config = project / "config" / "surveys" / "live.yml"
    text = config.read_text("utf-8").replace("source_files_marker", "")
    config.write_text(text.replace("source:\n", "source:\n" + extra), "utf-8")
    from analysis.ingest.limesurvey import StructureMismatchError

    with pytest.raises(StructureMismatchError) as caught:
        fetch(project, rc2_server)
    expected = "IMPORT: subquestion SQ001 (scale 0) label[en]: .lss 'Energy saving' vs server 'Energy "
    expected += "efficiency'"
    assert expected in str(caught.value)
    assert raw_entries(project) == []
    # the unchanged .lss agrees
    config.write_text(config.read_text("utf-8").replace(str(changed),
                      str(limesurvey_dir / "survey_845123_structure.lss")), "utf-8")
    assert fetch(project, rc2_server).manifest["counts"]["responses"] == 80
    # and the survey's data are the fetched snapshot
    assert len(ingest(config_of(project)).responses) == 80
