"""Criteria for prioritising candidate micro-credentials, overall and within each sector.

Every criterion is benefit-type (higher = stronger case for the candidate). The definitions and
their limits are in docs/priorities.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from analysis.priorities.aggregate import CRITERIA
from analysis.priorities.catalogue import MicroCredential
from analysis.stats.needs import borich_mwds, discrepancies

__all__ = ["CRITERIA_COLUMNS", "GAP_THRESHOLD", "criteria_table", "normalise"]

GAP_THRESHOLD = 2.0
"""A respondent has a gap in a skill when importance - proficiency >= this."""

CRITERIA_COLUMNS = ["scope", "group", "microcredential_id", *CRITERIA]


def _need(mwds: pd.Series, catalogue: Sequence[MicroCredential]) -> pd.Series:
    """Mean MWDS over each candidate's skills (those with an MWDS in this group)."""
    return pd.Series({c.id: mwds.reindex(list(c.skills)).mean() for c in catalogue}, dtype=float, name="need")


def _need_ranks(need: pd.Series) -> pd.Series:
    """Rank 1 = largest need; ties share the lowest rank; NaN last."""
    return need.rank(method="min", ascending=False, na_option="bottom")


def _group_mwds(pairs: pd.DataFrame) -> pd.Series:
    weight = "weight" if "weight" in pairs.columns else None
    return borich_mwds(pairs, weight=weight).set_index("skill_id")["mwds"]


def criteria_table(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    catalogue: Sequence[MicroCredential],
    *,
    by: str = "sector",
    types: str = "respondent_type",
    weight: str | None = "weight",
    gap_threshold: float = GAP_THRESHOLD,
    min_group_n: int = 5,
) -> pd.DataFrame:
    """Need, breadth, transferability, demand and agreement of each candidate, overall and by group.

    Parameters
    ----------
    ratings
        Long ratings: respondent_id, skill_id, dimension (importance, proficiency), value.
    respondents
        One row per respondent: respondent_id, ``by``, ``types`` and the ``weight`` column.
    catalogue
        The candidates (:func:`analysis.priorities.load_catalogue`).
    by
        Profile field of the groups (scope) besides ``overall``; also the field a candidate's
        ``sectors`` are matched against (demand) and ranked within (transferability).
    types
        Profile field whose groups must agree (agreement).
    weight
        Survey weight column of ``respondents`` (None or absent: unweighted).
    gap_threshold
        Smallest importance - proficiency that counts as a gap (breadth).
    min_group_n
        Respondent-type subgroups with fewer respondents are left out of agreement.

    Returns
    -------
    DataFrame
        scope, group, microcredential_id, need, breadth, transferability, demand, agreement;
        scope ``overall`` (group ``all``) first, then scope ``by`` per group; candidates in
        catalogue order.

    Notes
    -----
    For candidate :math:`m` with skills :math:`S_m`, within a scope and group (respondents
    :math:`G`, weights :math:`w_i`):

    * need :math:`N_m = |S_m|^{-1} \\sum_{s \\in S_m} MWDS_s` (Borich MWDS within the group);
    * breadth :math:`B_m = \\sum_{i \\in G} w_i [\\max_{s \\in S_m} (I_{is} - P_{is}) \\ge 2]
      / \\sum_{i \\in G} w_i` over the respondents with at least one rated pair;
    * transferability :math:`T_m = \\#\\{g : \\mathrm{rank}_g(N_m) \\le \\lceil K/3 \\rceil\\}`,
      the number of sectors :math:`g` where the need ranks in the top third of the :math:`K`
      candidates (the same count in every scope: it is a property across sectors);
    * demand :math:`D_m = \\sum_{i \\in G} w_i [\\mathrm{sector}_i \\in \\mathrm{sectors}_m] /
      \\sum_{i \\in G} w_i` (placeholder until preference questions are mapped);
    * agreement :math:`A_m = 1 - (\\max_t r_{mt} - \\min_t r_{mt}) / (K - 1)`, with
      :math:`r_{mt}` the rank of :math:`N_m` among the candidates within respondent type
      :math:`t` (1 when fewer than two types, or one candidate).
    """
    ids = [c.id for c in catalogue]
    k = len(ids)
    pairs = discrepancies(ratings, respondents, weight)
    if "weight" not in pairs.columns:
        pairs["weight"] = 1.0
    profile = respondents.set_index("respondent_id")
    pairs = pairs.join(profile[[by, types]], on="respondent_id")
    members = {c.id: list(c.skills) for c in catalogue}
    # each respondent's largest gap within each candidate's skills (respondents x candidates)
    gap = pairs.pivot_table(index="respondent_id", columns="skill_id", values="discrepancy", aggfunc="first")
    largest = pd.DataFrame(
        {m: gap.reindex(columns=skills).max(axis=1) for m, skills in members.items()}, index=gap.index
    )
    has_gap = (largest >= gap_threshold).astype(float).where(largest.notna())
    person = profile.loc[gap.index]
    w = person[weight].astype(float) if weight is not None and weight in person.columns else None
    w = w if w is not None else pd.Series(1.0, index=gap.index)

    sector_ranks = {}
    for group, frame in pairs.dropna(subset=[by]).groupby(by, sort=True):
        sector_ranks[group] = _need_ranks(_need(_group_mwds(frame), catalogue))
    top = math.ceil(k / 3)
    transferability = pd.DataFrame(sector_ranks).le(top).sum(axis=1).astype(float).reindex(ids)

    def row(frame: pd.DataFrame, respondent_ids: pd.Index) -> pd.DataFrame:
        need = _need(_group_mwds(frame), catalogue)
        weights = w.reindex(respondent_ids)
        rated = has_gap.reindex(respondent_ids)
        breadth = (rated.mul(weights, axis=0).sum() / rated.notna().mul(weights, axis=0).sum()).reindex(ids)
        sectors = person.loc[respondent_ids, by]
        demand = pd.Series(
            {c.id: float(weights[sectors.isin(c.sectors)].sum() / weights.sum()) for c in catalogue}
        )
        ranks = []
        for _, typed in frame.dropna(subset=[types]).groupby(types, sort=True):
            if typed["respondent_id"].nunique() >= min_group_n:
                ranks.append(_need_ranks(_need(_group_mwds(typed), catalogue)))
        if len(ranks) >= 2 and k > 1:
            table = pd.DataFrame(ranks)
            agreement = 1 - (table.max() - table.min()) / (k - 1)
        else:
            agreement = pd.Series(1.0, index=ids)
        return pd.DataFrame(
            {
                "microcredential_id": ids,
                "need": need.reindex(ids).to_numpy(),
                "breadth": breadth.to_numpy(dtype=float),
                "transferability": transferability.to_numpy(),
                "demand": demand.reindex(ids).to_numpy(),
                "agreement": agreement.reindex(ids).to_numpy(dtype=float),
            }
        )

    frames = [row(pairs, gap.index).assign(scope="overall", group="all")]
    for group, frame in pairs.dropna(subset=[by]).groupby(by, sort=True):
        respondent_ids = pd.Index(frame["respondent_id"].unique())
        frames.append(row(frame, gap.index.intersection(respondent_ids)).assign(scope=by, group=group))
    return pd.concat(frames, ignore_index=True)[CRITERIA_COLUMNS]


def normalise(table: pd.DataFrame) -> pd.DataFrame:
    """Min-max normalise each criterion to [0, 1] within each scope and group.

    Parameters
    ----------
    table
        A :func:`criteria_table` (scope, group, microcredential_id and criteria columns).

    Returns
    -------
    DataFrame
        The same shape; each criterion :math:`x` replaced by
        :math:`(x - \\min x) / (\\max x - \\min x)` over the candidates of its scope and group,
        or 0.5 for every candidate when the criterion is constant there (it cannot tell them
        apart, and 0.5 leaves the other criteria to decide). Missing values stay missing.

    Notes
    -----
    Min-max normalisation is relative: a 1 is the best candidate of this catalogue in this
    group, not an absolute standard. Adding or removing a candidate can change the others'
    normalised values.
    """
    criteria = [name for name in CRITERIA if name in table.columns]
    keys = [key for key in ("scope", "group") if key in table.columns]
    result = table.copy()
    grouped = result.groupby(keys, sort=False)[criteria] if keys else result[criteria]
    low = grouped.transform("min") if keys else grouped.min()
    high = grouped.transform("max") if keys else grouped.max()
    span = high - low
    scaled = (result[criteria] - low) / span.where(span > 0)
    constant = (span <= 0) & result[criteria].notna()
    result[criteria] = scaled.mask(constant, 0.5).astype(float)
    return result
