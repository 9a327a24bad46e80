"""Repeated headings: allowed only where the columns are mapped by position to different columns.

LimeSurvey's abbreviated headings of a survey that saves timings repeat themselves: every question
time's heading is "Question time: .. " (``Writer::getAbbreviatedHeading`` cuts the timing field's
question text "Question time: <code>" to 15 characters with ``flatEllipsizeText``), so such an
export can only be read column by column against the fieldmap. Anywhere else a repeated heading
would make two columns one, and is an error naming both columns.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pandas as pd
import pytest

from analysis.codebook import Codebook
from analysis.config import ResponseFile
from analysis.errors import InputError
from analysis.ingest.headings import database_names, ls7_names, map_headings, statistics_names
from analysis.ingest.lss import read_lss
from analysis.ingest.responses import read_response_file

ATTRIBUTES = json.dumps({
    "attribute_1": {"description": "Region", "mandatory": "N", "encrypted": "N"},
    "attribute_2": {"description": "Chamber", "mandatory": "N", "encrypted": "N"},
})


@pytest.fixture(scope="module")
def timed(limesurvey_dir) -> Codebook:
    """The reference survey as if it saved timings and had a participant table with attributes."""
    reference = read_lss(limesurvey_dir / "survey_845123_structure.lss")
    settings = reference.settings | {"savetimings": "Y", "attributedescriptions": ATTRIBUTES}
    return dataclasses.replace(reference, settings=settings)


def _header(limesurvey_dir, name: str) -> list[str]:
    return pd.read_csv(limesurvey_dir / name, sep=";", nrows=0, encoding="utf-8-sig").columns.tolist()


def _abbreviated(text: str) -> str:
    return text if len(text) <= 18 else text[:15] + ".. "


def _abbreviated_header(limesurvey_dir, codebook: Codebook) -> list[str]:
    """The real abbreviated export's headings, then timings and participant fields as LimeSurvey
    abbreviates them: "Total time", "Group time: <title>", "Question time: <code>"."""
    timings = []
    for field in codebook.timing_fields():
        if field.group_id is None:
            timings.append("Total time")
        elif field.question is None:
            timings.append(_abbreviated(f"Group time: {codebook.group_names[field.group_id]['en']}"))
        else:
            timings.append(_abbreviated(f"Question time: {field.question}"))
    participants = ["First name", "Last name", "Email address", "Region", "Chamber"]
    return _header(limesurvey_dir, "responses_abbreviated_long.csv") + timings + participants


def _code_header(codebook: Codebook) -> list[str]:
    return [f.heading for f in codebook.fieldmap(token=False, participants=True)]


def test_abbreviated_question_times_repeat_and_map_by_position(limesurvey_dir, timed):
    header = _abbreviated_header(limesurvey_dir, timed)
    assert header.count("Question time: .. ") == 12  # every question's time: one heading
    mapped = map_headings(header, timed, path="a.csv", language="en")
    assert mapped.kind == "text"
    assert mapped.headings == _code_header(timed)
    # without a declared language the position still decides
    assert map_headings(header, timed, path="a.csv").headings == _code_header(timed)


def test_abbreviated_csv_with_timings_reads_each_time_into_its_column(tmp_path, limesurvey_dir, timed):
    # the real code export's cells under abbreviated headings (answer codes: "short" answers)
    frame = pd.read_csv(limesurvey_dir / "responses_code_short.csv", sep=";", dtype=str,
                        keep_default_na=False, encoding="utf-8-sig")
    timings = [f.heading for f in timed.timing_fields()]
    for i, heading in enumerate(timings):
        frame[heading] = [f"{10 + i}.{r}" for r in range(len(frame))]
    for field in ("firstname", "lastname", "email", "attribute_1", "attribute_2"):
        frame[field] = field
    assert list(frame.columns) == _code_header(timed)
    frame.columns = _abbreviated_header(limesurvey_dir, timed)
    path = tmp_path / "abbreviated.csv"
    frame.to_csv(path, sep=";", index=False, quoting=1, encoding="utf-8-sig")
    read, _ = read_response_file(
        ResponseFile(path=path, language="en"), timed, default_encoding="utf-8-sig"
    )
    assert list(read.columns[:-2]) == _code_header(timed)
    assert read["COUNTRYTime"].iloc[1] == "12.1"
    assert read["OTHERNEEDSTime"].iloc[0] == f"{10 + len(timings) - 1}.0"
    assert read["attribute_2"].iloc[0] == "attribute_2"


def _repeat(header: list[str], source: int, target: int) -> list[str]:
    """The header with column ``target`` (1-based) renamed to the heading of column ``source``."""
    header = list(header)
    header[target - 1] = header[source - 1]
    return header


def test_repeated_code_heading_names_both_columns(timed):
    header = _repeat(_code_header(timed), 8, 12)  # COUNTRY at 8 and 12
    with pytest.raises(
        InputError,
        match=r"a\.csv, line 1: the heading 'COUNTRY' appears twice \(columns 8 and 12\)",
    ):
        map_headings(header, timed, path="a.csv")


@pytest.mark.parametrize(
    ("style", "names"),
    [("database", database_names), ("ls7", ls7_names), ("statistics", statistics_names)],
)
def test_repeated_sgqa_ls7_and_spss_names_name_both_columns(timed, style, names):
    by_code: dict[str, str] = {}
    for name, code in names(timed).items():
        by_code.setdefault(code, name)
    header = [by_code[h] for h in _code_header(timed) if h in by_code]
    assert map_headings(header, timed, path="s", statistics=True).kind == style
    repeated = _repeat(header, 8, 10)
    with pytest.raises(
        InputError,
        match=rf"the heading {re.escape(repr(header[7]))} appears twice \(columns 8 and 10\)",
    ):
        map_headings(repeated, timed, path="s", statistics=True)


def test_repeated_text_heading_of_a_field_selection_is_an_error(limesurvey_dir, timed):
    # a selection of columns is read by its texts, not by position: a repeat cannot be placed
    header = _abbreviated_header(limesurvey_dir, timed)
    selection = header[:9] + [h for h in header if h.startswith("Question time")][:2]
    with pytest.raises(
        InputError,
        match=(
            r"the heading 'Question time: \.\. ' appears twice \(columns 10 and 11\); a heading "
            r"may repeat only in an export of every column in LimeSurvey's order, read by position"
        ),
    ):
        map_headings(selection, timed, path="a.csv", language="en")


def test_repeated_text_heading_that_misfits_by_position_says_where(limesurvey_dir, timed):
    header = _abbreviated_header(limesurvey_dir, timed)
    header[8] = "Which industry.. "  # SECTOR's heading, changed
    with pytest.raises(
        InputError,
        match=(
            r"appears twice \(columns \d+ and \d+\).*read by position, column 9 'Which industry\.\. ' "
            r"is not the expected 'Which sector do you mainly work in\?' \(SECTOR, language en\)"
        ),
    ):
        map_headings(header, timed, path="a.csv", language="en")


def test_two_positions_mapping_to_one_column_name_both(limesurvey_dir, timed):
    # by position every heading fits, but two participant headings are the same field
    header = _abbreviated_header(limesurvey_dir, timed)
    header[-5:] = ["firstname", "lastname", "email", "attribute_1", "attribute_1"]
    n = len(header)
    with pytest.raises(
        InputError,
        match=(
            rf"a\.csv, line 1, column attribute_1: columns {n - 1} 'attribute_1' and {n} "
            r"'attribute_1' are both column attribute_1; every column must be unique"
        ),
    ):
        map_headings(header, timed, path="a.csv", language="en")
