"""The micro-credential priorities page of a survey, and the inputs of its slider page.

One section per scope and group (``overall`` first): the ranking at the consortium's weights and
one card per candidate with its rank interval and stability, the criteria that put it there (a
tiny chart and the same numbers in a table), its rank acceptability, its EU elements (Council
Recommendation 2022/C 243/02, Annex I) with how complete its design is against them, and the survey
evidence for each of its skills; then a table of every candidate's Annex I completeness.
Every title, label and element is untrusted text: the templates escape it and the charts get it
escaped through :func:`analysis.report.charts.plot_text`. The page's own words and sentences
are in the page's language (``lang``, :mod:`analysis.report.i18n`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from gettext import NullTranslations
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.priorities import STABILITY_LEVELS, annex_completeness
from analysis.priorities.annex import DESIGN_ELEMENTS, MISSING
from analysis.priorities.exports import elm_missing
from analysis.report.charts import OKABE_ITO, criteria_chart
from analysis.report.folder import DOWNLOADS
from analysis.report.i18n import N_, english, given, translator
from analysis.report.model import (
    PRIORITY_CRITERIA,
    PrioritiesReport,
    SurveyReport,
    cleaning_page_name,
    priorities_page_name,
    sliders_page_name,
)
from analysis.report.render import (
    DASH,
    fmt,
    fmt_int,
    fmt_number,
    fmt_pct,
    group_n,
    is_missing,
    join_words,
    reportable,
    scope_label,
    skill_names,
    slugify,
    text_column,
)
from analysis.report.sliders import write_slider_page
from analysis.report.themes_section import card_themes
from analysis.report.words import ELM_FIELD_WORDS
from analysis.store import MICROCREDENTIALS

__all__ = [
    "interval_and_stability", "completeness_overview",
    "SliderInputs", "priorities_context", "slider_inputs", "sliders_page", "why_ranked",
    "write_priorities_sliders",
]

#: Criterion names as shown (English; translated where they are shown, lower case in sentences).
CRITERION_LABELS = {
    "need": N_("Need"),
    "breadth": N_("Breadth"),
    "transferability": N_("Transferability"),
    "demand": N_("Demand"),
    "agreement": N_("Agreement"),
}
#: What each raw criterion measures (docs/priorities.md), for the methods section.
CRITERION_MEANINGS = {
    "need": N_("mean Borich MWDS of its skills"),
    "breadth": N_("share of respondents with a gap of 2 or more in at least one of its skills"),
    "transferability": N_("number of sectors (of 5) in which its need ranks in the top third"),
    "demand": N_("share of respondents in its target sectors"),
    "agreement": N_("how alike the respondent types rank its need (1 = all at the same place)"),
}
#: The meanings of the audience criteria when the candidates' ``sectors`` name the groups of
#: another profile field than the sector question (``priorities.sector_field``, e.g. the type of
#: organisation).
AUDIENCE_MEANINGS = {
    "transferability": N_("number of groups of its audience in which its need ranks in the top third"),
    "demand": N_("share of respondents in the groups it is meant for"),
}
#: One Okabe-Ito colour per criterion, fixed by criterion so every card agrees.
CRITERION_COLORS = dict(zip(PRIORITY_CRITERIA, OKABE_ITO, strict=False))
METHOD_LEADS = {
    "weighted_sum": N_("Ranked by weighted sum of five criteria"),
    "topsis": N_("Ranked by TOPSIS (closeness to the ideal candidate) on five criteria"),
}
BADGES = {"stable": "stable", "fairly stable": "moderate", "unstable": "unstable"}
#: The stability labels of priorities.csv, as shown (translated where they are shown).
STABILITY_WORDS = (N_("stable"), N_("fairly stable"), N_("unstable"))
#: A second criterion is named beside the first when it contributes at least this share of it.
SECOND_REASON = 0.5
#: Annex I elements in display order: (field, label); optional ones are left out when empty.
ELEMENTS = (
    ("eqf_level", N_("EQF level")),
    ("workload_ects", N_("Workload (ECTS)")),
    ("assessment", N_("Type of assessment")),
    ("participation", N_("Form of participation")),
    ("quality_assurance", N_("Quality assurance")),
    ("prerequisites", N_("Prerequisites")),
    ("stackability", N_("Integration / stackability")),
    ("description", N_("Further information")),
)
#: Elements whose values are words of the catalogue (analysis.report.words), shown translated.
ENUMERATED_ELEMENTS = frozenset({"assessment", "participation"})




def _criterion(c: str, tr_: Callable[[str], str]) -> str:
    """A criterion's name inside a sentence: ``need``, ``breadth``, ... in the page's language."""
    return tr_(CRITERION_LABELS[c]).lower()


def interval_and_stability(bootstrap: int, draws: int, tr_: Callable[[str], str]) -> str:
    """One sentence, shown beside a ranking: what the rank interval and the stability label measure.

    The interval (:func:`analysis.priorities.priority_tables`) holds the set weights and resamples
    the respondents; the label (:func:`analysis.priorities.rank_acceptability`, thresholds
    :data:`~analysis.priorities.STABILITY_LEVELS`) also draws the weights, each draw paired with a
    resample, and grades how often the candidate takes its modal rank. They can disagree.
    """
    shares = {
        "stable": _pct0(STABILITY_LEVELS["stable"]),
        "fairly": _pct0(STABILITY_LEVELS["fairly stable"]),
        "draws": draws,
    }
    if bootstrap <= 0:
        return tr_(
            "The stability label tries %(draws)s random weightings and grades how often the candidate "
            "takes its most frequent rank (stable: in at least %(stable)s of them, fairly stable: at "
            "least %(fairly)s, otherwise unstable)."
        ) % shares
    return tr_(
        "The rank interval and the stability label measure different things: the interval keeps the "
        "set weights and resamples the respondents %(resamples)s times, while the label also tries "
        "%(draws)s random weightings (each with a resample) and grades how often the candidate takes "
        "its most frequent rank (stable: in at least %(stable)s of them, fairly stable: at least "
        "%(fairly)s, otherwise unstable), so a wide interval can be fairly stable when one rank "
        "dominates it, and a narrow one unstable when other weights move the candidate."
    ) % (shares | {"resamples": bootstrap})


def _pct0(share: object) -> str:
    """A share (0-1) as a whole percentage, ``0.48`` -> ``48%``; never rounded to 0% or 100%."""
    if is_missing(share):
        return DASH
    value = float(share)  # type: ignore[arg-type]
    text = fmt_pct(value, 0)
    if text == fmt_pct(0, 0) and value > 0:
        return "<" + fmt_pct(0.01, 0)
    return ">" + fmt_pct(0.99, 0) if text == fmt_pct(1, 0) and value < 1 else text


def _number(value: object) -> float:
    return math.nan if is_missing(value) else float(value)  # type: ignore[arg-type]


def _interval(low: object, high: object) -> str:
    return f"{fmt_int(low)}\u2013{fmt_int(high)}"


def _weights_text(weights: Mapping[str, float], tr_: Callable[[str], str]) -> str:
    return ", ".join(f"{_criterion(c, tr_)} {fmt(weights[c])}" for c in PRIORITY_CRITERIA)


def why_ranked(
    norm: Mapping[str, float], weights: Mapping[str, float], *, tr_: Callable[[str], str] = english
) -> str:
    """A plain sentence on which criteria put a candidate where it is.

    Names the criterion with the largest weighted normalised contribution ``w_c * x_c``, and the
    second largest too when it is at least half of the first; then the weakest criterion (lowest
    ``x_c`` among the criteria that carry weight and are not named). Ties are broken by criterion
    order (need, breadth, transferability, demand, agreement), so the sentence is deterministic.

    Parameters
    ----------
    norm
        Normalised criterion values in [0, 1] (missing values count as 0 and are never named).
    weights
        The set weight per criterion.
    tr_
        gettext function of the page's language (English by default).

    Examples
    --------
    >>> why_ranked({"need": 1, "breadth": 1, "transferability": 0.2, "demand": 0.5, "agreement": 0},
    ...            {"need": 0.4, "breadth": 0.2, "transferability": 0.2, "demand": 0.1, "agreement": 0.1})
    'Ranked here mainly for its need and breadth; weakest on agreement.'
    """
    order = {c: j for j, c in enumerate(PRIORITY_CRITERIA)}
    known = [c for c in PRIORITY_CRITERIA if not is_missing(norm.get(c))]
    weighted = [c for c in known if float(weights.get(c, 0.0)) > 0]
    contribution = {c: float(weights[c]) * float(norm[c]) for c in weighted}
    ranked = sorted(weighted, key=lambda c: (-contribution[c], order[c]))
    if not ranked or contribution[ranked[0]] <= 0:
        return tr_("No criterion lifts it: it is lowest in its group on every criterion that carries weight.")
    named = ranked[:1]
    if len(ranked) > 1 and contribution[ranked[1]] > 0 and (
        contribution[ranked[1]] >= SECOND_REASON * contribution[ranked[0]]
    ):
        named.append(ranked[1])
    names = [_criterion(c, tr_) for c in named]
    values = {
        "criteria": join_words(names, tr_),
    }
    if min(float(norm[c]) for c in weighted) >= 1:
        return tr_(
            "Ranked here mainly for its %(criteria)s; at the top of its group on every criterion."
        ) % values
    rest = [c for c in weighted if c not in named]
    if not rest:
        return tr_("Ranked here mainly for its %(criteria)s.") % values
    weakest = min(rest, key=lambda c: (float(norm[c]), order[c]))
    return tr_("Ranked here mainly for its %(criteria)s; weakest on %(weakest)s.") % (
        values | {"weakest": _criterion(weakest, tr_)}
    )


# --- one card ----------------------------------------------------------------------------------


def _meaning(criterion: str, by_sector: bool) -> str:
    """What a raw criterion measures (English): the audience's words unless it is the sector."""
    return CRITERION_MEANINGS[criterion] if by_sector else AUDIENCE_MEANINGS.get(
        criterion, CRITERION_MEANINGS[criterion])


def _raw_text(
    criterion: str, value: object, ngettext: Callable[[str, str, int], str], by_sector: bool = True
) -> str:
    """A raw criterion in its own unit: MWDS, a share, a count of sectors (or groups), a 0-1 index."""
    if is_missing(value):
        return DASH
    number = float(value)  # type: ignore[arg-type]
    if criterion in {"breadth", "demand"}:
        return fmt_pct(number)
    if criterion == "transferability":
        count = str(int(number)) if number.is_integer() else fmt(number, 1)
        # a fraction of a sector reads as plural in every language of the report
        plural = int(number) if number.is_integer() else 2
        if not by_sector:
            return ngettext("%(count)s group", "%(count)s groups", plural) % {"count": count}
        return ngettext("%(count)s sector", "%(count)s sectors", plural) % {"count": count}
    return fmt(number)


def _criteria_rows(
    row: pd.Series, weights: Mapping[str, float], tr: NullTranslations, by_sector: bool = True
) -> list[dict[str, Any]]:
    rows = []
    for c in PRIORITY_CRITERIA:
        norm = _number(row[f"norm_{c}"])
        weight = float(weights[c])
        rows.append(
            {
                "label": tr.gettext(CRITERION_LABELS[c]),
                "color": CRITERION_COLORS[c],
                "raw": _raw_text(c, row[c], tr.ngettext, by_sector),
                "norm": fmt(norm),
                "weight": fmt(weight),
                "contribution": fmt(weight * norm),
                "central": fmt(row[f"central_weight_{c}"]),
            }
        )
    return rows


def _acceptability(shares: Mapping[int, float], k: int, modal: int) -> list[dict[str, Any]]:
    return [
        {
            "rank": r,
            "text": _pct0(shares.get(r, 0.0)),
            "bar": f"{100 * shares.get(r, 0.0):.1f}",
            "modal": r == modal,
        }
        for r in range(1, k + 1)
    ]


def _elements(
    candidate: Any, sector_labels: Mapping[str, str], tr_: Callable[[str], str], by_sector: bool = True
) -> dict[str, Any]:
    """The Annex I elements of a candidate (optional ones left out when empty) and its audience."""
    items = []
    for field, label in ELEMENTS:
        value = getattr(candidate, field, None)
        if value is None or str(value).strip() == "":
            continue
        if field == "workload_ects":
            value = fmt_number(float(value), 0 if float(value).is_integer() else 1)
        elif field in ENUMERATED_ELEMENTS:
            value = given(tr_, str(value))
        items.append({"label": tr_(label), "value": str(value)})
    sectors = []
    for code in getattr(candidate, "sectors", ()):
        label = sector_labels.get(str(code), "")
        sectors.append(label or str(code))
    return {
        "title": str(candidate.title),
        "outcomes": [str(o) for o in candidate.learning_outcomes or ()],
        "fields": items,
        "sectors": sectors,
        "audience": tr_("Target sectors") if by_sector else tr_("Meant for"),
    }


def _completeness(candidate: Any, demand_fields: Sequence[str], tr_: Callable[[str], str]) -> dict[str, Any]:
    """A candidate's Annex I completeness as the card shows it: a count, what is still to decide,
    and which demand questions are left out of its demand because their element is not decided."""
    statuses = [item for item in annex_completeness(candidate) if item.element.field is not None]
    missing = [item.element for item in statuses if item.status == MISSING]
    values = {"filled": len(statuses) - len(missing), "total": len(statuses)}
    if missing:
        line = tr_(
            "%(filled)s of %(total)s Annex I design elements filled; still to decide: %(missing)s."
        ) % (values | {"missing": join_words([given(tr_, e.to_decide) for e in missing], tr_)})
    else:
        line = tr_("All %(total)s Annex I design elements filled.") % values
    left_out = [e for e in missing if e.field in demand_fields]
    demand = ""
    if left_out:
        named = {"elements": join_words([given(tr_, e.label) for e in left_out], tr_)}
        demand = (
            tr_("Demand is its sector match alone: every preference question asks about an element it "
                "does not give yet (%(elements)s).")
            if len(left_out) == len(set(demand_fields))
            else tr_("Demand leaves out the preference questions on elements it does not give yet "
                     "(%(elements)s): they count neither as a fit nor as a miss.")
        ) % named
    return {
        "complete": not missing,
        "line": line,
        "missing": [given(tr_, e.label) for e in missing],
        "demand": demand,
    }


def completeness_overview(catalogue: Sequence[Any], tr_: Callable[[str], str]) -> dict[str, Any]:
    """The table of every candidate x Annex I design element, statuses as words."""
    rows = []
    for candidate in catalogue:
        statuses = [item for item in annex_completeness(candidate) if item.element.field is not None]
        filled = sum(item.status != MISSING for item in statuses)
        rows.append(
            {
                "title": str(candidate.title),
                "filled": tr_("%(rank)s of %(total)s") % {"rank": filled, "total": len(statuses)},
                "cells": [
                    {"missing": item.status == MISSING, "text": given(tr_, item.status)} for item in statuses
                ],
            }
        )
    return {
        "elements": [given(tr_, e.label) for e in DESIGN_ELEMENTS],
        "rows": rows,
        "n_incomplete": sum(any(cell["missing"] for cell in row["cells"]) for row in rows),
    }


def _evidence(
    skill_ids: Sequence[str],
    needs: pd.DataFrame,
    names: Mapping[str, str],
    min_group_n: int,
    tr_: Callable[[str], str],
) -> list[dict[str, Any]]:
    """Survey evidence of each skill in one scope and group (``reported`` False: too few ratings)."""
    ok = reportable(needs, min_group_n) if not needs.empty else pd.Series(dtype=bool)
    by_skill = {str(s): i for i, s in zip(needs.index, text_column(needs["skill_id"]), strict=True)}
    k = len(by_skill)
    rows = []
    for skill_id in skill_ids:
        index = by_skill.get(str(skill_id))
        label = names.get(str(skill_id), str(skill_id))
        if index is None or not bool(ok.loc[index]):
            rows.append({"skill": label, "reported": False})
            continue
        row = needs.loc[index]
        rows.append(
            {
                "skill": label,
                "reported": True,
                "mwds": fmt(row["mwds"]),
                "rank": tr_("%(rank)s of %(total)s") % {"rank": fmt_int(row["rank"]), "total": k},
                "importance": fmt(row["importance_mean"]),
                "proficiency": fmt(row["proficiency_mean"]),
                "n": fmt_int(row["n"]),
            }
        )
    return rows


#: The candidate's export files as the card offers them: kind -> (label, what it is for).
EXPORT_WORDS = {
    "elm": (
        N_("Europass file (ELM, JSON-LD)"),
        N_("to publish the design in the Europass register of qualifications and learning opportunities"),
    ),
    "ob3": (
        N_("Open Badges 3.0 file (JSON)"),
        N_("to import the design as a badge into a badge platform or a learning platform such as Moodle"),
    ),
}


def _exports(
    candidate: Any, files: Mapping[str, str], downloads: str, tr_: Callable[[str], str]
) -> dict[str, Any]:
    """The card's download links of the candidate's export files, and why there is no Europass file."""
    links = [
        {"href": f"{downloads}{files[kind]}", "label": tr_(label), "note": tr_(note)}
        for kind, (label, note) in EXPORT_WORDS.items() if kind in files
    ]
    missing = elm_missing(candidate) if candidate is not None and "elm" not in files else ()
    return {
        "links": links,
        "missing": tr_("No Europass file yet: the catalogue does not give %(fields)s.")
        % {"fields": join_words([tr_(ELM_FIELD_WORDS[field]) for field in missing], tr_)}
        if missing and links else "",
    }


def _card(
    row: pd.Series,
    *,
    section_id: str,
    group_label: str,
    k: int,
    priorities: PrioritiesReport,
    shares: Mapping[int, float],
    candidate: Any,
    needs: pd.DataFrame,
    names: Mapping[str, str],
    sector_labels: Mapping[str, str],
    min_group_n: int,
    tr: NullTranslations,
    exports: Mapping[str, str] | None = None,
    downloads: str = "",
) -> dict[str, Any]:
    """Everything one candidate's card shows, and its chart (``tr``: the page's translations).

    ``exports``: the candidate's export files (kind -> file name), linked from ``downloads``.
    """
    tr_ = tr.gettext
    by_sector = priorities.sector_field == "sector"
    mc_id = str(row["microcredential_id"])
    title = str(row["title"]) if not is_missing(row["title"]) and str(row["title"]) else mc_id
    card_id = f"{section_id}-{slugify(mc_id)}"
    stability = "" if is_missing(row["stability"]) else str(row["stability"])
    shown_stability = given(tr_, stability)
    modal = int(_number(row["modal_rank"])) if not is_missing(row["modal_rank"]) else 0
    interval = (
        tr_("95%% interval %(interval)s") % {"interval": _interval(row["rank_low"], row["rank_high"])}
        if priorities.bootstrap > 0 else tr_("no respondent resampling")
    )
    modal_text = tr_("takes its most frequent rank %(rank)s in %(share)s of the random weightings tried") % {
        "rank": modal, "share": _pct0(row["modal_acceptability"]),
    }
    norm = {c: _number(row[f"norm_{c}"]) for c in PRIORITY_CRITERIA}
    chart = criteria_chart(
        [tr_(CRITERION_LABELS[c]) for c in PRIORITY_CRITERIA],
        [norm[c] for c in PRIORITY_CRITERIA],
        div_id=f"crit-{card_id}",
        title=tr_("Its criteria, scaled 0\u20131 among the %(k)s candidates (%(group)s)")
        % {"k": k, "group": group_label},
        colors=[CRITERION_COLORS[c] for c in PRIORITY_CRITERIA],
        tr_=tr_,
    )
    skills = tuple(getattr(candidate, "skills", ()) or ())
    line = {"rank": fmt_int(row["rank"]), "interval": interval, "stability": shown_stability,
            "modal": modal_text}
    return {
        "id": card_id,
        "title": title,
        "rank": fmt_int(row["rank"]),
        "score": fmt(row["score"], 3),
        "interval": _interval(row["rank_low"], row["rank_high"]),
        "rank_line": (
            tr_("Rank %(rank)s (%(interval)s) \u00b7 %(stability)s: %(modal)s") if stability
            else tr_("Rank %(rank)s (%(interval)s) \u00b7 %(modal)s")
        ) % line,
        "detail_line": tr_("Expected rank %(rank)s; first in %(share)s of the random weightings tried.")
        % {"rank": fmt(row["expected_rank"], 1), "share": _pct0(row["p_first"])},
        "why": why_ranked(norm, priorities.weights, tr_=tr_),
        "stability": shown_stability,
        "badge": BADGES.get(stability, "other"),
        "chart": chart,
        "criteria": _criteria_rows(row, priorities.weights, tr, by_sector),
        "never_first": is_missing(row[f"central_weight_{PRIORITY_CRITERIA[0]}"]),
        "acceptability": _acceptability(shares, k, modal),
        "elements": None if candidate is None else _elements(candidate, sector_labels, tr_, by_sector),
        "completeness": None if candidate is None
        else _completeness(candidate, priorities.demand_fields, tr_),
        "evidence": _evidence(skills, needs, names, min_group_n, tr_),
        "exports": _exports(candidate, exports or {}, downloads, tr_),
    }


def _add_themes(
    cards: Sequence[dict[str, Any]], rows: pd.DataFrame, catalogue: Mapping[str, Any], report: SurveyReport,
    scope: str, group: str,
) -> None:
    """Each card's ``themes``: the themes naming its skills (:func:`card_themes`) in its group."""
    for card, candidate in zip(cards, rows["microcredential_id"].astype(str), strict=True):
        skills = tuple(getattr(catalogue.get(candidate), "skills", ()) or ())
        card["themes"] = card_themes(report.themes, report.theme_skills, skills, scope, group)
        card["themes_suppressed"] = any(DASH in (t["respondents"], t["interviews"]) for t in card["themes"])


# --- the page ----------------------------------------------------------------------------------


def _ordered_scopes(table: pd.DataFrame, scopes: Sequence[str]) -> list[str]:
    """``overall`` first, then the report's scopes as listed, then any other scope as it comes."""
    present = list(dict.fromkeys(table["scope"]))
    order = ["overall"] + [str(s) for s in scopes]
    return [s for s in order if s in present] + [s for s in present if s not in order]


def _shares(acceptability: pd.DataFrame) -> dict[tuple[str, str, str], dict[int, float]]:
    out: dict[tuple[str, str, str], dict[int, float]] = {}
    frame = acceptability.copy()
    for column in ("scope", "group", "microcredential_id"):
        frame[column] = text_column(frame[column])
    for row in frame.itertuples(index=False):
        if is_missing(row.rank) or is_missing(row.share):
            continue
        key = (row.scope, row.group, row.microcredential_id)
        out.setdefault(key, {})[int(row.rank)] = float(row.share)
    return out


def _normalised_table(priorities: PrioritiesReport) -> pd.DataFrame:
    table = priorities.table.copy()
    for column in ("scope", "group", "group_label", "microcredential_id", "stability"):
        table[column] = text_column(table[column])
    table["group_label"] = table["group_label"].where(table["group_label"] != "", table["group"])
    return table


def _by_rank(rows: pd.DataFrame) -> pd.DataFrame:
    key = pd.DataFrame(
        {
            "rank": pd.to_numeric(rows["rank"], errors="coerce").astype(float).fillna(math.inf),
            "id": rows["microcredential_id"],
        },
        index=rows.index,
    )
    return rows.loc[key.sort_values(["rank", "id"], kind="mergesort").index]


def priorities_context(report: SurveyReport, min_group_n: int, *, lang: str = "en") -> dict[str, Any]:
    """Everything the priorities page of a survey shows, as plain values and charts.

    Parameters
    ----------
    report
        A survey report whose ``priorities`` is not None (checked by
        :func:`analysis.report.model.validate_reports`).
    min_group_n
        Groups with fewer respondents are listed but not ranked; skills rated by fewer show
        "not reported" in the evidence tables.
    lang
        The language of the page's own words and sentences.
    """
    tr = translator(lang)
    tr_ = tr.gettext
    priorities = report.priorities
    if priorities is None:
        raise ValueError(f"survey {report.name!r} has no priorities")
    table = _normalised_table(priorities)
    in_language = report.group_labels or {}
    table["group_label"] = [
        in_language.get(scope, {}).get(group) or label
        for scope, group, label in zip(table["scope"], table["group"], table["group_label"], strict=True)
    ]
    shares = _shares(priorities.acceptability)
    catalogue = {str(c.id): c for c in priorities.catalogue}
    names = skill_names(report)
    needs = report.needs.copy()
    for column in ("scope", "group"):
        needs[column] = text_column(needs[column])
    audience = table[table["scope"] == priorities.sector_field]  # the codes the candidates' sectors name
    sector_labels = {**in_language.get(priorities.sector_field, {}),
                     **dict(zip(audience["group"], audience["group_label"], strict=True))}
    sections: list[dict[str, Any]] = []
    charts = []
    # the pages of other languages are one folder down (reports/<lang>/)
    downloads = f"{'' if lang == 'en' else '../'}{DOWNLOADS}/{report.name}/{MICROCREDENTIALS}/"
    for i, scope in enumerate(_ordered_scopes(table, report.scopes), start=1):
        groups, suppressed = [], []
        rows = table[table["scope"] == scope]
        for j, (code, group_rows) in enumerate(rows.groupby("group", sort=False), start=1):
            group_rows = _by_rank(group_rows)
            n = group_n(group_rows)
            label = str(group_rows["group_label"].iloc[0])
            if not isinstance(n, int) or n < min_group_n:
                suppressed.append({"label": label, "n": n})
                continue
            section_id = "overall" if scope == "overall" else f"g{i}-{slugify(scope)}-{j}-{slugify(code)}"
            group_needs = needs[(needs["scope"] == scope) & (needs["group"] == str(code))]
            k = len(group_rows)
            cards = [
                _card(
                    row, section_id=section_id, group_label=label, k=k, priorities=priorities,
                    shares=shares.get((scope, str(code), str(row["microcredential_id"])), {}),
                    candidate=catalogue.get(str(row["microcredential_id"])), needs=group_needs,
                    names=names, sector_labels=sector_labels, min_group_n=min_group_n, tr=tr,
                    exports=priorities.exports.get(str(row["microcredential_id"])), downloads=downloads,
                )
                for _, row in group_rows.iterrows()
            ]
            _add_themes(cards, group_rows, catalogue, report, scope, str(code))
            charts += [card["chart"] for card in cards]
            groups.append({"id": section_id, "label": label, "n": n, "k": k, "cards": cards})
        sections.append(
            {
                "id": "overall" if scope == "overall" else f"scope-{i}-{slugify(scope)}",
                "scope": scope,
                "overall": scope == "overall",
                "label": given(tr_, scope_label(scope)),
                "groups": groups,
                "suppressed": suppressed,
            }
        )
    method = str(priorities.method)
    return {
        "name": report.name,
        "title": str(report.title),
        "source_note": str(report.source_note or ""),
        "page": priorities_page_name(report.name),
        "survey_page": f"{report.name}.html",
        "cleaning_page": cleaning_page_name(report.name),
        "sliders_page": sliders_page(report),
        "n_kept": int(report.n_kept),
        "k": len(priorities.catalogue),
        "method": method,
        "method_lead": tr_(METHOD_LEADS[method]) if method in METHOD_LEADS
        else tr_("Ranked by %(method)s") % {"method": method},
        "weights_text": _weights_text(priorities.weights, tr_),
        "draws": int(priorities.draws),
        "bootstrap": int(priorities.bootstrap),
        "sections": sections,
        "charts": charts,
        "completeness": completeness_overview(priorities.catalogue, tr_),
        "criteria": [
            {"label": tr_(CRITERION_LABELS[c]),
             "meaning": tr_(_meaning(c, priorities.sector_field == "sector")),
             "weight": fmt(priorities.weights[c]), "color": CRITERION_COLORS[c]}
            for c in PRIORITY_CRITERIA
        ],
        "interval_note": interval_and_stability(int(priorities.bootstrap), int(priorities.draws), tr_),
        "stable_share": _pct0(STABILITY_LEVELS["stable"]),
        "fairly_share": _pct0(STABILITY_LEVELS["fairly stable"]),
    }


# --- the slider page ---------------------------------------------------------------------------


def sliders_page(report: SurveyReport) -> str | None:
    """File name of the survey's slider page; None without priorities or an ``overall`` ranking."""
    if report.priorities is None:
        return None
    has_overall = (text_column(report.priorities.table["scope"]) == "overall").any()
    return sliders_page_name(report.name) if has_overall else None


@dataclass(frozen=True)
class SliderInputs:
    """The arguments of :func:`analysis.report.sliders.write_slider_page` for a survey.

    Attributes
    ----------
    criteria
        ``microcredential_id`` and the five normalised criteria of scope ``overall`` (a missing
        value counts as 0, as in the SMAA draws).
    weights
        The set weights.
    titles
        ``microcredential_id`` -> title.
    stability
        ``microcredential_id``, ``stability`` of scope ``overall``.
    """

    criteria: pd.DataFrame
    weights: dict[str, float]
    titles: dict[str, str]
    stability: pd.DataFrame


def slider_inputs(priorities: PrioritiesReport) -> SliderInputs:
    """The slider page's inputs: the overall scope's normalised criteria, titles and stability."""
    table = _normalised_table(priorities)
    overall = _by_rank(table[table["scope"] == "overall"])
    if overall.empty:
        raise ValueError("the priorities table has no 'overall' rows")
    criteria = pd.DataFrame({"microcredential_id": overall["microcredential_id"].to_numpy()})
    for c in PRIORITY_CRITERIA:
        values = pd.to_numeric(overall[f"norm_{c}"], errors="coerce").astype(float).fillna(0.0)
        criteria[c] = values.clip(0.0, 1.0).to_numpy()
    titles = {str(i): "" if is_missing(t) else str(t)
              for i, t in zip(overall["microcredential_id"], overall["title"], strict=True)}
    stability = pd.DataFrame(
        {"microcredential_id": overall["microcredential_id"].to_numpy(),
         "stability": overall["stability"].to_numpy()}
    )
    weights = {c: float(priorities.weights[c]) for c in PRIORITY_CRITERIA}
    return SliderInputs(criteria=criteria, weights=weights, titles=titles, stability=stability)


def write_priorities_sliders(report: SurveyReport, out: Path, *, lang: str = "en") -> Path:
    """Write the slider page of a survey with priorities, linking back to its other pages."""
    if report.priorities is None:
        raise ValueError(f"survey {report.name!r} has no priorities")
    tr_ = translator(lang).gettext
    inputs = slider_inputs(report.priorities)
    return write_slider_page(
        inputs.criteria,
        out,
        weights=inputs.weights,
        titles=inputs.titles,
        title=tr_("Set the priorities: %(title)s") % {"title": report.title},
        stability=inputs.stability,
        links=(
            ("index.html", tr_("All surveys")),
            (f"{report.name}.html", tr_("Results of this survey")),
            (priorities_page_name(report.name), tr_("Priorities of this survey")),
        ),
        lang=lang,
    )
