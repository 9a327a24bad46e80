"""The regional sample's exports in every format LimeSurvey offers, from one set of responses.

The responses of the simulation get what a survey with timings and a participants table adds:
timing columns (``createTimingsFieldMap``; ``interviewtime`` as the simulation drew it, including
the speeders only it reveals; the page times, with two decimals, summing to it, each question's
time an equal share of its page) and the participant
columns the export page appends when ticked (firstname, lastname, email, attribute_1 region,
attribute_2 organisation type; names invented, addresses on example.org).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.synthetic.fieldmap import Field, fieldmap
from analysis.synthetic.instruments import Instrument
from analysis.synthetic.plugins import r_data_csv, r_syntax, spss_sav, stata_xml
from analysis.synthetic.writers import csv_export, excel_resaved, json_export, xlsx_export

__all__ = ["PAGE_SHARES", "regional_exports", "with_timings_and_participants"]

#: Share of the interview time spent on each page.
PAGE_SHARES = (0.18, 0.57, 0.25)
_FIRST = ("Maria", "Ivan", "Elena", "Andrei", "Sofia", "Nikola", "Ana", "Luka", "Carmen", "Petar")
_LAST = ("Example", "Sample", "Testova", "Demo", "Placeholder")


def with_timings_and_participants(
    instrument: Instrument,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    seed: int,
    interview: Sequence[float],
) -> tuple[list[Field], list[dict[str, object]]]:
    """Every column of the export and each response as code heading -> value (None = NULL).

    ``interview`` is each row's ``interviewtime`` in seconds.
    """
    rng = np.random.default_rng(seed)
    fields = fieldmap(instrument, timings=True, participants=True)
    page = {f.code: f.gid for f in fields if f.kind not in {"fixed", "participant", "timing"}}
    questions_per_page: dict[int, list[str]] = {}
    for question in instrument.questions:
        questions_per_page.setdefault(question.group, []).append(question.code)
    responses: list[dict[str, object]] = []
    for row, total in zip(rows, interview, strict=True):
        record = dict(zip(header, row, strict=True))
        submitted = bool(record["submitdate"])
        reached = int(record["lastpage"]) if not submitted else len(instrument.groups)
        response: dict[str, object] = {}
        for f in fields:
            if f.code in record:
                value: object = record[f.code]
                if f.code in page and page[f.code] > reached:
                    value = None
                if f.kind == "fixed" and value == "":
                    value = None
                response[f.code] = value
        shares = np.array(PAGE_SHARES[:reached]) * rng.uniform(0.8, 1.2, size=reached)
        page_seconds = [round(float(s), 2) for s in total * shares / shares.sum()]
        page_seconds[-1] = round(total - sum(page_seconds[:-1]), 2)
        response["interviewtime"] = total
        for gid in range(1, len(instrument.groups) + 1):
            seconds = page_seconds[gid - 1] if gid <= reached else None
            response[f"groupTime{gid}"] = seconds
            for code in questions_per_page[gid]:
                share = None if seconds is None else seconds / len(questions_per_page[gid])
                response[f"{code}Time"] = None if share is None else round(share, 2)
        first = _FIRST[int(rng.integers(len(_FIRST)))]
        last = _LAST[int(rng.integers(len(_LAST)))]
        response["firstname"] = first
        response["lastname"] = last
        response["email"] = f"{first.lower()}.{last.lower()}{record['id']}@example.org"
        response["attribute_1"] = record["COUNTRY"]
        response["attribute_2"] = record["ORGTYPE"] if record["ORGTYPE"] != "-oth-" else "OTHER"
        responses.append(response)
    return fields, responses


def regional_exports(
    instrument: Instrument,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    seed: int,
    interview: Sequence[float],
) -> dict[str, bytes]:
    """File name (under ``exports/``) -> bytes, for every export of the regional sample."""
    fields, responses = with_timings_and_participants(instrument, header, rows, seed, interview)
    title = instrument.titles["en"]
    out = {
        "responses_code_short.csv": csv_export(fields, responses),
        "responses_full_long_en.csv": csv_export(fields, responses, heading="full", answers="long"),
        "responses_abbreviated_long_en.csv": csv_export(
            fields, responses, heading="abbreviated", answers="long"
        ),
        "responses_code_short.json": json_export(fields, responses),
        "responses_full_long_en.json": json_export(
            fields, responses, heading="full", answers="long"
        ),
        "responses_code_short.xlsx": xlsx_export(fields, responses, title=title),
    }
    for language in ("bg", "es", "mk"):
        # long answers: LimeSurvey's Yes/No/Other are sourced in these languages (words.py)
        out[f"responses_full_long_{language}.csv"] = csv_export(
            fields, responses, heading="full", answers="long", language=language
        )
    for language in ("ro", "el"):
        # "full headings, answer codes": no Yes/No words needed; the fixed, timing and
        # participant headings are LimeSurvey's English words (words.py)
        out[f"responses_full_short_{language}.csv"] = csv_export(
            fields, responses, heading="full", answers="short", language=language
        )
    out["responses_abbreviated_short_sl.csv"] = csv_export(
        fields, responses, heading="abbreviated", answers="short", language="sl"
    )
    # the plugins' exports: SPSS, R (syntax and its data file), Stata XML
    out["responses_plugin_spsssav.sav"] = spss_sav(fields, responses)
    out["responses_plugin_rsyntax.R"] = r_syntax(fields, instrument.sid)
    out["responses_plugin_rdata.csv"] = r_data_csv(fields, responses)
    out["responses_plugin_stataxml.xml"] = stata_xml(
        fields, responses, title=title, sid=instrument.sid, time_stamp="13 Jun 2025 18:00"
    )
    code_header = [f.code for f in fields]
    code_rows = [
        ["" if response.get(f.code) is None else _plain(response[f.code]) for f in fields]
        for response in responses
    ]
    out["responses_excel_bg_cp1251.csv"] = excel_resaved(code_header, code_rows, encoding="cp1251")
    out["responses_excel_el_cp1253.csv"] = excel_resaved(
        code_header, code_rows, encoding="cp1253", date_format="%d/%m/%Y %H:%M"
    )
    return out


def _plain(value: object) -> str:
    from analysis.synthetic.writers import php_number

    if isinstance(value, (int, float)):
        return php_number(value)
    return str(value)
