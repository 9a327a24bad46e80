"""The report model of each survey, assembled from its processed folder (:mod:`analysis.store`).

:func:`survey_report` reads one survey's results and cleaning files through the store, puts
their labels into the page's language and hands the pages its tables as the downloads publish
them (:func:`analysis.report.downloads.published_tables`); :func:`report_pages` lists every page
of the site; :func:`page_sections` is what the page notebook (``notebooks/page.ipynb``) calls.
This module reads the processed files only through the store and never imports the pipeline.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import pandas as pd

from analysis import store
from analysis.config import SurveyConfig, loadable_surveys, skill_group_names
from analysis.priorities import survey_catalogue
from analysis.report.downloads import PublishedTables, as_published, published_tables
from analysis.report.i18n import translator
from analysis.report.labels import SurveyLabels, open_question_label, survey_labels
from analysis.report.model import PrioritiesReport, SurveyReport
from analysis.report.pages import PageSpec, Sections, page_name, render_page
from analysis.report.site import site_pages
from analysis.report.themes_section import theme_labels
from analysis.report.words import PARTNER_WORDS

__all__ = ["load_priorities", "page_sections", "report_pages", "survey_report", "table_labels"]


def load_priorities(config: SurveyConfig, lang: str = "en") -> PrioritiesReport | None:
    """The survey's priorities for the report (None without a ``priorities`` section or results).

    Candidates' texts (title, learning outcomes, ...) are in ``lang`` where the catalogue
    translates them.
    """
    settings = config.priorities
    if settings is None or not store.result_path(config, "priorities").exists():
        return None
    text = ("scope", "group", "group_label", "microcredential_id", "title", "method", "stability")
    table = store.read_text_table(store.result_path(config, "priorities"), text)
    acceptability = store.read_text_table(
        store.result_path(config, "priority_acceptability"), ("scope", "group", "microcredential_id")
    )
    catalogue = tuple(candidate.in_language(lang) for candidate in survey_catalogue(config))
    titles = {candidate.id: candidate.title for candidate in catalogue}
    table["title"] = table["microcredential_id"].map(titles).fillna(table["title"])
    return PrioritiesReport(
        table=table, acceptability=acceptability, catalogue=catalogue,
        weights=settings.weight_vector, method=settings.method, draws=settings.draws,
        bootstrap=settings.bootstrap, sector_field=settings.sector_field,
        demand_fields=tuple(dict.fromkeys(question.field for question in settings.demand)),
        exports={
            mc_id: {kind: path.name for kind, path in files.items()}
            for mc_id, files in store.microcredential_exports(config).items()
        },
    )


def _labels_in(
    config: SurveyConfig, labels: SurveyLabels
) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Skill labels (by skill id) and group labels (by profile field and code) in the labels' language."""
    skills = store.read_skills(config)
    question = config.ratings["importance"].question
    pairs = zip(skills["code"], skills["skill_id"], strict=True)
    skill_labels = {sid: label for code, sid in pairs if (label := labels.subquestion(question, code))}
    groups = {field: labels.answers(profile_question) for field, profile_question in config.profile.items()}
    return skill_labels, groups


def _partners_in(
    config: SurveyConfig, funnel: pd.DataFrame, labels: SurveyLabels, tr_: Callable[[str], str]
) -> pd.DataFrame:
    """The funnel per partner with the partners' labels in the labels' language.

    A partner is an answer of the partner field's question (``cleaning.partner_field``); the
    clean stage's own partners ``other`` and ``unknown`` are words of the catalogue, and partners
    by source file keep their file names.
    """
    name = config.cleaning.partner_field
    if not name:
        return funnel
    names = labels.answers(config.profile.get(name, name))
    names = {**{code: tr_(word) for code, word in PARTNER_WORDS.items()}, **names}
    funnel = funnel.copy()
    codes = funnel["partner"].map(lambda v: "" if pd.isna(v) else str(v))
    funnel["partner_label"] = codes.map(names).fillna(funnel["partner_label"])
    return funnel


def table_labels(config: SurveyConfig, lang: str = "en") -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Skill labels (by skill id) and group labels (by field and code) as the pages show them in ``lang``.

    The results' labels (the skill catalogue's, the base language's group labels, the partners'
    names), replaced by the survey's texts in ``lang`` (:mod:`analysis.report.labels`; not for English).
    """
    summary = store.read_summary(config)
    catalogue = store.read_skills(config)
    skills = dict(zip(catalogue["skill_id"].astype(str), catalogue["label"].astype(str), strict=True))
    groups = {field: dict(labels) for field, labels in summary.get("group_labels", {}).items()}
    texts = survey_labels(config, lang)
    partners = store.load_cleaning(config, summary).get("funnel_by_partner")
    if isinstance(partners, pd.DataFrame) and not partners.empty:
        partners = _partners_in(config, partners, texts, translator(lang).gettext)
        groups["partner"] = dict(zip(partners["partner"], partners["partner_label"], strict=True))
    if lang != "en":
        skills_here, groups_here = _labels_in(config, texts)
        skills.update(skills_here)
        for field, labels in groups_here.items():
            groups.setdefault(field, {}).update(labels)
    return skills, groups


#: The published tables of each processed folder, with the state of its files they were read from.
_PUBLISHED: dict[tuple[str, int], tuple[tuple[object, ...], PublishedTables]] = {}


def _published(config: SurveyConfig) -> PublishedTables:
    """:func:`published_tables` of the survey, read once for all the report's languages.

    They do not depend on the language; they are read again when a file of the processed folder
    or the survey's config changed (name, size or modification time).
    """
    folder = store.folder(config)
    files = [path for path in sorted(folder.rglob("*")) if path.is_file()]
    if config.config_path is not None and Path(config.config_path).is_file():
        files.append(Path(config.config_path))
    state = tuple((str(path), (info := path.stat()).st_size, info.st_mtime_ns) for path in files)
    key = (str(folder.resolve()), config.analysis.min_group_n)
    if key not in _PUBLISHED or _PUBLISHED[key][0] != state:
        _PUBLISHED[key] = (state, published_tables(config, min_n=config.analysis.min_group_n))
    return _PUBLISHED[key][1]


def survey_report(config: SurveyConfig, lang: str = "en") -> SurveyReport:
    """Everything the report shows of one survey, read from its processed files.

    Skill and group labels are the codebook's in ``lang`` (English pages keep the skill
    catalogue's labels); the report's own words are translated when the pages render.
    """
    results = store.load_results(config)
    needs = results.needs
    tests = results.group_tests
    priorities = load_priorities(config, lang)
    group_labels = {field: dict(labels) for field, labels in results.summary["group_labels"].items()}
    texts = survey_labels(config, lang)
    tr_ = translator(lang).gettext
    if lang != "en":
        skills, groups = _labels_in(config, texts)
        for field, labels in groups.items():
            group_labels.setdefault(field, {}).update(labels)
        needs = needs.copy()
        needs["skill_label"] = needs["skill_id"].map(skills).fillna(needs["skill_label"])
        for field, labels in groups.items():
            rows = needs["scope"] == field
            needs.loc[rows, "group_label"] = needs.loc[rows, "group"].map(labels).fillna(
                needs.loc[rows, "group_label"]
            )
        tests = tests.copy()
        tests["skill_label"] = tests["skill_id"].map(skills).fillna(tests["skill_label"])
    skill_groups = skill_group_names(config.path(config.skills), lang) if config.skills else {}
    if skill_groups:
        needs = needs.assign(skill_group=needs["skill_group"].map(skill_groups).fillna(needs["skill_group"]))
    published = _published(config)
    needs = as_published(needs, published, "needs")
    tests = as_published(tests, published, "group_tests")
    rank_text = ("scope", "group", "group_label", "skill_id", "covariance", "in_top_k_set", "flagged")
    ranks = store.read_result(config, "rank_uncertainty", rank_text)
    if ranks is not None:
        ranks = as_published(ranks, published, "rank_uncertainty")
    cleaning = store.load_cleaning(config, results.summary)
    if lang != "en" and isinstance(cleaning.get("funnel_by_partner"), pd.DataFrame):
        cleaning["funnel_by_partner"] = _partners_in(config, cleaning["funnel_by_partner"], texts, tr_)
    if lang != "en" and isinstance(cleaning.get("skills"), pd.DataFrame):
        catalogue = cleaning["skills"].copy()
        catalogue["label"] = catalogue["skill_id"].map(skills).fillna(catalogue["label"])
        cleaning["skills"] = catalogue
    if cleaning.get("page_times"):
        cleaning["page_times"] = [
            {**page, "group": {**(names := page.get("group") or {}),
                               lang: texts.page(page["group_id"], names)}}
            for page in cleaning["page_times"]
        ]
    open_text = store.read_open_text(config)
    questions = () if open_text is None else open_text["question"].astype(str).unique()
    question_labels = {question: open_question_label(texts, question, tr_) for question in questions}
    if isinstance(cleaning.get("missingness"), pd.DataFrame):
        cleaning["missingness"] = as_published(cleaning["missingness"], published, "missingness")
    if priorities is not None:
        priorities = dataclasses.replace(
            priorities,
            table=as_published(priorities.table, published, "priorities"),
            acceptability=as_published(priorities.acceptability, published, "priority_acceptability"),
        )
    themes, theme_segments, theme_skills = _themes(config, published, lang, needs)
    return SurveyReport(
        name=config.name,
        title=config.text_in("title", lang),
        needs=needs,
        group_tests=tests,
        funnel=pd.DataFrame(results.summary["funnel"]),
        n_raw=results.summary["n_raw"],
        n_kept=results.summary["n_kept"],
        scopes=tuple(config.analysis.by),
        source_note=config.text_in("note", lang),
        **cleaning,  # type: ignore[arg-type]
        priorities=priorities,
        descriptives=store.read_result(config, "descriptives", ("scope", "group", "skill_id", "dimension")),
        respondents=store.read_respondents(config),
        open_text=open_text,
        question_labels=question_labels,
        group_labels=group_labels,
        published=published,
        min_group_n=config.analysis.min_group_n,
        rank_uncertainty=ranks,
        has_fieldwork=store.has_fieldwork(config),
        themes=themes,
        theme_segments=theme_segments,
        theme_skills=theme_skills,
    )


def _themes(
    config: SurveyConfig, published: PublishedTables, lang: str, needs: pd.DataFrame
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, pd.DataFrame | None]:
    """The published themes table with its labels in ``lang``, the coded segments, the theme-skill links.

    (None, None, None) when the survey's texts were not coded (``skillsneeds themes``).
    """
    coded = store.read_theme_results(config)
    if coded is None or "themes" not in published.tables:
        return None, None, None
    table = published.tables["themes"].copy()
    skills = dict(zip(needs["skill_id"].astype(str), needs["skill_label"].astype(str), strict=False))
    fallback = dict(zip(table["theme"].astype(str), table["theme_label"].astype(str), strict=False))
    labels = theme_labels(config.themes_path, lang, skills, fallback)
    table["theme_label"] = table["theme"].astype(str).map(labels).fillna(table["theme_label"])
    return table, coded["theme_segments"], coded["theme_skills"]


def report_pages(
    root: str | Path, lang: str = "en", languages: Sequence[str] = ("en",)
) -> list[PageSpec]:
    """Every page of the report site in one language: what each page notebook renders.

    The surveys are those of the project with results (sorted by name); the pages: the index,
    per survey its page, cleaning page, priorities page and one page per group of each
    breakdown (``analysis.by``), the methods appendix and the glossary.
    """
    configs = [config for config in loadable_surveys(root) if store.has_results(config)]
    configs.sort(key=lambda config: config.name)
    if not configs:
        raise FileNotFoundError(f"no survey of {root} has results: run `skillsneeds run` first")
    reports = [survey_report(config, lang) for config in configs]
    return site_pages(reports, configs, lang=lang, languages=languages,
                      min_group_n=min(c.analysis.min_group_n for c in configs))  # each report has its own



# --- the page notebook's entry point -------------------------------------------------------------


@cache
def _site(root: str, lang: str, languages: tuple[str, ...]) -> dict[str, PageSpec]:
    return {spec.filename: spec for spec in report_pages(Path(root), lang, languages)}


def page_sections(
    root: str | Path,
    kind: str,
    survey: str = "",
    scope: str = "",
    group: str = "",
    lang: str = "en",
    languages: str = "en",
) -> Sections:
    """The rendered sections of one page of the site (the page notebook shows one per cell).

    Parameters
    ----------
    root
        The project folder (holding ``config/`` and ``data/processed/``).
    kind
        ``index``, ``survey``, ``group`` (one group of a breakdown), ``cleaning``, ``priorities``,
        ``consortium``, ``methods`` or ``glossary``.
    survey, scope, group
        The survey's name; for a group page the breakdown (profile field) and the group's code.
    lang
        The page's language.
    languages
        The languages the site is built in, comma-separated (the language switcher links them).
    """
    specs = _site(str(Path(root).resolve()), lang, tuple(languages.split(",")))
    page = page_name(kind, survey, scope, group)
    if page not in specs:
        raise ValueError(f"no report page {page!r}; the site has: {', '.join(sorted(specs))}")
    return Sections(render_page(specs[page], lang))
