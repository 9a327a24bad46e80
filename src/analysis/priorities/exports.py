"""A candidate micro-credential as an ELM v3 document and as an Open Badges 3.0 achievement.

* **ELM** (European Learning Model v3, JSON-LD): the candidate as a ``Qualification`` (the learning
  achievement specification of the LOQ application profile, what the Europass Qualification Dataset
  Register takes in; the profile's plain ``LearningAchievementSpecification`` shape is deactivated).
  :func:`elm_document` builds it; :func:`elm_missing` names the elements the LOQ shapes require that
  the catalogue does not give (a candidate lacking one is not exported); :func:`validate_elm` checks
  a document against the LOQ shapes (``elm/``: copied unchanged from the European Commission's
  ``European-Learning-Model`` repository, EUPL 1.2), resolving its ``@context`` from the local copy.
* **Open Badges 3.0** (1EdTech): the candidate as an ``Achievement`` a badge platform or an LMS
  (Moodle, ...) imports as a badge class: :func:`ob3_achievement`; :func:`ob3_problems` checks the
  fields the Open Badges 3.0 specification requires (section B.1.1, *Achievement*).

Mapping of every field: ``docs/priorities.md`` ("Exports: ELM and Open Badges").

References
----------
European Commission (2023). European Learning Model v3; LOQ application profile SHACL shapes.
https://github.com/european-commission-empl/European-Learning-Model
1EdTech (2024). Open Badges Specification v3.0. https://www.imsglobal.org/spec/ob/v3p0/
European Commission (2015). ECTS Users' Guide: one credit corresponds to 25-30 hours of work.
"""

from __future__ import annotations

import copy
import json
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.priorities.catalogue import MicroCredential

__all__ = [
    "ELM_CONTEXT",
    "HOURS_PER_ECTS",
    "OB3_CONTEXT",
    "CandidateExport",
    "candidate_exports",
    "elm_document",
    "elm_graph",
    "elm_missing",
    "export_id",
    "ob3_achievement",
    "ob3_problems",
    "validate_elm",
]

ELM_DIR = Path(__file__).with_name("elm")
#: The published JSON-LD context of the ELM documents (resolved from ``elm/edc-ap-context.jsonld``).
ELM_CONTEXT = "http://data.europa.eu/snb/model/context/edc-ap"
OB3_CONTEXT = (
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
)
#: Notional learning hours of one ECTS credit (the ECTS Users' Guide gives 25-30; the lower bound).
HOURS_PER_ECTS = 25

_SNB = "http://data.europa.eu/snb"
_AUTHORITY = "http://publications.europa.eu/resource/authority"
_EQF = f"{_SNB}/eqf"
_ISCED = f"{_SNB}/isced-f"
_MODE = f"{_SNB}/learning-assessment"
_ECTS = f"{_SNB}/education-credit/6fcec5c5af"
# Europass "mode of learning and assessment" concepts (http://data.europa.eu/snb/learning-assessment/25831c2)
_MODES = {
    "online": ("920fbb3cbe", "Online"),
    "blended": ("e92d221e4d", "Blended"),
    "in person": ("9191af2ed9", "Presential"),
}
# ISO 639-1 -> the EU Publications Office language table (ISO 639-2/T, upper case)
_LANGUAGES = {
    "bg": "BUL", "cs": "CES", "da": "DAN", "de": "DEU", "el": "ELL", "en": "ENG", "es": "SPA", "et": "EST",
    "fi": "FIN", "fr": "FRA", "ga": "GLE", "hr": "HRV", "hu": "HUN", "it": "ITA", "lt": "LIT", "lv": "LAV",
    "mt": "MLT", "nl": "NLD", "pl": "POL", "pt": "POR", "ro": "RON", "sk": "SLK", "sl": "SLV", "sv": "SWE",
    "mk": "MKD", "sq": "SQI", "sr": "SRP", "bs": "BOS", "tr": "TUR", "uk": "UKR", "is": "ISL", "no": "NOR",
    "ca": "CAT", "eu": "EUS", "gl": "GLG", "lb": "LTZ", "me": "CNR",
}
# ISO 3166-1 alpha-2 -> the EU Publications Office country table (alpha-3)
_COUNTRIES = {
    "AT": "AUT", "BE": "BEL", "BG": "BGR", "CY": "CYP", "CZ": "CZE", "DE": "DEU", "DK": "DNK", "EE": "EST",
    "ES": "ESP", "FI": "FIN", "FR": "FRA", "GR": "GRC", "EL": "GRC", "HR": "HRV", "HU": "HUN", "IE": "IRL",
    "IT": "ITA", "LT": "LTU", "LU": "LUX", "LV": "LVA", "MT": "MLT", "NL": "NLD", "PL": "POL", "PT": "PRT",
    "RO": "ROU", "SE": "SWE", "SI": "SVN", "SK": "SVK", "IS": "ISL", "LI": "LIE", "NO": "NOR", "CH": "CHE",
    "GB": "GBR", "MK": "MKD", "AL": "ALB", "ME": "MNE", "RS": "SRB", "BA": "BIH", "XK": "XKX", "TR": "TUR",
    "UA": "UKR", "MD": "MDA", "GE": "GEO",
}


@dataclass(frozen=True)
class CandidateExport:
    """One candidate's exports: the ELM document (None when an LOQ-required element is missing)."""

    microcredential_id: str
    elm: dict[str, Any] | None
    ob3: dict[str, Any]
    missing: tuple[str, ...]


def export_id(candidate_id: str, survey: str, base_url: str | None = None) -> str:
    """The stable identifier of a candidate's exports.

    ``<base_url>/<id>``, or ``urn:skillsneeds:<survey>:microcredential:<id>`` without a base URL.
    """
    if base_url:
        return f"{base_url.rstrip('/')}/{candidate_id}"
    return f"urn:skillsneeds:{survey}:microcredential:{candidate_id}"


def _texts(candidate: MicroCredential, field: str, language: str) -> dict[str, Any]:
    """``field`` in every language the catalogue gives it: {language: value}."""
    value = getattr(candidate, field, None)
    texts = {language: value} if value else {}
    for lang, translated in sorted(candidate.translations.items()):
        other = getattr(translated, field, None)
        if other and lang != language:
            texts[lang] = other
    return texts


def _concept(uri: str, scheme: str | None = None, label: str | None = None) -> dict[str, Any]:
    concept: dict[str, Any] = {"@id": uri, "@type": "Concept"}
    if scheme is not None:
        concept["inScheme"] = {"@id": scheme, "@type": "ConceptScheme"}
    if label is not None:
        concept["prefLabel"] = {"en": label}
    return concept


def _ects(value: float) -> str:
    return f"{value:g}"


def elm_missing(candidate: MicroCredential) -> tuple[str, ...]:
    """Catalogue fields the LOQ shapes need that ``candidate`` lacks (empty: it can be exported).

    A qualification needs a title, at least one learning outcome, an EQF level, a national
    qualifications framework level (``nqf_level``) and a field of education (``isced_f``); the
    languages of instruction (``languages``, optional) must be ones the EU language table knows; an awarding
    body, when given, needs its country (``awarding_country``).
    """
    missing = []
    for field in ("title", "learning_outcomes", "eqf_level", "nqf_level"):
        if getattr(candidate, field, None) in (None, "", ()):
            missing.append(field)
    if not getattr(candidate, "isced_f", None):
        missing.append("isced_f")
    if any(lang not in _LANGUAGES for lang in candidate.languages):
        missing.append("languages")
    if candidate.awarding_body and candidate.awarding_country not in _COUNTRIES:
        missing.append("awarding_country")
    return tuple(missing)


def elm_document(
    candidate: MicroCredential,
    *,
    identifier: str,
    language: str = "en",
    esco: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The candidate as an ELM v3 ``Qualification`` (JSON-LD, LOQ profile).

    Parameters
    ----------
    candidate
        The catalogue entry; elements it lacks are left out (see :func:`elm_missing`).
    identifier
        The document's ``@id`` (:func:`export_id`); its parts are ``<identifier>#<part>``.
    language
        The language of the catalogue's own texts (its ``translations`` give the others).
    esco
        ESCO skill URI per skill id (the survey's skill catalogue, ``esco:``); each learning outcome
        names the ESCO skills of the candidate's skills.
    """
    esco = esco or {}
    doc: dict[str, Any] = {"@context": ELM_CONTEXT, "@id": identifier, "@type": "Qualification"}
    if title := _texts(candidate, "title", language):
        doc["title"] = title
    if description := _texts(candidate, "description", language):
        doc["description"] = description
    if candidate.nqf_level:
        doc["nqfLevel"] = [_concept(candidate.nqf_level, f"{_SNB}/qdr/25831c2")]
    if candidate.isced_f:
        doc["thematicArea"] = [_concept(f"{_ISCED}/{candidate.isced_f}", f"{_ISCED}/25831c2")]
    eqf = getattr(candidate, "eqf_level", None)
    if eqf is not None:
        doc["eqfLevel"] = _concept(f"{_EQF}/{eqf}", f"{_EQF}/25831c2", f"Level {eqf}")
    ects = getattr(candidate, "workload_ects", None)
    if ects is not None:
        doc["creditPoint"] = [{
            "@id": f"{identifier}#credit-point", "@type": "CreditPoint",
            "framework": _concept(
                _ECTS, f"{_SNB}/education-credit/25831c2", "European Credit Transfer System"
            ),
            "point": _ects(ects),
        }]
        doc["volumeOfLearning"] = f"PT{round(ects * HOURS_PER_ECTS)}H"
    languages = [lang for lang in candidate.languages if lang in _LANGUAGES]
    if languages:
        doc["language"] = [
            _concept(f"{_AUTHORITY}/language/{_LANGUAGES[lang]}", f"{_AUTHORITY}/language")
            for lang in languages
        ]
    participation = getattr(candidate, "participation", None)
    if participation in _MODES:
        code, label = _MODES[participation]
        doc["mode"] = [_concept(f"{_MODE}/{code}", f"{_MODE}/25831c2", label)]
    if prerequisites := _texts(candidate, "prerequisites", language):
        doc["entryRequirement"] = _note(f"{identifier}#entry-requirement", prerequisites)
    outcomes = getattr(candidate, "learning_outcomes", None) or ()
    if outcomes:
        skills = [esco[skill] for skill in candidate.skills if esco.get(skill)]
        doc["learningOutcome"] = []
        for number, outcome in enumerate(outcomes, start=1):
            titles = {language: outcome}
            for lang, translated in sorted(candidate.translations.items()):
                if translated.learning_outcomes and lang != language:
                    titles[lang] = translated.learning_outcomes[number - 1]
            item: dict[str, Any] = {
                "@id": f"{identifier}#learning-outcome-{number}", "@type": "LearningOutcome", "title": titles,
            }
            if skills:
                item["relatedESCOSkill"] = [_concept(uri) for uri in skills]
            doc["learningOutcome"].append(item)
    assessment = getattr(candidate, "assessment", None)
    if assessment:
        doc["provenBy"] = [{
            "@id": f"{identifier}#assessment", "@type": "LearningAssessmentSpecification",
            "title": {"en": assessment.capitalize()},
        }]
    notes = []
    if quality := _texts(candidate, "quality_assurance", language):
        notes.append(_note(f"{identifier}#quality-assurance", quality, "Quality assurance"))
    if stackability := _texts(candidate, "stackability", language):
        notes.append(_note(f"{identifier}#stackability", stackability, "Integration and stackability"))
    if notes:
        doc["additionalNote"] = notes
    if candidate.awarding_body and candidate.awarding_country in _COUNTRIES:
        country = _COUNTRIES[candidate.awarding_country]
        doc["awardingOpportunity"] = [{
            "@id": f"{identifier}#awarding-opportunity", "@type": "AwardingOpportunity",
            "awardingBody": [{
                "@id": f"{identifier}#awarding-body", "@type": "Organisation",
                "legalName": {language: candidate.awarding_body},
                "location": [{
                    "@id": f"{identifier}#awarding-body-location", "@type": "Location",
                    "address": [{
                        "@id": f"{identifier}#awarding-body-address", "@type": "Address",
                        "countryCode": _concept(f"{_AUTHORITY}/country/{country}", f"{_AUTHORITY}/country"),
                    }],
                }],
            }],
            "learningAchievementSpecification": {"@id": identifier},
        }]
    return doc


def _note(identifier: str, texts: Mapping[str, str], subject: str | None = None) -> dict[str, Any]:
    note: dict[str, Any] = {"@id": identifier, "@type": "Note", "noteLiteral": dict(texts)}
    if subject is not None:
        note["subject"] = {"@id": f"{identifier}-subject", "@type": "Concept", "prefLabel": {"en": subject}}
    return note


def ob3_achievement(
    candidate: MicroCredential,
    *,
    identifier: str,
    language: str = "en",
    esco: Mapping[str, str] | None = None,
    skill_labels: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The candidate as an Open Badges 3.0 ``Achievement`` (what a badge platform imports as a badge class).

    ``criteria.narrative`` lists the learning outcomes and the type of assessment (Markdown);
    ``alignment`` the EQF level and the ESCO skills (named by ``skill_labels``, else by their id);
    ``creditsAvailable`` the ECTS credits.
    """
    esco = esco or {}
    skill_labels = skill_labels or {}
    outcomes = getattr(candidate, "learning_outcomes", None) or ()
    lines = ["The learner can:", *(f"- {outcome}" for outcome in outcomes)] if outcomes else []
    assessment = getattr(candidate, "assessment", None)
    if assessment:
        lines += ["", f"Assessment: {assessment}."]
    achievement: dict[str, Any] = {
        "@context": list(OB3_CONTEXT),
        "id": identifier,
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": getattr(candidate, "title", None) or candidate.id,
        "description": candidate.description or getattr(candidate, "title", None) or candidate.id,
        "criteria": {"narrative": "\n".join(lines) or "See the description."},
        "inLanguage": candidate.languages[0] if candidate.languages else language,
    }
    ects = getattr(candidate, "workload_ects", None)
    if ects is not None:
        achievement["creditsAvailable"] = float(ects)
    alignment = []
    eqf = getattr(candidate, "eqf_level", None)
    if eqf is not None:
        alignment.append({
            "type": ["Alignment"], "targetName": f"EQF level {eqf}", "targetUrl": f"{_EQF}/{eqf}",
            "targetFramework": "European Qualifications Framework", "targetCode": str(eqf),
            "targetType": "ext:EQFLevel",
        })
    for skill in candidate.skills:
        if esco.get(skill):
            alignment.append({
                "type": ["Alignment"], "targetName": skill_labels.get(skill, skill), "targetUrl": esco[skill],
                "targetFramework": "ESCO", "targetType": "ext:ESCOSkill",
            })
    if alignment:
        achievement["alignment"] = alignment
    if assessment:
        achievement["resultDescription"] = [{
            "id": f"{identifier}#result", "type": ["ResultDescription"],
            "name": f"Assessment: {assessment}", "resultType": "Status", "allowedValue": ["Completed"],
        }]
    return achievement


# Open Badges 3.0, section B.1.1 (Achievement): id, type (containing "Achievement"), criteria,
# description and name are required; B.1.3 (Alignment): type, targetName, targetUrl;
# B.1.13 (ResultDescription): id, type, name, resultType. AchievementType (B.3.1) lists MicroCredential.
_OB3_REQUIRED = {
    "Achievement": ("id", "type", "criteria", "description", "name"),
    "Alignment": ("type", "targetName", "targetUrl"),
    "ResultDescription": ("id", "type", "name", "resultType"),
}
_OB3_ACHIEVEMENT_TYPES = frozenset({
    "Achievement", "ApprenticeshipCertificate", "Assessment", "Assignment", "AssociateDegree", "Award",
    "Badge", "BachelorDegree", "Certificate", "CertificateOfCompletion", "Certification", "CommunityService",
    "Competency", "Course", "CoCurricular", "Degree", "Diploma", "DoctoralDegree", "Fieldwork",
    "GeneralEducationDevelopment",
    "JourneymanCertificate", "LearningProgram", "License", "Membership", "ProfessionalDoctorate",
    "QualityAssuranceCredential", "MasterCertificate", "MasterDegree", "MicroCredential", "ResearchDoctorate",
    "SecondarySchoolDiploma",
})


_BCP47 = re.compile(r"[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?")  # the OB3 LanguageCode pattern


def ob3_problems(achievement: Mapping[str, Any]) -> list[str]:
    """What makes ``achievement`` not an Open Badges 3.0 Achievement (empty: none found)."""
    problems = []

    def required(kind: str, item: Mapping[str, Any], where: str) -> None:
        for field in _OB3_REQUIRED[kind]:
            if item.get(field) in (None, "", []):
                problems.append(f"{where}: missing {field}")
        types = item.get("type")
        if types is not None and (not isinstance(types, list) or kind not in types):
            problems.append(f"{where}: type must be a list containing {kind!r}")

    required("Achievement", achievement, "achievement")
    criteria = achievement.get("criteria")
    if isinstance(criteria, Mapping) and not (criteria.get("id") or criteria.get("narrative")):
        problems.append("achievement: criteria needs an id or a narrative")
    kind = achievement.get("achievementType")
    if kind is not None and kind not in _OB3_ACHIEVEMENT_TYPES and not str(kind).startswith("ext:"):
        problems.append(f"achievement: achievementType {kind!r} is not in the Open Badges vocabulary")
    language = achievement.get("inLanguage")
    if language is not None and not _BCP47.fullmatch(str(language)):
        problems.append(f"achievement: inLanguage {language!r} is not a BCP 47 language code")
    credits = achievement.get("creditsAvailable")
    if credits is not None and not isinstance(credits, int | float):
        problems.append("achievement: creditsAvailable must be a number")
    for number, item in enumerate(achievement.get("alignment", []), start=1):
        required("Alignment", item, f"alignment {number}")
    for number, item in enumerate(achievement.get("resultDescription", []), start=1):
        required("ResultDescription", item, f"resultDescription {number}")
    return problems


def candidate_exports(
    catalogue: Iterable[MicroCredential],
    *,
    survey: str,
    language: str = "en",
    esco: Mapping[str, str] | None = None,
    base_url: str | None = None,
    skill_labels: Mapping[str, str] | None = None,
) -> list[CandidateExport]:
    """Both exports of every candidate; the ELM document is None when :func:`elm_missing` names an element."""
    exports = []
    for candidate in catalogue:
        identifier = export_id(candidate.id, survey, base_url)
        missing = elm_missing(candidate)
        elm = None
        if not missing:
            elm = elm_document(candidate, identifier=identifier, language=language, esco=esco)
        ob3 = ob3_achievement(
            candidate, identifier=identifier, language=language, esco=esco, skill_labels=skill_labels
        )
        exports.append(CandidateExport(candidate.id, elm, ob3, missing))
    return exports


def elm_graph(document: Mapping[str, Any]):  # noqa: ANN201 (rdflib is imported here only)
    """The RDF graph of an ELM document, its ``@context`` resolved from the local copy (never fetched)."""
    from rdflib import Graph

    local = json.loads((ELM_DIR / "edc-ap-context.jsonld").read_text("utf-8"))["@context"]
    resolved = copy.deepcopy(dict(document))
    if resolved.get("@context") != ELM_CONTEXT:
        raise ValueError(f"expected the ELM context {ELM_CONTEXT}, got {resolved.get('@context')!r}")
    resolved["@context"] = local
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        return Graph().parse(data=json.dumps(resolved), format="json-ld")


def validate_elm(document: Mapping[str, Any]) -> tuple[bool, list[str]]:
    """Check an ELM document against the LOQ shapes (and their controlled-vocabulary shapes).

    Returns
    -------
    conforms, messages
        Whether it conforms, and one line per violation (focus node, property path, message).
    """
    from pyshacl import validate
    from rdflib import Graph
    from rdflib.namespace import SH

    shapes = Graph()
    for name in ("LOQ-constraints.ttl", "LOQ-constraints-mdr.ttl", "skillsneeds-constraints.ttl"):
        shapes.parse(ELM_DIR / name, format="turtle")
    conforms, report, _ = validate(
        elm_graph(document), shacl_graph=shapes, inference="none", allow_warnings=True
    )
    messages = sorted(
        f"{report.value(result, SH.focusNode)} {report.value(result, SH.resultPath)}: "
        f"{report.value(result, SH.resultMessage)}"
        for result in report.subjects(SH.resultSeverity, SH.Violation)
    )
    return bool(conforms), messages
