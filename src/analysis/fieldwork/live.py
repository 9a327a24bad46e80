"""Fieldwork from a live LimeSurvey server (RemoteControl 2) or from the latest export or snapshot.

One refresh makes a bounded number of calls through :class:`~analysis.ingest.limesurvey.RC2Connection`
(its timeouts, retries, session renewal and error messages): ``get_summary``, ``export_responses``,
``export_timeline``, ``list_participants`` (one page of at most :data:`PARTICIPANT_LIMIT`),
``list_quotas`` and ``get_quota_properties`` for at most :data:`QUOTA_LIMIT` quotas; the survey's
structure is read once per :class:`LiveSurvey` (from the latest snapshot when there is one). The
participants' tokens, names and e-mail addresses are dropped the moment they arrive; the responses
are read in memory (a temporary file outside the project) and never written to ``data/``.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from citric.exceptions import LimeSurveyStatusError

from analysis.codebook import Codebook
from analysis.config import SurveyConfig
from analysis.fieldwork.compute import compute_fieldwork, reduce_participants
from analysis.fieldwork.model import Fieldwork
from analysis.ingest import RawSurvey, ingest

__all__ = [
    "PARTICIPANT_LIMIT",
    "QUOTA_LIMIT",
    "LiveSurvey",
    "ServerReplies",
    "fieldwork_from_files",
]

#: The most participants one refresh reads (one ``list_participants`` call).
PARTICIPANT_LIMIT = 100_000
#: The most quotas one refresh reads the properties of (one ``get_quota_properties`` call each).
QUOTA_LIMIT = 50
#: The participant attributes asked for: invitation state only.
PARTICIPANT_ATTRIBUTES = ["completed", "sent", "remindersent", "remindercount", "emailstatus"]
#: The quota properties asked for (``qlimit`` is the limit's column; ``completeCount`` the completes).
QUOTA_PROPERTIES = ["name", "qlimit", "active", "action", "completeCount"]
STATUS_NO_PARTICIPANTS_TABLE = "Error: No survey participants table"
STATUS_NO_PARTICIPANTS = "No survey participants found."
STATUS_NO_QUOTAS = "No quotas found"
STATUS_NO_TIMELINE = "No valid Data"


@dataclass
class ServerReplies:
    """What one refresh got from the server, reduced to what fieldwork counts (no personal data)."""

    responses: bytes | None
    summary: dict[str, Any]
    timeline: dict[str, int]
    participants: list[dict[str, Any]] | None
    quotas: list[dict[str, Any]]


class _Deadline:
    """An overall deadline for one refresh: each call gets at most the time left."""

    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds, self._clock = seconds, clock
        self.end = None if seconds is None else clock() + seconds

    def left(self) -> float | None:
        return None if self.end is None else self.end - self._clock()


def _responses_frame(data: bytes, codebook: Codebook, config: SurveyConfig) -> RawSurvey:
    """The exported CSV read exactly as ``ingest`` reads a snapshot's, without writing it to ``data/``."""
    from analysis.config import ResponseFile
    from analysis.ingest.responses import read_responses

    with tempfile.TemporaryDirectory(prefix="skillsneeds-fieldwork-") as folder:
        path = Path(folder) / "responses.csv"
        path.write_bytes(data)
        responses, sources = read_responses(
            [ResponseFile(path=path, encoding="utf-8-sig")], codebook, default_encoding="utf-8-sig",
            root=Path(folder),
        )
    return RawSurvey(config, codebook, responses, tuple(sources))


@dataclass
class LiveSurvey:
    """A survey followed on its LimeSurvey server: one connection and structure for every refresh.

    Parameters
    ----------
    config
        The survey's config (with ``source.limesurvey``).
    environ
        Where ``LIMESURVEY_URL``/``_USER``/``_PASSWORD`` are read (default: the environment, ``.env``).
    deadline
        Seconds one refresh may take overall (None: only each call's timeout).
    sleep, backoff
        The retry waits of :class:`~analysis.ingest.limesurvey.RC2Connection` (injectable in tests).
    progress
        Called with one line per step.
    """

    config: SurveyConfig
    environ: Mapping[str, str] | None = None
    deadline: float | None = None
    sleep: Callable[[float], None] = time.sleep
    backoff: float = 1.0
    progress: Callable[[str], None] = lambda message: None
    codebook: Codebook | None = None
    _connection: Any = field(default=None, repr=False)

    def _connect(self) -> Any:
        from analysis.ingest.limesurvey import Credentials, RC2Connection

        if self._connection is None:
            source = self.config.source.limesurvey
            credentials = Credentials.from_env(self.config.root, self.environ)
            self._connection = RC2Connection(
                credentials, timeout=source.timeout, retries=source.retries, backoff=self.backoff,
                sleep=self.sleep,
            )
            self._connection.context = f"survey {self.config.name!r} (id {source.survey_id})"
        return self._connection

    def close(self) -> None:
        """Release the session key and the HTTP session."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _structure(self, connection: Any, deadline: _Deadline) -> Codebook:
        from analysis.ingest.limesurvey import fetch_structure
        from analysis.ingest.rc2_codebook import codebook_from_rc2
        from analysis.ingest.snapshot import latest_chain, raw_dir

        if self.codebook is None:
            chain = latest_chain(raw_dir(self.config))
            if chain:
                self.codebook = chain[-1].codebook()
                self.progress(f"{self.config.name}: structure from snapshot {chain[-1].name}")
            else:
                self._limit(connection, deadline, "list_questions")
                self.codebook = codebook_from_rc2(
                    fetch_structure(connection, self.config.source.limesurvey.survey_id)
                )
                questions = len(self.codebook.questions)
                self.progress(f"{self.config.name}: structure of {questions} questions read")
        return self.codebook

    def _limit(self, connection: Any, deadline: _Deadline, method: str) -> None:
        """Give the next call at most the time left; raise when none is left."""
        from analysis.ingest.limesurvey import LimeSurveyError

        left = deadline.left()
        if left is None:
            return
        if left <= 0:
            raise LimeSurveyError(
                f"LimeSurvey at {connection.url}, {connection.context}: no complete refresh within "
                f"the deadline of {deadline.seconds:g} s (stopped before {method}); the server is slow: "
                f"give a longer --deadline or try later"
            )
        source = self.config.source.limesurvey
        connection.set_timeout(min(source.timeout, left))

    def replies(self) -> tuple[Codebook, ServerReplies]:
        """One refresh's calls (see the module docstring).

        Raises
        ------
        LimeSurveyError
            Naming server, survey and call, for any failure or when the deadline passes.
        """
        from analysis.ingest.limesurvey import LimeSurveyError, fetch_responses

        connection = self._connect()
        deadline = _Deadline(self.deadline)
        survey_id = self.config.source.limesurvey.survey_id
        try:
            codebook = self._structure(connection, deadline)
            self._limit(connection, deadline, "get_summary")
            summary = connection.rpc("get_summary", survey_id, "all")
            summary = summary if isinstance(summary, dict) else {}  # [] for a survey not active
            self.progress(
                f"{self.config.name}: server counts {summary.get('completed_responses', 0)} complete, "
                f"{summary.get('incomplete_responses', 0)} incomplete"
            )
            self._limit(connection, deadline, "export_responses")
            export = fetch_responses(connection, survey_id)
            self._limit(connection, deadline, "export_timeline")
            today = datetime.now(UTC).date()
            timeline = self._optional(
                connection, "export_timeline", {STATUS_NO_TIMELINE: {}},
                survey_id, "day", "1970-01-01", (today + timedelta(days=1)).isoformat(),
            )
            self._limit(connection, deadline, "list_participants")
            rows = self._optional(
                connection, "list_participants",
                {STATUS_NO_PARTICIPANTS_TABLE: None, STATUS_NO_PARTICIPANTS: []},
                survey_id, 0, PARTICIPANT_LIMIT, False, PARTICIPANT_ATTRIBUTES,
            )
            participants = None if rows is None else reduce_participants(rows)
            if participants is not None and len(participants) >= PARTICIPANT_LIMIT:
                self.progress(
                    f"{self.config.name}: warning: only the first {PARTICIPANT_LIMIT} participants are "
                    f"counted (one list_participants call per refresh)"
                )
            del rows  # tokens, names and e-mail addresses go no further
            self._limit(connection, deadline, "list_quotas")
            listed = self._optional(connection, "list_quotas", {STATUS_NO_QUOTAS: []}, survey_id)
            quotas = []
            for quota in (listed if isinstance(listed, list) else [])[:QUOTA_LIMIT]:
                self._limit(connection, deadline, "get_quota_properties")
                properties = connection.rpc("get_quota_properties", int(quota["id"]), QUOTA_PROPERTIES)
                quotas.append({
                    "name": properties.get("name", quota.get("name", "")),
                    "active": properties.get("active", quota.get("active", 0)),
                    "limit": properties.get("qlimit", quota.get("limit", 0)),
                    "completed": properties.get("completeCount", 0),
                })
            left = deadline.left()
            if left is not None and left < 0:
                self._limit(connection, deadline, "the end of the refresh")
        except LimeSurveyError as error:
            left = deadline.left()
            if left is None or left > 0 or "deadline" in str(error):
                raise
            raise LimeSurveyError(
                f"no complete refresh within the deadline of {deadline.seconds:g} s: {error}; the server "
                f"is slow: give a longer --deadline or try later"
            ) from None
        finally:
            if self.deadline is not None and self._connection is not None:
                self._connection.set_timeout(self.config.source.limesurvey.timeout)
        return codebook, ServerReplies(
            responses=export.data, summary=summary,
            timeline=timeline if isinstance(timeline, dict) else {}, participants=participants,
            quotas=quotas,
        )

    @staticmethod
    def _optional(connection: Any, method: str, statuses: Mapping[str, Any], *params: Any) -> Any:
        """``method``'s reply, or the value ``statuses`` gives for a status reply that means "none"."""
        try:
            return connection.call(method, lambda client: getattr(client.session, method)(*params))
        except LimeSurveyStatusError as error:
            if str(error) in statuses:
                return statuses[str(error)]
            raise connection.status(method, error) from None

    def refresh(self) -> Fieldwork:
        """The survey's fieldwork now, from the server.

        Raises
        ------
        LimeSurveyError
            For any failure of the server or the deadline; InputError/ConfigError for responses or
            targets that do not fit the survey.
        """
        from analysis.errors import InputError

        codebook, replies = self.replies()
        source = self.config.source.limesurvey
        if replies.responses is None:
            raise InputError(
                f"survey {self.config.name!r} (id {source.survey_id}) has no responses yet: nothing to "
                f"count; try again once responses have come in"
            )
        raw = _responses_frame(replies.responses, codebook, self.config)
        fieldwork = compute_fieldwork(
            raw, participants=replies.participants, quotas=replies.quotas, source="limesurvey",
            source_detail=f"{self._connect().url} survey {source.survey_id}",
        )
        completed = fieldwork.daily.set_index("date")["completed"] if not fieldwork.daily.empty else {}
        differing = sorted(
            day for day, n in replies.timeline.items() if int(completed.get(day, 0)) != int(n)
        )
        if differing:
            self.progress(
                f"{self.config.name}: the server's timeline differs from the export on "
                f"{len(differing)} day(s) (responses came in between the calls?): {', '.join(differing[:5])}"
            )
        return fieldwork


def fieldwork_from_files(config: SurveyConfig) -> Fieldwork:
    """The survey's fieldwork from its export files (``source.files``) or its latest snapshot.

    Raises
    ------
    InputError, ConfigError
        As :func:`analysis.ingest.ingest` and :func:`~analysis.fieldwork.compute.compute_fieldwork`.
    """
    raw = ingest(config)
    kind = "snapshot" if config.source.limesurvey is not None else "export"
    read = []
    for source in raw.sources:
        path = Path(source.path)
        read.append(str(path.relative_to(config.root)) if path.is_relative_to(config.root) else str(path))
    return compute_fieldwork(raw, source=kind, source_detail=", ".join(read))
