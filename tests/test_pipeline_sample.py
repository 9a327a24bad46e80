"""The whole pipeline on the bundled sample: nothing lost, every planted flaw and effect found."""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from sample_project import ROOT, make_project

SURVEYS = ["sector", "regional"]
RULE_OF_FLAW = {
    "test": "test_response", "incomplete": "incomplete", "duplicate": "duplicate",
    "speeder": "speeder", "straightliner": "straightliner",
}


def planted(survey: str) -> dict:
    return json.loads((ROOT / "data/raw/sample" / survey / "planted.json").read_text("utf-8"))


def processed(project: Path, survey: str) -> Path:
    return project / "data" / "processed" / survey


@pytest.mark.parametrize("survey", SURVEYS)
def test_raw_equals_kept_plus_excluded(sample_project, survey):
    out = processed(sample_project, survey)
    summary = json.loads((out / "cleaning_summary.json").read_text("utf-8"))
    kept = pd.read_parquet(out / "respondents.parquet")
    excluded = pd.read_csv(out / "exclusions.csv", dtype=str)
    assert summary["n_raw"] == planted(survey)["n_raw"]
    assert summary["n_raw"] == len(kept) + len(excluded)
    assert excluded["response_id"].is_unique


@pytest.mark.parametrize("survey", SURVEYS)
def test_each_planted_flaw_is_counted_by_its_rule(sample_project, survey):
    excluded = pd.read_csv(processed(sample_project, survey) / "exclusions.csv", dtype=str)
    found = excluded.groupby("rule")["response_id"].apply(set).to_dict()
    flaws = planted(survey)["flaws"]
    for flaw, rule in RULE_OF_FLAW.items():
        ids = flaws[flaw]
        if flaw == "duplicate":  # the earlier submission is excluded, the later one kept
            ids = [pair["same_as"] for pair in ids]
        assert found.get(rule, set()) == {str(i) for i in ids}, flaw
        assert len(ids) > 0, f"the sample plants no {flaw}"
    # the sample plants no attention checks and no sparse batteries: those rules exclude nobody
    # (tested on small frames in tests/clean/)
    assert set(found) == set(RULE_OF_FLAW.values())


def _skill_ids(project: Path, survey: str) -> dict[str, str]:
    skills = pd.read_csv(processed(project, survey) / "skills.csv", dtype=str)
    return dict(zip(skills["code"], skills["skill_id"], strict=True))


def test_planted_sector_differences_are_recovered(sample_project):
    out = processed(sample_project, "sector") / "results"
    needs = pd.read_csv(out / "needs.csv")
    tests = pd.read_csv(out / "group_tests.csv")
    ids = _skill_ids(sample_project, "sector")
    effects = planted("sector")["effects"]["sector"]
    assert len(effects) >= 4
    by_sector = needs[needs.scope == "sector"]
    for sector, skills in effects.items():
        for code in skills:
            skill = ids[code]
            test = tests[(tests.scope == "sector") & (tests.skill_id == skill)].iloc[0]
            assert test["significant"], f"{sector} {code}: p_holm {test['p_holm']}"
            rows = by_sector[by_sector.skill_id == skill].set_index("group")
            others = rows.drop(index=sector)["mwds"]
            assert rows.loc[sector, "mwds"] > others.max(), f"{sector} {code}"
            # and it climbs the ranking there: a higher priority than in any other sector
            assert rows.loc[sector, "rank"] < rows.drop(index=sector)["rank"].min(), f"{sector} {code}"


@pytest.mark.parametrize(("survey", "scope"), [("sector", "sector"), ("sector", "country"),
                                               ("regional", "country")])
def test_planted_nulls_are_not_flagged(sample_project, survey, scope):
    tests = pd.read_csv(processed(sample_project, survey) / "results" / "group_tests.csv")
    ids = _skill_ids(sample_project, survey)
    nulls = [ids[code] for code in planted(survey)["null_skills"]]
    assert len(nulls) >= 4
    flagged = tests[(tests.scope == scope) & tests.skill_id.isin(nulls) & tests.significant]
    assert flagged.empty, flagged[["skill_id", "p_holm"]].to_string()


@pytest.mark.parametrize("survey", SURVEYS)
def test_zero_gap_skills_have_no_need(sample_project, survey):
    needs = pd.read_csv(processed(sample_project, survey) / "results" / "needs.csv")
    overall = needs[needs.scope == "overall"].set_index("skill_id")
    ids = _skill_ids(sample_project, survey)
    for code in planted(survey)["zero_gap_skills"]:
        assert abs(overall.loc[ids[code], "discrepancy_mean"]) < 0.2, code


def test_regional_planted_top_needs_lead_everywhere(sample_project):
    needs = pd.read_csv(processed(sample_project, "regional") / "results" / "needs.csv")
    ids = _skill_ids(sample_project, "regional")
    effects = planted("regional")["effects"]
    top = {ids[code] for code in effects["all_countries"]}
    for (_, group), table in needs[~needs.suppressed].groupby(["scope", "group"]):
        leaders = set(table.nsmallest(len(top), "rank")["skill_id"])
        assert leaders == top, group


EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def _readable_text(path: Path) -> str:
    """What a reader of the file sees: tables decoded, compressed formats opened."""
    if path.suffix == ".parquet":
        return pd.read_parquet(path).to_csv()
    if path.suffix == ".xlsx":  # every sheet's cells and the shared strings they point to
        with zipfile.ZipFile(path) as book:
            parts = [book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml")]
        assert any("<sheetData" in part for part in parts), f"{path}: no sheet"
        return html.unescape("\n".join(parts))
    text = path.read_bytes().decode("utf-8", errors="replace")
    # the inlined library holds no respondent data
    if path.suffix == ".html" and "plotly.js (basic - minified) v" in text:
        library = PLOTLY_JS.search(text)
        assert library, f"{path}: plotly.js not found where expected"
        text = text[: library.start()] + text[library.end() :]
    return text


PLOTLY_JS = re.compile(r"<script>/\*\*\s*\n?\s*\* plotly\.js \(basic - minified\) v.*?</script>", re.S)
PHONE = re.compile(r"\+\d[\d ()./-]{5,}\d")
OPEN_TEXTS = ["OPENNEEDS", "OPENCOMP", "DELIVERY[other]"]


def _raw_sample() -> pd.DataFrame:
    return pd.concat(
        [pd.read_csv(p, sep=";", dtype=str, keep_default_na=False, encoding=enc)
         for p, enc in [(ROOT / "data/raw/sample/sector/responses.csv", "utf-8-sig"),
                        (ROOT / "data/raw/sample/sector/responses_bg.csv", "cp1251"),
                        (ROOT / "data/raw/sample/regional/responses.csv", "utf-8-sig")]]
    ).fillna("")


def any_of(texts: set[str]) -> re.Pattern[str]:
    """One pattern that finds any of ``texts`` (a trie of them: fast over long pages).

    A plain alternation tries every text at every position; the trie's branches fail at the
    first character that no text continues with.
    """
    trie: dict[str, dict] = {}
    for text in texts:
        node = trie
        for char in text:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(pattern(trie) if trie else r"(?!)")


#: The files that hold the open answers (redacted), whole or cut into sentences.
OPEN_TEXT_FILES = {"open_text.parquet", "theme_segments.parquet"}


def _quotes_open_answers(path: Path) -> bool:
    """A report page that quotes open answers, redacted: "In their own words" (the group pages) or
    the quotes of the themes section (survey and group pages)."""
    if path.suffix != ".html":
        return False
    text = path.read_text("utf-8")
    return 'id="open-answers"' in text or 'id="theme-quotes"' in text


def test_the_privacy_scan_reads_every_sheet_and_finds_any_secret(tmp_path: Path):
    book = tmp_path / "book.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        pd.DataFrame({"a": ["notes"]}).to_excel(writer, sheet_name="About", index=False)
        pd.DataFrame({"b": [1.5, "Ana <Kovač> & co"]}).to_excel(writer, sheet_name="data", index=False)
    text = _readable_text(book)
    assert "Ana <Kovač> & co" in text and "notes" in text
    secrets = {"Ana <Kovač> & co", "Ana", "tok3nXYZ", "10.0.0.7"}
    assert any_of(secrets).findall(text) == ["Ana <Kovač> & co"]
    assert any_of(secrets).findall("a10.0.0.7b tok3nXY Ana") == ["10.0.0.7", "Ana"]
    assert any_of(set()).findall(text) == []


def test_no_personal_data_leaves_raw(sample_project):
    # the fieldwork files (counts of the raw responses, before cleaning) are scanned too
    raw = _raw_sample()
    secrets = set(raw["ipaddr"]) | set(raw["token"]) | set(raw["EMAIL"])
    # the regional survey's participants table: names and addresses never leave data/raw
    participants = raw[raw["email"] != ""]
    assert len(participants) > 200
    secrets |= set(participants["email"]) | set(participants["firstname"] + " " + participants["lastname"])
    # exact timestamps (only the date may leave) and contact data written into free texts
    secrets |= {t for c in ("submitdate", "startdate", "datestamp") for t in raw[c] if len(t) >= 16}
    texts = [t for c in OPEN_TEXTS for t in raw[c]]
    contacts = {m for t in texts for m in EMAIL.findall(t) + PHONE.findall(t)}
    assert len(contacts) >= 5 and any(m.startswith("+") for m in contacts)
    secrets |= contacts
    # the interview notes' planted names, e-mail addresses and phone numbers (coded into themes)
    for survey in SURVEYS:
        notes = json.loads((ROOT / f"data/raw/sample/{survey}/planted_interviews.json").read_text("utf-8"))
        for note in notes["notes"].values():
            secrets |= {*note["names"], *note["emails"], *note["phones"]}
    assert {"Johan Peeters", "+32 470 12 34 56"} <= secrets
    secrets.discard("")
    # long free texts: only in open_text.parquet, its coded sentences (theme_segments.parquet) and,
    # redacted, on the pages that quote them (group pages, and the themes section of survey pages)
    free_text = {t for t in raw["OPENNEEDS"] if len(t) > 20}
    assert len(secrets) > 500
    outputs = [p for p in (sample_project / "data" / "processed").rglob("*") if p.is_file()]
    outputs += [p for p in (sample_project / "reports").rglob("*") if p.is_file()]
    assert len(outputs) > 10
    fieldwork_files = {"by_partner.csv", "by_breakdown.csv", "daily.csv", "dropout.csv", "exclusions.csv"}
    assert {p.name for p in outputs} >= {"open_text.parquet", "missingness.csv", *fieldwork_files}
    assert {p.parent.name for p in outputs if p.name == "summary.json"} == {"fieldwork"}
    find_secret, find_free_text = any_of(secrets), any_of(free_text)
    assert find_secret.search(f"x {sorted(secrets)[7]} y") and find_free_text.search(sorted(free_text)[0])
    for path in outputs:
        text = _readable_text(path)
        assert not EMAIL.search(text), f"{path}: {EMAIL.search(text).group()}"
        leaked = find_secret.findall(text)
        if path.name not in OPEN_TEXT_FILES and not _quotes_open_answers(path):
            leaked += find_free_text.findall(text)
        assert not leaked, f"{path}: {leaked[:3]}"


@pytest.mark.parametrize("survey", SURVEYS)
def test_open_texts_are_kept_respondents_only_redacted(sample_project, survey):
    out = processed(sample_project, survey)
    texts = pd.read_parquet(out / "open_text.parquet")
    kept = pd.read_parquet(out / "respondents.parquet")
    assert list(texts.columns) == ["respondent_id", "question", "language", "text"]
    assert set(texts["respondent_id"]) <= set(kept["respondent_id"])
    assert len(texts) > 50 and (texts["text"].str.len() > 0).all()
    assert "EMAIL" not in set(texts["question"])  # contact data: personal_questions
    assert texts["text"].str.contains("[phone]", regex=False).any()
    assert not texts["text"].str.contains(PHONE).any()
    assert (texts["text"] == texts["text"].str.strip()).all()
    planted_markers = set(planted(survey)["test_markers"].values())
    assert not planted_markers & set(texts["text"])  # test runs are excluded, not published


@pytest.mark.parametrize("survey", SURVEYS)
def test_missingness_and_summary_contract(sample_project, survey):
    out = processed(sample_project, survey)
    missing = pd.read_csv(out / "missingness.csv", keep_default_na=False)
    assert list(missing.columns) == [
        "scope", "group", "skill_id", "dimension", "n", "answered", "no_answer", "dont_know",
        "not_applicable", "not_shown", "missing_share",
    ]
    kept = pd.read_parquet(out / "respondents.parquet")
    overall = missing[missing.scope == "overall"]
    assert (overall["n"] == len(kept)).all()
    assert set(missing[missing.scope == "partner"]["group"]) == set(kept["partner"])
    ratings = pd.read_parquet(out / "ratings.parquet")
    assert list(ratings.columns) == ["respondent_id", "skill_id", "dimension", "value", "missing"]
    assert (ratings["value"].isna() == ratings["missing"].notna()).all()
    share = ratings["missing"].fillna("").eq("no_answer").mean()
    assert share == pytest.approx(planted(survey)["no_answer_share"], abs=0.002)
    if survey == "regional":
        dk = ratings["missing"].fillna("").eq("dont_know").mean()
        assert dk == pytest.approx(planted(survey)["dont_know_share"], abs=0.002)
    summary = json.loads((out / "cleaning_summary.json").read_text("utf-8"))
    rules = [step["rule"] for step in summary["funnel"]]
    assert rules == ["test_response", "incomplete", "attention_check", "duplicate", "speeder",
                     "straightliner", "too_few_answers"]
    by_partner = summary["funnel_by_partner"]
    assert sum(row["raw"] for row in by_partner) == summary["n_raw"]
    assert sum(row["kept"] for row in by_partner) == summary["n_kept"]
    for row in by_partner:
        assert row["raw"] == row["kept"] + sum(row[r] for r in rules)
    excluded = pd.read_csv(out / "exclusions.csv", dtype=str, keep_default_na=False)
    assert list(excluded.columns) == ["response_id", "partner", "rule", "detail"]
    checks = {w["check"] for w in summary["warnings"]}
    assert "contact_data_redacted" in checks
    # every warning has its check code and message; the numbers it states, when it has any, as values
    assert all({"check", "message"} <= set(w) <= {"check", "message", "values"} for w in summary["warnings"])


def test_same_inputs_give_byte_identical_outputs(sample_project, tmp_path):
    from analysis.cli import main

    again = make_project(tmp_path / "again")
    # two of the site's languages are enough to show the pages do not change between runs
    assert main(["--root", str(again), "fieldwork"]) == 0  # as the sample project (make report)
    assert main(["--root", str(again), "run", "--lang", "en", "--lang", "bg"]) == 0
    files = [
        "exclusions.csv", "respondents.parquet", "ratings.parquet", "open_text.parquet",
        "missingness.csv", "skills.csv", "codebook.csv", "results/needs.csv",
        "results/group_tests.csv", "results/needs.xlsx", "cleaning_summary.json",
        "preferences.parquet", "results/priorities.csv", "results/priorities.xlsx",
        "results/priority_acceptability.csv", "results/completeness.csv",
    ]
    for survey in SURVEYS:
        for name in files:
            first = (processed(sample_project, survey) / name).read_bytes()
            assert first == (processed(again, survey) / name).read_bytes(), f"{survey}/{name}"
        # the fieldwork files too, but for the time of the run (which its page shows)
        for name in ("by_partner.csv", "by_breakdown.csv", "daily.csv", "dropout.csv", "exclusions.csv"):
            first = (processed(sample_project, survey) / "fieldwork" / name).read_bytes()
            assert first == (processed(again, survey) / "fieldwork" / name).read_bytes(), f"{survey}/{name}"
        summaries = [json.loads((processed(p, survey) / "fieldwork" / "summary.json").read_text("utf-8"))
                     for p in (sample_project, again)]
        assert [s.pop("generated_at") != "" for s in summaries] == [True, True]
        assert summaries[0] == summaries[1]
    reports = sample_project / "reports"
    written = sorted(p.relative_to(again / "reports") for p in (again / "reports").rglob("*") if p.is_file())
    assert len(written) > 50  # every page in both languages, the slider pages, the downloads
    assert {name.parts[0] for name in written if len(name.parts) > 1} >= {"bg", "downloads"}
    nav = re.compile(rb'<details class="languages">.*?</details>', re.S)  # lists the languages built
    assert {"regional-fieldwork.html", "bg/sector-fieldwork.html"} <= {name.as_posix() for name in written}
    for name in (name for name in written if not name.name.endswith("-fieldwork.html")):
        first, second = (reports / name).read_bytes(), (again / "reports" / name).read_bytes()
        if name.suffix == ".html":
            first, second = nav.sub(b"", first), nav.sub(b"", second)
        assert first == second, name


def test_per_respondent_times_are_never_published(sample_project, tmp_path):
    """Timings stay in data/processed: the downloads and pages carry page medians only."""
    import shutil

    from analysis.config import load_survey_config
    from analysis.report import build_site
    from analysis.report.assemble import survey_report
    from analysis.report.downloads import write_downloads

    project = tmp_path / "project"
    shutil.copytree(sample_project / "config", project / "config")
    shutil.copytree(sample_project / "data" / "processed", project / "data" / "processed")
    config = load_survey_config(project / "config" / "surveys" / "regional.yml")
    out = config.processed_dir
    ids = pd.read_parquet(out / "respondents.parquet")["respondent_id"]
    seconds = [1000.0 + i + 0.4321 for i in range(len(ids))]  # every time unique and recognisable
    timings = pd.DataFrame({
        "respondent_id": ids, "level": "group", "group_id": 1, "question": None, "seconds": seconds,
    }).astype({"respondent_id": "string", "level": "string", "group_id": "Int64",
               "question": "string", "seconds": "float64"})
    timings.to_parquet(out / "timings.parquet", index=False)
    summary = json.loads((out / "cleaning_summary.json").read_text("utf-8"))
    median = float(pd.Series(seconds).median())
    summary["page_times"] = [{"group_id": 1, "group": {"en": "About you"}, "median_seconds": median,
                              "respondents": len(ids)}]
    (out / "cleaning_summary.json").write_text(json.dumps(summary), "utf-8")

    written = write_downloads(config, project / "reports" / "downloads")
    written += build_site([survey_report(config)], project / "reports" / "site")
    pages = "".join(p.read_text("utf-8") for p in written if p.suffix == ".html")
    whole = int(round(median))
    assert f"<td class=\"num\">{whole // 60}:{whole % 60:02d}</td>" in pages  # the median is shown
    for path in written:
        text = _readable_text(path)
        shown = [s for s in seconds if f"{s:.4f}" in text or f"{s:.1f}" in text]
        assert not shown, f"{path}: {shown[:3]}"
        assert "interviewtime" not in text or path.suffix == ".html", path
