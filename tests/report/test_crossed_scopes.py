"""Crossed groups (sector:country) in the downloads, the partner edition and the survey page.

A copy of the sample whose Construction x Bulgaria group keeps 3 respondents (the others move to
Italy) is analysed again: that crossed group is suppressed in needs.csv, in the download, in the
partner edition and on the page, and the page's crossed table shows the download's numbers.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from sample_project import make_project

from analysis.config import SurveyConfig, load_survey_config
from analysis.pipeline import analyze_survey
from analysis.report.assemble import report_pages, table_labels
from analysis.report.downloads import write_downloads
from analysis.report.editions import column_header, separators, write_edition
from analysis.report.i18n import translator
from analysis.report.pages import render_page

SCOPE = "sector:country"
SMALL = "CONST:BG"


def _csv(path: Path, **options: object) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, **options)


@pytest.fixture(scope="module")
def project(sample_project: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[SurveyConfig, Path]:
    root = make_project(tmp_path_factory.mktemp("crossed"))
    processed = root / "data" / "processed" / "sector"
    shutil.copytree(sample_project / "data" / "processed" / "sector", processed)
    respondents = pd.read_parquet(processed / "respondents.parquet")
    cell = respondents.index[(respondents["sector"] == "CONST") & (respondents["country"] == "BG")]
    respondents.loc[cell[3:], "country"] = "IT"
    respondents.to_parquet(processed / "respondents.parquet", index=False)
    config = load_survey_config(root / "config" / "surveys" / "sector.yml")
    assert config.analysis.cross == (("sector", "country"),)  # the bundled sample shows them
    analysis = config.analysis.model_copy(
        update={"bootstrap": config.analysis.bootstrap.model_copy(update={"B": 100})}
    )
    config = config.model_copy(update={"analysis": analysis})
    analyze_survey(config)
    out = root / "reports" / "downloads"
    write_downloads(config, out, min_n=config.analysis.min_group_n)
    return config, out


def test_needs_csv_suppresses_the_small_crossed_group(project):
    config, _ = project
    needs = _csv(config.processed_dir / "results" / "needs.csv")
    small = needs[(needs["scope"] == SCOPE) & (needs["group"] == SMALL)]
    assert len(small) == 20 and (small["suppressed"] == "True").all()
    assert (small["mwds"] == "").all() and (small["rank"] == "").all()
    assert set(small["group_label"]) == {"Construction · Bulgaria"}
    assert pd.to_numeric(small["n"]).max() <= 3


def test_the_download_hides_every_crossed_group_its_composition_hides(project):
    config, out = project
    needs = _csv(out / "sector" / "needs.csv")
    crossed = needs[needs["scope"] == SCOPE]
    composition = _csv(out / "sector" / "composition_sector_country.csv")
    cells = composition[(composition["suppressed"] == "True")
                        & ~composition["row"].isin(["(total)", "(missing)"])
                        & ~composition["column"].isin(["(total)", "(missing)"])]
    hidden_cells = set(cells["row"] + ":" + cells["column"])
    assert SMALL in hidden_cells and len(hidden_cells) >= 2  # the small cell and its complement(s)
    for group in hidden_cells:
        rows = crossed[crossed["group"] == group]
        assert (rows["suppressed"] == "True").all(), group
        assert (rows["n"] == "").all() and (rows["mwds"] == "").all(), group
    shown = crossed[crossed["suppressed"] == "False"]
    assert (pd.to_numeric(shown["n"]) >= config.analysis.min_group_n).all()
    readme = (out / "sector" / "README.txt").read_text("utf-8")
    assert re.search(rf"- {SCOPE}: [^\n]*{SMALL}", readme)


def test_the_partner_edition_names_crossed_groups_in_its_language_and_hides_the_same(project, tmp_path):
    config, out = project
    write_edition(config, tmp_path, "bg", table_labels(config, "bg"), min_n=config.analysis.min_group_n)
    separator, _ = separators("bg")
    tr_ = translator("bg").gettext
    edition = _csv(tmp_path / "bg" / "sector" / "needs.csv", sep=separator, encoding="utf-8-sig")
    machine = _csv(out / "sector" / "needs.csv")
    scope, group, label, n = (column_header(c, tr_) for c in ("scope", "group", "group_label", "n"))
    crossed = edition[edition[scope] == SCOPE]
    assert set(crossed[group]) == set(machine.loc[machine["scope"] == SCOPE, "group"])
    bulgaria = table_labels(config, "bg")[1]
    assert set(crossed.loc[crossed[group] == SMALL, label]) == {
        f"{bulgaria['sector']['CONST']} · {bulgaria['country']['BG']}"
    }
    assert "Construction" not in " ".join(crossed[label])
    hidden = set(machine.loc[(machine["scope"] == SCOPE) & (machine["suppressed"] == "True"), "group"])
    assert (crossed.loc[crossed[group].isin(hidden), n] == "").all()


def _crossed_rows(page: str) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """Group code -> (n, [(skill, MWDS)]) of the page's crossed table."""
    rows = {}
    for code, cells in re.findall(r'<tr data-group="([^"]+)">(.*?)</tr>', page, flags=re.S):
        n = re.search(r'<td class="num">([^<]*)</td>', cells).group(1)
        needs = re.findall(r"<li>\d+\. (.*?) \(<span class=\"mwds\">([^<]*)</span>\)</li>", cells)
        rows[html.unescape(code)] = (n, [(html.unescape(skill), mwds) for skill, mwds in needs])
    return rows


def test_the_page_shows_the_downloaded_numbers_and_counts_the_hidden_groups(project):
    config, out = project
    specs = {spec.filename: spec for spec in report_pages(config.root, "en")}
    # group pages are made per `by` field (sector-sector-agri.html), none per crossed group
    assert "sector-sector-agri.html" in specs and "sector-country-bg.html" in specs
    assert not [name for name in specs if name.startswith("sector-sector-country") or ":" in name]
    page = "".join(render_page(specs["sector.html"], "en").values())
    section = page[page.index('<section id="cross-1-sector-country"'):]
    section = section[: section.index("</section>")]
    assert "By sector × country" in section
    shown = _crossed_rows(section)
    needs = _csv(out / "sector" / "needs.csv")
    crossed = needs[needs["scope"] == SCOPE]
    published = crossed[crossed["suppressed"] == "False"]
    assert SMALL not in shown and "Construction · Bulgaria" not in section
    assert set(shown) == set(published["group"])
    for code, (n, top) in shown.items():
        rows = published[published["group"] == code]
        assert n == str(pd.to_numeric(rows["n"]).max())
        best = rows.assign(r=pd.to_numeric(rows["rank"]), m=pd.to_numeric(rows["mwds"]))
        best = best.sort_values(["r", "skill_label"]).head(3)
        assert top == [(s, f"{m:.2f}") for s, m in zip(best["skill_label"], best["m"], strict=True)], code
    hidden = crossed["group"].nunique() - len(shown)
    assert hidden >= 2
    assert f"{hidden} sector × country groups are not shown" in html.unescape(section)
