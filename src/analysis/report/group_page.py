"""The page of one group of a breakdown: a sector, a country, a region.

Its needs, quadrants (importance-performance and Locus for Focus), rating distributions,
priorities, who answered (suppressed as in the downloads) and what they wrote (quoted, redacted).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from analysis.report.charts import (
    legend_items,
    needs_chart,
    shared_range,
    skill_group_colors,
)
from analysis.report.i18n import translator
from analysis.report.likert import likert_chart, likert_table
from analysis.report.model import (
    SurveyReport,
    priorities_page_name,
)
from analysis.report.pages import group_page_name
from analysis.report.priorities_page import interval_and_stability
from analysis.report.quadrants import quadrant_chart, quadrant_crosshairs, quadrant_key, quadrant_table
from analysis.report.render import (
    QUOTE_LENGTH,
    SUPPRESSED_MARK,
    as_bool,
    fmt,
    fmt_int,
    fmt_pct,
    group_n,
    join_words,
    quote,
    reportable,
    slugify,
    text_column,
)
from analysis.report.suppression import MISSING, TOTAL, composition_table
from analysis.report.themes_section import themes_context
from analysis.report.words import field_words

__all__ = [
    "GROUP_SCOPES_LIMIT", "OPEN_ANSWERS_SHOWN", "PRIORITIES_SHOWN", "QUOTE_LENGTH", "group_context",
    "group_kept", "quote", "stability_word", "sure_top_skills", "sure_top_sentence",
]

#: Open answers listed per question on a group page (the rest are in the downloads).
OPEN_ANSWERS_SHOWN = 30
#: At most this many groups per breakdown get their own page (the survey page compares all).
GROUP_SCOPES_LIMIT = 40
#: Candidates listed on a group page (all are on the priorities page).
PRIORITIES_SHOWN = 5




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
                % {"title": str(row["title"]), "stability": stability_word(str(row["stability"]), lang)}
            )
    return findings


def sure_top_skills(report: SurveyReport, scope: str, group: str) -> tuple[int, float, list[str]] | None:
    """``top_k``, ``level`` and the ids of the skills surely among the ``top_k`` greatest needs.

    From the published ``rank_uncertainty`` table (``in_top_k_set``), by rank; None when the
    report has no such table, or the group no ranked skill (flagged or suppressed).
    """
    table = report.rank_uncertainty
    if table is None or "in_top_k_set" not in table.columns:
        return None
    rows = table[(table["scope"].astype(str) == scope) & (table["group"].astype(str) == group)]
    known = rows["in_top_k_set"].map(lambda v: str(v).strip().lower() in {"true", "false"})
    rows = rows[known]
    if rows.empty:
        return None
    rows = rows.assign(_rank=pd.to_numeric(rows["rank"], errors="coerce")).sort_values(
        ["_rank", "skill_id"], kind="stable"
    )
    chosen = rows[rows["in_top_k_set"].map(as_bool)]
    first = rows.iloc[0]
    return int(first["top_k"]), float(first["level"]), [str(s) for s in chosen["skill_id"]]


def sure_top_sentence(
    report: SurveyReport, scope: str, group: str, skill_labels: Mapping[str, str], lang: str = "en"
) -> str | None:
    """"With 95% confidence, these skills are among the 5 greatest needs: A, B and C." for a group.

    The skills whose simultaneous one-sided 95% rank confidence bound is at most ``top_k``
    (``in_top_k_set`` of ``rank_uncertainty.csv``), labelled with ``skill_labels`` (skill id ->
    label in the page's language); None when the group has no rank confidence sets.
    """
    found = sure_top_skills(report, scope, group)
    if found is None:
        return None
    k, confidence, skills = found
    tr = translator(lang)
    level = fmt_pct(confidence, 0 if (confidence * 100).is_integer() else 1)
    labels = [str(skill_labels.get(s, s)) for s in skills]
    values = {"k": k, "level": level, "skill": labels[0] if labels else ""}
    if k == 1 and not labels:
        return tr.gettext("No skill is surely the greatest need at %(level)s confidence.") % values
    if k == 1:
        return tr.gettext("With %(level)s confidence, %(skill)s is the greatest need.") % values
    # k >= 2 from here; the plural forms still follow k for languages with several
    if not labels:
        return tr.ngettext(
            "No skill is surely among the %(k)s greatest need at %(level)s confidence.",
            "No skill is surely among the %(k)s greatest needs at %(level)s confidence.",
            k,
        ) % values
    if len(labels) == 1:
        return tr.ngettext(
            "With %(level)s confidence, %(skill)s is among the %(k)s greatest need.",
            "With %(level)s confidence, %(skill)s is among the %(k)s greatest needs.",
            k,
        ) % values
    return tr.ngettext(
        "With %(level)s confidence, these skills are among the %(k)s greatest need: %(skills)s.",
        "With %(level)s confidence, these skills are among the %(k)s greatest needs: %(skills)s.",
        k,
    ) % {**values, "skills": join_words(labels, tr.gettext)}


def _true(value: object) -> bool:
    return str(value).strip().lower() in {"true", "1", "1.0"}


def stability_word(label: str, lang: str) -> str:
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
    needs = report.needs.assign(skill_group=text_column(report.needs["skill_group"]))  # NaN -> ""
    rows = needs[(needs["scope"] == scope) & (needs["group"].astype(str) == group)].copy()
    if rows.empty:
        raise ValueError(f"survey {report.name!r}: no needs for {scope} = {group!r}")
    rows = rows.sort_values(["rank", "skill_id"], kind="stable", na_position="last")
    ok = reportable(rows, min_group_n)
    label = str(rows["group_label"].iloc[0] or group)
    n = group_n(rows)
    base = f"{report.name}-{slugify(scope)}-{slugify(group)}"
    shown = rows[ok]
    colors = skill_group_colors(needs["skill_group"], needs["skill_id"])
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
    labels = dict(zip(rows["skill_id"].astype(str), rows["skill_label"].astype(str), strict=True))
    context["sure_top"] = sure_top_sentence(report, scope, group, labels, lang)
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
    context["legend"] = legend_items(list(shown["skill_group"]), colors, tr_)
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
    crosshair = quadrant_crosshairs(report.name, shown)
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
            {"kind": kind, "chart": quad, "key": quadrant_key(shown, kind=kind),
             "table": quadrant_table(shown, kind=kind, tr_=tr_)}
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
    context["compositions"] = _composition(report, scope, group, min_group_n, lang)
    context["open_answers"] = _open_answers(report, scope, group)
    context["themes"] = _themes(report, scope, group, f"{base}-themes", lang)
    if context["themes"]:
        charts += context["themes"]["charts"]
    context["charts"] = charts
    return context


def _themes(report: SurveyReport, scope: str, group: str, div_id: str, lang: str) -> dict[str, Any] | None:
    """The group's themes section: its respondents' open answers only (an interview note's group
    is not among the results, so the notes are quoted on the survey page alone)."""
    people = report.respondents
    members: set[str] = set()
    if people is not None and scope in people.columns:
        members = set(people.loc[people[scope].astype(str) == group, "respondent_id"].astype(str))
    return themes_context(
        report.themes, report.theme_segments, scope=scope, group=group, div_id=div_id,
        members=members, quote_interviews=False, lang=lang,
    )


def group_kept(report: SurveyReport, scope: str, group: str, min_group_n: int) -> int | str | None:
    """How many kept respondents belong to the group (``respondents.parquet``), as published.

    This is the group's size, the total of its "Who answered" tables; the needs table's ``n``
    counts, per skill, those of them who rated both importance and proficiency, so it can be
    smaller. Shown as :data:`SUPPRESSED_MARK` when 1 to ``min_group_n - 1`` or when the published
    tables hide the group (so that a total does not reveal a small cell); None: no respondent
    table (or no such profile field).
    """
    people = report.respondents
    if people is None or scope not in people.columns:
        return None
    kept = int((people[scope].astype(str) == group).sum())
    hidden = report.published.suppressed_groups.get(scope, frozenset()) if report.published else frozenset()
    return SUPPRESSED_MARK if 0 < kept < min_group_n or group in hidden else kept


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
                "stability": stability_word(str(r["stability"]), lang),
                "stability_class": str(r["stability"]).replace(" ", "-"),
            }
            for _, r in rows.head(PRIORITIES_SHOWN).iterrows()
        ],
    }


def _published_compositions(report: SurveyReport, min_group_n: int) -> dict[str, pd.DataFrame]:
    """The survey's composition tables as the downloads publish them (``composition_<a>_<b>``).

    A report built by hand (no :attr:`SurveyReport.published`) gets the same tables from its
    respondents through the same :func:`composition_table`, without the links to other tables.
    """
    if report.published is not None:
        return {
            stem: table for stem, table in report.published.tables.items() if stem.startswith("composition_")
        }
    people = report.respondents
    fields = [str(s) for s in report.scopes if people is not None and str(s) in people.columns]
    if people is None or len(fields) < 2:
        return {}
    labels = report.group_labels or {}
    return {
        f"composition_{a}_{b}": composition_table(people, a, b, min_n=min_group_n, labels=labels).long
        for a, b in itertools.combinations(fields, 2)
    }


def _composition(
    report: SurveyReport, scope: str, group: str, min_group_n: int, lang: str
) -> list[dict[str, Any]]:
    """The group's line of each published composition table that crosses its breakdown.

    E.g. a sector's respondents by country, cell for cell as ``composition_sector_country.csv``
    publishes them (suppressed cells shown as :data:`SUPPRESSED_MARK`), so that the page shows no
    count the downloads hide.
    """
    tr_ = translator(lang).gettext
    out = []
    tables = _published_compositions(report, min_group_n)
    in_language = report.group_labels or {}
    for other in (str(s) for s in report.scopes if str(s) != scope):
        names = in_language.get(other, {})
        for stem, mine, theirs in (
            (f"composition_{scope}_{other}", "row", "column"),
            (f"composition_{other}_{scope}", "column", "row"),
        ):
            if stem not in tables:
                continue
            table = tables[stem]
            cells = table[table[mine].astype(str) == group]
            if cells.empty:
                continue
            rows = [
                {
                    "label": {TOTAL: tr_("Total"), MISSING: tr_("No answer")}.get(
                        str(cell[theirs]),
                        names.get(str(cell[theirs])) or str(cell[f"{theirs}_label"]) or str(cell[theirs]),
                    ),
                    "total": str(cell[theirs]) == TOTAL,
                    "text": SUPPRESSED_MARK if bool(cell["suppressed"]) else fmt_int(cell["n"]),
                    "suppressed": bool(cell["suppressed"]),
                }
                for _, cell in cells.iterrows()
            ]
            out.append(
                {
                    "caption": tr_("Respondents by %(field)s") % {"field": field_words(tr_, other)},
                    "field": field_words(tr_, other),
                    "rows": rows,
                    "any_suppressed": any(row["suppressed"] for row in rows),
                }
            )
    return out


def _coded_languages(segments: pd.DataFrame | None) -> dict[tuple[str, str], str]:
    """(respondent id, question) -> the one language all the answer's coded sentences were coded in.

    An English version's respondent may write in Dutch: the themes coding detects it
    (docs/themes.md, "Coding"), and the quote's ``lang`` follows it.
    """
    if segments is None or segments.empty:
        return {}
    answers = segments[segments["source"].astype(str) == "open_answer"]
    found = answers.groupby([answers["source_id"].astype(str), answers["question"].astype(str)])["language"]
    return {key: str(next(iter(langs))) for key, langs in found.agg(set).items() if len(langs) == 1}


def _open_answers(report: SurveyReport, scope: str, group: str) -> list[dict[str, Any]]:
    texts, people = report.open_text, report.respondents
    if texts is None or people is None or scope not in people.columns or texts.empty:
        return []
    members = set(people.loc[people[scope].astype(str) == group, "respondent_id"].astype(str))
    mine = texts[texts["respondent_id"].astype(str).isin(members)]
    headings = report.question_labels or {}
    languages = mine["language"] if "language" in mine.columns else pd.Series("", index=mine.index)
    coded = _coded_languages(report.theme_segments)
    if coded:  # the language the themes coding found where it is not the start language
        keys = zip(mine["respondent_id"].astype(str), mine["question"].astype(str), strict=True)
        languages = pd.Series([coded.get(key, lang) for key, lang in zip(keys, languages, strict=True)],
                              index=mine.index)
    out = []
    for question, answers in mine.groupby("question", sort=True):
        listed = sorted(
            (quote(str(text)), str(lang) if pd.notna(lang) else "")
            for text, lang in zip(answers["text"], languages.loc[answers.index], strict=True)
        )
        out.append({
            "question": headings.get(str(question), str(question)),
            "n": len(listed),
            "answers": [{"text": text, "lang": lang} for text, lang in listed[:OPEN_ANSWERS_SHOWN]],
        })
    return out


