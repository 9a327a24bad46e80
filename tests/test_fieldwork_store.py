"""The fieldwork files: written whole in the processed folder, read back as they were."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sample_project import make_project

from analysis import store
from analysis.config import load_survey_config
from analysis.fieldwork import BY_PARTNER_COLUMNS, DAILY_COLUMNS, SUMMARY_KEYS, Fieldwork


def _fieldwork() -> Fieldwork:
    summary = dict.fromkeys(SUMMARY_KEYS)
    summary |= {"survey": "sector", "responses": 7, "complete": 5, "incomplete": 2, "quotas": [],
                "invitations": [], "reminders": []}
    by_partner = pd.DataFrame([
        {"partner": "BG", "partner_label": "=Bulgaria", "complete": 3, "incomplete": 1, "target": 30,
         "share_of_target": 0.1, "projected_date": "2026-12-31", "excluded_so_far": 0},
        {"partner": "ES", "partner_label": "Spain", "complete": 2, "incomplete": 1, "excluded_so_far": 1},
    ])
    daily = pd.DataFrame({"date": ["2026-12-01", "2026-12-02"], "started": [4, 3], "completed": [3, 2],
                          "cumulative_started": [4, 7], "cumulative_completed": [3, 5],
                          "invitations": [10, 0], "reminders": [0, 5]})
    empty = pd.DataFrame()
    return Fieldwork(summary=summary, by_partner=by_partner, by_breakdown=empty, daily=daily, dropout=empty)


def test_fieldwork_files_round_trip(tmp_path: Path):
    root = make_project(tmp_path)
    config = load_survey_config(root / "config" / "surveys" / "sector.yml")
    assert store.read_fieldwork(config) is None
    folder = store.write_fieldwork(config, _fieldwork())
    assert folder == config.processed_dir / "fieldwork"
    assert sorted(p.name for p in folder.iterdir()) == [
        "by_breakdown.csv", "by_partner.csv", "daily.csv", "dropout.csv", "exclusions.csv", "summary.json"]
    header = (folder / "by_partner.csv").read_text("utf-8").splitlines()[0]
    assert header == ",".join(BY_PARTNER_COLUMNS)
    back = store.read_fieldwork(config)
    assert back is not None
    assert back.summary["complete"] == 5 and set(back.summary) == set(SUMMARY_KEYS)
    assert list(back.daily.columns) == list(DAILY_COLUMNS)
    assert back.daily["cumulative_completed"].tolist() == [3, 5]
    assert back.by_partner["partner_label"].tolist() == ["=Bulgaria", "Spain"]  # formula guard undone
    assert back.by_partner["target"].isna().tolist() == [False, True]
    assert back.dropout.empty and list(back.dropout.columns) == ["page", "page_label", "reached", "stopped",
                                                                  "median_seconds"]
