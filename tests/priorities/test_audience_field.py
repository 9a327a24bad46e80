"""Candidates meant for the groups of another field than the sector, and weights without demand."""

from __future__ import annotations

import numpy as np
import pytest
from test_ranking import _candidate, _survey

from analysis.priorities.criteria import criteria_design
from analysis.priorities.ranking import priority_tables

#: Candidates for the respondent types (as the regional survey's are for its types of organisation).
CATALOGUE = (
    _candidate("m1", ["s1"], ["T1"]),
    _candidate("m2", ["s2"], ["T1", "T2"]),
    _candidate("m3", ["s1", "s2", "s3"], ["T2"]),
    _candidate("m4", ["s3"], ["T1", "T2"]),
)
NO_DEMAND = {"need": 0.25, "breadth": 0.25, "transferability": 0.25, "demand": 0.0, "agreement": 0.25}


def _tables(band: float | None):
    ratings, respondents = _survey()
    design = criteria_design(ratings, respondents, CATALOGUE, sector_field="respondent_type",
                             types="respondent_type", weight="weight")
    return priority_tables(design, CATALOGUE, scopes=("respondent_type",), weights=NO_DEMAND,
                           draws=500, band=band, bootstrap=20, seed=1)


def test_another_audience_field_and_no_demand_question():
    table, _ = _tables(band=0.2)
    overall = table[table["scope"] == "overall"].set_index("microcredential_id")
    _, respondents = _survey()
    weights = respondents.set_index("respondent_id")["weight"]
    types = respondents.set_index("respondent_id")["respondent_type"]
    # without demand questions, demand is the weighted share of respondents of the types it is meant for
    assert overall.loc["m1", "demand"] == pytest.approx(np.average(types == "T1", weights=weights))
    assert overall.loc["m2", "demand"] == 1.0
    # transferability counts the types in which the need ranks in the top third (2 types)
    assert overall["transferability"].between(0, 2).all()
    # demand weighs nothing at the set weights, nor in any draw around them
    score = sum(NO_DEMAND[c] * overall[f"norm_{c}"] for c in NO_DEMAND)
    assert np.allclose(overall["score"], score)
    first = overall["central_weight_demand"].dropna()
    assert len(first) and (first == 0).all()
    assert set(table["scope"]) == {"overall", "respondent_type"}


def test_without_a_band_the_draws_weigh_every_criterion():
    table, _ = _tables(band=None)
    first = table[table["scope"] == "overall"]["central_weight_demand"].dropna()
    assert (first > 0).all()  # uniform on the simplex: docs/priorities.md says to set a band
