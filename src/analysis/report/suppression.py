"""Statistical disclosure control of the published tables: the threshold rule and cell suppression.

Every table the report publishes goes through one of two doors:

* a table of **counts** of respondents (sample composition, the cleaning funnel) goes through
  :func:`suppress_counts`: cells of 1 to ``min_n - 1`` respondents are suppressed (primary
  suppression, the threshold rule), then further cells are suppressed so that no suppressed cell
  can be worked out from the published totals (secondary, or complementary, suppression);
* a table of **statistics** with a respondent count per row (means, MWDS, shares, tests) goes
  through :func:`suppress_statistics`: a row computed from fewer than ``min_n`` respondents keeps
  its keys but loses its values and its ``n``, and is flagged ``suppressed``.

Notes
-----
The count table :math:`x_{ij}` is published beside its row totals :math:`R_i = \\sum_j x_{ij}`,
its column totals :math:`C_j = \\sum_i x_{ij}` and the grand total :math:`G`. Each published total
makes a *line*, a linear equation a reader can solve: row :math:`i` (:math:`x_{i1} + ... + x_{in}
= R_i`), column :math:`j`, the row totals (:math:`\\sum_i R_i = G`) and the column totals
(:math:`\\sum_j C_j = G`). The rules, in order:

1. *Primary*: an entry (cell or total) with :math:`1 \\le x < \\text{min\\_n}` is suppressed. Zero
   is not disclosive and stays.
2. *Secondary, line by line*: while some line has exactly one suppressed entry (its value would be
   the total minus the published entries), suppress the smallest non-zero published cell of that
   line (ties: the first in column / row order); when the line has no such cell, its total is
   suppressed instead. Lines are visited rows first, then columns, then the two lines of totals,
   and the visit restarts after every suppression, so the result is a fixed point and
   deterministic.
3. *Audit*: a suppressed entry may still be pinned down by combining several lines (two
   blocks of suppressions joined by a single cell). An entry is exactly determined when the unit
   vector of that entry lies in the row space of the lines restricted to the suppressed entries,
   i.e. when every vector of their null space is zero there. While one is, another cell of one
   of its lines is suppressed and step 2 runs again.

The audit guards against exact recalculation by linear equations. It does not compute the
interval a reader can narrow a suppressed cell to with the non-negativity of counts (the
"protection level" of Hundepool et al., ch. 4); tables for official statistics should be
protected with a dedicated tool such as tau-ARGUS.

References
----------
Hundepool, A., Domingo-Ferrer, J., Franconi, L., Giessing, S., Schulte Nordholt, E., Spicer, K.,
& de Wolf, P.-P. (2012). *Statistical Disclosure Control*. Chichester: Wiley. Ch. 4 (magnitude
tables: secondary cell suppression, audit, linked tables) and ch. 5 (frequency tables: the
threshold rule).
Cox, L. H. (1980). Suppression methodology and statistical disclosure control. *Journal of the
American Statistical Association*, 75(370), 377-385.

Examples
--------
>>> import pandas as pd
>>> counts = pd.DataFrame({"BE": [3, 10], "IT": [12, 20]}, index=["AGRI", "WOOD"])
>>> table, reasons, totals = suppress_counts(counts, min_n=5)
>>> reasons.to_dict(orient="index")  # doctest: +NORMALIZE_WHITESPACE
{'AGRI': {'BE': 'primary', 'IT': 'secondary'}, 'WOOD': {'BE': 'secondary', 'IT': 'secondary'}}
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_float_dtype, is_integer_dtype
from scipy.linalg import null_space

__all__ = [
    "MISSING",
    "PRIMARY",
    "SECONDARY",
    "TOTAL",
    "Composition",
    "SuppressedCounts",
    "Totals",
    "composition_table",
    "suppress_counts",
    "suppress_rows",
    "suppress_statistics",
]

PRIMARY = "primary"
SECONDARY = "secondary"
TOTAL = "(total)"
"""Code of the totals row and column in :func:`composition_table`."""
MISSING = "(missing)"
"""Code of the respondents who did not answer the field, in :func:`composition_table`."""

_LABELS = {TOTAL: "Total", MISSING: "No answer"}

Entry = tuple[int, int]


@dataclass(frozen=True)
class Totals:
    """The totals published beside a count table, after suppression.

    Attributes
    ----------
    rows, columns : pandas.Series or None
        Row (column) totals as ``Int64``, indexed like the table's rows (columns), ``<NA>`` where
        suppressed; None when that margin is not published.
    row_reasons, column_reasons : pandas.Series or None
        ``""``, ``"primary"`` or ``"secondary"`` per total (None when not published).
        ``"secondary"`` on a total means the line had no other non-zero cell to hide.
    grand : int, pandas.NA or None
        The grand total (``<NA>`` when suppressed; None when neither margin is published).
    grand_reason : str
        As the other reasons.
    """

    rows: pd.Series | None
    row_reasons: pd.Series | None
    columns: pd.Series | None
    column_reasons: pd.Series | None
    grand: Any
    grand_reason: str

    @property
    def suppressed(self) -> list[tuple[str, Hashable]]:
        """Every suppressed total as ``("row", key)``, ``("column", key)`` or ``("grand", None)``."""
        hidden: list[tuple[str, Hashable]] = []
        for margin, reasons in (("row", self.row_reasons), ("column", self.column_reasons)):
            if reasons is not None:
                hidden += [(margin, key) for key, reason in reasons.items() if reason]
        if self.grand_reason:
            hidden.append(("grand", None))
        return hidden


class SuppressedCounts(NamedTuple):
    """What :func:`suppress_counts` returns (a tuple: ``table, reasons, totals = ...``)."""

    table: pd.DataFrame
    """The counts as ``Int64``, ``<NA>`` where suppressed."""
    reasons: pd.DataFrame
    """Same shape: ``""`` (published), ``"primary"`` or ``"secondary"``."""
    totals: Totals
    """The published totals and which of them were suppressed."""


class _Grid:
    """A count table augmented with its totals (last row and column), and the lines they make."""

    def __init__(self, values: np.ndarray, *, row_total: bool, column_total: bool) -> None:
        m, n = values.shape
        self.shape = (m, n)
        self.value = np.zeros((m + 1, n + 1), dtype=np.int64)
        self.value[:m, :n] = values
        self.value[:m, n] = values.sum(axis=1)
        self.value[m, :n] = values.sum(axis=0)
        self.value[m, n] = values.sum()
        self.present = np.zeros((m + 1, n + 1), dtype=bool)
        self.present[:m, :n] = True
        self.present[:m, n] = row_total
        self.present[m, :n] = column_total
        self.present[m, n] = row_total or column_total
        self.reason = np.full((m + 1, n + 1), "", dtype=object)
        self.lines: list[tuple[list[Entry], Entry]] = []
        if row_total:
            self.lines += [([(i, j) for j in range(n)], (i, n)) for i in range(m)]
        if column_total:
            self.lines += [([(i, j) for i in range(m)], (m, j)) for j in range(n)]
        if row_total:
            self.lines.append(([(i, n) for i in range(m)], (m, n)))
        if column_total:
            self.lines.append(([(m, j) for j in range(n)], (m, n)))

    def entries(self) -> list[Entry]:
        """Published entries (cells and totals), row by row."""
        return [(int(i), int(j)) for i, j in zip(*np.nonzero(self.present), strict=True)]

    def hide(self, entry: Entry, reason: str) -> None:
        if not self.reason[entry]:
            self.reason[entry] = reason

    def primary(self, min_n: int) -> None:
        for entry in self.entries():
            if 1 <= self.value[entry] < min_n:
                self.reason[entry] = PRIMARY

    def _complement(self, inner: list[Entry], total: Entry) -> Entry | None:
        """The entry to hide beside a line's single suppressed entry."""
        open_cells = [e for e in inner if not self.reason[e]]
        non_zero = [e for e in open_cells if self.value[e] > 0]
        if non_zero:
            return min(non_zero, key=lambda e: self.value[e])  # min keeps the first of ties
        if not self.reason[total]:
            return total
        return open_cells[0] if open_cells else None

    def close_lines(self) -> None:
        """Secondary suppression until no line has exactly one suppressed entry."""
        while True:
            for inner, total in self.lines:
                if sum(bool(self.reason[e]) for e in (*inner, total)) == 1:
                    entry = self._complement(inner, total)
                    if entry is not None:
                        self.hide(entry, SECONDARY)
                        break
            else:
                return

    def determined(self) -> list[Entry]:
        """Suppressed entries that the published entries determine exactly (see Notes)."""
        unknown = [e for e in self.entries() if self.reason[e]]
        position = {entry: k for k, entry in enumerate(unknown)}
        equations = []
        for inner, total in self.lines:
            coefficients = np.zeros(len(unknown))
            for entry in inner:
                if entry in position:
                    coefficients[position[entry]] += 1.0
            if total in position:
                coefficients[position[total]] -= 1.0
            if coefficients.any():
                equations.append(coefficients)
        if not equations:
            return []
        basis = null_space(np.vstack(equations))
        if basis.shape[1] == 0:
            return unknown
        return [entry for entry in unknown if np.abs(basis[position[entry]]).max() < 1e-9]

    def widen(self, entry: Entry) -> Entry:
        """Another entry to hide so that ``entry`` is no longer determined."""
        lines = [(inner, total) for inner, total in self.lines if entry in (*inner, total)]
        for inner, _ in lines:
            candidates = [e for e in inner if not self.reason[e] and self.value[e] > 0]
            if candidates:
                return min(candidates, key=lambda e: self.value[e])
        for _, total in lines:
            if not self.reason[total]:
                return total
        rest = [e for e in self.entries() if not self.reason[e]]
        if not rest:  # cannot happen: with every entry hidden, none is determined
            raise RuntimeError("suppression audit: no entry left to suppress")
        return min(rest, key=lambda e: (self.value[e] == 0, self.value[e]))

    def protect(self) -> None:
        while True:
            self.close_lines()
            determined = self.determined()
            if not determined:
                return
            self.hide(self.widen(determined[0]), SECONDARY)


def _check_min_n(min_n: int) -> None:
    if isinstance(min_n, bool) or not isinstance(min_n, int | np.integer) or min_n < 1:
        raise ValueError(f"min_n must be a whole number >= 1, not {min_n!r}")


def _count_values(table: pd.DataFrame) -> np.ndarray:
    """The counts as int64, or a ValueError naming the first bad cell."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"suppress_counts needs a pandas DataFrame of counts, not {type(table).__name__}")
    if not table.index.is_unique or not table.columns.is_unique:
        raise ValueError("the count table's row and column labels must be unique")
    values = np.zeros(table.shape, dtype=np.int64)
    for j, column in enumerate(table.columns):
        numbers = pd.to_numeric(table[column], errors="coerce")
        for i, (raw, number) in enumerate(zip(table[column], numbers, strict=True)):
            if pd.isna(number) or number < 0 or number != int(number) or isinstance(raw, bool):
                raise ValueError(
                    f"count table: row {table.index[i]!r}, column {column!r} holds {raw!r}; "
                    "counts must be whole numbers >= 0"
                )
            values[i, j] = int(number)
    return values


def _labels_in(keys: Collection[Hashable], labels: pd.Index, what: str) -> list[int]:
    unknown = [key for key in keys if key not in labels]
    if unknown:
        raise ValueError(f"{what} {unknown!r} not in the table ({list(labels)!r})")
    return [labels.get_loc(key) for key in keys]


def suppress_counts(
    table: pd.DataFrame,
    *,
    min_n: int = 5,
    row_total: bool = True,
    column_total: bool = True,
    force_cells: pd.DataFrame | None = None,
    force_row_totals: Collection[Hashable] = (),
    force_column_totals: Collection[Hashable] = (),
) -> SuppressedCounts:
    """Suppress the disclosive cells of a cross-tabulation of respondent counts.

    Primary suppression (threshold rule) of entries with 1 to ``min_n - 1`` respondents, then
    secondary suppression until no suppressed entry can be recomputed from a published total,
    then an audit against recomputation from several totals together (module Notes). Totals are
    entries too: a group of 3 is hidden in its margin as well as in its cells.

    Parameters
    ----------
    table : pandas.DataFrame
        Counts (whole numbers >= 0), rows x categories; the totals are not in the table.
    min_n : int
        The smallest count published (>= 1; 1 publishes everything).
    row_total, column_total : bool
        Whether the row totals (a "Total" column beside the rows) and the column totals (a
        "Total" row) are published. The grand total is published when either is.
    force_cells, force_row_totals, force_column_totals
        Cells (a boolean frame of the table's shape) and totals (row / column labels) to suppress
        whatever their value, with reason ``"secondary"``: for linked tables, where a group
        suppressed in one published table must be suppressed in another that shows it.

    Returns
    -------
    SuppressedCounts
        ``(table, reasons, totals)``: the counts as ``Int64`` with ``<NA>`` where suppressed; a
        frame of the same shape of ``""`` / ``"primary"`` / ``"secondary"``; and :class:`Totals`
        (the totals, ``<NA>`` where suppressed, with their reasons).

    Raises
    ------
    ValueError
        When a count is missing, negative or fractional, ``min_n`` < 1, or a forced label is not
        in the table or its margin is not published.
    """
    _check_min_n(min_n)
    values = _count_values(table)
    grid = _Grid(values, row_total=row_total, column_total=column_total)
    m, n = grid.shape
    grid.primary(min_n)
    if force_cells is not None:
        force = force_cells.reindex(index=table.index, columns=table.columns, fill_value=False)
        for i, j in zip(*np.nonzero(force.fillna(False).to_numpy(dtype=bool)), strict=True):
            grid.hide((int(i), int(j)), SECONDARY)
    if (force_row_totals and not row_total) or (force_column_totals and not column_total):
        raise ValueError("cannot force the suppression of totals that are not published")
    for i in _labels_in(force_row_totals, table.index, "row totals"):
        grid.hide((i, n), SECONDARY)
    for j in _labels_in(force_column_totals, table.columns, "column totals"):
        grid.hide((m, j), SECONDARY)
    grid.protect()

    hidden = grid.reason[:m, :n].astype(bool)
    counts = pd.DataFrame(values, index=table.index, columns=table.columns).astype("Int64")
    counts = counts.mask(hidden)
    reasons = pd.DataFrame(grid.reason[:m, :n].astype(str), index=table.index, columns=table.columns)

    def _margin(sums: np.ndarray, why: np.ndarray, index: pd.Index) -> tuple[pd.Series, pd.Series]:
        total = pd.Series(sums, index=index, dtype="Int64", name="total")
        return total.mask(why.astype(bool)), pd.Series(why.astype(str), index=index, name="reason")

    rows = row_reasons = columns = column_reasons = None
    if row_total:
        rows, row_reasons = _margin(grid.value[:m, n], grid.reason[:m, n], table.index)
    if column_total:
        columns, column_reasons = _margin(grid.value[m, :n], grid.reason[m, :n], table.columns)
    grand: Any = None
    grand_reason = ""
    if row_total or column_total:
        grand_reason = str(grid.reason[m, n])
        grand = pd.NA if grand_reason else int(grid.value[m, n])
    totals = Totals(rows, row_reasons, columns, column_reasons, grand, grand_reason)
    return SuppressedCounts(counts, reasons, totals)


def _blank(column: pd.Series, mask: pd.Series) -> pd.Series:
    """``column`` with missing values where ``mask``, in a dtype that can hold them."""
    if not mask.any():
        return column
    if is_bool_dtype(column.dtype):
        column = column.astype("boolean")
    elif is_integer_dtype(column.dtype) and not isinstance(column.dtype, pd.Int64Dtype):
        column = column.astype("Int64")
    elif not is_float_dtype(column.dtype) and not pd.api.types.is_extension_array_dtype(column.dtype):
        column = column.astype(object)
    return column.mask(mask)


def suppress_rows(
    table: pd.DataFrame, mask: pd.Series | np.ndarray, *, columns: Sequence[str]
) -> pd.DataFrame:
    """Blank ``columns`` in the rows where ``mask`` is true and flag those rows ``suppressed``.

    The rows stay (their keys say what was suppressed). A ``suppressed`` column already in the
    table is kept and or-ed with ``mask``; otherwise one is appended.

    Raises
    ------
    ValueError
        When a column is not in the table, or ``mask`` has another length.
    """
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise ValueError(f"columns {missing!r} not in the table ({list(table.columns)!r})")
    mask = pd.Series(np.asarray(mask, dtype=bool), index=table.index)
    if len(mask) != len(table):
        raise ValueError(f"mask has {len(mask)} values for {len(table)} rows")
    out = table.copy()
    for column in columns:
        out[column] = _blank(out[column], mask)
    before = out["suppressed"] if "suppressed" in out.columns else pd.Series(False, index=out.index)
    before = before.astype(str).str.lower().isin(["true", "1", "1.0"])
    out["suppressed"] = (before | mask).astype(bool)
    return out


def suppress_statistics(
    table: pd.DataFrame,
    *,
    n_column: str | Sequence[str] = "n",
    min_n: int = 5,
    value_columns: Sequence[str],
) -> pd.DataFrame:
    """Blank the statistics of every row computed from fewer than ``min_n`` respondents.

    Parameters
    ----------
    table : pandas.DataFrame
        Statistics with a respondent count per row (e.g. needs.csv: scope, group, skill_id, n,
        importance_mean, ..., mwds, rank).
    n_column : str or sequence of str
        The respondent count(s) of the row; with several (Dunn's ``n_a``, ``n_b``) the row is
        suppressed when any is below ``min_n``. A missing count counts as below.
    min_n : int
        The smallest number of respondents a published statistic rests on.
    value_columns : sequence of str
        The statistics to blank (never the keys).

    Returns
    -------
    pandas.DataFrame
        A copy in which the rows with ``n < min_n`` keep their keys, have ``value_columns`` and
        the count column(s) missing (integer columns become ``Int64``, booleans ``boolean``), and
        a boolean ``suppressed`` column (or-ed with one already in the table).
    """
    _check_min_n(min_n)
    counts = [n_column] if isinstance(n_column, str) else list(n_column)
    missing = [column for column in counts if column not in table.columns]
    if missing:
        raise ValueError(f"count columns {missing!r} not in the table ({list(table.columns)!r})")
    mask = pd.Series(False, index=table.index)
    for column in counts:
        n = pd.to_numeric(table[column], errors="coerce")
        mask |= (n < min_n).fillna(True).astype(bool)
    return suppress_rows(table, mask, columns=list(dict.fromkeys([*value_columns, *counts])))


@dataclass(frozen=True)
class Composition:
    """The published sample composition of :func:`composition_table`.

    Attributes
    ----------
    long : pandas.DataFrame
        One row per cell and total, for CSV: ``row``, ``row_label``, ``column``, ``column_label``,
        ``n`` (``Int64``, ``<NA>`` when suppressed), ``suppressed`` (bool), ``suppressed_reason``
        (``""`` / ``"primary"`` / ``"secondary"``). Totals have the code ``"(total)"`` (label
        "Total"); respondents who did not answer a field, ``"(missing)"`` ("No answer").
    wide : pandas.DataFrame
        The display form: row labels x column labels with a "Total" row and column (with one
        field: the groups x "Total"), ``Int64`` with ``<NA>`` where suppressed.
    counts : SuppressedCounts
        The result of :func:`suppress_counts` (codes as labels).
    rows, columns : str or None
        The profile fields (``columns`` None for a one-field table).
    """

    long: pd.DataFrame
    wide: pd.DataFrame
    counts: SuppressedCounts
    rows: str
    columns: str | None

    def suppressed_groups(self, field: str) -> set[str]:
        """Codes of ``field`` whose total (or, for a one-field table, count) is suppressed."""
        if field == self.rows:
            cells = self.long[(self.long["column"] == TOTAL) & (self.long["row"] != TOTAL)]
            return set(cells.loc[cells["suppressed"], "row"])
        if field == self.columns:
            cells = self.long[(self.long["row"] == TOTAL) & (self.long["column"] != TOTAL)]
            return set(cells.loc[cells["suppressed"], "column"])
        raise ValueError(f"{field!r} is not a field of this table ({self.rows!r}, {self.columns!r})")


def _codes(values: pd.Series, labels: Mapping[str, str]) -> tuple[pd.Series, list[str]]:
    """Answer codes as text (``"(missing)"`` for no answer) and their order: labelled codes in the
    labels' order, then other codes sorted, then no answer."""
    codes = values.astype(object).where(values.notna() & (values.astype(object) != ""), MISSING)
    codes = codes.map(str)
    seen = set(codes)
    order = [str(code) for code in labels]
    order += sorted(seen - set(order) - {MISSING})
    if MISSING in seen:
        order.append(MISSING)
    return codes, order


def _unique_labels(codes: Sequence[str], labels: Mapping[str, str]) -> dict[str, str]:
    """Code -> display label; a label shared by two codes gets its code in brackets."""
    names = {code: str(_LABELS.get(code, labels.get(code, code))) for code in codes}
    shared = [name for name in names.values() if list(names.values()).count(name) > 1]
    return {code: f"{name} ({code})" if name in shared else name for code, name in names.items()}


def composition_table(
    respondents: pd.DataFrame,
    rows: str,
    columns: str | None = None,
    *,
    min_n: int = 5,
    labels: Mapping[str, Mapping[str, str]] | None = None,
    force_rows: Collection[str] = (),
    force_columns: Collection[str] = (),
) -> Composition:
    """The published sample composition: respondents by ``rows`` (x ``columns``), suppressed.

    Parameters
    ----------
    respondents : pandas.DataFrame
        One row per respondent (respondents.parquet) with the profile fields as answer codes.
    rows, columns : str
        Profile fields. With ``columns`` None the table is the respondents per group of ``rows``
        with the grand total (its groups' counts are the cells of one column whose total is
        published). Otherwise the crosstab with row, column and grand totals. Respondents who did
        not answer a field are a category of their own (``"(missing)"``), so that the totals
        are the groups' sizes and the grand total all respondents.
    min_n : int
        Passed to :func:`suppress_counts`.
    labels : mapping, optional
        Field -> answer code -> label (``cleaning_summary.json``'s ``group_labels``). Every
        labelled code is a row / column, also with no respondents; codes without a label follow,
        sorted.
    force_rows, force_columns : collection of str
        Group codes whose totals must be suppressed because another published table suppresses
        them (linked tables; with one field, ``force_rows`` are the groups' counts).

    Returns
    -------
    Composition
        The tidy long frame for CSV, the wide display form and the suppression result.
    """
    labels = labels or {}
    for field in (rows, columns):
        if field is not None and field not in respondents.columns:
            raise ValueError(
                f"respondents have no column {field!r} (columns: {list(respondents.columns)!r})"
            )
    row_labels = dict(labels.get(rows, {}))
    row_codes, row_order = _codes(respondents[rows], row_labels)
    if columns is None:
        col_labels: dict[str, str] = {}
        col_order = [TOTAL]
        table = row_codes.value_counts().reindex(row_order, fill_value=0).to_frame(TOTAL)
        force = pd.DataFrame({TOTAL: table.index.isin(list(force_rows))}, index=table.index)
        _labels_in(force_rows, table.index, "force_rows")
        result = suppress_counts(table, min_n=min_n, row_total=False, column_total=True, force_cells=force)
    else:
        col_labels = dict(labels.get(columns, {}))
        col_codes, col_order = _codes(respondents[columns], col_labels)
        table = pd.crosstab(row_codes, col_codes).reindex(index=row_order, columns=col_order, fill_value=0)
        result = suppress_counts(
            table, min_n=min_n, force_row_totals=force_rows, force_column_totals=force_columns
        )
    table_n, reasons, totals = result

    records = []
    for row in row_order:
        for column in col_order:
            records.append((row, column, table_n.at[row, column], reasons.at[row, column]))
        if totals.rows is not None:
            records.append((row, TOTAL, totals.rows[row], totals.row_reasons[row]))
    if columns is not None and totals.columns is not None:
        for column in col_order:
            records.append((TOTAL, column, totals.columns[column], totals.column_reasons[column]))
    records.append((TOTAL, TOTAL, totals.grand, totals.grand_reason))
    long = pd.DataFrame(records, columns=["row", "column", "n", "suppressed_reason"])
    long["n"] = long["n"].astype("Int64")
    row_names = _unique_labels([*row_order, TOTAL], row_labels)
    col_names = _unique_labels([*col_order, TOTAL], col_labels)
    long.insert(1, "row_label", long["row"].map(row_names))
    long.insert(3, "column_label", long["column"].map(col_names))
    long["suppressed"] = long["suppressed_reason"] != ""
    long = long[["row", "row_label", "column", "column_label", "n", "suppressed", "suppressed_reason"]]

    wide = long.pivot(index="row", columns="column", values="n")
    wide_rows = [*row_order, TOTAL]
    wide_columns = col_order if columns is None else [*col_order, TOTAL]
    wide = wide.reindex(index=wide_rows, columns=wide_columns).astype("Int64")
    wide.index = pd.Index([row_names[code] for code in wide_rows], name=rows)
    wide.columns = pd.Index([col_names[code] for code in wide_columns], name=columns)
    return Composition(long=long, wide=wide, counts=result, rows=rows, columns=columns)
