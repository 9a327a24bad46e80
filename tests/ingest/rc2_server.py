"""A local LimeSurvey RemoteControl 2 server for tests, answering as the real 6.1.8 server did.

Replies come from ``rc2_capture.json.gz`` (every read call about survey 845123) and the error
replies of ``rc2_transcript.jsonl``: HTTP 200 with ``{"result": {"status": ...}}`` for errors,
base64 payloads as sent, ``text/javascript``, session keys that can expire or be released. Faults
are injected per call (:meth:`RC2Server.inject`) to test what the client does with them.

The fieldwork calls answer as LimeSurvey 6 does (``remotecontrol_handle.php``; shapes in
``rc2_reply_shapes/``): ``get_summary`` adds the ``token_*`` counts when the survey has a
participants table, ``export_timeline`` counts submissions per day of the export,
``list_participants`` gives ``tid``, ``token``, ``participant_info`` and the asked attributes (or
"Error: No survey participants table" / "No survey participants found."), ``list_quotas`` and
``get_quota_properties`` (``qlimit``, ``completeCount``; "No quotas found"). A server is set up
with :attr:`RC2Server.participants` and :attr:`RC2Server.quotas` (None: no table, no quotas).
"""

from __future__ import annotations

import base64
import csv
import functools
import gzip
import io
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data" / "limesurvey_6_1_8"
SURVEY_ID = 845123
VERSION = "6.1.8"

#: Faults the server can inject into the reply to a call.
FAULTS = (
    "timeout",            # sleep past the client's timeout before answering
    "http500",            # HTTP 500 with LimeSurvey's HTML error page
    "http502",            # HTTP 502 from a proxy in front of LimeSurvey
    "empty",              # HTTP 200 with an empty body (RemoteControl disabled)
    "php_notice",         # a PHP notice printed before the JSON
    "truncated_base64",   # the base64 payload cut short
    "id_mismatch",        # a JSON-RPC id other than the request's
    "invalidate_session",  # every session key becomes invalid before this call is answered
    "slow",               # sleep ``fault_sleep`` seconds, then answer as usual
)

#: The columns of a survey participants table (``tokens_<sid>``) that list_participants can return.
TOKEN_COLUMNS = (
    "tid", "participant_id", "firstname", "lastname", "email", "emailstatus", "token", "language",
    "blacklisted", "sent", "remindersent", "remindercount", "completed", "usesleft", "validfrom",
    "validuntil", "mpid",
)
#: The columns of the quotas table plus the completed count get_quota_properties adds.
QUOTA_COLUMNS = ("id", "sid", "name", "qlimit", "action", "active", "autoload_url", "completeCount")


@functools.cache
def _capture() -> dict[str, Any]:
    with gzip.open(DATA / "rc2_capture.json.gz", "rt", encoding="utf-8") as handle:
        return json.load(handle)["calls"]


@functools.cache
def _transcript() -> list[dict[str, Any]]:
    with (DATA / "rc2_transcript.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _error_page() -> str:
    for call in _transcript():
        if call["method"] == "no_such_method":
            return call["response_body"]
    raise LookupError("no HTTP 500 page in the transcript")


@dataclass
class Fault:
    kind: str
    method: str | None
    times: int


@dataclass
class RC2Server:
    """The server's state: accounts, sessions, surveys' modes and injected faults."""

    user: str = "admin"
    password: str = "Admin123!"
    fault_sleep: float = 0.5
    session_ttl: float | None = None
    survey_modes: dict[int, str] = field(default_factory=dict)  # "empty" or "inactive"
    visible_up_to: int | None = None  # responses with higher ids have "not come in yet"
    #: Send non-ASCII text as raw UTF-8 bytes (as a proxy or a server built with
    #: ``JSON_UNESCAPED_UNICODE`` does) instead of PHP ``json_encode``'s ``\uXXXX`` escapes, under
    #: the same ``text/javascript`` content type without a charset.
    raw_utf8: bool = False
    issued: list[str] = field(default_factory=list)  # every session key handed out
    calls: list[dict[str, Any]] = field(default_factory=list)
    sessions: dict[str, float] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    url: str = ""
    #: Rows of the survey participants table (TOKEN_COLUMNS); None: the survey has no such table.
    participants: list[dict[str, Any]] | None = None
    #: Quotas: {"id", "name", "qlimit", "action", "active", "autoload_url", "completeCount"}; None: none.
    quotas: list[dict[str, Any]] | None = None

    def __post_init__(self) -> None:
        self.capture = _capture()
        self.error_page = _error_page()
        self.lock = threading.Lock()

    # --- test controls --------------------------------------------------------------------------

    def inject(self, kind: str, method: str | None = None, times: int = 1) -> None:
        """Apply a fault to the next ``times`` calls of ``method`` (any method when None)."""
        assert kind in FAULTS, kind
        self.faults.append(Fault(kind, method, times))

    def methods(self) -> list[str]:
        """Methods called so far, in order."""
        return [call["method"] for call in self.calls]

    def _take_fault(self, method: str) -> str | None:
        with self.lock:
            for fault in self.faults:
                if fault.times > 0 and fault.method in (None, method):
                    fault.times -= 1
                    return fault.kind
        return None

    # --- answering --------------------------------------------------------------------------------

    def handle(self, body: bytes) -> tuple[int, str, bytes, float]:
        """(HTTP status, content type, body, delay) for one request body."""
        try:
            request = json.loads(body)
            method, params, request_id = request["method"], list(request["params"]), request["id"]
        except (ValueError, KeyError, TypeError):
            reply = b'{"id":null,"result":null,"error":"unable to decode malformed json"}'
            return 200, "text/javascript", reply, 0.0
        self.calls.append({"method": method, "params": params, "id": request_id})
        fault = self._take_fault(method)
        if fault == "timeout":
            return 200, "text/javascript", b"", self.fault_sleep
        if fault in {"http500", "http502"}:
            page = self.error_page if fault == "http500" else "<html><body>502 Bad Gateway</body></html>"
            return int(fault[4:]), "text/html; charset=UTF-8", page.encode(), 0.0
        if fault == "empty":
            return 200, "text/html; charset=UTF-8", b"", 0.0
        delay = self.fault_sleep if fault == "slow" else 0.0
        if fault == "invalidate_session":
            self.sessions.clear()
        result, error = self.dispatch(method, params)
        if fault == "truncated_base64" and isinstance(result, str):
            result = result[: len(result) // 2 + 1]
        if fault == "id_mismatch":
            request_id = request_id + 1
        reply = json.dumps(
            {"id": request_id, "result": result, "error": error}, ensure_ascii=not self.raw_utf8
        ).encode("utf-8")
        if fault == "php_notice":
            reply = (
                b"<br />\n<b>Notice</b>:  Undefined index: sid in "
                b"<b>/var/www/html/application/helpers/remotecontrol/remotecontrol_handle.php</b> "
                b"on line <b>2412</b><br />\n" + reply
            )
        return 200, "text/javascript", reply, delay

    def _session_ok(self, key: Any) -> bool:
        expires = self.sessions.get(key) if isinstance(key, str) else None
        if expires is None:
            return False
        if self.session_ttl is not None and time.monotonic() > expires:
            del self.sessions[key]
            return False
        return True

    def dispatch(self, method: str, params: list[Any]) -> tuple[Any, Any]:
        """The JSON-RPC (result, error) the real server gives for a call."""
        if method == "get_session_key":
            if params[:2] != [self.user, self.password]:
                return {"status": "Invalid user name or password"}, None
            key = secrets.token_urlsafe(24)[:32]
            self.sessions[key] = time.monotonic() + (self.session_ttl or 0)
            self.issued.append(key)
            return key, None
        if method not in _KNOWN:
            return None, None  # not reached: unknown methods are an HTML page (see Handler)
        if not self._session_ok(params[0] if params else None):
            # list_participants spells it with capitals (remotecontrol_handle.php)
            invalid = "Invalid Session Key" if method == "list_participants" else "Invalid session key"
            return {"status": invalid}, None
        args = params[1:]
        while args and args[-1] is None:
            args.pop()
        if method == "release_session_key":
            self.sessions.pop(params[0], None)
            return "OK", None
        if method == "get_site_settings":
            settings = {"versionnumber": VERSION, "RPCInterface": "json"}
            return settings.get(args[0], {"status": "Invalid setting"}), None
        if method == "export_responses":
            return self.export(args), None
        if method in _FIELDWORK:
            return getattr(self, method)(*args), None
        key = json.dumps([method, *args], ensure_ascii=False)
        if key in self.capture:
            return self.capture[key], None
        return {"status": "Error: Invalid survey ID"}, None

    def export(self, args: list[Any]) -> Any:
        survey_id = args[0]
        mode = self.survey_modes.get(survey_id)
        if mode == "inactive":
            return {"status": "No Data, survey table does not exist."}
        if mode == "empty":
            return {"status": "No Data, could not get max id."}
        base = args[:6]
        first = args[6] if len(args) > 6 else None
        last = args[7] if len(args) > 7 else None
        key = json.dumps(["export_responses", *base], ensure_ascii=False)
        if key not in self.capture:
            return {"status": "No permission"}
        payload = self.capture[key]
        if self.visible_up_to is not None:
            last = self.visible_up_to if last is None else min(last, self.visible_up_to)
        if first is None and last is None:
            return payload
        return base64.b64encode(_id_range(base64.b64decode(payload), first, last)).decode()


    # --- fieldwork calls (LimeSurvey 6 remotecontrol_handle.php) --------------------------------------

    def _rows(self) -> list[dict[str, str]]:
        """The survey's responses as the server holds them (from the captured CSV export)."""
        key = json.dumps(["export_responses", SURVEY_ID, "csv", None, "all", "code", "short"])
        data = base64.b64decode(self.capture[key]).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(data, newline=""), delimiter=";"))
        if self.visible_up_to is not None:
            rows = [row for row in rows if int(row["id"]) <= self.visible_up_to]
        return rows

    def get_summary(self, survey_id: int, stat: str = "all") -> Any:
        if survey_id != SURVEY_ID:
            return {"status": "Invalid surveyid"}
        summary: dict[str, int] = {}
        if self.participants is not None:
            people = self.participants
            summary = {
                "token_count": len(people),
                "token_invalid": 0,
                "token_sent": sum(p.get("sent", "N") != "N" for p in people),
                "token_opted_out": sum(p.get("emailstatus") == "OptOut" for p in people),
                "token_completed": sum(p.get("completed", "N") != "N" for p in people),
                "token_screenout": 0,
            }
        rows = self._rows()
        complete = sum(bool(row["submitdate"]) for row in rows)
        summary |= {"completed_responses": complete, "incomplete_responses": len(rows) - complete,
                    "full_responses": len(rows)}
        if stat == "all":
            return summary
        return summary.get(stat, {"status": "No available data"})

    def export_timeline(self, survey_id: int, period: str, start: str, end: str) -> Any:
        if survey_id != SURVEY_ID:
            return {"status": "Error: Invalid survey ID"}
        if period not in {"day", "hour"}:
            return {"status": "Invalid Period"}
        days: dict[str, int] = {}
        for row in self._rows():
            day = row["submitdate"][:10]
            if day and start <= day <= end:
                days[day] = days.get(day, 0) + 1
        return dict(sorted(days.items())) or {"status": "No valid Data"}

    def list_participants(
        self, survey_id: int, start: int = 0, limit: int = 10, unused: bool = False,
        attributes: Any = False, conditions: Any = None,
    ) -> Any:
        if survey_id != SURVEY_ID:
            return {"status": "Error: Invalid survey ID"}
        if self.participants is None:
            return {"status": "Error: No survey participants table"}
        people = [p for p in self.participants if not unused or p.get("completed", "N") == "N"]
        page = people[int(start): int(start) + int(limit)]
        if not page:
            return {"status": "No survey participants found."}
        extra = [a for a in (attributes or []) if a in TOKEN_COLUMNS
                 and a not in {"tid", "token", "firstname", "lastname", "email"}]
        return [
            {"tid": p["tid"], "token": p["token"],
             "participant_info": {k: p.get(k, "") for k in ("firstname", "lastname", "email")},
             **{a: p.get(a) for a in extra}}
            for p in page
        ]

    def list_quotas(self, survey_id: int) -> Any:
        if survey_id != SURVEY_ID:
            return {"status": "Error: Invalid survey ID"}
        if not self.quotas:
            return {"status": "No quotas found"}
        return [{"id": q["id"], "name": q["name"], "action": q["action"], "limit": q["qlimit"],
                 "active": q["active"], "autoload_url": q["autoload_url"]} for q in self.quotas]

    def get_quota_properties(self, quota_id: int, settings: Any = None, language: Any = None) -> Any:
        quota = next((q for q in self.quotas or [] if q["id"] == int(quota_id)), None)
        if quota is None:
            return {"status": "Error: Invalid quota ID"}
        names = [s for s in settings if s in QUOTA_COLUMNS] if settings else list(QUOTA_COLUMNS)
        if not names:
            return {"status": "No valid Data"}
        return {name: quota.get(name, SURVEY_ID if name == "sid" else 0) for name in names}


def participants_table(count: int, *, sent: str = "2025-03-03 09:00") -> list[dict[str, Any]]:
    """A survey participants table of ``count`` invented people, in LimeSurvey's value formats.

    Every third has completed, every other one got a reminder, the seventh opted out; names,
    tokens and e-mail addresses are distinctive so that a test can look for them in outputs.
    """
    rows = []
    for number in range(1, count + 1):
        rows.append({
            "tid": number, "participant_id": None, "firstname": f"Firstname{number:04d}",
            "lastname": f"Lastname{number:04d}", "email": f"person{number:04d}@partner.example.org",
            "emailstatus": "OptOut" if number == 7 else "OK", "token": f"tk{number:06d}secret",
            "language": "en", "blacklisted": "N", "sent": sent if number % 5 else "N",
            "remindersent": "2025-03-20 09:00" if number % 2 == 0 and number % 5 else "N",
            "remindercount": 1 if number % 2 == 0 and number % 5 else 0,
            "completed": "2025-03-21 10:00" if number % 3 == 0 and number % 5 else "N",
            "usesleft": 1, "validfrom": None, "validuntil": None, "mpid": None,
        })
    return rows


def _id_range(data: bytes, first: int | None, last: int | None) -> bytes:
    """A LimeSurvey CSV export limited to response ids in [first, last], as LimeSurvey writes it."""
    rows = [row for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
            if row]
    kept = [rows[0]] + [
        row for row in rows[1:]
        if (first is None or int(row[0]) >= first) and (last is None or int(row[0]) <= last)
    ]
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(kept)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8") + b"\r\n"


_KNOWN = {
    "release_session_key", "get_site_settings", "export_responses", "get_survey_properties",
    "list_surveys", "get_summary", "get_fieldmap", "get_language_properties", "list_groups",
    "get_group_properties", "list_questions", "get_question_properties",
    "export_timeline", "list_participants", "list_quotas", "get_quota_properties",
}
_FIELDWORK = {"get_summary", "export_timeline", "list_participants", "list_quotas", "get_quota_properties"}


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        state = self.server.state
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            method = json.loads(body).get("method")
        except ValueError:
            method = None
        if method is not None and method != "get_session_key" and method not in _KNOWN:
            status, ctype, reply, delay = 500, "text/html; charset=UTF-8", state.error_page.encode(), 0.0
        else:
            status, ctype, reply, delay = state.handle(body)
        if delay:
            time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)
        except OSError:  # the client gave up (timeout)
            pass

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    state: RC2Server


class RunningServer:
    """A started :class:`RC2Server` on 127.0.0.1 (port 0); stop with :meth:`stop`."""

    def __init__(self, state: RC2Server | None = None) -> None:
        self.state = state or RC2Server()
        self.httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.state = self.state
        host, port = self.httpd.server_address[:2]
        self.state.url = f"http://{host}:{port}/index.php/admin/remotecontrol"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
