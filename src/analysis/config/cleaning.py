"""The ``cleaning`` section: the rules that exclude responses, in order, and how answers are tidied."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator

from analysis.config.base import StrictModel

__all__ = [
    "AttentionCheck",
    "CleaningConfig",
    "DuplicatesRule",
    "IncompleteRule",
    "MissingKind",
    "RuleSwitch",
    "SpeedersRule",
    "StraightlinersRule",
    "TestResponsesRule",
    "TooFewAnswersRule",
]


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
