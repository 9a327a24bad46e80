"""The response reader against a real LimeSurvey export and against the files partners send."""

from __future__ import annotations

import json
import re

import pytest

from analysis.config import ResponseFile
from analysis.errors import InputError
from analysis.ingest.lss import read_lss
from analysis.ingest.responses import read_response_file, read_responses


@pytest.fixture(scope="module")
def codebook(limesurvey_dir):
    return read_lss(limesurvey_dir / "survey_845123_structure.lss")


def _text(folder):
    """The export as text with its CRLF row ends kept."""
    return (folder / "responses_code_short.csv").read_bytes().decode("utf-8-sig")


def read(path, codebook, **spec):
    return read_response_file(ResponseFile(path=path, **spec), codebook, default_encoding="utf-8-sig")


def test_every_response_is_read_as_submitted(limesurvey_dir, codebook):
    frame, source = read(limesurvey_dir / "responses_code_short.csv", codebook)
    submitted = json.loads((limesurvey_dir / "input_add_response_payloads.json").read_text("utf-8"))
    assert len(frame) == source.rows == len(submitted) == 80
    assert len(source.sha256) == 64
    by_id = frame.set_index("id")
    # database field names of the server: <sid>X<gid>X<qid>
    for number, payload in enumerate(submitted, start=1):
        row = by_id.loc[str(number)]
        assert row["COUNTRY"] == payload["845123X1X1"]
        assert row["OTHERNEEDS"] == (payload.get("845123X3X12") or "")
        assert row["startdate"] == payload["startdate"]
    assert frame.drop(columns="_line").map(lambda v: isinstance(v, str)).all().all()


def test_text_is_kept_verbatim(limesurvey_dir, codebook):
    frame, _ = read(limesurvey_dir / "responses_code_short.csv", codebook)
    texts = set(frame["OTHERNEEDS"])
    assert "=SUM(A1)" in texts
    assert any("\n" in t for t in texts)  # a bare LF inside a quoted answer
    assert any(t.startswith("Трудно е") for t in texts)


def test_literal_na_stays_text(tmp_path, limesurvey_dir, codebook):
    original = (limesurvey_dir / "responses_code_short.csv").read_bytes()
    patched = original.replace(b'"=SUM(A1)"', b'"NA"', 1)
    path = tmp_path / "na.csv"
    path.write_bytes(patched)
    frame, _ = read(path, codebook)
    assert "NA" in set(frame["OTHERNEEDS"])


def test_wrong_encoding_names_byte_offset_and_line(tmp_path, limesurvey_dir, codebook):
    text = _text(limesurvey_dir)
    path = tmp_path / "partner.csv"
    path.write_bytes(text.encode("cp1251", errors="replace"))
    with pytest.raises(InputError) as error:
        read(path, codebook)
    message = str(error.value)
    assert str(path) in message and "byte offset" in message and "line" in message
    assert "cp1251" in message  # says how to fix it


def test_declared_code_page_and_excel_dates(tmp_path, limesurvey_dir, codebook):
    text = _text(limesurvey_dir)
    # Excel rewrites every date in the local format and drops the seconds
    text = re.sub(r'"(\d{4})-(\d\d)-(\d\d) (\d\d:\d\d):\d\d"', r'"\3.\2.\1 \4"', text)
    text = text.replace("🌱", "?")  # characters a Windows code page cannot hold
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("cp1251", errors="replace"))
    frame, source = read(path, codebook, encoding="cp1251", date_format="%d.%m.%Y %H:%M")
    assert source.encoding == "cp1251"
    assert frame.loc[frame["id"] == "1", "submitdate"].item() == "2025-04-08 18:20:00"
    assert any(t.startswith("Трудно е") for t in frame["OTHERNEEDS"])


def test_date_in_another_format_is_an_error(tmp_path, limesurvey_dir, codebook):
    text = _text(limesurvey_dir)
    path = tmp_path / "dates.csv"
    path.write_bytes(text.replace('"2025-04-08 18:20:57"', '"8/4/2025"', 1).encode("utf-8-sig"))
    with pytest.raises(InputError, match=r"line 2 \(response 1\), column submitdate: date '8/4/2025'"):
        read(path, codebook)


def test_duplicate_heading_is_an_error(tmp_path, limesurvey_dir, codebook):
    text = _text(limesurvey_dir)
    path = tmp_path / "dup.csv"
    path.write_bytes(text.replace('"YEARSEXP"', '"COUNTRY"', 1).encode("utf-8-sig"))
    with pytest.raises(InputError, match=r"heading 'COUNTRY' appears twice \(columns 8 and 13\)"):
        read(path, codebook)


def test_full_text_headings_are_refused_with_advice(tmp_path, limesurvey_dir, codebook):
    path = tmp_path / "wrong.csv"
    path.write_text('"Response ID";"Date submitted"\r\n"1";""\r\n', "utf-8-sig")
    with pytest.raises(InputError, match="export with code headings"):
        read(path, codebook)


def test_comma_file_read_with_semicolon_names_the_delimiter(tmp_path, limesurvey_dir, codebook):
    text = _text(limesurvey_dir)
    path = tmp_path / "comma.csv"
    path.write_bytes(text.splitlines()[0].replace(";", ",").encode("utf-8-sig"))
    with pytest.raises(InputError, match="declare delimiter: ','"):
        read(path, codebook, delimiter=";")


def test_delimiter_is_read_off_the_quoted_heading_row(tmp_path, limesurvey_dir, codebook):
    text = _text(limesurvey_dir).replace('";"', '"\t"')
    path = tmp_path / "tab.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    frame, _ = read(path, codebook)
    assert len(frame) == 80 and "=SUM(A1)" in set(frame["OTHERNEEDS"])


def test_short_record_names_its_line(tmp_path, limesurvey_dir, codebook):
    lines = _text(limesurvey_dir).split("\r\n")
    lines[3] = '"3";"x"'
    path = tmp_path / "short.csv"
    path.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    with pytest.raises(InputError, match=r"line 4: the record has 2 fields"):
        read(path, codebook)


def test_ids_must_be_unique_across_files(limesurvey_dir, codebook):
    spec = ResponseFile(path=limesurvey_dir / "responses_code_short.csv")
    with pytest.raises(InputError, match="need an id_prefix"):
        read_responses([spec, spec], codebook, default_encoding="utf-8-sig")
    prefixed = ResponseFile(path=spec.path, id_prefix="BG-")
    frame, sources = read_responses([spec, prefixed], codebook, default_encoding="utf-8-sig")
    assert len(frame) == 160 and "BG-80" in set(frame["id"]) and len(sources) == 2
