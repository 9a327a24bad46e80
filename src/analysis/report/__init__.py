"""Report stage: a self-contained, offline HTML site of the skills-needs results.

:func:`build_site` writes ``index.html`` (one card per survey), one page per survey and one
cleaning page per survey (``<name>-cleaning.html``: funnel per partner and rule, missing answers
per item, warnings) from :class:`SurveyReport` objects; for a survey with :class:`PrioritiesReport`
also its micro-credential priorities page (``<name>-priorities.html``) and the offline
weight-slider page (``<name>-sliders.html``). Pages inline plotly.js, CSS and data,
escape every label taken from the surveys, and are byte-identical for identical inputs.
"""

from __future__ import annotations

from analysis.report.model import PrioritiesReport, SurveyReport
from analysis.report.site import build_site, site_pages

__all__ = ["PrioritiesReport", "SurveyReport", "build_site", "site_pages"]
