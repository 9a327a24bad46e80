"""The processed folder of a survey, ``data/processed/<survey>/``: its one owner.

Every file name of the folder is a constant here; the stages write through :func:`write_cleaned`
and :func:`write_results` (each folder written aside and swapped in by
:func:`analysis.staging.staged_folder`), and everything that reads the folder back (the analyze
and prioritize stages, the report, the downloads) reads through the ``read_*`` functions, which
return frames and dicts. ``cleaning_summary.json`` is parsed once per version of the file
(:func:`read_summary`). Columns of every file: ``docs/results.md``.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.errors import InputError
from analysis.staging import all_but, staged_folder
from analysis.stats.needs import CROSSHAIR_COLUMNS
from analysis.tables import undo_formula_guard, write_table

if TYPE_CHECKING:
    from analysis.config import SurveyConfig
    from analysis.fieldwork.model import Fieldwork

__all__ = [
    "CODEBOOK",
    "ELM_SUFFIX",
    "EXCLUSIONS",
    "MICROCREDENTIALS",
    "OB3_SUFFIX",
    "MISSINGNESS",
    "OPEN_TEXT",
    "PREFERENCES",
    "RATINGS",
    "RESPONDENTS",
    "RESULTS",
    "SKILLS",
    "SUMMARY",
    "TIMINGS",
    "CleanedFiles",
    "SurveyResults",
    "fieldwork_folder",
    "folder",
    "has_fieldwork",
    "has_results",
    "load_cleaning",
    "load_results",
    "microcredential_exports",
    "read_codebook",
    "read_fieldwork",
    "read_open_text",
    "read_preferences",
    "read_ratings",
    "read_respondents",
    "read_result",
    "read_skills",
    "read_summary",
    "read_text_table",
    "read_theme_results",
    "require",
    "result_path",
    "table_file",
    "table_path",
    "theme_coding_sample_path",
    "write_cleaned",
    "write_fieldwork",
    "write_priorities",
    "write_results",
    "write_theme_candidates",
    "write_theme_results",
]

RESPONDENTS = "respondents.parquet"
RATINGS = "ratings.parquet"
OPEN_TEXT = "open_text.parquet"
PREFERENCES = "preferences.parquet"
TIMINGS = "timings.parquet"
EXCLUSIONS = "exclusions.csv"
MISSINGNESS = "missingness.csv"
SKILLS = "skills.csv"
CODEBOOK = "codebook.csv"
SUMMARY = "cleaning_summary.json"
#: The folder of the results tables (``<name>.csv`` and ``.xlsx``), shared by analyze and prioritize.
RESULTS = "results"
#: The weighting report written by analyze beside its tables.
WEIGHTING = "weighting.json"
#: The themes stage's files in ``results/`` (``skillsneeds themes``; docs/themes.md).
THEMES = "themes"
#: ``results/microcredentials/``: each candidate's ELM (``<id>.elm.jsonld``) and Open Badges
#: (``<id>.ob3.json``) exports, written with the priorities (docs/priorities.md, "Exports").
MICROCREDENTIALS = "microcredentials"
ELM_SUFFIX = ".elm.jsonld"
OB3_SUFFIX = ".ob3.json"
THEME_SKILLS = "theme_skills"
THEME_SEGMENTS = "theme_segments.parquet"
THEME_CANDIDATES = "theme_candidates"
_THEMES_TEXT = ("scope", "group", "group_label", "theme", "theme_label", "source", "skill_id", "suppressed")
#: The folder of the fieldwork run (``skillsneeds fieldwork``): counts of the raw responses.
FIELDWORK = "fieldwork"
#: The fieldwork files: the summary and one CSV per table of :class:`analysis.fieldwork.Fieldwork`.
FIELDWORK_SUMMARY = "summary.json"
_FIELDWORK_TABLES = ("by_partner", "by_breakdown", "daily", "dropout", "exclusions")
_FIELDWORK_TEXT = ("partner", "partner_label", "projected_date", "breakdown", "group", "group_label",
                   "date", "page", "page_label", "rule")

_MISSINGNESS_TEXT = ("scope", "group", "skill_id", "dimension")
_SKILLS_TEXT = ("code", "skill_id", "label", "group")


# --- where ---------------------------------------------------------------------------------------


def folder(config: SurveyConfig) -> Path:
    """``data/processed/<survey>/`` of the survey."""
    return config.processed_dir


def result_path(config: SurveyConfig, name: str) -> Path:
    """The CSV of the results table ``name`` (``results/<name>.csv``)."""
    return folder(config) / RESULTS / f"{name}.csv"


def table_file(name: str) -> str:
    """The CSV of the table ``name`` in the folder: ``missingness.csv``, else ``results/<name>.csv``."""
    return MISSINGNESS if name == Path(MISSINGNESS).stem else f"{RESULTS}/{name}.csv"


def table_path(config: SurveyConfig, name: str) -> Path:
    """The CSV of the table ``name`` (:func:`table_file`) in the survey's folder."""
    return folder(config) / table_file(name)


def has_results(config: SurveyConfig) -> bool:
    """Whether the survey has been analysed (its ``results/needs.csv`` exists)."""
    return result_path(config, "needs").exists()


def require(config: SurveyConfig, path: Path, command: str = "clean") -> Path:
    """``path`` if it exists, else a :class:`FileNotFoundError` naming the command that writes it."""
    if not path.exists():
        raise FileNotFoundError(
            f"{path} does not exist: run `skillsneeds {command} --survey {config.config_path}` first"
        )
    return path


# --- writing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanedFiles:
    """What the clean stage writes: its tables and the content of ``cleaning_summary.json``."""

    respondents: pd.DataFrame
    ratings: pd.DataFrame
    open_text: pd.DataFrame
    preferences: pd.DataFrame
    timings: pd.DataFrame
    exclusions: pd.DataFrame
    missingness: pd.DataFrame
    skills: pd.DataFrame
    codebook: pd.DataFrame
    summary: Mapping[str, object]


def write_cleaned(config: SurveyConfig, files: CleanedFiles) -> Path:
    """Replace the clean stage's files of the survey; the later stages' folders are carried over."""
    with staged_folder(folder(config), keep=Path.is_dir) as out:
        files.respondents.to_parquet(out / RESPONDENTS, index=False)
        files.ratings.to_parquet(out / RATINGS, index=False)
        files.open_text.to_parquet(out / OPEN_TEXT, index=False)
        files.preferences.to_parquet(out / PREFERENCES, index=False)
        files.timings.to_parquet(out / TIMINGS, index=False)
        write_table(files.exclusions, out / EXCLUSIONS, xlsx=False)
        write_table(files.missingness, out / MISSINGNESS, xlsx=False)
        write_table(files.skills, out / SKILLS, xlsx=False)
        write_table(files.codebook, out / CODEBOOK, xlsx=False)
        (out / SUMMARY).write_text(
            json.dumps(files.summary, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
        )
    return folder(config)


def write_results(
    config: SurveyConfig, tables: Mapping[str, pd.DataFrame], weighting: Mapping[str, object] | None = None
) -> Path:
    """Replace these results tables (CSV and XLSX, and ``weighting.json`` when given).

    ``results/`` is shared by the stages: the tables of the other stages are carried over.
    """
    mine: Collection[str] = {*tables, "weighting"} if weighting is not None else set(tables)
    results = folder(config) / RESULTS
    with staged_folder(results, keep=all_but(mine)) as staging:
        for name, table in tables.items():
            write_table(table, staging / f"{name}.csv")
        if weighting is not None:
            (staging / WEIGHTING).write_text(
                json.dumps(weighting, indent=2, sort_keys=True) + "\n", encoding="utf-8"
            )
    return results


def write_priorities(
    config: SurveyConfig, tables: Mapping[str, pd.DataFrame], exports: Mapping[str, Mapping[str, object]]
) -> Path:
    """Replace the priority tables and ``results/microcredentials/`` (one swap: never half-written).

    ``exports`` maps a file name of the folder (``<id>.elm.jsonld``, ``<id>.ob3.json``) to its JSON;
    a file the run does not give is gone afterwards. The other stages' tables are carried over.
    """
    results = folder(config) / RESULTS
    with staged_folder(results, keep=all_but({*tables, MICROCREDENTIALS})) as staging:
        for name, table in tables.items():
            write_table(table, staging / f"{name}.csv")
        if exports:
            (staging / MICROCREDENTIALS).mkdir()
        for name, document in sorted(exports.items()):
            (staging / MICROCREDENTIALS / name).write_text(
                json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
    return results


def microcredential_exports(config: SurveyConfig) -> dict[str, dict[str, Path]]:
    """The survey's export files per candidate: {id: {"elm": path, "ob3": path}} (the ones written)."""
    exports: dict[str, dict[str, Path]] = {}
    directory = folder(config) / RESULTS / MICROCREDENTIALS
    if not directory.is_dir():
        return exports
    for path in sorted(directory.iterdir()):
        for kind, suffix in (("elm", ELM_SUFFIX), ("ob3", OB3_SUFFIX)):
            if path.name.endswith(suffix):
                exports.setdefault(path.name.removesuffix(suffix), {})[kind] = path
    return exports


def write_theme_results(
    config: SurveyConfig, themes: pd.DataFrame, segments: pd.DataFrame, theme_skills: pd.DataFrame
) -> Path:
    """Replace ``themes`` (CSV, XLSX), ``theme_skills`` (CSV, XLSX) and ``theme_segments.parquet``.

    The other stages' tables in ``results/`` are carried over untouched.
    """
    mine = {THEMES, THEME_SKILLS, Path(THEME_SEGMENTS).stem}
    results = folder(config) / RESULTS
    with staged_folder(results, keep=all_but(mine)) as staging:
        write_table(themes, staging / f"{THEMES}.csv")
        write_table(theme_skills, staging / f"{THEME_SKILLS}.csv")
        segments.to_parquet(staging / THEME_SEGMENTS, index=False)
    return results


def write_theme_candidates(config: SurveyConfig, candidates: pd.DataFrame) -> Path:
    """Replace ``results/theme_candidates.csv`` (discovery, for the analyst; no XLSX)."""
    results = folder(config) / RESULTS
    with staged_folder(results, keep=all_but({THEME_CANDIDATES})) as staging:
        write_table(candidates, staging / f"{THEME_CANDIDATES}.csv", xlsx=False)
    return results / f"{THEME_CANDIDATES}.csv"


def read_theme_results(config: SurveyConfig) -> dict[str, pd.DataFrame] | None:
    """``themes``, ``theme_skills`` and ``theme_segments`` of the survey (None when not written)."""
    results = folder(config) / RESULTS
    if not (results / f"{THEMES}.csv").exists():
        return None
    themes = read_text_table(results / f"{THEMES}.csv", _THEMES_TEXT)
    themes["suppressed"] = themes["suppressed"] == "True"
    return {
        THEMES: themes,
        THEME_SKILLS: read_text_table(results / f"{THEME_SKILLS}.csv", _THEMES_TEXT),
        Path(THEME_SEGMENTS).stem: pd.read_parquet(results / THEME_SEGMENTS),
    }


def theme_coding_sample_path(config: SurveyConfig) -> Path:
    """``theme_coding_sample.csv``: segments an analyst codes by hand (``skillsneeds themes --sample``)."""
    return folder(config) / "theme_coding_sample.csv"


def fieldwork_folder(config: SurveyConfig) -> Path:
    """``data/processed/<survey>/fieldwork/``: the latest fieldwork run's files."""
    return folder(config) / FIELDWORK


def write_fieldwork(config: SurveyConfig, fieldwork: Fieldwork) -> Path:
    """Replace the survey's fieldwork files (written aside, swapped in whole: never half-written).

    The columns are those of :mod:`analysis.fieldwork.model`, in its order; the other stages'
    files are not touched.
    """
    from analysis.fieldwork.model import columns_of

    with staged_folder(fieldwork_folder(config)) as out:
        for name in _FIELDWORK_TABLES:
            table = getattr(fieldwork, name)
            write_table(table.reindex(columns=list(columns_of(name))), out / f"{name}.csv", xlsx=False)
        text = json.dumps(fieldwork.summary, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        (out / FIELDWORK_SUMMARY).write_text(text, encoding="utf-8")
    return fieldwork_folder(config)


def has_fieldwork(config: SurveyConfig) -> bool:
    """Whether the survey has a fieldwork run (its ``fieldwork/summary.json``), without reading it."""
    return (fieldwork_folder(config) / FIELDWORK_SUMMARY).is_file()


def read_fieldwork(config: SurveyConfig) -> Fieldwork | None:
    """The latest fieldwork run of the survey (None when there is none yet)."""
    from analysis.fieldwork.model import Fieldwork

    if not has_fieldwork(config):
        return None
    where = fieldwork_folder(config)
    summary = json.loads((where / FIELDWORK_SUMMARY).read_text(encoding="utf-8"))
    tables = {name: read_text_table(where / f"{name}.csv", _FIELDWORK_TEXT) for name in _FIELDWORK_TABLES}
    return Fieldwork(summary=summary, **tables)


# --- reading -------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _parsed_summary(path: str, version: tuple[int, int, int]) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def read_summary(config: SurveyConfig) -> dict:
    """``cleaning_summary.json``, parsed once per version of the file (a copy the caller may change)."""
    path = folder(config) / SUMMARY
    stat = path.stat()
    return copy.deepcopy(_parsed_summary(str(path), (stat.st_ino, stat.st_mtime_ns, stat.st_size)))


def read_respondents(config: SurveyConfig) -> pd.DataFrame:
    """One row per kept response (``respondents.parquet``)."""
    return pd.read_parquet(folder(config) / RESPONDENTS)


def read_ratings(config: SurveyConfig) -> pd.DataFrame:
    """The ratings, long (``ratings.parquet``)."""
    return pd.read_parquet(folder(config) / RATINGS)


def read_preferences(config: SurveyConfig) -> pd.DataFrame:
    """The closed preference answers (``preferences.parquet``)."""
    return pd.read_parquet(folder(config) / PREFERENCES)


def read_open_text(config: SurveyConfig) -> pd.DataFrame:
    """The redacted open answers (``open_text.parquet``)."""
    return pd.read_parquet(folder(config) / OPEN_TEXT)


def read_skills(config: SurveyConfig) -> pd.DataFrame:
    """The skill catalogue of the survey (``skills.csv``), every column as written (text)."""
    return pd.read_csv(folder(config) / SKILLS, dtype=str, keep_default_na=False)


def read_codebook(config: SurveyConfig) -> pd.DataFrame:
    """The codebook (``codebook.csv``), every column as text."""
    return pd.read_csv(folder(config) / CODEBOOK, dtype=str, keep_default_na=False)


def read_text_table(path: Path, text_columns: Sequence[str]) -> pd.DataFrame:
    """A CSV written by ``write_table``: text columns as text, with the formula guard undone.

    ``write_table`` puts an apostrophe before text a spreadsheet would run (``'=SUM(A1)``); the
    report escapes text itself and shows labels as the partners wrote them. Other columns are
    numbers (empty: NaN).
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in frame.columns:
        if column in text_columns:
            frame[column] = frame[column].map(undo_formula_guard)
        else:
            frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce")
    return frame


def read_result(config: SurveyConfig, name: str, text_columns: Sequence[str]) -> pd.DataFrame | None:
    """The results table ``name`` through :func:`read_text_table` (None when it was not written)."""
    path = result_path(config, name)
    return read_text_table(path, text_columns) if path.exists() else None


@dataclass(frozen=True)
class SurveyResults:
    """What the report of one survey is built from (read back from the results files)."""

    config: SurveyConfig
    summary: dict
    needs: pd.DataFrame
    group_tests: pd.DataFrame


def load_results(config: SurveyConfig) -> SurveyResults:
    """Read a survey's needs and group tests and its cleaning summary.

    Raises
    ------
    InputError
        When ``needs.csv`` was written by an older version without the crosshair columns.
    """
    summary = read_summary(config)
    path = result_path(config, "needs")
    needs = pd.read_csv(path, keep_default_na=False, na_values=[""])
    missing = [column for column in CROSSHAIR_COLUMNS if column not in needs.columns]
    if missing:
        raise InputError(
            f"the needs table has no {', '.join(missing)}: it was written by an older version; run "
            f"`skillsneeds analyze --survey {config.config_path}` again",
            file=path,
        )
    for column in ("group", "group_label", "skill_label", "skill_group", "skill_id", "scope"):
        needs[column] = needs[column].astype(object).fillna("").astype(str)
    needs["rank"] = needs["rank"].astype("Int64")
    tests = pd.read_csv(result_path(config, "group_tests"), keep_default_na=False, na_values=[""])
    return SurveyResults(config, summary, needs, tests)


def load_cleaning(config: SurveyConfig, summary: Mapping[str, object]) -> dict[str, object]:
    """The cleaning page's inputs from the processed folder, as ``SurveyReport`` fields.

    Tolerates folders written by older versions: a missing ``funnel_by_partner`` or ``warnings``
    key, or a missing ``missingness.csv``, gives None (the page says what was not recorded).

    Returns
    -------
    dict
        ``funnel_by_partner``, ``missingness``, ``warnings``, ``skills``, ``scales``,
        ``page_times`` and ``speeder_times`` (each None when absent).
    """
    out = folder(config)
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
    missingness_path = out / MISSINGNESS
    skills_path = out / SKILLS
    return {
        "funnel_by_partner": funnel_by_partner,
        "warnings": tuple(warnings) if isinstance(warnings, list) else None,
        "scales": tuple(scales) if isinstance(scales, list) else None,
        "page_times": tuple(page_times) if isinstance(page_times, list) else None,
        "speeder_times": dict(speeder_times) if isinstance(speeder_times, dict) and speeder_times else None,
        "missingness": (
            read_text_table(missingness_path, _MISSINGNESS_TEXT) if missingness_path.exists() else None
        ),
        "skills": read_text_table(skills_path, _SKILLS_TEXT) if skills_path.exists() else None,
    }
