"""Pseudonyms and free text: what may leave ``data/raw/`` about a respondent.

Respondent ids are keyed hashes (HMAC-SHA256) of survey and response id: stable across runs with
the same key, not reversible without it. Free texts are kept only for kept respondents, never for
the questions that collect contact data, and with e-mail addresses and phone numbers redacted.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from collections.abc import Collection, Mapping
from pathlib import Path

import pandas as pd
from dotenv import dotenv_values

from analysis.clean.text import redact
from analysis.codebook import TEXT_TYPES, Codebook

__all__ = [
    "PSEUDONYM_KEY_VARIABLE",
    "open_text_columns",
    "open_texts",
    "pseudonym",
    "pseudonym_key",
    "resolve_pseudonym_key",
]

log = logging.getLogger(__name__)

PSEUDONYM_KEY_VARIABLE = "SKILLSNEEDS_PSEUDONYM_KEY"
_PUBLIC_SAMPLE_KEY = "skillsneeds-public-sample-key"


def resolve_pseudonym_key(
    root: Path | None = None, environ: Mapping[str, str] | None = None
) -> tuple[bytes, bool]:
    """The pseudonym key and whether it is the public fallback.

    From ``SKILLSNEEDS_PSEUDONYM_KEY`` in the environment, else in the git-ignored ``.env`` of the
    project root; else the public sample key (with a warning), so that the bundled sample runs on
    a fresh machine. Real data needs a secret key.
    """
    environ = os.environ if environ is None else environ
    key = environ.get(PSEUDONYM_KEY_VARIABLE)
    if not key and root is not None and (root / ".env").is_file():
        key = dotenv_values(root / ".env").get(PSEUDONYM_KEY_VARIABLE)
    if key:
        return key.encode("utf-8"), False
    log.warning(
        "%s is not set: respondent ids use the public sample key and are not secret; set it "
        "(environment or .env) before processing real data",
        PSEUDONYM_KEY_VARIABLE, extra={"check": "pseudonym_key"},
    )
    return _PUBLIC_SAMPLE_KEY.encode("utf-8"), True


def pseudonym_key(root: Path | None = None) -> bytes:
    """The key for respondent pseudonyms (see :func:`resolve_pseudonym_key`)."""
    return resolve_pseudonym_key(root)[0]


def pseudonym(survey: str, response_ids: pd.Series, key: bytes) -> pd.Series:
    """Stable pseudonymous respondent ids: a keyed hash (HMAC-SHA256) of survey and response id."""
    return response_ids.map(
        lambda rid: "R" + hmac.new(key, f"{survey}:{rid}".encode(), hashlib.sha256).hexdigest()[:16]
    ).astype("string")


def open_text_columns(codebook: Codebook, personal_questions: Collection[str] = ()) -> list[str]:
    """Headings of free-text answers: S/T/U/Q questions and "other"/comment columns.

    Questions in ``personal_questions`` (contact data such as an EMAIL question) are left out.
    """
    return [
        column.heading
        for column in codebook.columns()
        if column.question not in personal_questions
        and (codebook[column.question].type in TEXT_TYPES or column.kind == "other")
    ]


def open_texts(
    kept: pd.DataFrame,
    respondent_ids: pd.Series,
    columns: list[str],
) -> tuple[pd.DataFrame, int, int]:
    """Long table of the kept respondents' non-empty free texts, contact data redacted.

    Returns the table (respondent_id, question, language, text) and the numbers of e-mail
    addresses and phone numbers redacted.
    """
    rows: list[tuple[str, str, str, str]] = []
    emails = phones = 0
    ids = respondent_ids.tolist()
    languages = kept["startlanguage"].tolist()
    for column in columns:
        if column not in kept:
            continue
        for rid, language, value in zip(ids, languages, kept[column].tolist(), strict=True):
            if not value:
                continue
            text, n_emails, n_phones = redact(value)
            emails += n_emails
            phones += n_phones
            rows.append((rid, column, language, text))
    frame = pd.DataFrame(rows, columns=["respondent_id", "question", "language", "text"], dtype="string")
    order = {rid: i for i, rid in enumerate(ids)}
    frame = frame.sort_values(
        ["respondent_id", "question"], key=lambda s: s.map(order) if s.name == "respondent_id"
        else s.map({c: i for i, c in enumerate(columns)}), kind="stable",
    ).reset_index(drop=True)
    return frame.astype("string"), emails, phones
