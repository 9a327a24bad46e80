"""The consortium view: the page of the candidates several surveys rank, its table and its downloads."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from report_sample import GENERATED_AT, make_report
from scipy import stats
from test_html import _without_plotly
from test_priorities_page import CATALOGUE, make_priorities, make_priorities_report

from analysis.report import build_site
from analysis.report.consortium_page import consortium_context
from analysis.report.downloads import PublishedTables, consortium_published, write_consortium_downloads
from analysis.report.model import consortium_page_name
from analysis.report.pages import page_name
from analysis.report.render import number_language
from analysis.report.site import site_pages

SECTOR = {"xss": 1, "digital": 2, "retrofit": 3, "circular": 4}  # the overall ranks of make_priorities
REGIONAL = {"digital": 1, "xss": 2, "circular": 3, "retrofit": 4}


def _reranked(ranks: dict[str, int], keep: set[str] | None = None):
    """make_priorities with other overall ranks, and only the candidates in ``keep``."""
    priorities = make_priorities()
    table = priorities.table.copy()
    overall = table["scope"] == "overall"
    table.loc[overall, "rank"] = table.loc[overall, "microcredential_id"].map(ranks)
    if keep is not None:
        table = table[table["microcredential_id"].isin(keep)]
    return replace(priorities, table=table.reset_index(drop=True))


def _regional(keep: set[str] | None = None):
    report = replace(make_priorities_report("regional"), title="Regional survey")
    return replace(report, priorities=_reranked(REGIONAL, keep))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("consortium")
    build_site([make_priorities_report(), _regional()], out, generated_at=GENERATED_AT)
    return out


def test_the_page_is_listed_named_and_linked_from_the_index(site: Path):
    assert consortium_page_name() == "consortium.html" == page_name("consortium")
    pages = [spec.filename for spec in site_pages([make_priorities_report(), _regional()])]
    assert "consortium.html" in pages
    assert pages.index("consortium.html") > pages.index("regional-priorities.html")
    assert 'href="consortium.html"' in (site / "index.html").read_text("utf-8")
    # one survey ranking candidates: nothing to compare, no page
    single = [spec.filename for spec in site_pages([make_priorities_report(), make_report("regional")])]
    assert "consortium.html" not in single


def test_ranks_of_each_shared_candidate_in_each_survey(site: Path):
    page = _without_plotly((site / "consortium.html").read_text("utf-8"))
    table = page[page.index('<table class="data">'):page.index("</table>")]
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table)
    assert [title for title, _ in rows] == [
        "=SUM(A1) &lt;img src=x onerror=alert(1)&gt; &amp; co", "Digital site logs", "Deep energy retrofit",
        "Circular economy basics",
    ]
    digital = rows[1][1]
    assert digital.count("<td>") == 2
    assert "2 of 4" in digital and "1 of 4" in digital  # sector 2nd, regional 1st
    assert "Rank interval 1\u20133" in digital


def test_agreement_is_spearmans_rho_as_scipy_computes_it(site: Path):
    ids = list(SECTOR)
    expected = stats.spearmanr([SECTOR[i] for i in ids], [REGIONAL[i] for i in ids])
    page = (site / "consortium.html").read_text("utf-8")
    rho = f"{expected.statistic:.2f}"
    assert rho == "0.60"
    assert f"Spearman&#39;s rho = {rho} over the 4 candidates both rank" in page
    context = consortium_context([make_priorities_report(), _regional()])
    assert context["pairs"][0]["rho"] == rho and context["pairs"][0]["n"] == "4"


def test_fewer_than_three_shared_candidates_are_said_plainly():
    reports = [make_priorities_report(), _regional(keep={"xss", "digital"})]
    pair = consortium_context(reports)["pairs"][0]
    assert not pair["meaningful"] and pair["rho"] == "\u2013"
    assert pair["sentence"] == (
        "Green skills needs in five sectors and Regional survey share 2 candidates: fewer than 3, so a "
        "rank correlation would mean nothing, and none is given."
    )


def test_no_shared_candidate_is_said(tmp_path: Path):
    regional = replace(make_priorities_report("regional"), priorities=replace(
        make_priorities(), catalogue=tuple(c.model_copy(update={"id": f"r{c.id}"}) for c in CATALOGUE),
        table=make_priorities().table.assign(microcredential_id=lambda t: "r" + t["microcredential_id"]),
    ))
    build_site([make_priorities_report(), regional], tmp_path)
    page = (tmp_path / "consortium.html").read_text("utf-8")
    assert "No candidate micro-credential is ranked by more than one survey." in page
    assert "No two surveys rank a common candidate" in page


def test_the_page_speaks_the_site_language():
    with number_language("es"):
        context = consortium_context([make_priorities_report(), _regional()], lang="es")
    assert context["pairs"][0]["rho"] == "0,60"
    assert "rho de Spearman = 0,60" in context["pairs"][0]["sentence"]
    assert context["candidates"][0]["cells"][0]["rank"] == "1 de 4"
    assert context["downloads"] == "../downloads/consortium/"


def test_a_survey_named_consortium_is_rejected(tmp_path: Path):
    with pytest.raises(ValueError, match="survey name 'consortium' clashes with the consortium view"):
        build_site([make_priorities_report(), _regional(), make_report("consortium")], tmp_path)
    build_site([make_priorities_report(), make_report("consortium")], tmp_path)  # no view: the name is free


def _published(table: pd.DataFrame) -> PublishedTables:
    return PublishedTables({"priorities": table.assign(suppressed=False)}, {}, {}, 5)


def test_the_downloads_hold_both_tables(tmp_path: Path):
    published = {
        "sector": _published(make_priorities().table), "regional": _published(_reranked(REGIONAL).table),
    }
    tables = consortium_published(published)
    assert set(tables.tables) == {"consortium", "consortium_agreement"}
    agreement = tables.tables["consortium_agreement"].iloc[0]
    ids = list(SECTOR)
    assert agreement["rho"] == pytest.approx(
        stats.spearmanr([SECTOR[i] for i in ids], [REGIONAL[i] for i in ids]).statistic
    )
    written = write_consortium_downloads(published, tmp_path)
    names = sorted(path.name for path in written)
    assert names == ["README.txt", "consortium.csv", "consortium.xlsx", "consortium_agreement.csv",
                     "consortium_agreement.xlsx"]
    csv = pd.read_csv(tmp_path / "consortium" / "consortium.csv")
    assert len(csv) == 8 and set(csv["survey"]) == {"sector", "regional"}
    readme = (tmp_path / "consortium" / "README.txt").read_text("utf-8")
    assert "- n_candidates: candidates both surveys rank" in readme
    # one survey with priorities: no consortium tables
    assert consortium_published({"sector": published["sector"]}) is None
    assert write_consortium_downloads({"sector": published["sector"]}, tmp_path / "one") == []
