"""The consortium view (``consortium.html``): candidates that several surveys rank, side by side.

For every candidate micro-credential that the overall ranking of more than one survey holds
(:func:`analysis.priorities.consortium.shared_ranks`), its rank in each survey with the rank
interval and stability; and for each pair of surveys how far their audiences order the shared
candidates alike (Spearman's rho, :func:`analysis.priorities.consortium.rank_agreement`), or a
plain statement that fewer than three shared candidates allow no such judgement. The page is
listed when at least two surveys rank candidates (:func:`analysis.report.model.has_consortium`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from analysis.priorities.consortium import MIN_SHARED, rank_agreement, shared_ranks
from analysis.report.downloads import CONSORTIUM_DOWNLOADS
from analysis.report.i18n import given, translator
from analysis.report.model import SurveyReport, consortium_page_name, priorities_page_name
from analysis.report.render import fmt, fmt_int, fmt_p

__all__ = ["consortium_context", "consortium_tables"]


def consortium_tables(reports: Sequence[SurveyReport]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The shared candidates' ranks and the surveys' rank agreement, from the reports' priorities."""
    rankings = {r.name: r.priorities.table for r in reports if r.priorities is not None}
    shared = shared_ranks(rankings)
    return shared, rank_agreement(shared)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value)


def consortium_context(reports: Sequence[SurveyReport], *, lang: str = "en") -> dict[str, Any]:
    """What ``consortium.html.j2`` renders, in ``lang``.

    Parameters
    ----------
    reports
        Every survey of the site (labels and candidates' titles in ``lang``); those without
        priorities are left out.
    lang
        The language of the page's own words.
    """
    tr = translator(lang)
    tr_ = tr.gettext
    ranked = [r for r in reports if r.priorities is not None]
    titles = {r.name: str(r.title) for r in ranked}
    shared, agreement = consortium_tables(ranked)
    surveys = [
        {"name": r.name, "title": titles[r.name], "page": priorities_page_name(r.name)}
        for r in ranked if r.name in set(shared["survey"])
    ]
    candidates = []
    for cid, rows in shared.groupby("microcredential_id", sort=False):
        by_survey = {str(row["survey"]): row for _, row in rows.iterrows()}
        cells = []
        for survey in surveys:
            row = by_survey.get(survey["name"])
            if row is None:
                cells.append(None)
                continue
            rank = {"rank": fmt_int(row["rank"]), "k": fmt_int(row["k_candidates"])}
            cells.append({
                "rank": tr_("%(rank)s of %(k)s") % rank,
                "interval": f"{fmt_int(row['rank_low'])}\u2013{fmt_int(row['rank_high'])}",
                "stability": given(tr_, str(row["stability"])) if not _missing(row["stability"]) else "",
            })
        candidates.append({"id": str(cid), "title": str(rows["title"].iloc[0]), "cells": cells})
    pairs = []
    for _, row in agreement.iterrows():
        a, b, n = titles[str(row["survey_a"])], titles[str(row["survey_b"])], int(row["n_candidates"])
        if n < MIN_SHARED:
            sentence = tr.ngettext(
                "%(a)s and %(b)s share %(num)d candidate: fewer than %(min)d, so a rank correlation "
                "would mean nothing, and none is given.",
                "%(a)s and %(b)s share %(num)d candidates: fewer than %(min)d, so a rank correlation "
                "would mean nothing, and none is given.",
                n,
            ) % {"a": a, "b": b, "num": n, "min": MIN_SHARED}
        else:
            sentence = tr.ngettext(
                "%(a)s and %(b)s: Spearman's rho = %(rho)s over the %(num)d candidate both rank "
                "(p = %(p)s).",
                "%(a)s and %(b)s: Spearman's rho = %(rho)s over the %(num)d candidates both rank "
                "(p = %(p)s).",
                n,
            ) % {"a": a, "b": b, "rho": fmt(row["rho"]), "num": n, "p": fmt_p(row["p_value"])}
        pairs.append({
            "a": a, "b": b, "n": fmt_int(n), "sentence": sentence, "meaningful": n >= MIN_SHARED,
            "rho": fmt(row["rho"]) if n >= MIN_SHARED else "\u2013",
            "p": fmt_p(row["p_value"]) if n >= MIN_SHARED else "\u2013",
        })
    downloads = ("" if lang == "en" else "../") + f"downloads/{CONSORTIUM_DOWNLOADS}/"
    return {
        "page": consortium_page_name(),
        "surveys": surveys,
        "ranked": [{"title": titles[r.name], "page": priorities_page_name(r.name)} for r in ranked],
        "candidates": candidates,
        "pairs": pairs,
        "min_shared": MIN_SHARED,
        "small": len(candidates) < MIN_SHARED,
        "downloads": downloads,
    }
