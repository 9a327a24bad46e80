"""Counting fieldwork: raw responses (as LimeSurvey holds them, before cleaning) -> :class:`Fieldwork`.

:func:`compute_fieldwork` is a pure function of the ingested survey, the participants' invitation
state, the LimeSurvey quotas and the config's targets; the CLI gets these from the live server or
from the latest export (:mod:`analysis.fieldwork.live`) and writes the result through
:mod:`analysis.store`. It never carries a response id, token, name or e-mail address into its
output: counts, dates, codes and labels only.

Definitions (docs/fieldwork.md):

- complete: ``submitdate`` set; incomplete: not set;
- the partner of a response: ``cleaning.partner_field`` (``unknown`` when unanswered), as cleaning
  counts it (:func:`analysis.clean.response_partners`);
- the projected date of a target: the last day with data plus ``ceil(remaining / pace)`` days, the
  pace being the completes of the last ``pace_days`` days (up to that last day) per day; empty when
  the target is met or the pace is zero;
- dropout: pages are question groups in survey order, numbered from 1. LimeSurvey's ``lastpage`` is
  the last page a response was shown, counted from 0 (the export of survey 845123: an incomplete
  response with ``lastpage`` 1 answered page 1 only, one with 2 pages 1 and 2; a complete one has
  the number of pages). So a response *reached* page *i* when ``lastpage >= i - 1`` and an
  incomplete one *stopped* on page *i* (was shown it, never sent it) when ``lastpage == i - 1``; an
  empty ``lastpage`` counts as 0. The median seconds on a page come from ``groupTime<gid>``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

import pandas as pd

from analysis.codebook import Codebook
from analysis.config import SurveyConfig
from analysis.errors import ConfigError, InputError, InvariantError
from analysis.fieldwork.model import (
    BY_BREAKDOWN_COLUMNS,
    BY_PARTNER_COLUMNS,
    DAILY_COLUMNS,
    DROPOUT_COLUMNS,
    EXCLUSIONS_COLUMNS,
    Fieldwork,
)
from analysis.ingest import RawSurvey

__all__ = [
    "Targets",
    "compute_fieldwork",
    "count_participants",
    "dry_run",
    "reduce_participants",
    "resolve_breakdowns",
    "resolve_targets",
]

UNKNOWN = "unknown"
OTHER_CODE = "-oth-"
#: The key the dry run of cleaning pseudonymises with: its ids are never kept or written.
_DRY_RUN_KEY = b"fieldwork dry run: ids are discarded"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Participant attributes kept from ``list_participants``: everything else is dropped on arrival.
PARTICIPANT_KEYS = ("completed", "sent", "remindersent", "remindercount", "emailstatus")


@dataclass(frozen=True)
class Targets:
    """Completed responses wanted: per partner, and per (partner, field, group) cell."""

    partner: dict[str, int]
    cells: dict[tuple[str, str, str], int]


# --- fields, codes and labels --------------------------------------------------------------------


def _field_names(config: SurveyConfig, codebook: Codebook) -> dict[str, str]:
    """Every name a target or breakdown may use -> its question code (profile fields and questions)."""
    names = {field: question for field, question in config.profile.items()}
    for code, question in codebook.questions.items():
        if question.type in {"L", "!", "O", "5", "G", "Y"}:  # single-choice questions
            names.setdefault(code, code)
    for question in config.profile.values():
        names.setdefault(question, question)
    return names


def _question_of(config: SurveyConfig, codebook: Codebook, name: str, where: str) -> str:
    names = _field_names(config, codebook)
    if name not in names:
        known = ", ".join(sorted(names)) or "none"
        raise ConfigError(
            f"{config.config_path}: {where}: {name!r} is neither a profile field nor a single-choice "
            f"question of the survey (fields that exist: {known})"
        )
    return names[name]


def _codes(codebook: Codebook, question: str) -> list[str]:
    """The answer codes of a question (``other`` when it has an Other option); [] for an attribute."""
    if question not in codebook:
        return []
    item = codebook[question]
    return item.answer_codes(0) + (["other"] if item.other else [])


def _labels(codebook: Codebook, question: str) -> dict[str, str]:
    labels = {UNKNOWN: "Unknown", "other": "Other"}
    if question in codebook:
        for option in codebook[question].answers:
            labels[option.code] = option.labels.get(codebook.base_language, option.code)
    return labels


def _partner_question(config: SurveyConfig) -> str:
    """The partner field's question code ('' when partners are the source files)."""
    name = config.cleaning.partner_field
    return config.profile.get(name, name) if name else ""


def resolve_breakdowns(config: SurveyConfig, codebook: Codebook) -> list[str]:
    """The question codes counted within each partner, in order.

    ``fieldwork.breakdowns`` when given, else the ``analysis.by`` fields; the partner field left
    out, and every field a target names added.

    Raises
    ------
    ConfigError
        Naming the file and the field that is neither a profile field nor a question.
    """
    partner = _partner_question(config)
    settings = config.fieldwork
    names = settings.breakdowns if settings.breakdowns is not None else config.analysis.by
    where = "fieldwork.breakdowns" if settings.breakdowns is not None else "analysis.by"
    questions = [_question_of(config, codebook, name, where) for name in names]
    for number, target in enumerate(settings.targets):
        for name in target.where:
            questions.append(_question_of(config, codebook, name, f"fieldwork.targets[{number}]"))
    return [q for q in dict.fromkeys(questions) if q != partner]


def resolve_targets(config: SurveyConfig, codebook: Codebook) -> Targets:
    """The config's ``fieldwork.targets`` as partner and cell targets, checked against the survey.

    Raises
    ------
    ConfigError
        Naming the file and the target: for a field that does not exist, a code that is not an
        answer of its question (listing those that are), a target without the partner field or
        with more than one other field, and a cell given twice.
    """
    partner_question = _partner_question(config)
    partner: dict[str, int] = {}
    cells: dict[tuple[str, str, str], int] = {}
    for number, target in enumerate(config.fieldwork.targets):
        where = f"fieldwork.targets[{number}] {dict(target.where)}"
        if not partner_question:
            raise ConfigError(
                f"{config.config_path}: {where}: targets need cleaning.partner_field to name a "
                f"question (it is '', the source file)"
            )
        resolved: dict[str, str] = {}
        for name, code in target.where.items():
            question = _question_of(config, codebook, name, where)
            codes = _codes(codebook, question)
            if codes and code not in codes:
                raise ConfigError(
                    f"{config.config_path}: {where}: {code!r} is not an answer code of {question} "
                    f"(codes that exist: {', '.join(codes)})"
                )
            resolved[question] = code
        if partner_question not in resolved:
            raise ConfigError(
                f"{config.config_path}: {where}: a target names the partner field "
                f"{config.cleaning.partner_field} ({partner_question}), e.g. "
                f"{{where: {{{partner_question}: ...}}, complete: {target.complete}}}"
            )
        others = [q for q in resolved if q != partner_question]
        if len(others) > 1:
            raise ConfigError(
                f"{config.config_path}: {where}: a target names the partner field and at most one "
                f"more field (it names {', '.join(others)})"
            )
        key_partner = resolved[partner_question]
        if others:
            key = (key_partner, others[0], resolved[others[0]])
            if key in cells:
                raise ConfigError(f"{config.config_path}: {where}: this cell already has a target")
            cells[key] = target.complete
        else:
            if key_partner in partner:
                raise ConfigError(f"{config.config_path}: {where}: this partner already has a target")
            partner[key_partner] = target.complete
    return Targets(partner, cells)


def _groups(responses: pd.DataFrame, question: str) -> pd.Series:
    """Each response's answer code to ``question`` (``unknown`` when empty, ``other`` for Other)."""
    if question not in responses:
        return pd.Series(UNKNOWN, index=responses.index, dtype=object)
    values = responses[question].fillna("").astype(str).str.strip()
    return values.replace({"": UNKNOWN, OTHER_CODE: "other"})


# --- dates -----------------------------------------------------------------------------------------


def _days(values: pd.Series, placeholders: Sequence[str]) -> pd.Series:
    """The ISO day of each date (None when empty, unreadable or a placeholder of an anonymised survey)."""
    text = values.fillna("").astype(str).str.strip()
    day = text.str.slice(0, 10)
    usable = day.str.fullmatch(_DAY.pattern) & ~text.isin(list(placeholders))
    return day.where(usable, None)


def _participant_day(value: Any) -> str | None:
    text = "" if value is None else str(value).strip()
    return text[:10] if _DAY.fullmatch(text[:10]) else None  # "N" (never) and "" give None


# --- participants ----------------------------------------------------------------------------------


def count_participants(participants: Sequence[Mapping[str, Any]] | None) -> dict[str, Any]:
    """Invited, reminded, completed, opted out and the response rate: counts only.

    ``participants`` are ``list_participants`` rows (only their ``completed``, ``sent``,
    ``remindersent``, ``remindercount`` and ``emailstatus`` are read); None without a participants
    table. ``invitations`` / ``reminders`` map each day to how many were sent (a participant's last
    reminder only: LimeSurvey keeps no earlier ones).
    """
    if participants is None:
        return {"invited": None, "reminded": None, "completed_participants": None, "opted_out": None,
                "response_rate": None, "invitations": {}, "reminders": {}}
    invited = reminded = completed = opted_out = 0
    invitations: dict[str, int] = {}
    reminders: dict[str, int] = {}
    for row in participants:
        sent = _participant_day(row.get("sent"))
        reminder = _participant_day(row.get("remindersent"))
        if sent:
            invited += 1
            invitations[sent] = invitations.get(sent, 0) + 1
        try:
            count = int(row.get("remindercount") or 0)
        except (TypeError, ValueError):
            count = 0
        if reminder or count > 0:
            reminded += 1
        if reminder:
            reminders[reminder] = reminders.get(reminder, 0) + 1
        done = str(row.get("completed") or "N").strip()
        if done not in {"", "N"}:
            completed += 1
        if str(row.get("emailstatus") or "").strip().lower() == "optout":
            opted_out += 1
    return {
        "invited": invited, "reminded": reminded, "completed_participants": completed,
        "opted_out": opted_out, "response_rate": completed / invited if invited else None,
        "invitations": invitations, "reminders": reminders,
    }


# --- the dry run of cleaning -----------------------------------------------------------------------


def dry_run(raw: RawSurvey) -> tuple[dict[str, Any], pd.DataFrame]:
    """What the cleaning rules would exclude so far: the summary entry and the table per partner and rule.

    Runs :func:`analysis.clean.clean` on the raw responses and writes nothing. When cleaning
    cannot run on them yet (an input or config error), the summary entry carries the error and
    the table is empty.
    """
    from analysis.clean import clean

    empty = pd.DataFrame(columns=list(EXCLUSIONS_COLUMNS))
    try:
        cleaned = clean(raw, key=_DRY_RUN_KEY)
    except (ConfigError, InputError, InvariantError) as error:
        return {"kept": None, "excluded": None, "by_rule": {}, "error": str(error)}, empty
    exclusions = cleaned.exclusions
    by_rule = {str(rule): int(n) for rule, n in exclusions.groupby("rule", sort=False).size().items()}
    table = (
        exclusions.groupby(["partner", "rule"], sort=False).size().reset_index(name="excluded")
        if not exclusions.empty else empty
    )
    table = table.astype({"partner": str, "rule": str}).sort_values(["partner", "rule"], kind="stable")
    summary = {"kept": int(cleaned.n_kept), "excluded": len(exclusions), "by_rule": by_rule}
    return summary, table[list(EXCLUSIONS_COLUMNS)].reset_index(drop=True)


# --- the tables ------------------------------------------------------------------------------------


def _projection(
    complete: int, target: int | None, completed_days: pd.Series, last_day: date | None, pace_days: int
) -> tuple[float | None, str | None]:
    """(share of target, projected ISO date) of one cell; see the module docstring."""
    if target is None:
        return None, None
    share = complete / target
    if complete >= target or last_day is None:
        return share, None
    first = (last_day - timedelta(days=pace_days - 1)).isoformat()
    recent = int(((completed_days >= first) & (completed_days <= last_day.isoformat())).sum())
    if recent == 0:
        return share, None
    days = -(-(target - complete) * pace_days // recent)  # ceil(remaining / (recent / pace_days))
    return share, (last_day + timedelta(days=days)).isoformat()


def _pages(codebook: Codebook) -> list[int]:
    """Question-group ids in survey order (the pages of a group-by-group survey)."""
    order: dict[int, int] = {}
    for question in codebook.questions.values():
        order.setdefault(question.group_id, question.group_order)
    return sorted(order, key=lambda gid: (order[gid], gid))


def _dropout(responses: pd.DataFrame, codebook: Codebook, complete: pd.Series) -> pd.DataFrame:
    lastpage = pd.to_numeric(responses.get("lastpage", pd.Series(dtype=object)), errors="coerce")
    lastpage = lastpage.reindex(responses.index).fillna(0)
    rows = []
    for number, group_id in enumerate(_pages(codebook), start=1):
        shown = number - 1  # lastpage counts the pages shown from 0
        timing = f"groupTime{group_id}"
        seconds = (
            pd.to_numeric(responses[timing].replace("", None), errors="coerce").dropna()
            if timing in responses else pd.Series(dtype=float)
        )
        names = codebook.group_names.get(group_id, {})
        rows.append({
            "page": number,
            "page_label": names.get(codebook.base_language) or next(iter(names.values()), str(group_id)),
            "reached": int((lastpage >= shown).sum()),
            "stopped": int(((lastpage == shown) & ~complete).sum()),
            "median_seconds": float(seconds.median()) if not seconds.empty else None,
        })
    return pd.DataFrame(rows, columns=list(DROPOUT_COLUMNS))


def _daily(started: pd.Series, completed: pd.Series, people: Mapping[str, Any]) -> pd.DataFrame:
    invitations, reminders = people["invitations"], people["reminders"]
    days = [*started.dropna(), *completed.dropna(), *invitations, *reminders]
    if not days:
        return pd.DataFrame(columns=list(DAILY_COLUMNS))
    first, last = date.fromisoformat(min(days)), date.fromisoformat(max(days))
    calendar = [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
    table = pd.DataFrame({"date": calendar})
    table["started"] = table["date"].map(started.value_counts()).fillna(0).astype(int)
    table["completed"] = table["date"].map(completed.value_counts()).fillna(0).astype(int)
    table["cumulative_started"] = table["started"].cumsum()
    table["cumulative_completed"] = table["completed"].cumsum()
    table["invitations"] = table["date"].map(invitations).fillna(0).astype(int)
    table["reminders"] = table["date"].map(reminders).fillna(0).astype(int)
    return table[list(DAILY_COLUMNS)]


def _quotas(quotas: Sequence[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    out = []
    for quota in quotas or ():
        limit = int(quota.get("limit") or 0)
        completed = int(quota.get("completed") or 0)
        out.append({
            "name": str(quota.get("name", "")), "active": bool(int(quota.get("active") or 0)),
            "limit": limit, "completed": completed, "share": completed / limit if limit else None,
        })
    return out


def compute_fieldwork(
    raw: RawSurvey,
    *,
    participants: Sequence[Mapping[str, Any]] | None = None,
    quotas: Sequence[Mapping[str, Any]] | None = None,
    source: Literal["limesurvey", "export", "snapshot"] = "export",
    source_detail: str = "",
    generated_at: datetime | None = None,
) -> Fieldwork:
    """Where each partner stands: counts of the raw responses, participants, curve, dropout, dry run.

    Parameters
    ----------
    raw
        The survey as ingested (:func:`analysis.ingest.ingest`), every response whatever its state.
    participants
        ``list_participants`` rows (or just their ``completed``, ``sent``, ``remindersent``,
        ``remindercount``, ``emailstatus``); None when the survey has no participants table.
    quotas
        LimeSurvey's quotas as ``{"name", "active", "limit", "completed"}``; None or empty without.
    source, source_detail
        ``"limesurvey"``, ``"export"`` or ``"snapshot"``, and the server (safe URL) or file read.
    generated_at
        The time of the run (default: now, UTC).

    Returns
    -------
    Fieldwork
        Its tables have the columns of :mod:`analysis.fieldwork.model`, in order.

    Raises
    ------
    ConfigError
        For targets or breakdowns that do not fit the survey (:func:`resolve_targets`) and a
        partner field that is not a question.
    """
    from analysis.clean import response_partners

    if source not in {"limesurvey", "export", "snapshot"}:
        raise ValueError(f"source must be 'limesurvey', 'export' or 'snapshot', not {source!r}")
    config, codebook, responses = raw.config, raw.codebook, raw.responses
    targets = resolve_targets(config, codebook)
    breakdowns = resolve_breakdowns(config, codebook)
    pace_days = config.fieldwork.pace_days
    partner, partner_labels = response_partners(config, codebook, responses)
    partner = partner.astype(object)
    partner_question = _partner_question(config)
    labels = _labels(codebook, partner_question) if partner_question else {}
    labels |= {code: label for code, label in partner_labels.items() if code not in labels}

    placeholders = config.cleaning.placeholder_dates
    submitted = responses["submitdate"].fillna("").astype(str).str.strip() != ""
    started_days = _days(responses.get("startdate", pd.Series("", index=responses.index)), placeholders)
    completed_days = _days(responses["submitdate"], placeholders).where(submitted, None)
    seen = [*started_days.dropna(), *completed_days.dropna()]
    last_day = date.fromisoformat(max(seen)) if seen else None

    summary_run, exclusions = dry_run(raw)
    excluded = exclusions.groupby("partner")["excluded"].sum() if not exclusions.empty else pd.Series()
    dry_ok = summary_run.get("error") is None

    codes = list(dict.fromkeys([*_codes(codebook, partner_question), *sorted(set(partner))]))
    present = set(partner) | set(targets.partner) | {p for p, _, _ in targets.cells}
    partner_rows = []
    for code in [c for c in codes if c in present]:
        mine = partner == code
        complete = int((mine & submitted).sum())
        share, projected = _projection(
            complete, targets.partner.get(code), completed_days[mine & submitted], last_day, pace_days
        )
        partner_rows.append({
            "partner": code, "partner_label": labels.get(code, code), "complete": complete,
            "incomplete": int((mine & ~submitted).sum()), "target": targets.partner.get(code),
            "share_of_target": share, "projected_date": projected,
            "excluded_so_far": int(excluded.get(code, 0)) if dry_ok else None,
        })
    by_partner = pd.DataFrame(partner_rows, columns=list(BY_PARTNER_COLUMNS))

    breakdown_rows = []
    group_of = {question: _groups(responses, question) for question in breakdowns}
    for row in partner_rows:
        code = row["partner"]
        mine = partner == code
        for question in breakdowns:
            groups = group_of[question]
            cells = {g for (p, q, g) in targets.cells if p == code and q == question}
            wanted = set(groups[mine]) | cells
            order = [*_codes(codebook, question), *sorted(wanted - set(_codes(codebook, question)))]
            names = _labels(codebook, question)
            for group in [g for g in order if g in wanted]:
                cell = mine & (groups == group)
                complete = int((cell & submitted).sum())
                target = targets.cells.get((code, question, group))
                share, projected = _projection(
                    complete, target, completed_days[cell & submitted], last_day, pace_days
                )
                breakdown_rows.append({
                    "partner": code, "breakdown": question, "group": group,
                    "group_label": names.get(group, group), "complete": complete,
                    "incomplete": int((cell & ~submitted).sum()), "target": target,
                    "share_of_target": share, "projected_date": projected,
                })
    by_breakdown = pd.DataFrame(breakdown_rows, columns=list(BY_BREAKDOWN_COLUMNS))

    people = count_participants(participants)
    summary: dict[str, Any] = {
        "survey": config.name,
        "generated_at": (generated_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        "source": source,
        "source_detail": source_detail,
        "partner_field": partner_question or config.cleaning.partner_field,
        "breakdowns": breakdowns,
        "responses": len(responses),
        "complete": int(submitted.sum()),
        "incomplete": int((~submitted).sum()),
        **{key: people[key] for key in ("invited", "reminded", "completed_participants", "opted_out",
                                          "response_rate")},
        "invitations": sorted(people["invitations"]),
        "reminders": sorted(people["reminders"]),
        "quotas": _quotas(quotas),
        "pace_days": pace_days,
        "dry_run": summary_run,
        "pages": [
            {"page": number, "group_id": group_id, "names": dict(codebook.group_names.get(group_id, {}))}
            for number, group_id in enumerate(_pages(codebook), start=1)
        ],
    }
    return Fieldwork(
        summary=summary,
        by_partner=by_partner,
        by_breakdown=by_breakdown,
        daily=_daily(started_days, completed_days, people),
        dropout=_dropout(responses, codebook, submitted),
        exclusions=exclusions,
    )


def reduce_participants(rows: Any) -> list[dict[str, Any]]:
    """Keep only the invitation state of each ``list_participants`` row (no token, name or e-mail)."""
    if not isinstance(rows, list):
        return []
    return [{key: row.get(key) for key in PARTICIPANT_KEYS} for row in rows if isinstance(row, dict)]

