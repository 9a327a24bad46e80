"""Reliability of the theme coding: Cohen's kappa, Krippendorff's alpha and the hand-coding sample.

The analyst hand-codes a sample of segments in a CSV this module writes
(:func:`write_coding_sample`); :func:`read_coded_sample` reads one or several coders' filled copies
and :func:`agreement_report` compares them with the automatic codes, theme by theme.

Notes
-----
**Cohen's kappa** (Cohen, 1960) of two coders over the :math:`n` units both coded, with the observed
agreement :math:`p_o` (share of units given the same code) and the agreement expected by chance
from each coder's own marginal shares :math:`p_{a,k}, p_{b,k}`,

.. math:: \\kappa = \\frac{p_o - p_e}{1 - p_e}, \\qquad p_e = \\sum_k p_{a,k}\\, p_{b,k}.

It is undefined when :math:`p_e = 1`, i.e. both coders gave every unit the same one code: NaN is
returned with the reason, never 1.0 (a theme that neither coder ever saw says nothing about
reliability).

**Krippendorff's alpha** (Krippendorff, 2011) for any number of coders and missing values, from
the coincidence matrix :math:`o_{ck} = \\sum_u \\sum_{i \\ne j} [x_{ui} = c][x_{uj} = k] / (m_u - 1)`
over the units :math:`u` with :math:`m_u \\ge 2` values, :math:`n_c = \\sum_k o_{ck}`,
:math:`n = \\sum_c n_c`:

.. math::

    \\alpha = 1 - (n - 1) \\frac{\\sum_{c,k} o_{ck}\\, \\delta^2_{ck}}{\\sum_{c,k} n_c n_k\\, \\delta^2_{ck}},

with :math:`\\delta^2_{ck} = [c \\ne k]` for nominal data, :math:`(c-k)^2` interval,
:math:`((c-k)/(c+k))^2` ratio and :math:`(\\sum_{g=c}^{k} n_g - (n_c + n_k)/2)^2` ordinal.

Per theme, each segment is a unit and the code is binary (theme present 1 / absent 0).

References
----------
Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and Psychological
Measurement*, 20(1), 37-46.
Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
Communication, University of Pennsylvania. https://repository.upenn.edu/asc_papers/43
Krippendorff, K. (2004). *Content analysis: an introduction to its methodology* (2nd ed.). Sage.
Landis, J. R., & Koch, G. G. (1977). The measurement of observer agreement for categorical data.
*Biometrics*, 33(1), 159-174.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from analysis.errors import InputError

__all__ = [
    "AGREEMENT_REPORT_COLUMNS",
    "FLAG_THRESHOLD",
    "OVERALL",
    "SAMPLE_COLUMNS",
    "THEME_ALPHA_COLUMNS",
    "AlphaResult",
    "KappaResult",
    "agreement_from_files",
    "agreement_report",
    "cohen_kappa",
    "code_matrix",
    "krippendorff_alpha",
    "read_coded_sample",
    "segment_ids",
    "theme_alphas",
    "theme_kappas",
    "write_agreement_report",
    "write_coding_sample",
]

#: Kappa or alpha below this is flagged (Landis & Koch, 1977: "substantial" agreement starts at 0.61;
#: Krippendorff, 2004 accepts tentative conclusions from 0.667).
FLAG_THRESHOLD = 0.6
#: The ``theme`` of the overall row of :func:`agreement_report`.
OVERALL = "(all themes)"
#: The fixed columns of the hand-coding sample, before one column per theme.
SAMPLE_COLUMNS = ["segment_id", "language", "text"]
#: Columns a coder may add to the sample: their name (several coders in one file) and a remark.
OPTIONAL_COLUMNS = ["coder", "note"]
AGREEMENT_REPORT_COLUMNS = [
    "theme", "n_segments", "n_codings", "hand_yes", "auto_yes", "observed", "expected", "kappa",
    "kappa_low", "kappa_high", "alpha", "alpha_hand", "flag", "reason",
]
AUTOMATIC = "automatic"

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS = ("nominal", "ordinal", "interval", "ratio")


@dataclass(frozen=True)
class KappaResult:
    """Cohen's kappa of two coders: ``kappa``, observed and expected agreement, ``n`` units, and the
    large-sample standard error ``se`` (Fleiss, Cohen & Everitt, 1969).

    ``reason`` says why ``kappa`` is NaN (empty when it is defined).
    """

    kappa: float
    observed: float
    expected: float
    n: int
    reason: str = ""
    se: float = float("nan")

    def interval(self, confidence: float = 0.95) -> tuple[float, float]:
        """Normal-approximation interval ``kappa -/+ z se``, clipped to [-1, 1] (as ``psych``)."""
        if np.isnan(self.kappa) or np.isnan(self.se):
            return float("nan"), float("nan")
        z = float(stats.norm.ppf(0.5 + confidence / 2))
        return max(-1.0, self.kappa - z * self.se), min(1.0, self.kappa + z * self.se)


@dataclass(frozen=True)
class AlphaResult:
    """Krippendorff's alpha: ``alpha``, observed and expected disagreement, ``n`` pairable values.

    ``reason`` says why ``alpha`` is NaN (empty when it is defined).
    """

    alpha: float
    observed: float
    expected: float
    n: int
    reason: str = ""


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def cohen_kappa(a: Sequence[object], b: Sequence[object]) -> KappaResult:
    """Cohen's kappa of two coders' nominal codes of the same units.

    Parameters
    ----------
    a, b
        The two coders' codes, unit by unit (same length). Units that either coder left missing
        (None, NaN or an empty string) are left out.

    Returns
    -------
    KappaResult
        ``kappa``, ``observed`` agreement :math:`p_o`, ``expected`` agreement :math:`p_e`, ``n``
        units coded by both, standard error ``se`` (``interval()`` gives the 95% interval).
        ``kappa`` is NaN, with a ``reason``, when no unit was coded by both or when both coders
        gave every unit the same one code (:math:`p_e = 1`).

    Raises
    ------
    ValueError
        ``a`` and ``b`` differ in length.

    Notes
    -----
    :math:`\\kappa = (p_o - p_e) / (1 - p_e)`, :math:`p_e = \\sum_k p_{a,k} p_{b,k}` (see the module
    docstring). With the cell shares :math:`p_{ij}` and margins :math:`p_{i\\cdot}` (coder a),
    :math:`p_{\\cdot j}` (coder b), the large-sample variance (Fleiss, Cohen & Everitt, 1969) is

    .. math::

        \\operatorname{Var}(\\kappa) = \\frac{1}{n (1-p_e)^4} \\Big[
        \\sum_i p_{ii} \\big((1-p_e) - (p_{i\\cdot} + p_{\\cdot i})(1-p_o)\\big)^2
        + (1-p_o)^2 \\sum_{i \\ne j} p_{ij} (p_{\\cdot i} + p_{j\\cdot})^2
        - (p_o p_e - 2 p_e + p_o)^2 \\Big].

    References
    ----------
    Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
    Psychological Measurement*, 20(1), 37-46.
    Fleiss, J. L., Cohen, J., & Everitt, B. S. (1969). Large sample standard errors of kappa and
    weighted kappa. *Psychological Bulletin*, 72(5), 323-327.

    Examples
    --------
    Cohen's (1960) own example: 200 units, three categories, :math:`p_o = .70`, :math:`p_e = .41`:

    >>> from analysis.themes.agreement import cohen_kappa
    >>> cells = {(1, 1): 88, (1, 2): 14, (1, 3): 18, (2, 1): 10, (2, 2): 40, (2, 3): 10,
    ...          (3, 1): 2, (3, 2): 6, (3, 3): 12}
    >>> a = [i for (i, j), count in cells.items() for _ in range(count)]
    >>> b = [j for (i, j), count in cells.items() for _ in range(count)]
    >>> result = cohen_kappa(a, b)
    >>> print(f"kappa = {result.kappa:.4f}, p_o = {result.observed:.2f}, p_e = {result.expected:.2f}")
    kappa = 0.4915, p_o = 0.70, p_e = 0.41
    >>> print("se = {:.6f}, 95% interval {:.4f} to {:.4f}".format(result.se, *result.interval()))
    se = 0.051002, 95% interval 0.3916 to 0.5915

    Cohen reports .492. In R::

        k <- psych::cohen.kappa(matrix(c(88, 14, 18, 10, 40, 10, 2, 6, 12), 3, byrow = TRUE),
                                n.obs = 200)
        k$kappa; sqrt(k$var.kappa); k$confid[1, ]  # 0.4915254, 0.05100182, 0.3915637 0.5914871
    """
    if len(a) != len(b):
        raise ValueError(f"the two coders' codes differ in length: {len(a)} and {len(b)} units")
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if not _missing(x) and not _missing(y)]
    n = len(pairs)
    if n == 0:
        nan = float("nan")
        return KappaResult(nan, nan, nan, 0, "no unit was coded by both coders")
    first = pd.Series([x for x, _ in pairs], dtype=object)
    second = pd.Series([y for _, y in pairs], dtype=object)
    observed = float((first.to_numpy() == second.to_numpy()).mean())
    share_a = first.value_counts(normalize=True)
    share_b = second.value_counts(normalize=True)
    expected = float(sum(share_a[code] * share_b.get(code, 0.0) for code in share_a.index))
    if expected >= 1 - 1e-12:
        code = first.iloc[0]
        return KappaResult(
            float("nan"), observed, 1.0, n,
            f"both coders gave all {n} units the same code {code!r}: chance agreement is 1 and "
            "kappa is undefined",
        )
    codes = pd.Index(pd.unique(np.concatenate([first.to_numpy(), second.to_numpy()])))
    cells = pd.crosstab(
        pd.Categorical(first, categories=codes), pd.Categorical(second, categories=codes), dropna=False
    ).to_numpy() / n
    rows, columns = cells.sum(axis=1), cells.sum(axis=0)
    diagonal = float((np.diag(cells) * ((1 - expected) - (rows + columns) * (1 - observed)) ** 2).sum())
    crossed = np.add.outer(columns, rows) ** 2  # [i, j] = (p_.i + p_j.)^2
    off = float((cells * crossed).sum() - np.trace(cells * crossed))
    variance = (diagonal + (1 - observed) ** 2 * off
                - (observed * expected - 2 * expected + observed) ** 2) / (n * (1 - expected) ** 4)
    return KappaResult((observed - expected) / (1 - expected), observed, expected, n,
                       se=float(np.sqrt(max(variance, 0.0))))


def _delta2(values: np.ndarray, totals: np.ndarray, level: str) -> np.ndarray:
    """The squared difference :math:`\\delta^2_{ck}` between the sorted values ``values``."""
    c, k = np.meshgrid(values, values, indexing="ij")
    if level == "nominal":
        return (c != k).astype(float)
    if level == "interval":
        return (c - k) ** 2
    if level == "ratio":
        total = c + k
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(total == 0, 0.0, (c - k) / np.where(total == 0, 1.0, total))
        return ratio**2
    # ordinal: values are ranks of sorted categories, with the marginal totals between them
    cumulative = np.concatenate([[0.0], np.cumsum(totals)])
    i, j = np.meshgrid(np.arange(len(values)), np.arange(len(values)), indexing="ij")
    low, high = np.minimum(i, j), np.maximum(i, j)
    between = cumulative[high + 1] - cumulative[low]
    return (between - (totals[i] + totals[j]) / 2) ** 2


def krippendorff_alpha(data: pd.DataFrame | np.ndarray, level: Level = "nominal") -> AlphaResult:
    """Krippendorff's alpha of any number of coders, with missing values.

    Parameters
    ----------
    data
        Units x coders (rows = units such as segments, columns = coders); NaN or None = the
        coder did not code the unit. Nominal codes may be any hashable values; ordinal,
        interval and ratio codes must be numbers.
    level
        ``"nominal"`` (default), ``"ordinal"``, ``"interval"`` or ``"ratio"``: the difference
        function :math:`\\delta^2`.

    Returns
    -------
    AlphaResult
        ``alpha``, ``observed`` and ``expected`` disagreement (:math:`D_o`, :math:`D_e`) and ``n``
        pairable values (values in units that at least two coders coded). ``alpha`` is NaN, with
        a ``reason``, when fewer than two values are pairable or all pairable values are equal
        (:math:`D_e = 0`).

    Raises
    ------
    ValueError
        ``level`` is not one of the four, or non-numeric codes for a metric level.

    Notes
    -----
    The coincidence matrix of Krippendorff (2011); :math:`\\alpha = 1 - D_o / D_e` (see the module
    docstring). Units coded by one coder only are left out.

    References
    ----------
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
    Communication, University of Pennsylvania.

    Examples
    --------
    Krippendorff's (2011) example C: four coders, twelve units, missing values, nominal data:

    >>> import numpy as np
    >>> from analysis.themes.agreement import krippendorff_alpha
    >>> nan = np.nan
    >>> coders = np.array([
    ...     [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...     [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...     [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...     [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ... ])
    >>> print(f"{krippendorff_alpha(coders.T).alpha:.3f}")
    0.743

    The paper gives 0.743. The same coincidence-matrix arithmetic in plain R is in
    ``tests/test_theme_agreement.py`` (0.7434211).
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    frame = pd.DataFrame(data)
    long = frame.stack(future_stack=True)
    long = long[[not _missing(value) for value in long.to_numpy()]]
    if level != "nominal":
        try:
            long = long.astype(float)
        except (TypeError, ValueError) as error:
            raise ValueError(f"{level} alpha needs numeric codes: {error}") from None
    values = pd.unique(long.to_numpy())
    with contextlib.suppress(TypeError):  # codes of mixed types keep their first-seen order
        values = np.sort(values)
    index = {value: position for position, value in enumerate(values)}
    units = long.index.get_level_values(0)
    unit_codes, _ = pd.factorize(units)
    counts = np.zeros((unit_codes.max() + 1 if len(unit_codes) else 0, len(values)))
    np.add.at(counts, (unit_codes, [index[value] for value in long.to_numpy()]), 1)
    m = counts.sum(axis=1)
    pairable = m >= 2
    counts, m = counts[pairable], m[pairable]
    n = float(m.sum())
    nan = float("nan")
    if n < 2:
        return AlphaResult(nan, nan, nan, int(n), "fewer than two values in units coded by two coders")
    weights = 1.0 / (m - 1)
    coincidence = (counts * weights[:, None]).T @ counts - np.diag((counts * weights[:, None]).sum(axis=0))
    totals = coincidence.sum(axis=1)
    delta2 = _delta2(np.asarray(values, dtype=float) if level != "nominal" else np.asarray(values),
                     totals, level)
    observed = float((coincidence * delta2).sum() / n)
    expected = float((np.outer(totals, totals) * delta2).sum() / (n * (n - 1)))
    if expected <= 1e-12:
        return AlphaResult(
            nan, observed, expected, int(n),
            f"all {int(n)} pairable values are the same: expected disagreement is 0 and alpha is undefined",
        )
    return AlphaResult(1 - observed / expected, observed, expected, int(n))


def code_matrix(
    codes: pd.DataFrame, segments: Iterable[str], themes: Sequence[str]
) -> pd.DataFrame:
    """Codes as a 0/1 table: one row per segment, one column per theme.

    Parameters
    ----------
    codes
        Long table of the codes given: columns ``segment_id`` and ``theme``, one row per theme a
        segment carries (a segment may carry several, or none).
    segments
        The segment ids of the rows (segments without a code get 0 everywhere).
    themes
        The theme ids of the columns, in order (codes of other themes are ignored).

    Returns
    -------
    DataFrame
        Index ``segment_id``, columns ``themes``, values 0/1 (int).
    """
    segment_index = pd.Index(list(segments), name="segment_id")
    present = codes[codes["segment_id"].isin(segment_index) & codes["theme"].isin(list(themes))]
    marks = pd.crosstab(present["segment_id"], present["theme"]).clip(upper=1)
    matrix = marks.reindex(index=segment_index, columns=list(themes), fill_value=0).astype(int)
    matrix.columns.name = None
    return matrix


def theme_kappas(hand: pd.DataFrame, auto: pd.DataFrame) -> pd.DataFrame:
    """Per-theme binary kappa (theme present or absent, segment by segment) of two codings.

    Parameters
    ----------
    hand, auto
        0/1 tables (:func:`code_matrix`) with the same rows; the columns of ``hand`` are the
        themes compared (each must be in ``auto``).

    Returns
    -------
    DataFrame
        One row per theme: ``theme, n, kappa, observed, expected, reason``.
    """
    rows = []
    aligned = auto.reindex(index=hand.index)
    for theme in hand.columns:
        result = cohen_kappa(hand[theme].tolist(), aligned[theme].tolist())
        rows.append({"theme": theme, "n": result.n, "kappa": result.kappa, "observed": result.observed,
                     "expected": result.expected, "reason": result.reason})
    return pd.DataFrame(rows, columns=["theme", "n", "kappa", "observed", "expected", "reason"])


def segment_ids(segments: pd.DataFrame) -> pd.Series:
    """A stable id per segment: the ``segment_id`` column, or ``source:source_id:question``.

    When a ``source:source_id:question`` repeats (several segments of one interview), the second
    and later get ``#2``, ``#3``, ... in the order of the rows.

    Raises
    ------
    InputError
        The ``segment_id`` column repeats an id, or the columns to build one are missing.
    """
    if "segment_id" in segments.columns:
        ids = segments["segment_id"].astype(str)
        repeated = ids[ids.duplicated()]
        if len(repeated):
            raise InputError(f"segment id {repeated.iloc[0]!r} is not unique", column="segment_id")
        return ids.reset_index(drop=True)
    needed = ["source", "source_id", "question"]
    absent = [column for column in needed if column not in segments.columns]
    if absent:
        raise InputError(
            f"segments need a segment_id column or the columns source, source_id and question; "
            f"missing: {', '.join(absent)}"
        )
    base = (segments["source"].astype(str) + ":" + segments["source_id"].astype(str) + ":"
            + segments["question"].fillna("").astype(str)).reset_index(drop=True)
    occurrence = base.groupby(base).cumcount() + 1
    return base.where(occurrence == 1, base + "#" + occurrence.astype(str))


def _sample_positions(
    auto: pd.DataFrame, n: int, per_theme: int, rng: np.random.Generator
) -> list[int]:
    """Row positions of ``auto`` (0/1, segments x themes): ``per_theme`` of each theme's segments,
    rarest theme first, then random segments up to ``n``."""
    chosen: list[int] = []
    taken = np.zeros(len(auto), dtype=bool)
    values = auto.to_numpy()
    order = np.argsort(values.sum(axis=0), kind="stable")
    for column in order:
        have = int((values[taken, column] == 1).sum())
        candidates = np.flatnonzero((values[:, column] == 1) & ~taken)
        need = min(max(per_theme - have, 0), len(candidates))
        for position in rng.choice(candidates, size=need, replace=False):
            chosen.append(int(position))
            taken[position] = True
    rest = np.flatnonzero(~taken)
    extra = min(max(n - len(chosen), 0), len(rest))
    chosen.extend(int(position) for position in rng.choice(rest, size=extra, replace=False))
    return [chosen[i] for i in rng.permutation(len(chosen))]


def write_coding_sample(
    segments: pd.DataFrame,
    codes: pd.DataFrame,
    path: str | Path,
    *,
    themes: Sequence[str] | None = None,
    n: int = 100,
    per_theme: int = 2,
    seed: int = 2026,
    delimiter: Literal[",", ";"] = ",",
    languages: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Write the CSV an analyst fills to hand-code a sample of segments.

    Parameters
    ----------
    segments
        One row per segment: ``segment_id`` (or ``source, source_id, question``, see
        :func:`segment_ids`), ``language``, ``text`` (redacted).
    codes
        The automatic codes, long: ``segment_id, theme`` (used to choose the sample only; they
        are not written, so that they cannot anchor the coder).
    path
        The CSV to write (UTF-8 with a byte-order mark, so that Excel shows every script).
    themes
        The theme ids of the codebook, one column each in this order; default: the themes in
        ``codes``, sorted.
    n
        Segments in the sample (all segments if fewer). Raised to ``per_theme`` x themes when
        that is more, so that every theme appears.
    per_theme
        Segments drawn for each theme the automatic coding found (all of them if it found fewer),
        rarest theme first; the rest of the sample is drawn at random among the other segments,
        coded or not.
    seed
        Seed of the draw (the same inputs and seed give the same sample).
    delimiter
        ``","`` (default) or ``";"``, the separator Excel expects where the decimal mark is a
        comma (Italy, Spain, Bulgaria, Belgium, Finland...) when the file is opened by a double
        click. :func:`read_coded_sample` reads either.
    languages
        Only segments in these languages (those the coder reads); default: every language.

    Returns
    -------
    DataFrame
        The sample as written: :data:`SAMPLE_COLUMNS` and one empty column per theme, rows in
        random order.

    Raises
    ------
    InputError
        ``segments`` or ``codes`` lacks a column, a segment id repeats, ``n`` or ``per_theme``
        is not positive, or no segment is in ``languages``.
    ValueError
        ``delimiter`` is neither ``","`` nor ``";"``.
    """
    if delimiter not in (",", ";"):
        raise ValueError(f"delimiter must be ',' or ';', got {delimiter!r}")
    if n < 1 or per_theme < 1:
        raise InputError(f"the sample needs n >= 1 and per_theme >= 1, got n = {n}, per_theme = {per_theme}")
    absent = [column for column in ["language", "text"] if column not in segments.columns]
    if absent:
        raise InputError(f"segments lack the column(s) {', '.join(absent)}")
    _check_columns(codes, ["segment_id", "theme"], "the automatic codes")
    ids = segment_ids(segments)
    theme_ids = list(themes) if themes is not None else sorted(codes["theme"].astype(str).unique())
    clash = [theme for theme in theme_ids if theme in SAMPLE_COLUMNS + OPTIONAL_COLUMNS]
    if clash:
        raise InputError(
            f"theme id {clash[0]!r} is also the name of a column of the sample; rename the theme"
        )
    if languages is not None:
        keep = segments["language"].astype(str).isin(list(languages)).to_numpy()
        if not keep.any():
            found = ", ".join(sorted(segments["language"].astype(str).unique()))
            raise InputError(
                f"no segment is in the language(s) {', '.join(languages)}; the segments' languages: {found}",
                column="language",
            )
        segments, ids = segments[keep], ids[keep]
    auto = code_matrix(codes.assign(segment_id=codes["segment_id"].astype(str)), ids, theme_ids)
    rng = np.random.default_rng(seed)
    positions = _sample_positions(auto, n, per_theme, rng)
    sample = pd.DataFrame({
        "segment_id": ids.iloc[positions].to_numpy(),
        "language": segments["language"].iloc[positions].astype(str).to_numpy(),
        "text": segments["text"].iloc[positions].astype(str).to_numpy(),
    })
    for theme in theme_ids:
        sample[theme] = ""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sample.to_csv(path, index=False, encoding="utf-8-sig", sep=delimiter)
    return sample


def _read_rows(path: Path) -> list[list[str]]:
    """The records of a CSV saved by Excel or any editor: UTF-8 (with or without BOM), comma,
    semicolon or tab separated."""
    if not path.is_file():
        raise InputError("the coded sample file does not exist", file=path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            "is not UTF-8 text; in Excel save it as 'CSV UTF-8 (comma delimited)'",
            file=path, line=raw[: error.start].count(b"\n") + 1,
        ) from None
    header = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=header.count)
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def read_coded_sample(
    paths: str | Path | Sequence[str | Path],
    *,
    themes: Sequence[str] | None = None,
    sample: str | Path | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Read one or several coders' filled copies of the hand-coding sample.

    Parameters
    ----------
    paths
        One CSV or several. The coder of a row is its ``coder`` cell when the file has that
        column and the cell is filled, else the file's name without extension.
    themes
        The theme ids of the codebook: every theme column must be one of them, and each of them a
        column. Default: every column besides :data:`SAMPLE_COLUMNS`, ``coder`` and ``note``.
    sample
        The sample as written (its CSV, or its segment ids): a row whose segment is not in it is
        an error. Default: not checked.

    Returns
    -------
    DataFrame
        One row per coder and coded segment: ``coder, segment_id`` and one 0/1 column per theme.
        A row whose theme cells are all empty is a segment that coder did not code and is left
        out; in a row with at least one mark, an empty cell is 0.

    Raises
    ------
    InputError
        Naming file, row (as the spreadsheet numbers it: the header is row 1) and column: a
        missing column, an unknown theme, a value other than 1, 0 or empty, an empty segment id,
        a segment coded twice by one coder, a segment not in the sample, or no segment coded.
    """
    files = [Path(paths)] if isinstance(paths, str | Path) else [Path(path) for path in paths]
    if not files:
        raise InputError("no coded sample file was given")
    known: set[str] | None = None
    if sample is not None:
        if isinstance(sample, str | Path):
            rows = _read_rows(Path(sample))
            column = rows[0].index("segment_id") if rows and "segment_id" in rows[0] else None
            if column is None:
                raise InputError("the coding sample has no segment_id column", file=sample)
            known = {row[column].strip() for row in rows[1:] if len(row) > column}
        else:
            known = {str(segment_id) for segment_id in sample}
    theme_ids = list(themes) if themes is not None else None
    records: list[dict[str, object]] = []
    first_seen: dict[tuple[str, str], tuple[Path, int]] = {}
    for path in files:
        rows = _read_rows(path)
        if not rows or not any(cell.strip() for cell in rows[0]):
            raise InputError("is empty; expected the header of the coding sample", file=path)
        header = [cell.strip() for cell in rows[0]]
        if "segment_id" not in header:
            raise InputError(
                "has no segment_id column; expected the columns of the coding sample "
                "(segment_id, language, text, one column per theme)", file=path, line=1,
            )
        fixed = set(SAMPLE_COLUMNS + OPTIONAL_COLUMNS)
        file_themes = [name for name in header if name not in fixed and name]
        if theme_ids is not None:
            for name in file_themes:
                if name not in theme_ids:
                    raise InputError(
                        f"{name!r} is not a theme of the codebook (themes: {', '.join(theme_ids)})",
                        file=path, line=1, column=name,
                    )
            for theme in theme_ids:
                if theme not in header:
                    raise InputError(f"the column of theme {theme!r} is missing", file=path, line=1)
            file_themes = theme_ids
        elif not file_themes:
            raise InputError("has no theme column", file=path, line=1)
        position = {name: header.index(name) for name in header if name}
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            cells = {name: (row[at].strip() if at < len(row) else "") for name, at in position.items()}
            marks = {theme: cells[theme] for theme in file_themes}
            if all(mark == "" for mark in marks.values()):
                continue
            segment_id = cells["segment_id"]
            if not segment_id:
                raise InputError("the segment id is empty", file=path, line=number, column="segment_id")
            for theme, mark in marks.items():
                if mark not in ("1", "0", ""):
                    raise InputError(
                        f"value {mark!r} is not 1 (theme present), 0 or empty (absent)",
                        file=path, line=number, column=theme,
                    )
            if known is not None and segment_id not in known:
                raise InputError(
                    f"segment {segment_id!r} is not in the coding sample", file=path, line=number,
                    column="segment_id",
                )
            coder = cells.get("coder", "") or path.stem
            if (coder, segment_id) in first_seen:
                first_path, first_row = first_seen[(coder, segment_id)]
                raise InputError(
                    f"segment {segment_id!r} is coded twice by {coder!r} (first in {first_path.name}, "
                    f"row {first_row})", file=path, line=number, column="segment_id",
                )
            first_seen[(coder, segment_id)] = (path, number)
            records.append({"coder": coder, "segment_id": segment_id,
                            **{theme: int(mark == "1") for theme, mark in marks.items()}})
    if not records:
        raise InputError(
            "no segment is coded: type 1 in the column of each theme a segment expresses (0 or "
            "nothing elsewhere)", file=", ".join(str(path) for path in files),
        )
    columns = ["coder", "segment_id", *(theme_ids if theme_ids is not None else
                                        sorted({key for record in records for key in record} -
                                               {"coder", "segment_id"}))]
    coded = pd.DataFrame(records, columns=columns)
    theme_columns = columns[2:]
    coded[theme_columns] = coded[theme_columns].fillna(0).astype(int)
    return coded


THEME_ALPHA_COLUMNS = ["theme", "n_coders", "n", "alpha", "observed", "expected", "reason"]


def _check_columns(frame: pd.DataFrame, needed: Sequence[str], what: str) -> None:
    absent = [column for column in needed if column not in frame.columns]
    if absent:
        raise InputError(f"{what} lack the column(s) {', '.join(absent)}")


def _theme_ids(coded: pd.DataFrame, themes: Sequence[str] | None) -> list[str]:
    _check_columns(coded, ["coder", "segment_id"], "the hand codes")
    theme_ids = (list(themes) if themes is not None
                 else [column for column in coded.columns if column not in ("coder", "segment_id")])
    _check_columns(coded, theme_ids, "the hand codes")
    return theme_ids


def _automatic(codes: pd.DataFrame, segments: Sequence[str], theme_ids: Sequence[str]) -> pd.DataFrame:
    _check_columns(codes, ["segment_id", "theme"], "the automatic codes")
    return code_matrix(codes.assign(segment_id=codes["segment_id"].astype(str)), segments, theme_ids)


def theme_alphas(
    coded: pd.DataFrame, codes: pd.DataFrame | None = None, *, themes: Sequence[str] | None = None
) -> pd.DataFrame:
    """Krippendorff's binary alpha per theme across coders (each segment a unit, 1 or 0).

    Parameters
    ----------
    coded
        :func:`read_coded_sample` output (``coder, segment_id`` and one 0/1 column per theme); a
        segment a coder did not code is missing for that coder.
    codes
        The automatic codes, long (``segment_id, theme``): counted as one more coder. Default:
        the hand coders only.
    themes
        The themes, in order; default: the theme columns of ``coded``.

    Returns
    -------
    DataFrame
        ``theme, n_coders, n, alpha, observed, expected, reason`` (:class:`AlphaResult`), one row
        per theme and a last row :data:`OVERALL` with every segment x theme decision as a unit.
        Alpha is NaN, with the reason, with fewer than two coders.
    """
    theme_ids = _theme_ids(coded, themes)
    segments = list(dict.fromkeys(coded["segment_id"].astype(str)))
    frames = [
        group.assign(segment_id=group["segment_id"].astype(str)).set_index("segment_id")[theme_ids]
        .reindex(segments).astype(float)
        for _, group in coded.groupby("coder", sort=False)
    ]
    if codes is not None:
        frames.append(_automatic(codes, segments, theme_ids).astype(float))
    columns = {theme: [frame[theme].to_numpy() for frame in frames] for theme in theme_ids}
    columns[OVERALL] = [frame[theme_ids].to_numpy().ravel() for frame in frames]
    rows = []
    for theme, values in columns.items():
        if len(frames) < 2:
            nan = float("nan")
            result = AlphaResult(nan, nan, nan, 0, "fewer than two coders")
        else:
            result = krippendorff_alpha(np.column_stack(values))
        rows.append({"theme": theme, "n_coders": len(frames), "n": result.n, "alpha": result.alpha,
                     "observed": result.observed, "expected": result.expected, "reason": result.reason})
    return pd.DataFrame(rows, columns=THEME_ALPHA_COLUMNS)


def agreement_report(
    coded: pd.DataFrame,
    codes: pd.DataFrame,
    *,
    themes: Sequence[str] | None = None,
    threshold: float = FLAG_THRESHOLD,
) -> pd.DataFrame:
    """Agreement between the hand codes of a sample and the automatic codes, theme by theme.

    Parameters
    ----------
    coded
        :func:`read_coded_sample` output (``coder, segment_id`` and one 0/1 column per theme).
    codes
        The automatic codes, long: ``segment_id, theme``.
    themes
        The themes reported, in order; default: the theme columns of ``coded``.
    threshold
        ``kappa`` or ``alpha`` below it is flagged.

    Returns
    -------
    DataFrame
        :data:`AGREEMENT_REPORT_COLUMNS`, one row per theme and a last row :data:`OVERALL`:

        - ``n_segments``: segments hand-coded; ``n_codings``: hand codings (segments x coders);
        - ``hand_yes``: hand codings that mark the theme; ``auto_yes``: hand-coded segments the
          automatic coding gave the theme;
        - ``observed``, ``expected``, ``kappa``: Cohen's kappa of every hand coding against the
          automatic code of its segment (one coder: the usual kappa of the two codings);
          ``kappa_low``, ``kappa_high``: its 95% interval (:meth:`KappaResult.interval`);
        - ``alpha``: Krippendorff's binary alpha over all coders, the automatic coding counted as
          one more coder; ``alpha_hand``: over the hand coders only (NaN with one hand coder);
          see :func:`theme_alphas`;
        - ``flag``: ``"below 0.6"`` when ``kappa`` or ``alpha`` is below ``threshold``,
          ``"undefined"`` when ``kappa`` is NaN, else empty; ``reason``: why a figure is NaN.

        The overall row pools every (segment, theme) decision as one binary unit (its
        ``n_codings`` is hand codings x themes).

    Raises
    ------
    InputError
        ``coded`` or ``codes`` lacks a column.
    """
    theme_ids = _theme_ids(coded, themes)
    segments = list(dict.fromkeys(coded["segment_id"].astype(str)))
    auto = _automatic(codes, segments, theme_ids)
    hand_pairs = coded[theme_ids].to_numpy(dtype=int)
    auto_pairs = auto.loc[coded["segment_id"].astype(str), theme_ids].to_numpy(dtype=int)
    alphas = theme_alphas(coded, codes, themes=theme_ids).set_index("theme")
    alphas_hand = theme_alphas(coded, themes=theme_ids).set_index("theme")
    label = f"below {threshold:g}"
    pairs = {theme: (hand_pairs[:, at], auto_pairs[:, at], int(auto[theme].sum()))
             for at, theme in enumerate(theme_ids)}
    pairs[OVERALL] = (hand_pairs.ravel(), auto_pairs.ravel(), int(auto.to_numpy().sum()))
    rows = []
    for theme, (hand_values, auto_values, auto_yes) in pairs.items():
        kappa = cohen_kappa(hand_values.tolist(), auto_values.tolist())
        low, high = kappa.interval()
        alpha, alpha_hand = alphas.loc[theme], alphas_hand.loc[theme]
        flag = ("undefined" if np.isnan(kappa.kappa)
                else label if kappa.kappa < threshold or alpha["alpha"] < threshold else "")
        reasons = [f"{name}: {reason}" for name, reason in
                   (("kappa", kappa.reason), ("alpha", alpha["reason"]), ("alpha_hand", alpha_hand["reason"]))
                   if reason]
        rows.append({
            "theme": theme, "n_segments": len(segments), "n_codings": len(hand_values),
            "hand_yes": int(hand_values.sum()), "auto_yes": auto_yes,
            "observed": kappa.observed, "expected": kappa.expected, "kappa": kappa.kappa,
            "kappa_low": low, "kappa_high": high, "alpha": alpha["alpha"], "alpha_hand": alpha_hand["alpha"],
            "flag": flag,
            "reason": "; ".join(reasons),
        })
    return pd.DataFrame(rows, columns=AGREEMENT_REPORT_COLUMNS)


def write_agreement_report(report: pd.DataFrame, path: str | Path) -> Path:
    """Write :func:`agreement_report` output as CSV (``results/theme_agreement.csv``), full precision."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    report.to_csv(path, index=False)
    return path


def agreement_from_files(
    coded_paths: str | Path | Sequence[str | Path],
    codes: pd.DataFrame,
    output: str | Path,
    *,
    themes: Sequence[str] | None = None,
    sample: str | Path | Iterable[str] | None = None,
    threshold: float = FLAG_THRESHOLD,
) -> pd.DataFrame:
    """Read the filled samples, compare them with the automatic codes and write the table.

    :func:`read_coded_sample`, then :func:`agreement_report`, then :func:`write_agreement_report`
    to ``output`` (``results/theme_agreement.csv``); returns the table.
    """
    coded = read_coded_sample(coded_paths, themes=themes, sample=sample)
    report = agreement_report(coded, codes, themes=themes, threshold=threshold)
    write_agreement_report(report, output)
    return report
