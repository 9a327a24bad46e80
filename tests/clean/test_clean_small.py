"""`clean` on tiny surveys: edge cases, missing kinds, harmonising, privacy, outputs contract."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest
from small_survey import KEY, raw_survey, row

from analysis.clean import clean, pseudonym
from analysis.clean.privacy import PSEUDONYM_KEY_VARIABLE, resolve_pseudonym_key
from analysis.clean.schemas import validate_outputs
from analysis.errors import ConfigError, InputError

RESPONDENT_COLUMNS = [
    "respondent_id", "survey", "partner", "country", "sector", "respondent_type", "org_size",
    "language", "submit_date", "weight",
]


def run(rows, rating_type="A", **cleaning):
    cleaned = clean(raw_survey(rows, rating_type, **cleaning), key=KEY)
    validate_outputs(
        cleaned.respondents, cleaned.ratings, cleaned.open_text, cleaned.exclusions, cleaned.missingness,
        cleaned.timings,
    )
    assert cleaned.n_raw == cleaned.n_kept + len(cleaned.exclusions)
    return cleaned


def rid(response_id: str) -> str:
    return pseudonym("small", pd.Series([response_id]), KEY)[0]


def test_empty_survey():
    cleaned = run([])
    assert cleaned.n_raw == cleaned.n_kept == 0
    assert list(cleaned.respondents.columns) == RESPONDENT_COLUMNS
    assert cleaned.ratings.empty and cleaned.open_text.empty and cleaned.missingness.empty
    assert cleaned.funnel["excluded"].sum() == 0 and cleaned.funnel_by_partner == []


def test_one_respondent():
    cleaned = run([row("1", text="Need  more on heat pumps ")])
    assert cleaned.n_kept == 1 and cleaned.exclusions.empty
    respondent = cleaned.respondents.iloc[0]
    assert respondent["partner"] == "BG" and respondent["submit_date"] == "2025-03-10"
    assert len(cleaned.ratings) == 8 and cleaned.ratings["missing"].isna().all()
    assert cleaned.open_text["text"].tolist() == ["Need  more on heat pumps"]


def test_all_excluded():
    cleaned = run([row("1", submit=""), row("2", submit="", lastpage="1")])
    assert cleaned.n_kept == 0 and len(cleaned.exclusions) == 2
    assert set(cleaned.exclusions["rule"]) == {"incomplete"}
    assert cleaned.funnel_by_partner == [
        {"partner": "BG", "partner_label": "BG", "raw": 2, "kept": 0, "test_response": 0,
         "incomplete": 2, "attention_check": 0, "duplicate": 0, "speeder": 0, "straightliner": 0,
         "too_few_answers": 0}
    ]
    assert [w["check"] for w in cleaned.warnings] == ["rule_excluded_share", "partner_excluded_share"]


def test_every_item_missing():
    rows = [row("1", importance=[""] * 4, proficiency=[""] * 4), row("2")]
    excluded = run(rows)
    assert excluded.exclusions[["response_id", "rule"]].values.tolist() == [["1", "too_few_answers"]]
    kept = run(rows, too_few_answers={"enabled": False})
    mine = kept.ratings[kept.ratings["respondent_id"] == rid("1")]
    assert mine["value"].isna().all() and set(mine["missing"]) == {"no_answer"}
    overall = kept.missingness[kept.missingness["scope"] == "overall"]
    assert (overall["missing_share"] == 0.5).all() and (overall["no_answer"] == 1).all()
    assert any(w["check"] == "item_missing_share" for w in kept.warnings)


def test_missing_kinds_stay_distinct():
    rows = [
        row("1", importance=["A4", "DK", "NA", ""], proficiency=["A2", "A3", "A1", "A2"]),
        row("2", importance=["A4", "A3", "A5", "A2"], proficiency=["", "", "", ""], submit="", lastpage="2"),
    ]
    cleaned = run(
        rows, "F", missing_codes={"DK": "dont_know", "NA": "not_applicable"},
        incomplete={"keep_from_page": 2}, too_few_answers={"enabled": False},
    )
    assert cleaned.n_kept == 2
    ratings = cleaned.ratings.set_index(["respondent_id", "dimension", "skill_id"]).sort_index()
    first = ratings.loc[(rid("1"), "importance")]
    assert first["value"].tolist()[:1] == [4]
    assert first["missing"].tolist()[1:] == ["dont_know", "not_applicable", "no_answer"]
    partial = ratings.loc[(rid("2"), "proficiency")]
    assert set(partial["missing"]) == {"not_shown"}  # page 3 never reached
    assert cleaned.respondents.set_index("respondent_id").loc[rid("2"), "submit_date"] is pd.NA
    overall = cleaned.missingness[cleaned.missingness["scope"] == "overall"].set_index(
        ["dimension", "skill_id"]
    )
    assert overall.loc[("importance", "sq002"), ["n", "answered", "dont_know"]].tolist() == [2, 1, 1]
    assert overall.loc[("proficiency", "sq001"), "not_shown"] == 1


def test_a_list_of_missing_codes_means_dont_know():
    rows = [row("1", importance=["A4", "DK", "A3", "A2"], proficiency=["A2", "A3", "A1", "A2"])]
    cleaned = run(rows, "F", missing_codes=["DK"])
    assert "dont_know" in set(cleaned.ratings["missing"].dropna())


def test_unknown_codes_are_listed_together():
    rows = [row(str(i), importance=["7", "3", "9", "2"], country="XX") for i in range(1, 10)]
    with pytest.raises(InputError) as error:
        run(rows)
    message = str(error.value)
    assert message.startswith("27 answer codes are not in the survey structure (the first 20 listed)")
    assert message.count("\n  - ") == 20
    assert "small.csv, line 2 (response 1), column COUNTRY: answer code 'XX'" in message
    assert "column IMPORT[SQ003]: answer code '9'" in message


def test_recodes_apply_before_validation():
    rows = [row("1", country="EL"), row("2", country="ES", importance=["4", "3", "5", "0"])]
    cleaned = run(rows, recodes={"COUNTRY": {"EL": "GR"}, "IMPORT": {"0": ""}})
    assert cleaned.respondents["country"].tolist() == ["GR", "ES"]
    assert cleaned.ratings["missing"].dropna().tolist() == ["no_answer"]
    with pytest.raises(ConfigError, match="NOPE"):
        run(rows, recodes={"NOPE": {"a": "b"}})


def test_attention_checks_exclude_failures():
    rows = [row("1"), row("2", attention="A1"), row("3", submit="", attention="A1")]
    cleaned = run(rows, attention_checks=[{"column": "ATTN", "expected": ["A3"]}])
    assert cleaned.exclusions[["response_id", "rule"]].values.tolist() == [
        ["3", "incomplete"], ["2", "attention_check"],
    ]
    with pytest.raises(ConfigError, match="no answer code 'A9'"):
        run(rows, attention_checks=[{"column": "ATTN", "expected": ["A9"]}])


def test_rule_order_first_match_wins():
    rows = [
        row("1", submit=""),  # incomplete
        row("2", importance=["3"] * 4, proficiency=["3"] * 4),  # straight-liner
        row("3", importance=["3"] * 4, proficiency=["3"] * 4),  # and a later duplicate of 2
        row("4", importance=["", "", "", "4"]),  # too few answers
    ]
    cleaned = run(rows)
    rules = dict(zip(cleaned.exclusions["response_id"], cleaned.exclusions["rule"], strict=True))
    assert rules == {"1": "incomplete", "2": "duplicate", "3": "straightliner", "4": "too_few_answers"}


def test_partner_from_the_source_file():
    rows = [row("1", file="data/raw/x/a.csv", text="a"), row("BG-1", file="data/raw/x/bg.csv", text="b")]
    cleaned = run(rows, partner_field="")
    assert cleaned.respondents["partner"].tolist() == ["a.csv", "bg.csv"]
    assert [p["partner"] for p in cleaned.funnel_by_partner] == ["a.csv", "bg.csv"]
    with pytest.raises(ConfigError, match="partner_field"):
        run(rows, partner_field="nothing")


def test_placeholder_dates_are_unknown():
    placeholder = "1980-01-01 00:00:00"
    rows = [row(str(i), text=str(i)) for i in range(1, 5)]
    rows.append(row("5", submit=placeholder, start=placeholder))
    cleaned = run(rows)
    assert cleaned.n_kept == 5  # submitted, and its time is not judged
    assert cleaned.respondents["submit_date"].isna().tolist() == [False] * 4 + [True]
    assert [w["check"] for w in cleaned.warnings] == ["speeder_timing_unknown"]


def test_text_is_nfc_trimmed_with_romanian_comma_below():
    decomposed = unicodedata.normalize("NFD", " Formare în gestionarea apei, Ţara Bârsei şi Timiş ")
    composed = "Formare în gestionarea apei, Țara Bârsei și Timiș"
    first = run([row("1", text=decomposed, country="RO", language="ro")])
    second = run([row("1", text=composed, country="RO", language="ro")])
    pd.testing.assert_frame_equal(first.open_text, second.open_text)
    assert first.open_text["text"].tolist() == [composed]


def test_same_answers_in_two_languages_clean_to_identical_rows():
    bulgarian = run([row("1", language="bg", text="Нужно е обучение")])
    spanish = run([row("1", language="es", text="Нужно е обучение")])
    pd.testing.assert_frame_equal(bulgarian.ratings, spanish.ratings)
    columns = ["respondent_id", "country", "partner", "submit_date"]
    pd.testing.assert_frame_equal(bulgarian.respondents[columns], spanish.respondents[columns])
    assert spanish.open_text["language"].tolist() == ["es"]


def test_personal_questions_and_contact_data_never_leave():
    rows = [
        row("1", email="ana@example.org", text="Call me at +40 721 555 010 or ana@example.org"),
        row("2", text="60 ECTS in 2025, 12 trainees"),
    ]
    cleaned = run(rows, personal_questions=["EMAIL"])
    assert set(cleaned.open_text["question"]) == {"OPENNEEDS"}
    assert cleaned.open_text["text"].tolist() == [
        "Call me at [phone] or [e-mail]", "60 ECTS in 2025, 12 trainees",
    ]
    assert cleaned.warnings[-1]["message"].startswith("open texts of kept respondents held 1 e-mail")
    assert cleaned.warnings[-1]["values"] == {"emails": 1, "phones": 1}  # for the report's words
    everything = pd.concat([cleaned.respondents.astype(str), cleaned.open_text.astype(str)]).to_csv()
    assert "192.0.2.1" not in everything and "10:20:00" not in everything
    assert "EMAIL" in set(run(rows).open_text["question"])  # without the setting it is free text


def test_pseudonym_key_from_environment_then_dotenv(tmp_path):
    assert resolve_pseudonym_key(tmp_path, {PSEUDONYM_KEY_VARIABLE: "env-key"}) == (b"env-key", False)
    (tmp_path / ".env").write_text(f"{PSEUDONYM_KEY_VARIABLE}=dotenv-key\n", encoding="utf-8")
    assert resolve_pseudonym_key(tmp_path, {}) == (b"dotenv-key", False)
    assert resolve_pseudonym_key(tmp_path / "nowhere", {})[1] is True


def test_fallback_key_is_a_warning(monkeypatch, tmp_path):
    monkeypatch.delenv(PSEUDONYM_KEY_VARIABLE, raising=False)
    raw = raw_survey([row("1")])
    raw = type(raw)(raw.config.model_copy(update={"root": tmp_path}), raw.codebook, raw.responses, ())
    cleaned = clean(raw)
    assert cleaned.warnings[0]["check"] == "pseudonym_key"
