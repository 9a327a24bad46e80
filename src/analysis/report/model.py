"""The input of the report stage: one :class:`SurveyReport` per survey, checked before rendering.

The report is the last stage, so it trusts nothing about the frames' provenance: it checks the
columns it needs, the file-safe name and the counts, and fails early with a message naming the
survey rather than halfway through writing a site.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "FUNNEL_COLUMNS",
    "GROUP_TEST_COLUMNS",
    "NEEDS_COLUMNS",
    "SurveyReport",
    "validate_reports",
]

NEEDS_COLUMNS = (
    "scope", "group", "group_label", "skill_id", "skill_label", "skill_group", "n",
    "importance_mean", "proficiency_mean", "discrepancy_mean", "mwds", "rank",
)
GROUP_TEST_COLUMNS = (
    "scope", "skill_id", "skill_label", "n", "k_groups", "statistic", "p_value", "p_holm",
    "epsilon_squared", "significant",
)
FUNNEL_COLUMNS = ("rule", "reason", "excluded")

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


@dataclass(frozen=True)
class SurveyReport:
    """Everything the HTML report of one survey shows.

    Attributes
    ----------
    name
        File-safe survey name (letters, digits, ``-``, ``_``); the page is ``<name>.html``.
    title
        Human title of the survey, shown as the page heading.
    needs
        One row per scope x group x skill (:data:`NEEDS_COLUMNS`): scope ``"overall"`` (group
        ``"all"``) or a profile field; Borich means and MWDS at full precision; ``rank`` 1 =
        greatest need within scope and group. An optional boolean ``suppressed`` column (as
        written by :func:`analysis.stats.needs_table`) is honoured.
    group_tests
        Kruskal-Wallis tests of the discrepancy across the groups of a scope, per skill
        (:data:`GROUP_TEST_COLUMNS`).
    funnel
        Cleaning funnel in rule order (:data:`FUNNEL_COLUMNS`).
    n_raw, n_kept
        Responses before and after cleaning.
    scopes
        Per-group breakdowns to show, in order (e.g. ``("sector", "country")``).
    source_note
        Shown in the page header when non-empty (e.g. ``"Synthetic sample data"``).
    """

    name: str
    title: str
    needs: pd.DataFrame
    group_tests: pd.DataFrame
    funnel: pd.DataFrame
    n_raw: int
    n_kept: int
    scopes: tuple[str, ...]
    source_note: str = ""


def _missing(frame: pd.DataFrame, columns: Sequence[str]) -> list[str]:
    return [c for c in columns if c not in frame.columns]


def validate_reports(reports: Sequence[SurveyReport]) -> None:
    """Check names, required columns and counts of every report.

    Raises
    ------
    ValueError
        On an unsafe or duplicate name, a missing column, or impossible counts; the message
        names the survey and what to fix.
    """
    seen: set[str] = set()
    for report in reports:
        name = report.name
        if not isinstance(name, str) or not _SAFE_NAME.fullmatch(name) or name == "index":
            raise ValueError(
                f"survey name {name!r} is not file-safe: use 1-64 letters, digits, '-' or '_' "
                "(and not 'index')"
            )
        if name in seen:
            raise ValueError(f"survey name {name!r} is used twice: each page needs its own name")
        seen.add(name)
        for label, frame, columns in (
            ("needs", report.needs, NEEDS_COLUMNS),
            ("group_tests", report.group_tests, GROUP_TEST_COLUMNS),
            ("funnel", report.funnel, FUNNEL_COLUMNS),
        ):
            if not isinstance(frame, pd.DataFrame):
                raise ValueError(f"survey {name!r}: {label} must be a pandas DataFrame")
            missing = _missing(frame, columns)
            if missing:
                raise ValueError(f"survey {name!r}: {label} lacks column(s) {', '.join(missing)}")
        if not 0 <= int(report.n_kept) <= int(report.n_raw):
            raise ValueError(
                f"survey {name!r}: n_kept ({report.n_kept}) must lie between 0 and n_raw "
                f"({report.n_raw})"
            )
        if isinstance(report.scopes, str):
            raise ValueError(f"survey {name!r}: scopes must be a tuple of names, not a string")
