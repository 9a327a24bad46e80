"""LimeSurvey's own words in full-text exports ("Response ID", "Other", "Yes", ...), per language.

These are LimeSurvey's gettext messages (``gT(...)`` in ``createFieldMap``, ``createTimingsFieldMap``,
``getTokenFieldsAndNames``, ``SurveyObj::getFullAnswer`` and the export ``Translator``), not ours.
English is the message id itself. The Bulgarian and Spanish words were read from exports a real
LimeSurvey 6.1.8 server wrote (tests/data/limesurvey_6_1_8/responses_bg_full_long.csv and
responses_es_full_long.csv, headings and long answers); the Macedonian ones from LimeSurvey's
catalogue ``locale/mk/LC_MESSAGES/mk.po``. Only words seen there are listed, never invented ones.

A word without a sourced translation is written in English, as LimeSurvey itself writes a string
its catalogue lacks (gettext falls back to the message id): the exports in ro, el and sl, and
the timing and participant headings in bg and es, show LimeSurvey's English words. Readers map
those columns by position, so no word of them has to be known to read the file.
"""

from __future__ import annotations

__all__ = ["FIXED_HEADINGS", "SOURCES", "WORDS", "is_sourced", "word"]

#: Full heading of each fixed column (LimeSurvey's export ``Translator`` keys).
FIXED_HEADINGS = {
    "id": "Response ID",
    "submitdate": "Date submitted",
    "lastpage": "Last page",
    "startlanguage": "Start language",
    "seed": "Seed",
    "token": "Access code",
    "startdate": "Date started",
    "datestamp": "Date last action",
    "ipaddr": "IP address",
    "refurl": "Referrer URL",
}

#: Where the words of each language come from.
SOURCES = {
    "en": "LimeSurvey 6 source strings (gettext message ids)",
    "bg": "responses_bg_full_long.csv written by LimeSurvey 6.1.8 (reference survey 845123)",
    "es": "responses_es_full_long.csv written by LimeSurvey 6.1.8 (reference survey 845123)",
    "mk": "LimeSurvey's catalogue locale/mk/LC_MESSAGES/mk.po (LimeSurvey/LimeSurvey)",
}

#: message id -> translation, per language (English: identity, filled in below).
WORDS: dict[str, dict[str, str]] = {
    "bg": {
        "Response ID": "ID на отговора",
        "Date submitted": "Дата на подаване",
        "Last page": "Последна страница",
        "Start language": "Начален език",
        "Seed": "Seed",
        "Date started": "Дата на започване",
        "Date last action": "Дата на последното действие",
        "Other": "Друго",
        "Scale 1": "Скала 1",
        "Scale 2": "Скала 2",
        "Rank %s": "Ранг %s",
        "Yes": "Да",
        "No": "Не",
        "N/A": "N/A",
    },
    "es": {
        "Response ID": "ID de respuesta",
        "Date submitted": "Fecha de envío",
        "Last page": "Última página",
        "Start language": "Lenguaje inicial",
        "Seed": "Semilla",
        "Date started": "Fecha de inicio",
        "Date last action": "Fecha de la última acción",
        "Other": "Otro",
        "Scale 1": "Eje 1",
        "Scale 2": "Eje 2",
        "Rank %s": "Ranking %s",
        "Yes": "Sí",
        "No": "No",
        "N/A": "N/A",
    },
    "mk": {
        "Yes": "Да",
        "No": "Не",
        "Other": "Друго",
        "Comment": "Коментар",
        "Total time": "Вкупно време",
        "N/A": "N/A",  # never translated (real bg and es exports)
    },
}

_ENGLISH = (
    *FIXED_HEADINGS.values(), "Other", "Comment", "Other comment", "Scale 1", "Scale 2",
    "Rank %s", "Yes", "No", "N/A", "Total time", "Group time", "Question time", "First name",
    "Last name", "Email address",
)
WORDS["en"] = {w: w for w in _ENGLISH}


def word(message: str, language: str, *, sourced: bool = False) -> str:
    """LimeSurvey's translation of ``message`` in ``language``.

    A word without a sourced translation is LimeSurvey's English message id (gettext's
    fallback for a string its catalogue lacks), unless ``sourced`` asks for a sourced word.

    Raises
    ------
    KeyError
        When ``message`` is not one of LimeSurvey's words listed here, or, with ``sourced``,
        when its translation in ``language`` is not known (see the module docstring).
    """
    if message not in WORDS["en"]:
        raise KeyError(f"{message!r} is not one of LimeSurvey's words listed here")
    translated = WORDS.get(language, {}).get(message)
    if translated is not None:
        return translated
    if sourced and language != "en":
        raise KeyError(f"LimeSurvey's word {message!r} in {language!r} is not known")
    return message


def is_sourced(message: str, language: str) -> bool:
    """Whether ``message`` has a sourced translation in ``language`` (English always has)."""
    return language == "en" or message in WORDS.get(language, {})
