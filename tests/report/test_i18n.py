"""The report in every language: the gettext catalogues, and whole sites built in each language.

The catalogues must be complete (every message translated, none fuzzy, the same placeholders as
the English) and up to date (extracting the messages again gives the committed ``report.pot``), so
a new English string without its translations fails here. The sites are built from the hand-made
surveys of :mod:`report_sample` (with priorities, so every kind of page is written); in a
translated site no English sentence of the catalogue may be left on any page.
"""

from __future__ import annotations

import gettext
import html
import json
import re
import tokenize
from dataclasses import replace
from io import BytesIO
from pathlib import Path
from typing import get_args

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.frontend import CommandLineInterface, parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from report_checks import plain, visible_text
from report_sample import GENERATED_AT, make_cleaning_report, make_report
from test_priorities_page import make_priorities_report

from analysis.clean import UNKNOWN_PARTNER
from analysis.clean.rules import RULE_ORDER, RULE_REASONS
from analysis.priorities.catalogue import Assessment, Participation
from analysis.report import SurveyReport, build_site, words
from analysis.report.i18n import LOCALE_DIR, REVIEWED, available_languages, review_status, translator
from analysis.report.render import scope_label

ROOT = Path(__file__).resolve().parents[2]
POT = LOCALE_DIR / "report.pot"
#: Every language with a catalogue (a new one is checked as soon as its .po exists).
LANGUAGES = tuple(lang for lang in available_languages() if lang != "en")
PLACEHOLDER = re.compile(r"%\(\w+\)[a-z]|%%|\{\w+\}")
#: Translated messages that may still read like English on a page, by language: none so far.
#: (Single words and acronyms such as MWDS, TOPSIS or "n" are never checked; a longer message
#: whose translation is the English by design, e.g. a proper name, would be listed here.)
SAME_AS_ENGLISH: dict[str, set[str]] = {}
#: A heading known in these languages (the survey page's first section).
HEADINGS = {
    "bg": "Най-големи потребности като цяло",
    "es": "Mayores necesidades en conjunto",
    "it": "Maggiori fabbisogni nel complesso",
    "sl": "Največje potrebe na splošno",
    "fi": "Suurimmat tarpeet kaikkiaan",
}


def _catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain="report")


def _key(message_id: str | tuple[str, ...] | list[str]) -> str | tuple[str, ...]:
    return message_id if isinstance(message_id, str) else tuple(message_id)


def _ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {_key(m.id) for m in catalog if m.id}


def _count_classes(plural_expr: str) -> set[frozenset[int]]:
    """The counts 0 to 999 grouped by the plural form a gettext plural rule picks for them."""
    rule = gettext.c2py(plural_expr)
    classes: dict[int, set[int]] = {}
    for n in range(1000):
        classes.setdefault(rule(n), set()).add(n)
    return {frozenset(numbers) for numbers in classes.values()}


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


# --- the catalogues -------------------------------------------------------------------------


def test_the_partners_languages_have_a_catalogue():
    assert {"bg", "es", "it"} <= set(LANGUAGES)
    assert available_languages()[0] == "en"
    with pytest.raises(ValueError, match="no report catalogue for language 'xx'"):
        translator("xx")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_is_complete_and_keeps_the_placeholders(lang: str):
    template = _catalog(POT)
    catalog = _catalog(LOCALE_DIR / lang / "LC_MESSAGES" / "report.po", locale=lang)
    assert catalog.locale_identifier == lang
    # every form is used, and the counts fall into the classes of the language's CLDR rule (the third
    # form CLDR gives es and it is for round millions only, so their two forms agree up to 999)
    # as many forms as used up to 999, or all of CLDR's (French keeps the round-millions form)
    assert catalog.num_plurals in (len(_count_classes(catalog.plural_expr)), get_plural(lang).num_plurals)
    assert _count_classes(catalog.plural_expr) == _count_classes(get_plural(lang).plural_expr)
    assert _ids(catalog) == _ids(template), "run `make translations` and translate what changed"
    assert not list(catalog.obsolete)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        english = [message.id] if isinstance(message.id, str) else list(message.id)
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        count = 1 if isinstance(message.id, str) else catalog.num_plurals  # a form per plural category
        if len(forms) != count or any(not form.strip() for form in forms):
            problems.append(f"not translated: {message.id!r}")
            continue
        for form in forms:
            if _placeholders(form) != _placeholders(english[-1]):
                problems.append(f"placeholders differ: {english[-1]!r} -> {form!r}")
    assert problems == []
    translations = translator(lang)  # compiles
    assert translations.ngettext("%(num)d survey.", "%(num)d surveys.", 2) != "%(num)d surveys."


def test_the_template_holds_every_message_of_the_code(tmp_path: Path):
    """Extracting again (as `make translations` does) gives the committed report.pot."""
    fresh = tmp_path / "report.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-c", "TRANSLATORS:",
         "-o", str(fresh), str(ROOT / "src")]
    )
    committed, extracted = _ids(_catalog(POT)), _ids(_catalog(fresh))
    assert sorted(map(str, extracted - committed)) == [], "new messages: run `make translations`"
    assert sorted(map(str, committed - extracted)) == [], "gone messages: run `make translations`"


def _python_keywords() -> tuple[str, dict]:
    """The glob of the report's Python files in babel.cfg and the keywords extraction uses there.

    As ``pybabel extract -F babel.cfg`` does: Babel's default keywords plus those of the config.
    """
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, filename="babel.cfg")
    pattern = next(glob for glob, method in method_map if method == "python")
    return pattern, {**DEFAULT_KEYWORDS, **options_map[pattern].get("keywords", {})}


def test_extraction_takes_the_translator_calls_and_no_ordinary_variable():
    """Babel takes ``keyword[...]`` for a message too: no common variable name may be a keyword."""
    _, keywords = _python_keywords()
    source = (
        'tests = [{"significant": True}]\n'
        'n = sum(t["significant"] for t in tests)\n'
        'x = {"significant": 1}\n'
        'y = x["significant"] + s["p"] + text["q"] + tr["r"]\n'
        'def page(tr_):\n'
        '    return tr_("Largest needs overall")\n'
    )
    found = [message for _, message, _, _ in extract("python", BytesIO(source.encode()), keywords=keywords)]
    assert found == ["Largest needs overall"]


def test_the_report_code_never_subscripts_a_keyword():
    """In the report's Python files a keyword name is the translator only (never ``name[...]``)."""
    pattern, keywords = _python_keywords()
    files = sorted((ROOT / "src").glob(pattern.replace("**", "**/*")))
    assert files
    subscripted = []
    for path in files:
        with path.open("rb") as handle:
            tokens = [tok for tok in tokenize.tokenize(handle.readline)
                      if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)]
        for tok, after in zip(tokens, tokens[1:], strict=False):
            if tok.type == tokenize.NAME and tok.string in keywords and after.string == "[":
                subscripted.append(f"{path.name}:{tok.start[0]}: {tok.string}[")
    assert subscripted == []


def test_the_cleaning_words_are_those_of_the_clean_stage():
    """site.py marks the rule names and reasons for the catalogue; they must match the rules."""
    assert set(words.RULE_REASON_WORDS) == set(RULE_REASONS.values())
    assert set(words.RULE_WORDS) == {"kept", *(scope_label(rule) for rule in RULE_ORDER)}
    assert UNKNOWN_PARTNER in words.PARTNER_WORDS


def test_the_credential_words_are_those_the_catalogue_allows():
    """words.py marks a candidate's assessment and participation values; the catalogue allows them."""
    assert sorted(words.ASSESSMENT_WORDS) == sorted(get_args(Assessment))
    assert sorted(words.PARTICIPATION_WORDS) == sorted(get_args(Participation))
    for lang in ("bg", "es"):  # every value reads differently from the English there
        t = translator(lang)
        shown = {word: t.gettext(word) for word in (*words.ASSESSMENT_WORDS, *words.PARTICIPATION_WORDS)}
        assert [word for word, text in shown.items() if text == word] == [], lang
    assert translator("bg").gettext("in person") == "присъствено"
    assert translator("es").gettext("blended") == "semipresencial"
    assert translator("it").gettext("written test") == "prova scritta"


def test_the_annex_words_are_those_of_the_element_list():
    """words.py marks every Annex I element's name, what is still to decide about it, and each status."""
    from analysis.priorities import ANNEX_ELEMENTS, COMPLETENESS_STATUSES

    listed = [e.label for e in ANNEX_ELEMENTS] + [e.to_decide for e in ANNEX_ELEMENTS if e.to_decide]
    assert sorted(words.ANNEX_ELEMENT_WORDS) == sorted(listed)
    assert words.COMPLETENESS_WORDS == COMPLETENESS_STATUSES
    for lang in ("bg", "es", "it", "el", "ro", "mk", "sl", "fi", "fr", "nl"):
        t = translator(lang)
        same = [w for w in (*listed, *COMPLETENESS_STATUSES) if t.gettext(w) == w]
        assert same == [], lang
    assert tuple(e.annex for e in ANNEX_ELEMENTS) == words.ANNEX_TEXT_WORDS


def test_what_an_elm_file_lacks_is_said_in_words(monkeypatch):
    """Every field elm_missing can name has words on the card: a page never shows a catalogue key."""
    from analysis.priorities import exports

    fields: set[str] = set()

    class Nothing:
        languages = ("xx",)
        awarding_body = "A"
        awarding_country = "ZZ"

        def __getattr__(self, name):
            return None

    fields.update(exports.elm_missing(Nothing()))
    assert fields == set(words.ELM_FIELD_WORDS)
    for lang in ("bg", "es", "it", "el", "ro", "mk", "sl", "fi", "fr", "nl"):
        t = translator(lang)
        same = [w for w in (*words.ELM_FIELD_WORDS.values(), *words.ANNEX_TEXT_WORDS) if t.gettext(w) == w]
        assert same == [], lang


# --- whole sites ------------------------------------------------------------------------------


#: A reason the clean stage does not record (an older or a hand-made funnel): shown as given.
OTHER_REASON = "Sonderregel 7"


def _with_recorded_reasons(report: SurveyReport) -> SurveyReport:
    """The funnel with the reasons the clean stage records (the fixtures' own are English data)."""
    funnel = report.funnel.copy()
    funnel["reason"] = [RULE_REASONS.get(rule, OTHER_REASON) for rule in funnel["rule"]]
    funnel.loc[funnel["rule"] == "attention_check", "reason"] = OTHER_REASON
    return replace(report, funnel=funnel)


def _reports() -> list[SurveyReport]:
    """A survey with every input (cleaning details, priorities) and one with the basics."""
    priorities = make_priorities_report()
    full = replace(make_cleaning_report(), skills=priorities.skills, priorities=priorities.priorities)
    regional = make_report("regional", "Regional survey", "")
    return [_with_recorded_reasons(full), _with_recorded_reasons(regional)]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[Path]]]:
    out = {}
    for lang in ("en", *LANGUAGES):
        folder = tmp_path_factory.mktemp(f"site-{lang}")
        out[lang] = (folder, build_site(_reports(), folder, generated_at=GENERATED_AT, lang=lang))
    return out




def _english_fragments(message_id: str) -> list[str]:
    """The runs of words of a message between its placeholders, two words or longer."""
    fragments = []
    for part in PLACEHOLDER.split(plain(message_id)):
        part = " ".join(part.split()).strip(" :;,.()\u2013-")
        if len(re.findall(r"[A-Za-z]+", part)) >= 2:
            fragments.append(part)
    return fragments


def test_every_page_is_written_in_every_language(sites):
    names = {lang: sorted(p.name for p in paths) for lang, (_, paths) in sites.items()}
    assert all(found == names["en"] for found in names.values())
    groups = {f"{survey}-{g}.html" for survey in ("sector", "regional")
              for g in ("sector-c", "sector-e", "country-at", "country-it")}
    assert {"index.html", "glossary.html", "sector.html", "sector-cleaning.html", "sector-priorities.html",
            "sector-sliders.html", "regional.html", "regional-cleaning.html", *groups} == set(names["en"])
    for lang, (_, paths) in sites.items():
        for path in paths:
            assert f'<html lang="{lang}">' in path.read_text("utf-8"), path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_sentence_is_left_in_a_translated_site(sites, lang: str):
    catalog = _catalog(LOCALE_DIR / lang / "LC_MESSAGES" / "report.po", locale=lang)
    english = [
        english_id
        for message in catalog
        if message.id and _key(message.id) not in SAME_AS_ENGLISH.get(lang, set())
        for english_id in ([message.id] if isinstance(message.id, str) else message.id)
    ]
    fragments = {fragment for message_id in english for fragment in _english_fragments(message_id)}
    assert len(fragments) > 200
    _, paths = sites[lang]
    left = sorted(
        f"{path.name}: {fragment!r}"
        for path in paths
        for text in [visible_text(path.read_text("utf-8"))]
        for fragment in fragments
        if fragment in text
    )
    assert not left, "English left on translated pages:\n" + "\n".join(left)


def test_the_english_check_finds_english(sites):
    """The same check on the English site finds the chrome (so the check itself works)."""
    text = visible_text((sites["en"][0] / "sector.html").read_text("utf-8"))
    assert "Greatest needs overall" in text
    assert "MWDS (higher = greater training need)" in text  # an axis title, in the chart data
    assert _english_fragments("%(group)s: greatest need is %(skill)s (MWDS %(mwds)s)") == [
        "greatest need is"
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translated_headings_and_sentences(sites, lang: str):
    folder, _ = sites[lang]
    t = translator(lang)
    survey = (folder / "sector.html").read_text("utf-8")
    heading = t.gettext("Greatest needs overall")
    assert heading != "Greatest needs overall" and heading == HEADINGS.get(lang, heading)
    assert f"<h2>{heading}</h2>" in survey
    assert t.gettext("MWDS (higher = greater training need)") in survey  # the axis title
    index = (folder / "index.html").read_text("utf-8")
    assert t.ngettext("%(num)d survey.", "%(num)d surveys.", 2) % {"num": 2} in index
    cleaning = visible_text((folder / "sector-cleaning.html").read_text("utf-8"))
    # a reason recorded by the clean stage is shown in the page's language; others as given
    assert t.gettext(RULE_REASONS["speeder"]) in cleaning
    assert OTHER_REASON in cleaning
    sliders = (folder / "sector-sliders.html").read_text("utf-8")
    data = json.loads(re.search(r'id="slider-data">(.*?)</script>', sliders, re.S).group(1))
    assert data["text"]["all_zero"] == t.gettext("All weights are 0: every score is 0, so the list is by id.")
    assert data["criteria"] == ["need", "breadth", "transferability", "demand", "agreement"]  # YAML keys


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_candidates_assessment_and_participation_in_the_page_language(sites, lang: str):
    folder, _ = sites[lang]
    t = translator(lang).gettext
    page = (folder / "sector-priorities.html").read_text("utf-8")
    for label, value in (("Type of assessment", "project"), ("Form of participation", "blended"),
                         ("Type of assessment", "written test"), ("Form of participation", "in person")):
        assert f"<dt>{html.escape(t(label))}</dt><dd>{html.escape(t(value))}</dd>" in page, (label, value)
    if lang == "bg":
        assert "<dd>проект</dd>" in page and "<dd>смесена форма</dd>" in page
        assert "<dd>project</dd>" not in page


def test_english_is_the_default(sites, tmp_path: Path):
    build_site(_reports(), tmp_path, generated_at=GENERATED_AT)
    folder, paths = sites["en"]
    for path in paths:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_an_unknown_language_is_refused_before_writing(tmp_path: Path):
    with pytest.raises(ValueError, match="available: " + ", ".join(available_languages())):
        build_site(_reports(), tmp_path / "out", lang="xx")
    assert not (tmp_path / "out").exists()


@pytest.mark.browser
def test_the_slider_page_speaks_the_page_language(sites, browser):
    folder, _ = sites["bg"]
    t = translator("bg").gettext
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((folder / "sector-sliders.html").resolve().as_uri(), wait_until="load")
    page.wait_for_function("document.documentElement.getAttribute('data-sliders') === 'ready'",
                           timeout=10_000)
    summary = t(
        "Rank 1: %(title)s (score %(score)s). %(holding)s of %(total)s keep their rank if any "
        "one weight moves %(step)s either way."
    )
    assert page.text_content("#rank-summary").startswith(summary.split("%")[0])
    share = page.text_content("#w-share-0")
    assert share == t("%(share)s%% of the total") % {"share": 40}
    for index in range(5):
        page.fill(f"#w-num-{index}", "0")
    all_zero = t("All weights are 0: every score is 0, so the list is by id.")
    assert page.text_content("#rank-summary") == all_zero
    assert errors == []
    context.close()


def test_the_translations_doc_lists_every_catalogue_with_its_review_status():
    """docs/translations.md's status table agrees with each catalogue's header line."""
    doc = (ROOT / "docs" / "translations.md").read_text("utf-8")
    rows = dict(re.findall(r"^\| [^|]+ \| ([a-z]{2,3}) \| [^|]+ \| ([^|]+?) \|$", doc, flags=re.M))
    assert set(rows) == set(available_languages())
    for lang in available_languages():
        assert rows[lang] == review_status(lang), lang
    assert review_status("en") == REVIEWED


def test_a_machine_drafted_language_says_so_on_its_pages(sites):
    """Every page of a translated site (review pending) carries the note in its own language;
    the English site does not."""
    for lang, (_, paths) in sites.items():
        note = translator(lang).gettext("Translation drafted by machine; a partner's review is pending.")
        pages = [path.read_text("utf-8") for path in paths if "sliders" not in path.name]
        if lang == "en":
            assert not any('<span class="translation-status">' in page for page in pages)
        else:
            assert review_status(lang).startswith("machine-drafted")
            assert all(f'<span class="translation-status">{note}</span>' in page for page in pages), lang


def test_the_language_switcher_names_every_language_in_itself(tmp_path: Path):
    from analysis.report.i18n import LANGUAGE_NAMES

    languages = available_languages()
    build_site(_reports(), tmp_path, generated_at=GENERATED_AT, lang="bg", languages=languages)
    html = (tmp_path / "sector.html").read_text("utf-8")
    switcher = html[html.index('<details class="languages">'):html.index("</details>")]
    for lang in languages:
        name = LANGUAGE_NAMES[lang]
        if lang == "bg":
            assert f'<strong lang="bg" aria-current="page">{name}</strong>' in switcher
        else:
            assert f'hreflang="{lang}" lang="{lang}">{name}</a>' in switcher
