"""How robust is the ranking of candidates? Stochastic multicriteria acceptability analysis (SMAA-2).

Weights are drawn uniformly from the simplex (no preference information) or within a band around
the weights a consortium set; criteria may be drawn too (a respondent bootstrap). Each draw ranks
the candidates by the weighted sum; the shares of draws give each candidate's rank
acceptability.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.priorities.aggregate import CRITERIA, check_weights, rank_draws, score_draws

__all__ = ["STABILITY_LEVELS", "minmax_draws", "rank_acceptability"]

STABILITY_LEVELS = {"stable": 0.8, "fairly stable": 0.5}
"""Smallest acceptability of the modal rank for each label; below the last: ``unstable``."""


def _draw_weights(
    rng: np.random.Generator, n_draws: int, n_criteria: int, centre: np.ndarray | None, band: float | None
) -> np.ndarray:
    if centre is None:
        return rng.dirichlet(np.ones(n_criteria), size=n_draws)
    if band is None:
        return np.broadcast_to(centre, (n_draws, n_criteria)).copy()
    low, high = centre * (1 - band), centre * (1 + band)
    draws = rng.uniform(low, high, size=(n_draws, n_criteria))
    return draws / draws.sum(axis=1, keepdims=True)


def minmax_draws(values: np.ndarray) -> np.ndarray:
    """Min-max per criterion over candidates (axis -2) of each draw; constant -> 0.5."""
    low = values.min(axis=-2, keepdims=True)
    span = values.max(axis=-2, keepdims=True) - low
    return np.where(span > 0, (values - low) / np.where(span > 0, span, 1.0), 0.5)


def rank_acceptability(
    normalised_or_criteria_draws: pd.DataFrame | np.ndarray,
    *,
    n_draws: int = 10_000,
    seed: int | Sequence[int],
    weights: Mapping[str, float] | None = None,
    band: float | None = None,
    candidates: Sequence[str] | None = None,
    criteria: Sequence[str] | None = None,
    method: str = "weighted_sum",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """SMAA-2 rank acceptability of each candidate under uncertain weights (and criteria).

    Parameters
    ----------
    normalised_or_criteria_draws
        Either a normalised criteria table of one scope and group (microcredential_id and the
        criteria columns), or a 3-D array (draws x candidates x criteria) of criteria from a
        respondent bootstrap, each draw min-max normalised here per criterion (constant -> 0.5);
        weight draw :math:`k` is paired with criteria draw :math:`k \\bmod D`.
    n_draws
        Number of weight draws.
    seed
        Seed of the generator (same seed, same input: identical results).
    weights
        Set weights {criterion: weight}; None: weights uniform on the simplex.
    band
        With ``weights``: each weight is drawn uniformly within ``w (1 - band)`` to
        ``w (1 + band)`` (relative band, 0 <= band <= 1) and the draw renormalised to sum 1;
        None: the weights as set (only the criteria vary).
    candidates, criteria
        Names of the array's axes (3-D input; default ``c0, c1, ...`` and :data:`CRITERIA`).
    method
        ``weighted_sum`` or ``topsis`` (:func:`~analysis.priorities.aggregate.score_draws`).

    Returns
    -------
    acceptability : DataFrame
        Candidates (index ``microcredential_id``, sorted by expected rank) x ranks 1..m (columns):
        the share of draws in which the candidate takes that rank.
    summary : DataFrame
        microcredential_id, expected_rank, p_first, one ``central_weight_<criterion>`` column per
        criterion (mean weights of the draws in which it ranks first; NaN if never),
        modal_rank, modal_acceptability, stability.

    Notes
    -----
    Score of candidate :math:`i` in draw :math:`k` (weighted sum):
    :math:`u_{ik} = \\sum_c w_{kc} x_{ic}` with
    :math:`w_k \\sim \\mathrm{Dirichlet}(1, \\dots, 1)` (uniform on the simplex). Ranks 1 = best,
    ties broken by id ascending. Rank acceptability :math:`b_i^r = \\#\\{k : r_{ik} = r\\} / K`;
    expected rank :math:`\\sum_r r\\, b_i^r`; central weight vector
    :math:`w_i^c = \\mathrm{mean}\\{w_k : r_{ik} = 1\\}`. Stability from the modal rank's
    acceptability: ``stable`` >= 0.8, ``fairly stable`` >= 0.5, else ``unstable``.

    References
    ----------
    Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability analysis
    for group decision making. *Operations Research*, 49(3), 444-454.
    Tervonen, T., & Figueira, J. R. (2008). A survey on stochastic multicriteria acceptability
    analysis methods. *Journal of Multi-Criteria Decision Analysis*, 15(1-2), 1-14.

    Examples
    --------
    A candidate best on every criterion ranks first under any weights:

    >>> import pandas as pd
    >>> from analysis.priorities import rank_acceptability
    >>> dominated = pd.DataFrame({"microcredential_id": ["mc_a", "mc_b", "mc_c"],
    ...                           "need": [1.0, 0.5, 0.0], "breadth": [1.0, 0.2, 0.0]})
    >>> acceptability, summary = rank_acceptability(dominated, n_draws=1000, seed=1)
    >>> print(acceptability.to_string())
    rank                  1    2    3
    microcredential_id
    mc_a                1.0  0.0  0.0
    mc_b                0.0  1.0  0.0
    mc_c                0.0  0.0  1.0
    >>> summary["stability"].tolist()
    ['stable', 'stable', 'stable']

    Two candidates each best on one of two criteria: with weights uniform on the simplex, each
    ranks first when its criterion weighs more than 1/2, i.e. in half of the draws (by symmetry):

    >>> mirrored = pd.DataFrame({"microcredential_id": ["mc_a", "mc_b"],
    ...                          "need": [1.0, 0.0], "breadth": [0.0, 1.0]})
    >>> acceptability, summary = rank_acceptability(mirrored, n_draws=10_000, seed=1)
    >>> summary["p_first"].round(1).tolist()
    [0.5, 0.5]
    """
    if n_draws < 1:
        raise ValueError(f"n_draws must be >= 1, not {n_draws}")
    if band is not None and not 0 <= band <= 1:
        raise ValueError(f"band must be within [0, 1], not {band}")
    if isinstance(normalised_or_criteria_draws, pd.DataFrame):
        frame = normalised_or_criteria_draws
        if frame["microcredential_id"].duplicated().any():
            raise ValueError("one row per candidate: filter the table to one scope and group first")
        names = list(criteria) if criteria is not None else [c for c in CRITERIA if c in frame.columns]
        ids = frame["microcredential_id"].astype(str).to_numpy()
        values = frame[names].to_numpy(dtype=float)[np.newaxis]
    else:
        values = minmax_draws(np.asarray(normalised_or_criteria_draws, dtype=float))
        if values.ndim != 3:
            raise ValueError("criteria draws must be a 3-D array (draws x candidates x criteria)")
        names = list(criteria) if criteria is not None else list(CRITERIA[: values.shape[2]])
        ids = np.array(
            list(candidates) if candidates is not None else [f"c{i}" for i in range(values.shape[1])]
        )
    if np.isnan(values).any():
        raise ValueError("criteria have missing values; drop or fill those candidates first")
    m, n = values.shape[1], values.shape[2]
    if len(ids) != m or len(names) != n:
        raise ValueError("candidates/criteria names do not match the array's shape")
    centre = check_weights(weights, names) if weights is not None else None
    if band is not None and centre is None:
        raise ValueError("band needs weights to centre on")
    rng = np.random.default_rng(seed)
    w = _draw_weights(rng, n_draws, n, centre, band)
    x = values[np.arange(n_draws) % values.shape[0]] if values.shape[0] > 1 else values[0]
    scores = score_draws(x if x.ndim == 3 else np.broadcast_to(x, (n_draws, m, n)), w, method)
    ranks = rank_draws(ids, scores) - 1  # 0-based; ties (to 9 decimals) by id ascending
    counts = np.stack([np.bincount(ranks[:, i], minlength=m) for i in range(m)])  # loop over candidates
    acceptability = counts / n_draws
    expected = acceptability @ np.arange(1, m + 1)
    first = ranks == 0
    with np.errstate(invalid="ignore", divide="ignore"):
        central = (first.T.astype(float) @ w) / first.sum(axis=0)[:, None]
    modal = acceptability.argmax(axis=1)
    modal_share = acceptability[np.arange(m), modal]
    stability = np.where(
        modal_share >= STABILITY_LEVELS["stable"],
        "stable",
        np.where(modal_share >= STABILITY_LEVELS["fairly stable"], "fairly stable", "unstable"),
    )
    summary = pd.DataFrame(
        {"microcredential_id": ids, "expected_rank": expected, "p_first": acceptability[:, 0]}
    )
    for j, name in enumerate(names):
        summary[f"central_weight_{name}"] = central[:, j]
    summary["modal_rank"] = modal + 1
    summary["modal_acceptability"] = modal_share
    summary["stability"] = stability
    order_out = np.lexsort((ids, expected))
    summary = summary.iloc[order_out].reset_index(drop=True)
    table = pd.DataFrame(acceptability[order_out], index=pd.Index(ids[order_out], name="microcredential_id"))
    table.columns = pd.Index(range(1, m + 1), name="rank")
    return table, summary
