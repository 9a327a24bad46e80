"""LimeSurvey 6's export plugins: SPSS ``.sav`` (spsssav) and R (rsyntax + its data CSV).

What they write, read off the files a real LimeSurvey 6.1.8 server wrote for the reference survey
845123 (tests/data/limesurvey_6_1_8/responses_plugin_*):

- Variable names are the code headings with ``[`` as ``_`` and ``]`` dropped (``SECTOR_other``,
  ``IMPORT_SQ001``, ``NEEDURG_SQ001_1``); the R syntax names a dual-scale column by its database
  suffix instead (``NEEDURG_SQ001#0``).
- A column is numeric (SPSS ``F``) when its values are numbers: id, lastpage, numeric questions,
  arrays whose answer codes are all integers (the 5-point and 10-point arrays), timings; and in R
  the multiple-choice boxes, which the R data file writes as 1/0. Date columns are SPSS
  date-times; everything else is text.
- Variable labels: SPSS gives the fixed columns LimeSurvey's headings ("Response ID"), R their
  names; a question column is ``[subquestion] [Scale n] question text`` (``[Other] ...``,
  ``[Rank n] ...``), tags and line breaks removed.
- Value labels: the answer options of coded text columns (lists, flexible arrays, dual scale,
  ranking); the SPSS file gives each dual-scale column the options of both scales and a list with
  "other" the extra ``-oth-``: Other; multiple choice is ``Y``: Yes, ``0``: Not selected (SPSS,
  on a text column holding ``Y`` or empty) or levels 1/0 (R). Arrays with integer codes carry none.
- The R data file is the CSV export (code headings, answer codes) with multiple choice converted:
  ``Y`` -> ``1``, unchecked -> ``0``, a page never reached stays empty.

The ``.sav`` bytes are pyreadstat's (the plugin's own writer is PHP): the same variables, labels,
types and values, not the same bytes. Not verifiable here (the reference survey has no such
columns) and so documented as assumptions: the label of a multiple-choice comment column
(``[subquestion] [Comment] ...``), of timing columns (their full heading) and of participant
columns (their full heading).
"""

from __future__ import annotations

import io
import math
import os
import re
import tempfile
from collections.abc import Sequence
from datetime import datetime

from analysis.synthetic.fieldmap import Field, flatten, full_heading, sub_heading_parts
from analysis.synthetic.words import word
from analysis.synthetic.writers import Response, Value, csv_export

__all__ = ["r_data_csv", "r_syntax", "spss_name", "spss_sav", "stata_xml"]

_INTEGER_CODED = {"A", "B", "5"}  # arrays and the 5-point choice: codes are the numbers
_NUMERIC_TYPES = {"N", "K"}
_CODED = {"L", "!", "1", "F", "H", "R"}
_DATES = {"submitdate", "startdate", "datestamp"}
#: question types whose every column (other, comment too) has SPSS measure "unknown"
_UNKNOWN_MEASURE = {"L", "!", "1", "F", "H", "M", "P"}


def spss_name(field_: Field) -> str:
    """The variable name in SPSS and Stata: ``RATE[C01][1]`` -> ``RATE_C01_1``."""
    return field_.code.replace("[", "_").replace("]", "")


def _r_name(field_: Field) -> str:
    if field_.scale is not None and field_.sub is not None and field_.question is not None:
        return f"{field_.question.code}_{field_.sub.code}#{field_.scale}"
    return spss_name(field_)


def _kind(field_: Field, *, r: bool) -> str:
    """``F`` (number), ``DATETIME`` or ``A`` (text)."""
    if field_.kind == "fixed":
        if field_.name in _DATES:
            return "DATETIME"
        return "F" if field_.name in {"id", "lastpage"} else "A"
    if field_.kind == "timing":
        return "F"
    if field_.kind != "answer":
        return "A"
    if field_.type in _NUMERIC_TYPES or field_.type in _INTEGER_CODED:
        return "F"
    if r and field_.type in {"M", "P"}:
        return "F"
    return "A"


def _label(field_: Field, language: str, *, r: bool) -> str:
    """The variable label (see the module docstring)."""
    if field_.kind == "fixed":
        return field_.name if r else full_heading(field_, language)
    if field_.kind in {"timing", "participant"}:
        return full_heading(field_, language)
    question = field_.question
    assert question is not None
    parts = [flatten(part) for part in sub_heading_parts(field_, language)]
    text = flatten(question.texts.get(language, ""))
    return "".join(f"[{p}] " for p in parts) + text


def _value_labels(field_: Field, language: str, *, r: bool) -> list[tuple[str, str]]:
    if field_.kind != "answer" or field_.question is None:
        return []
    question = field_.question
    if field_.type in {"M", "P"}:
        return [("1", "Yes"), ("0", "Not selected")] if r else [("Y", "Yes"), ("0", "Not selected")]
    if field_.type not in _CODED:
        return []
    options = question.options
    if field_.type == "1" and r:
        options = tuple(o for o in options if o.scale_id == field_.scale)
    labels = [(o.code, flatten(o.labels.get(language, ""))) for o in options]
    if field_.type in {"L", "!"} and question.other and not r:
        labels.append(("-oth-", word("Other", language)))
    return labels


def _cell(field_: Field, value: Value) -> object:
    kind = _kind(field_, r=False)
    if kind == "DATETIME":
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S") if value else None
    if kind == "F":
        return float(value) if value not in (None, "") else math.nan
    if value is None:
        return ""
    return str(value) if not isinstance(value, float) else repr(value)


def _spss_format(field_: Field, values) -> str:
    """The display format: ``F<digits>.<decimals>``, ``DATETIME20`` or ``A<longest value in
    UTF-8 bytes>`` (LimeSurvey shows coded text columns as ``A28``; pyreadstat ties a text
    column's format to its stored width, so that one difference stays)."""
    kind = _kind(field_, r=False)
    if kind == "DATETIME":
        return "DATETIME20"
    if kind == "F":
        texts = [_number_text(v) for v in values if not math.isnan(v)]
        decimals = max((len(t.partition(".")[2]) for t in texts), default=0)
        width = max((len(t) for t in texts), default=1)
        if field_.kind == "answer":
            width = max(width, 2)
        return f"F{width}.{decimals}"
    return f"A{max([1, *(len(str(v).encode('utf-8')) for v in values)])}"


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def spss_sav(
    fields: Sequence[Field], responses: Sequence[Response], *, language: str = "en"
) -> bytes:
    """The SPSS export (plugin spsssav) as a ``.sav`` file."""
    import pandas as pd
    import pyreadstat

    names = [spss_name(f) for f in fields]
    columns = {
        name: [_cell(f, response.get(f.code)) for response in responses]
        for name, f in zip(names, fields, strict=True)
    }
    frame = pd.DataFrame(columns, columns=names)
    for name, f in zip(names, fields, strict=True):
        kind = _kind(f, r=False)
        if kind == "DATETIME":
            frame[name] = pd.to_datetime(frame[name])
        elif kind == "F":
            frame[name] = frame[name].astype("float64")
        else:
            frame[name] = frame[name].astype(object)
    value_labels = {
        name: dict(_value_labels(f, language, r=False))
        for name, f in zip(names, fields, strict=True)
        if _value_labels(f, language, r=False)
    }
    formats = {
        name: _spss_format(f, frame[name])
        for name, f in zip(names, fields, strict=True)
    }
    measures = {
        name: "unknown" if f.type in _UNKNOWN_MEASURE else "nominal"
        for name, f in zip(names, fields, strict=True)
    }
    handle, path = tempfile.mkstemp(suffix=".sav")
    os.close(handle)
    try:
        pyreadstat.write_sav(
            frame, path,
            column_labels=[_label(f, language, r=False) for f in fields],
            variable_value_labels=value_labels, variable_format=formats,
            variable_measure=measures,
        )
        with open(path, "rb") as stream:
            data = stream.read()
    finally:
        os.unlink(path)
    # the header's creation date (bytes 92-100, "dd mmm yy") and time (101-108): fixed, so that
    # regenerating gives the same bytes
    assert data[:4] == b"$FL2"
    return data[:92] + b"13 Jun 2500:00:00" + data[109:]


def r_data_csv(fields: Sequence[Field], responses: Sequence[Response]) -> bytes:
    """The R plugin's data file: the code CSV with multiple choice as 1/0."""
    converted = []
    for response in responses:
        row = dict(response)
        for f in fields:
            if f.kind == "answer" and f.type in {"M", "P"}:
                value = response.get(f.code)
                row[f.code] = None if value is None else ("1" if value == "Y" else "0")
        converted.append(row)
    return csv_export(fields, converted)


def _r_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def r_syntax(fields: Sequence[Field], sid: int, *, language: str = "en") -> bytes:
    """The R plugin's syntax file, which reads ``survey_<sid>_R_data_file.csv``."""
    out = io.StringIO()
    out.write(
        f'data <- read.csv("survey_{sid}_R_data_file.csv", quote = "\'\\"", '
        'na.strings=c("", "\\"\\""), stringsAsFactors=FALSE, fileEncoding="UTF-8-BOM")\n\n'
    )
    for number, f in enumerate(fields, start=1):
        kind = _kind(f, r=True)
        shown = "DATETIME23.2" if kind == "DATETIME" else kind
        out.write(f"\n# LimeSurvey Field type: {shown}\n")
        cast = "as.numeric" if kind == "F" else "as.character"
        out.write(f"data[, {number}] <- {cast}(data[, {number}])\n")
        out.write(
            f"attributes(data)$variable.labels[{number}] <- {_r_string(_label(f, language, r=True))}\n"
        )
        labels = _value_labels(f, language, r=True)
        if labels:
            if kind == "F":
                levels = ",".join(code for code, _ in labels)
            else:
                levels = ",".join(_r_string(code) for code, _ in labels)
            texts = ", ".join(_r_string(text) for _, text in labels)
            out.write(
                f"data[, {number}] <- factor(data[, {number}], levels=c({levels}),"
                f"labels=c({texts}))\n"
            )
        out.write(f"names(data)[{number}] <- {_r_string(_r_name(f))}")
    out.write("\n")
    return out.getvalue().encode("utf-8")


# --- Stata XML (plugin STATAxml) ---------------------------------------------------------------

_STATA_EPOCH = datetime(1960, 1, 1)
#: Stata's integer storage types and their ranges, smallest first.
_STATA_INTEGERS = (("byte", -127, 100), ("int", -32767, 32740), ("long", -2147483647, 2147483620))
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _stata_type(kind: str, texts: Sequence[str]) -> tuple[str, str]:
    """(storage type, display format) of one variable from its values as text."""
    if kind == "DATETIME":
        return "double", "%tc"
    numeric = kind == "F" or all(t == "" or _NUMBER.fullmatch(t) for t in texts)
    if not numeric:
        width = max([1, *(len(t.encode("utf-8")) for t in texts)])
        return f"str{width}", f"%{width}s"
    shown = "%10.0g" if kind == "F" else "%9.0g"  # a text column that holds numbers only
    numbers = [float(t) for t in texts if t != ""]
    if any(not n.is_integer() for n in numbers):
        return "double", shown
    low, high = min(numbers, default=0), max(numbers, default=0)
    for name, minimum, maximum in _STATA_INTEGERS:
        if minimum <= low and high <= maximum:
            return name, shown
    return "double", shown


def _stata_value(kind: str, value: Value) -> str:
    if value is None or value == "":
        return ""
    if kind == "DATETIME":
        moment = datetime.strptime(str(value), "%Y-%m-%d %H:%M:%S")
        return str(int((moment - _STATA_EPOCH).total_seconds()) * 1000)
    if isinstance(value, (int, float)):
        return _number_text(float(value))
    return str(value)


def _xml(text: str) -> str:
    """``htmlspecialchars`` with PHP's defaults (``'`` kept)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        '"', "&quot;"
    )


def stata_xml(
    fields: Sequence[Field],
    responses: Sequence[Response],
    *,
    title: str,
    sid: int,
    time_stamp: str,
    language: str = "en",
) -> bytes:
    """The Stata export (plugin STATAxml): Stata's XML format 113.

    A variable is numeric when LimeSurvey's field is (see the module docstring) or when every
    value is a number or empty (``seed``); integers get the smallest storage type that holds
    them, other numbers and date-times (milliseconds since 1960, ``%tc``) ``double``; text is
    ``str<longest value in UTF-8 bytes>``. Multiple-choice boxes name the one value label set the
    file has, ``vall90`` (1: Yes, 0: Not selected), although they hold ``Y`` or nothing.
    ``time_stamp`` is the moment of the export (``13 Jun 2025 10:00``).
    """
    names = [spss_name(f) for f in fields]
    kinds = [_kind(f, r=False) for f in fields]
    values = [[_stata_value(k, r.get(f.code)) for r in responses] for f, k in zip(fields, kinds, strict=True)]
    types = [_stata_type(k, v) for k, v in zip(kinds, values, strict=True)]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<dta>",
        " <header>",
        "  <ds_format>113</ds_format>",
        "  <byteorder>LOHI</byteorder>",
        "  <filetype>1</filetype>",
        f"  <nvar>{len(fields)}</nvar>",
        f"  <nobs>{len(responses)}</nobs>",
        f"  <data_label>{_xml(title)} (SID: {sid})</data_label>",
        f"  <time_stamp>{time_stamp}</time_stamp>",
        " </header>",
        " <descriptors>",
        "  <typelist>",
        *(f'   <type varname="{n}">{t}</type>' for n, (t, _f) in zip(names, types, strict=True)),
        "  </typelist>",
        "  <varlist>",
        *(f'   <variable varname="{n}"/>' for n in names),
        "  </varlist>",
        "  <fmtlist>",
        *(f'   <fmt varname="{n}">{f}</fmt>' for n, (_t, f) in zip(names, types, strict=True)),
        "  </fmtlist>",
        "  <lbllist>",
        *(
            f'   <lblname varname="{n}">vall90</lblname>'
            if f.kind == "answer" and f.type in {"M", "P"} else f'   <lblname varname="{n}"/>'
            for n, f in zip(names, fields, strict=True)
        ),
        "  </lbllist>",
        " </descriptors>",
        " <variable_labels>",
        *(
            f'  <vlabel varname="{n}">{_xml(_label(f, language, r=False))}</vlabel>'
            for n, f in zip(names, fields, strict=True)
        ),
        " </variable_labels>",
        " <data>",
    ]
    for number in range(len(responses)):
        lines.append(f'  <o num="{number}">')
        lines += [
            f'   <v varname="{n}">{_xml(v[number])}</v>' for n, v in zip(names, values, strict=True)
        ]
        lines.append("  </o>")
    lines += [
        " </data>",
        " <value_labels>",
        '  <vallab name="vall90">',
        '   <label value="1">Yes</label>',
        '   <label value="0">Not selected</label>',
        "  </vallab>",
        " </value_labels>",
        "</dta>",
    ]
    return ("\n".join(lines) + "\n\n").encode("utf-8")
