"""The fieldwork page of a survey: where each partner stands while the survey is still running.

An internal working page (``<survey>-fieldwork.html``, in every language of the site) built from
the latest fieldwork run (:func:`analysis.store.read_fieldwork`): the raw responses as LimeSurvey
holds them per partner and breakdown against their targets, the quotas, the participants, the
daily curve with the invitation and reminder dates, the dropout by page and what the cleaning
rules would exclude so far. It is linked from the cleaning page only, never from the index, and
says at its top that it is not for publication. Like every page it is one self-contained file
(plotly.js, styles and data inlined; nothing is fetched).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from babel.dates import format_date, format_datetime, format_skeleton

from analysis.config import SurveyConfig
from analysis.fieldwork.model import Fieldwork
from analysis.report.book import export_sections
from analysis.report.charts import (
    FONT_STACK,
    OKABE_ITO,
    Chart,
    bar_layout,
    category_axis,
    plot_text,
    plotly_config,
    safe_json,
    trace,
    wrap_label,
)
from analysis.report.cleaning_page import minutes_seconds
from analysis.report.i18n import N_, translator
from analysis.report.model import cleaning_page_name, fieldwork_page_name
from analysis.report.pages import PageSpec, language_links, render_page
from analysis.report.render import DASH, fmt_count, fmt_pct, is_missing, scope_label, write_page
from analysis.report.words import PARTNER_WORDS, RULE_WORDS, field_words

__all__ = ["fieldwork_context", "write_fieldwork_pages"]

#: Where the counts of a fieldwork run come from (``summary.json``'s ``source``), as words.
SOURCE_WORDS = {
    "limesurvey": N_("the live LimeSurvey server"),
    "export": N_("the latest export"),
    "snapshot": N_("the latest snapshot"),
}
COMPLETE_COLOR = OKABE_ITO[0]
INCOMPLETE_COLOR = OKABE_ITO[1]
TARGET_COLOR = "#000000"
INVITATION_COLOR = OKABE_ITO[6]
REMINDER_COLOR = OKABE_ITO[3]
#: The daily chart labels at most this many days on its axis (every day is in the table).
DAY_TICKS = 14


# --- cells --------------------------------------------------------------------------------------


def _int(value: object) -> int | None:
    return None if is_missing(value) else int(float(value))  # type: ignore[arg-type]


def _count(value: object) -> str:
    number = _int(value)
    return DASH if number is None else fmt_count(number)


def _share(value: object) -> str:
    return DASH if is_missing(value) else fmt_pct(float(value))  # type: ignore[arg-type]


def _day(value: object, lang: str) -> str:
    """An ISO date in the page's language (Babel's medium format), a dash when there is none."""
    if is_missing(value) or not str(value).strip():
        return DASH
    return format_date(date.fromisoformat(str(value)[:10]), "medium", locale=lang)


def _short_day(value: str, lang: str) -> str:
    return format_skeleton("MMMd", date.fromisoformat(value[:10]), locale=lang)


def _when(value: object, lang: str) -> str:
    """The run's ISO date and time (UTC) in the page's language."""
    if is_missing(value) or not str(value).strip():
        return DASH
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:  # not the contract's ISO form: shown as the run wrote it
        return str(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_datetime(moment, "medium", tzinfo=UTC, locale=lang) + " UTC"


def _text(value: object) -> str:
    return "" if is_missing(value) else str(value)


def _has(frame: pd.DataFrame, column: str) -> bool:
    return column in frame.columns and bool(frame[column].map(lambda v: not is_missing(v)).any())


# --- charts -------------------------------------------------------------------------------------


def _legend_layout() -> dict[str, Any]:
    return {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom",
            "traceorder": "normal", "font": {"size": 12}}


def _partner_chart(rows: list[dict[str, Any]], with_target: bool, title: str, div_id: str,
                   tr_: Callable[[str], str]) -> Chart:
    """Horizontal bars per partner: complete and incomplete stacked, the target as a black mark."""
    ids = [f"p{j}" for j in range(len(rows))]
    wrapped = [wrap_label(row["label"]) for row in rows]
    slot = max(34, 17 * max([lines for _, lines in wrapped] or [1]) + 12)
    height = 90 + slot * max(len(ids), 1)
    traces = []
    for key, name, color in (("complete", tr_("Complete"), COMPLETE_COLOR),
                             ("incomplete", tr_("Incomplete"), INCOMPLETE_COLOR)):
        traces.append(trace(
            "bar", x=[row[key] for row in rows], y=ids, name=plot_text(name), orientation="h",
            marker={"color": color, "line": {"color": "#ffffff", "width": 1}},
            hovertext=[f"<b>{plot_text(row['label'])}</b><br>{plot_text(name)}: {row[key]}" for row in rows],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    if with_target:
        targets = [row["target"] for row in rows]
        traces.append(trace(
            "scatter", x=targets, y=ids, mode="markers", name=plot_text(tr_("Target")),
            marker={"symbol": "line-ns-open", "size": 26, "color": TARGET_COLOR,
                    "line": {"width": 3, "color": TARGET_COLOR}},
            hovertext=["" if t is None else f"<b>{plot_text(row['label'])}</b><br>"
                       + plot_text(tr_("Target")) + f": {t}" for row, t in zip(rows, targets, strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    layout = bar_layout(
        height, margin={"l": 8, "r": 16, "t": 40, "b": 40}, barmode="stack", showlegend=True,
        legend=_legend_layout(), hoverlabel={"align": "left", "font": {"family": FONT_STACK, "size": 13}},
        xaxis={"fixedrange": True, "gridcolor": "#e3e3e3", "automargin": True, "rangemode": "tozero",
               "title": {"text": plot_text(tr_("Responses")), "font": {"size": 12}}},
        yaxis=category_axis(ids, [text for text, _ in wrapped]),
    )
    spec = {"data": traces, "layout": layout, "config": plotly_config(div_id)}
    return Chart(div_id=div_id, title=title, spec=safe_json(spec), height=height)


def _marks(days: list[str], when: Sequence[str], top: float, name: str, color: str,
           dash: str) -> dict[str, Any] | None:
    """Vertical lines on the daily chart at ``when`` (the days among ``days``), one legend entry."""
    shown = [day for day in dict.fromkeys(when) if day in days]
    if not shown:
        return None
    xs: list[Any] = []
    ys: list[Any] = []
    for day in shown:
        xs += [day, day, None]
        ys += [0, top, None]
    return trace("scatter", x=xs, y=ys, mode="lines", name=plot_text(name), yaxis="y2",
                 line={"color": color, "width": 2, "dash": dash}, hoverinfo="skip")


def _daily_chart(daily: list[dict[str, Any]], invitations: Sequence[str], reminders: Sequence[str],
                 title: str, div_id: str, lang: str, tr_: Callable[[str], str]) -> Chart:
    """Bars of responses started and completed per day, lines of the running totals (right axis),
    and a dashed line on each day invitations or reminders went out."""
    days = [row["date"] for row in daily]
    ticks = [_short_day(day, lang) for day in days]
    every = max(1, math.ceil(len(days) / DAY_TICKS))
    height = 420
    top = max([row["cumulative_started"] or 0 for row in daily] + [1])
    hover = [f"<b>{plot_text(tick)}</b>" for tick in ticks]
    def series(kind: str, key: str, name: str, color: str, **more: Any) -> dict[str, Any]:
        colors = {"marker": {"color": color}} if kind == "bar" else {"line": {"color": color, "width": 3}}
        template = "%{hovertext}<br>" + plot_text(name) + ": %{y}<extra></extra>"
        return trace(kind, x=days, y=[row[key] for row in daily], name=plot_text(name), hovertext=hover,
                     hovertemplate=template, **colors, **more)

    traces = [
        series("bar", "started", tr_("Started that day"), INCOMPLETE_COLOR),
        series("bar", "completed", tr_("Completed that day"), COMPLETE_COLOR),
        series("scatter", "cumulative_started", tr_("Started in all"), INCOMPLETE_COLOR, mode="lines",
               yaxis="y2"),
        series("scatter", "cumulative_completed", tr_("Completed in all"), COMPLETE_COLOR, mode="lines",
               yaxis="y2"),
    ]
    for when, name, color, dash in ((invitations, tr_("Invitations sent"), INVITATION_COLOR, "dash"),
                                    (reminders, tr_("Reminders sent"), REMINDER_COLOR, "dot")):
        mark = _marks(days, when, top, name, color, dash)
        if mark is not None:
            traces.append(mark)
    layout = bar_layout(
        height, margin={"l": 8, "r": 8, "t": 40, "b": 40}, barmode="group", bargap=0.2, showlegend=True,
        legend=_legend_layout(), hovermode="closest",
        hoverlabel={"align": "left", "font": {"family": FONT_STACK, "size": 13}},
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": days, "tickmode": "array",
               "tickvals": days[::every], "ticktext": ticks[::every], "fixedrange": True, "automargin": True},
        yaxis={"fixedrange": True, "gridcolor": "#e3e3e3", "rangemode": "tozero", "automargin": True,
               "title": {"text": plot_text(tr_("Per day")), "font": {"size": 12}}},
        yaxis2={"overlaying": "y", "side": "right", "fixedrange": True, "rangemode": "tozero",
                "showgrid": False, "automargin": True,
                "title": {"text": plot_text(tr_("In all")), "font": {"size": 12}}},
    )
    spec = {"data": traces, "layout": layout, "config": plotly_config(div_id)}
    return Chart(div_id=div_id, title=title, spec=safe_json(spec), height=height)


def _dropout_chart(pages: list[dict[str, Any]], title: str, div_id: str, tr_: Callable[[str], str]) -> Chart:
    """Per survey page, the responses that reached it and the incomplete ones that stopped on it."""
    ids = [f"g{j}" for j in range(len(pages))]
    wrapped = [wrap_label(page["label"]) for page in pages]
    slot = max(44, 17 * max([lines for _, lines in wrapped] or [1]) + 16)
    height = 90 + slot * max(len(ids), 1)
    traces = [
        trace("bar", x=[page[key] for page in pages], y=ids, name=plot_text(name), orientation="h",
              marker={"color": color},
              hovertext=[f"<b>{plot_text(page['label'])}</b><br>{plot_text(name)}: {page[key]}"
                         for page in pages],
              hovertemplate="%{hovertext}<extra></extra>")
        for key, name, color in (("reached", tr_("Reached the page"), COMPLETE_COLOR),
                                 ("stopped", tr_("Stopped on the page"), REMINDER_COLOR))
    ]
    layout = bar_layout(
        height, margin={"l": 8, "r": 16, "t": 40, "b": 40}, barmode="group", bargap=0.25, showlegend=True,
        legend=_legend_layout(), hoverlabel={"align": "left", "font": {"family": FONT_STACK, "size": 13}},
        xaxis={"fixedrange": True, "gridcolor": "#e3e3e3", "automargin": True, "rangemode": "tozero",
               "title": {"text": plot_text(tr_("Responses")), "font": {"size": 12}}},
        yaxis=category_axis(ids, [text for text, _ in wrapped]),
    )
    spec = {"data": traces, "layout": layout, "config": plotly_config(div_id)}
    return Chart(div_id=div_id, title=title, spec=safe_json(spec), height=height)


# --- the page's parts ---------------------------------------------------------------------------


def _target_cells(row: Any, lang: str) -> dict[str, str]:
    return {"target": _count(row.get("target")), "share": _share(row.get("share_of_target")),
            "projected": _day(row.get("projected_date"), lang)}


def _partners(fieldwork: Fieldwork, labels: Mapping[str, str], lang: str, name: str) -> dict[str, Any] | None:
    frame = fieldwork.by_partner
    if frame.empty:
        return None
    tr = translator(lang)
    tr_ = tr.gettext
    with_target = _has(frame, "target")
    rows = []
    for _, row in frame.iterrows():
        code = _text(row.get("partner"))
        label = labels.get(code) or _text(row.get("partner_label")) or code or DASH
        rows.append({
            "code": code, "label": label, "complete": _int(row.get("complete")) or 0,
            "incomplete": _int(row.get("incomplete")) or 0, "target": _int(row.get("target")),
            "cells": {"complete": _count(row.get("complete")), "incomplete": _count(row.get("incomplete")),
                      **_target_cells(row, lang), "excluded": _count(row.get("excluded_so_far"))},
        })
    complete = sum(row["complete"] for row in rows)
    targeted = [row for row in rows if row["target"] is not None]
    if targeted:
        met = sum(row["complete"] >= row["target"] for row in targeted)
        title = tr.ngettext(
            "%(met)s of %(num)s partner has reached its target of complete responses",
            "%(met)s of %(num)s partners have reached their target of complete responses",
            len(targeted),
        ) % {"met": met, "num": len(targeted)}
    else:
        title = tr.ngettext(
            "%(num)s complete response so far, across %(partners)s partners",
            "%(num)s complete responses so far, across %(partners)s partners",
            complete,
        ) % {"num": fmt_count(complete), "partners": len(rows)}
    chart = _partner_chart(rows, with_target, title, f"fieldwork-{name}-partners", tr_)
    return {"rows": rows, "with_target": with_target, "chart": chart,
            "with_excluded": _has(frame, "excluded_so_far")}


def _breakdowns(fieldwork: Fieldwork, partner_labels: Mapping[str, str],
                group_labels: Mapping[str, Mapping[str, str]], fields: Mapping[str, str],
                lang: str) -> list[dict[str, Any]]:
    frame = fieldwork.by_breakdown
    if frame.empty or "breakdown" not in frame.columns:
        return []
    tr_ = translator(lang).gettext
    out = []
    for field, rows in frame.groupby(frame["breakdown"].map(_text), sort=False):
        names = group_labels.get(field, {})
        with_target = _has(rows, "target")
        lines = []
        for _, row in rows.iterrows():
            code, group = _text(row.get("partner")), _text(row.get("group"))
            lines.append({
                "partner": partner_labels.get(code) or code or DASH,
                "group": names.get(group) or _text(row.get("group_label")) or group or DASH,
                "cells": {"complete": _count(row.get("complete")),
                          "incomplete": _count(row.get("incomplete")), **_target_cells(row, lang)},
            })
        out.append({"field": field, "name": field_words(tr_, fields.get(field) or field.lower()),
                    "rows": lines, "with_target": with_target})
    return out


def _quotas(summary: Mapping[str, Any]) -> list[dict[str, str]]:
    return [
        {"name": str(quota.get("name", "")), "active": bool(quota.get("active")),
         "limit": _count(quota.get("limit")), "completed": _count(quota.get("completed")),
         "share": _share(quota.get("share"))}
        for quota in summary.get("quotas") or ()
    ]


def _dates(values: object) -> list[str]:
    return [str(v)[:10] for v in values or ()] if isinstance(values, list | tuple) else []


def _daily(fieldwork: Fieldwork, lang: str, name: str) -> dict[str, Any] | None:
    frame = fieldwork.daily
    if frame.empty:
        return None
    tr = translator(lang)
    rows = []
    for _, row in frame.iterrows():
        rows.append({"date": str(row["date"])[:10], **{
            column: _int(row.get(column)) for column in (
                "started", "completed", "cumulative_started", "cumulative_completed", "invitations",
                "reminders")}})
    invitations = list(dict.fromkeys(
        _dates(fieldwork.summary.get("invitations")) + [r["date"] for r in rows if r["invitations"]]))
    reminders = list(dict.fromkeys(
        _dates(fieldwork.summary.get("reminders")) + [r["date"] for r in rows if r["reminders"]]))
    last = rows[-1]
    total = last["cumulative_completed"] or 0
    title = tr.ngettext(
        "%(num)s response completed by %(day)s; %(started)s started",
        "%(num)s responses completed by %(day)s; %(started)s started",
        total,
    ) % {"num": fmt_count(total), "day": _day(last["date"], lang),
         "started": _count(last["cumulative_started"])}
    chart = _daily_chart(rows, invitations, reminders, title, f"fieldwork-{name}-daily", lang, tr.gettext)
    table = [
        {"date": _day(row["date"], lang),
         **{key: _count(value) for key, value in row.items() if key != "date"}}
        for row in rows
    ]
    return {"chart": chart, "rows": table, "invitations": [_day(d, lang) for d in invitations],
            "reminders": [_day(d, lang) for d in reminders]}


def _dropout(
    fieldwork: Fieldwork, page_labels: Mapping[str, str], lang: str, name: str
) -> dict[str, Any] | None:
    frame = fieldwork.dropout
    if frame.empty:
        return None
    tr = translator(lang)
    tr_ = tr.gettext
    with_median = _has(frame, "median_seconds")
    pages = []
    for _, row in frame.iterrows():
        page = _text(row.get("page"))
        label = (page_labels.get(page) or _text(row.get("page_label"))
                 or tr_("Page %(group)s") % {"group": page})
        median = row.get("median_seconds")
        pages.append({
            "page": page, "label": label, "reached": _int(row.get("reached")) or 0,
            "stopped": _int(row.get("stopped")) or 0,
            "cells": {"reached": _count(row.get("reached")), "stopped": _count(row.get("stopped")),
                      "median": DASH if is_missing(median) else minutes_seconds(float(median))},
        })
    worst = max(pages, key=lambda p: p["stopped"])
    stopped = sum(p["stopped"] for p in pages)
    if stopped:
        title = tr.ngettext(
            "%(num)s incomplete response stopped on a page; most on “%(page)s” (%(most)s)",
            "%(num)s incomplete responses stopped on a page; most on “%(page)s” (%(most)s)",
            stopped,
        ) % {"num": fmt_count(stopped), "page": worst["label"], "most": fmt_count(worst["stopped"])}
    else:
        title = tr_("No incomplete response stopped on a page")
    chart = _dropout_chart(pages, title, f"fieldwork-{name}-dropout", tr_)
    return {"chart": chart, "rows": pages, "with_median": with_median}


def _exclusions(fieldwork: Fieldwork, partner_labels: Mapping[str, str], lang: str) -> dict[str, Any]:
    tr_ = translator(lang).gettext
    dry = fieldwork.summary.get("dry_run") or {}
    by_rule = dict(dry.get("by_rule") or {})
    frame = fieldwork.exclusions
    rules = list(by_rule)
    if not frame.empty:
        rules += [r for r in dict.fromkeys(frame["rule"].map(_text)) if r not in rules]
    # in the order the clean stage applies them (RULE_WORDS has it), as on the cleaning page
    order = {word: i for i, word in enumerate(RULE_WORDS)}
    rules.sort(key=lambda rule: order.get(scope_label(rule), len(order)))
    rows = []
    if not frame.empty:
        counts = {(_text(p), _text(r)): _int(n) or 0
                  for p, r, n in zip(frame["partner"], frame["rule"], frame["excluded"], strict=True)}
        for code in dict.fromkeys(frame["partner"].map(_text)):
            cells = [counts.get((code, rule), 0) for rule in rules]
            rows.append({"label": partner_labels.get(code) or code or DASH,
                         "cells": [fmt_count(n) for n in cells], "total": fmt_count(sum(cells))})
    totals = [by_rule.get(rule) for rule in rules]
    if not by_rule and not frame.empty:
        totals = [int(frame.loc[frame["rule"].map(_text) == rule, "excluded"].map(_int).fillna(0).sum())
                  for rule in rules]
    return {
        "rules": [field_words(tr_, rule) for rule in rules],
        "rows": rows,
        "totals": [_count(n) for n in totals],
        "total": fmt_count(sum(int(n or 0) for n in totals)),
        "kept": _count(dry.get("kept")),
        "excluded": _count(dry.get("excluded")),
        "known": bool(dry),
    }


def fieldwork_context(
    fieldwork: Fieldwork,
    *,
    title: str,
    lang: str = "en",
    partner_labels: Mapping[str, str] | None = None,
    group_labels: Mapping[str, Mapping[str, str]] | None = None,
    page_labels: Mapping[str, str] | None = None,
    fields: Mapping[str, str] | None = None,
    cleaning_page: str | None = None,
) -> dict[str, Any]:
    """Everything the fieldwork page of a survey shows, its numbers and dates in ``lang``.

    Parameters
    ----------
    fieldwork
        The latest fieldwork run (:func:`analysis.store.read_fieldwork`).
    title
        The survey's title in the page's language.
    partner_labels, group_labels, page_labels
        Partner names by code, group names by breakdown and code, and survey page names by page
        id in the page's language; the fieldwork files' own labels otherwise.
    fields
        The survey's profile field of each field the run names (``RESPTYPE`` ->
        ``respondent_type``), so that they read as on the other pages.
    cleaning_page
        The survey's cleaning page to link back to (None: no link, the survey has no results yet).
    """
    tr_ = translator(lang).gettext
    summary = fieldwork.summary
    fields = dict(fields or {})
    partner_field = _text(summary.get("partner_field"))
    name = str(summary.get("survey") or "survey")
    partner_labels = dict(partner_labels or {})
    partners = _partners(fieldwork, partner_labels, lang, name)
    if partners:
        partner_labels = {row["code"]: row["label"] for row in partners["rows"]} | partner_labels
    source = str(summary.get("source") or "")
    participants = [
        (tr_("Invited"), _count(summary.get("invited"))),
        (tr_("Reminded"), _count(summary.get("reminded"))),
        (tr_("Completed (participants)"), _count(summary.get("completed_participants"))),
        (tr_("Response rate"), _share(summary.get("response_rate"))),
    ]
    if not is_missing(summary.get("opted_out")):
        participants.append((tr_("Opted out"), _count(summary.get("opted_out"))))
    has_participants = not is_missing(summary.get("invited"))
    daily = _daily(fieldwork, lang, name)
    dropout = _dropout(fieldwork, page_labels or {}, lang, name)
    charts = [part["chart"] for part in (partners, daily, dropout) if part]
    return {
        "name": name,
        "title": title,
        "cleaning_page": cleaning_page,
        "generated": _when(summary.get("generated_at"), lang),
        "source": tr_(SOURCE_WORDS[source]) if source in SOURCE_WORDS else source,
        "source_detail": _text(summary.get("source_detail")),
        "partner_field": field_words(tr_, fields.get(partner_field) or partner_field.lower()),
        "counts": [(tr_("Responses"), _count(summary.get("responses"))),
                   (tr_("Complete"), _count(summary.get("complete"))),
                   (tr_("Incomplete"), _count(summary.get("incomplete")))],
        "participants": participants if has_participants else None,
        "pace_days": _int(summary.get("pace_days")) or 7,
        "partners": partners,
        "breakdowns": _breakdowns(fieldwork, partner_labels, group_labels or {}, fields, lang),
        "quotas": _quotas(summary),
        "daily": daily,
        "dropout": dropout,
        "exclusions": _exclusions(fieldwork, partner_labels, lang),
        "charts": charts,
    }


# --- labels in the page's language and the files -----------------------------------------------


def profile_fields(config: SurveyConfig, names: Sequence[str]) -> dict[str, str]:
    """The survey's profile field of each name: itself, its lower case, or the field whose
    question it is (``RESPTYPE`` -> ``respondent_type``); a name that is none of these is left out."""
    questions = {question: field for field, question in config.profile.items()}
    out = {}
    for name in names:
        for candidate in (name, name.lower()):
            if candidate in config.profile:
                out[name] = candidate
                break
        else:
            if name in questions:
                out[name] = questions[name]
    return out


def _survey_texts(config: SurveyConfig, fieldwork: Fieldwork, lang: str) -> tuple[
        dict[str, str], dict[str, dict[str, str]], dict[str, str]]:
    """Partner, group and page names in ``lang`` from the survey's codebook and config (empty
    where the survey has none yet: the fieldwork files' labels are shown then)."""
    from analysis.report.labels import survey_labels

    tr_ = translator(lang).gettext
    try:
        texts = survey_labels(config, lang)
    except FileNotFoundError:
        return {code: tr_(word) for code, word in PARTNER_WORDS.items()}, {}, {}
    field = str(fieldwork.summary.get("partner_field") or config.cleaning.partner_field or "")
    breakdowns = [str(b) for b in fieldwork.summary.get("breakdowns") or ()]
    fields = profile_fields(config, [field, *breakdowns])
    partners = {code: tr_(word) for code, word in PARTNER_WORDS.items()}
    partners |= texts.answers(config.profile.get(fields.get(field, ""), field))
    groups = {b: texts.answers(config.profile.get(fields.get(b, ""), b)) for b in breakdowns}
    pages = {}
    for page in fieldwork.summary.get("pages") or ():  # the question group of each page, named
        found = texts.page(page.get("group_id", ""), page.get("names") or {})
        if found:
            pages[_text(page.get("page"))] = found
    return partners, groups, pages


def write_fieldwork_pages(
    config: SurveyConfig, fieldwork: Fieldwork, out_dir: Path, languages: Sequence[str]
) -> list[Path]:
    """Write the survey's fieldwork page in every language: ``<out_dir>/<survey>-fieldwork.html``
    (English) and ``<out_dir>/<lang>/<survey>-fieldwork.html`` (the others).

    Each page is self-contained (plotly.js, styles and data inlined) and says it is an internal
    working page; it links back to the survey's cleaning page when the survey has results.
    """
    from analysis import store

    out_dir = Path(out_dir)
    filename = fieldwork_page_name(config.name)
    languages = tuple(dict.fromkeys(languages or ("en",)))
    cleaning = cleaning_page_name(config.name) if store.has_results(config) else None
    named = [fieldwork.summary.get("partner_field") or "", *(fieldwork.summary.get("breakdowns") or ())]
    fields = profile_fields(config, [str(n) for n in named])
    paths = []
    for lang in languages:
        translator(lang)  # an unknown language fails before anything is written
        partners, groups, pages = _survey_texts(config, fieldwork, lang)

        def build(
            lang: str = lang, partners: dict[str, str] = partners,
            groups: dict[str, dict[str, str]] = groups, pages: dict[str, str] = pages,
        ) -> dict[str, Any]:
            context = fieldwork_context(
                fieldwork, title=config.text_in("title", lang), lang=lang, partner_labels=partners,
                group_labels=groups, page_labels=pages, fields=fields, cleaning_page=cleaning,
            )
            return {"fw": context, "charts": context["charts"],
                    "languages": language_links(filename, lang, languages)}

        spec = PageSpec(filename, "fieldwork.html.j2", build, kind="fieldwork", survey=config.name, lang=lang)
        folder = out_dir if lang == "en" else out_dir / lang
        folder.mkdir(parents=True, exist_ok=True)
        paths.append(write_page(folder / filename, export_sections(render_page(spec, lang), lang)))
    return paths
