"""Coded segments -> the themes tables: how many respondents (or interviews) mention each theme.

``themes`` (scope, group, group_label, theme, theme_label, source, mentions, base, share,
suppressed) has a row per theme and source over everyone (scope ``overall``) and within each
group of each ``analysis.by`` field; ``base`` counts the respondents (interviews) with any text in
that scope and group, ``mentions`` those with a segment coded with the theme. Groups whose base is
under ``analysis.min_group_n`` are blanked and flagged by
:func:`analysis.report.suppression.suppress_statistics`, as the other results tables are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.report.suppression import suppress_statistics
from analysis.themes.codebook import ThemeCodebook

__all__ = [
    "SEGMENT_FILE_COLUMNS",
    "THEME_COLUMNS",
    "THEME_SKILL_COLUMNS",
    "open_answer_segments",
    "theme_segments",
    "theme_skills",
    "theme_table",
]

THEME_COLUMNS = (
    "scope",
    "group",
    "group_label",
    "theme",
    "theme_label",
    "source",
    "mentions",
    "base",
    "share",
    "suppressed",
)
SEGMENT_FILE_COLUMNS = ("source", "source_id", "question", "segment", "language", "theme", "text")
THEME_SKILL_COLUMNS = ("theme", "skill_id")


def open_answer_segments(
    open_text: pd.DataFrame, respondents: pd.DataFrame, base_language: str, fields: Sequence[str] = ()
) -> pd.DataFrame:
    """The open answers as texts to code: :data:`SEGMENT_COLUMNS` plus the profile ``fields``.

    ``open_text`` is ``open_text.parquet`` (respondent_id, question, language, text; already
    redacted), ``respondents`` gives the profile fields; an answer without a start language gets
    ``base_language``. Empty texts are left out.
    """
    texts = open_text.copy()
    texts["text"] = texts["text"].astype(object).fillna("").astype(str)
    texts = texts[texts["text"].str.strip() != ""]
    language = texts["language"].astype(object).where(texts["language"].notna(), "")
    texts["language"] = [lang if lang else base_language for lang in language.astype(str)]
    profile = respondents[["respondent_id", *[f for f in fields if f in respondents.columns]]]
    merged = texts.merge(profile, on="respondent_id", how="left")
    out = pd.DataFrame(
        {
            "source": "open_answer",
            "source_id": merged["respondent_id"].astype(str),
            "question": merged["question"].astype(str),
            "language": merged["language"].astype(str),
            "text": merged["text"].astype(str),
        }
    )
    for field in fields:
        out[field] = (
            merged[field].astype(object).where(merged[field].notna(), None) if field in merged else None
        )
    return out.sort_values(["source_id", "question"], kind="stable", ignore_index=True)


def theme_table(
    segments: pd.DataFrame,
    coded: pd.DataFrame,
    codebook: ThemeCodebook,
    *,
    by: Sequence[str] = (),
    min_n: int = 5,
    group_labels: Mapping[str, Mapping[str, str]] | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Mentions of each theme by source, overall and per group of each ``by`` field.

    Parameters
    ----------
    segments
        Every segment coded (:func:`analysis.themes.coding.segment_texts`), with the ``by``
        fields as columns (a source without the field: in no group of that scope).
    coded
        :func:`analysis.themes.coding.code_segments` of those segments.
    codebook
        The themes (every theme gets a row, mentioned or not).
    min_n
        Groups with a base under it are suppressed (mentions and share blanked).

    Returns
    -------
    pandas.DataFrame
        :data:`THEME_COLUMNS`; ``share`` = mentions / base at full precision.

    Notes
    -----
    A respondent (interview) counts once per theme however many segments carry it.
    """
    labels = group_labels or {}
    if segments.empty:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in THEME_COLUMNS})
    units = segments.drop_duplicates(["source", "source_id"]).set_index(["source", "source_id"])
    mentioned = coded[["source", "source_id", "theme"]].drop_duplicates()
    frames = []
    scopes: list[tuple[str, str | None]] = [("overall", None), *((field, field) for field in by)]
    for scope, field in scopes:
        if field is None:
            groups = pd.Series("", index=units.index, dtype=object)
        elif field in units.columns:
            groups = units[field].astype(object)
            groups = groups[groups.notna() & (groups.astype(str) != "")].astype(str)
        else:
            continue
        base = groups.groupby([groups.index.get_level_values("source"), groups]).size()
        joined = mentioned.join(groups.rename("group"), on=["source", "source_id"], how="inner")
        counts = joined.groupby(["source", "group", "theme"]).size()
        for (source, group), n in base.items():
            names = labels.get(field, {}) if field else {}
            for theme in codebook.themes:
                frames.append(
                    {
                        "scope": scope,
                        "group": group,
                        "group_label": "All respondents" if field is None else names.get(group, group),
                        "theme": theme.id,
                        "theme_label": theme.label(lang),
                        "source": source,
                        "mentions": int(counts.get((source, group, theme.id), 0)),
                        "base": int(n),
                    }
                )
    table = pd.DataFrame(frames, columns=[c for c in THEME_COLUMNS if c not in ("share", "suppressed")])
    table["share"] = table["mentions"] / table["base"]
    order = {scope: number for number, (scope, _) in enumerate(scopes)}
    table = table.sort_values(
        ["scope", "group", "source", "theme"],
        key=lambda c: c.map(order) if c.name == "scope" else c,
        kind="stable",
        ignore_index=True,
    )
    table = suppress_statistics(table, n_column="base", min_n=min_n, value_columns=["mentions", "share"])
    return table[list(THEME_COLUMNS)]


def theme_segments(coded: pd.DataFrame) -> pd.DataFrame:
    """The coded segments as ``theme_segments.parquet`` keeps them (:data:`SEGMENT_FILE_COLUMNS`)."""
    return coded.reindex(columns=list(SEGMENT_FILE_COLUMNS)).reset_index(drop=True)


def theme_skills(codebook: ThemeCodebook) -> pd.DataFrame:
    """Theme -> skill links (one row per pair, in the codebook's order)."""
    rows = [(theme.id, skill) for theme in codebook.themes for skill in theme.skills]
    return pd.DataFrame(rows, columns=list(THEME_SKILL_COLUMNS))
