"""What a fieldwork run produces: the contract between its computation, its files and its page.

The files in ``data/processed/<survey>/fieldwork/`` are ``summary.json``, ``by_partner.csv``,
``by_breakdown.csv``, ``daily.csv``, ``dropout.csv`` and ``exclusions.csv`` with the columns
below (in this order); counts are whole numbers, shares are 0-1, dates ISO ``YYYY-MM-DD``, and a
value that does not exist (no target, no timings) is an empty cell / ``null``. No file holds a
name, e-mail address, token or response id: counts only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

#: The keys ``summary.json`` always has. ``invited``, ``reminded``, ``completed_participants``,
#: ``opted_out`` and ``response_rate`` (completed / invited) are null without a participants table.
SUMMARY_KEYS = (
    "survey",  # the config's name
    "generated_at",  # ISO date and time (UTC) of the run
    "source",  # "limesurvey" (live server), "export" or "snapshot"
    "source_detail",  # the server's safe URL and survey id, or the file read (no credentials)
    "partner_field",  # the profile field that names the partner, e.g. COUNTRY
    "breakdowns",  # the fields of by_breakdown.csv, e.g. ["SECTOR", "RESPTYPE"]
    "responses",  # raw responses as LimeSurvey holds them
    "complete",  # submitted (submitdate set)
    "incomplete",  # not submitted
    "invited",
    "reminded",
    "completed_participants",
    "opted_out",
    "response_rate",
    "invitations",  # dates invitations went out (list of ISO dates; empty when unknown)
    "reminders",  # dates reminders went out
    "quotas",  # [{"name", "active", "limit", "completed", "share"}]; empty without quotas
    "pace_days",  # the days the projected dates are paced on (7)
    "dry_run",  # {"kept", "excluded", "by_rule": {rule: count}}: what cleaning would exclude so far
    "pages",  # [{"page", "group_id", "names": {lang: name}}]: dropout.csv's pages, named in every language
)

#: ``by_partner.csv``: one row per partner (``target``, ``share_of_target`` and ``projected_date``
#: empty without a target; ``projected_date`` empty when the target is met or the pace is zero).
BY_PARTNER_COLUMNS = (
    "partner", "partner_label", "complete", "incomplete", "target", "share_of_target",
    "projected_date", "excluded_so_far",
)

#: ``by_breakdown.csv``: one row per partner x breakdown field x group (e.g. BG x SECTOR x CONST).
BY_BREAKDOWN_COLUMNS = (
    "partner", "breakdown", "group", "group_label", "complete", "incomplete", "target",
    "share_of_target", "projected_date",
)

#: ``daily.csv``: one row per calendar day from the first start to the last activity (days
#: without activity included, as zeros); ``invitations`` and ``reminders`` count those sent that day.
DAILY_COLUMNS = (
    "date", "started", "completed", "cumulative_started", "cumulative_completed", "invitations",
    "reminders",
)

#: ``dropout.csv``: one row per survey page (question group, in survey order): how many responses
#: reached it, how many incomplete ones stopped on it (``lastpage``), and the median seconds spent on
#: it where the export has timings.
DROPOUT_COLUMNS = ("page", "page_label", "reached", "stopped", "median_seconds")

#: ``exclusions.csv``: what the cleaning rules would exclude so far, per partner and rule.
EXCLUSIONS_COLUMNS = ("partner", "rule", "excluded")


@dataclass(frozen=True)
class Fieldwork:
    """One survey's fieldwork state, as computed and as read back from its files."""

    summary: dict[str, Any]
    by_partner: pd.DataFrame
    by_breakdown: pd.DataFrame
    daily: pd.DataFrame
    dropout: pd.DataFrame
    exclusions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(EXCLUSIONS_COLUMNS)))


def columns_of(table: str) -> tuple[str, ...]:
    """The columns of the fieldwork table ``table`` (``by_partner``, ``daily``, ...), in file order."""
    return {
        "by_partner": BY_PARTNER_COLUMNS,
        "by_breakdown": BY_BREAKDOWN_COLUMNS,
        "daily": DAILY_COLUMNS,
        "dropout": DROPOUT_COLUMNS,
        "exclusions": EXCLUSIONS_COLUMNS,
    }[table]
