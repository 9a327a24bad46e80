"""The ways to install (the lock, pip and conda) agree on the packages; the two commands are documented."""

from __future__ import annotations

import re
import subprocess
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
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


LOCK_ENTRY = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9_.\-]*)==(?P<version>[^\s;\\]+)\s*(?:;(?P<marker>[^\\]*))?\\?$"
)


def _lock() -> dict[str, tuple[str, str, list[str]]]:
    """requirements.lock as name -> (version, marker, sha256 hashes); every entry line must parse."""
    entries: dict[str, tuple[str, str, list[str]]] = {}
    current = None
    for number, line in enumerate((ROOT / "requirements.lock").read_text("utf-8").splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("--hash="):
            assert current is not None, f"requirements.lock:{number}: a hash before any package"
            algorithm, _, digest = stripped.removeprefix("--hash=").rstrip(" \\").partition(":")
            assert algorithm == "sha256" and re.fullmatch(r"[0-9a-f]{64}", digest), f"line {number}"
            entries[current][2].append(digest)
            continue
        match = LOCK_ENTRY.match(stripped)
        assert match, f"requirements.lock:{number}: not an exact pin: {stripped!r}"
        current = canonicalize_name(match["name"])
        assert current not in entries, f"requirements.lock:{number}: {current} pinned twice"
        entries[current] = (match["version"], (match["marker"] or "").strip(), [])
    return entries


def test_the_lock_pins_every_dependency_with_hashes():
    """make install takes every package from the lock with --require-hashes: nothing may be missing."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    lock = _lock()
    assert lock
    assert [name for name, (_, _, hashes) in lock.items() if not hashes] == []
    for text in project["dependencies"] + project["optional-dependencies"]["test"]:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in lock, f"{name} is not in requirements.lock: run `make lock`"
        version, marker, _ = lock[name]
        assert marker == "", f"{name} is locked for some platforms only ({marker})"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock has {name}=={version}, pyproject.toml asks {requirement.specifier}: "
            "run `make lock`"
        )
    assert canonicalize_name(project["name"]) not in lock  # the project itself installs editable


def test_make_install_uses_the_lock():
    commands = subprocess.run(
        ["make", "-n", "-B", "install"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "pip install --quiet --require-hashes -r requirements.lock" in commands
    assert "pip install --quiet --no-deps -e ." in commands
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert re.search(r"^\$\(STAMP\): \$\(LOCK\) pyproject\.toml$", makefile, flags=re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text("utf-8")


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
