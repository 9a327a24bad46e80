"""The glossary: every statistical and education term of the report in plain words.

:data:`GLOSSARY` is the one owner of the terms: the glossary page (``glossary.html``, built by
:func:`glossary_context`) lists them, and the other pages link a term to its entry at first use
through the jinja global ``term`` (a link with the term's words) and the filter ``link_terms``
(links the first occurrence of a term's name inside a translated sentence), both of which refuse
an anchor the glossary does not have. :data:`HOW_TO_READ` holds the one-line reading guide shown
under each kind of chart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from analysis.report.i18n import N_, translator

__all__ = [
    "GLOSSARY", "GLOSSARY_PAGE", "HOW_TO_READ", "Term", "glossary_context", "how_to_read",
    "link_terms", "term_link",
]

#: The glossary page's file name (in every language's folder).
GLOSSARY_PAGE = "glossary.html"


@dataclass(frozen=True)
class Term:
    """One glossary entry: its anchor, its name, its plain explanation and the names it goes by.

    ``names`` are the spellings :func:`link_terms` looks for inside a sentence (proper names and
    abbreviations, which stay the same in every language).
    """

    anchor: str
    term: str
    text: str
    names: tuple[str, ...] = ()


GLOSSARY: tuple[Term, ...] = (
    Term("mwds", N_("MWDS (Borich needs score)"), N_(
        "The training need of a skill in one number: the mean gap between importance and "
        "proficiency, multiplied by the mean importance. A large gap in an important skill gives a "
        "high score; the higher the score, the greater the need for training."), ("MWDS",)),
    Term("importance", N_("Importance"), N_(
        "How important respondents say a skill is for their work, on the survey's rating scale.")),
    Term("proficiency", N_("Proficiency"), N_(
        "How well respondents say staff master a skill today, on the same rating scale.")),
    Term("gap", N_("Gap"), N_(
        "Importance minus proficiency for one respondent and skill. A positive gap means the skill "
        "matters more than staff currently master it.")),
    Term("rank", N_("Rank and rank confidence set"), N_(
        "The rank is a skill's place when the skills are sorted by training need, 1 being the "
        "greatest. Because the survey asked only some people, a rank is uncertain: the rank "
        "confidence set is the range of places the skill could really hold.")),
    Term("top-k", N_("Surely among the k greatest needs"), N_(
        "The skills that, taking the uncertainty of the survey into account, are among the k "
        "greatest training needs (95 percent confidence). A skill not listed may still be among them; "
        "the data are simply not clear enough to say so.")),
    Term("confidence-interval", N_("Confidence interval"), N_(
        "The range within which the true value most likely lies (95 percent confidence), had everyone "
        "been asked rather than a sample. The narrower it is, the more precise the number.")),
    Term("kruskal-wallis", N_("Kruskal–Wallis test"), N_(
        "A test of whether groups (for example sectors or countries) rate a skill differently more "
        "than chance would explain. It compares the groups' rankings of the answers, so it needs no "
        "assumption about their distribution."),
        ("Kruskal&ndash;Wallis", "Kruskal–Wallis", "Kruskal-Wallis", "Kruskal")),
    Term("holm", N_("Holm correction"), N_(
        "When many skills are tested at once, some would look different by chance alone. The Holm "
        "correction raises the bar for each test so that such false findings stay rare."), ("Holm",)),
    Term("epsilon-squared", N_("Effect size ε²"), N_(
        "How large a difference between groups is, from 0 (none) to 1 (the groups explain all "
        "differences). Around 0.01 is small, 0.08 medium and 0.26 or more large. A difference can "
        "be real but too small to matter."), ("ε²", "&epsilon;&sup2;")),
    Term("dunn", N_("Dunn test"), N_(
        "After a Kruskal–Wallis test finds a difference, the Dunn test says which pairs of groups "
        "differ."), ("Dunn",)),
    Term("kendalls-w", N_("Kendall's W"), N_(
        "How far groups agree on the order of the skills, from 0 (no agreement) to 1 (the same "
        "order in every group)."), ("Kendall",)),
    Term("quadrants", N_("Importance–performance quadrants"), N_(
        "A chart that places each skill by its importance and proficiency. Two lines split it into "
        "four boxes; important skills with low proficiency fall in the box to act on first "
        "(\"concentrate here\")."), ("Importance-Performance", "Importance–Performance")),
    Term("locus-for-focus", N_("Locus for Focus chart"), N_(
        "A chart that places each skill by its importance and its gap. Skills in the top right box "
        "(\"focus\") are both important and poorly mastered: the first candidates for training."),
        ("Locus for Focus",)),
    Term("weighting", N_("Weighting (raking)"), N_(
        "When some groups answered more than their share of the population, their answers count "
        "a little less and the others' a little more, so the results reflect the population. "
        "Raking adjusts the weights step by step until each known population share is matched.")),
    Term("suppression", N_("Suppression (minimum group size)"), N_(
        "Numbers about very small groups are not shown (a dash takes their place), so that no "
        "respondent can be recognised and no result rests on a handful of answers.")),
    Term("smaa", N_("SMAA and rank acceptability"), N_(
        "A check of how much a micro-credential's place depends on the weights chosen: the ranking "
        "is recomputed for thousands of random weightings. Its rank acceptability is the share of "
        "those in which it takes each place."), ("SMAA",)),
    Term("modal-rank", N_("Most frequent rank"), N_(
        "The place a micro-credential takes most often across the random weightings tried (the "
        "modal rank).")),
    Term("weight-draws", N_("Random weightings tried"), N_(
        "The number of times the criteria's weights were chosen at random to test how stable the "
        "ranking is (weight draws).")),
    Term("topsis", N_("TOPSIS"), N_(
        "A way to combine several criteria into one score: each option is scored by how close it "
        "is to an ideal option that is best on every criterion and how far from the worst one."),
        ("TOPSIS",)),
    Term("micro-credential", N_("Micro-credential"), N_(
        "A record of what a learner has learned in a short course, assessed against clear "
        "standards, as defined by the Council of the EU's Recommendation of 2022.")),
    Term("eqf", N_("EQF"), N_(
        "The European Qualifications Framework: eight levels that describe how demanding a "
        "qualification is, from basic (1) to doctoral (8), comparable across countries."), ("EQF",)),
    Term("ects", N_("ECTS"), N_(
        "European credits that measure the workload of learning; one credit is about 25 to 30 hours "
        "of study."), ("ECTS",)),
)

_ANCHORS = {term.anchor: term for term in GLOSSARY}

#: One line under each kind of chart saying how to read it.
HOW_TO_READ: dict[str, str] = {
    "needs": N_("How to read this: each bar is a skill; the longer the bar, the greater the training "
                "need (MWDS). The greatest needs are at the top."),
    "quadrant": N_("How to read this: each point is a skill, numbered by its need rank (the list "
                   "below names them). The shaded box holds the skills to act on first."),
    "likert": N_("How to read this: each bar is a skill; the part right of the centre line is the "
                 "share of high ratings, the part left of it the share of low ratings."),
    "criteria": N_("How to read this: each bar is one criterion, from 0 (the weakest candidate) to "
                   "1 (the strongest); longer bars mean a stronger case for this micro-credential."),
    "themes": N_("How to read this: each bar is a theme; the longer the bar, the larger the share of "
                 "the respondents (or interviews) whose text mentions it. One text can mention several "
                 "themes."),
    "funnel": N_("How to read this: each bar is all the responses received; the coloured parts show "
                 "how many were kept and why the others were left out."),
    "missingness": N_("How to read this: each bar is a skill; the longer the bar, the more "
                      "respondents left it unanswered. Bars past the dashed line deserve a look."),
    "fieldwork_partners": N_("How to read this: each bar is a partner's responses so far, complete "
                             "and incomplete; the black mark is its target of complete responses."),
    "fieldwork_daily": N_("How to read this: the bars count the responses started and completed each "
                          "day, the lines their running totals (right axis); the vertical lines are "
                          "the days invitations and reminders went out."),
    "fieldwork_dropout": N_("How to read this: each pair of bars is a page of the questionnaire: how "
                            "many responses reached it, and how many incomplete ones stopped there."),
}


def _entry(anchor: str) -> Term:
    try:
        return _ANCHORS[anchor]
    except KeyError:
        raise ValueError(
            f"no glossary entry {anchor!r}; the glossary has: {', '.join(_ANCHORS)}"
        ) from None


def term_link(anchor: str, text: str, title: str = "") -> Markup:
    """``text`` as a link to the glossary entry ``anchor`` (an unknown anchor is a ValueError)."""
    _entry(anchor)
    title_attr = Markup(' title="%s"') % title if title else ""
    return Markup('<a class="term" href="%s#%s"%s>%s</a>') % (
        GLOSSARY_PAGE, anchor, title_attr, text,
    )


def link_terms(html: str, *anchors: str) -> Markup:
    """Link the first occurrence of each term's name in ``html`` (outside tags) to its entry.

    A name missing from the sentence (a translation that words it otherwise) leaves it unlinked.
    """
    out = Markup(html) if isinstance(html, Markup) else escape(html)
    text = str(out)
    for anchor in anchors:
        for name in _entry(anchor).names:
            # the name in text, not inside a tag or an existing link
            pattern = re.compile(r"(?<![\w&#])" + re.escape(name) + r"(?![^<]*>)(?![^<]*</a>)")
            found = pattern.search(text)
            if found:
                link = f'<a class="term" href="{GLOSSARY_PAGE}#{anchor}">{found.group(0)}</a>'
                text = text[: found.start()] + link + text[found.end():]
                break
    return Markup(text)  # noqa: S704 - built from the escaped or safe input and fixed markup


def how_to_read(kind: str, lang: str = "en") -> str:
    """The reading guide of one kind of chart in the page's language."""
    if kind not in HOW_TO_READ:
        raise ValueError(f"no reading guide for charts of kind {kind!r}; known: {', '.join(HOW_TO_READ)}")
    return translator(lang).gettext(HOW_TO_READ[kind])


def glossary_context(lang: str = "en") -> dict[str, list[dict[str, str]]]:
    """The glossary page's entries in the page's language, in the order of :data:`GLOSSARY`."""
    tr_ = translator(lang).gettext
    return {"terms": [{"anchor": t.anchor, "term": tr_(t.term), "text": tr_(t.text)} for t in GLOSSARY]}
