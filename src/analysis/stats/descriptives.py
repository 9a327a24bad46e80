"""Descriptive statistics of the ratings per skill and dimension, overall and per group.

For each scope (``overall`` or a profile field), group, skill and dimension: the number of
ratings, the (weighted) mean with its t confidence interval, the (weighted) lower median, the
(weighted) share of each scale point and the top-two-box share. Missing ratings (no answer, don't
know, not applicable, not shown) are left out item by item, never counted as zero.

Notes
-----
With weights :math:`w_i` (all 1 when unweighted) and ratings :math:`x_i` of the :math:`n`
respondents who rated the item, :math:`W = \\sum_i w_i`,

.. math::

    \\bar x_w = \\frac{\\sum_i w_i x_i}{W}, \\qquad
    s^2_w = \\frac{\\sum_i w_i (x_i - \\bar x_w)^2}{W}, \\qquad
    \\mathrm{SE} = \\frac{s_w}{\\sqrt{W - 1}},

and the interval is :math:`\\bar x_w \\pm t_{1-(1-\\text{level})/2,\\, W-1}\\, \\mathrm{SE}`: the
frequency-weight interval of statsmodels' ``DescrStatsW.tconfint_mean`` (ddof = 0). With all
weights 1 it is the ordinary Student t interval :math:`\\bar x \\pm t_{n-1}\\, s/\\sqrt n`
(:math:`s` with ddof = 1), the interval of an unweighted survey. For a raked survey
:func:`describe` is given the design (``design``) and the interval is design-based instead:
:math:`\\bar x_w \\pm t_{n-1}\\,\\mathrm{SE}` with the linearisation SE of R ``svymean`` on the
raked design, each group a domain of it (:mod:`analysis.stats.design`, ``docs/methods.md``).

The median is the **lower weighted median**: the smallest scale point :math:`m` whose
cumulative weight reaches half the total, :math:`\\sum_{x_i \\le m} w_i \\ge W/2`. It is always a
scale point; with all weights 1 and an even :math:`n` it is the lower of the two middle values
(not their average).

Shares: :math:`p_c = \\sum_{x_i = c} w_i / W` for each scale point :math:`c`; ``top2`` is the sum
of the shares of the two highest points (the "top-two box").

References
----------
Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.). Wiley. (weighted means)
Seabold, S., & Perktold, J. (2010). statsmodels: Econometric and statistical modeling with Python.
*Proceedings of the 9th Python in Science Conference*, 92-96. (``DescrStatsW``)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from analysis.stats.design import RakedDesign

__all__ = ["describe", "describe_columns", "weighted_lower_median"]

OVERALL = "overall"
ALL = "all"


def describe_columns(scale: tuple[int, int] = (1, 5)) -> list[str]:
    """The columns of :func:`describe` for a rating scale (one ``share_<c>`` per scale point)."""
    low, high = scale
    shares = [f"share_{c}" for c in range(low, high + 1)]
    return [
        "scope", "group", "skill_id", "dimension", "n", "mean", "ci_low", "ci_high", "median",
        *shares, "top2",
    ]


def weighted_lower_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The lower weighted median: the smallest value whose cumulative weight reaches half the total.

    Examples
    --------
    >>> import numpy as np
    >>> from analysis.stats.descriptives import weighted_lower_median
    >>> weighted_lower_median(np.array([1, 2, 3, 4]), np.ones(4))  # numpy's "inverted_cdf" quantile
    2.0
    >>> weighted_lower_median(np.array([5, 4, 4, 2]), np.array([1.0, 2.0, 1.0, 2.0]))
    4.0

    With integer weights, R's type-1 quantile of the values repeated by their weights::

        quantile(c(1, 2, 3, 4), 0.5, type = 1)                     # 2
        quantile(rep(c(5, 4, 4, 2), c(1, 2, 1, 2)), 0.5, type = 1)  # 4
    """
    if len(values) == 0:
        return float("nan")
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    position = int(np.searchsorted(cumulative, cumulative[-1] / 2.0, side="left"))
    return float(values[order][position])


def group_members(
    respondents: pd.DataFrame, by: Sequence[str]
) -> Iterator[tuple[str, str, pd.Index]]:
    """(scope, group, respondent ids): overall first, then each field's groups in sorted order."""
    ids = pd.Index(respondents["respondent_id"])
    yield OVERALL, ALL, ids
    for field in by:
        if field not in respondents.columns:
            raise ValueError(f"by: {field!r} is not a column of respondents ({list(respondents.columns)})")
        codes = respondents[field]
        for code in sorted(codes.dropna().unique()):
            yield field, str(code), pd.Index(respondents.loc[codes == code, "respondent_id"])


def _weights(respondents: pd.DataFrame, weight: str | None) -> pd.Series:
    """Weight per respondent_id: the ``weight`` column, or 1 (unweighted / no such column)."""
    if weight is None or weight not in respondents.columns:
        return pd.Series(1.0, index=pd.Index(respondents["respondent_id"]))
    values = pd.to_numeric(respondents[weight], errors="coerce").astype(float)
    if values.isna().any() or (values < 0).any() or not np.isfinite(values).all():
        raise ValueError(f"weight column {weight!r} must hold finite, non-negative numbers")
    return pd.Series(values.to_numpy(), index=pd.Index(respondents["respondent_id"]))


def _summary(
    x: np.ndarray, w: np.ndarray, points: np.ndarray, level: float,
    design: RakedDesign | None = None, ids: np.ndarray | None = None,
) -> dict[str, float]:
    n = len(x)
    row: dict[str, float] = {"n": n}
    total = float(w.sum())
    if n == 0 or total <= 0:
        row.update(mean=np.nan, ci_low=np.nan, ci_high=np.nan, median=np.nan)
        row.update({f"share_{c}": np.nan for c in points}, top2=np.nan)
        return row
    mean = float(np.dot(w, x) / total)
    if design is not None:
        ci_low, ci_high = design.mean(pd.Series(x, index=ids)).ci(level)
        half = (ci_high - ci_low) / 2.0
    elif total > 1:
        variance = float(np.dot(w, (x - mean) ** 2) / total)
        se = np.sqrt(variance) / np.sqrt(total - 1.0)
        half = float(stats.t.ppf(0.5 + level / 2.0, total - 1.0) * se)
    else:
        half = np.nan
    shares = {f"share_{c}": float(w[x == c].sum() / total) for c in points}
    row.update(
        mean=mean,
        ci_low=mean - half,
        ci_high=mean + half,
        median=weighted_lower_median(x, w),
        **shares,
        top2=shares[f"share_{points[-1]}"] + shares[f"share_{points[-2]}"],
    )
    return row


def describe(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    by: Sequence[str] = (),
    weight: str | None = "weight",
    scale: tuple[int, int] = (1, 5),
    level: float = 0.95,
    design: RakedDesign | None = None,
) -> pd.DataFrame:
    """Per skill and dimension: n, (weighted) mean with t interval, lower median, shares, top-2 box.

    Parameters
    ----------
    ratings
        Long ratings: respondent_id, skill_id, dimension, value (missing values are left out).
    respondents
        One row per respondent: respondent_id, the ``by`` fields and the weight column.
    by
        Profile fields to describe each group of, after the ``overall`` scope. Respondents without
        a code for a field are left out of that field's groups.
    weight
        Column of ``respondents`` holding the weights; ``None`` (or a frame without that column)
        means unweighted. Weights all 1 give exactly the unweighted results.
    scale
        Lowest and highest scale point; one ``share_<c>`` column per point. A rating outside is
        a ``ValueError``.
    level
        Confidence level of the interval for the mean, in (0, 1).
    design
        The survey design of a raked sample (:class:`analysis.stats.design.RakedDesign`, its ids
        the respondent ids, its weights the ``weight`` column): the interval of the mean is then
        the design-based one, :math:`\\bar x_w \\pm t_{n-1}\\,\\mathrm{SE}` with the linearisation
        SE of R ``svymean`` on the raked design (a group is a domain of it). None: the t interval
        with the weights as frequency weights, which is the ordinary t interval when they are all 1.

    Returns
    -------
    DataFrame
        :func:`describe_columns` (scope, group, skill_id, dimension, n, mean, ci_low, ci_high,
        median, share_<low>..share_<high>, top2); ``n`` is the unweighted number of ratings; the
        statistics are NaN when ``n`` is 0 (the interval also when the total weight is at most 1).
        Rows: overall first, then each ``by`` field's groups (sorted codes), skills in the order
        of ``ratings``, dimensions in the order of ``ratings``.

    Notes
    -----
    :math:`\\bar x_w = \\sum w_i x_i / W`, :math:`\\mathrm{SE} = s_w / \\sqrt{W-1}` with
    :math:`s_w^2 = \\sum w_i (x_i - \\bar x_w)^2 / W`, interval
    :math:`\\bar x_w \\pm t_{W-1}\\,\\mathrm{SE}`; lower weighted median; weighted shares (module
    docstring).

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.). Wiley.

    Examples
    --------
    Four respondents rate the importance of one skill 5, 4, 4 and 2, with weights 1, 2, 1, 2:

    >>> import pandas as pd
    >>> from analysis.stats import describe
    >>> ratings = pd.DataFrame({"respondent_id": ["r1", "r2", "r3", "r4"], "skill_id": "energy",
    ...                         "dimension": "importance", "value": [5, 4, 4, 2]})
    >>> respondents = pd.DataFrame({"respondent_id": ["r1", "r2", "r3", "r4"],
    ...                             "weight": [1.0, 2.0, 1.0, 2.0]})
    >>> row = describe(ratings, respondents).iloc[0]
    >>> print(f"n = {row['n']}, mean = {row['mean']:.4f} [{row['ci_low']:.4f}, {row['ci_high']:.4f}]")
    n = 4, mean = 3.5000 [2.2147, 4.7853]
    >>> print(f"median = {row['median']:.0f}, top-two box = {row['top2']:.4f}")
    median = 4, top-two box = 0.6667

    Mean and interval match ``statsmodels.stats.weightstats.DescrStatsW(x, w).tconfint_mean()``.
    With integer weights they are R's t interval of the ratings repeated by their weights::

        x <- rep(c(5, 4, 4, 2), c(1, 2, 1, 2))
        t.test(x)$estimate            # 3.5
        t.test(x)$conf.int            # 2.214709 4.785291
        quantile(x, 0.5, type = 1)    # 4 (the lower weighted median)
        mean(x >= 4)                  # 0.6666667 (top-two box)
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}")
    low, high = scale
    if not (isinstance(low, int | np.integer) and isinstance(high, int | np.integer)) or high - low < 1:
        raise ValueError(f"scale must be two integers (low, high) with high > low, got {scale!r}")
    points = np.arange(low, high + 1)
    columns = describe_columns(scale)

    weights = _weights(respondents, weight)
    values = pd.to_numeric(ratings["value"], errors="coerce").astype(float)
    present = values.notna()
    outside = present & ~values.isin(points)
    if outside.any():
        bad = ratings.loc[outside].iloc[0]
        raise ValueError(
            f"rating {bad['value']!r} of {bad['skill_id']!r} ({bad['dimension']}) is outside the "
            f"scale {low}..{high}"
        )
    frame = pd.DataFrame(
        {
            "respondent_id": ratings["respondent_id"].to_numpy(),
            "skill_id": ratings["skill_id"].to_numpy(),
            "dimension": ratings["dimension"].to_numpy(),
            "value": values.to_numpy(),
        }
    )
    frame["w"] = frame["respondent_id"].map(weights).to_numpy(dtype=float)
    unknown = frame["w"].isna()
    if unknown.any():
        raise ValueError(
            f"ratings name respondent {frame.loc[unknown, 'respondent_id'].iloc[0]!r}, "
            "who is not in respondents"
        )
    skills = list(pd.unique(frame["skill_id"]))
    dimensions = list(pd.unique(frame["dimension"]))

    rows = []
    for scope, group, ids in group_members(respondents, by):
        part = frame[frame["respondent_id"].isin(ids)]
        cells = {key: sub for key, sub in part.groupby(["skill_id", "dimension"], sort=False)}
        for skill_id in skills:
            for dimension in dimensions:
                sub = cells.get((skill_id, dimension))
                if sub is None:
                    continue
                sub = sub[sub["value"].notna()]
                summary = _summary(
                    sub["value"].to_numpy(), sub["w"].to_numpy(), points, level,
                    design, sub["respondent_id"].to_numpy(),
                )
                rows.append({"scope": scope, "group": group, "skill_id": skill_id,
                             "dimension": dimension, **summary})
    table = pd.DataFrame(rows, columns=columns)
    table["n"] = table["n"].astype("int64")
    return table
