"""A throw-away copy of the project (config + a link to the raw sample) for end-to-end tests."""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def make_project(root: Path) -> Path:
    """A project folder with the repository's config and a link to its raw sample data."""
    shutil.copytree(ROOT / "config", root / "config")
    (root / "data" / "processed").mkdir(parents=True)
    (root / "data" / "raw").symlink_to(ROOT / "data" / "raw", target_is_directory=True)
    return root


def regional_project(
    root: Path,
    *,
    rows: Callable[[list[list[str]]], list[list[str]]] = lambda rows: rows,
    structure: Callable[[str], str] = lambda text: text,
) -> Path:
    """A project holding only the regional sample survey, its responses and structure as changed.

    ``rows`` gets the responses CSV as rows of cells (heading row first) and returns the rows to
    write back as LimeSurvey does (UTF-8 with BOM, ``;``, every field quoted, CRLF); ``structure``
    gets the ``.lss`` text and returns it.
    """
    shutil.copytree(ROOT / "config", root / "config")
    (root / "config" / "surveys" / "sector.yml").unlink()
    source = ROOT / "data" / "raw" / "sample" / "regional"
    raw = root / "data" / "raw" / "sample" / "regional"
    raw.mkdir(parents=True)
    (raw / "survey.lss").write_text(structure((source / "survey.lss").read_text("utf-8")), "utf-8")
    text = (source / "responses.csv").read_text("utf-8-sig")
    out = io.StringIO()
    csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(
        rows(list(csv.reader(io.StringIO(text), delimiter=";")))
    )
    (raw / "responses.csv").write_text("\ufeff" + out.getvalue(), "utf-8")
    shutil.copytree(source / "interviews", raw / "interviews")  # the config's interviews: folder
    (root / "data" / "processed").mkdir(parents=True)
    return root


def build_sample(root: Path) -> None:
    """`make report` on the bundled sample in ``root``: ``skillsneeds fieldwork``, then the whole
    pipeline (``skillsneeds run``), whose site has the fieldwork pages."""
    from analysis.cli import main

    make_project(root)
    assert main(["--root", str(root), "fieldwork"]) == 0
    assert main(["--root", str(root), "run"]) == 0


# --- built once per pytest run -------------------------------------------------------------
#
# Building the sample (``skillsneeds fieldwork`` + ``skillsneeds run``: every stage and the site in
# every language) is the suite's most expensive step. It is built once per pytest run into a folder
# that every pytest-xdist worker of the run sees, under a file lock: the first worker to ask builds
# it, the others wait and reuse it. Tests read that folder as it is; a test that writes into a
# project takes its own copy (:func:`copy_project`). A fingerprint of every file, taken after the
# build, is checked again when the session ends, so a test that writes into the shared folder fails.
#
# The sample is started early (:func:`start_building`, when the first process has collected its
# tests) in a process of its own that holds the lock, so the test processes run the tests that do
# not need it meanwhile; the first test that needs it waits on the lock as above.

BUILT = ".built"  # written last into a shared folder: its fingerprint, and the sign the build finished


def run_folder(tmp_path_factory: Any) -> Path:
    """The folder shared by every process of this pytest run.

    Under pytest-xdist each worker's base temporary folder is ``<run folder>/popen-gwN``, so the
    run's folder is its parent; a run without xdist uses its own base folder.
    """
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def fingerprint(folder: Path) -> str:
    """SHA-256 over the relative path and bytes of every file under ``folder`` (links not followed)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.name == BUILT or path.is_symlink() or not path.is_file():
            continue
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def built_once(tmp_path_factory: Any, name: str, build: Callable[[Path], object]) -> Path:
    """``build(folder)`` run once per pytest run, whichever worker asks first; the folder is returned.

    The build happens under an exclusive ``fcntl`` lock on ``<run folder>/<name>.lock``; a build
    that failed (no :data:`BUILT` mark) is started again by the next process that asks.
    """
    shared = run_folder(tmp_path_factory)
    folder = shared / name
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (folder / BUILT).is_file():
                if folder.exists():
                    shutil.rmtree(folder)
                folder.mkdir()
                build(folder)
                (folder / BUILT).write_text(fingerprint(folder), "utf-8")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return folder


def check_unchanged(folder: Path) -> None:
    """Fail if a file under a shared ``folder`` was written, added or removed since it was built."""
    assert fingerprint(folder) == (folder / BUILT).read_text("utf-8"), (
        f"a test wrote into the shared {folder}: tests that change a project must work on a copy "
        "(copy_project, or the sample_project_copy fixture)"
    )


def copy_project(source: Path, target: Path) -> Path:
    """A private copy of a (shared) project folder that a test may change: ``data/raw`` stays a link
    to the repository's raw sample (never write into it), every other file is copied."""
    shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns(BUILT))
    return target


def start_building(tmp_path_factory: Any, name: str = "sample_project") -> subprocess.Popen[bytes] | None:
    """Start :func:`build_sample` into ``<run folder>/<name>`` in another process, unless it is built
    or being built already; that process holds the folder's lock (as :func:`built_once` does) until
    it has finished, and writes its output into ``<run folder>/<name>.log``.

    Returns the process, or None when there is nothing to start.
    """
    shared = run_folder(tmp_path_factory)
    folder = shared / name
    with (shared / f"{name}.lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another process is building it
            return None
        if (folder / BUILT).is_file():
            return None
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        import analysis

        env = dict(os.environ)
        source = str(Path(analysis.__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [source, env.get("PYTHONPATH")]))
        with (shared / f"{name}.log").open("wb") as log:
            # the child inherits the locked file: the lock is held until it exits
            return subprocess.Popen(
                [sys.executable, __file__, str(folder), str(lock.fileno())],
                pass_fds=(lock.fileno(),), stdout=log, stderr=subprocess.STDOUT, env=env,
            )


if __name__ == "__main__":  # the process start_building starts: build, mark, release the lock
    _folder, _lock = Path(sys.argv[1]), int(sys.argv[2])
    build_sample(_folder)
    (_folder / BUILT).write_text(fingerprint(_folder), "utf-8")
    os.close(_lock)
