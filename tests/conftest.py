"""Shared fixtures: the real LimeSurvey files, and a throw-away copy of the project run end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_project import make_project

LIMESURVEY = Path(__file__).resolve().parent / "data" / "limesurvey_6_1_8"


@pytest.fixture(scope="session")
def limesurvey_dir() -> Path:
    """Folder of files written by a real LimeSurvey 6.1.8 server (see its README)."""
    return LIMESURVEY


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`make report` on the bundled sample, in a temporary project: `skillsneeds fieldwork`, then
    the whole pipeline (`skillsneeds run`), whose site has the fieldwork pages."""
    from analysis.cli import main

    root = make_project(tmp_path_factory.mktemp("sample_project"))
    assert main(["--root", str(root), "fieldwork"]) == 0
    assert main(["--root", str(root), "run"]) == 0
    return root
