"""Small checks the report tests share: the strings inside chart JSON, numbers among text cells."""

from __future__ import annotations


def json_strings(value: object) -> list[str]:
    """Every string inside a JSON value (chart specs, page data blocks), depth first."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return []


def is_number(text: str) -> bool:
    """A cell that reads as a number (a negative number is not a formula)."""
    try:
        float(text)
    except ValueError:
        return False
    return True
