"""Open answers on the group pages: quoted in full when short, shortened at a word when long."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
from report_sample import make_report

from analysis.report.group_page import QUOTE_LENGTH, group_context, quote
from analysis.report.model import CROSSHAIR_COLUMNS
from analysis.report.pages import render_page
from analysis.report.site import site_pages


def test_short_answers_are_quoted_whole():
    assert quote("Solar  panels\nand heat pumps") == "Solar panels and heat pumps"
    assert quote("x" * QUOTE_LENGTH) == "x" * QUOTE_LENGTH


def test_long_answers_are_cut_at_a_word_with_an_ellipsis():
    words = "retrofit insulation, " * 40
    short = quote(words)
    assert len(short) <= QUOTE_LENGTH and short.endswith("…")
    assert words.startswith(short[:-1])
    assert short[:-1].split(" ")[-1] in {"retrofit", "insulation"}  # a whole word, no comma
    assert quote("y" * 1000) == "y" * (QUOTE_LENGTH - 1) + "…"  # no space: cut mid-word
    assert quote(" " * 5000 + "tail") == "…"  # only the start of a huge answer is looked at


def _with_answer(text: str):
    report = make_report()
    needs = report.needs.assign(ipa_quadrant="", lff_quadrant="", **dict.fromkeys(CROSSHAIR_COLUMNS, 3.0))
    people = pd.DataFrame({"respondent_id": ["r1", "r2"], "sector": ["C", "C"]})
    texts = pd.DataFrame({
        "respondent_id": ["r1", "r2"], "question": ["OPENNEEDS", "OPENNEEDS"],
        "language": ["en", "en"], "text": [text, "Short answer."],
    })
    return replace(report, needs=needs, respondents=people, open_text=texts)


def test_a_two_megabyte_answer_is_quoted_shortened(tmp_path: Path):
    marker = "END-OF-ANSWER"
    answer = ("Heat pumps and insulation for old buildings; " * 47_000)[: 2 * 1024 * 1024] + marker
    assert len(answer) > 2_000_000
    report = _with_answer(answer)
    (block,) = group_context(report, "sector", "C")["open_answers"]
    assert block["n"] == 2
    assert {a["lang"] for a in block["answers"]} == {"en"}
    long_quote = next(a["text"] for a in block["answers"] if a["text"] != "Short answer.")
    assert len(long_quote) <= QUOTE_LENGTH and long_quote.endswith("…")
    specs = {s.filename: s for s in site_pages([report], [], lang="en")}
    html = "".join(render_page(specs["sector-sector-c.html"], "en").values())
    assert long_quote in html and "Short answer." in html
    assert marker not in html and len(html) < 500_000


def test_quotes_carry_their_language_and_the_heading_is_the_question():
    """A quote keeps the language it was written in (screen readers read it so, and it is not
    English left on a translated page); the heading is the question's text, not its code."""
    report = _with_answer("Сертификат по енергийна ефективност.")
    texts = report.open_text.assign(language=["bg", "en"], question=["DELIVERY[other]", "DELIVERY[other]"])
    report = replace(report, open_text=texts, question_labels={"DELIVERY[other]": "Formati preferiti: altro"})
    specs = {s.filename: s for s in site_pages([report], [], lang="it")}
    html = "".join(render_page(specs["sector-sector-c.html"], "it").values())
    assert '<li lang="bg">Сертификат по енергийна ефективност.</li>' in html
    assert '<li lang="en">Short answer.</li>' in html
    assert "Formati preferiti: altro" in html and "DELIVERY[other]" not in html
