"""Shared fixtures: the real LimeSurvey files, and a throw-away copy of the project run end to end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sample_project import built_once, check_unchanged, copy_project, make_project

LIMESURVEY = Path(__file__).resolve().parent / "data" / "limesurvey_6_1_8"


@pytest.fixture(scope="session")
def limesurvey_dir() -> Path:
    """Folder of files written by a real LimeSurvey 6.1.8 server (see its README)."""
    return LIMESURVEY


def _build_sample(root: Path) -> None:
    from analysis.cli import main

    make_project(root)
    assert main(["--root", str(root), "fieldwork"]) == 0
    assert main(["--root", str(root), "run"]) == 0


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`make report` on the bundled sample, in a temporary project: `skillsneeds fieldwork`, then
    the whole pipeline (`skillsneeds run`), whose site has the fieldwork pages.

    Built once per pytest run and shared by every xdist worker (``sample_project.built_once``):
    read it, never write into it. A test that changes the project takes ``sample_project_copy``
    (or ``copy_project``); the session fails if the shared folder changed.
    """
    root = built_once(tmp_path_factory, "sample_project", _build_sample)
    yield root
    check_unchanged(root)


@pytest.fixture
def sample_project_copy(sample_project: Path, tmp_path: Path) -> Path:
    """A private copy of :func:`sample_project` (data, results and site) that the test may change."""
    return copy_project(sample_project, tmp_path / "sample_project")
