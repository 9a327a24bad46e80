"""The pages of the report site, as the page notebook renders them.

:func:`site_pages` lists every page of one language with its template and context;
:func:`render_page` renders the sections (title, style, header, main, footer) of one page, which
the page notebook shows through :func:`analysis.report.assemble.page_sections`. The contexts are
built once per kernel and language (the results are read once).

Besides the survey, cleaning and priorities pages of :mod:`analysis.report.site`, this module
builds one page per group of each breakdown (a sector, a country, a region: its needs, quadrants,
rating distributions, priorities, who answered and what they wrote) and the methods appendix.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, partial
from typing import Any

import jinja2
import pandas as pd

from analysis.report.charts import needs_chart, shared_range, skill_group_colors
from analysis.report.i18n import LANGUAGE_NAMES, translator
from analysis.report.likert import likert_chart, likert_table
from analysis.report.model import CROSSHAIR_COLUMNS, SurveyReport, cleaning_page_name, priorities_page_name
from analysis.report.priorities_page import interval_and_stability
from analysis.report.quadrants import quadrant_chart, quadrant_table
from analysis.report.render import (
    SUPPRESSED_MARK,
    fmt,
    fmt_int,
    fmt_pct,
    group_n,
    jinja_environment,
    join_words,
    reportable,
    slugify,
)
from analysis.report.site import SCALE_RULE_WORDS, legend_items
from analysis.report.suppression import MISSING, TOTAL, composition_table

__all__ = [
    "GROUP_SCOPES_LIMIT",
    "PageSpec",
    "Sections",
    "group_context",
    "group_kept",
    "group_page_name",
    "language_links",
    "methods_context",
    "survey_findings",
    "page_name",
    "quote",
    "render_page",
]

#: Open answers listed per question on a group page (the rest are in the downloads).
OPEN_ANSWERS_SHOWN = 30
#: Characters of an open answer quoted on a page; a longer answer is cut at a word boundary.
QUOTE_LENGTH = 280
#: At most this many groups per breakdown get their own page (the survey page compares all).
GROUP_SCOPES_LIMIT = 40
#: Candidates listed on a group page (all are on the priorities page).
PRIORITIES_SHOWN = 5


@dataclass(frozen=True)
class PageSpec:
    """One page: its file name, template, how to build what it renders, and what it is."""

    filename: str
    template: str
    build: Callable[[], dict[str, Any]] = dict
    kind: str = "index"
    survey: str = ""
    scope: str = ""
    group: str = ""
    lang: str = "en"

    @cached_property
    def context(self) -> dict[str, Any]:
        """The values the template renders (built on first use)."""
        return self.build()

    @property
    def parameters(self) -> dict[str, str]:
        """The page notebook's papermill parameters for this page."""
        return {
            "kind": self.kind,
            "survey": self.survey,
            "scope": self.scope,
            "group": self.group,
            "lang": self.lang,
        }


class Sections:
    """The rendered blocks of one page; each is shown by one tagged cell of the page notebook."""

    def __init__(self, blocks: dict[str, str]) -> None:
        self._blocks = blocks

    def __getattr__(self, name: str) -> _Html:
        if name.startswith("_"):
            raise AttributeError(name)
        return _Html(self._blocks.get(name, ""))


@dataclass(frozen=True)
class _Html:
    html: str

    def _repr_html_(self) -> str:
        return self.html


def group_page_name(survey: str, scope: str, group: str) -> str:
    """``<survey>-<scope>-<group>.html``, e.g. ``sector-country-bg.html``."""
    return f"{survey}-{slugify(scope)}-{slugify(group)}.html"


def language_links(filename: str, lang: str, languages: Sequence[str]) -> list[dict[str, str]]:
    """The same page in every language, as relative links from this page (English at the root)."""
    links = []
    for other in languages:
        if lang == "en":
            href = filename if other == "en" else f"{other}/{filename}"
        else:
            href = f"../{filename}" if other == "en" else f"../{other}/{filename}"
        links.append(
            {"lang": other, "name": LANGUAGE_NAMES.get(other, other), "href": href, "current": other == lang}
        )
    return links


#: The page shell's blocks, in the order base.html.j2 renders them.
SECTIONS = ("title", "style", "header", "main", "footer")
_SEPARATOR = "\x1e"  # ASCII record separator: never in a page


@cache
def _sections_environment(lang: str) -> jinja2.Environment:
    """The report's environment with the page shell replaced by the bare blocks, separated.

    Rendering a page template here gives its sections exactly as the full page has them (its
    imports and macros run as usual); the nbconvert template puts them back into the shell.
    """
    env = jinja_environment(lang).overlay(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.DictLoader(
                    {
                        "base.html.j2": _SEPARATOR.join(
                            f"{{% block {name} %}}{{% endblock %}}" for name in SECTIONS
                        )
                    }
                ),
                jinja_environment(lang).loader,
            ]
        )
    )
    return env


def render_page(spec: PageSpec, lang: str) -> dict[str, str]:
    env = _sections_environment(lang)
    html = env.get_template(spec.template).render(spec.context)
    sections = dict(zip(SECTIONS, html.split(_SEPARATOR), strict=True))
    sections["nav"] = env.get_template("_nav.html.j2").render(
        languages=spec.context.get("languages", []),
        home="",
        downloads="downloads/" if lang == "en" else "../downloads/",
    )
    return sections


# --- the group page -----------------------------------------------------------------------------


def _findings(
    report: SurveyReport, scope: str, group: str, rows: pd.DataFrame, ok: pd.Series, lang: str
) -> list[str]:
    tr_ = translator(lang).gettext
    shown = rows[ok].sort_values("rank", kind="stable")
    findings = []
    if not shown.empty:
        top = shown.head(3)
        findings.append(
            tr_("The greatest training needs are %(skills)s (Borich MWDS %(low)s to %(high)s).")
            % {
                "skills": join_words(list(top["skill_label"]), tr_),
                "low": fmt(top["mwds"].min(), 1),
                "high": fmt(top["mwds"].max(), 1),
            }
        )
        overall = report.needs[report.needs["scope"] == "overall"].set_index("skill_id")["rank"]
        here = shown.set_index("skill_id")["rank"]
        ahead = [
            str(shown.set_index("skill_id").loc[s, "skill_label"])
            for s in here.index
            if s in overall.index and pd.notna(overall[s]) and float(overall[s]) - float(here[s]) >= 3
        ]
        if ahead:
            findings.append(
                tr_("Ranked at least three places higher here than among all respondents: %(skills)s.")
                % {"skills": join_words(ahead[:4], tr_)}
            )
        gaps = shown[pd.to_numeric(shown["discrepancy_mean"], errors="coerce") <= 0]
        if not gaps.empty:
            findings.append(
                tr_("No gap (proficiency at least as high as importance): %(skills)s.")
                % {"skills": join_words(list(gaps["skill_label"].head(4)), tr_)}
            )
    tests = report.group_tests
    if not tests.empty and "scope" in tests.columns:
        significant = tests[(tests["scope"] == scope) & tests["significant"].map(_true)]
        if len(significant):
            findings.append(
                translator(lang).ngettext(
                    "%(num)d skill's need differs significantly between the groups of this breakdown "
                    "(Kruskal-Wallis, Holm-corrected).",
                    "%(num)d skills' needs differ significantly between the groups of this breakdown "
                    "(Kruskal-Wallis, Holm-corrected).",
                    len(significant),
                )
                % {"num": len(significant)}
            )
    if report.priorities is not None:
        table = report.priorities.table
        first = table[
            (table["scope"] == scope) & (table["group"].astype(str) == group) & (table["rank"] == 1)
        ]
        if len(first):
            row = first.iloc[0]
            findings.append(
                tr_("First micro-credential priority here: %(title)s (%(stability)s).")
                % {"title": str(row["title"]), "stability": _stability_word(str(row["stability"]), lang)}
            )
    return findings


def survey_findings(report: SurveyReport, *, lang: str = "en", min_group_n: int = 5) -> list[str]:
    """A survey's key findings in plain words, for the overview page."""
    tr_ = translator(lang).gettext
    needs = report.needs
    overall = needs[needs["scope"] == "overall"]
    shown = overall[reportable(overall, min_group_n)].sort_values("rank", kind="stable")
    findings = []
    if not shown.empty:
        findings.append(
            tr_("Greatest training needs overall: %(skills)s.")
            % {"skills": join_words(list(shown["skill_label"].head(3)), tr_)}
        )
        first = str(shown["skill_id"].iloc[0])
        differ = []
        for scope in report.scopes:
            rows = needs[needs["scope"] == scope]
            rows = rows[reportable(rows, min_group_n)].sort_values(["group", "rank"], kind="stable")
            for _, top in rows.groupby("group", sort=False):
                head = top.iloc[0]
                if str(head["skill_id"]) != first:
                    differ.append(f"{head['group_label']}: {head['skill_label']}")
        if differ:
            findings.append(
                tr_("Where a group's greatest need is another skill: %(groups)s.")
                % {"groups": "; ".join(differ[:6])}
            )
    if report.priorities is not None:
        table = report.priorities.table
        first_mc = table[(table["scope"] == "overall") & (table["rank"] == 1)]
        if len(first_mc):
            row = first_mc.iloc[0]
            findings.append(
                tr_("First micro-credential to develop: %(title)s (%(stability)s, first in %(share)s)")
                % {
                    "title": str(row["title"]),
                    "stability": _stability_word(str(row["stability"]), lang),
                    "share": fmt_pct(row["p_first"]),
                }
            )
    return findings


def _group_links(report: SurveyReport, lang: str) -> list[dict[str, Any]]:
    """Per breakdown, the links to its groups' pages."""
    tr_ = translator(lang).gettext
    out = []
    for scope in report.scopes:
        rows = report.needs[report.needs["scope"] == scope]
        groups = list(
            dict.fromkeys(zip(rows["group"].astype(str), rows["group_label"].astype(str), strict=True))
        )
        out.append(
            {
                "label": tr_(str(scope).replace("_", " ")),
                "links": [
                    {"label": label or code, "href": group_page_name(report.name, str(scope), code)}
                    for code, label in groups[:GROUP_SCOPES_LIMIT]
                ],
            }
        )
    return out


def _true(value: object) -> bool:
    return str(value).strip().lower() in {"true", "1", "1.0"}


def _stability_word(label: str, lang: str) -> str:
    tr_ = translator(lang).gettext
    return {"stable": tr_("stable"), "fairly stable": tr_("fairly stable"), "unstable": tr_("unstable")}.get(
        label, label
    )


def _quadrant_title(rows: pd.DataFrame, kind: str, lang: str) -> str:
    tr_ = translator(lang).gettext
    column, target = ("ipa_quadrant", "concentrate here") if kind == "ipa" else ("lff_quadrant", "focus")
    hits = rows[rows[column].astype(str) == target].sort_values("rank", kind="stable")
    if hits.empty:
        return (
            tr_("No skill falls in the priority quadrant")
            if kind == "ipa"
            else tr_("No skill falls in the focus quadrant")
        )
    skills = join_words(list(hits["skill_label"].head(3)), tr_)
    if kind == "ipa":
        return tr_("Concentrate here: %(skills)s") % {"skills": skills}
    return tr_("Focus: %(skills)s") % {"skills": skills}


def _likert_title(rows: pd.DataFrame, dimension: str, lang: str) -> str:
    tr_ = translator(lang).gettext
    best = rows.sort_values(["top2", "skill_id"], ascending=[False, True], kind="stable").iloc[0]
    worst = rows.sort_values(["top2", "skill_id"], ascending=[True, True], kind="stable").iloc[0]
    if dimension == "importance":
        return tr_("Most often rated important: %(skill)s (%(share)s in the top two)") % {
            "skill": best["skill_label"],
            "share": fmt_pct(best["top2"]),
        }
    return tr_("Lowest proficiency: %(skill)s (only %(share)s in the top two)") % {
        "skill": worst["skill_label"],
        "share": fmt_pct(worst["top2"]),
    }


def group_context(
    report: SurveyReport,
    scope: str,
    group: str,
    *,
    lang: str = "en",
    min_group_n: int = 5,
    scale_labels: Sequence[str] = (),
) -> dict[str, Any]:
    """What one group's page shows (see the module docstring)."""
    tr_ = translator(lang).gettext
    needs = report.needs
    rows = needs[(needs["scope"] == scope) & (needs["group"].astype(str) == group)].copy()
    if rows.empty:
        raise ValueError(f"survey {report.name!r}: no needs for {scope} = {group!r}")
    rows = rows.sort_values(["rank", "skill_id"], kind="stable", na_position="last")
    ok = reportable(rows, min_group_n)
    label = str(rows["group_label"].iloc[0] or group)
    n = group_n(rows)
    base = f"{report.name}-{slugify(scope)}-{slugify(group)}"
    shown = rows[ok]
    colors = skill_group_colors(needs["skill_group"].astype(str), needs["skill_id"])
    charts = []
    context: dict[str, Any] = {
        "survey_title": str(report.title),
        "survey_page": f"{report.name}.html",
        "scope": scope,
        "scope_label": tr_(scope.replace("_", " ")),
        "label": label,
        "n": n,
        "kept": group_kept(report, scope, group, min_group_n),
        "source_note": str(report.source_note or ""),
        "page": group_page_name(report.name, scope, group),
        "reportable": isinstance(n, int) and n >= min_group_n and not shown.empty,
        "min_group_n": min_group_n,
    }
    if not context["reportable"]:
        return context | {"charts": [], "findings": []}
    context["findings"] = _findings(report, scope, group, rows, ok, lang)
    chart = needs_chart(
        shown,
        tr_=tr_,
        div_id=f"{base}-needs",
        colors=colors,
        x_range=shared_range(shown["mwds"]),
        title=tr_("%(group)s: greatest need is %(skill)s (MWDS %(mwds)s)")
        % {"group": label, "skill": shown["skill_label"].iloc[0], "mwds": fmt(shown["mwds"].iloc[0], 1)},
    )
    charts.append(chart)
    context["needs_chart"] = chart
    context["legend"] = legend_items(list(shown["skill_group"].astype(str)), colors, tr_)
    context["needs_rows"] = [
        {
            "rank": fmt_int(r["rank"]) if k else "\u2014",
            "skill": r["skill_label"],
            "importance": fmt(r["importance_mean"]),
            "proficiency": fmt(r["proficiency_mean"]),
            "gap": fmt(r["discrepancy_mean"]),
            "mwds": fmt(r["mwds"]) if k else "\u2014",
            "n": fmt_int(r["n"]),
        }
        for (_, r), k in zip(rows.iterrows(), ok, strict=True)
    ]
    crosshair = _crosshair(report.name, shown)
    context["quadrants"] = []
    for kind in ("ipa", "lff"):
        quad = quadrant_chart(
            shown,
            kind=kind,
            title=_quadrant_title(shown, kind, lang),
            div_id=f"{base}-{kind}",
            crosshair=crosshair[kind],
            tr_=tr_,
        )
        charts.append(quad)
        context["quadrants"].append(
            {"kind": kind, "chart": quad, "table": quadrant_table(shown, kind=kind, tr_=tr_)}
        )
    context["likert"] = []
    if report.descriptives is not None:
        frame = report.descriptives
        part = frame[(frame["scope"] == scope) & (frame["group"].astype(str) == group)]
        part = part[pd.to_numeric(part["n"], errors="coerce").fillna(0) >= min_group_n]
        part = part.merge(rows[["skill_id", "skill_label"]], on="skill_id", how="inner")
        labels = list(scale_labels) or [
            str(c.removeprefix("share_")) for c in part.columns if c.startswith("share_")
        ]
        names = {"importance": tr_("Importance"), "proficiency": tr_("Proficiency")}
        for dimension in ("importance", "proficiency"):
            dim = part[part["dimension"] == dimension]
            if dim.empty:
                continue
            likert = likert_chart(
                dim,
                dimension_labels=names,
                scale_labels=labels,
                title=_likert_title(dim, dimension, lang),
                div_id=f"{base}-likert-{dimension}",
                tr_=tr_,
            )
            charts.append(likert)
            context["likert"].append(
                {
                    "dimension": names[dimension],
                    "chart": likert,
                    "table": likert_table(dim, scale_labels=labels, tr_=tr_),
                }
            )
    context["priorities"] = _group_priorities(report, scope, group, lang)
    context["composition"] = _composition(report, scope, group, min_group_n, lang)
    context["open_answers"] = _open_answers(report, scope, group)
    context["charts"] = charts
    return context


def group_kept(report: SurveyReport, scope: str, group: str, min_group_n: int) -> int | str | None:
    """How many kept respondents belong to the group (``respondents.parquet``), as published.

    This is the group's size, the grand total of its "Who answered" table; the needs table's
    ``n`` counts, per skill, those of them who rated both importance and proficiency, so it can
    be smaller. 1 to ``min_group_n - 1`` shows as :data:`SUPPRESSED_MARK`; None: no respondent
    table (or no such profile field).
    """
    people = report.respondents
    if people is None or scope not in people.columns:
        return None
    kept = int((people[scope].astype(str) == group).sum())
    return SUPPRESSED_MARK if 0 < kept < min_group_n else kept


def _crosshair(survey: str, rows: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Where the quadrant lines cross, as the analysis wrote it (``needs.csv``'s ``*_cross``).

    The statistics classified the skills at these crosshairs (:func:`analysis.stats.needs_table`):
    the page draws them, it does not work them out again. ``(x, y)`` per chart: IPA (proficiency,
    importance), Locus for Focus (importance, discrepancy).
    """
    missing = [c for c in CROSSHAIR_COLUMNS if c not in rows.columns]
    if missing:
        raise ValueError(
            f"survey {survey!r}: the needs table has no {', '.join(missing)}: it was written before "
            "the analysis recorded its crosshairs; run `skillsneeds analyze` again"
        )
    first = rows.iloc[0]
    return {
        "ipa": (float(first["ipa_proficiency_cross"]), float(first["ipa_importance_cross"])),
        "lff": (float(first["lff_importance_cross"]), float(first["lff_discrepancy_cross"])),
    }


def _group_priorities(report: SurveyReport, scope: str, group: str, lang: str) -> dict[str, Any] | None:
    if report.priorities is None:
        return None
    table = report.priorities.table
    rows = table[(table["scope"] == scope) & (table["group"].astype(str) == group)].sort_values("rank")
    if rows.empty:
        return None
    return {
        "page": priorities_page_name(report.name),
        "note": interval_and_stability(
            int(report.priorities.bootstrap), int(report.priorities.draws), translator(lang).gettext
        ),
        "rows": [
            {
                "rank": fmt_int(r["rank"]),
                "title": str(r["title"]),
                "id": str(r["microcredential_id"]),
                "interval": fmt_int(r["rank_low"])
                if r["rank_low"] == r["rank_high"]
                else f"{fmt_int(r['rank_low'])}\u2013{fmt_int(r['rank_high'])}",
                "score": fmt(r["score"]),
                "stability": _stability_word(str(r["stability"]), lang),
                "stability_class": str(r["stability"]).replace(" ", "-"),
            }
            for _, r in rows.head(PRIORITIES_SHOWN).iterrows()
        ],
    }


def _composition(
    report: SurveyReport, scope: str, group: str, min_group_n: int, lang: str
) -> dict[str, Any] | None:
    people = report.respondents
    if people is None or scope not in people.columns:
        return None
    members = people[people[scope].astype(str) == group]
    fields = [
        f for f in ("respondent_type", "org_size", "country", "sector") if f in members.columns and f != scope
    ]
    if len(fields) < 2 or members.empty:
        return None
    tr_ = translator(lang).gettext
    rows_field, columns_field = fields[0], fields[1]
    labels = report.group_labels or {}
    table = composition_table(members, rows_field, columns_field, min_n=min_group_n, labels=labels).long

    def name(code: str, label: str) -> str:
        return {TOTAL: tr_("Total"), MISSING: tr_("No answer")}.get(code, label or code)

    columns = list(dict.fromkeys(zip(table["column"], table["column_label"], strict=True)))
    rows = []
    for code, cells in table.groupby("row", sort=False):
        by_column = {c: cell for c, cell in zip(cells["column"], cells.itertuples(), strict=True)}
        rows.append(
            {
                "label": name(str(code), str(cells["row_label"].iloc[0])),
                "total": code == TOTAL,
                "cells": [
                    {
                        "text": "–" if by_column[c].suppressed else fmt_int(by_column[c].n),
                        "suppressed": bool(by_column[c].suppressed),
                        "total": c == TOTAL,
                    }
                    for c, _ in columns
                ],
            }
        )
    return {
        "caption": tr_("Respondents by %(rows)s and %(columns)s")
        % {"rows": tr_(rows_field.replace("_", " ")), "columns": tr_(columns_field.replace("_", " "))},
        "columns": [name(str(c), str(label)) for c, label in columns],
        "rows": rows,
        "any_suppressed": bool(table["suppressed"].any()),
    }


def quote(text: str, length: int = QUOTE_LENGTH) -> str:
    """An open answer as a page quotes it: spaces collapsed, cut to ``length`` characters.

    A longer answer is cut at the last space before ``length`` (mid-word only when the first
    ``length`` characters hold no space in their second half) and ends in "…".
    """
    head = text[: 4 * length]  # an answer may be megabytes long: look only at its start
    flat = " ".join(head.split())
    if len(flat) <= length and len(head) == len(text):
        return flat
    cut = flat[: length - 1]
    space = cut.rfind(" ")
    if space >= length // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def _open_answers(report: SurveyReport, scope: str, group: str) -> list[dict[str, Any]]:
    texts, people = report.open_text, report.respondents
    if texts is None or people is None or scope not in people.columns or texts.empty:
        return []
    members = set(people.loc[people[scope].astype(str) == group, "respondent_id"].astype(str))
    mine = texts[texts["respondent_id"].astype(str).isin(members)]
    out = []
    for question, answers in mine.groupby("question", sort=True):
        listed = sorted(quote(str(a)) for a in answers["text"])
        out.append({"question": str(question), "n": len(listed), "answers": listed[:OPEN_ANSWERS_SHOWN]})
    return out


# --- page names ---------------------------------------------------------------------------------


def page_name(kind: str, survey: str = "", scope: str = "", group: str = "") -> str:
    """The file name of a page: ``index.html``, ``methods.html``, ``<survey>.html``,
    ``<survey>-cleaning.html``, ``<survey>-priorities.html`` or ``<survey>-<scope>-<group>.html``."""
    if kind in ("index", "methods"):
        return f"{kind}.html"
    if kind == "survey":
        return f"{survey}.html"
    if kind == "cleaning":
        return cleaning_page_name(survey)
    if kind == "priorities":
        return priorities_page_name(survey)
    if kind == "group":
        return group_page_name(survey, scope, group)
    raise ValueError(f"unknown kind of report page {kind!r}")


# --- the methods appendix ------------------------------------------------------------------------


def _on_off(enabled: bool, text: str, lang: str) -> str:
    return text if enabled else translator(lang).gettext("off")


def _scale_rules(scales: Sequence[Mapping[str, Any]] | None, tr_: Callable[[str], str]) -> str:
    """How each rating battery of a survey got its numbers, in words (``—`` before cleaning)."""
    if not scales:
        return "\u2014"
    return "; ".join(
        str(scale["question"]) + (f" [{scale['scale']}]" if scale.get("scale") else "") + ": "
        + (tr_(SCALE_RULE_WORDS[str(scale["rule"])]) if str(scale["rule"]) in SCALE_RULE_WORDS
           else str(scale["rule"]))
        for scale in scales
    )


def methods_context(
    configs: Sequence[Any], *, lang: str = "en", min_n: int = 5,
    scales: Mapping[str, Sequence[Mapping[str, Any]] | None] | None = None,
) -> dict[str, Any]:
    """Every cleaning rule and analysis setting of each survey, in words, for the methods page.

    ``scales`` (survey name -> ``cleaning_summary.json``'s ``scales``) adds the rule that gave
    each rating battery its numbers.
    """
    tr_ = translator(lang).gettext
    scales = scales or {}
    rules = [
        (
            "test_response",
            tr_("Test runs: listed ids, a marker in an answer, or a start before fieldwork"),
            lambda c: _on_off(
                c.test_responses.enabled,
                ", ".join(
                    x
                    for x in (c.test_responses.fieldwork_start or "", c.test_responses.marker_column or "")
                    if x
                )
                or tr_("on"),
                lang,
            ),
        ),
        (
            "incomplete",
            tr_("Responses never submitted"),
            lambda c: _on_off(
                c.incomplete.enabled,
                tr_("kept from page %(page)s") % {"page": c.incomplete.keep_from_page}
                if c.incomplete.keep_from_page
                else tr_("on"),
                lang,
            ),
        ),
        (
            "attention_check",
            tr_("Wrong answer to an attention check"),
            lambda c: str(len(c.attention_checks)) if c.attention_checks else tr_("none"),
        ),
        (
            "duplicate",
            tr_("The same person twice (same token or identical answers); the latest is kept"),
            lambda c: _on_off(c.duplicates.enabled, tr_("on"), lang),
        ),
        (
            "speeder",
            tr_("Finished faster than a share of the median time"),
            lambda c: _on_off(
                c.speeders.enabled,
                tr_("under %(share)s of the median") % {"share": fmt_pct(c.speeders.min_share_of_median)},
                lang,
            ),
        ),
        (
            "straightliner",
            tr_("The same answer to every item of a long battery"),
            lambda c: _on_off(
                c.straightliners.enabled, tr_("%(n)s items or more") % {"n": c.straightliners.min_items}, lang
            ),
        ),
        (
            "too_few_answers",
            tr_("Too few items of a battery rated"),
            lambda c: _on_off(
                c.too_few_answers.enabled,
                tr_("under %(share)s rated") % {"share": fmt_pct(c.too_few_answers.min_share)},
                lang,
            ),
        ),
    ]
    settings = [
        (tr_("Numbers of the rating answers"), lambda c: _scale_rules(scales.get(c.name), tr_)),
        (tr_("Smallest group reported"), lambda c: str(c.analysis.min_group_n)),
        (tr_("Significance level (Holm-corrected)"), lambda c: str(c.analysis.alpha)),
        (tr_("Bootstrap resamples"), lambda c: str(c.analysis.bootstrap.B)),
        (
            tr_("Quadrant lines"),
            lambda c: (
                tr_("mean of the skills") if c.analysis.crosshair == "mean" else tr_("middle of the scale")
            ),
        ),
        (tr_("Weighting"), lambda c: tr_("raked to population shares") if c.weights.margins else tr_("none")),
        (
            tr_("Priority method"),
            lambda c: c.priorities.method.replace("_", " ") if c.priorities else "\u2014",
        ),
        (
            tr_("Priority weights (need, breadth, transferability, demand, agreement)"),
            lambda c: (
                " / ".join(f"{w:.2f}" for w in c.priorities.weight_vector.values())
                if c.priorities
                else "\u2014"
            ),
        ),
        (
            tr_("SMAA draws and respondent resamples"),
            lambda c: f"{c.priorities.draws:,} / {c.priorities.bootstrap}" if c.priorities else "\u2014",
        ),
    ]
    return {
        "surveys": [{"name": c.name, "title": c.text_in("title", lang)} for c in configs],
        "rules": [
            {"name": name, "text": text, "cells": [value(c.cleaning) for c in configs]}
            for name, text, value in rules
        ],
        "settings": [{"text": text, "cells": [value(c) for c in configs]} for text, value in settings],
        "min_n": min_n,
        "disclosure": [
            tr_(
                "%(survey)s: counts of fewer than %(n)s respondents are suppressed (shown as "
                "\u2013 on the pages, empty in the downloads), and so is every count that would "
                "reveal one; the pages and the downloads, including the cleaning funnel per "
                "partner and the missing answers per partner, show the same cells. Small counts "
                "could identify a respondent or a partner's few respondents."
            ) % {"survey": c.text_in("title", lang), "n": c.analysis.min_group_n}
            for c in configs
        ],
    }


# --- the whole site ------------------------------------------------------------------------------


def site_pages(
    reports: Sequence[SurveyReport],
    configs: Sequence[Any],
    *,
    lang: str = "en",
    languages: Sequence[str] = ("en",),
    min_group_n: int = 5,
) -> list[PageSpec]:
    """Every page of the site in one language, in the order they are listed on the index.

    Each page's context is built when it is first rendered (:attr:`PageSpec.context`), so
    listing the pages is cheap and a kernel builds only what its pages show.

    Parameters
    ----------
    reports, configs
        One :class:`SurveyReport` (labels in ``lang``) and one survey config per survey.
    lang, languages
        The pages' language and all languages of the site (for the language switcher).
    min_group_n
        Groups with fewer respondents are not charted, ranked or tabulated.
    """
    from analysis.report import site
    from analysis.report.model import validate_reports
    from analysis.report.priorities_page import priorities_context

    reports = list(reports)
    validate_reports(reports)
    common = {
        "min_group_n": min_group_n,
        "group_top": site.GROUP_CHART_TOP,
        "overview_top": site.OVERVIEW_TOP,
        "generated_at": None,
    }

    @cache
    def survey(i: int) -> dict[str, Any]:
        return site._survey_context(reports[i], min_group_n, lang=lang)

    def index() -> dict[str, Any]:
        surveys = [
            survey(i)
            | {
                "findings": survey_findings(reports[i], lang=lang, min_group_n=min_group_n),
                "group_pages": _group_links(reports[i], lang),
            }
            for i in range(len(reports))
        ]
        return {"surveys": surveys, "charts": [s["card_chart"] for s in surveys if s["card_chart"]]}

    def survey_page(i: int) -> dict[str, Any]:
        return {"survey": survey(i), "charts": survey(i)["charts"]}

    def group_page(i: int, scope: str, code: str) -> dict[str, Any]:
        context = group_context(reports[i], scope, code, lang=lang, min_group_n=min_group_n)
        return {"g": context, "charts": context["charts"]}

    def cleaning_page(i: int) -> dict[str, Any]:
        cleaning = site._cleaning_context(reports[i], lang=lang, min_group_n=min_group_n)
        return {"cleaning": cleaning, "charts": cleaning["charts"], "highlight": site.MISSING_HIGHLIGHT}

    def priorities_page(i: int) -> dict[str, Any]:
        priorities = priorities_context(reports[i], min_group_n, lang=lang)
        return {"priorities": priorities, "charts": priorities["charts"]}

    def methods() -> dict[str, Any]:
        scales = {report.name: report.scales for report in reports}
        return {"m": methods_context(configs, lang=lang, min_n=min_group_n, scales=scales)}

    pages: list[tuple[str, str, Callable[[], dict[str, Any]], dict[str, str]]] = [
        ("index.html", "index.html.j2", index, {"kind": "index"})
    ]
    for i, report in enumerate(reports):
        name = report.name
        pages.append(
            (f"{name}.html", "survey.html.j2", partial(survey_page, i), {"kind": "survey", "survey": name})
        )
        for scope in report.scopes:
            codes = report.needs.loc[report.needs["scope"] == scope, "group"].astype(str)
            for code in list(dict.fromkeys(codes))[:GROUP_SCOPES_LIMIT]:
                pages.append(
                    (
                        group_page_name(name, str(scope), code),
                        "group.html.j2",
                        partial(group_page, i, str(scope), code),
                        {"kind": "group", "survey": name, "scope": str(scope), "group": code},
                    )
                )
        pages.append(
            (
                cleaning_page_name(name),
                "cleaning.html.j2",
                partial(cleaning_page, i),
                {"kind": "cleaning", "survey": name},
            )
        )
        if report.priorities is not None:
            pages.append(
                (
                    priorities_page_name(name),
                    "priorities.html.j2",
                    partial(priorities_page, i),
                    {"kind": "priorities", "survey": name},
                )
            )
    pages.append(("methods.html", "methods.html.j2", methods, {"kind": "methods"}))
    return [
        PageSpec(
            filename,
            template,
            partial(_with_common, build, common | {"languages": language_links(filename, lang, languages)}),
            lang=lang,
            **what,
        )
        for filename, template, build, what in pages
    ]


def _with_common(build: Callable[[], dict[str, Any]], common: dict[str, Any]) -> dict[str, Any]:
    return build() | common
