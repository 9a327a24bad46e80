"""The pipeline: config -> ingest -> clean -> stats -> report, each stage writing tidy files.

Stages talk through the files in ``data/processed/<survey>/`` so that the CLI can run any stage
alone and a notebook can pick up where the CLI left off: one function, one place.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.clean import CleanSurvey, clean, median_page_times, require_kept
from analysis.codebook import Codebook
from analysis.config import SurveyConfig, discover_surveys, load_survey_config, skill_group_names
from analysis.errors import ConfigError, InputError, InvariantError
from analysis.ingest import RawSurvey, ingest
from analysis.ingest.snapshot import Snapshot
from analysis.priorities import MicroCredential, load_catalogue
from analysis.priorities.criteria import criteria_design
from analysis.priorities.ranking import ACCEPTABILITY_COLUMNS, PRIORITIES_COLUMNS, priority_tables
from analysis.staging import all_but, staged_folder
from analysis.stats import (
    AGREEMENT_COLUMNS,
    SPEARMAN_COLUMNS,
    agreement_table,
    bootstrap_ranks_by,
    describe,
    discrepancies,
    dunn_posthoc,
    gap_tests,
    group_differences,
    item_total_table,
    needs_table,
    rake,
    reliability_table,
    spearman_pairs,
)
from analysis.stats.needs import CROSSHAIR_COLUMNS
from analysis.tables import write_table

if TYPE_CHECKING:
    from analysis.report import PrioritiesReport, SurveyReport
    from analysis.report.pages import PageSpec

__all__ = [
    "SURVEY_ERRORS",
    "SurveyResults",
    "analyze_survey",
    "clean_survey",
    "each_survey",
    "fetch_survey",
    "load_cleaning",
    "load_priorities",
    "load_results",
    "loadable_surveys",
    "prioritize_survey",
    "report_surveys",
    "run",
    "survey_catalogue",
    "survey_weights",
]

log = logging.getLogger(__name__)

#: Errors that mean one survey's config or input cannot be used: the other surveys go on.
SURVEY_ERRORS: tuple[type[Exception], ...] = (ConfigError, InputError, InvariantError, FileNotFoundError)


def _progress(message: str) -> None:
    print(f"[skillsneeds] {message}", file=sys.stderr, flush=True)


def group_labels(config: SurveyConfig, codebook: Codebook) -> dict[str, dict[str, str]]:
    """Profile field -> answer code -> label (base language), for naming groups in tables."""
    labels: dict[str, dict[str, str]] = {}
    for field, question in config.profile.items():
        if question not in codebook:  # a participant attribute: its values are its labels
            labels[field] = {}
            continue
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

    Writes ``respondents.parquet``, ``ratings.parquet``, ``open_text.parquet``,
    ``preferences.parquet``, ``timings.parquet`` (LimeSurvey's saved times of the kept respondents,
    never published), ``exclusions.csv``, ``missingness.csv``, ``codebook.csv``, ``skills.csv`` and
    ``cleaning_summary.json`` (with the median time per page and how the speeder rule timed the
    responses) into ``data/processed/<survey>/`` (columns: ``docs/results.md``), after checking
    them against the schemas of :mod:`analysis.clean.schemas`. The warnings are also printed.

    Raises
    ------
    InputError
        When cleaning keeps no response (naming the rule that excluded most); nothing is written.
    """
    from analysis.clean.schemas import validate_outputs

    _progress(f"{config.name}: reading {config.source.files.structure if config.source.files else ''}")
    raw = ingest(config)
    _progress(f"{config.name}: {len(raw.responses)} raw responses from {len(raw.sources)} file(s)")
    cleaned = clean(raw)
    for warning in cleaned.warnings:
        log.warning("%s: %s (%s)", config.name, warning["message"], warning["check"])
    require_kept(config, cleaned)
    validate_outputs(
        cleaned.respondents, cleaned.ratings, cleaned.open_text, cleaned.exclusions, cleaned.missingness,
        cleaned.timings,
    )
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
        "scales": [
            {
                "dimension": dimension, "question": numbers.question, "scale": numbers.scale,
                "rule": numbers.rule, "values": [[code, numbers.values[code]] for code in numbers.codes
                                                 if code in numbers.values],
                "missing": list(numbers.missing),
            }
            for dimension, numbers in cleaned.scales.items()
        ],
        "speeder_times": cleaned.speeder_times,
        "page_times": [
            {"group_id": int(row.group_id), "median_seconds": float(row.median_seconds),
             "respondents": int(row.respondents),
             "group": raw.codebook.group_names.get(int(row.group_id), {})}
            for row in median_page_times(cleaned.timings).itertuples()
        ],
    }
    # the folders of later stages (results/, ...) are carried over; clean's own files are replaced
    with staged_folder(config.processed_dir, keep=Path.is_dir) as out:
        cleaned.respondents.to_parquet(out / "respondents.parquet", index=False)
        cleaned.ratings.to_parquet(out / "ratings.parquet", index=False)
        cleaned.open_text.to_parquet(out / "open_text.parquet", index=False)
        cleaned.preferences.to_parquet(out / "preferences.parquet", index=False)
        cleaned.timings.to_parquet(out / "timings.parquet", index=False)
        write_table(cleaned.exclusions, out / "exclusions.csv", xlsx=False)
        write_table(cleaned.missingness, out / "missingness.csv", xlsx=False)
        write_table(cleaned.skills, out / "skills.csv", xlsx=False)
        write_table(raw.codebook.to_frame(config), out / "codebook.csv", xlsx=False)
        (out / "cleaning_summary.json").write_text(
            json.dumps(summary, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
        )
    _progress(
        f"{config.name}: kept {cleaned.n_kept}, excluded {len(cleaned.exclusions)} "
        f"({', '.join(f'{r.rule} {r.excluded}' for r in cleaned.funnel.itertuples())})"
    )
    timed = cleaned.speeder_times or {}
    if timed.get("interviewtime"):
        _progress(
            f"{config.name}: speeders judged on LimeSurvey's interviewtime for {timed['interviewtime']} "
            f"response(s), on submitdate - startdate for {timed.get('dates', 0)}; median time per "
            f"page on the cleaning page"
        )
    return raw, cleaned


def survey_weights(config: SurveyConfig, respondents: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, object]]:
    """The respondents with their analysis ``weight``, and the weighting report.

    Raked to ``weights.margins`` when the config gives margins (:func:`analysis.stats.rake`),
    else every weight is 1.

    Returns
    -------
    tuple
        The respondents (a copy, ``weight`` replaced) and the content of ``weighting.json``:
        ``{"weighted": false}``, or ``weighted``, ``n``, ``converged``, ``iterations``,
        ``max_margin_error``, ``kish_n``, ``design_effect``.
    """
    respondents = respondents.copy()
    margins = config.weights.margins
    if not margins:
        respondents["weight"] = 1.0
        return respondents, {"weighted": False}
    settings = config.weights
    raked = rake(respondents, margins, trim=settings.trim, max_iter=settings.max_iter, tol=settings.tol)
    respondents["weight"] = raked.weights.to_numpy(dtype=float)
    return respondents, {
        "weighted": True,
        "n": len(respondents),
        "converged": bool(raked.converged),
        "iterations": int(raked.iterations),
        "max_margin_error": float(raked.max_margin_error),
        "kish_n": float(raked.kish_n),
        "design_effect": float(raked.design_effect),
    }


def _rating_scale(ratings: pd.DataFrame) -> tuple[int, int]:
    """The 1-5 scale of the instruments, widened to any value the ratings hold."""
    values = ratings["value"].dropna()
    if values.empty:
        return (1, 5)
    return (min(1, int(values.min())), max(5, int(values.max())))


def _group_mwds(needs: pd.DataFrame, scope: str) -> pd.DataFrame:
    """Skills x groups MWDS of one scope, groups with a suppressed skill left out (as Kendall's W)."""
    rows = needs[needs["scope"] == scope]
    suppressed = rows.loc[rows["suppressed"].astype(bool), "group"].unique()
    rows = rows[~rows["group"].isin(suppressed)]
    return rows.pivot(index="skill_id", columns="group", values="mwds").dropna(how="any")


def analyze_survey(config: SurveyConfig) -> dict[str, pd.DataFrame]:
    """Compute every results table from the processed files; write ``results/``.

    Weights (raked or 1; ``weighting.json``), descriptives, reliability, item-total statistics,
    needs (Borich MWDS with IPA and Locus-for-Focus quadrants), gap tests (Wilcoxon, overall and
    per group), group tests (Kruskal-Wallis) with Dunn's post-hoc pairs, rank uncertainty (the
    stratified bootstrap, overall and per group) and the agreement of the groups' rankings
    (Kendall's W, Spearman). Columns: ``docs/results.md``. Re-runs give byte-identical files.

    Returns
    -------
    dict
        Table name (the file's stem) -> DataFrame; ``weighting`` is a one-row frame.
    """
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
    _check_something_to_analyze(config, respondents, ratings, summary)
    settings = config.analysis
    labels = summary["group_labels"]
    respondents, weighting = survey_weights(config, respondents)
    scale = _rating_scale(ratings)
    by = tuple(settings.by)
    tables: dict[str, pd.DataFrame] = {}
    tables["descriptives"] = describe(ratings, respondents, by=by, weight="weight", scale=scale)
    tables["reliability"] = reliability_table(ratings, respondents, skills, by=by)
    tables["item_total"] = item_total_table(ratings, respondents, skills, by=by)
    needs = needs_table(
        ratings, respondents, skills, by=by, group_labels=labels, min_group_n=settings.min_group_n,
        weight="weight", crosshair=settings.crosshair, scale=scale,
    )
    tables["needs"] = needs
    pairs = discrepancies(ratings, respondents)
    skill_labels = dict(zip(skills["skill_id"], skills["label"], strict=True))
    profile = respondents.set_index("respondent_id")
    alpha, min_n = settings.alpha, settings.min_group_n
    tables["gap_tests"] = pd.concat(
        [gap_tests(pairs, None, "overall", alpha=alpha, min_group_n=min_n)]
        + [gap_tests(pairs, profile[field], field, alpha=alpha, min_group_n=min_n) for field in by],
        ignore_index=True,
    )
    tables["group_tests"] = pd.concat(
        [group_differences(pairs, profile[field], field, skill_labels, min_n, alpha) for field in by]
        or [group_differences(pairs.iloc[:0], profile["country"], "none")],
        ignore_index=True,
    )
    tables["dunn"] = pd.concat(
        [dunn_posthoc(pairs, profile[field], field, min_group_n=min_n, alpha=alpha) for field in by]
        or [dunn_posthoc(pairs.iloc[:0], profile["country"], "none")],
        ignore_index=True,
    )
    boot = settings.bootstrap
    tables["rank_uncertainty"] = bootstrap_ranks_by(
        pairs, respondents, by, strata=settings.bootstrap_strata, B=boot.B, seed=boot.seed,
        top_k=boot.top_k, weight="weight", min_group_n=min_n, group_labels=labels,
    )
    agreement_fields = settings.agreement_fields
    extra = tuple(field for field in agreement_fields if field not in by)
    ranked = needs if not extra else pd.concat([needs, needs_table(
        ratings, respondents, skills, by=extra, group_labels=labels, min_group_n=min_n,
        weight="weight", crosshair=settings.crosshair, scale=scale,
    ).query("scope != 'overall'")], ignore_index=True)
    empty = [field for field in agreement_fields if not (ranked["scope"] == field).any()]
    for field in empty:
        log.warning(
            "%s: no kept respondent with ratings has a %s (profile question %s): the agreement "
            "between %s groups is left out", config.name, field, config.profile[field], field,
        )
    agreement_fields = tuple(field for field in agreement_fields if field not in empty)
    tables["agreement"] = pd.concat(
        [pd.DataFrame(columns=AGREEMENT_COLUMNS)]
        + [agreement_table(ranked, field) for field in agreement_fields],
        ignore_index=True,
    ).astype({"k_groups": "Int64", "n_skills": "Int64", "df": "Int64"})
    tables["spearman"] = pd.concat(
        [pd.DataFrame(columns=["scope", *SPEARMAN_COLUMNS])]
        + [spearman_pairs(_group_mwds(ranked, field)).assign(scope=field) for field in agreement_fields],
        ignore_index=True,
    )[["scope", *SPEARMAN_COLUMNS]].astype({"n": "Int64"})
    # results/ is shared with `prioritize`: its tables are carried over, these are replaced
    with staged_folder(out / "results", keep=all_but({*tables, "weighting"})) as staging:
        for name, table in tables.items():
            write_table(table, staging / f"{name}.csv")
        (staging / "weighting.json").write_text(
            json.dumps(weighting, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
    results = out / "results"
    tables["weighting"] = pd.DataFrame([weighting])
    _progress(f"{config.name}: needs for {needs['skill_id'].nunique()} skills written to {results}")
    return tables


def _check_something_to_analyze(
    config: SurveyConfig, respondents: pd.DataFrame, ratings: pd.DataFrame, summary: Mapping
) -> None:
    """Raise a clear :class:`InputError` when the cleaned data hold no rating to analyze."""
    out = config.processed_dir
    if respondents.empty:
        raise InputError(
            f"cleaning kept none of the {summary['n_raw']} responses, so there is nothing to "
            f"analyze; exclusions.csv names the rule that excluded each one (see the funnel "
            f"in cleaning_summary.json)",
            file=out / "respondents.parquet",
        )
    if not ratings["value"].notna().any():
        arrays = ", ".join(
            source.question + (f" (scale {source.scale})" if source.scale else "")
            for source in config.ratings.values()
        )
        raise InputError(
            f"none of the {len(respondents)} kept respondents has a rating with a number (arrays "
            f"{arrays}), so there is nothing to analyze; check which number each answer code "
            f"stands for in codebook.csv and docs/configuration.md",
            file=out / "ratings.parquet",
        )


def survey_catalogue(config: SurveyConfig) -> tuple[MicroCredential, ...]:
    """The survey's micro-credential catalogue, checked against its skills and sector codes.

    Raises
    ------
    ConfigError
        When the survey has no ``priorities`` section, or the catalogue is not valid.
    FileNotFoundError
        When the survey has not been cleaned yet.
    """
    if config.priorities is None:
        raise ConfigError(f"{config.config_path}: no priorities section (catalogue, weights)")
    out = config.processed_dir
    summary_path = out / "cleaning_summary.json"
    if not summary_path.exists():
        raise FileNotFoundError(
            f"{summary_path} does not exist: run `skillsneeds clean --survey {config.config_path}` first"
        )
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    skills = pd.read_csv(out / "skills.csv", dtype=str, keep_default_na=False)
    sectors = summary["group_labels"].get(config.priorities.sector_field, {})
    return load_catalogue(config.path(config.priorities.catalogue), skills["skill_id"], sectors)


def prioritize_survey(config: SurveyConfig) -> dict[str, pd.DataFrame]:
    """Rank the survey's candidate micro-credentials; write ``priorities`` and ``priority_acceptability``.

    Without a ``priorities`` section both tables are written with their columns and no rows (the
    results folder always carries ``priorities.csv``). Columns: ``docs/results.md``; methods:
    ``docs/priorities.md``. Re-runs give byte-identical files.
    """
    results = config.processed_dir / "results"
    settings = config.priorities
    if settings is None:
        tables = {
            "priorities": pd.DataFrame(columns=PRIORITIES_COLUMNS),
            "priority_acceptability": pd.DataFrame(columns=ACCEPTABILITY_COLUMNS),
        }
    else:
        catalogue = survey_catalogue(config)
        out = config.processed_dir
        summary = json.loads((out / "cleaning_summary.json").read_text(encoding="utf-8"))
        respondents, _ = survey_weights(config, pd.read_parquet(out / "respondents.parquet"))
        preferences = pd.read_parquet(out / "preferences.parquet")
        design = criteria_design(
            pd.read_parquet(out / "ratings.parquet"), respondents, catalogue,
            sector_field=settings.sector_field, types=settings.types_field, weight="weight",
            gap_threshold=settings.gap_threshold, preferences=preferences, demand=settings.demand,
        )
        table, acceptability = priority_tables(
            design, catalogue, scopes=config.priority_scopes, weights=settings.weight_vector,
            method=settings.method, draws=settings.draws, band=settings.band,
            bootstrap=settings.bootstrap, seed=settings.seed, strata=config.analysis.bootstrap_strata,
            min_group_n=config.analysis.min_group_n, group_labels=summary["group_labels"],
        )
        tables = {"priorities": table, "priority_acceptability": acceptability}
    # results/ is shared with `analyze`: its tables are carried over, these are replaced
    with staged_folder(results, keep=all_but(tables)) as staging:
        for name, table in tables.items():
            write_table(table, staging / f"{name}.csv")
    if settings is not None:
        first = tables["priorities"].query("scope == 'overall' and rank == 1")
        _progress(
            f"{config.name}: {tables['priorities']['microcredential_id'].nunique()} micro-credentials "
            f"ranked ({', '.join(first['microcredential_id'])} first overall) in {results}"
        )
    return tables


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
    missing = [column for column in CROSSHAIR_COLUMNS if column not in needs.columns]
    if missing:
        raise InputError(
            f"the needs table has no {', '.join(missing)}: it was written by an older version; run "
            f"`skillsneeds analyze --survey {config.config_path}` again",
            file=out / "results" / "needs.csv",
        )
    for column in ("group", "group_label", "skill_label", "skill_group", "skill_id", "scope"):
        needs[column] = needs[column].astype(object).fillna("").astype(str)
    needs["rank"] = needs["rank"].astype("Int64")
    tests = pd.read_csv(out / "results" / "group_tests.csv", keep_default_na=False, na_values=[""])
    return SurveyResults(config, summary, needs, tests)


def load_priorities(config: SurveyConfig, lang: str = "en") -> PrioritiesReport | None:
    """The survey's priorities for the report (None without a ``priorities`` section or results).

    Candidates' texts (title, learning outcomes, ...) are in ``lang`` where the catalogue
    translates them.
    """
    from analysis.report import PrioritiesReport

    settings = config.priorities
    results = config.processed_dir / "results"
    if settings is None or not (results / "priorities.csv").exists():
        return None
    text = ("scope", "group", "group_label", "microcredential_id", "title", "method", "stability")
    table = _read_text_table(results / "priorities.csv", text)
    acceptability = _read_text_table(
        results / "priority_acceptability.csv", ("scope", "group", "microcredential_id")
    )
    catalogue = tuple(candidate.in_language(lang) for candidate in survey_catalogue(config))
    titles = {candidate.id: candidate.title for candidate in catalogue}
    table["title"] = table["microcredential_id"].map(titles).fillna(table["title"])
    return PrioritiesReport(
        table=table, acceptability=acceptability, catalogue=catalogue,
        weights=settings.weight_vector, method=settings.method, draws=settings.draws,
        bootstrap=settings.bootstrap,
    )


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
        ``funnel_by_partner``, ``missingness``, ``warnings``, ``skills``, ``scales``,
        ``page_times`` and ``speeder_times`` (each None when absent).
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
    scales = summary.get("scales")
    page_times = summary.get("page_times")
    speeder_times = summary.get("speeder_times")
    missingness_path = out / "missingness.csv"
    skills_path = out / "skills.csv"
    return {
        "funnel_by_partner": funnel_by_partner,
        "warnings": tuple(warnings) if isinstance(warnings, list) else None,
        "scales": tuple(scales) if isinstance(scales, list) else None,
        "page_times": tuple(page_times) if isinstance(page_times, list) else None,
        "speeder_times": dict(speeder_times) if isinstance(speeder_times, dict) and speeder_times else None,
        "missingness": (
            _read_text_table(missingness_path, _MISSINGNESS_TEXT) if missingness_path.exists() else None
        ),
        "skills": (
            _read_text_table(skills_path, ("code", "skill_id", "label", "group"))
            if skills_path.exists() else None
        ),
    }


def each_survey(
    paths: Sequence[str | Path],
    stage: Callable[[SurveyConfig], object],
    *,
    on_error: Callable[[Path, Exception], None] | None = None,
) -> list[SurveyConfig]:
    """Load each survey config and run ``stage`` on it, one survey after the other.

    Parameters
    ----------
    paths
        Survey config files.
    stage
        What to do with each survey (e.g. :func:`clean_survey`).
    on_error
        Called with the config path and the error when a survey's config or input cannot be
        used (:data:`SURVEY_ERRORS`); the other surveys go on. Without it the first such error
        is raised.

    Returns
    -------
    list
        The configs of the surveys the stage ran on without error, in the given order.
    """
    done = []
    for path in paths:
        try:
            config = load_survey_config(path)
            stage(config)
        except SURVEY_ERRORS as error:
            if on_error is None:
                raise
            on_error(Path(path), error)
            continue
        done.append(config)
    return done


def loadable_surveys(root: str | Path) -> list[SurveyConfig]:
    """Every survey config of the project that loads (a broken one is left out), sorted by name."""
    configs = []
    for path in discover_surveys(root):
        try:
            configs.append(load_survey_config(path))
        except ConfigError as error:
            log.debug("left out: %s", error)
    return configs


def with_other_results(configs: Sequence[SurveyConfig]) -> list[SurveyConfig]:
    """The given surveys plus every other survey of the project that already has results.

    So that rebuilding one survey's report keeps the others on the site's index page (a survey
    whose config does not load is left out).
    """
    chosen = list(configs)
    names = {config.name for config in chosen}
    for root in dict.fromkeys(config.root for config in configs):
        for other in loadable_surveys(root):
            if other.name not in names and (other.processed_dir / "results" / "needs.csv").exists():
                chosen.append(other)
                names.add(other.name)
    return sorted(chosen, key=lambda config: config.name)  # the same site whichever was asked for


def _labels_in(config: SurveyConfig, lang: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Skill labels (by skill id) and group labels (by profile field and code) in ``lang``.

    From the survey's codebook; a label the survey does not have in that language is left out
    (the base-language label stays).
    """
    out = config.processed_dir
    codebook = pd.read_csv(out / "codebook.csv", dtype=str, keep_default_na=False)
    here = codebook[codebook["language"] == lang]
    skills = pd.read_csv(out / "skills.csv", dtype=str, keep_default_na=False)
    question = config.ratings["importance"].question
    sub = here[(here["question"] == question) & (here["item"] == "subquestion") & (here["label"] != "")]
    by_code = dict(zip(sub["code"], sub["label"], strict=True))
    pairs = zip(skills["code"], skills["skill_id"], strict=True)
    skill_labels = {sid: by_code[code] for code, sid in pairs if code in by_code}
    groups: dict[str, dict[str, str]] = {}
    for field, profile_question in config.profile.items():
        answers = here[
            (here["question"] == profile_question) & (here["item"] == "answer") & (here["label"] != "")
        ]
        groups[field] = dict(zip(answers["code"], answers["label"], strict=True))
    return skill_labels, groups


def survey_report(config: SurveyConfig, lang: str = "en") -> SurveyReport:
    """Everything the report shows of one survey, read from its processed files.

    Skill and group labels are the codebook's in ``lang`` (English pages keep the skill
    catalogue's labels); the report's own words are translated when the pages render.
    """
    from analysis.report import SurveyReport
    from analysis.report.downloads import as_published, published_tables

    results = load_results(config)
    out = config.processed_dir
    needs = results.needs
    tests = results.group_tests
    priorities = load_priorities(config, lang)
    group_labels = {field: dict(labels) for field, labels in results.summary["group_labels"].items()}
    if lang != "en":
        skills, groups = _labels_in(config, lang)
        for field, labels in groups.items():
            group_labels.setdefault(field, {}).update(labels)
        needs = needs.copy()
        needs["skill_label"] = needs["skill_id"].map(skills).fillna(needs["skill_label"])
        for field, labels in groups.items():
            rows = needs["scope"] == field
            needs.loc[rows, "group_label"] = needs.loc[rows, "group"].map(labels).fillna(
                needs.loc[rows, "group_label"]
            )
        tests = tests.copy()
        tests["skill_label"] = tests["skill_id"].map(skills).fillna(tests["skill_label"])
    skill_groups = skill_group_names(config.path(config.skills), lang) if config.skills else {}
    if skill_groups:
        needs = needs.assign(skill_group=needs["skill_group"].map(skill_groups).fillna(needs["skill_group"]))
    descriptives = out / "results" / "descriptives.csv"
    published = published_tables(config, min_n=config.analysis.min_group_n)
    needs = as_published(needs, published, "needs")
    tests = as_published(tests, published, "group_tests")
    cleaning = load_cleaning(config, results.summary)
    if isinstance(cleaning.get("missingness"), pd.DataFrame):
        cleaning["missingness"] = as_published(cleaning["missingness"], published, "missingness")
    if priorities is not None:
        priorities = dataclasses.replace(
            priorities,
            table=as_published(priorities.table, published, "priorities"),
            acceptability=as_published(priorities.acceptability, published, "priority_acceptability"),
        )
    return SurveyReport(
        name=config.name,
        title=config.text_in("title", lang),
        needs=needs,
        group_tests=tests,
        funnel=pd.DataFrame(results.summary["funnel"]),
        n_raw=results.summary["n_raw"],
        n_kept=results.summary["n_kept"],
        scopes=tuple(config.analysis.by),
        source_note=config.text_in("note", lang),
        **cleaning,  # type: ignore[arg-type]
        priorities=priorities,
        descriptives=(
            _read_text_table(descriptives, ("scope", "group", "skill_id", "dimension"))
            if descriptives.exists() else None
        ),
        respondents=pd.read_parquet(out / "respondents.parquet"),
        open_text=pd.read_parquet(out / "open_text.parquet"),
        group_labels=group_labels,
        published=published,
    )


def report_pages(
    root: str | Path, lang: str = "en", languages: Sequence[str] = ("en",)
) -> list[PageSpec]:
    """Every page of the report site in one language: what each page notebook renders.

    The surveys are those of the project with results (sorted by name); the pages: the index,
    per survey its page, cleaning page, priorities page and one page per group of each
    breakdown (``analysis.by``), and the methods appendix.
    """
    from analysis.report.pages import site_pages

    configs = [
        config for config in loadable_surveys(root)
        if (config.processed_dir / "results" / "needs.csv").exists()
    ]
    configs.sort(key=lambda config: config.name)
    if not configs:
        raise FileNotFoundError(f"no survey of {root} has results: run `skillsneeds run` first")
    reports = [survey_report(config, lang) for config in configs]
    return site_pages(reports, configs, lang=lang, languages=languages,
                      min_group_n=min(c.analysis.min_group_n for c in configs))


def report_surveys(
    configs: Sequence[SurveyConfig],
    out_dir: Path,
    *,
    languages: Sequence[str] | None = None,
    workers: int = 2,
) -> list[Path]:
    """Build the HTML report site from the results files, in every language (parameterised notebooks).

    Every page of :func:`report_pages` is rendered by the page notebook in a Jupyter kernel and
    nbconvert (:mod:`analysis.report.book`), ``workers`` kernels in parallel; English pages go
    into ``out_dir``, the others into ``out_dir/<lang>/``. The slider pages are written
    directly, the published tables into ``out_dir/downloads/<survey>/``. The index lists these
    surveys and every other survey of the project that has results.

    The site is written into a temporary sibling folder and swapped in whole
    (:func:`analysis.staging.staged_folder`): an interrupted build leaves the previous site, and
    pages of a survey no longer configured do not linger. Building some languages only carries
    the other languages' pages over (:mod:`analysis.report.folder` has the rule).

    Raises
    ------
    ConfigError
        For a language without a catalogue, or an ``out_dir`` that holds other things than a site.
    """
    from analysis.report.book import PageJob, render_pages
    from analysis.report.downloads import write_downloads
    from analysis.report.folder import DOWNLOADS, check_site_folder, site_keep
    from analysis.report.i18n import available_languages
    from analysis.report.model import sliders_page_name
    from analysis.report.priorities_page import write_priorities_sliders

    chosen = with_other_results(configs)
    root = chosen[0].root
    languages = tuple(dict.fromkeys(languages or available_languages()))
    unknown = [lang for lang in languages if lang not in available_languages()]
    if unknown:
        raise ConfigError(
            f"no report catalogue for language(s) {', '.join(unknown)}; available: "
            f"{', '.join(available_languages())} (a new language is a new catalogue: docs/architecture.md)"
        )
    out_dir = Path(out_dir)
    check_site_folder(out_dir)
    plan = report_pages(root, "en", languages)  # the same pages in every language
    sliders = [c for c in chosen if c.priorities is not None]
    pages = {spec.filename for spec in plan} | {sliders_page_name(c.name) for c in sliders}
    keep = site_keep(out_dir, pages, built=languages, configured=available_languages())
    with staged_folder(out_dir, keep=keep, inside=True) as staging:
        jobs, paths = [], []
        for lang in languages:
            folder = staging if lang == "en" else staging / lang
            for spec in plan:
                parameters = {
                    "root": str(Path(root).resolve()), **spec.parameters, "lang": lang,
                    "languages": ",".join(languages),
                }
                jobs.append(PageJob(folder / spec.filename, parameters))
            for config in sliders:
                report = survey_report(config, lang)
                if report.priorities is not None:
                    out = folder / sliders_page_name(config.name)
                    paths.append(write_priorities_sliders(report, out, lang=lang))
        _progress(f"report: {len(jobs)} pages in {len(languages)} language(s), {workers} kernel(s)")
        paths = render_pages(jobs, cwd=Path(root), workers=workers, progress=_progress) + paths
        for config in chosen:
            paths += write_downloads(config, staging / DOWNLOADS, min_n=config.analysis.min_group_n)
        paths = [out_dir / path.relative_to(staging) for path in paths]
    _progress(f"report: {len(paths)} files written to {out_dir}")
    return paths


def run(
    survey_files: Sequence[str | Path] = (),
    *,
    root: str | Path = ".",
    reports_dir: str | Path | None = None,
    languages: Sequence[str] | None = None,
    workers: int = 2,
    on_error: Callable[[Path, Exception], None] | None = None,
) -> list[Path]:
    """Run every stage for the given survey configs (all under ``config/surveys`` by default).

    Each survey is cleaned, analysed and prioritised in turn, then the report is built from
    those that got through. With ``on_error`` a survey whose config or input cannot be used is
    passed to it and the others go on (see :func:`each_survey`); without it the first such
    error is raised. Returns the report's files (none when no survey got through).
    """
    paths = [Path(p) for p in survey_files] or discover_surveys(root)
    if not paths:
        raise FileNotFoundError(f"no survey configs in {Path(root) / 'config' / 'surveys'}")

    def all_stages(config: SurveyConfig) -> None:
        clean_survey(config)
        analyze_survey(config)
        prioritize_survey(config)

    configs = each_survey(paths, all_stages, on_error=on_error)
    if not configs:
        return []
    out = Path(reports_dir) if reports_dir else configs[0].root / "reports"
    return report_surveys(configs, out, languages=languages, workers=workers)
