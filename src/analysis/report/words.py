"""Words that reach the pages from the data, and how they are shown in the page's language.

The profile fields a survey is broken down by, the rating dimensions, the cleaning rules with the
reasons the clean stage records for them, the rules that give a rating battery its numbers, and
the enumerated elements of a candidate micro-credential (type of assessment, form of participation):
marked here for the catalogue (:mod:`analysis.report.i18n`) and translated where they are shown.
"""

from __future__ import annotations

from collections.abc import Callable

from analysis.report.i18n import N_, given
from analysis.report.render import scope_label

__all__ = [
    "ANNEX_ELEMENT_WORDS", "ASSESSMENT_WORDS", "COMPLETENESS_WORDS",
    "DIMENSION_WORDS", "EVERYONE", "METHOD_WORDS", "PARTICIPATION_WORDS", "PARTNER_WORDS",
    "RULE_REASON_WORDS", "RULE_WORDS",
    "SCALE_RULE_WORDS", "SCOPE_WORDS", "field_words",
]

# Words that reach the pages from the data, marked here for the catalogue and translated where
# they are shown (anything else shows as given): the profile fields a survey is broken down by,
# the rating dimensions, and the cleaning rules with the reasons the clean stage records for them
# (analysis.clean.rules.RULE_REASONS; tests/report/test_i18n.py checks they agree).
SCOPE_WORDS = (N_("country"), N_("sector"), N_("respondent type"), N_("org size"), N_("partner"))
DIMENSION_WORDS = (N_("importance"), N_("proficiency"))
#: The group of the "overall" breakdown (its label in the results tables).
EVERYONE = N_("All respondents")
#: The priority methods (``priorities.method``) as words.
METHOD_WORDS = {"weighted_sum": N_("weighted sum"), "topsis": N_("TOPSIS")}
#: The partners the clean stage adds to a partner field's answers (analysis.clean._partners,
#: UNKNOWN_PARTNER; tests/report/test_i18n.py checks they agree).
PARTNER_WORDS = {"other": N_("Other"), "unknown": N_("Unknown")}
RULE_WORDS = (
    N_("kept"), N_("test response"), N_("incomplete"), N_("attention check"), N_("duplicate"),
    N_("speeder"), N_("straightliner"), N_("too few answers"),
)
#: How a rating battery's answer codes became numbers (analysis.codebook.SCALE_RULES).
SCALE_RULE_WORDS = {
    "config": N_("set in the survey config (scale_values)"),
    "assessment": N_("LimeSurvey assessment values"),
    "integer": N_("the answer codes are integers"),
    "order": N_("order of the answer options (check it)"),
}
RULE_REASON_WORDS = (
    N_("a test run by the survey team, not a respondent"),
    N_("not submitted: the respondent left before the last page"),
    N_("failed an attention check (an instructed answer)"),
    N_("the same respondent or the same answers submitted twice; the latest is kept"),
    N_("answered implausibly fast compared with the median respondent"),
    N_("gave one identical answer to every item of a rating battery"),
    N_("answered too few items of a rating battery to be compared"),
)

#: A candidate micro-credential's type of assessment and form of participation, the values
#: analysis.priorities.catalogue allows (tests/report/test_i18n.py checks they agree).
ASSESSMENT_WORDS = (
    N_("written test"), N_("practical task"), N_("project"), N_("portfolio"), N_("oral examination"),
    N_("observation"), N_("mixed"),
)
PARTICIPATION_WORDS = (N_("online"), N_("in person"), N_("blended"))
#: The Annex I mandatory elements' short names and what a design still has to decide about each
#: (analysis.priorities.annex.ANNEX_ELEMENTS; tests/report/test_i18n.py checks they agree).
ANNEX_ELEMENT_WORDS = (
    N_("Learner"), N_("Title"), N_("Country of the awarding body"), N_("Awarding body"),
    N_("Date of issuing"),
    N_("Learning outcomes"), N_("Workload (ECTS)"), N_("EQF level"), N_("Type of assessment"),
    N_("Form of participation"), N_("Quality assurance"),
    N_("its title"), N_("the country of the awarding body"), N_("who will award it"),
    N_("what the learner will be able to do"), N_("its workload in ECTS"), N_("its EQF level"),
    N_("how learners are assessed"), N_("whether it is taught online, in person or blended"),
    N_("how its quality is assured"),
)
#: The Annex I elements in the Recommendation's words (analysis.priorities.annex.ANNEX_ELEMENTS'
#: ``annex``), shown in the partner editions' completeness table.
ANNEX_TEXT_WORDS = (
    N_("Identification of the learner"), N_("Title of the micro-credential"),
    N_("Country(ies)/Region(s) of the issuer"), N_("Awarding body(ies)"), N_("Date of issuing"),
    N_("Learning outcomes"),
    N_("Notional workload needed to achieve the learning outcomes (in European Credit Transfer and "
       "Accumulation System – ECTS, wherever possible)"),
    N_("Level (and cycle, if applicable) of the learning experience leading to the micro-credential "
       "(European Qualifications Framework, Qualifications Frameworks in the European Higher "
       "Education Area), if applicable"),
    N_("Type of assessment"), N_("Form of participation in the learning activity"),
    N_("Type of quality assurance used to underpin the micro-credential"),
)
#: What a candidate lacks for its Europass (ELM) file, by catalogue field
#: (analysis.priorities.exports.elm_missing; tests/report/test_i18n.py checks they agree).
ELM_FIELD_WORDS = {
    "title": N_("a title"),
    "learning_outcomes": N_("learning outcomes"),
    "eqf_level": N_("an EQF level"),
    "nqf_level": N_("its level in a national qualifications framework"),
    "isced_f": N_("its field of education (ISCED-F)"),
    "languages": N_("languages of instruction in the EU's language list"),
    "awarding_country": N_("the country of the awarding body"),
}
#: An element's status in a design (analysis.priorities.annex.COMPLETENESS_STATUSES).
COMPLETENESS_WORDS = (N_("filled"), N_("missing"), N_("set at issue"))


def field_words(tr_: Callable[[str], str], name: str) -> str:
    """A field, dimension or rule name as words in the page's language: ``org_size`` -> ``org size``."""
    return given(tr_, scope_label(name))
