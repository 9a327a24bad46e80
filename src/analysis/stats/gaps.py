"""Is a skill's gap real? Wilcoxon signed-rank test of importance against proficiency per skill.

Notes
-----
For each skill (within a scope and group) the paired differences :math:`D_i = I_i - P_i` of the
:math:`n` respondents who rated both are tested with the Wilcoxon (1945) signed-rank test,
``scipy.stats.wilcoxon(D, zero_method="wilcox", correction=False, method="approx")``: zero
differences are dropped (:math:`n'` non-zero ones remain), the absolute differences ranked with
average ranks for ties, :math:`W^+` is the sum of the ranks of the positive differences and

.. math:: z = \\frac{W^+ - n'(n'+1)/4}
               {\\sqrt{n'(n'+1)(2n'+1)/24 - \\sum_t (t^3 - t)/48}},

with :math:`t` the sizes of the tie groups; :math:`p = 2\\,(1 - \\Phi(|z|))`. The normal
approximation is used for every n (not only n > 50): ratings on a 1-5 scale are heavily tied,
where the exact null distribution does not apply, and it gives the :math:`z` the effect size
needs. This is R's ``wilcox.test(importance, proficiency, paired = TRUE, exact = FALSE,
correct = FALSE)``.

The effect size is :math:`r = z / \\sqrt{n}` (Rosenthal, 1991) with :math:`n` all pairs of the
skill (zero differences included), positive when importance exceeds proficiency. p-values are
adjusted with Holm's (1979) procedure across the skills of each scope and group.

References
----------
Wilcoxon, F. (1945). Individual comparisons by ranking methods. *Biometrics Bulletin*, 1(6),
80-83.
Rosenthal, R. (1991). *Meta-analytic procedures for social research* (rev. ed.). Newbury Park,
CA: Sage.
Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian Journal of
Statistics*, 6(2), 65-70.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special, stats

from analysis.stats.multitest import holm

__all__ = ["GAP_TEST_COLUMNS", "gap_tests"]

GAP_TEST_COLUMNS = [
    "scope", "group", "skill_id", "n", "statistic", "p_value", "p_holm", "effect_r", "median_gap",
    "significant",
]


def gap_tests(
    pairs: pd.DataFrame,
    groups: pd.Series | None = None,
    scope: str = "overall",
    alpha: float = 0.05,
    min_group_n: int = 5,
) -> pd.DataFrame:
    """Wilcoxon signed-rank test of importance vs proficiency per skill, Holm within each group.

    Parameters
    ----------
    pairs
        :func:`analysis.stats.needs.discrepancies` output (respondent_id, skill_id,
        discrepancy).
    groups
        Group code per respondent_id (index); None: all respondents in one group ``"all"``.
    scope
        Name of the scope (``"overall"`` or the profile field of ``groups``), copied to the output.
    alpha
        Family-wise error rate for ``significant`` (Holm within scope and group).
    min_group_n
        Skills of a group with fewer pairs are not tested (no row).

    Returns
    -------
    DataFrame
        :data:`GAP_TEST_COLUMNS`, one row per group x skill tested: ``n`` pairs, ``statistic``
        :math:`W^+` (R's V), two-sided ``p_value``, ``p_holm``, ``effect_r`` = z / sqrt(n),
        ``median_gap`` (median of D), ``significant`` = p_holm < alpha.

    Notes
    -----
    See the module docstring for :math:`W^+`, :math:`z` and the tie correction.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.stats import gap_tests
    >>> importance = [5, 4, 4, 3, 5, 4, 2, 5]
    >>> proficiency = [3, 4, 2, 3, 2, 3, 3, 1]
    >>> pairs = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(8)], "skill_id": "energy",
    ...                       "discrepancy": [i - p for i, p in zip(importance, proficiency)]})
    >>> row = gap_tests(pairs).iloc[0]
    >>> print(f"V = {row['statistic']}, p = {row['p_value']:.4f}, r = {row['effect_r']:.4f}")
    V = 19.5, p = 0.0578, r = 0.6708

    In R (``r`` is :math:`|z| / \\sqrt{n}` with the :math:`z` of the p-value)::

        imp <- c(5, 4, 4, 3, 5, 4, 2, 5); pro <- c(3, 4, 2, 3, 2, 3, 3, 1)
        w <- wilcox.test(imp, pro, paired = TRUE, exact = FALSE, correct = FALSE)
        w$statistic; w$p.value                # V = 19.5, 0.05777957
        abs(qnorm(w$p.value / 2)) / sqrt(8)   # 0.6708204
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, not {alpha!r}")
    if groups is None:
        joined = pairs.assign(group="all")
    else:
        joined = pairs.join(groups.rename("group"), on="respondent_id").dropna(subset=["group"])
    rows = _whole_number_tests(joined, min_group_n)
    if rows is None:
        rows = []
        for (group, skill_id), frame in joined.groupby(["group", "skill_id"], sort=True, observed=True):
            gaps = frame["discrepancy"].to_numpy(dtype=float)
            if len(gaps) < min_group_n:
                continue
            statistic, p_value, z = _signed_rank(gaps)
            rows.append(
                {
                    "scope": scope, "group": group, "skill_id": skill_id, "n": len(gaps),
                    "statistic": statistic, "p_value": p_value, "effect_r": z / np.sqrt(len(gaps)),
                    "median_gap": float(np.median(gaps)),
                }
            )
    else:
        rows = rows.assign(scope=scope)
    table = pd.DataFrame(rows, columns=[c for c in GAP_TEST_COLUMNS if c not in {"p_holm", "significant"}])
    if table.empty:
        return table.reindex(columns=GAP_TEST_COLUMNS)
    table["p_holm"] = np.nan
    table["significant"] = False
    for _, index in table.groupby("group", sort=False).groups.items():
        reject, p_holm = holm(table.loc[index, "p_value"], alpha=alpha)
        table.loc[index, "p_holm"] = p_holm
        table.loc[index, "significant"] = reject
    table["significant"] = table["significant"].astype(bool)
    return table[GAP_TEST_COLUMNS]


def _signed_rank(gaps: np.ndarray) -> tuple[float, float, float]:
    """W+, two-sided p and signed z of the normal approximation (zeros dropped, no correction)."""
    nonzero = gaps[gaps != 0]
    if len(nonzero) == 0:
        return 0.0, 1.0, 0.0  # no difference at all: no evidence of a gap
    ranks = stats.rankdata(np.abs(nonzero))
    w_plus = float(ranks[nonzero > 0].sum())
    result = stats.wilcoxon(gaps, zero_method="wilcox", correction=False, method="approx")
    expected = len(nonzero) * (len(nonzero) + 1) / 4
    z = float(np.copysign(abs(result.zstatistic), w_plus - expected))
    if w_plus == expected:
        z = 0.0
    return w_plus, float(result.pvalue), z


#: Largest absolute discrepancy the counting path of :func:`_whole_number_tests` tabulates.
_MAX_WHOLE = 1000


def _whole_number_tests(joined: pd.DataFrame, min_group_n: int) -> pd.DataFrame | None:
    """The tests of every group x skill at once when the discrepancies are small whole numbers.

    The counts of each discrepancy value per group and skill give everything: the absolute values
    :math:`a = 1, 2, \\dots` with :math:`t_a` non-zero differences of that size take the average
    rank :math:`c_a - (t_a - 1)/2` (:math:`c_a` the running sum of the :math:`t`), :math:`W^+` is the
    sum of those ranks over the positive differences, and the median is read off the running
    counts. The arithmetic after the ranks is ``scipy.stats.wilcoxon``'s (``method="approx"``),
    step for step, so the numbers are the same to the last bit. None when the discrepancies are not
    whole numbers below :data:`_MAX_WHOLE` (each group and skill is then tested on its own).
    """
    values = joined["discrepancy"].to_numpy(dtype=float)
    if not (np.all(np.abs(values) <= _MAX_WHOLE) and np.all(values == np.floor(values))):
        return None
    group_codes, group_names = pd.factorize(joined["group"], sort=True)
    skill_codes, skill_names = pd.factorize(joined["skill_id"], sort=True)
    top = int(np.abs(values).max()) if len(values) else 0
    width = 2 * top + 1
    cells = len(group_names) * len(skill_names)
    cell = group_codes.astype(np.int64) * len(skill_names) + skill_codes
    counts = np.bincount(cell * width + (values.astype(np.int64) + top), minlength=cells * width)
    counts = counts.reshape(cells, width)
    n = counts.sum(axis=1)
    tested = np.flatnonzero((n >= min_group_n) & (n > 0))
    counts, n = counts[tested], n[tested]
    positive = counts[:, top + 1 :].astype(float)  # |D| = 1, 2, ..., top
    ties = positive + counts[:, :top][:, ::-1]
    count = ties.sum(axis=1)
    ranks = np.cumsum(ties, axis=1) - (ties - 1) / 2
    w_plus = (positive * ranks).sum(axis=1)  # halves times counts: exact, in any order
    mean = count * (count + 1.0) * 0.25
    se = count * (count + 1.0) * (2.0 * count + 1.0)
    se = np.sqrt((se - (ties**3 - ties).sum(axis=1) / 2) / 24)
    none = count == 0  # no difference at all: no evidence of a gap
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.abs((w_plus - mean) / se)
    p_value = np.where(none, 1.0, 2 * special.ndtr(-z))
    z = np.where(none | (w_plus == mean), 0.0, np.copysign(z, w_plus - mean))
    running = np.cumsum(counts, axis=1)
    middle = [np.argmax(running > ((n - 1) // 2)[:, None], axis=1),
              np.argmax(running > (n // 2)[:, None], axis=1)]
    median = ((middle[0] - top) + (middle[1] - top)) / 2
    return pd.DataFrame({
        "group": np.asarray(group_names, dtype=object)[tested // len(skill_names)],
        "skill_id": np.asarray(skill_names, dtype=object)[tested % len(skill_names)],
        "n": n.astype(np.int64),
        "statistic": np.where(none, 0.0, w_plus),
        "p_value": p_value,
        "effect_r": z / np.sqrt(n),
        "median_gap": median.astype(float),
    })
