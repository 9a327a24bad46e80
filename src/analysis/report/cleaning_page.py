"""The cleaning page of a survey: what was kept and why, per partner and rule, and what is missing.

The funnel per partner and rule (suppressed as in the downloads), missing answers per item, the
median time per page, how each rating battery got its numbers, and the warnings that need an
analyst's decision.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from analysis.report.charts import (
    OKABE_ITO,
    Chart,
    Segment,
    stacked_share_chart,
)
from analysis.report.downloads import funnel_counts, suppress_funnel
from analysis.report.i18n import N_, given, translator
from analysis.report.model import (
    SurveyReport,
    cleaning_page_name,
    fieldwork_page_name,
)
from analysis.report.render import (
    DASH,
    SUPPRESSED_MARK,
    as_bool,
    fmt_int,
    fmt_pct,
    is_missing,
    skill_names,
    slugify,
    text_column,
)
from analysis.report.suppression import SuppressedCounts
from analysis.report.words import SCALE_RULE_WORDS, field_words

__all__ = [
    "MISSING_HIGHLIGHT", "TERMINAL_WARNINGS", "cleaning_context", "minutes_seconds", "reader_warnings",
    "suppressed_funnel",
]

#: Missing-answer shares above this are highlighted on the cleaning page.
MISSING_HIGHLIGHT = 0.20
#: Answer categories of ``missingness.csv`` that are not an answer, in display order.
MISSING_KINDS = (
    ("no_answer", N_("No answer"), "#E69F00"),
    ("dont_know", N_("Don\u2019t know"), "#56B4E9"),
    ("not_applicable", N_("N/A"), "#009E73"),
    ("not_shown", N_("Not shown"), "#D55E00"),
)
KEPT_COLOR = OKABE_ITO[0]
SUPPRESSED_COLOR = "#BBBBBB"



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


def published_funnel_cell(value: object) -> dict[str, Any]:
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
        raw = published_funnel_cell(totals.rows[partner])
        kept = published_funnel_cell(table.at[partner, "kept"])
        rows.append(
            {
                "code": code,
                "label": labels.get(code) or code or DASH,
                "raw": raw,
                "counts": [published_funnel_cell(table.at[partner, rule]) for rule in rules],
                "kept": kept,
                "kept_share": _kept_share(raw, kept),
            }
        )
    raw, kept = published_funnel_cell(totals.grand), published_funnel_cell(totals.columns["kept"])
    total = {
        "raw": raw,
        "counts": [published_funnel_cell(totals.columns[rule]) for rule in rules],
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
            "raw": published_funnel_cell(report.n_raw), "kept": published_funnel_cell(report.n_kept),
            "counts": [published_funnel_cell(v) for v in report.funnel["excluded"]],
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
    segments = [Segment("kept", KEPT_COLOR, field_words(tr_, "kept"))]
    counts = [columns[0]]
    for i, rule in enumerate(rules):
        if any(columns[i + 1]):  # a rule that excluded nobody would only clutter the legend
            segments.append(Segment(rule, colors[rule], field_words(tr_, rule)))
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
        ) % (values | {"rule": field_words(tr_, rules[first]), "excluded": excluded[first]})
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
                    "dimension": field_words(tr_, dimension),
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
            "dimension": field_words(tr_, dimension).capitalize(), "high": high, "items": len(ids),
            "threshold": fmt_pct(MISSING_HIGHLIGHT, 0), "highest": fmt_pct(top),
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
        "dimensions": [field_words(tr_, d) for d in dimensions],
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


#: Warnings of the clean stage that are for whoever runs the pipeline, not for readers: the
#: pipeline prints them (a missing pseudonym key is a setting of the machine, not of the data).
TERMINAL_WARNINGS = frozenset({"pseudonym_key"})


def reader_warnings(warnings: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The clean stage's warnings a page shows (not those for the terminal only)."""
    return [w for w in warnings if str(w.get("check")) not in TERMINAL_WARNINGS]


def _share(value: object) -> str:
    return fmt_pct(float(value)) if not is_missing(value) else DASH  # type: ignore[arg-type]


def _warning_sentence(
    check: str,
    values: Mapping[str, Any],
    partner_labels: Mapping[str, str],
    skill_labels: Mapping[str, str],
    tr: Any,
) -> str | None:
    """A warning of the clean stage as a sentence in the page's language, from its check code and
    its numbers (``values``); None for a check or values this version cannot say."""
    tr_ = tr.gettext
    try:
        if check == "rule_excluded_share":
            raw, excluded = int(values["raw"]), int(values["excluded"])
            return tr_(
                "The rule “%(rule)s” excluded %(excluded)s of %(raw)s responses (%(share)s), more than "
                "half: check its setting (%(setting)s) and the answers it reads."
            ) % {"rule": field_words(tr_, str(values["rule"])), "excluded": fmt_int(excluded),
                 "raw": fmt_int(raw), "share": _share(excluded / raw if raw else math.nan),
                 "setting": str(values.get("setting", ""))}
        if check == "partner_excluded_share":
            raw, excluded = int(values["raw"]), int(values["excluded"])
            code = str(values["partner"])
            return tr_(
                "Partner %(partner)s: %(excluded)s of %(raw)s responses excluded (%(share)s), above "
                "%(threshold)s."
            ) % {"partner": partner_labels.get(code) or code, "excluded": fmt_int(excluded),
                 "raw": fmt_int(raw), "share": _share(excluded / raw if raw else math.nan),
                 "threshold": fmt_pct(float(values["threshold"]), 0)}
        if check == "item_missing_share":
            skill = str(values["skill_id"])
            return tr_(
                "%(skill)s (%(dimension)s): %(share)s of %(n)s kept respondents gave no rating, above "
                "%(threshold)s."
            ) % {"skill": skill_labels.get(skill) or skill,
                 "dimension": field_words(tr_, str(values["dimension"])),
                 "share": _share(values["missing_share"]), "n": fmt_int(values["n"]),
                 "threshold": fmt_pct(float(values["threshold"]), 0)}
        if check == "speeder_timing_unknown":
            count = int(values["responses"])
            return tr.ngettext(
                "%(num)s submitted response carries LimeSurvey’s placeholder dates (an anonymised "
                "survey) and no interview time: the speeder rule could not judge it.",
                "%(num)s submitted responses carry LimeSurvey’s placeholder dates (an anonymised "
                "survey) and no interview time: the speeder rule could not judge them.",
                count,
            ) % {"num": fmt_int(count)}
        if check == "contact_data_redacted":
            return tr_(
                "Open texts of kept respondents held %(emails)s e-mail addresses and %(phones)s phone "
                "numbers; they are replaced by [e-mail] and [phone]."
            ) % {"emails": fmt_int(values["emails"]), "phones": fmt_int(values["phones"])}
        if check == "scale_order":
            return tr_(
                "%(dimension)s (%(battery)s): the answer codes have no assessment values and are not "
                "integers, so they are numbered by their order in the survey: %(numbers)s. If these "
                "are not the intended numbers, set them in the survey config (scale_values)."
            ) % {"dimension": field_words(tr_, str(values["dimension"])).capitalize(),
                 "battery": str(values["battery"]), "numbers": str(values["numbers"])}
    except (KeyError, TypeError, ValueError):
        return None
    return None


def _warning(
    warning: Mapping[str, Any],
    hidden: Mapping[str, str],
    partner_labels: Mapping[str, str],
    skill_labels: Mapping[str, str],
    tr: Any,
) -> dict[str, str]:
    """A warning for the page: a sentence in the page's language when its check is known,
    else the clean stage's English message for analysts (``recorded``). One on a partner whose
    counts are suppressed loses its counts."""
    tr_ = tr.gettext
    check, message = str(warning["check"]), str(warning["message"])
    values = warning.get("values")
    if check == "partner_excluded_share":
        for code, label in hidden.items():
            if (isinstance(values, Mapping) and str(values.get("partner")) == code) or message.startswith(
                f"partner {code} ("
            ):
                return {"check": check, "message": tr_(
                    "Partner %(partner)s: many responses excluded; the counts are suppressed "
                    "(fewer than the smallest group reported)."
                ) % {"partner": label or code}, "recorded": ""}
    sentence = (
        _warning_sentence(check, values, partner_labels, skill_labels, tr) if isinstance(values, Mapping)
        else None
    )
    if sentence is None:
        return {"check": check, "message": message, "recorded": message}
    return {"check": check, "message": sentence, "recorded": ""}


def cleaning_context(report: SurveyReport, *, lang: str = "en", min_group_n: int = 5) -> dict[str, Any]:
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
        skill_labels = skill_names(report)
        warnings = [
            _warning(w, hidden, partner_labels, skill_labels, translator(lang))
            for w in reader_warnings(report.warnings)
        ]
    scales = None
    if report.scales is not None:
        scales = [
            {
                "battery": str(scale["question"]) + (f" [{scale['scale']}]" if scale.get("scale") else ""),
                "dimension": field_words(tr_, str(scale["dimension"])),
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
        "fieldwork_page": fieldwork_page_name(report.name) if report.has_fieldwork else None,
        "title": str(report.title),
        "source_note": str(report.source_note or ""),
        "n_raw": int(report.n_raw),
        "n_kept": int(report.n_kept),
        "n_excluded": int(report.n_raw) - int(report.n_kept),
        "rules": [
            {
                "rule": str(r["rule"]),
                "label": field_words(tr_, str(r["rule"])),
                "reason": given(tr_, str(r["reason"])),
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



