"""Do groups (sectors, countries, respondent types) differ in their need for a skill?

Kruskal-Wallis H test of the discrepancy (importance - proficiency) across the groups of one
profile field, per skill, with Holm's correction across the skills of the battery and the
epsilon-squared effect size.

Notes
-----
:math:`\\varepsilon^2 = H / (n - 1)` (Tomczak & Tomczak, 2014), with :math:`n` the respondents in
the test. Groups below the minimum n are left out of the test.

References
----------
Kruskal, W. H., & Wallis, W. A. (1952). Use of ranks in one-criterion variance analysis. *JASA*,
47(260), 583-621.
Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian Journal of
Statistics*, 6(2), 65-70.
Tomczak, M., & Tomczak, E. (2014). The need to report effect size estimates revisited. *Trends in
Sport Sciences*, 1(21), 19-25.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests

__all__ = ["GROUP_TEST_COLUMNS", "group_differences"]

GROUP_TEST_COLUMNS = [
    "scope", "skill_id", "skill_label", "n", "k_groups", "statistic", "p_value", "p_holm",
    "epsilon_squared", "significant",
]


def group_differences(
    pairs: pd.DataFrame,
    groups: pd.Series,
    scope: str,
    skill_labels: dict[str, str] | None = None,
    min_group_n: int = 5,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Kruskal-Wallis test of the discrepancy across groups, per skill, Holm-corrected.

    Parameters
    ----------
    pairs
        :func:`analysis.stats.needs.discrepancies` output.
    groups
        Group code per respondent_id (index).
    scope
        The profile field the groups come from (e.g. ``"sector"``), copied to the output.

    Returns
    -------
    DataFrame
        One row per skill tested (:data:`GROUP_TEST_COLUMNS`); ``significant`` is p_holm < alpha.
    """
    joined = pairs.join(groups.rename("group"), on="respondent_id").dropna(subset=["group"])
    rows = []
    for skill_id, frame in joined.groupby("skill_id", sort=True):
        samples = [g["discrepancy"].to_numpy() for _, g in frame.groupby("group", sort=True)]
        samples = [s for s in samples if len(s) >= min_group_n]
        if len(samples) < 2:
            continue
        n = sum(len(s) for s in samples)
        if len(np.unique(np.concatenate(samples))) == 1:
            statistic, p_value = 0.0, 1.0  # every value identical: no evidence of a difference
        else:
            statistic, p_value = stats.kruskal(*samples)
        rows.append(
            {
                "scope": scope,
                "skill_id": skill_id,
                "skill_label": (skill_labels or {}).get(skill_id, skill_id),
                "n": n,
                "k_groups": len(samples),
                "statistic": float(statistic),
                "p_value": float(p_value),
                "epsilon_squared": float(statistic) / (n - 1),
            }
        )
    columns = [c for c in GROUP_TEST_COLUMNS if c not in {"p_holm", "significant"}]
    table = pd.DataFrame(rows, columns=columns)
    if table.empty:
        return table.reindex(columns=GROUP_TEST_COLUMNS)
    reject, p_holm, _, _ = multipletests(table["p_value"], alpha=alpha, method="holm")
    table["p_holm"] = p_holm
    table["significant"] = reject
    return table[GROUP_TEST_COLUMNS]
