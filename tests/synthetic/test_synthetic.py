"""Tests of the synthetic sample data (analysis.synthetic) and of the committed files.

The committed files under data/raw/sample must be exactly what the generator writes, in exactly
the formats of a real LimeSurvey 6 server (checked against the reference exports of LimeSurvey
6.1.8 when they are available), and planted.json must describe what is really in the data.
"""

from __future__ import annotations

import csv
import io
import json
import re
import statistics
from datetime import date, datetime
from pathlib import Path

import pytest
from defusedxml import ElementTree

from analysis.ingest.lss import parse_lss
from analysis.synthetic import generate_samples
from analysis.synthetic.export import limesurvey_csv
from analysis.synthetic.lss import Node, render

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "raw" / "sample"
# files written by a real LimeSurvey 6.1.8 server (see tests/data/limesurvey_6_1_8/README.md)
REFERENCE = ROOT / "tests" / "data" / "limesurvey_6_1_8"


FILES = (
    "README.md",
    "regional/exports/responses_abbreviated_long_en.csv",
    "regional/exports/responses_abbreviated_short_sl.csv",
    "regional/exports/responses_code_short.json",
    "regional/exports/responses_code_short.xlsx",
    "regional/exports/responses_excel_bg_cp1251.csv",
    "regional/exports/responses_excel_el_cp1253.csv",
    "regional/exports/responses_full_long_bg.csv",
    "regional/exports/responses_full_long_en.csv",
    "regional/exports/responses_full_long_en.json",
    "regional/exports/responses_full_long_es.csv",
    "regional/exports/responses_full_long_mk.csv",
    "regional/exports/responses_full_short_el.csv",
    "regional/exports/responses_full_short_ro.csv",
    "regional/exports/responses_plugin_rdata.csv",
    "regional/exports/responses_plugin_rsyntax.R",
    "regional/exports/responses_plugin_spsssav.sav",
    "regional/exports/responses_plugin_stataxml.xml",
    "regional/interviews/es_univ_02.txt",
    "regional/interviews/gr_rda_01.md",
    "regional/interviews/mk_ngo_04.txt",
    "regional/interviews/mk_ngo_04.yml",
    "regional/interviews/ro_pubauth_03.docx",
    "regional/planted.json",
    "regional/planted_interviews.json",
    "regional/responses.csv",
    "regional/survey.lss",
    "sector/interviews/be_const_01.txt",
    "sector/interviews/bg_wood_04.txt",
    "sector/interviews/es_manuf_02.md",
    "sector/interviews/it_agri_03.docx",
    "sector/interviews/it_agri_03.yml",
    "sector/planted.json",
    "sector/planted_interviews.json",
    "sector/responses.csv",
    "sector/responses_bg.csv",
    "sector/survey.lss",
)
#: Sections of a LimeSurvey 6.1.8 (DB 607) structure export, as in the reference.
LSS_SECTIONS = (
    "LimeSurveyDocType", "DBVersion", "languages", "answers", "answer_l10ns", "groups",
    "group_l10ns", "questions", "subquestions", "question_l10ns", "question_attributes", "surveys",
    "surveys_languagesettings", "themes", "themes_inherited",
)
SECTOR_META = [
    "id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr",
]
REGIONAL_META = [
    "id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate", "datestamp",
]
EXPORTS = {
    # file -> (encoding, date format, id prefix)
    "sector/responses.csv": ("utf-8-sig", "%Y-%m-%d %H:%M:%S", ""),
    "sector/responses_bg.csv": ("cp1251", "%d.%m.%Y %H:%M", "BG-"),
    "regional/responses.csv": ("utf-8-sig", "%Y-%m-%d %H:%M:%S", ""),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return generate_samples(tmp_path_factory.mktemp("sample"))


def _records(name: str) -> tuple[list[str], list[dict[str, str]]]:
    encoding, _fmt, _prefix = EXPORTS[name]
    text = (SAMPLE / name).read_bytes().decode(encoding)
    rows = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") if row]
    return rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _planted(folder: str) -> dict:
    return json.loads((SAMPLE / folder / "planted.json").read_text(encoding="utf-8"))


# --- regeneration --------------------------------------------------------------------------


def test_regenerating_gives_the_committed_files_byte_for_byte(generated: dict[str, Path]) -> None:
    assert sorted(generated) == sorted(FILES)
    committed = sorted(
        str(p.relative_to(SAMPLE)) for p in SAMPLE.rglob("*") if p.is_file()
    )
    assert committed == sorted(FILES)
    for name, path in generated.items():
        assert path.read_bytes() == (SAMPLE / name).read_bytes(), f"{name} differs"


def test_readme_says_first_that_everything_is_synthetic() -> None:
    head = (SAMPLE / "README.md").read_text(encoding="utf-8").splitlines()[:3]
    assert "SYNTHETIC" in head[0]
    assert "no real person" in " ".join(head)
    assert ".venv/bin/python -m analysis.synthetic" in (SAMPLE / "README.md").read_text("utf-8")


# --- LimeSurvey CSV export -----------------------------------------------------------------

_ALL_QUOTED = re.compile(r'(?:"(?:[^"]|"")*"(?:;"(?:[^"]|"")*")*\r\n)+\r\n')


@pytest.mark.parametrize("name", ["sector/responses.csv", "regional/responses.csv"])
def test_limesurvey_csv_format(name: str) -> None:
    data = (SAMPLE / name).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    # every field double-quoted, ";" between fields, CRLF row ends, empty line at the end
    assert _ALL_QUOTED.fullmatch(text)
    assert "\r" not in text.replace("\r\n", "")
    header, records = _records(name)
    newline_answers = [v for r in records for v in r.values() if "\n" in v]
    assert newline_answers and all("\r" not in v for v in newline_answers)  # bare LF inside
    rows = [header] + [list(r.values()) for r in records]
    assert limesurvey_csv(rows[0], rows[1:]) == data
    for record in records:
        for column in ("submitdate", "startdate", "datestamp"):
            assert record[column] == "" or re.fullmatch(
                r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", record[column]
            )


def test_metadata_columns_come_first_in_limesurvey_order() -> None:
    assert _records("sector/responses.csv")[0][:8] == SECTOR_META
    assert _records("regional/responses.csv")[0][:8] == REGIONAL_META
    assert _records("sector/responses_bg.csv")[0][:8] == SECTOR_META
    assert _records("regional/responses.csv")[0][8] == "COUNTRY"


def test_metadata_order_agrees_with_the_reference_export() -> None:
    text = (REFERENCE / "responses_code_short.csv").read_bytes().decode("utf-8-sig")
    reference = next(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    fixed = reference[: reference.index("COUNTRY")]
    # the reference survey records neither tokens nor IP addresses
    assert [h for h in SECTOR_META if h != "ipaddr"] == fixed
    assert [h for h in REGIONAL_META if h != "token"] == fixed


def test_csv_writer_reproduces_the_reference_export() -> None:
    data = (REFERENCE / "responses_code_short.csv").read_bytes()
    rows = [
        r for r in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";") if r
    ]
    assert limesurvey_csv(rows[0], rows[1:]) == data


# --- .lss structure export -------------------------------------------------------------------


def _node(element, in_row: bool = False) -> Node:
    """An element tree as the writer's nodes: table cells (inside <row>) are CDATA."""
    children = list(element)
    if children:
        inside = in_row or element.tag == "row"
        return Node(element.tag, children=[_node(c, inside) for c in children])
    return Node(element.tag, element.text, cdata=in_row)


def _sections(data: bytes) -> dict[str, list[str] | None]:
    root = ElementTree.fromstring(data)
    assert root.tag == "document"
    return {
        child.tag: [f.text for f in child.find("fields")] if child.find("fields") is not None
        else None
        for child in root
    }


@pytest.mark.parametrize("folder", ["sector", "regional"])
def test_lss_sections_and_fields(folder: str) -> None:
    data = (SAMPLE / folder / "survey.lss").read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<document>\n <Lime')
    sections = _sections(data)
    assert tuple(sections) == LSS_SECTIONS
    reference = _sections((REFERENCE / "survey_845123_structure.lss").read_bytes())
    assert list(sections) == list(reference)
    assert sections == reference  # the same <fields> list in every table
    # XMLWriter style (one space per level, cells in CDATA, empty cells as <name/>): the file is
    # exactly what the writer that reproduces the reference export makes of its own content
    assert render(_node(ElementTree.fromstring(data))) == data
    assert b"<randomization_group/>" in data and b"<![CDATA[" in data


def test_lss_writer_reproduces_the_reference_structure_export() -> None:
    data = (REFERENCE / "survey_845123_structure.lss").read_bytes()
    assert render(_node(ElementTree.fromstring(data))) == data


@pytest.mark.parametrize(
    ("folder", "sid", "additional", "csv_name"),
    [
        ("sector", 518342, ["it", "bg", "es", "fi"], "sector/responses.csv"),
        ("regional", 736514, ["bg", "ro", "el", "sl", "mk", "es"], "regional/responses.csv"),
    ],
)
def test_lss_describes_the_exported_columns(
    folder: str, sid: int, additional: list[str], csv_name: str
) -> None:
    data = (SAMPLE / folder / "survey.lss").read_bytes()
    root = ElementTree.fromstring(data)
    survey = root.find("surveys/rows/row")
    assert survey.findtext("sid") == str(sid)
    assert survey.findtext("language") == "en"
    assert survey.findtext("additional_languages").split() == additional
    assert [e.text for e in root.findall("languages/language")] == [*additional, "en"]
    codebook = parse_lss(data)
    header = _records(csv_name)[0]
    # LimeSurvey's fieldmap from the structure alone: fixed columns, each question's columns
    # (comments, "other"), timings, and the participant columns the export ticked
    participants = folder == "regional"
    assert [f.heading for f in codebook.fieldmap(participants=participants)] == header
    for language in ["en", *additional]:
        assert codebook.title(language)
        for question in codebook.questions.values():
            assert question.texts.get(language), (question.code, language)
            assert all(s.labels.get(language) for s in question.subquestions)
            assert all(a.labels.get(language) for a in question.answers)


def test_regional_dual_scale_has_editor_codes_and_no_assessment_values() -> None:
    root = ElementTree.fromstring((SAMPLE / "regional" / "survey.lss").read_bytes())
    qid = next(
        r.findtext("qid") for r in root.findall("questions/rows/row") if r.findtext("title") == "RATE"
    )
    rate = [r for r in root.findall("answers/rows/row") if r.findtext("qid") == qid]
    for scale in ("0", "1"):
        codes = [r.findtext("code") for r in rate if r.findtext("scale_id") == scale]
        assert codes == ["A1", "A2", "A3", "A4", "A5", "DK"]
    assert {r.findtext("assessment_value") for r in rate} == {"0"}
    survey = root.find("surveys/rows/row")
    assert survey.findtext("savetimings") == "Y"
    attributes = json.loads(survey.findtext("attributedescriptions"))
    assert attributes["attribute_1"]["description"] == "Region"


# --- the Excel re-saved Bulgarian file -----------------------------------------------------


def test_bulgarian_file_was_resaved_by_excel() -> None:
    data = (SAMPLE / "sector" / "responses_bg.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("cp1251")
    assert not text.startswith("\ufeff") and not data.startswith(b"\xef\xbb\xbf")
    assert text.endswith("\r\n") and not text.endswith("\r\n\r\n")
    assert "\r" not in text.replace("\r\n", "")
    header, records = _records("sector/responses_bg.csv")
    assert {r["COUNTRY"] for r in records} == {"BG"}
    assert [r["id"] for r in records] == [str(i) for i in range(1, len(records) + 1)]

    def excel(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if re.search('[;"\r\n]', value) else value

    rebuilt = "".join(
        ";".join(excel(v) for v in row) + "\r\n"
        for row in [header] + [list(r.values()) for r in records]
    )
    assert rebuilt == text  # quotes only where needed
    assert any(v.startswith('"') for v in text.split(";"))
    for record in records:
        for column in ("submitdate", "startdate", "datestamp"):
            assert record[column] == "" or re.fullmatch(
                r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}", record[column]
            )
    texts = [r["OPENNEEDS"] for r in records]
    assert any("?" in t for t in texts)  # emoji and other characters outside cp1251


# --- planted.json against the data -----------------------------------------------------------


def _survey_rows(folder: str) -> list[dict[str, str]]:
    rows = []
    for name, (_encoding, fmt, prefix) in EXPORTS.items():
        if name.startswith(folder + "/"):
            for record in _records(name)[1]:
                record = dict(record)
                record["_id"] = prefix + record["id"]
                for column in ("submitdate", "startdate", "datestamp"):
                    record[column] = (
                        datetime.strptime(record[column], fmt) if record[column] else None
                    )
                rows.append(record)
    return rows


@pytest.mark.parametrize("folder", ["sector", "regional"])
def test_planted_flaws_are_exactly_what_the_data_show(folder: str) -> None:
    planted = _planted(folder)
    flaws = planted["flaws"]
    rows = _survey_rows(folder)
    assert planted["n_raw"] == len(rows)
    for name, info in planted["files"].items():
        assert info["rows"] == len(_records(f"{folder}/{name}")[1])
    codebook = parse_lss((SAMPLE / folder / "survey.lss").read_bytes())
    page = {c.heading: codebook[c.question].group_order for c in codebook.columns()}
    answers = list(page)
    importance = planted["dimensions"]["importance"]
    proficiency = planted["dimensions"]["proficiency"]

    # each response has at most one flaw
    listed = [
        *flaws["incomplete"], *flaws["test"], *flaws["speeder"], *flaws["straightliner"],
        *(d["id"] for d in flaws["duplicate"]), *(d["same_as"] for d in flaws["duplicate"]),
    ]
    assert len(listed) == len(set(listed))

    opened = date.fromisoformat(planted["fieldwork_open"])
    tests = [r for r in rows if r["startdate"].date() < opened]
    assert sorted(r["_id"] for r in tests) == sorted(flaws["test"])
    assert all(r["submitdate"] for r in tests)
    assert all(r[planted["test_marker_column"]] == planted["test_markers"][r["_id"]] for r in tests)
    rest = [r for r in rows if r not in tests]

    incomplete = [r for r in rest if r["submitdate"] is None]
    assert sorted(r["_id"] for r in incomplete) == sorted(flaws["incomplete"])
    for r in incomplete:
        assert r["lastpage"] in {"1", "2"} and r["datestamp"] is not None
        assert all(r[h] == "" for h in answers if page[h] > int(r["lastpage"]))
        assert any(r[h] != "" for h in answers if page[h] <= int(r["lastpage"]))
    rest = [r for r in rest if r["submitdate"] is not None]

    groups: dict[tuple[str, ...], list[dict[str, str]]] = {}
    for r in sorted(rest, key=lambda r: r["submitdate"]):
        groups.setdefault(tuple(r[h] for h in answers), []).append(r)
    pairs = sorted(
        ({"id": g[-1]["_id"], "same_as": g[0]["_id"]} for g in groups.values() if len(g) > 1),
        key=lambda d: d["id"],
    )
    assert all(len(g) <= 2 for g in groups.values())
    assert pairs == sorted(flaws["duplicate"], key=lambda d: d["id"])
    by_id = {r["_id"]: r for r in rows}
    for pair in flaws["duplicate"]:
        later, earlier = by_id[pair["id"]], by_id[pair["same_as"]]
        assert 0 < (later["submitdate"] - earlier["submitdate"]).total_seconds() < 3 * 3600
        same = ("ipaddr", "token")
        assert all(later.get(k) == earlier.get(k) for k in same)
    earlier_ids = {d["same_as"] for d in flaws["duplicate"]}
    rest = [r for r in rest if r["_id"] not in earlier_ids]

    # a battery is a question and, in a dual-scale array, one of its scales
    items = sorted(planted["expected_means"])
    templates = planted.get(
        "battery_columns", {"importance": f"{importance}[{{item}}]",
                            "proficiency": f"{proficiency}[{{item}}]"},
    )
    columns = {d: [t.format(item=i) for i in items] for d, t in templates.items()}
    assert all(c in answers for cs in columns.values() for c in cs)

    def flat(r: dict[str, str], dimension: str) -> bool:
        values = [r[h] for h in columns[dimension] if r[h] not in ("", "DK")]
        return len(values) >= 10 and len(set(values)) == 1

    straight = [r["_id"] for r in rest if flat(r, "importance") or flat(r, "proficiency")]
    assert sorted(straight) == sorted(flaws["straightliner"])
    assert all(flat(by_id[i], "importance") and flat(by_id[i], "proficiency") for i in straight)

    # speeders: LimeSurvey's interviewtime where the export has it (the speeder rule's measure),
    # the median over the responses no rule excludes
    wall = {r["_id"]: (r["submitdate"] - r["startdate"]).total_seconds() for r in rest}
    timed = "interviewtime" in rest[0]
    seconds = {r["_id"]: float(r["interviewtime"]) for r in rest} if timed else wall
    median = statistics.median(s for i, s in seconds.items() if i not in flaws["speeder"]
                               and i not in straight)
    fast = [i for i, s in seconds.items() if s < 0.3 * median]
    assert sorted(fast) == sorted(flaws["speeder"])
    assert all(s < 0.2 * median for i, s in seconds.items() if i in fast)
    assert all(s >= 0.45 * median for i, s in seconds.items() if i not in fast)
    if timed:
        speed = planted["speeder_rule"]
        assert speed["measure"] == "interviewtime"
        assert sorted(speed["by_interviewtime_only"] + speed["by_dates_too"]) == sorted(fast)
        assert len(speed["by_interviewtime_only"]) >= 2
        wall_median = statistics.median(s for i, s in wall.items() if i not in fast)
        for i in speed["by_interviewtime_only"]:  # the dates look normal: only timings tell
            assert wall[i] >= 0.45 * wall_median
            row = by_id[i]
            pages = [float(row[f"groupTime{g}"]) for g in (1, 2, 3)]
            assert abs(sum(pages) - float(row["interviewtime"])) < 0.011
            assert all(p < 0.2 * median for p in pages)
        for i in speed["by_dates_too"]:  # the wall-clock speeders are fast on the pages too
            assert wall[i] < 0.2 * wall_median
    rest = [r for r in rest if r["_id"] not in fast]
    straight = [i for i in straight if i not in fast]

    expected = planted["expected_exclusions"]
    assert expected == {
        "test_response": len(flaws["test"]), "incomplete": len(flaws["incomplete"]),
        "duplicate": len(flaws["duplicate"]), "speeder": len(flaws["speeder"]),
        "straightliner": len(flaws["straightliner"]),
    }
    assert planted["n_clean"] == len(rows) - sum(expected.values()) == len(rest) - len(straight)


def test_planted_shares_and_rates() -> None:
    sector, regional = _planted("sector"), _planted("regional")
    assert 1400 <= sector["n_raw"] <= 1600
    assert 250 <= sector["files"]["responses_bg.csv"]["rows"] <= 350
    assert 4 <= len(sector["flaws"]["test"]) <= 8 and 4 <= len(regional["flaws"]["test"]) <= 8
    for record in (sector, regional):
        n = record["n_raw"]
        assert 0.08 <= len(record["flaws"]["incomplete"]) / n <= 0.12
        assert 0.005 <= len(record["flaws"]["duplicate"]) / n <= 0.015
        speeders = record["speeder_rule"].get("by_dates_too", record["flaws"]["speeder"])
        assert 0.015 <= len(speeders) / n <= 0.025  # plus a few found by interviewtime only
        assert 0.015 <= len(record["flaws"]["straightliner"]) / n <= 0.025
        assert 0.01 <= record["no_answer_share"] <= 0.03
    assert 0.04 <= regional["dont_know_share"] <= 0.06
    assert len(set(sector["null_skills"])) >= 6 and "SQ019" in sector["zero_gap_skills"]
    assert len(set(regional["null_skills"]) & set(regional["zero_gap_skills"])) >= 4
    assert sector["effects"]["sector"]["CONST"]["SQ012"] == {"proficiency": -1.2}
    assert any(i.startswith("BG-") for i in sector["flaws"]["test"])


def _kept(folder: str) -> list[dict[str, str]]:
    planted = _planted(folder)
    flaws = planted["flaws"]
    excluded = {
        *flaws["test"], *flaws["incomplete"], *flaws["speeder"], *flaws["straightliner"],
        *(d["same_as"] for d in flaws["duplicate"]),
    }
    return [r for r in _survey_rows(folder) if r["_id"] not in excluded]


def _mean(values: list[str]) -> float:
    numbers = [float(v.lstrip("A")) for v in values if v not in ("", "DK")]
    return sum(numbers) / len(numbers)


def test_planted_effects_are_visible_in_the_sector_data() -> None:
    kept = _kept("sector")
    const = [r for r in kept if r["SECTOR"] == "CONST"]
    others = [r for r in kept if r["SECTOR"] != "CONST"]
    delta = _mean([r["PROFIC[SQ012]"] for r in const]) - _mean(
        [r["PROFIC[SQ012]"] for r in others]
    )
    assert -1.5 < delta < -0.9
    gap = _mean([r["IMPORT[SQ019]"] for r in kept]) - _mean([r["PROFIC[SQ019]"] for r in kept])
    assert abs(gap) < 0.15
    emails = [r["EMAIL"] for r in kept if r["EMAIL"]]
    assert 0.25 < len(emails) / len(kept) < 0.35
    assert all(re.search(r"@example\.(org|com|net)\s*$", e) for e in emails)


def test_regional_large_gaps_lead_in_every_country() -> None:
    kept = _kept("regional")
    items = [f"C{n:02d}" for n in range(1, 16)]
    for country in ("BG", "RO", "GR", "SI", "MK", "ES"):
        rows = [r for r in kept if r["COUNTRY"] == country]
        gaps = {
            i: _mean([r[f"RATE[{i}][1]"] for r in rows]) - _mean([r[f"RATE[{i}][2]"] for r in rows])
            for i in items
        }
        others = [v for k, v in gaps.items() if k not in ("C06", "C07")]
        assert min(gaps["C06"], gaps["C07"]) > max(others)


def test_the_speeder_rule_finds_the_planted_regional_speeders() -> None:
    # the project's own rule (analysis.clean.rules.speeders, default threshold) on the file: it
    # uses interviewtime, so the speeders whose dates look normal are found too
    import pandas as pd

    from analysis.clean import rules
    from analysis.config import SpeedersRule

    planted = _planted("regional")
    flaws = planted["flaws"]
    header, records = _records("regional/responses.csv")
    frame = pd.DataFrame(records, columns=header)
    earlier = {d["same_as"] for d in flaws["duplicate"]}
    dropped = set(flaws["test"]) | set(flaws["incomplete"]) | earlier
    frame = frame[~frame["id"].isin(dropped)]
    later = frame.index[frame["id"].isin(flaws["straightliner"])]
    found = rules.speeders(frame, SpeedersRule(), not_in_median=later)
    assert sorted(frame.loc[found.index, "id"]) == sorted(flaws["speeder"])
    assert set(planted["speeder_rule"]["by_interviewtime_only"]) < set(flaws["speeder"])
    without_timings = rules.speeders(frame.drop(columns="interviewtime"), SpeedersRule(),
                                     not_in_median=later)
    assert sorted(frame.loc[without_timings.index, "id"]) == sorted(
        planted["speeder_rule"]["by_dates_too"]
    )
