"""The partner edition of the downloads: the published tables in one language, for a spreadsheet.

:func:`write_edition` writes ``<out_dir>/<lang>/<survey>/`` from the same published tables as the
machine-readable edition (:func:`analysis.report.downloads.published_tables`, one door for pages
and downloads):

* ``<survey>.xlsx``: a first sheet with the title, the source note, the date generated, the
  suppression legend and the column meanings; then one sheet per table with headers in the
  language, labels in the language beside every skill and group code, number formats (counts as
  integers, means 2 decimals, p-values 3 decimals or ``<0.001``, shares as %), a frozen header
  row and an autofilter. Values keep their full precision; only the display is rounded.
* ``<table>.csv`` per table: UTF-8 with a byte-order mark, the headers in the language, numbers
  rounded for display, in the language's spreadsheet convention (``;`` and decimal ``,`` where
  Babel's decimal symbol of the language is ``,``; ``,`` and ``.`` otherwise).
* ``README.txt`` in the language.

The machine-readable edition (``<out_dir>/<survey>/``, snake_case, full precision) is the results
contract; this one is for reading.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from babel import Locale
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from analysis.config import SurveyConfig, skill_group_names
from analysis.report.columns import COLUMNS, PREFIXES, Kind, column_of
from analysis.report.downloads import PublishedTables, published_tables
from analysis.report.i18n import given, translator
from analysis.report.themes_section import theme_labels
from analysis.tables import fix_zip_times, neutralise_formulas

__all__ = ["column_header", "column_meaning", "separators", "write_edition"]

# a code column and the label column shown beside it
_LABELS = {"skill_id": "skill_label", "group": "group_label", "group_a": "group_a_label",
           "group_b": "group_b_label"}
_FORMATS = {"count": "0", "decimal": "0.00", "p": '[<0.001]"<0.001";0.000', "share": "0.0%"}
_DIGITS = {"decimal": 2, "p": 3, "share": 3}
#: Text columns whose values are words of the catalogue (a rank's stability, an Annex I element's
#: status, what is still to decide, the element in the Recommendation's words): shown in the language.
_WORDS_IN_LANGUAGE = ("stability", "status", "to_decide", "annex_element")
_WIDTH = (8, 60)


def column_header(name: str, tr_: Callable[[str], str]) -> str:
    """The header of a published column in the language of ``tr_``."""
    column = column_of(name)
    if name.startswith("share_") and name not in COLUMNS:
        return tr_(column.header).format(point=name[6:])
    for prefix, template in PREFIXES.items():
        if name.startswith(prefix):
            return tr_(template).format(criterion=tr_(column.header))
    return tr_(column.header)


def column_meaning(name: str, tr_: Callable[[str], str]) -> str:
    """What a published column means, in the language of ``tr_``."""
    column = column_of(name)
    text = tr_(column.meaning)
    return text.format(point=name[6:]) if name.startswith("share_") and name not in COLUMNS else text


def separators(lang: str) -> tuple[str, str]:
    """The CSV field separator and decimal mark a spreadsheet in ``lang`` expects.

    ``(";", ",")`` where Babel's decimal symbol of the language is a comma, else ``(",", ".")``.
    """
    decimal = Locale.parse(lang).number_symbols["latn"]["decimal"]
    return (";", ",") if decimal == "," else (",", ".")


def _with_labels(
    table: pd.DataFrame, skills: Mapping[str, str], groups: Mapping[str, Mapping[str, str]],
    skill_groups: Mapping[str, str], tr_: Callable[[str], str],
) -> pd.DataFrame:
    """The table with the language's label beside each skill and group code.

    Existing label columns (``skill_label``, ``group_label``) take the language's labels;
    skill groups are named in the language.
    """
    out = table.copy()
    if "skill_group" in out.columns:
        out["skill_group"] = out["skill_group"].map(lambda v: skill_groups.get(v, v))
    for code, label in _LABELS.items():
        if code not in out.columns:
            continue
        if code == "skill_id":
            labels = out[code].map(lambda v: skills.get(str(v), ""))
        elif "scope" in out.columns:
            labels = pd.Series([
                groups.get(str(scope), {}).get(str(value), "")
                for scope, value in zip(out["scope"], out[code], strict=True)
            ], index=out.index)
        else:
            continue
        if label in out.columns:
            out[label] = labels.where(labels != "", out[label])
        else:
            out.insert(out.columns.get_loc(code) + 1, label, labels)
    return out


def _display(value: object, kind: Kind, decimal: str, tr_: Callable[[str], str]) -> str:
    """One cell of the CSV: rounded as on the pages, in the language's decimal mark."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if kind == "flag":
        return tr_("yes") if bool(value) else tr_("no")
    if kind == "count" and isinstance(value, (int, float)):
        return str(int(round(float(value))))
    if kind in _DIGITS and isinstance(value, (int, float)):
        if kind == "p" and float(value) < 0.001:
            return "<0" + decimal + "001"
        return f"{float(value):.{_DIGITS[kind]}f}".replace(".", decimal)
    return str(value)


def _write_csv(table: pd.DataFrame, path: Path, lang: str, tr_: Callable[[str], str]) -> Path:
    separator, decimal = separators(lang)
    safe = neutralise_formulas(table)
    kinds = [column_of(name).kind for name in table.columns]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=separator, lineterminator="\r\n")
        writer.writerow([column_header(name, tr_) for name in table.columns])
        for row in safe.itertuples(index=False, name=None):
            writer.writerow([_display(v, k, decimal, tr_) for v, k in zip(row, kinds, strict=True)])
    return path


def _cell(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _table_sheet(book: Workbook, title: str, table: pd.DataFrame, tr_: Callable[[str], str]) -> None:
    sheet = book.create_sheet(title[:31])
    headers = [column_header(name, tr_) for name in table.columns]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in neutralise_formulas(table).itertuples(index=False, name=None):
        sheet.append([_cell(v) for v in row])
    for index, name in enumerate(table.columns, start=1):
        kind = column_of(name).kind
        letter = get_column_letter(index)
        if kind in _FORMATS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = _FORMATS[kind]
        texts = table[name].dropna().head(200) if kind == "text" else pd.Series([], dtype=object)
        longest = max([len(headers[index - 1]) // 2 + 2, 10, *(len(str(v)) for v in texts)])
        sheet.column_dimensions[letter].width = min(max(longest + 2, _WIDTH[0]), _WIDTH[1])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(table) + 1, 1)}"


def _legend(min_n: int, tr_: Callable[[str], str]) -> list[str]:
    return [
        tr_("An empty cell is a value that does not exist or is suppressed, never zero."),
        tr_("Disclosure control: counts of 1 to {below} respondents are suppressed, and statistics "
            "resting on fewer than {min_n} respondents are blanked (minimum n = {min_n}).").format(
            below=min_n - 1, min_n=min_n),
        tr_("A suppressed row keeps its codes and labels, has Suppressed = yes, and its values are empty. A "
            "group is suppressed in every table alike; where a total would give a suppressed count away, "
            "another count is suppressed too (secondary suppression)."),
        tr_("Text a spreadsheet would run as a formula starts with an apostrophe."),
    ]


def _description(stem: str, published: PublishedTables, tr_: Callable[[str], str]) -> str:
    if stem.startswith("composition_"):
        return tr_("respondents by group, with totals")
    return tr_(published.descriptions[stem])


def _columns_used(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    return list(dict.fromkeys(name for table in tables.values() for name in table.columns))


def _readme(config: SurveyConfig, lang: str, published: PublishedTables, tables: Mapping[str, pd.DataFrame],
            generated: date, tr_: Callable[[str], str]) -> str:
    separator, decimal = separators(lang)
    lines = [f"{config.text_in('title', lang)} ({config.name})", ""]
    note = config.text_in("note", lang).strip()
    if note:
        lines += [f"{tr_('Source')}: {note}", ""]
    lines += [f"{tr_('Generated')}: {generated.isoformat()}", ""]
    lines += [tr_("The workbook {book} holds every table, one sheet each, with full precision; each table is "
                  "also a CSV file (UTF-8), its numbers rounded as on the report pages, fields separated by "
                  "'{separator}', decimal mark '{decimal}'.").format(
                      book=f"{config.name}.xlsx", separator=separator, decimal=decimal), ""]
    lines += _legend(published.min_n, tr_) + ["", tr_("Files") + ":"]
    lines += [f"- {stem}.csv: {_description(stem, published, tr_)}" for stem in tables]
    lines += ["", tr_("Columns") + ":"]
    lines += [f"- {column_header(name, tr_)}: {column_meaning(name, tr_)}" for name in _columns_used(tables)]
    return "\n".join(lines) + "\n"


def _about_sheet(book: Workbook, config: SurveyConfig, lang: str, published: PublishedTables,
                 tables: Mapping[str, pd.DataFrame], generated: date, tr_: Callable[[str], str]) -> None:
    sheet = book.active
    sheet.title = tr_("About")[:31]
    sheet.append([config.text_in("title", lang)])
    sheet["A1"].font = Font(bold=True, size=14)
    note = config.text_in("note", lang).strip()
    sheet.append([tr_("Source"), note])
    sheet.append([tr_("Generated"), generated.isoformat()])
    sheet.append([tr_("Minimum n"), published.min_n])
    sheet.append([])
    for line in _legend(published.min_n, tr_):
        sheet.append([line])
    sheet.append([])
    sheet.append([tr_("Sheet"), tr_("Content")])
    for stem in tables:
        sheet.append([stem[:31], _description(stem, published, tr_)])
    sheet.append([])
    sheet.append([tr_("Column"), tr_("Meaning")])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for name in _columns_used(tables):
        sheet.append([column_header(name, tr_), column_meaning(name, tr_)])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 90


def write_edition(
    config: SurveyConfig,
    out_dir: Path,
    lang: str,
    labels: tuple[Mapping[str, str], Mapping[str, Mapping[str, str]]],
    *,
    min_n: int = 5,
    generated: date | None = None,
    published: PublishedTables | None = None,
) -> list[Path]:
    """Write the survey's partner edition in ``lang`` to ``out_dir/<lang>/<survey>/``.

    Parameters
    ----------
    labels
        Skill labels by skill id and group labels by field and code, in ``lang``
        (:func:`analysis.report.assemble.table_labels`).
    generated
        The date shown as generated (today by default).
    published
        The published tables (read with :func:`published_tables` when not given).

    Returns
    -------
    list of Path
        Every file written, sorted.
    """
    tr_ = translator(lang).gettext
    published = published or published_tables(config, min_n=min_n)
    generated = generated or date.today()
    skills, groups = labels
    names = skill_group_names(config.path(config.skills), lang) if config.skills else {}
    tables = {
        stem: _with_labels(table, skills, groups, names, tr_) for stem, table in published.tables.items()
    }
    if "themes" in tables:  # the theme labels the pages show in the language
        themes = tables["themes"]
        fallback = dict(zip(themes["theme"].astype(str), themes["theme_label"].astype(str), strict=False))
        in_language = theme_labels(config.themes_path, lang, skills, fallback)
        tables["themes"] = themes.assign(theme_label=themes["theme"].astype(str).map(in_language))
    for stem, table in tables.items():  # words the pages show in the language: statuses, Annex I texts
        words = [column for column in _WORDS_IN_LANGUAGE if column in table.columns]
        if words:
            tables[stem] = table.assign(**{
                column: table[column].map(lambda v: given(tr_, v) if isinstance(v, str) and v else v)
                for column in words
            })
    folder = Path(out_dir) / lang / config.name
    folder.mkdir(parents=True, exist_ok=True)
    written = [_write_csv(table, folder / f"{stem}.csv", lang, tr_) for stem, table in tables.items()]
    book = Workbook()
    _about_sheet(book, config, lang, published, tables, generated, tr_)
    for stem, table in tables.items():
        _table_sheet(book, stem, table, tr_)
    path = folder / f"{config.name}.xlsx"
    stamp = datetime(generated.year, generated.month, generated.day)
    book.properties.created = book.properties.modified = stamp
    book.save(path)
    fix_zip_times(path)  # the same tables on the same day give the same bytes
    readme = folder / "README.txt"
    text = _readme(config, lang, published, tables, generated, tr_)
    readme.write_text(text, encoding="utf-8", newline="\n")
    return sorted([*written, path, readme])
