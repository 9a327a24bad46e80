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


def _summary(x: np.ndarray, w: np.ndarray, points: np.ndarray, level: float) -> dict[str, float]:
    """n, mean, t interval, lower median, shares and top-two box of one cell's ratings ``x``.

    The shares and the median come from one stable counting sort of the scale points: each
    point's weights are summed in the order of the ratings, as ``w[x == c].sum()``, and the
    cumulative weights are those of :func:`weighted_lower_median`, to the last bit.
    """
    n = len(x)
    row: dict[str, float] = {"n": n}
    total = float(w.sum())
    if n == 0 or total <= 0:
        row.update(mean=np.nan, ci_low=np.nan, ci_high=np.nan, median=np.nan)
        row.update({f"share_{c}": np.nan for c in points}, top2=np.nan)
        return row
    # numpy's pairwise sums, not a BLAS dot: as fast on one thread, the same bits on any machine
    mean = float((w * x).sum() / total)
    if total > 1:
        variance = float((w * (x - mean) ** 2).sum() / total)
        se = np.sqrt(variance) / np.sqrt(total - 1.0)
        half = float(stats.t.ppf(0.5 + level / 2.0, total - 1.0) * se)
    else:
        half = np.nan
    offsets = (x - points[0]).astype(np.int16 if len(points) < 2**15 else np.int64)
    ordered = w[np.argsort(offsets, kind="stable")]  # by scale point, ties in rating order
    bounds = np.concatenate(([0], np.cumsum(np.bincount(offsets, minlength=len(points)))))
    shares = {
        f"share_{c}": float(ordered[bounds[k]:bounds[k + 1]].sum() / total) for k, c in enumerate(points)
    }
    cumulative = np.cumsum(ordered)
    position = int(np.searchsorted(cumulative, cumulative[-1] / 2.0, side="left"))
    median = float(points[int(np.searchsorted(bounds, position, side="right")) - 1])
    row.update(
        mean=mean,
        ci_low=mean - half,
        ci_high=mean + half,
        median=median,
        **shares,
        top2=shares[f"share_{points[-1]}"] + shares[f"share_{points[-2]}"],
    )
    return row


def _group_codes(
    respondents: pd.DataFrame, by: Sequence[str], respondent_ids: np.ndarray
) -> Iterator[tuple[str, list[str], np.ndarray]]:
    """Per scope (overall first, then each ``by`` field): its group names, in the order of
    :func:`group_members`, and the group number of each of ``respondent_ids`` (-1: in none)."""
    yield OVERALL, [ALL], np.zeros(len(respondent_ids), dtype=np.int64)
    found = pd.Index(respondent_ids).get_indexer(respondents["respondent_id"])
    for field in by:
        if field not in respondents.columns:
            raise ValueError(f"by: {field!r} is not a column of respondents ({list(respondents.columns)})")
        codes = respondents[field]
        group_of = np.full(len(respondent_ids), -1, dtype=np.int64)
        names = []
        for k, code in enumerate(sorted(codes.dropna().unique())):
            members = found[(codes == code).to_numpy(dtype=bool, na_value=False)]
            group_of[members[members >= 0]] = k
            names.append(str(code))
        yield field, names, group_of


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
    # integer codes for the respondents, skills and dimensions: every group is a selection of rows
    rid, respondent_ids = pd.factorize(ratings["respondent_id"].to_numpy())
    sid, skills_found = pd.factorize(ratings["skill_id"].to_numpy())
    did, dimensions_found = pd.factorize(ratings["dimension"].to_numpy())
    by_id = weights.reindex(pd.Index(respondent_ids))
    if by_id.isna().any():
        raise ValueError(
            f"ratings name respondent {by_id.index[by_id.isna()][0]!r}, who is not in respondents"
        )
    skills = list(skills_found)
    dimensions = list(dimensions_found)

    positions = None
    if design is not None:  # each rating's respondent as a row of the design
        rows_of = design.ids.get_indexer(pd.Index(respondent_ids))
        if (rows_of < 0).any():
            raise ValueError(
                f"ratings name respondent {respondent_ids[rows_of < 0][0]!r}, who is not in the survey design"
            )
        positions = rows_of[rid]
    value_array = values.to_numpy()
    weight_array = by_id.to_numpy(dtype=float)[rid]
    n_skills, n_dimensions = len(skills), len(dimensions)
    rows = []
    for scope, groups, group_of in _group_codes(respondents, by, respondent_ids):
        # one cell number per rating, (group, skill, dimension) in the order of the rows
        gid = group_of[rid]
        member = gid >= 0
        cell = (gid * n_skills + sid) * n_dimensions + did
        n_cells = len(groups) * n_skills * n_dimensions
        exists = np.bincount(cell[member], minlength=n_cells) > 0
        kept = np.flatnonzero(member & present.to_numpy())
        kept_cells = cell[kept]
        # a stable sort: each cell's ratings together, in the order of the ratings
        kept = kept[np.argsort(kept_cells.astype(np.int16 if n_cells < 2**15 else np.int64), kind="stable")]
        bounds = np.concatenate(([0], np.cumsum(np.bincount(kept_cells, minlength=n_cells))))
        for g, group in enumerate(groups):
            pending: list[tuple[int, np.ndarray]] = []  # (row, the cell's ratings' rows)
            for s, skill_id in enumerate(skills):
                for d, dimension in enumerate(dimensions):
                    c = (g * n_skills + s) * n_dimensions + d
                    if not exists[c]:
                        continue
                    at = kept[bounds[c]:bounds[c + 1]]
                    summary = _summary(value_array[at], weight_array[at], points, level)
                    rows.append({"scope": scope, "group": group, "skill_id": skill_id,
                                 "dimension": dimension, **summary})
                    if positions is not None and len(at):
                        pending.append((len(rows) - 1, at))
            if pending:  # the group's design-based intervals, every cell in one pass
                matrix = np.full((design.n, len(pending)), np.nan)
                for j, (_, at) in enumerate(pending):
                    matrix[positions[at], j] = value_array[at]
                estimates = design.means(matrix)
                for (row, _), estimate in zip(pending, estimates, strict=True):
                    ci_low, ci_high = estimate.ci(level)
                    half = (ci_high - ci_low) / 2.0
                    rows[row]["ci_low"] = rows[row]["mean"] - half
                    rows[row]["ci_high"] = rows[row]["mean"] + half
    table = pd.DataFrame(rows, columns=columns)
    table["n"] = table["n"].astype("int64")
    return table
