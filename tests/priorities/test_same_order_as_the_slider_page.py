"""The pipeline's weighted-sum ranking and the offline slider page rank candidates alike."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.priorities import weighted_sum
from analysis.report.sliders import rank_for_weights

CRITERIA = ["need", "breadth", "transferability", "demand", "agreement"]


@pytest.mark.parametrize(
    "weights",
    [
        {"need": 0.4, "breadth": 0.2, "transferability": 0.2, "demand": 0.1, "agreement": 0.1},
        {"need": 40, "breadth": 20, "transferability": 20, "demand": 10, "agreement": 10},
        {"need": 1, "breadth": 1, "transferability": 1, "demand": 1, "agreement": 1},
        {"need": 0, "breadth": 3, "transferability": 0, "demand": 1, "agreement": 0.5},
    ],
)
def test_same_order_including_ties_and_float_noise(weights):
    rng = np.random.default_rng(5)
    values = rng.integers(0, 5, size=(12, len(CRITERIA))) / 4  # coarse grid: many exact ties
    criteria = pd.DataFrame(values, columns=CRITERIA)
    criteria.insert(0, "microcredential_id", [f"mc_{i:02d}" for i in range(12)])
    ranked = weighted_sum(criteria, weights).sort_values("rank")["microcredential_id"].tolist()
    assert ranked == rank_for_weights(criteria, weights)
