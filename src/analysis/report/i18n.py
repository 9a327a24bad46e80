"""The report's own words in the partners' languages: gettext message catalogues read with Babel.

Catalogues live in ``analysis/report/locale/<lang>/LC_MESSAGES/report.po`` (plain gettext PO files,
edited by translators with any PO editor); they are compiled in memory when a language is first
used, so no build step is needed. English is the source language: its words are the message ids.
A new language is a new catalogue (``make translations`` creates and updates them from the
templates and code).

Question and answer labels do not come from here: they come from the survey's codebook in the
page's language (:func:`analysis.report.pages.labels`).
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

__all__ = [
    "DOMAIN", "LANGUAGE_NAMES", "LOCALE_DIR", "N_", "REVIEWED", "available_languages", "english", "given",
    "review_status", "translator",
]

DOMAIN = "report"
LOCALE_DIR = Path(__file__).with_name("locale")

#: Each language's name in itself, for the language switcher.
LANGUAGE_NAMES = {
    "en": "English",
    "bg": "Български",
    "es": "Español",
    "it": "Italiano",
    "el": "Ελληνικά",
    "fi": "Suomi",
    "mk": "Македонски",
    "ro": "Română",
    "sl": "Slovenščina",
    "fr": "Français",
    "nl": "Nederlands",
}


def available_languages() -> tuple[str, ...]:
    """English first, then every language with a catalogue, sorted."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return ("en", *(lang for lang in found if lang != "en"))


@cache
def translator(lang: str = "en") -> gettext.NullTranslations:
    """The translations of one language (English: the message ids themselves).

    Raises
    ------
    ValueError
        For a language without a catalogue, naming the ones there are.
    """
    if lang == "en":
        return gettext.NullTranslations()
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        raise ValueError(
            f"no report catalogue for language {lang!r} ({path}); available: "
            f"{', '.join(available_languages())}"
        )
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


#: The review status of a catalogue a partner has checked (its header comment says
#: ``# Review status: reviewed by <partner>, <date>``); any other status is shown on the pages.
REVIEWED = "reviewed"
_STATUS = "# Review status:"


@cache
def review_status(lang: str) -> str:
    """A catalogue's review status, from its header comment (``# Review status: ...``).

    English, the source language, is ``reviewed``; a catalogue without the line is
    ``machine-drafted, partner review pending`` until a partner says otherwise.
    """
    if lang == "en":
        return REVIEWED
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    for line in path.read_text("utf-8").splitlines():
        if not line.startswith("#"):
            break
        if line.startswith(_STATUS):
            return line.removeprefix(_STATUS).strip()
    return "machine-drafted, partner review pending"


def N_(message: str) -> str:
    """Mark a message for the catalogue; it is translated where it is shown."""
    return message


def english(message: str) -> str:
    """The identity translator: the message ids are the English words."""
    return message


def given(tr_: Callable[[str], str], text: str) -> str:
    """Text from the data in the page's language when the catalogue has it, else as given."""
    return tr_(text) if text.strip() else text  # gettext("") would be the catalogue's header
