"""The results and priority tables computed from frames in memory, against hand calculations.

:func:`analysis.stats.results.results_tables` and :func:`analysis.priorities.results.priority_results`
read and write no file: they run with the working folder empty and leave it empty.
"""

from __future__ import annotations

import logging

import pandas as pd
import pytest

from analysis.config import AnalysisConfig, BootstrapConfig, PrioritiesConfig, WeightsConfig
from analysis.priorities import MicroCredential
from analysis.priorities.annex import COMPLETENESS_COLUMNS
from analysis.priorities.ranking import ACCEPTABILITY_COLUMNS, PRIORITIES_COLUMNS
from analysis.priorities.results import no_priorities, priority_results
from analysis.stats.results import RESULTS_TABLES, rating_scale, results_tables, survey_weights

#: respondent -> skill -> (importance, proficiency)
GRID = {
    "r1": {"s1": (5, 2), "s2": (3, 3), "s3": (4, 1)},
    "r2": {"s1": (4, 4), "s2": (2, 1), "s3": (5, 3)},
    "r3": {"s1": (3, 1), "s2": (4, 2), "s3": (2, 2)},
    "r4": {"s1": (5, 3), "s2": (5, 2), "s3": (3, 4)},
    "r5": {"s1": (4, 1), "s2": (3, 3), "s3": (5, 2)},
    "r6": {"s1": (2, 2), "s2": (4, 1), "s3": (1, 3)},
}
RATINGS = pd.DataFrame(
    [
        (respondent, skill, dimension, value)
        for respondent, skills in GRID.items()
        for skill, pair in skills.items()
        for dimension, value in zip(("importance", "proficiency"), pair, strict=True)
    ],
    columns=["respondent_id", "skill_id", "dimension", "value"],
).astype({"value": "Int64"})
RESPONDENTS = pd.DataFrame({
    "respondent_id": list(GRID),
    "sector": ["A", "A", "A", "A", "B", "B"],
    "respondent_type": ["T1", "T2", "T1", "T2", "T1", "T2"],
    "country": pd.array([pd.NA] * 6, dtype="string"),
})
SKILLS = pd.DataFrame({"skill_id": ["s1", "s2", "s3"], "label": ["One", "Two", "Three"], "group": [""] * 3})
LABELS = {"sector": {"A": "Sector A", "B": "Sector B"}}
SETTINGS = AnalysisConfig(by=("sector",), min_group_n=2, bootstrap=BootstrapConfig(B=100))


def test_results_tables_by_hand_without_any_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    tables, weighting = results_tables(RESPONDENTS, RATINGS, SKILLS, SETTINGS, group_labels=LABELS)
    assert list(tables) == list(RESULTS_TABLES)
    assert weighting == {"weighted": False}
    assert list(tmp_path.iterdir()) == []
    needs = tables["needs"].set_index(["scope", "group", "skill_id"])
    # s1 overall: I = 5,4,3,5,4,2 (mean 23/6); D = 3,0,2,2,3,0 (mean 10/6); MWDS = 230/36
    assert needs.loc[("overall", "all", "s1"), "mwds"] == pytest.approx(230 / 36, abs=1e-12)
    # s1 in sector A: I = 5,4,3,5 (mean 4.25); D = 3,0,2,2 (mean 1.75); MWDS = 7.4375
    assert needs.loc[("sector", "A", "s1"), "mwds"] == pytest.approx(7.4375, abs=1e-12)
    assert needs.loc[("sector", "A", "s1"), "group_label"] == "Sector A"
    descriptives = tables["descriptives"].set_index(["scope", "group", "skill_id", "dimension"])
    assert descriptives.loc[("overall", "all", "s1", "importance"), "mean"] == pytest.approx(23 / 6)
    assert set(tables["gap_tests"]["scope"]) == {"overall", "sector"}
    assert set(tables["agreement"]["scope"]) == {"sector"}
    # the input frames are left as they were (the weights go into a copy)
    assert "weight" not in RESPONDENTS.columns


def test_results_tables_rake_to_the_config_margins():
    weights = WeightsConfig(margins={"sector": {"A": 0.5, "B": 0.5}})
    tables, weighting = results_tables(
        RESPONDENTS, RATINGS, SKILLS, SETTINGS, group_labels=LABELS, weights=weights
    )
    # A weighs 0.5 / (4/6) = 0.75, B 0.5 / (2/6) = 1.5: Kish n = 6^2 / (4 * 0.75^2 + 2 * 1.5^2) = 16/3
    assert weighting["weighted"] is True and weighting["n"] == 6
    assert weighting["kish_n"] == pytest.approx(16 / 3)
    assert weighting["design_effect"] == pytest.approx(6 / (16 / 3))
    # s1 overall: weighted mean I = (0.75 * 17 + 1.5 * 6) / 6 = 3.625, D = (0.75 * 7 + 1.5 * 3) / 6 = 1.625
    needs = tables["needs"].set_index(["scope", "group", "skill_id"])
    assert needs.loc[("overall", "all", "s1"), "mwds"] == pytest.approx(3.625 * 1.625, abs=1e-12)


def test_an_agreement_scope_without_groups_is_left_out_with_a_warning(caplog):
    settings = SETTINGS.model_copy(update={"agreement_by": ("sector", "country")})
    with caplog.at_level(logging.WARNING):
        tables, _ = results_tables(
            RESPONDENTS, RATINGS, SKILLS, settings, group_labels=LABELS,
            profile={"sector": "SECTOR", "country": "COUNTRY"}, survey="tiny",
        )
    assert (
        "tiny: no kept respondent with ratings has a country (profile question COUNTRY): the "
        "agreement between country groups is left out"
    ) in caplog.messages
    assert set(tables["agreement"]["scope"]) == {"sector"}


def test_survey_weights_and_rating_scale():
    weighted, report = survey_weights(RESPONDENTS.assign(weight=9.0), WeightsConfig())
    assert report == {"weighted": False} and (weighted["weight"] == 1.0).all()
    assert rating_scale(RATINGS) == (1, 5)
    assert rating_scale(RATINGS.assign(value=RATINGS["value"] + 2)) == (1, 7)
    assert rating_scale(RATINGS.assign(value=pd.NA)) == (1, 5)


def _candidate(cid: str, skills: list[str], sectors: list[str]) -> MicroCredential:
    return MicroCredential(
        id=cid, skills=skills, sectors=sectors, title=cid, learning_outcomes=["lo"],
        assessment="project", quality_assurance="internal", eqf_level=4, workload_ects=2,
        participation="online",
    )


CATALOGUE = (_candidate("m1", ["s1"], ["A"]), _candidate("m2", ["s2", "s3"], ["A", "B"]))
PRIORITIES = PrioritiesConfig(catalogue="microcredentials.yml", draws=100, bootstrap=0)


def test_priority_results_without_any_file_weight_the_respondents_by_the_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    tables = priority_results(
        RESPONDENTS, RATINGS, None, CATALOGUE, PRIORITIES, scopes=("sector",), group_labels=LABELS,
        analysis=SETTINGS,
    )
    assert list(tmp_path.iterdir()) == []
    assert list(tables) == ["priorities", "priority_acceptability", "completeness"]
    assert set(tables["completeness"]["microcredential_id"]) == {"m1", "m2"}
    assert set(tables["completeness"]["status"]) == {"filled", "missing", "set at issue"}
    overall = tables["priorities"].query("scope == 'overall'").set_index("microcredential_id")
    assert sorted(overall["rank"]) == [1, 2]
    # a weight column the respondents already carry is replaced by the config's weights (here 1)
    again = priority_results(
        RESPONDENTS.assign(weight=[9.0, 1, 1, 1, 1, 1]), RATINGS, None, CATALOGUE, PRIORITIES,
        scopes=("sector",), group_labels=LABELS, analysis=SETTINGS,
    )
    pd.testing.assert_frame_equal(again["priorities"], tables["priorities"])


def test_no_priorities_are_the_columns_without_rows():
    tables = no_priorities()
    assert list(tables["priorities"].columns) == PRIORITIES_COLUMNS
    assert list(tables["priority_acceptability"].columns) == ACCEPTABILITY_COLUMNS
    assert list(tables["completeness"].columns) == COMPLETENESS_COLUMNS
    assert all(table.empty for table in tables.values())


def test_rank_sets_take_the_covariance_the_config_names():
    small = AnalysisConfig(by=("sector",), min_group_n=2, bootstrap=BootstrapConfig(B=100, set_B=200))
    large = small.model_copy(update={"bootstrap": BootstrapConfig(B=100, set_B=200, analytic_n=4)})
    ranks = results_tables(RESPONDENTS, RATINGS, SKILLS, small, group_labels=LABELS)[0]["rank_uncertainty"]
    assert set(ranks["covariance"].dropna()) == {"bootstrap"}
    ranks = results_tables(RESPONDENTS, RATINGS, SKILLS, large, group_labels=LABELS)[0]["rank_uncertainty"]
    by_group = ranks.dropna(subset=["covariance"]).groupby(["scope", "group"])["covariance"].first()
    assert by_group.to_dict() == {("overall", "all"): "analytic", ("sector", "A"): "analytic",
                                  ("sector", "B"): "bootstrap"}
    assert (BootstrapConfig().analytic_n, BootstrapConfig().set_B) == (2000, 1000)
    with pytest.raises(ValueError, match="set_B"):
        BootstrapConfig(set_B=99)
    with pytest.raises(ValueError, match="analytic_n"):
        BootstrapConfig(analytic_n=1)


def test_rerake_changes_only_the_rank_uncertainty_of_a_weighted_survey():
    weights = WeightsConfig(margins={"respondent_type": {"T1": 0.7, "T2": 0.3}})
    on = SETTINGS.model_copy(update={"bootstrap": BootstrapConfig(B=100, rerake=True)})
    assert BootstrapConfig().rerake is False
    fixed = results_tables(RESPONDENTS, RATINGS, SKILLS, SETTINGS, group_labels=LABELS, weights=weights)[0]
    reraked = results_tables(RESPONDENTS, RATINGS, SKILLS, on, group_labels=LABELS, weights=weights)[0]
    for name in RESULTS_TABLES:
        if name != "rank_uncertainty":
            pd.testing.assert_frame_equal(fixed[name], reraked[name])
    columns = ["scope", "group", "skill_id", "mwds", "rank"]
    pd.testing.assert_frame_equal(fixed["rank_uncertainty"][columns], reraked["rank_uncertainty"][columns])
    spread = ["median_rank", "rank_low", "rank_high", "p_top_k"]
    assert not fixed["rank_uncertainty"][spread].equals(reraked["rank_uncertainty"][spread])
    # unweighted: nothing to rake again, the same tables
    plain = results_tables(RESPONDENTS, RATINGS, SKILLS, on, group_labels=LABELS)[0]
    unchanged = results_tables(RESPONDENTS, RATINGS, SKILLS, SETTINGS, group_labels=LABELS)[0]
    pd.testing.assert_frame_equal(plain["rank_uncertainty"], unchanged["rank_uncertainty"])
