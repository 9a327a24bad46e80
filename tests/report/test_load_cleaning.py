"""Reading the cleaning page's inputs back from ``data/processed/<survey>/`` (old and new folders)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
from report_sample import FORMULA, make_cleaning_report, make_missingness, make_partner_funnel, written_page

from analysis.report import build_site
from analysis.store import load_cleaning
from analysis.tables import write_table

FUNNEL = [
    {"rule": "incomplete", "reason": "not submitted", "excluded": 3},
    {"rule": "speeder", "reason": "too fast", "excluded": 2},
]


def _config(folder: Path) -> SimpleNamespace:
    return SimpleNamespace(processed_dir=folder)


def test_folder_from_an_older_version_gives_none(tmp_path: Path):
    summary = {"funnel": FUNNEL, "n_raw": 10, "n_kept": 5}
    assert load_cleaning(_config(tmp_path), summary) == {
        "funnel_by_partner": None, "warnings": None, "missingness": None, "skills": None,
        "scales": None,
        "page_times": None, "speeder_times": None,
    }


def test_new_folder_is_read_with_labels_as_written(tmp_path: Path):
    missingness = make_missingness()
    missingness.loc[missingness["group"] == "BG", "group"] = FORMULA
    write_table(missingness, tmp_path / "missingness.csv", xlsx=False)  # writes '=SUM(A1)
    assert "'=SUM(A1)" in (tmp_path / "missingness.csv").read_text("utf-8")
    skills = pd.DataFrame({"code": ["SQ001"], "skill_id": ["s1"], "label": ["-minus first"],
                           "group": [""]})
    write_table(skills, tmp_path / "skills.csv", xlsx=False)
    partners = make_partner_funnel().drop(columns="speeder").to_dict(orient="records")
    summary = json.loads(json.dumps({
        "funnel": FUNNEL, "funnel_by_partner": partners,
        "warnings": [{"check": "c", "message": "m"}],
        "scales": [{"dimension": "importance", "question": "IMPORT", "scale": None, "rule": "order",
                    "values": [["A1", 1], ["A2", 2]], "missing": ["DK"]}],
    }))
    loaded = load_cleaning(_config(tmp_path), summary)
    assert loaded["warnings"] == ({"check": "c", "message": "m"},)
    assert loaded["scales"][0]["rule"] == "order" and loaded["scales"][0]["values"] == [["A1", 1], ["A2", 2]]
    assert list(loaded["funnel_by_partner"]["speeder"]) == [0, 0, 0]  # left out: nobody excluded
    assert set(loaded["missingness"]["group"]) == {"all", "IT", FORMULA}
    assert loaded["missingness"]["n"].dtype.kind in "if"
    assert loaded["skills"]["label"].tolist() == ["-minus first"]
    assert loaded["skills"]["group"].tolist() == [""]


def test_empty_lists_mean_recorded_and_nothing_to_report(tmp_path: Path):
    report = make_cleaning_report()
    funnel = report.funnel.to_dict(orient="records")
    summary = {"funnel": funnel, "funnel_by_partner": [], "warnings": []}
    loaded = load_cleaning(_config(tmp_path), summary)
    assert loaded["warnings"] == ()
    assert loaded["funnel_by_partner"].empty
    assert {"partner", "raw", "kept", "incomplete", "speeder"} <= set(loaded["funnel_by_partner"])
    paths = build_site([replace(report, **loaded)], tmp_path / "site")
    page = written_page(paths, f"{report.name}-cleaning.html").read_text("utf-8")
    assert "No warnings" in page
    assert "which did not record the missing answers per item." in page  # no missingness.csv
