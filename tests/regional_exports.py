"""The regional sample's exports and the settings a partner declares to read each of them.

data/raw/sample/regional/exports/ holds the responses of ``responses.csv`` in every format
LimeSurvey offers (code/full/abbreviated headings in several languages, short and long answers,
JSON, XLSX, SPSS, R, Stata XML) and after an Excel re-save in a Windows code page.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGIONAL = ROOT / "data" / "raw" / "sample" / "regional"
EXPORTS = REGIONAL / "exports"
#: The export every other one is compared with: code headings, answer codes.
BASELINE = REGIONAL / "responses.csv"
DATES = ("submitdate", "startdate", "datestamp")

#: export -> (settings a partner declares in ``source.files.responses``, Excel code page or None)
SETTINGS: dict[str, tuple[dict[str, object], str | None]] = {
    "responses_code_short.json": ({}, None),
    "responses_code_short.xlsx": ({}, None),
    "responses_full_long_en.csv": ({"language": "en"}, None),
    "responses_full_long_en.json": ({"language": "en"}, None),
    "responses_abbreviated_long_en.csv": ({"language": "en"}, None),
    "responses_full_long_bg.csv": ({"language": "bg"}, None),
    "responses_full_long_es.csv": ({"language": "es"}, None),
    # Да/Не/Друго need no words: setting, the reader knows LimeSurvey's Macedonian words
    "responses_full_long_mk.csv": ({"language": "mk"}, None),
    "responses_full_short_ro.csv": ({"language": "ro"}, None),
    "responses_full_short_el.csv": ({"language": "el"}, None),
    "responses_abbreviated_short_sl.csv": ({"language": "sl"}, None),
    "responses_excel_bg_cp1251.csv": (
        {"encoding": "cp1251", "date_format": "%d.%m.%Y %H:%M"}, "cp1251"
    ),
    "responses_excel_el_cp1253.csv": (
        {"encoding": "cp1253", "date_format": "%d/%m/%Y %H:%M"}, "cp1253"
    ),
    "responses_plugin_spsssav.sav": ({}, None),
    "responses_plugin_rdata.csv": ({}, None),
    "responses_plugin_stataxml.xml": ({}, None),
}
#: Files in the exports folder that hold no responses: the R script that reads the R data file.
NOT_RESPONSES = ("responses_plugin_rsyntax.R",)
