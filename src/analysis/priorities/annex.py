"""How complete a candidate's design is against the Council Recommendation's Annex I.

Annex I of the Council Recommendation on a European approach to micro-credentials for lifelong
learning and employability (2022/C 243/02) lists the *mandatory elements* that describe a
micro-credential:

* Identification of the learner
* Title of the micro-credential
* Country(ies)/Region(s) of the issuer
* Awarding body(ies)
* Date of issuing
* Learning outcomes
* Notional workload needed to achieve the learning outcomes (in European Credit Transfer and
  Accumulation System – ECTS, wherever possible)
* Level (and cycle, if applicable) of the learning experience leading to the micro-credential
  (European Qualifications Framework, Qualifications Frameworks in the European Higher Education
  Area), if applicable
* Type of assessment
* Form of participation in the learning activity
* Type of quality assurance used to underpin the micro-credential

and, as optional elements, prerequisites, supervision and identity verification during
assessment, grade achieved, integration/stackability options and further information.

:data:`ANNEX_ELEMENTS` is the one list of the mandatory elements: the catalogue field each is
designed in, or none for the two that belong to an issued credential (the learner and the date of
issuing). :func:`annex_completeness` tells, per element, whether a candidate's design has it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.priorities.catalogue import MicroCredential

__all__ = [
    "ANNEX_ELEMENTS",
    "COMPLETENESS_COLUMNS",
    "COMPLETENESS_STATUSES",
    "DESIGN_ELEMENTS",
    "MISSING",
    "AnnexElement",
    "ElementStatus",
    "annex_completeness",
    "completeness_table",
    "incomplete_candidates",
    "missing_elements",
]

FILLED, MISSING, AT_ISSUE = "filled", "missing", "set at issue"
COMPLETENESS_STATUSES = (FILLED, MISSING, AT_ISSUE)
"""An element is filled in the design, missing (still to decide) or set when a credential is issued."""

COMPLETENESS_COLUMNS = [
    "microcredential_id", "title", "element", "annex_element", "field", "status", "to_decide",
]


@dataclass(frozen=True)
class AnnexElement:
    """One mandatory element of Annex I.

    Attributes
    ----------
    key
        Stable name (``completeness.csv``'s ``element``).
    annex
        The element as the Recommendation words it (English).
    field
        The catalogue field a design gives it in; None: set when a credential is issued.
    label
        A short name for tables and cards.
    to_decide
        What the designer must still decide when it is missing, in plain words.
    """

    key: str
    annex: str
    field: str | None
    label: str
    to_decide: str = ""


ANNEX_ELEMENTS: tuple[AnnexElement, ...] = (
    AnnexElement("learner", "Identification of the learner", None, "Learner"),
    AnnexElement("title", "Title of the micro-credential", "title", "Title", "its title"),
    AnnexElement(
        "country", "Country(ies)/Region(s) of the issuer", "awarding_country",
        "Country of the awarding body", "the country of the awarding body",
    ),
    AnnexElement(
        "awarding_body", "Awarding body(ies)", "awarding_body", "Awarding body", "who will award it"
    ),
    AnnexElement("date_of_issuing", "Date of issuing", None, "Date of issuing"),
    AnnexElement(
        "learning_outcomes", "Learning outcomes", "learning_outcomes", "Learning outcomes",
        "what the learner will be able to do",
    ),
    AnnexElement(
        "workload",
        "Notional workload needed to achieve the learning outcomes (in European Credit Transfer and "
        "Accumulation System – ECTS, wherever possible)",
        "workload_ects", "Workload (ECTS)", "its workload in ECTS",
    ),
    AnnexElement(
        "level",
        "Level (and cycle, if applicable) of the learning experience leading to the micro-credential "
        "(European Qualifications Framework, Qualifications Frameworks in the European Higher "
        "Education Area), if applicable",
        "eqf_level", "EQF level", "its EQF level",
    ),
    AnnexElement(
        "assessment", "Type of assessment", "assessment", "Type of assessment", "how learners are assessed"
    ),
    AnnexElement(
        "participation", "Form of participation in the learning activity", "participation",
        "Form of participation", "whether it is taught online, in person or blended",
    ),
    AnnexElement(
        "quality_assurance", "Type of quality assurance used to underpin the micro-credential",
        "quality_assurance", "Quality assurance", "how its quality is assured",
    ),
)
"""The mandatory elements of Annex I, in the Recommendation's order."""

DESIGN_ELEMENTS = tuple(element for element in ANNEX_ELEMENTS if element.field is not None)
"""The elements a design decides (all but the learner and the date of issuing)."""


@dataclass(frozen=True)
class ElementStatus:
    """One element of one candidate: the element and its status (:data:`COMPLETENESS_STATUSES`)."""

    element: AnnexElement
    status: str


def _given(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, tuple | list):
        return len(value) > 0
    return True


def annex_completeness(candidate: MicroCredential) -> tuple[ElementStatus, ...]:
    """Each Annex I mandatory element of a candidate: filled, missing or set at issue.

    Parameters
    ----------
    candidate
        A candidate of the catalogue (:func:`analysis.priorities.load_catalogue`).

    Returns
    -------
    tuple of ElementStatus
        In :data:`ANNEX_ELEMENTS` order: ``filled`` when the design gives the element (a non-blank
        text, a number, a non-empty list), ``missing`` when it does not yet (its ``to_decide``
        says what is open), ``set at issue`` for the learner and the date of issuing.
    """
    return tuple(
        ElementStatus(
            element,
            AT_ISSUE if element.field is None
            else FILLED if _given(getattr(candidate, element.field)) else MISSING,
        )
        for element in ANNEX_ELEMENTS
    )


def missing_elements(candidate: MicroCredential) -> tuple[AnnexElement, ...]:
    """The design elements the candidate does not give yet (:data:`ANNEX_ELEMENTS` order)."""
    return tuple(item.element for item in annex_completeness(candidate) if item.status == MISSING)


def incomplete_candidates(catalogue: Iterable[MicroCredential]) -> dict[str, tuple[AnnexElement, ...]]:
    """Candidate id -> its missing design elements, for the candidates with at least one."""
    return {c.id: missing for c in catalogue if (missing := missing_elements(c))}


def completeness_table(catalogue: Sequence[MicroCredential]) -> pd.DataFrame:
    """``completeness.csv``: one row per candidate and Annex I mandatory element.

    Columns ``microcredential_id, title, element, annex_element, field, status, to_decide``
    (``docs/results.md``): candidates in catalogue order, elements in the Recommendation's order;
    ``field`` and ``to_decide`` are empty for the elements set at issue, ``to_decide`` empty too
    when the element is filled.
    """
    rows = [
        {
            "microcredential_id": candidate.id,
            "title": candidate.title,
            "element": item.element.key,
            "annex_element": item.element.annex,
            "field": item.element.field or "",
            "status": item.status,
            "to_decide": item.element.to_decide if item.status == MISSING else "",
        }
        for candidate in catalogue
        for item in annex_completeness(candidate)
    ]
    return pd.DataFrame(rows, columns=COMPLETENESS_COLUMNS)
