"""The analysts' API (``analysis.open_survey``) on the bundled sample, against independent computations."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from analysis import open_survey
from analysis.errors import ConfigError, InputError
from analysis.explore import Table

# Population shares of config/surveys/sector.yml (weights.margins).
MARGINS = {
    "country": {"BE": 0.16, "BG": 0.12, "ES": 0.30, "FI": 0.10, "IT": 0.32},
    "sector": {"AGRI": 0.25, "CONST": 0.25, "MANUF": 0.20, "SUSTM": 0.15, "WOOD": 0.15},
}
BG_CONST_EMPLOYERS = {"country": "BG", "sector": "CONST", "respondent_type": "EMPHR"}

# R 4.x, survey 4.x, computed once on the sample's processed files (respondents.parquet and
# ratings.parquet of data/processed/sector/, one row per respondent with <skill>_imp, <skill>_pro):
#   library(survey)
#   df <- read.csv("sample.csv", stringsAsFactors = FALSE); n <- nrow(df)
#   d0 <- svydesign(ids = ~1, weights = ~rep(1, n), data = df)
#   r <- rake(d0, list(~country, ~sector),
#             list(data.frame(country = c("BE", "BG", "ES", "FI", "IT"),
#                             Freq = c(0.16, 0.12, 0.30, 0.10, 0.32) * n),
#                  data.frame(sector = c("AGRI", "CONST", "MANUF", "SUSTM", "WOOD"),
#                             Freq = c(0.25, 0.25, 0.20, 0.15, 0.15) * n)),
#             control = list(maxit = 1000, epsilon = 1e-12))
#   (the weights' trim [0.3, 3] does not bind on the sample: they lie in [0.35, 1.85] x mean)
#   show <- function(label, est, des) { ci <- confint(est, df = degf(des))
#     cat(sprintf("%s: est=%.12f se=%.12f ci=[%.12f, %.12f] df=%d\n", label, coef(est)[1],
#                 SE(est)[1], ci[1, 1], ci[1, 2], degf(des))) }
#   for (s in c("efficient_building", "carbon_footprint")) {
#     r <- update(r, d = get(paste0(s, "_imp")) - get(paste0(s, "_pro")), imp = get(paste0(s, "_imp")))
#     sub <- subset(r, country == "BG" & sector == "CONST" & respondent_type == "EMPHR")
#     show(paste("mean imp", s), svymean(~imp, sub, na.rm = TRUE), subset(sub, !is.na(imp)))
#     both <- subset(sub, !is.na(d) & !is.na(imp))
#     show(paste("mwds", s), svycontrast(svymean(~d + imp, both, na.rm = TRUE), quote(d * imp)), both)
#   }
# printed (est, se, ci, df):
#   mean imp efficient_building: est=3.333333333333 se=0.222309010830
#     ci=[2.864302319191, 3.802364347476] df=17
#   mwds efficient_building: est=5.555555555556 se=1.095998203811 ci=[3.243201471878, 7.867909639234] df=17
#   mean imp carbon_footprint: est=3.611111111111 se=0.262320969470 ci=[3.057662243331, 4.164559978891] df=17
#   mwds carbon_footprint: est=5.487889273356 se=1.465961518557 ci=[2.380189681713, 8.595588865000] df=16
R_MWDS = {
    "efficient_building": (5.555555555556, 3.243201471878, 7.867909639234),
    "carbon_footprint": (5.487889273356, 2.380189681713, 8.595588865000),
}
R_IMPORTANCE = {
    "efficient_building": (3.333333333333, 2.864302319191, 3.802364347476),
    "carbon_footprint": (3.611111111111, 3.057662243331, 4.164559978891),
}


@pytest.fixture(scope="module")
def sector(sample_project: Path):
    return open_survey("sector", root=sample_project)


def _processed(root: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    folder = root / "data" / "processed" / "sector"
    return pd.read_parquet(folder / "respondents.parquet"), pd.read_parquet(folder / "ratings.parquet")


def _raked(respondents: pd.DataFrame) -> pd.Series:
    """Iterative proportional fitting to MARGINS, written out here (not the package's rake)."""
    w = pd.Series(1.0, index=respondents.index)
    for _ in range(200):
        for name, shares in MARGINS.items():
            total = w.sum()
            current = w.groupby(respondents[name]).sum() / total
            w = w * respondents[name].map({k: shares[k] / current[k] for k in shares})
    return w


def _mwds_by_hand(root: Path, keep: dict[str, str]) -> pd.DataFrame:
    respondents, ratings = _processed(root)
    respondents = respondents.assign(w=_raked(respondents))
    inside = np.ones(len(respondents), bool)
    for name, code in keep.items():
        inside &= (respondents[name] == code).to_numpy()
    people = respondents[inside].set_index("respondent_id")
    wide = ratings.pivot_table(index=["respondent_id", "skill_id"], columns="dimension", values="value",
                               aggfunc="first").dropna().reset_index()
    wide = wide[wide["respondent_id"].isin(people.index)]
    wide["w"] = wide["respondent_id"].map(people["w"])
    rows = []
    for skill, part in wide.groupby("skill_id"):
        w = part["w"].to_numpy()
        imp = part["importance"].to_numpy(float)
        gap = imp - part["proficiency"].to_numpy(float)
        rows.append({"skill_id": skill, "n": len(part),
                     "mwds": np.average(gap, weights=w) * np.average(imp, weights=w)})
    return pd.DataFrame(rows).set_index("skill_id")


def test_bulgarian_construction_employers_in_one_chain(sector, sample_project):
    needs = open_survey("sector", root=sample_project).where(
        country="BG", sector="CONST", respondent_type="EMPHR"
    ).needs()
    by_hand = _mwds_by_hand(sample_project, BG_CONST_EMPLOYERS)
    mine = needs.set_index("skill_id")
    assert mine["n"].astype(int).to_dict() == by_hand["n"].to_dict()
    assert np.allclose(mine.loc[by_hand.index, "mwds"], by_hand["mwds"], rtol=0, atol=1e-9)
    top3 = by_hand["mwds"].sort_values(ascending=False).index[:3].tolist()
    assert needs["skill_id"].head(3).tolist() == top3 == [
        "efficient_building", "carbon_footprint", "energy_efficiency",
    ]
    assert needs["rank"].head(3).tolist() == [1, 2, 3]
    assert needs.loc[0, "skill_label"] == "Energy-efficient building / retrofitting"
    # how sure: the rank interval holds the rank, P(top k) is a probability, the gap test a p-value
    assert (needs["rank_low"] <= needs["rank"]).all() and (needs["rank"] <= needs["rank_high"]).all()
    assert (needs["simultaneous_rank_low"] <= needs["rank"]).all()
    assert needs["p_top_k"].between(0, 1).all() and needs.loc[0, "p_top_k"] > 0.5
    assert needs["gap_p_holm"].between(0, 1).all()


def test_mwds_interval_is_r_svymean_on_the_subset_of_the_raked_design(sector):
    sub = sector.where(**BG_CONST_EMPLOYERS)
    needs = sub.needs().set_index("skill_id")
    for skill, (estimate, low, high) in R_MWDS.items():
        assert needs.loc[skill, ["mwds", "mwds_ci_low", "mwds_ci_high"]].tolist() == pytest.approx(
            [estimate, low, high], abs=1e-8
        ), skill
    ratings = sub.describe()
    importance = ratings[ratings["dimension"] == "importance"].set_index("skill_id")
    for skill, (estimate, low, high) in R_IMPORTANCE.items():
        assert importance.loc[skill, ["mean", "ci_low", "ci_high"]].tolist() == pytest.approx(
            [estimate, low, high], abs=1e-8
        ), skill


def test_the_whole_survey_gives_the_published_overall_needs(sector, sample_project):
    published = pd.read_csv(sample_project / "data/processed/sector/results/needs.csv")
    published = published[published["scope"] == "overall"].set_index("skill_id")
    mine = sector.needs().set_index("skill_id")
    assert sector.label == "All respondents" and sector.n == len(sector.respondents) == 1281
    for column in ("n", "mwds", "mwds_ci_low", "mwds_ci_high", "rank"):
        assert np.allclose(mine.loc[published.index, column].astype(float), published[column], atol=1e-9)


def test_filters_accept_codes_labels_and_lists_and_add_up(sector):
    by_code = sector.where(country="BG", sector="CONST")
    by_label = sector.where(country="Bulgaria", sector="construction")
    chained = sector.where(sector="CONST").where(country="BG")
    assert by_code.n == by_label.n == chained.n > 0
    assert by_code.label == "Bulgaria · Construction"
    respondents, _ = _processed(Path(sector.config.root))
    both = sector.where(country=["BG", "FI"])
    assert both.n == int(respondents["country"].isin(["BG", "FI"]).sum())
    assert both.label == "Bulgaria or Finland"


def test_a_value_that_does_not_exist_lists_the_values_that_do(sector):
    with pytest.raises(ConfigError, match=r"no respondent has country = 'XX'; values of country: "
                       r"BE \(Belgium\), BG \(Bulgaria\), ES \(Spain\), FI \(Finland\), IT \(Italy\)"):
        sector.where(country="XX")
    with pytest.raises(ConfigError, match=r"no profile field 'region'; fields: .*country.*sector"):
        sector.where(region="north")
    with pytest.raises(ConfigError, match="no respondent has country = BG, sector = CONST, "
                       "respondent_type = PUB, org_size = LARGE"):
        sector.where(country="BG", sector="CONST", respondent_type="PUB", org_size="LARGE")


def test_a_group_under_the_smallest_size_is_flagged_not_computed(sector):
    sub = sector.where(country="ES", sector="CONST", respondent_type="PUB")
    assert sub.n == 4 < sector.min_group_n
    needs = sub.needs()
    assert needs["too_small"].all() and needs["mwds"].isna().all() and needs["rank"].isna().all()
    assert (needs["n"] <= 4).all()
    assert "20 skills with fewer than 5 respondents: not computed" in needs.caption
    assert sub.describe()["mean"].isna().all()
    with pytest.raises(InputError, match="no skill of Spain · Construction · Public body.* has 5 or more"):
        sub.plot.needs()


def test_compare_puts_the_groups_side_by_side_with_the_kruskal_wallis_test(sector, sample_project):
    table = sector.compare("country", within={"sector": "CONST"})
    assert [c for c in table.columns if c not in ("skill_id", "skill_label", "p_holm",
                                                  "epsilon_squared", "significant")] == [
        "Belgium", "Bulgaria", "Spain", "Finland", "Italy",
    ]
    bulgaria = sector.where(sector="CONST", country="BG").needs().set_index("skill_id")["mwds"]
    assert np.allclose(table.set_index("skill_id").loc[bulgaria.index, "Bulgaria"], bulgaria, atol=1e-12)
    # Kruskal-Wallis of the gap across the countries, Holm over the skills, computed here
    respondents, ratings = _processed(sample_project)
    construction = respondents[respondents["sector"] == "CONST"].set_index("respondent_id")["country"]
    wide = ratings.pivot_table(index=["respondent_id", "skill_id"], columns="dimension", values="value",
                               aggfunc="first").dropna().reset_index()
    wide = wide[wide["respondent_id"].isin(construction.index)]
    wide["gap"] = wide["importance"].astype(float) - wide["proficiency"].astype(float)
    wide["country"] = wide["respondent_id"].map(construction)
    p = {skill: stats.kruskal(*[g["gap"] for _, g in part.groupby("country")]).pvalue
         for skill, part in wide.groupby("skill_id")}
    holm = dict(zip(p, multipletests(list(p.values()), method="holm")[1], strict=True))
    mine = table.set_index("skill_id")["p_holm"]
    assert mine.to_dict() == pytest.approx(holm, abs=1e-10)


def test_compare_names_a_group_too_small_to_compute(sector):
    table = sector.compare("respondent_type", within={"country": "ES", "sector": "CONST"})
    assert "Public body" not in table.columns
    assert "fewer than 5 respondents, not computed: Public body (n = 4)" in table.caption
    exactly = sector.compare("respondent_type", within={"country": "FI", "sector": "CONST"})
    assert "Public body" in exactly.columns and "not computed" not in exactly.caption
    assert sector.where(country="FI", sector="CONST", respondent_type="PUB").n == 5


def test_tables_keep_full_precision_and_display_rounded(sector):
    needs = sector.where(**BG_CONST_EMPLOYERS).needs()
    assert isinstance(needs, Table) and isinstance(needs.head(3), Table)
    assert needs.loc[0, "mwds"] == pytest.approx(5.555555555556, abs=1e-11)
    text, html = repr(needs), needs._repr_html_()
    assert "5.56" in text and "5.5555" not in text and "5.56" in html and "5.5555" not in html
    assert "efficient_building" not in text and "Energy-efficient building / retrofitting" in text
    assert "Bulgaria · Construction · Employer / HR manager · n = 18 · weighted (raked)" in html
    overall = sector.needs()
    assert overall["gap_p_holm"].min() < 0.001 and "< 0.001" in repr(overall)
    assert not re.search(r"\de-\d", repr(overall))  # no 5.675034e-28


def test_labels_in_another_language(sample_project):
    bulgarian = open_survey("sector", root=sample_project, language="bg").where(country="BG")
    labels = bulgarian.needs()["skill_label"]
    assert labels.str.contains("[А-Яа-я]").all()
    assert bulgarian.label == "България"
    assert set(bulgarian.describe()["rated"]) == {"Важност", "Владеене"}


def test_plots_are_the_report_charts_as_figures(sector):
    sub = sector.where(**BG_CONST_EMPLOYERS)
    needs = sub.needs()
    figure = sub.plot.needs(top=5)
    bars = [t for t in figure.data if t.type == "bar"]
    assert len(bars) == 1 and list(bars[0].x) == pytest.approx(needs["mwds"].head(5).tolist())
    top = needs.head(5)
    assert list(bars[0].error_x.array) == pytest.approx((top["mwds_ci_high"] - top["mwds"]).tolist())
    assert list(bars[0].error_x.arrayminus) == pytest.approx((top["mwds"] - top["mwds_ci_low"]).tolist())
    assert "Bulgaria · Construction" in figure.layout.title.text
    quadrants = sub.plot.quadrants("lff")
    points = [t for t in quadrants.data if t.type == "scatter" and t.x is not None and len(t.x) > 1]
    assert sum(len(t.x) for t in points) == int((~needs["too_small"]).sum())
    assert sub.plot.likert("proficiency").to_json()
    with pytest.raises(ValueError, match="kind must be 'ipa' or 'lff'"):
        sub.plot.quadrants("xyz")


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_exploring_writes_nothing(sector, sample_project):
    before = _tree(sample_project / "data")
    sector.where(sector="CONST").needs()
    sector.compare("sector")
    assert _tree(sample_project / "data") == before


def test_a_survey_not_found_or_not_cleaned_says_what_to_do(sample_project, tmp_path):
    with pytest.raises(ConfigError, match=r"no survey 'sectr' under .*; surveys: regional, sector"):
        open_survey("sectr", root=sample_project)
    shutil.copytree(sample_project / "config", tmp_path / "config")
    with pytest.raises(InputError, match=r"ratings.parquet does not exist: run `skillsneeds clean"):
        open_survey("sector", root=tmp_path)
    with pytest.raises(ConfigError, match="no such survey config file"):
        open_survey("config/surveys/none.yml", root=tmp_path)


def test_a_config_path_and_the_project_found_from_a_subfolder(sample_project, monkeypatch):
    by_path = open_survey(sample_project / "config" / "surveys" / "regional.yml")
    assert by_path.name == "regional" and by_path.n > 0
    monkeypatch.chdir(sample_project / "notebooks" if (sample_project / "notebooks").is_dir()
                      else sample_project / "config")
    assert open_survey("regional").n == by_path.n


def test_the_command_prints_a_subgroup_and_writes_its_table(sample_project, tmp_path, capsys):
    from analysis.cli import main

    out = tmp_path / "needs.csv"
    status = main(["--root", str(sample_project), "explore", "--survey", "sector", "--where", "country=BG",
                   "--where", "sector=Construction", "--where", "respondent_type=EMPHR", "--csv", str(out)])
    printed = capsys.readouterr().out
    assert status == 0
    assert "Training needs" in printed
    assert "Bulgaria · Construction · Employer / HR manager · n = 18" in printed
    assert printed.splitlines()[2].lstrip().startswith("Energy-efficient building / retrofitting 18")
    table = pd.read_csv(out)
    assert table.loc[0, "skill_id"] == "efficient_building"
    assert table.loc[0, ["mwds", "mwds_ci_low", "mwds_ci_high"]].tolist() == pytest.approx(
        list(R_MWDS["efficient_building"]), abs=1e-8
    )
    assert main(["--root", str(sample_project), "explore", "--survey", "sector", "--compare", "country",
                 "--where", "sector=CONST"]) == 0
    assert "MWDS by country · Construction · n = 262" in capsys.readouterr().out


def test_the_command_explains_a_bad_filter(sample_project, capsys):
    from analysis.cli import main

    root = ["--root", str(sample_project), "explore", "--survey", "sector"]
    assert main([*root, "--where", "country"]) == 2
    expected = "--where 'country': expected FIELD=CODE or FIELD=CODE,CODE (e.g. country=BG)"
    assert expected in capsys.readouterr().err
    assert main([*root, "--where", "country=XX"]) == 2
    err = capsys.readouterr().err
    assert "no respondent has country = 'XX'; values of country: BE (Belgium)" in err
    assert "Traceback" not in err


def test_a_table_changed_by_the_caller_does_not_change_the_next_one(sector):
    sub = sector.where(**BG_CONST_EMPLOYERS)
    first = sub.needs()
    first.loc[0, "mwds"] = -99.0
    again = sector.where(country="BG").where(sector="CONST", respondent_type="EMPHR").needs()
    assert again.loc[0, "mwds"] == pytest.approx(R_MWDS["efficient_building"][0], abs=1e-11)
    assert again.caption == first.caption
