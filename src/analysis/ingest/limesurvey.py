"""Live pull from a LimeSurvey server through RemoteControl 2 (JSON-RPC), with citric.

:func:`fetch_snapshot` reads a survey's structure and responses and writes them, exactly as
received, into an immutable snapshot ``data/raw/<survey>/<UTC timestamp>/`` (see
:mod:`analysis.ingest.snapshot`). The server is reached with the credentials of
:class:`Credentials` (environment or a git-ignored ``.env``), every HTTP call has a timeout,
transport errors and HTTP 5xx are retried with exponential backoff, an expired session is renewed
once, and a wrong password is never retried (LimeSurvey locks an account after repeated failures).
Credentials never appear in messages, logs or reprs.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from citric import Client
from citric.exceptions import (
    InvalidJSONResponseError,
    LimeSurveyApiError,
    LimeSurveyStatusError,
    ResponseMismatchError,
    RPCInterfaceNotEnabledError,
)
from dotenv import dotenv_values

from analysis.ingest.rc2_codebook import StructureReplies, survey_languages

__all__ = [
    "Credentials",
    "LimeSurveyAuthError",
    "LimeSurveyError",
    "RC2Connection",
    "ResponsesExport",
    "StructureMismatchError",
    "SurveyNotActiveError",
    "fetch_responses",
    "fetch_snapshot",
    "fetch_structure",
]

log = logging.getLogger(__name__)
T = TypeVar("T")

ENV_URL, ENV_USER, ENV_PASSWORD = "LIMESURVEY_URL", "LIMESURVEY_USER", "LIMESURVEY_PASSWORD"
#: How the responses are exported: every completion state, code headings, answer codes, CSV.
EXPORT = {
    "file_format": "csv",
    "language": None,
    "completion_status": "all",
    "heading_type": "code",
    "response_type": "short",
}
ENABLE_RPC = (
    "enable it in LimeSurvey: Configuration > Global settings > Interfaces > "
    "RPC interface enabled = JSON-RPC"
)
#: Seconds before the first retry of a failed HTTP call; doubled for each further retry.
DEFAULT_BACKOFF = 1.0
STATUS_INVALID_SESSION = "Invalid session key"
STATUS_BAD_LOGIN = "Invalid user name or password"
STATUS_NO_RESPONSES = "No Data, could not get max id."
STATUS_NOT_ACTIVE = "No Data, survey table does not exist."


class LimeSurveyError(RuntimeError):
    """A live pull failed: the message names the server, survey and call, and what to do."""


class LimeSurveyAuthError(LimeSurveyError):
    """The server refused the user name or password (never retried)."""


class SurveyNotActiveError(LimeSurveyError):
    """The survey exists but is not active, so it has no responses table yet."""


@dataclass(frozen=True)
class Credentials:
    """Where and as whom to connect; ``repr``/``str`` never show the password."""

    url: str
    user: str
    password: str

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise LimeSurveyError(
                f"{ENV_URL} must be the RemoteControl URL, e.g. "
                f"https://survey.example.org/index.php/admin/remotecontrol (got {safe_url(self.url)!r})"
            )
        if parts.username or parts.password:
            raise LimeSurveyError(
                f"{ENV_URL} must not contain a user name or password; set {ENV_USER} and "
                f"{ENV_PASSWORD} instead"
            )

    def __repr__(self) -> str:
        return f"Credentials(url={self.url!r}, user={self.user!r}, password='***')"

    __str__ = __repr__

    @classmethod
    def from_env(cls, root: Path | None = None, environ: Mapping[str, str] | None = None) -> Credentials:
        """Read ``LIMESURVEY_URL``/``_USER``/``_PASSWORD`` from the environment, then ``<root>/.env``.

        The environment wins over ``.env``; ``.env`` is read without changing ``os.environ``.
        """
        environ = os.environ if environ is None else environ
        dotenv: dict[str, str | None] = {}
        if root is not None and (root / ".env").is_file():
            dotenv = dict(dotenv_values(root / ".env"))
        values = {
            name: environ.get(name) or dotenv.get(name) or "" for name in (ENV_URL, ENV_USER, ENV_PASSWORD)
        }
        missing = [name for name, value in values.items() if not value]
        if missing:
            raise LimeSurveyError(
                f"{', '.join(missing)} not set: put them in the environment or in a git-ignored .env "
                f"(see .env.example)"
            )
        return cls(values[ENV_URL], values[ENV_USER], values[ENV_PASSWORD])


def safe_url(url: str) -> str:
    """The URL without any user name, password, query or fragment: safe to show and record."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}" if parts.scheme else "<invalid URL>"


class _TimeoutSession(requests.Session):
    """A requests session whose every request carries a timeout (citric sets none).

    Every reply is decoded as UTF-8: LimeSurvey sends ``text/javascript`` without a charset, for
    which requests (and citric's ``response.json()`` through it) would take ISO-8859-1, garbling
    non-English labels whenever the server or a proxy sends them as raw UTF-8 bytes rather than
    ``\\uXXXX`` escapes. JSON is UTF-8 (RFC 8259), and PHP's ``json_encode`` writes nothing else.
    """

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout
        self.last_body: bytes = b""
        self.last_status: int | None = None
        self.hooks["response"].extend([_as_utf8, self._remember])

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        self.last_body, self.last_status = b"", None
        return super().request(method, url, *args, **kwargs)

    def _remember(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self.last_body, self.last_status = response.content, response.status_code


def _as_utf8(response: requests.Response, *args: Any, **kwargs: Any) -> None:
    """Response hook: decode the body as UTF-8, whatever charset the headers imply."""
    response.encoding = "utf-8"


class RC2Connection:
    """A RemoteControl 2 session with timeouts, retries, session renewal and masked secrets.

    Parameters
    ----------
    credentials
        Server URL, user and password.
    timeout
        Seconds for each HTTP call.
    retries
        How many times a call is repeated after a transport error or HTTP 5xx.
    backoff
        Seconds before the first retry; doubled for each further one.
    sleep
        Waits between retries (injectable so that tests do not wait).
    """

    def __init__(
        self,
        credentials: Credentials,
        *,
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._credentials = credentials
        self.url = safe_url(credentials.url)
        self.timeout, self.retries, self.backoff, self._sleep = timeout, retries, backoff, sleep
        self._http = _TimeoutSession(timeout)
        self._client: Client | None = None
        self.logins = 0
        self.context = ""
        self._refused: LimeSurveyAuthError | None = None

    def __repr__(self) -> str:
        return f"RC2Connection(url={self.url!r}, user={self._credentials.user!r}, password='***')"

    __str__ = __repr__

    def __enter__(self) -> RC2Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the session key (best effort) and close the HTTP session."""
        if self._client is not None:
            try:
                self._client.session.release_session_key()
            except Exception:  # noqa: BLE001 (releasing is a courtesy; the key expires anyway)
                log.debug("release_session_key failed")
            self._client = None
        self._http.close()

    # --- messages ------------------------------------------------------------------------------

    def _scrub(self, text: str) -> str:
        secrets = [self._credentials.password]
        if self._client is not None and self._client.session.key:
            secrets.append(self._client.session.key)
        for secret in secrets:
            if secret:
                text = text.replace(secret, "***")
        return text

    def _where(self, method: str) -> str:
        return f"LimeSurvey at {self.url}" + (f", {self.context}" if self.context else "") + f", {method}"

    def _first_bytes(self) -> str:
        body = self._http.last_body[:80]
        return self._scrub(repr(body))

    def _error(self, cls: type[LimeSurveyError], method: str, message: str) -> LimeSurveyError:
        return cls(self._scrub(f"{self._where(method)}: {message}"))

    # --- calls ----------------------------------------------------------------------------------

    def _login(self) -> Client:
        if self._refused:
            raise self._refused  # one refused password is never tried again
        self.logins += 1
        try:
            return Client(
                self._credentials.url,
                self._credentials.user,
                self._credentials.password,
                requests_session=self._http,
            )
        except LimeSurveyStatusError as error:
            if str(error) == STATUS_BAD_LOGIN:
                self._refused = self._error(  # type: ignore[assignment]
                    LimeSurveyAuthError, "get_session_key",
                    f"user name or password refused for user {self._credentials.user!r}. Not retried: "
                    f"LimeSurvey locks an account after repeated failed logins. Check {ENV_USER} and "
                    f"{ENV_PASSWORD}.",
                )
                raise self._refused from None
            raise

    def call(self, method: str, invoke: Callable[[Client], T]) -> T:
        """Run ``invoke(client)`` for the RPC ``method`` with retries and session renewal.

        Raises
        ------
        LimeSurveyError
            With a message naming server, survey and method; status replies other than an
            invalid session key are raised as :class:`citric.exceptions.LimeSurveyStatusError`
            for the caller to interpret (see :meth:`status`).
        """
        attempt, renewed = 0, False
        while True:
            step = "get_session_key" if self._client is None else method
            try:
                if self._client is None:
                    self._client = self._login()
                    step = method
                return invoke(self._client)
            except LimeSurveyStatusError as error:
                # "Invalid session key", or "Invalid Session Key" as list_participants spells it
                invalid = str(error).lower() == STATUS_INVALID_SESSION.lower()
                if invalid and not renewed and step == method:
                    log.info("session key no longer valid: logging in again")
                    renewed, self._client = True, None
                    continue
                raise
            except (requests.ConnectionError, requests.Timeout) as error:
                if attempt < self.retries:
                    self._wait(attempt)
                    attempt += 1
                    continue
                what = (
                    f"no answer within {self.timeout:g} s"
                    if isinstance(error, requests.Timeout)
                    else "cannot connect"
                )
                raise self._error(
                    LimeSurveyError, step,
                    f"{what} ({1 + self.retries} attempts); check {ENV_URL} and that the server is up",
                ) from None
            except requests.HTTPError as error:
                status = error.response.status_code if error.response is not None else 0
                if status >= 500 and attempt < self.retries:
                    self._wait(attempt)
                    attempt += 1
                    continue
                raise self._error(
                    LimeSurveyError, step,
                    f"HTTP {status}" + (f" after {1 + attempt} attempts" if status >= 500 else "")
                    + f"; the body starts {self._first_bytes()}",
                ) from None
            except RPCInterfaceNotEnabledError:
                raise self._error(
                    LimeSurveyError, step,
                    f"the server answered with an empty body: RemoteControl 2 is disabled; {ENABLE_RPC}",
                ) from None
            except InvalidJSONResponseError:
                raise self._error(
                    LimeSurveyError, step,
                    f"the reply is not JSON-RPC (a PHP notice or an HTML page?); it starts "
                    f"{self._first_bytes()}",
                ) from None
            except ResponseMismatchError:
                raise self._error(
                    LimeSurveyError, step,
                    "the reply's JSON-RPC id does not match the request's: the answer belongs to "
                    "another call (a caching proxy?); nothing was used",
                ) from None
            except LimeSurveyApiError as error:
                raise self._error(LimeSurveyError, step, f"LimeSurvey reported an error: {error}") from None

    def set_timeout(self, seconds: float) -> None:
        """Seconds each further HTTP call may take (an overall deadline shortens it)."""
        self.timeout = self._http.timeout = seconds

    def _wait(self, attempt: int) -> None:
        delay = self.backoff * 2**attempt
        log.info("retrying in %.2f s", delay)
        self._sleep(delay)

    def status(self, method: str, error: LimeSurveyStatusError) -> LimeSurveyError:
        """A clear error for a status reply of ``method``."""
        status = str(error)
        if status == STATUS_NOT_ACTIVE:
            return self._error(
                SurveyNotActiveError, method,
                "the survey is not active (it has no responses table); activate it in LimeSurvey first",
            )
        if status in {"No permission", "Error: Invalid survey ID", "Invalid surveyid"}:
            return self._error(
                LimeSurveyError, method,
                f"LimeSurvey answered {status!r}: the survey does not exist or user "
                f"{self._credentials.user!r} lacks the permissions survey content (read) and "
                f"responses (read/export) on it",
            )
        return self._error(LimeSurveyError, method, f"LimeSurvey answered status {status!r}")

    def rpc(self, method: str, *params: Any) -> Any:
        """Call ``method`` with ``params`` (session key added); status replies become errors."""
        try:
            return self.call(method, lambda client: getattr(client.session, method)(*params))
        except LimeSurveyStatusError as error:
            raise self.status(method, error) from None

    def last_result_text(self) -> str | None:
        """The ``result`` string of the last reply, exactly as sent (for base64 checks)."""
        import json

        try:
            result = json.loads(self._http.last_body).get("result")
        except (ValueError, AttributeError):
            return None
        return result if isinstance(result, str) else None

    def server_version(self) -> str | None:
        """The LimeSurvey version, when the user may read it (super administrators only)."""
        try:
            version = self.call("get_site_settings", lambda client: client.get_server_version())
        except LimeSurveyStatusError:
            return None
        return str(version) if isinstance(version, str | int) and version else None


def fetch_structure(connection: RC2Connection, survey_id: int) -> StructureReplies:
    """The replies a codebook is rebuilt from (see :mod:`analysis.ingest.rc2_codebook`)."""
    properties = connection.rpc("get_survey_properties", survey_id, None)
    if not isinstance(properties, dict):
        raise connection._error(LimeSurveyError, "get_survey_properties", "the reply is not a mapping")
    replies = StructureReplies(survey_id=survey_id, survey_properties=properties)
    for language in survey_languages(properties):
        questions = connection.rpc("list_questions", survey_id, None, language)
        details = {
            int(row["qid"]): connection.rpc("get_question_properties", int(row["qid"]), None, language)
            for row in questions
            if int(row.get("parent_qid") or 0) == 0
        }
        replies.languages[language] = {
            "language_properties": connection.rpc("get_language_properties", survey_id, None, language),
            "groups": connection.rpc("list_groups", survey_id, language),
            "questions": questions,
            "question_properties": details,
        }
    return replies


@dataclass(frozen=True)
class ResponsesExport:
    """The responses as the server sent them (decoded from base64), or None for a survey without any."""

    data: bytes | None
    from_response_id: int | None


_CSV_END = re.compile(rb"\r?\n\Z")


def fetch_responses(
    connection: RC2Connection, survey_id: int, *, from_response_id: int | None = None
) -> ResponsesExport:
    """Export every response (all completion states, code headings, answer codes) as CSV.

    ``from_response_id`` limits the export to ids from that one on (``--since-last``).
    """
    method = "export_responses"
    try:
        data = connection.call(
            method,
            lambda client: client.export_responses(
                survey_id, from_response_id=from_response_id, **EXPORT  # type: ignore[arg-type]
            ),
        )
    except LimeSurveyStatusError as error:
        if str(error) == STATUS_NO_RESPONSES:
            return ResponsesExport(None, from_response_id)
        raise connection.status(method, error) from None
    except (binascii.Error, ValueError):
        raise connection._error(
            LimeSurveyError, method,
            f"the export is not valid base64 (truncated?); it starts {connection._first_bytes()}",
        ) from None
    raw = connection.last_result_text()
    try:
        exact = base64.b64decode(raw or "", validate=True)
    except (binascii.Error, ValueError):
        exact = None
    if exact != data or not data.startswith(b"\xef\xbb\xbf") or not _CSV_END.search(data):
        raise connection._error(
            LimeSurveyError, method,
            f"the export is not a complete LimeSurvey CSV (truncated or invalid base64); the reply "
            f"starts {connection._first_bytes()}",
        )
    return ResponsesExport(data, from_response_id)


class StructureMismatchError(LimeSurveyError):
    """The survey's ``.lss`` (source.files.structure) and the server's structure differ."""


def fetch_snapshot(
    config: Any,
    *,
    since_last: bool = False,
    environ: Mapping[str, str] | None = None,
    sleep: Callable[[float], None] | None = None,
    backoff: float | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> Any:
    """Pull one survey (config with ``source.limesurvey``) into a new snapshot; return it.

    Reads the structure first, then the responses, and writes nothing until both arrived whole.
    With ``since_last`` only responses with ids above the latest snapshot chain's maximum are
    exported, and the snapshot records its base snapshot.

    Raises
    ------
    LimeSurveyError
        For every failure, naming server, survey and call; no snapshot is left behind.
    """
    from analysis.ingest.lss import read_lss
    from analysis.ingest.rc2_codebook import codebook_from_rc2, compare_codebooks
    from analysis.ingest.snapshot import latest_chain, raw_dir, write_snapshot

    source = config.source.limesurvey
    if source is None:
        raise LimeSurveyError(f"survey {config.name!r} has no source.limesurvey in {config.config_path}")
    credentials = Credentials.from_env(config.root, environ)
    folder = raw_dir(config)
    base = None
    from_id = None
    if since_last:
        chain = latest_chain(folder)
        if chain:
            base = chain[-1]
            highest = base.manifest["counts"].get("chain_max_response_id")
            from_id = (highest or 0) + 1
    with RC2Connection(
        credentials,
        timeout=source.timeout,
        retries=source.retries,
        backoff=DEFAULT_BACKOFF if backoff is None else backoff,
        sleep=time.sleep if sleep is None else sleep,
    ) as connection:
        connection.context = f"survey {config.name!r} (id {source.survey_id})"
        progress(f"{config.name}: connecting to {connection.url} (survey {source.survey_id})")
        version = connection.server_version()
        structure = fetch_structure(connection, source.survey_id)
        codebook = codebook_from_rc2(structure)
        progress(
            f"{config.name}: structure of {len(codebook.questions)} questions in "
            f"{len(codebook.languages)} language(s)"
        )
        if config.source.files is not None:
            lss_path = config.path(config.source.files.structure)
            differences = compare_codebooks(read_lss(lss_path), codebook)
            if differences:
                items = "\n  - ".join(str(d) for d in differences[:50])
                more = f"\n  ... and {len(differences) - 50} more" if len(differences) > 50 else ""
                raise StructureMismatchError(
                    f"survey {config.name!r}: {lss_path} and the server's survey {source.survey_id} "
                    f"differ ({len(differences)} difference(s)); export the .lss again or remove "
                    f"source.files.structure:\n  - {items}{more}"
                )
        progress(
            f"{config.name}: exporting responses"
            + (f" with ids from {from_id} (since {base.name})" if base is not None else "")
        )
        export = fetch_responses(connection, source.survey_id, from_response_id=from_id)
    snapshot = write_snapshot(
        folder,
        survey_id=source.survey_id,
        source_url=connection.url,
        limesurvey_version=version,
        structure=structure,
        responses=export.data,
        base=base,
        from_response_id=from_id,
        export=dict(EXPORT),
    )
    counts = snapshot.manifest["counts"]
    progress(
        f"{config.name}: {counts['responses']} response(s)"
        + (" (the survey has none yet)" if export.data is None else "")
        + f" -> {snapshot.path}"
    )
    return snapshot
