"""The once-per-run folders of the suite (tests/sample_project.py): built once, shared, guarded."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from sample_project import BUILT, built_once, check_unchanged, copy_project, run_folder


def _factory(base: Path) -> SimpleNamespace:
    return SimpleNamespace(getbasetemp=lambda: base)


def test_a_folder_is_built_once_and_a_write_into_it_is_caught(tmp_path, monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    calls = []

    def build(folder: Path) -> None:
        calls.append(folder)
        (folder / "results").mkdir()
        (folder / "results" / "needs.csv").write_text("a,b\n", "utf-8")

    shared = built_once(_factory(tmp_path), "project", build)
    assert shared == tmp_path / "project" and (shared / BUILT).is_file()
    assert built_once(_factory(tmp_path), "project", build) == shared
    assert calls == [shared]
    check_unchanged(shared)
    copy = copy_project(shared, tmp_path / "copy")  # a copy may be changed freely
    (copy / "results" / "needs.csv").write_text("changed", "utf-8")
    assert not (copy / BUILT).exists()
    check_unchanged(shared)
    (shared / "results" / "needs.csv").write_text("a,b\n1,2\n", "utf-8")
    with pytest.raises(AssertionError, match="a test wrote into the shared"):
        check_unchanged(shared)
    (shared / "results" / "needs.csv").write_text("a,b\n", "utf-8")
    (shared / "results" / "extra.csv").write_text("", "utf-8")
    with pytest.raises(AssertionError, match="must work on a copy"):
        check_unchanged(shared)


def test_a_failed_build_is_started_again_by_the_next_process(tmp_path, monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)

    def broken(folder: Path) -> None:
        (folder / "half.csv").write_text("", "utf-8")
        raise RuntimeError("stage failed")

    with pytest.raises(RuntimeError, match="stage failed"):
        built_once(_factory(tmp_path), "project", broken)
    shared = built_once(_factory(tmp_path), "project", lambda folder: (folder / "whole.csv").touch())
    assert sorted(p.name for p in shared.iterdir()) == [BUILT, "whole.csv"]


def test_xdist_workers_share_their_run_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    assert run_folder(_factory(tmp_path / "popen-gw1")) == tmp_path
    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    assert run_folder(_factory(tmp_path)) == tmp_path
