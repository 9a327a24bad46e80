"""Stages write aside and swap their folder in whole: an interrupted run leaves the previous files."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_project import make_project

from analysis import pipeline, store
from analysis.config import load_survey_config
from analysis.staging import all_but, staged_folder


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative path -> bytes)."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def hidden(folder: Path) -> list[str]:
    """Temporary or set-aside entries anywhere under ``folder`` and beside it."""
    entries = [*folder.parent.iterdir(), *folder.rglob("*")]
    return sorted(str(path) for path in entries if path.name.startswith("."))


def test_the_folder_is_swapped_in_whole_on_success(tmp_path):
    target = tmp_path / "results"
    target.mkdir()
    (target / "needs.csv").write_text("old needs", "utf-8")
    (target / "needs.xlsx").write_text("old needs", "utf-8")
    (target / "priorities.csv").write_text("priorities", "utf-8")
    (target / "microcredentials").mkdir()
    (target / "microcredentials" / "a.ob3.json").write_text("{}", "utf-8")
    with staged_folder(target, keep=all_but({"needs"})) as staging:
        assert staging.parent == tmp_path and staging.name.startswith(".results.tmp-")
        assert sorted(p.name for p in staging.iterdir()) == ["microcredentials", "priorities.csv"]
        (staging / "needs.csv").write_text("new needs", "utf-8")
        assert (target / "needs.csv").read_text("utf-8") == "old needs"  # not yet swapped
    assert files_of(target) == {
        "microcredentials/a.ob3.json": b"{}", "needs.csv": b"new needs", "priorities.csv": b"priorities",
    }
    assert hidden(target) == []


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, ValueError])
def test_an_interrupted_stage_leaves_the_previous_folder(tmp_path, interruption):
    target = tmp_path / "results"
    target.mkdir()
    (target / "needs.csv").write_text("old needs", "utf-8")
    with pytest.raises(interruption), staged_folder(target, keep=all_but({"needs"})) as staging:
        (staging / "needs.csv").write_text("half", "utf-8")
        raise interruption
    assert files_of(target) == {"needs.csv": b"old needs"}
    assert hidden(target) == []


def test_a_first_run_creates_the_folder_and_a_failed_first_run_creates_nothing(tmp_path):
    target = tmp_path / "data" / "processed" / "survey"
    with pytest.raises(KeyboardInterrupt), staged_folder(target) as staging:
        (staging / "ratings.parquet").write_bytes(b"half")
        raise KeyboardInterrupt
    assert not target.exists() and list(target.parent.iterdir()) == []
    with staged_folder(target) as staging:
        (staging / "ratings.parquet").write_bytes(b"whole")
    assert files_of(target) == {"ratings.parquet": b"whole"}


def test_a_folder_set_aside_by_a_killed_run_is_put_back(tmp_path):
    target = tmp_path / "results"
    retired = tmp_path / ".results.old-0123abcd"
    retired.mkdir()
    (retired / "needs.csv").write_text("previous", "utf-8")  # killed between the two renames
    with pytest.raises(KeyboardInterrupt), staged_folder(target):
        raise KeyboardInterrupt
    assert files_of(target) == {"needs.csv": b"previous"}
    assert hidden(target) == []


@pytest.fixture
def analyzed(tmp_path) -> tuple[Path, object]:
    project = make_project(tmp_path / "p")
    config = load_survey_config(project / "config/surveys/regional.yml")
    pipeline.clean_survey(config)
    pipeline.analyze_survey(config)
    pipeline.prioritize_survey(config)
    return project, config


def interrupt_after(calls: int, monkeypatch, function: str = "write_table") -> list[str]:
    """Patch ``analysis.store.<function>`` to raise KeyboardInterrupt on its call ``calls + 1``.

    The tables written before that are header-only, as a run cut short while writing leaves
    them (a re-run would otherwise write the same bytes again).
    """
    original = getattr(store, function)
    written: list[str] = []

    def interrupted(frame, path, *args, **kwargs):
        if len(written) == calls:
            raise KeyboardInterrupt
        written.append(Path(path).name)
        return original(frame.iloc[:0], path, *args, **kwargs)

    monkeypatch.setattr(store, function, interrupted)
    return written


def test_interrupted_analyze_leaves_the_previous_results_intact(analyzed, monkeypatch):
    project, config = analyzed
    processed = project / "data/processed/regional"
    before = files_of(processed)
    assert {"results/needs.csv", "results/descriptives.csv", "results/priorities.csv"} <= set(before)
    written = interrupt_after(3, monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        pipeline.analyze_survey(config)
    assert written == ["descriptives.csv", "reliability.csv", "item_total.csv"]  # midway
    assert files_of(processed) == before
    assert hidden(processed) == []


def test_interrupted_clean_and_prioritize_leave_their_previous_files(analyzed, monkeypatch):
    project, config = analyzed
    processed = project / "data/processed/regional"
    before = files_of(processed)
    written = interrupt_after(2, monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        pipeline.clean_survey(config)
    assert written == ["exclusions.csv", "missingness.csv"]
    assert files_of(processed) == before and hidden(processed) == []
    written = interrupt_after(1, monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        pipeline.prioritize_survey(config)
    assert written == ["priorities.csv"]
    assert files_of(processed) == before and hidden(processed) == []


def test_stages_sharing_a_folder_keep_each_others_files(analyzed):
    project, config = analyzed
    processed = project / "data/processed/regional"
    results = processed / "results"
    (results / "priorities.csv").write_text("from an earlier prioritize", "utf-8")
    pipeline.analyze_survey(config)  # replaces its own tables, keeps prioritize's
    assert (results / "priorities.csv").read_text("utf-8") == "from an earlier prioritize"
    (results / "needs.csv").write_text("from an earlier analyze", "utf-8")
    pipeline.prioritize_survey(config)  # replaces its own tables, keeps analyze's
    assert (results / "needs.csv").read_text("utf-8") == "from an earlier analyze"
    assert (results / "priorities.csv").read_text("utf-8") != "from an earlier prioritize"
    (processed / "ratings.parquet").write_bytes(b"stale")
    pipeline.clean_survey(config)  # replaces its own files, keeps the later stages' folders
    assert (processed / "ratings.parquet").read_bytes() != b"stale"
    assert (results / "needs.csv").read_text("utf-8") == "from an earlier analyze"
    assert hidden(processed) == []


def test_inside_asks_again_about_every_entry_of_a_kept_folder(tmp_path):
    target = tmp_path / "site"
    for name in ("index.html", "old.html", "bg/index.html", "bg/old.html", "xx/index.html"):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(name, "utf-8")

    def keep(entry: Path) -> bool:  # the folder bg/, and in it only index.html
        return entry.name == "bg" or (entry.parent.name == "bg" and entry.name == "index.html")

    with staged_folder(target, keep=keep, inside=True) as staging:
        carried = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*"))
        assert carried == ["bg", "bg/index.html"]
        (staging / "index.html").write_text("new", "utf-8")
    assert files_of(target) == {"bg/index.html": b"bg/index.html", "index.html": b"new"}
    assert hidden(target) == []
