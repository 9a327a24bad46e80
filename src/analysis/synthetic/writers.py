"""Response exports as LimeSurvey 6 writes them: CSV and JSON in every heading and answer style,
XLSX, and the CSV after Excel re-saved it.

A response is a mapping from code heading to the database value: a string, ``None`` for NULL (a
page never reached), or for timing columns a number of seconds. Values go through LimeSurvey's
rules:

- short answers (``SurveyObj::getShortAnswer``): the value as stored;
- long answers (``SurveyObj::getFullAnswer``): answer labels in the export language; list "other"
  (``-oth-``) is "Other"; multiple choice ``Y`` is "Yes", ``""`` is "No", NULL is "N/A"; comment
  and "other" texts as stored; a dual-scale or list cell without a label is NULL; the fixed columns
  become text; timing and participant columns are written as stored (``Writer::write``);
- CSV (``CsvWriter``): UTF-8 BOM, ``;``, every field in double quotes (quotes doubled, line breaks
  in answers as LF), CRLF after each row and once more at the end;
- JSON (``JsonWriter``): ``{"responses": [`` then one ``json_encode``d object per response joined
  by commas, then ``]}``; PHP escapes ``/`` and non-ASCII characters; the database's integer
  columns (id, lastpage) and the timings stay numbers in short answers.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Literal

from analysis.synthetic.fieldmap import Field, abbreviated_heading, full_heading
from analysis.synthetic.words import word

__all__ = [
    "Heading",
    "Response",
    "Answers",
    "csv_export",
    "excel_resaved",
    "headings",
    "json_export",
    "long_value",
    "php_number",
    "xlsx_export",
]

Heading = Literal["code", "full", "abbreviated"]
Answers = Literal["short", "long"]
Value = str | float | int | None
Response = Mapping[str, Value]

_INTEGER_FIXED = {"id", "lastpage"}


def headings(fields: Sequence[Field], heading: Heading, language: str) -> list[str]:
    """The heading row of an export."""
    if heading == "code":
        return [f.code for f in fields]
    if heading == "full":
        return [full_heading(f, language) for f in fields]
    if heading == "abbreviated":
        return [abbreviated_heading(f, language) for f in fields]
    raise ValueError(f"heading must be 'code', 'full' or 'abbreviated', not {heading!r}")


def php_number(value: float | int) -> str:
    """A number as PHP prints it (``(string) 652.12`` -> ``652.12``, ``12.0`` -> ``12``)."""
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return str(int(value))
    text = repr(float(value))
    if "e" in text:  # pragma: no cover - timings never reach that size
        raise ValueError(f"{value!r} has no plain decimal form")
    return text


def _label(field_: Field, code: str, language: str, scale: int = 0) -> str | None:
    question = field_.question
    assert question is not None
    for option in question.options:
        if option.scale_id == scale and option.code == code:
            return option.labels.get(language, "")
    return None


def long_value(field_: Field, value: Value, language: str) -> Value:
    """``SurveyObj::getFullAnswer`` for one cell."""
    if field_.kind in {"timing", "participant"}:
        return value
    if field_.kind == "fixed":
        return "" if value is None else str(value)
    kind = field_.type
    if field_.kind in {"other", "comment", "othercomment"}:
        return value
    if kind in {"L", "!"}:
        if value == "-oth-":
            return word("Other", language, sourced=True)
        return _label(field_, value, language) if value is not None else None
    if kind == "1":
        return _label(field_, value, language, field_.scale or 0) if value is not None else None
    if kind in {"F", "H"}:
        label = _label(field_, value, language) if value is not None else None
        return "" if label is None else label
    if kind in {"M", "P"}:
        # answers are never written with an unsourced word: export those languages with codes
        if value == "Y":
            return word("Yes", language, sourced=True)
        if value in ("N", ""):
            return word("No", language, sourced=True)
        return word("N/A", language, sourced=True)
    if kind == "R":
        return _label(field_, value, language) if value is not None else None
    if kind in {"N", "K"}:
        if value is None:
            return None
        text = str(value)
        if text.strip() and "." in text:
            text = text.rstrip("0").rstrip(".")
        return text
    return "" if value is None else str(value)


def _cells(
    fields: Sequence[Field], response: Response, answers: Answers, language: str
) -> list[Value]:
    if answers == "long":
        return [long_value(f, response.get(f.code), language) for f in fields]
    if answers == "short":
        return [response.get(f.code) for f in fields]
    raise ValueError(f"answers must be 'short' or 'long', not {answers!r}")


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return php_number(value)
    return value


_LINE_BREAK = re.compile(r"\r\n|\n|\r|\x0b|\x0c|\x85|\u2028|\u2029")


def _csv_field(value: Value) -> str:
    return '"' + _LINE_BREAK.sub("\n", _text(value)).replace('"', '""') + '"'


def csv_export(
    fields: Sequence[Field],
    responses: Sequence[Response],
    *,
    heading: Heading = "code",
    answers: Answers = "short",
    language: str = "en",
) -> bytes:
    """LimeSurvey's CSV export."""
    lines = [";".join(_csv_field(h) for h in headings(fields, heading, language))]
    for response in responses:
        lines.append(";".join(_csv_field(v) for v in _cells(fields, response, answers, language)))
    return ("\ufeff" + "".join(line + "\r\n" for line in lines) + "\r\n").encode("utf-8")


def _php_json(value: object) -> str:
    """``json_encode`` with PHP's default flags (``\\/`` and ``\\uXXXX`` escapes)."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/")


def _json_value(field_: Field, value: Value, answers: Answers) -> Value:
    if answers == "short" and field_.kind == "fixed" and field_.name in _INTEGER_FIXED:
        return None if value is None else int(value)
    if isinstance(value, float) and not math.isfinite(value):  # pragma: no cover
        raise ValueError("timings are finite")
    return value


def json_export(
    fields: Sequence[Field],
    responses: Sequence[Response],
    *,
    heading: Heading = "code",
    answers: Answers = "short",
    language: str = "en",
) -> bytes:
    """LimeSurvey's JSON export (duplicate headings get `` (<fieldname>)`` appended)."""
    names = headings(fields, heading, language)
    unique: list[str] = []
    for name, field_ in zip(names, fields, strict=True):
        unique.append(f"{name} ({field_.name})" if name in unique else name)
    parts = []
    for response in responses:
        values = _cells(fields, response, answers, language)
        record = {
            name: _json_value(f, v, answers)
            for name, f, v in zip(unique, fields, values, strict=True)
        }
        body = ",".join(f"{_php_json(k)}:{_php_json(v)}" for k, v in record.items())
        parts.append("{" + body + "}")
    return ('{"responses": [' + ",".join(parts) + "]}").encode("utf-8")


def xlsx_export(
    fields: Sequence[Field],
    responses: Sequence[Response],
    *,
    title: str,
    heading: Heading = "code",
    answers: Answers = "short",
    language: str = "en",
) -> bytes:
    """LimeSurvey's Excel export (``ExcelWriter``, an XLSX file whatever its name says).

    One sheet named after the survey title cut to 31 characters, the heading row, then every
    value as a text cell (empty cells for empty values); only the first 255 columns.
    Text that looks like a number is stored as a number and text starting with ``=`` as a
    formula, as LimeSurvey's writer does. The cells are LimeSurvey's; the XML around them is
    openpyxl's.
    """
    from openpyxl import Workbook

    fields = list(fields)[:255]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(title)
    sheet.append(headings(fields, heading, language))
    for response in responses:
        sheet.append([_xlsx_cell(v) for v in _cells(fields, response, answers, language)])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                # the formula element keeps the "=" (openpyxl strips one)
                cell.value = "=" + cell.value
                cell.data_type = "f"
            elif isinstance(cell.value, str):
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


_NUMERIC = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")


def _xlsx_cell(value: Value) -> str | int | float | None:
    """A cell as LimeSurvey's XLSX writer stores it: numeric text as a number, text starting
    with ``=`` as a formula, other text as a string, empty as no cell."""
    text = _text(value)
    if text == "":
        return None
    if _NUMERIC.fullmatch(text):
        number = float(text)
        return int(number) if "." not in text else number
    return text


def _sheet_title(title: str) -> str:
    cleaned = re.sub(r"[\[\]\*\?/\\:]", " ", title)
    return cleaned[:31]


def _fixed_zip_times(data: bytes) -> bytes:
    """The same XLSX with every member dated 1980-01-01 and fixed document properties, so that
    regenerating it gives the same bytes."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", b"2025-06-13T00:00:00Z", content
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, content)
    return out.getvalue()


def _excel_field(value: str) -> str:
    if any(c in value for c in ';"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def excel_resaved(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    encoding: str,
    date_columns: Sequence[str] = ("submitdate", "startdate", "datestamp"),
    date_format: str = "%d.%m.%Y %H:%M",
) -> bytes:
    """An export after "open in Excel, save as CSV (semicolon delimited)" under local settings:
    the ANSI code page (unmappable characters as ``?``), no BOM, quotes only where needed, CRLF,
    no trailing empty line, date-times in the local display format (seconds lost)."""
    date_index = [i for i, h in enumerate(header) if h in date_columns]
    lines = [";".join(_excel_field(h) for h in header)]
    for row in rows:
        cells = list(row)
        for i in date_index:
            if cells[i]:
                moment = datetime.strptime(cells[i], "%Y-%m-%d %H:%M:%S")
                cells[i] = moment.strftime(date_format)
        lines.append(";".join(_excel_field(v) for v in cells))
    return "".join(line + "\r\n" for line in lines).encode(encoding, errors="replace")
