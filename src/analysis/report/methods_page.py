"""The methods appendix: every cleaning rule and analysis setting of each survey, in words.

Also how each rating battery got its numbers and what the disclosure rule suppresses, per survey.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from analysis.report.i18n import given, translator
from analysis.report.render import fmt, fmt_count, fmt_pct
from analysis.report.words import METHOD_WORDS, SCALE_RULE_WORDS, field_words

__all__ = ["methods_context"]

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
        (
            tr_("Crossed groups (needs)"),
            lambda c: ", ".join(
                " × ".join(field_words(tr_, name) for name in fields) for fields in c.analysis.cross
            ) or "\u2014",
        ),
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
            lambda c: given(tr_, METHOD_WORDS.get(c.priorities.method, c.priorities.method))
            if c.priorities else "\u2014",
        ),
        (
            tr_("Priority weights (need, breadth, transferability, demand, agreement)"),
            lambda c: (
                " / ".join(fmt(w) for w in c.priorities.weight_vector.values())
                if c.priorities
                else "\u2014"
            ),
        ),
        (
            tr_("SMAA draws and respondent resamples"),
            lambda c: f"{fmt_count(c.priorities.draws)} / {fmt_count(c.priorities.bootstrap)}"
            if c.priorities else "\u2014",
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
