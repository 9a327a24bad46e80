"""LimeSurvey's own words in full-text exports ("Response ID", "Other", "Yes", ...), per language.

These are LimeSurvey's gettext messages (``gT(...)`` in ``createFieldMap``, ``createTimingsFieldMap``,
``getTokenFieldsAndNames``, ``SurveyObj::getFullAnswer`` and the export ``Translator``), not ours.
English is the message id itself. The Bulgarian and Spanish words were read from exports a real
LimeSurvey 6.1.8 server wrote (tests/data/limesurvey_6_1_8/responses_bg_full_long.csv and
responses_es_full_long.csv, headings and long answers); only words seen there are listed. Words
missing for a language (timing and participant headings in bg/es; every word in ro, el, mk, sl,
whose catalogues ``locale/<lang>/<lang>.mo`` could not be read here) are left out on purpose: the
exports that need them are written in English only, never with invented translations.
"""

from __future__ import annotations

__all__ = ["FIXED_HEADINGS", "SOURCES", "WORDS", "word"]

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
}

_ENGLISH = (
    *FIXED_HEADINGS.values(), "Other", "Comment", "Other comment", "Scale 1", "Scale 2",
    "Rank %s", "Yes", "No", "N/A", "Total time", "Group time", "Question time", "First name",
    "Last name", "Email address",
)
WORDS["en"] = {w: w for w in _ENGLISH}


def word(message: str, language: str) -> str:
    """LimeSurvey's translation of ``message`` in ``language``.

    Raises
    ------
    KeyError
        When the word of that language is not known (see the module docstring).
    """
    try:
        return WORDS[language][message]
    except KeyError:
        raise KeyError(f"LimeSurvey's word {message!r} in {language!r} is not known") from None
