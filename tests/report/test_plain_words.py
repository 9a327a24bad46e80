"""Plain words for readers who are not statisticians: the glossary, its links, reading guides, keys."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from markupsafe import Markup

from analysis.report.glossary import (
    GLOSSARY,
    HOW_TO_READ,
    glossary_context,
    how_to_read,
    link_terms,
    term_link,
)
from analysis.report.i18n import available_languages

LANGUAGES = available_languages()
PARTNER_LANGUAGES = ("en", "bg", "es", "it")

# --- the glossary's own rules ----------------------------------------------------------------------


def test_every_term_has_one_anchor_and_the_terms_the_readers_meet():
    anchors = [term.anchor for term in GLOSSARY]
    assert len(anchors) == len(set(anchors))
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", anchor) for anchor in anchors)
    assert {
        "mwds", "importance", "proficiency", "gap", "rank", "top-k", "confidence-interval",
        "kruskal-wallis", "holm", "epsilon-squared", "dunn", "kendalls-w", "quadrants",
        "locus-for-focus", "weighting", "suppression", "smaa", "modal-rank", "weight-draws", "topsis",
        "micro-credential", "eqf", "ects",
    } == set(anchors)


def test_a_link_to_a_term_the_glossary_lacks_is_refused():
    assert term_link("mwds", "MWDS") == Markup('<a class="term" href="glossary.html#mwds">MWDS</a>')
    with pytest.raises(ValueError, match="no glossary entry 'mwdss'"):
        term_link("mwdss", "MWDS")
    with pytest.raises(ValueError, match="no glossary entry 'nope'"):
        link_terms("MWDS", "nope")


def test_link_terms_links_the_first_name_in_the_text_only():
    html = Markup("<strong>MWDS</strong> and MWDS; p is Holm-adjusted, &epsilon;&sup2; the size")
    linked = str(link_terms(html, "mwds", "holm", "epsilon-squared"))
    assert linked.count('href="glossary.html#mwds"') == 1
    assert '<strong><a class="term" href="glossary.html#mwds">MWDS</a></strong> and MWDS' in linked
    assert '<a class="term" href="glossary.html#holm">Holm</a>-adjusted' in linked
    assert '<a class="term" href="glossary.html#epsilon-squared">&epsilon;&sup2;</a>' in linked
    # a name only inside a tag, or already in a link, is left alone; plain text is escaped
    assert str(link_terms(Markup('<span title="MWDS">x</span>'), "mwds")) == '<span title="MWDS">x</span>'
    assert "glossary" not in str(link_terms(Markup('<a href="x">MWDS</a>'), "mwds"))
    assert str(link_terms("a < b MWDS", "mwds")).startswith("a &lt; b <a")
    # a translation that words it otherwise stays unlinked
    assert str(link_terms("без термина", "mwds")) == "без термина"


def test_every_chart_kind_has_its_reading_guide_in_the_partner_languages():
    with pytest.raises(ValueError, match="no reading guide for charts of kind 'pie'"):
        how_to_read("pie")
    for lang in PARTNER_LANGUAGES:
        guides = {kind: how_to_read(kind, lang) for kind in HOW_TO_READ}
        assert set(guides) == {"needs", "quadrant", "likert", "criteria", "funnel", "missingness",
                               "fieldwork_partners", "fieldwork_daily", "fieldwork_dropout", "themes"}
        if lang != "en":
            assert all(guides[k] != HOW_TO_READ[k] for k in guides), lang


def test_the_glossary_is_translated_in_the_partner_languages():
    english = glossary_context("en")["terms"]
    for lang in ("bg", "es", "it"):
        terms = glossary_context(lang)["terms"]
        assert [t["anchor"] for t in terms] == [t["anchor"] for t in english]
        assert all(t["text"] != e["text"] for t, e in zip(terms, english, strict=True)), lang


# --- the sample's site -------------------------------------------------------------------------------


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "downloads" not in p.parts)


def _ids(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        cache[path] = set(re.findall(r'\sid="([^"]+)"', path.read_text("utf-8"))) if path.exists() else set()
    return cache[path]


def test_the_glossary_page_is_in_every_language_and_in_the_navigation(sample_project: Path):
    site = sample_project / "reports"
    anchors = {term.anchor for term in GLOSSARY}
    for lang in LANGUAGES:
        folder = site if lang == "en" else site / lang
        glossary = folder / "glossary.html"
        assert glossary.exists(), glossary
        html = glossary.read_text("utf-8")
        assert f'<html lang="{lang}">' in html
        assert anchors <= _ids(glossary, {})
        for page in ("index.html", "sector.html", "methods.html", "sector-sector-agri.html"):
            text = (folder / page).read_text("utf-8")
            assert '<a href="glossary.html">' in text, (lang, page)  # the site navigation
        assert 'href="glossary.html"' in (folder / "methods.html").read_text("utf-8").split("</header>")[0]


def test_no_link_of_the_sample_site_points_at_a_missing_fragment(sample_project: Path):
    site = sample_project / "reports"
    cache: dict[Path, set[str]] = {}
    checked, broken = 0, []
    for page in _pages(site):
        for target, fragment in re.findall(r'href="([^"#:]*)#([^"]+)"', page.read_text("utf-8")):
            path = (page.parent / target).resolve() if target else page
            checked += 1
            if fragment not in _ids(path, cache):
                broken.append(f"{page.relative_to(site)} -> {target}#{fragment}")
    assert broken == []
    glossary_links = sum(
        len(re.findall(r'class="term" href="glossary\.html#', p.read_text("utf-8"))) for p in _pages(site)
    )
    assert checked > 0 and glossary_links > 0


def test_every_chart_of_the_sample_site_has_its_reading_guide(sample_project: Path):
    site = sample_project / "reports"
    for lang in PARTNER_LANGUAGES:
        folder = site if lang == "en" else site / lang
        guides = {how_to_read(kind, lang) for kind in HOW_TO_READ}
        for page in folder.glob("*.html"):
            if page.name.endswith("-sliders.html"):
                continue
            html = page.read_text("utf-8")
            figures = re.findall(r'<figure class="chart-figure">(.*?)</figure>', html, re.S)
            for figure in figures:
                line = re.search(r'<p class="how-to-read">(.*?)</p>', figure, re.S)
                assert line, (lang, page.name)
                assert unescape(re.sub(r"<[^>]+>", "", line.group(1))) in guides, (lang, page.name)


def _quadrants(html: str) -> list[tuple[list[str], list[tuple[str, str]], list[str]]]:
    """Per quadrant chart: the numbers on its markers, its key (number, skill), the table's skills."""
    out = []
    for spec, key, table in re.findall(
        r'class="chart-data" data-target="[^"]+-(?:ipa|lff)">(.*?)</script>.*?'
        r'<ul class="point-key"[^>]*>(.*?)</ul>.*?<tbody>(.*?)</tbody>', html, re.S,
    ):
        numbers = json.loads(spec)["data"][0]["text"]
        items = re.findall(r'<span class="point-number">([^<]*)</span> ([^<]*)</li>', key)
        skills = [unescape(s) for s in re.findall(r"<tr><td>[^<]*</td><td>([^<]*)</td>", table)]
        out.append((numbers, [(n, unescape(s)) for n, s in items], skills))
    return out


def test_quadrant_points_are_named_in_the_page_language(sample_project: Path):
    site = sample_project / "reports"
    english = _quadrants((site / "sector-sector-agri.html").read_text("utf-8"))
    assert len(english) == 2
    for lang in PARTNER_LANGUAGES:
        folder = site if lang == "en" else site / lang
        charts = _quadrants((folder / "sector-sector-agri.html").read_text("utf-8"))
        assert len(charts) == 2, lang
        for (numbers, key, skills), (_, english_key, _) in zip(charts, english, strict=True):
            assert len(key) >= 10
            assert sorted(n for n, _ in key) == sorted(numbers)  # every numbered point is named
            assert [s for _, s in key] == skills[: len(key)]  # the names the table gives, rank order
            if lang != "en":  # the sample's skills are translated
                assert [s for _, s in key] != [s for _, s in english_key], lang


@pytest.mark.browser
def test_the_quadrant_key_stays_readable_on_a_phone(sample_project: Path, open_page):
    path = sample_project / "reports" / "bg" / "sector-sector-agri.html"

    def key_items(page):
        return page.evaluate(
            "Array.from(document.querySelectorAll('.point-key li')).map(li => "
            "[li.getBoundingClientRect().right, parseFloat(getComputedStyle(li).fontSize)])"
        )

    result = open_page(path, shot="plain-quadrant-key-phone", width=390, height=844, interact=key_items)
    result.assert_loaded_offline()
    assert result.overflow_px <= 1, "the page scrolls sideways on a phone"
    assert len(result.interaction) >= 20  # two charts' keys
    assert all(right <= 390 and font >= 12 for right, font in result.interaction)
