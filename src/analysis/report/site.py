"""Build the HTML report site: ``index.html`` plus self-contained pages per survey.

Per survey: its results page, its cleaning page and, with priorities, its micro-credential
priorities page (:mod:`analysis.report.priorities_page`) and weight-slider page
(:mod:`analysis.report.sliders`).

Partners read the pages offline and forward single files by e-mail, so each page inlines
plotly.js once (in ``<head>``), its CSS and its figure data: nothing is fetched from anywhere.
Output is deterministic (fixed element ids, no clock unless ``generated_at`` is given), so a
re-run with the same inputs writes byte-identical files and diffs show real changes only.

Every page is in one language (``lang``): the templates' words and the sentences built here come
from the report's gettext catalogue (:mod:`analysis.report.i18n`); labels come as given.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.report.charts import (
    N_,
    OKABE_ITO,
    Chart,
    Segment,
    needs_chart,
    shared_range,
    skill_group_colors,
    stacked_share_chart,
)
from analysis.report.downloads import funnel_counts, suppress_funnel
from analysis.report.i18n import translator
from analysis.report.model import (
    SurveyReport,
    cleaning_page_name,
    priorities_page_name,
    validate_reports,
)
from analysis.report.priorities_page import priorities_context, sliders_page, write_priorities_sliders
from analysis.report.render import (
    DASH,
    SUPPRESSED_MARK,
    as_bool,
    fmt,
    fmt_int,
    fmt_p,
    fmt_pct,
    group_n,
    is_missing,
    jinja_environment,
    join_words,
    plotly_js,
    reportable,
    scope_label,
    skill_names,
    slugify,
    text_column,
    write_page,
)
from analysis.report.suppression import SuppressedCounts

__all__ = ["build_site"]

#: Bars per group chart; the full ranking is always in the table.
GROUP_CHART_TOP = 10
#: Bars per survey card on the overview page.
OVERVIEW_TOP = 5
#: Missing-answer shares above this are highlighted on the cleaning page.
MISSING_HIGHLIGHT = 0.20
#: Answer categories of ``missingness.csv`` that are not an answer, in display order.
MISSING_KINDS = (
    ("no_answer", N_("No answer"), "#E69F00"),
    ("dont_know", N_("Don\u2019t know"), "#56B4E9"),
    ("not_applicable", N_("N/A"), "#009E73"),
    ("not_shown", N_("Not shown"), "#CC79A7"),
)
KEPT_COLOR = OKABE_ITO[0]
SUPPRESSED_COLOR = "#BBBBBB"

# Words that reach the pages from the data, marked here for the catalogue and translated where
# they are shown (anything else shows as given): the profile fields a survey is broken down by,
# the rating dimensions, and the cleaning rules with the reasons the clean stage records for them
# (analysis.clean.rules.RULE_REASONS; tests/report/test_i18n.py checks they agree).
SCOPE_WORDS = (N_("country"), N_("sector"), N_("respondent type"), N_("org size"), N_("partner"))
DIMENSION_WORDS = (N_("importance"), N_("proficiency"))
RULE_WORDS = (
    N_("kept"), N_("test response"), N_("incomplete"), N_("attention check"), N_("duplicate"),
    N_("speeder"), N_("straightliner"), N_("too few answers"),
)
#: How a rating battery's answer codes became numbers (analysis.codebook.SCALE_RULES).
SCALE_RULE_WORDS = {
    "config": N_("set in the survey config (scale_values)"),
    "assessment": N_("LimeSurvey assessment values"),
    "integer": N_("the answer codes are integers"),
    "order": N_("order of the answer options (check it)"),
}
RULE_REASON_WORDS = (
    N_("a test run by the survey team, not a respondent"),
    N_("not submitted: the respondent left before the last page"),
    N_("failed an attention check (an instructed answer)"),
    N_("the same respondent or the same answers submitted twice; the latest is kept"),
    N_("answered implausibly fast compared with the median respondent"),
    N_("gave one identical answer to every item of a rating battery"),
    N_("answered too few items of a rating battery to be compared"),
)


def _english(message: str) -> str:
    return message


def _given(tr_: Callable[[str], str], text: str) -> str:
    """Text from the data in the page's language when the catalogue has it, else as given."""
    return tr_(text) if text.strip() else text  # gettext("") would be the catalogue's header


def _word(tr_: Callable[[str], str], name: str) -> str:
    """A field, dimension or rule name as words in the page's language: ``org_size`` -> ``org size``."""
    return _given(tr_, scope_label(name))


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
    mwds = f"{float(top['mwds'].iloc[0]):.1f}"
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


def legend_items(
    skill_groups: Sequence[str], colors: dict[str, str], tr_: Callable[[str], str] = _english
) -> list[dict[str, str]]:
    """Legend items for the skill groups among some bars (none when no skill has a group)."""
    names = sorted({g for g in skill_groups if g})
    if not names:
        return []
    items = [{"name": name, "color": colors[name]} for name in names]
    if "" in skill_groups:
        items.append({"name": tr_("No skill group"), "color": colors[""]})
    return items


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


def _survey_context(report: SurveyReport, min_group_n: int, *, lang: str = "en") -> dict[str, Any]:
    """Everything the survey page and its overview card show, as plain values and charts."""
    tr_ = translator(lang).gettext
    needs, group_tests = _normalise(report)
    colors = skill_group_colors(needs["skill_group"], needs["skill_id"])
    overall_rows = needs[needs["scope"] == "overall"]
    overall = None
    card_chart: Chart | None = None
    card_groups: list[str] = []
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
            )
        tests = _group_tests(group_tests, scope)
        scopes.append(
            {
                "id": f"scope-{i}-{slugify(scope)}",
                "name": scope,
                "label": _word(tr_, scope),
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
    published = suppressed_funnel(report, min_group_n)
    excluded = (
        [_cell(published.totals.columns[str(rule)])["text"] for rule in report.funnel["rule"]]
        if published is not None else [fmt_int(v) for v in report.funnel["excluded"]]
    )
    funnel = [
        {"rule": str(r["rule"]), "reason": _given(tr_, str(r["reason"])), "excluded": excluded[i]}
        for i, (_, r) in enumerate(report.funnel.iterrows())
    ]
    return {
        "name": report.name,
        "page": f"{report.name}.html",
        "cleaning_page": cleaning_page_name(report.name),
        "priorities_page": None if report.priorities is None else priorities_page_name(report.name),
        "sliders_page": sliders_page(report),
        "n_warnings": None if report.warnings is None else len(report.warnings),
        "title": str(report.title),
        "source_note": str(report.source_note or ""),
        "n_raw": int(report.n_raw),
        "n_kept": int(report.n_kept),
        "n_excluded": int(report.n_raw) - int(report.n_kept),
        "funnel": funnel,
        "overall": overall,
        "card_chart": card_chart,
        "scopes": scopes,
        "charts": charts,
        "legend": legend_items(list(needs["skill_group"]), colors, tr_),
        "card_legend": legend_items(card_groups, colors, tr_),
    }


# --- the cleaning page -------------------------------------------------------------------------


def _count(value: object) -> int:
    return 0 if is_missing(value) else int(float(value))  # type: ignore[arg-type]


def _rule_colors(rules: Sequence[str]) -> dict[str, str]:
    """A colour per rule (Okabe-Ito after the blue of "kept"), fixed by the rule's position."""
    palette = OKABE_ITO[1:]
    return {rule: palette[i % len(palette)] for i, rule in enumerate(rules)}


def suppressed_funnel(report: SurveyReport, min_group_n: int) -> SuppressedCounts | None:
    """The funnel per partner after disclosure control, as the downloads publish it.

    The report's published tables have it (suppressed with the survey's ``min_group_n`` and
    linked to its other tables); a report built by hand goes through the same
    :func:`analysis.report.downloads.suppress_funnel` with ``min_group_n``. None when the funnel
    per partner was not recorded.
    """
    if report.published is not None:
        return report.published.funnel
    if report.funnel_by_partner is None:
        return None
    rules = [str(r) for r in report.funnel["rule"]]
    frame = report.funnel_by_partner.copy()
    frame["partner"] = frame["partner"].map(lambda v: "" if is_missing(v) else str(v))
    return suppress_funnel(funnel_counts(frame, rules), frozenset(), min_group_n)


def _cell(value: object) -> dict[str, Any]:
    """A count as a table cell: its text, whether it is 0, whether it is suppressed."""
    if is_missing(value):
        return {"text": SUPPRESSED_MARK, "n": None, "zero": False, "suppressed": True}
    n = int(value)  # type: ignore[call-overload]
    return {"text": str(n), "n": n, "zero": n == 0, "suppressed": False}


def _kept_share(raw: dict[str, Any], kept: dict[str, Any]) -> str:
    if raw["suppressed"] or kept["suppressed"]:
        return SUPPRESSED_MARK
    return fmt_pct(kept["n"] / raw["n"] if raw["n"] else math.nan)


def _partner_funnel(report: SurveyReport, rules: list[str], min_group_n: int) -> dict[str, Any] | None:
    """Table rows of the funnel per partner, with a total row (None when not recorded).

    Every count is the published one (:func:`suppressed_funnel`): a suppressed count shows as
    :data:`SUPPRESSED_MARK`.
    """
    counts = suppressed_funnel(report, min_group_n)
    if counts is None:
        return None
    table, _, totals = counts
    frame = report.funnel_by_partner
    labels: dict[str, str] = {}
    if frame is not None:
        for code, label in zip(frame["partner"], frame["partner_label"], strict=True):
            code = "" if is_missing(code) else str(code)
            labels[code] = "" if is_missing(label) else str(label)
    rows = []
    for partner in table.index:
        code = str(partner)
        raw, kept = _cell(totals.rows[partner]), _cell(table.at[partner, "kept"])
        rows.append(
            {
                "code": code,
                "label": labels.get(code) or code or DASH,
                "raw": raw,
                "counts": [_cell(table.at[partner, rule]) for rule in rules],
                "kept": kept,
                "kept_share": _kept_share(raw, kept),
            }
        )
    raw, kept = _cell(totals.grand), _cell(totals.columns["kept"])
    total = {
        "raw": raw,
        "counts": [_cell(totals.columns[rule]) for rule in rules],
        "kept": kept,
        "kept_share": _kept_share(raw, kept),
    }
    suppressed = any(
        cell["suppressed"] for row in [*rows, total] for cell in (row["raw"], *row["counts"], row["kept"])
    )
    return {"rows": rows, "total": total, "any_suppressed": suppressed}


def _funnel_chart(
    report: SurveyReport,
    rules: list[str],
    partners: dict[str, Any] | None,
    colors: dict[str, str],
    lang: str,
) -> tuple[Chart, list[dict[str, str]], list[str]]:
    """Stacked bars of kept vs each rule's exclusions, as % of raw: all partners, then each.

    The counts a bar suppresses make one grey segment together (raw minus the published counts,
    which a reader can work out anyway); a bar whose raw count is suppressed is left out (its
    shares would give the counts away): their labels are returned third.
    """
    tr = translator(lang)
    tr_ = tr.gettext
    if partners:
        lines = [(tr_("All partners"), partners["total"])] + [(row["label"], row) for row in partners["rows"]]
    else:
        lines = [(tr_("All responses"), {
            "raw": _cell(report.n_raw), "kept": _cell(report.n_kept),
            "counts": [_cell(v) for v in report.funnel["excluded"]],
        })]
    labels, totals, columns, left_out = [], [], [[] for _ in range(len(rules) + 2)], []
    for label, line in lines:
        if line["raw"]["suppressed"]:  # the shares would give the counts away
            left_out.append(label)
            continue
        labels.append(label)
        totals.append(line["raw"]["n"])
        cells = [line["kept"], *line["counts"]]
        for i, cell in enumerate(cells):
            columns[i].append(None if cell["suppressed"] else cell["n"])
        # the suppressed counts of a bar together: raw minus the published ones, nothing more
        columns[-1].append(line["raw"]["n"] - sum(cell["n"] for cell in cells if not cell["suppressed"]))
    overall = lines[0][1]
    excluded = [cell["n"] for cell in overall["counts"]]
    segments = [Segment("kept", KEPT_COLOR, _word(tr_, "kept"))]
    counts = [columns[0]]
    for i, rule in enumerate(rules):
        if any(columns[i + 1]):  # a rule that excluded nobody would only clutter the legend
            segments.append(Segment(rule, colors[rule], _word(tr_, rule)))
            counts.append(columns[i + 1])
    if any(columns[-1]):  # (None where nothing is suppressed in a bar: no empty hover)
        columns[-1] = [n or None for n in columns[-1]]
        segments.append(Segment("suppressed", SUPPRESSED_COLOR, tr_("suppressed")))
        counts.append(columns[-1])
    kept_share = report.n_kept / report.n_raw if report.n_raw else math.nan
    values = {"share": fmt_pct(kept_share), "n": int(report.n_raw)}
    shown = [i for i, n in enumerate(excluded) if n]
    if shown:
        first = max(shown, key=lambda i: excluded[i])  # first rule on ties
        title = tr.ngettext(
            "%(share)s of %(n)s response kept; most exclusions: %(rule)s (%(excluded)s)",
            "%(share)s of %(n)s responses kept; most exclusions: %(rule)s (%(excluded)s)",
            int(report.n_raw),
        ) % (values | {"rule": _word(tr_, rules[first]), "excluded": excluded[first]})
    else:
        title = tr.ngettext(
            "%(share)s of %(n)s response kept", "%(share)s of %(n)s responses kept", int(report.n_raw)
        ) % values
    chart = stacked_share_chart(
        labels, segments, counts, totals, div_id=f"funnel-{report.name}", title=title,
        x_title=tr_("%% of the responses received") % {}, x_max=100.0, tr_=tr_,
    )
    legend = [{"name": s.label, "color": s.color} for s in segments]
    return chart, legend, left_out


def _share_cell(count: int, n: int) -> dict[str, Any]:
    share = count / n if n else math.nan
    return {"text": fmt_pct(share), "high": bool(n) and share > MISSING_HIGHLIGHT}


def _missingness(
    report: SurveyReport, partner_labels: dict[str, str], lang: str
) -> dict[str, Any] | None:
    """Per-item missing-answer table, one small chart per dimension, and shares per partner."""
    frame = report.missingness
    if frame is None:
        return None
    tr = translator(lang)
    tr_ = tr.gettext
    frame = frame.copy()
    for column in ("scope", "group", "skill_id", "dimension"):
        frame[column] = text_column(frame[column])
    hidden = (
        frame["suppressed"].map(as_bool) if "suppressed" in frame.columns
        else pd.Series(False, index=frame.index)
    )
    for column in ("n", "answered", *(kind for kind, _, _ in MISSING_KINDS)):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").fillna(0).astype(int)
    names = skill_names(report)
    order = list(dict.fromkeys(text_column(report.skills["skill_id"]))) if report.skills is not None else []
    overall = frame[frame["scope"] == "overall"]
    skill_ids = [s for s in order if s in set(overall["skill_id"])]
    skill_ids += [s for s in dict.fromkeys(overall["skill_id"]) if s not in skill_ids]
    dimensions = list(dict.fromkeys(overall["dimension"]))
    cells = {(r.skill_id, r.dimension): r for r in overall.itertuples(index=False)}
    groups = []
    for skill_id in skill_ids:
        rows = []
        for dimension in dimensions:
            row = cells.get((skill_id, dimension))
            if row is None:
                continue
            n = int(row.n)
            share = float(row.missing_share) if not is_missing(row.missing_share) else (
                (n - int(row.answered)) / n if n else math.nan
            )
            rows.append(
                {
                    "dimension": _word(tr_, dimension),
                    "n": n,
                    "kinds": [_share_cell(int(getattr(row, kind)), n) for kind, _, _ in MISSING_KINDS],
                    "missing": {"text": fmt_pct(share), "high": share > MISSING_HIGHLIGHT},
                }
            )
        groups.append({"skill": names.get(skill_id, skill_id), "skill_id": skill_id, "rows": rows})
    charts = []
    for i, dimension in enumerate(dimensions, start=1):
        rows = overall[overall["dimension"] == dimension].set_index("skill_id")
        ids = [s for s in skill_ids if s in rows.index]
        part = rows.loc[ids]
        totals = [int(n) for n in part["n"]]
        counts = [[int(c) for c in part[kind]] for kind, _, _ in MISSING_KINDS]
        shares = [
            (sum(col[j] for col in counts) / totals[j]) if totals[j] else 0.0
            for j in range(len(ids))
        ]
        high = sum(share > MISSING_HIGHLIGHT for share in shares)
        top = max(shares, default=0.0)
        values = {
            "dimension": _word(tr_, dimension).capitalize(), "high": high, "items": len(ids),
            "threshold": f"{MISSING_HIGHLIGHT:.0%}", "highest": fmt_pct(top),
        }
        if high:
            title = tr.ngettext(
                "%(dimension)s: %(high)s of %(items)s items has more than %(threshold)s missing answers",
                "%(dimension)s: %(high)s of %(items)s items have more than %(threshold)s missing answers",
                high,
            ) % values
        else:
            title = tr_(
                "%(dimension)s: no item has more than %(threshold)s missing answers (highest %(highest)s)"
            ) % values
        x_max = min(100.0, max(25.0, math.ceil(top * 20 + 1) * 5.0))
        charts.append(
            stacked_share_chart(
                [names.get(s, s) for s in ids],
                [Segment(tr_(label), color) for _, label, color in MISSING_KINDS],
                counts, totals, div_id=f"missing-{report.name}-{i}-{slugify(dimension)}",
                title=title, x_title=tr_("%% of kept respondents without an answer") % {}, x_max=x_max,
                threshold=100 * MISSING_HIGHLIGHT, tr_=tr_,
            )
        )
    by_partner = []
    partners = frame[frame["scope"] == "partner"]
    for code, rows in partners.groupby("group", sort=False):
        cells_ = []
        for dimension in dimensions:
            part = rows[rows["dimension"] == dimension]
            if hidden[part.index].any():  # suppressed in the downloads: the share would be too
                cells_.append({"text": SUPPRESSED_MARK, "high": False})
                continue
            n = int(part["n"].sum())
            cells_.append(_share_cell(n - int(part["answered"].sum()), n))
        by_partner.append({"label": partner_labels.get(str(code)) or str(code), "cells": cells_})
    n_high = sum(r["missing"]["high"] for g in groups for r in g["rows"])
    return {
        "dimensions": [_word(tr_, d) for d in dimensions],
        "groups": groups,
        "charts": charts,
        "by_partner": by_partner,
        "n_high": n_high,
        "n_items": sum(len(g["rows"]) for g in groups),
    }


def minutes_seconds(seconds: float) -> str:
    """A duration as minutes and seconds, ``m:ss`` (``95.4`` -> ``1:35``)."""
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def _page_times(report: SurveyReport, lang: str) -> list[dict[str, Any]]:
    """Median time per page of the kept respondents: page name in ``lang``, m:ss, respondents.

    A page without a name in any language has ``page`` empty (the template names it by its id).
    """
    rows = []
    for page in report.page_times or ():
        names = page.get("group") or {}
        name = names.get(lang) or names.get("en") or next(iter(names.values()), "")
        rows.append({
            "page": name,
            "group_id": fmt_int(page["group_id"]),
            "median": minutes_seconds(float(page["median_seconds"])),
            "respondents": fmt_int(page["respondents"]),
        })
    return rows


def _warning(
    warning: Mapping[str, str], hidden: Mapping[str, str], tr_: Callable[[str], str]
) -> dict[str, str]:
    """A warning for the page; one on a partner whose counts are suppressed loses its counts."""
    check, message = str(warning["check"]), str(warning["message"])
    if check == "partner_excluded_share":
        for code, label in hidden.items():
            if message.startswith(f"partner {code} ("):
                message = tr_(
                    "partner %(partner)s: many responses excluded; the counts are suppressed "
                    "(fewer than the smallest group reported)"
                ) % {"partner": f"{code} ({label})"}
    return {"check": check, "message": message}


def _cleaning_context(report: SurveyReport, *, lang: str = "en", min_group_n: int = 5) -> dict[str, Any]:
    """Everything the cleaning page of a survey shows.

    Its counts per partner, and the rules' totals, are those of the downloads
    (:func:`suppressed_funnel`); ``min_group_n`` is used only for a report without published
    tables.
    """
    tr_ = translator(lang).gettext
    rules = [str(r) for r in report.funnel["rule"]]
    colors = _rule_colors(rules)
    partners = _partner_funnel(report, rules, min_group_n)
    chart, legend, left_out = _funnel_chart(report, rules, partners, colors, lang)
    partner_labels: dict[str, str] = {}
    if partners:
        partner_labels = {r["code"]: r["label"] for r in partners["rows"]}
    excluded = (
        [cell["text"] for cell in partners["total"]["counts"]] if partners
        else [fmt_int(v) for v in report.funnel["excluded"]]
    )
    missingness = _missingness(report, partner_labels, lang)
    warnings = None
    if report.warnings is not None:
        hidden = {
            row["code"]: row["label"] for row in (partners["rows"] if partners else [])
            if row["raw"]["suppressed"] or row["kept"]["suppressed"]
        }
        warnings = [_warning(w, hidden, tr_) for w in report.warnings]
    scales = None
    if report.scales is not None:
        scales = [
            {
                "battery": str(scale["question"]) + (f" [{scale['scale']}]" if scale.get("scale") else ""),
                "dimension": _word(tr_, str(scale["dimension"])),
                "rule": str(scale["rule"]),
                "rule_label": tr_(SCALE_RULE_WORDS[str(scale["rule"])])
                if str(scale["rule"]) in SCALE_RULE_WORDS else str(scale["rule"]),
                "mapping": " \u00b7 ".join(f"{code} \u2192 {number}" for code, number in scale["values"]),
                "missing": ", ".join(str(code) for code in scale.get("missing") or ()),
            }
            for scale in report.scales
        ]
    not_recorded = [
        what
        for what, value in (
            (tr_("the funnel per partner"), partners),
            (tr_("the missing answers per item"), missingness),
            (tr_("the warnings"), warnings),
        )
        if value is None
    ]
    charts = [chart] + (missingness["charts"] if missingness else [])
    return {
        "name": report.name,
        "page": cleaning_page_name(report.name),
        "survey_page": f"{report.name}.html",
        "title": str(report.title),
        "source_note": str(report.source_note or ""),
        "n_raw": int(report.n_raw),
        "n_kept": int(report.n_kept),
        "n_excluded": int(report.n_raw) - int(report.n_kept),
        "rules": [
            {
                "rule": str(r["rule"]),
                "label": _word(tr_, str(r["rule"])),
                "reason": _given(tr_, str(r["reason"])),
                "excluded": excluded[i],
                "color": colors[str(r["rule"])],
            }
            for i, (_, r) in enumerate(report.funnel.iterrows())
        ],
        "partners": partners,
        "not_charted": left_out,
        "min_n": report.published.min_n if report.published is not None else min_group_n,
        "funnel_chart": chart,
        "funnel_legend": legend,
        "missingness": missingness,
        "missing_kinds": [{"name": tr_(label), "color": color} for _, label, color in MISSING_KINDS],
        "warnings": warnings,
        "scales": scales,
        "not_recorded": not_recorded,
        "charts": charts,
        "page_times": _page_times(report, lang),
        "speeder_times": dict(report.speeder_times) if report.speeder_times else None,
    }



def build_site(
    reports: Sequence[SurveyReport],
    out_dir: Path,
    *,
    generated_at: str | None = None,
    min_group_n: int = 5,
    lang: str = "en",
) -> list[Path]:
    """Write the report site: ``index.html`` and ``<name>.html`` per survey.

    Parameters
    ----------
    reports
        One :class:`~analysis.report.SurveyReport` per survey, in the order of the overview.
    out_dir
        Folder to write into (created if needed); other files in it are left alone.
    generated_at
        Shown in the page footers when given; left out otherwise so output stays deterministic.
    min_group_n
        Groups (and single skills) rated by fewer respondents are not charted or ranked; a note
        lists them. Small groups give unstable means and risk identifying respondents.
    lang
        The language of the pages' own words (``en`` or one with a catalogue,
        :func:`analysis.report.i18n.available_languages`); labels, titles and notes from the
        reports are shown as given.

    Returns
    -------
    list of Path
        ``index.html`` first, then per survey in the order of ``reports`` its page and its
        cleaning page ``<name>-cleaning.html`` (funnel per partner and rule, missing answers per
        item, warnings that need an analyst's decision); for a survey with ``priorities`` also
        ``<name>-priorities.html`` (a card per candidate micro-credential, overall and per
        group) and the offline weight-slider page ``<name>-sliders.html`` (when there is an
        ``overall`` ranking).
    """
    reports = list(reports)
    validate_reports(reports)
    if min_group_n < 1:
        raise ValueError(f"min_group_n must be at least 1, got {min_group_n}")
    translator(lang)  # an unknown language fails here, before anything is written
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    env = jinja_environment(lang)
    common = {
        "plotly_js": plotly_js(),
        "generated_at": generated_at,
        "min_group_n": min_group_n,
        "group_top": GROUP_CHART_TOP,
        "overview_top": OVERVIEW_TOP,
    }
    surveys = [_survey_context(report, min_group_n, lang=lang) for report in reports]
    index_charts = [s["card_chart"] for s in surveys if s["card_chart"] is not None]
    paths = [
        write_page(
            out_dir / "index.html",
            env.get_template("index.html.j2").render(
                surveys=surveys, charts=index_charts, **common
            ),
        )
    ]
    template = env.get_template("survey.html.j2")
    cleaning_template = env.get_template("cleaning.html.j2")
    priorities_template = env.get_template("priorities.html.j2")
    for report, survey in zip(reports, surveys, strict=True):
        html = template.render(survey=survey, charts=survey["charts"], **common)
        paths.append(write_page(out_dir / survey["page"], html))
        cleaning = _cleaning_context(report, lang=lang, min_group_n=min_group_n)
        html = cleaning_template.render(
            cleaning=cleaning, charts=cleaning["charts"], highlight=MISSING_HIGHLIGHT, **common
        )
        paths.append(write_page(out_dir / cleaning["page"], html))
        if report.priorities is not None:
            priorities = priorities_context(report, min_group_n, lang=lang)
            html = priorities_template.render(
                priorities=priorities, charts=priorities["charts"], **common
            )
            paths.append(write_page(out_dir / priorities["page"], html))
            if priorities["sliders_page"] is not None:
                paths.append(
                    write_priorities_sliders(report, out_dir / priorities["sliders_page"], lang=lang)
                )
    return paths
