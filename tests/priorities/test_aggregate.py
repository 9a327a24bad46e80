from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.priorities import topsis, weighted_sum


def _table(rows: dict[str, list[float]], criteria=("need", "breadth", "demand")) -> pd.DataFrame:
    frame = pd.DataFrame(rows, index=list(criteria)).T.rename_axis("microcredential_id").reset_index()
    return frame


def test_weighted_sum_known_answer() -> None:
    table = _table({"a": [1.0, 0.0, 0.5], "b": [0.0, 1.0, 0.5], "c": [0.5, 0.5, 0.0]})
    result = weighted_sum(table, {"need": 2, "breadth": 1, "demand": 1})
    # a: (2*1 + 0 + 0.5)/4 = 0.625; b: (0 + 1 + 0.5)/4 = 0.375; c: (1 + 0.5 + 0)/4 = 0.375
    assert list(result["microcredential_id"]) == ["a", "b", "c"]
    assert result["score"].tolist() == pytest.approx([0.625, 0.375, 0.375])
    assert result["rank"].tolist() == [1, 2, 3]  # b and c tie: id ascending


def test_raising_a_weight_moves_the_strong_candidate_up() -> None:
    table = _table({"a": [1.0, 0.2, 0.2], "b": [0.3, 0.9, 0.9], "c": [0.5, 0.5, 0.5]})
    low = weighted_sum(table, {"need": 1, "breadth": 1, "demand": 1}).set_index("microcredential_id")
    high = weighted_sum(table, {"need": 5, "breadth": 1, "demand": 1}).set_index("microcredential_id")
    assert low.loc["a", "rank"] == 3 and high.loc["a", "rank"] == 1
    low_t = topsis(table, {"need": 1, "breadth": 1, "demand": 1}).set_index("microcredential_id")
    high_t = topsis(table, {"need": 5, "breadth": 1, "demand": 1}).set_index("microcredential_id")
    assert high_t.loc["a", "rank"] < low_t.loc["a", "rank"]


def test_weights_are_checked() -> None:
    table = _table({"a": [1.0, 0.0, 0.5]})
    with pytest.raises(ValueError, match="unknown criteria"):
        weighted_sum(table, {"cost": 1})
    with pytest.raises(ValueError, match=">= 0"):
        weighted_sum(table, {"need": -1})
    with pytest.raises(ValueError, match="> 0"):
        weighted_sum(table, {"need": 0})


def test_by_scope_and_group() -> None:
    table = _table({"a": [1.0, 0.0, 0.5], "b": [0.0, 1.0, 0.5]})
    both = pd.concat([table.assign(scope="overall", group="all"), table.assign(scope="sector", group="AGRI")])
    both.loc[both["group"] == "AGRI", "need"] = [0.0, 1.0]
    result = weighted_sum(both, {"need": 1})
    assert list(result.columns) == ["scope", "group", "microcredential_id", "score", "rank"]
    assert result[result["group"] == "all"]["microcredential_id"].tolist() == ["a", "b"]
    assert result[result["group"] == "AGRI"]["microcredential_id"].tolist() == ["b", "a"]


def test_topsis_hand_computed() -> None:
    # Decision matrix X (alternatives x criteria), weights w = (0.5, 0.3, 0.2):
    #        need breadth demand
    #   A     3     0      2
    #   B     4     3      1
    #   C     0     4      2
    # Column norms: sqrt(9+16+0) = 5, sqrt(0+9+16) = 5, sqrt(4+1+4) = 3, so
    #   R = [[.6, 0, 2/3], [.8, .6, 1/3], [0, .8, 2/3]]
    #   V = w * R = [[.3, 0, .4/3], [.4, .18, .2/3], [0, .24, .4/3]]
    # Ideal A+ = (.4, .24, .4/3); anti-ideal A- = (0, 0, .2/3).
    #   d+ : A sqrt(.1^2 + .24^2) = .26;  B sqrt(.06^2 + (.2/3)^2);  C .4
    #   d- : A sqrt(.3^2 + (.2/3)^2);     B sqrt(.4^2 + .18^2);      C sqrt(.24^2 + (.2/3)^2)
    table = _table({"A": [3, 0, 2], "B": [4, 3, 1], "C": [0, 4, 2]})
    result = topsis(table, {"need": 0.5, "breadth": 0.3, "demand": 0.2}).set_index("microcredential_id")
    d_plus = {"A": 0.26, "B": math.hypot(0.06, 0.2 / 3), "C": 0.4}
    d_minus = {"A": math.hypot(0.3, 0.2 / 3), "B": math.hypot(0.4, 0.18), "C": math.hypot(0.24, 0.2 / 3)}
    for name in "ABC":
        assert result.loc[name, "d_plus"] == pytest.approx(d_plus[name], abs=1e-12)
        assert result.loc[name, "d_minus"] == pytest.approx(d_minus[name], abs=1e-12)
        closeness = d_minus[name] / (d_plus[name] + d_minus[name])
        assert result.loc[name, "score"] == pytest.approx(closeness, abs=1e-12)
    # C_A = .30732/.56732 = .5417, C_B = .43863/.52832 = .8302, C_C = .24909/.64909 = .3837
    assert result["score"].to_numpy() == pytest.approx([0.8302, 0.5417, 0.3837], abs=1e-4)
    assert result["rank"].to_dict() == {"B": 1, "A": 2, "C": 3}


def test_topsis_all_equal_is_half() -> None:
    table = _table({"a": [0.5, 0.5, 0.5], "b": [0.5, 0.5, 0.5]})
    result = topsis(table, {"need": 1, "breadth": 1})
    assert np.allclose(result["score"], 0.5)
    assert result["microcredential_id"].tolist() == ["a", "b"]
