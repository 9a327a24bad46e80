"""Survey configuration: one YAML file describes one survey, so a new survey needs no code.

The shape is a promise to users (see docs/configuration.md): names may grow, never shrink. Paths in
a config are relative to the project folder, the folder that holds the ``config/`` directory the
file sits in (or, for a file elsewhere, the file's own folder).
"""

from __future__ import annotations

import logging
import math
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from analysis.errors import ConfigError

log = logging.getLogger(__name__)

__all__ = [
    "AnalysisConfig",
    "AttentionCheck",
    "BootstrapConfig",
    "CleaningConfig",
    "DuplicatesRule",
    "IncompleteRule",
    "LongAnswerWords",
    "TooFewAnswersRule",
    "WeightsConfig",
    "RatingSource",
    "ResponseFile",
    "ScaleValuesEntry",
    "Skill",
    "SurveyConfig",
    "discover_surveys",
    "load_skills",
    "load_survey_config",
    "project_root_for",
]

LIMESURVEY_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
CANONICAL_PROFILE_FIELDS = ("country", "sector", "respondent_type", "org_size")


class StrictModel(BaseModel):
    """A config section: unknown settings are errors, values are frozen once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


FileFormat = Literal["auto", "limesurvey-csv", "limesurvey-json", "xlsx", "sav", "generic"]


class LongAnswerWords(StrictModel):
    """LimeSurvey's own words in a full-answer export, for a language whose words are not built in.

    A checked multiple-choice box is written ``yes``, an unchecked one ``no`` (also the answers of
    a yes/no question); ``other`` is a list's other option (found by elimination when not given).
    """

    yes: str | None = Field(None, description="a checked box, a yes/no question's yes (\"Da\")")
    no: str | None = Field(None, description="an unchecked box, a yes/no question's no (\"Nu\")")
    other: str | None = Field(None, description="a list's other option (\"Altele\")")

    @field_validator("yes", "no", "other")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("a word must not be empty")
        return value.strip() if value is not None else None

    @model_validator(mode="after")
    def _distinct(self) -> LongAnswerWords:
        given = [w for w in (self.yes, self.no, self.other) if w is not None]
        if len(set(given)) < len(given):
            raise ValueError(f"yes, no and other must be different words (got {', '.join(given)})")
        if "N/A" in given:
            raise ValueError("'N/A' is LimeSurvey's word for a question never reached, in every language")
        return self


class ResponseFile(StrictModel):
    """One response export file (a partner may send its own, with its own encoding)."""

    path: Path
    format: FileFormat = Field("auto", description="auto: from the file's extension and content")
    encoding: str | None = Field(None, description="overrides source.encoding for this file")
    delimiter: str | None = Field(None, description="';', ',' or tab; None: read off the heading row")
    id_prefix: str = Field("", description="prefix for response ids from a separate server")
    date_format: str = LIMESURVEY_DATE_FORMAT
    language: str | None = Field(
        None, description="language of full-text headings/answers; None: the one that matches"
    )
    sheet: str | int | None = Field(None, description="XLSX sheet (name or 0-based index)")
    columns: dict[str, str] = Field(
        {}, description="generic files: source column -> LimeSurvey code heading (or id/submitdate)"
    )
    answers: dict[str, dict[str, str]] = Field(
        {}, description="generic files: code heading -> {answer text in the file: answer code}"
    )
    words: LongAnswerWords | None = Field(
        None, description="full answers: LimeSurvey's Yes/No/Other in the file's language"
    )

    @field_validator("delimiter")
    @classmethod
    def _known_delimiter(cls, value: str | None) -> str | None:
        if value is not None and value not in {";", ",", "\t"}:
            raise ValueError(f"delimiter {value!r} must be ';', ',' or a tab")
        return value

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str | None) -> str | None:
        if value is not None:
            _check_encoding(value)
        return value


class SourceFiles(StrictModel):
    """Files exported from LimeSurvey: the responses (one or several) and the structure."""

    responses: tuple[ResponseFile, ...] = Field(
        (), description="required unless the survey is pulled live (source.limesurvey)"
    )
    structure: Path

    @field_validator("responses", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        if isinstance(value, str | Path | dict):
            value = [value]
        return [{"path": item} if isinstance(item, str | Path) else item for item in value]


class LimeSurveySource(StrictModel):
    """A survey on a LimeSurvey server.

    The server's URL, user and password come from the environment (``LIMESURVEY_URL``,
    ``LIMESURVEY_USER``, ``LIMESURVEY_PASSWORD``) or a git-ignored ``.env``, never from config.
    """

    survey_id: int
    timeout: float = Field(60.0, gt=0, description="seconds for each HTTP call")
    retries: int = Field(3, ge=0, le=10, description="retries on transport errors and HTTP 5xx")


class Source(StrictModel):
    """Where a survey's responses and structure come from."""

    files: SourceFiles | None = None
    limesurvey: LimeSurveySource | None = None
    encoding: str = "utf-8-sig"

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str) -> str:
        _check_encoding(value)
        return value

    @model_validator(mode="after")
    def _some_source(self) -> Source:
        if self.files is None and self.limesurvey is None:
            raise ValueError("give source.files (responses + structure) or source.limesurvey")
        if self.limesurvey is None and self.files is not None and not self.files.responses:
            raise ValueError("source.files.responses is required unless source.limesurvey is given")
        if self.limesurvey is not None and self.files is not None and self.files.responses:
            raise ValueError(
                "a live survey (source.limesurvey) reads its fetched snapshots: give source.files "
                "only its structure (.lss) to compare with the server, not responses"
            )
        return self


class RatingSource(StrictModel):
    """The array question whose subquestions are the skills, for one rating dimension."""

    question: str
    scale: int | None = Field(None, description="1 or 2 for a dual-scale array")

    @model_validator(mode="before")
    @classmethod
    def _from_code(cls, value: Any) -> Any:
        return {"question": value} if isinstance(value, str) else value

    @field_validator("scale")
    @classmethod
    def _first_or_second(cls, value: int | None) -> int | None:
        if value is not None and value not in (1, 2):
            raise ValueError(
                f"scale {value} is not a scale of a dual-scale array: give scale: 1 (its first "
                f"scale) or scale: 2 (its second)"
            )
        return value


class ScaleValuesEntry(StrictModel):
    """The numbers of one rating scale's answer codes, for one question or shared by several.

    ``question: CODE`` or ``questions: [CODE, ...]``; ``scale`` (1 or 2) only for a dual-scale
    array; ``values`` maps each answer code to an integer.
    """

    question: str | None = None
    questions: tuple[str, ...] = ()
    scale: int | None = Field(None, description="1 or 2 for a dual-scale array")
    values: dict[str, int] = Field(min_length=1, description="answer code -> integer")

    @field_validator("values", mode="before")
    @classmethod
    def _integers(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        bad = {
            str(code): number for code, number in value.items()
            if isinstance(number, bool) or not isinstance(number, int)
        }
        if bad:
            listed = ", ".join(f"{code}: {number!r}" for code, number in bad.items())
            raise ValueError(f"values must be whole numbers (integers); not {listed}")
        return {str(code): number for code, number in value.items()}

    @field_validator("questions", mode="before")
    @classmethod
    def _codes_as_text(cls, value: Any) -> Any:
        return tuple(str(v) for v in value) if isinstance(value, list | tuple) else value

    @model_validator(mode="after")
    def _one_way_to_name(self) -> ScaleValuesEntry:
        if (self.question is None) == (not self.questions):
            raise ValueError("give either question: CODE or questions: [CODE, ...] (one of the two)")
        if self.scale is not None and self.scale not in (1, 2):
            raise ValueError(f"scale must be 1 or 2 (the scales of a dual-scale array), not {self.scale}")
        return self

    @property
    def codes(self) -> tuple[str, ...]:
        """The question codes this mapping is for."""
        return (self.question,) if self.question is not None else self.questions


class RuleSwitch(StrictModel):
    enabled: bool = True


class IncompleteRule(StrictModel):
    """Unsubmitted responses; optionally keep partials that reached the rating pages."""

    enabled: bool = True
    keep_from_page: int | None = Field(
        None, ge=1, description="keep unsubmitted responses whose lastpage is at least this page"
    )


class DuplicatesRule(StrictModel):
    """Double submissions: the same non-empty token, or the same answers to every question."""

    enabled: bool = True
    by_token: bool = True
    by_answers: bool = True


class TestResponsesRule(StrictModel):
    """Test runs by the survey team: listed ids, a text marker, or a date before fieldwork."""

    __test__ = False  # a settings class, not a pytest test case

    enabled: bool = True
    ids: tuple[str, ...] = ()
    marker_column: str | None = None
    marker_pattern: str | None = None
    fieldwork_start: str | None = Field(None, description="YYYY-MM-DD; earlier starts are tests")

    @field_validator("marker_pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"marker_pattern is not a valid regular expression: {error}") from None
        return value

    @field_validator("ids", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        return tuple(str(v) for v in value) if isinstance(value, list | tuple) else value


class SpeedersRule(StrictModel):
    enabled: bool = True
    min_share_of_median: float = Field(0.3, gt=0, lt=1)


class StraightlinersRule(StrictModel):
    enabled: bool = True
    min_items: int = Field(10, ge=2)


class TooFewAnswersRule(StrictModel):
    """Too few items of a rating battery answered with a scale value."""

    enabled: bool = True
    min_share: float = Field(0.5, gt=0, le=1)


class AttentionCheck(StrictModel):
    """An instructed-response item: a response whose answer is not one of ``expected`` fails."""

    column: str
    expected: tuple[str, ...] = Field(min_length=1)

    @field_validator("expected", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        if isinstance(value, str | int):
            return (str(value),)
        return tuple(str(v) for v in value) if isinstance(value, list | tuple) else value


MissingKind = Literal["dont_know", "not_applicable"]


class CleaningConfig(StrictModel):
    """Response rules, applied in this order; each response is excluded by its first match."""

    test_responses: TestResponsesRule = TestResponsesRule()
    incomplete: IncompleteRule = IncompleteRule()
    attention_checks: tuple[AttentionCheck, ...] = ()
    duplicates: DuplicatesRule = DuplicatesRule()
    speeders: SpeedersRule = SpeedersRule()
    straightliners: StraightlinersRule = StraightlinersRule()
    too_few_answers: TooFewAnswersRule = TooFewAnswersRule()
    missing_codes: dict[str, MissingKind] = Field(
        {},
        description="answer code -> dont_know | not_applicable (a list means dont_know): missing, "
        "never zero",
    )
    recodes: dict[str, dict[str, str]] = Field(
        {}, description="column heading or question code -> {answer code: answer code}, before validation"
    )
    placeholder_dates: tuple[str, ...] = Field(
        ("1980-01-01 00:00:00",), description="dates LimeSurvey writes for anonymised surveys: unknown"
    )
    partner_field: str = Field(
        "country", description="profile field (or question code) naming the partner; '' = source file"
    )
    personal_questions: tuple[str, ...] = Field(
        (), description="question codes whose answers are contact data: never in the outputs"
    )
    warn_excluded_share: float = Field(0.3, gt=0, le=1)
    warn_missing_share: float = Field(0.2, gt=0, le=1)

    @field_validator("missing_codes", mode="before")
    @classmethod
    def _list_means_dont_know(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return {str(code): "dont_know" for code in value}
        if isinstance(value, dict):
            return {str(code): kind for code, kind in value.items()}
        return value

    @field_validator("recodes", mode="before")
    @classmethod
    def _recodes_as_text(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                str(heading): (
                    {str(k): str(v) for k, v in mapping.items()} if isinstance(mapping, dict) else mapping
                )
                for heading, mapping in value.items()
            }
        return value

    @field_validator("placeholder_dates", "personal_questions", mode="before")
    @classmethod
    def _texts(cls, value: Any) -> Any:
        return tuple(str(v) for v in value) if isinstance(value, list | tuple) else value


class BootstrapConfig(StrictModel):
    """The stratified respondent bootstrap of the needs ranking (rank_uncertainty.csv)."""

    B: int = Field(2000, ge=100, description="resamples (at least 100)")
    seed: int = Field(20261123, ge=0, description="the same seed gives identical results")
    top_k: int = Field(5, ge=1, description="p_top_k: share of resamples with rank <= top_k")
    strata: str | None = Field(
        None, description="profile field to resample within; None: the first `by` field"
    )


class AnalysisConfig(StrictModel):
    """Which groups needs are compared across, and the smallest group that is reported."""

    by: tuple[str, ...] = ()
    min_group_n: int = Field(5, ge=1)
    alpha: float = Field(0.05, gt=0, lt=1)
    bootstrap: BootstrapConfig = BootstrapConfig()
    crosshair: Literal["mean", "midpoint"] = Field(
        "mean", description="IPA / Locus-for-Focus crosshair: the skills' mean or the scale midpoint"
    )
    agreement_by: tuple[str, ...] = Field(
        (), description="profile fields whose groups' rankings are compared (Kendall's W); (): `by`"
    )

    @property
    def agreement_fields(self) -> tuple[str, ...]:
        """The profile fields whose groups' needs rankings are compared (default: ``by``)."""
        return self.agreement_by or self.by

    @property
    def bootstrap_strata(self) -> str | None:
        """The profile field the bootstrap resamples within (default: the first ``by`` field)."""
        if self.bootstrap.strata is not None:
            return self.bootstrap.strata or None
        return self.by[0] if self.by else None


class WeightsConfig(StrictModel):
    """Raking to population margins (``analysis.stats.weights.rake``); no margins: unweighted."""

    margins: dict[str, dict[str, float]] = Field(
        {}, description="profile field -> {answer code: population share (or count)}; {} = unweighted"
    )
    trim: tuple[float, float] | None = Field(
        None, description="(low, high) bounds for the weights relative to their mean, e.g. [0.3, 3]"
    )
    max_iter: int = Field(1000, ge=1)
    tol: float = Field(1e-10, gt=0)

    @field_validator("margins", mode="before")
    @classmethod
    def _codes_as_text(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                str(field): (
                    {str(code): share for code, share in shares.items()}
                    if isinstance(shares, dict)
                    else shares
                )
                for field, shares in value.items()
            }
        return value

    @field_validator("margins")
    @classmethod
    def _positive_shares(cls, value: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        for field, shares in value.items():
            if not shares:
                raise ValueError(f"margins of {field!r} list no categories")
            bad = {code: share for code, share in shares.items() if not share > 0}
            if bad:
                raise ValueError(f"margins of {field!r} must be positive shares or counts; got {bad}")
        return value

    @field_validator("trim")
    @classmethod
    def _bounds(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is not None and not 0 <= value[0] <= 1 <= value[1]:
            raise ValueError(f"trim must be [low, high] with 0 <= low <= 1 <= high, got {list(value)}")
        return value


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
"""A language code as the report's catalogues use it (ISO 639: ``bg``, ``es``, ``it``)."""


def check_language_codes(value: dict[str, Any]) -> dict[str, Any]:
    """Reject keys of a ``translations`` mapping that are not language codes."""
    bad = sorted(str(code) for code in value if not LANGUAGE_CODE.fullmatch(str(code)))
    if bad:
        raise ValueError(f"translations are keyed by language code (bg, es, it, ...); got {bad}")
    return value


class SurveyTexts(StrictModel):
    """A survey's own words (its title and note) in one more language."""

    title: str | None = Field(None, min_length=1)
    note: str | None = None


class Skill(StrictModel):
    """One skill: the subquestion code it is asked under, a stable id, an optional label/group."""

    code: str
    id: str
    label: str | None = None
    group: str | None = None

    @field_validator("id")
    @classmethod
    def _identifier(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", value):
            raise ValueError(f"skill id {value!r} must be lower-case letters, digits and _")
        return value


PRIORITY_CRITERIA = ("need", "breadth", "transferability", "demand", "agreement")
"""The criteria a candidate micro-credential is scored on (``analysis.priorities``)."""

CatalogueField = Literal["participation", "workload_ects", "eqf_level", "assessment"]


class Interval(StrictModel):
    """A closed range of a numeric catalogue field (``workload_ects``, ``eqf_level``)."""

    min: float = Field(ge=0)
    max: float

    @model_validator(mode="after")
    def _ordered(self) -> Interval:
        if self.max < self.min:
            raise ValueError(f"max ({self.max}) is below min ({self.min})")
        return self


class DemandQuestion(StrictModel):
    """How the answers to one preference question fit a candidate's design.

    ``accepts`` maps each answer code to the values of the catalogue ``field`` it welcomes: a list
    of values (``participation: [online]``) or a range of a numeric field (``{min: 3, max: 5}``).
    A respondent fits a candidate on this question when one of their answers (several for a
    multiple-choice question) accepts the candidate's value.
    """

    question: str
    field: CatalogueField
    accepts: dict[str, tuple[str, ...] | Interval]

    @field_validator("accepts", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {
            str(code): tuple(str(v) for v in accepted) if isinstance(accepted, list | tuple) else accepted
            for code, accepted in value.items()
        }

    @model_validator(mode="after")
    def _kind_fits_field(self) -> DemandQuestion:
        numeric = self.field in ("workload_ects", "eqf_level")
        for code, accepted in self.accepts.items():
            if numeric and not isinstance(accepted, Interval):
                raise ValueError(f"accepts.{code}: {self.field} is numeric: give {{min: ..., max: ...}}")
            if not numeric and isinstance(accepted, Interval):
                raise ValueError(f"accepts.{code}: {self.field} is a category: give a list of values")
        return self


class PrioritiesConfig(StrictModel):
    """Ranking candidate micro-credentials (``skillsneeds prioritize``; docs/priorities.md)."""

    catalogue: Path = Field(description="the micro-credential catalogue YAML")
    method: Literal["weighted_sum", "topsis"] = "weighted_sum"
    weights: dict[str, float] = Field(
        default_factory=lambda: dict.fromkeys(PRIORITY_CRITERIA, 1.0),
        description="weight per criterion (any scale, normalised to sum 1); unnamed criteria weigh 0",
    )
    by: tuple[str, ...] | None = Field(None, description="scopes besides overall; None: analysis.by")
    sector_field: str = Field("sector", description="profile field the catalogue's `sectors` name codes of")
    types_field: str = Field("respondent_type", description="profile field whose groups must agree")
    gap_threshold: float = Field(2.0, gt=0, description="importance - proficiency that counts as a gap")
    demand: tuple[DemandQuestion, ...] = Field(
        (), description="preference questions matched to the candidates' design; (): sector match only"
    )
    draws: int = Field(10_000, ge=100, description="SMAA weight draws")
    band: float | None = Field(
        None, ge=0, le=1, description="draw weights within w(1 +- band); None: uniform on the simplex"
    )
    bootstrap: int = Field(
        200, ge=0, description="respondent resamples combined with the weight draws (0: weights only)"
    )
    seed: int = Field(20260101, ge=0)

    @field_validator("weights")
    @classmethod
    def _known_criteria(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(PRIORITY_CRITERIA))
        if unknown:
            raise ValueError(
                f"weights for unknown criteria {unknown}; criteria are {list(PRIORITY_CRITERIA)}"
            )
        if any(not math.isfinite(w) or w < 0 for w in value.values()) or sum(value.values()) <= 0:
            raise ValueError(f"weights must be >= 0 and not all 0, not {value}")
        return value

    @property
    def weight_vector(self) -> dict[str, float]:
        """The weights of all criteria, in criterion order, summing to 1."""
        total = sum(self.weights.values())
        return {name: self.weights.get(name, 0.0) / total for name in PRIORITY_CRITERIA}


class SurveyConfig(StrictModel):
    """One survey, as described by ``config/surveys/<name>.yml``."""

    name: str
    title: str
    note: str = Field("", description="shown under the report title, e.g. that data are synthetic")
    source: Source
    profile: dict[str, str] = {}
    ratings: dict[str, RatingSource]
    skills: Path | None = None
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
    translations: dict[str, SurveyTexts] = Field(
        {}, description="the title and note in the report's other languages: {bg: {title: ...}}"
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
    def processed_dir(self) -> Path:
        """Where cleaning and results for this survey are written."""
        return self.root / "data" / "processed" / self.name


def _check_encoding(name: str) -> None:
    import codecs

    try:
        codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown encoding {name!r} (e.g. utf-8-sig, cp1250, cp1251)") from None


def project_root_for(config_path: Path) -> Path:
    """The folder that config paths are relative to (see module docstring)."""
    config_path = config_path.resolve()
    for parent in config_path.parents:
        if parent.name == "config":
            return parent.parent
    return config_path.parent


def read_yaml(path: Path) -> Any:
    """A YAML file's content; a file that cannot be read, is not UTF-8 or not YAML is a ConfigError."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ConfigError(
            f"{path}, line {line}, column {column} (byte {error.start}): not UTF-8 (byte "
            f"0x{data[error.start]:02x}); save the file as UTF-8 (in most editors: Save as / "
            f"Encoding: UTF-8)"
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None


def _explain(path: Path, error: ValidationError) -> ConfigError:
    lines = [f"{path}: the survey configuration is not valid:"]
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"]) or "(top level)"
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = "unknown setting (check the spelling against docs/configuration.md)"
        lines.append(f"  - {where}: {message}")
    return ConfigError("\n".join(lines))


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
        raise _explain(path, error) from None


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


class _SkillCatalogue(StrictModel):
    skills: tuple[Skill, ...]
    groups: dict[str, dict[str, str]] = Field(
        {}, description="skill-group names in other languages: {Energy and climate: {bg: ...}}"
    )

    @model_validator(mode="after")
    def _unique(self) -> _SkillCatalogue:
        for attribute in ("code", "id"):
            values = [getattr(skill, attribute) for skill in self.skills]
            repeated = sorted({v for v in values if values.count(v) > 1})
            if repeated:
                raise ValueError(f"skill {attribute}s must be unique; repeated: {repeated}")
        named = {skill.group for skill in self.skills if skill.group}
        unknown = sorted(set(self.groups) - named)
        if unknown:
            raise ValueError(f"groups names group(s) no skill belongs to: {unknown}; known: {sorted(named)}")
        for names in self.groups.values():
            check_language_codes(names)
        return self


def _skill_catalogue(path: Path) -> _SkillCatalogue:
    data = read_yaml(path)
    try:
        return _SkillCatalogue.model_validate(data)
    except ValidationError as error:
        raise _explain(path, error) from None


def load_skills(path: str | Path) -> tuple[Skill, ...]:
    """Load a skill catalogue (``config/skills/<name>.yml``): subquestion code -> skill id."""
    return _skill_catalogue(Path(path)).skills


def skill_group_names(path: str | Path, lang: str) -> dict[str, str]:
    """Skill-group names in ``lang`` from the catalogue's ``groups`` (only those translated)."""
    groups = _skill_catalogue(Path(path)).groups
    return {group: names[lang] for group, names in groups.items() if lang in names}
