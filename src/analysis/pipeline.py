"""The pipeline: config -> ingest -> clean -> stats -> report, each stage writing tidy files.

Stages talk through the files in ``data/processed/<survey>/`` so that the CLI can run any stage
alone and a notebook can pick up where the CLI left off: one function, one place.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.clean import CleanSurvey, clean
from analysis.codebook import Codebook
from analysis.config import SurveyConfig, discover_surveys, load_survey_config
from analysis.errors import InvariantError
from analysis.ingest import RawSurvey, ingest
from analysis.ingest.snapshot import Snapshot
from analysis.stats import discrepancies, group_differences, needs_table
from analysis.tables import write_table

__all__ = [
    "SurveyResults",
    "analyze_survey",
    "clean_survey",
    "fetch_survey",
    "load_cleaning",
    "load_results",
    "report_surveys",
    "run",
]

log = logging.getLogger(__name__)


def _progress(message: str) -> None:
    print(f"[skillsneeds] {message}", file=sys.stderr, flush=True)


def group_labels(config: SurveyConfig, codebook: Codebook) -> dict[str, dict[str, str]]:
    """Profile field -> answer code -> label (base language), for naming groups in tables."""
    labels: dict[str, dict[str, str]] = {}
    for field, question in config.profile.items():
        options = codebook[question].answers
        labels[field] = {
            option.code: option.labels.get(codebook.base_language, option.code) for option in options
        }
        if codebook[question].other:
            labels[field]["other"] = "Other"
    return labels


def fetch_survey(
    config: SurveyConfig,
    *,
    since_last: bool = False,
    environ: Mapping[str, str] | None = None,
    sleep: Callable[[float], None] | None = None,
    backoff: float | None = None,
) -> Snapshot:
    """Pull one survey from its LimeSurvey server into a new snapshot in ``data/raw/<survey>/``.

    The server's URL, user and password come from ``LIMESURVEY_URL``, ``LIMESURVEY_USER`` and
    ``LIMESURVEY_PASSWORD`` (environment, else the project's ``.env``); the survey id, timeout and
    retries from ``source.limesurvey``. ``since_last`` exports only responses newer than the latest
    snapshot. Raises :class:`~analysis.ingest.limesurvey.LimeSurveyError` on any failure, leaving
    no partial snapshot.
    """
    from analysis.ingest.limesurvey import fetch_snapshot

    return fetch_snapshot(
        config, since_last=since_last, environ=environ, sleep=sleep, backoff=backoff, progress=_progress
    )


def clean_survey(config: SurveyConfig) -> tuple[RawSurvey, CleanSurvey]:
    """Ingest and clean one survey; write its processed files.

    Writes ``respondents.parquet``, ``ratings.parquet``, ``open_text.parquet``, ``exclusions.csv``,
    ``missingness.csv``, ``codebook.csv``, ``skills.csv`` and ``cleaning_summary.json`` into
    ``data/processed/<survey>/`` (columns: ``docs/results.md``), after checking them against the
    schemas of :mod:`analysis.clean.schemas`.
    """
    from analysis.clean.schemas import validate_outputs

    _progress(f"{config.name}: reading {config.source.files.structure if config.source.files else ''}")
    raw = ingest(config)
    _progress(f"{config.name}: {len(raw.responses)} raw responses from {len(raw.sources)} file(s)")
    cleaned = clean(raw)
    validate_outputs(
        cleaned.respondents, cleaned.ratings, cleaned.open_text, cleaned.exclusions, cleaned.missingness
    )
    out = config.processed_dir
    out.mkdir(parents=True, exist_ok=True)
    cleaned.respondents.to_parquet(out / "respondents.parquet", index=False)
    cleaned.ratings.to_parquet(out / "ratings.parquet", index=False)
    cleaned.open_text.to_parquet(out / "open_text.parquet", index=False)
    write_table(cleaned.exclusions, out / "exclusions.csv", xlsx=False)
    write_table(cleaned.missingness, out / "missingness.csv", xlsx=False)
    write_table(cleaned.skills, out / "skills.csv", xlsx=False)
    write_table(raw.codebook.to_frame(), out / "codebook.csv", xlsx=False)
    summary = {
        "survey": config.name,
        "survey_id": raw.codebook.survey_id,
        "title": config.title,
        "n_raw": cleaned.n_raw,
        "n_kept": cleaned.n_kept,
        "n_excluded": len(cleaned.exclusions),
        "funnel": cleaned.funnel.to_dict(orient="records"),
        "sources": [
            {"path": str(s.path.relative_to(config.root) if s.path.is_relative_to(config.root)
                         else s.path),
             "sha256": s.sha256, "rows": s.rows, "encoding": s.encoding}
            for s in raw.sources
        ],
        "group_labels": group_labels(config, raw.codebook),
        "funnel_by_partner": cleaned.funnel_by_partner,
        "warnings": cleaned.warnings,
    }
    (out / "cleaning_summary.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
    _progress(
        f"{config.name}: kept {cleaned.n_kept}, excluded {len(cleaned.exclusions)} "
        f"({', '.join(f'{r.rule} {r.excluded}' for r in cleaned.funnel.itertuples())})"
    )
    return raw, cleaned


def analyze_survey(config: SurveyConfig) -> dict[str, pd.DataFrame]:
    """Compute needs and group differences from the processed files; write ``results/``."""
    out = config.processed_dir
    if not (out / "ratings.parquet").exists():
        raise FileNotFoundError(
            f"{out / 'ratings.parquet'} does not exist: run `skillsneeds clean --survey "
            f"{config.config_path}` first"
        )
    respondents = pd.read_parquet(out / "respondents.parquet")
    ratings = pd.read_parquet(out / "ratings.parquet")
    skills = pd.read_csv(out / "skills.csv", dtype=str, keep_default_na=False)
    summary = json.loads((out / "cleaning_summary.json").read_text(encoding="utf-8"))
    if summary["n_raw"] != summary["n_kept"] + summary["n_excluded"]:
        raise InvariantError(f"{out}: raw != kept + excluded in cleaning_summary.json")
    settings = config.analysis
    needs = needs_table(
        ratings, respondents, skills, by=settings.by,
        group_labels=summary["group_labels"], min_group_n=settings.min_group_n,
    )
    pairs = discrepancies(ratings)
    labels = dict(zip(skills["skill_id"], skills["label"], strict=True))
    profile = respondents.set_index("respondent_id")
    tests = pd.concat(
        [
            group_differences(
                pairs, profile[field], field, labels, settings.min_group_n, settings.alpha
            )
            for field in settings.by
        ]
        or [group_differences(pairs.iloc[:0], profile["country"], "none")],
        ignore_index=True,
    )
    results = out / "results"
    write_table(needs, results / "needs.csv")
    write_table(tests, results / "group_tests.csv")
    _progress(f"{config.name}: needs for {needs['skill_id'].nunique()} skills written to {results}")
    return {"needs": needs, "group_tests": tests}


@dataclass(frozen=True)
class SurveyResults:
    """What the report of one survey is built from (read back from the results files)."""

    config: SurveyConfig
    summary: dict
    needs: pd.DataFrame
    group_tests: pd.DataFrame


def load_results(config: SurveyConfig) -> SurveyResults:
    """Read a survey's results tables and cleaning summary from ``data/processed/<survey>/``."""
    out = config.processed_dir
    summary = json.loads((out / "cleaning_summary.json").read_text(encoding="utf-8"))
    needs = pd.read_csv(out / "results" / "needs.csv", keep_default_na=False, na_values=[""])
    for column in ("group", "group_label", "skill_label", "skill_group", "skill_id", "scope"):
        needs[column] = needs[column].astype(object).fillna("").astype(str)
    needs["rank"] = needs["rank"].astype("Int64")
    tests = pd.read_csv(out / "results" / "group_tests.csv", keep_default_na=False, na_values=[""])
    return SurveyResults(config, summary, needs, tests)


_MISSINGNESS_TEXT = ("scope", "group", "skill_id", "dimension")
_FORMULA_GUARD = ("'=", "'+", "'-", "'@", "'\t", "'\r")


def _read_text_table(path: Path, text_columns: Sequence[str]) -> pd.DataFrame:
    """A CSV written by ``write_table``: text columns as text, with the formula guard undone.

    ``write_table`` puts an apostrophe before text a spreadsheet would run (``'=SUM(A1)``); the
    report escapes text itself and shows labels as the partners wrote them.
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in frame.columns:
        if column in text_columns:
            frame[column] = frame[column].map(lambda v: v[1:] if v.startswith(_FORMULA_GUARD) else v)
        else:
            frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce")
    return frame


def load_cleaning(config: SurveyConfig, summary: Mapping[str, object]) -> dict[str, object]:
    """The cleaning page's inputs from ``data/processed/<survey>/``, as ``SurveyReport`` fields.

    Tolerates folders written by older versions: a missing ``funnel_by_partner`` or ``warnings``
    key, or a missing ``missingness.csv``, gives None (the page says what was not recorded).

    Returns
    -------
    dict
        ``funnel_by_partner``, ``missingness``, ``warnings`` and ``skills`` (each None when absent).
    """
    out = config.processed_dir
    rules = [str(step["rule"]) for step in summary.get("funnel", [])]  # type: ignore[union-attr]
    partners = summary.get("funnel_by_partner")
    funnel_by_partner = None
    if isinstance(partners, list):
        columns = ["partner", "partner_label", "raw", "kept", *rules]
        funnel_by_partner = pd.DataFrame(partners)
        for column in columns:  # a rule that excluded nobody may be left out of a row
            if column not in funnel_by_partner.columns:
                funnel_by_partner[column] = 0 if column in rules else ""
        funnel_by_partner[rules] = funnel_by_partner[rules].fillna(0)
    warnings = summary.get("warnings")
    missingness_path = out / "missingness.csv"
    skills_path = out / "skills.csv"
    return {
        "funnel_by_partner": funnel_by_partner,
        "warnings": tuple(warnings) if isinstance(warnings, list) else None,
        "missingness": (
            _read_text_table(missingness_path, _MISSINGNESS_TEXT) if missingness_path.exists() else None
        ),
        "skills": (
            _read_text_table(skills_path, ("code", "skill_id", "label", "group"))
            if skills_path.exists() else None
        ),
    }


def with_other_results(configs: Sequence[SurveyConfig]) -> list[SurveyConfig]:
    """The given surveys plus every other survey of the project that already has results.

    So that rebuilding one survey's report keeps the others on the site's index page.
    """
    chosen = list(configs)
    names = {config.name for config in chosen}
    for root in dict.fromkeys(config.root for config in configs):
        for path in discover_surveys(root):
            other = load_survey_config(path)
            if other.name not in names and (other.processed_dir / "results" / "needs.csv").exists():
                chosen.append(other)
                names.add(other.name)
    return sorted(chosen, key=lambda config: config.name)  # the same site whichever was asked for


def report_surveys(configs: Sequence[SurveyConfig], out_dir: Path) -> list[Path]:
    """Build the HTML report site from the results files of the given surveys.

    The index lists these surveys and every other survey of the project that has results.
    """
    from analysis.report import SurveyReport, build_site

    reports = []
    for config in with_other_results(configs):
        results = load_results(config)
        funnel = pd.DataFrame(results.summary["funnel"])
        reports.append(
            SurveyReport(
                name=config.name,
                title=config.title,
                needs=results.needs,
                group_tests=results.group_tests,
                funnel=funnel,
                n_raw=results.summary["n_raw"],
                n_kept=results.summary["n_kept"],
                scopes=tuple(config.analysis.by),
                source_note=config.note,
                **load_cleaning(config, results.summary),  # type: ignore[arg-type]
            )
        )
    paths = build_site(reports, out_dir, min_group_n=min(c.analysis.min_group_n for c in configs))
    _progress(f"report: {len(paths)} pages written to {out_dir}")
    return paths


def run(
    survey_files: Sequence[str | Path] = (),
    *,
    root: str | Path = ".",
    reports_dir: str | Path | None = None,
) -> list[Path]:
    """Run every stage for the given survey configs (all under ``config/surveys`` by default)."""
    paths = [Path(p) for p in survey_files] or discover_surveys(root)
    if not paths:
        raise FileNotFoundError(f"no survey configs in {Path(root) / 'config' / 'surveys'}")
    configs = [load_survey_config(path) for path in paths]
    for config in configs:
        clean_survey(config)
        analyze_survey(config)
    out = Path(reports_dir) if reports_dir else configs[0].root / "reports"
    return report_surveys(configs, out)
