"""Write response exports: LimeSurvey's CSV export and the same file after Excel re-saved it.

LimeSurvey 6 (``export_responses``, CSV, code headings, answer codes) writes a UTF-8 BOM, ``;``
between fields, every field in double quotes (quotes doubled inside), CRLF after every row while
newlines inside answers stay bare LF, and one empty CRLF line after the last row. Metadata columns
come first in the order of ``createFieldMap``: id, submitdate, lastpage, startlanguage, seed,
token (participant table and not anonymised), startdate and datestamp (date stamps on), ipaddr
(IP recording on), refurl (referrer recording on).

A partner who opens that file in Excel and saves it as "CSV (semicolon delimited)" under
Bulgarian regional settings gets the ANSI code page (cp1251, unmappable characters as ``?``), no
BOM, fields quoted only when they hold ``;``, ``"`` or a line break, CRLF row ends, no trailing
empty line, and the date-times rewritten in the display format ``dd.mm.yyyy HH:MM``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from analysis.synthetic.fieldmap import fixed_fields
from analysis.synthetic.instruments import Instrument

__all__ = [
    "DATE_COLUMNS",
    "EXCEL_BG_DATE_FORMAT",
    "LIMESURVEY_DATE_FORMAT",
    "excel_resaved_csv",
    "limesurvey_csv",
    "metadata_headings",
    "question_headings",
    "response_headings",
]

LIMESURVEY_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
EXCEL_BG_DATE_FORMAT = "%d.%m.%Y %H:%M"
DATE_COLUMNS = ("submitdate", "startdate", "datestamp")
_BOM = "\ufeff"


def metadata_headings(instrument: Instrument) -> list[str]:
    """Fixed columns before the questions, in ``createFieldMap`` order for the survey's settings."""
    return [field.code for field in fixed_fields(instrument)]


def question_headings(instrument: Instrument) -> list[str]:
    """Code headings of the question columns (``IMPORT[SQ001]``, ``DELIVERY[other]``, ...)."""
    if any(q.type in {"1", "B", "P"} or (q.type == "L" and q.other) for q in instrument.questions):
        from analysis.synthetic.fieldmap import question_fields

        return [f.code for f in question_fields(instrument)]
    headings: list[str] = []
    for question in instrument.questions:
        if question.type in {"A", "F", "M"}:
            headings += [f"{question.code}[{sub.code}]" for sub in question.subquestions]
            if question.type == "M" and question.other:
                headings.append(f"{question.code}[other]")
        elif question.type in {"L", "T", "S"}:
            headings.append(question.code)
            if question.type == "L" and question.other:
                headings.append(f"{question.code}[other]")
        else:  # pragma: no cover - not used by the bundled instruments
            raise ValueError(f"question type {question.type!r} is not supported")
    return headings


def response_headings(instrument: Instrument) -> list[str]:
    """All headings of the export: metadata, then questions."""
    return metadata_headings(instrument) + question_headings(instrument)


def _quote(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def limesurvey_csv(headings: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """LimeSurvey's CSV export of the given rows (all cells as text, "" for empty)."""
    lines = [";".join(_quote(h) for h in headings)]
    for row in rows:
        if len(row) != len(headings):
            raise ValueError(f"row has {len(row)} cells, the heading has {len(headings)}")
        lines.append(";".join(_quote(v) for v in row))
    return (_BOM + "".join(line + "\r\n" for line in lines) + "\r\n").encode("utf-8")


def _excel_field(value: str) -> str:
    if any(c in value for c in ';"\r\n'):
        return _quote(value)
    return value


def excel_resaved_csv(
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    encoding: str = "cp1251",
    date_columns: Sequence[str] = DATE_COLUMNS,
    date_format: str = EXCEL_BG_DATE_FORMAT,
) -> bytes:
    """The export after "open in Excel, save as CSV (semicolon delimited)" on a Bulgarian PC."""
    date_index = [i for i, h in enumerate(headings) if h in date_columns]
    lines = [";".join(_excel_field(h) for h in headings)]
    for row in rows:
        cells = list(row)
        for i in date_index:
            if cells[i]:
                moment = datetime.strptime(cells[i], LIMESURVEY_DATE_FORMAT)
                cells[i] = moment.strftime(date_format)
        lines.append(";".join(_excel_field(v) for v in cells))
    text = "".join(line + "\r\n" for line in lines)
    return text.encode(encoding, errors="replace")
