"""`skillsneeds fieldwork` from export files: the files written, the terminal table, clear errors."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from sample_project import make_project

from analysis import pipeline, store
from analysis.cli import main
from analysis.config import load_survey_config
from analysis.errors import ConfigError


def test_fieldwork_from_the_export_writes_the_files_and_prints_the_table(tmp_path, capsys):
    root = make_project(tmp_path)
    path = root / "config" / "surveys" / "regional.yml"
    assert main(["--root", str(root), "fieldwork", "--survey", str(path)]) == 0
    out = capsys.readouterr().out
    config = load_survey_config(path)
    fieldwork = store.read_fieldwork(config)
    assert fieldwork is not None and fieldwork.summary["source"] == "export"
    assert fieldwork.summary["source_detail"] == "data/raw/sample/regional/responses.csv"
    lines = out.splitlines()
    assert lines[1].split() == ["partner", "complete", "incomplete", "target", "share", "projected"]
    table = fieldwork.by_partner
    for row in table.itertuples():
        assert any(line.startswith(f"{row.partner} {row.partner_label} ") and f" {row.complete} " in line
                   for line in lines)
    total = next(line for line in lines if line.startswith("all "))
    assert total.split()[1:] == [str(table["complete"].sum()), str(table["incomplete"].sum())]
    assert "cleaning would keep" in out


def test_targets_show_in_the_table(tmp_path, capsys):
    root = make_project(tmp_path)
    path = root / "config" / "surveys" / "regional.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["fieldwork"] = {"targets": [{"where": {"COUNTRY": "BG"}, "complete": 1000}]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert main(["--root", str(root), "fieldwork", "--survey", str(path)]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("BG "))
    table = store.read_fieldwork(load_survey_config(path)).by_partner.set_index("partner")
    complete = table["complete"]["BG"]
    assert line.split()[-3:-1] == ["1000", f"{complete / 1000:.0%}"]


def test_a_target_that_does_not_fit_is_one_message_and_status_2(tmp_path, capsys):
    root = make_project(tmp_path)
    path = root / "config" / "surveys" / "regional.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["fieldwork"] = {"targets": [{"where": {"COUNTRY": "IT"}, "complete": 10}]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert main(["--root", str(root), "fieldwork", "--survey", str(path)]) == 2
    err = capsys.readouterr().err
    assert "'IT' is not an answer code of COUNTRY (codes that exist: BG, RO, GR, SI, MK, ES)" in err
    assert "Traceback" not in err
    assert store.read_fieldwork(load_survey_config(path)) is None


def test_a_run_writes_its_page_into_the_sites_languages(tmp_path):
    root = make_project(tmp_path)
    (root / "reports" / "bg").mkdir(parents=True)  # a site built in en and bg
    (root / "reports" / "bg" / "index.html").write_text("<!doctype html>", "utf-8")
    config = load_survey_config(root / "config" / "surveys" / "regional.yml")
    fieldwork = pipeline.fieldwork_survey(config)
    written = pd.read_csv(store.fieldwork_folder(config) / "by_partner.csv", keep_default_na=False)
    assert written["complete"].tolist() == fieldwork.by_partner["complete"].tolist()
    site = root / "reports"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*fieldwork*"))
    assert pages == ["bg/regional-fieldwork.html", "regional-fieldwork.html"]  # nothing left aside
    html = (root / "reports" / "regional-fieldwork.html").read_text("utf-8")
    assert f">{fieldwork.summary['complete']}<" in html
    assert 'lang="bg"' in (root / "reports" / "bg" / "regional-fieldwork.html").read_text("utf-8")
    (root / "reports" / "notes.txt").write_text("mine", "utf-8")  # not a site: nothing is written
    with pytest.raises(ConfigError, match="not a report site folder"):
        pipeline.fieldwork_survey(config)


def test_ctrl_c_while_watching_ends_with_status_130_and_the_files_kept(tmp_path, monkeypatch, capsys):
    import analysis.cli

    root = make_project(tmp_path)
    path = root / "config" / "surveys" / "regional.yml"

    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(analysis.cli.time, "sleep", interrupted)
    assert main(["--root", str(root), "fieldwork", "--survey", str(path), "--watch", "1"]) == 130
    err = capsys.readouterr().err
    assert "next refresh in 60 s; Ctrl-C to stop" in err
    assert "interrupted; previous results are left as they were" in err
    assert store.read_fieldwork(load_survey_config(path)) is not None
