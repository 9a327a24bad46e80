"""A throw-away copy of the project (config + a link to the raw sample) for end-to-end tests."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_project(root: Path) -> Path:
    """A project folder with the repository's config and a link to its raw sample data."""
    shutil.copytree(ROOT / "config", root / "config")
    (root / "data" / "processed").mkdir(parents=True)
    (root / "data" / "raw").symlink_to(ROOT / "data" / "raw", target_is_directory=True)
    return root
