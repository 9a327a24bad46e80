"""The sample's pages say which skills are, at 95% confidence, among the k greatest needs of each group.

The sentence must name exactly the skills the published ``rank_uncertainty.csv`` marks
``in_top_k_set`` (its simultaneous rank confidence sets), in rank order, with the page's labels.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.report.pages import group_page_name

SURVEYS = ("sector", "regional")


def expected(skills: list[str], k: int) -> str:
    """The English sentence, written out here independently of the report code."""
    if not skills:
        return f"No skill is surely among the {k} greatest needs at 95% confidence."
    if len(skills) == 1:
        return f"With 95% confidence, {skills[0]} is among the {k} greatest needs."
    listed = f"{', '.join(skills[:-1])} and {skills[-1]}"
    return f"With 95% confidence, these skills are among the {k} greatest needs: {listed}."


def sentences(page: Path) -> tuple[list[str], dict[str, str]]:
    """The page's standalone sentences and its per-group ones (group label -> sentence)."""
    text = page.read_text(encoding="utf-8")
    # the sentence, without the glossary link that may follow it ("What does this mean?")
    alone = [html.unescape(re.sub(r'\s*<a class="term"[^>]*>.*?</a>\s*$', "", s))
             for s in re.findall(r'<p class="sure-top">(.*?)</p>', text, re.S)]
    groups: dict[str, str] = {}
    for block in re.findall(r'<ul class="sure-top">(.*?)</ul>', text, re.S):
        for label, sentence in re.findall(r"<li><strong>(.*?)</strong>: (.*?)</li>", block, re.S):
            groups[html.unescape(label)] = html.unescape(sentence)
    return alone, groups


def published(sample_project: Path, survey: str) -> pd.DataFrame:
    downloads = sample_project / "reports" / "downloads" / survey
    ranks = pd.read_csv(downloads / "rank_uncertainty.csv", dtype=str, keep_default_na=False)
    needs = pd.read_csv(downloads / "needs.csv", dtype={"group": str}, keep_default_na=False)
    labels = needs.drop_duplicates("skill_id").set_index("skill_id")["skill_label"]
    ranks = ranks[ranks["in_top_k_set"].isin(["True", "False"])].copy()
    ranks["skill_label"] = ranks["skill_id"].map(labels)
    ranks["rank"] = pd.to_numeric(ranks["rank"])
    return ranks.sort_values(["scope", "group", "rank", "skill_id"], kind="stable")


@pytest.mark.parametrize("survey", SURVEYS)
def test_every_group_states_its_sure_top_k(sample_project: Path, survey: str) -> None:
    ranks = published(sample_project, survey)
    reports = sample_project / "reports"
    survey_alone, survey_groups = sentences(reports / f"{survey}.html")
    checked = 0
    for (scope, group), rows in ranks.groupby(["scope", "group"], sort=True):
        k = int(rows["top_k"].iloc[0])
        sure = list(rows.loc[rows["in_top_k_set"] == "True", "skill_label"])
        want = expected(sure, k)
        if scope == "overall":
            assert survey_alone == [want]
        else:
            assert survey_groups[str(rows["group_label"].iloc[0])] == want
            alone, _ = sentences(reports / group_page_name(survey, scope, group))
            assert alone == [want]
        checked += 1
    assert checked >= 7 and len(survey_groups) == checked - 1
    # at least one group names skills, so the test reads real sentences, not only empty sets
    assert (ranks["in_top_k_set"] == "True").any()


def test_other_languages_say_it_in_their_words(sample_project: Path) -> None:
    page = sample_project / "reports" / "it" / "sector.html"
    alone, groups = sentences(page)
    assert len(alone) == 1 and alone[0].startswith("Con una confidenza del 95%")
    assert groups and all("95%" in s and "With" not in s for s in groups.values())
