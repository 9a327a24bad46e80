"""A stage's output folder, written aside and swapped in whole.

Every stage that writes into ``data/processed/<survey>/`` does so through :func:`staged_folder`:
the files go into a temporary sibling folder, which replaces the previous folder by a rename only
when the stage has written everything. A run interrupted in the middle (an error, Ctrl-C) leaves
the previous files exactly as they were, and never a mix of old and half-written new ones.

Stages that share a folder (``analyze`` and ``prioritize`` both write into ``results/``) each
replace only their own files: the other entries of the previous folder are carried into the new
one before it is swapped in. The report site (``reports/``) is built the same way, choosing file by
file what a partial rebuild carries over (``inside=True``, :mod:`analysis.report.folder`).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["PLACEHOLDER", "all_but", "staged_folder"]


#: The empty file a repository tracks an otherwise generated folder with (e.g. ``reports/``).
PLACEHOLDER = ".gitkeep"


def all_but(stems: Collection[str]) -> Callable[[Path], bool]:
    """A ``keep`` rule: every entry except those whose name before its first dot is in ``stems``.

    ``all_but({"needs"})`` keeps ``priorities.csv`` and drops ``needs.csv`` and ``needs.xlsx``.
    """
    owned = frozenset(stems)
    return lambda entry: entry.name.split(".", 1)[0] not in owned


@contextmanager
def staged_folder(
    target: str | Path, *, keep: Callable[[Path], bool] | None = None, inside: bool = False
) -> Iterator[Path]:
    """A new folder to write a stage's files into; it becomes ``target`` when the block succeeds.

    Parameters
    ----------
    target
        The folder the stage's files belong in (created if missing, with its parents).
    keep
        Which entries of the previous ``target`` (files or folders) belong to other stages and
        are copied into the new folder before the stage writes; by default none. Hidden
        entries (names starting with a dot) are never carried over, except ``.gitkeep``
        (:data:`PLACEHOLDER`) when ``keep`` keeps it.

    Yields
    ------
    Path
        A temporary sibling ``.<name>.tmp-<random>`` to write into.

    Notes
    -----
    On success the previous folder is renamed aside, the new one renamed into place and the old
    one deleted. On any exception, ``KeyboardInterrupt`` included, the temporary folder is
    deleted and ``target`` is left untouched. A previous folder left aside by a run killed
    between the two renames is put back by the next call.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _recover(target)
    token = uuid.uuid4().hex[:8]
    staging = target.parent / f".{target.name}.tmp-{token}"
    staging.mkdir()
    try:
        if keep is not None and target.is_dir():
            _carry(target, staging, keep, inside=inside)
        yield staging
        _swap(staging, target, target.parent / f".{target.name}.old-{token}")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _carry(source: Path, dest: Path, keep: Callable[[Path], bool], *, inside: bool) -> None:
    """Copy the entries of ``source`` that ``keep`` keeps into ``dest`` (see :func:`staged_folder`)."""
    for entry in sorted(source.iterdir()):
        if (entry.name.startswith(".") and entry.name != PLACEHOLDER) or not keep(entry):
            continue
        if entry.is_dir() and inside:
            (dest / entry.name).mkdir()
            _carry(entry, dest / entry.name, keep, inside=True)
        elif entry.is_dir():
            shutil.copytree(entry, dest / entry.name)
        else:
            shutil.copy2(entry, dest / entry.name)


def _swap(staging: Path, target: Path, retired: Path) -> None:
    """Put ``staging`` in the place of ``target``; the previous ``target`` is back on failure."""
    moved = False
    try:
        if target.exists():
            os.rename(target, retired)
            moved = True
        os.rename(staging, target)
    except BaseException:
        if moved and not target.exists():
            os.rename(retired, target)
        raise
    if moved:
        shutil.rmtree(retired, ignore_errors=True)


def _recover(target: Path) -> None:
    """Restore a previous folder set aside by a run that died mid-swap; drop older leftovers."""
    for retired in sorted(target.parent.glob(f".{target.name}.old-*")):
        if not target.exists():
            os.rename(retired, target)
        else:
            shutil.rmtree(retired, ignore_errors=True)
