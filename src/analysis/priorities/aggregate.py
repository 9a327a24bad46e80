"""Aggregate normalised criteria into one score per candidate: weighted sum and TOPSIS.

Both take a normalised criteria table (:func:`analysis.priorities.criteria.normalise`): one row per
candidate (``microcredential_id``) and one column per criterion, all benefit-type (higher is
better). A table with ``scope`` and ``group`` columns is scored within each scope and group.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.config import PRIORITY_CRITERIA

__all__ = [
    "CRITERIA",
    "METHODS",
    "TIE_QUANTUM",
    "check_weights",
    "rank_draws",
    "rank_scores",
    "score_draws",
    "topsis",
    "weighted_sum",
]

CRITERIA = PRIORITY_CRITERIA
"""The criteria, in column order."""

METHODS = ("weighted_sum", "topsis")
"""The aggregation methods."""

_KEYS = ("scope", "group")


def check_weights(weights: Mapping[str, float], criteria: tuple[str, ...] | list[str]) -> np.ndarray:
    """Weights as a vector in ``criteria`` order (unnamed criteria weigh 0), summing to 1.

    Raises
    ------
    ValueError
        For a weight of an unknown criterion, a negative or non-finite weight, or all weights 0.
    """
    unknown = sorted(set(weights) - set(criteria))
    if unknown:
        raise ValueError(f"weights for unknown criteria {unknown}; criteria are {list(criteria)}")
    vector = np.array([float(weights.get(name, 0.0)) for name in criteria])
    if not np.isfinite(vector).all() or (vector < 0).any():
        raise ValueError(f"weights must be finite and >= 0, not {dict(weights)}")
    if vector.sum() <= 0:
        raise ValueError("at least one weight must be > 0")
    return vector / vector.sum()


#: Scores equal to 9 decimals are ties (the offline slider page uses the same rule), so float
#: noise from the order of summation never decides between truly tied candidates. This rule, not
#: the tolerance of :mod:`analysis.stats.ties` that ranks every statistic, orders the candidates:
#: it gives each candidate a rank of its own (ties go to the smaller id) and must give the same
#: order, bit for bit, in the browser's JavaScript (``report/templates/sliders.js``), where one
#: rounding per score is simpler to reproduce than sorting and scanning neighbours. Scores lie in
#: [0, 1], where 9 decimals and a tolerance of 1e-9 agree except for scores that straddle the
#: middle of two 9-decimal steps.
TIE_QUANTUM = 1e9


def rank_scores(ids: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Ranks 1 = highest score; ties (equal to 9 decimals) broken by id ascending, so ranks are distinct."""
    return rank_draws(np.asarray(ids), np.asarray(scores, dtype=float)[np.newaxis])[0]


def rank_draws(ids: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """(D x K) ranks of each row of scores, by the rule of :func:`rank_scores`."""
    keys = np.floor(np.asarray(scores, dtype=float) * TIE_QUANTUM + 0.5)
    by_id = np.argsort(np.argsort(np.asarray(ids).astype(str), kind="stable"), kind="stable")
    order = np.lexsort((np.broadcast_to(by_id, keys.shape), -keys), axis=-1)
    ranks = np.empty(keys.shape, dtype=np.int64)
    np.put_along_axis(ranks, order, np.broadcast_to(np.arange(1, keys.shape[-1] + 1), keys.shape), axis=-1)
    return ranks


def score_draws(x: np.ndarray, w: np.ndarray, method: str = "weighted_sum") -> np.ndarray:
    """Scores of every candidate in every draw: (D x K x C) criteria, (D x C) or (C,) weights -> (D x K).

    The same formulas as :func:`weighted_sum` and :func:`topsis` (see there), for many draws at once.
    """
    x = np.asarray(x, dtype=float)
    w = np.broadcast_to(np.asarray(w, dtype=float), (x.shape[0], x.shape[2]))
    if method == "weighted_sum":
        return np.einsum("dkc,dc->dk", x, w / w.sum(axis=1, keepdims=True))
    if method != "topsis":
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    norms = np.sqrt((x**2).sum(axis=1, keepdims=True))
    r = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)
    v = r * (w / w.sum(axis=1, keepdims=True))[:, np.newaxis, :]
    d_plus = np.sqrt(((v - v.max(axis=1, keepdims=True)) ** 2).sum(axis=2))
    d_minus = np.sqrt(((v - v.min(axis=1, keepdims=True)) ** 2).sum(axis=2))
    total = d_plus + d_minus
    return np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)


def _groups(normalised: pd.DataFrame) -> list[tuple[tuple[str, ...], pd.DataFrame]]:
    keys = [key for key in _KEYS if key in normalised.columns]
    if not keys:
        return [((), normalised)]
    return [
        (key if isinstance(key, tuple) else (key,), frame)
        for key, frame in normalised.groupby(keys, sort=False)
    ]


def _assemble(parts: list[pd.DataFrame], normalised: pd.DataFrame) -> pd.DataFrame:
    table = pd.concat(parts, ignore_index=True)
    keys = [key for key in _KEYS if key in normalised.columns]
    return table.sort_values([*keys, "rank"], kind="stable", ignore_index=True)


def weighted_sum(normalised: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    """Weighted sum (simple additive weighting) of the normalised criteria.

    Parameters
    ----------
    normalised
        microcredential_id and the criteria columns named in ``weights`` (values in [0, 1]);
        optional scope and group columns (scored within each).
    weights
        {criterion: weight >= 0}; criteria not named weigh 0.

    Returns
    -------
    DataFrame
        [scope, group,] microcredential_id, score, rank (1 = best; ties by id ascending),
        sorted by rank.

    Notes
    -----
    :math:`S_i = \\sum_c w_c x_{ic} / \\sum_c w_c`.

    References
    ----------
    Fishburn, P. C. (1967). Additive utilities with incomplete product sets. *Operations
    Research*, 15(3), 537-542.

    Examples
    --------
    Need weighs twice as much as breadth (weights normalised to 2/3 and 1/3):

    >>> import pandas as pd
    >>> from analysis.priorities import weighted_sum
    >>> normalised = pd.DataFrame({"microcredential_id": ["mc_a", "mc_b", "mc_c"],
    ...                            "need": [1.0, 0.6, 0.0], "breadth": [0.0, 1.0, 0.5]})
    >>> print(weighted_sum(normalised, {"need": 2, "breadth": 1}).round(4).to_string(index=False))
    microcredential_id  score  rank
                  mc_b 0.7333     1
                  mc_a 0.6667     2
                  mc_c 0.1667     3

    By hand: mc_b = (2 · 0.6 + 1 · 1.0) / 3 = 0.7333, mc_a = 2 / 3, mc_c = 0.5 / 3; in R
    ``as.vector(cbind(c(1, 0.6, 0), c(0, 1, 0.5)) %*% c(2, 1) / 3)``.
    """
    criteria = [name for name in CRITERIA if name in normalised.columns] or list(weights)
    w = check_weights(weights, criteria)
    parts = []
    for key, frame in _groups(normalised):
        scores = frame[criteria].to_numpy(dtype=float) @ w
        ids = frame["microcredential_id"].to_numpy()
        part = pd.DataFrame({"microcredential_id": ids, "score": scores, "rank": rank_scores(ids, scores)})
        for name, value in zip(_KEYS, key, strict=False):
            part.insert(_KEYS.index(name), name, value)
        parts.append(part)
    return _assemble(parts, normalised)


def topsis(normalised: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    """TOPSIS closeness to the ideal candidate (all criteria benefit-type).

    Parameters
    ----------
    normalised
        As for :func:`weighted_sum`.
    weights
        {criterion: weight >= 0}, normalised to sum 1.

    Returns
    -------
    DataFrame
        [scope, group,] microcredential_id, d_plus, d_minus, score (the closeness C), rank
        (1 = best; ties by id ascending), sorted by rank.

    Notes
    -----
    Vector normalisation :math:`r_{ic} = x_{ic} / \\sqrt{\\sum_k x_{kc}^2}` (0 for an all-zero
    column); weighted :math:`v_{ic} = w_c r_{ic}`; ideal :math:`A^+_c = \\max_i v_{ic}` and
    anti-ideal :math:`A^-_c = \\min_i v_{ic}`; Euclidean distances
    :math:`d^\\pm_i = \\lVert v_i - A^\\pm \\rVert_2`; closeness
    :math:`C_i = d^-_i / (d^+_i + d^-_i)` (0.5 when every candidate is the same).

    References
    ----------
    Hwang, C.-L., & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods and
    Applications*. Berlin: Springer.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.priorities import topsis
    >>> normalised = pd.DataFrame({"microcredential_id": ["mc_a", "mc_b", "mc_c"],
    ...                            "need": [1.0, 0.6, 0.0], "breadth": [0.0, 1.0, 0.5]})
    >>> print(topsis(normalised, {"need": 2, "breadth": 1}).round(4).to_string(index=False))
    microcredential_id  d_plus  d_minus  score  rank
                  mc_b  0.2287   0.4545 0.6653     1
                  mc_a  0.2981   0.5717 0.6572     2
                  mc_c  0.5908   0.1491 0.2015     3

    By hand: the column norms are :math:`\\sqrt{1.36} = 1.1662` and :math:`\\sqrt{1.25} = 1.1180`,
    so :math:`v_{need} = (0.5717, 0.3430, 0)` and :math:`v_{breadth} = (0, 0.2981, 0.1491)`; the
    ideal is (0.5717, 0.2981) and the anti-ideal (0, 0). For mc_b,
    :math:`d^+ = 0.5717 - 0.3430 = 0.2287`, :math:`d^- = \\sqrt{0.3430^2 + 0.2981^2} = 0.4545` and
    :math:`C = 0.4545 / (0.2287 + 0.4545) = 0.6653`.
    """
    criteria = [name for name in CRITERIA if name in normalised.columns] or list(weights)
    w = check_weights(weights, criteria)
    parts = []
    for key, frame in _groups(normalised):
        x = frame[criteria].to_numpy(dtype=float)
        norms = np.sqrt((x**2).sum(axis=0))
        r = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)
        v = r * w
        d_plus = np.sqrt(((v - v.max(axis=0)) ** 2).sum(axis=1))
        d_minus = np.sqrt(((v - v.min(axis=0)) ** 2).sum(axis=1))
        total = d_plus + d_minus
        closeness = np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)
        ids = frame["microcredential_id"].to_numpy()
        part = pd.DataFrame(
            {
                "microcredential_id": ids,
                "d_plus": d_plus,
                "d_minus": d_minus,
                "score": closeness,
                "rank": rank_scores(ids, closeness),
            }
        )
        for name, value in zip(_KEYS, key, strict=False):
            part.insert(_KEYS.index(name), name, value)
        parts.append(part)
    return _assemble(parts, normalised)
