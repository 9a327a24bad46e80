"""Write published tables as CSV and XLSX, safe to open in a spreadsheet.

Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) get a leading apostrophe (OWASP's CSV-injection advice). Numbers are
written as numbers.
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd

__all__ = ["FORMULA_GUARD", "fix_zip_times", "neutralise_formulas", "undo_formula_guard", "write_table"]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FIXED_TIME = datetime(2000, 1, 1)
#: How a neutralised cell starts: the apostrophe :func:`neutralise_formulas` put before it.
FORMULA_GUARD = tuple("'" + start for start in _FORMULA_STARTS)


def undo_formula_guard(value: str) -> str:
    """A text cell as it was before :func:`neutralise_formulas` (``"'=SUM(A1)"`` -> ``"=SUM(A1)"``)."""
    return value[1:] if value.startswith(FORMULA_GUARD) else value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``frame`` whose text cells cannot be read as spreadsheet formulas."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_STARTS) else v
            )
    return safe


def write_table(frame: pd.DataFrame, csv_path: Path, *, xlsx: bool = True) -> list[Path]:
    """Write ``frame`` to ``csv_path`` (UTF-8, full precision) and beside it as ``.xlsx``."""
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    safe = neutralise_formulas(frame)
    safe.to_csv(csv_path, index=False, encoding="utf-8", lineterminator="\n")
    written = [csv_path]
    if xlsx:
        xlsx_path = csv_path.with_suffix(".xlsx")
        with pd.ExcelWriter(xlsx_path, engine="openpyxl") as writer:
            safe.to_excel(writer, index=False, sheet_name=csv_path.stem[:31])
            writer.book.properties.created = _FIXED_TIME
            writer.book.properties.modified = _FIXED_TIME
        fix_zip_times(xlsx_path)
        written.append(xlsx_path)
    return written


def fix_zip_times(path: Path) -> None:
    """Give every member of an XLSX (a zip) a fixed time, so the same table gives the same bytes."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for info, data in members:
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>2000-01-01T00:00:00Z\g<2>", data
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, data)
