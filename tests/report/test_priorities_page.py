"""The micro-credential priorities page and its slider page, written by ``build_site``.

A hand-made ranking of four candidates (overall, two sector groups, one country group too small to
rank) on the hand-made survey of :mod:`report_sample`; one title holds ``<img onerror>`` and
``=SUM(A1)``, one sector label is ``<img onerror>`` too.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from report_sample import GENERATED_AT, HIDDEN, XSS_GROUP, make_report, make_skills, written_page
from test_html import CHART_DATA, _tables, _without_plotly

from analysis.priorities import MicroCredential
from analysis.report import PrioritiesReport, SurveyReport, build_site
from analysis.report.i18n import translator
from analysis.report.model import PRIORITIES_COLUMNS, PRIORITY_CRITERIA
from analysis.report.priorities_page import priorities_context, slider_inputs, why_ranked
from analysis.report.sliders import rank_for_weights
from analysis.report.words import ELM_FIELD_WORDS

XSS_TITLE = "=SUM(A1) <img src=x onerror=alert(1)> & co"
XSS_ESCAPED = "=SUM(A1) &lt;img src=x onerror=alert(1)&gt; &amp; co"
WEIGHTS = {"need": 0.4, "breadth": 0.2, "transferability": 0.2, "demand": 0.1, "agreement": 0.1}
PAGE = "sector-priorities.html"
SLIDERS = "sector-sliders.html"

CATALOGUE = (
    MicroCredential(
        id="retrofit", title="Deep energy retrofit",
        learning_outcomes=("Plan a deep retrofit of a dwelling", "Check airtightness on site"),
        skills=("S1", "S4"), sectors=("C",), eqf_level=5, workload_ects=5, assessment="project",
        participation="blended", quality_assurance="Internal QA of the VET provider",
        prerequisites="Basic building physics", stackability="Counts towards the retrofit award",
        awarding_body="Sofia VET centre", awarding_country="BG",
    ),
    MicroCredential(
        id="xss", title=XSS_TITLE, learning_outcomes=("<b>bold</b> outcome",), skills=("S2",),
        sectors=("C", "E"), eqf_level=4, workload_ects=2.5, assessment="written test",
        participation="online", quality_assurance="External review",
    ),
    MicroCredential(
        id="circular", title="Circular economy basics", learning_outcomes=("Map material flows",),
        skills=("S4", "S3"), sectors=("E",), eqf_level=4, workload_ects=3,
        assessment="portfolio", participation="in person", awarding_country="IT",
    ),  # no quality assurance nor awarding body yet
    MicroCredential(
        id="digital", title="Digital site logs", learning_outcomes=("Keep a digital site log",),
        skills=("S2", "S5"), sectors=("C", "E"), eqf_level=5, workload_ects=4,
        assessment="practical task", quality_assurance="Internal QA",
    ),  # no form of participation (a demand question's element), awarding body nor country yet
)
TITLES = {c.id: c.title for c in CATALOGUE}

# (scope, group, label, n) -> candidate -> (rank, low, high, normalised criteria, modal rank,
# acceptability by rank). Overall scores at WEIGHTS: xss .70, digital .62, retrofit .53,
# circular .20.
GROUPS = {
    ("overall", "all", "All respondents", 26): {
        "xss": (1, 1, 2, (0.5, 1.0, 1.0, 1.0, 0.0), (0.62, 0.30, 0.08, 0.00)),
        "digital": (2, 1, 3, (0.8, 0.5, 0.5, 0.0, 1.0), (0.35, 0.48, 0.15, 0.02)),
        "retrofit": (3, 2, 4, (1.0, 0.2, 0.0, 0.3, 0.6), (0.03, 0.17, 0.77, 0.03)),
        "circular": (4, 4, 4, (0.0, 0.0, 0.5, 0.0, 1.0), (0.00, 0.05, 0.00, 0.95)),
    },
    ("sector", "C", "Construction", 12): {
        "retrofit": (1, 1, 1, (1.0, 1.0, 0.0, 1.0, 1.0), (0.91, 0.09, 0.00, 0.00)),
        "xss": (2, 2, 3, (0.6, 0.5, 1.0, 1.0, 0.0), (0.09, 0.66, 0.25, 0.00)),
        "digital": (3, 2, 3, (0.3, 0.4, 0.5, 1.0, 0.5), (0.00, 0.25, 0.75, 0.00)),
        "circular": (4, 4, 4, (0.0, 0.0, 0.5, 0.0, 0.2), (0.00, 0.00, 0.00, 1.00)),
    },
    ("sector", "E", XSS_GROUP, 9): {
        "circular": (1, 1, 2, (1.0, 1.0, 0.5, 1.0, 1.0), (0.70, 0.30, 0.00, 0.00)),
        "digital": (2, 1, 3, (0.7, 0.6, 0.5, 1.0, 0.4), (0.30, 0.55, 0.15, 0.00)),
        "xss": (3, 2, 4, (0.2, 0.3, 1.0, 1.0, 0.0), (0.00, 0.15, 0.60, 0.25)),
        "retrofit": (4, 3, 4, (0.0, 0.0, 0.0, 0.0, 1.0), (0.00, 0.00, 0.25, 0.75)),
    },
    ("country", "IT", "Italy", 3): {  # below the minimum group size: listed, not ranked
        "xss": (1, 1, 4, (1.0, 1.0, 1.0, 1.0, 1.0), (0.40, 0.30, 0.20, 0.10)),
        "digital": (2, 1, 4, (0.5, 0.5, 0.5, 0.5, 0.5), (0.30, 0.40, 0.20, 0.10)),
        "retrofit": (3, 1, 4, (0.2, 0.2, 0.2, 0.2, 0.2), (0.20, 0.20, 0.40, 0.20)),
        "circular": (4, 1, 4, (0.0, 0.0, 0.0, 0.0, 0.0), (0.10, 0.10, 0.20, 0.60)),
    },
}


def _stability(share: float) -> str:
    return "stable" if share >= 0.8 else "fairly stable" if share >= 0.5 else "unstable"


def make_priorities(method: str = "weighted_sum", bootstrap: int = 200) -> PrioritiesReport:
    """``priorities.csv`` and ``priority_acceptability.csv`` as the pipeline writes them."""
    rows, long = [], []
    for (scope, group, label, n), candidates in GROUPS.items():
        for mc_id, (rank, low, high, norm, shares) in candidates.items():
            modal = max(range(4), key=lambda r: (shares[r], -r)) + 1
            first = shares[0] > 0
            row = {
                "scope": scope, "group": group, "group_label": label, "n": n,
                "microcredential_id": mc_id, "title": TITLES[mc_id], "method": method,
                "score": sum(WEIGHTS[c] * x for c, x in zip(PRIORITY_CRITERIA, norm, strict=True)),
                "rank": rank, "rank_low": low, "rank_high": high,
                "expected_rank": sum((r + 1) * s for r, s in enumerate(shares)),
                "p_first": shares[0], "modal_rank": modal, "modal_acceptability": shares[modal - 1],
                "stability": _stability(shares[modal - 1]),
                # raw criteria: MWDS, share, sectors, share, 0-1
                "need": 2.0 + 4 * norm[0], "breadth": 0.3 + 0.5 * norm[1],
                "transferability": 2 * norm[2] + 1, "demand": norm[3], "agreement": 0.5 + norm[4] / 2,
            }
            row |= {f"norm_{c}": x for c, x in zip(PRIORITY_CRITERIA, norm, strict=True)}
            row |= {f"central_weight_{c}": WEIGHTS[c] if first else math.nan for c in PRIORITY_CRITERIA}
            rows.append(row)
            long += [{"scope": scope, "group": group, "microcredential_id": mc_id, "rank": r + 1,
                      "share": s} for r, s in enumerate(shares)]
    table = pd.DataFrame(rows, columns=list(PRIORITIES_COLUMNS))
    return PrioritiesReport(
        table=table, acceptability=pd.DataFrame(long), catalogue=CATALOGUE, weights=dict(WEIGHTS),
        method=method, draws=10_000, bootstrap=bootstrap, demand_fields=("participation", "workload_ects"),
    )


def make_priorities_report(name: str = "sector") -> SurveyReport:
    skills = pd.concat(
        [make_skills(), pd.DataFrame([{"code": "SQ005", "skill_id": "S5", "label": "Drone surveys",
                                       "group": "Digital"}])],
        ignore_index=True,
    )
    return replace(make_report(name), skills=skills, priorities=make_priorities())


@pytest.fixture(scope="module")
def prio_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One survey with priorities and one (hostile title) without."""
    out = tmp_path_factory.mktemp("prio_site")
    build_site(
        [make_priorities_report(), make_report("regional", "Regional <script>x</script>", "")],
        out, generated_at=GENERATED_AT,
    )
    return out


@pytest.fixture(scope="module")
def page(prio_site: Path) -> str:
    return _without_plotly((prio_site / PAGE).read_text("utf-8"))


def _card(page: str, card_id: str) -> str:
    """The HTML of one card (an <article> or a <details>)."""
    start = page.index(f'id="{card_id}"')
    end = min(page.index(tag, start) for tag in ("</article>", "</details>") if tag in page[start:])
    return page[start:end]


def _card_ids(page: str) -> list[str]:
    return re.findall(r'<(?:article|details) class="mc-card" id="([^"]+)"', page)


# --- the contract ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: replace(p, table=p.table.drop(columns=["rank_low", "norm_need"])),
         "survey 'sector': the priorities table lacks column(s) rank_low, norm_need"),
        (lambda p: replace(p, acceptability=p.acceptability.drop(columns=["share"])),
         "survey 'sector': the priority acceptability lacks column(s) share"),
        (lambda p: replace(p, method="borda"), "priority method must be one of weighted_sum, topsis"),
        (lambda p: replace(p, weights={"need": 1.0}), "priority weights must give a weight >= 0"),
        (lambda p: replace(p, catalogue=p.catalogue[:2]),
         "ranks candidates missing from the catalogue: circular, digital"),
    ],
)
def test_invalid_priorities_are_rejected(tmp_path: Path, change, message: str):
    report = make_priorities_report()
    bad = replace(report, priorities=change(report.priorities))
    with pytest.raises(ValueError, match=re.escape(message)):
        build_site([bad], tmp_path)
    assert not (tmp_path / "index.html").exists()


def test_survey_name_clashing_with_a_priorities_page_is_rejected(tmp_path: Path):
    with pytest.raises(ValueError, match="clashes with the slider page of survey 'sector'"):
        build_site([make_priorities_report(), make_report("sector-sliders")], tmp_path)
    # without priorities the name is free, as before
    build_site([make_report(), make_report("sector-sliders")], tmp_path)


# --- the criteria sentence ---------------------------------------------------------------------


def test_why_ranked_names_the_dominant_criterion_and_the_weakest():
    norm = {"need": 1.0, "breadth": 0.2, "transferability": 0.0, "demand": 0.3, "agreement": 0.6}
    # contributions .40, .04, 0, .03, .06: need alone; transferability is the lowest
    assert why_ranked(norm, WEIGHTS) == "Ranked here mainly for its need; weakest on transferability."


def test_why_ranked_ties_break_by_criterion_order():
    norm = {"need": 0.5, "breadth": 1.0, "transferability": 1.0, "demand": 1.0, "agreement": 0.0}
    # need, breadth and transferability all contribute .20: the first two in criterion order
    assert why_ranked(norm, WEIGHTS) == "Ranked here mainly for its need and breadth; weakest on agreement."
    flat = dict.fromkeys(PRIORITY_CRITERIA, 0.0) | {"transferability": 0.5, "agreement": 1.0}
    equal = dict.fromkeys(PRIORITY_CRITERIA, 0.2)
    assert why_ranked(flat, equal) == (
        "Ranked here mainly for its agreement and transferability; weakest on need."
    )


def test_why_ranked_edge_cases():
    assert why_ranked(dict.fromkeys(PRIORITY_CRITERIA, 1.0), WEIGHTS) == (
        "Ranked here mainly for its need and breadth; at the top of its group on every criterion."
    )
    assert why_ranked(dict.fromkeys(PRIORITY_CRITERIA, 0.0), WEIGHTS).startswith("No criterion lifts it")
    # a criterion without weight is never named, a missing value neither
    norm = {"need": 0.0, "breadth": 1.0, "transferability": math.nan, "demand": 0.9, "agreement": 0.1}
    weights = WEIGHTS | {"breadth": 0.0}
    assert why_ranked(norm, weights) == "Ranked here mainly for its demand; weakest on need."


# --- the pages ---------------------------------------------------------------------------------


def test_pages_are_written_and_linked(prio_site: Path, tmp_path: Path):
    paths = build_site([make_priorities_report(), make_report("regional")], tmp_path)
    groups = ["sector-c", "sector-e", "country-at", "country-it"]
    assert [p.name for p in paths] == [
        "index.html", "sector.html", *(f"sector-{g}.html" for g in groups), "sector-cleaning.html", PAGE,
        "regional.html", *(f"regional-{g}.html" for g in groups), "regional-cleaning.html", "glossary.html",
        SLIDERS,
    ]
    index = (prio_site / "index.html").read_text("utf-8")
    assert f'<a href="{PAGE}">Micro-credential priorities &rarr;</a>' in index
    assert f'<a href="{SLIDERS}">Try other weights</a>' in index
    assert "regional-priorities" not in index and "regional-sliders" not in index
    survey = (prio_site / "sector.html").read_text("utf-8")
    assert f'<a class="more" href="{PAGE}">Micro-credential priorities' in survey
    assert f'<a href="{SLIDERS}">Try other weights (slider page)</a>' in survey
    assert "priorities" not in (prio_site / "regional.html").read_text("utf-8")
    page = (prio_site / PAGE).read_text("utf-8")
    assert '<a href="index.html">&larr; All surveys</a>' in page
    assert '<a href="sector.html">Results of this survey</a>' in page
    assert f'<a href="{SLIDERS}">Try other weights</a>' in page
    assert "<title>Green skills needs in five sectors – micro-credential priorities</title>" in page
    sliders = (prio_site / SLIDERS).read_text("utf-8")
    assert f'<a href="{PAGE}">Priorities of this survey</a>' in sliders
    assert "<h1>Set the priorities: Green skills needs in five sectors</h1>" in sliders


def test_report_without_priorities_writes_no_priorities_page(tmp_path: Path):
    paths = build_site([make_report()], tmp_path)
    assert PAGE not in {p.name for p in paths} and SLIDERS not in {p.name for p in paths}
    assert not (tmp_path / PAGE).exists() and not (tmp_path / SLIDERS).exists()
    assert "priorities" not in (tmp_path / "index.html").read_text("utf-8") + (
        tmp_path / "sector.html"
    ).read_text("utf-8")


def test_sections_overall_first_then_each_group_with_jump_links(page: str):
    assert page.index('<section id="overall">') < page.index('<section id="scope-2-sector">')
    assert page.index('<section id="scope-2-sector">') < page.index('<section id="scope-3-country">')
    assert '<a href="#overall">Overall</a>' in page and '<a href="#scope-2-sector">By sector</a>' in page
    assert '<a href="#g2-sector-1-c">Construction</a>' in page
    assert '<a href="#g2-sector-2-e">&lt;img src=x onerror=alert(2)&gt;</a>' in page
    assert f"Not ranked (fewer than 5 respondents, {HIDDEN}): Italy (n = 3)." in page
    assert 'id="g3-country' not in page
    lead = ("Ranked by weighted sum of five criteria with the consortium&rsquo;s weights (need 0.40, "
            "breadth 0.20, transferability 0.20, demand 0.10, agreement 0.10).")
    assert page.count(f'<p class="lead">{lead}</p>') == 3  # overall and the two sector groups


def test_ranking_tables_follow_rank(page: str):
    tables = [t for t in _tables(page) if t["class"] == "data prio-ranking"]
    assert len(tables) == 3
    header, *rows = tables[0]["rows"]
    assert header == ["Rank", "Micro-credential", "Score", "Rank interval", "Stability"]
    assert rows == [
        ["1", XSS_TITLE, "0.700", "1\u20132", "fairly stable"],
        ["2", "Digital site logs", "0.620", "1\u20133", "unstable"],
        ["3", "Deep energy retrofit", "0.530", "2\u20134", "fairly stable"],
        ["4", "Circular economy basics", "0.200", "4\u20134", "stable"],
    ]
    assert [r[1] for r in tables[2]["rows"][1:]] == [
        "Circular economy basics", "Digital site logs", XSS_TITLE, "Deep energy retrofit",
    ]


def test_every_card_shows_rank_interval_stability_and_reason(page: str):
    ids = _card_ids(page)
    assert len(ids) == 12  # 4 candidates x (overall + 2 sectors)
    assert ids[:4] == ["overall-xss", "overall-digital", "overall-retrofit", "overall-circular"]
    for card_id in ids:
        card = _card(page, card_id)
        assert re.search(r"Rank \d \(95% interval \d\u2013\d\) \u00b7 (stable|fairly stable|unstable): "
                         r"takes its most frequent rank \d in \d+% of the random weightings tried",
                         card), card_id
        assert "Ranked here mainly for its " in card or "No criterion lifts it" in card
    assert page.count('<article class="mc-card"') == 4  # overall cards are open
    assert page.count('<details class="mc-card"') == 8  # group cards fold
    digital = _card(page, "overall-digital")
    assert ("Rank 2 (95% interval 1\u20133) \u00b7 unstable: takes its most frequent rank 2 in 48% of the "
            "random weightings tried") in digital
    assert "Expected rank 1.8; first in 35% of the random weightings tried." in digital
    retrofit = _card(page, "overall-retrofit")
    assert '<p class="why">Ranked here mainly for its need; weakest on transferability.</p>' in retrofit
    circular = _card(page, "overall-circular")
    assert "Ranked here mainly for its transferability and agreement; weakest on need." in circular
    assert "When first" not in circular and "it ranks first in no draw" in circular
    assert "When first" in digital


def test_criteria_chart_has_its_table(page: str):
    charts = {m.group(1): json.loads(m.group(2)) for m in CHART_DATA.finditer(page)}
    assert len(charts) == 12 and "crit-overall-retrofit" in charts
    spec = charts["crit-overall-retrofit"]
    assert spec["config"]["staticPlot"] is True and spec["config"]["displayModeBar"] is False
    assert spec["data"][0]["x"] == [1.0, 0.2, 0.0, 0.3, 0.6]
    assert spec["layout"]["yaxis"]["ticktext"] == [
        "Need", "Breadth", "Transferability", "Demand", "Agreement"
    ]
    card = _card(page, "overall-retrofit")
    table = next(t for t in _tables(card) if t["class"] == "data mc-criteria-table")
    assert table["rows"][0] == ["Criterion", "Value", "Scaled", "Weight", "w \u00d7 scaled", "When first"]
    assert table["rows"][1] == ["Need", "6.00", "1.00", "0.40", "0.40", "0.40"]
    assert table["rows"][2] == ["Breadth", "40.0%", "0.20", "0.20", "0.04", "0.20"]
    assert table["rows"][3] == ["Transferability", "1 sector", "0.00", "0.20", "0.00", "0.20"]
    acceptability = next(t for t in _tables(card) if t["class"] == "data acceptability")
    assert acceptability["rows"] == [
        ["Rank", "1", "2", "3", "4"], ["Share of the weightings", "3%", "17%", "77%", "3%"],
    ]
    assert '<td class="num acc modal" style="--share: 77.0%">77%</td>' in card


def test_eu_elements_are_shown(page: str):
    card = _card(page, "overall-retrofit")
    for text in (
        "<dt>Title</dt><dd>Deep energy retrofit</dd>",
        "<li>Plan a deep retrofit of a dwelling</li><li>Check airtightness on site</li>",
        '<dt><a class="term" href="glossary.html#eqf">EQF</a> level</dt><dd>5</dd>',
        '<dt>Workload (<a class="term" href="glossary.html#ects">ECTS</a>)</dt><dd>5</dd>',
        "<dt>Type of assessment</dt><dd>project</dd>", "<dt>Form of participation</dt><dd>blended</dd>",
        "<dt>Quality assurance</dt><dd>Internal QA of the VET provider</dd>",
        "<dt>Prerequisites</dt><dd>Basic building physics</dd>",
        "<dt>Integration / stackability</dt><dd>Counts towards the retrofit award</dd>",
        "<dt>Target sectors</dt><dd>Construction</dd>",
    ):
        assert text in card
    digital = _card(page, "overall-digital")
    assert "Prerequisites" not in digital and "stackability" not in digital  # optional, empty
    assert ("<dt>Target sectors</dt><dd>Construction, &lt;img src=x onerror=alert(2)&gt;</dd>"
            in digital)
    xss = _card(page, "overall-xss")
    assert '<dt>Workload (<a class="term" href="glossary.html#ects">ECTS</a>)</dt><dd>2.5</dd>' in xss
    assert "<li>&lt;b&gt;bold&lt;/b&gt; outcome</li>" in xss


def _completeness_rows(page: str) -> list[list[str]]:
    start = page.index('<table class="data completeness">')
    table = page[start:page.index("</table>", start)]
    return [
        [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", table)
    ]


def test_each_card_says_how_complete_its_annex_i_design_is(page: str):
    retrofit = _card(page, "overall-retrofit")
    assert "All 9 Annex I design elements filled." in retrofit and ">complete</span>" in retrofit
    circular = _card(page, "overall-circular")
    assert ('<span class="el-status el-missing">still open</span> 7 of 9 Annex I design elements filled; '
            "still to decide: who will award it and how its quality is assured.") in circular
    assert "Demand" not in circular.split("Annex I completeness", 1)[1]  # no demand question left out
    digital = _card(page, "overall-digital")
    assert ("6 of 9 Annex I design elements filled; still to decide: the country of the awarding body, "
            "who will award it and whether it is taught online, in person or blended.") in digital
    assert ("Demand leaves out the preference questions on elements it does not give yet "
            "(Form of participation): they count neither as a fit nor as a miss.") in digital
    # the element it does not give is not shown as if it were given
    assert "<dt>Form of participation</dt>" not in digital


def test_a_table_lists_every_candidate_by_annex_i_element(page: str):
    assert '<a href="#completeness">Annex I completeness</a>' in page
    section = page[page.index('<section id="completeness">'):]
    assert "Candidates with Annex I elements still to decide: 3 of 4." in section
    assert ("<caption>Annex I design elements of each candidate: filled, or missing (still to decide)"
            "</caption>") in section
    rows = _completeness_rows(page)
    assert rows[0] == [
        "Micro-credential", "Title", "Country of the awarding body", "Awarding body", "Learning outcomes",
        "Workload (ECTS)", "EQF level", "Type of assessment", "Form of participation", "Quality assurance",
        "Elements filled",
    ]
    filled, missing = "filled", "missing"
    assert rows[1:] == [  # catalogue order, statuses as words
        ["Deep energy retrofit", *[filled] * 9, "9 of 9"],
        ["=SUM(A1) &lt;img src=x onerror=alert(1)&gt; &amp; co", filled, missing, missing, *[filled] * 6,
         "7 of 9"],
        ["Circular economy basics", filled, filled, missing, *[filled] * 5, missing, "7 of 9"],
        ["Digital site logs", filled, missing, missing, *[filled] * 4, missing, filled, "6 of 9"],
    ]
    assert re.search(r'<th scope="col">Awarding body</th>', page)


def test_skill_evidence_per_group(page: str):
    def rows(card_id: str) -> list[list[str]]:
        card = _card(page, card_id)
        return next(t for t in _tables(card) if t["class"] == "data evidence")["rows"]

    assert rows("overall-retrofit") == [
        ["Skill", "MWDS", "Need rank", "Importance", "Proficiency", "n (both ratings)"],
        ["Energy-efficient building", "7.82", "1 of 4", "4.60", "2.90", "26"],
        ["Circular economy basics", "5.88", "2 of 4", "4.20", "2.80", "26"],
    ]
    assert rows("g2-sector-1-c-retrofit")[1] == [
        "Energy-efficient building", "10.56", "1 of 4", "4.80", "2.60", "12"
    ]
    assert rows("overall-digital")[2] == ["Drone surveys", "not reported (fewer than 5 respondents)"]


def test_untrusted_text_is_escaped(page: str, prio_site: Path):
    for name in (PAGE, SLIDERS):
        text = (prio_site / name).read_text("utf-8")
        rest = _without_plotly(text) if name == PAGE else text
        assert "<img src=x" not in rest and "<b>bold" not in rest, name
    assert f'<span class="mc-rank">1</span> {XSS_ESCAPED}</h3>' in page
    for match in CHART_DATA.finditer(page):
        assert "<" not in match.group(2) and ">" not in match.group(2)
    # plotly.js, one JSON block per chart, the bootstrap: no other <script>
    assert page.count("<script") == 2 + 12


def test_slider_page_gets_the_overall_normalised_criteria(prio_site: Path):
    priorities = make_priorities()
    inputs = slider_inputs(priorities)
    assert list(inputs.criteria.columns) == ["microcredential_id", *PRIORITY_CRITERIA]
    assert inputs.criteria.set_index("microcredential_id").loc["retrofit"].tolist() == [
        1.0, 0.2, 0.0, 0.3, 0.6
    ]
    assert inputs.titles["xss"] == XSS_TITLE and inputs.weights == WEIGHTS
    assert dict(zip(inputs.stability["microcredential_id"], inputs.stability["stability"],
                    strict=True))["digital"] == "unstable"
    # the slider page at the set weights gives the page's overall order
    assert rank_for_weights(inputs.criteria, inputs.weights) == ["xss", "digital", "retrofit", "circular"]
    sliders = (prio_site / SLIDERS).read_text("utf-8")
    body = sliders[sliders.index('<tbody id="rank-body">'):]
    assert [m for m in re.findall(r'<tr data-id="([^"]+)"', body)] == ["xss", "digital", "retrofit",
                                                                       "circular"]
    assert '<span class="badge badge-moderate">fairly stable</span>' in sliders


def test_shares_near_0_or_1_are_not_rounded_away():
    from analysis.report.priorities_page import _pct0

    assert [_pct0(x) for x in (0.0, 0.004, 0.005, 0.006, 0.48, 0.996, 1.0)] == [
        "0%", "<1%", "<1%", "1%", "48%", ">99%", "100%"
    ]


def test_topsis_and_no_bootstrap_are_said(tmp_path: Path):
    report = make_priorities_report()
    plain = replace(report, priorities=replace(make_priorities("topsis", bootstrap=0)))
    page = written_page(build_site([plain], tmp_path), PAGE).read_text("utf-8")
    assert "Ranked by TOPSIS (closeness to the ideal candidate) on five criteria" in page
    assert "Rank 3 (no respondent resampling) \u00b7 fairly stable" in page
    assert "No respondent resamples were drawn" in page
    assert "The slider page re-ranks by weighted sum, so its order can differ from this one." in page


def test_byte_identical_on_rerun(tmp_path: Path):
    first = build_site([make_priorities_report()], tmp_path / "a", generated_at=GENERATED_AT)
    second = build_site([make_priorities_report()], tmp_path / "b", generated_at=GENERATED_AT)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


# --- in Chromium -------------------------------------------------------------------------------


def _open_a_group_card(page) -> dict[str, float]:
    """Open a folded card: its chart must fit the card once it is shown."""
    page.click("#g2-sector-1-c-xss > summary")
    page.wait_for_timeout(200)
    return page.evaluate(
        """() => {
            const card = document.getElementById('g2-sector-1-c-xss');
            const svg = card.querySelector('.js-plotly-plot svg.main-svg');
            return {card: card.getBoundingClientRect().width, chart: svg.getBoundingClientRect().width,
                    heading: card.querySelector('summary .mc-title').textContent};
        }"""
    )


@pytest.mark.browser
def test_priorities_page_loads_offline_with_every_chart(prio_site: Path, open_page):
    path = prio_site / PAGE
    result = open_page(path, shot="sector-priorities", interact=_open_a_group_card)
    result.assert_loaded_offline()  # no alert() from the <img onerror> title fired
    assert result.charts == len(CHART_DATA.findall(path.read_text("utf-8"))) == 12
    assert result.tick_texts.count("Transferability") == 12
    opened = result.interaction
    assert opened["heading"] == f"2 {XSS_TITLE}"  # shown as text
    assert 0 < opened["chart"] < opened["card"]
    assert result.screenshot is not None and result.screenshot.stat().st_size > 0


@pytest.mark.browser
def test_priorities_page_on_a_phone(prio_site: Path, open_page):
    result = open_page(prio_site / PAGE, shot="sector-priorities-phone", width=390, height=844,
                       interact=_open_a_group_card)
    assert result.page_errors == [] and result.console_errors == [] and result.dialogs == []
    assert result.overflow_px <= 1, "the page scrolls sideways on a phone"
    assert 0 < result.interaction["chart"] <= result.interaction["card"]


@pytest.mark.browser
def test_slider_page_loads_offline_and_links_back(prio_site: Path, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: (problems.append(d.message), d.dismiss()))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else (
        problems.append(r.request.url), r.abort()))
    page.goto((prio_site / SLIDERS).resolve().as_uri(), wait_until="load")
    first = page.text_content("#rank-body tr th")
    page.click(f'nav.crumbs a[href="{PAGE}"]')
    page.wait_for_load_state("load")
    assert page.url.endswith(PAGE)
    context.close()
    assert problems == []
    assert first == f"{XSS_TITLE} fairly stable"  # title and badge, as text


def _export_cards(lang: str, exports: dict) -> list[dict]:
    report = make_priorities_report()
    report = replace(report, priorities=replace(report.priorities, exports=exports))
    context = priorities_context(report, 5, lang=lang)
    return [card for section in context["sections"] for group in section["groups"] for card in group["cards"]]


def test_cards_link_the_export_files_the_stage_wrote():
    first = CATALOGUE[0].id
    files = {first: {"elm": f"{first}.elm.jsonld", "ob3": f"{first}.ob3.json"}}
    cards = [card for card in _export_cards("en", files) if card["id"].endswith(first)]
    assert cards and all(card["exports"]["missing"] == "" for card in cards)
    links = cards[0]["exports"]["links"]
    assert [link["href"] for link in links] == [
        f"downloads/sector/microcredentials/{first}.elm.jsonld",
        f"downloads/sector/microcredentials/{first}.ob3.json",
    ]
    assert "Europass" in links[0]["note"] and "Moodle" in links[1]["note"]
    # the other candidates have no files: no links, no note
    others = [card for card in _export_cards("en", files) if not card["id"].endswith(first)]
    assert all(card["exports"]["links"] == [] for card in others)


def test_a_card_without_a_europass_file_says_what_the_catalogue_lacks():
    first = CATALOGUE[0].id
    cards = [card for card in _export_cards("fr", {first: {"ob3": f"{first}.ob3.json"}})
             if card["id"].endswith(first)]
    exports = cards[0]["exports"]
    hrefs = [link["href"] for link in exports["links"]]
    assert hrefs == [f"../downloads/sector/microcredentials/{first}.ob3.json"]
    # in the page's language, the lacking field in words, never its catalogue key
    assert "nqf_level" not in exports["missing"]
    assert translator("fr").gettext(ELM_FIELD_WORDS["nqf_level"]) in exports["missing"]
    assert not exports["missing"].startswith("No Europass file yet")


def test_the_export_links_are_on_the_page(tmp_path: Path):
    first = CATALOGUE[0].id
    report = make_priorities_report()
    files = {first: {"ob3": f"{first}.ob3.json"}}
    report = replace(report, priorities=replace(report.priorities, exports=files))
    build_site([report], tmp_path, generated_at=GENERATED_AT)
    page = (tmp_path / PAGE).read_text("utf-8")
    assert f'href="downloads/sector/microcredentials/{first}.ob3.json" download' in page
    assert "Files of this design" in page
