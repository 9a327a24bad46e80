"""A page of the report site: what it is, its name, and its rendered sections.

A :class:`PageSpec` names one page (its file, template, kind and what it shows) and builds its
context on first use; :func:`render_page` renders its sections (title, style, header, main,
footer, and the language switcher), which the page notebook shows through
:func:`analysis.report.assemble.page_sections` and :func:`analysis.report.site.build_site`
writes directly. The site's page list is :func:`analysis.report.site.site_pages`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

import jinja2

from analysis.report.i18n import LANGUAGE_NAMES, REVIEWED, review_status
from analysis.report.model import cleaning_page_name, consortium_page_name, priorities_page_name
from analysis.report.render import jinja_environment, number_language, slugify

__all__ = [
    "PageSpec", "Sections", "group_page_name", "language_links", "page_name", "render_page",
]


@dataclass(frozen=True)
class PageSpec:
    """One page: its file name, template, how to build what it renders, and what it is."""

    filename: str
    template: str
    build: Callable[[], dict[str, Any]] = dict
    kind: str = "index"
    survey: str = ""
    scope: str = ""
    group: str = ""
    lang: str = "en"

    @cached_property
    def context(self) -> dict[str, Any]:
        """The values the template renders (built on first use, numbers in the page's language)."""
        with number_language(self.lang):
            return self.build()

    @property
    def parameters(self) -> dict[str, str]:
        """The page notebook's papermill parameters for this page."""
        return {
            "kind": self.kind,
            "survey": self.survey,
            "scope": self.scope,
            "group": self.group,
            "lang": self.lang,
        }


class Sections:
    """The rendered blocks of one page; each is shown by one tagged cell of the page notebook."""

    def __init__(self, blocks: dict[str, str]) -> None:
        self._blocks = blocks

    def __getattr__(self, name: str) -> _Html:
        if name.startswith("_"):
            raise AttributeError(name)
        return _Html(self._blocks.get(name, ""))


@dataclass(frozen=True)
class _Html:
    html: str

    def _repr_html_(self) -> str:
        return self.html


def group_page_name(survey: str, scope: str, group: str) -> str:
    """``<survey>-<scope>-<group>.html``, e.g. ``sector-country-bg.html``."""
    return f"{survey}-{slugify(scope)}-{slugify(group)}.html"


def language_links(filename: str, lang: str, languages: Sequence[str]) -> list[dict[str, str]]:
    """The same page in every language, as relative links from this page (English at the root)."""
    links = []
    for other in languages:
        if lang == "en":
            href = filename if other == "en" else f"{other}/{filename}"
        else:
            href = f"../{filename}" if other == "en" else f"../{other}/{filename}"
        links.append(
            {"lang": other, "name": LANGUAGE_NAMES.get(other, other), "href": href, "current": other == lang}
        )
    return links


#: The page shell's blocks, in the order base.html.j2 renders them.
SECTIONS = ("title", "style", "header", "main", "footer")
_SEPARATOR = "\x1e"  # ASCII record separator: never in a page


@cache
def _sections_environment(lang: str) -> jinja2.Environment:
    """The report's environment with the page shell replaced by the bare blocks, separated.

    Rendering a page template here gives its sections exactly as the full page has them (its
    imports and macros run as usual); the nbconvert template puts them back into the shell.
    """
    env = jinja_environment(lang).overlay(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.DictLoader(
                    {
                        "base.html.j2": _SEPARATOR.join(
                            f"{{% block {name} %}}{{% endblock %}}" for name in SECTIONS
                        )
                    }
                ),
                jinja_environment(lang).loader,
            ]
        )
    )
    return env


def render_page(spec: PageSpec, lang: str) -> dict[str, str]:
    env = _sections_environment(lang)
    with number_language(lang):
        html = env.get_template(spec.template).render(spec.context)
    sections = dict(zip(SECTIONS, html.split(_SEPARATOR), strict=True))
    sections["nav"] = env.get_template("_nav.html.j2").render(
        languages=spec.context.get("languages", []),
        home="",
        downloads=f"downloads/{lang}/" if lang == "en" else f"../downloads/{lang}/",
        machine_drafted=not review_status(lang).startswith(REVIEWED),
    )
    return sections


# --- page names ---------------------------------------------------------------------------------


def page_name(kind: str, survey: str = "", scope: str = "", group: str = "") -> str:
    """The file name of a page: ``index.html``, ``methods.html``, ``glossary.html``, ``<survey>.html``,
    ``<survey>-cleaning.html``, ``<survey>-priorities.html``, ``consortium.html`` or
    ``<survey>-<scope>-<group>.html``."""
    if kind in ("index", "methods", "glossary"):
        return f"{kind}.html"
    if kind == "consortium":
        return consortium_page_name()
    if kind == "survey":
        return f"{survey}.html"
    if kind == "cleaning":
        return cleaning_page_name(survey)
    if kind == "priorities":
        return priorities_page_name(survey)
    if kind == "group":
        return group_page_name(survey, scope, group)
    raise ValueError(f"unknown kind of report page {kind!r}")
