"""Small hand-made survey results for the report tests (imported by conftest and the tests).

Tiny on purpose (two groups per scope, four skills), with hostile labels
(``<script>alert(1)</script>``, quotes and ampersands, an ``<img onerror>`` group) so every test
also exercises escaping. A uniquely named module rather than ``conftest`` so that imports cannot
pick up another folder's conftest.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis.report import SurveyReport
from analysis.stats.needs import IPA_QUADRANTS, LFF_QUADRANTS

GENERATED_AT = "2024-05-01 12:00 UTC"

XSS_SKILL = "<script>alert(1)</script>"
QUOTES_SKILL = '"quotes" & ampersands'
XSS_GROUP = "<img src=x onerror=alert(2)>"
#: How the pages say a group is not shown (too small, or hidden so a total does not reveal one).
HIDDEN = "or hidden so that a total does not reveal a smaller group"

SKILLS = {  # skill_id: (label, skill group)
    "S1": ("Energy-efficient building", "Green construction"),
    "S2": (XSS_SKILL, "Digital"),
    "S3": (QUOTES_SKILL, ""),
    "S4": ("Circular economy basics", "Green construction"),
}
# (scope, group, group label) -> skill_id -> (importance mean, proficiency mean, n)
MEANS = {
    ("overall", "all", "All respondents"): {
        "S1": (4.6, 2.9, 26), "S2": (4.1, 3.0, 25), "S3": (3.6, 3.1, 26), "S4": (4.2, 2.8, 26),
    },
    ("sector", "C", "Construction"): {
        "S1": (4.8, 2.6, 12), "S2": (3.9, 3.2, 12), "S3": (3.5, 3.0, 11), "S4": (4.3, 2.9, 12),
    },
    ("sector", "E", XSS_GROUP): {
        "S1": (4.2, 3.3, 9), "S2": (4.5, 2.5, 9), "S3": (3.8, 3.4, 9), "S4": (4.0, 2.9, 9),
    },
    ("country", "AT", "Austria"): {  # S1 and S4 tie for rank 1
        "S1": (4.5, 3.0, 15), "S2": (4.0, 3.1, 15), "S3": (3.6, 3.6, 14), "S4": (4.5, 3.0, 15),
    },
    ("country", "IT", "Italy"): {  # below the minimum group size: never charted
        "S1": (4.9, 1.9, 3), "S2": (4.0, 3.0, 3), "S3": (3.0, 3.0, 3), "S4": (4.0, 2.0, 3),
    },
}
#: Charts each page of the test site must render (its cleaning pages have no per-partner data:
#: one funnel chart of all responses).
EXPECTED_CHARTS = {
    "index.html": 2, "sector.html": 4, "regional.html": 4, "sector-cleaning.html": 1,
    "regional-cleaning.html": 1,
}


def make_needs() -> pd.DataFrame:
    """A needs table shaped like :func:`analysis.stats.needs_table` output (full precision)."""
    rows = []
    for (scope, group, group_label), skills in MEANS.items():
        for skill_id, (importance, proficiency, n) in skills.items():
            label, skill_group = SKILLS[skill_id]
            gap = importance - proficiency
            rows.append(
                {
                    "scope": scope, "group": group, "group_label": group_label,
                    "skill_id": skill_id, "skill_label": label, "skill_group": skill_group,
                    "n": n, "importance_mean": importance, "proficiency_mean": proficiency,
                    "discrepancy_mean": gap, "mwds": gap * importance,
                }
            )
    needs = pd.DataFrame(rows)
    needs["rank"] = (
        needs.groupby(["scope", "group"])["mwds"].rank(method="min", ascending=False)
        .astype("Int64")
    )
    # Quadrants at the mean of the group's skills, as analysis.stats.needs_table draws them
    means = needs.groupby(["scope", "group"])[["importance_mean", "proficiency_mean", "discrepancy_mean"]]
    cross = means.transform("mean")
    needs["ipa_importance_cross"] = needs["lff_importance_cross"] = cross["importance_mean"]
    needs["ipa_proficiency_cross"] = cross["proficiency_mean"]
    needs["lff_discrepancy_cross"] = cross["discrepancy_mean"]
    high_importance = needs["importance_mean"] >= cross["importance_mean"]
    needs["ipa_quadrant"] = [
        IPA_QUADRANTS[(bool(i), bool(p))]
        for i, p in zip(high_importance, needs["proficiency_mean"] >= cross["proficiency_mean"], strict=True)
    ]
    needs["lff_quadrant"] = [
        LFF_QUADRANTS[(bool(i), bool(d))]
        for i, d in zip(high_importance, needs["discrepancy_mean"] >= cross["discrepancy_mean"], strict=True)
    ]
    # Shuffle the row order: the report must order by rank itself.
    return needs.sample(frac=1.0, random_state=3).reset_index(drop=True)


def make_group_tests() -> pd.DataFrame:
    """Kruskal-Wallis results for the sector scope (the country scope has one usable group)."""
    return pd.DataFrame(
        {
            "scope": ["sector"] * 4,
            "skill_id": ["S1", "S2", "S3", "S4"],
            "skill_label": [SKILLS[s][0] for s in ("S1", "S2", "S3", "S4")],
            "n": [21, 21, 20, 21],
            "k_groups": [2, 2, 2, 2],
            "statistic": [1.234567, 9.87654, 0.2, 2.5],
            "p_value": [0.2665, 0.00168, 0.6547, 0.1138],
            "p_holm": [0.5330, 0.00672, 0.6547, 0.3414],
            "epsilon_squared": [0.0617, 0.4938, 0.0105, 0.125],
            "significant": [False, True, False, False],
        }
    )


def make_funnel() -> pd.DataFrame:
    """Cleaning funnel in rule order."""
    return pd.DataFrame(
        {
            "rule": ["incomplete", "duplicate", "speeder"],
            "reason": ["Did not finish the skills battery", "Same respondent twice",
                       "Completed in under a third of the median time"],
            "excluded": [2, 1, 1],
        }
    )


def make_report(name: str = "sector", title: str = "Green skills needs in five sectors",
                source_note: str = "Synthetic sample data") -> SurveyReport:
    """One survey report from the hand-made frames."""
    return SurveyReport(
        name=name,
        title=title,
        needs=make_needs(),
        group_tests=make_group_tests(),
        funnel=make_funnel(),
        n_raw=30,
        n_kept=26,
        scopes=("sector", "country"),
        source_note=source_note,
    )


def make_reports() -> list[SurveyReport]:
    """Two surveys; the second has a hostile title and no source note."""
    return [
        make_report(),
        make_report("regional", f'Regional {XSS_SKILL} & "partner" survey', ""),
    ]


# --- cleaning page inputs (the full contract of ``data/processed/<survey>/``) --------------------

FORMULA = "=SUM(A1)"
RULES = {  # rule: reason, in the order the rules are applied
    "test_response": "a test run by the survey team, not a respondent",
    "incomplete": "not submitted: the respondent left before the last page",
    "attention_check": "failed the attention check item",
    "duplicate": "the same answers submitted twice; the latest submission is kept",
    "speeder": "answered implausibly fast compared with the median respondent",
    "straightliner": "gave one identical answer to every item of a rating battery",
    "too_few_answers": "rated too few skills to be analysed",
}
# partner code, partner label, raw, {rule: excluded}; kept = raw - excluded
PARTNERS = [
    ("IT", "Italy", 20, {"test_response": 1, "incomplete": 2, "duplicate": 1, "speeder": 1}),
    ("BG", XSS_SKILL, 8, {"incomplete": 1, "speeder": 1}),
    (FORMULA, FORMULA, 5, {"straightliner": 1, "too_few_answers": 1}),
]
WARNINGS = [
    {"check": "partner_size", "message": f"Partner {XSS_SKILL} sent only 8 responses"},
    {"check": "attention_check", "message": f"{FORMULA}: the attention item is missing"},
]
SCALES = [  # how the batteries' answer codes became numbers (cleaning_summary.json "scales")
    {"dimension": "importance", "question": "IMPORT", "scale": None, "rule": "assessment",
     "values": [["A1", 1], ["A2", 2], ["A3", 3], ["A4", 4], ["A5", 5]], "missing": ["DK"]},
    {"dimension": "proficiency", "question": "NEEDURG", "scale": 2, "rule": "order",
     "values": [["U1", 1], ["U2", 2], [XSS_SKILL, 3]], "missing": []},
]
# (skill_id, dimension): (no_answer, dont_know, not_applicable, not_shown) of 24 kept respondents
MISSING = {
    ("S2", "proficiency"): (3, 2, 1, 0),  # 25.0% missing: highlighted
    ("S3", "importance"): (0, 0, 0, 5),  # 20.8% not shown: highlighted
    ("S1", "proficiency"): (1, 1, 0, 0),  # 8.3%
}


def make_partner_funnel() -> pd.DataFrame:
    """``funnel_by_partner`` as written to ``cleaning_summary.json``."""
    rows = []
    for code, label, raw, excluded in PARTNERS:
        counts = {rule: excluded.get(rule, 0) for rule in RULES}
        rows.append({"partner": code, "partner_label": label, "raw": raw,
                     "kept": raw - sum(counts.values()), **counts})
    return pd.DataFrame(rows)


def make_missingness() -> pd.DataFrame:
    """``missingness.csv``: overall per item, and per partner (the three missing-heavy rows)."""
    rows = []
    for scope, group, n in (("overall", "all", 24), ("partner", "IT", 15), ("partner", "BG", 6)):
        for skill_id in SKILLS:
            for dimension in ("importance", "proficiency"):
                kinds = MISSING.get((skill_id, dimension), (0, 0, 0, 0)) if scope == "overall" else (
                    (0, 0, 0, 3) if group == "BG" and dimension == "proficiency" else (0, 0, 0, 0)
                )
                rows.append({
                    "scope": scope, "group": group, "skill_id": skill_id, "dimension": dimension,
                    "n": n, "answered": n - sum(kinds), "no_answer": kinds[0],
                    "dont_know": kinds[1], "not_applicable": kinds[2], "not_shown": kinds[3],
                    "missing_share": sum(kinds) / n,
                })
    return pd.DataFrame(rows)


def make_skills() -> pd.DataFrame:
    """``skills.csv``: code, skill_id, label, group."""
    return pd.DataFrame(
        [{"code": f"SQ00{i}", "skill_id": skill_id, "label": label, "group": group}
         for i, (skill_id, (label, group)) in enumerate(SKILLS.items(), start=1)]
    )


def make_cleaning_report(name: str = "sector") -> SurveyReport:
    """A survey report with every cleaning input: 33 received, 24 kept, two warnings."""
    funnel = make_partner_funnel()
    return SurveyReport(
        name=name,
        title="Green skills needs in five sectors",
        needs=make_needs(),
        group_tests=make_group_tests(),
        funnel=pd.DataFrame(
            {"rule": list(RULES), "reason": list(RULES.values()),
             "excluded": [int(funnel[rule].sum()) for rule in RULES]}
        ),
        n_raw=int(funnel["raw"].sum()),
        n_kept=int(funnel["kept"].sum()),
        scopes=("sector", "country"),
        source_note="Synthetic sample data",
        funnel_by_partner=funnel,
        missingness=make_missingness(),
        warnings=tuple(WARNINGS),
        skills=make_skills(),
        scales=tuple(SCALES),
    )


def written_page(paths: Sequence[Path], name: str) -> Path:
    """The written page called ``name`` among the paths ``build_site`` returns."""
    found = [path for path in paths if path.name == name]
    assert found, f"no page {name!r} among {[path.name for path in paths]}"
    return found[0]
