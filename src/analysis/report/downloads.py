"""The report's downloads: every published table as CSV and XLSX, with disclosure control.

:func:`write_downloads` writes ``<out_dir>/<survey>/`` from the survey's processed files
(``docs/results.md``, "Published tables"): the results tables, the cleaning funnel (overall and
per partner), item missingness and the sample composition, each through
:func:`analysis.tables.write_table` (formula-neutralised, byte-identical on re-runs), the
candidates' ELM and Open Badges files (``microcredentials/``, copied as the prioritize stage wrote
them: catalogue content only, no respondent data), and a ``README.txt`` that lists them.

Suppression (:mod:`analysis.report.suppression`) works at two levels:

* **Groups.** For every profile field a table is broken down by (``analysis.by``, the agreement
  and priority scopes, and ``partner``), the groups' sizes are a line of counts whose total (all
  respondents) is published: groups of 1 to ``min_n - 1`` respondents are suppressed, and when
  that leaves exactly one group of a field suppressed, the next smallest is too, so that the
  total minus the other groups does not give it away. The composition tables and the cleaning
  funnel show the same sizes (linked tables): a group suppressed in any of them is suppressed in
  all, and in every statistics table (its rows keep their keys, lose their values and are flagged
  ``suppressed``). The crossed groups of ``analysis.cross`` (scope ``sector:country``) are such a
  line too, and a crossed group is also suppressed with a suppressed group of one of its fields
  and, for two fields, with its suppressed cell of the fields' composition table. Iterated to a
  fixed point.
* **Rows.** Any row of a statistics table resting on fewer than ``min_n`` respondents (its ``n``,
  or ``n_a``/``n_b``) is blanked too.

Pooled statistics that add up the groups (group_tests' ``n``) lose that count in a scope with a
suppressed group. Limit: a skill rated by fewer than ``min_n`` respondents of a published group is
blanked in that row only; the overall row minus the other groups still bounds its count.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import store
from analysis.config import SurveyConfig
from analysis.errors import InvariantError
from analysis.priorities.consortium import rank_agreement, shared_ranks
from analysis.report.columns import column_of
from analysis.report.i18n import N_
from analysis.report.suppression import (
    MISSING,
    TOTAL,
    Composition,
    SuppressedCounts,
    composition_table,
    suppress_counts,
    suppress_rows,
    suppress_statistics,
)
from analysis.stats.crossing import cross_scope, with_crossed_columns, with_crossed_labels
from analysis.tables import undo_formula_guard, write_table

__all__ = [
    "CONSORTIUM_DOWNLOADS",
    "PublishedTables",
    "as_published",
    "consortium_published",
    "funnel_counts",
    "published_tables",
    "suppress_funnel",
    "write_consortium_downloads",
    "write_downloads",
]

#: The folder of the consortium view's tables among the downloads (``downloads/consortium/``).
CONSORTIUM_DOWNLOADS = "consortium"

_INTEGER = re.compile(r"-?\d+")
_TEXT = {
    "scope", "group", "group_label", "group_a", "group_b", "skill_id", "skill_label", "skill_group",
    "dimension", "microcredential_id", "title", "method", "stability", "ipa_quadrant", "lff_quadrant",
    "covariance", "element", "annex_element", "field", "status", "to_decide", "theme", "theme_label",
    "source",
}


@dataclass(frozen=True)
class _Spec:
    """How one results table is published."""

    description: str
    keys: tuple[str, ...]
    n_columns: tuple[str, ...] = ("n",)
    group_columns: tuple[str, ...] = ("group",)
    keep: tuple[str, ...] = ()  # settings and flags, not statistics: never blanked


_RESULTS: dict[str, _Spec] = {
    "needs": _Spec(
        N_("needs per skill, overall and per group: mean importance and proficiency, MWDS, rank, quadrants"),
        ("scope", "group", "group_label", "skill_id", "skill_label", "skill_group"),
    ),
    "descriptives": _Spec(
        N_("ratings per skill and dimension: mean with confidence interval, median, share per scale point"),
        ("scope", "group", "skill_id", "dimension"),
    ),
    "gap_tests": _Spec(
        N_("Wilcoxon signed-rank test of importance vs proficiency per skill, with Holm-adjusted p"),
        ("scope", "group", "skill_id"),
    ),
    "group_tests": _Spec(
        N_("Kruskal-Wallis test of the discrepancy between the groups of a scope, per skill"),
        ("scope", "skill_id", "skill_label"), group_columns=(),
    ),
    "dunn": _Spec(
        N_("Dunn's post-hoc comparison of every pair of groups, per scope and skill"),
        ("scope", "skill_id", "group_a", "group_b"), n_columns=("n_a", "n_b"),
        group_columns=("group_a", "group_b"),
    ),
    "rank_uncertainty": _Spec(
        N_("bootstrap interval of each skill's need rank, its probability of being in the top k, and its "
        "marginal and simultaneous 95% rank confidence sets"),
        ("scope", "group", "group_label", "skill_id"), keep=("top_k", "level", "B", "flagged"),
    ),
    "agreement": _Spec(
        N_("Kendall's W: how far the groups of a scope agree on the ranking of needs"),
        ("scope",), n_columns=(), group_columns=(),
    ),
    "spearman": _Spec(
        N_("Spearman's rho between the needs rankings of every pair of groups (n = skills compared)"),
        ("scope", "group_a", "group_b"), n_columns=(), group_columns=("group_a", "group_b"), keep=("n",),
    ),
    "priorities": _Spec(
        N_("candidate micro-credentials ranked overall and per group, with criteria and rank stability"),
        ("scope", "group", "group_label", "microcredential_id", "title", "method"),
    ),
    "priority_acceptability": _Spec(
        N_("how often each candidate takes each rank when the criteria weights are drawn (SMAA)"),
        ("scope", "group", "microcredential_id", "rank"), n_columns=(),
    ),
    "completeness": _Spec(
        N_("each candidate's Annex I elements: filled in its design, missing (still to decide), or set "
        "when the credential is issued"),
        ("microcredential_id", "title", "element", "annex_element", "field"), n_columns=(), group_columns=(),
    ),
    "themes": _Spec(
        N_("themes of the open answers and interview notes: respondents or interviews mentioning each, "
           "overall and per group"),
        ("scope", "group", "group_label", "theme", "theme_label", "source"), n_columns=("base",),
    ),
    "missingness": _Spec(
        N_("item missing answers of the kept respondents, overall and per partner"),
        ("scope", "group", "skill_id", "dimension"),
    ),
}


@dataclass(frozen=True)
class PublishedTables:
    """The survey's tables as published: file stem -> suppressed frame, and what was suppressed.

    Attributes
    ----------
    tables : dict
        File stem (``needs``, ``composition_sector_country``, ``cleaning_funnel``, ...) -> table.
    descriptions : dict
        File stem -> one line on what the table holds (for README.txt).
    suppressed_groups : dict
        Profile field -> codes of its suppressed groups (``"(missing)"``: those who did not answer).
    min_n : int
        The threshold.
    funnel : SuppressedCounts or None
        The cleaning funnel as partners x (rules, kept) after suppression (None when the funnel
        per partner was not recorded): what the cleaning page shows.
    """

    tables: dict[str, pd.DataFrame]
    descriptions: dict[str, str]
    suppressed_groups: dict[str, frozenset[str]]
    min_n: int
    funnel: SuppressedCounts | None = None


def _read_table(path: Path) -> pd.DataFrame:
    """A CSV written by ``write_table``, with the column types it was written from.

    Keys and labels stay text (formula guard undone: ``write_table`` puts it back); columns of
    whole numbers become ``Int64``, of True/False ``boolean``, other numbers float, so that
    re-writing them gives the same text.
    """
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = pd.DataFrame(index=raw.index)
    for column in raw.columns:
        values = raw[column]
        present = values[values != ""]
        if column in _TEXT:
            frame[column] = values.map(undo_formula_guard).astype(object)
        elif present.empty:
            frame[column] = pd.Series(np.nan, index=raw.index, dtype=float)
        elif present.isin(["True", "False"]).all():
            frame[column] = values.map({"True": True, "False": False, "": pd.NA}).astype("boolean")
        elif present.map(lambda v: bool(_INTEGER.fullmatch(v))).all():
            frame[column] = pd.to_numeric(values.replace("", None)).astype("Int64")
        else:
            numbers = pd.to_numeric(values.replace("", None), errors="coerce")
            if numbers[values != ""].isna().any():  # text this module does not know: keep as text
                frame[column] = values.map(undo_formula_guard).astype(object)
            else:
                frame[column] = numbers.astype(float)
    return frame


def _group_mask(
    table: pd.DataFrame, columns: Sequence[str], hidden: Mapping[str, frozenset[str]]
) -> pd.Series:
    """Rows whose scope is a field and one of whose group columns names a suppressed group."""
    mask = pd.Series(False, index=table.index)
    if not columns or "scope" not in table.columns:
        return mask
    scopes = table["scope"].astype(str)
    for column in columns:
        groups = table[column].astype(str)
        mask |= pd.Series(
            [group in hidden.get(scope, frozenset()) for scope, group in zip(scopes, groups, strict=True)],
            index=table.index,
        )
    return mask


def _publish_statistics(
    name: str, table: pd.DataFrame, hidden: Mapping[str, frozenset[str]], min_n: int,
    hidden_rows: set[tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """One results table with its small rows and its suppressed groups blanked."""
    spec = _RESULTS[name]
    values = [c for c in table.columns if c not in spec.keys and c not in spec.keep and c != "suppressed"]
    mask = _group_mask(table, spec.group_columns, hidden)
    if hidden_rows:  # rows of groups suppressed in another table of the same groups
        mask |= pd.Series(
            [(s, g) in hidden_rows for s, g in zip(table["scope"], table["group"], strict=True)],
            index=table.index,
        )
    published = suppress_rows(table, mask, columns=values)
    if spec.n_columns:
        published = suppress_statistics(published, n_column=spec.n_columns, min_n=min_n, value_columns=values)
    if name == "group_tests":  # n adds up the groups in the test: with a group hidden it gives it away
        pooled = published["scope"].astype(str).map(lambda scope: bool(hidden.get(scope)))
        published = suppress_rows(published, pooled, columns=["n"])
    return published


def funnel_counts(funnel_by_partner: pd.DataFrame, rules: Sequence[str]) -> pd.DataFrame:
    """Partners x (rules, kept): the excluded and kept responses (raw is the row total).

    Raises
    ------
    InvariantError
        When a partner's raw count is not its kept plus its excluded responses.
    """
    table = funnel_by_partner.set_index("partner")[[*rules, "kept"]].astype(int)
    raw = funnel_by_partner.set_index("partner")["raw"].astype(int)
    wrong = raw[raw != table.sum(axis=1)]
    if not wrong.empty:
        raise InvariantError(
            f"cleaning_summary.json: funnel_by_partner of {list(wrong.index)!r}: raw != kept + excluded"
        )
    return table


def suppress_funnel(table: pd.DataFrame, hidden_partners: frozenset[str], min_n: int) -> SuppressedCounts:
    """The funnel per partner (:func:`funnel_counts`) through :func:`suppress_counts`.

    Partners suppressed as a group elsewhere (``hidden_partners``) lose their kept count too, so
    the group sizes agree with the composition tables.
    """
    force = pd.DataFrame(False, index=table.index, columns=table.columns)
    force.loc[force.index.isin(list(hidden_partners)), "kept"] = True
    return suppress_counts(table, min_n=min_n, force_cells=force)


def _crossed_hidden(
    respondents: pd.DataFrame,
    scope: str,
    parts: Sequence[str],
    hidden: Mapping[str, set[str]],
    compositions: Mapping[tuple[str, str | None], Composition],
) -> set[str]:
    """Crossed groups of ``scope`` to suppress because of their fields' groups and counts.

    A crossed group is suppressed when a group of one of its fields is (its size would add up
    from the crossed groups), and, for two fields, when its cell of their composition table is.
    """
    codes = respondents[scope]
    present = codes.notna()
    out: set[str] = set()
    for part in parts:
        hidden_part = hidden.get(part, set())
        if hidden_part:
            inside = present & respondents[part].astype(str).isin(hidden_part)
            out |= set(codes[inside].astype(str))
    if len(parts) == 2:
        for (rows, columns), composition in compositions.items():
            if {rows, columns} != set(parts):
                continue
            cells = composition.long
            cells = cells[cells["suppressed"] & ~cells["row"].isin([TOTAL, MISSING])
                          & ~cells["column"].isin([TOTAL, MISSING])]
            pairs = zip(cells["row"], cells["column"], strict=True)
            joined = [cross_scope([a, b] if rows == parts[0] else [b, a]) for a, b in pairs]
            out |= set(joined) & set(codes[present].astype(str))
    return out


def _link_groups(
    respondents: pd.DataFrame,
    fields: Sequence[str],
    pairs: Sequence[tuple[str, str | None]],
    labels: Mapping[str, Mapping[str, str]],
    funnel: pd.DataFrame | None,
    min_n: int,
    crosses: Mapping[str, Sequence[str]] | None = None,
) -> tuple[dict[str, frozenset[str]], dict[tuple[str, str | None], Composition], SuppressedCounts | None]:
    """Suppressed groups per field, consistent across every table that shows the groups' sizes.

    Each field's group sizes (a line whose total, all respondents, is published), the
    composition tables of ``pairs`` and the funnel's kept responses per partner are suppressed
    with the groups already hidden elsewhere forced; repeated until no table hides a new group.
    A crossed scope (``crosses``: its column of ``respondents`` -> its fields, also in ``fields``)
    is a field too, whose groups are also suppressed with a group of their fields or with their
    cell of the fields' composition table (:func:`_crossed_hidden`).
    """
    crosses = crosses or {}
    hidden: dict[str, set[str]] = {field: set() for field in fields}
    twins = [
        (a, b) for a, b in itertools.combinations(fields, 2)
        if respondents[a].astype(object).fillna(MISSING).equals(respondents[b].astype(object).fillna(MISSING))
    ]
    while True:
        before = {field: set(codes) for field, codes in hidden.items()}
        for field in fields:
            line = composition_table(
                respondents, field, min_n=min_n, labels=labels, force_rows=sorted(hidden[field])
            )
            hidden[field] |= line.suppressed_groups(field)
        compositions = {}
        for rows, columns in pairs:
            composition = composition_table(
                respondents, rows, columns, min_n=min_n, labels=labels,
                force_rows=sorted(hidden[rows]), force_columns=sorted(hidden[columns] if columns else ()),
            )
            compositions[(rows, columns)] = composition
            hidden[rows] |= composition.suppressed_groups(rows)
            if columns is not None:
                hidden[columns] |= composition.suppressed_groups(columns)
        suppressed_funnel = None
        if funnel is not None and "partner" in hidden:
            partners = frozenset(hidden["partner"])
            suppressed_funnel = suppress_funnel(funnel, partners, min_n)
            kept = suppressed_funnel.reasons["kept"]
            hidden["partner"] |= set(kept[kept != ""].index)
        for scope, parts in crosses.items():
            hidden[scope] |= _crossed_hidden(respondents, scope, parts, hidden, compositions)
        for a, b in twins:
            hidden[a] = hidden[b] = hidden[a] | hidden[b]
        if hidden == before:
            return {f: frozenset(codes) for f, codes in hidden.items()}, compositions, suppressed_funnel


def _funnel_overall(
    summary: Mapping[str, object], entries: Sequence[tuple[str, object, str]]
) -> pd.DataFrame:
    """The cleaning funnel overall: step (raw, each rule, kept), description, n, suppression."""
    descriptions = {str(s["rule"]): str(s["reason"]) for s in summary["funnel"]}  # type: ignore[union-attr]
    descriptions |= {"raw": "responses read", "kept": "responses kept for the analysis"}
    overall = pd.DataFrame(
        [{"step": step, "description": descriptions.get(step, ""), "n": n, "suppressed": bool(reason),
          "suppressed_reason": reason} for step, n, reason in entries],
        columns=["step", "description", "n", "suppressed", "suppressed_reason"],
    )
    overall["n"] = overall["n"].astype("Int64")
    return overall


def _funnel_tables(
    summary: Mapping[str, object], counts: SuppressedCounts, labels: Mapping[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cleaning funnel overall and per partner (long), from the suppressed partners x steps."""
    table, reasons, totals = counts
    steps = list(table.columns)
    overall = _funnel_overall(
        summary,
        [("raw", totals.grand, totals.grand_reason)]
        + [(step, totals.columns[step], totals.column_reasons[step]) for step in steps],
    )
    records = []
    for partner in table.index:
        for step, n, reason in [("raw", totals.rows[partner], totals.row_reasons[partner])] + [
            (step, table.at[partner, step], reasons.at[partner, step]) for step in steps
        ]:
            records.append({
                "partner": partner, "partner_label": labels.get(partner, partner), "step": step, "n": n,
                "suppressed": bool(reason), "suppressed_reason": reason,
            })
    by_partner = pd.DataFrame(records)
    by_partner["n"] = by_partner["n"].astype("Int64")
    return overall, by_partner


def _funnel_without_partners(summary: Mapping[str, object], rules: Sequence[str], min_n: int) -> pd.DataFrame:
    """The overall funnel of a folder written before funnel_by_partner: one line, raw its total."""
    excluded = {str(s["rule"]): int(s["excluded"]) for s in summary["funnel"]}  # type: ignore[union-attr]
    line = pd.DataFrame([[*(excluded[r] for r in rules), int(summary["n_kept"])]],  # type: ignore[call-overload]
                        index=["all"], columns=[*rules, "kept"])
    if int(line.sum(axis=1).iloc[0]) != int(summary["n_raw"]):  # type: ignore[call-overload]
        raise InvariantError("cleaning_summary.json: n_raw != n_kept + the funnel's excluded")
    table, reasons, totals = suppress_counts(line, min_n=min_n, row_total=True, column_total=False)
    return _funnel_overall(
        summary,
        [("raw", totals.rows["all"], totals.row_reasons["all"])]
        + [(step, table.at["all", step], reasons.at["all", step]) for step in line.columns],
    )


def _composition_pairs(by: Sequence[str]) -> list[tuple[str, str | None]]:
    if len(by) == 1:
        return [(by[0], None)]
    return list(itertools.combinations(by, 2))


def published_tables(config: SurveyConfig, *, min_n: int = 5) -> PublishedTables:
    """Every table the report publishes for one survey, read from its processed files and suppressed.

    Raises
    ------
    FileNotFoundError
        When the survey has not been cleaned and analysed (``skillsneeds run``).
    """
    out = store.folder(config)
    for required in (out / store.SUMMARY, out / store.RESPONDENTS, store.result_path(config, "needs")):
        store.require(config, required, "run")
    summary = store.read_summary(config)
    respondents = store.read_respondents(config)
    labels: dict[str, dict[str, str]] = {k: dict(v) for k, v in summary.get("group_labels", {}).items()}
    cleaning = store.load_cleaning(config, summary)
    funnel_partner = cleaning["funnel_by_partner"]
    rules = [str(step["rule"]) for step in summary.get("funnel", [])]
    funnel = None
    if isinstance(funnel_partner, pd.DataFrame) and not funnel_partner.empty:
        labels["partner"] = dict(zip(funnel_partner["partner"], funnel_partner["partner_label"], strict=True))
        funnel = funnel_counts(funnel_partner, rules)

    by = tuple(config.analysis.by)
    cross = config.analysis.cross
    parts = tuple(field for fields in cross for field in fields)
    scopes = (*by, *config.analysis.agreement_fields, *config.priority_scopes, "partner", *parts)
    fields = [field for field in dict.fromkeys(scopes) if field in respondents.columns]
    crosses = {cross_scope(f): f for f in cross if all(field in respondents.columns for field in f)}
    respondents = with_crossed_columns(respondents, list(crosses.values()))
    labels = with_crossed_labels(labels, list(crosses.values()))
    pairs = _composition_pairs(by)
    pairs += [  # two crossed fields' composition: the crossed groups' sizes, with their totals
        (a, b) for a, b in (f for f in crosses.values() if len(f) == 2)
        if (a, b) not in pairs and (b, a) not in pairs
    ]
    hidden, compositions, funnel_counts_ = _link_groups(
        respondents, [*fields, *crosses], pairs, labels, funnel, min_n, crosses
    )

    tables: dict[str, pd.DataFrame] = {}
    descriptions: dict[str, str] = {}
    for name, spec in _RESULTS.items():
        path = store.table_path(config, name)
        if name in ("priority_acceptability", "completeness") and config.priorities is None:
            continue
        if not path.exists():
            continue
        hidden_rows = None
        if name == "priority_acceptability" and "priorities" in tables:
            ranked = tables["priorities"]
            hidden_rows = set(zip(ranked.loc[ranked["suppressed"], "scope"],
                                  ranked.loc[ranked["suppressed"], "group"], strict=True))
        tables[name] = _publish_statistics(name, _read_table(path), hidden, min_n, hidden_rows)
        descriptions[name] = spec.description
    if funnel_counts_ is not None:
        overall, by_partner = _funnel_tables(summary, funnel_counts_, labels.get("partner", {}))
        tables["cleaning_funnel"] = overall
        descriptions["cleaning_funnel"] = N_("responses read, excluded by each cleaning rule, and kept")
        tables["cleaning_funnel_by_partner"] = by_partner
        descriptions["cleaning_funnel_by_partner"] = N_(
            "the cleaning funnel per partner (raw, each rule, kept)"
        )
    elif summary.get("funnel"):  # a folder written before the funnel per partner was recorded
        tables["cleaning_funnel"] = _funnel_without_partners(summary, rules, min_n)
        descriptions["cleaning_funnel"] = N_("responses read, excluded by each cleaning rule, and kept")
    for (rows, columns), composition in compositions.items():
        stem = f"composition_{rows}" + (f"_{columns}" if columns else "")
        tables[stem] = composition.long
        descriptions[stem] = (
            f"respondents by {rows}" + (f" and {columns}" if columns else "") + ", with totals"
        )
    return PublishedTables(tables, descriptions, hidden, min_n, funnel_counts_)


def as_published(table: pd.DataFrame, published: PublishedTables, name: str) -> pd.DataFrame:
    """``table`` (a results table as read for the pages) with what the download ``name`` hides.

    The page's copy of a table may carry labels in another language; its rows are those of the
    published table, in the same order. Every value the published table leaves empty is blanked
    here too (:func:`analysis.report.suppression.suppress_rows`), and the ``suppressed`` flag is
    the published one, so the pages show exactly what the downloads show.

    Raises
    ------
    InvariantError
        When the two tables do not have the same rows (keys).
    """
    if name not in published.tables:
        return table
    public = published.tables[name].reset_index(drop=True)
    spec = _RESULTS[name]
    keys = [key for key in spec.keys if key in table.columns and key in public.columns
            and not key.endswith("label") and key not in ("title", "skill_group")]
    mine = table.reset_index(drop=True)
    if len(mine) != len(public) or any(
        not mine[key].astype(str).equals(public[key].astype(str)) for key in keys
    ):
        raise InvariantError(f"{store.table_file(name)}: the page's rows differ from the published table's")
    out = mine.copy()
    for column in public.columns:
        if column in keys or column == "suppressed" or column not in out.columns:
            continue
        blanked = public[column].isna() & out[column].notna()
        if blanked.any():
            out = suppress_rows(out, blanked, columns=[column])
    out["suppressed"] = public["suppressed"].astype(bool).to_numpy()
    out.index = table.index
    return out


def _readme(config: SurveyConfig, published: PublishedTables, *, exports: bool = False) -> str:
    note = config.note.strip()
    lines = [f"{config.title} ({config.name}): published tables", ""]
    if "synthetic" in note.lower():
        lines += ["SYNTHETIC DATA: these tables describe invented respondents, not real ones.", ""]
    if note:
        lines += [f"Note: {note}", ""]
    lines += [
        "This is the machine-readable edition: the results tables with their column names",
        "(snake_case) and full precision, the same in every release (the partner edition, with",
        "headers and labels in a language and rounded numbers, is in ../<language>/<survey>/).",
        "Every table is here twice, as CSV (UTF-8, comma-separated, decimal point) and as XLSX with",
        "the same content. Text that a spreadsheet would run as a formula starts with an",
        "apostrophe. An empty cell is a value that does not exist or is suppressed, never zero.",
        "",
        f"Disclosure control (minimum n = {published.min_n}):",
        f"- Counts of 1 to {published.min_n - 1} respondents are suppressed (primary suppression), in",
        "  the cells and in the totals; 0 is shown. Where a published total would let a reader work",
        "  out a suppressed count (the total minus the other counts of its row or column), the",
        "  smallest other non-zero count of that row or column is suppressed too (secondary",
        "  suppression), or the total when there is none, until no count can be worked out. Count",
        "  tables have a `suppressed` column and a `suppressed_reason` (primary / secondary).",
        f"- Statistics resting on fewer than {published.min_n} respondents, and every statistic of a",
        "  suppressed group, are blanked: the row keeps its keys and has `suppressed` = True. A group",
        "  is suppressed when it has fewer respondents, or to protect such a group of the same field",
        "  (secondary), in every table alike.",
        "",
        "Files:",
    ]
    for stem in sorted(published.tables):
        lines.append(f"- {stem}.csv, {stem}.xlsx: {published.descriptions[stem]}")
    columns = dict.fromkeys(name for table in published.tables.values() for name in table.columns)
    lines += ["", "Columns:"]
    lines += [f"- {name}: {column_of(name).meaning.format(point=name[6:])}" for name in columns]
    if exports:
        lines += [
            "",
            "microcredentials/: each candidate micro-credential as <id>.elm.jsonld (European Learning",
            "Model v3, JSON-LD: to publish it in the Europass Qualification Dataset Register) and as",
            "<id>.ob3.json (an Open Badges 3.0 Achievement: to import it into a badge platform or an",
            "LMS such as Moodle). A candidate whose catalogue entry lacks an element the Europass",
            "profile requires has no .elm.jsonld (docs/priorities.md, \"Exports: ELM and Open Badges\").",
        ]
    hidden = {field: codes for field, codes in sorted(published.suppressed_groups.items()) if codes}
    if hidden:
        lines += ["", "Suppressed groups:"]
        lines += [f"- {field}: {', '.join(sorted(codes))}" for field, codes in hidden.items()]
    return "\n".join(lines) + "\n"


def write_downloads(config: SurveyConfig, out_dir: Path, *, min_n: int = 5) -> list[Path]:
    """Write the survey's published tables to ``out_dir/<survey>/`` as CSV and XLSX, and README.txt.

    The tables of :func:`published_tables`, each through :func:`analysis.tables.write_table`;
    files a previous run left there under other names are not touched. Re-running on the same
    processed files gives byte-identical files.

    Returns
    -------
    list of Path
        Every file written, sorted.
    """
    published = published_tables(config, min_n=min_n)
    folder = Path(out_dir) / config.name
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for stem, table in published.tables.items():
        written += write_table(table, folder / f"{stem}.csv")
    exports = store.microcredential_exports(config)
    if exports:
        target = folder / store.MICROCREDENTIALS
        target.mkdir(exist_ok=True)
        for paths in exports.values():
            for path in paths.values():
                (target / path.name).write_bytes(path.read_bytes())
                written.append(target / path.name)
    readme = folder / "README.txt"
    readme.write_text(_readme(config, published, exports=bool(exports)), encoding="utf-8", newline="\n")
    written.append(readme)
    return sorted(written)


def consortium_published(published: Mapping[str, PublishedTables]) -> PublishedTables | None:
    """The consortium view's tables, from the published priorities of each survey.

    Parameters
    ----------
    published
        Survey name -> its :func:`published_tables`, in the order of the site.

    Returns
    -------
    PublishedTables or None
        ``consortium`` (:data:`analysis.priorities.consortium.CONSORTIUM_COLUMNS`: the overall
        rank of every candidate more than one survey ranks, in each of them) and
        ``consortium_agreement`` (Spearman's rho per pair of surveys over their shared candidates);
        None when fewer than two surveys publish priorities. Built from the suppressed tables, so
        they show nothing the surveys' own downloads hide.
    """
    rankings = {}
    for name, tables in published.items():
        table = tables.tables.get("priorities")
        if table is None or table.empty:
            continue
        rankings[name] = table[table["rank"].notna()]
    if len(rankings) < 2:
        return None
    shared = shared_ranks(rankings)
    min_n = min(tables.min_n for tables in published.values())
    return PublishedTables(
        tables={"consortium": shared, "consortium_agreement": rank_agreement(shared)},
        descriptions={
            "consortium": N_("overall rank of every candidate several surveys rank, in each of them, with "
                             "its rank interval"),
            "consortium_agreement": N_("Spearman's rho between the overall ranks of each pair of surveys, "
                                       "over the candidates both rank (empty below 3)"),
        },
        suppressed_groups={},
        min_n=min_n,
    )


def write_consortium_downloads(published: Mapping[str, PublishedTables], out_dir: Path) -> list[Path]:
    """Write the consortium view's tables to ``out_dir/consortium/`` as CSV and XLSX, and README.txt.

    Nothing is written when fewer than two surveys publish priorities
    (:func:`consortium_published`).

    Returns
    -------
    list of Path
        Every file written, sorted.
    """
    tables = consortium_published(published)
    if tables is None:
        return []
    folder = Path(out_dir) / CONSORTIUM_DOWNLOADS
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for stem, table in tables.tables.items():
        written += write_table(table, folder / f"{stem}.csv")
    lines = [
        "Consortium view: the candidate micro-credentials several surveys rank",
        "",
        f"Surveys: {', '.join(published)}. Each survey's own tables are in ../<survey>/.",
        "",
        "Files:",
        *(f"- {stem}.csv, {stem}.xlsx: {tables.descriptions[stem]}" for stem in tables.tables),
        "",
        "Columns:",
    ]
    columns = dict.fromkeys(name for table in tables.tables.values() for name in table.columns)
    lines += [f"- {name}: {column_of(name).meaning}" for name in columns]
    readme = folder / "README.txt"
    readme.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    written.append(readme)
    return sorted(written)
