"""Confidence sets for ranks: marginal, simultaneous and top-k (Mogstad, Romano, Shaikh & Wilhelm).

Notes
-----
The skills are ranked by estimates :math:`\\hat\\theta_1, \\dots, \\hat\\theta_p` (e.g. MWDS), largest
first (rank 1 = greatest value). Their joint sampling distribution is taken as
:math:`\\hat\\theta - \\theta \\approx N(0, \\Sigma)`. The rank of :math:`j` is
:math:`r_j = 1 + \\#\\{k : \\theta_k > \\theta_j\\}`, so a confidence set for it follows from
confidence statements on the signs of the differences :math:`\\theta_j - \\theta_k`:

.. math:: [\\,1 + \\#\\{k : \\theta_k - \\theta_j \\text{ surely} > 0\\},\\;
          p - \\#\\{k : \\theta_j - \\theta_k \\text{ surely} > 0\\}\\,].

"Surely" means: the lower confidence bound
:math:`\\hat\\theta_j - \\hat\\theta_k - \\hat\\sigma_{jk} \\hat c` of the difference is above zero,
where :math:`\\hat\\sigma_{jk}^2 = \\Sigma_{jj} + \\Sigma_{kk} - 2\\Sigma_{jk}` and :math:`\\hat c`
is the ``level`` quantile of the studentised maximum
:math:`\\max_{(j,k) \\in I} (Z_j - Z_k) / \\hat\\sigma_{jk}` over :math:`Z \\sim N(0, \\Sigma)`
(a parametric bootstrap with ``B`` draws, quantile of type 7 as R's ``quantile``). The set of
compared pairs :math:`I` holds, for a *marginal* set of skill :math:`j`, only the pairs
involving :math:`j`; for the *simultaneous* sets, the pairs involving any skill of interest.
With ``stepdown`` the pairs already found significant are removed and the critical value is
computed again over the remaining ones until nothing new is rejected (Romano & Wolf, 2005).

A marginal set covers the true rank of its own skill with probability about ``level``;
simultaneous sets cover the true ranks of all skills of interest at once with probability about
``level``, hence are wider. The top-k confidence set contains, with probability about ``level``,
every skill whose true rank is at most k: the skills whose one-sided simultaneous lower rank
bound is at most k.

This is a port of ``csranks::csranks`` and ``csranks::cstaubest`` (R package ``csranks`` 1.2.2,
Wilhelm & Morgen), with the same draws up to the random number generator: the normal draws use
the eigen-decomposition of :math:`\\Sigma` like ``MASS::mvrnorm``, one set of ``B`` draws per
step, the generator seeded once per call (per skill for marginal sets, as in R).

References
----------
Mogstad, M., Romano, J. P., Shaikh, A. M., & Wilhelm, D. (2024). Inference for ranks with
applications to mobility across neighbourhoods and academic achievement across countries.
*Review of Economic Studies*, 91(1), 476-518. https://doi.org/10.1093/restud/rdad006
Romano, J. P., & Wolf, M. (2005). Exact and approximate stepdown methods for multiple hypothesis
testing. *Journal of the American Statistical Association*, 100(469), 94-108.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from analysis.stats.wide import design_matrices, stratified_covariance

__all__ = [
    "analytic_mwds_covariance",
    "bootstrap_covariance",
    "mwds_influence",
    "normal_factor",
    "rank_confidence_sets",
    "top_k_probability",
    "top_k_set",
]

SetType = Literal["two-sided", "lower", "upper"]
_SET_TYPES = ("two-sided", "lower", "upper")
_DRAW_CHUNK = 4096  # draws per block when taking the maximum statistic (bounds memory)


def _check_inputs(
    estimates: Sequence[float] | np.ndarray, cov: np.ndarray | pd.DataFrame, level: float, B: int
) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(estimates, dtype=float)
    sigma = np.asarray(cov, dtype=float)
    if x.ndim != 1 or x.size < 2:
        raise ValueError(f"estimates must be a vector of at least 2 values, got shape {x.shape}")
    if sigma.shape != (x.size, x.size):
        raise ValueError(f"cov must be {x.size} x {x.size} to match the estimates, got shape {sigma.shape}")
    if not np.all(np.isfinite(x)):
        bad = int(np.flatnonzero(~np.isfinite(x))[0])
        raise ValueError(f"estimates[{bad}] is {x[bad]}: every estimate must be a finite number")
    if not np.all(np.isfinite(sigma)):
        raise ValueError("cov has missing or infinite entries: every covariance must be a finite number")
    if not np.allclose(sigma, sigma.T, rtol=1e-8, atol=1e-12 * max(1.0, np.abs(sigma).max())):
        raise ValueError("cov must be symmetric")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be strictly between 0 and 1, got {level}")
    if not isinstance(B, (int, np.integer)) or B < 1:
        raise ValueError(f"B must be a positive integer, got {B!r}")
    return x, (sigma + sigma.T) / 2.0


def normal_factor(sigma: np.ndarray) -> np.ndarray:
    """``A`` with ``A @ A.T = sigma`` from the eigen-decomposition (as ``MASS::mvrnorm``)."""
    values, vectors = np.linalg.eigh(sigma)
    if np.any(values < -1e-6 * np.abs(values).max()):
        raise ValueError("cov is not positive semi-definite: it cannot be a covariance matrix")
    return vectors * np.sqrt(np.clip(values, 0.0, None))


def _quantile_of_max(
    factor: np.ndarray, pairs: np.ndarray, scales: np.ndarray, level: float, B: int,
    rng: np.random.Generator, statistic: Literal["max", "min"],
) -> float:
    """``level`` quantile of max_{(j,k)} (Z_j - Z_k)/s_jk (``max``) or of max of its negative."""
    first, second = pairs[:, 0], pairs[:, 1]
    maxima = np.empty(B)
    for start in range(0, B, _DRAW_CHUNK):
        stop = min(B, start + _DRAW_CHUNK)
        z = rng.standard_normal((stop - start, factor.shape[1])) @ factor.T
        scaled = (z[:, first] - z[:, second]) / scales
        maxima[start:stop] = scaled.max(axis=1) if statistic == "max" else (-scaled).max(axis=1)
    return float(np.quantile(maxima, level))


def _difference_bounds(
    x: np.ndarray, sigma: np.ndarray, indices: np.ndarray, kind: Literal["symmetric", "lower", "upper"],
    stepdown: bool, level: float, B: int, seed: int | None, factor: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Simultaneous confidence bounds for the differences x_j - x_k (``csdiffmeans`` in csranks)."""
    p = x.size
    diff = x[:, None] - x[None, :]
    variance = np.diag(sigma)
    sd = np.sqrt(np.clip(variance[:, None] + variance[None, :] - 2.0 * sigma, 0.0, None))
    active = np.zeros((p, p), dtype=bool)
    active[indices, :] = True
    if stepdown and kind == "symmetric":  # both one-sided directions as one-sided lower bounds
        active[:, indices] = True
        kind = "lower"
    np.fill_diagonal(active, False)
    # a difference known without error (sd 0) needs no critical value: its bound is itself
    exact = active & (sd == 0.0)
    active &= ~exact
    lower = np.full((p, p), -np.inf)
    upper = np.full((p, p), np.inf)
    lower[exact] = upper[exact] = diff[exact]
    rng = np.random.default_rng(seed)
    while active.any():
        pairs = np.argwhere(active)
        scales = sd[active]
        if kind == "lower":
            q = _quantile_of_max(factor, pairs, scales, level, B, rng, "max")
            lower[active] = diff[active] - scales * q
        elif kind == "upper":
            q = _quantile_of_max(factor, pairs, scales, level, B, rng, "min")
            upper[active] = diff[active] + scales * q
        else:
            first, second = pairs[:, 0], pairs[:, 1]
            maxima = np.empty(B)
            for start in range(0, B, _DRAW_CHUNK):
                stop = min(B, start + _DRAW_CHUNK)
                z = rng.standard_normal((stop - start, factor.shape[1])) @ factor.T
                maxima[start:stop] = np.abs((z[:, first] - z[:, second]) / scales).max(axis=1)
            q = float(np.quantile(maxima, level))
            lower[active] = diff[active] - scales * q
            upper[active] = diff[active] + scales * q
        rejected = active & ((lower > 0) | (upper < 0))
        if not stepdown or not rejected.any():
            break
        active &= ~rejected
    return lower, upper


def _rank_bounds(
    x: np.ndarray, sigma: np.ndarray, indices: np.ndarray, stype: str, stepdown: bool, level: float,
    B: int, seed: int | None, factor: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Simultaneous rank bounds for the skills ``indices`` (``csranks_simul`` in csranks)."""
    kind = {"lower": "upper", "upper": "lower", "two-sided": "symmetric"}[stype]
    lower, upper = _difference_bounds(x, sigma, indices, kind, stepdown, level, B, seed, factor)
    beats = (lower[indices, :] > 0).sum(axis=1)  # skills surely below j
    if stepdown and stype == "two-sided":
        beaten_by = (lower[:, indices] > 0).sum(axis=0)  # skills surely above j
    else:
        beaten_by = (upper[indices, :] < 0).sum(axis=1)
    return beaten_by + 1, x.size - beats


def rank_confidence_sets(
    estimates: Sequence[float] | np.ndarray,
    cov: np.ndarray | pd.DataFrame,
    *,
    level: float = 0.95,
    simul: bool = True,
    stype: SetType = "two-sided",
    stepdown: bool = True,
    indices: Sequence[int] | None = None,
    B: int = 1000,
    seed: int | None = 20261123,
) -> tuple[np.ndarray, np.ndarray]:
    """Marginal or simultaneous confidence sets for the ranks (rank 1 = largest estimate).

    Parameters
    ----------
    estimates
        Estimated values :math:`\\hat\\theta` of the ``p`` skills (e.g. MWDS).
    cov
        ``p x p`` covariance matrix of the estimates (bootstrap or analytic).
    level
        Nominal coverage.
    simul
        True: the sets cover all true ranks of ``indices`` jointly; False: each covers its own.
    stype
        ``"two-sided"`` ([L, U]), ``"lower"`` (only a lower bound L on the rank; U = p) or
        ``"upper"`` (only an upper bound U; L = 1).
    stepdown
        Use the stepwise procedure (tighter sets, same coverage), as csranks by default.
    indices
        0-based positions of the skills of interest (None: all).
    B
        Normal draws for the critical value.
    seed
        Seed of the draws (None: fresh randomness); the same seed gives the same sets.

    Returns
    -------
    tuple of ndarray
        ``(lower, upper)`` integer rank bounds for ``indices``, in their order.

    Notes
    -----
    See the module notes. Port of ``csranks::csranks(x, Sigma, coverage = level, cstype = stype,
    stepdown, R = B, simul, indices)``; the random draws differ from R's, so bounds that sit on the
    edge of significance may differ with small ``B``.

    References
    ----------
    Mogstad, Romano, Shaikh & Wilhelm (2024), *Review of Economic Studies* 91(1), 476-518.

    Examples
    --------
    Three skills, well separated except the last two:

    >>> import numpy as np
    >>> lower, upper = rank_confidence_sets([10.0, 5.0, 4.9], np.diag([0.1, 0.1, 0.1]), seed=1)
    >>> print(lower.tolist(), upper.tolist())
    [1, 2, 2] [1, 3, 3]
    """
    x, sigma = _check_inputs(estimates, cov, level, B)
    if stype not in _SET_TYPES:
        raise ValueError(f"stype must be one of {', '.join(_SET_TYPES)}; got {stype!r}")
    p = x.size
    if indices is None:
        chosen = np.arange(p)
    else:
        chosen = np.asarray(indices, dtype=int).reshape(-1)
        if chosen.size == 0 or chosen.min() < 0 or chosen.max() >= p:
            raise ValueError(f"indices must be positions between 0 and {p - 1}, got {chosen.tolist()}")
    factor = normal_factor(sigma)
    if simul:
        lower, upper = _rank_bounds(x, sigma, chosen, stype, stepdown, level, B, seed, factor)
    else:
        bounds = [
            _rank_bounds(x, sigma, np.array([j]), stype, stepdown, level, B, seed, factor) for j in chosen
        ]
        lower = np.array([b[0][0] for b in bounds])
        upper = np.array([b[1][0] for b in bounds])
    return lower.astype(int), upper.astype(int)


def top_k_set(
    estimates: Sequence[float] | np.ndarray,
    cov: np.ndarray | pd.DataFrame,
    k: int,
    *,
    level: float = 0.95,
    stepdown: bool = True,
    B: int = 1000,
    seed: int | None = 20261123,
) -> np.ndarray:
    """Confidence set for the k greatest: the skills that may be among the top k.

    Parameters
    ----------
    estimates, cov, level, stepdown, B, seed
        As in :func:`rank_confidence_sets`.
    k
        Size of the top group (1 <= k <= number of skills).

    Returns
    -------
    ndarray of bool
        True for the skills in the set. With probability about ``level`` every skill whose true
        rank is at most ``k`` is marked True.

    Notes
    -----
    The skills whose one-sided (``stype="lower"``) simultaneous lower rank bound is at most
    ``k``: port of ``csranks::cstaubest(x, Sigma, tau = k)``. Skills *surely* among the top k
    are the complement question: their simultaneous upper rank bound
    (``rank_confidence_sets(..., stype="upper")``) is at most ``k``.

    References
    ----------
    Mogstad, Romano, Shaikh & Wilhelm (2024), *Review of Economic Studies* 91(1), 476-518.

    Examples
    --------
    >>> import numpy as np
    >>> top_k_set([10.0, 5.0, 4.9, 1.0], np.diag([0.1] * 4), k=2, seed=1).tolist()
    [True, True, True, False]
    """
    x, sigma = _check_inputs(estimates, cov, level, B)
    if not isinstance(k, (int, np.integer)) or not 1 <= k <= x.size:
        raise ValueError(f"k must be an integer between 1 and {x.size}, got {k!r}")
    factor = normal_factor(sigma)
    lower, _ = _rank_bounds(x, sigma, np.arange(x.size), "lower", stepdown, level, B, seed, factor)
    return lower <= k


def top_k_probability(
    estimates: Sequence[float] | np.ndarray,
    cov: np.ndarray | pd.DataFrame,
    k: int,
    *,
    B: int = 10000,
    seed: int | None = 20261123,
) -> np.ndarray:
    """Share of normal draws around the estimates in which each skill ranks within the top k.

    Parameters
    ----------
    estimates, cov, B, seed
        As in :func:`rank_confidence_sets`.
    k
        Size of the top group.

    Returns
    -------
    ndarray of float
        For each skill, the share of ``B`` draws :math:`\\theta^* \\sim N(\\hat\\theta, \\Sigma)`
        in which it is among the ``k`` largest (ties share the lowest rank).

    Notes
    -----
    A descriptive summary of the estimation noise, not a confidence statement: for that use
    :func:`top_k_set` and :func:`rank_confidence_sets`.
    """
    x, sigma = _check_inputs(estimates, cov, 0.5, B)
    if not isinstance(k, (int, np.integer)) or not 1 <= k <= x.size:
        raise ValueError(f"k must be an integer between 1 and {x.size}, got {k!r}")
    factor = normal_factor(sigma)
    rng = np.random.default_rng(seed)
    hits = np.zeros(x.size)
    for start in range(0, B, _DRAW_CHUNK):
        stop = min(B, start + _DRAW_CHUNK)
        draws = x + rng.standard_normal((stop - start, x.size)) @ factor.T
        above = (draws[:, None, :] > draws[:, :, None]).sum(axis=2)  # draws larger than skill j
        hits += (above < k).sum(axis=0)
    return hits / B


def bootstrap_covariance(mwds_draws: pd.DataFrame | np.ndarray) -> pd.DataFrame | np.ndarray:
    """Covariance of the skills' estimates from a bootstrap matrix (resamples x skills).

    Parameters
    ----------
    mwds_draws
        ``B x p`` estimates, one row per resample (as
        :func:`analysis.stats.uncertainty.bootstrap_mwds` returns).

    Returns
    -------
    DataFrame or ndarray
        ``p x p`` sample covariance (divisor ``B - 1``), labelled by skill when given a DataFrame.
    """
    values = np.asarray(mwds_draws, dtype=float)
    if values.ndim != 2 or values.shape[0] < 2:
        raise ValueError(
            f"mwds_draws must be resamples x skills with at least 2 resamples, got shape {values.shape}"
        )
    if np.isnan(values).any():
        column = int(np.flatnonzero(np.isnan(values).any(axis=0))[0])
        name = mwds_draws.columns[column] if isinstance(mwds_draws, pd.DataFrame) else column
        raise ValueError(f"mwds_draws: skill {name} is missing in some resamples (nobody drawn rated it)")
    covariance = np.cov(values, rowvar=False, ddof=1)
    if isinstance(mwds_draws, pd.DataFrame):
        return pd.DataFrame(covariance, index=mwds_draws.columns, columns=mwds_draws.columns)
    return covariance


def mwds_influence(pairs: pd.DataFrame, weights: pd.Series | None = None) -> pd.DataFrame:
    """Influence of each respondent on each skill's MWDS, the survey weights held fixed.

    Parameters
    ----------
    pairs
        :func:`analysis.stats.needs.discrepancies` output (respondent_id, skill_id, importance,
        discrepancy).
    weights
        Respondent weight by respondent_id; None: 1.

    Returns
    -------
    DataFrame
        Respondents (sorted ids) by skills (sorted ids); 0 where a respondent did not rate a skill.

    Notes
    -----
    With :math:`a_{is}` = 1 if respondent :math:`i` rated skill :math:`s`,
    :math:`W_s = \\sum_i w_i a_{is}` and the weighted means :math:`\\bar D_s, \\bar I_s`,
    :math:`MWDS_s = \\bar D_s \\bar I_s` linearises (delta method) to
    :math:`MWDS_s - \\theta_s \\approx \\sum_i z_{is}` with

    .. math:: z_{is} = \\frac{w_i a_{is}}{W_s}
              \\left[\\bar I_s (D_{is} - \\bar D_s) + \\bar D_s (I_{is} - \\bar I_s)\\right],

    which sums to 0 over respondents.
    """
    try:
        m = design_matrices(pairs, weights)
    except ValueError as error:
        raise ValueError(f"weights: {error}") from None
    respondent_ids, skill_ids = m.respondent_ids, m.skill_ids
    available, discrepancy, importance, weight = m.available, m.discrepancy, m.importance, m.weight
    share = available * weight[:, None]
    total = share.sum(axis=0)
    mean_d = (share * discrepancy).sum(axis=0) / total
    mean_i = (share * importance).sum(axis=0) / total
    influence = share / total * (mean_i * (discrepancy - mean_d) + mean_d * (importance - mean_i))
    index = pd.Index(respondent_ids, name="respondent_id")
    return pd.DataFrame(influence, index=index, columns=list(skill_ids))


def analytic_mwds_covariance(
    pairs: pd.DataFrame, weights: pd.Series | None = None, strata: pd.Series | None = None
) -> pd.DataFrame:
    """Delta-method covariance of the skills' MWDS for fixed weights (respondents drawn i.i.d.).

    Parameters
    ----------
    pairs, weights
        As in :func:`mwds_influence`.
    strata
        Stratum by respondent_id (missing: a stratum of its own); None: one stratum. With strata
        the influences are centred within each stratum, the covariance of a stratified bootstrap
        that keeps every stratum's size (R ``svydesign(ids = ~1, strata = ~h, weights = ~w)``).

    Returns
    -------
    DataFrame
        Skills by skills covariance, :math:`\\sum_h \\frac{n_h}{n_h-1} \\sum_{i \\in h}
        (z_{is} - \\bar z_{hs})(z_{it} - \\bar z_{ht})` (``n_h`` respondents in stratum ``h``,
        one stratum of ``n`` without strata; :math:`z` from :func:`mwds_influence`), the
        with-replacement linearisation variance of R ``survey`` for
        ``svydesign(ids = ~1, weights = ~w)``. A stratum of one respondent adds nothing.

    Notes
    -----
    Agrees with :func:`bootstrap_covariance` of a respondent bootstrap with fixed weights up to
    resampling error and the factor :math:`n/(n-1)`; it takes one pass over the data instead of
    ``B``. Raking is not linearised here: its uncertainty is left out, as in the bootstrap.
    """
    influence = mwds_influence(pairs, weights)
    n = len(influence)
    if n < 2:
        raise ValueError(f"pairs: {n} respondent; a covariance needs at least 2")
    values = influence.to_numpy()
    if strata is None:
        covariance = values.T @ values * (n / (n - 1))
    else:
        labels = strata.reindex(influence.index).astype(object)
        codes, _ = pd.factorize(labels.where(labels.notna(), "\x00missing"), sort=True)
        covariance = stratified_covariance(values, codes)
    return pd.DataFrame(covariance, index=influence.columns, columns=influence.columns)
