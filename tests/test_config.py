"""Survey configs: the sample's load, and every mistake gives one message naming file and setting."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_project import ROOT

from analysis.config import load_skills, load_survey_config, project_root_for, skill_group_names
from analysis.errors import ConfigError

MINIMAL = """\
name: demo
title: Demo survey
source:
  files:
    structure: data/raw/demo/survey.lss
    responses: data/raw/demo/responses.csv
ratings: {importance: IMPORT, proficiency: PROFIC}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config" / "surveys" / "demo.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize("name", ["sector", "regional"])
def test_the_sample_configs_load(name):
    config = load_survey_config(ROOT / "config" / "surveys" / f"{name}.yml")
    assert config.name == name and config.root == ROOT
    assert config.path("data/raw") == ROOT / "data" / "raw"
    assert {"importance", "proficiency"} <= set(config.ratings)


def test_minimal_config_has_documented_defaults(tmp_path):
    config = load_survey_config(write(tmp_path, MINIMAL))
    assert config.root == tmp_path
    assert config.source.encoding == "utf-8-sig"
    (responses,) = config.source.files.responses
    assert responses.path == Path("data/raw/demo/responses.csv") and responses.delimiter is None
    assert config.cleaning.speeders.min_share_of_median == 0.3
    assert config.cleaning.straightliners.min_items == 10
    assert config.analysis.min_group_n == 5 and config.analysis.by == ()
    assert config.processed_dir == tmp_path / "data" / "processed" / "demo"


def test_dual_scale_rating_source(tmp_path):
    text = MINIMAL.replace("proficiency: PROFIC}", "proficiency: {question: NEEDURG, scale: 2}}")
    config = load_survey_config(write(tmp_path, text))
    assert config.ratings["proficiency"].question == "NEEDURG"
    assert config.ratings["proficiency"].scale == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("ratings:", "ratngs:"), "ratngs: unknown setting"),
        (("proficiency: PROFIC", "level: PROFIC"), "missing: ['proficiency']"),
        (("name: demo", "name: Demo Survey"), "name: name 'Demo Survey' must be lower-case"),
        (("responses: data/raw/demo/responses.csv", "responses: []"),
         "source.files.responses is required unless source.limesurvey is given"),
    ],
)
def test_mistakes_name_the_file_and_the_setting(tmp_path, change, message):
    path = write(tmp_path, MINIMAL.replace(*change))
    with pytest.raises(ConfigError) as error:
        load_survey_config(path)
    text = str(error.value)
    assert text.startswith(str(path)) and message in text


def test_unknown_encoding_and_bad_pattern(tmp_path):
    text = MINIMAL.replace("source:\n", "source:\n  encoding: cp9999\n") + (
        "cleaning:\n  test_responses: {marker_column: TXT, marker_pattern: '(unclosed'}\n"
    )
    with pytest.raises(ConfigError) as error:
        load_survey_config(write(tmp_path, text))
    assert "unknown encoding 'cp9999'" in str(error.value)
    assert "marker_pattern is not a valid regular expression" in str(error.value)


def test_groups_must_be_profile_fields(tmp_path):
    text = MINIMAL + "profile: {country: COUNTRY}\nanalysis: {by: [sector]}\n"
    with pytest.raises(ConfigError, match=r"analysis.by names \['sector'\]"):
        load_survey_config(write(tmp_path, text))


def test_crossed_fields_must_be_profile_fields(tmp_path):
    text = MINIMAL + "profile: {country: COUNTRY, sector: SECTOR}\nanalysis: {cross: [[sector, region]]}\n"
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_survey_config(path)
    message = str(error.value)
    assert message.startswith(str(path))
    assert "analysis.cross names ['region'], which are not profile fields (['country', 'sector'])" in message


@pytest.mark.parametrize(
    ("cross", "message"),
    [
        ("[[sector]]", "cross[0] is ['sector']: each crossing lists two or more different profile fields"),
        ("[[sector, sector]]", "cross[0] is ['sector', 'sector']: each crossing lists two or more"),
        ("[[sector, country], [sector, country]]", "cross lists the same crossing twice"),
    ],
)
def test_a_crossing_is_two_or_more_fields(tmp_path, cross, message):
    text = MINIMAL + f"profile: {{country: COUNTRY, sector: SECTOR}}\nanalysis: {{cross: {cross}}}\n"
    with pytest.raises(ConfigError) as error:
        load_survey_config(write(tmp_path, text))
    assert "analysis.cross" in str(error.value) and message in str(error.value)


def test_crossed_groups_load(tmp_path):
    text = MINIMAL + "profile: {country: COUNTRY, sector: SECTOR}\nanalysis: {cross: [[sector, country]]}\n"
    assert load_survey_config(write(tmp_path, text)).analysis.cross == (("sector", "country"),)


def test_live_survey_reads_snapshots_not_files(tmp_path):
    text = MINIMAL.replace("source:\n", "source:\n  limesurvey: {survey_id: 845123}\n")
    with pytest.raises(ConfigError, match="reads its fetched snapshots"):
        load_survey_config(write(tmp_path, text))
    live = text.replace("    responses: data/raw/demo/responses.csv\n", "")
    assert load_survey_config(write(tmp_path, live)).source.limesurvey.survey_id == 845123


def test_a_live_survey_cannot_write_its_snapshots_into_the_tracked_sample(tmp_path):
    live = MINIMAL.replace("source:\n", "source:\n  limesurvey: {survey_id: 845123}\n").replace(
        "    responses: data/raw/demo/responses.csv\n", ""
    )
    with pytest.raises(ConfigError, match="name 'sample' is the bundled sample's folder"):
        load_survey_config(write(tmp_path, live.replace("name: demo", "name: sample")))
    files = MINIMAL.replace("name: demo", "name: sample")  # reading exports from there is fine
    assert load_survey_config(write(tmp_path, files)).name == "sample"


def test_not_yaml_and_not_a_mapping(tmp_path):
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_survey_config(write(tmp_path, "name: [unclosed"))
    with pytest.raises(ConfigError, match="expected a mapping"):
        load_survey_config(write(tmp_path, "- a\n- b\n"))


def test_yaml_is_read_as_the_pure_python_parser_reads_it(tmp_path):
    """The libyaml parser (when PyYAML has it) gives the same data; an invalid file's message is the
    pure-Python parser's, with its line and column."""
    import yaml

    from analysis.config.base import read_yaml

    for path in sorted((ROOT / "config").rglob("*.yml")):
        text = path.read_text("utf-8-sig")
        assert repr(read_yaml(path)) == repr(yaml.safe_load(text)), path
    bad = tmp_path / "bad.yml"
    bad.write_text("name: demo\nskills: [a, b\nlanguage: en\n", "utf-8")
    with pytest.raises(yaml.YAMLError) as pure:
        yaml.safe_load(bad.read_text("utf-8"))
    with pytest.raises(ConfigError) as error:
        read_yaml(bad)
    assert str(error.value) == f"{bad}: not valid YAML: {pure.value}"
    assert "line 3, column" in str(error.value)


def test_skill_catalogue_checks(tmp_path):
    path = tmp_path / "skills.yml"
    path.write_text("skills:\n  - {code: SQ001, id: Energy}\n  - {code: SQ001, id: water}\n", "utf-8")
    with pytest.raises(ConfigError) as error:
        load_skills(path)
    assert "skill id 'Energy' must be lower-case" in str(error.value)
    path.write_text("skills:\n  - {code: SQ001, id: energy}\n  - {code: SQ001, id: water}\n", "utf-8")
    with pytest.raises(ConfigError, match=r"skill codes must be unique; repeated: \['SQ001'\]"):
        load_skills(path)


def test_skill_esco_uri(tmp_path):
    path = tmp_path / "skills.yml"
    uri = "http://data.europa.eu/esco/skill/5b0fcf2c-1a44-4ed6-9b82-ebbbcb24b2a9"
    skills = f"skills:\n  - {{code: SQ001, id: energy, esco: '{uri}'}}\n  - {{code: SQ002, id: water}}\n"
    path.write_text(skills, "utf-8")
    assert [skill.esco for skill in load_skills(path)] == [uri, None]
    path.write_text("skills:\n  - {code: SQ001, id: energy, esco: 'esco:energy'}\n", "utf-8")
    with pytest.raises(ConfigError) as error:
        load_skills(path)
    assert str(path) in str(error.value)
    expected = "esco 'esco:energy' is not an ESCO skill URI (expected http://data.europa.eu/esco/skill/<uuid>)"
    assert expected in str(error.value)


def test_skill_group_names_in_other_languages(tmp_path):
    path = tmp_path / "skills.yml"
    skills = "skills:\n  - {code: SQ001, id: energy, group: Energy}\n  - {code: SQ002, id: water}\n"
    path.write_text(skills + "groups:\n  Energy: {bg: Енергия, es: Energía}\n", "utf-8")
    assert skill_group_names(path, "bg") == {"Energy": "Енергия"}
    assert skill_group_names(path, "it") == {}
    path.write_text(skills + "groups:\n  Energie: {bg: Енергия}\n", "utf-8")
    with pytest.raises(ConfigError) as error:
        skill_group_names(path, "bg")
    assert str(path) in str(error.value)
    assert "groups names group(s) no skill belongs to: ['Energie']; known: ['Energy']" in str(error.value)
    path.write_text(skills + "groups:\n  Energy: {Bulgarian: Енергия}\n", "utf-8")
    with pytest.raises(ConfigError, match=r"keyed by language code .*got \['Bulgarian'\]"):
        load_skills(path)


def test_title_and_note_in_other_languages(tmp_path):
    config = load_survey_config(write(tmp_path, MINIMAL + "note: Pilot data\n"
                                      "translations:\n  bg: {title: Демо проучване}\n"))
    assert config.text_in("title", "bg") == "Демо проучване"
    assert config.text_in("note", "bg") == "Pilot data"  # not translated: as configured
    assert config.text_in("title", "es") == "Demo survey"
    with pytest.raises(ConfigError) as error:
        load_survey_config(write(tmp_path, MINIMAL + "translations:\n  Spanish: {title: Encuesta}\n"))
    expected = "- translations: translations are keyed by language code (bg, es, it, ...); got ['Spanish']"
    assert expected in str(error.value)
    with pytest.raises(ConfigError, match="translations.bg.subtitle: unknown setting"):
        load_survey_config(write(tmp_path, MINIMAL + "translations:\n  bg: {subtitle: Демо}\n"))


def test_project_root_is_the_folder_holding_config(tmp_path):
    assert project_root_for(tmp_path / "config" / "surveys" / "x.yml") == tmp_path.resolve()
    assert project_root_for(tmp_path / "elsewhere" / "x.yml") == (tmp_path / "elsewhere").resolve()


PRIORITIES = MINIMAL + """\
profile: {sector: SECTOR, respondent_type: RESPTYPE}
priorities:
  catalogue: config/microcredentials.yml
"""


def test_priorities_defaults_and_weights(tmp_path):
    config = load_survey_config(write(tmp_path, PRIORITIES + "  weights: {need: 2, demand: 2}\n"))
    settings = config.priorities
    assert settings.method == "weighted_sum" and settings.draws == 10_000 and settings.band is None
    assert settings.weight_vector == {
        "need": 0.5, "breadth": 0.0, "transferability": 0.0, "demand": 0.5, "agreement": 0.0
    }
    assert config.preference_questions == ()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("  weights: {need: 1, cost: 1}\n", "unknown criteria ['cost']"),
        ("  weights: {need: -1}\n", "weights must be >= 0"),
        ("  method: ahp\n", "priorities.method"),
        ("  by: [region]\n", "priorities names ['region'], which are not profile fields"),
        (
            "  demand:\n    - {question: MCLENGTH, field: workload_ects, accepts: {LEN1: [short]}}\n",
            "workload_ects is numeric",
        ),
        (
            "  demand:\n    - {question: DELIVERY, field: participation,"
            " accepts: {DF01: {min: 1, max: 2}}}\n",
            "participation is a category",
        ),
        (
            "  demand:\n    - {question: MCLENGTH, field: workload_ects,"
            " accepts: {LEN1: {min: 3, max: 1}}}\n",
            "max (1.0) is below min (3.0)",
        ),
        ("  demand:\n    - {question: PAYWILL, field: price, accepts: {}}\n", "priorities.demand.0.field"),
        ("  export_base_url: example.org/mc\n", "priorities.export_base_url: an http(s) URL"),
    ],
)
def test_priorities_mistakes_are_named(tmp_path, extra, message):
    path = write(tmp_path, PRIORITIES + extra)
    with pytest.raises(ConfigError) as error:
        load_survey_config(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_demand_questions_are_preference_questions(tmp_path):
    demand = "  demand:\n    - {question: MCLENGTH, field: eqf_level, accepts: {L: {min: 1, max: 2}}}\n"
    text = PRIORITIES + demand
    config = load_survey_config(write(tmp_path, text + "preferences: [DELIVERY, MCLENGTH]\n"))
    assert config.preference_questions == ("DELIVERY", "MCLENGTH")


def test_scale_values_in_both_forms(tmp_path):
    text = MINIMAL + """\
scale_values:
  - questions: [IMPORT, PROFIC]
    values: {A1: 1, A2: 2, A3: 3}
  - question: NEEDURG
    scale: 2
    values: {U1: 1, U2: 2}
"""
    config = load_survey_config(write(tmp_path, text))
    assert config.scale_values_for("PROFIC") == {"A1": 1, "A2": 2, "A3": 3}
    assert config.scale_values_for("NEEDURG", 2) == {"U1": 1, "U2": 2}
    assert config.scale_values_for("NEEDURG", 1) is None and config.scale_values_for("OTHER") is None
    short = load_survey_config(write(tmp_path, MINIMAL + "scale_values:\n  IMPORT: {1: 5, 2: 4}\n"))
    assert short.scale_values_for("IMPORT") == {"1": 5, "2": 4}
    assert short.rating_scales() == [("IMPORT", None), ("PROFIC", None)]


@pytest.mark.parametrize(
    ("scale_values", "message"),
    [
        ("[{question: IMPORT, values: {A1: 1.5, A2: two}}]",
         "scale_values.0.values: values must be whole numbers (integers); not A1: 1.5, A2: 'two'"),
        ("[{question: IMPORT, values: {A1: true}}]", "not A1: True"),
        ("[{question: IMPORT, questions: [PROFIC], values: {A1: 1}}]",
         "scale_values.0: give either question: CODE or questions: [CODE, ...] (one of the two)"),
        ("[{values: {A1: 1}}]", "give either question: CODE or questions"),
        ("[{question: NEEDURG, scale: 3, values: {U1: 1}}]",
         "scale_values.0: scale must be 1 or 2 (the scales of a dual-scale array), not 3"),
        ("[{question: IMPORT, values: {}}]", "scale_values.0.values: Dictionary should have at least 1 item"),
        ("[{question: IMPORT, value: {A1: 1}}]", "scale_values.0.value: unknown setting"),
        ("[{question: IMPORT, values: {A1: 1}}, {questions: [PROFIC, IMPORT], values: {A1: 2}}]",
         "scale_values[1] gives IMPORT numbers again (already in scale_values[0]): one mapping per "
         "question and scale"),
        ("[{question: IMPORT, values: {A1: 1, DK: 0, NA: 9}}]\ncleaning: {missing_codes: [DK, NA]}",
         "scale_values[0]: DK, NA are both given a number and declared missing in "
         "cleaning.missing_codes; keep each code in only one of the two"),
    ],
)
def test_scale_values_mistakes_name_the_file_and_the_setting(tmp_path, scale_values, message):
    path = write(tmp_path, MINIMAL + f"scale_values: {scale_values}\n")
    with pytest.raises(ConfigError) as error:
        load_survey_config(path)
    text = str(error.value)
    assert text.startswith(str(path)) and message in text


def test_a_config_not_saved_as_utf8_names_file_line_and_byte(tmp_path):
    path = write(tmp_path, MINIMAL)
    text = MINIMAL.replace("title: Demo survey", "title: Анкета за умения")
    path.write_bytes(text.encode("cp1251"))  # saved by an editor in the Windows Cyrillic code page
    with pytest.raises(ConfigError) as error:
        load_survey_config(path)
    assert str(error.value) == (
        f"{path}, line 2, column 8 (byte 18): not UTF-8 (byte 0xc0); save the file as UTF-8 "
        "(in most editors: Save as / Encoding: UTF-8)"
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))  # UTF-8 with a byte-order mark is fine
    assert load_survey_config(path).title == "Анкета за умения"


def test_a_skill_catalogue_not_in_utf8_is_a_config_error(tmp_path):
    path = tmp_path / "skills.yml"
    path.write_bytes("skills:\n  - {code: SQ001, id: energy, label: Énergie}\n".encode("cp1252"))
    with pytest.raises(ConfigError, match=r"skills.yml, line 2, column 38 \(byte 45\): not UTF-8"):
        load_skills(path)


@pytest.mark.parametrize("scale", [0, 3, -1])
def test_a_scale_other_than_1_or_2_is_named(tmp_path, scale):
    text = MINIMAL.replace("proficiency: PROFIC}", f"proficiency: {{question: NEEDURG, scale: {scale}}}}}")
    with pytest.raises(ConfigError) as error:
        load_survey_config(write(tmp_path, text))
    assert f"ratings.proficiency.scale: scale {scale} is not a scale of a dual-scale array: " \
        "give scale: 1 (its first scale) or scale: 2 (its second)" in str(error.value)


REFERENCE = ROOT / "tests" / "data" / "limesurvey_6_1_8"


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        ("{importance: IMPORT, proficiency: {question: PROFIC, scale: 2}}",
         "ratings.proficiency: scale: 2 is only for a dual-scale array, and question 'PROFIC' "
         "(type 'A') has one scale: remove scale"),
        ("{importance: IMPORT, proficiency: NEEDURG}",
         "ratings.proficiency: question 'NEEDURG' is a dual-scale array: write "
         "{question: NEEDURG, scale: 1} (its first scale) or scale: 2 (its second)"),
    ],
)
def test_scale_must_fit_the_question(tmp_path, ratings, message):
    from analysis.ingest import ingest

    text = MINIMAL.replace(
        "data/raw/demo/survey.lss", str(REFERENCE / "survey_845123_structure.lss")
    ).replace(
        "data/raw/demo/responses.csv", str(REFERENCE / "responses_code_short.csv")
    ).replace("{importance: IMPORT, proficiency: PROFIC}", ratings)
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        ingest(load_survey_config(path))
    assert str(error.value) == f"{path}:\n  - {message}"
