"""Survey weights by raking (iterative proportional fitting) to population margins.

The sample of a skills-needs survey rarely has the population's mix of countries, sectors or
organisation sizes. Raking adjusts one weight per respondent so that the weighted share of each
category of each profile field equals its population share (the *margins* in the survey config,
``weights.margins``), changing the weights as little as the margins allow. See ``docs/weights.md``
for the choice of method and implementation.

Notes
-----
Start from :math:`w_i = 1`. One sweep adjusts every field :math:`v` in turn: for each category
:math:`c` of :math:`v` with population share :math:`P_{vc}`,

.. math:: w_i \\leftarrow w_i \\cdot \\frac{P_{vc} \\sum_j w_j}{\\sum_{j:\\, v_j = c} w_j}
          \\quad (v_i = c),

so that after the step the weighted shares of :math:`v` are exactly :math:`P_{v\\cdot}` (Deming &
Stephan 1940). With ``trim = (L, U)``, each sweep ends by bounding the weights (normalised to mean
1) to :math:`[L, U]`: weights outside are set to the bound and the others are rescaled so that the
mean stays 1, repeated until none is outside (as ``survey::trimWeights``). Sweeps stop when no
weight changes by more than ``tol`` in a sweep (``converged``) or after ``max_iter`` sweeps. The
weights are normalised to mean 1 (they sum to the sample size).

Kish's effective sample size and design effect of unequal weighting (Kish 1965):

.. math:: n_{\\text{eff}} = \\frac{(\\sum_i w_i)^2}{\\sum_i w_i^2}, \\qquad
          \\text{deff} = \\frac{n}{n_{\\text{eff}}} = 1 + \\mathrm{CV}^2(w).

References
----------
Deming, W. E., & Stephan, F. F. (1940). On a least squares adjustment of a sampled frequency table
when the expected marginal totals are known. *Annals of Mathematical Statistics*, 11(4), 427-444.
Kish, L. (1965). *Survey Sampling*. Wiley.
Lumley, T. (2004). Analysis of complex survey samples. *Journal of Statistical Software*, 9(1),
1-19. (R ``survey::rake``)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "RakingCells", "RakingResult", "design_effect", "kish_effective_n", "rake", "rake_cell_counts",
    "rake_resamples", "raking_cells",
]


@dataclass(frozen=True)
class RakingResult:
    """Raked weights (aligned to the respondents, mean 1) and how the raking went.

    Attributes
    ----------
    weights
        One weight per respondent, index of the respondents frame, mean 1.
    converged
        True when a sweep changed no weight by more than ``tol``.
    iterations
        Sweeps run.
    max_margin_error
        Largest absolute difference between a weighted sample share and its population share.
    kish_n
        Kish's effective sample size :math:`(\\sum w)^2 / \\sum w^2`.
    design_effect
        :math:`n / n_{\\text{eff}}`.
    """

    weights: pd.Series
    converged: bool
    iterations: int
    max_margin_error: float
    kish_n: float
    design_effect: float


def _as_array(w: pd.Series | np.ndarray | list[float]) -> np.ndarray:
    values = np.asarray(w, dtype=float)
    if values.ndim != 1 or len(values) == 0:
        raise ValueError("weights must be a non-empty one-dimensional sequence")
    if not np.isfinite(values).all() or (values < 0).any() or values.sum() == 0:
        raise ValueError("weights must be finite, non-negative and not all zero")
    return values


def kish_effective_n(w: pd.Series | np.ndarray | list[float]) -> float:
    """Kish's effective sample size :math:`(\\sum_i w_i)^2 / \\sum_i w_i^2`.

    Notes
    -----
    Equal weights give :math:`n`; the more unequal the weights, the smaller.

    References
    ----------
    Kish, L. (1965). *Survey Sampling*. Wiley.

    Examples
    --------
    >>> from analysis.stats import kish_effective_n
    >>> print(f"{kish_effective_n([1.0, 1.0, 2.0]):.4f}")
    2.6667

    In R::

        w <- c(1, 1, 2)
        sum(w)^2 / sum(w^2)  # 2.666667
    """
    values = _as_array(w)
    return float(values.sum() ** 2 / np.dot(values, values))


def design_effect(w: pd.Series | np.ndarray | list[float]) -> float:
    """Kish's design effect of unequal weighting: :math:`n / n_{\\text{eff}} = 1 + \\mathrm{CV}^2(w)`.

    Notes
    -----
    :math:`\\text{deff} = n \\sum_i w_i^2 / (\\sum_i w_i)^2`, with the population CV (ddof 0).

    References
    ----------
    Kish, L. (1965). *Survey Sampling*. Wiley.

    Examples
    --------
    >>> from analysis.stats import design_effect
    >>> print(f"{design_effect([1.0, 1.0, 2.0]):.4f}")
    1.1250

    In R::

        w <- c(1, 1, 2)
        length(w) * sum(w^2) / sum(w)^2  # 1.125
    """
    values = _as_array(w)
    return float(len(values) / kish_effective_n(values))


def _shares(field: str, margin: Mapping[str, float]) -> dict[str, float]:
    if not margin:
        raise ValueError(f"margins of {field!r} are empty")
    shares = {}
    for category, value in margin.items():
        value = float(value)
        if not np.isfinite(value) or value <= 0:
            raise ValueError(
                f"margin of {field!r} category {category!r} must be a positive share or count, got {value!r}"
            )
        shares[str(category)] = value
    total = sum(shares.values())
    return {category: value / total for category, value in shares.items()}


def _trim(w: np.ndarray, low: float, high: float) -> np.ndarray:
    """Bound weights (mean 1) to [low, high], rescaling the free ones so that the mean stays 1."""
    w = w / w.mean()
    target = float(len(w))
    fixed = np.zeros(len(w), dtype=bool)
    for _ in range(len(w) + 1):
        out = ~fixed & ((w < low) | (w > high))
        if not out.any():
            break
        w = np.where(out, np.clip(w, low, high), w)
        fixed |= out
        free = ~fixed
        if not free.any():
            break
        w[free] *= (target - w[fixed].sum()) / w[free].sum()
    return w


def rake(
    respondents: pd.DataFrame,
    margins: Mapping[str, Mapping[str, float]],
    *,
    trim: tuple[float, float] | None = None,
    max_iter: int = 1000,
    tol: float = 1e-10,
) -> RakingResult:
    """Rake (iterative proportional fitting) respondents' weights to population margins.

    Parameters
    ----------
    respondents
        One row per respondent with the profile fields named in ``margins``.
    margins
        Profile field -> {category code: population share}; shares of a field are normalised to
        sum to 1, so counts may be given too. Every category in the data must have a margin and
        every margin a respondent (else ``ValueError`` naming field and category); a respondent
        without a code for a raked field is a ``ValueError`` too. Empty: unweighted (all 1).
    trim
        ``(low, high)`` bounds for the weights relative to their mean (e.g. ``(0.3, 3.0)``), with
        ``0 <= low <= 1 <= high``; ``None``: no trimming. Trimmed weights reproduce the margins
        only approximately (``max_margin_error`` says how well).
    max_iter
        Largest number of sweeps over the fields.
    tol
        Convergence: no weight changed by more than ``tol`` in the last sweep.

    Returns
    -------
    RakingResult
        weights (Series aligned to ``respondents.index``, mean 1, name ``weight``), converged,
        iterations, max_margin_error, kish_n, design_effect.

    Notes
    -----
    Per field :math:`v` and category :math:`c`:
    :math:`w_i \\leftarrow w_i P_{vc} \\sum_j w_j / \\sum_{v_j = c} w_j`; sweeps until no weight
    moves more than ``tol``; optional trimming to ``[low, high]`` after each sweep (module
    docstring).

    References
    ----------
    Deming, W. E., & Stephan, F. F. (1940). *Annals of Mathematical Statistics*, 11(4), 427-444.

    Examples
    --------
    Five respondents raked to half Belgium, half Bulgaria and 60 % sector A:

    >>> import pandas as pd
    >>> from analysis.stats import rake
    >>> respondents = pd.DataFrame({"country": ["BE", "BE", "BG", "BG", "BG"],
    ...                             "sector": ["A", "B", "A", "B", "B"]})
    >>> result = rake(respondents, {"country": {"BE": 0.5, "BG": 0.5}, "sector": {"A": 0.6, "B": 0.4}})
    >>> print(result.weights.round(4).tolist())
    [1.7056, 0.7944, 1.2944, 0.6028, 0.6028]
    >>> print(f"Kish n = {result.kish_n:.4f}, deff = {result.design_effect:.4f}")
    Kish n = 4.2071, deff = 1.1885

    Without trimming the weights are those of R's ``survey::rake`` (survey 4.1)::

        library(survey)
        df <- data.frame(country = c("BE", "BE", "BG", "BG", "BG"), sector = c("A", "B", "A", "B", "B"))
        d <- svydesign(ids = ~1, data = df, weights = ~rep(1, 5))
        r <- rake(d, list(~country, ~sector),
                  list(data.frame(country = c("BE", "BG"), Freq = c(2.5, 2.5)),
                       data.frame(sector = c("A", "B"), Freq = c(3, 2))),
                  control = list(maxit = 100, epsilon = 1e-10))
        w <- weights(r)
        round(w / mean(w), 4)  # 1.7056 0.7944 1.2944 0.6028 0.6028
        sum(w)^2 / sum(w^2)    # 4.207078
    """
    if max_iter < 1:
        raise ValueError(f"max_iter must be at least 1, got {max_iter!r}")
    if not tol > 0:
        raise ValueError(f"tol must be positive, got {tol!r}")
    if trim is not None:
        low, high = (float(b) for b in trim)
        if not 0 <= low <= 1 <= high:
            raise ValueError(f"trim must be (low, high) with 0 <= low <= 1 <= high, got {trim!r}")
    n = len(respondents)
    if n == 0:
        raise ValueError("no respondents to weight")

    steps = []  # per field: (category index per respondent, target share per category)
    for field, margin in margins.items():
        if field not in respondents.columns:
            raise ValueError(f"margins name {field!r}, which is not a column of respondents")
        shares = _shares(field, margin)
        codes = respondents[field]
        if codes.isna().any():
            raise ValueError(
                f"{codes.isna().sum()} respondents have no {field!r}: raking on {field!r} needs a code "
                "for everyone (drop the field from the margins or the respondents first)"
            )
        codes = codes.astype(str)
        present = set(codes.unique())
        for category in sorted(present - set(shares)):
            raise ValueError(f"{field!r} category {category!r} is in the data but not in the margins")
        for category in sorted(set(shares) - present):
            raise ValueError(f"{field!r} category {category!r} has a margin but no respondent")
        categories = list(shares)
        index = pd.Categorical(codes, categories=categories).codes.astype(np.intp)
        steps.append((field, index, np.array([shares[c] for c in categories])))

    w = np.ones(n)
    iterations, converged = 0, not steps
    for sweep in range(1, max_iter + 1 if steps else 1):
        iterations = sweep
        previous = w.copy()
        for _, index, target in steps:
            current = np.bincount(index, weights=w, minlength=len(target))
            w = w * (target * w.sum() / current)[index]
        w = w / w.mean()
        if trim is not None:
            w = _trim(w, low, high)
        if np.max(np.abs(w - previous)) <= tol:
            converged = True
            break

    error = 0.0
    for _, index, target in steps:
        achieved = np.bincount(index, weights=w, minlength=len(target)) / w.sum()
        error = max(error, float(np.max(np.abs(achieved - target))))
    weights = pd.Series(w, index=respondents.index, name="weight")
    return RakingResult(
        weights=weights,
        converged=converged,
        iterations=iterations,
        max_margin_error=error,
        kish_n=kish_effective_n(w),
        design_effect=design_effect(w),
    )


@dataclass(frozen=True)
class RakingCells:
    """Respondents grouped by their categories of the raked fields, for raking many resamples at once.

    Raking starts from weights 1, and every step multiplies the weights of a category by one
    factor, so respondents with the same categories of every raked field (the same *cell*) always
    share a weight; trimming keeps that too. Raking a resample (respondents counted as often as they
    are drawn) is thus raking its table of cell counts.

    Attributes
    ----------
    cell
        Cell index of each respondent (order of the respondents frame).
    categories
        Per raked field, the category index of each cell.
    targets
        Per raked field, the population share of each category (summing to 1).
    trim, max_iter, tol
        As in :func:`rake`.
    """

    cell: np.ndarray
    categories: tuple[np.ndarray, ...]
    targets: tuple[np.ndarray, ...]
    trim: tuple[float, float] | None = None
    max_iter: int = 1000
    tol: float = 1e-10

    @property
    def n_cells(self) -> int:
        """Number of cells (combinations of categories present in the data)."""
        return len(self.categories[0]) if self.categories else 1


def raking_cells(
    respondents: pd.DataFrame,
    margins: Mapping[str, Mapping[str, float]],
    *,
    trim: tuple[float, float] | None = None,
    max_iter: int = 1000,
    tol: float = 1e-10,
) -> RakingCells:
    """The cells of the respondents for :func:`rake_resamples`, checked as :func:`rake` checks them.

    Parameters
    ----------
    respondents, margins, trim, max_iter, tol
        As in :func:`rake` (the same ``ValueError`` for a field, category or code that does not fit).

    Returns
    -------
    RakingCells
        Each respondent's cell and, per field, each cell's category and the target shares.
    """
    rake(respondents, margins, trim=trim, max_iter=1, tol=tol)  # the same checks and messages
    indices, targets = [], []
    for field, margin in margins.items():
        shares = _shares(field, margin)
        categories = list(shares)
        codes = pd.Categorical(respondents[field].astype(str), categories=categories).codes
        indices.append(codes.astype(np.intp))
        targets.append(np.array([shares[c] for c in categories]))
    if not indices:
        return RakingCells(np.zeros(len(respondents), dtype=np.intp), (), (), trim, max_iter, tol)
    combined = np.stack(indices, axis=1)
    cells, cell = np.unique(combined, axis=0, return_inverse=True)
    return RakingCells(
        cell.reshape(-1).astype(np.intp), tuple(cells[:, k].copy() for k in range(len(indices))),
        tuple(targets), trim, max_iter, tol,
    )


def _trim_rows(f: np.ndarray, counts: np.ndarray, low: float, high: float) -> np.ndarray:
    """:func:`_trim` of every row of cell weights ``f``, units counted ``counts`` times."""
    units = counts.sum(axis=1, keepdims=True)
    f = f * (units / (counts * f).sum(axis=1, keepdims=True))
    occupied = counts > 0
    fixed = np.zeros(f.shape, dtype=bool)
    for _ in range(f.shape[1] + 1):
        out = occupied & ~fixed & ((f < low) | (f > high))
        rows = out.any(axis=1)
        if not rows.any():
            break
        f = np.where(out, np.clip(f, low, high), f)
        fixed |= out
        free = occupied & ~fixed
        free_sum = np.where(free, counts * f, 0.0).sum(axis=1, keepdims=True)
        fixed_sum = np.where(fixed & occupied, counts * f, 0.0).sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            scale = np.where(rows[:, None] & (free_sum > 0), (units - fixed_sum) / free_sum, 1.0)
        f = np.where(free, f * scale, f)
    return f


def rake_resamples(cells: RakingCells, counts: np.ndarray) -> np.ndarray:
    """Rake every resample of a resample-count matrix to the margins, counts as frequency weights.

    Parameters
    ----------
    cells
        The respondents' cells and the margins (:func:`raking_cells`).
    counts
        ``(B x n)`` resample counts: how often each respondent (order of the frame given to
        :func:`raking_cells`) is drawn in each resample.

    Returns
    -------
    numpy.ndarray
        ``(B x n)`` weights, mean 1 over each resample's units: ``counts`` times the weight of
        one drawn unit of the respondent's cell (:func:`rake_cell_counts`); 0 where not drawn.

    Examples
    --------
    Every row reproduces the margins (60 % BE) whatever the resample holds:

    >>> import numpy as np, pandas as pd
    >>> from analysis.stats.weights import raking_cells, rake_resamples
    >>> respondents = pd.DataFrame({"country": ["BE", "BG", "BG"]})
    >>> cells = raking_cells(respondents, {"country": {"BE": 0.6, "BG": 0.4}})
    >>> weights = rake_resamples(cells, np.array([[1, 1, 1], [2, 0, 1]]))
    >>> print((weights[:, 0] / weights.sum(axis=1)).round(6).tolist())
    [0.6, 0.6]
    """
    counts = np.asarray(counts, dtype=float)
    if counts.ndim != 2 or counts.shape[1] != len(cells.cell):
        raise ValueError(f"counts must be (resamples x {len(cells.cell)} respondents), not {counts.shape}")
    by_cell = np.zeros((len(cells.cell), cells.n_cells))
    by_cell[np.arange(len(cells.cell)), cells.cell] = 1.0
    return counts * rake_cell_counts(cells, counts @ by_cell)[:, cells.cell]


def rake_cell_counts(cells: RakingCells, counts: np.ndarray) -> np.ndarray:
    """Rake resamples given by their counts of drawn units per cell.

    Parameters
    ----------
    cells
        The cells and the margins (:func:`raking_cells`).
    counts
        ``(B x cells)``: units of each cell drawn in each resample.

    Returns
    -------
    numpy.ndarray
        ``(B x cells)`` weight of one drawn unit of each cell in each resample, mean 1 over the
        resample's units.

    Notes
    -----
    :func:`rake` on the resample's units (each respondent repeated as often as drawn), run on the
    cells: with :math:`N_{bc}` units of cell :math:`c` in resample :math:`b` and cell weights
    :math:`f_{bc}`, a step of field :math:`v` multiplies :math:`f_{bc}` by
    :math:`P_{vk}\\sum_{c'} N_{bc'} f_{bc'} / \\sum_{c' \\in k} N_{bc'} f_{bc'}` for the category
    :math:`k` of :math:`c`; then the mean is set to 1, trimming (as :func:`rake`) and the
    convergence test (no occupied cell's weight moves more than ``tol``) follow, every resample
    until it has converged or ``max_iter`` sweeps. A category that a resample does not hold
    cannot be raked to: that resample is raked to the shares of the categories it holds,
    renormalised to 1.
    """
    counts = np.asarray(counts, dtype=float)
    if counts.ndim != 2 or counts.shape[1] != cells.n_cells:
        raise ValueError(f"counts must be (resamples x {cells.n_cells} cells), not {counts.shape}")
    B = counts.shape[0]
    f = np.ones((B, cells.n_cells))
    if not cells.categories:
        return f
    occupied = counts > 0
    targets = []
    for index, target in zip(cells.categories, cells.targets, strict=True):
        held = np.zeros((B, len(target)))
        np.add.at(held.T, index, counts.T)
        shares = np.where(held > 0, target, 0.0)
        targets.append(shares / shares.sum(axis=1, keepdims=True))
    units = counts.sum(axis=1, keepdims=True)
    active = np.ones(B, dtype=bool)
    for _ in range(cells.max_iter):
        rows = np.flatnonzero(active)
        g, c = f[rows], counts[rows]
        previous = g.copy()
        for index, target in zip(cells.categories, targets, strict=True):
            weighted = c * g
            current = np.zeros((len(rows), target.shape[1]))
            np.add.at(current.T, index, weighted.T)
            with np.errstate(invalid="ignore", divide="ignore"):
                total = weighted.sum(axis=1, keepdims=True)
                factor = np.where(current > 0, target[rows] * total / current, 1.0)
            g = np.where(c > 0, g * factor[:, index], 1.0)  # cells not drawn stay at 1
        g = g * (units[rows] / (c * g).sum(axis=1, keepdims=True))
        if cells.trim is not None:
            g = _trim_rows(g, c, float(cells.trim[0]), float(cells.trim[1]))
        f[rows] = g
        moved = np.where(occupied[rows], np.abs(g - previous), 0.0).max(axis=1)
        active[rows[moved <= cells.tol]] = False
        if not active.any():
            break
    return f
