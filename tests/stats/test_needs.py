"""Borich MWDS against hand calculations written out here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats.needs import (
    CROSSHAIR_COLUMNS,
    IPA_QUADRANTS,
    LFF_QUADRANTS,
    borich_mwds,
    discrepancies,
    needs_table,
)


def long_ratings(table):
    """{respondent: {skill: (importance, proficiency)}} -> long ratings frame."""
    rows = []
    for respondent, skills in table.items():
        for skill, (importance, proficiency) in skills.items():
            rows.append((respondent, skill, "importance", importance))
            rows.append((respondent, skill, "proficiency", proficiency))
    frame = pd.DataFrame(rows, columns=["respondent_id", "skill_id", "dimension", "value"])
    frame["value"] = frame["value"].astype("Int64")
    return frame


RATINGS = long_ratings(
    {
        "r1": {"energy": (5, 2), "water": (3, 3), "waste": (4, 1)},
        "r2": {"energy": (4, 4), "water": (2, 1), "waste": (5, 3)},
        "r3": {"energy": (3, 1), "water": (4, None), "waste": (2, 2)},
        "r4": {"energy": (5, 3), "water": (5, 2), "waste": (None, 4)},
    }
)
RESPONDENTS = pd.DataFrame(
    {"respondent_id": ["r1", "r2", "r3", "r4"], "sector": ["AGRI", "AGRI", "CONST", "CONST"]}
)
SKILLS = pd.DataFrame(
    {"skill_id": ["energy", "water", "waste"], "label": ["Energy", "Water", "Waste"],
     "group": ["", "", ""]}
)


def test_mwds_by_hand():
    table = borich_mwds(discrepancies(RATINGS)).set_index("skill_id")
    # energy: I = 5,4,3,5 (mean 4.25); D = 3,0,2,2 (mean 1.75); MWDS = 1.75 * 4.25 = 7.4375
    # water (r3 has no proficiency): I = 3,2,5 (mean 10/3); D = 0,1,3 (mean 4/3); MWDS = 40/9
    # waste (r4 has no importance): I = 4,5,2 (mean 11/3); D = 3,2,0 (mean 5/3); MWDS = 55/9
    assert table.loc["energy", "mwds"] == pytest.approx(7.4375, abs=1e-12)
    assert table.loc["water", "mwds"] == pytest.approx(40 / 9, abs=1e-12)
    assert table.loc["waste", "mwds"] == pytest.approx(55 / 9, abs=1e-12)
    assert table.loc["water", "n"] == 3 and table.loc["energy", "n"] == 4
    assert table["rank"].to_dict() == {"energy": 1, "waste": 2, "water": 3}


def test_mwds_is_the_mean_of_weighted_discrepancies():
    # Borich's definition, respondent by respondent: WDS_i = D_i * mean(I); MWDS = mean(WDS)
    rng = np.random.default_rng(7)
    importance = rng.integers(1, 6, size=50)
    proficiency = rng.integers(1, 6, size=50)
    ratings = long_ratings({f"r{i}": {"s": (int(a), int(b))}
                            for i, (a, b) in enumerate(zip(importance, proficiency, strict=True))})
    wds = [(a - b) * importance.mean() for a, b in zip(importance, proficiency, strict=True)]
    assert borich_mwds(discrepancies(ratings))["mwds"].item() == pytest.approx(sum(wds) / 50)


def test_ties_share_the_lowest_rank():
    ratings = long_ratings({"r1": {"a": (4, 2), "b": (4, 2), "c": (4, 3)}})
    assert borich_mwds(discrepancies(ratings)).set_index("skill_id")["rank"].to_dict() == {
        "a": 1, "b": 1, "c": 3
    }


def test_needs_table_overall_and_by_group_with_suppression():
    needs = needs_table(
        RATINGS, RESPONDENTS, SKILLS, by=["sector"],
        group_labels={"sector": {"AGRI": "Agri-food", "CONST": "Construction"}}, min_group_n=2,
    )
    overall = needs[needs.scope == "overall"].set_index("skill_id")
    assert overall.loc["energy", "rank"] == 1 and overall.loc["energy", "group"] == "all"
    agri = needs[(needs.scope == "sector") & (needs.group == "AGRI")].set_index("skill_id")
    # AGRI energy: I = 5,4 (mean 4.5); D = 3,0 (mean 1.5); MWDS 6.75
    assert agri.loc["energy", "mwds"] == pytest.approx(6.75)
    assert agri.loc["energy", "group_label"] == "Agri-food"
    const = needs[(needs.scope == "sector") & (needs.group == "CONST")].set_index("skill_id")
    # CONST water and waste have one pair each: below min n 2, blanked and unranked
    assert bool(const.loc["water", "suppressed"]) and np.isnan(const.loc["water", "mwds"])
    assert pd.isna(const.loc["water", "rank"]) and const.loc["water", "n"] == 1
    assert const.loc["energy", "rank"] == 1
    assert list(needs.columns[:5]) == ["scope", "group", "group_label", "skill_id", "skill_label"]


WEIGHTED = RESPONDENTS.assign(weight=[2.0, 1.0, 1.0, 0.5])


def test_weighted_mwds_by_hand():
    pairs = discrepancies(RATINGS, WEIGHTED)
    assert pairs.set_index("respondent_id")["weight"].to_dict() == {
        "r1": 2.0, "r2": 1.0, "r3": 1.0, "r4": 0.5
    }
    energy = borich_mwds(pairs).set_index("skill_id").loc["energy"]
    # energy: w = 2, 1, 1, 0.5 (sum 4.5); I = 5,4,3,5 -> (10 + 4 + 3 + 2.5) / 4.5 = 13/3
    # D = 3,0,2,2 -> (6 + 0 + 2 + 1) / 4.5 = 2; MWDS = 2 * 13/3 = 26/3
    # P = 2,4,1,3 -> (4 + 4 + 1 + 1.5) / 4.5 = 7/3
    assert energy["importance_mean"] == pytest.approx(13 / 3, abs=1e-12)
    assert energy["proficiency_mean"] == pytest.approx(7 / 3, abs=1e-12)
    assert energy["mwds"] == pytest.approx(26 / 3, abs=1e-12)
    # D > 0 for r1, r3, r4: share (2 + 1 + 0.5) / 4.5 = 7/9; mean gap (6 + 2 + 1) / 3.5 = 18/7
    assert energy["positive_gap_share"] == pytest.approx(7 / 9, abs=1e-12)
    assert energy["mean_positive_gap"] == pytest.approx(18 / 7, abs=1e-12)
    assert energy["n"] == 4


@pytest.mark.parametrize("constant", [1.0, 3.0])
def test_constant_weights_equal_the_unweighted_mwds(constant):
    unweighted = borich_mwds(discrepancies(RATINGS))
    weighted = borich_mwds(discrepancies(RATINGS, RESPONDENTS.assign(weight=constant)))
    pd.testing.assert_frame_equal(weighted, unweighted, check_exact=True)
    plain = needs_table(RATINGS, RESPONDENTS, SKILLS, by=["sector"], min_group_n=2, weight=None)
    ones = needs_table(RATINGS, RESPONDENTS.assign(weight=constant), SKILLS, by=["sector"],
                       min_group_n=2)
    pd.testing.assert_frame_equal(ones, plain, check_exact=True)


def test_weights_are_used_by_needs_table_unless_switched_off():
    weighted = needs_table(RATINGS, WEIGHTED, SKILLS, min_group_n=2).set_index("skill_id")
    assert weighted.loc["energy", "mwds"] == pytest.approx(26 / 3, abs=1e-12)
    off = needs_table(RATINGS, WEIGHTED, SKILLS, min_group_n=2, weight=None).set_index("skill_id")
    assert off.loc["energy", "mwds"] == pytest.approx(7.4375, abs=1e-12)


def test_positive_gaps_and_quadrants_by_hand():
    needs = needs_table(RATINGS, RESPONDENTS, SKILLS, by=["sector"], min_group_n=2)
    overall = needs[needs.scope == "overall"].set_index("skill_id")
    # D: energy 3,0,2,2; water 0,1,3; waste 3,2,0
    assert overall["positive_gap_share"].to_dict() == pytest.approx(
        {"energy": 3 / 4, "water": 2 / 3, "waste": 2 / 3}, abs=1e-12)
    assert overall["mean_positive_gap"].to_dict() == pytest.approx(
        {"energy": 7 / 3, "water": 2.0, "waste": 2.5}, abs=1e-12)
    # means: energy I 4.25, P 2.5, D 1.75; water I 10/3, P 2, D 4/3; waste I 11/3, P 2, D 5/3
    # grand means: I 3.75, P 13/6, D 19/12
    assert overall["ipa_quadrant"].to_dict() == {
        "energy": "keep up the good work", "water": "low priority", "waste": "low priority"
    }
    assert overall["lff_quadrant"].to_dict() == {
        "energy": "focus",
        "water": "low importance, low discrepancy",
        "waste": "low importance, high discrepancy",
    }
    # the scale midpoint 3: every skill is at least 3 important and below 3 proficient
    midpoint = needs_table(RATINGS, RESPONDENTS, SKILLS, min_group_n=2, crosshair="midpoint")
    assert set(midpoint["ipa_quadrant"]) == {"concentrate here"}
    # LFF keeps the grand means whatever the IPA crosshair
    assert midpoint.set_index("skill_id")["lff_quadrant"].to_dict() == overall["lff_quadrant"].to_dict()
    # suppressed rows (CONST water and waste, n = 1) get no statistics and no quadrant
    const = needs[(needs.scope == "sector") & (needs.group == "CONST")].set_index("skill_id")
    assert const.loc["water", ["ipa_quadrant", "lff_quadrant", "positive_gap_share"]].isna().all()
    # the only reported CONST skill (energy) is its own crosshair: high on every axis
    assert const.loc["energy", "ipa_quadrant"] == "keep up the good work"
    assert const.loc["energy", "lff_quadrant"] == "focus"


def test_all_four_quadrants_and_ties_on_the_crosshair_count_as_high():
    ratings = long_ratings({"r1": {"a": (5, 1), "b": (5, 5), "c": (1, 1), "d": (1, 5)}})
    skills = pd.DataFrame({"skill_id": list("abcd"), "label": list("ABCD"), "group": [""] * 4})
    respondents = pd.DataFrame({"respondent_id": ["r1"]})
    needs = needs_table(ratings, respondents, skills, min_group_n=1).set_index("skill_id")
    # grand means I 3, P 3, D 0 (D: a 4, b 0, c 0, d -4)
    assert needs["ipa_quadrant"].to_dict() == {
        "a": "concentrate here", "b": "keep up the good work", "c": "low priority",
        "d": "possible overkill",
    }
    assert needs["lff_quadrant"].to_dict() == {
        "a": "focus", "b": "focus", "c": "low importance, high discrepancy",
        "d": "low importance, low discrepancy",
    }
    assert needs.loc["d", "mean_positive_gap"] != needs.loc["d", "mean_positive_gap"]  # NaN


def test_the_crosshairs_are_written_beside_the_quadrants():
    needs = needs_table(RATINGS, RESPONDENTS, SKILLS, by=["sector"], min_group_n=2)
    overall = needs[needs.scope == "overall"].set_index("skill_id")
    # grand means over the three skills: I (4.25 + 10/3 + 11/3) / 3, P (2.5 + 2 + 2) / 3,
    # D (1.75 + 4/3 + 5/3) / 3 (means from test_mwds_by_hand; P: energy 10/4, water 6/3, waste 6/3)
    cross = overall[CROSSHAIR_COLUMNS].drop_duplicates()
    assert len(cross) == 1
    assert cross.iloc[0].to_dict() == pytest.approx({
        "ipa_importance_cross": 45 / 12, "ipa_proficiency_cross": 6.5 / 3,
        "lff_importance_cross": 45 / 12, "lff_discrepancy_cross": (1.75 + 3) / 3,
    }, abs=1e-12)
    # the only reported CONST skill is its own crosshair; the suppressed rows have none
    const = needs[(needs.scope == "sector") & (needs.group == "CONST")].set_index("skill_id")
    assert const.loc["energy", "ipa_importance_cross"] == const.loc["energy", "importance_mean"]
    assert const.loc[["water", "waste"], CROSSHAIR_COLUMNS].isna().all().all()
    # midpoint: the IPA lines in the middle of the scale given, LFF still at the grand means
    middle = needs_table(RATINGS, RESPONDENTS, SKILLS, min_group_n=2, crosshair="midpoint", scale=(0, 5))
    assert set(middle["ipa_importance_cross"]) == set(middle["ipa_proficiency_cross"]) == {2.5}
    assert middle["lff_discrepancy_cross"].tolist() == pytest.approx([(1.75 + 3) / 3] * 3, abs=1e-12)
    # every quadrant is the one its row's crosshairs give
    for table in (needs[~needs.suppressed], middle):
        high_i = table["importance_mean"] >= table["ipa_importance_cross"]
        high_p = table["proficiency_mean"] >= table["ipa_proficiency_cross"]
        assert table["ipa_quadrant"].tolist() == [
            IPA_QUADRANTS[(bool(a), bool(b))] for a, b in zip(high_i, high_p, strict=True)
        ]
        high_i = table["importance_mean"] >= table["lff_importance_cross"]
        high_d = table["discrepancy_mean"] >= table["lff_discrepancy_cross"]
        assert table["lff_quadrant"].tolist() == [
            LFF_QUADRANTS[(bool(a), bool(b))] for a, b in zip(high_i, high_d, strict=True)
        ]


def test_bad_choices_are_errors():
    with pytest.raises(ValueError, match="crosshair"):
        needs_table(RATINGS, RESPONDENTS, SKILLS, crosshair="median")
    with pytest.raises(ValueError, match="scale"):
        needs_table(RATINGS, RESPONDENTS, SKILLS, scale=(5, 1))
    with pytest.raises(ValueError, match="weight"):
        discrepancies(RATINGS, RESPONDENTS.iloc[:2].assign(weight=1.0))


def test_weighted_formula_equals_unweighted_one_when_forced():
    # the weighted sums (forced by one weight of 1 + 1e-15) agree with the plain means
    pairs = discrepancies(RATINGS, RESPONDENTS.assign(weight=1.0))
    pairs.loc[0, "weight"] = 1.0 + 1e-15
    forced = borich_mwds(pairs).set_index("skill_id")
    plain = borich_mwds(discrepancies(RATINGS)).set_index("skill_id")
    for column in ["importance_mean", "proficiency_mean", "discrepancy_mean", "mwds",
                   "positive_gap_share", "mean_positive_gap"]:
        np.testing.assert_allclose(forced[column], plain[column], rtol=1e-13)


def test_pairs_equal_the_pivot_of_the_ratings():
    rng = np.random.default_rng(8)
    rows = [(f"r{i}", skill, dim, int(rng.integers(1, 6)) if rng.random() > 0.25 else None)
            for i in (3, 1, 10, 2) for skill in ("water", "energy", "air")
            for dim in ("proficiency", "importance", "interest")
            if not (skill == "air" and dim == "proficiency")]  # air: importance alone
    ratings = pd.DataFrame(rows, columns=["respondent_id", "skill_id", "dimension", "value"]).sample(
        frac=1.0, random_state=2, ignore_index=True)
    ratings["value"] = ratings["value"].astype("Int64")
    pairs = ratings[ratings["dimension"].isin(["importance", "proficiency"])]
    expected = pairs.pivot(index=["respondent_id", "skill_id"], columns="dimension", values="value")
    expected = expected[["importance", "proficiency"]].dropna().astype(float)
    expected["discrepancy"] = expected["importance"] - expected["proficiency"]
    expected = expected.reset_index().rename_axis(columns=None)
    got = discrepancies(ratings)
    assert len(got) > 0 and "air" not in set(got["skill_id"])
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    with pytest.raises(ValueError, match="duplicate"):
        discrepancies(pd.concat([ratings, ratings.iloc[:1]]))
