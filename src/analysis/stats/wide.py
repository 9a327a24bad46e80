"""MWDS and their delta-method covariance from wide (respondents x skills) arrays, in row blocks.

The long-format :func:`analysis.stats.rank_sets.analytic_mwds_covariance` pivots its pairs to a
respondents-by-skills matrix before it computes anything; for a million respondents the pivot of
20 million pairs costs far more time and memory than the arithmetic. The functions here take the
matrices directly: ``importance`` and ``proficiency`` as ``(n, p)`` float arrays with NaN where a
respondent did not rate a skill (a cell counts only when both ratings are present), and
optional weights per row. Rows are processed in blocks of :data:`BLOCK_ROWS`, so the temporaries
stay a few megabytes whatever ``n``: two passes over the data, the first for the weighted means,
the second for the influence values and their cross-products.

Notes
-----
With :math:`a_{is} = 1` if respondent :math:`i` rated both dimensions of skill :math:`s`,
:math:`W_s = \\sum_i w_i a_{is}`, :math:`D = I - P` and the weighted means
:math:`\\bar D_s, \\bar I_s`, the influence of respondent :math:`i` on
:math:`MWDS_s = \\bar D_s \\bar I_s` is

.. math:: z_{is} = \\frac{w_i a_{is}}{W_s}
          \\left[\\bar I_s (D_{is} - \\bar D_s) + \\bar D_s (I_{is} - \\bar I_s)\\right],

and the covariance :math:`\\frac{n}{n-1} Z^\\top Z` (:func:`analysis.stats.rank_sets.mwds_influence`
and :func:`analysis.stats.rank_sets.analytic_mwds_covariance`, equal up to rounding).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "BLOCK_ROWS", "DesignMatrices", "design_matrices", "stratified_covariance", "wide_mwds",
    "wide_mwds_covariance", "wide_mwds_influence",
]

#: Rows per block: 4,096 rows x 20 skills of float64 is 640 kB per temporary, within a core's cache.
BLOCK_ROWS = 4096


def _check(
    importance: np.ndarray, proficiency: np.ndarray, weights: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    importance = np.asarray(importance, dtype=float)
    proficiency = np.asarray(proficiency, dtype=float)
    if importance.ndim != 2 or importance.shape != proficiency.shape:
        raise ValueError(
            f"importance {importance.shape} and proficiency {proficiency.shape} must be the same (n, p) shape"
        )
    if weights is not None:
        weights = np.asarray(weights, dtype=float)
        if weights.shape != (importance.shape[0],):
            raise ValueError(f"weights: {weights.shape} values for {importance.shape[0]} respondents")
        if np.isnan(weights).any() or (weights < 0).any():
            raise ValueError("weights: every respondent needs a non-negative weight")
    return importance, proficiency, weights


def _block(
    importance: np.ndarray, proficiency: np.ndarray, start: int, stop: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """D and I of rows ``start:stop``, 0 where not rated, and the rated mask (None: all rated)."""
    i = importance[start:stop]
    d = i - proficiency[start:stop]
    missing = np.isnan(d)
    if not missing.any():
        return d, i, None
    d[missing] = 0.0
    return d, np.where(missing, 0.0, i), ~missing


def _weighted_sums(values: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    """:math:`\\sum_i w_i a_{is} x_{is}` per column (``values`` already 0 where not rated)."""
    if weights is None:
        return values.sum(axis=0)
    return weights @ values


def wide_mwds(
    importance: np.ndarray, proficiency: np.ndarray, weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted mean discrepancy, mean importance and weight total per skill, in one pass.

    Returns
    -------
    tuple of arrays
        :math:`\\bar D_s`, :math:`\\bar I_s` and :math:`W_s` (length ``p``); the MWDS is
        :math:`\\bar D_s \\bar I_s`. NaN means for a skill nobody rated.
    """
    importance, proficiency, weights = _check(importance, proficiency, weights)
    n, p = importance.shape
    total, sum_d, sum_i = np.zeros(p), np.zeros(p), np.zeros(p)
    for start in range(0, n, BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, n)
        d, i, rated = _block(importance, proficiency, start, stop)
        w = None if weights is None else weights[start:stop]
        if rated is None:
            total += stop - start if w is None else w.sum()
        else:
            total += _weighted_sums(rated.astype(float), w)
        sum_d += _weighted_sums(d, w)
        sum_i += _weighted_sums(i, w)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sum_d / total, sum_i / total, total


def _centred(
    d: np.ndarray, i: np.ndarray, rated: np.ndarray | None, mean_d: np.ndarray, mean_i: np.ndarray
) -> np.ndarray:
    """:math:`a_{is}[\\bar I_s (D_{is} - \\bar D_s) + \\bar D_s (I_{is} - \\bar I_s)]` of a block.

    Computed in place of ``d``.
    """
    d -= mean_d
    d *= mean_i
    u = i - mean_i
    u *= mean_d
    d += u
    if rated is not None:
        d[~rated] = 0.0
    return d


def wide_mwds_influence(
    importance: np.ndarray, proficiency: np.ndarray, weights: np.ndarray | None = None
) -> np.ndarray:
    """Influence values :math:`z_{is}` (``(n, p)``, 0 where not rated) of every row on every MWDS.

    Equal (up to rounding) to :func:`analysis.stats.rank_sets.mwds_influence` of the same pairs.
    """
    importance, proficiency, weights = _check(importance, proficiency, weights)
    mean_d, mean_i, total = wide_mwds(importance, proficiency, weights)
    z = np.empty(importance.shape)
    for start in range(0, importance.shape[0], BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, importance.shape[0])
        d, i, rated = _block(importance, proficiency, start, stop)
        u = _centred(d, i, rated, mean_d, mean_i)
        if weights is not None:
            u *= weights[start:stop, None]
        z[start:stop] = u / total
    return z


def _stratum_codes(strata: np.ndarray | Sequence[object] | None, n: int) -> np.ndarray | None:
    """Integer code of each row's stratum (missing: a stratum of its own), sorted; None: one stratum."""
    if strata is None:
        return None
    values = pd.Series(np.asarray(strata, dtype=object)).astype(object)
    if len(values) != n:
        raise ValueError(f"strata: {len(values)} values for {n} respondents")
    codes, _ = pd.factorize(values.where(values.notna(), "\x00missing"), sort=True)
    return codes


def wide_mwds_covariance(
    importance: np.ndarray,
    proficiency: np.ndarray,
    weights: np.ndarray | None = None,
    strata: np.ndarray | Sequence[object] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """MWDS per skill and their delta-method covariance, weights held fixed, two passes in blocks.

    Parameters
    ----------
    importance, proficiency
        ``(n, p)`` ratings, NaN where missing (a cell counts when both are present).
    weights
        Survey weight per row (None: 1).
    strata
        Stratum of each row (missing: a stratum of its own); None: one stratum. With strata the
        influences are centred within each stratum, as
        :func:`analysis.stats.rank_sets.analytic_mwds_covariance` with ``strata``.

    Returns
    -------
    tuple of arrays
        The MWDS (length ``p``) and the ``p x p`` covariance :math:`\\frac{n}{n-1} Z^\\top Z`
        with ``n`` the rows, as :func:`analysis.stats.rank_sets.analytic_mwds_covariance` (whose
        ``n`` is the respondents with at least one pair: pass those rows only to match it). With
        strata
        :math:`\\sum_h \\frac{n_h}{n_h-1} \\sum_{i \\in h} (z_i - \\bar z_h)(z_i - \\bar z_h)^\\top`,
        accumulated in the same pass as
        :math:`\\frac{n_h}{n_h-1}(\\sum_{i \\in h} z_i z_i^\\top - n_h \\bar z_h \\bar z_h^\\top)`;
        a stratum of one row adds nothing.

    Examples
    --------
    >>> import numpy as np
    >>> from analysis.stats.wide import wide_mwds_covariance
    >>> mwds, cov = wide_mwds_covariance(np.array([[5.0], [4.0], [3.0]]), np.array([[2.0], [4.0], [1.0]]))
    >>> print(f"MWDS {mwds[0]:.4f}, SE {np.sqrt(cov[0, 0]):.4f}")
    MWDS 6.6667, SE 3.9487
    """
    importance, proficiency, weights = _check(importance, proficiency, weights)
    n, p = importance.shape
    if n < 2:
        raise ValueError(f"{n} respondent; a covariance needs at least 2")
    codes = _stratum_codes(strata, n)
    n_strata = 1 if codes is None or n == 0 else int(codes.max()) + 1
    mean_d, mean_i, total = wide_mwds(importance, proficiency, weights)
    cross = np.zeros((n_strata, p, p))
    sums = np.zeros((n_strata, p))
    # u = mean_i (D - mean_d) + mean_d (I - mean_i) = (mean_i + mean_d) I - mean_i P - 2 mean_i mean_d
    slope_i, slope_p, offset = mean_i + mean_d, mean_i, 2.0 * mean_i * mean_d
    u_block, p_block = np.empty((BLOCK_ROWS, p)), np.empty((BLOCK_ROWS, p))
    for start in range(0, n, BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, n)
        u, scaled_p = u_block[: stop - start], p_block[: stop - start]
        np.multiply(importance[start:stop], slope_i, out=u)
        np.multiply(proficiency[start:stop], slope_p, out=scaled_p)
        u -= scaled_p
        u -= offset
        if np.isnan(u.sum()):
            u[np.isnan(u)] = 0.0
        if weights is not None:
            u *= weights[start:stop, None]
        if codes is None:
            cross[0] += u.T @ u
            continue
        block_codes = codes[start:stop]
        for code in np.unique(block_codes):
            part = u[block_codes == code]
            cross[code] += part.T @ part
            sums[code] += part.sum(axis=0)
    # z = w u / W: the division by the totals moves out of the sum
    if codes is None:
        return mean_d * mean_i, cross[0] / np.outer(total, total) * (n / (n - 1))
    else:
        sizes = np.bincount(codes, minlength=n_strata)
        covariance = np.zeros((p, p))
        for code, m in enumerate(sizes):
            if m > 1:
                covariance += (cross[code] - np.outer(sums[code], sums[code]) / m) * (m / (m - 1))
    return mean_d * mean_i, covariance / np.outer(total, total)


@dataclass(frozen=True)
class DesignMatrices:
    """The data as (respondents x skills) matrices, respondents and skills sorted by id."""

    respondent_ids: np.ndarray
    skill_ids: np.ndarray
    available: np.ndarray  # a_is, 0/1
    discrepancy: np.ndarray  # D_is, 0 where unavailable
    importance: np.ndarray  # I_is, 0 where unavailable
    weight: np.ndarray  # w_i
    stacked: np.ndarray  # [w*a | w*D | w*I]: (respondents x 3 skills), one matrix product

    def subset(
        self, rows: np.ndarray, columns: np.ndarray, weight: np.ndarray | None = None
    ) -> DesignMatrices:
        """The matrices of the pairs of some respondents and skills, as :func:`design_matrices` of
        those pairs alone: ``rows`` and ``columns`` are ascending positions, and the respondents
        left are those with a pair among the skills kept.

        ``weight`` (one per row of these matrices, NaN: none) replaces the weights; None keeps them.
        """
        available = self.available[np.ix_(rows, columns)]
        rated = available.any(axis=1)
        rows, available = rows[rated], available[rated]
        cells = np.ix_(rows, columns)
        return _matrices(
            self.respondent_ids[rows], self.skill_ids[columns], available, self.discrepancy[cells],
            self.importance[cells], (self.weight if weight is None else weight)[rows],
        )


def _matrices(
    respondent_ids: np.ndarray, skill_ids: np.ndarray, available: np.ndarray, discrepancy: np.ndarray,
    importance: np.ndarray, weight: np.ndarray,
) -> DesignMatrices:
    if np.isnan(weight).any() or (weight < 0).any():
        raise ValueError("every respondent in pairs needs a non-negative weight")
    stacked = np.hstack([available, discrepancy, importance]) * weight[:, None]
    return DesignMatrices(respondent_ids, skill_ids, available, discrepancy, importance, weight, stacked)


def design_matrices(pairs: pd.DataFrame, weights: pd.Series | None = None) -> DesignMatrices:
    """The importance-proficiency pairs as (respondents x skills) matrices, ids sorted.

    Built once for a survey, :meth:`DesignMatrices.subset` gives a group's matrices without
    reading the pairs again.
    """
    respondent_ids = np.array(sorted(pairs["respondent_id"].unique()), dtype=object)
    skill_ids = np.array(sorted(pairs["skill_id"].unique()), dtype=object)
    rows = pd.Index(respondent_ids).get_indexer(pairs["respondent_id"])
    cols = pd.Index(skill_ids).get_indexer(pairs["skill_id"])
    shape = (len(respondent_ids), len(skill_ids))
    available = np.zeros(shape)
    discrepancy = np.zeros(shape)
    importance = np.zeros(shape)
    available[rows, cols] = 1.0
    discrepancy[rows, cols] = pairs["discrepancy"].to_numpy(dtype=float)
    importance[rows, cols] = pairs["importance"].to_numpy(dtype=float)
    if weights is None:
        weight = np.ones(len(respondent_ids))
    else:
        weight = weights.reindex(respondent_ids).to_numpy(dtype=float)
    return _matrices(respondent_ids, skill_ids, available, discrepancy, importance, weight)


def stratified_covariance(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Sum over strata of the ``(m / (m - 1))``-scaled cross-products of values centred within
    their stratum (strata of one member add nothing): the with-replacement variance of a
    stratified sample's total of influence values, as R survey's ``svyrecvar`` sums it.

    ``values`` is (n x p), ``codes`` the stratum of each row as 0 .. k - 1.
    """
    covariance = np.zeros((values.shape[1], values.shape[1]))
    for code in range(int(codes.max()) + 1 if len(codes) else 0):
        part = values[codes == code]
        m = len(part)
        if m > 1:
            part = part - part.mean(axis=0)
            covariance += part.T @ part * (m / (m - 1))
    return covariance

