"""The ``fieldwork`` section of a survey config: targets per partner (and cell) for ``skillsneeds fieldwork``.

A target is ``{where: {COUNTRY: BG, SECTOR: CONST}, complete: 30}``: the completed responses wanted in
one cell. A ``where`` that names only the partner field is the partner's target; one that names the
partner field and one more field is the target of that group within the partner. Fields are profile
fields (``country``) or question codes (``COUNTRY``); whether the codes exist is checked against the
survey's structure when fieldwork is counted (:func:`analysis.fieldwork.compute.resolve_targets`).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from analysis.config.base import StrictModel

__all__ = ["FieldworkConfig", "FieldworkTarget"]


class FieldworkTarget(StrictModel):
    """Completed responses wanted in one cell (a partner, or a group within a partner)."""

    where: dict[str, str] = Field(..., min_length=1, description="field -> answer code of the cell")
    complete: int = Field(..., ge=1, description="completed responses wanted")

    @field_validator("where", mode="before")
    @classmethod
    def _codes_as_text(cls, value: Any) -> Any:
        """YAML reads codes such as ``1`` as numbers: LimeSurvey's codes are text."""
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else value


class FieldworkConfig(StrictModel):
    """How fieldwork is followed: targets, the breakdowns counted within each partner, the pace."""

    targets: tuple[FieldworkTarget, ...] = ()
    breakdowns: tuple[str, ...] | None = Field(
        None, description="fields counted within each partner; default: analysis.by without the partner field"
    )
    pace_days: int = Field(7, ge=1, le=90, description="days the projected dates are paced on")
