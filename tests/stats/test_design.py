"""Linearisation standard errors of a raked design against R survey::svymean / svytotal / svycontrast."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats import describe, needs_table, rake
from analysis.stats.design import Estimate, RakedDesign

# fmt: off
COUNTRY = ["IT", "FI", "IT", "IT", "ES", "ES", "IT", "IT", "ES", "ES", "IT", "FI", "ES", "IT", "FI", "ES",
           "FI", "ES", "IT", "FI", "ES", "IT", "ES", "ES", "ES", "FI", "FI", "IT", "FI", "FI", "IT",
           "IT", "IT", "IT", "IT", "FI", "IT", "FI", "IT", "IT"]
SECTOR = ["A", "A", "A", "B", "B", "A", "B", "B", "B", "B", "B", "A", "A", "A", "A", "B", "B", "A", "B", "A",
          "A", "A", "B", "B", "A", "B", "A", "B", "B", "A", "A", "B", "A", "A", "B", "B", "A", "A",
          "A", "A"]
SIZE = ["small", "small", "small", "small", "large", "small", "small", "small", "small", "small", "small",
        "large", "small", "large", "large", "large", "large", "small", "small", "small", "small",
        "small", "small", "small", "small", "large", "small", "small", "small", "small", "small",
        "small", "small", "large", "small", "large", "small", "small", "large", "small"]
N = None
IMP = [3, N, 3, 1, 5, 2, 3, 1, 2, 5, 2, 4, 1, 1, N, 3, 2, 2, 4, 1,
       5, 3, 2, N, 1, 1, 5, 5, 1, 3, 4, N, 3, 4, 3, 5, 4, 1, 1, 4]
PRO = [2, N, 3, 3, 4, N, 1, 4, 4, 2, 3, 2, 2, 4, 5, 1, 4, N, 5, 5,
       4, 1, 3, 1, 2, 1, 3, 3, 5, 2, 4, 3, 1, 5, 2, 2, 3, 4, 2, 3]
# fmt: on
MARGINS = {"country": {"FI": 0.2, "ES": 0.35, "IT": 0.45}, "sector": {"A": 0.5, "B": 0.5}}

# R 4.x, survey 4.1.1 (computed once; `show` prints coef, SE and confint(est, df = degf(domain design))):
#   library(survey)
#   df <- data.frame(country = <COUNTRY>, sector = <SECTOR>, size = <SIZE>, imp = <IMP>, pro = <PRO>)
#   df$d <- df$imp - df$pro; df$top2 <- as.numeric(df$imp >= 4)
#   d0 <- svydesign(ids = ~1, weights = ~rep(1, 40), data = df)
#   r <- rake(d0, list(~country, ~sector),
#             list(data.frame(country = c("FI", "ES", "IT"), Freq = c(0.2, 0.35, 0.45) * 40),
#                  data.frame(sector = c("A", "B"), Freq = c(0.5, 0.5) * 40)),
#             control = list(maxit = 1000, epsilon = 1e-12))
#   show <- function(label, est, des) {
#     ci <- confint(est, df = degf(des))
#     cat(sprintf("%s: est=%.12f se=%.12f ci=[%.12f, %.12f] df=%d\n", label, coef(est)[1], SE(est)[1],
#                 ci[1, 1], ci[1, 2], degf(des)))
#   }
#   show("mean imp overall", svymean(~imp, r, na.rm = TRUE), subset(r, !is.na(imp)))
#   s <- subset(r, country == "FI")   # likewise ES, IT and size == "small" / "large"
#   show("mean imp country FI", svymean(~imp, s, na.rm = TRUE), subset(s, !is.na(imp)))
#   show("share top2 overall", svymean(~top2, r, na.rm = TRUE), subset(r, !is.na(top2)))
#   show("share top2 size small", svymean(~top2, subset(r, size == "small"), na.rm = TRUE),
#        subset(r, size == "small" & !is.na(top2)))
#   show("total imp overall", svytotal(~imp, r, na.rm = TRUE), subset(r, !is.na(imp)))
#   both <- subset(r, !is.na(imp) & !is.na(pro))         # likewise & size == "large", & country == "FI"
#   show("mwds overall", svycontrast(svymean(~d + imp, both, na.rm = TRUE), quote(d * imp)), both)
# printed:
#   mean imp overall: est=2.800700280287 se=0.245980424014 ci=[2.301333471302, 3.300067089272] df=35
#   mean imp country FI: est=2.535270563280 se=0.556281809536 ci=[1.252482410152, 3.818058716409] df=8
#   mean imp country ES: est=2.844442589379 se=0.477749088054 ci=[1.763699067818, 3.925186110941] df=9
#   mean imp country IT: est=2.871965119250 se=0.307690412571 ci=[2.219690583120, 3.524239655379] df=16
#   mean imp size small: est=2.745678012180 se=0.270460389009 ci=[2.189738720586, 3.301617303774] df=26
#   mean imp size large: est=2.977303778707 se=0.525715329526 ci=[1.765002054881, 4.189605502534] df=8
#   share top2 overall: est=0.330486733612 se=0.081034196635 ci=[0.165978568565, 0.494994898660] df=35
#   share top2 size small: est=0.296586340284 se=0.090233007201 ci=[0.111109737645, 0.482062942922] df=26
#   total imp overall: est=101.342180389916 se=10.383910581104 ci=[80.261721192974, 122.422639586859] df=35
#   mwds overall: est=-0.098068077254 se=0.925419907609 ci=[-1.980849035848, 1.784712881341] df=33
#   mwds size large: est=0.546348022773 se=1.770511444398 ci=[-3.536458689434, 4.629154734980] df=8
#   mwds country FI: est=-1.441210519589 se=1.950152858835 ci=[-5.938271076342, 3.055850037163] df=8
R_MEAN = {  # domain -> (estimate, se, ci_low, ci_high, df)
    None: (2.800700280287, 0.245980424014, 2.301333471302, 3.300067089272, 35),
    ("country", "FI"): (2.535270563280, 0.556281809536, 1.252482410152, 3.818058716409, 8),
    ("country", "ES"): (2.844442589379, 0.477749088054, 1.763699067818, 3.925186110941, 9),
    ("country", "IT"): (2.871965119250, 0.307690412571, 2.219690583120, 3.524239655379, 16),
    ("size", "small"): (2.745678012180, 0.270460389009, 2.189738720586, 3.301617303774, 26),
    ("size", "large"): (2.977303778707, 0.525715329526, 1.765002054881, 4.189605502534, 8),
}
R_TOP2 = {
    None: (0.330486733612, 0.081034196635, 0.165978568565, 0.494994898660, 35),
    ("size", "small"): (0.296586340284, 0.090233007201, 0.111109737645, 0.482062942922, 26),
}
R_TOTAL = (101.342180389916, 10.383910581104, 80.261721192974, 122.422639586859, 35)
R_MWDS = {
    None: (-0.098068077254, 0.925419907609, -1.980849035848, 1.784712881341, 33),
    ("size", "large"): (0.546348022773, 1.770511444398, -3.536458689434, 4.629154734980, 8),
    ("country", "FI"): (-1.441210519589, 1.950152858835, -5.938271076342, 3.055850037163, 8),
}
TOL = 1e-6


def _respondents() -> pd.DataFrame:
    respondents = pd.DataFrame(
        {"respondent_id": [f"r{i:02d}" for i in range(40)], "country": COUNTRY, "sector": SECTOR,
         "size": SIZE}
    )
    respondents["weight"] = rake(respondents, MARGINS, tol=1e-13).weights.to_numpy()
    return respondents


RESPONDENTS = _respondents()
IMPORTANCE = np.array(IMP, dtype=float)
PROFICIENCY = np.array(PRO, dtype=float)


def _design() -> RakedDesign:
    return RakedDesign.from_respondents(RESPONDENTS, list(MARGINS))


def _domain(key: tuple[str, str] | None) -> np.ndarray | None:
    return None if key is None else (RESPONDENTS[key[0]] == key[1]).to_numpy()


def _check(result: Estimate, expected: tuple[float, float, float, float, int]) -> None:
    estimate, se, low, high, df = expected
    assert result.estimate == pytest.approx(estimate, abs=TOL)
    assert result.se == pytest.approx(se, abs=TOL)
    assert result.ci() == pytest.approx((low, high), abs=TOL)
    assert result.df == df


@pytest.mark.parametrize("key", list(R_MEAN), ids=str)
def test_mean_equals_svymean_on_the_raked_design(key):
    _check(_design().mean(IMPORTANCE, _domain(key)), R_MEAN[key])


@pytest.mark.parametrize("key", list(R_TOP2), ids=str)
def test_share_is_the_mean_of_an_indicator(key):
    top2 = np.where(np.isnan(IMPORTANCE), np.nan, IMPORTANCE >= 4)
    _check(_design().mean(top2, _domain(key)), R_TOP2[key])


def test_total_equals_svytotal():
    _check(_design().total(IMPORTANCE), R_TOTAL)


@pytest.mark.parametrize("key", list(R_MWDS), ids=str)
def test_mwds_equals_svycontrast_of_the_means(key):
    _check(_design().mwds(IMPORTANCE, PROFICIENCY, _domain(key)), R_MWDS[key])


def test_raking_residualisation_matters():
    """Without the residualisation on the raking variables no SE is R's (MWDS of large: 1.93, not 1.77)."""
    plain = RakedDesign(RESPONDENTS["weight"], {})
    for key, expected in R_MEAN.items():
        assert abs(plain.mean(IMPORTANCE, _domain(key)).se - expected[1]) > 100 * TOL
    large = plain.mwds(IMPORTANCE, PROFICIENCY, _domain(("size", "large")))
    assert large.se == pytest.approx(1.9295, abs=1e-4)


def test_values_by_respondent_id_are_aligned_to_the_design():
    values = pd.Series(IMPORTANCE, index=RESPONDENTS["respondent_id"]).iloc[::-1]
    _check(_design().mean(values), R_MEAN[None])
    fi = values[RESPONDENTS.set_index("respondent_id")["country"].reindex(values.index) == "FI"]
    _check(_design().mean(fi), R_MEAN[("country", "FI")])


def test_equal_weights_without_raking_give_the_domain_standard_error():
    """Unit weights, no raking: the answered are a domain of the 40.

    SE = s/sqrt(m) * sqrt(n(m-1)/((n-1)m)).
    """
    design = RakedDesign(np.ones(40), {})
    x = IMPORTANCE[~np.isnan(IMPORTANCE)]
    n, m = 40, len(x)
    expected = x.std(ddof=1) / np.sqrt(m) * np.sqrt(n * (m - 1) / ((n - 1) * m))
    assert design.mean(IMPORTANCE).se == pytest.approx(expected, rel=1e-12)
    complete = RakedDesign(np.ones(m), {})
    assert complete.mean(x).se == pytest.approx(x.std(ddof=1) / np.sqrt(m), rel=1e-12)


def test_empty_and_single_respondent_domains():
    design = _design()
    empty = design.mean(IMPORTANCE, np.zeros(40, dtype=bool))
    assert empty.n == 0 and np.isnan(empty.estimate) and np.isnan(empty.se)
    one = np.zeros(40, dtype=bool)
    one[0] = True
    single = design.mean(IMPORTANCE, one)
    assert single.estimate == 3.0 and np.isnan(single.se) and all(np.isnan(single.ci()))


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: RakedDesign([1.0], {}), "at least two respondents"),
        (lambda: RakedDesign([1.0, 0.0], {}), "finite and positive"),
        (lambda: RakedDesign([1.0, 1.0], {}, ids=["a"]), "1 ids for 2 weights"),
        (lambda: RakedDesign([1.0, 1.0], {"country": ["BE"]}), "'country' has 1 codes for 2 respondents"),
        (lambda: RakedDesign([1.0, 1.0], {"country": ["BE", None]}), "'country' has no code"),
        (lambda: RakedDesign.from_respondents(RESPONDENTS, ["region"]), "no 'region' column"),
        (lambda: RakedDesign([1.0, 1.0], {}).mean([1.0]), r"values has \(1,\) values for 2"),
        (lambda: Estimate(1.0, 1.0, 5).ci(1.5), "level must be in"),
    ],
)
def test_invalid_designs_are_errors(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def _ratings() -> pd.DataFrame:
    ids = RESPONDENTS["respondent_id"].tolist()
    return pd.DataFrame(
        {"respondent_id": ids * 2, "skill_id": "energy",
         "dimension": ["importance"] * 40 + ["proficiency"] * 40, "value": IMP + PRO}
    )


def test_describe_uses_the_design_for_weighted_intervals():
    table = describe(_ratings(), RESPONDENTS, by=["country", "size"], design=_design())
    rows = table[table["dimension"] == "importance"].set_index(["scope", "group"])
    for key, (estimate, _, low, high, _) in R_MEAN.items():
        row = rows.loc[key or ("overall", "all")]
        assert (row["mean"], row["ci_low"], row["ci_high"]) == pytest.approx((estimate, low, high), abs=TOL)


def test_needs_table_gives_the_mwds_interval_of_the_design():
    skills = pd.DataFrame({"skill_id": ["energy"], "label": ["Energy"], "group": ["green"]})
    table = needs_table(_ratings(), RESPONDENTS, skills, by=["country", "size"], design=_design())
    rows = table.set_index(["scope", "group"])
    for key, (estimate, _, low, high, _) in R_MWDS.items():
        row = rows.loc[key or ("overall", "all")]
        interval = (row["mwds"], row["mwds_ci_low"], row["mwds_ci_high"])
        assert interval == pytest.approx((estimate, low, high), abs=TOL)


def test_unweighted_describe_keeps_the_ordinary_t_interval():
    from scipy import stats

    unweighted = RESPONDENTS.assign(weight=1.0)
    row = describe(_ratings(), unweighted).query("dimension == 'importance'").iloc[0]
    x = IMPORTANCE[~np.isnan(IMPORTANCE)]
    half = stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x))
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((x.mean() - half, x.mean() + half), abs=1e-12)


def test_unweighted_mwds_interval_is_the_delta_method_t_interval():
    from scipy import stats

    skills = pd.DataFrame({"skill_id": ["energy"], "label": ["Energy"], "group": ["green"]})
    row = needs_table(_ratings(), RESPONDENTS.drop(columns="weight"), skills).iloc[0]
    both = ~np.isnan(IMPORTANCE) & ~np.isnan(PROFICIENCY)
    i, d = IMPORTANCE[both], IMPORTANCE[both] - PROFICIENCY[both]
    u = i.mean() * (d - d.mean()) + d.mean() * (i - i.mean())
    half = stats.t.ppf(0.975, len(u) - 1) * u.std(ddof=1) / np.sqrt(len(u))
    mwds = d.mean() * i.mean()
    assert (row["mwds_ci_low"], row["mwds_ci_high"]) == pytest.approx((mwds - half, mwds + half), abs=1e-12)
