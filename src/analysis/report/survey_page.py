"""The survey page and its card on the overview: needs overall and per group, group tests, funnel.

Each survey's page charts the Borich MWDS ranking of all respondents and of every group of each
breakdown (``analysis.by``), with the Kruskal-Wallis tests between the groups and the cleaning
funnel; the overview page shows the top of the overall ranking on the survey's card.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd

from analysis.report.charts import (
    Chart,
    legend_items,
    needs_chart,
    shared_range,
    skill_group_colors,
)
from analysis.report.cleaning_page import published_funnel_cell, reader_warnings, suppressed_funnel
from analysis.report.group_page import GROUP_SCOPES_LIMIT, stability_word, sure_top_sentence
from analysis.report.i18n import given, translator
from analysis.report.model import (
    SurveyReport,
    cleaning_page_name,
    priorities_page_name,
)
from analysis.report.pages import group_page_name
from analysis.report.priorities_page import sliders_page
from analysis.report.render import (
    DASH,
    as_bool,
    fmt,
    fmt_int,
    fmt_p,
    fmt_pct,
    group_n,
    join_words,
    reportable,
    slugify,
    text_column,
)
from analysis.report.themes_section import themes_context
from analysis.report.words import field_words
from analysis.stats.crossing import cross_scope

__all__ = [
    "CROSSED_TOP", "GROUP_CHART_TOP", "OVERVIEW_TOP", "group_links", "survey_context", "survey_findings",
]

#: Bars per group chart; the full ranking is always in the table.
GROUP_CHART_TOP = 10
#: Bars per survey card on the overview page.
OVERVIEW_TOP = 5
#: Skills listed per crossed group (its greatest needs by MWDS).
CROSSED_TOP = 3

# --- tables -> view models -------------------------------------------------------------------


def _by_rank(rows: pd.DataFrame) -> pd.DataFrame:
    """Rank order (missing ranks last), ties by label then id, so the order is deterministic."""
    key = pd.DataFrame(
        {
            "rank": pd.to_numeric(rows["rank"], errors="coerce").astype(float).fillna(math.inf),
            "label": rows["skill_label"].astype(str),
            "id": rows["skill_id"].astype(str),
        },
        index=rows.index,
    )
    return rows.loc[key.sort_values(["rank", "label", "id"], kind="mergesort").index]


def _finding(group_label: str, ranked: pd.DataFrame, tr_: Callable[[str], str]) -> str:
    """Chart title stating the finding, e.g. ``Construction: greatest need is X (MWDS 5.1)``."""
    top = ranked[pd.to_numeric(ranked["rank"]) == pd.to_numeric(ranked["rank"]).min()]
    labels = [str(s) for s in top["skill_label"]]
    mwds = fmt(top["mwds"].iloc[0], 1)
    if len(labels) == 1:
        return tr_("%(group)s: greatest need is %(skill)s (MWDS %(mwds)s)") % {
            "group": group_label, "skill": labels[0], "mwds": mwds,
        }
    return tr_("%(group)s: greatest needs are %(skills)s (tied, MWDS %(mwds)s)") % {
        "group": group_label, "skills": join_words(labels, tr_), "mwds": mwds,
    }


def _table_rows(rows: pd.DataFrame, ok: pd.Series) -> list[dict[str, Any]]:
    out = []
    for index, row in rows.iterrows():
        shown = bool(ok.loc[index])
        out.append(
            {
                "skill": str(row["skill_label"]),
                "skill_group": str(row["skill_group"]),
                "importance": fmt(row["importance_mean"]) if shown else DASH,
                "proficiency": fmt(row["proficiency_mean"]) if shown else DASH,
                "gap": fmt(row["discrepancy_mean"]) if shown else DASH,
                "mwds": fmt(row["mwds"]) if shown else DASH,
                "rank": fmt_int(row["rank"]) if shown else DASH,
                "n": fmt_int(row["n"]),
                "suppressed": not shown,
            }
        )
    return out


def _group_block(
    rows: pd.DataFrame,
    *,
    div_id: str,
    colors: dict[str, str],
    x_range: tuple[float, float],
    min_group_n: int,
    top: int | None,
    tr_: Callable[[str], str],
) -> dict[str, Any]:
    """Chart and table rows of one group (``chart`` is None when the group is suppressed)."""
    ranked = _by_rank(rows)
    ok = reportable(ranked, min_group_n)
    label = str(ranked["group_label"].iloc[0])
    n = group_n(ranked)
    chart = None
    shown = ranked[ok]
    if not shown.empty:
        bars = shown if top is None else shown.head(top)
        chart = needs_chart(
            bars,
            div_id=div_id,
            title=_finding(label, shown, tr_),
            colors=colors,
            x_range=x_range,
            tr_=tr_,
        )
    return {
        "label": label,
        "n": n,
        "chart": chart,
        "bar_groups": [] if chart is None else [str(g) for g in bars["skill_group"]],
        "bars": 0 if chart is None else len(bars),
        "skills": len(ranked),
        "rows": _table_rows(ranked, ok),
        "n_suppressed_rows": int((~ok).sum()),
    }


def _group_tests(group_tests: pd.DataFrame, scope: str) -> list[dict[str, Any]]:
    tests = group_tests[group_tests["scope"] == scope]
    order = pd.DataFrame(
        {
            "p": pd.to_numeric(tests["p_holm"], errors="coerce").fillna(math.inf),
            "label": tests["skill_label"].astype(str),
            "id": tests["skill_id"].astype(str),
        },
        index=tests.index,
    ).sort_values(["p", "label", "id"], kind="mergesort")
    return [
        {
            "skill": str(row["skill_label"]),
            "h": fmt(row["statistic"]),
            "p_holm": fmt_p(row["p_holm"]),
            "epsilon_squared": fmt(row["epsilon_squared"]),
            "k": fmt_int(row["k_groups"]),
            "n": fmt_int(row["n"]),
            "significant": as_bool(row["significant"]),
        }
        for _, row in tests.loc[order.index].iterrows()
    ]


def _crossed_scopes(
    report: SurveyReport, needs: pd.DataFrame, min_group_n: int, tr_: Callable[[str], str]
) -> list[dict[str, Any]]:
    """Per crossed scope (``analysis.cross``): each reportable group's n and top skills by MWDS.

    From the published (suppressed) needs rows, so the page shows what ``needs.csv`` does; a
    group with no reportable skill is counted in ``n_hidden`` and not listed.
    """
    out = []
    for i, fields in enumerate(report.crossed, start=1):
        scope = cross_scope(fields)
        rows = needs[needs["scope"] == scope]
        groups, hidden = [], 0
        for code, group_rows in rows.groupby("group", sort=True):
            shown = _by_rank(group_rows[reportable(group_rows, min_group_n)])
            if shown.empty:
                hidden += 1
                continue
            groups.append({
                "code": str(code),
                "label": str(group_rows["group_label"].iloc[0]),
                "n": group_n(group_rows),
                "top": [
                    {"skill": str(row["skill_label"]), "mwds": fmt(row["mwds"]), "rank": fmt_int(row["rank"])}
                    for _, row in shown.head(CROSSED_TOP).iterrows()
                ],
            })
        out.append({
            "id": f"cross-{i}-{slugify(scope)}",
            "name": scope,
            "label": " × ".join(field_words(tr_, field) for field in fields),
            "groups": groups,
            "n_hidden": hidden,
        })
    return out


def _normalise(report: SurveyReport) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Text columns as strings (missing -> ""); a missing label falls back to its code."""
    needs = report.needs.copy()
    for column in ("scope", "group", "group_label", "skill_id", "skill_label", "skill_group"):
        needs[column] = text_column(needs[column])
    needs["skill_label"] = needs["skill_label"].where(needs["skill_label"] != "", needs["skill_id"])
    needs["group_label"] = needs["group_label"].where(needs["group_label"] != "", needs["group"])
    tests = report.group_tests.copy()
    for column in ("scope", "skill_id", "skill_label"):
        tests[column] = text_column(tests[column])
    tests["skill_label"] = tests["skill_label"].where(tests["skill_label"] != "", tests["skill_id"])
    return needs, tests


def survey_context(report: SurveyReport, min_group_n: int, *, lang: str = "en") -> dict[str, Any]:
    """Everything the survey page and its overview card show, as plain values and charts."""
    tr_ = translator(lang).gettext
    needs, group_tests = _normalise(report)
    colors = skill_group_colors(needs["skill_group"], needs["skill_id"])
    overall_rows = needs[needs["scope"] == "overall"]
    overall = None
    card_chart: Chart | None = None
    card_groups: list[str] = []
    labels = dict(zip(needs["skill_id"], needs["skill_label"], strict=True))
    if not overall_rows.empty:
        ok = reportable(overall_rows, min_group_n)
        x_range = shared_range(overall_rows.loc[ok, "mwds"])
        overall = _group_block(
            overall_rows, div_id=f"chart-{report.name}-overall", colors=colors,
            x_range=x_range, min_group_n=min_group_n, top=None, tr_=tr_,
        )
        card = _group_block(
            overall_rows, div_id=f"card-{report.name}-overall", colors=colors,
            x_range=x_range, min_group_n=min_group_n, top=OVERVIEW_TOP, tr_=tr_,
        )
        overall["sure_top"] = sure_top_sentence(report, "overall", "all", labels, lang)
        card_chart = card["chart"]
        card_groups = card["bar_groups"]
    scopes = []
    for i, scope in enumerate(report.scopes, start=1):
        scope = str(scope)
        rows = needs[needs["scope"] == scope]
        ok = reportable(rows, min_group_n)
        x_range = shared_range(rows.loc[ok, "mwds"])
        groups = []
        for j, (code, group_rows) in enumerate(
            rows.groupby("group", sort=False), start=1
        ):
            groups.append(
                _group_block(
                    group_rows,
                    div_id=f"chart-{report.name}-{i}-{slugify(scope)}-{j}-{slugify(code)}",
                    colors=colors, x_range=x_range, min_group_n=min_group_n,
                    top=GROUP_CHART_TOP, tr_=tr_,
                )
                | {"sure_top": sure_top_sentence(report, scope, str(code), labels, lang)}
            )
        tests = _group_tests(group_tests, scope)
        scopes.append(
            {
                "id": f"scope-{i}-{slugify(scope)}",
                "name": scope,
                "label": field_words(tr_, scope),
                "groups": groups,
                "charted": [g for g in groups if g["chart"] is not None],
                "suppressed": [g for g in groups if g["chart"] is None],
                "tests": tests,
                "n_significant": sum(t["significant"] for t in tests),
            }
        )
    charts = ([overall["chart"]] if overall and overall["chart"] else []) + [
        g["chart"] for s in scopes for g in s["charted"]
    ]
    themes = themes_context(
        report.themes, report.theme_segments, scope="overall", group="", div_id=f"chart-{report.name}-themes",
        members=None, quote_interviews=True, lang=lang,
    )
    if themes:
        charts += themes["charts"]
    published = suppressed_funnel(report, min_group_n)
    excluded = (
        [published_funnel_cell(published.totals.columns[str(rule)])["text"] for rule in report.funnel["rule"]]
        if published is not None else [fmt_int(v) for v in report.funnel["excluded"]]
    )
    funnel = [
        {"rule": str(r["rule"]), "reason": given(tr_, str(r["reason"])), "excluded": excluded[i]}
        for i, (_, r) in enumerate(report.funnel.iterrows())
    ]
    return {
        "name": report.name,
        "min_group_n": min_group_n,
        "page": f"{report.name}.html",
        "cleaning_page": cleaning_page_name(report.name),
        "priorities_page": None if report.priorities is None else priorities_page_name(report.name),
        "sliders_page": sliders_page(report),
        "n_warnings": None if report.warnings is None else len(reader_warnings(report.warnings)),
        "title": str(report.title),
        "source_note": str(report.source_note or ""),
        "n_raw": int(report.n_raw),
        "n_kept": int(report.n_kept),
        "n_excluded": int(report.n_raw) - int(report.n_kept),
        "funnel": funnel,
        "overall": overall,
        "themes": themes,
        "card_chart": card_chart,
        "scopes": scopes,
        "crossed": _crossed_scopes(report, needs, min_group_n, tr_),
        "crossed_top": CROSSED_TOP,
        "charts": charts,
        "legend": legend_items(list(needs["skill_group"]), colors, tr_),
        "card_legend": legend_items(card_groups, colors, tr_),
    }


# --- the overview page -----------------------------------------------------------------------


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
                    "stability": stability_word(str(row["stability"]), lang),
                    "share": fmt_pct(row["p_first"]),
                }
            )
    return findings


def group_links(report: SurveyReport, lang: str) -> list[dict[str, Any]]:
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
