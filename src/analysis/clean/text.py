"""Text cells: one Unicode form, trimmed, Romanian comma-below letters; contact data redacted.

Partners' exports differ in how the same text is stored (decomposed accents from macOS, Romanian
ş/ţ typed with a cedilla on older keyboards, stray spaces); normalising every text cell first makes
equal answers compare equal in every later rule. Redaction keeps e-mail addresses and phone numbers
that respondents wrote into free text out of the processed files.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

__all__ = [
    "EMAIL_PATTERN",
    "EMAIL_PLACEHOLDER",
    "PHONE_PLACEHOLDER",
    "normalise_frame",
    "normalise_text",
    "redact",
]

#: Romanian s/t with cedilla (legacy encodings, old keyboards) -> with comma below (the correct letters).
ROMANIAN_COMMA_BELOW = str.maketrans(
    {"\u015f": "\u0219", "\u015e": "\u0218", "\u0163": "\u021b", "\u0162": "\u021a"}
)
EMAIL_PLACEHOLDER = "[e-mail]"
PHONE_PLACEHOLDER = "[phone]"
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: A run of digits with the separators phone numbers are written with (no line breaks).
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d \u00a0.\-/()]{4,}\d(?![\w@])")
_DATE = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$")
_YEAR_RANGE = re.compile(r"^(1[89]|20)\d{2}\s*[-/]\s*(1[89]|20)\d{2}$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:([ .,\u00a0])\d{3})(?:\1\d{3})*$")
MIN_PHONE_DIGITS = 7
MAX_PHONE_DIGITS = 15  # ITU-T E.164


def normalise_text(value: str) -> str:
    """NFC, trimmed, Romanian ş/ţ (cedilla) -> ș/ț (comma below), so equal texts are equal strings."""
    if value.isascii():
        return value.strip()
    return unicodedata.normalize("NFC", value).translate(ROMANIAN_COMMA_BELOW).strip()


def normalise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`normalise_text` on every text cell of a raw frame (all columns but provenance)."""
    out = frame.copy(deep=False)  # copy-on-write: the raw frame's columns are never changed
    for column in out.columns:
        if column in ("_file", "_line") or out[column].dtype != object:
            continue
        # each distinct text once: answer codes repeat in every response
        values = out[column].to_numpy()
        codes, uniques = pd.factorize(values)
        normal = [normalise_text(v) if isinstance(v, str) else v for v in uniques]
        changed = np.array([n != u for n, u in zip(normal, uniques, strict=True)], dtype=bool)
        if not changed.any():
            continue
        rows = (codes >= 0) & changed[np.maximum(codes, 0)]
        cells = values.copy()
        cells[rows] = np.array(normal, dtype=object)[codes[rows]]
        out[column] = pd.Series(cells, index=out.index, dtype=object)
    return out


def _is_phone(candidate: str) -> bool:
    digits = sum(ch.isdigit() for ch in candidate)
    if not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS:
        return False
    core = candidate.strip(" .-/()")
    if candidate.startswith(("+", "00")):
        return True
    return not (_DATE.match(core) or _YEAR_RANGE.match(core) or _THOUSANDS.match(core))


def redact(value: str) -> tuple[str, int, int]:
    """E-mail addresses -> ``[e-mail]``, phone numbers (7-15 digits) -> ``[phone]``.

    Years, dates, year ranges, thousands-grouped amounts and short counts (ECTS, staff numbers)
    are left alone. Returns the text and the number of e-mails and phones replaced.
    """
    text, emails = EMAIL_PATTERN.subn(EMAIL_PLACEHOLDER, value)
    phones = 0

    def _phone(match: re.Match[str]) -> str:
        nonlocal phones
        candidate = match.group(0)
        trailing = len(candidate) - len(candidate.rstrip(" .-/(\u00a0"))
        if _is_phone(candidate):
            phones += 1
            return PHONE_PLACEHOLDER + candidate[len(candidate) - trailing :]
        return candidate

    text = _PHONE_CANDIDATE.sub(_phone, text)
    return text, emails, phones
