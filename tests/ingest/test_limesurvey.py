"""The RC2 client against the local server over real HTTP: each fault and what the user is told."""

from __future__ import annotations

import pytest
import requests
from live_project import env_for, live_project, raw_entries

from analysis.config import load_survey_config
from analysis.ingest.limesurvey import (
    Credentials,
    LimeSurveyAuthError,
    LimeSurveyError,
    RC2Connection,
    SurveyNotActiveError,
    fetch_responses,
)
from analysis.ingest.lss import read_lss
from analysis.pipeline import fetch_survey


@pytest.fixture
def project(tmp_path):
    return live_project(tmp_path / "p", timeout=0.2, retries=2)


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def fetch(project, server, **kwargs):
    config = load_survey_config(project / "config" / "surveys" / "live.yml")
    kwargs.setdefault("environ", env_for(server))
    kwargs.setdefault("sleep", Sleeps())
    kwargs.setdefault("backoff", 0.01)
    return fetch_survey(config, **kwargs)


def fails(project, server, match, error=LimeSurveyError, **kwargs):
    with pytest.raises(error, match=match) as caught:
        fetch(project, server, **kwargs)
    assert raw_entries(project) == []  # no partial snapshot, no temporary folder
    assert "Traceback" not in str(caught.value)
    return caught.value


def test_timeout_is_retried_with_backoff_then_a_clear_error(project, rc2_server):
    rc2_server.inject("timeout", method="export_responses", times=10)
    sleeps = Sleeps()
    error = fails(
        project, rc2_server, r"export_responses: no answer within 0.2 s \(3 attempts\)", sleep=sleeps
    )
    assert sleeps == [0.01, 0.02]
    assert "survey 'live' (id 845123)" in str(error)
    assert rc2_server.methods().count("export_responses") == 3


def test_http_500_once_is_retried_and_the_fetch_succeeds(project, rc2_server):
    rc2_server.inject("http500", method="list_questions")
    sleeps = Sleeps()
    snapshot = fetch(project, rc2_server, sleep=sleeps)
    assert sleeps == [0.01]
    assert snapshot.manifest["counts"]["responses"] == 80


def test_http_502_every_time_gives_up_with_status_and_body(project, rc2_server):
    rc2_server.inject("http502", times=10)
    error = fails(project, rc2_server, r"HTTP 502 after 3 attempts")
    assert "502 Bad Gateway" in str(error)


def test_empty_body_means_remotecontrol_is_disabled(project, rc2_server):
    rc2_server.inject("empty", method="get_session_key")
    error = fails(project, rc2_server, "RemoteControl 2 is disabled")
    assert "Global settings > Interfaces > RPC interface enabled = JSON-RPC" in str(error)


def test_php_notice_before_the_json_shows_the_first_bytes(project, rc2_server):
    rc2_server.inject("php_notice", method="list_groups")
    error = fails(project, rc2_server, r"list_groups: the reply is not JSON-RPC")
    assert "b'<br />\\n<b>Notice</b>:  Undefined index" in str(error)


def test_truncated_base64_is_an_error_never_a_partial_export(project, rc2_server):
    rc2_server.inject("truncated_base64", method="export_responses")
    error = fails(project, rc2_server, r"export_responses: the export is not")
    assert "b'{\"id\": " in str(error)


def test_truncation_on_a_base64_boundary_is_caught_too(rc2_server):
    connection = RC2Connection(Credentials(rc2_server.url, "admin", "Admin123!"), timeout=2)
    original = rc2_server.export

    def cut(args):
        payload = original(args)
        return payload[: (len(payload) // 2) // 4 * 4]  # decodes, but half the file is missing

    rc2_server.export = cut
    with connection, pytest.raises(LimeSurveyError, match="not a complete LimeSurvey CSV"):
        fetch_responses(connection, 845123)


def test_response_id_mismatch_is_an_error(project, rc2_server):
    rc2_server.inject("id_mismatch", method="get_survey_properties")
    fails(project, rc2_server, r"get_survey_properties: the reply's JSON-RPC id does not match")


def test_session_invalidated_mid_run_is_renewed_once(project, rc2_server):
    rc2_server.inject("invalidate_session", method="export_responses")
    snapshot = fetch(project, rc2_server)
    assert rc2_server.methods().count("get_session_key") == 2
    assert snapshot.manifest["counts"]["responses"] == 80


def test_a_session_that_stays_invalid_is_not_renewed_forever(project, rc2_server):
    rc2_server.inject("invalidate_session", method="list_groups", times=5)
    fails(project, rc2_server, r"list_groups: LimeSurvey answered status 'Invalid session key'")
    assert rc2_server.methods().count("get_session_key") == 2


def test_wrong_password_is_never_retried(project, rc2_server):
    error = fails(
        project, rc2_server, "user name or password refused for user 'admin'",
        error=LimeSurveyAuthError, environ=env_for(rc2_server, password="wrong-password"),
    )
    assert "locks an account" in str(error)
    assert rc2_server.methods() == ["get_session_key"]


def test_inactive_survey_says_so(project, rc2_server):
    rc2_server.survey_modes[845123] = "inactive"
    fails(project, rc2_server, "the survey is not active", error=SurveyNotActiveError)


def test_survey_without_responses_is_a_valid_empty_snapshot(project, rc2_server):
    rc2_server.survey_modes[845123] = "empty"
    snapshot = fetch(project, rc2_server)
    assert snapshot.manifest["counts"]["responses"] == 0
    assert snapshot.responses is None
    assert "responses.csv" not in snapshot.manifest["files"]


def test_other_status_names_survey_and_method(tmp_path, rc2_server):
    project = live_project(tmp_path / "p", survey_id=999999)
    with pytest.raises(LimeSurveyError) as caught:
        fetch(project, rc2_server)
    message = str(caught.value)
    assert "survey 'live' (id 999999), get_survey_properties" in message
    assert "does not exist or user 'admin' lacks the permissions" in message


def test_missing_settings_and_credentials_in_url_are_refused(project, rc2_server):
    fails(project, rc2_server, "LIMESURVEY_PASSWORD not set", environ=env_for(rc2_server, password=""))
    url = rc2_server.url.replace("http://", "http://admin:Admin123!@")
    error = fails(project, rc2_server, "must not contain a user name or password",
                  environ=env_for(rc2_server) | {"LIMESURVEY_URL": url})
    assert "Admin123!" not in str(error)


def test_dotenv_is_read_when_the_environment_has_nothing(tmp_path, rc2_server):
    (tmp_path / ".env").write_text(
        "".join(f"{k}={v}\n" for k, v in env_for(rc2_server).items()), encoding="utf-8"
    )
    credentials = Credentials.from_env(tmp_path, environ={})
    assert credentials.url == rc2_server.url
    assert "Admin123!" not in repr(credentials)


def test_raw_utf8_without_a_charset_is_read_as_utf8(project, rc2_server, limesurvey_dir):
    rc2_server.raw_utf8 = True
    # what such a server sends: UTF-8 bytes under text/javascript, which requests alone
    # decodes as ISO-8859-1
    login = {"method": "get_session_key", "params": [rc2_server.user, rc2_server.password], "id": 1}
    key = requests.post(rc2_server.url, json=login, timeout=5).json()["result"]
    call = {"method": "list_questions", "params": [key, 845123, None, "bg"], "id": 2}
    reply = requests.post(rc2_server.url, json=call, timeout=5)
    assert reply.headers["Content-Type"] == "text/javascript"
    assert "Ð" in reply.text and "В коя държава".encode() in reply.content
    snapshot = fetch(project, rc2_server)
    codebook = snapshot.codebook()
    questions = rc2_server.capture['["list_questions", 845123, null, "bg"]']
    texts = {row["title"]: row["question"] for row in questions if int(row["parent_qid"]) == 0}
    assert texts["COUNTRY"] == "В коя държава се намира вашата организация?"
    for code, text in texts.items():
        assert codebook[code].texts["bg"] == text, code
    assert codebook == read_lss(limesurvey_dir / "survey_845123_structure.lss")
