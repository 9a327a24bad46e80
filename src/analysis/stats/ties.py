"""Ranks with ties: the one rule every ranking of the project uses.

Scores such as the Borich MWDS are products of means, so two skills whose scores are equal in
exact arithmetic can differ in the last bits of their floating-point values (the order of
summation decides which way). Ranking those bits would give one of two equal needs a better rank
by chance. Here values are compared with a relative tolerance instead, and values that are equal
within it share a rank.

Notes
-----
Two values :math:`a` and :math:`b` are *close* when

.. math:: |a - b| \\le \\tau \\cdot \\max(1, |a|, |b|), \\qquad \\tau = 10^{-9}

(:data:`RTOL`; relative for values above 1, absolute below, so values near 0 are compared at
:math:`10^{-9}` too). Infinite values are close only to an equal value. The values are sorted
(largest first for ``descending``) and cut into *tie groups*: a new group starts wherever two
neighbours in that order are not close. A group thus is a run whose neighbours are all close
(its ends may differ by more than :math:`\\tau` in a long chain of near-equal values, which
scores of a survey never form). The rule depends on the values only, not on their order in the
input. Every member of a group gets the same rank: the smallest position of the group
(``method="min"``, 1, 2, 2, 4: the rank of ``needs.csv``) or the mean of its positions
(``method="average"``, 1, 2.5, 2.5, 4: the ranks of Kendall's W, Spearman's rho and rank tests).
Missing values (NaN) get no rank (``missing="keep"``) or rank after every other value
(``missing="last"``, sharing the last group).

Why :math:`10^{-9}`: the rounding error of a mean of :math:`n` doubles is at most about
:math:`n \\cdot 2^{-53}` relative (:math:`1.1 \\cdot 10^{-10}` at a million respondents, far less in
practice), so ties of exact arithmetic always fall within the tolerance; and two scores that
differ by less than a billionth of their size do not differ in any sense a survey can measure
(the standard error of an MWDS is of the order of :math:`1/\\sqrt{n}`, still :math:`10^{-3}` at a
million respondents).

Ranks of integer data (ratings, rating differences) are the same as with exact comparison.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

__all__ = ["RTOL", "tie_sizes", "tied_ranks", "tied_ranks_rows"]

#: Relative tolerance under which two values are tied (module notes).
RTOL = 1e-9

_METHODS = ("min", "average")
_MISSING = ("keep", "last")


def _check(method: str, missing: str) -> None:
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, not {method!r}")
    if missing not in _MISSING:
        raise ValueError(f"missing must be one of {_MISSING}, not {missing!r}")


def _tolerance(rtol: float | None) -> float:
    tolerance = RTOL if rtol is None else float(rtol)
    if not (np.isfinite(tolerance) and tolerance >= 0):
        raise ValueError(f"rtol must be a finite number >= 0, not {rtol!r}")
    return tolerance


def _close(a: np.ndarray, b: np.ndarray, rtol: float) -> np.ndarray:
    """Elementwise: equal, or both finite and within ``rtol * max(1, |a|, |b|)``."""
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(a) & np.isfinite(b)
        scale = np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
        near = np.abs(a - b) <= rtol * scale
    return (a == b) | (finite & near) | (np.isnan(a) & np.isnan(b))


def _sorted_groups(
    values: np.ndarray, descending: bool, rtol: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(order, start, end): the sort order of each row and the 1-based first and last position of
    the tie group at each sorted position. NaN sorts last (one group of its own)."""
    keys = np.where(np.isnan(values), np.inf, -values if descending else values)
    order = np.argsort(keys, axis=-1, kind="stable")
    ordered = np.take_along_axis(values, order, axis=-1)
    k = values.shape[-1]
    new = np.ones(values.shape, dtype=bool)
    if k > 1:
        new[..., 1:] = ~_close(ordered[..., 1:], ordered[..., :-1], rtol)
    positions = np.broadcast_to(np.arange(1, k + 1), values.shape)
    start = np.maximum.accumulate(np.where(new, positions, 0), axis=-1)
    last = np.ones(values.shape, dtype=bool)
    if k > 1:
        last[..., :-1] = new[..., 1:]
    end = np.flip(
        np.minimum.accumulate(np.flip(np.where(last, positions, k + 1), axis=-1), axis=-1), axis=-1
    )
    return order, start, end


def tied_ranks_rows(
    values: np.ndarray,
    *,
    descending: bool = True,
    method: Literal["min", "average"] = "min",
    missing: Literal["keep", "last"] = "keep",
    rtol: float | None = None,
) -> np.ndarray:
    """Rank each row of a matrix (e.g. bootstrap resamples x skills) with the tie rule.

    Parameters
    ----------
    values
        ``(B x K)`` values (a 1-D array is one row).
    descending
        Rank 1 = the largest value (True) or the smallest (False).
    method
        ``"min"``: a tie group shares its smallest position; ``"average"``: the mean of its
        positions.
    missing
        NaN values: ``"keep"`` (their rank is NaN) or ``"last"`` (they share the positions after
        every other value).
    rtol
        The tolerance :math:`\\tau` (module notes); None: :data:`RTOL`; 0 compares exactly.

    Returns
    -------
    numpy.ndarray
        Float ranks of the same shape.

    Notes
    -----
    Vectorised over the rows: one sort per row and a scan of neighbours, :math:`O(BK\\log K)`.
    """
    _check(method, missing)
    rtol = _tolerance(rtol)
    array = np.asarray(values, dtype=float)
    matrix = np.atleast_2d(array)
    order, start, end = _sorted_groups(matrix, descending, rtol)
    sorted_ranks = start.astype(float) if method == "min" else (start + end) / 2.0
    ranks = np.empty(matrix.shape)
    np.put_along_axis(ranks, order, sorted_ranks, axis=-1)
    if missing == "keep":
        ranks[np.isnan(matrix)] = np.nan
    return ranks.reshape(array.shape)


def tied_ranks(
    values: object,
    *,
    descending: bool = True,
    method: Literal["min", "average"] = "min",
    missing: Literal["keep", "last"] = "keep",
    rtol: float | None = None,
) -> np.ndarray:
    """Rank values with ties of exact arithmetic sharing a rank (module notes).

    Parameters
    ----------
    values
        A sequence of numbers (list, array, Series).
    descending, method, missing, rtol
        As :func:`tied_ranks_rows`.

    Returns
    -------
    numpy.ndarray
        Float ranks in the order of ``values``.

    Examples
    --------
    Two MWDS equal in exact arithmetic, :math:`\\frac{39}{11}\\cdot\\frac{12}{11} =
    \\frac{36}{11}\\cdot\\frac{13}{11} = \\frac{468}{121}`, differ in the last bit as doubles; they
    share rank 2:

    >>> from analysis.stats.ties import tied_ranks
    >>> mwds = [5.0, (39 / 11) * (12 / 11), (36 / 11) * (13 / 11), 1.0]
    >>> mwds[1] == mwds[2]
    False
    >>> tied_ranks(mwds).tolist()
    [1.0, 2.0, 2.0, 4.0]
    >>> tied_ranks(mwds, method="average").tolist()
    [1.0, 2.5, 2.5, 4.0]

    Exact comparison (``rtol=0``, as pandas ``rank(method="min")`` or R ``rank(-x, ties.method =
    "min")``) splits them: ``[1.0, 3.0, 2.0, 4.0]``.

    >>> tied_ranks(mwds, rtol=0).tolist()
    [1.0, 3.0, 2.0, 4.0]
    """
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"values must be one-dimensional, not of shape {array.shape}")
    return tied_ranks_rows(array, descending=descending, method=method, missing=missing, rtol=rtol)


def tie_sizes(values: object, *, rtol: float | None = None) -> np.ndarray:
    """The sizes :math:`t` of the tie groups of ``values`` (NaN ignored), for tie corrections.

    Examples
    --------
    >>> from analysis.stats.ties import tie_sizes
    >>> tie_sizes([2.0, (39 / 11) * (12 / 11), 1.0, (36 / 11) * (13 / 11), 2.0]).tolist()
    [2, 2, 1]
    """
    array = np.asarray(values, dtype=float)
    array = array[~np.isnan(array)]
    if array.size == 0:
        return np.zeros(0, dtype=np.int64)
    _, start, end = _sorted_groups(array[np.newaxis], True, _tolerance(rtol))
    first = np.unique(start[0])
    return (end[0][first - 1] - first + 1).astype(np.int64)
