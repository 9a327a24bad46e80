"""Internal consistency of the rating batteries: Cronbach's alpha with Feldt's interval, item-total.

Notes
-----
For :math:`k` items with variances :math:`s_j^2` and the variance :math:`s_T^2` of the sum score,
over the :math:`n` respondents who rated every item of the battery (listwise complete),

.. math:: \\alpha = \\frac{k}{k-1} \\left(1 - \\frac{\\sum_j s_j^2}{s_T^2}\\right).

Confidence interval (Feldt 1965; Feldt, Woodruff & Salih 1987): :math:`(1-\\hat\\alpha)/(1-\\alpha)`
follows an :math:`F` distribution with :math:`n-1` and :math:`(n-1)(k-1)` degrees of freedom, so
with :math:`\\gamma = 1 - \\text{level}`,

.. math::

    \\alpha_{low} = 1 - (1-\\hat\\alpha)\\, F_{1-\\gamma/2;\\, n-1,\\, (n-1)(k-1)}, \\qquad
    \\alpha_{high} = 1 - (1-\\hat\\alpha)\\, F_{\\gamma/2;\\, n-1,\\, (n-1)(k-1)},

the interval ``psych::alpha`` prints as "95% confidence boundaries (Feldt)" (``psych::alpha.ci``).

Corrected item-total correlation: Pearson correlation of an item with the sum of the *other*
items (``r.drop`` in psych); alpha if item deleted: alpha of the other :math:`k-1` items
(``alpha.drop$raw_alpha`` in psych).

Reliability is computed unweighted: it describes the instrument in the sample, not a population.

References
----------
Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. *Psychometrika*,
16(3), 297-334.
Feldt, L. S. (1965). The approximate sampling distribution of Kuder-Richardson reliability
coefficient twenty. *Psychometrika*, 30(3), 357-370.
Feldt, L. S., Woodruff, D. J., & Salih, F. A. (1987). Statistical inference for coefficient alpha.
*Applied Psychological Measurement*, 11(1), 93-103.
Revelle, W. (2024). *psych: Procedures for Psychological, Psychometric, and Personality Research*.
R package.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import stats

from analysis.stats.descriptives import group_members

__all__ = [
    "ITEM_TOTAL_COLUMNS",
    "RELIABILITY_COLUMNS",
    "AlphaResult",
    "cronbach_alpha",
    "item_total",
    "item_total_table",
    "reliability_table",
    "reliability_tables",
]

ALL_SKILLS = "all"
RELIABILITY_COLUMNS = ["scope", "group", "dimension", "battery", "k", "n", "alpha", "ci_low", "ci_high"]
ITEM_TOTAL_COLUMNS = [
    "scope", "group", "dimension", "battery", "skill_id", "item_total_r", "alpha_if_deleted",
]


class AlphaResult(NamedTuple):
    """Cronbach's alpha, its Feldt interval, complete respondents ``n`` and items ``k``."""

    alpha: float
    ci_low: float
    ci_high: float
    n: int
    k: int


def _complete(items: pd.DataFrame) -> np.ndarray:
    return items.apply(pd.to_numeric, errors="coerce").astype(float).dropna(axis=0, how="any").to_numpy()


def _alpha(x: np.ndarray) -> float:
    n, k = x.shape
    if k < 2 or n < 2:
        return float("nan")
    total_variance = x.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        return float("nan")
    return float(k / (k - 1) * (1.0 - x.var(axis=0, ddof=1).sum() / total_variance))


def cronbach_alpha(items: pd.DataFrame, level: float = 0.95) -> AlphaResult:
    """Cronbach's alpha of the columns of ``items`` with Feldt's confidence interval.

    Parameters
    ----------
    items
        One row per respondent, one column per item; rows with any missing value are left out
        (listwise).
    level
        Confidence level of the interval, in (0, 1).

    Returns
    -------
    AlphaResult
        alpha, ci_low, ci_high, n (complete rows), k (items); NaN when k < 2, n < 2 or the sum
        score has no variance (the interval also needs n >= 2).

    Notes
    -----
    :math:`\\alpha = \\frac{k}{k-1}(1 - \\sum_j s_j^2 / s_T^2)`;
    :math:`[1 - (1-\\hat\\alpha) F_{1-\\gamma/2}, 1 - (1-\\hat\\alpha) F_{\\gamma/2}]` with
    :math:`F` on :math:`n-1` and :math:`(n-1)(k-1)` degrees of freedom, :math:`\\gamma = 1-` level.

    References
    ----------
    Cronbach (1951); Feldt (1965); Feldt, Woodruff & Salih (1987) (module docstring).

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.stats import cronbach_alpha
    >>> items = pd.DataFrame({"a": [1, 2, 3, 4, 5, 3], "b": [2, 2, 3, 5, 4, 3], "c": [1, 3, 3, 4, 5, 2]})
    >>> result = cronbach_alpha(items)
    >>> print(f"alpha = {result.alpha:.4f} [{result.ci_low:.4f}, {result.ci_high:.4f}], n = {result.n}")
    alpha = 0.9318 [0.7109, 0.9897], n = 6

    The same numbers in R (psych 2.2.9; ``psych::alpha`` prints the interval as "95% confidence
    boundaries (Feldt)")::

        x <- data.frame(a = c(1, 2, 3, 4, 5, 3), b = c(2, 2, 3, 5, 4, 3), c = c(1, 3, 3, 4, 5, 2))
        a <- psych::alpha(x)
        a$total$raw_alpha                                          # 0.9317647
        unlist(psych::alpha.ci(a$total$raw_alpha, 6, 3, p.val = 0.05))  # lower.ci 0.7109494
                                                                         # upper.ci 0.9896912
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}")
    return _alpha_result(_complete(items), level)


def _alpha_result(x: np.ndarray, level: float) -> AlphaResult:
    """:func:`cronbach_alpha` of a listwise-complete respondents x items array."""
    n, k = x.shape
    alpha = _alpha(x)
    if np.isnan(alpha):
        return AlphaResult(alpha, float("nan"), float("nan"), n, k)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    gamma = 1.0 - level
    ci_low = 1.0 - (1.0 - alpha) * float(stats.f.ppf(1.0 - gamma / 2.0, df1, df2))
    ci_high = 1.0 - (1.0 - alpha) * float(stats.f.ppf(gamma / 2.0, df1, df2))
    return AlphaResult(alpha, ci_low, ci_high, n, k)


def item_total(items: pd.DataFrame) -> pd.DataFrame:
    """Corrected item-total correlation and alpha if item deleted, per column of ``items``.

    Parameters
    ----------
    items
        One row per respondent, one column per item; listwise complete rows are used.

    Returns
    -------
    DataFrame
        Indexed by item (the column names): ``item_total_r`` (correlation of the item with the
        sum of the other items) and ``alpha_if_deleted`` (alpha of the other items; NaN when fewer
        than two remain).

    Notes
    -----
    :math:`r_{j,T-j} = \\mathrm{corr}(x_j, \\sum_{l \\ne j} x_l)`; alpha if deleted as in
    :func:`cronbach_alpha` on the :math:`k-1` other items.

    References
    ----------
    Cronbach (1951) (module docstring).

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.stats.reliability import item_total
    >>> items = pd.DataFrame({"a": [1, 2, 3, 4, 5, 3], "b": [2, 2, 3, 5, 4, 3], "c": [1, 3, 3, 4, 5, 2]})
    >>> print(item_total(items).round(4).to_string())
          item_total_r  alpha_if_deleted
    item
    a           0.9423            0.8324
    b           0.8067            0.9474
    c           0.8542            0.9081

    The same numbers in R (psych 2.2.9)::

        x <- data.frame(a = c(1, 2, 3, 4, 5, 3), b = c(2, 2, 3, 5, 4, 3), c = c(1, 3, 3, 4, 5, 2))
        a <- psych::alpha(x)
        a$item.stats$r.drop      # 0.9422639 0.8067431 0.8542422
        a$alpha.drop$raw_alpha   # 0.8323699 0.9473684 0.9081081
    """
    rows = _item_total_rows(_complete(items))
    return pd.DataFrame(rows, index=pd.Index(items.columns, name="item"),
                        columns=["item_total_r", "alpha_if_deleted"])


def _item_total_rows(x: np.ndarray) -> list[dict[str, float]]:
    """:func:`item_total` of a listwise-complete respondents x items array, one dict per item."""
    rows = []
    for j in range(x.shape[1]):
        rest = np.delete(x, j, axis=1)
        rest_total = rest.sum(axis=1)
        if x.shape[0] >= 2 and x[:, j].std() > 0 and rest_total.std() > 0:
            r = float(np.corrcoef(x[:, j], rest_total)[0, 1])
        else:
            r = float("nan")
        rows.append({"item_total_r": r, "alpha_if_deleted": _alpha(rest)})
    return rows


def _batteries(skills: pd.DataFrame | None, skill_ids: Sequence[str]) -> list[tuple[str, list[str]]]:
    """("all", every skill), then one battery per non-empty skill group (catalogue order)."""
    batteries = [(ALL_SKILLS, list(skill_ids))]
    if skills is None or "group" not in skills.columns:
        return batteries
    catalogue = skills[skills["skill_id"].isin(skill_ids)]
    groups = catalogue["group"].astype("string").str.strip()
    for name in pd.unique(groups.dropna()):
        if name:
            members = set(catalogue.loc[groups == name, "skill_id"])
            batteries.append((str(name), [s for s in skill_ids if s in members]))
    return batteries


class _Wide(NamedTuple):
    """A dimension's ratings, respondents (sorted) x skills (sorted), and a last column of NaN.

    ``rows``: the row of each respondent of the survey (its position in the sorted ids of every
    dimension) in ``matrix``, -1 for a respondent without ratings of the dimension.
    """

    rows: np.ndarray
    columns: pd.Index
    matrix: np.ndarray


def _pivots(values: pd.DataFrame) -> tuple[pd.Index, dict[object, _Wide]]:
    """Each dimension's ``pivot_table(index="respondent_id", columns="skill_id", values="value",
    aggfunc="first", dropna=False)`` as an array (each cell the first non-missing value), with
    the sorted respondent ids of all dimensions; dimensions in the order they first appear."""
    respondent_codes, respondent_ids = pd.factorize(values["respondent_id"], sort=True)
    dimension_codes, dimensions = pd.factorize(values["dimension"], sort=False)
    ratings = values["value"].to_numpy(dtype=float)
    wide = {}
    for d, dimension in enumerate(dimensions):
        frame = np.flatnonzero(dimension_codes == d)
        codes = respondent_codes[frame]
        seen = np.bincount(codes[codes >= 0], minlength=len(respondent_ids)) > 0
        rows = np.where(seen, np.cumsum(seen) - 1, -1)
        skill_codes, skill_ids = pd.factorize(values["skill_id"].iloc[frame], sort=True)
        keep = np.flatnonzero((codes >= 0) & (skill_codes >= 0) & ~np.isnan(ratings[frame]))
        width = len(skill_ids) + 1
        cells = rows[codes[keep]].astype(np.int64) * width + skill_codes[keep]
        if np.bincount(cells, minlength=1).max(initial=0) > 1:  # the first of repeated ratings
            cells, first = np.unique(cells, return_index=True)
            keep = keep[first]
        matrix = np.full((int(seen.sum()), width), np.nan)
        matrix.ravel()[cells] = ratings[frame][keep]
        wide[dimension] = _Wide(rows, pd.Index(skill_ids), matrix)
    return pd.Index(respondent_ids), wide


def _wide_arrays(
    ratings: pd.DataFrame, respondents: pd.DataFrame, skills: pd.DataFrame | None, by: Sequence[str]
) -> Iterator[tuple[str, str, str, str, list[str], np.ndarray]]:
    """(scope, group, dimension, battery, skills, listwise-complete respondent x skill array).

    Each dimension is pivoted once (:func:`_pivots`); a group takes its rows, a battery its
    columns (a skill the dimension lacks is the missing last column). The array is laid out
    as ``DataFrame.to_numpy`` lays out a frame of floats (column-major), so its sums and variances
    run in the same order as on the frame.
    """
    skill_ids = list(pd.unique(ratings["skill_id"]))
    if skills is not None and "skill_id" in skills.columns:
        order = [s for s in skills["skill_id"] if s in set(skill_ids)]
        skill_ids = order + [s for s in skill_ids if s not in set(order)]
    values = ratings.assign(value=pd.to_numeric(ratings["value"], errors="coerce").astype(float))
    respondent_ids, wide = _pivots(values)
    batteries = [
        (battery, members, {dimension: wide[dimension].columns.get_indexer(members) for dimension in wide})
        for battery, members in _batteries(skills, skill_ids)
    ]
    for scope, group, ids in group_members(respondents, by):
        positions = respondent_ids.get_indexer(ids)
        positions = np.unique(positions[positions >= 0])  # sorted: in the order of the ids
        for dimension, table in wide.items():
            rows = table.rows[positions]
            members_rows = table.matrix[rows[rows >= 0]]
            for battery, members, columns in batteries:
                x = members_rows[:, columns[dimension]]
                x = np.asfortranarray(x[~np.isnan(x).any(axis=1)])
                yield scope, group, str(dimension), battery, members, x


def reliability_table(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    skills: pd.DataFrame | None = None,
    by: Sequence[str] = (),
    level: float = 0.95,
) -> pd.DataFrame:
    """Cronbach's alpha with Feldt interval per scope, group, dimension and battery.

    Parameters
    ----------
    ratings
        Long ratings: respondent_id, skill_id, dimension, value.
    respondents
        respondent_id and the ``by`` fields.
    skills
        The skill catalogue (``skills.csv``: skill_id, group); each non-empty ``group`` is a
        battery besides ``all`` (every skill of the dimension). ``None``: only ``all``.
    by
        Profile fields to compute per group of, after ``overall``.
    level
        Confidence level of the Feldt interval.

    Returns
    -------
    DataFrame
        :data:`RELIABILITY_COLUMNS`: scope, group, dimension, battery, k, n (listwise complete
        respondents), alpha, ci_low, ci_high (NaN when k < 2 or n < 2).

    Notes
    -----
    :func:`cronbach_alpha` on each battery's respondent x skill matrix.

    References
    ----------
    Cronbach (1951); Feldt, Woodruff & Salih (1987).

    Examples
    --------
    Each row matches ``psych::alpha`` (``$total$raw_alpha``, ``$feldt``) on the same matrix (see
    :func:`cronbach_alpha` for a worked example with its R call).
    """
    return _tables(ratings, respondents, skills, by, level, item_totals=False)[0]


def item_total_table(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    skills: pd.DataFrame | None = None,
    by: Sequence[str] = (),
) -> pd.DataFrame:
    """Corrected item-total correlation and alpha if deleted per scope, group, dimension, battery.

    Parameters
    ----------
    ratings, respondents, skills, by
        As for :func:`reliability_table`.

    Returns
    -------
    DataFrame
        :data:`ITEM_TOTAL_COLUMNS`: scope, group, dimension, battery, skill_id, item_total_r,
        alpha_if_deleted; batteries of fewer than two skills are left out.

    Notes
    -----
    :func:`item_total` on each battery's listwise-complete respondent x skill matrix.

    References
    ----------
    Cronbach (1951).

    Examples
    --------
    Matches ``psych::alpha(x)$item.stats$r.drop`` and ``$alpha.drop$raw_alpha`` (see
    :func:`item_total` for a worked example with its R call).
    """
    return _tables(ratings, respondents, skills, by, alphas=False)[1]


def reliability_tables(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    skills: pd.DataFrame | None = None,
    by: Sequence[str] = (),
    level: float = 0.95,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`reliability_table` and :func:`item_total_table` from one pass over the batteries.

    Parameters
    ----------
    ratings, respondents, skills, by, level
        As for :func:`reliability_table`.

    Returns
    -------
    tuple
        The two tables, equal to those of the two functions.
    """
    return _tables(ratings, respondents, skills, by, level)


def _tables(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    skills: pd.DataFrame | None,
    by: Sequence[str],
    level: float = 0.95,
    *,
    alphas: bool = True,
    item_totals: bool = True,
) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The reliability and item-total tables (None for the one not asked for)."""
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}")
    rows, parts = [], []
    for scope, group, dimension, battery, members, x in _wide_arrays(ratings, respondents, skills, by):
        if alphas:
            rows.append({"scope": scope, "group": group, "dimension": dimension, "battery": battery,
                         **_alpha_result(x, level)._asdict()})
        if item_totals and len(members) >= 2:
            stats_ = pd.DataFrame(_item_total_rows(x), columns=["item_total_r", "alpha_if_deleted"])
            stats_.insert(0, "skill_id", members)
            parts.append(stats_.assign(scope=scope, group=group, dimension=dimension, battery=battery))
    reliability = None
    if alphas:
        reliability = pd.DataFrame(rows, columns=RELIABILITY_COLUMNS).astype({"k": "int64", "n": "int64"})
    if not item_totals:
        return reliability, None
    if not parts:
        return reliability, pd.DataFrame(columns=ITEM_TOTAL_COLUMNS)
    return reliability, pd.concat(parts, ignore_index=True)[ITEM_TOTAL_COLUMNS]
