"""Skill catalogues (``config/skills/<name>.yml``): subquestion code -> skill, and group names."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field, ValidationError, field_validator, model_validator

from analysis.config.base import StrictModel, check_language_codes, explain_validation_error, read_yaml

__all__ = ["Skill", "load_skills", "skill_group_names"]


ESCO_SKILL = re.compile(r"http://data\.europa\.eu/esco/skill/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")
"""An ESCO skill or competence concept URI (ESCO v1.x)."""


class Skill(StrictModel):
    """One skill: the subquestion code it is asked under, a stable id, an optional label/group."""

    code: str
    id: str
    label: str | None = None
    group: str | None = None
    esco: str | None = Field(
        None, description="the ESCO skill URI (http://data.europa.eu/esco/skill/<uuid>), for the ELM export"
    )

    @field_validator("esco")
    @classmethod
    def _esco_uri(cls, value: str | None) -> str | None:
        if value is not None and not ESCO_SKILL.fullmatch(value):
            raise ValueError(
                f"esco {value!r} is not an ESCO skill URI (expected http://data.europa.eu/esco/skill/<uuid>)"
            )
        return value

    @field_validator("id")
    @classmethod
    def _identifier(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", value):
            raise ValueError(f"skill id {value!r} must be lower-case letters, digits and _")
        return value


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
        raise explain_validation_error(path, error) from None


def load_skills(path: str | Path) -> tuple[Skill, ...]:
    """Load a skill catalogue (``config/skills/<name>.yml``): subquestion code -> skill id."""
    return _skill_catalogue(Path(path)).skills


def skill_group_names(path: str | Path, lang: str) -> dict[str, str]:
    """Skill-group names in ``lang`` from the catalogue's ``groups`` (only those translated)."""
    groups = _skill_catalogue(Path(path)).groups
    return {group: names[lang] for group, names in groups.items() if lang in names}
