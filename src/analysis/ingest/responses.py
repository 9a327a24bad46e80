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

from analysis.codebook import FIXED_COLUMNS, Codebook
from analysis.config import LIMESURVEY_DATE_FORMAT, ResponseFile
from analysis.errors import InputError
from analysis.ingest.answers import coded_columns, to_answer_codes, valid_codes
from analysis.ingest.exports import RawTable, detect_format, read_json, read_sav, read_stata_xml, read_xlsx
from analysis.ingest.headings import check_unique, map_headings

__all__ = ["METADATA_COLUMNS", "DATE_COLUMNS", "SourceFile", "read_response_file", "read_responses"]

#: Columns LimeSurvey writes before the questions (which ones depends on the survey settings).
METADATA_COLUMNS = FIXED_COLUMNS
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
    spec: ResponseFile,
    codebook: Codebook,
    *,
    default_encoding: str,
    root: Path = Path("."),
    require_all_columns: bool = True,
) -> tuple[pd.DataFrame, SourceFile]:
    """Read one response export, in any format a partner sends, into the canonical frame.

    The format is the declared one or, with ``format: auto``, read off the content (zip: XLSX,
    ``$FL2``: SPSS, ``{``: JSON, ``<dta``: Stata XML, else CSV). Headings in any LimeSurvey style
    (code, full, abbreviated, database, LimeSurvey 7, SPSS/Stata names) become code headings and
    answers in any form (codes, labels in the file's language, 1/0) become answer codes, so every
    export of the same responses reads into the same frame. ``format: generic`` (or ``columns``)
    reads another tool's CSV/XLSX through the config's ``columns`` and ``answers`` mappings.

    Parameters
    ----------
    spec
        The file and how it was written (format, encoding, delimiter, date format, id prefix,
        language, sheet, column and answer mappings).
    codebook
        The survey's structure.
    default_encoding
        The survey's declared encoding, used when the file declares none (text formats only).
    root
        Folder that relative paths start from.
    require_all_columns
        Every question column of the codebook must be present (the default, for analysis). False
        reads subset exports (a field selection, the 255 fields of an Excel export) as they are.

    Returns
    -------
    tuple of (DataFrame, SourceFile)
        One row per response, columns named by code headings in file order, every cell text as
        the code export writes it, dates ``YYYY-MM-DD HH:MM:SS``, ids with the file's prefix, plus
        ``_file`` and ``_line`` (the record's first line in a CSV, its row in a sheet, its place in
        a JSON/SPSS/Stata file).
    """
    path = spec.path if spec.path.is_absolute() else root / spec.path
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the response file: {error.strerror}", file=path) from None
    encoding = spec.encoding or default_encoding
    kind = detect_format(path, data, spec.format)
    if kind == "generic":
        kind_of_bytes = detect_format(path, data, "auto")
        table = (
            read_xlsx(data, path, spec.sheet) if kind_of_bytes == "xlsx"
            else _read_csv(data, encoding, spec, path)
        )
    elif kind == "xlsx":
        table = read_xlsx(data, path, spec.sheet)
        encoding = "xlsx"
    elif kind == "sav":
        table = read_sav(data, path)
        encoding = "sav"
    elif kind == "limesurvey-json":
        table = read_json(data, path)
        encoding = "utf-8"
    elif kind == "stata-xml":
        table = read_stata_xml(data, path)
        encoding = "xml"
    else:
        table = _read_csv(data, encoding, spec, path)

    if kind == "generic" or spec.columns:
        check_unique(table.header, path)
        frame = _generic_frame(table, spec, codebook, path, require_all_columns)
    else:
        mapped = map_headings(
            table.header, codebook, path=path, language=spec.language, statistics=table.statistics
        )
        frame = pd.DataFrame(table.rows, columns=mapped.headings, dtype=object)
        frame["_file"] = str(spec.path)
        frame["_line"] = table.lines
        _check_columns(list(mapped.headings), codebook, path, require_all_columns, table)
        frame, _ = to_answer_codes(
            frame, codebook, path=path, language=mapped.language or spec.language, words=spec.words
        )
    for column in DATE_COLUMNS:
        if column in frame:
            frame[column] = _normalise_dates(frame, column, spec.date_format, path)
    if kind != "generic" and not spec.columns:
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


def _read_csv(data: bytes, encoding: str, spec: ResponseFile, path: Path) -> RawTable:
    """A CSV export as text cells, with the declared encoding and the heading row's delimiter."""
    text = _decode(data, encoding, path)
    delimiter = spec.delimiter or _heading_delimiter(text.split("\n", 1)[0], path)
    _check_delimiter(text.split("\n", 1)[0], delimiter, path)
    # an open answer may be megabytes long: no field size limit below the file's own size
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    del text  # the StringIO holds its own copy
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the response file is empty (no heading row)", file=path) from None
    except csv.Error as error:
        raise InputError(f"the heading row is not valid CSV: {error}", file=path, line=1) from None
    records: list[list[str]] = []
    lines: list[int] = []
    shared: dict[str, str] = {}
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
            # one object per distinct cell text: answer codes repeat in every response
            records.append([shared.setdefault(cell, cell) for cell in record])
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise InputError(f"not valid CSV: {error}", file=path, line=start) from None
    return RawTable(header, records, lines)


def _check_columns(
    headings: list[str], codebook: Codebook, path: Path, require_all: bool, table: RawTable
) -> None:
    """Required metadata and, unless reading a subset, every question column must be there."""
    present = set(headings)
    missing = [c for c in (REQUIRED_COLUMNS if require_all else ("id",)) if c not in present]
    if require_all:
        missing += [c.heading for c in codebook.columns() if c.heading not in present]
    if missing:
        hint = " (export with code headings and answer codes, all fields)"
        if table.notes.get("truncated"):
            hint = (
                " (LimeSurvey's Excel export holds only the first 255 fields: export CSV, or read "
                "the file as a subset)"
            )
        raise InputError(
            f"columns of survey {codebook.survey_id} are missing: {', '.join(missing[:12])}"
            + (f" and {len(missing) - 12} more" if len(missing) > 12 else "")
            + hint,
            file=path, line=1,
        )


def _generic_frame(
    table: RawTable, spec: ResponseFile, codebook: Codebook, path: Path, require_all: bool
) -> pd.DataFrame:
    """Another tool's export through the config's ``columns`` and ``answers`` mappings."""
    unmapped = [h for h in table.header if h not in spec.columns]
    if unmapped:
        raise InputError(
            f"columns not mapped in responses[].columns: {', '.join(repr(h) for h in unmapped[:12])}"
            + (f" and {len(unmapped) - 12} more" if len(unmapped) > 12 else "")
            + ' (map each to a code heading, or to "" to leave it out)',
            file=path, line=1,
        )
    known = {c.heading for c in codebook.columns()} | set(METADATA_COLUMNS)
    keep: list[int] = []
    targets: dict[str, str] = {}
    for index, heading in enumerate(table.header):
        target = spec.columns[heading]
        if target == "":
            continue
        if target not in known:
            raise InputError(
                f"responses[].columns maps {heading!r} to {target!r}, which is not a column of "
                f"survey {codebook.survey_id}",
                file=path, line=1, column=heading,
            )
        if target in targets:
            raise InputError(
                f"the columns {targets[target]!r} and {heading!r} are both mapped to {target}",
                file=path, line=1, column=target,
            )
        targets[target] = heading
        keep.append(index)
    headings = [spec.columns[table.header[i]] for i in keep]
    frame = pd.DataFrame([[row[i] for i in keep] for row in table.rows], columns=headings, dtype=object)
    if "id" not in frame:
        frame.insert(0, "id", [str(n) for n in range(1, len(frame) + 1)])
    frame["_file"] = str(spec.path)
    frame["_line"] = table.lines
    empty_ids = frame.loc[frame["id"] == ""]
    if not empty_ids.empty:
        raise InputError(
            "the response id is empty", file=path, line=int(empty_ids["_line"].iloc[0]), column="id"
        )
    if require_all:
        missing = [c.heading for c in codebook.columns() if c.heading not in frame]
        if missing:
            raise InputError(
                f"no column is mapped to {', '.join(missing[:12])}"
                + (f" and {len(missing) - 12} more" if len(missing) > 12 else ""),
                file=path, line=1,
            )
    coded = coded_columns(codebook)
    for heading, table_of_answers in spec.answers.items():
        if heading not in frame:
            raise InputError(
                f"responses[].answers names {heading!r}, which no column is mapped to", file=path
            )
        if heading in coded:
            wrong = set(table_of_answers.values()) - valid_codes(*coded[heading])
            if wrong:
                raise InputError(
                    f"responses[].answers maps to {sorted(wrong)}, which are not answer codes of "
                    f"{heading} ({', '.join(sorted(valid_codes(*coded[heading]) - {''}))})",
                    file=path, column=heading,
                )
    for heading in frame.columns:
        if heading in spec.answers:
            lookup = {"": ""} | spec.answers[heading]
        elif heading in coded:
            lookup = {code: code for code in valid_codes(*coded[heading])}
        else:
            continue
        bad = ~frame[heading].isin(lookup)
        if bad.any():
            row = frame.loc[bad].iloc[0]
            expected = ", ".join(repr(k) for k in lookup if k)
            raise InputError(
                f"answer {row[heading]!r} is not one of the expected answers ({expected}); add it "
                f"to responses[].answers",
                file=path, line=int(row["_line"]), response=str(row["id"]), column=heading,
            )
        frame[heading] = frame[heading].map(lookup)
    return frame


def _heading_delimiter(first_line: str, path: Path) -> str:
    """The delimiter of a heading row: the one of ';', tab, ',' that separates quoted headings.

    LimeSurvey quotes every heading, so the character between a closing and an opening quote is
    the delimiter. An unquoted row (an Excel re-save) takes the documented default ``;`` when it
    has one, whatever commas the question texts hold; else the only one of tab and ',' present.
    """
    between = set(re.findall(r'"([;,\t])"', first_line))
    if len(between) == 1:
        return between.pop()
    if ";" in first_line:
        return ";"
    present = [d for d in ("\t", ",") if d in first_line]
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
