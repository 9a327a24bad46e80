"""Do stakeholder groups agree on which skills are most needed? Kendall's W and Spearman's rho.

Notes
-----
The input is a table with one row per item (skill, :math:`n` rows) and one column per rater
(a stakeholder group, :math:`m` columns); each column is ranked over the items with average
ranks for ties (scores such as MWDS or ready ranks alike), values equal within a relative
:math:`10^{-9}` being ties (:mod:`analysis.stats.ties`: the rule of every ranking here, so that
two scores equal in exact arithmetic but not in their last bits neither split a tie nor move
W). With rank sums :math:`R_i = \\sum_j r_{ij}` and :math:`S = \\sum_i (R_i - m(n+1)/2)^2`,
Kendall's coefficient of concordance with the tie correction is

.. math:: W = \\frac{12 S}{m^2 (n^3 - n) - m \\sum_j T_j}, \\qquad T_j = \\sum_t (t^3 - t),

summed over the groups of :math:`t` tied ranks of rater :math:`j`. Its significance uses
:math:`\\chi^2 = m (n - 1) W` on :math:`n - 1` degrees of freedom, which is Friedman's (1937)
tie-corrected statistic with the raters as blocks (R's ``friedman.test``). Items that a rater
did not score (missing) are left out for every rater.

References
----------
Kendall, M. G., & Babington Smith, B. (1939). The problem of m rankings. *Annals of Mathematical
Statistics*, 10(3), 275-287.
Kendall, M. G. (1948). *Rank correlation methods*. London: Griffin.
Friedman, M. (1937). The use of ranks to avoid the assumption of normality implicit in the
analysis of variance. *JASA*, 32(200), 675-701.
Spearman, C. (1904). The proof and measurement of association between two things. *American
Journal of Psychology*, 15(1), 72-101.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

from analysis.stats.ties import tie_sizes, tied_ranks

__all__ = [
    "AGREEMENT_COLUMNS", "SPEARMAN_COLUMNS", "AgreementResult", "agreement_table", "kendalls_w",
    "spearman_pairs",
]

AGREEMENT_COLUMNS = ["scope", "k_groups", "n_skills", "w", "chi2", "df", "p_value"]
SPEARMAN_COLUMNS = ["group_a", "group_b", "rho", "p_value", "n"]


@dataclass(frozen=True)
class AgreementResult:
    """Kendall's W of ``m`` raters over ``n`` items, with its chi-square test."""

    w: float
    chi2: float
    df: int
    p_value: float
    m: int
    n: int


def kendalls_w(ranks: pd.DataFrame) -> AgreementResult:
    """Kendall's coefficient of concordance W with the tie correction.

    Parameters
    ----------
    ranks
        Rows = items (skills), columns = raters (stakeholder groups); values are ranks or
        scores, ranked within each column (average ranks for ties). Rows with a missing value
        are dropped.

    Returns
    -------
    AgreementResult
        ``w``, ``chi2`` = m(n - 1)W, ``df`` = n - 1, ``p_value`` (upper tail of chi-square),
        ``m`` raters, ``n`` items. When every rater ties every item W is undefined (NaN).

    Raises
    ------
    ValueError
        Fewer than two raters or two complete items.

    Notes
    -----
    :math:`W = 12S / (m^2(n^3 - n) - m\\sum_j T_j)`, :math:`T_j = \\sum_t (t^3 - t)`; see the
    module docstring.

    References
    ----------
    Kendall, M. G., & Babington Smith, B. (1939). The problem of m rankings. *Annals of
    Mathematical Statistics*, 10(3), 275-287.

    Examples
    --------
    Three groups rank four skills; the third ties the first two:

    >>> import pandas as pd
    >>> from analysis.stats import kendalls_w
    >>> ranks = pd.DataFrame({"x": [1, 2, 3, 4], "y": [1, 2, 4, 3], "z": [1.5, 1.5, 3, 4]})
    >>> result = kendalls_w(ranks)
    >>> print(f"W = {result.w:.4f}, chi2 = {result.chi2:.4f}, df = {result.df}, p = {result.p_value:.4f}")
    W = 0.8851, chi2 = 7.9655, df = 3, p = 0.0467

    By hand, :math:`W = 12 \\cdot 38.5 / (9 \\cdot 60 - 3 \\cdot 6) = 77/87`. In R (the raters are the
    blocks of Friedman's test, the rows of the matrix)::

        x <- matrix(c(1, 2, 3, 4,  1, 2, 4, 3,  1.5, 1.5, 3, 4), nrow = 3, byrow = TRUE)
        f <- friedman.test(x)
        f$statistic; f$p.value        # 7.965517, 0.04672976
        f$statistic / (3 * (4 - 1))   # 0.8850575 (as rstatix::friedman_effsize, "Kendall W")
    """
    complete = ranks.dropna(how="any")
    n, m = complete.shape
    if m < 2 or n < 2:
        raise ValueError(f"Kendall's W needs at least 2 raters and 2 complete items, got {m} and {n}")
    values = complete.to_numpy(dtype=float)
    ranked = np.column_stack(
        [tied_ranks(values[:, j], descending=False, method="average") for j in range(m)]
    )
    sums = ranked.sum(axis=1)
    s = float(((sums - m * (n + 1) / 2) ** 2).sum())
    ties = 0.0
    for j in range(m):
        t = tie_sizes(values[:, j])
        ties += float((t**3 - t).sum())
    denominator = m**2 * (n**3 - n) - m * ties
    w = 12 * s / denominator if denominator > 0 else float("nan")
    chi2 = m * (n - 1) * w
    return AgreementResult(
        w=w, chi2=chi2, df=n - 1, p_value=float(stats.chi2.sf(chi2, n - 1)), m=m, n=n
    )


def spearman_pairs(ranks: pd.DataFrame) -> pd.DataFrame:
    """Spearman's rho between every pair of raters (columns), over the items both scored.

    Parameters
    ----------
    ranks
        Rows = items, columns = raters, as for :func:`kendalls_w`.

    Returns
    -------
    DataFrame
        :data:`SPEARMAN_COLUMNS`: one row per pair of columns in column order; ``rho`` and the
        two-sided ``p_value`` of ``scipy.stats.spearmanr`` (t approximation), ``n`` items.

    Notes
    -----
    :math:`\\rho` is Pearson's correlation of the average ranks (Spearman, 1904), ties by the
    rule of :mod:`analysis.stats.ties`.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.stats import spearman_pairs
    >>> ranks = pd.DataFrame({"x": [1, 2, 3, 4], "y": [1, 2, 4, 3], "z": [1.5, 1.5, 3, 4]})
    >>> print(spearman_pairs(ranks).round(4).to_string(index=False))
    group_a group_b    rho  p_value  n
          x       y 0.8000   0.2000  4
          x       z 0.9487   0.0513  4
          y       z 0.7379   0.2621  4

    In R (the t approximation of ``cor.test`` with ``exact = FALSE``)::

        cor.test(c(1, 2, 3, 4), c(1.5, 1.5, 3, 4), method = "spearman", exact = FALSE)
        # rho 0.9486833, p-value 0.05131670
    """
    rows = []
    for a, b in combinations(ranks.columns, 2):
        both = ranks[[a, b]].dropna(how="any")
        if len(both) >= 3:
            result = stats.spearmanr(
                tied_ranks(both[a], descending=False, method="average"),
                tied_ranks(both[b], descending=False, method="average"),
            )
            rho, p_value = float(result.statistic), float(result.pvalue)
        else:
            rho = p_value = float("nan")
        rows.append({"group_a": a, "group_b": b, "rho": rho, "p_value": p_value, "n": len(both)})
    return pd.DataFrame(rows, columns=SPEARMAN_COLUMNS)


def agreement_table(needs: pd.DataFrame, scope: str) -> pd.DataFrame:
    """Kendall's W of the MWDS rankings of the groups of one scope of a needs table.

    Parameters
    ----------
    needs
        :func:`analysis.stats.needs.needs_table` output (scope, group, skill_id, mwds,
        suppressed).
    scope
        The scope whose groups are the raters (e.g. ``"country"``, ``"sector"``,
        ``"respondent_type"``).

    Returns
    -------
    DataFrame
        One row, :data:`AGREEMENT_COLUMNS`: ``k_groups`` groups compared, ``n_skills`` skills,
        W, chi2, df, p_value. Groups with any suppressed row are left out; with fewer than two
        groups (or two skills) left the statistics are NaN.

    Notes
    -----
    Skills are the items and groups the raters of :func:`kendalls_w`.
    """
    rows = needs[needs["scope"] == scope]
    if rows.empty:
        raise ValueError(f"no rows of scope {scope!r} in the needs table")
    suppressed = rows.loc[rows["suppressed"].astype(bool), "group"].unique()
    rows = rows[~rows["group"].isin(suppressed)]
    table = rows.pivot(index="skill_id", columns="group", values="mwds").dropna(how="any")
    k, n = table.shape[1], table.shape[0]
    result = {"scope": scope, "k_groups": k, "n_skills": n, "w": np.nan, "chi2": np.nan,
              "df": np.nan, "p_value": np.nan}
    if k >= 2 and n >= 2:
        w = kendalls_w(table)
        result.update(w=w.w, chi2=w.chi2, df=w.df, p_value=w.p_value)
    return pd.DataFrame([result], columns=AGREEMENT_COLUMNS)
