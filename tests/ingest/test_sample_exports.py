"""Every export of the regional sample reads into the same frame as its code CSV.

data/raw/sample/regional/exports/ holds the same responses in each format LimeSurvey offers
(code/full/abbreviated headings in several languages, short and long answers, JSON, XLSX, SPSS,
R, Stata XML) and after an Excel re-save. Each file is read with the settings a partner would
declare for it and must give the same ids, the same columns and the same cells as
``responses.csv``. Inherent losses are allowed only where the format has them: an Excel re-save
keeps date-times to the minute and turns characters outside its code page into ``?``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from regional_exports import BASELINE, DATES, EXPORTS, NOT_RESPONSES, REGIONAL, SETTINGS

from analysis.config import ResponseFile
from analysis.ingest.lss import read_lss
from analysis.ingest.responses import read_response_file


@pytest.fixture(scope="module")
def codebook():
    return read_lss(REGIONAL / "survey.lss")


def _read(path: Path, codebook, **settings) -> pd.DataFrame:
    frame, _source = read_response_file(
        ResponseFile(path=path, **settings), codebook, default_encoding="utf-8-sig"
    )
    return frame.drop(columns=["_file", "_line"]).set_index("id")


@pytest.fixture(scope="module")
def expected(codebook) -> pd.DataFrame:
    return _read(BASELINE, codebook)


def test_every_export_is_listed() -> None:
    # the R syntax file is a script that reads responses_plugin_rdata.csv, not responses
    assert sorted(p.name for p in EXPORTS.iterdir()) == sorted([*SETTINGS, *NOT_RESPONSES])


def test_r_syntax_names_every_column_of_its_data_file(expected) -> None:
    syntax = (EXPORTS / "responses_plugin_rsyntax.R").read_text("utf-8")
    assert syntax.startswith('data <- read.csv("survey_736514_R_data_file.csv"')
    assert syntax.count("names(data)[") == len(expected.columns) + 1  # and the id
    assert 'names(data)[12] <- "RATE_C01#0"' in syntax


@pytest.mark.parametrize("name", list(SETTINGS))
def test_export_reads_to_the_same_responses(name: str, codebook, expected) -> None:
    settings, code_page = SETTINGS[name]
    settings = dict(settings)
    if "words" in settings and "words" not in ResponseFile.model_fields:
        pytest.skip("declaring LimeSurvey's words for a long export (words:) is not supported yet")
    frame = _read(EXPORTS / name, codebook, **settings)
    assert list(frame.index) == list(expected.index)
    assert list(frame.columns) == list(expected.columns)
    for column in expected.columns:
        want = expected[column]
        if code_page and column in DATES:
            # Excel shows date-times to the minute: the seconds are gone
            want = want.str.slice(0, 16).where(want == "", want.str.slice(0, 16) + ":00")
        elif code_page:
            # characters outside the ANSI code page were saved as "?"
            want = want.map(lambda t: t.encode(code_page, errors="replace").decode(code_page))
        got = frame[column]
        differ = got != want
        assert not differ.any(), (
            f"{column}: {int(differ.sum())} cells differ, first id {differ.idxmax()}: "
            f"{got[differ].iloc[0]!r} instead of {want[differ].iloc[0]!r}"
        )


def test_excel_resaves_lose_only_what_excel_loses(expected) -> None:
    # the comparison above allows two losses; make sure they really happen in these files
    losses = expected["OPENCOMP"].map(
        lambda t: "?" in t.encode("cp1251", errors="replace").decode("cp1251")
    )
    assert losses.any()
    assert (expected["submitdate"].str.slice(17) != "00").any()
