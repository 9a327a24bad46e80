"""Every export a real LimeSurvey 6.1.8 server wrote reads into the same canonical frame."""

from __future__ import annotations

import io
import json
import time

import openpyxl
import pandas as pd
import pytest

from analysis.config import ResponseFile
from analysis.errors import InputError
from analysis.ingest.exports import detect_format
from analysis.ingest.headings import database_names, ls7_names, map_headings
from analysis.ingest.lss import read_lss
from analysis.ingest.responses import read_response_file

FOLDER = "tests/data/limesurvey_6_1_8"
#: Every response export in the folder (the R syntax file holds no data: it names the rdata CSV).
EXPORTS = [
    "responses_abbreviated_long.csv",
    "responses_abbreviated_short.csv",
    "responses_bg_code_long.json",
    "responses_bg_full_long.csv",
    "responses_bg_full_long.xls",
    "responses_code_long.csv",
    "responses_code_long.json",
    "responses_code_short.csv",
    "responses_code_short.json",
    "responses_code_short.xls",
    "responses_complete_code_short.csv",
    "responses_convertYN.csv",
    "responses_es_code_long.json",
    "responses_es_full_long.csv",
    "responses_full_long.csv",
    "responses_full_long.json",
    "responses_full_long.xls",
    "responses_full_short.csv",
    "responses_incomplete_code_short.csv",
    "responses_plugin_rdata.csv",
    "responses_plugin_spsssav.sav",
    "responses_plugin_spsssav_rc2_raw_body.bin",  # the raw RC2 reply: .sav + JSON envelope
    "responses_plugin_stataxml.xml",
    "responses_range_5_9_code_short.csv",
    "responses_subset_fields.csv",
]


@pytest.fixture(scope="module")
def codebook(limesurvey_dir):
    return read_lss(limesurvey_dir / "survey_845123_structure.lss")


@pytest.fixture(scope="module")
def canonical(limesurvey_dir, codebook):
    return read(limesurvey_dir / "responses_code_short.csv", codebook)


def read(path, codebook, require_all_columns=True, **spec):
    frame, _ = read_response_file(
        ResponseFile(path=path, **spec), codebook, default_encoding="utf-8-sig",
        require_all_columns=require_all_columns,
    )
    return frame


def assert_canonical(frame, canonical):
    """The frame equals the code export restricted to its rows and columns, cell by cell."""
    columns = [c for c in frame.columns if c not in ("_file", "_line")]
    assert set(columns) <= set(canonical.columns)
    expected = canonical.set_index("id").loc[frame["id"], [c for c in columns if c != "id"]]
    got = frame.set_index("id")[expected.columns]
    assert got.map(type).eq(str).all().all()
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_every_export_of_the_folder_is_covered(limesurvey_dir):
    on_disk = {p.name for p in limesurvey_dir.glob("responses_*")}
    unsupported = {"responses_plugin_rsyntax.R"}  # an R script that reads the rdata CSV: no data
    assert on_disk - unsupported == set(EXPORTS)


@pytest.mark.parametrize("name", EXPORTS)
def test_export_reads_into_the_canonical_frame(name, limesurvey_dir, codebook, canonical):
    frame = read(limesurvey_dir / name, codebook, require_all_columns=False)
    assert_canonical(frame, canonical)
    expected_rows = {"responses_complete_code_short.csv": 70, "responses_incomplete_code_short.csv": 10,
                     "responses_range_5_9_code_short.csv": 5}.get(name, 80)
    assert len(frame) == expected_rows
    if name != "responses_subset_fields.csv":
        assert len(frame.columns) == len(canonical.columns)
    assert frame["_file"].iloc[0].endswith(name)


def test_open_texts_survive_every_format(limesurvey_dir, codebook):
    for name in ("responses_full_long.xls", "responses_code_short.json", "responses_plugin_spsssav.sav",
                 "responses_bg_full_long.csv"):
        texts = set(read(limesurvey_dir / name, codebook)["OTHERNEEDS"])
        assert "=SUM(A1)" in texts, name
        assert any("<script>" in t for t in texts), name
        assert any("\n" in t for t in texts) and any("\t" in t for t in texts), name
        assert any("🌱" in t for t in texts) or any(ord(c) > 0xFFFF for t in texts for c in t), name
        assert any(t.startswith("Трудно е") for t in texts), name


def test_full_headings_choose_the_matching_language(limesurvey_dir, codebook):
    header = pd.read_csv(limesurvey_dir / "responses_es_full_long.csv", sep=";", nrows=0,
                         encoding="utf-8-sig").columns.tolist()
    mapped = map_headings(header, codebook, path="es.csv")
    assert mapped.language == "es" and mapped.headings[:2] == ["id", "submitdate"]
    with pytest.raises(InputError, match="not in the survey structure"):
        map_headings(header, codebook, path="es.csv", language="bg")


def test_headings_of_several_languages_need_a_declared_language(codebook):
    # "Seed" is the fixed heading in English and in Bulgarian alike
    with pytest.raises(InputError, match="several survey languages"):
        map_headings(["Seed"], codebook, path="x.csv")
    assert map_headings(["Seed"], codebook, path="x.csv", language="bg").headings == ["seed"]


def test_long_answers_in_another_language_than_declared_are_an_error(limesurvey_dir, codebook):
    with pytest.raises(InputError, match=r"responses_bg_code_long\.json, line 1 \(response 1\), column"):
        read(limesurvey_dir / "responses_bg_code_long.json", codebook, language="en")


def test_json_short_keeps_no_answer_and_never_reached_apart_but_both_read_as_empty(
    limesurvey_dir, codebook
):
    raw = json.loads((limesurvey_dir / "responses_code_short.json").read_text("utf-8"))["responses"]
    assert raw[3]["IMPORT[SQ001]"] is None and raw[3]["id"] == 4
    frame = read(limesurvey_dir / "responses_code_short.json", codebook)
    assert frame.loc[frame["id"] == "4", "IMPORT[SQ001]"].item() == ""
    assert frame.loc[frame["id"] == "4", "lastpage"].item() == "1"


def test_formats_are_detected_from_content(limesurvey_dir):
    def kind(name):
        path = limesurvey_dir / name
        return detect_format(path, path.read_bytes(), "auto")

    assert kind("responses_code_short.xls") == "xlsx"  # a zip, whatever the extension says
    assert kind("responses_plugin_spsssav.sav") == "sav"
    assert kind("responses_code_short.json") == "limesurvey-json"
    assert kind("responses_plugin_stataxml.xml") == "stata-xml"
    assert kind("responses_code_short.csv") == "limesurvey-csv"


def test_excel_export_missing_fields_is_refused_for_analysis(tmp_path, canonical, codebook):
    workbook = openpyxl.Workbook()
    header = [c for c in canonical.columns if c not in ("_file", "_line")][:20]
    workbook.active.append(header)
    workbook.active.append(canonical[header].iloc[0].tolist())
    path = tmp_path / "narrow.xlsx"
    workbook.save(path)
    with pytest.raises(InputError, match=r"narrow\.xlsx, line 1: columns of survey 845123 are missing"):
        read(path, codebook)
    assert len(read(path, codebook, require_all_columns=False).columns) == 22


def test_database_names_of_the_fieldmap_map_to_code_headings(limesurvey_dir, codebook):
    fieldmap = json.loads((limesurvey_dir / "rc2_get_fieldmap.json").read_text("utf-8"))
    fieldmap = fieldmap.get("result", fieldmap)
    names = database_names(codebook)
    for name, entry in fieldmap.items():
        if "X" in name:
            assert name in names, name
            assert names[name].split("[")[0] == entry["title"]
    assert names["845123X3X101"] == "RANKMC[1]"  # qid 10, rank 1 (not qid 101)
    assert names["845123X2X8SQ001#1"] == "NEEDURG[SQ001][2]"
    assert names["845123X1X2other"] == "SECTOR[other]"


def test_database_names_file_reads_into_the_canonical_frame(tmp_path, limesurvey_dir, codebook, canonical):
    names = {code: db for db, code in database_names(codebook).items()}
    text = (limesurvey_dir / "responses_code_short.csv").read_bytes().decode("utf-8-sig")
    first, rest = text.split("\r\n", 1)
    first = ";".join(f'"{names.get(h.strip(chr(34)), h.strip(chr(34)))}"' for h in first.split(";"))
    path = tmp_path / "sgqa.csv"
    path.write_text(first + "\r\n" + rest, "utf-8")
    frame = read(path, codebook)
    assert "845123X1X1" not in frame and "COUNTRY" in frame
    assert_canonical(frame, canonical)


def test_limesurvey_7_names_map_through_question_ids(tmp_path, codebook, canonical):
    names = ls7_names(codebook)
    importance = codebook["IMPORT"]
    first_skill = importance.subquestions[0]
    assert names[f"Q{importance.qid}_S{first_skill.qid}"] == f"IMPORT[{first_skill.code}]"
    assert names[f"Q{codebook['COUNTRY'].qid}"] == "COUNTRY"
    assert names[f"Q{codebook['SECTOR'].qid}other"] == "SECTOR[other]"
    by_code = {code: name for name, code in names.items() if "_C" not in name}
    columns = [c for c in canonical.columns if c in by_code or c in ("id", "submitdate")]
    subset = canonical[columns].rename(columns=by_code)
    assert any(c.startswith("Q") and "_S" in c for c in subset.columns)
    path = tmp_path / "ls7.csv"
    subset.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    frame = read(path, codebook, require_all_columns=False)
    assert_canonical(frame, canonical)


def test_generic_export_reads_through_the_column_and_answer_mappings(tmp_path, codebook):
    path = tmp_path / "eusurvey.csv"
    path.write_text(
        "Contribution ID,Submitted,Country,Importance: energy efficiency,Comments,Invitation\n"
        "a1b2,08/04/2025 18:20,Bulgaria,Very important,NA,x\n"
        "c3d4,09/04/2025 09:00,Spain,Important,=SUM(A1),y\n",
        "utf-8",
    )
    spec = {
        "format": "generic",
        "encoding": "utf-8",
        "date_format": "%d/%m/%Y %H:%M",
        "columns": {"Contribution ID": "id", "Submitted": "submitdate", "Country": "COUNTRY",
                    "Importance: energy efficiency": "IMPORT[SQ001]", "Comments": "OTHERNEEDS",
                    "Invitation": ""},
        "answers": {"COUNTRY": {"Bulgaria": "BG", "Spain": "ES"},
                    "IMPORT[SQ001]": {"Very important": "5", "Important": "4"}},
    }
    frame = read(path, codebook, require_all_columns=False, **spec)
    assert frame["id"].tolist() == ["a1b2", "c3d4"]
    assert frame["COUNTRY"].tolist() == ["BG", "ES"]
    assert frame["IMPORT[SQ001]"].tolist() == ["5", "4"]
    assert frame["OTHERNEEDS"].tolist() == ["NA", "=SUM(A1)"]
    assert frame["submitdate"].tolist() == ["2025-04-08 18:20:00", "2025-04-09 09:00:00"]
    assert "Invitation" not in frame and frame["_line"].tolist() == [2, 3]
    with pytest.raises(InputError, match="all fields|no column is mapped"):
        read(path, codebook, **spec)

    unknown = dict(spec, answers={"COUNTRY": {"Bulgaria": "BG"}})
    with pytest.raises(
        InputError, match=r"eusurvey\.csv, line 3 \(response c3d4\), column COUNTRY: answer 'Spain'"
    ):
        read(path, codebook, require_all_columns=False, **unknown)

    unmapped = dict(spec, columns={k: v for k, v in spec["columns"].items() if k != "Invitation"})
    with pytest.raises(InputError, match="columns not mapped in responses\\[\\].columns: 'Invitation'"):
        read(path, codebook, require_all_columns=False, **unmapped)

    twice = dict(spec, columns=spec["columns"] | {"Invitation": "COUNTRY"})
    with pytest.raises(InputError, match="both mapped to COUNTRY"):
        read(path, codebook, require_all_columns=False, **twice)


def test_generic_xlsx_with_a_duplicate_heading_is_an_error(tmp_path, codebook):
    workbook = openpyxl.Workbook()
    workbook.active.append(["ID", "Country", "Country"])
    workbook.active.append(["1", "BG", "ES"])
    path = tmp_path / "forms.xlsx"
    workbook.save(path)
    with pytest.raises(
        InputError, match=r"forms\.xlsx, line 1: the heading 'Country' appears twice \(columns 2 and 3\)"
    ):
        read(path, codebook, format="generic", columns={"ID": "id", "Country": "COUNTRY"})


def test_limesurvey_xlsx_with_a_duplicate_heading_is_an_error(tmp_path, limesurvey_dir, codebook):
    data = (limesurvey_dir / "responses_code_short.xls").read_bytes()
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    workbook.active.cell(row=1, column=13).value = "COUNTRY"
    path = tmp_path / "dup.xlsx"
    workbook.save(path)
    with pytest.raises(InputError, match=r"heading 'COUNTRY' appears twice \(columns 8 and 13\)"):
        read(path, codebook)


def test_duplicate_key_in_json_is_an_error(tmp_path, codebook):
    path = tmp_path / "dup.json"
    path.write_text('{"responses": [{"id": 1, "COUNTRY": "BG", "COUNTRY": "ES"}]}', "utf-8")
    with pytest.raises(InputError, match="'COUNTRY' appears twice"):
        read(path, codebook)


@pytest.mark.parametrize("literal", ["NA", "N/A", "None", "null", "NaN", "#N/A"])
def test_literal_missing_words_stay_text(literal, tmp_path, limesurvey_dir, codebook):
    text = (limesurvey_dir / "responses_code_short.csv").read_bytes().replace(
        b'"=SUM(A1)"', f'"{literal}"'.encode(), 1
    )
    (tmp_path / "na.csv").write_bytes(text)
    frame = read(tmp_path / "na.csv", codebook)
    assert literal in set(frame["OTHERNEEDS"])
    records = json.loads((limesurvey_dir / "responses_code_short.json").read_text("utf-8"))
    records["responses"][0]["OTHERNEEDS"] = literal
    (tmp_path / "na.json").write_text(json.dumps(records), "utf-8")
    assert read(tmp_path / "na.json", codebook)["OTHERNEEDS"].iloc[0] == literal


def test_full_answer_na_is_text_in_an_open_question(tmp_path, limesurvey_dir, codebook):
    # in a long export "N/A" is LimeSurvey's never-reached word only in answer-coded columns
    text = (limesurvey_dir / "responses_full_long.csv").read_bytes().replace(b'"=SUM(A1)"', b'"N/A"', 1)
    (tmp_path / "long.csv").write_bytes(text)
    assert "N/A" in set(read(tmp_path / "long.csv", codebook)["OTHERNEEDS"])


def test_wrong_code_page_names_the_byte_offset(tmp_path, limesurvey_dir, codebook):
    text = (limesurvey_dir / "responses_bg_full_long.csv").read_bytes().decode("utf-8-sig")
    path = tmp_path / "bg_cp1251.csv"
    path.write_bytes(text.replace("🌱", "?").encode("cp1251", errors="replace"))
    with pytest.raises(InputError, match=r"bg_cp1251\.csv, line 1: cannot be decoded as utf-8-sig: byte"):
        read(path, codebook)
    frame = read(path, codebook, encoding="cp1251")
    assert frame["COUNTRY"].iloc[0] == "BG"


def test_unknown_long_answer_names_line_response_and_column(tmp_path, limesurvey_dir, codebook):
    text = (limesurvey_dir / "responses_full_long.csv").read_bytes().decode("utf-8-sig")
    lines = text.split("\r\n")
    lines[1] = lines[1].replace('"Bulgaria"', '"Bulgarie"', 1)
    (tmp_path / "fr.csv").write_text("\r\n".join(lines), "utf-8-sig")
    with pytest.raises(InputError, match=r"line 2 \(response 1\), column COUNTRY: answer 'Bulgarie'"):
        read(tmp_path / "fr.csv", codebook)


def test_all_exports_read_quickly(limesurvey_dir, codebook):
    start = time.perf_counter()
    for name in EXPORTS:
        read(limesurvey_dir / name, codebook, require_all_columns=False)
    assert time.perf_counter() - start < 15
