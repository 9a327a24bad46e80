"""The input of the report stage: one :class:`SurveyReport` per survey, checked before rendering.

The report is the last stage, so it trusts nothing about the frames' provenance: it checks the
columns it needs, the file-safe name and the counts, and fails early with a message naming the
survey rather than halfway through writing a site.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

import analysis.priorities.ranking as ranking_module
import analysis.stats.groups as groups_module
import analysis.stats.needs as needs_module
from analysis.config import PRIORITY_CRITERIA

if TYPE_CHECKING:
    from analysis.priorities import MicroCredential
    from analysis.report.downloads import PublishedTables

__all__ = [
    "ACCEPTABILITY_COLUMNS",
    "CROSSHAIR_COLUMNS",
    "FUNNEL_COLUMNS",
    "GROUP_TEST_COLUMNS",
    "MISSINGNESS_COLUMNS",
    "NEEDS_COLUMNS",
    "PARTNER_FUNNEL_COLUMNS",
    "PRIORITIES_COLUMNS",
    "PRIORITY_CRITERIA",
    "PRIORITY_METHODS",
    "PrioritiesReport",
    "SurveyReport",
    "cleaning_page_name",
    "consortium_page_name",
    "fieldwork_page_name",
    "has_consortium",
    "priorities_page_name",
    "sliders_page_name",
    "validate_reports",
]

#: The columns a page needs of ``needs.csv`` (its first columns, up to the rank; the rest are optional).
NEEDS_COLUMNS = tuple(needs_module.NEEDS_COLUMNS[: needs_module.NEEDS_COLUMNS.index("rank") + 1])
#: The crosshairs of ``needs.csv`` a group page's quadrant charts draw (the analysis's, not redone).
CROSSHAIR_COLUMNS = tuple(needs_module.CROSSHAIR_COLUMNS)
GROUP_TEST_COLUMNS = tuple(groups_module.GROUP_TEST_COLUMNS)
FUNNEL_COLUMNS = ("rule", "reason", "excluded")
#: Besides these, one count column per rule of the funnel.
PARTNER_FUNNEL_COLUMNS = ("partner", "partner_label", "raw", "kept")
MISSINGNESS_COLUMNS = (
    "scope", "group", "skill_id", "dimension", "n", "answered", "no_answer", "dont_know",
    "not_applicable", "not_shown", "missing_share",
)
WARNING_KEYS = ("check", "message")
SCALE_KEYS = ("dimension", "question", "rule", "values")
#: The priority criteria in display order (the config's, as :mod:`analysis.priorities` uses them).
PRIORITY_METHODS = ("weighted_sum", "topsis")
PRIORITIES_COLUMNS = tuple(ranking_module.PRIORITIES_COLUMNS)
ACCEPTABILITY_COLUMNS = tuple(ranking_module.ACCEPTABILITY_COLUMNS)
CLEANING_SUFFIX = "-cleaning"
PRIORITIES_SUFFIX = "-priorities"
SLIDERS_SUFFIX = "-sliders"
FIELDWORK_SUFFIX = "-fieldwork"
CONSORTIUM_PAGE = "consortium"

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


@dataclass(frozen=True)
class PrioritiesReport:
    """The micro-credential priorities of one survey, as the pipeline wrote them.

    Attributes
    ----------
    table
        ``priorities.csv`` (:data:`PRIORITIES_COLUMNS`): one row per scope x group x candidate,
        scope ``"overall"`` (group ``"all"``) or a profile field; score and rank at the set
        weights, the 95% rank interval over respondent resamples, SMAA-2 summaries, the raw and
        the normalised criteria and the central weights (NaN when never first).
    acceptability
        ``priority_acceptability.csv`` (:data:`ACCEPTABILITY_COLUMNS`): share of SMAA draws in
        which each candidate takes each rank.
    catalogue
        The candidates (:class:`analysis.priorities.MicroCredential`) with their Annex I elements.
    weights
        The set weight per criterion (:data:`PRIORITY_CRITERIA`), summing to 1.
    method
        ``"weighted_sum"`` or ``"topsis"``.
    draws
        Number of SMAA draws.
    bootstrap
        Respondent resamples combined with the weight draws (0 = none).
    demand_fields
        The catalogue fields the demand questions ask about (``priorities.demand``): a candidate
        that does not give one yet has that question left out of its demand.
    exports
        The export files the prioritize stage wrote per candidate: {id: {"elm": file name,
        "ob3": file name}} (``results/microcredentials/``; a candidate may have only "ob3").
    sector_field
        The profile field whose answer codes the candidates' ``sectors`` name (the survey's
        ``priorities.sector_field``): the cards show those codes' labels.
    """

    table: pd.DataFrame
    acceptability: pd.DataFrame
    catalogue: tuple[MicroCredential, ...]
    weights: Mapping[str, float]
    method: str
    draws: int
    bootstrap: int
    demand_fields: tuple[str, ...] = ()
    exports: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    sector_field: str = "sector"


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
        written by :func:`analysis.stats.needs_table`) is honoured; a group page's quadrant charts
        also need ``ipa_quadrant``, ``lff_quadrant`` and :data:`CROSSHAIR_COLUMNS`.
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
    funnel_by_partner
        Cleaning funnel per partner (:data:`PARTNER_FUNNEL_COLUMNS` plus one count column per rule
        of ``funnel``); None when the data were cleaned by a version that did not record it.
    missingness
        Answer shares per item (:data:`MISSINGNESS_COLUMNS`; scope ``"overall"`` with group
        ``"all"``, or ``"partner"`` with the partner code); None when not recorded.
    warnings
        Checks that need an analyst's decision, each a mapping with ``check`` and ``message``;
        empty when there are none, None when not recorded.
    skills
        The skill table (``skill_id``, ``label``, optional ``group``) naming the items of
        ``missingness``; labels fall back to the needs table, then to the id.
    scales
        How each rating battery's answer codes became numbers (``cleaning_summary.json``'s
        ``scales``): mappings with ``dimension``, ``question``, ``scale`` (1, 2 or None), ``rule``
        (config, assessment, integer or order), ``values`` (``[code, number]`` pairs) and
        ``missing`` (codes declared missing); None when not recorded.
    priorities
        The micro-credential priorities; when given, the site adds ``<name>-priorities.html``
        and the slider page ``<name>-sliders.html``.
    descriptives
        ``descriptives.csv`` (rating distributions per skill, dimension and group): the Likert
        charts of the group pages.
    respondents
        ``respondents.parquet`` (pseudonymous ids and profile codes): who answered, by group.
    open_text
        ``open_text.parquet`` (redacted free-text answers): what the group's respondents wrote.
    group_labels
        Profile field -> answer code -> label (in the page's language), for naming groups.
    page_times
        Median seconds per page of the kept respondents (``cleaning_summary.json`` ``page_times``:
        ``group_id``, ``group`` (language -> page name), ``median_seconds``, ``respondents``);
        empty when the survey saved no timings, None when not recorded.
    speeder_times
        How many submitted responses the speeder rule timed by LimeSurvey's ``interviewtime``, by
        submit date minus start date (``dates``) and not at all (``unknown``); None when not
        recorded or the rule is off.
    published
        The survey's tables as the downloads publish them
        (:func:`analysis.report.downloads.published_tables`): the cleaning page takes its funnel
        per partner from it, and the pages hide the groups it suppresses. None for a report
        built by hand: the pages then suppress with the site's ``min_group_n`` alone.
    min_group_n
        The survey's own smallest reported group (``analysis.min_group_n``), the one its
        downloads use; None for a report built by hand (the site's ``min_group_n`` applies).
    rank_uncertainty
        ``rank_uncertainty.csv`` as published (suppressed groups blanked): the rank confidence
        sets; its ``in_top_k_set`` gives each group's sentence on the skills surely among the
        ``top_k`` greatest needs. None: no sentence.
    question_labels
        Open-answer column (``OPENNEEDS``, ``DELIVERY[other]``) -> its heading in the page's
        language (:func:`analysis.report.labels.open_question_label`); a column not listed shows
        as it is.
    themes
        The published ``themes`` table (:func:`analysis.report.downloads.published_tables`;
        suppressed groups blanked) with ``theme_label`` in the page's language: respondents and
        interviews mentioning each theme, overall and per group. None: the survey's texts were
        not coded (no themes section).
    theme_segments
        ``theme_segments.parquet`` (redacted coded sentences): the quotes of the themes section.
    theme_skills
        ``theme_skills.csv`` (theme, skill_id): the themes a micro-credential's card lists.
    crossed
        The crossed scopes of ``needs`` (``analysis.cross``: each a tuple of profile fields, its
        scope the fields joined by ``:``): the survey page's table of each one's groups.
    has_fieldwork
        Whether the survey has a fieldwork run (:func:`analysis.store.has_fieldwork`): its
        cleaning page then links the internal fieldwork page.
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
    funnel_by_partner: pd.DataFrame | None = None
    missingness: pd.DataFrame | None = None
    warnings: Sequence[Mapping[str, Any]] | None = None
    skills: pd.DataFrame | None = None
    scales: Sequence[Mapping[str, Any]] | None = None
    priorities: PrioritiesReport | None = None
    descriptives: pd.DataFrame | None = None
    respondents: pd.DataFrame | None = None
    open_text: pd.DataFrame | None = None
    group_labels: Mapping[str, Mapping[str, str]] | None = None
    page_times: Sequence[Mapping[str, Any]] | None = None
    speeder_times: Mapping[str, int] | None = None
    published: PublishedTables | None = None
    min_group_n: int | None = None
    rank_uncertainty: pd.DataFrame | None = None
    question_labels: Mapping[str, str] | None = None
    has_fieldwork: bool = False
    themes: pd.DataFrame | None = None
    theme_segments: pd.DataFrame | None = None
    theme_skills: pd.DataFrame | None = None
    crossed: tuple[tuple[str, ...], ...] = ()


def cleaning_page_name(name: str) -> str:
    """File name of a survey's cleaning page: ``<name>-cleaning.html``."""
    return f"{name}{CLEANING_SUFFIX}.html"


def priorities_page_name(name: str) -> str:
    """File name of a survey's micro-credential priorities page: ``<name>-priorities.html``."""
    return f"{name}{PRIORITIES_SUFFIX}.html"


def consortium_page_name() -> str:
    """File name of the consortium view (the candidates several surveys rank): ``consortium.html``."""
    return f"{CONSORTIUM_PAGE}.html"


def has_consortium(reports: Sequence[SurveyReport]) -> bool:
    """Whether the site has a consortium view: at least two of its surveys rank candidates."""
    return sum(report.priorities is not None for report in reports) >= 2


def fieldwork_page_name(name: str) -> str:
    """File name of a survey's internal fieldwork page: ``<name>-fieldwork.html``."""
    return f"{name}{FIELDWORK_SUFFIX}.html"


def sliders_page_name(name: str) -> str:
    """File name of a survey's offline weight-slider page: ``<name>-sliders.html``."""
    return f"{name}{SLIDERS_SUFFIX}.html"


def _missing(frame: pd.DataFrame, columns: Sequence[str]) -> list[str]:
    return [c for c in columns if c not in frame.columns]


def _check_frames(name: str, checks: Sequence[tuple[str, object, Sequence[str]]]) -> None:
    """Each (label, frame, columns): the frame is a DataFrame holding those columns."""
    for label, frame, columns in checks:
        if not isinstance(frame, pd.DataFrame):
            raise ValueError(f"survey {name!r}: {label} must be a pandas DataFrame")
        missing = _missing(frame, columns)
        if missing:
            raise ValueError(f"survey {name!r}: {label} lacks column(s) {', '.join(missing)}")


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
        _check_frames(
            name,
            (
                ("needs", report.needs, NEEDS_COLUMNS),
                ("group_tests", report.group_tests, GROUP_TEST_COLUMNS),
                ("funnel", report.funnel, FUNNEL_COLUMNS),
            ),
        )
        _validate_cleaning(report)
        _validate_priorities(report)
        if not 0 <= int(report.n_kept) <= int(report.n_raw):
            raise ValueError(
                f"survey {name!r}: n_kept ({report.n_kept}) must lie between 0 and n_raw "
                f"({report.n_raw})"
            )
        if isinstance(report.scopes, str):
            raise ValueError(f"survey {name!r}: scopes must be a tuple of names, not a string")
    with_priorities = {r.name for r in reports if r.priorities is not None}
    if has_consortium(reports) and CONSORTIUM_PAGE in seen:
        raise ValueError(
            f"survey name {CONSORTIUM_PAGE!r} clashes with the consortium view of the surveys that rank "
            "candidates (consortium.html): choose another name"
        )
    for name in sorted(seen):
        for suffix, page, owners in (
            (CLEANING_SUFFIX, "cleaning page", seen),
            (PRIORITIES_SUFFIX, "priorities page", with_priorities),
            (SLIDERS_SUFFIX, "slider page", with_priorities),
        ):
            if name.endswith(suffix) and name.removesuffix(suffix) in owners:
                raise ValueError(
                    f"survey name {name!r} clashes with the {page} of survey "
                    f"{name.removesuffix(suffix)!r}: choose another name"
                )


def _validate_cleaning(report: SurveyReport) -> None:
    """Check the optional cleaning inputs of one report (absent inputs are fine)."""
    name = report.name
    rules = [str(rule) for rule in report.funnel["rule"]]
    optional = (
        ("funnel_by_partner", report.funnel_by_partner, (*PARTNER_FUNNEL_COLUMNS, *rules)),
        ("missingness", report.missingness, MISSINGNESS_COLUMNS),
        ("skills", report.skills, ("skill_id", "label")),
    )
    for label, frame, columns in optional:
        if frame is None:
            continue
        if not isinstance(frame, pd.DataFrame):
            raise ValueError(f"survey {name!r}: {label} must be a pandas DataFrame or None")
        missing = _missing(frame, columns)
        if missing:
            raise ValueError(f"survey {name!r}: {label} lacks column(s) {', '.join(missing)}")
    if report.warnings is not None:
        if isinstance(report.warnings, str | Mapping):
            raise ValueError(f"survey {name!r}: warnings must be a list of {{check, message}}")
        for warning in report.warnings:
            if not isinstance(warning, Mapping) or any(k not in warning for k in WARNING_KEYS):
                raise ValueError(
                    f"survey {name!r}: each warning needs 'check' and 'message', got {warning!r}"
                )
    if report.scales is not None:
        if isinstance(report.scales, str | Mapping):
            raise ValueError(f"survey {name!r}: scales must be a list of mappings, one per battery")
        for scale in report.scales:
            if not isinstance(scale, Mapping) or any(k not in scale for k in SCALE_KEYS):
                raise ValueError(
                    f"survey {name!r}: each scale needs {', '.join(SCALE_KEYS)}, got {scale!r}"
                )


def _validate_priorities(report: SurveyReport) -> None:
    """Check the optional priorities of one report: columns, weights, method, counts, catalogue."""
    name = report.name
    priorities = report.priorities
    if priorities is None:
        return
    if not isinstance(priorities, PrioritiesReport):
        raise ValueError(f"survey {name!r}: priorities must be a PrioritiesReport or None")
    _check_frames(
        name,
        (
            ("the priorities table", priorities.table, PRIORITIES_COLUMNS),
            ("the priority acceptability", priorities.acceptability, ACCEPTABILITY_COLUMNS),
        ),
    )
    weights = dict(priorities.weights)
    if sorted(weights) != sorted(PRIORITY_CRITERIA) or any(
        not math.isfinite(float(w)) or float(w) < 0 for w in weights.values()
    ):
        raise ValueError(
            f"survey {name!r}: priority weights must give a weight >= 0 to each of "
            f"{', '.join(PRIORITY_CRITERIA)} and nothing else, got {weights}"
        )
    if priorities.method not in PRIORITY_METHODS:
        raise ValueError(
            f"survey {name!r}: priority method must be one of {', '.join(PRIORITY_METHODS)}, "
            f"got {priorities.method!r}"
        )
    if int(priorities.draws) < 1 or int(priorities.bootstrap) < 0:
        raise ValueError(
            f"survey {name!r}: priority draws must be >= 1 and bootstrap >= 0, got "
            f"{priorities.draws} and {priorities.bootstrap}"
        )
    known = {str(candidate.id) for candidate in priorities.catalogue}
    unknown = sorted({str(i) for i in priorities.table["microcredential_id"]} - known)
    if unknown:
        raise ValueError(
            f"survey {name!r}: the priorities table ranks candidates missing from the catalogue: "
            f"{', '.join(unknown)}"
        )
