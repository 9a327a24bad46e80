"""Design-based standard errors of weighted estimates by linearisation, for a raked sample.

A raked sample is treated as R's ``survey`` package treats ``rake()`` of
``svydesign(ids = ~1, weights = ~1)``: one stage of independently drawn respondents whose base
weights are then raked to the margins of the raking variables. The variance of an estimate is the
with-replacement variance of its *influence values*, after these are residualised on the raking
variables (raking reproduces the margins exactly, so the part of an estimate's variation explained
by the raking variables is not sampling error). A domain (group) estimate is computed on the full
design with the influence values 0 outside the domain (as ``svymean(~x, subset(design, ...))``),
so its standard error accounts for the random size of the domain.

Notes
-----
For respondents :math:`i = 1..n` with final weights :math:`w_i`, a domain :math:`d` (the
respondents of a group who answered) and values :math:`x_i`, the weighted mean and its influence
values are

.. math:: \\hat\\mu = \\frac{\\sum_{i \\in d} w_i x_i}{\\sum_{i \\in d} w_i}, \\qquad
          z_i = \\frac{w_i (x_i - \\hat\\mu)}{\\sum_{j \\in d} w_j}\\,[i \\in d];

of a weighted total :math:`\\hat t = \\sum_{i \\in d} w_i x_i`, :math:`z_i = w_i x_i [i \\in d]`.
Raking on variables :math:`v = 1..V` residualises :math:`z` by backfitting, ten sweeps over the
variables, each replacing

.. math:: z_i \\leftarrow z_i - w_i \\, \\overline{(z / w)}_{v(i)},

where :math:`\\overline{(z/w)}_{c}` is the unweighted mean of :math:`z_j / w_j` over the
respondents in category :math:`c` of variable :math:`v` (all :math:`n` respondents, zeros outside
the domain included). The variance is then

.. math:: \\widehat{V} = \\frac{n}{n - 1} \\sum_{i=1}^{n} (z_i - \\bar z)^2

(``survey:::svyrecvar`` with one stratum and one respondent per cluster). A non-linear function
of means uses the delta method: Borich's :math:`MWDS = \\bar D \\cdot \\bar I` has influence values
:math:`\\bar I z^{D}_i + \\bar D z^{I}_i` (as ``svycontrast(svymean(~D + I, ...), quote(D * I))``).
Intervals are :math:`\\hat\\mu \\pm t_{m - 1} \\sqrt{\\widehat V}` with :math:`m` the number of
respondents in the domain (R's ``degf`` of the domain design).

Trimmed weights (``weights.trim``) do not reproduce the margins exactly; the residualisation on
the raking variables is then an approximation.

References
----------
Deville, J.-C., & Särndal, C.-E. (1992). Calibration estimators in survey sampling. *Journal of the
American Statistical Association*, 87(418), 376-382.
Lumley, T. (2004). Analysis of complex survey samples. *Journal of Statistical Software*, 9(1),
1-19. (R ``survey``: ``rake``, ``svymean``, ``svyrecvar``)
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley. (ch. 7, raking)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse, stats

__all__ = ["Estimate", "RakedDesign"]

#: Backfitting sweeps over the raking variables, as ``survey:::svyrecvar`` (fixed, not to a tolerance).
BACKFIT_SWEEPS = 10


@dataclass(frozen=True)
class Estimate:
    """A weighted estimate with its linearisation standard error.

    Attributes
    ----------
    estimate
        The weighted mean, total or MWDS (NaN when the domain is empty).
    se
        Its design-based standard error (NaN when the domain has fewer than 2 respondents).
    n
        Respondents in the domain (unweighted).
    """

    estimate: float
    se: float
    n: int

    @property
    def df(self) -> int:
        """Degrees of freedom of the interval: ``n - 1`` (R ``degf`` of the domain design)."""
        return self.n - 1

    def ci(self, level: float = 0.95) -> tuple[float, float]:
        """The t interval :math:`\\hat\\theta \\pm t_{n-1,\\,1-(1-level)/2}\\,\\mathrm{SE}` (NaN if n < 2)."""
        if not 0 < level < 1:
            raise ValueError(f"level must be in (0, 1), got {level!r}")
        if self.n < 2 or not np.isfinite(self.se):
            return (float("nan"), float("nan"))
        half = float(stats.t.ppf(0.5 + level / 2.0, self.df) * self.se)
        return (self.estimate - half, self.estimate + half)


class RakedDesign:
    """Respondents, their final weights and the variables they were raked on.

    Parameters
    ----------
    weights
        One final weight per respondent (any scale: means and their errors do not depend on it;
        totals are in its units). Finite and positive.
    raking
        Raking variable -> one category code per respondent (the profile fields of
        ``weights.margins``); empty: no raking (a weighted one-stage design).
    ids
        Optional respondent ids (``index`` of the values passed to :meth:`mean` as a Series).

    Examples
    --------
    >>> from analysis.stats.design import RakedDesign
    >>> design = RakedDesign([1.0, 1.0, 1.0, 1.0], {})
    >>> print(f"{design.mean([5, 4, 4, 2]).se:.6f}")  # s / sqrt(n) with equal weights, no raking
    0.629153
    """

    def __init__(
        self,
        weights: Sequence[float] | np.ndarray | pd.Series,
        raking: Mapping[str, Sequence[object] | np.ndarray | pd.Series],
        ids: Sequence[object] | pd.Index | None = None,
    ) -> None:
        w = np.asarray(weights, dtype=float)
        if w.ndim != 1 or len(w) < 2:
            raise ValueError("a design needs at least two respondents' weights")
        if not np.isfinite(w).all() or (w <= 0).any():
            raise ValueError("design weights must be finite and positive")
        self.weights = w
        self.n = len(w)
        self.ids = pd.Index(ids) if ids is not None else pd.RangeIndex(self.n)
        if len(self.ids) != self.n:
            raise ValueError(f"{len(self.ids)} ids for {self.n} weights")
        self._margins: list[tuple[sparse.csr_matrix, np.ndarray]] = []
        for name, codes in raking.items():
            codes = pd.Series(np.asarray(codes, dtype=object))
            if len(codes) != self.n:
                raise ValueError(f"raking variable {name!r} has {len(codes)} codes for {self.n} respondents")
            if codes.isna().any():
                raise ValueError(f"raking variable {name!r} has no code for some respondents")
            index, categories = pd.factorize(codes.astype(str))
            onehot = sparse.csr_matrix(
                (np.ones(self.n), (np.arange(self.n), index)), shape=(self.n, len(categories))
            )
            self._margins.append((onehot, np.bincount(index, minlength=len(categories)).astype(float)))
        #: cross-tabulations of the raking variables: _cross[b][a] = onehot_b.T @ onehot_a
        self._cross = [[(mb.T @ ma).toarray() for ma, _ in self._margins] for mb, _ in self._margins]

    @classmethod
    def from_respondents(
        cls, respondents: pd.DataFrame, raking: Sequence[str], weight: str = "weight"
    ) -> RakedDesign:
        """The design of a respondents frame: its ``weight`` column raked on the ``raking`` fields.

        ``respondents`` needs ``respondent_id``, the weight column and each raking field.
        """
        for column in (weight, *raking):
            if column not in respondents.columns:
                raise ValueError(f"respondents have no {column!r} column for the survey design")
        return cls(
            respondents[weight].to_numpy(dtype=float),
            {field: respondents[field].to_numpy() for field in raking},
            ids=respondents["respondent_id"] if "respondent_id" in respondents.columns else None,
        )

    # -- influence values -> variance ---------------------------------------------------------
    def residualise(self, z: np.ndarray) -> np.ndarray:
        """Influence values residualised on the raking variables (``survey:::svyrecvar``'s backfitting).

        ``z`` is one column of influence values per respondent, or a matrix of several columns
        (respondents x estimates), each residualised on its own: the sweeps are linear in ``z``.
        Each sweep subtracts, margin by margin, ``w`` times the category means of ``z / w``; the
        sweeps are run on the categories' sums (a margin's update changes another margin's sums
        by their cross-tabulation), so the respondents are visited twice, not at every sweep.
        """
        z = np.array(z, dtype=float)
        if not self._margins:
            return z
        column = z.ndim == 1
        w = self.weights if column else self.weights[:, None]
        ratio = z / w
        sums = [onehot.T @ ratio for onehot, _ in self._margins]
        shifts = [np.zeros_like(s) for s in sums]
        for _ in range(BACKFIT_SWEEPS):
            for a, (_, counts) in enumerate(self._margins):
                means = sums[a] / (counts if column else counts[:, None])
                shifts[a] = shifts[a] + means
                for b in range(len(self._margins)):
                    sums[b] = sums[b] - self._cross[b][a] @ means
        shift = sum(onehot @ s for (onehot, _), s in zip(self._margins, shifts, strict=True))
        return z - w * shift

    def variance(self, z: np.ndarray) -> float:
        """:math:`\\frac{n}{n-1}\\sum_i (e_i - \\bar e)^2` of the residualised influence values :math:`e`."""
        return float(self.variances(np.asarray(z, dtype=float)[:, None])[0])

    def variances(self, z: np.ndarray) -> np.ndarray:
        """:meth:`variance` of each column of a respondents x estimates matrix, in one pass."""
        e = self.residualise(z)
        e = e - e.mean(axis=0)
        return self.n / (self.n - 1.0) * np.einsum("ij,ij->j", e, e)

    # -- estimates -----------------------------------------------------------------------------
    def _align(self, values: object, name: str) -> np.ndarray:
        if isinstance(values, pd.Series) and not isinstance(self.ids, pd.RangeIndex):
            aligned = values.reindex(self.ids)
            return pd.to_numeric(aligned, errors="coerce").to_numpy(dtype=float)
        array = np.asarray(values, dtype=float)
        if array.shape != (self.n,):
            raise ValueError(f"{name} has {array.shape} values for {self.n} respondents")
        return array

    def _domain(self, domain: object, *values: np.ndarray) -> np.ndarray:
        inside = np.ones(self.n, dtype=bool) if domain is None else self._align(domain, "domain") > 0
        for v in values:
            inside &= ~np.isnan(v)
        return inside

    def _mean_influence(self, x: np.ndarray, inside: np.ndarray) -> tuple[float, np.ndarray]:
        w = np.where(inside, self.weights, 0.0)
        total = w.sum()
        xs = np.where(inside, x, 0.0)
        mean = float(np.dot(w, xs) / total)
        return mean, w * (xs - mean) / total

    def means(self, values: np.ndarray) -> list[Estimate]:
        """:meth:`mean` of each column of a respondents x estimates matrix (NaN: missing or outside
        the domain), the standard errors in one pass: a table of many means of one design."""
        x = np.asarray(values, dtype=float)
        if x.ndim != 2 or x.shape[0] != self.n:
            raise ValueError(f"values must be {self.n} respondents x estimates, not {x.shape}")
        inside = ~np.isnan(x)
        w = np.where(inside, self.weights[:, None], 0.0)
        totals = w.sum(axis=0)
        xs = np.where(inside, x, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.einsum("ij,ij->j", w, xs) / totals
            z = w * (xs - mean) / totals
        m = inside.sum(axis=0)
        usable = m > 1
        se = np.full(x.shape[1], np.nan)
        if usable.any():
            se[usable] = np.sqrt(self.variances(z[:, usable]))
        return [
            Estimate(float(mean[j]) if m[j] else float("nan"), float(se[j]), int(m[j]))
            for j in range(x.shape[1])
        ]

    def mean(self, values: object, domain: object = None) -> Estimate:
        """Weighted mean of ``values`` over the domain, missing values left out, with its SE.

        Parameters
        ----------
        values
            One value per respondent (NaN: missing), or a Series indexed by respondent id.
        domain
            Boolean per respondent (or Series by id): the group; None: everyone.

        Returns
        -------
        Estimate
            As R ``svymean(~x, subset(design, domain), na.rm = TRUE)``; a share is the mean of a
            0/1 indicator.
        """
        x = self._align(values, "values")
        inside = self._domain(domain, x)
        m = int(inside.sum())
        if m == 0:
            return Estimate(float("nan"), float("nan"), 0)
        mean, z = self._mean_influence(x, inside)
        se = float(np.sqrt(self.variance(z))) if m > 1 else float("nan")
        return Estimate(mean, se, m)

    def total(self, values: object, domain: object = None) -> Estimate:
        """Weighted total of ``values`` over the domain (in the weights' units), as R ``svytotal``."""
        x = self._align(values, "values")
        inside = self._domain(domain, x)
        m = int(inside.sum())
        z = np.where(inside, self.weights * np.where(inside, x, 0.0), 0.0)
        se = float(np.sqrt(self.variance(z))) if m > 1 else float("nan")
        return Estimate(float(z.sum()), se, m)

    def mwds(self, importance: object, proficiency: object, domain: object = None) -> Estimate:
        """Borich's :math:`MWDS = \\bar D \\cdot \\bar I` over respondents who rated both, with its SE.

        Delta method on the weighted means of :math:`D = I - P` and :math:`I`, as R
        ``svycontrast(svymean(~D + I, subset(design, domain & !is.na(D))), quote(D * I))``.
        """
        i = self._align(importance, "importance")
        d = i - self._align(proficiency, "proficiency")
        inside = self._domain(domain, d)
        m = int(inside.sum())
        if m == 0:
            return Estimate(float("nan"), float("nan"), 0)
        d_mean, zd = self._mean_influence(d, inside)
        i_mean, zi = self._mean_influence(i, inside)
        z = i_mean * zd + d_mean * zi
        se = float(np.sqrt(self.variance(z))) if m > 1 else float("nan")
        return Estimate(d_mean * i_mean, se, m)
