"""Reliability of the theme coding: kappa and alpha against hand calculations, published examples and
R; the hand-coding sample written, filled and read back; every error message."""

from __future__ import annotations

import doctest
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from analysis.errors import InputError
from analysis.themes import agreement
from analysis.themes.agreement import (
    AGREEMENT_REPORT_COLUMNS,
    OVERALL,
    agreement_from_files,
    agreement_report,
    code_matrix,
    cohen_kappa,
    krippendorff_alpha,
    read_coded_sample,
    segment_ids,
    theme_alphas,
    theme_kappas,
    write_agreement_report,
    write_coding_sample,
)

NAN = np.nan


def expand(cells: dict[tuple[object, object], int]) -> tuple[list[object], list[object]]:
    """Two coders' unit-by-unit codes from a contingency table {(code a, code b): count}."""
    a = [i for (i, _), count in cells.items() for _ in range(count)]
    b = [j for (_, j), count in cells.items() for _ in range(count)]
    return a, b


def test_docstring_examples_run() -> None:
    result = doctest.testmod(agreement, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 6 and result.failed == 0


# --- Cohen's kappa --------------------------------------------------------------------------------


def test_kappa_matches_a_hand_calculation() -> None:
    a = [1, 1, 1, 1, 0, 0, 0, 1]
    b = [1, 0, 1, 1, 0, 1, 0, 1]
    # By hand: 6 of 8 agree, p_o = 0.75; each coder says 1 five times and 0 three times, so
    # p_e = (5/8)(5/8) + (3/8)(3/8) = 34/64 = 0.53125; kappa = (0.75 - 0.53125) / 0.46875 = 7/15.
    result = cohen_kappa(a, b)
    assert result.observed == pytest.approx(0.75)
    assert result.expected == pytest.approx(34 / 64)
    assert result.kappa == pytest.approx(7 / 15)
    assert result.n == 8 and result.reason == ""
    # R: k <- psych::cohen.kappa(cbind(c(1,1,1,1,0,0,0,1), c(1,0,1,1,0,1,0,1)))
    #    k$kappa; sqrt(k$var.kappa); k$confid[1, ]   # 0.4666667, 0.3227046, -0.1658228 0.4666667 1
    assert result.kappa == pytest.approx(0.4666666667, abs=1e-9)
    assert result.se == pytest.approx(0.3227046197, abs=1e-9)
    assert result.interval() == pytest.approx((-0.1658227657, 1.0), abs=1e-9)


def test_kappa_matches_cohen_1960() -> None:
    # Cohen (1960), p. 42: 200 units, three categories; p_o = .70, p_c = .41, kappa = .492. The
    # proportions as printed in psych's cohen.kappa examples ("data matrix taken from Cohen").
    # R: psych::cohen.kappa(matrix(c(88,14,18, 10,40,10, 2,6,12), 3, byrow = TRUE),
    #                       n.obs = 200)$kappa   # 0.4915254
    cells = {(1, 1): 88, (1, 2): 14, (1, 3): 18, (2, 1): 10, (2, 2): 40, (2, 3): 10,
             (3, 1): 2, (3, 2): 6, (3, 3): 12}
    result = cohen_kappa(*expand(cells))
    assert result.observed == pytest.approx(0.70)
    assert result.expected == pytest.approx(0.41)
    assert round(result.kappa, 3) == 0.492
    assert result.kappa == pytest.approx(0.4915254237, abs=1e-9)
    # R: sqrt(k$var.kappa); k$confid[1, ]   # 0.05100182, 0.3915637 0.4915254 0.5914871
    assert result.se == pytest.approx(0.051001815576, abs=1e-10)
    assert result.interval() == pytest.approx((0.3915637021, 0.5914871454), abs=1e-9)


def test_kappa_matches_the_classic_fifty_proposals_example() -> None:
    # Wikipedia, "Cohen's kappa", simple example: 50 grant proposals read by A and B; both yes 20,
    # A yes B no 5, A no B yes 10, both no 15: p_o = 0.7, p_e = 0.5, kappa = 0.4.
    result = cohen_kappa(*expand({("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10,
                                  ("no", "no"): 15}))
    assert (result.observed, result.expected, result.kappa) == pytest.approx((0.7, 0.5, 0.4))


def test_kappa_interval_of_a_rare_theme_is_wide() -> None:
    # the figure quoted in docs/themes.md: 3 marks each in 100 segments, 2 shared
    result = cohen_kappa([1, 1, 1, 0] + [0] * 96, [1, 1, 0, 1] + [0] * 96)
    assert result.kappa == pytest.approx((0.98 - 0.9418) / (1 - 0.9418))
    low, high = result.interval()
    assert round(result.kappa, 2) == 0.66 and round(low, 2) == 0.21 and high == 1.0


def test_kappa_leaves_out_units_either_coder_missed() -> None:
    full = cohen_kappa([1, 1, 1, 1, 0, 0, 0, 1], [1, 0, 1, 1, 0, 1, 0, 1])
    gappy = cohen_kappa([1, 1, 1, None, 1, 0, 0, 0, 1, "", 0],
                        [1, 0, 1, 1, 1, 0, 1, 0, 1, 0, NAN])
    assert gappy.n == 8 and gappy.kappa == pytest.approx(full.kappa)


def test_kappa_perfect_and_chance_level() -> None:
    assert cohen_kappa([1, 0, 1, 0], [1, 0, 1, 0]).kappa == pytest.approx(1.0)
    # one coder constant: agreement is exactly what chance gives
    assert cohen_kappa([1, 1, 1, 1], [1, 0, 1, 0]).kappa == pytest.approx(0.0)
    # both constant on different codes: p_o = p_e = 0, kappa 0 (defined)
    assert cohen_kappa([1, 1, 1], [0, 0, 0]).kappa == pytest.approx(0.0)


def test_kappa_is_undefined_when_both_coders_are_constant_on_one_code() -> None:
    result = cohen_kappa([0, 0, 0, 0], [0, 0, 0, 0])
    assert math.isnan(result.kappa) and math.isnan(result.se) and all(map(math.isnan, result.interval()))
    assert result.observed == 1.0 and result.expected == 1.0 and result.n == 4
    assert result.reason == (
        "both coders gave all 4 units the same code 0: chance agreement is 1 and kappa is undefined"
    )


def test_kappa_is_undefined_without_a_unit_coded_by_both() -> None:
    result = cohen_kappa([1, None], [None, 0])
    assert math.isnan(result.kappa) and result.n == 0
    assert result.reason == "no unit was coded by both coders"


def test_kappa_refuses_codes_of_different_lengths() -> None:
    with pytest.raises(ValueError, match=r"^the two coders' codes differ in length: 3 and 2 units$"):
        cohen_kappa([1, 0, 1], [1, 0])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from("abcd")), min_size=1, max_size=40))
def test_kappa_agrees_with_scikit_learn(pairs: list[tuple[str, str]]) -> None:
    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    result = cohen_kappa(a, b)
    if len(set(a) | set(b)) == 1:
        assert math.isnan(result.kappa)  # scikit-learn returns NaN with a warning here
    else:
        assert result.kappa == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)


def test_theme_kappas_are_binary_kappas_per_theme() -> None:
    hand = pd.DataFrame({"T1": [1, 1, 1, 1, 0, 0, 0, 1], "T2": [0] * 8})
    auto = pd.DataFrame({"T1": [1, 0, 1, 1, 0, 1, 0, 1], "T2": [0] * 8})
    table = theme_kappas(hand, auto).set_index("theme")
    assert table.loc["T1", "kappa"] == pytest.approx(7 / 15)
    assert math.isnan(table.loc["T2", "kappa"]) and "undefined" in table.loc["T2", "reason"]


# --- Krippendorff's alpha -------------------------------------------------------------------------

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C: four observers
# (rows), twelve units (columns), missing values. The paper: nominal 0.743, ordinal 0.815,
# interval 0.849, ratio 0.797.
KRIPPENDORFF_C = np.array([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
])
# The same arithmetic in plain R (R 4, no package), run once; its output beside each level below:
#   d <- rbind(c(1,2,3,3,2,1,4,1,2,NA,NA,NA), c(1,2,3,3,2,2,4,1,2,5,NA,3),
#              c(NA,3,3,3,2,3,4,2,2,5,1,NA), c(1,2,3,3,2,4,4,1,2,5,1,NA))
#   vals <- sort(unique(na.omit(as.vector(d)))); K <- length(vals); o <- matrix(0, K, K)
#   for (u in 1:ncol(d)) { x <- na.omit(d[, u]); m <- length(x); if (m < 2) next
#     for (i in seq_along(x)) for (j in seq_along(x)) if (i != j) {
#       a <- match(x[i], vals); b <- match(x[j], vals); o[a, b] <- o[a, b] + 1 / (m - 1) } }
#   nc <- rowSums(o); n <- sum(nc)
#   delta <- outer(1:K, 1:K, Vectorize(function(c, k) switch(level,
#     nominal = as.numeric(c != k), interval = (vals[c] - vals[k])^2,
#     ratio = ((vals[c] - vals[k]) / (vals[c] + vals[k]))^2,
#     ordinal = (sum(nc[min(c, k):max(c, k)]) - (nc[c] + nc[k]) / 2)^2)))
#   1 - (n - 1) * sum(o * delta) / sum(outer(nc, nc) * delta)
R_ALPHA_C = {"nominal": 0.7434210526, "ordinal": 0.8153875038, "interval": 0.8491071429,
             "ratio": 0.7974027747}
PAPER_ALPHA_C = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_matches_krippendorff_2011_example_c(level: str) -> None:
    result = krippendorff_alpha(KRIPPENDORFF_C.T, level=level)
    assert round(result.alpha, 3) == PAPER_ALPHA_C[level]
    assert result.alpha == pytest.approx(R_ALPHA_C[level], abs=1e-9)
    assert result.n == 40  # the paper's n..: 40 pairable values (unit 12 has one)


def test_alpha_nominal_example_c_by_the_papers_figures() -> None:
    # The paper's coincidence matrix for example C: 8 of its 40 pairable values' weight lies off the
    # diagonal (D_o = 8/40), and the value totals n_1..n_5 are 9, 13, 10, 5, 3, so
    # D_e = (40^2 - 9^2 - 13^2 - 10^2 - 5^2 - 3^2) / (40 * 39) and alpha = 1 - D_o / D_e = 0.743.
    result = krippendorff_alpha(KRIPPENDORFF_C.T)
    assert result.observed == pytest.approx(0.2)
    assert result.expected == pytest.approx((1600 - 81 - 169 - 100 - 25 - 9) / (40 * 39))


def test_alpha_matches_krippendorff_2011_example_a_binary() -> None:
    # Example A: two observers, ten units, binary, no missing: alpha = 0.095.
    # By hand: o_01 = o_10 = 4, n_0 = 14, n_1 = 6, n = 20; alpha = 1 - 19 * 4 / (14 * 6) = 2/21.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    result = krippendorff_alpha(pd.DataFrame({"A": a, "B": b}))
    assert round(result.alpha, 3) == 0.095
    assert result.alpha == pytest.approx(2 / 21)


def test_alpha_matches_krippendorff_2011_example_b_nominal_letters() -> None:
    # Example B: two observers, twelve units, nominal codes a..e: alpha = 0.692.
    # R (the arithmetic above with a..e as 1..5): 0.6919642857.
    a = list("aabbdcccedda")
    b = list("babbbccceddd")
    result = krippendorff_alpha(pd.DataFrame({"A": a, "B": b}))
    assert round(result.alpha, 3) == 0.692
    assert result.alpha == pytest.approx(0.6919642857, abs=1e-9)


def test_alpha_ignores_units_a_single_coder_coded() -> None:
    base = krippendorff_alpha(KRIPPENDORFF_C.T)
    extra = np.vstack([KRIPPENDORFF_C.T, [7, NAN, NAN, NAN]])
    assert krippendorff_alpha(extra).alpha == pytest.approx(base.alpha)
    with_none = pd.DataFrame(KRIPPENDORFF_C.T).astype(object).where(~np.isnan(KRIPPENDORFF_C.T), None)
    assert krippendorff_alpha(with_none).alpha == pytest.approx(base.alpha)


def test_alpha_of_two_binary_coders_is_close_to_kappa() -> None:
    # For two coders without missing values alpha is Scott's pi corrected for small n:
    # alpha = 1 - (2N - 1) / (2N) * (1 - pi); with equal marginals pi = kappa.
    a = [1, 1, 1, 1, 0, 0, 0, 1]
    b = [1, 0, 1, 1, 0, 1, 0, 1]
    kappa = cohen_kappa(a, b).kappa
    assert krippendorff_alpha(np.array([a, b]).T).alpha == pytest.approx(1 - 15 / 16 * (1 - kappa))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=2, max_size=30))
def test_alpha_of_two_coders_is_scotts_pi_corrected(pairs: list[tuple[int, int]]) -> None:
    # Krippendorff (2011): with two coders and no missing values, alpha = 1 - (2N - 1)/(2N) (1 - pi),
    # pi = (p_o - p_e) / (1 - p_e) with p_e from the pooled shares of both coders (Scott 1955).
    a, b = np.array([x for x, _ in pairs]), np.array([y for _, y in pairs])
    pooled = np.concatenate([a, b])
    p_e = sum(np.mean(pooled == code) ** 2 for code in np.unique(pooled))
    result = krippendorff_alpha(np.column_stack([a, b]))
    if p_e == 1:
        assert math.isnan(result.alpha)
        return
    pi = (np.mean(a == b) - p_e) / (1 - p_e)
    n = 2 * len(pairs)
    assert result.alpha == pytest.approx(1 - (n - 1) / n * (1 - pi), abs=1e-12)


def test_alpha_is_undefined_when_every_value_is_the_same() -> None:
    result = krippendorff_alpha(np.array([[1, 1], [1, 1], [1, NAN]]))
    assert math.isnan(result.alpha) and result.n == 4
    assert result.reason == (
        "all 4 pairable values are the same: expected disagreement is 0 and alpha is undefined"
    )


def test_alpha_is_undefined_without_pairable_values() -> None:
    result = krippendorff_alpha(np.array([[1, NAN], [NAN, 0]]))
    assert math.isnan(result.alpha) and result.n == 0
    assert result.reason == "fewer than two values in units coded by two coders"


def test_alpha_refuses_an_unknown_level() -> None:
    with pytest.raises(ValueError, match=r"^level must be one of nominal, ordinal, interval, ratio, "
                                         r"got 'binary'$"):
        krippendorff_alpha(KRIPPENDORFF_C.T, level="binary")  # type: ignore[arg-type]


def test_alpha_refuses_text_codes_for_a_metric_level() -> None:
    with pytest.raises(ValueError, match=r"^interval alpha needs numeric codes: "):
        krippendorff_alpha(pd.DataFrame({"A": ["a", "b"], "B": ["a", "a"]}), level="interval")


# --- segment ids and code matrices ----------------------------------------------------------------


def test_segment_ids_from_the_source_columns_number_repeats() -> None:
    segments = pd.DataFrame({
        "source": ["open_answer", "interview", "interview", "open_answer"],
        "source_id": ["R001", "note_bg_1", "note_bg_1", "R002"],
        "question": ["OTHER", "", None, "OTHER"],
    })
    assert segment_ids(segments).tolist() == [
        "open_answer:R001:OTHER", "interview:note_bg_1:", "interview:note_bg_1:#2", "open_answer:R002:OTHER",
    ]


def test_segment_ids_must_be_unique() -> None:
    with pytest.raises(InputError, match=r"^column segment_id: segment id 's1' is not unique$"):
        segment_ids(pd.DataFrame({"segment_id": ["s1", "s2", "s1"]}))


def test_segment_ids_need_their_columns() -> None:
    with pytest.raises(InputError, match=r"^segments need a segment_id column or the columns source, "
                                         r"source_id and question; missing: question$"):
        segment_ids(pd.DataFrame({"source": ["open_answer"], "source_id": ["R1"]}))


def test_code_matrix() -> None:
    codes = pd.DataFrame({"segment_id": ["s1", "s1", "s3", "s9", "s1"], "theme": ["A", "B", "A", "A", "A"]})
    matrix = code_matrix(codes, ["s1", "s2", "s3"], ["A", "B", "C"])
    assert matrix.to_dict("list") == {"A": [1, 0, 1], "B": [1, 0, 0], "C": [0, 0, 0]}
    assert matrix.index.tolist() == ["s1", "s2", "s3"]
    empty = code_matrix(codes.iloc[:0], ["s1"], ["A"])
    assert empty.to_dict("list") == {"A": [0]}


# --- the hand-coding sample -----------------------------------------------------------------------


def corpus(size: int = 60) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``size`` segments; theme RARE on two of them, COMMON on every third, MID on every fifth."""
    segments = pd.DataFrame({
        "segment_id": [f"s{i:03d}" for i in range(size)],
        "language": ["bg" if i % 2 else "it" for i in range(size)],
        "text": [f"Текст {i}, with a comma" if i % 2 else f"testo {i}\nsu due righe" for i in range(size)],
    })
    rows = [(f"s{i:03d}", "COMMON") for i in range(0, size, 3)]
    rows += [(f"s{i:03d}", "MID") for i in range(0, size, 5)]
    rows += [("s007", "RARE"), ("s041", "RARE")]
    return segments, pd.DataFrame(rows, columns=["segment_id", "theme"])


def test_sample_has_every_theme_and_hides_the_automatic_codes(tmp_path: Path) -> None:
    segments, codes = corpus()
    path = tmp_path / "coding_sample.csv"
    sample = write_coding_sample(segments, codes, path, themes=["COMMON", "MID", "RARE", "NONE"], n=10,
                                 per_theme=2, seed=1)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the file as UTF-8
    written = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(written.columns) == ["segment_id", "language", "text", "COMMON", "MID", "RARE", "NONE"]
    assert (written[["COMMON", "MID", "RARE", "NONE"]] == "").all().all()
    assert len(written) == 10 and written["segment_id"].is_unique
    pd.testing.assert_frame_equal(written, sample.astype(str))
    chosen = set(written["segment_id"])
    assert {"s007", "s041"} <= chosen  # the rare theme: both of its segments
    for theme in ["COMMON", "MID"]:
        assert len(chosen & set(codes.loc[codes["theme"] == theme, "segment_id"])) >= 2
    texts = dict(zip(segments["segment_id"], segments["text"], strict=True))
    assert all(texts[i] == text for i, text in zip(written["segment_id"], written["text"], strict=True))


def test_sample_is_reproducible_and_shuffled(tmp_path: Path) -> None:
    segments, codes = corpus()
    first = write_coding_sample(segments, codes, tmp_path / "a.csv", n=20, seed=7)
    second = write_coding_sample(segments, codes, tmp_path / "b.csv", n=20, seed=7)
    other = write_coding_sample(segments, codes, tmp_path / "c.csv", n=20, seed=8)
    assert first.equals(second) and not first.equals(other)
    assert first["segment_id"].tolist() != sorted(first["segment_id"])
    assert list(first.columns[3:]) == ["COMMON", "MID", "RARE"]  # default: the coded themes, sorted


def test_sample_takes_every_segment_when_n_exceeds_them(tmp_path: Path) -> None:
    segments, codes = corpus(12)
    sample = write_coding_sample(segments, codes, tmp_path / "all.csv", n=500)
    assert sorted(sample["segment_id"]) == segments["segment_id"].tolist()


def test_sample_grows_to_cover_every_theme(tmp_path: Path) -> None:
    segments, codes = corpus()
    sample = write_coding_sample(segments, codes, tmp_path / "s.csv", n=1, per_theme=1, seed=3)
    assert len(sample) >= 1
    auto = code_matrix(codes, sample["segment_id"], ["COMMON", "MID", "RARE"])
    assert (auto.sum() >= 1).all()


def test_sample_with_semicolons_reads_back(tmp_path: Path) -> None:
    segments, codes = corpus()
    path = tmp_path / "campione.csv"
    sample = write_coding_sample(segments, codes, path, n=5, delimiter=";")
    assert path.read_text(encoding="utf-8-sig").splitlines()[0] == "segment_id;language;text;COMMON;MID;RARE"
    filled = pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    filled["RARE"] = "1"
    filled.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    coded = read_coded_sample(path, themes=THEMES, sample=sample["segment_id"])
    assert coded["RARE"].tolist() == [1] * 5 and coded["coder"].unique().tolist() == ["campione"]


def test_sample_in_the_languages_the_coder_reads(tmp_path: Path) -> None:
    segments, codes = corpus()
    sample = write_coding_sample(segments, codes, tmp_path / "it.csv", n=10, languages=["it"])
    assert set(sample["language"]) == {"it"} and len(sample) == 10
    texts = dict(zip(segments["segment_id"], segments["text"], strict=True))
    assert all(texts[i] == text for i, text in zip(sample["segment_id"], sample["text"], strict=True))
    italian = set(sample["segment_id"])
    for theme in ["COMMON", "MID"]:  # RARE is only on odd (Bulgarian) segments
        assert len(italian & set(codes.loc[codes["theme"] == theme, "segment_id"])) >= 2
    with pytest.raises(InputError, match=r"^column language: no segment is in the language\(s\) fi, el; "
                                         r"the segments' languages: bg, it$"):
        write_coding_sample(segments, codes, tmp_path / "fi.csv", languages=["fi", "el"])


def test_sample_errors(tmp_path: Path) -> None:
    segments, codes = corpus()
    with pytest.raises(InputError, match=r"^the sample needs n >= 1 and per_theme >= 1, got n = 0, "
                                         r"per_theme = 2$"):
        write_coding_sample(segments, codes, tmp_path / "s.csv", n=0)
    with pytest.raises(InputError, match=r"^the automatic codes lack the column\(s\) theme$"):
        write_coding_sample(segments, codes.drop(columns="theme"), tmp_path / "s.csv")
    with pytest.raises(InputError, match=r"^segments lack the column\(s\) language$"):
        write_coding_sample(segments.drop(columns="language"), codes, tmp_path / "s.csv")
    with pytest.raises(InputError, match=r"^theme id 'text' is also the name of a column of the sample; "
                                         r"rename the theme$"):
        write_coding_sample(segments, codes, tmp_path / "s.csv", themes=["COMMON", "text"])
    with pytest.raises(ValueError, match=r"^delimiter must be ',' or ';', got '\\t'$"):
        write_coding_sample(segments, codes, tmp_path / "s.csv", delimiter="\t")  # type: ignore[arg-type]


# --- reading the filled sample --------------------------------------------------------------------

THEMES = ["COMMON", "MID", "RARE"]


def write_filled(path: Path, rows: list[list[str]], *, header: list[str] | None = None,
                 sep: str = ",", encoding: str = "utf-8-sig") -> Path:
    header = header or ["segment_id", "language", "text", *THEMES]
    lines = [sep.join(header)] + [sep.join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def test_read_one_coder_excel_semicolons(tmp_path: Path) -> None:
    path = write_filled(tmp_path / "maria.csv", [
        ["s001", "it", '"testo;\nsu due righe"', "1", "", ""],
        ["s002", "bg", "Текст", "", "", ""],  # nothing marked: not coded
        ["s003", "bg", "Текст", "0", "1", "0"],
        ["", "", "", "", "", ""],  # blank line Excel leaves at the end
    ], sep=";")
    coded = read_coded_sample(path, themes=THEMES)
    assert coded.to_dict("records") == [
        {"coder": "maria", "segment_id": "s001", "COMMON": 1, "MID": 0, "RARE": 0},
        {"coder": "maria", "segment_id": "s003", "COMMON": 0, "MID": 1, "RARE": 0},
    ]


def test_read_several_coders_from_files_and_a_coder_column(tmp_path: Path) -> None:
    one = write_filled(tmp_path / "ana.csv", [["s001", "it", "x", "1", "0", "0"]])
    both = write_filled(tmp_path / "team.csv", [
        ["s001", "it", "x", "0", "1", "0", "ivo"],
        ["s001", "it", "x", "1", "1", "0", ""],  # no name: the file's
    ], header=["segment_id", "language", "text", *THEMES, "coder"])
    coded = read_coded_sample([one, both])
    assert coded[["coder", "segment_id", "COMMON", "MID"]].values.tolist() == [
        ["ana", "s001", 1, 0], ["ivo", "s001", 0, 1], ["team", "s001", 1, 1],
    ]
    assert list(coded.columns) == ["coder", "segment_id", "COMMON", "MID", "RARE"]


def test_read_round_trip_of_a_written_sample(tmp_path: Path) -> None:
    segments, codes = corpus()
    sample_path = tmp_path / "coding_sample.csv"
    sample = write_coding_sample(segments, codes, sample_path, n=8, seed=2)
    filled = sample.copy()
    filled["MID"] = "1"
    filled.to_csv(tmp_path / "eva.csv", index=False, encoding="utf-8-sig")
    coded = read_coded_sample(tmp_path / "eva.csv", themes=THEMES, sample=sample_path)
    assert coded["segment_id"].tolist() == sample["segment_id"].tolist()
    assert coded["MID"].tolist() == [1] * 8 and coded["COMMON"].tolist() == [0] * 8


def expect_error(tmp_path: Path, message: str, rows: list[list[str]], *, header: list[str] | None = None,
                 themes: list[str] | None = THEMES, sample: object = None, name: str = "coder.csv") -> None:
    path = write_filled(tmp_path / name, rows, header=header)
    with pytest.raises(InputError) as error:
        read_coded_sample(path, themes=themes, sample=sample)
    assert str(error.value) == message.format(path=path)


def test_read_error_value_not_one_zero_or_empty(tmp_path: Path) -> None:
    expect_error(tmp_path, "{path}, line 3, column MID: value 'x' is not 1 (theme present), 0 or empty "
                 "(absent)", [["s001", "it", "t", "1", "", ""], ["s002", "it", "t", "1", "x", ""]])


def test_read_error_rows_are_counted_as_the_spreadsheet_shows_them(tmp_path: Path) -> None:
    # the first record spans three lines of the file but is row 2 in Excel; the bad cell is row 3
    expect_error(tmp_path, "{path}, line 3, column RARE: value '2' is not 1 (theme present), 0 or empty "
                 "(absent)",
                 [["s001", "it", '"one\ntwo\nthree"', "1", "", ""], ["s002", "it", "t", "", "", "2"]])


def test_read_error_nothing_coded(tmp_path: Path) -> None:
    expect_error(tmp_path, "{path}: no segment is coded: type 1 in the column of each theme a segment "
                 "expresses (0 or nothing elsewhere)", [["s001", "it", "t", "", "", ""]])


def test_read_error_unknown_theme(tmp_path: Path) -> None:
    expect_error(tmp_path, "{path}, line 1, column GREEN: 'GREEN' is not a theme of the codebook (themes: "
                 "COMMON, MID, RARE)", [["s001", "it", "t", "1", "", "", ""]],
                 header=["segment_id", "language", "text", *THEMES, "GREEN"])


def test_read_error_missing_theme_column(tmp_path: Path) -> None:
    expect_error(tmp_path, "{path}, line 1: the column of theme 'RARE' is missing",
                 [["s001", "it", "t", "1", ""]], header=["segment_id", "language", "text", "COMMON", "MID"])


def test_read_error_no_theme_column(tmp_path: Path) -> None:
    expect_error(tmp_path, "{path}, line 1: has no theme column", [["s001", "it", "t"]],
                 header=["segment_id", "language", "text"], themes=None)


def test_read_error_no_segment_id_column(tmp_path: Path) -> None:
    expect_error(tmp_path, "{path}, line 1: has no segment_id column; expected the columns of the coding "
                 "sample (segment_id, language, text, one column per theme)",
                 [["it", "t", "1", "", ""]], header=["language", "text", *THEMES])


def test_read_error_empty_segment_id(tmp_path: Path) -> None:
    expect_error(tmp_path, "{path}, line 2, column segment_id: the segment id is empty",
                 [["", "it", "t", "1", "", ""]])


def test_read_error_duplicate_segment(tmp_path: Path) -> None:
    expect_error(tmp_path, "{path}, line 4, column segment_id: segment 's001' is coded twice by 'coder' "
                 "(first in coder.csv, row 2)",
                 [["s001", "it", "t", "1", "", ""], ["s002", "it", "t", "1", "", ""],
                  ["s001", "it", "t", "0", "", ""]])


def test_read_error_duplicate_segment_across_files(tmp_path: Path) -> None:
    first = write_filled(tmp_path / "a.csv", [["s001", "it", "t", "1", "", "", "ivo"]],
                         header=["segment_id", "language", "text", *THEMES, "coder"])
    second = write_filled(tmp_path / "b.csv", [["s001", "it", "t", "0", "", "", "ivo"]],
                          header=["segment_id", "language", "text", *THEMES, "coder"])
    with pytest.raises(InputError) as error:
        read_coded_sample([first, second], themes=THEMES)
    assert str(error.value) == (f"{second}, line 2, column segment_id: segment 's001' is coded twice by "
                                "'ivo' (first in a.csv, row 2)")


def test_read_error_segment_not_in_the_sample(tmp_path: Path) -> None:
    expect_error(tmp_path, "{path}, line 2, column segment_id: segment 's999' is not in the coding sample",
                 [["s999", "it", "t", "1", "", ""]], sample=["s001", "s002"])


def test_read_error_sample_file_without_segment_ids(tmp_path: Path) -> None:
    sample = write_filled(tmp_path / "sample.csv", [["it", "t"]], header=["language", "text"])
    expect_error(tmp_path, f"{sample}: the coding sample has no segment_id column",
                 [["s001", "it", "t", "1", "", ""]], sample=sample)


def test_read_error_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        read_coded_sample(tmp_path / "absent.csv")
    assert str(error.value) == f"{tmp_path / 'absent.csv'}: the coded sample file does not exist"


def test_read_error_no_file_given() -> None:
    with pytest.raises(InputError, match=r"^no coded sample file was given$"):
        read_coded_sample([])


def test_read_error_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError) as error:
        read_coded_sample(path)
    assert str(error.value) == f"{path}: is empty; expected the header of the coding sample"


def test_read_error_not_utf8(tmp_path: Path) -> None:
    path = write_filled(tmp_path / "ansi.csv", [["s001", "it", "perché", "1", "", ""]], encoding="cp1252")
    with pytest.raises(InputError) as error:
        read_coded_sample(path)
    assert str(error.value) == (f"{path}, line 2: is not UTF-8 text; in Excel save it as "
                                "'CSV UTF-8 (comma delimited)'")


# --- the agreement table --------------------------------------------------------------------------


def test_agreement_report_one_coder_by_hand(tmp_path: Path) -> None:
    hand_common = [1, 1, 1, 1, 0, 0, 0, 1]
    auto_common = [1, 0, 1, 1, 0, 1, 0, 1]
    ids = [f"s{i}" for i in range(8)]
    coded = pd.DataFrame({"coder": "ana", "segment_id": ids, "COMMON": hand_common,
                          "MID": [1, 1, 1, 1, 0, 0, 0, 0], "RARE": [0] * 8})
    codes = pd.DataFrame(
        [(i, "COMMON") for i, yes in zip(ids, auto_common, strict=True) if yes]
        + [(i, "MID") for i in ids[:4]] + [("elsewhere", "RARE")],
        columns=["segment_id", "theme"],
    )
    report = agreement_report(coded, codes).set_index("theme")
    assert list(report.reset_index().columns) == AGREEMENT_REPORT_COLUMNS
    assert list(report.index) == ["COMMON", "MID", "RARE", OVERALL]
    common = report.loc["COMMON"]
    assert (common["n_segments"], common["n_codings"], common["hand_yes"], common["auto_yes"]) == (8, 8, 5, 5)
    assert common["kappa"] == pytest.approx(7 / 15)  # the hand calculation above
    assert (common["kappa_low"], common["kappa_high"]) == pytest.approx((-0.1658227657, 1.0), abs=1e-9)
    assert common["alpha"] == pytest.approx(1 - 15 / 16 * (8 / 15))  # two coders: 1 - (2N-1)/(2N)(1-pi)
    assert math.isnan(common["alpha_hand"]) and common["flag"] == "below 0.6"
    assert report.loc["MID", "kappa"] == pytest.approx(1.0) and report.loc["MID", "flag"] == ""
    rare = report.loc["RARE"]
    assert math.isnan(rare["kappa"]) and rare["flag"] == "undefined"
    assert rare["reason"].startswith("kappa: both coders gave all 8 units the same code 0:")
    assert "alpha_hand: fewer than two coders" in rare["reason"]
    overall = report.loc[OVERALL]
    # 24 decisions: COMMON 6 agree, MID 8, RARE 8 -> p_o = 22/24; hand says yes 9, auto 9 -> p_e
    hand_all = hand_common + [1, 1, 1, 1, 0, 0, 0, 0] + [0] * 8
    auto_all = auto_common + [1, 1, 1, 1, 0, 0, 0, 0] + [0] * 8
    assert overall["kappa"] == pytest.approx(cohen_kappa(hand_all, auto_all).kappa)
    assert overall["observed"] == pytest.approx(22 / 24)
    assert overall["expected"] == pytest.approx((9 / 24) ** 2 + (15 / 24) ** 2)
    assert (overall["hand_yes"], overall["auto_yes"], overall["n_codings"]) == (9, 9, 24)
    path = write_agreement_report(report.reset_index(), tmp_path / "results" / "theme_agreement.csv")
    assert pd.read_csv(path)["theme"].tolist() == ["COMMON", "MID", "RARE", OVERALL]


def test_agreement_report_several_coders() -> None:
    coded = pd.DataFrame({
        "coder": ["ana", "ana", "ana", "ivo", "ivo"],
        "segment_id": ["s1", "s2", "s3", "s1", "s3"],
        "T": [1, 0, 1, 1, 0],
    })
    codes = pd.DataFrame({"segment_id": ["s1", "s2"], "theme": ["T", "T"]})
    row = agreement_report(coded, codes).iloc[0]
    assert (row["n_segments"], row["n_codings"], row["hand_yes"], row["auto_yes"]) == (3, 5, 3, 2)
    # kappa pools the five hand codings against the automatic code of their segment
    assert row["kappa"] == pytest.approx(cohen_kappa([1, 0, 1, 1, 0], [1, 1, 0, 1, 0]).kappa)
    units = np.array([[1, 1, 1], [0, NAN, 1], [1, 0, 0]])  # segments x (ana, ivo, automatic)
    assert row["alpha"] == pytest.approx(krippendorff_alpha(units).alpha)
    assert row["alpha_hand"] == pytest.approx(krippendorff_alpha(units[:, :2]).alpha)


def test_agreement_flag_threshold_is_a_parameter() -> None:
    coded = pd.DataFrame({"coder": "ana", "segment_id": [f"s{i}" for i in range(8)],
                          "T": [1, 1, 1, 1, 0, 0, 0, 1]})
    codes = pd.DataFrame({"segment_id": ["s0", "s2", "s3", "s5", "s7"], "theme": "T"})
    assert agreement_report(coded, codes, threshold=0.4).iloc[0]["flag"] == ""
    assert agreement_report(coded, codes, threshold=0.5).iloc[0]["flag"] == "below 0.5"


def test_theme_alphas_across_hand_coders_and_the_automatic_coding() -> None:
    # one theme coded by three people, ivo leaving s3 out
    coded = pd.DataFrame({
        "coder": ["ana"] * 4 + ["ivo"] * 3 + ["eva"] * 4,
        "segment_id": ["s1", "s2", "s3", "s4", "s1", "s2", "s4", "s1", "s2", "s3", "s4"],
        "T": [1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 0],
    })
    units = np.array([[1, 1, 1], [0, 1, 0], [1, NAN, 0], [0, 0, 0]])  # s1..s4 x (ana, ivo, eva)
    hand = theme_alphas(coded).set_index("theme")
    assert hand.loc["T", "n_coders"] == 3 and hand.loc["T", "n"] == 11
    assert hand.loc["T", "alpha"] == pytest.approx(krippendorff_alpha(units).alpha)
    # by hand (Krippendorff 2011, binary data): o_01 = 2 * 1/2 (s2: the 1 pairs with two 0s, m = 3)
    # + 1 (s3: a 1 and a 0, m = 2) = 2; n_0 = 6, n_1 = 5, n = 11; alpha = 1 - (n - 1) o_01 / (n_0 n_1)
    # = 1 - 10 * 2 / 30 = 1/3
    assert hand.loc["T", "alpha"] == pytest.approx(1 / 3)
    both = theme_alphas(coded, pd.DataFrame({"segment_id": ["s1"], "theme": ["T"]})).set_index("theme")
    with_auto = np.column_stack([units, [1, 0, 0, 0]])
    assert both.loc["T", "n_coders"] == 4
    assert both.loc["T", "alpha"] == pytest.approx(krippendorff_alpha(with_auto).alpha)
    assert both.loc[OVERALL, "alpha"] == pytest.approx(both.loc["T", "alpha"])  # one theme: the same


def test_theme_alphas_need_two_coders() -> None:
    coded = pd.DataFrame({"coder": "ana", "segment_id": ["s1", "s2"], "T": [1, 0]})
    row = theme_alphas(coded).iloc[0]
    assert math.isnan(row["alpha"]) and row["reason"] == "fewer than two coders"


def test_agreement_report_errors() -> None:
    coded = pd.DataFrame({"coder": "ana", "segment_id": ["s1"], "T": [1]})
    with pytest.raises(InputError, match=r"^the hand codes lack the column\(s\) coder$"):
        agreement_report(coded.drop(columns="coder"), pd.DataFrame({"segment_id": [], "theme": []}))
    with pytest.raises(InputError, match=r"^the hand codes lack the column\(s\) U$"):
        agreement_report(coded, pd.DataFrame({"segment_id": [], "theme": []}), themes=["T", "U"])
    with pytest.raises(InputError, match=r"^the automatic codes lack the column\(s\) theme$"):
        agreement_report(coded, pd.DataFrame({"segment_id": ["s1"]}))


def test_sample_written_filled_by_two_coders_read_and_reported(tmp_path: Path) -> None:
    segments, codes = corpus()
    sample_path = tmp_path / "coding_sample.csv"
    sample = write_coding_sample(segments, codes, sample_path, n=12, seed=5)
    auto = code_matrix(codes, sample["segment_id"], THEMES)
    for coder, flips in [("ana", []), ("ivo", [1])]:
        filled = sample.copy()
        for theme in THEMES:
            marks = auto[theme].to_numpy().copy()
            marks[flips] = 1 - marks[flips]  # ivo disagrees with the tool on the second segment
            filled[theme] = [str(mark) for mark in marks]
        filled.to_csv(tmp_path / f"{coder}.csv", index=False, encoding="utf-8-sig")
    coded = read_coded_sample([tmp_path / "ana.csv", tmp_path / "ivo.csv"], themes=THEMES,
                              sample=sample_path)
    report = agreement_report(coded, codes, themes=THEMES)
    path = write_agreement_report(report, tmp_path / "results" / "theme_agreement.csv")
    table = pd.read_csv(path, keep_default_na=False).set_index("theme")
    assert list(table.index) == [*THEMES, OVERALL]
    assert (table["n_segments"] == 12).all()
    assert table["n_codings"].tolist() == [24, 24, 24, 72]  # overall: every coding of every theme
    assert table.loc["COMMON", "auto_yes"] == auto["COMMON"].sum()
    for theme in THEMES:  # ana agrees with the tool on every segment, ivo on all but one
        assert float(table.loc[theme, "observed"]) == pytest.approx(23 / 24)


def test_agreement_from_files_writes_the_table(tmp_path: Path) -> None:
    path = write_filled(tmp_path / "ana.csv",
                        [["s001", "it", "t", "1", "", ""], ["s002", "it", "t", "0", "1", ""]])
    codes = pd.DataFrame({"segment_id": ["s001", "s002"], "theme": ["COMMON", "COMMON"]})
    output = tmp_path / "results" / "theme_agreement.csv"
    report = agreement_from_files(path, codes, output, themes=THEMES, sample=["s001", "s002"])
    written = pd.read_csv(output, keep_default_na=False)
    assert written["theme"].tolist() == [*THEMES, OVERALL] == report["theme"].tolist()
    assert written.loc[0, "hand_yes"] == 1 and written.loc[0, "auto_yes"] == 2
