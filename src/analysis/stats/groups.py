"""Do groups (sectors, countries, respondent types) differ in their need for a skill?

Kruskal-Wallis H test of the discrepancy (importance - proficiency) across the groups of one
profile field, per skill, with Holm's correction across the skills of the battery and the
epsilon-squared effect size; Dunn's pairwise post-hoc test says which groups differ.

Notes
-----
:math:`\\varepsilon^2 = H / (n - 1)` (Tomczak & Tomczak, 2014), with :math:`n` the respondents in
the test. Groups below the minimum n are left out of the test.

Dunn (1964), with the tie correction: all :math:`N` discrepancies of the groups tested are ranked
together (average ranks, ties as :mod:`analysis.stats.ties`), :math:`\\bar R_a` is the mean rank
of group :math:`a` and

.. math:: z_{ab} = \\frac{\\bar R_b - \\bar R_a}
                   {\\sqrt{\\left(\\frac{N(N+1)}{12} - \\frac{\\sum_t (t^3 - t)}{12(N-1)}\\right)
                          \\left(\\frac{1}{n_a} + \\frac{1}{n_b}\\right)}},

(the sign of R's ``rstatix::dunn_test``: positive when the second group of the pair has the larger
values), two-sided :math:`p = 2(1 - \\Phi(|z|))`, Holm-adjusted across the :math:`k(k-1)/2` pairs of
groups of each skill.

References
----------
Kruskal, W. H., & Wallis, W. A. (1952). Use of ranks in one-criterion variance analysis. *JASA*,
47(260), 583-621.
Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian Journal of
Statistics*, 6(2), 65-70.
Tomczak, M., & Tomczak, E. (2014). The need to report effect size estimates revisited. *Trends in
Sport Sciences*, 1(21), 19-25.
Dunn, O. J. (1964). Multiple comparisons using rank sums. *Technometrics*, 6(3), 241-252.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
from scipy import stats

from analysis.stats.multitest import holm
from analysis.stats.ties import tie_sizes, tied_ranks

__all__ = ["DUNN_COLUMNS", "GROUP_TEST_COLUMNS", "dunn_posthoc", "group_differences"]

GROUP_TEST_COLUMNS = [
    "scope", "skill_id", "skill_label", "n", "k_groups", "statistic", "p_value", "p_holm",
    "epsilon_squared", "significant",
]
DUNN_COLUMNS = [
    "scope", "skill_id", "group_a", "group_b", "n_a", "n_b", "mean_rank_a", "mean_rank_b", "z",
    "p_value", "p_holm", "significant",
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

    Examples
    --------
    The discrepancies of one skill in three sectors:

    >>> import pandas as pd
    >>> from analysis.stats import group_differences
    >>> gaps = {"A": [2, 1, 1, 0, 2, 3, 1, 2], "B": [0, -1, 1, 0, 0, 1, -1], "C": [1, 1, 0, 2, 1, 0, 1, 1, 3]}
    >>> pairs = pd.DataFrame([(f"{g}{i}", "energy", d) for g, ds in gaps.items() for i, d in enumerate(ds)],
    ...                      columns=["respondent_id", "skill_id", "discrepancy"])
    >>> sectors = pd.Series({rid: rid[0] for rid in pairs["respondent_id"]})
    >>> row = group_differences(pairs, sectors, "sector").iloc[0]
    >>> print(f"H = {row['statistic']:.4f}, p = {row['p_value']:.4f}, eps2 = {row['epsilon_squared']:.4f}")
    H = 8.1817, p = 0.0167, eps2 = 0.3557

    In R::

        d <- data.frame(gap = c(2, 1, 1, 0, 2, 3, 1, 2,  0, -1, 1, 0, 0, 1, -1,  1, 1, 0, 2, 1, 0, 1, 1, 3),
                        group = c(rep("A", 8), rep("B", 7), rep("C", 9)))
        k <- kruskal.test(gap ~ group, data = d)
        k$statistic; k$p.value                 # 8.181721, 0.01672484
        k$statistic / (nrow(d) - 1)            # 0.355727 (epsilon squared)
    """
    joined = pairs.join(groups.rename("group"), on="respondent_id").dropna(subset=["group"])
    rows = []
    for skill_id, values, codes, names in _by_skill(joined):
        order = np.argsort(codes, kind="stable")  # each group's values in their row order
        cuts = np.searchsorted(codes[order], np.arange(1, len(names)))
        by_group = np.split(values[order], cuts)
        samples = [by_group[k] for k in sorted(range(len(names)), key=lambda k: names[k])]
        samples = [s for s in samples if len(s) >= max(min_group_n, 1)]
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
    reject, p_holm = holm(table["p_value"], alpha=alpha)
    table["p_holm"] = p_holm
    table["significant"] = reject
    return table[GROUP_TEST_COLUMNS]


def dunn_posthoc(
    pairs: pd.DataFrame,
    groups: pd.Series,
    scope: str,
    min_group_n: int = 5,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Dunn's pairwise test of the discrepancy between the groups, per skill, Holm within skill.

    Parameters
    ----------
    pairs
        :func:`analysis.stats.needs.discrepancies` output.
    groups
        Group code per respondent_id (index).
    scope
        The profile field the groups come from, copied to the output.
    min_group_n
        Groups with fewer pairs for a skill are left out of that skill's ranking and pairs.
    alpha
        Family-wise error rate for ``significant`` (Holm across the pairs of a skill).

    Returns
    -------
    DataFrame
        :data:`DUNN_COLUMNS`, one row per skill x pair of groups (``group_a`` < ``group_b``,
        sorted): n and mean rank of each, ``z`` (positive when group_b ranks higher, i.e. has
        the larger discrepancies, as ``rstatix::dunn_test`` of group1 = group_a and group2 =
        group_b), two-sided ``p_value``, ``p_holm``, ``significant`` = p_holm <
        alpha.

    Notes
    -----
    See the module docstring for :math:`z_{ab}` and the tie correction. With every value tied
    the variance is zero: z = 0 and p = 1.

    References
    ----------
    Dunn, O. J. (1964). Multiple comparisons using rank sums. *Technometrics*, 6(3), 241-252.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.stats import dunn_posthoc
    >>> gaps = {"A": [2, 1, 1, 0, 2, 3, 1, 2], "B": [0, -1, 1, 0, 0, 1, -1], "C": [1, 1, 0, 2, 1, 0, 1, 1, 3]}
    >>> pairs = pd.DataFrame([(f"{g}{i}", "energy", d) for g, ds in gaps.items() for i, d in enumerate(ds)],
    ...                      columns=["respondent_id", "skill_id", "discrepancy"])
    >>> sectors = pd.Series({rid: rid[0] for rid in pairs["respondent_id"]})
    >>> table = dunn_posthoc(pairs, sectors, "sector")
    >>> print(table[["group_a", "group_b", "z", "p_value", "p_holm"]].round(4).to_string(index=False))
    group_a group_b       z  p_value  p_holm
          A       B -2.7911   0.0053  0.0158
          A       C -0.8443   0.3985  0.3985
          B       C  2.0523   0.0401  0.0803

    In R (rstatix 0.7.2; its ``statistic`` is our ``z``: group2 minus group1)::

        d <- data.frame(gap = c(2, 1, 1, 0, 2, 3, 1, 2,  0, -1, 1, 0, 0, 1, -1,  1, 1, 0, 2, 1, 0, 1, 1, 3),
                        group = c(rep("A", 8), rep("B", 7), rep("C", 9)))
        rstatix::dunn_test(d, gap ~ group, p.adjust.method = "holm")
        # A-B -2.791069 0.00525 0.01576;  A-C -0.844260 0.39852 0.39852;  B-C 2.052333 0.04014 0.08027
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, not {alpha!r}")
    joined = pairs.join(groups.rename("group"), on="respondent_id").dropna(subset=["group"])
    parts = [
        _dunn_skill(skill_id, values, group_codes, group_names, min_group_n, alpha)
        for skill_id, values, group_codes, group_names in _by_skill(joined)
    ]
    parts = [part for part in parts if part is not None]
    if not parts:
        return pd.DataFrame(columns=DUNN_COLUMNS)
    columns = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
    table = pd.DataFrame({"scope": [scope] * len(columns["z"]), **columns})
    return table[DUNN_COLUMNS]


def _by_skill(joined: pd.DataFrame) -> Iterator[tuple[object, np.ndarray, np.ndarray, list]]:
    """(skill_id, discrepancies, group code of each, sorted group names) per skill, skills sorted."""
    skill_codes, skill_ids = pd.factorize(joined["skill_id"], sort=True)
    group_codes, group_names = pd.factorize(joined["group"], sort=True)
    values = joined["discrepancy"].to_numpy(dtype=float)
    order = np.argsort(skill_codes, kind="stable")
    bounds = np.searchsorted(skill_codes[order], np.arange(len(skill_ids) + 1))
    names = list(group_names)
    for s, skill_id in enumerate(skill_ids):
        rows = order[bounds[s] : bounds[s + 1]]
        yield skill_id, values[rows], group_codes[rows], names


def _dunn_skill(
    skill_id: object, values: np.ndarray, codes: np.ndarray, names: list, min_group_n: int, alpha: float
) -> dict[str, np.ndarray] | None:
    """The columns of one skill's Dunn pairs (every pair of kept groups at once), or None."""
    counts = np.bincount(codes, minlength=len(names))
    kept = np.flatnonzero(counts >= min_group_n)
    if len(kept) < 2:
        return None
    kept = kept[np.argsort([names[k] for k in kept], kind="stable")]  # sorted() of the names
    rows = counts[codes] >= min_group_n
    values, codes = values[rows], codes[rows]
    n_total = len(values)
    ranks, ties = _ranks_and_ties(values)
    variance = n_total * (n_total + 1) / 12 - (ties**3 - ties).sum() / (12 * (n_total - 1))
    # the sums of average ranks are exact (halves, far below 2**53): their mean is the groups' mean
    rank_sums = np.bincount(codes, weights=ranks, minlength=len(names))
    mean_ranks = rank_sums[kept] / counts[kept]
    first, second = np.triu_indices(len(kept), 1)
    n_a, n_b = counts[kept][first], counts[kept][second]
    se = np.sqrt(variance * (1 / n_a + 1 / n_b))
    diff = mean_ranks[second] - mean_ranks[first]
    z = np.divide(diff, se, out=np.zeros_like(diff), where=se > 0)
    p_value = 2 * stats.norm.sf(np.abs(z))
    reject, p_holm = holm(p_value, alpha=alpha)
    group_names = np.array([names[k] for k in kept], dtype=object)
    return {
        "skill_id": np.full(len(z), skill_id, dtype=object),
        "group_a": group_names[first], "group_b": group_names[second],
        "n_a": n_a.astype(np.int64), "n_b": n_b.astype(np.int64),
        "mean_rank_a": mean_ranks[first], "mean_rank_b": mean_ranks[second],
        "z": z, "p_value": p_value, "p_holm": p_holm, "significant": reject.astype(bool),
    }


def _ranks_and_ties(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Average ranks of ``values`` and the sizes of their tie groups (:mod:`analysis.stats.ties`).

    Whole numbers (rating differences) are tied when equal, so their counts give both: the values
    of a size-:math:`t` group ending at sorted position :math:`e` share the rank
    :math:`e - (t - 1)/2`. Other values go through :func:`tied_ranks` and :func:`tie_sizes`.
    """
    if values.size and np.all(np.abs(values) < 2**31) and np.all(values == np.floor(values)):
        whole = values.astype(np.int64)
        low, high = int(whole.min()), int(whole.max())
        if high - low <= 4 * len(whole):
            counts = np.bincount(whole - low)
            inverse = whole - low
        else:
            _, inverse, counts = np.unique(whole, return_inverse=True, return_counts=True)
        ranks = np.cumsum(counts) - (counts - 1) / 2
        return ranks[inverse], counts[counts > 0]
    return tied_ranks(values, descending=False, method="average"), tie_sizes(values)
