"""The whole report site `skillsneeds run` builds from the sample: every page, every language."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_checks import reader_runs, visible_text

from analysis.config import load_survey_config, skill_group_names
from analysis.priorities import survey_catalogue
from analysis.report import words
from analysis.report.i18n import available_languages, translator

LANGUAGES = available_languages()
#: A sector page's goal size: it goes out by e-mail.
PAGE_GOAL_BYTES = 6_000_000


def _pages(reports: Path) -> list[Path]:
    return sorted(p for p in reports.rglob("*.html") if "downloads" not in p.parts)


def _charts_written(html: str) -> int:
    return len(re.findall(r'<script type="application/json" class="chart-data"', html))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))
        if values.get("id"):
            self.ids.add(str(values["id"]))


def test_every_language_has_the_same_pages(sample_project) -> None:
    reports = sample_project / "reports"
    english = {p.name for p in reports.glob("*.html")}
    assert {"index.html", "methods.html", "sector.html", "regional.html", "sector-cleaning.html",
            "sector-priorities.html", "sector-sliders.html", "sector-sector-const.html",
            "sector-country-bg.html", "regional-country-ro.html"} <= english
    assert len([n for n in english if n.startswith("sector-sector-")]) == 5
    assert len([n for n in english if n.startswith("sector-country-")]) == 5
    for lang in LANGUAGES[1:]:
        assert {p.name for p in (reports / lang).glob("*.html")} == english, lang
        html = (reports / lang / "index.html").read_text("utf-8")
        assert f'<html lang="{lang}">' in html


def test_every_link_of_every_page_resolves(sample_project) -> None:
    """Links between pages, to languages, to downloads and to anchors all land somewhere."""
    reports = sample_project / "reports"
    broken = []
    ids_of: dict[Path, set[str]] = {}  # each linked page parsed once, however many links reach it
    for page in _pages(reports):
        parser = _Links()
        parser.feed(page.read_text("utf-8"))
        ids_of[page.resolve()] = parser.ids
        for href in parser.hrefs:
            if href.startswith(("http://", "https://", "mailto:")):
                continue
            target, _, anchor = href.partition("#")
            path = (page.parent / target).resolve() if target else page
            if not path.exists():
                broken.append(f"{page.relative_to(reports)} -> {href}")
            elif anchor and path.suffix == ".html":
                if path != page and path not in ids_of:
                    ids_of[path] = _ids(path)
                ids = parser.ids if path == page else ids_of[path]
                if anchor not in ids:
                    broken.append(f"{page.relative_to(reports)} -> {href} (no such anchor)")
    assert not broken, broken[:20]


def _ids(path: Path) -> set[str]:
    parser = _Links()
    parser.feed(path.read_text("utf-8"))
    return parser.ids


def test_pages_are_small_enough_to_send(sample_project) -> None:
    sizes = {p.relative_to(sample_project / "reports").as_posix(): p.stat().st_size
             for p in _pages(sample_project / "reports")}
    too_big = {name: size for name, size in sizes.items() if size > PAGE_GOAL_BYTES}
    assert not too_big


def test_pages_have_a_table_of_contents_and_no_code(sample_project) -> None:
    page = (sample_project / "reports" / "sector-sector-const.html").read_text("utf-8")
    assert 'class="toc' in page and 'href="#needs"' in page
    for marker in ("jp-InputArea", "page_sections(", "In&nbsp;[", "jp-Cell"):
        assert marker not in page


def _one_of_each_kind(pages: list[Path]) -> list[Path]:
    """The first page of each kind (index, survey, group, cleaning, priorities, sliders, methods,
    glossary) among ``pages``: a group page's name is ``<survey>-<field>-<group>.html``."""
    kinds: dict[str, Path] = {}
    for path in pages:
        parts = path.stem.split("-")
        if len(parts) > 2:
            kind = "group"
        elif len(parts) == 2:
            kind = parts[1]  # cleaning, priorities, sliders
        else:
            kind = path.stem if path.stem in ("index", "methods", "glossary") else "survey"
        kinds.setdefault(kind, path)
    return sorted(kinds.values())


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_loads_offline_with_every_chart_drawn(sample_project, open_pages, lang) -> None:
    """Real headless Chromium over the site in this language, with a screenshot: every page in
    English and Bulgarian, one page of each kind in the other languages (their pages differ from
    those only in words, which the static checks compare page by page)."""
    folder = sample_project / "reports" / ("" if lang == "en" else lang)
    failures = []
    pages = sorted(folder.glob("*.html"))
    assert len(pages) >= 20
    if lang not in ("en", "bg"):
        pages = _one_of_each_kind(pages)
    # a few pages load at once; the screenshot is of the first screen
    for path, result in open_pages.open_many(pages, shot=lambda p: f"site-{lang}-{p.stem}"):
        html = path.read_text("utf-8")
        problems = []
        if result.console_errors or result.page_errors:
            problems.append(f"errors {result.console_errors + result.page_errors}")
        if result.requests or result.dialogs:
            problems.append(f"requests {result.requests}, dialogs {result.dialogs}")
        expected = _charts_written(html)
        if expected and (result.charts_state != "ready" or result.charts != expected):
            problems.append(f"charts {result.charts}/{expected} ({result.charts_state})")
        if 'id="slider-data"' in html and result.sliders_state != "ready":
            problems.append("the sliders' ranking was not drawn")
        if problems:
            failures.append(f"{lang}/{path.name}: {'; '.join(problems)}")
    assert not failures, failures


@pytest.mark.browser
@pytest.mark.parametrize("page", ["sector-sector-const.html", "bg/sector-country-bg.html", "methods.html"])
def test_group_and_methods_pages_fit_a_phone(sample_project, open_page, page) -> None:
    result = open_page(sample_project / "reports" / page, shot=f"site-phone-{page.replace('/', '-')[:-5]}",
                       width=390, height=844)
    assert result.page_errors == [] and result.requests == []
    assert result.overflow_px <= 1, "the page scrolls sideways on a phone"


def test_index_states_the_key_findings_and_links_every_group_page(sample_project) -> None:
    index = (sample_project / "reports" / "index.html").read_text("utf-8")
    assert "Greatest training needs overall:" in index
    assert "First micro-credential to develop: Energy, carbon and environmental reporting for SMEs" in index
    for page in ("sector-sector-const.html", "sector-country-bg.html", "regional-country-ro.html"):
        assert f'href="{page}"' in index
    bulgarian = (sample_project / "reports" / "bg" / "index.html").read_text("utf-8")
    assert "Най-големите потребности от обучение като цяло:" in bulgarian


def _legend_colours(page: Path) -> dict[str, str]:
    """Skill group -> bar colour, from the first legend of a page."""
    legend = re.search(r'<ul class="legend".*?</ul>', page.read_text("utf-8"), re.S).group()
    return {html.unescape(name.strip()): colour for colour, name in
            re.findall(r'class="swatch" style="background: (#[0-9A-Fa-f]{6})"></span>([^<]*)', legend)}


def _catalogue(project: Path) -> tuple:
    return survey_catalogue(load_survey_config(project / "config" / "surveys" / "sector.yml"))


def _configured_texts(project: Path, lang: str) -> dict[str, str]:
    """The sample config's own words (survey titles and notes, micro-credential titles,
    outcomes and other texts, skill-group names), configured text -> its translation in ``lang``."""
    texts = {}
    for name in ("sector", "regional"):
        config = load_survey_config(project / "config" / "surveys" / f"{name}.yml")
        texts |= {config.title: config.text_in("title", lang), config.note: config.text_in("note", lang)}
        texts |= skill_group_names(config.path(config.skills), lang)
    for candidate in _catalogue(project):
        translated = candidate.in_language(lang)
        texts |= dict(zip(candidate.learning_outcomes, translated.learning_outcomes, strict=True))
        for field in ("title", "quality_assurance", "prerequisites", "stackability", "description"):
            if getattr(candidate, field) is not None:
                texts[getattr(candidate, field)] = getattr(translated, field)
    return {text: translation for text, translation in texts.items() if translation != text}


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_configured_texts_are_shown_in_the_page_language(sample_project, lang) -> None:
    """Survey titles, notes, micro-credential texts and skill groups the config translates."""
    texts = _configured_texts(sample_project, lang)
    assert len(texts) >= 20
    folder = sample_project / "reports" / lang
    pages = {path.name: visible_text(path.read_text("utf-8")) for path in _pages(folder)}
    left = sorted(f"{name}: {text!r}" for name, words in pages.items() for text in texts if text in words)
    assert not left, "configured English left on translated pages:\n" + "\n".join(left)
    shown = " ".join(pages.values())
    assert not [translation for translation in texts.values() if translation not in shown]
    sector = load_survey_config(sample_project / "config" / "surveys" / "sector.yml")
    assert f"<h1>{sector.text_in('title', lang)}</h1>" in (folder / "sector.html").read_text("utf-8")
    # a skill group keeps its colour in every language, though its translated name sorts elsewhere
    groups = skill_group_names(sector.path(sector.skills), lang)
    english_colours = _legend_colours(sample_project / "reports" / "sector-sector-const.html")
    translated = {groups.get(name, name): colour for name, colour in english_colours.items()}
    assert len(translated) >= 4
    if lang == "bg":  # in Cyrillic the names sort in another order than the English
        assert list(translated) != sorted(translated)
    assert _legend_colours(folder / "sector-sector-const.html") == translated
    # the English pages keep the words as configured
    english = visible_text((sample_project / "reports" / "sector-priorities.html").read_text("utf-8"))
    winner = next(c for c in _catalogue(sample_project) if c.id == "energy_carbon_reporting")
    assert winner.title in english and winner.learning_outcomes[0] in english
    assert f"<h1>{sector.title}</h1>" in (sample_project / "reports" / "sector.html").read_text("utf-8")


def _card_details(page: str, lang: str) -> list[str]:
    """Each micro-credential card of a priorities page, without its skill-evidence table and its
    target-sector list (the survey's skill and sector names, not the candidate's own texts)."""
    sectors = html.escape(translator(lang).gettext("Target sectors"))
    cards = []
    for match in re.finditer(r'<(article|details) class="mc-card"', page):
        card = page[match.start():page.index(f"</{match.group(1)}>", match.start())]
        card = re.sub(r'<table class="data evidence">.*?</table>', "", card, flags=re.S)
        cards.append(re.sub(rf"<div><dt>{re.escape(sectors)}</dt><dd>[^<]*</dd></div>", "", card))
    return cards


def _card_runs(page: str, lang: str) -> set[str]:
    return {run for card in _card_details(page, lang) for run in reader_runs(card, lang)}


def test_no_candidate_text_or_element_value_is_left_in_english(sample_project) -> None:
    """On the Bulgarian priorities page every card's own words (title, outcomes, elements and
    their values) are Bulgarian: no run of words is shared with the English page's cards."""
    reports = sample_project / "reports"
    english = (reports / "sector-priorities.html").read_text("utf-8")
    bulgarian = (reports / "bg" / "sector-priorities.html").read_text("utf-8")
    assert len(_card_details(bulgarian, "bg")) == len(_card_details(english, "en")) >= 12
    english_runs = _card_runs(english, "en")
    # the check sees the candidates' texts on the English page ...
    assert {"Basic spreadsheet skills", "Internal QA of the awarding provider", "Type of assessment",
            "practical task", "in person"} <= english_runs
    # ... and none of them on the Bulgarian one
    assert sorted(_card_runs(bulgarian, "bg") & english_runs) == []
    t = translator("bg").gettext
    values = {
        label: re.findall(rf"<dt>{re.escape(t(label))}</dt><dd>([^<]*)</dd>", bulgarian)
        for label in ("Type of assessment", "Form of participation")
    }
    assert len(values["Type of assessment"]) == len(values["Form of participation"]) >= 12
    assert set(values["Type of assessment"]) <= {t(word) for word in words.ASSESSMENT_WORDS}
    assert set(values["Form of participation"]) <= {t(word) for word in words.PARTICIPATION_WORDS}
    assert {"проект", "присъствено", "онлайн", "смесена форма"} <= {v for vs in values.values() for v in vs}
