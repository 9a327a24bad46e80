"""The skillsneeds command: stages one by one, and clear errors instead of tracebacks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from sample_project import ROOT, copy_project, make_project

from analysis import pipeline
from analysis.cli import main
from analysis.config import load_survey_config


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
    column = header.index('"RATE[C03][1]"')
    cells = text[5].split(";")
    cells[column] = '"A9"'
    text[5] = ";".join(cells)
    (target / "responses.csv").write_bytes("\r\n".join(text).encode("utf-8-sig"))
    result = skillsneeds("clean", "--survey", "config/surveys/regional.yml", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "responses.csv, line 6" in result.stderr and "column RATE[C03][1]" in result.stderr
    assert "answer code 'A9'" in result.stderr


def test_prioritize_stage_and_a_bad_catalogue(tmp_path):
    project = make_project(tmp_path / "p")
    survey = "config/surveys/sector.yml"
    before = skillsneeds("prioritize", "--survey", survey, cwd=project)
    assert before.returncode == 2 and "run `skillsneeds clean --survey" in before.stderr
    pipeline.clean_survey(load_survey_config(project / survey))
    result = skillsneeds("prioritize", "--survey", survey, cwd=project)
    assert result.returncode == 0, result.stderr
    assert "energy_carbon_reporting first overall" in result.stderr
    results = project / "data/processed/sector/results"
    written = {p.name for p in results.iterdir()}
    assert {"priorities.csv", "priorities.xlsx", "priority_acceptability.csv", "completeness.csv"} <= written
    # the sample's candidates do not say yet who awards them, nor where: one warning names them
    assert result.stderr.count("candidate micro-credentials leave Annex I elements to decide") == 1
    assert (
        "sector: 12 of 12 candidate micro-credentials leave Annex I elements to decide: "
        "energy_carbon_reporting, circular_product_design" in result.stderr
    )
    assert "(missing: Country of the awarding body, Awarding body)" in result.stderr
    assert {"priorities.csv", "priorities.xlsx", "priority_acceptability.csv", "microcredentials"} <= written
    warning = "sector: 12 of 12 candidate micro-credentials have no ELM export, the catalogue not giving"
    assert result.stderr.count(warning) == 1
    line = next(line for line in result.stderr.splitlines() if warning in line)
    assert "green_logistics" in line and line.endswith("(no nqf_level)")
    catalogue = project / "config" / "microcredentials.yml"
    # a candidate whose quality assurance is not decided yet, but whose awarding body and country are
    data = yaml.safe_load(catalogue.read_text("utf-8"))
    for candidate in data["microcredentials"]:
        if candidate["id"] == "circular_product_design":
            candidate.pop("quality_assurance")
            for texts in candidate["translations"].values():
                texts.pop("quality_assurance", None)
            candidate.update(awarding_body="Plovdiv VET centre", awarding_country="BG")
    original = catalogue.read_text("utf-8")
    catalogue.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    open_qa = skillsneeds("prioritize", "--survey", survey, cwd=project)
    assert open_qa.returncode == 0, open_qa.stderr
    assert "circular_product_design (missing: Quality assurance)" in open_qa.stderr
    assert "sector: 12 of 12 candidate micro-credentials" in open_qa.stderr
    table = pd.read_csv(results / "completeness.csv", keep_default_na=False)
    mine = table[table["microcredential_id"] == "circular_product_design"].set_index("element")
    assert mine.loc["quality_assurance", ["status", "to_decide"]].tolist() == [
        "missing", "how its quality is assured",
    ]
    assert mine.loc[["awarding_body", "country"], "status"].tolist() == ["filled", "filled"]
    assert mine.loc["learner", "status"] == "set at issue"
    catalogue.write_text(original, "utf-8")
    text = catalogue.read_text("utf-8").replace("[MANUF, WOOD, CONST]", "[MANUF, MINING]")
    catalogue.write_text(text, "utf-8")
    bad = skillsneeds("prioritize", "--survey", survey, cwd=project)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "microcredentials.yml: the micro-credential catalogue is not valid" in bad.stderr
    assert "candidate 'circular_product_design', field sectors: unknown sector 'MINING'" in bad.stderr


def _editor_project(root: Path) -> Path:
    """The regional sample as a partner first runs it: editor codes A1..A5 + DK, no scale_values yet."""
    shutil.copytree(ROOT / "config", root / "config")
    (root / "config" / "surveys" / "sector.yml").unlink()
    config = root / "config" / "surveys" / "regional.yml"
    text = config.read_text("utf-8")
    config.write_text(re.sub(r"(?ms)^scale_values:.*?^(?=skills:)", "", text), "utf-8")
    raw = root / "data" / "raw" / "sample" / "regional"
    raw.mkdir(parents=True)
    for name in ("survey.lss", "responses.csv"):
        shutil.copy(ROOT / "data/raw/sample/regional" / name, raw / name)
    (root / "data" / "processed").mkdir(parents=True)
    return root


def test_editor_codes_are_numbered_by_order_and_the_rule_is_in_the_codebook(tmp_path):
    project = _editor_project(tmp_path / "p")
    result = skillsneeds("clean", "--survey", "config/surveys/regional.yml", cwd=project)
    assert result.returncode == 0, result.stderr
    # the warning is shown in the terminal
    warning = "WARNING: regional: importance (RATE[1]): the answer codes have no assessment values"
    assert warning in result.stderr
    assert "A1 → 1, A2 → 2, A3 → 3, A4 → 4, A5 → 5; DK declared missing" in result.stderr
    out = project / "data/processed/regional"
    codebook = pd.read_csv(out / "codebook.csv", dtype=str, keep_default_na=False)
    answers = codebook[(codebook["item"] == "answer") & (codebook["language"] == "en")]
    for scale in ("0", "1"):
        rows = answers[(answers["question"] == "RATE") & (answers["scale"] == scale)]
        assert rows[["code", "value", "scale_rule"]].values.tolist() == [
            ["A1", "1", "order"], ["A2", "2", "order"], ["A3", "3", "order"], ["A4", "4", "order"],
            ["A5", "5", "order"], ["DK", "", "order"],
        ]
    assert (answers.loc[answers["question"] == "COUNTRY", "scale_rule"] == "").all()
    summary = json.loads((out / "cleaning_summary.json").read_text("utf-8"))
    assert summary["scales"][0] == {
        "dimension": "importance", "question": "RATE", "scale": 1, "rule": "order",
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


def test_one_broken_survey_does_not_stop_the_others(tmp_path, capsys):
    project = make_project(tmp_path / "p")
    broken = project / "config/surveys/sector.yml"
    broken.write_text(broken.read_text("utf-8").replace("ratings:", "ratngs:"), "utf-8")
    assert main(["--root", str(project), "run", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"skillsneeds: error: survey sector: {broken}: the survey configuration is not valid" in err
    assert "ratngs: unknown setting" in err
    assert err.rstrip().endswith("skillsneeds: 1 of 2 surveys failed: sector")
    assert (project / "data/processed/regional/results/needs.csv").exists()
    assert (project / "reports/regional.html").exists()
    assert not (project / "data/processed/sector").exists()
    # each stage alone: the survey that was never cleaned fails, the other is analysed
    broken.write_text(broken.read_text("utf-8").replace("ratngs:", "ratings:"), "utf-8")
    (project / "data/processed/regional/results/needs.csv").unlink()
    assert main(["--root", str(project), "analyze"]) == 2
    err = capsys.readouterr().err
    assert "skillsneeds: error: survey sector: " in err and "run `skillsneeds clean --survey" in err
    assert "1 of 2 surveys failed: sector" in err
    assert (project / "data/processed/regional/results/needs.csv").exists()


def test_ctrl_c_is_one_line_and_status_130(cleaned_once, tmp_path):
    project = copy_project(cleaned_once, tmp_path / "p")
    survey = "config/surveys/regional.yml"
    pipeline.analyze_survey(load_survey_config(project / survey))
    results = project / "data/processed/regional/results"
    before = {path.name: path.read_bytes() for path in results.iterdir()}
    # a real SIGINT to the command while analyze writes its tables (after the third)
    script = (
        "import os, signal, sys\n"
        "from analysis import store\n"
        "from analysis.cli import main\n"
        "write, calls = store.write_table, []\n"
        "def write_table(frame, path, **kw):\n"
        "    calls.append(path)\n"
        "    if len(calls) == 4:\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "    return write(frame.iloc[:0], path, **kw)\n"
        "store.write_table = write_table\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "analyze", "--survey", survey],
        cwd=project, capture_output=True, text=True,
    )
    assert result.returncode == 130
    lines = [line for line in result.stderr.splitlines() if not line.startswith("[skillsneeds]")]
    assert lines == ["skillsneeds: interrupted; previous results are left as they were"]
    assert {path.name: path.read_bytes() for path in results.iterdir()} == before
    assert not [path for path in results.parent.rglob(".*")]


def test_an_unexpected_error_is_one_line_unless_debug(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path / "p")

    def broken_stage(config):
        raise RuntimeError("the disk\nis full")

    monkeypatch.setattr(pipeline, "clean_survey", broken_stage)
    survey = str(project / "config/surveys/regional.yml")
    assert main(["clean", "--survey", survey]) == 1
    assert capsys.readouterr().err == (
        "skillsneeds: unexpected error: RuntimeError: the disk is full "
        "(run with --debug for the traceback)\n"
    )
    with pytest.raises(RuntimeError, match="the disk"):
        main(["--debug", "clean", "--survey", survey])


def test_interrupted_in_process_too(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path / "p")

    def interrupted(config):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "analyze_survey", interrupted)
    assert main(["--root", str(project), "analyze"]) == 130
    assert capsys.readouterr().err == "skillsneeds: interrupted; previous results are left as they were\n"


@pytest.fixture(scope="module")
def cleaned_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with the regional survey cleaned (once: each test takes its own copy)."""
    project = make_project(tmp_path_factory.mktemp("cleaned") / "p")
    pipeline.clean_survey(load_survey_config(project / "config/surveys/regional.yml"))
    return project


@pytest.fixture
def cleaned(cleaned_once, tmp_path) -> tuple[Path, Path]:
    project = copy_project(cleaned_once, tmp_path / "p")
    return project / "config/surveys/regional.yml", project / "data/processed/regional"


def test_analyze_with_nobody_kept_is_one_clear_message(cleaned, capsys):
    survey, processed = cleaned
    for name in ("respondents", "ratings"):
        frame = pd.read_parquet(processed / f"{name}.parquet")
        frame.iloc[:0].to_parquet(processed / f"{name}.parquet", index=False)
    summary = json.loads((processed / "cleaning_summary.json").read_text("utf-8"))
    summary.update(n_kept=0, n_excluded=summary["n_raw"])
    (processed / "cleaning_summary.json").write_text(json.dumps(summary), "utf-8")
    assert main(["analyze", "--survey", str(survey)]) == 2
    assert capsys.readouterr().err == (
        f"skillsneeds: error: {processed / 'respondents.parquet'}: cleaning kept none of the 308 "
        "responses, so there is nothing to analyze; exclusions.csv names the rule that excluded "
        "each one (see the funnel in cleaning_summary.json)\n"
    )
    assert not (processed / "results").exists()


def test_analyze_without_a_single_number_is_one_clear_message(cleaned, capsys):
    survey, processed = cleaned
    ratings = pd.read_parquet(processed / "ratings.parquet")
    ratings.assign(value=pd.array([pd.NA] * len(ratings), dtype="Int64")).to_parquet(
        processed / "ratings.parquet", index=False
    )
    assert main(["analyze", "--survey", str(survey)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"skillsneeds: error: {processed / 'ratings.parquet'}: none of the 255 kept "
                          "respondents has a rating with a number (arrays RATE (scale 1), RATE (scale 2))")
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_analyze_with_an_empty_group_scope_warns_and_goes_on(cleaned, capsys, caplog):
    survey, processed = cleaned
    respondents = pd.read_parquet(processed / "respondents.parquet")
    respondents["country"] = pd.array([pd.NA] * len(respondents), dtype="string")
    respondents.to_parquet(processed / "respondents.parquet", index=False)
    assert main(["analyze", "--survey", str(survey)]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert (
        "regional: no kept respondent with ratings has a country (profile question "
        "COUNTRY): the agreement between country groups is left out"
    ) in caplog.messages
    needs = pd.read_csv(processed / "results/needs.csv")
    assert set(needs["scope"]) == {"overall"} and needs["skill_id"].nunique() == 15
    assert pd.read_csv(processed / "results/agreement.csv").empty


def test_a_needs_table_from_an_older_version_asks_for_analyze_again(cleaned, capsys):
    survey, processed = cleaned
    assert main(["analyze", "--survey", str(survey)]) == 0
    needs = pd.read_csv(processed / "results/needs.csv")
    needs.drop(columns=["ipa_importance_cross"]).to_csv(processed / "results/needs.csv", index=False)
    capsys.readouterr()
    assert main(["report", "--survey", str(survey), "--lang", "en", "--out", str(processed / "site")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{processed / 'results/needs.csv'}: the needs table has no ipa_importance_cross" in err
    assert "skillsneeds analyze --survey" in err
