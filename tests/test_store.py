"""The processed folder's owner: names, the summary parsed once, the formula guard undone."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis import store
from analysis.tables import write_table


@pytest.fixture
def survey(tmp_path) -> SimpleNamespace:
    folder = tmp_path / "data" / "processed" / "s"
    folder.mkdir(parents=True)
    return SimpleNamespace(processed_dir=folder, config_path=tmp_path / "config" / "surveys" / "s.yml")


def write_summary(survey, summary: dict) -> Path:
    path = survey.processed_dir / store.SUMMARY
    path.write_text(json.dumps(summary), encoding="utf-8")
    return path


def test_the_summary_is_parsed_once_per_version_of_the_file(survey, monkeypatch):
    path = write_summary(survey, {"n_raw": 3, "group_labels": {"sector": {"a": "A"}}})
    parsed = []
    loads = json.loads
    monkeypatch.setattr(store.json, "loads", lambda text: parsed.append(1) or loads(text))
    store._parsed_summary.cache_clear()
    first = store.read_summary(survey)
    first["group_labels"]["sector"]["a"] = "changed by a caller"
    assert store.read_summary(survey) == {"n_raw": 3, "group_labels": {"sector": {"a": "A"}}}
    assert len(parsed) == 1
    write_summary(survey, {"n_raw": 40, "group_labels": {}})
    os.utime(path, ns=(1, 1))  # a new version, whatever the clock's resolution
    assert store.read_summary(survey)["n_raw"] == 40
    assert len(parsed) == 2


def test_a_missing_file_names_the_command_that_writes_it(survey):
    with pytest.raises(FileNotFoundError, match=r"ratings.parquet does not exist: run `skillsneeds clean"):
        store.require(survey, survey.processed_dir / store.RATINGS)
    assert store.require(survey, survey.processed_dir) == survey.processed_dir


def test_table_files_and_text_read_back_as_written(survey):
    assert store.table_file("needs") == "results/needs.csv"
    assert store.table_file("missingness") == "missingness.csv"
    assert store.table_path(survey, "missingness") == survey.processed_dir / "missingness.csv"
    assert not store.has_results(survey)
    frame = pd.DataFrame({"label": ["=SUM(A1)", "+1", "plain"], "n": [1, 2, None]})
    write_table(frame, store.result_path(survey, "needs"), xlsx=False)
    assert store.has_results(survey)
    back = store.read_result(survey, "needs", ("label",))
    assert back["label"].tolist() == ["=SUM(A1)", "+1", "plain"]
    assert back["n"].tolist()[:2] == [1, 2] and pd.isna(back["n"].iloc[2])
    assert store.read_result(survey, "dunn", ("scope",)) is None


def test_results_of_the_other_stage_are_carried_over(survey):
    store.write_results(survey, {"needs": pd.DataFrame({"a": [1]})}, {"weighted": False})
    store.write_results(survey, {"priorities": pd.DataFrame({"b": [2]})})
    results = survey.processed_dir / store.RESULTS
    assert sorted(path.name for path in results.iterdir()) == [
        "needs.csv", "needs.xlsx", "priorities.csv", "priorities.xlsx", "weighting.json",
    ]
    store.write_results(survey, {"needs": pd.DataFrame({"a": [3]})})
    assert (results / "weighting.json").exists()  # analyze's report is analyze's to replace
    assert (results / "needs.csv").read_text(encoding="utf-8") == "a\n3\n"


def test_priorities_and_their_exports_are_swapped_in_together(survey):
    results = store.folder(survey) / store.RESULTS
    results.mkdir(parents=True)
    write_table(pd.DataFrame({"skill_id": ["a"]}), results / "needs.csv")
    table = pd.DataFrame({"microcredential_id": ["m1", "m2"]})
    exports = {
        "m1.elm.jsonld": {"@id": "urn:m1"}, "m1.ob3.json": {"id": "urn:m1"}, "m2.ob3.json": {"id": "urn:m2"}
    }
    store.write_priorities(survey, {"priorities": table}, exports)
    found = store.microcredential_exports(survey)
    assert sorted(found) == ["m1", "m2"]
    assert sorted(found["m1"]) == ["elm", "ob3"] and sorted(found["m2"]) == ["ob3"]
    assert json.loads(found["m1"]["elm"].read_text("utf-8")) == {"@id": "urn:m1"}
    assert (results / "needs.csv").exists()  # the analyze stage's tables are carried over
    # a re-run that no longer exports m1 leaves no stale file of it
    store.write_priorities(survey, {"priorities": table}, {"m2.ob3.json": {"id": "urn:m2"}})
    assert sorted(store.microcredential_exports(survey)) == ["m2"]
    assert (results / "priorities.csv").exists() and (results / "needs.csv").exists()


def test_a_survey_without_exports_has_none(survey):
    assert store.microcredential_exports(survey) == {}
    store.write_priorities(survey, {"priorities": pd.DataFrame({"microcredential_id": []})}, {})
    assert store.microcredential_exports(survey) == {}
    assert not (store.folder(survey) / store.RESULTS / store.MICROCREDENTIALS).exists()
