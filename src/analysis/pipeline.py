"""The pipeline: config -> ingest -> clean -> stats -> report, each stage writing tidy files.

It only wires the stages: each reads and writes the files of ``data/processed/<survey>/`` through
:mod:`analysis.store` (their one owner), so that the CLI can run any stage alone and a notebook can
pick up where the CLI left off; the report is assembled from the store by
:mod:`analysis.report.assemble`. ``load_results``, ``load_cleaning``, ``SurveyResults``,
``loadable_surveys`` and ``survey_catalogue`` are re-exported here for notebooks and scripts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis import store
from analysis.clean import CleanSurvey, clean, median_page_times, require_kept
from analysis.codebook import Codebook
from analysis.config import SurveyConfig, discover_surveys, load_skills, load_survey_config, loadable_surveys
from analysis.errors import ConfigError, InputError, InvariantError
from analysis.fieldwork import Fieldwork
from analysis.ingest import RawSurvey, ingest
from analysis.ingest.snapshot import Snapshot
from analysis.priorities import MicroCredential, incomplete_candidates, survey_catalogue
from analysis.priorities.exports import candidate_exports
from analysis.priorities.results import no_priorities, priority_results
from analysis.progress import progress, show_progress
from analysis.staging import staged_folder
from analysis.stats.results import results_tables
from analysis.store import SurveyResults, load_cleaning, load_results
from analysis.themes.codebook import (
    SKILL_PREFIX,
    ThemeCodebook,
    codebook_yaml,
    load_theme_codebook,
    skill_label_table,
)
from analysis.themes.coding import code_segments, segment_texts
from analysis.themes.discover import candidate_themes
from analysis.themes.results import open_answer_segments, theme_segments, theme_skills, theme_table

__all__ = [
    "SURVEY_ERRORS",
    "SurveyResults",
    "SurveyThemes",
    "analyze_survey",
    "build_results",
    "clean_survey",
    "each_survey",
    "fetch_survey",
    "fieldwork_survey",
    "init_theme_codebook",
    "load_cleaning",
    "load_results",
    "loadable_surveys",
    "preview_pages",
    "prioritize_survey",
    "report_surveys",
    "run",
    "show_progress",
    "survey_catalogue",
    "survey_themes",
    "suggest_themes",
    "theme_codebook",
    "themes_survey",
    "with_other_results",
]

if TYPE_CHECKING:
    from analysis.fieldwork.live import LiveSurvey

log = logging.getLogger(__name__)

#: Errors that mean one survey's config or input cannot be used: the other surveys go on.
SURVEY_ERRORS: tuple[type[Exception], ...] = (ConfigError, InputError, InvariantError, FileNotFoundError)


def _progress(message: str) -> None:
    progress(message)  # looked up at each call, so that a test can replace it


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


def fieldwork_survey(config: SurveyConfig, *, live: LiveSurvey | None = None) -> Fieldwork:
    """Count where the survey's fieldwork stands; write ``data/processed/<survey>/fieldwork/``.

    From the server through ``live`` (a :class:`~analysis.fieldwork.live.LiveSurvey`, kept across
    ``--watch`` refreshes), else from the export files or the latest snapshot. The files are
    replaced whole (:func:`analysis.store.write_fieldwork`): a failed refresh leaves the last good
    ones. Columns and definitions: ``docs/fieldwork.md``.

    Raises
    ------
    LimeSurveyError
        For a server that fails or misses the deadline.
    ConfigError, InputError
        For targets that do not fit the survey and unreadable inputs.
    """
    from analysis.fieldwork.live import fieldwork_from_files

    if live is not None:
        _progress(f"{config.name}: refreshing from LimeSurvey (survey {config.source.limesurvey.survey_id})")
        fieldwork = live.refresh()
    else:
        fieldwork = fieldwork_from_files(config)
    folder = store.write_fieldwork(config, fieldwork)
    _write_pages(config, fieldwork)
    summary = fieldwork.summary
    _progress(
        f"{config.name}: {summary['complete']} complete, {summary['incomplete']} incomplete "
        f"({summary['source']}) -> {folder}"
    )
    return fieldwork


def _write_pages(config: SurveyConfig, fieldwork: Fieldwork) -> list[Path]:
    """Write the internal fieldwork page of a run into the project's site, ``reports/``.

    In English and in each language the site already has (``reports/<lang>/``); each page is
    written aside and moved into place, so a page is never half-written. ``skillsneeds report``
    writes them again in every language it builds, and then its cleaning pages link them.
    """
    import os
    import tempfile

    from analysis.report.fieldwork_page import write_fieldwork_pages
    from analysis.report.folder import check_site_folder
    from analysis.report.i18n import available_languages

    out_dir = Path(config.root) / "reports"
    check_site_folder(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    built = [lang for lang in available_languages() if lang != "en" and (out_dir / lang).is_dir()]
    languages = ["en", *built]
    written = []
    with tempfile.TemporaryDirectory(prefix=".fieldwork-", dir=out_dir) as aside:
        for path in write_fieldwork_pages(config, fieldwork, Path(aside), languages):
            target = out_dir / path.relative_to(aside)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            written.append(target)
    _progress(f"{config.name}: fieldwork page in {len(languages)} language(s) -> {written[0]}")
    return written


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
        log.warning("%s: %s (%s)", config.name, warning["message"], warning["check"],
                    extra={"check": warning["check"]})
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
    store.write_cleaned(config, store.CleanedFiles(
        respondents=cleaned.respondents, ratings=cleaned.ratings, open_text=cleaned.open_text,
        preferences=cleaned.preferences, timings=cleaned.timings, exclusions=cleaned.exclusions,
        missingness=cleaned.missingness, skills=cleaned.skills, codebook=raw.codebook.to_frame(config),
        summary=summary,
    ))
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


def analyze_survey(config: SurveyConfig, *, write: bool = True) -> dict[str, pd.DataFrame]:
    """Compute every results table from the processed files; write ``results/``.

    Reads the cleaned tables through :mod:`analysis.store`, computes the tables with
    :func:`analysis.stats.results.results_tables` (weights, descriptives, reliability, needs, gap
    and group tests, rank uncertainty, agreement; columns: ``docs/results.md``) and writes them
    with ``weighting.json`` (``write=False``: the same tables, nothing written, as the notebooks
    explore). Re-runs give byte-identical files.

    Returns
    -------
    dict
        Table name (the file's stem) -> DataFrame; ``weighting`` is a one-row frame.
    """
    out = store.folder(config)
    store.require(config, out / store.RATINGS)
    respondents = store.read_respondents(config)
    ratings = store.read_ratings(config)
    skills = store.read_skills(config)
    summary = store.read_summary(config)
    if summary["n_raw"] != summary["n_kept"] + summary["n_excluded"]:
        raise InvariantError(f"{out}: raw != kept + excluded in {store.SUMMARY}")
    _check_something_to_analyze(config, respondents, ratings, summary)
    tables, weighting = results_tables(
        respondents, ratings, skills, config.analysis, group_labels=summary["group_labels"],
        weights=config.weights, profile=config.profile, survey=config.name,
    )
    if write:  # results/ is shared with `prioritize`: its tables are carried over, these are replaced
        results = store.write_results(config, tables, weighting)
        skills = tables["needs"]["skill_id"].nunique()
        _progress(f"{config.name}: needs for {skills} skills written to {results}")
    tables["weighting"] = pd.DataFrame([weighting])
    return tables


def _check_something_to_analyze(
    config: SurveyConfig, respondents: pd.DataFrame, ratings: pd.DataFrame, summary: Mapping
) -> None:
    """Raise a clear :class:`InputError` when the cleaned data hold no rating to analyze."""
    out = store.folder(config)
    if respondents.empty:
        raise InputError(
            f"cleaning kept none of the {summary['n_raw']} responses, so there is nothing to "
            f"analyze; exclusions.csv names the rule that excluded each one (see the funnel "
            f"in cleaning_summary.json)",
            file=out / store.RESPONDENTS,
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
            file=out / store.RATINGS,
        )


def prioritize_survey(config: SurveyConfig, *, write: bool = True) -> dict[str, pd.DataFrame]:
    """Rank the survey's candidate micro-credentials; write ``priorities``, ``priority_acceptability``
    and ``completeness``.

    Without a ``priorities`` section the tables are written with their columns and no rows (the
    results folder always carries ``priorities.csv``). With one, the candidates whose design still
    leaves Annex I elements open are named in one warning. ``write=False``: the same tables,
    nothing written and no exports made (nor their warnings; ``completeness`` names what is open).
    Columns: ``docs/results.md``; methods: ``docs/priorities.md``. Re-runs give byte-identical files.
    """
    settings = config.priorities
    if settings is None:
        tables = no_priorities()
    else:
        catalogue = survey_catalogue(config)
        if write:
            _warn_incomplete(config, catalogue)
        summary = store.read_summary(config)
        tables = priority_results(
            store.read_respondents(config), store.read_ratings(config), store.read_preferences(config),
            catalogue, settings, scopes=config.priority_scopes, group_labels=summary["group_labels"],
            analysis=config.analysis, weights=config.weights,
        )
    if not write:
        return tables
    # results/ is shared with `analyze`: its tables are carried over, these and the exports are replaced
    exports = {} if settings is None else _exports(config, catalogue)
    results = store.write_priorities(config, tables, exports)
    if settings is not None:
        first = tables["priorities"].query("scope == 'overall' and rank == 1")
        _progress(
            f"{config.name}: {tables['priorities']['microcredential_id'].nunique()} micro-credentials "
            f"ranked ({', '.join(first['microcredential_id'])} first overall) in {results}"
        )
    return tables


def _warn_incomplete(config: SurveyConfig, catalogue: Sequence[MicroCredential]) -> None:
    """One warning naming the candidates whose design leaves Annex I elements open, and which."""
    incomplete = incomplete_candidates(catalogue)
    if not incomplete:
        return
    by_elements: dict[tuple[str, ...], list[str]] = {}
    for candidate_id, elements in incomplete.items():
        by_elements.setdefault(tuple(e.label for e in elements), []).append(candidate_id)
    named = "; ".join(
        f"{', '.join(ids)} (missing: {', '.join(labels)})" for labels, ids in by_elements.items()
    )
    log.warning(
        "%s: %d of %d candidate micro-credentials leave Annex I elements to decide: %s; "
        "results/completeness.csv lists them (docs/priorities.md, Annex I completeness)",
        config.name, len(incomplete), len(catalogue), named,
    )
def _exports(config: SurveyConfig, catalogue: Sequence[MicroCredential]) -> dict[str, dict]:
    """Each candidate's ELM and Open Badges files; a candidate lacking an element the ELM shapes
    require gets no ELM file and a warning naming it and the element (docs/priorities.md)."""
    settings = config.priorities
    assert settings is not None
    skills = load_skills(config.path(config.skills)) if config.skills is not None else ()
    esco = {skill.id: skill.esco for skill in skills if skill.esco}
    table = store.read_skills(config)  # labels in the survey's base language, from the codebook
    labels = {str(i): str(label) for i, label in zip(table["skill_id"], table["label"], strict=True) if label}
    files: dict[str, dict] = {}
    lacking: dict[tuple[str, ...], list[str]] = {}
    for export in candidate_exports(
        catalogue, survey=config.name, language=_base_language(config), esco=esco,
        base_url=settings.export_base_url, skill_labels=labels,
    ):
        files[f"{export.microcredential_id}{store.OB3_SUFFIX}"] = export.ob3
        if export.elm is None:
            lacking.setdefault(tuple(export.missing), []).append(export.microcredential_id)
        else:
            files[f"{export.microcredential_id}{store.ELM_SUFFIX}"] = export.elm
    if lacking:
        named = "; ".join(f"{', '.join(ids)} (no {', '.join(fields)})" for fields, ids in lacking.items())
        count = sum(len(ids) for ids in lacking.values())
        message = (
            f"{count} of {len(catalogue)} candidate micro-credentials have no ELM export, the catalogue "
            f"not giving what the Europass LOQ profile requires: {named}"
        )
        log.warning("%s: %s", config.name, message)
        _progress(f"{config.name}: warning: {message}")
    return files


def theme_codebook(config: SurveyConfig) -> ThemeCodebook:
    """The survey's theme codebook: a theme per skill (labels from the codebook and the config's
    ``translations``), then the themes of ``config/themes/<survey>.yml`` (docs/themes.md)."""
    return load_theme_codebook(config.themes_path, _skill_labels(config))


def _skill_labels(config: SurveyConfig) -> dict[str, dict[str, str]]:
    store.require(config, store.folder(config) / store.CODEBOOK)
    question = config.ratings["importance"].question
    translations = {
        lang: dict(texts.questions[question].subquestions)
        for lang, texts in config.translations.items() if question in texts.questions
    }
    return skill_label_table(store.read_codebook(config), store.read_skills(config), question, translations)


def _base_language(config: SurveyConfig) -> str:
    languages = store.read_codebook(config)["language"]
    return str(languages.iloc[0]) if len(languages) else "en"


def _interview_segments(config: SurveyConfig) -> pd.DataFrame:
    """The survey's interview notes (``interviews:``), read and redacted, as texts to code."""
    from analysis.themes.interviews import read_interviews

    return read_interviews(config)


@dataclass(frozen=True)
class SurveyThemes:
    """A survey's texts to code, their segments and codes, and the codebook they were coded with."""

    codebook: ThemeCodebook
    segments: pd.DataFrame
    coded: pd.DataFrame


def survey_themes(config: SurveyConfig) -> SurveyThemes:
    """Code the survey's open answers (and interview notes) with its theme codebook; writes nothing."""
    store.require(config, store.folder(config) / store.OPEN_TEXT)
    codebook = theme_codebook(config)
    fields = tuple(dict.fromkeys((*config.analysis.by, "partner", "sector", "respondent_type")))
    texts = open_answer_segments(
        store.read_open_text(config), store.read_respondents(config), _base_language(config), fields
    )
    interviews = _interview_segments(config)
    if not interviews.empty:
        texts = pd.concat([texts, interviews], ignore_index=True)
    segments = segment_texts(texts)
    own = {
        lang for theme in codebook.themes if not theme.id.startswith(SKILL_PREFIX) for lang in theme.patterns
    }
    languages = sorted(set(segments["language"]) | own)
    return SurveyThemes(codebook, segments, code_segments(segments, codebook, languages))


def themes_survey(config: SurveyConfig) -> dict[str, pd.DataFrame]:
    """Code the open answers into themes; write ``themes``, ``theme_skills``, ``theme_segments``.

    Columns: docs/themes.md. The other results tables are carried over untouched; re-runs give
    byte-identical files.
    """
    coded = survey_themes(config)
    summary = store.read_summary(config)
    tables = {
        "themes": theme_table(
            coded.segments, coded.coded, coded.codebook, by=config.analysis.by,
            min_n=config.analysis.min_group_n, group_labels=summary.get("group_labels"),
            lang=_base_language(config),
        ),
        "theme_skills": theme_skills(coded.codebook),
        "theme_segments": theme_segments(coded.coded),
    }
    results = store.write_theme_results(
        config, tables["themes"], tables["theme_segments"], tables["theme_skills"]
    )
    respondents = coded.segments.drop_duplicates(["source", "source_id"]).shape[0]
    _progress(
        f"{config.name}: {len(coded.segments)} segments of {respondents} respondents/interviews coded, "
        f"{coded.coded['theme'].nunique()} of {len(coded.codebook.themes)} themes found, written to {results}"
    )
    return tables


def _with_segment_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``segment_id``: ``source:source_id:question:segment``, one per sentence."""
    ids = (frame["source"].astype(str) + ":" + frame["source_id"].astype(str) + ":"
           + frame["question"].fillna("").astype(str) + ":" + frame["segment"].astype(str))
    return frame.assign(segment_id=ids.to_numpy())


def theme_coding_sample(config: SurveyConfig, *, n: int = 100) -> Path:
    """Write the sample of segments an analyst codes by hand, without the automatic codes.

    ``data/processed/<survey>/theme_coding_sample.csv`` (:mod:`analysis.themes.agreement` says
    how to fill it); every theme the automatic coding found is in it. Returns its path.
    """
    from analysis.themes.agreement import write_coding_sample

    coded = survey_themes(config)
    segments = _with_segment_ids(coded.segments).drop_duplicates("segment_id")
    codes = _with_segment_ids(coded.coded)[["segment_id", "theme"]]
    path = store.theme_coding_sample_path(config)
    write_coding_sample(segments, codes, path, themes=[theme.id for theme in coded.codebook.themes], n=n)
    _progress(f"{config.name}: a sample of {min(n, len(segments))} segments to code by hand -> {path}")
    return path


def theme_agreement(config: SurveyConfig, coded_csvs: Sequence[Path]) -> pd.DataFrame:
    """Agreement of the hand codes in ``coded_csvs`` with the automatic codes, per theme.

    Cohen's kappa and Krippendorff's alpha (:mod:`analysis.themes.agreement`); written to
    ``results/theme_agreement.csv`` with the other results tables carried over.
    """
    from analysis.themes.agreement import agreement_report, read_coded_sample

    coded = survey_themes(config)
    themes = [theme.id for theme in coded.codebook.themes]
    sample = store.theme_coding_sample_path(config)
    hand = read_coded_sample(list(coded_csvs), themes=themes, sample=sample if sample.is_file() else None)
    codes = _with_segment_ids(coded.coded)[["segment_id", "theme"]]
    report = agreement_report(hand, codes)
    store.write_results(config, {"theme_agreement": report})
    flagged = report[report["flag"].astype(str).str.len() > 0]["theme"].tolist()
    _progress(f"{config.name}: agreement for {len(report) - 1} themes"
              + (f"; below 0.6 or undefined: {', '.join(map(str, flagged))}" if flagged else ""))
    return report


def suggest_themes(config: SurveyConfig, *, uncoded_only: bool = True) -> pd.DataFrame:
    """Candidate themes the codebook misses (TF-IDF + NMF per language); write ``theme_candidates.csv``."""
    coded = survey_themes(config)
    candidates = candidate_themes(coded.segments, coded.coded, uncoded_only=uncoded_only)
    path = store.write_theme_candidates(config, candidates)
    _progress(f"{config.name}: {len(candidates)} candidate themes written to {path}")
    return candidates


def init_theme_codebook(config: SurveyConfig) -> Path:
    """Write a starting theme codebook at the survey's codebook path (never over an existing file)."""
    path = config.themes_path
    if path.exists():
        raise ConfigError(f"{path} exists already: edit it, or remove it to start again (docs/themes.md)")
    text = codebook_yaml(config.name, _skill_labels(config))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    _progress(f"{config.name}: a starting theme codebook written to {path}")
    return path


def _has_open_answers(config: SurveyConfig) -> bool:
    path = store.folder(config) / store.OPEN_TEXT
    return path.exists() and not store.read_open_text(config).empty


def build_results(config: SurveyConfig) -> None:
    """Write the survey's ``results/`` from its cleaned data: analyze, code the open answers into
    themes (when it has any) and prioritize, as :func:`run` does after cleaning."""
    analyze_survey(config)
    if _has_open_answers(config):
        themes_survey(config)
    prioritize_survey(config)


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


def with_other_results(configs: Sequence[SurveyConfig]) -> list[SurveyConfig]:
    """The given surveys plus every other survey of the project that already has results.

    So that rebuilding one survey's report keeps the others on the site's index page (a survey
    whose config does not load is left out).
    """
    chosen = list(configs)
    names = {config.name for config in chosen}
    for root in dict.fromkeys(config.root for config in configs):
        for other in loadable_surveys(root):
            if other.name not in names and store.has_results(other):
                chosen.append(other)
                names.add(other.name)
    return sorted(chosen, key=lambda config: config.name)  # the same site whichever was asked for


def _report_languages(languages: Sequence[str] | None) -> tuple[str, ...]:
    """The languages asked for (default: every catalogue), each once; a :class:`ConfigError` for
    a language without a catalogue."""
    from analysis.report.i18n import available_languages

    languages = tuple(dict.fromkeys(languages or available_languages()))
    unknown = [lang for lang in languages if lang not in available_languages()]
    if unknown:
        raise ConfigError(
            f"no report catalogue for language(s) {', '.join(unknown)}; available: "
            f"{', '.join(available_languages())} (a new language is a new catalogue: docs/architecture.md)"
        )
    return languages


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
    into ``out_dir``, the others into ``out_dir/<lang>/``. The slider pages and the fieldwork
    pages of the surveys with a fieldwork run (internal, linked from the cleaning page) are written
    directly, the published tables into ``out_dir/downloads/<survey>/`` (machine-readable) and
    ``out_dir/downloads/<lang>/<survey>/`` (the partner edition of each language), and the consortium
    view's tables into ``out_dir/downloads/consortium/``. The index lists these
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
    from analysis.report.assemble import report_pages, survey_report, table_labels
    from analysis.report.book import PageJob, render_pages
    from analysis.report.downloads import published_tables, write_consortium_downloads, write_downloads
    from analysis.report.editions import write_edition
    from analysis.report.fieldwork_page import write_fieldwork_pages
    from analysis.report.folder import DOWNLOADS, check_site_folder, site_keep
    from analysis.report.i18n import available_languages
    from analysis.report.model import fieldwork_page_name, sliders_page_name
    from analysis.report.priorities_page import write_priorities_sliders

    chosen = with_other_results(configs)
    root = chosen[0].root
    languages = _report_languages(languages)
    out_dir = Path(out_dir)
    check_site_folder(out_dir)
    plan = report_pages(root, "en", languages)  # the same pages in every language
    sliders = [c for c in chosen if c.priorities is not None]
    fieldwork = [(c, found) for c in chosen if (found := store.read_fieldwork(c)) is not None]
    pages = (
        {spec.filename for spec in plan} | {sliders_page_name(c.name) for c in sliders}
        | {fieldwork_page_name(c.name) for c, _ in fieldwork}
    )
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
        for config, found in fieldwork:  # internal pages, linked from the cleaning pages only
            paths += write_fieldwork_pages(config, found, staging, languages)
        _warn_missing_labels(chosen, languages)

        def downloads() -> list[Path]:
            written, every = [], {}
            for config in chosen:
                min_n = config.analysis.min_group_n
                written += write_downloads(config, staging / DOWNLOADS, min_n=min_n)
                published = every[config.name] = published_tables(config, min_n=min_n)
                for lang in languages:
                    written += write_edition(config, staging / DOWNLOADS, lang, table_labels(config, lang),
                                             min_n=min_n, published=published)
            return written + write_consortium_downloads(every, staging / DOWNLOADS)

        _progress(f"report: {len(jobs)} pages in {len(languages)} language(s), {workers} kernel(s)")
        # The downloads are written here while the kernels render the pages (the kernels are other
        # processes; this one mostly waits for their messages).
        with ThreadPoolExecutor(max_workers=1) as pool:
            files = pool.submit(downloads)
            paths = render_pages(jobs, cwd=Path(root), workers=workers, progress=_progress) + paths
            paths += files.result()
        paths = [out_dir / path.relative_to(staging) for path in paths]
    _progress(f"report: {len(paths)} files written to {out_dir}")
    return paths


def preview_pages(
    config: SurveyConfig,
    out_dir: Path,
    *,
    languages: Sequence[str] | None = None,
) -> list[Path]:
    """Build a site of this one survey, in ``languages`` only, into ``out_dir``: a preview.

    The survey's pages (its page, group pages, cleaning and priorities pages and slider page)
    with an index, methods appendix and glossary of it alone, English pages in ``out_dir``, the
    others in ``out_dir/<lang>/``: the pages ``skillsneeds report`` writes for it, rendered in this
    process (:func:`analysis.report.site.build_site`, no kernel), without the downloads, the
    fieldwork pages and the other surveys. The published site (``reports/``) is not touched;
    ``out_dir`` is emptied first.

    Raises
    ------
    ConfigError
        For a language without a catalogue.
    FileNotFoundError
        When the survey has no results (``skillsneeds analyze``).
    """
    import shutil

    from analysis.report.assemble import survey_report
    from analysis.report.site import build_site

    languages = _report_languages(languages)
    store.require(config, store.result_path(config, "needs"), command="analyze")
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    paths: list[Path] = []
    for lang in languages:
        _progress(f"preview: {config.name} in {lang}")
        paths += build_site(
            [survey_report(config, lang)], out_dir if lang == "en" else out_dir / lang, configs=[config],
            min_group_n=config.analysis.min_group_n, lang=lang, languages=languages,
        )
    return paths


def print_report(out_dir: Path, languages: Sequence[str] | None = None) -> list[Path]:
    """Print the site's pages (of ``languages``, default every language) into ``out_dir/pdf/<lang>/``.

    The PDF edition of the site :func:`report_surveys` wrote (:mod:`analysis.report.pdf`).

    Raises
    ------
    ToolError
        When no Chromium or Chrome is found (naming what to install), or it fails on a page.
    """
    from analysis.report.i18n import available_languages
    from analysis.report.pdf import find_browser, print_site

    browser = find_browser()
    languages = tuple(dict.fromkeys(languages or available_languages()))
    paths = print_site(Path(out_dir), languages, browser=browser, progress=_progress)
    _progress(f"pdf: {len(paths)} PDF file(s) written to {Path(out_dir) / 'pdf'}")
    return paths


def _warn_missing_labels(configs: Sequence[SurveyConfig], languages: Sequence[str]) -> None:
    """Say which survey texts a language's pages show in the survey's base language, and where to add them."""
    from analysis.report.labels import missing_labels

    for config in configs:
        for lang in languages:
            missing = missing_labels(config, lang)
            if missing:
                shown = ", ".join(missing[:6]) + (f" and {len(missing) - 6} more" if len(missing) > 6 else "")
                _progress(
                    f"warning: {config.name}: the {lang} pages show {len(missing)} text(s) of the survey "
                    f"in its base language ({shown}); add them under translations: {lang}: questions: (or "
                    f"question_groups:) in {config.config_path or config.name} (docs/configuration.md)"
                )


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

    Each survey is cleaned, analysed, its open answers coded into themes (when it has any) and
    prioritised in turn, then the report is built from
    those that got through. With ``on_error`` a survey whose config or input cannot be used is
    passed to it and the others go on (see :func:`each_survey`); without it the first such
    error is raised. Returns the report's files (none when no survey got through).
    """
    paths = [Path(p) for p in survey_files] or discover_surveys(root)
    if not paths:
        raise FileNotFoundError(f"no survey configs in {Path(root) / 'config' / 'surveys'}")

    def all_stages(config: SurveyConfig) -> None:
        clean_survey(config)
        build_results(config)

    configs = each_survey(paths, all_stages, on_error=on_error)
    if not configs:
        return []
    out = Path(reports_dir) if reports_dir else configs[0].root / "reports"
    return report_surveys(configs, out, languages=languages, workers=workers)
