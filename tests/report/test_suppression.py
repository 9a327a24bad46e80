"""Disclosure control: hand-made tables with known answers, and an independent exact audit."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.report.suppression import (
    MISSING,
    TOTAL,
    composition_table,
    suppress_counts,
    suppress_statistics,
)


def _frame(rows: list[list[int]]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, index=[f"r{i + 1}" for i in range(len(rows))], columns=list("abcdefg"[: len(rows[0])])
    )


def _reasons(result) -> list[list[str]]:
    return result.reasons.to_numpy().tolist()


# --- an independent checker ------------------------------------------------------------------


def _augmented(values: np.ndarray, published: np.ndarray, row_total: bool, column_total: bool):
    """The table with its totals, which entries are published, and the lines (inner, total)."""
    m, n = values.shape
    full = np.zeros((m + 1, n + 1), dtype=int)
    full[:m, :n] = values
    full[:m, n] = values.sum(axis=1)
    full[m, :n] = values.sum(axis=0)
    full[m, n] = values.sum()
    lines = []
    if row_total:
        lines += [([(i, j) for j in range(n)], (i, n)) for i in range(m)]
        lines.append(([(i, n) for i in range(m)], (m, n)))
    if column_total:
        lines += [([(i, j) for i in range(m)], (m, j)) for j in range(n)]
        lines.append(([(m, j) for j in range(n)], (m, n)))
    return full, published, lines


def _hidden_entries(result, row_total: bool, column_total: bool) -> np.ndarray:
    """Which entries of the augmented table the result hides (False: published or not shown)."""
    m, n = result.table.shape
    hidden = np.zeros((m + 1, n + 1), dtype=bool)
    hidden[:m, :n] = result.table.isna().to_numpy()
    totals = result.totals
    if row_total:
        hidden[:m, n] = totals.rows.isna().to_numpy()
    if column_total:
        hidden[m, :n] = totals.columns.isna().to_numpy()
    if row_total or column_total:
        hidden[m, n] = totals.grand is pd.NA
    return hidden


def _single_line_disclosures(hidden: np.ndarray, lines) -> list:
    """Suppressed entries equal to a published total minus the published entries of its line."""
    found = []
    for inner, total in lines:
        if hidden[total]:
            continue
        suppressed = [e for e in inner if hidden[e]]
        if len(suppressed) == 1:
            found.append(suppressed[0])
    return found


def _exactly_determined(full: np.ndarray, hidden: np.ndarray, lines) -> dict:
    """Suppressed entries the published entries pin down, by exact Gauss-Jordan elimination.

    Every line says sum(inner) - total = 0; with the published entries moved to the right-hand
    side it is a linear system in the suppressed ones. An unknown is determined when its pivot
    row of the reduced row echelon form has no other non-zero coefficient.
    """
    unknown = [tuple(map(int, e)) for e in zip(*np.nonzero(hidden), strict=True)]
    col = {e: k for k, e in enumerate(unknown)}
    rows = []
    for inner, total in lines:
        coefficients = [Fraction(0)] * len(unknown)
        constant = Fraction(0)
        for entry, sign in [*((e, 1) for e in inner), (total, -1)]:
            if entry in col:
                coefficients[col[entry]] += sign
            else:
                constant -= sign * int(full[entry])
        rows.append(coefficients + [constant])
    pivot_row = 0
    pivots = {}
    for k in range(len(unknown)):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][k] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        lead = rows[pivot_row][k]
        rows[pivot_row] = [v / lead for v in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][k] != 0:
                factor = rows[r][k]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivots[k] = pivot_row
        pivot_row += 1
    determined = {}
    for k, r in pivots.items():
        if all(rows[r][j] == 0 for j in range(len(unknown)) if j != k):
            determined[unknown[k]] = rows[r][-1]
    return determined


# --- primary and secondary suppression -------------------------------------------------------


def test_a_cell_of_three_respondents_is_suppressed_and_zero_is_not():
    counts = _frame([[3, 10, 0], [20, 30, 40]])
    result = suppress_counts(counts, min_n=5, row_total=False, column_total=False)
    assert _reasons(result) == [["primary", "", ""], ["", "", ""]]
    assert result.table.dtypes.eq("Int64").all()
    assert result.table.isna().to_numpy().tolist() == [[True, False, False], [False, False, False]]
    assert result.table.at["r1", "c"] == 0
    assert result.totals.rows is None and result.totals.columns is None and result.totals.grand is None


def test_row_total_gets_a_secondary_suppression_of_the_smallest_other_non_zero_cell():
    counts = _frame([[3, 12, 8, 0], [20, 30, 40, 50]])
    result = suppress_counts(counts, min_n=5, row_total=True, column_total=False)
    # r1: 3 is primary; of 12, 8 and 0 the smallest non-zero is 8
    assert _reasons(result) == [["primary", "", "secondary", ""], ["", "", "", ""]]
    assert result.totals.rows.tolist() == [23, 140]  # published: 23 - 12 - 0 = 11 = 3 + 8, not 3
    assert result.totals.grand == 163
    assert result.totals.suppressed == []


def test_column_total_gets_a_secondary_suppression_too():
    counts = _frame([[3, 12, 8, 0], [20, 30, 40, 50]]).T
    result = suppress_counts(counts, min_n=5, row_total=False, column_total=True)
    assert result.reasons["r1"].tolist() == ["primary", "", "secondary", ""]
    assert result.reasons["r2"].tolist() == ["", "", "", ""]
    assert result.totals.columns.tolist() == [23, 140]


def test_ties_go_to_the_first_cell_in_order():
    result = suppress_counts(_frame([[2, 9, 9, 9]]), min_n=5, row_total=True, column_total=False)
    assert _reasons(result) == [["primary", "secondary", "", ""]]


def test_a_secondary_suppression_that_triggers_another_reaches_a_fixed_point():
    counts = _frame([[3, 10, 20], [15, 6, 30], [25, 40, 7]])
    result = suppress_counts(counts, min_n=5)
    # r1a primary -> r1b (row r1) -> r2a (column a: 15 < 25) -> r2b (row r2 now had one) -> done
    assert _reasons(result) == [
        ["primary", "secondary", ""],
        ["secondary", "secondary", ""],
        ["", "", ""],
    ]
    assert result.totals.rows.tolist() == [33, 51, 72]
    assert result.totals.columns.tolist() == [43, 56, 57]
    assert result.totals.grand == 156


def test_zeros_are_never_suppressed():
    counts = _frame([[0, 3, 8], [0, 9, 12]])
    result = suppress_counts(counts, min_n=5)
    assert _reasons(result) == [["", "primary", "secondary"], ["", "secondary", "secondary"]]
    assert result.table["a"].tolist() == [0, 0]
    assert result.totals.columns["a"] == 0


def test_a_line_without_another_cell_to_hide_suppresses_its_total_and_says_so():
    counts = _frame([[3, 10], [0, 20]])
    result = suppress_counts(counts, min_n=5)
    # r1a = 3 (and column a's total 3) primary -> r1b (row r1) -> r2b (column b); row r2 then has
    # r2b = 20 hidden and only a 0 beside it, so its total 20 goes instead; the row totals'
    # line (13 + 20 = 33) would give it back, so r1's total goes; the column totals' line too
    assert _reasons(result) == [["primary", "secondary"], ["", "secondary"]]
    assert result.totals.row_reasons.tolist() == ["secondary", "secondary"]
    assert result.totals.column_reasons.tolist() == ["primary", "secondary"]
    assert result.totals.suppressed == [("row", "r1"), ("row", "r2"), ("column", "a"), ("column", "b")]
    assert result.totals.grand == 33
    full, _, lines = _augmented(counts.to_numpy(), None, True, True)
    hidden = _hidden_entries(result, True, True)
    assert _single_line_disclosures(hidden, lines) == []
    assert _exactly_determined(full, hidden, lines) == {}


def test_a_small_total_is_suppressed_like_a_cell():
    counts = _frame([[1, 2, 0], [40, 50, 60], [30, 20, 10]])
    result = suppress_counts(counts, min_n=5)
    assert result.totals.row_reasons["r1"] == "primary"  # the group of 3 is hidden in its margin too
    assert pd.isna(result.totals.rows["r1"])
    assert result.totals.row_reasons.ne("").sum() >= 2  # ... and not given back by the grand total


def test_with_min_n_1_nothing_is_suppressed():
    counts = _frame([[1, 2, 0], [4, 1, 3]])
    result = suppress_counts(counts, min_n=1)
    assert (result.reasons == "").all().all()
    assert result.table.astype(int).equals(counts)
    assert result.totals.suppressed == []


def test_the_audit_breaks_a_cell_that_two_blocks_of_suppressions_pin_down():
    counts = _frame([[10, 11, 12, 13], [14, 15, 16, 17], [18, 19, 20, 21], [22, 23, 24, 25]])
    force = pd.DataFrame(False, index=counts.index, columns=counts.columns)
    for row, column in [("r1", "a"), ("r1", "b"), ("r2", "a"), ("r2", "b"),
                        ("r3", "c"), ("r3", "d"), ("r4", "c"), ("r4", "d"), ("r1", "c")]:
        force.at[row, column] = True
    full, _, lines = _augmented(counts.to_numpy(), None, True, True)
    hidden = np.zeros((5, 5), dtype=bool)
    hidden[:4, :4] = force.to_numpy()
    assert _single_line_disclosures(hidden, lines) == []  # every line has 0 or >= 2 suppressed ...
    assert _exactly_determined(full, hidden, lines) == {(0, 2): 12}  # ... yet r1c = 12 is pinned down

    result = suppress_counts(counts, min_n=1, force_cells=force)
    after = _hidden_entries(result, True, True)
    assert after.sum() > hidden.sum()
    assert _exactly_determined(full, after, lines) == {}


def test_bad_counts_are_named():
    with pytest.raises(ValueError, match=r"row 'r2', column 'b' holds -1"):
        suppress_counts(_frame([[1, 2], [3, -1]]))
    with pytest.raises(ValueError, match=r"row 'r1', column 'a' holds 1.5"):
        suppress_counts(_frame([[1.5, 2]]))
    with pytest.raises(ValueError, match="min_n"):
        suppress_counts(_frame([[1, 2]]), min_n=0)
    with pytest.raises(ValueError, match="not published"):
        suppress_counts(_frame([[1, 2]]), row_total=False, force_row_totals=["r1"])


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda m: st.integers(1, 4).flatmap(
            lambda n: st.lists(
                st.lists(st.integers(0, 14), min_size=n, max_size=n), min_size=m, max_size=m
            )
        )
    ),
    st.integers(1, 6),
    st.booleans(),
    st.booleans(),
)
def test_no_suppressed_count_can_be_recomputed(rows, min_n, row_total, column_total):
    counts = _frame(rows)
    result = suppress_counts(counts, min_n=min_n, row_total=row_total, column_total=column_total)
    full, _, lines = _augmented(counts.to_numpy(), None, row_total, column_total)
    hidden = _hidden_entries(result, row_total, column_total)
    # reasons and missing values agree; published counts are the true ones
    assert (result.reasons.ne("").to_numpy() == result.table.isna().to_numpy()).all()
    shown = ~hidden[:-1, :-1]
    assert (result.table.to_numpy()[shown].astype(int) == counts.to_numpy()[shown]).all()
    # primary: every count of 1..min_n-1 is hidden, cells and published totals alike
    present = np.zeros_like(hidden)
    present[:-1, :-1] = True
    present[:-1, -1] = row_total
    present[-1, :-1] = column_total
    present[-1, -1] = row_total or column_total
    assert not ((full >= 1) & (full < min_n) & present & ~hidden).any()
    # secondary: no row or column with a published total gives a suppressed count back ...
    assert _single_line_disclosures(hidden, lines) == []
    # ... and no combination of them does
    assert _exactly_determined(full, hidden, lines) == {}


# --- statistics ------------------------------------------------------------------------------


def test_suppress_statistics_blanks_a_group_of_three_and_keeps_its_keys():
    needs = pd.DataFrame({
        "scope": ["overall", "sector", "sector"],
        "group": ["all", "AGRI", "WOOD"],
        "skill_id": ["s1", "s1", "s1"],
        "n": [40, 37, 3],
        "mwds": [2.5, 2.4, 3.9],
        "rank": [1, 1, 1],
        "significant": [True, False, True],
        "ipa_quadrant": ["focus", "focus", "low priority"],
    })
    out = suppress_statistics(needs, min_n=5, value_columns=["mwds", "rank", "significant", "ipa_quadrant"])
    assert out[["scope", "group", "skill_id"]].equals(needs[["scope", "group", "skill_id"]])
    wood = out.iloc[2]
    assert wood[["n", "mwds", "rank", "significant", "ipa_quadrant"]].isna().all()
    assert out["suppressed"].tolist() == [False, False, True]
    assert out.iloc[:2].drop(columns="suppressed").astype(object).equals(needs.iloc[:2].astype(object))
    assert out["n"].dtype == "Int64" and out["rank"].dtype == "Int64"
    assert out["significant"].dtype == "boolean"
    assert needs.loc[2, "n"] == 3  # the input is not changed


def test_suppress_statistics_with_two_counts_and_an_existing_flag():
    dunn = pd.DataFrame({"group_a": ["A", "A"], "group_b": ["B", "C"], "n_a": [10, 10],
                         "n_b": [12, 2], "z": [1.0, 2.0], "suppressed": [True, False]})
    out = suppress_statistics(dunn, n_column=("n_a", "n_b"), value_columns=["z"])
    assert out["suppressed"].tolist() == [True, True]  # the first was flagged already
    assert out.loc[0, "z"] == 1.0
    assert out.loc[1, ["n_a", "n_b", "z"]].isna().all()
    with pytest.raises(ValueError, match="count columns"):
        suppress_statistics(dunn, n_column="n", value_columns=["z"])


# --- composition -----------------------------------------------------------------------------


def _respondents() -> pd.DataFrame:
    sectors = ["AGRI"] * 30 + ["CONST"] * 25 + ["WOOD"] * 3 + [None] * 6
    countries = (["BE", "IT"] * 32)[: len(sectors)]
    return pd.DataFrame({"sector": pd.array(sectors, dtype="string"), "country": countries})


def test_composition_hides_a_sector_of_three_in_its_cells_and_total():
    labels = {"sector": {"AGRI": "Agri-food", "CONST": "Construction", "WOOD": "Wood", "SUSTM": "Sust."},
              "country": {"BE": "Belgium", "IT": "Italy"}}
    composition = composition_table(_respondents(), "sector", "country", min_n=5, labels=labels)
    long = composition.long
    assert list(long.columns) == [
        "row", "row_label", "column", "column_label", "n", "suppressed", "suppressed_reason"
    ]
    assert list(dict.fromkeys(long["row"])) == ["AGRI", "CONST", "WOOD", "SUSTM", MISSING, TOTAL]
    wood = long[long["row"] == "WOOD"]
    assert wood["n"].isna().all() and wood["suppressed"].all()
    assert wood.set_index("column")["suppressed_reason"].to_dict() == {
        "BE": "primary", "IT": "primary", TOTAL: "primary"
    }
    assert (long["n"].isna() == long["suppressed"]).all()
    assert long[long["row"] == "SUSTM"]["n"].tolist() == [0, 0, 0]  # labelled, nobody: zeros shown
    sector_totals = long[(long["column"] == TOTAL) & (long["row"] != TOTAL)]
    assert sector_totals["suppressed"].sum() >= 2  # the 3 is not all respondents minus the rest
    grand = long[(long["row"] == TOTAL) & (long["column"] == TOTAL)]
    assert grand["n"].tolist() == [64]
    assert composition.suppressed_groups("sector") >= {"WOOD"}
    assert composition.wide.loc["Wood"].isna().all()
    assert list(composition.wide.columns) == ["Belgium", "Italy", "Total"]
    assert composition.wide.loc["Total", "Total"] == 64


def test_composition_of_one_field_and_forced_groups():
    one = composition_table(_respondents(), "sector", min_n=5)
    cells = one.long.set_index("row")
    assert set(one.long["column"]) == {TOTAL}
    assert cells.loc["WOOD", "suppressed_reason"] == "primary"
    # the 3 would be 64 - 30 - 25 - 6: the smallest other group (the 6 without an answer) goes too
    assert cells.loc[MISSING, "suppressed_reason"] == "secondary"
    assert cells.loc[TOTAL, "n"] == 64
    # a group hidden in a linked table: with WOOD that makes two, nothing more is needed
    forced = composition_table(_respondents(), "sector", min_n=5, force_rows=["AGRI"])
    assert forced.suppressed_groups("sector") == {"AGRI", "WOOD"}
    assert forced.long.set_index("row").loc["AGRI", "suppressed_reason"] == "secondary"
    with pytest.raises(ValueError, match="no column 'region'"):
        composition_table(_respondents(), "region")
