"""Every export of the regional sample gives the same kept respondents and the same needs table.

For each file in data/raw/sample/regional/exports/ a survey config is written as
config/surveys/regional.yml is, except that ``source.files.responses`` names that export with the
settings a partner declares for it (format, language, encoding, delimiter, date format, words).
The survey is ingested and cleaned (:func:`analysis.ingest.ingest`, :func:`analysis.clean.clean`)
and its needs table computed as ``analyze_survey`` computes it, then compared with the same run on
``responses.csv`` (code headings, answer codes):

- the kept response ids, the respondents, the ratings and the timings: identical;
- the exclusions: the same rule for the same responses, with the same detail;
- the needs table: identical values, and ``needs.csv`` byte for byte.

An Excel re-save in a Windows code page loses what Excel loses: date-times keep only the minute,
and characters outside the code page become ``?``. Neither reaches the kept respondents or the
needs: the respondents' dates are days, the speeder rule times responses by ``interviewtime``, and
the duplicate rule compares minutes. The open answers are compared after the same code-page loss,
and an exclusion's detail may differ where the lost characters were the reason given: the Greek
re-save turns response 2's test marker "тест" into "????", and the response is still excluded as
a test response, because it started before fieldwork opened.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml
from regional_exports import BASELINE, EXPORTS, REGIONAL, ROOT, SETTINGS
from sample_project import make_project

from analysis.clean import CleanSurvey, clean
from analysis.config import SurveyConfig, load_survey_config
from analysis.ingest import RawSurvey, ingest
from analysis.pipeline import analyze_survey, clean_survey, group_labels
from analysis.stats import needs_table
from analysis.stats.results import rating_scale, survey_weights
from analysis.tables import write_table

KEY = b"a fixed pseudonym key for comparing exports"
PLANTED = json.loads((REGIONAL / "planted.json").read_text("utf-8"))
SPEEDERS = PLANTED["speeder_rule"]
EXCEL = {name: code_page for name, (_, code_page) in SETTINGS.items() if code_page}


@dataclass(frozen=True)
class Outcome:
    """One export through ingest, clean and the needs table."""

    raw: RawSurvey
    cleaned: CleanSurvey
    needs: pd.DataFrame
    needs_csv: str

    @property
    def kept_ids(self) -> list[str]:
        excluded = set(self.cleaned.exclusions["response_id"])
        return [i for i in self.raw.responses["id"] if i not in excluded]

    def excluded_by(self, rule: str) -> list[str]:
        exclusions = self.cleaned.exclusions
        return sorted(exclusions.loc[exclusions["rule"] == rule, "response_id"], key=int)


def _config(project: Path, stem: str, responses: dict[str, object], **analysis: object) -> SurveyConfig:
    """config/surveys/regional.yml with other response files (and analysis settings)."""
    data = yaml.safe_load((project / "config" / "surveys" / "regional.yml").read_text("utf-8"))
    data["source"]["files"]["responses"] = [responses]
    data["analysis"] = data.get("analysis", {}) | analysis
    path = project / "config" / "surveys" / f"regional-{stem}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return load_survey_config(path)


def _needs(config: SurveyConfig, raw: RawSurvey, cleaned: CleanSurvey) -> pd.DataFrame:
    """The needs table, called as :func:`analysis.stats.results.results_tables` calls it."""
    respondents, _ = survey_weights(cleaned.respondents, config.weights)
    settings = config.analysis
    return needs_table(
        cleaned.ratings, respondents, cleaned.skills, by=tuple(settings.by),
        group_labels=group_labels(config, raw.codebook), min_group_n=settings.min_group_n,
        weight="weight", crosshair=settings.crosshair, scale=rating_scale(cleaned.ratings),
    )


def _run(config: SurveyConfig, out: Path) -> Outcome:
    raw = ingest(config)
    cleaned = clean(raw, key=KEY)
    needs = _needs(config, raw, cleaned)
    write_table(needs, out / "needs.csv", xlsx=False)
    return Outcome(raw, cleaned, needs, (out / "needs.csv").read_text("utf-8"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("formats"))


@pytest.fixture(scope="module")
def outcomes() -> dict[Path, Outcome]:
    """The outcome of each response file, computed once."""
    return {}


def _outcome(
    project: Path, outcomes: dict[Path, Outcome], path: Path, settings: dict[str, object]
) -> Outcome:
    """The outcome of one response file, read with the settings declared for it."""
    if path not in outcomes:
        # as a partner writes it: relative to the project (whose data/raw is the repository's)
        relative = path.relative_to(project if path.is_relative_to(project) else ROOT)
        stem = f"{path.parent.name}-{path.stem}"
        config = _config(project, stem, {"path": str(relative), **settings})
        outcomes[path] = _run(config, project / "out" / stem)
    return outcomes[path]


@pytest.fixture(scope="module")
def baseline(project: Path, outcomes: dict[Path, Outcome]) -> Outcome:
    return _outcome(project, outcomes, BASELINE, {})


def test_baseline_is_the_sample_as_planted(baseline: Outcome) -> None:
    funnel = baseline.cleaned.exclusions["rule"].value_counts().to_dict()
    assert funnel == PLANTED["expected_exclusions"]
    assert baseline.cleaned.n_kept == PLANTED["n_clean"] == len(baseline.kept_ids)
    assert len(baseline.needs) > 15  # overall and per country


def test_needs_as_analyze_writes_them(project: Path, baseline: Outcome) -> None:
    # the needs table here is the one `skillsneeds analyze` writes (few bootstrap resamples: the
    # needs do not depend on them)
    config = _config(project, "analyze", {"path": "data/raw/sample/regional/responses.csv"},
                     bootstrap={"B": 100})
    clean_survey(config)
    analyze_survey(config)
    assert (config.processed_dir / "results" / "needs.csv").read_text("utf-8") == baseline.needs_csv


@pytest.mark.parametrize("name", list(SETTINGS))
def test_export_gives_the_same_respondents_exclusions_and_needs(
    name: str, project: Path, outcomes: dict[Path, Outcome], baseline: Outcome
) -> None:
    got = _outcome(project, outcomes, EXPORTS / name, SETTINGS[name][0])
    want = baseline
    assert got.kept_ids == want.kept_ids
    for table in ("respondents", "ratings", "timings", "preferences", "missingness"):
        pd.testing.assert_frame_equal(getattr(got.cleaned, table), getattr(want.cleaned, table),
                                      check_exact=True, obj=table)
    pd.testing.assert_frame_equal(got.needs, want.needs, check_exact=True, obj="needs")
    assert got.needs_csv == want.needs_csv

    rules = ["response_id", "partner", "rule"]
    pd.testing.assert_frame_equal(got.cleaned.exclusions[rules], want.cleaned.exclusions[rules])
    want_texts = want.cleaned.open_text
    detail_differs = got.cleaned.exclusions["detail"] != want.cleaned.exclusions["detail"]
    if name in EXCEL:
        # characters outside the code page were saved as "?" (in the texts, and so in a detail
        # that quotes them): the response stays excluded by the same rule, for another reason
        code_page = EXCEL[name]
        want_texts = want_texts.assign(
            text=want_texts["text"].map(lambda t: t.encode(code_page, "replace").decode(code_page))
        )
        changed = got.cleaned.exclusions[detail_differs]
        assert set(changed["rule"]) <= {"test_response"}
        assert changed["detail"].str.startswith("started on ").all()
    else:
        assert not detail_differs.any()
    pd.testing.assert_frame_equal(got.cleaned.open_text, want_texts, check_exact=True, obj="open_text")


def test_excel_resave_keeps_a_test_response_whose_marker_is_lost(
    project: Path, outcomes: dict[Path, Outcome], baseline: Outcome
) -> None:
    # the comparison above allows a changed detail: it happens, and only for this response
    name = "responses_excel_el_cp1253.csv"
    got = _outcome(project, outcomes, EXPORTS / name, SETTINGS[name][0])
    marker = PLANTED["test_markers"]["2"]
    assert marker == "тест" and marker.encode("cp1253", "replace") == b"????"
    before = baseline.cleaned.exclusions.set_index("response_id").loc["2"]
    after = got.cleaned.exclusions.set_index("response_id").loc["2"]
    assert before["rule"] == after["rule"] == "test_response"
    assert before["detail"].startswith("OPENCOMP matches the test marker")
    assert after["detail"] == "started on 2025-04-01, before fieldwork opened on 2025-04-07"


@pytest.mark.parametrize("name", ["responses.csv", *SETTINGS])
def test_planted_speeders_are_found_by_interviewtime(
    name: str, project: Path, outcomes: dict[Path, Outcome]
) -> None:
    path = BASELINE if name == BASELINE.name else EXPORTS / name
    got = _outcome(project, outcomes, path, SETTINGS.get(name, ({}, None))[0])
    assert "interviewtime" in got.raw.responses  # every export of the sample saves the times
    assert got.excluded_by("speeder") == sorted(PLANTED["flaws"]["speeder"], key=int)
    assert got.cleaned.speeder_times["interviewtime"] > 0
    assert got.cleaned.speeder_times["dates"] == 0


def _without_interviewtime(source: Path, target: Path, encoding: str) -> None:
    """The export with its interviewtime column taken out, as a survey saving no times has none."""
    rows = list(csv.reader(io.StringIO(source.read_bytes().decode(encoding), newline=""), delimiter=";"))
    column = rows[0].index("interviewtime")
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows(row[:column] + row[column + 1 :] for row in rows)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(out.getvalue().encode(encoding))


@pytest.mark.parametrize("name", ["responses.csv", *EXCEL])
def test_without_interviewtime_only_the_wall_clock_speeders_are_found(
    name: str, project: Path, outcomes: dict[Path, Outcome], baseline: Outcome
) -> None:
    source = BASELINE if name == BASELINE.name else EXPORTS / name
    settings = SETTINGS.get(name, ({}, None))[0]
    target = project / "without-interviewtime" / name
    _without_interviewtime(source, target, str(settings.get("encoding", "utf-8-sig")))
    got = _outcome(project, outcomes, target, settings)
    assert "interviewtime" not in got.raw.responses
    assert got.excluded_by("speeder") == sorted(SPEEDERS["by_dates_too"], key=int)
    assert got.cleaned.speeder_times["interviewtime"] == 0
    # the speeders only interviewtime tells are kept: their dates look like anyone's
    only_timed = set(SPEEDERS["by_interviewtime_only"])
    assert only_timed and only_timed <= set(got.kept_ids)
    assert sorted(set(got.kept_ids) - set(baseline.kept_ids), key=int) == sorted(only_timed, key=int)
