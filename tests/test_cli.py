"""The skillsneeds command: stages one by one, and clear errors instead of tracebacks."""

from __future__ import annotations

import subprocess
import sys

from sample_project import make_project


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
