"""Where a survey's data come from: response files, the structure, a LimeSurvey server, the ratings.

``source`` (files or a live server, encodings), the rating arrays named by ``ratings`` and the numbers
of their answer codes (``scale_values``), and LimeSurvey's own words in a full-answer export.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from analysis.config.base import StrictModel

__all__ = [
    "LIMESURVEY_DATE_FORMAT",
    "FileFormat",
    "LimeSurveySource",
    "LongAnswerWords",
    "RatingSource",
    "ResponseFile",
    "ScaleValuesEntry",
    "Source",
    "SourceFiles",
]

LIMESURVEY_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


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


def _check_encoding(name: str) -> None:
    import codecs

    try:
        codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown encoding {name!r} (e.g. utf-8-sig, cp1250, cp1251)") from None
