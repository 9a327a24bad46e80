"""What every part of a survey configuration shares: the strict model, reading YAML, and errors.

A section of a config is a :class:`StrictModel`; :func:`read_yaml` reads a config file and
:func:`explain_validation_error` turns pydantic's complaints into a ConfigError that names the file
and the setting. Language codes of ``translations`` mappings are checked here too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from analysis.errors import ConfigError

__all__ = [
    "LANGUAGE_CODE",
    "StrictModel",
    "check_language_codes",
    "explain_validation_error",
    "read_yaml",
]


class StrictModel(BaseModel):
    """A config section: unknown settings are errors, values are frozen once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
"""A language code as the report's catalogues use it (ISO 639: ``bg``, ``es``, ``it``)."""


def check_language_codes(value: dict[str, Any]) -> dict[str, Any]:
    """Reject keys of a ``translations`` mapping that are not language codes."""
    bad = sorted(str(code) for code in value if not LANGUAGE_CODE.fullmatch(str(code)))
    if bad:
        raise ValueError(f"translations are keyed by language code (bg, es, it, ...); got {bad}")
    return value


#: PyYAML's safe loader with libyaml's parser when PyYAML has it: the same constructor and resolver
#: (the same data), several times faster on the micro-credential catalogue that every stage reads.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
        return yaml.load(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        pass  # the message is the pure-Python parser's, whose wording (and marks) libyaml's differs from
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None


def explain_validation_error(path: Path, error: ValidationError) -> ConfigError:
    """A ConfigError listing each problem of ``error`` by setting, under the file's name."""
    lines = [f"{path}: the survey configuration is not valid:"]
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"]) or "(top level)"
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = "unknown setting (check the spelling against docs/configuration.md)"
        lines.append(f"  - {where}: {message}")
    return ConfigError("\n".join(lines))
