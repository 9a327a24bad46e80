"""Errors that tell the user what is wrong with their input, and where."""

from __future__ import annotations

from pathlib import Path

__all__ = ["InputError", "ConfigError", "InvariantError", "ToolError"]


class InputError(ValueError):
    """Bad input data: names the file, and where known the row, respondent and column.

    The message reads as one sentence a user can act on, e.g.
    ``responses.csv, line 14 (response 12), column IMPORT[SQ003]: answer code '7' is not one of 1..5``.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        response: str | None = None,
        column: str | None = None,
    ) -> None:
        self.file, self.line, self.response, self.column = file, line, response, column
        self.detail = message
        where = []
        if file is not None:
            where.append(str(file))
        if line is not None:
            where.append(f"line {line}" + (f" (response {response})" if response else ""))
        elif response is not None:
            where.append(f"response {response}")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class ConfigError(ValueError):
    """A survey configuration file that does not describe a runnable survey."""


class InvariantError(RuntimeError):
    """A check that must hold on every run failed (e.g. raw rows != kept + excluded)."""


class ToolError(RuntimeError):
    """A program the project runs (the browser that prints the PDF edition) is missing or failed."""
