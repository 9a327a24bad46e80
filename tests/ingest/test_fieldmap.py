"""LimeSurvey's fieldmap: fixed columns by setting, timings, participant fields, headings by position.

Files with timings and participant fields are built here following LimeSurvey's source (the
reference survey saves no timings and has no participant table): ``createFieldMap`` and
``createTimingsFieldMap`` in application/helpers/common_helper.php, ``Writer::getHeadingText`` in
application/helpers/admin/export/Writer.php.
"""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest
from codebooks import relabel

from analysis.clean import median_page_times, timings_table
from analysis.clean.harmonise import profile_codes
from analysis.codebook import Codebook
from analysis.config import ResponseFile
from analysis.errors import ConfigError, InputError
from analysis.ingest.headings import map_headings
from analysis.ingest.lss import read_lss
from analysis.ingest.responses import read_response_file

ATTRIBUTES = json.dumps({
    "attribute_1": {"description": "Region", "mandatory": "N", "encrypted": "N"},
    "attribute_2": {"description": "Chamber", "mandatory": "N", "encrypted": "N"},
})


@pytest.fixture(scope="module")
def reference(limesurvey_dir) -> Codebook:
    return read_lss(limesurvey_dir / "survey_845123_structure.lss")


@pytest.fixture(scope="module")
def timed(reference) -> Codebook:
    """The reference survey as if it saved timings and had a participant table with attributes."""
    settings = reference.settings | {"savetimings": "Y", "attributedescriptions": ATTRIBUTES}
    return dataclasses.replace(reference, settings=settings)


def _header(limesurvey_dir, name: str) -> list[str]:
    return pd.read_csv(limesurvey_dir / name, sep=";", nrows=0, encoding="utf-8-sig").columns.tolist()


def test_fieldmap_has_limesurveys_order(limesurvey_dir, reference):
    fieldmap = json.loads((limesurvey_dir / "rc2_get_fieldmap.json").read_text("utf-8"))["result"]
    ours = [f.heading for f in reference.fieldmap()]
    assert len(ours) == len(fieldmap)
    assert ours[:7] == list(fieldmap)[:7]  # id ... datestamp: the fixed columns the settings switch on
    assert ours == _header(limesurvey_dir, "responses_code_short.csv")


def test_fixed_columns_follow_the_settings(reference):
    on = dataclasses.replace(reference, settings=reference.settings | {"ipaddr": "Y", "refurl": "Y"})
    assert on.fixed_columns(token=True) == [
        "id", "submitdate", "lastpage", "startlanguage", "seed", "token",
        "startdate", "datestamp", "ipaddr", "refurl",
    ]
    settings = reference.settings | {"anonymized": "Y", "datestamp": "N"}
    anonymous = dataclasses.replace(reference, settings=settings)
    assert anonymous.fixed_columns(token=True) == ["id", "submitdate", "lastpage", "startlanguage", "seed"]


def test_timings_come_in_createtimingsfieldmaps_order(timed):
    names = [f.heading for f in timed.timing_fields()]
    assert names[:4] == ["interviewtime", "groupTime1", "COUNTRYTime", "SECTORTime"]
    assert "groupTime2" in names and names.index("groupTime2") == names.index("YEARSEXPTime") + 1
    assert names[-1] == "OTHERNEEDSTime"
    fields = [f.heading for f in timed.fieldmap(participants=True)]
    assert fields[-len(names) - 5 : -5] == names
    assert fields[-5:] == ["firstname", "lastname", "email", "attribute_1", "attribute_2"]


def test_participant_attributes_from_json_and_php_serialised(reference):
    assert dataclasses.replace(
        reference, settings={"attributedescriptions": ATTRIBUTES}
    ).participant_attributes() == {"attribute_1": "Region", "attribute_2": "Chamber"}
    php = 'a:1:{s:11:"attribute_1";a:2:{s:11:"description";s:6:"Region";s:9:"mandatory";s:1:"N";}}'
    assert dataclasses.replace(
        reference, settings={"attributedescriptions": php}
    ).participant_attributes() == {"attribute_1": "Region"}


def _with_extra_columns(limesurvey_dir, codebook, tmp_path, header_of, name="timed.csv"):
    """The real code export with timing and participant columns appended (values per row)."""
    frame = pd.read_csv(limesurvey_dir / "responses_code_short.csv", sep=";", dtype=str,
                        keep_default_na=False, encoding="utf-8-sig")
    timings = [f.heading for f in codebook.timing_fields()]
    for i, heading in enumerate(timings):
        frame[heading] = [f"{10 + i + r}.5" for r in range(len(frame))]
    frame["firstname"] = "Ana"
    frame["lastname"] = "Petrova"
    frame["email"] = "ana@example.org"
    frame["attribute_1"] = ["North" if r % 2 else "South" for r in range(len(frame))]
    frame["attribute_2"] = "X"
    frame.columns = header_of(list(frame.columns))
    path = tmp_path / name
    frame.to_csv(path, sep=";", index=False, quoting=1, encoding="utf-8-sig")
    return path


def _read(path, codebook, **spec):
    frame, _ = read_response_file(
        ResponseFile(path=path, **spec), codebook, default_encoding="utf-8-sig"
    )
    return frame


def test_code_export_with_timings_and_participants_reads(tmp_path, limesurvey_dir, timed):
    path = _with_extra_columns(limesurvey_dir, timed, tmp_path, lambda h: h)
    frame = _read(path, timed)
    assert frame["interviewtime"].iloc[0] == "10.5"
    assert frame["groupTime1"].iloc[1] == "12.5"
    assert {"COUNTRYTime", "attribute_1", "email"} <= set(frame.columns)


def test_ls7_timing_names(timed):
    from analysis.ingest.headings import ls7_names
    names = ls7_names(timed)
    country = timed["COUNTRY"]
    assert names[f"G{country.group_id}time"] == f"groupTime{country.group_id}"
    assert names[f"Q{country.qid}time"] == "COUNTRYTime"


@pytest.mark.parametrize("style", ["database"])
def test_sgqa_and_ls7_timing_names_map(tmp_path, limesurvey_dir, timed, style):
    sid = timed.survey_id
    by_code = {q.code: q for q in timed.questions.values()}

    def rename(headings: list[str]) -> list[str]:
        out = []
        for h in headings:
            if h.startswith("groupTime"):
                gid = h.removeprefix("groupTime")
                out.append(f"{sid}X{gid}time" if style == "database" else f"G{gid}time")
            elif h.endswith("Time") and h[:-4] in by_code:
                q = by_code[h[:-4]]
                out.append(f"{sid}X{q.group_id}X{q.qid}time" if style == "database" else f"Q{q.qid}time")
            else:
                out.append(h)
        return out

    code = _read(_with_extra_columns(limesurvey_dir, timed, tmp_path, lambda h: h, "a.csv"), timed)
    header = rename(list(code.columns[:-2]))
    names = {"database": "database_names", "ls7": "ls7_names"}[style]
    from analysis.ingest import headings
    to_name = {v: k for k, v in getattr(headings, names)(timed).items() if not k.endswith("time")}
    header = [to_name.get(h, h) if h not in {"id", "submitdate", "lastpage", "startlanguage", "seed",
                                              "startdate", "datestamp"} else h for h in header]
    mapped = map_headings(header, timed, path="x.csv")
    assert mapped.kind == style
    assert mapped.headings == list(code.columns[:-2])


# Macedonian words of LimeSurvey (locale/mk/LC_MESSAGES/mk.po): the fixed, timing and participant
# headings are taken by position, so any words must do.
MK_FIXED = ["Назнака на одговорот", "Поднесено на", "Последна страница", "Почетен јазик", "Seed",
            "Започнато на", "Датум на последно дејство"]


def _mk_full_header(limesurvey_dir, codebook, abbreviated: bool = False) -> list[str]:
    bg = _header(limesurvey_dir, "responses_bg_full_long.csv")
    questions = bg[7:]
    if abbreviated:
        questions = [q if len(q) <= 18 else q[:15] + ".. " for q in questions]
    timings = []
    names = {g: n.get("bg", "") for g, n in codebook.group_names.items()}
    for f in codebook.timing_fields():
        if f.group_id is None:
            timings.append("Вкупно време")
        elif f.question is None:
            timings.append(f"Време на групата: {names[f.group_id]}")
        else:
            timings.append(f"Време на прашањето: {f.question}")
    return MK_FIXED + questions + timings + ["Име", "Презиме", "Е-пошта", "Region", "Chamber"]


def test_full_export_in_macedonian_with_timings_and_participants(limesurvey_dir, timed):
    codebook = relabel(timed, "bg", "mk")
    mapped = map_headings(_mk_full_header(limesurvey_dir, codebook), codebook, path="mk.csv")
    assert mapped.language == "mk"
    assert mapped.headings == [f.heading for f in codebook.fieldmap(token=False, participants=True)]


@pytest.mark.parametrize("language", ["ro", "el", "it"])
def test_abbreviated_headings_in_any_language(limesurvey_dir, reference, language):
    # the Spanish texts under another language's name: the words LimeSurvey adds are not looked up
    codebook = relabel(reference, "es", language)
    header = _header(limesurvey_dir, "responses_es_full_long.csv")
    header[7:] = [h.replace("[Otro]", "[Altceva]") for h in header[7:]]
    mapped = map_headings(header, codebook, path="x.csv")
    assert mapped.language == language
    assert mapped.headings == [f.heading for f in codebook.fieldmap()]


def test_abbreviated_english_export_maps_by_position(limesurvey_dir, reference):
    header = _header(limesurvey_dir, "responses_abbreviated_long.csv")
    header[:7] = [f"fixed {i}" for i in range(7)]  # translated words: taken by position
    assert map_headings(header, reference, path="a.csv").headings == [f.heading for f in reference.fieldmap()]


def test_misfitting_heading_names_its_position_and_the_expected_text(limesurvey_dir, reference):
    header = _header(limesurvey_dir, "responses_full_long.csv")
    header[9] = "Which sector do you work in? [Other]"
    with pytest.raises(InputError, match=(
        r"column 10 'Which sector do you work in\? \[Other\]' is not in the survey structure: "
        r"expected 'Which sector do you mainly work in\? \[\.\.\.\]' \(SECTOR\[other\], language en\)"
    )):
        map_headings(header, reference, path="x.csv", language="en")


def test_comment_columns_of_multiple_choice_with_comments(reference):
    # createFieldMap: P writes [SQ] and [SQcomment] per option, then [other] and [othercomment]
    question = reference["DELIVERY"]
    p = dataclasses.replace(question, type="P")
    codebook = dataclasses.replace(reference, questions=reference.questions | {"DELIVERY": p})
    headings = [c.heading for c in codebook.columns() if c.question == "DELIVERY"]
    assert headings[:2] == ["DELIVERY[DF01]", "DELIVERY[DF01comment]"]
    assert headings[-2:] == ["DELIVERY[other]", "DELIVERY[othercomment]"]
    label = p.subquestions[0].labels["en"]
    text = p.texts["en"]
    full = f"{text} [{label}][Comment]"
    header = [f"f{i}" for i in range(7)] + [
        f"{codebook[c.question].texts['en']}" for c in codebook.columns()
    ]
    # only the DELIVERY columns matter here: check the comment heading fits by its texts
    from analysis.ingest.headings import _Texts
    assert _Texts(codebook, "en").fits(full, "DELIVERY[DF01comment]")
    assert not _Texts(codebook, "en").fits(full, "DELIVERY[DF02comment]")
    assert header  # the header helper stays in use


def test_timings_table_and_page_medians(timed):
    kept = pd.DataFrame({"interviewtime": ["100", ""], "groupTime1": ["30", "50"], "COUNTRYTime": ["4", "6"]})
    ids = pd.Series(["r1", "r2"])
    table = timings_table(kept, ids, timed)
    assert list(table.columns) == ["respondent_id", "level", "group_id", "question", "seconds"]
    assert table["level"].tolist() == ["interview", "group", "group", "question", "question"]
    assert str(table["group_id"].dtype) == "Int64" and pd.isna(table["group_id"].iloc[0])
    assert table.loc[table["level"] == "question", "question"].tolist() == ["COUNTRY", "COUNTRY"]
    medians = median_page_times(table)
    assert medians.to_dict(orient="records") == [{"group_id": 1, "median_seconds": 40.0, "respondents": 2}]


def test_timings_table_schema(timed):
    import pandera.pandas as pa

    from analysis.clean.schemas import TIMINGS, validate_timings

    kept = pd.DataFrame(
        {"interviewtime": ["100", "80"], "groupTime1": ["30", "50"], "COUNTRYTime": ["4", ""]}
    )
    table = timings_table(kept, pd.Series(["r1", "r2"]), timed)
    TIMINGS.validate(table)
    validate_timings(table, pd.Series(["r1", "r2"]))
    with pytest.raises(pa.errors.SchemaError, match="timings of 2 rows name no kept respondent"):
        validate_timings(table, pd.Series(["r1"]))
    wrong = table.copy()
    wrong.loc[0, "group_id"] = 1  # an interview time belongs to no page
    with pytest.raises(pa.errors.SchemaError, match="group_id is null exactly for the interview level"):
        TIMINGS.validate(wrong)
    negative = table.copy()
    negative.loc[1, "seconds"] = -1.0
    with pytest.raises(pa.errors.SchemaError):
        TIMINGS.validate(negative)


def test_an_attribute_as_profile_field_keeps_its_text(timed):
    raw = pd.DataFrame({"attribute_1": ["North", ""], "id": ["1", "2"]})
    values = profile_codes(raw, timed, "attribute_1")
    assert values.iloc[0] == "North" and pd.isna(values.iloc[1])


def test_a_two_megabyte_open_answer_reads(tmp_path, limesurvey_dir, reference):
    text = (limesurvey_dir / "responses_code_short.csv").read_bytes().decode("utf-8-sig")
    long_answer = "ab; \"c\"\n" * 262_144  # 2 MB with delimiters, quotes and newlines
    text = text.replace('"=SUM(A1)"', '"' + long_answer.replace('"', '""') + '"', 1)
    (tmp_path / "long.csv").write_text(text, "utf-8-sig")
    frame = _read(tmp_path / "long.csv", reference)
    assert long_answer in set(frame["OTHERNEEDS"])


def test_unquoted_heading_row_uses_the_default_semicolon(tmp_path, limesurvey_dir, reference):
    # an Excel re-save in cp1251: no quotes, and commas inside the question texts
    text = (limesurvey_dir / "responses_bg_full_long.csv").read_bytes().decode("utf-8-sig")
    first, rest = text.split("\r\n", 1)
    first = first.replace('"', "")
    assert "," in first
    path = tmp_path / "resaved.csv"
    path.write_bytes((first + "\r\n" + rest).replace("🌱", "?").encode("cp1251", errors="replace"))
    assert _read(path, reference, encoding="cp1251")["COUNTRY"].iloc[0] == "BG"


def test_heading_row_without_semicolon_and_two_candidates_is_refused(tmp_path, reference):
    path = tmp_path / "odd.csv"
    path.write_text("id,submitdate\tlastpage\r\n1,2\t3\r\n", "utf-8")
    with pytest.raises(InputError, match="cannot tell the delimiter from the heading row"):
        _read(path, reference)


def test_profile_attribute_must_be_a_participant_attribute(monkeypatch, tmp_path):
    import analysis.ingest as ingest_module
    from tests.clean import small_survey

    small = small_survey.codebook()
    with_attributes = dataclasses.replace(small, settings={"attributedescriptions": ATTRIBUTES})
    monkeypatch.setattr(ingest_module, "read_lss", lambda path: with_attributes)
    config = small_survey.config().model_copy(update={"profile": {"region": "attribute_3"}})
    with pytest.raises(ConfigError, match=(
        r"profile\.region: participant attribute 'attribute_3' is not in .*small\.lss "
        r"\(its participant attributes: attribute_1 \(Region\), attribute_2 \(Chamber\)\)"
    )):
        ingest_module.ingest(config)
