"""One survey's configuration (``config/surveys/<name>.yml``): the whole file, loading and finding it.

Paths in a config are relative to the project folder, the folder that holds the ``config/``
directory the file sits in (or, for a file elsewhere, the file's own folder).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from analysis.config.analysis import AnalysisConfig, WeightsConfig
from analysis.config.base import StrictModel, check_language_codes, explain_validation_error, read_yaml
from analysis.config.cleaning import CleaningConfig
from analysis.config.fieldwork import FieldworkConfig
from analysis.config.priorities import PrioritiesConfig
from analysis.config.source import RatingSource, ScaleValuesEntry, Source
from analysis.errors import ConfigError

log = logging.getLogger(__name__)

__all__ = [
    "CANONICAL_PROFILE_FIELDS",
    "QuestionTexts",
    "SurveyConfig",
    "SurveyTexts",
    "discover_surveys",
    "load_survey_config",
    "loadable_surveys",
    "project_root_for",
]

CANONICAL_PROFILE_FIELDS = ("country", "sector", "respondent_type", "org_size")


class QuestionTexts(StrictModel):
    """One question's words in a language the survey itself was not run in (or lacks a text of)."""

    text: str | None = Field(None, min_length=1, description="the question text")
    answers: dict[str, str] = Field({}, description="answer code -> label")
    subquestions: dict[str, str] = Field({}, description="subquestion code -> label (a battery's items)")

    @field_validator("answers", "subquestions", mode="before")
    @classmethod
    def _codes_as_text(cls, value: Any) -> Any:
        """YAML reads codes such as ``1`` or ``01`` as numbers: LimeSurvey's codes are text."""
        return {str(code): label for code, label in value.items()} if isinstance(value, dict) else value


class SurveyTexts(StrictModel):
    """A survey's own words in one more language: its title and note, and the question, answer and
    question-group texts its LimeSurvey structure does not have in that language."""

    title: str | None = Field(None, min_length=1)
    note: str | None = None
    questions: dict[str, QuestionTexts] = Field(
        {}, description="question code -> {text, answers, subquestions} where the survey lacks them"
    )
    question_groups: dict[int, str] = Field(
        {}, description="question-group (page) id -> name where the survey lacks it"
    )


class SurveyConfig(StrictModel):
    """One survey, as described by ``config/surveys/<name>.yml``."""

    name: str
    title: str
    note: str = Field("", description="shown under the report title, e.g. that data are synthetic")
    source: Source
    profile: dict[str, str] = {}
    ratings: dict[str, RatingSource]
    skills: Path | None = None
    interviews: Path | None = Field(
        None, description="folder of interview notes (.txt, .md, .docx) coded into themes with the "
        "open answers (docs/themes.md); none by default"
    )
    themes: Path | None = Field(
        None, description="theme codebook of the open answers (docs/themes.md); default: "
        "config/themes/<name>.yml when it exists"
    )
    scale_values: tuple[ScaleValuesEntry, ...] = Field(
        (), description="numbers of rating answer codes: [{question|questions, scale, values}]"
    )
    cleaning: CleaningConfig = CleaningConfig()
    weights: WeightsConfig = WeightsConfig()
    analysis: AnalysisConfig = AnalysisConfig()
    preferences: tuple[str, ...] = Field(
        (), description="closed questions kept for the report and for demand (preferences.parquet)"
    )
    priorities: PrioritiesConfig | None = None
    fieldwork: FieldworkConfig = Field(
        FieldworkConfig(), description="targets and breakdowns of `skillsneeds fieldwork` (docs/fieldwork.md)"
    )
    translations: dict[str, SurveyTexts] = Field(
        {}, description="the title, note and missing question texts in the report's other languages: "
        "{bg: {title: ..., questions: {SECTOR: {answers: {CONST: ...}}}}}"
    )
    root: Path = Field(Path("."), exclude=True, description="folder relative paths start from")
    config_path: Path | None = Field(None, exclude=True)

    @field_validator("name")
    @classmethod
    def _file_safe(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value):
            raise ValueError(f"name {value!r} must be lower-case letters, digits, - and _")
        return value

    @field_validator("scale_values", mode="before")
    @classmethod
    def _mapping_form(cls, value: Any) -> Any:
        """``{CODE: {code: number}}`` is short for ``[{question: CODE, values: {...}}]``."""
        if isinstance(value, dict):
            return [{"question": str(code), "values": values} for code, values in value.items()]
        return value

    @field_validator("translations")
    @classmethod
    def _language_codes(cls, value: dict[str, SurveyTexts]) -> dict[str, SurveyTexts]:
        return check_language_codes(value)

    def text_in(self, name: Literal["title", "note"], lang: str) -> str:
        """The survey's ``title`` or ``note`` in ``lang``; the configured (base) one without a translation."""
        texts = self.translations.get(lang)
        translated = getattr(texts, name) if texts is not None else None
        return translated if translated is not None else getattr(self, name)

    @model_validator(mode="after")
    def _snapshots_out_of_git(self) -> SurveyConfig:
        if self.name == "sample" and self.source.limesurvey is not None:
            raise ValueError(
                "name 'sample' is the bundled sample's folder data/raw/sample/, which git tracks: "
                "a live survey's snapshots (data/raw/<name>/) would be committed; choose another name"
            )
        return self

    @model_validator(mode="after")
    def _needs_dimensions(self) -> SurveyConfig:
        missing = {"importance", "proficiency"} - set(self.ratings)
        if missing:
            raise ValueError(
                f"ratings must name the importance and proficiency arrays; missing: {sorted(missing)}"
            )
        seen: dict[tuple[str, int], int] = {}
        for number, entry in enumerate(self.scale_values):
            for code in entry.codes:
                key = (code, entry.scale or 1)
                if key in seen:
                    raise ValueError(
                        f"scale_values[{number}] gives {code}"
                        + (f" scale {entry.scale}" if entry.scale else "")
                        + f" numbers again (already in scale_values[{seen[key]}]): one mapping per "
                        f"question and scale"
                    )
                seen[key] = number
            declared = sorted(set(entry.values) & set(self.cleaning.missing_codes))
            if declared:
                raise ValueError(
                    f"scale_values[{number}]: {', '.join(declared)} "
                    f"{'is' if len(declared) == 1 else 'are'} both given a number and declared "
                    f"missing in cleaning.missing_codes; keep each code in only one of the two"
                )
        unweighted = set(self.weights.margins) - set(self.profile)
        if unweighted:
            raise ValueError(
                f"weights.margins names {sorted(unweighted)}, which are not profile fields "
                f"({sorted(self.profile)})"
            )
        analysis = self.analysis
        for key, fields in (
            ("by", analysis.by),
            ("agreement_by", analysis.agreement_by),
            ("bootstrap.strata", (analysis.bootstrap.strata,) if analysis.bootstrap.strata else ()),
            ("cross", tuple(field for crossing in analysis.cross for field in crossing)),
        ):
            unknown = set(fields) - set(self.profile)
            if unknown:
                raise ValueError(
                    f"analysis.{key} names {sorted(unknown)}, which are not profile fields "
                    f"({sorted(self.profile)})"
                )
        if self.priorities is not None:
            fields = {*(self.priorities.by or ()), self.priorities.sector_field, self.priorities.types_field}
            unknown = fields - set(self.profile)
            if unknown:
                raise ValueError(
                    f"priorities names {sorted(unknown)}, which are not profile fields "
                    f"({sorted(self.profile)})"
                )
        return self

    def scale_values_for(self, question: str, scale: int | None = None) -> dict[str, int] | None:
        """The configured numbers of a rating scale (``scale_values``), or None when not configured.

        ``scale`` is 1 or 2 on a dual-scale array; an entry without ``scale`` is scale 1.
        """
        for entry in self.scale_values:
            if question in entry.codes and (entry.scale or 1) == (scale or 1):
                return dict(entry.values)
        return None

    def rating_scales(self) -> list[tuple[str, int | None]]:
        """(question, scale) of every rating battery and every ``scale_values`` entry, in order."""
        scales = [(source.question, source.scale) for source in self.ratings.values()]
        scales += [(code, entry.scale) for entry in self.scale_values for code in entry.codes]
        return list(dict.fromkeys(scales))

    @property
    def preference_questions(self) -> tuple[str, ...]:
        """``preferences`` plus every question ``priorities.demand`` reads, in that order."""
        demand = tuple(q.question for q in self.priorities.demand) if self.priorities else ()
        return tuple(dict.fromkeys((*self.preferences, *demand)))

    @property
    def priority_scopes(self) -> tuple[str, ...]:
        """Profile fields the priorities are ranked within besides overall."""
        if self.priorities is None:
            return ()
        return self.analysis.by if self.priorities.by is None else self.priorities.by

    def path(self, relative: str | Path) -> Path:
        """Resolve a path from the config against the project folder."""
        relative = Path(relative)
        return relative if relative.is_absolute() else self.root / relative

    @property
    def themes_path(self) -> Path:
        """The survey's theme codebook: ``themes``, else ``config/themes/<name>.yml`` (it may not exist)."""
        if self.themes is not None:
            return self.path(self.themes)
        return self.root / "config" / "themes" / f"{self.name}.yml"

    @property
    def processed_dir(self) -> Path:
        """Where cleaning and results for this survey are written."""
        return self.root / "data" / "processed" / self.name


def project_root_for(config_path: Path) -> Path:
    """The folder that config paths are relative to (see module docstring)."""
    config_path = config_path.resolve()
    for parent in config_path.parents:
        if parent.name == "config":
            return parent.parent
    return config_path.parent


def load_survey_config(path: str | Path) -> SurveyConfig:
    """Load and validate ``config/surveys/<name>.yml``.

    Raises
    ------
    ConfigError
        Naming the file, the setting and what was expected.
    """
    path = Path(path)
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings (name, title, source, ...)")
    try:
        return SurveyConfig(**data, root=project_root_for(path), config_path=path)
    except ValidationError as error:
        raise explain_validation_error(path, error) from None


def discover_surveys(root: str | Path = ".") -> list[Path]:
    """Every survey config under ``<root>/config/surveys/``, sorted by name."""
    return sorted((Path(root) / "config" / "surveys").glob("*.yml"))


def loadable_surveys(root: str | Path) -> list[SurveyConfig]:
    """Every survey config of the project that loads (a broken one is left out), sorted by name."""
    configs = []
    for path in discover_surveys(root):
        try:
            configs.append(load_survey_config(path))
        except ConfigError as error:
            log.debug("left out: %s", error)
    return configs
