"""How sure is a skill's rank? A stratified respondent bootstrap of the Borich MWDS ranking.

Respondents are resampled with replacement *within each stratum* (e.g. sector or country), keeping
every stratum's size, and the skills are re-ranked by MWDS in each resample. The rank distribution
gives each skill a median rank, a percentile interval and the share of resamples in which it is
among the top ``k`` needs.

The bootstrap is vectorised: the resamples are a ``(B x n)`` matrix of resample counts (how often
each respondent is drawn in each resample, one multinomial draw per stratum), and the MWDS of every
resample and skill comes from three matrix products with ``(n x skills)`` matrices of the data
(weighted availability, weighted discrepancy and weighted importance). Above about 256 MB per
count matrix the resamples are processed in chunks (still vectorised within a chunk), so memory
stays bounded for a million respondents.

Notes
-----
With resample counts :math:`c_{bi}`, respondent weights :math:`w_i`, availability
:math:`a_{is} \\in \\{0, 1\\}` (respondent :math:`i` rated both importance and proficiency of
skill :math:`s`), discrepancy :math:`D_{is}` and importance :math:`I_{is}` (0 where unavailable):

.. math::

    N_{bs} = \\sum_i c_{bi} w_i a_{is}, \\quad
    MWDS_{bs} = \\frac{\\sum_i c_{bi} w_i D_{is}}{N_{bs}} \\cdot \\frac{\\sum_i c_{bi} w_i I_{is}}{N_{bs}},

i.e. :math:`MWDS = C W (A, D, I)` as matrix products, which for :math:`c_{bi} = w_i = 1` is Borich's
:math:`\\bar D_s \\cdot \\bar I_s`. Each row :math:`b` is ranked largest first, ties sharing the
lowest rank (scores equal within a relative :math:`10^{-9}`, :mod:`analysis.stats.ties`, as
``needs_table``); a skill nobody in a resample rated ranks last there. The
interval is the ``(1 - level) / 2`` (lower) and ``(1 + level) / 2`` (higher) percentile of the
bootstrap ranks; :math:`p_{top\\,k}` is the share of resamples with rank :math:`\\le k`.

Groups of at least ``analytic_n`` respondents are not resampled: their ``B`` MWDS vectors are
normal draws around the MWDS with the delta-method covariance (:mod:`analysis.stats.wide`), ranked
and summarised the same way, at a cost independent of the number of respondents.

References
----------
Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall, ch. 6
and 13 (percentile intervals; stratified resampling: sec. 6.5 / Davison & Hinkley 1997, sec. 3.2).
Davison, A. C., & Hinkley, D. V. (1997). *Bootstrap Methods and their Application*. Cambridge
University Press.
Hall, P., & Miller, H. (2009). Using the bootstrap to quantify the authority of an empirical
ranking. *Annals of Statistics*, 37(6B), 3929-3959.
Borich, G. D. (1980). A needs assessment model for conducting follow-up studies. *Journal of
Teacher Education*, 31(3), 39-42.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.stats.design import RakedDesign
from analysis.stats.rank_sets import normal_factor, rank_confidence_sets
from analysis.stats.ties import tied_ranks_rows
from analysis.stats.weights import RakingCells, rake_cell_counts, raking_cells
from analysis.stats.wide import (
    DesignMatrices,
    design_matrices,
    stratified_covariance,
    wide_mwds_covariance,
    wide_mwds_influence,
)

__all__ = [
    "ANALYTIC_N",
    "RANK_SET_COLUMNS",
    "RANK_UNCERTAINTY_COLUMNS",
    "SET_B",
    "RANKS_BY_COLUMNS",
    "RakedResampling",
    "bootstrap_mwds",
    "bootstrap_ranks",
    "bootstrap_ranks_by",
    "rank_set_columns",
    "raked_resampling",
    "reraked_bootstrap_mwds",
    "resample_counts",
]

RANK_UNCERTAINTY_COLUMNS = [
    "skill_id", "n", "mwds", "rank", "median_rank", "rank_low", "rank_high", "p_top_k", "top_k",
    "level", "B",
]
#: Rank confidence sets (MRSW) from the covariance of the skills' MWDS, after the bootstrap columns.
RANK_SET_COLUMNS = [
    "marginal_rank_low", "marginal_rank_high", "simultaneous_rank_low", "simultaneous_rank_high",
    "in_top_k_set", "covariance",
]
RANKS_BY_COLUMNS = ["scope", "group", "group_label", *RANK_UNCERTAINTY_COLUMNS, "flagged", *RANK_SET_COLUMNS]
#: Respondents from which a group's MWDS covariance is the analytic (delta-method) one.
ANALYTIC_N = 2000
#: Normal draws for the critical values of the rank confidence sets.
SET_B = 1000

#: Largest resample-count matrix (bytes, float64) built at once; more resamples go in chunks.
CHUNK_BYTES = 1 << 28




def resample_counts(
    strata: pd.Series | np.ndarray | Sequence[object] | None,
    B: int,
    rng: np.random.Generator,
    n: int | None = None,
) -> np.ndarray:
    """How often each respondent is drawn in each of ``B`` stratified bootstrap resamples.

    Parameters
    ----------
    strata
        The stratum of each respondent, in the order of the matrix columns (missing values form a
        stratum of their own). None: one stratum of ``n`` respondents.
    B
        Number of resamples (rows).
    rng
        The generator the multinomial draws come from (one ``(B x m)`` draw per stratum, strata in
        sorted order of their codes).
    n
        Number of respondents when ``strata`` is None.

    Returns
    -------
    numpy.ndarray
        ``(B x n)`` int64 counts; each row sums to ``m`` within every stratum of ``m`` respondents.

    Notes
    -----
    Row :math:`b` restricted to stratum :math:`h` is a draw from
    :math:`\\mathrm{Multinomial}(m_h; 1/m_h, \\dots, 1/m_h)`: drawing :math:`m_h` respondents of the
    stratum with replacement.

    References
    ----------
    Davison, A. C., & Hinkley, D. V. (1997). *Bootstrap Methods and their Application*. Cambridge
    University Press, sec. 3.2 (stratified resampling).

    Examples
    --------
    Every resample keeps three respondents of AGRI and two of CONST:

    >>> import numpy as np
    >>> from analysis.stats import resample_counts
    >>> counts = resample_counts(["AGRI", "AGRI", "AGRI", "CONST", "CONST"], 4, np.random.default_rng(0))
    >>> print(counts.shape, counts[:, :3].sum(axis=1).tolist(), counts[:, 3:].sum(axis=1).tolist())
    (4, 5) [3, 3, 3, 3] [2, 2, 2, 2]

    The draws themselves depend on numpy's generator, so no R call repeats them; R's ``boot::boot``
    with ``strata =`` resamples the same way.
    """
    if strata is None:
        if n is None:
            raise ValueError("give strata or n")
        codes = np.zeros(n, dtype=np.int64)
    else:
        values = pd.Series(np.asarray(strata, dtype=object)).astype(object)
        codes, _ = pd.factorize(values.where(values.notna(), "\x00missing"), sort=True)
    counts = np.zeros((B, len(codes)), dtype=np.int64)
    for code in range(int(codes.max()) + 1 if len(codes) else 0):
        members = np.flatnonzero(codes == code)
        m = len(members)
        counts[:, members] = rng.multinomial(m, np.full(m, 1.0 / m), size=B)
    return counts


def _mwds_matrix(design: DesignMatrices, counts: np.ndarray) -> np.ndarray:
    """(B x skills) MWDS from one matrix product of the counts with [wA | wD | wI]."""
    sums = counts @ design.stacked
    k = len(design.skill_ids)
    n_eff, wd, wi = sums[:, :k], sums[:, k:2 * k], sums[:, 2 * k:]
    with np.errstate(invalid="ignore", divide="ignore"):
        return (wd / n_eff) * (wi / n_eff)


def bootstrap_mwds(
    pairs: pd.DataFrame, counts: np.ndarray, weights: pd.Series | None = None
) -> pd.DataFrame:
    """The MWDS of every skill in every resample given by a resample-count matrix.

    Parameters
    ----------
    pairs
        :func:`analysis.stats.needs.discrepancies` output (respondent_id, skill_id, importance,
        discrepancy, ...).
    counts
        ``(B x n)`` resample counts, columns in sorted order of the respondent ids of ``pairs``
        (see :func:`resample_counts`).
    weights
        Respondent weight by respondent_id; None: 1.

    Returns
    -------
    DataFrame
        ``B`` rows (resamples) by skill_id columns (sorted); NaN where nobody drawn rated the skill.

    Notes
    -----
    :math:`MWDS_{bs} = (\\sum_i c_{bi} w_i D_{is} / N_{bs}) (\\sum_i c_{bi} w_i I_{is} / N_{bs})`
    with :math:`N_{bs} = \\sum_i c_{bi} w_i a_{is}` (module notes).

    References
    ----------
    Borich, G. D. (1980). A needs assessment model for conducting follow-up studies. *Journal of
    Teacher Education*, 31(3), 39-42.
    """
    design = design_matrices(pairs, weights)
    if counts.shape[1] != len(design.respondent_ids):
        raise ValueError(f"counts has {counts.shape[1]} columns for {len(design.respondent_ids)} respondents")
    return pd.DataFrame(_mwds_matrix(design, counts.astype(float)), columns=list(design.skill_ids))


def _rank_rows(mwds: np.ndarray) -> np.ndarray:
    """Rank each row, largest first, ties (:mod:`analysis.stats.ties`) sharing the lowest rank; NaN last."""
    return tied_ranks_rows(mwds, method="min", missing="last").astype(np.int32)


def _chunk_size(B: int, n: int) -> int:
    return max(1, min(B, CHUNK_BYTES // max(1, 8 * n)))


def _bootstrap_draws(
    design: DesignMatrices, strata_values: np.ndarray | None, B: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(B x skills) MWDS of ``B`` stratified resamples and their ranks, resamples in chunks."""
    n_respondents = len(design.respondent_ids)
    ranks = np.empty((B, len(design.skill_ids)), dtype=np.int32)
    draws = np.empty((B, len(design.skill_ids)))
    chunk = _chunk_size(B, n_respondents)
    for start in range(0, B, chunk):
        size = min(chunk, B - start)
        counts = resample_counts(strata_values, size, rng, n=n_respondents).astype(float)
        draws[start:start + size] = _mwds_matrix(design, counts)
        ranks[start:start + size] = _rank_rows(draws[start:start + size])
        del counts
    return draws, ranks


def _analytic_covariance(design: DesignMatrices, strata_values: np.ndarray | None) -> np.ndarray:
    """Delta-method covariance of the MWDS, influences centred within strata (:mod:`analysis.stats.wide`).

    Equal, up to rounding, to :func:`analysis.stats.rank_sets.analytic_mwds_covariance` of the
    same pairs, weights and strata.
    """
    rated = design.available > 0
    importance = np.where(rated, design.importance, np.nan)
    proficiency = importance - design.discrepancy
    _, cov = wide_mwds_covariance(importance, proficiency, design.weight, strata_values)
    return cov


@dataclass(frozen=True)
class RakedResampling:
    """A raked sample whose bootstrap resamples are raked again to its margins.

    Attributes
    ----------
    respondent_ids
        Every raked respondent (the rows the margins were raked on, raters or not).
    cells
        Their raking cells and the margins, trimming and tolerance
        (:func:`analysis.stats.weights.raking_cells`).
    design
        The raked design of the same respondents (:class:`analysis.stats.design.RakedDesign`), whose
        residualisation gives the analytic covariance its raking correction.
    """

    respondent_ids: pd.Index
    cells: RakingCells
    design: RakedDesign

    def design_weights(self, respondent_ids: pd.Series | Sequence[object]) -> pd.Series:
        """The raked weights by respondent_id (of the respondents named, each once)."""
        ids = pd.Index(pd.unique(np.asarray(respondent_ids, dtype=object)))
        return pd.Series(self.design.weights, index=self.respondent_ids).reindex(ids)


def raked_resampling(
    respondents: pd.DataFrame,
    margins: Mapping[str, Mapping[str, float]],
    *,
    weight: str = "weight",
    trim: tuple[float, float] | None = None,
    max_iter: int = 1000,
    tol: float = 1e-10,
) -> RakedResampling:
    """What :func:`bootstrap_ranks` needs to rake every resample again (``analysis.bootstrap.rerake``).

    Parameters
    ----------
    respondents
        Every raked respondent: ``respondent_id``, the ``weight`` column (the raked weights) and
        the fields of ``margins``.
    margins, trim, max_iter, tol
        The config's ``weights`` section, as given to :func:`analysis.stats.weights.rake`.
    """
    cells = raking_cells(respondents, margins, trim=trim, max_iter=max_iter, tol=tol)
    design = RakedDesign.from_respondents(respondents, list(margins), weight=weight)
    return RakedResampling(pd.Index(respondents["respondent_id"]), cells, design)


def _members(design: DesignMatrices, raking: RakedResampling) -> np.ndarray:
    """Positions of the design's respondents among the raked respondents."""
    members = raking.respondent_ids.get_indexer(design.respondent_ids)
    if (members < 0).any():
        missing = design.respondent_ids[members < 0][0]
        raise ValueError(f"respondent {missing!r} rated skills but is not among the raked respondents")
    return members


def _strata_codes(raking: RakedResampling, strata: pd.Series | None) -> np.ndarray:
    """Stratum code of every raked respondent (sorted codes, missing a stratum of its own; None: 0)."""
    if strata is None:
        return np.zeros(len(raking.respondent_ids), dtype=np.int64)
    values = pd.Series(strata.reindex(raking.respondent_ids).to_numpy(dtype=object)).astype(object)
    codes, _ = pd.factorize(values.where(values.notna(), "\x00missing"), sort=True)
    return codes


def _reraked_draws(
    design: DesignMatrices,
    raking: RakedResampling,
    strata: pd.Series | None,
    B: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """(B x skills) MWDS and ranks of ``B`` stratified resamples of the whole raked sample, each raked again.

    Each resample draws all raked respondents (within strata, sizes kept); the group's
    respondents are drawn one by one and the others only as counts per raking cell, which is all
    the raking of the resample needs. Each resample is raked to the margins
    (:func:`analysis.stats.weights.rake_cell_counts`) and the group's MWDS computed with its
    respondents' resample counts times their cell's raked weight.
    """
    members = _members(design, raking)
    codes = _strata_codes(raking, strata)
    cell = raking.cells.cell
    n_cells = raking.cells.n_cells
    outside = np.ones(len(cell), dtype=bool)
    outside[members] = False
    member_cells = np.zeros((len(members), n_cells))
    member_cells[np.arange(len(members)), cell[members]] = 1.0
    data = np.hstack([design.available, design.discrepancy, design.importance])
    plan = []  # per stratum: members' columns, the other respondents' cells and their sizes, size
    for code in range(int(codes.max()) + 1 if len(codes) else 0):
        inside = np.flatnonzero(codes[members] == code)
        others = np.bincount(cell[outside & (codes == code)], minlength=n_cells)
        held = np.flatnonzero(others)
        plan.append((inside, held, others[held], int((codes == code).sum())))
    k = len(design.skill_ids)
    ranks = np.empty((B, k), dtype=np.int32)
    draws = np.empty((B, k))
    chunk = _chunk_size(B, len(members) + n_cells)
    for start in range(0, B, chunk):
        size = min(chunk, B - start)
        counts = np.zeros((size, len(members)))
        cell_counts = np.zeros((size, n_cells))
        for inside, held, sizes, m in plan:
            p = np.concatenate([np.ones(len(inside)), sizes]) / m
            drawn = rng.multinomial(m, p, size=size)
            counts[:, inside] = drawn[:, : len(inside)]
            cell_counts[:, held] += drawn[:, len(inside):]
        cell_counts += counts @ member_cells
        weights = counts * rake_cell_counts(raking.cells, cell_counts)[:, cell[members]]
        sums = weights @ data
        with np.errstate(invalid="ignore", divide="ignore"):
            mwds = (sums[:, k:2 * k] / sums[:, :k]) * (sums[:, 2 * k:] / sums[:, :k])
        draws[start:start + size] = mwds
        ranks[start:start + size] = _rank_rows(mwds)
    return draws, ranks


def reraked_bootstrap_mwds(
    pairs: pd.DataFrame,
    raking: RakedResampling,
    strata: pd.Series | None = None,
    *,
    B: int = 2000,
    seed: int | Sequence[int] = 20261123,
) -> pd.DataFrame:
    """The MWDS of every skill in ``B`` stratified resamples of a raked sample, each raked again.

    Parameters
    ----------
    pairs
        :func:`analysis.stats.needs.discrepancies` output of the respondents (all of them, or a
        group: a domain of the sample) whose MWDS are wanted.
    raking
        The whole raked sample (:func:`raked_resampling`).
    strata
        Stratum by respondent_id (missing: a stratum of its own); None: one stratum.
    B, seed
        Resamples and the seed of their generator.

    Returns
    -------
    DataFrame
        ``B`` rows by skill_id columns (sorted), as :func:`bootstrap_mwds`; their variance over
        the rows estimates the design-based variance of the MWDS with the raking included (as
        the linearisation of :meth:`analysis.stats.design.RakedDesign.mwds`).
    """
    design = design_matrices(pairs, raking.design_weights(pairs["respondent_id"]))
    draws, _ = _reraked_draws(design, raking, strata, B, np.random.default_rng(seed))
    return pd.DataFrame(draws, columns=list(design.skill_ids))


def _raked_analytic_covariance(
    design: DesignMatrices, raking: RakedResampling, strata: pd.Series | None
) -> np.ndarray:
    """Delta-method covariance of the group's MWDS with the raking correction of :mod:`analysis.stats.design`.

    The influence values (:func:`analysis.stats.wide.wide_mwds_influence`, 0 outside the group)
    of all raked respondents are residualised on the raking fields
    (:meth:`analysis.stats.design.RakedDesign.residualise`) and then centred within strata:
    :math:`\\sum_h \\frac{n_h}{n_h-1} \\sum_{i \\in h} (e_i - \\bar e_h)(e_i - \\bar e_h)^\\top`.
    Without strata the diagonal is the squared standard error of
    :meth:`analysis.stats.design.RakedDesign.mwds` of the group as a domain.
    """
    members = _members(design, raking)
    rated = design.available > 0
    importance = np.where(rated, design.importance, np.nan)
    z = np.zeros((len(raking.respondent_ids), len(design.skill_ids)))
    z[members] = wide_mwds_influence(importance, importance - design.discrepancy, design.weight)
    e = raking.design.residualise(z)
    return stratified_covariance(e, _strata_codes(raking, strata))


def rank_set_columns(
    mwds: np.ndarray,
    cov: np.ndarray,
    *,
    top_k: int,
    level: float = 0.95,
    B: int = SET_B,
    seed: int | Sequence[int] | None = 20261123,
) -> dict[str, np.ndarray]:
    """Marginal and simultaneous rank confidence sets and the sure top-k of one ranking.

    Parameters
    ----------
    mwds
        The skills' MWDS (point estimates).
    cov
        Their covariance (bootstrap or analytic).
    top_k, level
        ``in_top_k_set`` marks the skills among the ``top_k`` greatest with confidence ``level``.
    B, seed
        Normal draws for the critical values and their seed (as
        :func:`analysis.stats.rank_sets.rank_confidence_sets`).

    Returns
    -------
    dict
        ``marginal_rank_low``/``_high`` (two-sided, one set per skill), ``simultaneous_rank_low``/
        ``_high`` (two-sided, all skills at once) and ``in_top_k_set``: the simultaneous one-sided
        upper rank bound (``stype="upper"``) is at most ``top_k``, so that with probability about
        ``level`` every skill marked is truly among the ``top_k`` greatest (stepdown throughout).
    """
    p = len(mwds)
    if p < 2:
        one = np.ones(p, dtype=int)
        return {"marginal_rank_low": one, "marginal_rank_high": one, "simultaneous_rank_low": one,
                "simultaneous_rank_high": one, "in_top_k_set": one <= top_k}
    options = {"level": level, "B": B, "seed": seed}
    marginal = rank_confidence_sets(mwds, cov, simul=False, **options)
    simultaneous = rank_confidence_sets(mwds, cov, simul=True, **options)
    _, sure_upper = rank_confidence_sets(mwds, cov, simul=True, stype="upper", **options)
    return {
        "marginal_rank_low": marginal[0], "marginal_rank_high": marginal[1],
        "simultaneous_rank_low": simultaneous[0], "simultaneous_rank_high": simultaneous[1],
        "in_top_k_set": sure_upper <= top_k,
    }


def bootstrap_ranks(
    pairs: pd.DataFrame,
    strata: pd.Series | None = None,
    *,
    B: int = 2000,
    seed: int | Sequence[int] = 20261123,
    top_k: int = 5,
    level: float = 0.95,
    weights: pd.Series | None = None,
    analytic_n: int = ANALYTIC_N,
    set_B: int = SET_B,
    raking: RakedResampling | None = None,
) -> pd.DataFrame:
    """Rank uncertainty of the Borich MWDS ranking by a stratified respondent bootstrap.

    Parameters
    ----------
    pairs
        :func:`analysis.stats.needs.discrepancies` output (pairwise-complete ratings).
    strata
        Stratum (e.g. sector) by respondent_id; respondents are resampled within their stratum,
        keeping its size (missing: a stratum of its own). None: simple bootstrap.
    B
        Number of resamples.
    seed
        Seed of the numpy Generator: the same seed gives identical results.
    top_k
        ``p_top_k`` is the share of resamples in which the skill ranks ``<= top_k``.
    level
        Coverage of the percentile interval ``rank_low``-``rank_high``.
    weights
        Respondent weight by respondent_id (e.g. raking weights); None: unweighted.
    analytic_n
        From this many respondents on, no resample is drawn: the ``B`` rankings come from ``B``
        normal draws :math:`N(\\widehat{MWDS}, \\Sigma)` (seeded with ``seed``) with
        :math:`\\Sigma` the analytic (delta-method, influences centred within strata) covariance
        of the MWDS (:func:`analysis.stats.wide.wide_mwds_covariance`, equal to
        :func:`analysis.stats.rank_sets.analytic_mwds_covariance`), and the rank confidence sets
        use :math:`\\Sigma`; below, the stratified bootstrap, and the sets the covariance of the
        bootstrap MWDS (resamples in which nobody drawn rated some skill left out).
    set_B
        Normal draws for the critical values of the rank confidence sets (:func:`rank_set_columns`,
        seeded with ``seed``).
    raking
        None: the weights are held fixed in the resamples. Given (:func:`raked_resampling`, the
        whole raked sample): every resample draws all raked respondents (within ``strata``), is
        raked again to the margins (resample counts as frequency weights, same trimming), and
        ``pairs``' respondents (a group: a domain of the sample) get those weights; the analytic
        covariance is then the raking-corrected one of :mod:`analysis.stats.design` (influence
        values residualised on the raking fields, then centred within strata).

    Returns
    -------
    DataFrame
        :data:`RANK_UNCERTAINTY_COLUMNS` and :data:`RANK_SET_COLUMNS`, one row per skill, by
        rank: ``n`` respondents rating the skill, ``mwds`` and ``rank`` of the full sample
        (weighted), ``median_rank``, ``rank_low``/``rank_high`` (percentile interval of the
        bootstrap ranks), ``p_top_k``; the rank confidence sets (:func:`rank_set_columns`) and
        ``covariance`` (``"bootstrap"`` or ``"analytic"``: then the percentile columns and
        ``p_top_k`` come from the normal draws too).

    Notes
    -----
    :math:`MWDS_{bs} = (C W D)_{bs} (C W I)_{bs} / (C W A)_{bs}^2` for the ``(B x n)`` count matrix
    :math:`C` and diagonal weights :math:`W` (module notes); rows ranked with ties at the minimum.
    :math:`p_{top\\,k,s} = \\frac{1}{B} \\sum_b [r_{bs} \\le k]`.

    References
    ----------
    Hall, P., & Miller, H. (2009). Using the bootstrap to quantify the authority of an empirical
    ranking. *Annals of Statistics*, 37(6B), 3929-3959.

    Examples
    --------
    Six respondents who all rate "energy" 5 / 1 and "water" 3 / 3: every resample ranks energy
    first, so its interval is 1-1 and it is in the top 1 in every resample.

    >>> import pandas as pd
    >>> from analysis.stats import bootstrap_ranks
    >>> pairs = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(6) for _ in (0, 1)],
    ...                       "skill_id": ["energy", "water"] * 6,
    ...                       "importance": [5.0, 3.0] * 6, "proficiency": [1.0, 3.0] * 6})
    >>> pairs["discrepancy"] = pairs["importance"] - pairs["proficiency"]
    >>> table = bootstrap_ranks(pairs, B=200, seed=1, top_k=1)
    >>> print(table[["skill_id", "mwds", "rank", "rank_low", "rank_high", "p_top_k"]].to_string(index=False))
    skill_id  mwds  rank  rank_low  rank_high  p_top_k
      energy  20.0     1         1          1      1.0
       water   0.0     2         2          2      0.0

    ``mwds`` is the Borich score of the full sample, in R ``mean(imp - pro) * mean(imp)``
    (energy: ``mean(5 - 1) * mean(5)`` = 20); the resamples depend on numpy's generator, so no
    R call repeats the intervals of less clear-cut data.
    """
    if B < 1:
        raise ValueError("B must be at least 1")
    if not 0 < level < 1:
        raise ValueError("level must be between 0 and 1")
    design = design_matrices(pairs, weights)
    if len(design.respondent_ids) == 0:
        return pd.DataFrame(columns=RANK_UNCERTAINTY_COLUMNS + RANK_SET_COLUMNS)
    strata_values = None if strata is None else strata.reindex(design.respondent_ids).to_numpy(dtype=object)
    return _design_ranks(
        design, strata_values, B=B, seed=seed, top_k=top_k, level=level, analytic_n=analytic_n,
        set_B=set_B, raking=raking, strata=strata,
    )


def _design_ranks(
    design: DesignMatrices,
    strata_values: np.ndarray | None,
    *,
    B: int,
    seed: int | Sequence[int],
    top_k: int,
    level: float,
    analytic_n: int,
    set_B: int,
    raking: RakedResampling | None = None,
    strata: pd.Series | None = None,
) -> pd.DataFrame:
    """:func:`bootstrap_ranks` of the pairs held by ``design`` (at least one respondent), each
    respondent's stratum in ``strata_values`` (None: unstratified); with ``raking``, the strata of
    the whole raked sample by respondent id in ``strata``."""
    if B < 1:
        raise ValueError("B must be at least 1")
    if not 0 < level < 1:
        raise ValueError("level must be between 0 and 1")
    n_respondents = len(design.respondent_ids)
    rng = np.random.default_rng(seed)
    point = _mwds_matrix(design, np.ones((1, n_respondents)))[0]
    point_rank = _rank_rows(point[None, :])[0]
    if n_respondents >= analytic_n:
        method = "analytic"
        if raking is None:
            cov = _analytic_covariance(design, strata_values)
        else:
            cov = _raked_analytic_covariance(design, raking, strata)
        draws = point + rng.standard_normal((B, len(point))) @ normal_factor(cov).T
        ranks = _rank_rows(draws)
    else:
        method = "bootstrap"
        if raking is None:
            draws, ranks = _bootstrap_draws(design, strata_values, B, rng)
        else:
            draws, ranks = _reraked_draws(design, raking, strata, B, rng)
        complete = draws[~np.isnan(draws).any(axis=1)]
        p = len(point)
        cov = np.cov(complete, rowvar=False, ddof=1).reshape(p, p) if len(complete) > 1 else None
    if cov is None:  # nearly every resample missed a skill: no covariance, no sets
        sets: dict[str, object] = {column: pd.NA for column in RANK_SET_COLUMNS[:-1]}
    else:
        sets = rank_set_columns(point, cov, top_k=top_k, level=level, B=set_B, seed=seed)
    tail = (1 - level) / 2
    table = pd.DataFrame(
        {
            "skill_id": design.skill_ids.astype(str),
            "n": design.available.sum(axis=0).astype(np.int64),
            "mwds": point,
            "rank": pd.array(point_rank, dtype="Int64"),
            "median_rank": np.median(ranks, axis=0),
            "rank_low": pd.array(np.quantile(ranks, tail, axis=0, method="lower"), dtype="Int64"),
            "rank_high": pd.array(np.quantile(ranks, 1 - tail, axis=0, method="higher"), dtype="Int64"),
            "p_top_k": (ranks <= top_k).mean(axis=0),
            "top_k": top_k,
            "level": level,
            "B": B,
            **sets,
            "covariance": method,
        }
    )
    for column in RANK_SET_COLUMNS[:4]:
        table[column] = table[column].astype("Int64")
    table["in_top_k_set"] = table["in_top_k_set"].astype("boolean")
    columns = RANK_UNCERTAINTY_COLUMNS + RANK_SET_COLUMNS
    return table.sort_values(["rank", "skill_id"], ignore_index=True)[columns]


def _group_seed(seed: int, scope: str, group: str) -> list[int]:
    """A seed per group, stable across runs and independent of the other groups."""
    return [seed, zlib.crc32(f"{scope}\x1f{group}".encode())]


def bootstrap_ranks_by(
    pairs: pd.DataFrame,
    respondents: pd.DataFrame,
    by: Sequence[str] = (),
    *,
    strata: str | None = None,
    B: int = 2000,
    seed: int = 20261123,
    top_k: int = 5,
    level: float = 0.95,
    weight: str | None = None,
    min_group_n: int = 5,
    group_labels: Mapping[str, Mapping[str, str]] | None = None,
    analytic_n: int = ANALYTIC_N,
    set_B: int = SET_B,
    raking: RakedResampling | None = None,
) -> pd.DataFrame:
    """:func:`bootstrap_ranks` over all respondents (scope ``overall``) and within each group.

    Parameters
    ----------
    pairs
        :func:`analysis.stats.needs.discrepancies` output.
    respondents
        respondent_id and the profile fields (and ``weight``).
    by
        Profile fields whose groups are bootstrapped separately.
    strata
        Profile field to resample within (overall and inside each group; constant inside a group
        of the same field, so a plain bootstrap there). None: unstratified.
    weight
        Column of ``respondents`` with respondent weights; None: unweighted.
    min_group_n
        Skills rated by fewer respondents in a group, and groups with fewer respondents, are
        ``flagged``: listed with their n, not bootstrapped or ranked (as ``suppressed`` in
        needs.csv).
    group_labels
        Profile field -> group code -> label.
    analytic_n, set_B, raking
        As in :func:`bootstrap_ranks` (``analytic_n`` counts the group's respondents; with
        ``raking`` every group is a domain of the re-raked resamples of the whole sample).

    Returns
    -------
    DataFrame
        :data:`RANKS_BY_COLUMNS`: scope, group, group_label, the
        :data:`RANK_UNCERTAINTY_COLUMNS`, ``flagged`` and the :data:`RANK_SET_COLUMNS` (empty
        where flagged). The overall scope uses ``seed`` itself (identical to
        :func:`bootstrap_ranks`); each group a seed derived from ``seed`` and its name.

    Notes
    -----
    Loops over groups, never over resamples; each group is one vectorised bootstrap (module
    notes).

    References
    ----------
    Davison, A. C., & Hinkley, D. V. (1997). *Bootstrap Methods and their Application*. Cambridge
    University Press, sec. 3.2.
    """
    profile = respondents.set_index("respondent_id")
    stratum = profile[strata] if strata else None
    # the matrices of every pair, built once: a group's are a selection of their rows
    design = design_matrices(pairs)
    ids = design.respondent_ids
    weight_of = None if not weight else profile[weight].reindex(ids).to_numpy(dtype=float)
    strata_values = None if not strata else profile[strata].reindex(ids).to_numpy(dtype=object)
    frames = []
    everyone = np.arange(len(ids))
    scopes: list[tuple[str, str, str, np.ndarray]] = [("overall", "all", "All respondents", everyone)]
    for field in by:
        names = (group_labels or {}).get(field, {})
        codes, groups = pd.factorize(profile[field].reindex(ids), sort=True)
        for k, group in enumerate(groups):
            scopes.append((field, str(group), str(names.get(group, group)), np.flatnonzero(codes == k)))
    for scope, group, label, rows in scopes:
        counts = design.available[rows].sum(axis=0).astype(np.int64)
        rated = counts > 0
        reportable = rated & (counts >= min_group_n)
        enough = len(rows) >= min_group_n and reportable.any()
        table = pd.DataFrame(columns=RANK_UNCERTAINTY_COLUMNS + RANK_SET_COLUMNS)
        if enough:
            columns = np.flatnonzero(reportable)
            kept = rows[design.available[np.ix_(rows, columns)].any(axis=1)]
            table = _design_ranks(
                design.subset(kept, columns, weight_of),
                None if strata_values is None else strata_values[kept],
                B=B,
                seed=seed if scope == "overall" else _group_seed(seed, scope, group),
                top_k=top_k,
                level=level,
                analytic_n=analytic_n,
                set_B=set_B,
                raking=raking,
                strata=stratum,
            )
            table["flagged"] = False
        small = rated & ~reportable if enough else rated
        if small.any():
            flagged = pd.DataFrame(
                {"skill_id": design.skill_ids[small].astype(str), "n": counts[small], "top_k": top_k,
                 "level": level, "B": B, "flagged": True}
            )
            table = flagged if table.empty else pd.concat([table, flagged], ignore_index=True)
        table.insert(0, "scope", scope)
        table.insert(1, "group", group)
        table.insert(2, "group_label", label)
        frames.append(table)
    result = pd.concat(frames, ignore_index=True).reindex(columns=RANKS_BY_COLUMNS)
    for column in ("rank", "rank_low", "rank_high", "n", "B", "top_k", *RANK_SET_COLUMNS[:4]):
        result[column] = result[column].astype("Int64")
    result["in_top_k_set"] = result["in_top_k_set"].astype("boolean")
    result["covariance"] = result["covariance"].astype(object)
    for column in ("mwds", "median_rank", "p_top_k", "level"):
        result[column] = result[column].astype(float)
    result["flagged"] = result["flagged"].astype(bool)
    return result
