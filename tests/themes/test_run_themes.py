"""`skillsneeds run` codes the open answers after analyze; the store reads the themes back."""

from __future__ import annotations

from sample_project import regional_project

from analysis import pipeline, store
from analysis.config import load_survey_config


def test_run_writes_the_themes_and_the_store_reads_them_back(tmp_path, monkeypatch):
    root = regional_project(tmp_path / "p")
    monkeypatch.setattr(pipeline, "report_surveys", lambda configs, out, **kwargs: [])
    config_path = root / "config/surveys/regional.yml"
    pipeline.run([config_path])
    config = load_survey_config(config_path)
    assert store.has_results(config)
    tables = store.read_theme_results(config)
    assert set(tables) == {"themes", "theme_skills", "theme_segments"}
    themes = tables["themes"]
    assert themes["suppressed"].dtype == bool
    answers = themes[themes["source"] == "open_answer"]
    assert answers.loc[answers["theme"] == "cybersecurity", "mentions"].iloc[0] > 0
    assert set(tables["theme_segments"]["source"]) == {"open_answer", "interview"}


def test_no_themes_read_back_before_the_stage_ran(tmp_path):
    root = regional_project(tmp_path / "p")
    assert store.read_theme_results(load_survey_config(root / "config/surveys/regional.yml")) is None


def test_themes_before_clean_says_which_command_comes_first(tmp_path, capsys):
    from analysis.cli import main

    root = regional_project(tmp_path / "p")
    assert main(["--root", str(root), "themes"]) == 2
    err = capsys.readouterr().err
    assert "open_text.parquet does not exist: run `skillsneeds clean --survey" in err
    assert "Traceback" not in err
