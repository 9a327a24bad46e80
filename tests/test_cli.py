"""The skillsneeds command: stages one by one, and clear errors instead of tracebacks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
from sample_project import ROOT, make_project

from analysis.cli import main


def skillsneeds(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], cwd=cwd, capture_output=True, text=True
    )


def test_stages_one_by_one_for_one_survey(tmp_path):
    project = make_project(tmp_path / "p")
    survey = "config/surveys/regional.yml"
    analyze_first = skillsneeds("analyze", "--survey", survey, cwd=project)
    assert analyze_first.returncode == 2
    assert "run `skillsneeds clean --survey" in analyze_first.stderr
    for stage in ("clean", "analyze", "report"):
        english = ["--lang", "en"] if stage == "report" else []  # one language is enough here
        result = skillsneeds(stage, "--survey", survey, *english, cwd=project)
        assert result.returncode == 0, result.stderr
    assert (project / "data/processed/regional/results/needs.csv").exists()
    assert (project / "reports/regional.html").exists()
    assert not (project / "data/processed/sector").exists()
    # running another survey alone keeps this one on the site's index
    sector = skillsneeds("run", "--survey", "config/surveys/sector.yml", "--lang", "en", cwd=project)
    assert sector.returncode == 0
    index = (project / "reports/index.html").read_text("utf-8")
    assert "Green skills needs in five sectors" in index
    assert "Core competencies of regional-development and smart-city specialists" in index
    # and the site is the same whichever survey was rebuilt last
    regional = skillsneeds("report", "--survey", "config/surveys/regional.yml", "--lang", "en", cwd=project)
    assert regional.returncode == 0
    assert (project / "reports/index.html").read_text("utf-8") == index


def test_bad_config_is_one_clear_message(tmp_path):
    project = make_project(tmp_path / "p")
    config = project / "config/surveys/regional.yml"
    config.write_text(config.read_text("utf-8").replace("ratings:", "ratngs:"), "utf-8")
    result = skillsneeds("run", "--survey", str(config), cwd=project)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert str(config) in result.stderr and "ratngs: unknown setting" in result.stderr


def test_bad_data_names_file_line_and_column(tmp_path):
    project = make_project(tmp_path / "p")
    raw = project / "data" / "raw"
    raw.unlink()
    (raw / "sample").mkdir(parents=True)
    source = make_project.__globals__["ROOT"] / "data/raw/sample/regional"
    target = raw / "sample" / "regional"
    target.mkdir()
    (target / "survey.lss").write_bytes((source / "survey.lss").read_bytes())
    text = (source / "responses.csv").read_bytes().decode("utf-8-sig").split("\r\n")
    header = text[0].split(";")
    column = header.index('"IMPORT[C03]"')
    cells = text[5].split(";")
    cells[column] = '"A9"'
    text[5] = ";".join(cells)
    (target / "responses.csv").write_bytes("\r\n".join(text).encode("utf-8-sig"))
    result = skillsneeds("clean", "--survey", "config/surveys/regional.yml", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "responses.csv, line 6" in result.stderr and "column IMPORT[C03]" in result.stderr
    assert "answer code 'A9'" in result.stderr


def test_prioritize_stage_and_a_bad_catalogue(tmp_path):
    project = make_project(tmp_path / "p")
    survey = "config/surveys/sector.yml"
    before = skillsneeds("prioritize", "--survey", survey, cwd=project)
    assert before.returncode == 2 and "run `skillsneeds clean --survey" in before.stderr
    assert skillsneeds("clean", "--survey", survey, cwd=project).returncode == 0
    result = skillsneeds("prioritize", "--survey", survey, cwd=project)
    assert result.returncode == 0, result.stderr
    assert "energy_carbon_reporting first overall" in result.stderr
    results = project / "data/processed/sector/results"
    written = {p.name for p in results.iterdir()}
    assert {"priorities.csv", "priorities.xlsx", "priority_acceptability.csv"} <= written
    catalogue = project / "config" / "microcredentials.yml"
    text = catalogue.read_text("utf-8").replace("[MANUF, WOOD, CONST]", "[MANUF, MINING]")
    catalogue.write_text(text, "utf-8")
    bad = skillsneeds("prioritize", "--survey", survey, cwd=project)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "microcredentials.yml: the micro-credential catalogue is not valid" in bad.stderr
    assert "candidate 'circular_product_design', field sectors: unknown sector 'MINING'" in bad.stderr


def _editor_project(root: Path) -> Path:
    """The regional sample as the survey editor makes it: answer codes A1..A5 + DK, no assessment values."""
    shutil.copytree(ROOT / "config", root / "config")
    (root / "config" / "surveys" / "sector.yml").unlink()
    raw = root / "data" / "raw" / "sample" / "regional"
    raw.mkdir(parents=True)
    lss = (ROOT / "data/raw/sample/regional/survey.lss").read_text("utf-8")
    lss = re.sub(r"<assessment_value><!\[CDATA\[\d+\]\]>", "<assessment_value><![CDATA[0]]>", lss)
    (raw / "survey.lss").write_text(lss, "utf-8")
    shutil.copy(ROOT / "data/raw/sample/regional/responses.csv", raw / "responses.csv")
    (root / "data" / "processed").mkdir(parents=True)
    return root


def test_editor_codes_are_numbered_by_order_and_the_rule_is_in_the_codebook(tmp_path):
    project = _editor_project(tmp_path / "p")
    result = skillsneeds("clean", "--survey", "config/surveys/regional.yml", cwd=project)
    assert result.returncode == 0, result.stderr
    # the warning is shown in the terminal
    warning = "WARNING: regional: importance (IMPORT): the answer codes have no assessment values"
    assert warning in result.stderr
    assert "A1 → 1, A2 → 2, A3 → 3, A4 → 4, A5 → 5; DK declared missing" in result.stderr
    out = project / "data/processed/regional"
    codebook = pd.read_csv(out / "codebook.csv", dtype=str, keep_default_na=False)
    answers = codebook[(codebook["item"] == "answer") & (codebook["language"] == "en")]
    for question in ("IMPORT", "LEVEL"):
        rows = answers[answers["question"] == question]
        assert rows[["code", "value", "scale_rule"]].values.tolist() == [
            ["A1", "1", "order"], ["A2", "2", "order"], ["A3", "3", "order"], ["A4", "4", "order"],
            ["A5", "5", "order"], ["DK", "", "order"],
        ]
    assert (answers.loc[answers["question"] == "COUNTRY", "scale_rule"] == "").all()
    summary = json.loads((out / "cleaning_summary.json").read_text("utf-8"))
    assert summary["scales"][0] == {
        "dimension": "importance", "question": "IMPORT", "scale": None, "rule": "order",
        "values": [["A1", 1], ["A2", 2], ["A3", 3], ["A4", 4], ["A5", 5]], "missing": ["DK"],
    }
    assert sum(w["check"] == "scale_order" for w in summary["warnings"]) == 2
    assert summary["n_kept"] > 0.5 * summary["n_raw"]


def test_a_run_that_keeps_nobody_fails_naming_the_rule(tmp_path, capsys):
    project = _editor_project(tmp_path / "p")
    config = project / "config/surveys/regional.yml"
    text = config.read_text("utf-8").replace('fieldwork_start: "2025-04-07"', 'fieldwork_start: "2099-01-01"')
    config.write_text(text, "utf-8")
    status = main(["--root", str(project), "run", "--survey", str(config), "--lang", "en"])
    err = capsys.readouterr().err
    assert status == 2
    assert "Traceback" not in err
    error = [line for line in err.splitlines() if line.startswith("skillsneeds: error:")]
    assert len(error) == 1 and "survey regional: cleaning kept none of the" in error[0]
    most = r"Rule test_response excluded most, (\d+) of \1 \(a test run by the survey team"
    assert re.search(most, error[0])
    assert f"Check cleaning.test_responses in {config}" in error[0]
    # nothing a later stage could take for an empty result, and no report
    assert not (project / "data/processed/regional").exists()
    assert not (project / "reports").exists()
    assert "files written" not in err and "needs for" not in err
