"""Read the bytes of a response export (JSON, XLSX, SPSS, Stata XML) into a table of text.

Each reader returns the headings as written and every cell as text exactly as the code export would
write it: numbers without a trailing ``.0``, dates ``YYYY-MM-DD HH:MM:SS``, no answer and never
reached both ``""``. Mapping headings and answers to codes happens afterwards, the same way for every
format (:mod:`analysis.ingest.headings`, :mod:`analysis.ingest.answers`). CSV is read by
:mod:`analysis.ingest.responses`, which owns the encoding and delimiter rules.
"""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from analysis.errors import InputError
from analysis.ingest.headings import check_unique

__all__ = ["RawTable", "cell_text", "detect_format", "read_json", "read_sav", "read_stata_xml", "read_xlsx"]

LIMESURVEY_DATE = "%Y-%m-%d %H:%M:%S"


@dataclass
class RawTable:
    """Headings as written, rows of text cells, and where each row starts in the file."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    statistics: bool = False  # SPSS/Stata variable names ("_" for brackets)
    notes: dict[str, Any] = field(default_factory=dict)


def cell_text(value: Any) -> str:
    """One typed cell as the code export writes it (None/NaN -> '', 3.0 -> '3', dates)."""
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.strftime(LIMESURVEY_DATE)
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def detect_format(path: Path, data: bytes, declared: str) -> str:
    """The reader for a file: the declared format, else from its content and extension.

    ``.xls`` exports of LimeSurvey are really XLSX (a zip), so content wins over the extension.
    """
    if declared != "auto":
        return declared
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    suffix = path.suffix.lower()
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if data[:4] == b"$FL2" or data[:4] == b"$FL3" or suffix == ".sav":
        return "sav"
    if head.startswith(b"{") or head.startswith(b"[") or suffix == ".json":
        return "limesurvey-json"
    if head.startswith(b"<?xml") or head.startswith(b"<dta") or suffix == ".xml":
        return "stata-xml"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise InputError(
            "this is a legacy Excel 97-2003 workbook; save it as .xlsx or CSV", file=path
        )
    return "limesurvey-csv"


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise ValueError(f"the heading {key!r} appears twice in one response")
    return dict(pairs)


def read_json(data: bytes, path: Path) -> RawTable:
    """LimeSurvey JSON export: ``{"responses": [{heading: value, ...}, ...]}``.

    LimeSurvey 6 writes one object per response; older servers wrapped each in ``{id: {...}}``.
    The row number is the response's place in the list (1-based).
    """
    try:
        document = json.loads(data.decode("utf-8-sig"), object_pairs_hook=_no_duplicate_keys)
    except UnicodeDecodeError as error:
        raise InputError(f"JSON must be UTF-8: byte offset {error.start} is not", file=path) from None
    except ValueError as error:
        raise InputError(f"not valid JSON: {error}", file=path) from None
    responses = document.get("responses") if isinstance(document, dict) else None
    if not isinstance(responses, list):
        raise InputError('expected a LimeSurvey JSON export: {"responses": [...]}', file=path)
    header: list[str] = []
    records: list[dict[str, Any]] = []
    for number, item in enumerate(responses, start=1):
        if isinstance(item, dict) and len(item) == 1 and isinstance(next(iter(item.values())), dict):
            item = next(iter(item.values()))  # LimeSurvey 3-5: {"<id>": {...}}
        if not isinstance(item, dict):
            raise InputError("a response is not an object of heading: value", file=path, line=number)
        if not header:
            header = list(item)
        elif list(item) != header:
            raise InputError(
                "this response has other headings than the first one", file=path, line=number
            )
        records.append(item)
    check_unique(header, path)
    rows = [[cell_text(r[h]) for h in header] for r in records]
    return RawTable(header, rows, list(range(1, len(rows) + 1)))


def read_xlsx(data: bytes, path: Path, sheet: str | int | None) -> RawTable:
    """An XLSX workbook (LimeSurvey's ``.xls`` export is one): first row headings, one sheet.

    ``sheet`` picks a sheet by name or 0-based index; without it the workbook must have one sheet.
    Row numbers are the spreadsheet's (heading row 1). Cells are read as stored, not evaluated: an
    answer ``=SUM(A1)`` is text a respondent typed, and LimeSurvey writes it as a formula.
    """
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise InputError(f"not a readable XLSX workbook: {error}", file=path) from None
    names = workbook.sheetnames
    if sheet is None:
        if len(names) != 1:
            raise InputError(
                f"the workbook has {len(names)} sheets ({', '.join(names)}); declare sheet: ",
                file=path,
            )
        worksheet = workbook.worksheets[0]
    elif isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise InputError(f"sheet {sheet} does not exist (sheets: {', '.join(names)})", file=path)
        worksheet = workbook.worksheets[sheet]
    else:
        if sheet not in names:
            raise InputError(f"sheet {sheet!r} does not exist (sheets: {', '.join(names)})", file=path)
        worksheet = workbook[sheet]
    iterator = (tuple(_xlsx_value(c) for c in row) for row in worksheet.iter_rows())
    try:
        first = next(iterator)
    except StopIteration:
        raise InputError("the sheet is empty (no heading row)", file=path) from None
    header = [cell_text(v) for v in first]
    while header and header[-1] == "":
        header.pop()
    rows, lines = [], []
    for number, values in enumerate(iterator, start=2):
        cells = [cell_text(v) for v in values]
        if not any(cells):
            continue
        if any(cells[len(header):]):
            raise InputError("a cell lies right of the last heading", file=path, line=number)
        rows.append((cells + [""] * len(header))[: len(header)])
        lines.append(number)
    workbook.close()
    return RawTable(header, rows, lines, notes={"truncated": len(header) == 255})


def _xlsx_value(cell: Any) -> Any:
    """A cell's stored value. A formula is the text in ``<f>``: openpyxl adds a leading '=',
    and LimeSurvey already wrote one (the answer ``=SUM(A1)`` is stored as ``<f>=SUM(A1)</f>``)."""
    value = cell.value
    if getattr(cell, "data_type", None) == "f" and isinstance(value, str) and value.startswith("=="):
        return value[1:]
    return value


_RC2_ENVELOPE = re.compile(rb'\{"id":\s*\d+,\s*"result":\s*"",\s*"error":\s*null\}\s*$')


def strip_rc2_envelope(data: bytes) -> bytes:
    """The ``.sav`` bytes of an SPSS export received over RemoteControl 2.

    Over RC2 LimeSurvey does not base64 the SPSS export: the reply body is the raw ``.sav`` followed
    by an empty JSON-RPC envelope ``{"id":1,"result":"","error":null}``, which is cut off here.
    """
    match = _RC2_ENVELOPE.search(data[-200:])
    return data[: len(data) - 200 + match.start()] if match and len(data) >= 200 else data


def read_sav(data: bytes, path: Path) -> RawTable:
    """SPSS ``.sav`` (LimeSurvey's SPSS plugin), through pyreadstat.

    Variable names are ``CODE_SQ`` (brackets become ``_``); string variables already hold answer
    codes, numeric ones the number itself; value labels are not applied (they are the codebook's).
    """
    import tempfile

    import pyreadstat

    data = strip_rc2_envelope(data)
    with tempfile.NamedTemporaryFile(suffix=".sav") as handle:
        handle.write(data)
        handle.flush()
        try:
            frame, _ = pyreadstat.read_sav(handle.name, apply_value_formats=False)
        except Exception as error:  # pyreadstat raises its own untyped errors
            raise InputError(f"not a readable SPSS file: {error}", file=path) from None
    header = [str(c) for c in frame.columns]
    check_unique(header, path)
    rows = [[cell_text(v) for v in record] for record in frame.itertuples(index=False, name=None)]
    return RawTable(header, rows, list(range(1, len(rows) + 1)), statistics=True)


_STATA_EPOCH = datetime(1960, 1, 1)


def read_stata_xml(data: bytes, path: Path) -> RawTable:
    """Stata XML (``<dta>``, LimeSurvey's Stata plugin): ``%tc`` dates are ms since 1960."""
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise InputError(f"not well-formed XML: {error}", file=path) from None
    if root.tag != "dta":
        raise InputError("not a Stata XML export: expected <dta>", file=path)
    header = [v.get("varname", "") for v in root.iterfind("descriptors/typelist/type")]
    check_unique(header, path)
    formats = {f.get("varname", ""): f.text or "" for f in root.iterfind("descriptors/fmtlist/fmt")}
    dates = {name for name, fmt in formats.items() if fmt.startswith("%tc")}
    rows, lines = [], []
    for number, observation in enumerate(root.iterfind("data/o"), start=1):
        values = {v.get("varname", ""): v.text or "" for v in observation.iterfind("v")}
        row = []
        for name in header:
            value = values.get(name, "")
            if name in dates and value not in {"", "."}:
                moment = _STATA_EPOCH + timedelta(milliseconds=float(value))
                value = moment.strftime(LIMESURVEY_DATE)
            elif value == ".":
                value = ""
            row.append(value)
        rows.append(row)
        lines.append(number)
    return RawTable(header, rows, lines, statistics=True)
