"""The ``priorities`` section: ranking candidate micro-credentials and the demand questions it reads."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from analysis.config.base import StrictModel

__all__ = ["PRIORITY_CRITERIA", "CatalogueField", "DemandQuestion", "Interval", "PrioritiesConfig"]


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
    export_base_url: str | None = Field(
        None,
        description="where the candidates' ELM and Open Badges files will be published; their ids are "
        "<export_base_url>/<id> (None: urn:skillsneeds:<survey>:microcredential:<id>)",
    )

    @field_validator("export_base_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"https?://\S+", value):
            raise ValueError(f"an http(s) URL (https://example.org/microcredentials), not {value!r}")
        return value

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
