"""Needs assessment: Borich mean weighted discrepancy scores (MWDS) per skill and group.

Notes
-----
For respondent :math:`i` and skill :math:`s` with both ratings, the discrepancy is
:math:`D_{is} = I_{is} - P_{is}` (importance minus current proficiency). The weighted discrepancy
is :math:`WDS_{is} = D_{is} \\cdot \\bar I_s`, where :math:`\\bar I_s` is the mean importance of the
skill over the same respondents, and

.. math:: MWDS_s = \\frac{1}{n_s} \\sum_i WDS_{is} = \\bar D_s \\cdot \\bar I_s .

Skills are ranked by MWDS, largest first (rank 1 = greatest training need). Only respondents who
rated both importance and proficiency of a skill count for it (pairwise complete).

References
----------
Borich, G. D. (1980). A needs assessment model for conducting follow-up studies. *Journal of
Teacher Education*, 31(3), 39-42.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["NEEDS_COLUMNS", "discrepancies", "borich_mwds", "needs_table"]

NEEDS_COLUMNS = [
    "scope", "group", "group_label", "skill_id", "skill_label", "skill_group", "n",
    "importance_mean", "proficiency_mean", "discrepancy_mean", "mwds", "rank", "suppressed",
]


def discrepancies(ratings: pd.DataFrame) -> pd.DataFrame:
    """Pair each respondent's importance and proficiency ratings of a skill.

    Parameters
    ----------
    ratings
        Long ratings: respondent_id, skill_id, dimension, value.

    Returns
    -------
    DataFrame
        respondent_id, skill_id, importance, proficiency, discrepancy; only pairs where both
        ratings are present.
    """
    pairs = ratings[ratings["dimension"].isin(["importance", "proficiency"])]
    wide = pairs.pivot(index=["respondent_id", "skill_id"], columns="dimension", values="value")
    wide = wide.reindex(columns=["importance", "proficiency"]).dropna().astype(float)
    wide["discrepancy"] = wide["importance"] - wide["proficiency"]
    return wide.reset_index().rename_axis(columns=None)


def borich_mwds(pairs: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """Borich MWDS per skill (and per group), ranked within each group.

    Parameters
    ----------
    pairs
        Output of :func:`discrepancies`, with any grouping columns joined on.
    by
        Grouping columns (none: all respondents together).

    Returns
    -------
    DataFrame
        by..., skill_id, n, importance_mean, proficiency_mean, discrepancy_mean, mwds, rank
        (1 = greatest need; ties share the lowest rank). Full precision.

    Examples
    --------
    One skill, three respondents rating importance 5, 4, 3 and proficiency 2, 4, 1: discrepancies
    3, 0, 2; mean importance 4; MWDS = (3·4 + 0·4 + 2·4) / 3 = 6.667.
    """
    keys = [*by, "skill_id"]
    grouped = pairs.groupby(keys, sort=True, observed=True)
    table = grouped.agg(
        n=("discrepancy", "size"),
        importance_mean=("importance", "mean"),
        proficiency_mean=("proficiency", "mean"),
        discrepancy_mean=("discrepancy", "mean"),
    ).reset_index()
    table["mwds"] = table["discrepancy_mean"] * table["importance_mean"]
    ranks = table.groupby(list(by), sort=False)["mwds"] if by else table["mwds"]
    table["rank"] = ranks.rank(method="min", ascending=False).astype("Int64")
    return table


def needs_table(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    skills: pd.DataFrame,
    by: Sequence[str] = (),
    group_labels: dict[str, dict[str, str]] | None = None,
    min_group_n: int = 5,
) -> pd.DataFrame:
    """MWDS over all respondents (scope ``overall``) and within each group of each ``by`` field.

    Groups whose n for a skill is below ``min_group_n`` keep their n but their statistics are
    blanked and flagged ``suppressed``; they are not ranked.
    """
    pairs = discrepancies(ratings)
    profile = respondents.set_index("respondent_id")
    labels = dict(zip(skills["skill_id"], skills["label"], strict=True))
    skill_groups = dict(zip(skills["skill_id"], skills["group"], strict=True))
    frames = []
    overall = borich_mwds(pairs)
    overall.insert(0, "scope", "overall")
    overall.insert(1, "group", "all")
    overall.insert(2, "group_label", "All respondents")
    frames.append(overall)
    for field in by:
        joined = pairs.join(profile[field], on="respondent_id").dropna(subset=[field])
        joined = joined.rename(columns={field: "group"})
        table = borich_mwds(joined, by=["group"])
        names = (group_labels or {}).get(field, {})
        table.insert(0, "scope", field)
        table.insert(2, "group_label", table["group"].map(lambda g, names=names: names.get(g, g)))
        frames.append(table)
    needs = pd.concat(frames, ignore_index=True)
    needs["skill_label"] = needs["skill_id"].map(labels)
    needs["skill_group"] = needs["skill_id"].map(skill_groups).fillna("")
    small = needs["n"] < min_group_n
    stats = ["importance_mean", "proficiency_mean", "discrepancy_mean", "mwds"]
    needs.loc[small, stats] = float("nan")
    needs["suppressed"] = small
    reportable = needs[~small]
    needs["rank"] = (
        reportable.groupby(["scope", "group"], sort=False)["mwds"]
        .rank(method="min", ascending=False)
        .astype("Int64")
        .reindex(needs.index)
    )
    needs = needs.sort_values(["scope", "group", "rank", "skill_id"], key=_scope_first)
    return needs[NEEDS_COLUMNS].reset_index(drop=True)


def _scope_first(column: pd.Series) -> pd.Series:
    if column.name == "scope":
        return column.map(lambda s: "" if s == "overall" else s)
    return column
