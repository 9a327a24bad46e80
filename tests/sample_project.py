"""A throw-away copy of the project (config + a link to the raw sample) for end-to-end tests."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

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
