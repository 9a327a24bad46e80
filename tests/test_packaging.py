"""The two ways to install (pip and conda) list the same packages; the two commands are documented."""

from __future__ import annotations

import re
import subprocess
import tomllib

import yaml
from sample_project import ROOT


def _name_and_spec(requirement: str) -> tuple[str, str]:
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    pip_side = dict(
        _name_and_spec(r)
        for r in project["dependencies"] + project["optional-dependencies"]["test"]
    )
    environment = yaml.safe_load((ROOT / "environment.yml").read_text("utf-8"))
    conda_side: dict[str, str] = {}
    for entry in environment["dependencies"]:
        items = entry["pip"] if isinstance(entry, dict) else [entry]
        for item in items:
            if item.startswith("-e") or item in {"pip"}:
                continue
            name, spec = _name_and_spec(item)
            if name != "python":
                conda_side[name] = spec
    assert conda_side == pip_side


def test_python_version_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    environment = (ROOT / "environment.yml").read_text("utf-8")
    assert f"python{project['requires-python']}" in environment


def test_make_help_lists_the_commands():
    listing = subprocess.run(
        ["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for target in ("report", "test", "lab", "sample", "clean"):
        assert re.search(rf"make {target}\s+\S", listing), target


def test_readme_quick_start_is_the_two_commands():
    readme = (ROOT / "README.md").read_text("utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(make \w+)$", quick_start, flags=re.M)
    assert commands == ["make report", "make test"]


def test_generated_folders_exist_but_their_outputs_are_ignored():
    for folder in ("data/raw", "data/processed", "reports", "notebooks", "src/analysis", "config"):
        assert (ROOT / folder).is_dir(), folder
    ignored = subprocess.run(
        ["git", "check-ignore", "data/processed/x.parquet", "reports/index.html", ".env"],
        cwd=ROOT, capture_output=True, text=True,
    ).stdout.split()
    assert ignored == ["data/processed/x.parquet", "reports/index.html", ".env"]
