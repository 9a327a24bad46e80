"""Criteria for prioritising candidate micro-credentials, overall and within each group.

Every criterion is benefit-type (higher = stronger case for the candidate). The definitions and
their limits are in docs/priorities.md. The data are held as matrices (:class:`CriteriaDesign`)
so that the same code gives the point estimate (every respondent counted once) and the criteria
of each respondent-bootstrap resample (counts from
:func:`analysis.stats.uncertainty.resample_counts`): one definition, one place.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.config import DemandQuestion, Interval
from analysis.priorities.aggregate import CRITERIA
from analysis.priorities.catalogue import MicroCredential
from analysis.stats.needs import discrepancies
from analysis.stats.ties import tied_ranks_rows
from analysis.stats.wide import design_matrices

__all__ = [
    "CRITERIA_COLUMNS",
    "GAP_THRESHOLD",
    "CriteriaDesign",
    "criteria_arrays",
    "criteria_design",
    "criteria_table",
    "demand_fit",
    "normalise",
    "scope_groups",
    "transferability_arrays",
]

GAP_THRESHOLD = 2.0
"""A respondent has a gap in a skill when importance - proficiency >= this."""

CRITERIA_COLUMNS = ["scope", "group", "microcredential_id", *CRITERIA]


@dataclass(frozen=True)
class CriteriaDesign:
    """A survey and a catalogue as matrices (respondents sorted by id, candidates in catalogue order).

    Attributes
    ----------
    respondent_ids
        (n,) respondents with at least one rated importance-proficiency pair.
    ids
        (K,) candidate ids.
    stacked
        (n x 3S) ``[w a | w D | w I]``: weight x availability, discrepancy and importance per skill.
    members
        (S x K) 1 where the skill belongs to the candidate.
    gap, rated
        (n x K) 1 where the respondent has a gap >= the threshold in one of the candidate's
        skills / rated at least one of them.
    fit, asked
        (n x K) the respondent's demand for the candidate in [0, 1] / 1 where the respondent
        counts in the demand's denominator (:func:`demand_fit`).
    weight
        (n,) survey weights.
    profile
        Profile fields of the respondents (index respondent_ids).
    sector_field, types_field
        The profile field sectors are taken from (transferability) and the one whose groups must
        agree (agreement).
    """

    respondent_ids: np.ndarray
    ids: np.ndarray
    stacked: np.ndarray
    members: np.ndarray
    gap: np.ndarray
    rated: np.ndarray
    fit: np.ndarray
    asked: np.ndarray
    weight: np.ndarray
    profile: pd.DataFrame
    sector_field: str
    types_field: str

    def mask(self, field: str | None = None, group: object = None) -> np.ndarray:
        """(n,) 1.0 for the respondents whose ``field`` equals ``group`` (every respondent: None)."""
        if field is None:
            return np.ones(len(self.respondent_ids))
        return (self.profile[field].to_numpy(dtype=object) == group).astype(float)


def _accepts(accepted: tuple[str, ...] | Interval, value: object) -> bool:
    if isinstance(accepted, Interval):
        return accepted.min <= float(value) <= accepted.max
    return str(value) in accepted


def demand_fit(
    preferences: pd.DataFrame | None,
    respondents: pd.DataFrame,
    catalogue: Sequence[MicroCredential],
    demand: Sequence[DemandQuestion] = (),
    *,
    sector_field: str = "sector",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """How well each candidate fits each respondent's sector and stated preferences.

    Parameters
    ----------
    preferences
        Long preference answers (respondent_id, question, code; ``preferences.parquet``).
    respondents
        respondent_id and ``sector_field``.
    catalogue
        The candidates.
    demand
        The preference questions and which of a candidate's values each answer accepts
        (``priorities.demand`` in the survey config). Empty: sector match only.
    sector_field
        Profile field matched against a candidate's ``sectors``.

    Returns
    -------
    fit : DataFrame
        respondents (index respondent_id) x candidates: :math:`[\\mathrm{sector}_i \\in
        \\mathrm{sectors}_m] \\cdot \\bar f_{im}`, with :math:`\\bar f_{im}` the share of the
        demand questions the respondent answered on which an answer accepts the candidate's value
        (1 without demand questions). A question on an element the candidate does not give yet
        (``None``: not decided) is left out of its share; with none left, :math:`\\bar f_{im} = 1`
        (the sector match alone).
    asked : DataFrame
        Same shape, 1.0 where the respondent counts: sector known and (without demand questions,
        always) at least one demand question answered.
    """
    ids = [c.id for c in catalogue]
    people = respondents.set_index("respondent_id")
    index = people.index
    sector = people[sector_field].astype(object)
    in_sector = pd.DataFrame(
        {c.id: sector.isin(c.sectors).to_numpy(dtype=float) for c in catalogue}, index=index
    )
    known = sector.notna().to_numpy()
    if not demand:
        asked = pd.DataFrame(
            np.repeat(known[:, None], len(ids), axis=1).astype(float), index=index, columns=ids
        )
        return in_sector.where(asked > 0, 0.0), asked
    answers = (
        preferences
        if preferences is not None
        else pd.DataFrame(columns=["respondent_id", "question", "code"])
    )
    total = pd.DataFrame(0.0, index=index, columns=ids)
    counted = pd.DataFrame(0.0, index=index, columns=ids)  # questions counted per respondent and candidate
    answered = pd.Series(0.0, index=index)
    for item in demand:
        chosen = answers[answers["question"] == item.question]
        if chosen.empty:
            continue
        # a candidate whose design does not give the question's element yet: the question is left
        # out of its share (neither a fit nor a miss; docs/priorities.md, "Annex I completeness")
        decided = [c for c in catalogue if getattr(c, item.field) is not None]
        # respondents x candidates: 1 where one of the respondent's answers accepts the candidate
        accepts = pd.DataFrame(
            {
                c.id: [
                    float(
                        item.accepts.get(code) is not None
                        and _accepts(item.accepts[code], getattr(c, item.field))
                    )
                    for code in chosen["code"]
                ]
                for c in decided
            },
            index=range(len(chosen)),
            columns=[c.id for c in decided],
        )
        accepts["respondent_id"] = chosen["respondent_id"].to_numpy()
        hits = accepts.groupby("respondent_id").max().reindex(index=index, columns=ids)
        total += hits.fillna(0.0)
        counted += hits.notna().astype(float)
        answered += chosen.groupby("respondent_id").size().reindex(index).notna().astype(float)
    # no question counted for a candidate (the respondent answered only questions on elements it
    # does not give yet): its fit is the sector match alone, as without demand questions
    share = (total / counted.where(counted > 0)).fillna(1.0)
    asked_any = (answered > 0).to_numpy() & known
    asked = pd.DataFrame(
        np.repeat(asked_any[:, None], len(ids), axis=1).astype(float), index=index, columns=ids
    )
    return (in_sector * share).where(asked > 0, 0.0), asked


def criteria_design(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    catalogue: Sequence[MicroCredential],
    *,
    sector_field: str = "sector",
    types: str = "respondent_type",
    weight: str | None = "weight",
    gap_threshold: float = GAP_THRESHOLD,
    preferences: pd.DataFrame | None = None,
    demand: Sequence[DemandQuestion] = (),
) -> CriteriaDesign:
    """Build the matrices the criteria are computed from (see :func:`criteria_table`)."""
    pairs = discrepancies(ratings, respondents, weight)
    people = respondents.set_index("respondent_id")
    weights = people[weight].astype(float) if weight is not None and weight in people.columns else None
    matrices = design_matrices(pairs, weights)  # the same matrices as the needs bootstrap
    respondent_ids, skill_ids, available = matrices.respondent_ids, matrices.skill_ids, matrices.available
    profile = people.reindex(respondent_ids)
    ids = np.array([c.id for c in catalogue], dtype=object)
    members = np.array([[float(s in c.skills) for c in catalogue] for s in skill_ids]).reshape(
        len(skill_ids), len(ids)
    )
    has_gap = ((available > 0) & (matrices.discrepancy >= gap_threshold)).astype(float)
    gap = (has_gap @ members > 0).astype(float)
    rated = (available @ members > 0).astype(float)
    fit, asked = demand_fit(preferences, respondents, catalogue, demand, sector_field=sector_field)
    return CriteriaDesign(
        respondent_ids=respondent_ids,
        ids=ids,
        stacked=matrices.stacked,
        members=members,
        gap=gap,
        rated=rated,
        fit=fit.reindex(respondent_ids).fillna(0.0).to_numpy(dtype=float),
        asked=asked.reindex(respondent_ids).fillna(0.0).to_numpy(dtype=float),
        weight=matrices.weight,
        profile=profile,
        sector_field=sector_field,
        types_field=types,
    )


def _need(design: CriteriaDesign, counts: np.ndarray) -> np.ndarray:
    """(B x K) mean MWDS over each candidate's skills (skills without an MWDS in the group skipped)."""
    sums = counts @ design.stacked
    s = design.members.shape[0]
    n_eff, wd, wi = sums[:, :s], sums[:, s : 2 * s], sums[:, 2 * s :]
    with np.errstate(invalid="ignore", divide="ignore"):
        mwds = (wd / n_eff) * (wi / n_eff)
        known = ~np.isnan(mwds)
        return (np.where(known, mwds, 0.0) @ design.members) / (known.astype(float) @ design.members)


def _ranks(values: np.ndarray) -> np.ndarray:
    """(B x K) rank 1 = largest in each row; ties (:mod:`analysis.stats.ties`) share the lowest
    rank; NaN last."""
    return tied_ranks_rows(values, method="min", missing="last").astype(np.int64)


def _share(weighted: np.ndarray, numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return (weighted @ numerator) / (weighted @ denominator)


def transferability_arrays(design: CriteriaDesign, counts: np.ndarray) -> np.ndarray:
    """(B x K) number of sectors where each candidate's need ranks in the top third (all respondents)."""
    counts = np.atleast_2d(np.asarray(counts, dtype=float))
    top = math.ceil(len(design.ids) / 3)
    sectors = design.profile[design.sector_field]
    result = np.zeros((counts.shape[0], len(design.ids)))
    for sector in sorted(sectors.dropna().unique()):
        result += _ranks(_need(design, counts * design.mask(design.sector_field, sector))) <= top
    return result


def criteria_arrays(
    design: CriteriaDesign,
    counts: np.ndarray,
    group: np.ndarray | None = None,
    *,
    min_group_n: int = 5,
    transferability: np.ndarray | None = None,
) -> np.ndarray:
    """Criteria of every candidate for each row of respondent counts, within one group.

    Parameters
    ----------
    design
        From :func:`criteria_design`.
    counts
        (B x n) how often each respondent counts (ones for the sample itself; a bootstrap
        resample otherwise).
    group
        (n,) 1.0 for the group's respondents (:meth:`CriteriaDesign.mask`); None: everyone.
    min_group_n
        Respondent types with fewer respondents in the group are left out of agreement.
    transferability
        (B x K) :func:`transferability_arrays` of the same counts, when already computed (it is the
        same for every group).

    Returns
    -------
    numpy.ndarray
        (B x K x 5): need, breadth, transferability, demand, agreement (:data:`CRITERIA` order).
    """
    counts = np.atleast_2d(np.asarray(counts, dtype=float))
    group = design.mask() if group is None else np.asarray(group, dtype=float)
    k = len(design.ids)
    in_group = counts * group
    weighted = in_group * design.weight
    need = _need(design, in_group)
    breadth = _share(weighted, design.gap, design.rated)
    demand = _share(weighted, design.fit, design.asked)

    if transferability is None:
        transferability = transferability_arrays(design, counts)

    ranks = []
    types = design.profile[design.types_field]
    for kind in sorted(types.dropna().unique()):
        members = design.mask(design.types_field, kind) * group
        if members.sum() >= min_group_n:
            ranks.append(_ranks(_need(design, counts * members)))
    if len(ranks) >= 2 and k > 1:
        stacked = np.stack(ranks)
        agreement = 1 - (stacked.max(axis=0) - stacked.min(axis=0)) / (k - 1)
    else:
        agreement = np.ones_like(need)
    return np.stack([need, breadth, transferability, demand, agreement], axis=2)


def criteria_table(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    catalogue: Sequence[MicroCredential],
    *,
    by: str | Sequence[str] = "sector",
    sector_field: str = "sector",
    types: str = "respondent_type",
    weight: str | None = "weight",
    gap_threshold: float = GAP_THRESHOLD,
    min_group_n: int = 5,
    preferences: pd.DataFrame | None = None,
    demand: Sequence[DemandQuestion] = (),
) -> pd.DataFrame:
    """Need, breadth, transferability, demand and agreement of each candidate, overall and by group.

    Parameters
    ----------
    ratings
        Long ratings: respondent_id, skill_id, dimension (importance, proficiency), value.
    respondents
        One row per respondent: respondent_id, the ``by`` fields, ``sector_field``, ``types`` and
        the ``weight`` column.
    catalogue
        The candidates (:func:`analysis.priorities.load_catalogue`).
    by
        Profile field(s) whose groups are scopes besides ``overall``.
    sector_field
        Profile field a candidate's ``sectors`` are matched against (demand) and whose groups
        need is ranked within (transferability).
    types
        Profile field whose groups must agree (agreement).
    weight
        Survey weight column of ``respondents`` (None or absent: unweighted).
    gap_threshold
        Smallest importance - proficiency that counts as a gap (breadth).
    min_group_n
        Respondent-type subgroups with fewer respondents are left out of agreement.
    preferences, demand
        Preference answers and the demand questions (:func:`demand_fit`); none: sector match.

    Returns
    -------
    DataFrame
        scope, group, microcredential_id, need, breadth, transferability, demand, agreement;
        scope ``overall`` (group ``all``) first, then each ``by`` field per group (sorted);
        candidates in catalogue order.

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
    * demand :math:`D_m = \\sum_{i \\in G} w_i f_{im} / \\sum_{i \\in G} w_i a_{im}` with
      :math:`f, a` from :func:`demand_fit`;
    * agreement :math:`A_m = 1 - (\\max_t r_{mt} - \\min_t r_{mt}) / (K - 1)`, with
      :math:`r_{mt}` the rank of :math:`N_m` among the candidates within respondent type
      :math:`t` (1 when fewer than two types, or one candidate).

    Both ranks put the largest need first, needs equal within a relative :math:`10^{-9}` sharing
    the lowest rank (:mod:`analysis.stats.ties`, as ``needs.csv``).
    """
    fields = [by] if isinstance(by, str) else list(by)
    design = criteria_design(
        ratings,
        respondents,
        catalogue,
        sector_field=sector_field,
        types=types,
        weight=weight,
        gap_threshold=gap_threshold,
        preferences=preferences,
        demand=demand,
    )
    ones = np.ones((1, len(design.respondent_ids)))
    frames = []
    for scope, group, mask in scope_groups(design, fields):
        values = criteria_arrays(design, ones, mask, min_group_n=min_group_n)[0]
        frame = pd.DataFrame(values, columns=list(CRITERIA))
        frame.insert(0, "microcredential_id", design.ids)
        frames.append(frame.assign(scope=scope, group=group))
    return pd.concat(frames, ignore_index=True)[CRITERIA_COLUMNS]


def scope_groups(design: CriteriaDesign, fields: Sequence[str]) -> list[tuple[str, str, np.ndarray]]:
    """(scope, group, mask) of ``overall`` and of each group of each field, groups sorted."""
    groups = [("overall", "all", design.mask())]
    for field in fields:
        for value in sorted(design.profile[field].dropna().unique()):
            groups.append((field, str(value), design.mask(field, value)))
    return groups


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

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.priorities import normalise
    >>> table = pd.DataFrame({"scope": "overall", "group": "all",
    ...                       "microcredential_id": ["mc_a", "mc_b", "mc_c"],
    ...                       "need": [6.0, 4.0, 1.0], "demand": [0.3, 0.3, 0.3]})
    >>> print(normalise(table)[["microcredential_id", "need", "demand"]].to_string(index=False))
    microcredential_id  need  demand
                  mc_a   1.0     0.5
                  mc_b   0.6     0.5
                  mc_c   0.0     0.5

    By hand: need (6 - 1) / 5 = 1, (4 - 1) / 5 = 0.6, (1 - 1) / 5 = 0; demand is the same for
    every candidate, so 0.5.
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
