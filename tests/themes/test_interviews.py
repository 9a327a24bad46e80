"""Interview notes: every format and metadata style read, every mistake named, every name redacted."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from sample_project import ROOT

from analysis.config import SurveyConfig, load_survey_config
from analysis.errors import ConfigError, InputError
from analysis.ingest import RawSurvey, ingest
from analysis.synthetic.interviews import docx_bytes
from analysis.themes.interviews import (
    SEGMENT_COLUMNS,
    NameList,
    parse_docx,
    participant_names,
    read_interviews,
    read_note,
    redact_names,
)

SAMPLE = ROOT / "data" / "raw" / "sample"


@pytest.fixture(scope="module")
def surveys() -> dict[str, tuple[SurveyConfig, RawSurvey]]:
    out = {}
    for name in ("sector", "regional"):
        config = load_survey_config(ROOT / "config" / "surveys" / f"{name}.yml")
        out[name] = (config, ingest(config))
    return out


@pytest.fixture(scope="module")
def segments(surveys) -> dict[str, pd.DataFrame]:
    return {name: read_interviews(config, raw) for name, (config, raw) in surveys.items()}


def _planted(survey: str) -> dict:
    return json.loads((SAMPLE / survey / "planted_interviews.json").read_text("utf-8"))["notes"]


def _note_text(frame: pd.DataFrame, stem: str) -> str:
    return "\n".join(frame.loc[frame["source_id"] == stem, "text"])


def _with_folder(surveys, name: str, folder: Path) -> tuple[SurveyConfig, RawSurvey]:
    config, raw = surveys[name]
    return config.model_copy(update={"interviews": folder}), raw


def _read(surveys, tmp_path: Path, files: dict[str, str | bytes], survey: str = "sector") -> pd.DataFrame:
    folder = tmp_path / "interviews"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    config, raw = _with_folder(surveys, survey, folder)
    return read_interviews(config, raw)


# --- the sample -------------------------------------------------------------------------------------


@pytest.mark.parametrize("survey", ["sector", "regional"])
def test_the_sample_notes_are_segments_with_their_metadata(segments, survey):
    frame = segments[survey]
    assert tuple(frame.columns) == SEGMENT_COLUMNS
    assert (frame.dtypes == "string").all()
    assert set(frame["source"]) == {"interview"}
    assert set(frame["question"]) == {""}
    planted = _planted(survey)
    assert sorted(frame["source_id"].unique()) == sorted(planted)
    formats = {note["format"] for note in planted.values()}
    styles = {note["metadata"] for note in planted.values()}
    assert formats == {"txt", "md", "docx"}
    assert {"yaml_header", "sidecar"} <= styles
    for stem, note in planted.items():
        rows = frame[frame["source_id"] == stem]
        assert len(rows) >= 4, stem  # one row per paragraph
        for key in ("partner", "sector", "respondent_type", "language", "date"):
            values = rows[key].unique().tolist()
            expected = note[key] if note[key] is not None else pd.NA
            assert len(values) == 1 and (values[0] is expected or values[0] == expected), (stem, key)


def test_both_metadata_header_styles_and_the_sidecar_appear_in_the_sample():
    styles = {n["metadata"] for s in ("sector", "regional") for n in _planted(s).values()}
    assert styles == {"yaml_header", "key_value_header", "sidecar"}


@pytest.mark.parametrize("survey", ["sector", "regional"])
def test_every_planted_name_email_and_phone_is_redacted(segments, survey):
    frame = segments[survey]
    for stem, note in _planted(survey).items():
        text = _note_text(frame, stem)
        for name in note["names"]:
            flags = re.IGNORECASE if " " in name else 0  # full names in any case; parts as written
            assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags), (stem, name)
        for email in note["emails"]:
            assert email not in text and email.split("@")[0] not in text, (stem, email)
        for phone in note["phones"]:
            assert phone not in text and phone.replace(" ", "") not in text.replace(" ", ""), (stem, phone)
        assert "[name]" in text and "[e-mail]" in text and "[phone]" in text


@pytest.mark.parametrize("survey", ["sector", "regional"])
def test_the_planted_theme_words_survive_redaction(segments, survey):
    frame = segments[survey]
    for stem, note in _planted(survey).items():
        text = _note_text(frame, stem)
        for theme, phrases in note["themes"].items():
            for phrase in phrases:
                assert phrase in text, (stem, theme, phrase)
        for words in note.get("kept_words", []):
            assert words in text, (stem, words)


def test_no_participant_name_appears_in_the_segments(surveys, segments):
    responses = surveys["regional"][1].responses
    pairs = responses[["firstname", "lastname"]].drop_duplicates().itertuples(index=False)
    text = "\n".join(segments["regional"]["text"]) + "\n" + "\n".join(segments["regional"]["source_id"])
    for first, last in pairs:
        for full in (f"{first} {last}", f"{last} {first}", f"{last}, {first}"):
            assert full.lower() not in text.lower()
        for part in (first, last):
            assert not re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text), part
            assert part.upper() not in text
    assert not re.search(r"(?i)testova", text)  # a name and no word: gone in any case
    # the note mentions the participants of the table by name: they were really redacted
    mentioned = [n for s in ("regional",) for note in _planted(s).values() for n in note["participants"]]
    assert mentioned and text.count("[name]") >= len(mentioned)


def test_the_sample_configs_name_their_interview_folders():
    for name in ("sector", "regional"):
        config = load_survey_config(ROOT / "config" / "surveys" / f"{name}.yml")
        assert config.path(config.interviews) == ROOT / "data" / "raw" / "sample" / name / "interviews"


def test_a_survey_without_interviews_gives_no_rows(surveys):
    config, raw = surveys["sector"]
    frame = read_interviews(config.model_copy(update={"interviews": None}), raw)
    assert frame.empty and tuple(frame.columns) == SEGMENT_COLUMNS


# --- reading each format ----------------------------------------------------------------------------


def test_a_key_value_header_ends_at_the_first_blank_line(tmp_path):
    note = tmp_path / "n1.txt"
    note.write_text(
        "Partner: BE\nSector: const\nRespondent-type: VET\nLanguage: en\nDate: 2025-01-02\n"
        "People: Ann Vos; Bob Li\n\nFirst line\nstill the first paragraph.\n\n\nSecond: not a header.\n",
        "utf-8",
    )
    meta, paragraphs = read_note(note)
    assert meta == {"partner": "BE", "sector": "const", "respondent_type": "VET", "language": "en",
                    "date": "2025-01-02", "people": ["Ann Vos", "Bob Li"]}
    assert paragraphs == ["First line still the first paragraph.", "Second: not a header."]


def test_a_note_without_a_header_is_all_text(tmp_path):
    note = tmp_path / "n2.txt"
    note.write_text("Meeting: the first line looks like a key.\n\nSecond.", "utf-8")
    assert read_note(note) == ({}, ["Meeting: the first line looks like a key.", "Second."])


def test_yaml_front_matter_and_markdown_blocks(tmp_path):
    note = tmp_path / "n3.md"
    note.write_text(
        "\ufeff---\npartner: IT\ndate: 2025-03-04\npeople:\n  - Ann Vos\n---\n# Title\n\n"
        "Text of a\nparagraph.\n- one point\n* another\n1. numbered\n> quoted\n",
        "utf-8",
    )
    meta, paragraphs = read_note(note)
    assert meta["partner"] == "IT" and meta["people"] == ["Ann Vos"]
    assert str(meta["date"]) == "2025-03-04"
    assert paragraphs == ["Title", "Text of a paragraph.", "one point", "another", "numbered", "quoted"]


def test_a_docx_note_one_segment_per_paragraph_runs_joined(tmp_path):
    note = tmp_path / "n4.docx"
    tracked = (
        '<w:p><w:r><w:t>Kept</w:t></w:r><w:del><w:r><w:delText>deleted</w:delText></w:r></w:del>'
        '<w:r><w:tab/><w:t>after tab</w:t><w:br/><w:t>after break</w:t></w:r></w:p>'
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>in a table</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
    )
    note.write_bytes(docx_bytes(["---", "language: it", "---", "Uno |due| tre.", "", "Quattro."], tracked))
    assert parse_docx(note)[3] == "Uno due tre."
    meta, paragraphs = read_note(note)
    assert meta == {"language": "it"}
    assert paragraphs == ["Uno due tre.", "Quattro.", "Kept after tab after break", "in a table"]


def test_a_sidecar_gives_the_metadata(tmp_path):
    (tmp_path / "n5.docx").write_bytes(docx_bytes(["Testo."]))
    (tmp_path / "n5.yml").write_text("partner: IT\nrespondent type: VET\n", "utf-8")
    assert read_note(tmp_path / "n5.docx") == ({"partner": "IT", "respondent_type": "VET"}, ["Testo."])


def test_codes_are_matched_without_regard_to_case_and_language_defaults_to_the_base(surveys, tmp_path):
    frame = _read(surveys, tmp_path, {"n6.txt": "Partner: be\nSector: const\n\nText."})
    assert frame[["partner", "sector", "language"]].iloc[0].tolist() == ["BE", "CONST", "en"]
    assert frame["respondent_type"].isna().all() and frame["date"].isna().all()


def test_lock_files_hidden_files_and_a_readme_are_not_notes(surveys, tmp_path):
    frame = _read(surveys, tmp_path, {
        "n7.txt": "Text.", "~$n7.docx": b"lock", ".DS_Store": b"\0", "README.md": "About these notes.",
    })
    assert frame["source_id"].tolist() == ["n7"]


# --- names --------------------------------------------------------------------------------------


def test_the_name_rule():
    names = NameList.from_names([("Elena", "Testova"), ("Petar", "Sample"), ("Li", "Wu"), ("Ann Vos",)])
    text, count = redact_names(
        "ELENA TESTOVA and Testova, Elena met testova. Mr Sample took a sample; SAMPLE too. "
        "Li Wu came, Li and Wu stayed. Vos and Ann. Sampler and Testovas stay.",
        names, "en",
    )
    assert text == (
        "[name] and [name] met [name]. Mr [name] took a sample; [name] too. "
        "[name] came, Li and Wu stayed. [name] and [name]. Sampler and Testovas stay."
    )
    assert count == 8


def test_participant_names_come_from_the_export_columns():
    frame = pd.DataFrame({"firstname": ["Ana", "Ana", None], "lastname": ["Demo", "Demo", "Solo"]})
    names = participant_names(frame)
    assert "Ana Demo" in names.full and "Demo Ana" in names.full and "Demo, Ana" in names.full
    assert set(names.parts) == {"Ana", "Demo", "Solo"}
    assert not participant_names(pd.DataFrame({"EMAIL": ["a@b.example"]}))


def test_names_in_the_people_list_are_redacted(surveys, tmp_path):
    frame = _read(surveys, tmp_path, {
        "n8.txt": "---\npeople: [Jana Nováková]\n---\nJana Nováková and Ms Nováková said: ring "
                  "+420 601 123 456 or write to jana@firm.example.",
    })
    assert frame["text"].tolist() == ["[name] and Ms [name] said: ring [phone] or write to [e-mail]."]


# --- every mistake ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"n.pdf": b"%PDF"}, r"n\.pdf: interview notes must be \.txt, \.md, \.docx files"),
        ({"n.docx": b"not a zip"}, r"n\.docx: not a Word \.docx file \(not a zip archive\)"),
        ({"n.txt": b"Caf\xe9"}, r"n\.txt, line 1: not UTF-8 \(byte 0xe9\)"),
        ({"n.txt": "---\npartner: BE\n\nText"}, r"n\.txt, line 1: the metadata header opened with '---' "
                                                r"is never closed"),
        ({"n.txt": "---\npartner: [BE\n---\nText"},
         r"n\.txt, line \d: the metadata header is not valid YAML"),
        ({"n.txt": "---\n- BE\n---\nText"},
         r"n\.txt, line 1: the metadata header must be 'key: value' lines"),
        ({"n.txt": "---\nregion: BE\n---\nText"},
         r"n\.txt, line 1: unknown metadata key 'region'; the keys are partner, sector, "
         r"respondent_type, language, date, people"),
        ({"n.txt": "Partner: BE\nRegion: Flanders\n\nText"},
         r"n\.txt, line 2: unknown metadata key 'Region'"),
        ({"n.txt": "Partner: BE\nno colon here\n\nText"}, r"n\.txt, line 2: a line of the metadata header is "
                                                          r"not 'Key: value'"),
        ({"n.txt": "Text", "n.yml": "partner: [BE"}, r"n\.yml: cannot read the metadata \(ScannerError|"
                                                     r"n\.yml: cannot read the metadata \(ParserError"),
        ({"n.txt": "Text", "n.yml": "- BE"}, r"n\.yml: the metadata must be 'key: value' lines"),
        ({"n.txt": "Partner: BE\n\nText", "n.yml": "partner: IT"}, r"n\.txt: partner is given both in the "
                                                                   r"note's header and in n\.yml"),
        ({"n.txt": "Sector: FOOD\n\nText"}, r"n\.txt: sector 'FOOD' is not an answer code of SECTOR "
                                            r"\(AGRI, MANUF, CONST, WOOD, SUSTM\)"),
        ({"n.txt": "Partner: FR\n\nText"}, r"n\.txt: partner 'FR' is not an answer code of COUNTRY "
                                           r"\(IT, BG, ES, BE, FI\)"),
        ({"n.txt": "Respondent type: CEO\n\nText"},
         r"respondent_type 'CEO' is not an answer code of RESPTYPE"),
        ({"n.txt": "Language: English\n\nText"}, r"n\.txt: language 'English' is not a language code"),
        ({"n.txt": "Date: 12/05/2025\n\nText"},
         r"n\.txt: date '12/05/2025' is not a date written YYYY-MM-DD"),
        ({"n.txt": "---\npeople: {a: b}\n---\nText"}, r"n\.txt: people must be a list of names"),
        ({"n.yml": "partner: BE"}, r"n\.yml: metadata file without a note of the same name"),
        ({"ana_demo_1.txt": "Text"}, r"ana_demo_1\.txt: the file name holds the name of a participant"),
    ],
)
def test_every_mistake_names_the_file(surveys, tmp_path, files, message):
    survey = "regional" if "ana_demo_1.txt" in files else "sector"
    with pytest.raises(InputError, match=message):
        _read(surveys, tmp_path, files, survey)


def test_a_person_of_the_people_list_in_the_file_name(surveys, tmp_path):
    with pytest.raises(InputError, match=r"nováková\.txt: the file name holds the name"):
        _read(surveys, tmp_path, {"nováková.txt": "---\npeople: [Jana Nováková]\n---\nText"})


def test_a_profile_field_the_survey_lacks(surveys, tmp_path):
    with pytest.raises(InputError, match=r"n\.txt: sector 'CONST': the survey has no sector profile field to "
                                         r"check it against; leave sector out"):
        _read(surveys, tmp_path, {"n.txt": "Sector: CONST\n\nText"}, "regional")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"no word/document\.xml inside"),
        (b"<w:document", r"word/document\.xml is not well-formed XML"),
        (b'<!DOCTYPE d [<!ENTITY e "x">]><d>&e;</d>', r"word/document\.xml cannot be read safely"),
    ],
)
def test_broken_docx_files(tmp_path, content, message):
    path = tmp_path / "n.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/other.xml" if not content else "word/document.xml", content)
    with pytest.raises(InputError, match=rf"n\.docx: .*{message}"):
        read_note(path)


def test_an_unreadable_note(tmp_path):
    for name in ("n.txt", "n.docx"):
        (tmp_path / name).mkdir()
        with pytest.raises(InputError, match=rf"{re.escape(name)}: cannot read: "):
            read_note(tmp_path / name)


def test_a_missing_folder(surveys, tmp_path):
    config, raw = _with_folder(surveys, "sector", tmp_path / "absent")
    with pytest.raises(ConfigError, match=r"sector\.yml: interviews: folder .*absent does not exist"):
        read_interviews(config, raw)


def test_yaml_values_are_read_as_written(tmp_path):
    (tmp_path / "n9.txt").write_text("---\npartner: NO\nsector: 01\ndate: 2025-01-02\n---\nText", "utf-8")
    (tmp_path / "n10.txt").write_text("Text", "utf-8")
    (tmp_path / "n10.yml").write_text("partner: yes\nrespondent_type: 010\n", "utf-8")
    assert read_note(tmp_path / "n9.txt")[0] == {"partner": "NO", "sector": "01", "date": "2025-01-02"}
    assert read_note(tmp_path / "n10.txt")[0] == {"partner": "yes", "respondent_type": "010"}


def test_a_language_code_in_capitals(surveys, tmp_path):
    assert _read(surveys, tmp_path, {"n11.txt": "Language: IT\n\nTesto."})["language"].tolist() == ["it"]
