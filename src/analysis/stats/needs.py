"""Needs assessment: Borich mean weighted discrepancy scores (MWDS) per skill and group.

Notes
-----
For respondent :math:`i` and skill :math:`s` with both ratings, the discrepancy is
:math:`D_{is} = I_{is} - P_{is}` (importance minus current proficiency). The weighted discrepancy
is :math:`WDS_{is} = D_{is} \\cdot \\bar I_s`, where :math:`\\bar I_s` is the mean importance of the
skill over the same respondents, and

.. math:: MWDS_s = \\frac{1}{n_s} \\sum_i WDS_{is} = \\bar D_s \\cdot \\bar I_s .

With survey weights :math:`w_i` (the respondents' ``weight`` column) the means are weighted:

.. math:: MWDS_s = \\frac{\\sum_i w_i D_{is}}{\\sum_i w_i} \\cdot \\frac{\\sum_i w_i I_{is}}{\\sum_i w_i},

which equals the unweighted score when every :math:`w_i = 1` (or any constant). ``n`` stays the
unweighted count of respondents.

Skills are ranked by MWDS, largest first (rank 1 = greatest training need); scores equal within a
relative tolerance of :math:`10^{-9}` (ties of exact arithmetic that differ in their last bits)
share the lowest rank of their group (:mod:`analysis.stats.ties`). Only respondents who
rated both importance and proficiency of a skill count for it (pairwise complete).

Two quadrant classifications are added by :func:`needs_table`:

* Importance-Performance Analysis (IPA; Martilla & James, 1977): mean importance against mean
  proficiency ("performance"), crosshairs at the grand means (the mean over the skills of the
  skill means, within scope and group) or at the scale midpoint. High importance (at or above the
  crosshair) and low proficiency (below it) = ``concentrate here``; high/high = ``keep up the
  good work``; low/low = ``low priority``; low importance, high proficiency = ``possible
  overkill``.
* Locus for Focus (LFF; Mink, Shultz & Mink, 1991): mean importance against mean discrepancy,
  crosshairs always at the grand means. High importance and high discrepancy = ``focus``; the
  other quadrants are named by their position (``high importance, low discrepancy``, ``low
  importance, high discrepancy``, ``low importance, low discrepancy``).

A value equal to its crosshair counts as high. The crosshairs used are written beside the quadrants
(``ipa_importance_cross``, ``ipa_proficiency_cross``, ``lff_importance_cross``,
``lff_discrepancy_cross``: the same on every reported row of a scope and group), so that a chart
draws its lines where the skills were classified rather than working them out again.

References
----------
Borich, G. D. (1980). A needs assessment model for conducting follow-up studies. *Journal of
Teacher Education*, 31(3), 39-42.
Martilla, J. A., & James, J. C. (1977). Importance-performance analysis. *Journal of Marketing*,
41(1), 77-79.
Mink, O. G., Shultz, J. M., & Mink, B. P. (1991). *Developing and managing open organizations: A
model and methods for maximizing organizational potential*. Austin, TX: Somerset Consulting Group.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from analysis.stats.design import RakedDesign
from analysis.stats.ties import tied_ranks

__all__ = [
    "CROSSHAIR_COLUMNS", "IPA_QUADRANTS", "LFF_QUADRANTS", "NEEDS_COLUMNS", "borich_mwds", "discrepancies",
    "needs_table",
]

#: Where the quadrants of :func:`needs_table` split, per scope and group: IPA (importance,
#: proficiency) and Locus for Focus (importance, discrepancy).
CROSSHAIR_COLUMNS = [
    "ipa_importance_cross", "ipa_proficiency_cross", "lff_importance_cross", "lff_discrepancy_cross",
]
NEEDS_COLUMNS = [
    "scope", "group", "group_label", "skill_id", "skill_label", "skill_group", "n",
    "importance_mean", "proficiency_mean", "discrepancy_mean", "mwds", "rank", "suppressed",
    "positive_gap_share", "mean_positive_gap", "ipa_quadrant", "lff_quadrant",
    *CROSSHAIR_COLUMNS, "mwds_ci_low", "mwds_ci_high",
]

#: (high importance, high proficiency) -> IPA quadrant (Martilla & James 1977).
IPA_QUADRANTS = {
    (True, False): "concentrate here",
    (True, True): "keep up the good work",
    (False, False): "low priority",
    (False, True): "possible overkill",
}
#: (high importance, high discrepancy) -> Locus for Focus quadrant (Mink et al. 1991).
LFF_QUADRANTS = {
    (True, True): "focus",
    (True, False): "high importance, low discrepancy",
    (False, True): "low importance, high discrepancy",
    (False, False): "low importance, low discrepancy",
}


def discrepancies(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame | None = None,
    weight: str | None = "weight",
) -> pd.DataFrame:
    """Pair each respondent's importance and proficiency ratings of a skill.

    Parameters
    ----------
    ratings
        Long ratings: respondent_id, skill_id, dimension, value.
    respondents
        Optional respondents table (respondent_id and the ``weight`` column); when given and it
        has the column, each pair carries the respondent's weight in a ``weight`` column.
    weight
        Name of the weight column of ``respondents`` (None: no weights).

    Returns
    -------
    DataFrame
        respondent_id, skill_id, importance, proficiency, discrepancy (and ``weight`` when
        weights are given); only pairs where both ratings are present.

    Notes
    -----
    :math:`D_{is} = I_{is} - P_{is}`.
    """
    pairs = ratings[ratings["dimension"].isin(["importance", "proficiency"])]
    # respondents x skills cells of sorted ids (the order of a pivot), filled from integer codes
    rid, respondent_ids = pd.factorize(pairs["respondent_id"], sort=True)
    sid, skill_ids = pd.factorize(pairs["skill_id"], sort=True)
    cell = rid.astype(np.int64) * len(skill_ids) + sid
    proficient = (pairs["dimension"] == "proficiency").to_numpy(dtype=bool)
    if (np.bincount(cell * 2 + proficient, minlength=2 * len(respondent_ids) * len(skill_ids)) > 1).any():
        raise ValueError("Index contains duplicate entries, cannot reshape")
    values = pd.to_numeric(pairs["value"]).to_numpy(dtype=float, na_value=np.nan)
    importance = np.full(len(respondent_ids) * len(skill_ids), np.nan)
    proficiency = importance.copy()
    importance[cell[~proficient]] = values[~proficient]
    proficiency[cell[proficient]] = values[proficient]
    both = np.flatnonzero(~np.isnan(importance) & ~np.isnan(proficiency))
    wide = pd.DataFrame({
        "respondent_id": respondent_ids.take(both // len(skill_ids)),
        "skill_id": skill_ids.take(both % len(skill_ids)),
        "importance": importance[both],
        "proficiency": proficiency[both],
    })
    wide["discrepancy"] = wide["importance"] - wide["proficiency"]
    if respondents is not None and weight is not None and weight in respondents.columns:
        weights = respondents.set_index("respondent_id")[weight].astype(float)
        wide["weight"] = wide["respondent_id"].map(weights).to_numpy(dtype=float)
        if wide["weight"].isna().any() or (wide["weight"] < 0).any():
            raise ValueError(f"respondents.{weight}: missing or negative weight for a rated pair")
    return wide


def borich_mwds(
    pairs: pd.DataFrame, by: Sequence[str] = (), weight: str | None = "weight"
) -> pd.DataFrame:
    """Borich MWDS per skill (and per group), ranked within each group; weighted if weights exist.

    Parameters
    ----------
    pairs
        Output of :func:`discrepancies`, with any grouping columns joined on.
    by
        Grouping columns (none: all respondents together).
    weight
        Column of ``pairs`` with survey weights; used when present and not constant (None,
        absent or constant: the plain unweighted means, which they equal).

    Returns
    -------
    DataFrame
        by..., skill_id, n, importance_mean, proficiency_mean, discrepancy_mean, mwds, rank
        (1 = greatest need; scores tied within :data:`analysis.stats.ties.RTOL` share the lowest
        rank), positive_gap_share (share of the respondents with D > 0), mean_positive_gap (mean
        D over them; NaN when none). Means are weighted when weights are used. Full precision.

    Notes
    -----
    :math:`MWDS = \\bar D \\cdot \\bar I` with weighted means
    :math:`\\bar x = \\sum_i w_i x_i / \\sum_i w_i` (all :math:`w_i = 1` without weights).

    Examples
    --------
    One skill, three respondents rating importance 5, 4, 3 and proficiency 2, 4, 1: discrepancies
    3, 0, 2; mean importance 4; MWDS = (3·4 + 0·4 + 2·4) / 3 = 6.667.

    >>> import pandas as pd
    >>> from analysis.stats import borich_mwds, discrepancies
    >>> ratings = pd.DataFrame({"respondent_id": ["r1", "r2", "r3"] * 2, "skill_id": "energy",
    ...                         "dimension": ["importance"] * 3 + ["proficiency"] * 3,
    ...                         "value": [5, 4, 3, 2, 4, 1]})
    >>> row = borich_mwds(discrepancies(ratings)).iloc[0]
    >>> print(f"n = {row['n']}, MWDS = {row['mwds']:.4f}, rank {row['rank']}")
    n = 3, MWDS = 6.6667, rank 1
    >>> print(f"{row['positive_gap_share']:.4f} of them with a gap, mean gap {row['mean_positive_gap']:.4f}")
    0.6667 of them with a gap, mean gap 2.5000

    In R::

        imp <- c(5, 4, 3); pro <- c(2, 4, 1)
        mean(imp - pro) * mean(imp)  # 6.666667
    """
    keys = [*by, "skill_id"]
    frame = pairs.copy()
    # constant weights give the plain means by definition: computed as such, bit-identical
    weighted = weight is not None and weight in frame.columns and frame[weight].nunique() > 1
    w = frame[weight].astype(float) if weighted else pd.Series(1.0, index=frame.index)
    positive = (frame["discrepancy"] > 0).astype(float)
    frame["_w"] = w
    frame["_wi"] = w * frame["importance"]
    frame["_wp"] = w * frame["proficiency"]
    frame["_wd"] = w * frame["discrepancy"]
    frame["_wpos"] = w * positive
    frame["_wposd"] = w * positive * frame["discrepancy"]
    grouped = frame.groupby(keys, sort=True, observed=True)
    if weighted:
        sums = grouped[["_w", "_wi", "_wp", "_wd", "_wpos", "_wposd"]].sum()
        table = pd.DataFrame({"n": grouped.size()})
        table["importance_mean"] = sums["_wi"] / sums["_w"]
        table["proficiency_mean"] = sums["_wp"] / sums["_w"]
        table["discrepancy_mean"] = sums["_wd"] / sums["_w"]
    else:  # plain means (bit-identical to the unweighted definition)
        sums = grouped[["_w", "_wpos", "_wposd"]].sum()
        table = grouped.agg(
            n=("discrepancy", "size"),
            importance_mean=("importance", "mean"),
            proficiency_mean=("proficiency", "mean"),
            discrepancy_mean=("discrepancy", "mean"),
        )
    table["mwds"] = table["discrepancy_mean"] * table["importance_mean"]
    table["positive_gap_share"] = sums["_wpos"] / sums["_w"]
    table["mean_positive_gap"] = (sums["_wposd"] / sums["_wpos"]).where(sums["_wpos"] > 0)
    table = table.reset_index()
    table["rank"] = _rank_mwds(table, list(by))
    columns = [
        *keys, "n", "importance_mean", "proficiency_mean", "discrepancy_mean", "mwds", "rank",
        "positive_gap_share", "mean_positive_gap",
    ]
    return table[columns]


def needs_table(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    skills: pd.DataFrame,
    by: Sequence[str] = (),
    group_labels: dict[str, dict[str, str]] | None = None,
    min_group_n: int = 5,
    weight: str | None = "weight",
    crosshair: Literal["mean", "midpoint"] = "mean",
    scale: tuple[float, float] = (1, 5),
    design: RakedDesign | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """MWDS over all respondents (scope ``overall``) and within each group of each ``by`` field.

    Groups whose n for a skill is below ``min_group_n`` keep their n but their statistics are
    blanked and flagged ``suppressed``; they are not ranked and get no quadrant.

    Parameters
    ----------
    ratings, respondents, skills
        Cleaned data: long ratings, one row per respondent, the skill catalogue (skill_id,
        label, group).
    by
        Profile fields to group by (each its own scope).
    group_labels
        {field: {code: label}} for ``group_label``.
    min_group_n
        Smallest n reported.
    weight
        Weight column of ``respondents`` (used when present; None: unweighted).
    crosshair
        IPA crosshairs: ``"mean"`` (grand means of importance and proficiency over the
        reported skills of the scope and group) or ``"midpoint"`` (the middle of ``scale``).
        The Locus-for-Focus crosshairs are always the grand means.
    scale
        (lowest, highest) rating of the scale, for the midpoint.
    design
        The survey design of a raked sample (its weights the ``weight`` column): the MWDS interval
        is then design-based (linearisation and the delta method, as R ``svycontrast`` of
        ``svymean(~D + I)`` on the raked design, a group a domain of it;
        :mod:`analysis.stats.design`). None: the delta-method t interval of an unweighted sample.
    level
        Confidence level of the MWDS interval.

    Returns
    -------
    DataFrame
        :data:`NEEDS_COLUMNS`, sorted by scope (overall first), group, rank.

    Notes
    -----
    Quadrants: high importance = :math:`\\bar I_s \\ge c_I`; high proficiency =
    :math:`\\bar P_s \\ge c_P`; high discrepancy = :math:`\\bar D_s \\ge c_D`, with
    :math:`c_I = \\frac1K\\sum_s \\bar I_s` etc. over the :math:`K` reported skills of a scope and
    group, or :math:`c_I = c_P = (lo + hi) / 2` for ``crosshair="midpoint"``.

    References
    ----------
    Martilla, J. A., & James, J. C. (1977). Importance-performance analysis. *Journal of
    Marketing*, 41(1), 77-79.
    Mink, O. G., Shultz, J. M., & Mink, B. P. (1991). *Developing and managing open
    organizations*. Austin, TX: Somerset Consulting Group.
    """
    if crosshair not in ("mean", "midpoint"):
        raise ValueError(f"crosshair must be 'mean' or 'midpoint', not {crosshair!r}")
    low, high = scale
    if not low < high:
        raise ValueError(f"scale must be (lowest, highest) with lowest < highest, not {scale!r}")
    wide = _WidePairs.from_ratings(ratings, respondents, weight)
    profile = respondents.set_index("respondent_id")
    labels = dict(zip(skills["skill_id"], skills["label"], strict=True))
    skill_groups = dict(zip(skills["skill_id"], skills["group"], strict=True))
    everyone = (np.zeros(wide.n, np.intp), np.array(["all"], dtype=object))
    scopes: dict[str, tuple[np.ndarray, np.ndarray]] = {"overall": everyone}
    overall = wide.mwds_table(*scopes["overall"])
    overall.insert(0, "scope", "overall")
    overall.insert(2, "group_label", "All respondents")
    frames = [overall]
    for field in by:
        codes, groups = pd.factorize(profile[field].reindex(wide.ids), sort=True)
        scopes[field] = (codes, np.asarray(groups, dtype=object))
        table = wide.mwds_table(*scopes[field])
        names = (group_labels or {}).get(field, {})
        table.insert(0, "scope", field)
        table.insert(2, "group_label", table["group"].map(lambda g, names=names: names.get(g, g)))
        frames.append(table)
    needs = pd.concat(frames, ignore_index=True)
    needs["skill_label"] = needs["skill_id"].map(labels)
    needs["skill_group"] = needs["skill_id"].map(skill_groups).fillna("")
    small = needs["n"] < min_group_n
    stats = [
        "importance_mean", "proficiency_mean", "discrepancy_mean", "mwds", "positive_gap_share",
        "mean_positive_gap",
    ]
    needs.loc[small, stats] = float("nan")
    needs["suppressed"] = small
    reportable = needs[~small]
    needs["rank"] = _rank_mwds(reportable, ["scope", "group"]).reindex(needs.index)
    needs[CROSSHAIR_COLUMNS] = _crosshairs(needs, small, crosshair, (low + high) / 2)
    needs["ipa_quadrant"], needs["lff_quadrant"] = _quadrants(needs, small)
    needs["mwds_ci_low"], needs["mwds_ci_high"] = wide.mwds_intervals(needs, scopes, design, level)
    needs = needs.sort_values(["scope", "group", "rank", "skill_id"], key=_scope_first)
    return needs[NEEDS_COLUMNS].reset_index(drop=True)


def _rank_mwds(table: pd.DataFrame, by: list[str]) -> pd.Series:
    """Rank of ``mwds`` within each group of ``by``, largest first, tied scores at the lowest rank."""
    def rank(mwds: pd.Series) -> pd.Series:
        return pd.Series(tied_ranks(mwds.to_numpy(dtype=float)), index=mwds.index)

    ranks = table.groupby(by, sort=False)["mwds"].transform(rank) if by else rank(table["mwds"])
    return ranks.astype("Int64")


class _WidePairs:
    """Importance and proficiency of every respondent (rows, sorted ids) and skill (columns, sorted ids).

    ``importance`` and ``proficiency`` are NaN where a respondent did not rate both (the pairs of
    :func:`discrepancies`, pivoted once); ``weights`` the respondents' weights (None: unweighted).
    Grouped sums run over the rows in id order, as the pairs of :func:`discrepancies` are ordered,
    with pandas' compensated group sums, so each sum has the bits of the long-format groupby.
    """

    def __init__(
        self, ids: pd.Index, skill_ids: np.ndarray, importance: np.ndarray, proficiency: np.ndarray,
        weights: np.ndarray | None,
    ) -> None:
        self.ids, self.skill_ids = ids, skill_ids
        self.importance, self.proficiency = importance, proficiency
        self.weights = weights
        self.n = len(ids)

    @classmethod
    def from_ratings(cls, ratings: pd.DataFrame, respondents: pd.DataFrame, weight: str | None) -> _WidePairs:
        rated = ratings[ratings["dimension"].isin(["importance", "proficiency"])]
        rows, ids = pd.factorize(rated["respondent_id"], sort=True)
        cols, skill_ids = pd.factorize(rated["skill_id"], sort=True)
        is_importance = (rated["dimension"] == "importance").to_numpy()
        shape = (len(ids), len(skill_ids))
        cell = (rows * shape[1] + cols) * 2 + is_importance
        if np.bincount(cell, minlength=2 * shape[0] * shape[1]).max(initial=0) > 1:
            discrepancies(ratings)  # raises pandas' error on a duplicated rating
        values = pd.to_numeric(rated["value"]).to_numpy(dtype=float, na_value=np.nan)
        importance = np.full(shape, np.nan)
        proficiency = np.full(shape, np.nan)
        importance[rows[is_importance], cols[is_importance]] = values[is_importance]
        proficiency[rows[~is_importance], cols[~is_importance]] = values[~is_importance]
        missing = np.isnan(importance) | np.isnan(proficiency)
        importance[missing] = np.nan
        proficiency[missing] = np.nan
        keep = ~missing.all(axis=1)  # respondents with at least one pair, as in discrepancies()
        ids = pd.Index(ids[keep], name="respondent_id")
        importance, proficiency = importance[keep], proficiency[keep]
        weights = None
        if weight is not None and weight in respondents.columns:
            by_id = respondents.set_index("respondent_id")[weight].astype(float)
            weights = by_id.reindex(ids).to_numpy(dtype=float)
            if np.isnan(weights).any() or (weights < 0).any():
                raise ValueError(f"respondents.{weight}: missing or negative weight for a rated pair")
        return cls(ids, np.asarray(skill_ids, dtype=object), importance, proficiency, weights)

    def mwds_table(self, codes: np.ndarray, groups: np.ndarray) -> pd.DataFrame:
        """:func:`borich_mwds` columns per group (``codes`` per row, -1: none) and skill; one pass per sum."""
        inside = codes >= 0
        w = self.weights
        # constant weights give the plain means by definition, as borich_mwds
        if w is not None and len(np.unique(w[inside])) <= 1:
            w = None
        importance = self.importance
        discrepancy = importance - self.proficiency
        present = ~np.isnan(discrepancy)
        weight = present.astype(float) if w is None else np.where(present, w[:, None], np.nan)

        def group_sum(values: np.ndarray) -> np.ndarray:
            frame = pd.DataFrame(values, copy=False)
            return frame.groupby(codes, sort=True).sum().reindex(range(len(groups))).to_numpy()

        count = group_sum(present.astype(np.int64))
        total = group_sum(weight)
        if w is None:
            sum_i, sum_p, sum_d = group_sum(importance), group_sum(self.proficiency), group_sum(discrepancy)
        else:
            sum_i = group_sum(weight * importance)
            sum_p = group_sum(weight * self.proficiency)
            sum_d = group_sum(weight * discrepancy)
        positive = np.where(present, (discrepancy > 0).astype(float), np.nan)
        weight_positive = weight * positive
        sum_pos = group_sum(weight_positive)
        sum_pos_d = group_sum(weight_positive * discrepancy)
        del positive, weight_positive, discrepancy, weight
        g, s = np.nonzero(count > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            table = pd.DataFrame({
                "group": groups[g], "skill_id": self.skill_ids[s], "n": count[g, s].astype(np.int64),
                "importance_mean": sum_i[g, s] / total[g, s],
                "proficiency_mean": sum_p[g, s] / total[g, s],
                "discrepancy_mean": sum_d[g, s] / total[g, s],
            })
            table["mwds"] = table["discrepancy_mean"] * table["importance_mean"]
            table["positive_gap_share"] = sum_pos[g, s] / total[g, s]
            mean_gap = pd.Series(sum_pos_d[g, s] / sum_pos[g, s])
            table["mean_positive_gap"] = mean_gap.where(sum_pos[g, s] > 0)
        return table

    def mwds_intervals(
        self, needs: pd.DataFrame, scopes: dict[str, tuple[np.ndarray, np.ndarray]],
        design: RakedDesign | None, level: float,
    ) -> tuple[pd.Series, pd.Series]:
        """Interval of the MWDS of every reported row (NaN for suppressed rows and n < 2).

        Without a design: :math:`MWDS \\pm t_{n-1}\\, s_u / \\sqrt n` with
        :math:`u_i = \\bar I (D_i - \\bar D) + \\bar D (I_i - \\bar I)` (delta method; unweighted
        means). With a design: :meth:`RakedDesign.mwds` of the scope's group as a domain.
        """
        low = np.full(len(needs), np.nan)
        high = np.full(len(needs), np.nan)
        column = {skill: j for j, skill in enumerate(self.skill_ids)}
        members: dict[tuple[str, object], np.ndarray] = {}
        for scope, (codes, groups) in scopes.items():
            for code, group in enumerate(groups):
                members[(scope, group)] = np.flatnonzero(codes == code)
        if design is not None:
            to_design = self.ids.get_indexer(design.ids)
            known = to_design >= 0
        reported = (~needs["suppressed"].astype(bool) & (needs["n"] >= 2)).to_numpy()
        scope_col, group_col, skill_col = (needs[c].to_numpy() for c in ("scope", "group", "skill_id"))
        for position in np.flatnonzero(reported):
            rows = members[(scope_col[position], group_col[position])]
            j = column[skill_col[position]]
            if design is not None:
                selected = np.zeros(self.n, dtype=bool)
                selected[rows] = True
                on_design = known & selected[np.where(known, to_design, 0)]
                source = np.where(on_design, to_design, 0)
                i = np.where(on_design, self.importance[source, j], np.nan)
                p = np.where(on_design, self.proficiency[source, j], np.nan)
                low[position], high[position] = design.mwds(i, p).ci(level)
                continue
            i = self.importance[rows, j]
            p = self.proficiency[rows, j]
            keep = ~np.isnan(i)
            i, d = i[keep], i[keep] - p[keep]
            order = np.lexsort((d, i))  # sums in an order of the values, not of the (pseudonymous) ids
            i, d = i[order], d[order]
            u = i.mean() * (d - d.mean()) + d.mean() * (i - i.mean())
            half = scipy_stats.t.ppf(0.5 + level / 2.0, len(u) - 1) * u.std(ddof=1) / np.sqrt(len(u))
            mwds = d.mean() * i.mean()
            low[position], high[position] = mwds - half, mwds + half
        return pd.Series(low, index=needs.index), pd.Series(high, index=needs.index)


def _crosshairs(needs: pd.DataFrame, small: pd.Series, crosshair: str, midpoint: float) -> pd.DataFrame:
    """:data:`CROSSHAIR_COLUMNS` of every reported row (NaN for suppressed rows)."""
    reportable = needs[~small]
    grand = reportable.groupby(["scope", "group"], sort=False)[
        ["importance_mean", "proficiency_mean", "discrepancy_mean"]
    ].transform("mean")
    cross = pd.DataFrame(float("nan"), index=needs.index, columns=CROSSHAIR_COLUMNS)
    ipa = (
        pd.DataFrame(midpoint, index=reportable.index, columns=["importance_mean", "proficiency_mean"])
        if crosshair == "midpoint"
        else grand[["importance_mean", "proficiency_mean"]]
    )
    cross.loc[reportable.index, ["ipa_importance_cross", "ipa_proficiency_cross"]] = ipa.to_numpy()
    cross.loc[reportable.index, ["lff_importance_cross", "lff_discrepancy_cross"]] = grand[
        ["importance_mean", "discrepancy_mean"]
    ].to_numpy()
    return cross


def _quadrants(needs: pd.DataFrame, small: pd.Series) -> tuple[pd.Series, pd.Series]:
    """IPA and LFF quadrant of every reported row (None for suppressed rows), at its crosshairs."""
    reportable = needs[~small]
    high_i = reportable["importance_mean"] >= reportable["ipa_importance_cross"]
    high_p = reportable["proficiency_mean"] >= reportable["ipa_proficiency_cross"]
    high_i_lff = reportable["importance_mean"] >= reportable["lff_importance_cross"]
    high_d = reportable["discrepancy_mean"] >= reportable["lff_discrepancy_cross"]
    ipa = pd.Series(None, index=needs.index, dtype=object)
    lff = pd.Series(None, index=needs.index, dtype=object)
    ipa.loc[reportable.index] = [
        IPA_QUADRANTS[(bool(a), bool(b))] for a, b in zip(high_i, high_p, strict=True)
    ]
    lff.loc[reportable.index] = [
        LFF_QUADRANTS[(bool(a), bool(b))] for a, b in zip(high_i_lff, high_d, strict=True)
    ]
    return ipa, lff


def _scope_first(column: pd.Series) -> pd.Series:
    if column.name == "scope":
        return column.map(lambda s: "" if s == "overall" else s)
    return column
