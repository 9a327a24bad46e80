"""Catalogue of candidate micro-credentials (``config/microcredentials.yml``), validated on load.

Each candidate carries the elements of the Council Recommendation on a European approach to
micro-credentials for lifelong learning and employability (2022/C 243/02), Annex I, that make
sense before a credential is issued (the learner and the date of issuing belong to the issued
credential, not to the design), plus the survey skills it teaches and the sectors it is meant for.
A catalogue is a design in progress: only what ranking needs is required (:data:`REQUIRED_FIELDS`);
an Annex I element the designer has not decided yet may be left out, and
:func:`analysis.priorities.annex.annex_completeness` says which are still open.

References
----------
Council of the European Union (2022). Council Recommendation of 16 June 2022 on a European
approach to micro-credentials for lifelong learning and employability (2022/C 243/02).
*Official Journal of the European Union*, C 243, 10-25. Annex I.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from analysis import store
from analysis.config import StrictModel, SurveyConfig, check_language_codes, read_yaml
from analysis.errors import ConfigError

__all__ = ["REQUIRED_FIELDS", "CandidateTexts", "MicroCredential", "load_catalogue", "survey_catalogue"]

REQUIRED_FIELDS = ("id", "title", "skills", "sectors")
"""Fields every candidate must give: what ranking it against the survey needs. The other Annex I
elements may be left open while the design is in progress (:mod:`analysis.priorities.annex`)."""

_ID = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
Participation = Literal["online", "in person", "blended"]
Assessment = Literal[
    "written test",
    "practical task",
    "project",
    "portfolio",
    "oral examination",
    "observation",
    "mixed",
]


class CandidateTexts(StrictModel):
    """A candidate's own words in one more language (the report shows them on that language's pages)."""

    title: str | None = Field(None, min_length=1)
    learning_outcomes: tuple[str, ...] | None = None
    quality_assurance: str | None = None
    prerequisites: str | None = None
    stackability: str | None = None
    description: str | None = None


class MicroCredential(StrictModel):
    """One candidate micro-credential (Council Recommendation 2022, Annex I)."""

    id: str = Field(description="stable snake_case identifier")
    title: str = Field(min_length=1)
    learning_outcomes: tuple[str, ...] | None = Field(
        None, min_length=1, description="what the learner can do (None: not decided yet)"
    )
    skills: tuple[str, ...] = Field(min_length=1, description="skill ids of the survey's skill catalogue")
    sectors: tuple[str, ...] = Field(
        min_length=1, description="codes of the survey's sector question the credential targets"
    )
    eqf_level: int | None = Field(None, ge=1, le=8, description="European Qualifications Framework level")
    workload_ects: float | None = Field(None, gt=0, le=60, description="notional workload in ECTS credits")
    assessment: Assessment | None = None
    participation: Participation | None = None
    quality_assurance: str | None = Field(None, min_length=1, description="type of quality assurance")
    prerequisites: str | None = None
    stackability: str | None = Field(None, description="how it stacks into a larger credential")
    description: str | None = None
    awarding_body: str | None = Field(None, description="the provider that will award it, when known")
    awarding_country: str | None = Field(
        None, pattern=r"^[A-Z]{2}$", description="country of the awarding body (ISO 3166-1 alpha-2)"
    )
    languages: tuple[str, ...] = Field((), description="languages of instruction (ISO 639-1 codes)")
    nqf_level: str | None = Field(
        None,
        description="its level in a national qualifications framework: a QDR concept URI, for the ELM export",
    )
    isced_f: str | None = Field(
        None, description="ISCED-F 2013 field of education (e.g. 0712), for the ELM export",
    )
    translations: dict[str, CandidateTexts] = Field(
        {}, description="the texts above in other languages: {bg: {title: ..., learning_outcomes: [...]}}"
    )

    @field_validator("id")
    @classmethod
    def _snake_case(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"id {value!r} must be snake_case (lower-case letters, digits, underscores)")
        return value

    @field_validator("isced_f", mode="before")
    @classmethod
    def _isced_code(cls, value: object) -> object:
        if value is not None and not (isinstance(value, str) and re.fullmatch(r"[0-9]{2,4}", value)):
            raise ValueError(
                f"isced_f {value!r} is not an ISCED-F 2013 code: 2 to 4 digits, quoted (\"0712\")"
            )
        return value

    @field_validator("nqf_level")
    @classmethod
    def _qdr_uri(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"http://data\.europa\.eu/snb/qdr/c_[0-9a-f]+", value):
            raise ValueError(
                f"nqf_level {value!r} is not a concept of the Europass QDR list of qualification "
                "frameworks (http://data.europa.eu/snb/qdr/c_...)"
            )
        return value

    @field_validator("languages")
    @classmethod
    def _language_codes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [code for code in value if not re.fullmatch(r"[a-z]{2}", code)]
        if bad:
            raise ValueError(f"languages are ISO 639-1 codes (bg, es, it, ...); got {bad}")
        return value

    @field_validator("skills", "sectors", "learning_outcomes", "languages")
    @classmethod
    def _no_repeats(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        repeated = sorted({item for item in value if value.count(item) > 1})
        if repeated:
            raise ValueError(f"repeated entries: {repeated}")
        return value

    @model_validator(mode="after")
    def _translations_match(self) -> MicroCredential:
        check_language_codes(self.translations)
        for lang, texts in self.translations.items():
            for field, value in texts:
                if value is not None and getattr(self, field) is None:
                    raise ValueError(
                        f"translations.{lang}.{field} is given but the candidate has no {field} "
                        f"yet; give it in the base language first"
                    )
            outcomes = texts.learning_outcomes
            if outcomes is not None and len(outcomes) != len(self.learning_outcomes or ()):
                raise ValueError(
                    f"translations.{lang}.learning_outcomes lists {len(outcomes)} outcome(s); "
                    f"expected {len(self.learning_outcomes)}, one per learning outcome"
                )
        return self

    def in_language(self, lang: str) -> MicroCredential:
        """This candidate with its texts in ``lang`` where translated (the others as configured)."""
        texts = self.translations.get(lang)
        if texts is None:
            return self
        return self.model_copy(update=texts.model_dump(exclude_none=True))


class _Catalogue(StrictModel):
    microcredentials: tuple[MicroCredential, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> _Catalogue:
        ids = [candidate.id for candidate in self.microcredentials]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"duplicate micro-credential id(s): {repeated}")
        return self


def _candidate_name(data: Any, index: int) -> str:
    try:
        name = data["microcredentials"][index].get("id")
    except (KeyError, IndexError, TypeError, AttributeError):
        name = None
    return f"candidate {name!r}" if name else f"candidate #{index + 1}"


def _explain(path: Path, data: Any, error: ValidationError) -> ConfigError:
    lines = [f"{path}: the micro-credential catalogue is not valid:"]
    for problem in error.errors():
        loc = list(problem["loc"])
        where = "(top level)"
        if len(loc) >= 2 and loc[0] == "microcredentials" and isinstance(loc[1], int):
            field = ".".join(str(part) for part in loc[2:]) or "(whole entry)"
            where = f"{_candidate_name(data, loc[1])}, field {field}"
        elif loc:
            where = ".".join(str(part) for part in loc)
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "missing":
            message = (
                "missing required field (every candidate needs an id, a title, skills and sectors "
                "to be ranked)"
            )
        elif problem["type"] == "extra_forbidden":
            message = "unknown field (check the spelling against docs/priorities.md)"
        lines.append(f"  - {where}: {message}")
    return ConfigError("\n".join(lines))


_SURVEY_FIELDS = ("skills", "sectors")
"""What a candidate's ``surveys`` entry may give: the survey's own skills and audience codes."""


def _survey_names(path: Path, value: Any, where: str) -> None:
    names = isinstance(value, list | tuple) and all(isinstance(v, str) and v for v in value)
    if not names or not value:
        raise ConfigError(f"{path}: {where}: expected a non-empty list of survey names, got {value!r}")


def _entries(data: dict[str, Any]) -> list[Any]:
    entries = data.get("microcredentials")
    return list(entries) if isinstance(entries, list) else []


def _per_survey(path: Path, data: dict[str, Any]) -> list[tuple[Any, dict[str, Any] | None]]:
    """Each candidate with its ``surveys`` mapping (None: it has none), the mapping checked."""
    found: list[tuple[Any, dict[str, Any] | None]] = []
    for index, entry in enumerate(_entries(data)):
        if not isinstance(entry, dict) or "surveys" not in entry:
            found.append((entry, None))
            continue
        name = _candidate_name(data, index)
        mapping = entry["surveys"]
        if not isinstance(mapping, dict) or not mapping:
            raise ConfigError(
                f"{path}: {name}, field surveys: expected a mapping of survey name -> "
                f"{{skills: [...], sectors: [...]}}, got {mapping!r}"
            )
        checked: dict[str, Any] = {}
        for survey, own in mapping.items():
            own = {} if own is None else own
            if not isinstance(own, dict):
                raise ConfigError(
                    f"{path}: {name}, field surveys.{survey}: expected a mapping with skills and/or "
                    f"sectors (or nothing: the candidate's own), got {own!r}"
                )
            unknown = sorted(set(own) - set(_SURVEY_FIELDS))
            if unknown:
                raise ConfigError(
                    f"{path}: {name}, field surveys.{survey}: unknown field(s) {unknown}; a survey's "
                    f"entry gives only {' and '.join(_SURVEY_FIELDS)}"
                )
            checked[str(survey)] = own
        found.append((entry, checked))
    return found


def _for_survey(
    path: Path, data: dict[str, Any], survey: str | None
) -> tuple[dict[str, Any], dict[tuple[str, str], str]]:
    """The catalogue's data with ``survey``'s candidates alone, each with that survey's skills and sectors.

    Returns the data and, per (candidate id, field), where a survey's entry gave its skills or
    sectors (``surveys.<name>.``; absent: the candidate's own field).
    """
    default = data.get("surveys")
    if default is not None:
        _survey_names(path, default, "surveys (the surveys a candidate without its own serves)")
    if survey is None and default is not None:
        survey = default[0]
    kept: list[Any] = []
    origin: dict[tuple[str, str], str] = {}
    for index, (entry, mapping) in enumerate(_per_survey(path, data)):
        if mapping is None:
            if survey is not None and default is not None and survey not in default:
                continue
            kept.append(entry)
            continue
        if survey is None:
            raise ConfigError(
                f"{path}: {_candidate_name(data, index)} names the surveys it serves "
                f"({', '.join(mapping)}): load the catalogue for one of them "
                "(load_catalogue(..., survey=...))"
            )
        if survey not in mapping:
            continue
        resolved = {key: value for key, value in entry.items() if key != "surveys"}
        own = mapping[survey]
        resolved.update({key: own[key] for key in _SURVEY_FIELDS if key in own})
        cid = str(entry.get("id"))
        origin.update({(cid, key): f"surveys.{survey}." for key in _SURVEY_FIELDS if key in own})
        kept.append(resolved)
    return {**{k: v for k, v in data.items() if k != "surveys"}, "microcredentials": kept}, origin


def load_catalogue(
    path: str | Path,
    skill_ids: Iterable[str],
    sector_codes: Iterable[str] | None = None,
    *,
    survey: str | None = None,
) -> tuple[MicroCredential, ...]:
    """Load and validate a micro-credential catalogue.

    Parameters
    ----------
    path
        The catalogue YAML (``config/microcredentials.yml``): a ``microcredentials`` list, and
        optionally a ``surveys`` list (the surveys a candidate without its own ``surveys``
        mapping serves; without it, such a candidate serves every survey that reads the file).
    skill_ids
        The skill ids of the survey's skill catalogue (``config/skills/<name>.yml``); every skill a
        candidate names must be one of them.
    sector_codes
        The answer codes of the survey's audience field (``priorities.sector_field``); every code
        a candidate's ``sectors`` names must be one of them (None: not checked).
    survey
        The name of the survey the catalogue is loaded for: only the candidates serving it are
        returned, each with the skills and sectors of its ``surveys.<survey>`` entry where it
        has one (docs/priorities.md, *One catalogue for several surveys*). None: the first of
        the file's ``surveys`` list, or every candidate when the file names no survey.

    Returns
    -------
    tuple of MicroCredential
        In file order.

    Raises
    ------
    ConfigError
        Naming the file, the candidate and the field: a missing required field (id, title,
        skills, sectors; the other Annex I elements may be left open), an unknown
        skill id or sector, an EQF level outside 1-8, a workload outside (0, 60] ECTS, a
        duplicate id, an unknown field, a malformed ``surveys`` entry; or when the file holds
        no candidate for ``survey``.
    """
    path = Path(path)
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping with a 'microcredentials' list")
    data, origin = _for_survey(path, data, survey)
    if survey is not None and not data["microcredentials"]:
        raise ConfigError(
            f"{path}: no candidate serves survey {survey!r} (name it in a candidate's `surveys` "
            "or in the file's `surveys` list)"
        )
    try:
        catalogue = _Catalogue.model_validate(data).microcredentials
    except ValidationError as error:
        raise _explain(path, data, error) from None
    def field(candidate: MicroCredential, name: str) -> str:
        return f"candidate {candidate.id!r}, field {origin.get((candidate.id, name), '')}{name}"

    known = set(skill_ids)
    problems = [
        f"  - {field(candidate, 'skills')}: unknown skill id {skill!r} (not in the survey's skill catalogue)"
        for candidate in catalogue
        for skill in candidate.skills
        if skill not in known
    ]
    if sector_codes is not None:
        sectors = set(sector_codes)
        shown = ", ".join(sorted(sectors))
        problems += [
            f"  - {field(candidate, 'sectors')}: unknown sector {sector!r} "
            f"(the survey's sector codes are {shown})"
            for candidate in catalogue
            for sector in candidate.sectors
            if sector not in sectors
        ]
    if problems:
        raise ConfigError("\n".join([f"{path}: the micro-credential catalogue is not valid:", *problems]))
    return catalogue


def survey_catalogue(config: SurveyConfig) -> tuple[MicroCredential, ...]:
    """The survey's micro-credential catalogue, checked against its skills and sector codes.

    The skills and the sectors' labels are read from the survey's processed folder.

    Raises
    ------
    ConfigError
        When the survey has no ``priorities`` section, or the catalogue is not valid.
    FileNotFoundError
        When the survey has not been cleaned yet.
    """
    if config.priorities is None:
        raise ConfigError(f"{config.config_path}: no priorities section (catalogue, weights)")
    store.require(config, store.folder(config) / store.SUMMARY)
    summary = store.read_summary(config)
    skills = store.read_skills(config)
    sectors = summary["group_labels"].get(config.priorities.sector_field, {})
    return load_catalogue(
        config.path(config.priorities.catalogue), skills["skill_id"], sectors, survey=config.name
    )
