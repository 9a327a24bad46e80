"""Shared fixtures: the real LimeSurvey files, and a throw-away copy of the project run end to end."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sample_project import build_sample, built_once, check_unchanged, copy_project, start_building

LIMESURVEY = Path(__file__).resolve().parent / "data" / "limesurvey_6_1_8"


@pytest.fixture(scope="session")
def limesurvey_dir() -> Path:
    """Folder of files written by a real LimeSurvey 6.1.8 server (see its README)."""
    return LIMESURVEY


# --- the shared sample, started before the tests that need it ------------------------------------

SAMPLE = "sample_project"
_building: list[subprocess.Popen[bytes]] = []


def _needs_sample(item: pytest.Item) -> bool:
    return any(name in getattr(item, "fixturenames", ()) for name in (SAMPLE, f"{SAMPLE}_copy"))


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist the files are handed out in the order :func:`pytest_collection_modifyitems`
    gives (not re-sorted by their number of tests)."""
    if hasattr(config.option, "loadscopereorder") and not hasattr(config, "workerinput"):
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files whose tests need the sample project go last, so that the sample is built (in a
    process of its own, :func:`pytest_collection_finish`) while the other files run; within each
    part, the files with more tests first (pytest-xdist's own order). A file's tests keep their order."""
    files: dict[str, list[pytest.Item]] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    order = sorted(files.values(), key=lambda tests: (any(map(_needs_sample, tests)), -len(tests)))
    items[:] = [item for tests in order for item in tests]


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start building the sample project now if a collected test needs it (one process does)."""
    if not session.config.option.collectonly and any(map(_needs_sample, session.items)):
        started = start_building(session.config._tmp_path_factory, SAMPLE)  # noqa: SLF001
        if started is not None:
            _building.append(started)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    for process in _building:
        if exitstatus == pytest.ExitCode.INTERRUPTED:
            process.terminate()
        process.wait()


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`make report` on the bundled sample, in a temporary project: `skillsneeds fieldwork`, then
    the whole pipeline (`skillsneeds run`), whose site has the fieldwork pages.

    Built once per pytest run and shared by every xdist worker (``sample_project.built_once``):
    read it, never write into it. A test that changes the project takes ``sample_project_copy``
    (or ``copy_project``); the session fails if the shared folder changed.
    """
    root = built_once(tmp_path_factory, SAMPLE, build_sample)
    yield root
    check_unchanged(root)


@pytest.fixture
def sample_project_copy(sample_project: Path, tmp_path: Path) -> Path:
    """A private copy of :func:`sample_project` (data, results and site) that the test may change."""
    return copy_project(sample_project, tmp_path / "sample_project")
