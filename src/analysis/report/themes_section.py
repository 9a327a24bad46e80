"""The themes of the open answers and interview notes on the report's pages.

A survey page (everyone) and each group page show a bar chart of the themes by the share of the
respondents who wrote an open answer mentioning each (and, separately, of the interviews), with
its data table and a few redacted quotes of the most mentioned themes in the language they were
written in; a micro-credential's card lists the themes that name its skills. The numbers are the
published ``themes`` table's (:func:`analysis.report.downloads.published_tables`), so a group the
downloads suppress has no bars and no quotes here either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.report.charts import Chart, labelled_bars, plot_text
from analysis.report.i18n import N_, translator
from analysis.report.render import DASH, fmt_int, fmt_pct, is_missing, quote

__all__ = [
    "OPEN_ANSWER",
    "INTERVIEW",
    "QUOTED_THEMES",
    "QUOTES_PER_THEME",
    "THEMES_CHARTED",
    "card_themes",
    "theme_chart",
    "theme_labels",
    "themes_context",
]

OPEN_ANSWER = "open_answer"
INTERVIEW = "interview"
#: Bars per themes chart (every theme is in the table).
THEMES_CHARTED = 12
#: Themes quoted per page (the most mentioned in the open answers).
QUOTED_THEMES = 5
#: Quotes per theme at most.
QUOTES_PER_THEME = 3
_X_TITLE = N_("Share mentioning the theme")


def theme_labels(
    path: Path | None, lang: str, skill_labels: Mapping[str, str], fallback: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Theme id -> its label in ``lang``.

    A skill's theme (``skill:<id>``) takes the skill's label as the pages show it in ``lang``
    (``skill_labels``); a theme of the codebook file (``path``) its label in ``lang``, else its
    English one; any other theme keeps its label in ``fallback`` (``themes.csv``'s).
    """
    from analysis.themes.codebook import read_codebook_file

    labels = dict(fallback or {})
    if path is not None and Path(path).is_file():
        for theme in read_codebook_file(Path(path)).themes:
            labels[theme.id] = theme.label(lang)
    for skill_id, label in skill_labels.items():
        labels[f"skill:{skill_id}"] = label
    return labels


def _sorted(rows: pd.DataFrame) -> pd.DataFrame:
    """Most mentioned first; ties by label, then id."""
    key = pd.DataFrame(
        {
            "mentions": -pd.to_numeric(rows["mentions"], errors="coerce").fillna(0).astype(float),
            "label": rows["theme_label"].astype(str),
            "theme": rows["theme"].astype(str),
        },
        index=rows.index,
    )
    return rows.loc[key.sort_values(["mentions", "label", "theme"], kind="mergesort").index]


def theme_chart(
    rows: pd.DataFrame, *, div_id: str, title: str, tr_: Callable[[str], str]
) -> Chart:
    """Horizontal bars of the share mentioning each theme, the most mentioned at the top.

    ``rows`` (published ``themes`` rows of one scope, group and source, in display order) give
    ``theme``, ``theme_label``, ``mentions``, ``base`` and ``share``.
    """
    shares = [float(v) for v in rows["share"]]
    hover = [
        plot_text(tr_("%(theme)s: %(mentions)s of %(base)s (%(share)s)") % {
            "theme": label, "mentions": fmt_int(m), "base": fmt_int(b), "share": fmt_pct(s),
        })
        for label, m, b, s in zip(rows["theme_label"], rows["mentions"], rows["base"], shares, strict=True)
    ]
    top = max([*shares, 0.0])
    return labelled_bars(
        [str(t) for t in rows["theme"]],
        [str(label) for label in rows["theme_label"]],
        shares,
        texts=[fmt_pct(v) for v in shares],
        hover=hover,
        color="#0072B2",
        x_title=tr_(_X_TITLE),
        x_axis={"range": [0, min(1.0, top * 1.25 + 0.02)], "tickformat": ".0%"},
        div_id=div_id,
        title=title,
    )


def _rows(table: pd.DataFrame, scope: str, group: str) -> pd.DataFrame:
    group = "" if scope == "overall" else group
    return table[(table["scope"].astype(str) == scope) & (table["group"].astype(str) == group)]


def _block(
    rows: pd.DataFrame, source: str, *, div_id: str, tr_: Callable[[str], str]
) -> dict[str, Any] | None:
    """Chart and table of one source in one group (``chart`` None: suppressed or nothing found)."""
    part = rows[rows["source"].astype(str) == source]
    if part.empty:
        return None
    if part["suppressed"].astype(bool).all():
        return {"source": source, "suppressed": True, "chart": None, "rows": []}
    part = _sorted(part[~part["suppressed"].astype(bool)])
    base = int(part["base"].iloc[0])
    mentioned = part[pd.to_numeric(part["mentions"]).fillna(0) > 0]
    chart = None
    if not mentioned.empty:
        first = mentioned.iloc[0]
        values = {"theme": str(first["theme_label"]), "share": fmt_pct(first["share"]), "base": base}
        title = (
            tr_("Most often mentioned in the open answers: %(theme)s (%(share)s of %(base)s respondents)")
            if source == OPEN_ANSWER
            else tr_("Most often mentioned in the interviews: %(theme)s (%(share)s of %(base)s interviews)")
        ) % values
        chart = theme_chart(mentioned.head(THEMES_CHARTED), div_id=f"{div_id}-{source.replace('_', '-')}",
                            title=title, tr_=tr_)
    caption = (
        tr_("Themes of the open answers: respondents mentioning each theme, of %(base)s who wrote an answer")
        if source == OPEN_ANSWER
        else tr_("Themes of the interview notes: interviews mentioning each theme, of %(base)s interviews")
    ) % {"base": base}
    return {
        "source": source,
        "suppressed": False,
        "chart": chart,
        "base": base,
        "caption": caption,
        "rows": [
            {"theme": str(r["theme_label"]), "id": str(r["theme"]), "mentions": fmt_int(r["mentions"]),
             "share": fmt_pct(r["share"])}
            for _, r in part.iterrows()
        ],
        "top": [str(t) for t in mentioned["theme"].head(QUOTED_THEMES)],
    }


def _quotes(
    segments: pd.DataFrame | None,
    themes: Sequence[str],
    labels: Mapping[str, str],
    members: Iterable[str] | None,
    interviews: bool,
) -> list[dict[str, Any]]:
    """Up to :data:`QUOTES_PER_THEME` redacted sentences per theme, in their language.

    Open answers of ``members`` (None: everyone); with ``interviews``, one sentence of an
    interview note first where there is one. The same segments always give the same quotes.
    """
    if segments is None or segments.empty or not themes:
        return []
    frame = segments.assign(
        source=segments["source"].astype(str), source_id=segments["source_id"].astype(str),
        theme=segments["theme"].astype(str), text=segments["text"].astype(object).fillna("").astype(str),
        language=segments["language"].astype(object).fillna("").astype(str),
    )
    frame = frame[frame["text"].str.strip() != ""]
    answers = frame[frame["source"] == OPEN_ANSWER]
    if members is not None:
        answers = answers[answers["source_id"].isin(set(members))]
    notes = frame[frame["source"] == INTERVIEW] if interviews else frame.iloc[0:0]
    out = []
    for theme in themes:
        picked: list[dict[str, Any]] = []
        seen: set[str] = set()
        for pool, limit, source in ((notes, 1, INTERVIEW), (answers, QUOTES_PER_THEME, OPEN_ANSWER)):
            mine = pool[pool["theme"] == theme].sort_values(
                ["source_id", "question", "segment"] if "segment" in pool.columns else ["source_id"],
                kind="mergesort",
            )
            taken = 0
            for text, lang in zip(mine["text"], mine["language"], strict=True):
                if len(picked) >= QUOTES_PER_THEME or taken >= limit:
                    break
                cut = quote(text)
                if cut in seen:
                    continue
                seen.add(cut)
                picked.append({"text": cut, "lang": lang, "interview": source == INTERVIEW})
                taken += 1
        if picked:
            out.append({"theme": labels.get(theme, theme), "quotes": picked})
    return out


def themes_context(
    themes: pd.DataFrame | None,
    segments: pd.DataFrame | None,
    *,
    scope: str,
    group: str,
    div_id: str,
    members: Iterable[str] | None,
    quote_interviews: bool,
    lang: str = "en",
) -> dict[str, Any] | None:
    """What a page's themes section shows for one scope and group (None: no themes table).

    ``themes`` is the published ``themes`` table with the labels in the page's language,
    ``segments`` ``theme_segments.parquet``; ``members`` the respondent ids of the group (None:
    everyone). Quotes only where the open answers are reported, for their most mentioned themes.
    """
    if themes is None or themes.empty:
        return None
    tr_ = translator(lang).gettext
    rows = _rows(themes, scope, group)
    if rows.empty:
        return None
    blocks = [
        block for source in (OPEN_ANSWER, INTERVIEW)
        if (block := _block(rows, source, div_id=div_id, tr_=tr_)) is not None
    ]
    answers = next((b for b in blocks if b["source"] == OPEN_ANSWER), None)
    labels = dict(zip(rows["theme"].astype(str), rows["theme_label"].astype(str), strict=False))
    quotes = []
    if answers is not None and not answers["suppressed"]:
        quotes = _quotes(segments, answers["top"], labels, members, quote_interviews)
    return {
        "blocks": blocks,
        "charts": [b["chart"] for b in blocks if b["chart"] is not None],
        "quotes": quotes,
    }


def card_themes(
    themes: pd.DataFrame | None,
    theme_skills: pd.DataFrame | None,
    skills: Sequence[str],
    scope: str,
    group: str,
) -> list[dict[str, Any]]:
    """The themes that name one of ``skills``, with the respondents and interviews mentioning each.

    From the published ``themes`` table at the card's scope and group (a suppressed count shows
    as a dash, as in the downloads) and ``theme_skills``; most mentioned in the open answers first.
    """
    if themes is None or theme_skills is None or themes.empty or theme_skills.empty or not skills:
        return []
    linked = theme_skills[theme_skills["skill_id"].astype(str).isin({str(s) for s in skills})]
    ids = list(dict.fromkeys(linked["theme"].astype(str)))
    rows = _rows(themes, scope, group)
    rows = rows[rows["theme"].astype(str).isin(ids)]
    if rows.empty:
        return []
    out = []
    for theme, part in rows.groupby("theme", sort=False):
        counts = {}
        for source in (OPEN_ANSWER, INTERVIEW):
            row = part[part["source"].astype(str) == source]
            value = None if row.empty else row["mentions"].iloc[0]
            counts[source] = (
                None if row.empty
                else DASH if bool(row["suppressed"].iloc[0]) or is_missing(value) else fmt_int(value)
            )
        first = part.iloc[0]
        answered = part[part["source"].astype(str) == OPEN_ANSWER]["mentions"]
        order = pd.to_numeric(answered, errors="coerce").fillna(-1).max() if not answered.empty else -1
        out.append({
            "theme": str(first["theme_label"]), "id": str(theme), "order": -float(order),
            "respondents": counts[OPEN_ANSWER], "interviews": counts[INTERVIEW],
        })
    out.sort(key=lambda r: (r["order"], r["theme"], r["id"]))
    return out
