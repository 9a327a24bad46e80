"""Read LimeSurvey response exports (CSV, code headings, answer codes) into one raw frame.

Every cell stays text exactly as exported: no NA parsing ("NA" is an answer), no type guessing. The
encoding is the one the config declares for the file, never guessed; a wrong one fails with the byte
offset and line. Partners' files re-saved by Excel (another code page, local date format, minimal
quoting) are read through the same path with their own declared settings.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from analysis.codebook import Codebook
from analysis.config import LIMESURVEY_DATE_FORMAT, ResponseFile
from analysis.errors import InputError

__all__ = ["METADATA_COLUMNS", "DATE_COLUMNS", "SourceFile", "read_response_file", "read_responses"]

#: Columns LimeSurvey writes before the questions (which ones depends on the survey settings).
METADATA_COLUMNS = (
    "id", "submitdate", "lastpage", "startlanguage", "seed", "token",
    "startdate", "datestamp", "ipaddr", "refurl",
)
REQUIRED_COLUMNS = ("id", "submitdate", "lastpage", "startlanguage")
DATE_COLUMNS = ("submitdate", "startdate", "datestamp")
#: Columns the pipeline adds to say where a row came from.
PROVENANCE_COLUMNS = ("_file", "_line")


@dataclass(frozen=True)
class SourceFile:
    """A file that was read, with its checksum, for the run's record of inputs."""

    path: Path
    sha256: str
    rows: int
    encoding: str


def _decode(data: bytes, encoding: str, path: Path) -> str:
    bom = b"\xef\xbb\xbf"
    if data.startswith(bom) and encoding.replace("_", "-").lower() not in {"utf-8", "utf-8-sig", "utf8"}:
        raise InputError(
            f"the file starts with a UTF-8 byte-order mark but its encoding is declared as "
            f"{encoding!r}; declare encoding: utf-8-sig for this file",
            file=path,
        )
    if encoding.replace("_", "-").lower() in {"utf-8", "utf8"}:
        encoding = "utf-8-sig"  # a BOM is never part of the data
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        snippet = data[error.start : error.start + 8].hex(" ")
        raise InputError(
            f"cannot be decoded as {encoding}: byte offset {error.start} (bytes {snippet}) is not "
            f"valid in that encoding; declare the file's real encoding in the survey config "
            f"(source.encoding or responses[].encoding, e.g. cp1251)",
            file=path,
            line=line,
        ) from None


def read_response_file(
    spec: ResponseFile, codebook: Codebook, *, default_encoding: str, root: Path = Path(".")
) -> tuple[pd.DataFrame, SourceFile]:
    """Read one LimeSurvey CSV export (code headings, answer codes).

    Parameters
    ----------
    spec
        The file and how it was written (encoding, delimiter, date format, id prefix).
    codebook
        The survey's structure: every question column it defines must be present.
    default_encoding
        The survey's declared encoding, used when the file declares none.
    root
        Folder that relative paths start from.

    Returns
    -------
    tuple of (DataFrame, SourceFile)
        All cells as text, dates normalised to LimeSurvey's ``YYYY-MM-DD HH:MM:SS``, ids with the
        file's prefix, plus ``_file`` and ``_line`` (first line of the record in the file).
    """
    path = spec.path if spec.path.is_absolute() else root / spec.path
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the response file: {error.strerror}", file=path) from None
    encoding = spec.encoding or default_encoding
    text = _decode(data, encoding, path)
    delimiter = spec.delimiter or _heading_delimiter(text.split("\n", 1)[0], path)
    _check_delimiter(text.split("\n", 1)[0], delimiter, path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the response file is empty (no heading row)", file=path) from None
    except csv.Error as error:
        raise InputError(f"the heading row is not valid CSV: {error}", file=path, line=1) from None
    _check_header(header, codebook, path)

    records: list[list[str]] = []
    lines: list[int] = []
    start = reader.line_num + 1
    try:
        for record in reader:
            if record == [] or record == [""]:
                start = reader.line_num + 1
                continue
            if len(record) != len(header):
                raise InputError(
                    f"the record has {len(record)} fields, the heading row has {len(header)}",
                    file=path,
                    line=start,
                )
            records.append(record)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise InputError(f"not valid CSV: {error}", file=path, line=start) from None

    frame = pd.DataFrame(records, columns=header, dtype=object)
    frame["_file"] = str(spec.path)
    frame["_line"] = lines
    for column in DATE_COLUMNS:
        if column in frame:
            frame[column] = _normalise_dates(frame, column, spec.date_format, path)
    bad_ids = frame.loc[~frame["id"].str.fullmatch(r"\d+"), ["id", "_line"]]
    if not bad_ids.empty:
        first = bad_ids.iloc[0]
        raise InputError(
            f"response id {first['id']!r} is not a LimeSurvey id (a whole number)",
            file=path, line=int(first["_line"]), column="id",
        )
    frame["id"] = spec.id_prefix + frame["id"]
    source = SourceFile(path, hashlib.sha256(data).hexdigest(), len(frame), encoding)
    return frame, source


def _heading_delimiter(first_line: str, path: Path) -> str:
    """The delimiter of a heading row: the one of ';', tab, ',' that separates quoted headings.

    LimeSurvey quotes every heading, so the character between a closing and an opening quote is
    the delimiter; an unquoted row must contain exactly one of the three.
    """
    between = set(re.findall(r'"([;,\t])"', first_line))
    if len(between) == 1:
        return between.pop()
    present = [d for d in (";", "\t", ",") if d in first_line]
    if len(present) == 1:
        return present[0]
    raise InputError(
        "cannot tell the delimiter from the heading row; declare delimiter: ';', ',' or tab",
        file=path, line=1,
    )


def _check_delimiter(first_line: str, delimiter: str, path: Path) -> None:
    if delimiter in first_line:
        return
    for other in (",", "\t", ";"):
        if other != delimiter and other in first_line:
            raise InputError(
                f"the heading row has no {delimiter!r} but has {other!r}: declare "
                f"delimiter: {other!r} for this file",
                file=path, line=1,
            )


def _check_header(header: list[str], codebook: Codebook, path: Path) -> None:
    seen: set[str] = set()
    for heading in header:
        if heading in seen:
            raise InputError(
                f"the heading {heading!r} appears twice; every column must be unique",
                file=path, line=1,
            )
        seen.add(heading)
    missing = [c for c in REQUIRED_COLUMNS if c not in seen]
    expected = [c.heading for c in codebook.columns()]
    missing += [c for c in expected if c not in seen]
    if missing:
        raise InputError(
            f"columns of survey {codebook.survey_id} are missing: {', '.join(missing[:12])}"
            + (f" and {len(missing) - 12} more" if len(missing) > 12 else "")
            + " (export with code headings and answer codes, all fields)",
            file=path, line=1,
        )
    known = set(METADATA_COLUMNS) | set(expected)
    unknown = [h for h in header if h not in known and not h.lower().endswith("time")]
    if unknown:
        raise InputError(
            f"columns not in the survey structure: {', '.join(unknown[:12])}; is the structure "
            f"file (.lss) the one of this survey?",
            file=path, line=1,
        )


def _normalise_dates(frame: pd.DataFrame, column: str, date_format: str, path: Path) -> pd.Series:
    values = frame[column]
    if date_format == LIMESURVEY_DATE_FORMAT:
        check = values[values != ""]
        ok = check.str.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
        if ok.all():
            return values
    out = []
    for value, line, rid in zip(values, frame["_line"], frame["id"], strict=True):
        if value == "":
            out.append("")
            continue
        try:
            out.append(datetime.strptime(value, date_format).strftime(LIMESURVEY_DATE_FORMAT))
        except ValueError:
            raise InputError(
                f"date {value!r} does not match the declared date_format {date_format!r}",
                file=path, line=int(line), response=str(rid), column=column,
            ) from None
    return pd.Series(out, index=values.index, dtype=object)


def read_responses(
    files: tuple[ResponseFile, ...] | list[ResponseFile],
    codebook: Codebook,
    *,
    default_encoding: str,
    root: Path = Path("."),
) -> tuple[pd.DataFrame, list[SourceFile]]:
    """Read and stack every response file of a survey.

    Columns a file lacks that others have (such as ``ipaddr`` from a server that does not record
    it) are empty text. Response ids must be unique across files: files from separate servers
    need an ``id_prefix``.
    """
    frames, sources = [], []
    for spec in files:
        frame, source = read_response_file(
            spec, codebook, default_encoding=default_encoding, root=root
        )
        frames.append(frame)
        sources.append(source)
    if not frames:
        raise InputError("no response files are configured")
    responses = pd.concat(frames, ignore_index=True).fillna("")
    repeated = responses[responses["id"].duplicated(keep=False)]
    if not repeated.empty:
        first = repeated.iloc[0]
        where = repeated.loc[repeated["id"] == first["id"], ["_file", "_line"]]
        places = "; ".join(f"{f} line {line}" for f, line in where.itertuples(index=False))
        raise InputError(
            f"response id {first['id']!r} appears more than once ({places}); files from separate "
            f"LimeSurvey servers need an id_prefix each",
            response=str(first["id"]), column="id",
        )
    ordered = [c for c in METADATA_COLUMNS if c in responses]
    ordered += [c.heading for c in codebook.columns()]
    ordered += [c for c in responses if c not in ordered and c not in PROVENANCE_COLUMNS]
    return responses[ordered + list(PROVENANCE_COLUMNS)], sources
