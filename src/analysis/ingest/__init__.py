"""Ingest: LimeSurvey exports (responses + structure) -> raw frame + codebook.

Reads the files a survey config names, exactly as received, and checks they fit together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.codebook import Codebook
from analysis.config import SurveyConfig
from analysis.errors import ConfigError
from analysis.ingest.lss import parse_lss, read_lss
from analysis.ingest.responses import SourceFile, read_response_file, read_responses

__all__ = ["RawSurvey", "ingest", "parse_lss", "read_lss", "read_response_file", "read_responses"]


@dataclass(frozen=True)
class RawSurvey:
    """A survey's raw responses (all text, as exported) with its codebook and input record."""

    config: SurveyConfig
    codebook: Codebook
    responses: pd.DataFrame
    sources: tuple[SourceFile, ...]


def ingest(config: SurveyConfig) -> RawSurvey:
    """Read a survey's structure and response files as its config declares them.

    Also checks that the questions the config names (profile fields, rating arrays) exist in the
    structure, so a typo in a config fails here with the question code, not later.
    """
    files = config.source.files
    if config.source.limesurvey is not None:
        # a live survey: the latest snapshot chain written by `skillsneeds fetch` (a .lss in
        # source.files.structure was compared with the server's structure when fetching)
        from analysis.ingest.snapshot import snapshot_inputs

        codebook, response_files, structure = snapshot_inputs(config)
    elif files is None:
        raise ConfigError(f"survey {config.name!r}: give source.files or source.limesurvey")
    else:
        structure = config.path(files.structure)
        codebook = read_lss(structure)
        response_files = list(files.responses)
    problems = []
    attributes = codebook.participant_attributes()
    for field, code in config.profile.items():
        if re.fullmatch(r"attribute_\d+", code) and code not in codebook:
            if code not in attributes:
                known = ", ".join(f"{k} ({v})" for k, v in attributes.items()) or "none"
                problems.append(
                    f"profile.{field}: participant attribute {code!r} is not in {structure} "
                    f"(its participant attributes: {known})"
                )
        elif code not in codebook:
            problems.append(f"profile.{field}: question {code!r} is not in {structure}")
    for dimension, rating in config.ratings.items():
        if rating.question not in codebook:
            problems.append(f"ratings.{dimension}: question {rating.question!r} is not in {structure}")
        elif codebook[rating.question].type not in {"A", "B", "F", "H", "1", ":"}:
            problems.append(
                f"ratings.{dimension}: question {rating.question!r} is of type "
                f"{codebook[rating.question].type!r}, not an array of rating scales"
            )
        elif codebook[rating.question].type == "1" and rating.scale is None:
            problems.append(
                f"ratings.{dimension}: question {rating.question!r} is a dual-scale array: write "
                f"{{question: {rating.question}, scale: 1}} (its first scale) or scale: 2 (its second)"
            )
        elif codebook[rating.question].type != "1" and rating.scale is not None:
            problems.append(
                f"ratings.{dimension}: scale: {rating.scale} is only for a dual-scale array, and "
                f"question {rating.question!r} (type {codebook[rating.question].type!r}) has one "
                f"scale: remove scale"
            )
    if problems:
        raise ConfigError(f"{config.config_path}:\n  - " + "\n  - ".join(problems))
    responses, sources = read_responses(
        response_files, codebook, default_encoding=config.source.encoding, root=config.root
    )
    return RawSurvey(config, codebook, responses, tuple(sources))
