"""The priorities the pipeline writes for the sample: the planted winner and near-tie, preferences."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from analysis.report.words import ELM_FIELD_WORDS

WINNER = "energy_carbon_reporting"
NEAR_TIE = ("circular_product_design", "systems_thinking_sustainability")


def _results(project: Path, name: str, survey: str = "sector") -> pd.DataFrame:
    return pd.read_csv(project / "data" / "processed" / survey / "results" / f"{name}.csv")


def test_planted_winner_is_first_in_more_than_95_percent_of_draws(sample_project) -> None:
    table = _results(sample_project, "priorities")
    overall = table[table["scope"] == "overall"].set_index("microcredential_id")
    assert overall.loc[WINNER, "rank"] == 1
    assert overall.loc[WINNER, "p_first"] > 0.95
    assert overall.loc[WINNER, "stability"] == "stable"
    assert (overall.loc[WINNER, "rank_low"], overall.loc[WINNER, "rank_high"]) == (1, 1)
    # it leads every sector too: it targets all five and its skills are the largest gaps everywhere
    sectors = table[table["scope"] == "sector"]
    assert set(sectors.loc[sectors["rank"] == 1, "microcredential_id"]) == {WINNER}
    assert sectors["group"].nunique() == 5


def test_planted_near_tie_is_reported_unstable(sample_project) -> None:
    table = _results(sample_project, "priorities")
    overall = table[table["scope"] == "overall"].set_index("microcredential_id")
    pair = overall.loc[list(NEAR_TIE)]
    assert (pair["stability"] == "unstable").all()
    assert sorted(pair["rank"]) == [3, 4]
    # their rank intervals overlap: the data cannot tell them apart
    assert pair["rank_low"].max() <= pair["rank_high"].min()
    acceptability = _results(sample_project, "priority_acceptability")
    shares = acceptability[(acceptability["scope"] == "overall")].pivot(
        index="microcredential_id", columns="rank", values="share"
    )
    # each takes rank 3 and rank 4 in a fair share of the draws
    assert (shares.loc[list(NEAR_TIE), [3, 4]] > 0.2).all().all()


def test_regional_survey_ranks_its_candidates_and_shares_three_with_the_sector_survey(sample_project) -> None:
    results = sample_project / "data" / "processed"
    regional = pd.read_csv(results / "regional" / "results" / "priorities.csv")
    overall = regional[regional["scope"] == "overall"]
    assert 6 <= len(overall) <= 9 and sorted(overall["rank"]) == list(range(1, len(overall) + 1))
    assert set(regional["scope"]) == {"overall", "country", "respondent_type"}
    sector = _results(sample_project, "priorities")
    shared = set(overall["microcredential_id"]) & set(sector["microcredential_id"])
    assert shared == {"digital_environmental_monitoring", "systems_thinking_sustainability",
                      "waste_resource_management"}
    # demand from the training formats: a share, not the bare audience match of 1 or 0
    assert overall["demand"].between(0, 1).all() and overall["demand"].nunique() > 2
    consortium = pd.read_csv(sample_project / "reports" / "downloads" / "consortium" / "consortium.csv")
    assert set(consortium["microcredential_id"]) == shared
    assert set(consortium["survey"]) == {"sector", "regional"}


@pytest.mark.parametrize("question", ["DELIVERY", "MCLENGTH", "PAYWILL"])
def test_preferences_are_the_kept_respondents_answers(sample_project, question) -> None:
    """Counts of each answer in preferences.parquet equal the counts in the raw export of kept responses."""
    raw_dir = sample_project / "data" / "raw" / "sample" / "sector"
    excluded = set(
        pd.read_csv(sample_project / "data/processed/sector/exclusions.csv", dtype=str)["response_id"]
    )
    expected: dict[str, int] = {}
    for path, encoding, prefix in (("responses.csv", "utf-8-sig", ""), ("responses_bg.csv", "cp1251", "BG-")):
        with open(raw_dir / path, encoding=encoding, newline="") as handle:
            sample = handle.readline()
            handle.seek(0)
            rows = csv.DictReader(handle, delimiter=";" if sample.count(";") > sample.count(",") else ",")
            for row in rows:
                if prefix + row["id"] in excluded:
                    continue
                for heading, value in row.items():
                    if heading == question and value:
                        expected[value] = expected.get(value, 0) + 1
                    elif heading.startswith(f"{question}[") and value:
                        code = heading[len(question) + 1 : -1]
                        expected["other" if code == "other" else code] = expected.get(code, 0) + 1
    preferences = pd.read_parquet(sample_project / "data/processed/sector/preferences.parquet")
    got = preferences[preferences["question"] == question]["code"].value_counts().to_dict()
    assert got == expected and sum(got.values()) > 500


def test_the_run_exports_every_candidate_and_publishes_the_files(sample_project) -> None:
    """Every candidate gets an Open Badges file; none gets an ELM file while the shipped catalogue gives
    no NQF level (each is held back, not written invalid); the downloads and the cards carry them."""
    import json

    from analysis.priorities.exports import ob3_problems

    ids = set(_results(sample_project, "priorities")["microcredential_id"])
    folder = sample_project / "data" / "processed" / "sector" / "results" / "microcredentials"
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted(f"{mc_id}.ob3.json" for mc_id in ids)
    for name in names:
        assert ob3_problems(json.loads((folder / name).read_text("utf-8"))) == []
    published = sample_project / "reports" / "downloads" / "sector" / "microcredentials"
    assert sorted(path.name for path in published.iterdir()) == names
    assert (published / names[0]).read_bytes() == (folder / names[0]).read_bytes()
    page = (sample_project / "reports" / "sector-priorities.html").read_text("utf-8")
    assert f'href="downloads/sector/microcredentials/{WINNER}.ob3.json"' in page
    # why there is no Europass file, in words (never the catalogue's key)
    assert ELM_FIELD_WORDS["nqf_level"] in page and "nqf_level" not in page
    regional_ids = set(_results(sample_project, "priorities", "regional")["microcredential_id"])
    regional = sample_project / "data" / "processed" / "regional" / "results" / "microcredentials"
    assert sorted(path.name for path in regional.iterdir()) == sorted(f"{i}.ob3.json" for i in regional_ids)
