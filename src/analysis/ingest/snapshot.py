"""Immutable snapshots of a live LimeSurvey pull: ``data/raw/<survey>/<UTC timestamp>/``.

A snapshot holds the responses exactly as received (``responses.csv``, decoded from base64, byte for
byte), the structure replies as JSON files (``structure/``) and ``manifest.json`` (source URL without
credentials, survey id, LimeSurvey version, fetch time, sha256 of every file, counts). It is written
into a temporary sibling folder and renamed into place, so a failed fetch leaves nothing behind.

A ``--since-last`` snapshot holds only the responses with ids above those of the snapshots before it
and names its ``base_snapshot``; reading a survey combines the chain. Limit: responses edited on the
server after an earlier snapshot are not refreshed by ``--since-last``; run a full fetch for that.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analysis.codebook import Codebook
from analysis.errors import InputError
from analysis.ingest.rc2_codebook import (
    StructureReplies,
    codebook_from_rc2,
    read_structure_dir,
    write_structure_dir,
)

__all__ = [
    "MANIFEST",
    "RESPONSES",
    "Snapshot",
    "latest_chain",
    "list_snapshots",
    "write_snapshot",
]

MANIFEST = "manifest.json"
RESPONSES = "responses.csv"
STRUCTURE = "structure"
FORMAT = "skillsneeds-limesurvey-snapshot/1"


@dataclass(frozen=True)
class Snapshot:
    """One snapshot folder and its manifest."""

    path: Path
    manifest: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def responses(self) -> Path | None:
        """The responses file, or None when the survey had no (new) responses."""
        return self.path / RESPONSES if RESPONSES in self.manifest["files"] else None

    @property
    def max_response_id(self) -> int | None:
        return self.manifest["counts"].get("max_response_id")

    def codebook(self) -> Codebook:
        """The codebook rebuilt from this snapshot's structure replies."""
        replies = read_structure_dir(self.path / STRUCTURE, int(self.manifest["survey_id"]))
        return codebook_from_rc2(replies)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def response_ids(data: bytes) -> list[int]:
    """Response ids of a LimeSurvey CSV export (first column ``id``), for counts and --since-last."""
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
    header = next(rows, [])
    if not header or header[0] != "id":
        raise InputError(f"the export's first column is {header[:1]!r}, not 'id' (code headings expected)")
    return [int(row[0]) for row in rows if row and row[0].isdigit()]


def write_snapshot(
    survey_dir: Path,
    *,
    survey_id: int,
    source_url: str,
    limesurvey_version: str | None,
    structure: StructureReplies,
    responses: bytes | None,
    base: Snapshot | None = None,
    from_response_id: int | None = None,
    export: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Snapshot:
    """Write one snapshot atomically (temporary sibling folder, then rename)."""
    now = now or datetime.now(UTC)
    name = now.strftime("%Y%m%dT%H%M%S_%fZ")
    survey_dir.mkdir(parents=True, exist_ok=True)
    final = survey_dir / name
    temp = survey_dir / f".tmp-{name}-{uuid.uuid4().hex[:8]}"
    temp.mkdir()
    try:
        files: list[Path] = []
        ids: list[int] = []
        if responses is not None:
            (temp / RESPONSES).write_bytes(responses)
            files.append(temp / RESPONSES)
            ids = response_ids(responses)
        files += write_structure_dir(structure, temp / STRUCTURE)
        chain_max = base.manifest["counts"].get("chain_max_response_id") if base else None
        maxima = [m for m in (max(ids, default=None), chain_max) if m is not None]
        manifest = {
            "format": FORMAT,
            "survey_id": survey_id,
            "source_url": source_url,
            "limesurvey_version": limesurvey_version,
            "fetched_at": now.isoformat().replace("+00:00", "Z"),
            "base_snapshot": base.name if base else None,
            "from_response_id": from_response_id,
            "export": export or {},
            "counts": {
                "responses": len(ids),
                "max_response_id": max(ids, default=None),
                "chain_max_response_id": max(maxima, default=None),
                "languages": len(structure.languages),
                "structure_files": len(files) - (responses is not None),
            },
            "files": {
                path.relative_to(temp).as_posix(): {"sha256": _sha256(path), "bytes": path.stat().st_size}
                for path in files
            },
        } | (extra or {})
        (temp / MANIFEST).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        if final.exists():
            raise FileExistsError(f"{final} exists already")
        os.rename(temp, final)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return Snapshot(final, manifest)


def list_snapshots(survey_dir: Path) -> list[Snapshot]:
    """Complete snapshots of a survey folder, oldest first (temporary folders are ignored)."""
    found = []
    if survey_dir.is_dir():
        for path in sorted(survey_dir.iterdir()):
            manifest = path / MANIFEST
            if path.is_dir() and not path.name.startswith(".") and manifest.is_file():
                data = json.loads(manifest.read_text(encoding="utf-8"))
                if data.get("format") == FORMAT:
                    found.append(Snapshot(path, data))
    return found


def latest_chain(survey_dir: Path) -> list[Snapshot]:
    """The latest snapshot and the ones it builds on, oldest first; empty when there is none.

    Raises
    ------
    InputError
        If a snapshot names a base snapshot that is missing, or a file's checksum is wrong.
    """
    snapshots = {snapshot.name: snapshot for snapshot in list_snapshots(survey_dir)}
    if not snapshots:
        return []
    chain = [snapshots[max(snapshots)]]
    while chain[-1].manifest.get("base_snapshot"):
        base = chain[-1].manifest["base_snapshot"]
        if base not in snapshots:
            raise InputError(
                f"snapshot {chain[-1].name} builds on {base}, which is missing; run a full "
                f"`skillsneeds fetch` (without --since-last)",
                file=survey_dir,
            )
        chain.append(snapshots[base])
    chain.reverse()
    for snapshot in chain:
        for name, record in snapshot.manifest["files"].items():
            if _sha256(snapshot.path / name) != record["sha256"]:
                raise InputError(
                    "the file was changed after it was fetched (sha256 differs from manifest.json); "
                    "snapshots are never edited: fetch again",
                    file=snapshot.path / name,
                )
    return chain


def raw_dir(config: Any) -> Path:
    """``data/raw/<survey>/`` of a survey config: where its snapshots are written."""
    return config.root / "data" / "raw" / config.name


def snapshot_inputs(config: Any) -> tuple[Codebook, list[Any], Path]:
    """What :func:`analysis.ingest.ingest` reads for a live survey: the latest snapshot chain.

    Returns the codebook (rebuilt from the latest snapshot's structure), one
    :class:`~analysis.config.ResponseFile` per snapshot that holds responses (oldest first) and the
    latest snapshot's folder.

    Raises
    ------
    InputError
        When there is no snapshot yet, or no snapshot of the chain holds responses.
    """
    from analysis.config import ResponseFile

    folder = raw_dir(config)
    chain = latest_chain(folder)
    if not chain:
        raise InputError(
            f"no LimeSurvey snapshot of survey {config.name!r} yet: run `skillsneeds fetch "
            f"{config.name}` first",
            file=folder,
        )
    files = [
        ResponseFile(path=snapshot.responses, encoding="utf-8-sig")
        for snapshot in chain
        if snapshot.responses is not None
    ]
    if not files:
        raise InputError(
            f"survey {config.name!r} had no responses when it was fetched ({chain[-1].name}); "
            f"fetch again once responses have come in",
            file=chain[-1].path,
        )
    return chain[-1].codebook(), files, chain[-1].path
