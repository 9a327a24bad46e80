"""Raking against R survey::rake, margins, trimming, convergence, Kish n and design effect."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats.weights import (
    RakingResult,
    design_effect,
    kish_effective_n,
    rake,
    rake_cell_counts,
    rake_resamples,
    raking_cells,
)

# fmt: off
COUNTRY = ["BG", "ES", "BG", "BE", "BE", "ES", "BE", "ES", "BG", "BE", "BE", "BE", "BE", "BE", "BG", "BG",
           "ES", "BG", "BG", "ES", "BE", "BE", "BG", "BE"]
SECTOR = ["AGRI", "AGRI", "AGRI", "MANUF", "AGRI", "AGRI", "AGRI", "AGRI", "AGRI", "AGRI", "AGRI", "AGRI",
          "AGRI", "AGRI", "MANUF", "AGRI", "AGRI", "MANUF", "AGRI", "MANUF", "AGRI", "MANUF", "AGRI", "AGRI"]
ORG_SIZE = ["LARGE", "SMALL", "SMALL", "LARGE", "LARGE", "SMALL", "SMALL", "SMALL", "MICRO", "MICRO", "SMALL",
            "SMALL", "SMALL", "MICRO", "MICRO", "MICRO", "SMALL", "LARGE", "SMALL", "SMALL", "SMALL", "LARGE",
            "SMALL", "SMALL"]
# fmt: on
RESPONDENTS = pd.DataFrame(
    {"respondent_id": [f"r{i:02d}" for i in range(24)], "country": COUNTRY, "sector": SECTOR,
     "org_size": ORG_SIZE},
    index=pd.RangeIndex(100, 124),
)
MARGINS = {
    "country": {"BE": 0.35, "BG": 0.35, "ES": 0.30},
    "sector": {"AGRI": 0.65, "MANUF": 0.35},
    "org_size": {"MICRO": 0.3, "SMALL": 0.45, "LARGE": 0.25},
}
# R 4, survey (computed once):
#   library(survey)
#   df <- data.frame(country = c(<COUNTRY>), sector = c(<SECTOR>), org_size = c(<ORG_SIZE>))
#   d <- svydesign(ids = ~1, data = df, weights = ~rep(1, 24))
#   r <- rake(d, list(~country, ~sector, ~org_size),
#             list(data.frame(country = c("BE", "BG", "ES"), Freq = 24 * c(0.35, 0.35, 0.30)),
#                  data.frame(sector = c("AGRI", "MANUF"), Freq = 24 * c(0.65, 0.35)),
#                  data.frame(org_size = c("MICRO", "SMALL", "LARGE"), Freq = 24 * c(0.3, 0.45, 0.25))),
#             control = list(maxit = 1000, epsilon = 1e-13))
#   w <- weights(r)
#   print(unname(w / mean(w)), digits = 17)
R_WEIGHTS = [
    0.91936492401011216, 1.28453014168370538, 0.41919888227365765, 1.37434957413903702,
    0.85620595691086199, 1.28453014168370538, 0.39040055886353719, 1.28453014168370538,
    1.31680850535500271, 1.22634577081542040, 0.39040055886353719, 0.39040055886353719,
    0.39040055886353719, 1.22634577081542040, 2.11369144765915351, 1.31680850535500271,
    1.28453014168370538, 1.47572997080095192, 0.41919888227365765, 2.06187943326298351,
    0.39040055886353719, 1.37434957413903702, 0.41919888227365765, 0.39040055886353719,
]


def weighted_shares(weights: pd.Series, codes: pd.Series) -> dict[str, float]:
    return (weights.groupby(codes).sum() / weights.sum()).to_dict()


def test_margins_reproduced_and_matches_r_survey_rake():
    result = rake(RESPONDENTS, MARGINS)
    assert isinstance(result, RakingResult)
    assert result.converged and 1 < result.iterations < 1000
    assert result.max_margin_error < 1e-10
    assert result.weights.index.equals(RESPONDENTS.index)
    assert result.weights.mean() == pytest.approx(1.0, abs=1e-14)
    for field, margin in MARGINS.items():
        shares = weighted_shares(result.weights, RESPONDENTS[field])
        for category, share in margin.items():
            assert shares[category] == pytest.approx(share, abs=1e-8), (field, category)
    np.testing.assert_allclose(result.weights.to_numpy(), R_WEIGHTS, rtol=1e-8)


def test_counts_are_normalised_and_category_keys_compared_as_text():
    counts = {field: {c: 1000 * v for c, v in margin.items()} for field, margin in MARGINS.items()}
    np.testing.assert_allclose(rake(RESPONDENTS, counts).weights, rake(RESPONDENTS, MARGINS).weights,
                               rtol=1e-12)


def test_kish_n_and_design_effect_by_formula():
    result = rake(RESPONDENTS, MARGINS)
    w = result.weights.to_numpy()
    assert result.kish_n == pytest.approx(w.sum() ** 2 / (w**2).sum(), rel=1e-14)
    assert result.design_effect == pytest.approx(24 / result.kish_n, rel=1e-14)
    assert result.design_effect == pytest.approx(1 + w.std() ** 2 / w.mean() ** 2, rel=1e-12)
    assert kish_effective_n([1.0, 1.0, 2.0]) == pytest.approx(16 / 6)
    assert design_effect([1.0, 1.0, 2.0]) == pytest.approx(3 * 6 / 16)
    assert kish_effective_n(np.ones(7)) == 7 and design_effect(np.ones(7)) == 1
    with pytest.raises(ValueError):
        kish_effective_n([1.0, -1.0])


def test_trimming_bounds_respected():
    untrimmed = rake(RESPONDENTS, MARGINS)
    assert untrimmed.weights.max() > 2.0 and untrimmed.weights.min() < 0.5
    result = rake(RESPONDENTS, MARGINS, trim=(0.5, 2.0))
    assert result.converged
    assert result.weights.min() >= 0.5 - 1e-12 and result.weights.max() <= 2.0 + 1e-12
    assert result.weights.mean() == pytest.approx(1.0, abs=1e-12)
    assert 0 < result.max_margin_error < 0.1  # trimming gives up exactness, reported
    assert result.design_effect < untrimmed.design_effect


def test_convergence_report():
    result = rake(RESPONDENTS, MARGINS, max_iter=2)
    assert not result.converged and result.iterations == 2 and result.max_margin_error > 1e-6
    # one field is fitted exactly in one sweep, and the next sweep confirms it
    single = rake(RESPONDENTS, {"country": MARGINS["country"]})
    assert single.converged and single.iterations == 2 and single.max_margin_error < 1e-15
    expected = RESPONDENTS["country"].map({"BE": 0.35 * 24 / 11, "BG": 0.35 * 24 / 8, "ES": 0.30 * 24 / 5})
    np.testing.assert_allclose(single.weights, expected, rtol=1e-13)


def test_no_margins_is_unweighted():
    result = rake(RESPONDENTS, {})
    assert (result.weights == 1.0).all() and result.converged and result.iterations == 0
    assert result.kish_n == 24 and result.design_effect == 1 and result.max_margin_error == 0


def test_clear_errors():
    with pytest.raises(ValueError, match="'country' category 'ES' is in the data but not in the margins"):
        rake(RESPONDENTS, {"country": {"BE": 0.5, "BG": 0.5}})
    with pytest.raises(ValueError, match="'sector' category 'WOOD' has a margin but no respondent"):
        rake(RESPONDENTS, {"sector": {"AGRI": 0.5, "MANUF": 0.3, "WOOD": 0.2}})
    with pytest.raises(ValueError, match="'region'"):
        rake(RESPONDENTS, {"region": {"N": 1.0}})
    with pytest.raises(ValueError, match="no 'org_size'"):
        rake(RESPONDENTS.assign(org_size=[None] + ORG_SIZE[1:]), {"org_size": MARGINS["org_size"]})
    with pytest.raises(ValueError, match="positive"):
        rake(RESPONDENTS, {"sector": {"AGRI": 1.0, "MANUF": 0.0}})
    with pytest.raises(ValueError, match="trim"):
        rake(RESPONDENTS, MARGINS, trim=(1.5, 3.0))


def test_weights_config():
    from pydantic import ValidationError
    from sample_project import ROOT

    from analysis.config import WeightsConfig, load_survey_config

    assert WeightsConfig().margins == {} and WeightsConfig().trim is None
    config = WeightsConfig(margins={"country": {1: 2, "BG": 3}}, trim=[0.5, 2])
    assert config.margins == {"country": {"1": 2.0, "BG": 3.0}} and config.trim == (0.5, 2.0)
    with pytest.raises(ValidationError, match="positive"):
        WeightsConfig(margins={"country": {"BE": 0}})
    with pytest.raises(ValidationError, match="trim"):
        WeightsConfig(trim=[2, 3])
    sector = load_survey_config(ROOT / "config" / "surveys" / "sector.yml")
    assert set(sector.weights.margins) == {"country", "sector"}
    regional = load_survey_config(ROOT / "config" / "surveys" / "regional.yml")
    assert regional.weights == WeightsConfig()
    data = sector.model_dump(exclude={"root", "config_path"})
    data["weights"]["margins"]["region"] = {"N": 1.0}
    with pytest.raises(ValidationError, match="weights.margins names \\['region'\\]"):
        type(sector)(**data)


# -- raking resamples (analysis.bootstrap.rerake) --------------------------------------------------


@pytest.mark.parametrize("trim", [None, (0.5, 1.6)])
def test_raking_a_resample_is_raking_its_respondents_repeated_as_drawn(trim):
    cells = raking_cells(RESPONDENTS, MARGINS, trim=trim)
    counts = np.random.default_rng(5).multinomial(24, np.full(24, 1 / 24), size=6)
    weights = rake_resamples(cells, counts)
    assert weights.shape == (6, 24)
    for b in range(6):
        drawn = np.repeat(np.arange(24), counts[b])
        expanded = RESPONDENTS.iloc[drawn]
        if any(expanded[field].nunique() < len(MARGINS[field]) for field in MARGINS):
            continue  # a category missing from the resample: see the next tests
        expected = rake(expanded, MARGINS, trim=trim).weights.to_numpy()  # converged or not
        per_unit = (weights[b] / np.where(counts[b] > 0, counts[b], 1))[drawn]
        np.testing.assert_allclose(per_unit, expected, rtol=1e-12, atol=1e-12)
    # the full sample drawn once each: the weights of rake itself
    full = rake_resamples(cells, np.ones((1, 24)))[0]
    np.testing.assert_allclose(full, rake(RESPONDENTS, MARGINS, trim=trim).weights.to_numpy(), rtol=1e-12)


def test_every_reraked_resample_reproduces_the_margins():
    rng = np.random.default_rng(11)
    respondents = pd.DataFrame({
        "country": rng.choice(["BE", "BG", "ES", "IT"], 600, p=[0.4, 0.3, 0.2, 0.1]),
        "sector": rng.choice(["AGRI", "CONST", "WOOD"], 600, p=[0.6, 0.3, 0.1]),
    })
    margins = {
        "country": {"BE": 0.25, "BG": 0.25, "ES": 0.3, "IT": 0.2},
        "sector": {"AGRI": 0.3, "CONST": 0.3, "WOOD": 0.4},
    }
    cells = raking_cells(respondents, margins)
    counts = rng.multinomial(600, np.full(600, 1 / 600), size=200)
    weights = rake_resamples(cells, counts)
    assert ((weights > 0) == (counts > 0)).all()
    np.testing.assert_allclose(weights.sum(axis=1), 600.0, rtol=1e-12)  # mean 1 over the units
    for field, margin in margins.items():
        for category, share in margin.items():
            totals = weights[:, (respondents[field] == category).to_numpy()].sum(axis=1)
            np.testing.assert_allclose(totals, share * 600, rtol=1e-9)


def test_a_category_missing_from_a_resample_leaves_the_others_their_shares():
    respondents = pd.DataFrame({"country": ["BE", "BG", "BG", "ES"]})
    cells = raking_cells(respondents, {"country": {"BE": 0.5, "BG": 0.3, "ES": 0.2}})
    weights = rake_resamples(cells, np.array([[2, 1, 1, 0]]))[0]
    # ES not drawn: BE and BG raked to 0.5 / 0.8 and 0.3 / 0.8 of the 4 units
    assert weights[0] == pytest.approx(4 * 0.5 / 0.8)
    assert weights[1] + weights[2] == pytest.approx(4 * 0.3 / 0.8)
    assert weights[3] == 0.0


def test_raking_resamples_needs_one_column_per_respondent_or_cell():
    cells = raking_cells(RESPONDENTS, MARGINS)
    with pytest.raises(ValueError, match="counts must be \\(resamples x 24 respondents\\)"):
        rake_resamples(cells, np.ones((2, 23)))
    with pytest.raises(ValueError, match=f"counts must be \\(resamples x {cells.n_cells} cells\\)"):
        rake_cell_counts(cells, np.ones((2, cells.n_cells + 1)))
    with pytest.raises(ValueError, match="'sector' category 'WOOD' has a margin but no respondent"):
        raking_cells(RESPONDENTS, {**MARGINS, "sector": {"AGRI": 0.5, "MANUF": 0.3, "WOOD": 0.2}})
