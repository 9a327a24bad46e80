"""A temporary project holding the bundled sample, shared by the benchmark scripts."""

from __future__ import annotations

import shutil
from pathlib import Path

from analysis.config import SurveyConfig, load_survey_config

__all__ = ["ROOT", "sample_project"]

ROOT = Path(__file__).resolve().parents[1]


def sample_project(folder: Path) -> list[SurveyConfig]:
    """Copy the config into ``folder``, link the raw sample, and load its survey configs."""
    shutil.copytree(ROOT / "config", folder / "config")
    (folder / "data").mkdir()
    (folder / "data" / "raw").symlink_to(ROOT / "data" / "raw")
    return [load_survey_config(p) for p in sorted((folder / "config/surveys").glob("*.yml"))]
