"""The report site: its one list of pages, and writing them without a notebook.

:func:`site_pages` lists every page of one language in the order the index lists them: the
index, per survey its page (:mod:`analysis.report.survey_page`), one page per group of each
breakdown (:mod:`analysis.report.group_page`), its cleaning page
(:mod:`analysis.report.cleaning_page`) and its priorities page
(:mod:`analysis.report.priorities_page`), the consortium view of the candidates several surveys
rank (:mod:`analysis.report.consortium_page`), the methods appendix
(:mod:`analysis.report.methods_page`) and the glossary (:mod:`analysis.report.glossary`).
``skillsneeds report`` renders each through the page notebook in a Jupyter kernel
(:mod:`analysis.report.book`); :func:`build_site` writes the same pages directly, in this
process, through the same shell, so both give the same bytes.

Partners read the pages offline and forward single files by e-mail, so each page inlines
plotly.js once (in ``<head>``), its CSS and its figure data: nothing is fetched from anywhere.
Output is deterministic (fixed element ids, no clock unless ``generated_at`` is given), so a
re-run with the same inputs writes byte-identical files and diffs show real changes only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from functools import cache, partial
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.report.book import export_sections
from analysis.report.cleaning_page import MISSING_HIGHLIGHT, cleaning_context
from analysis.report.consortium_page import consortium_context
from analysis.report.glossary import GLOSSARY_PAGE, glossary_context
from analysis.report.group_page import GROUP_SCOPES_LIMIT, group_context
from analysis.report.i18n import translator
from analysis.report.methods_page import methods_context
from analysis.report.model import (
    SurveyReport,
    cleaning_page_name,
    consortium_page_name,
    has_consortium,
    priorities_page_name,
    validate_reports,
)
from analysis.report.pages import PageSpec, group_page_name, language_links, render_page
from analysis.report.priorities_page import priorities_context, sliders_page, write_priorities_sliders
from analysis.report.render import write_page
from analysis.report.survey_page import (
    GROUP_CHART_TOP,
    OVERVIEW_TOP,
    group_links,
    survey_context,
    survey_findings,
)
from analysis.report.words import EVERYONE

__all__ = ["build_site", "site_pages"]


def _everyone(frame: pd.DataFrame | None, label: str) -> pd.DataFrame | None:
    if frame is None or not {"scope", "group_label"} <= set(frame.columns):
        return frame
    overall = frame["scope"].astype(str) == "overall"
    if not overall.any():
        return frame
    frame = frame.copy()
    frame.loc[overall, "group_label"] = label
    return frame


def everyone_in_language(report: SurveyReport, lang: str) -> SurveyReport:
    """The report with the group of its "overall" breakdown (all respondents) named in ``lang``."""
    if lang == "en":
        return report
    label = translator(lang).gettext(EVERYONE)
    priorities = report.priorities
    if priorities is not None:
        priorities = dataclasses.replace(priorities, table=_everyone(priorities.table, label))
    return dataclasses.replace(
        report,
        needs=_everyone(report.needs, label),
        group_tests=_everyone(report.group_tests, label),
        rank_uncertainty=_everyone(report.rank_uncertainty, label),
        priorities=priorities,
    )


def site_pages(
    reports: Sequence[SurveyReport],
    configs: Sequence[Any] | None = None,
    *,
    lang: str = "en",
    languages: Sequence[str] = ("en",),
    min_group_n: int = 5,
    generated_at: str | None = None,
) -> list[PageSpec]:
    """Every page of the site in one language, in the order they are listed on the index.

    Each page's context is built when it is first rendered (:attr:`PageSpec.context`), so
    listing the pages is cheap and a kernel builds only what its pages show.

    Parameters
    ----------
    reports, configs
        One :class:`SurveyReport` (labels in ``lang``) and one survey config per survey; the
        methods appendix (every rule and setting of each survey) needs the configs and is left
        out without them.
    lang, languages
        The pages' language and all languages of the site (for the language switcher).
    min_group_n
        Groups with fewer respondents are not charted, ranked or tabulated, on the pages of a
        report that does not carry its survey's own (:attr:`SurveyReport.min_group_n`).
    generated_at
        Shown in the page footers when given; left out otherwise so output stays deterministic.
    """
    reports = [everyone_in_language(report, lang) for report in reports]
    validate_reports(reports)
    common = {
        "min_group_n": min_group_n,
        "group_top": GROUP_CHART_TOP,
        "overview_top": OVERVIEW_TOP,
        "generated_at": generated_at,
    }

    def own(i: int) -> int:
        """The survey's own smallest reported group, the one its downloads use."""
        return reports[i].min_group_n or min_group_n

    @cache
    def survey(i: int) -> dict[str, Any]:
        return survey_context(reports[i], own(i), lang=lang)

    def index() -> dict[str, Any]:
        surveys = [
            survey(i)
            | {
                "findings": survey_findings(reports[i], lang=lang, min_group_n=own(i)),
                "group_pages": group_links(reports[i], lang),
            }
            for i in range(len(reports))
        ]
        return {
            "surveys": surveys, "charts": [s["card_chart"] for s in surveys if s["card_chart"]],
            "consortium_page": consortium_page_name() if has_consortium(reports) else None,
        }

    def survey_page(i: int) -> dict[str, Any]:
        return {"survey": survey(i), "charts": survey(i)["charts"], "min_group_n": own(i)}

    def group_page(i: int, scope: str, code: str) -> dict[str, Any]:
        context = group_context(reports[i], scope, code, lang=lang, min_group_n=own(i))
        return {"g": context, "charts": context["charts"], "min_group_n": own(i)}

    def cleaning_page(i: int) -> dict[str, Any]:
        cleaning = cleaning_context(reports[i], lang=lang, min_group_n=own(i))
        return {
            "cleaning": cleaning, "charts": cleaning["charts"], "highlight": MISSING_HIGHLIGHT,
            "min_group_n": own(i),
        }

    def priorities_page(i: int) -> dict[str, Any]:
        priorities = priorities_context(reports[i], own(i), lang=lang)
        return {"priorities": priorities, "charts": priorities["charts"], "min_group_n": own(i)}

    def consortium() -> dict[str, Any]:
        return {"c": consortium_context(reports, lang=lang)}

    def methods() -> dict[str, Any]:
        scales = {report.name: report.scales for report in reports}
        return {"m": methods_context(configs, lang=lang, min_n=min_group_n, scales=scales)}

    pages: list[tuple[str, str, Callable[[], dict[str, Any]], dict[str, str]]] = [
        ("index.html", "index.html.j2", index, {"kind": "index"})
    ]
    for i, report in enumerate(reports):
        name = report.name
        pages.append(
            (f"{name}.html", "survey.html.j2", partial(survey_page, i), {"kind": "survey", "survey": name})
        )
        for scope in report.scopes:
            codes = report.needs.loc[report.needs["scope"] == scope, "group"].astype(str)
            for code in list(dict.fromkeys(codes))[:GROUP_SCOPES_LIMIT]:
                pages.append(
                    (
                        group_page_name(name, str(scope), code),
                        "group.html.j2",
                        partial(group_page, i, str(scope), code),
                        {"kind": "group", "survey": name, "scope": str(scope), "group": code},
                    )
                )
        pages.append(
            (
                cleaning_page_name(name),
                "cleaning.html.j2",
                partial(cleaning_page, i),
                {"kind": "cleaning", "survey": name},
            )
        )
        if report.priorities is not None:
            pages.append(
                (
                    priorities_page_name(name),
                    "priorities.html.j2",
                    partial(priorities_page, i),
                    {"kind": "priorities", "survey": name},
                )
            )
    if has_consortium(reports):
        pages.append((consortium_page_name(), "consortium.html.j2", consortium, {"kind": "consortium"}))
    if configs is not None:
        pages.append(("methods.html", "methods.html.j2", methods, {"kind": "methods"}))
    pages.append(
        (GLOSSARY_PAGE, "glossary.html.j2", partial(_glossary, lang), {"kind": "glossary"})
    )
    return [
        PageSpec(
            filename,
            template,
            partial(_with_common, build, common | {"languages": language_links(filename, lang, languages)}),
            lang=lang,
            **what,
        )
        for filename, template, build, what in pages
    ]


def _glossary(lang: str) -> dict[str, Any]:
    return {"glossary": glossary_context(lang)}


def _with_common(build: Callable[[], dict[str, Any]], common: dict[str, Any]) -> dict[str, Any]:
    return common | build()  # a page's own values (its survey's min_group_n) win


def build_site(
    reports: Sequence[SurveyReport],
    out_dir: Path,
    *,
    configs: Sequence[Any] | None = None,
    generated_at: str | None = None,
    min_group_n: int = 5,
    lang: str = "en",
    languages: Sequence[str] | None = None,
) -> list[Path]:
    """Write every page of :func:`site_pages` in one language into ``out_dir``, without a kernel.

    The same pages as ``skillsneeds report`` writes through the page notebook, in the same
    shell and byte for byte, plus each survey's offline weight-slider page; for scripts and
    tests that have :class:`~analysis.report.SurveyReport` objects rather than a project.

    Parameters
    ----------
    reports
        One :class:`~analysis.report.SurveyReport` per survey, in the order of the overview.
    out_dir
        Folder to write into (created if needed); other files in it are left alone.
    configs
        The surveys' configs, in the order of ``reports``, for the methods appendix (left out
        without them).
    generated_at
        Shown in the page footers when given; left out otherwise so output stays deterministic.
    min_group_n
        Groups (and single skills) rated by fewer respondents are not charted or ranked; a note
        lists them. Small groups give unstable means and risk identifying respondents.
    lang, languages
        The language of the pages' own words (``en`` or one with a catalogue,
        :func:`analysis.report.i18n.available_languages`) and the languages the language
        switcher links (``lang`` alone by default); labels, titles and notes from the reports
        are shown as given.

    Returns
    -------
    list of Path
        The pages in the order of :func:`site_pages` (``index.html`` first; per survey its page,
        its group pages, ``<name>-cleaning.html`` and, with priorities,
        ``<name>-priorities.html``; ``consortium.html`` when two surveys rank candidates;
        ``methods.html`` when there are configs; ``glossary.html``), then the
        slider pages ``<name>-sliders.html`` of the surveys with an ``overall`` ranking.
    """
    reports = list(reports)
    validate_reports(reports)
    if min_group_n < 1:
        raise ValueError(f"min_group_n must be at least 1, got {min_group_n}")
    translator(lang)  # an unknown language fails here, before anything is written
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    specs = site_pages(
        reports, configs, lang=lang, languages=tuple(languages or (lang,)), min_group_n=min_group_n,
        generated_at=generated_at,
    )
    paths = [
        write_page(out_dir / spec.filename, export_sections(render_page(spec, lang), lang, generated_at))
        for spec in specs
    ]
    for report in reports:
        sliders = sliders_page(report)
        if sliders is not None:
            paths.append(write_priorities_sliders(report, out_dir / sliders, lang=lang))
    return paths
