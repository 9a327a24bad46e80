"""The published tables of the bundled sample: complete, spreadsheet-safe, suppressed, reproducible."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from report_checks import is_number
from sample_project import make_project

from analysis.config import SurveyConfig, load_survey_config
from analysis.pipeline import analyze_survey, prioritize_survey
from analysis.report.downloads import write_downloads

SURVEYS = ("regional", "sector")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = '=HYPERLINK("http://example.invalid","x")'
# columns that name a row or hold a setting, never a statistic of its group
KEYS = {
    "scope", "group", "group_label", "group_a", "group_b", "skill_id", "skill_label", "skill_group",
    "dimension", "microcredential_id", "title", "method", "top_k", "level", "B", "flagged",
    "suppressed", "partner", "partner_label", "step", "description", "row", "row_label", "column",
    "column_label", "suppressed_reason", "theme", "theme_label", "source",
}


def _config(root: Path, name: str) -> SurveyConfig:
    return load_survey_config(root / "config" / "surveys" / f"{name}.yml")


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def published(sample_project: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("downloads")
    written = {name: write_downloads(_config(sample_project, name), out) for name in SURVEYS}
    return out, written


def _small_sector_project(sample_project: Path, root: Path) -> SurveyConfig:
    """A copy of the sample whose Wood-Furniture sector has 3 respondents, re-analysed.

    The other Wood-Furniture respondents move to the other sectors; a sector label and a
    partner label are made hostile (they reach the composition, needs and funnel tables).
    """
    make_project(root)
    processed = root / "data" / "processed" / "sector"
    shutil.copytree(sample_project / "data" / "processed" / "sector", processed)
    respondents = pd.read_parquet(processed / "respondents.parquet")
    wood = respondents.index[respondents["sector"] == "WOOD"]
    others = ["AGRI", "CONST", "MANUF", "SUSTM"]
    respondents.loc[wood[3:], "sector"] = [others[k % 4] for k in range(len(wood) - 3)]
    respondents.to_parquet(processed / "respondents.parquet", index=False)
    summary_path = processed / "cleaning_summary.json"
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    summary["group_labels"]["sector"]["AGRI"] = HOSTILE
    summary["funnel_by_partner"][0]["partner_label"] = "@SUM(1)"
    summary_path.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    config = _config(root, "sector")
    analysis = config.analysis.model_copy(
        update={"bootstrap": config.analysis.bootstrap.model_copy(update={"B": 100})}
    )
    priorities = config.priorities.model_copy(update={"draws": 200, "bootstrap": 20})
    config = config.model_copy(update={"analysis": analysis, "priorities": priorities})
    analyze_survey(config)
    prioritize_survey(config)
    return config


@pytest.fixture(scope="module")
def small(sample_project: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[SurveyConfig, Path, list]:
    config = _small_sector_project(sample_project, tmp_path_factory.mktemp("small_group"))
    out = config.root / "reports" / "downloads"
    return config, out / "sector", write_downloads(config, out)


def _all_folders(published, small) -> list[Path]:
    out, _ = published
    return [out / name for name in SURVEYS] + [small[1]]


# --- what is written ------------------------------------------------------------------------


def test_every_table_is_written_as_csv_and_xlsx_and_listed_in_the_readme(published):
    out, written = published
    expected = {
        "needs", "descriptives", "gap_tests", "group_tests", "dunn", "rank_uncertainty", "agreement",
        "spearman", "priorities", "missingness", "cleaning_funnel", "cleaning_funnel_by_partner",
        "themes",  # the themes of the open answers (never theme_segments: quotes are on pages only)
    }
    stems = {
        "sector": expected | {"priority_acceptability", "completeness", "composition_sector_country"},
        "regional": expected | {"priority_acceptability", "completeness", "composition_country"},
    }
    for name in SURVEYS:
        folder = out / name
        paths = written[name]
        assert paths == sorted(paths)
        exports = [p for p in paths if p.parent == folder / "microcredentials"]
        assert set(paths) - set(exports) == {p for p in folder.iterdir() if p.is_file()}
        assert exports  # each survey ranks candidates: an Open Badges file each (no NQF level: no ELM file)
        if exports:
            assert set(exports) == set((folder / "microcredentials").iterdir())
        assert all(p.name.endswith(".ob3.json") for p in exports)
        csvs = {p.stem for p in paths if p.suffix == ".csv"}
        assert csvs == stems[name]
        assert {p.stem for p in paths if p.suffix == ".xlsx"} == csvs
        readme = (folder / "README.txt").read_text(encoding="utf-8")
        for stem in csvs:
            assert f"- {stem}.csv, {stem}.xlsx: " in readme
        assert "minimum n = 5" in readme and "Counts of 1 to 4 respondents are suppressed" in readme
        assert "SYNTHETIC DATA" in readme
        assert ("microcredentials/: each candidate micro-credential" in readme) == bool(exports)


def test_a_survey_without_priorities_section_publishes_no_acceptability(sample_project: Path, tmp_path: Path):
    config = _config(sample_project, "regional")
    written = write_downloads(config.model_copy(update={"priorities": None}), tmp_path)
    stems = {p.stem for p in written if p.suffix == ".csv"}
    assert "priorities" in stems and "priority_acceptability" not in stems


def test_xlsx_holds_the_same_rows_as_its_csv(published):
    out, _ = published
    for path in sorted((out / "sector").glob("*.csv")):
        sheet = openpyxl.load_workbook(path.with_suffix(".xlsx")).active
        rows = list(sheet.iter_rows(values_only=True))
        table = _csv(path)
        assert list(rows[0]) == list(table.columns)
        assert len(rows) - 1 == len(table)




def test_no_cell_can_run_as_a_formula(published, small):
    for folder in _all_folders(published, small):
        for path in sorted(folder.glob("*.csv")):
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.reader(handle):
                    for cell in row:
                        assert is_number(cell) or not cell.startswith(FORMULA_STARTS), (path, cell)
        for path in sorted(folder.glob("*.xlsx")):
            for sheet in openpyxl.load_workbook(path).worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", (path, cell.coordinate)
                        if isinstance(cell.value, str):
                            assert not cell.value.startswith(FORMULA_STARTS), (path, cell.value)
    composition = _csv(small[1] / "composition_sector_country.csv")
    assert set(composition.loc[composition["row"] == "AGRI", "row_label"]) == {"'" + HOSTILE}
    needs = _csv(small[1] / "needs.csv")
    assert set(needs.loc[needs["group"] == "AGRI", "group_label"]) == {"'" + HOSTILE}
    funnel = _csv(small[1] / "cleaning_funnel_by_partner.csv")
    assert "'@SUM(1)" in set(funnel["partner_label"])


# --- suppression ----------------------------------------------------------------------------


def test_without_small_groups_the_results_are_published_as_analysed(sample_project, published):
    out, _ = published
    for name in SURVEYS:
        results = sample_project / "data" / "processed" / name / "results"
        for stem in ("needs", "descriptives", "gap_tests", "dunn", "rank_uncertainty", "priorities"):
            table, source = _csv(out / name / f"{stem}.csv"), _csv(results / f"{stem}.csv")
            assert table[source.columns].equals(source), (name, stem)
            assert set(table["suppressed"]) <= {"False"}
        composition = next((out / name).glob("composition_*.csv"))
        assert set(_csv(composition)["suppressed"]) == {"False"}


def test_small_counts_of_the_funnel_are_empty_flagged_and_not_given_back(published):
    out, _ = published
    for name in SURVEYS:
        funnel = _csv(out / name / "cleaning_funnel_by_partner.csv")
        assert ((funnel["n"] == "") == (funnel["suppressed"] == "True")).all()
        assert set(funnel["suppressed_reason"]) <= {"", "primary", "secondary"}
        published_n = pd.to_numeric(funnel["n"].replace("", None))
        assert not published_n.between(1, 4).any()
        assert (funnel["suppressed_reason"] == "primary").any()  # the sample has 1-4 test runs per partner
        for _, steps in funnel.groupby("partner"):
            raw = steps[steps["step"] == "raw"]
            hidden = steps[(steps["step"] != "raw") & (steps["n"] == "")]
            assert raw["n"].iloc[0] == "" or len(hidden) != 1  # raw minus the others gives nothing


def test_the_composition_hides_a_sector_of_three_in_cells_and_totals(small):
    _, folder, _ = small
    composition = _csv(folder / "composition_sector_country.csv")
    assert ((composition["n"] == "") == (composition["suppressed"] == "True")).all()
    wood = composition[composition["row"] == "WOOD"]
    assert (wood.loc[wood["suppressed"] == "True", "suppressed_reason"] == "primary").all()
    assert wood.loc[wood["column"] == "(total)", "n"].tolist() == [""]
    non_zero = wood[(wood["column"] != "(total)") & (wood["suppressed"] == "True")]
    assert len(non_zero) >= 1 and set(wood.loc[wood["suppressed"] == "False", "n"]) <= {"0"}
    sector_totals = composition[(composition["column"] == "(total)") & (composition["row"] != "(total)")]
    assert (sector_totals["n"] == "").sum() >= 2  # all respondents minus the other sectors is not 3
    assert (composition["suppressed_reason"] == "secondary").any()
    assert "- sector: " in (folder / "README.txt").read_text(encoding="utf-8")


def test_a_group_of_three_never_appears_as_a_count_or_statistic(small):
    config, folder, _ = small
    results = config.processed_dir / "results"
    source = _csv(results / "descriptives.csv")
    wood_source = source[(source["scope"] == "sector") & (source["group"] == "WOOD")]
    assert set(wood_source["n"]) <= {"0", "1", "2", "3"} and (wood_source["mean"] != "").any()

    checked: dict[str, int] = {}
    for path in sorted(folder.glob("*.csv")):
        table = _csv(path)
        group_columns = [c for c in ("group", "group_a", "group_b", "row", "column") if c in table.columns]
        if not group_columns:
            continue
        about_wood = table[group_columns].eq("WOOD").any(axis=1)
        if "scope" in table.columns:
            about_wood &= table["scope"] == "sector"
        values = [c for c in table.columns if c not in KEYS and not (path.stem == "spearman" and c == "n")]
        if path.stem == "priority_acceptability":
            values = ["share"]
        allowed = {"", "0"} if path.stem.startswith("composition") else {""}  # 0 is not disclosive
        checked[path.stem] = int(about_wood.sum())
        for _, row in table[about_wood].iterrows():
            assert row[values].isin(allowed).all(), (path.name, row.to_dict())
    # the group is listed (keys kept) where the analysis lists it; tests leave it out altogether
    assert checked["needs"] == checked["rank_uncertainty"] == 20 and checked["descriptives"] == 40
    assert checked["composition_sector_country"] == 6
    assert checked["themes"] > 0  # the themes of the open answers hide the group alike

    # a key's sector rows never have exactly one n hidden (blank or left out): the overall row
    # minus the other sectors gives nothing
    sectors = sorted(set(_csv(folder / "needs.csv").query("scope == 'sector'")["group"]))
    assert len(sectors) == 5
    for stem, keys in (("needs", ["skill_id"]), ("descriptives", ["skill_id", "dimension"]),
                       ("rank_uncertainty", ["skill_id"]), ("priorities", ["microcredential_id"])):
        table = _csv(folder / f"{stem}.csv")
        rows = table[table["scope"] == "sector"]
        shown = rows[rows["n"] != ""].groupby(keys)["group"].nunique()
        hidden = len(sectors) - shown.reindex(rows.set_index(keys).index.unique(), fill_value=0)
        assert (hidden >= 2).all(), stem
    group_tests = _csv(folder / "group_tests.csv")
    assert (group_tests.loc[group_tests["scope"] == "sector", "n"] == "").all()
    assert (group_tests.loc[group_tests["scope"] == "country", "n"] != "").all()


def test_rerunning_gives_byte_identical_files(sample_project, published, small, tmp_path):
    _, written = published
    for name in SURVEYS:
        again = write_downloads(_config(sample_project, name), tmp_path / "again")
        assert [p.name for p in again] == [p.name for p in written[name]]
        for first, second in zip(written[name], again, strict=True):
            assert first.read_bytes() == second.read_bytes(), first.name
    config, folder, paths = small
    before = {p: p.read_bytes() for p in paths}
    assert write_downloads(config, folder.parent) == paths
    assert {p: p.read_bytes() for p in paths} == before


def test_a_folder_without_the_funnel_per_partner_gets_the_overall_funnel(sample_project, tmp_path):
    make_project(tmp_path)
    processed = tmp_path / "data" / "processed" / "regional"
    shutil.copytree(sample_project / "data" / "processed" / "regional", processed)
    summary = json.loads((processed / "cleaning_summary.json").read_text(encoding="utf-8"))
    del summary["funnel_by_partner"]
    (processed / "cleaning_summary.json").write_text(json.dumps(summary), encoding="utf-8")
    paths = write_downloads(_config(tmp_path, "regional"), tmp_path / "downloads")
    assert "cleaning_funnel_by_partner.csv" not in {p.name for p in paths}
    funnel = _csv(tmp_path / "downloads" / "regional" / "cleaning_funnel.csv")
    assert funnel["step"].tolist()[0] == "raw" and funnel["step"].tolist()[-1] == "kept"
    assert funnel.loc[0, "n"] == str(summary["n_raw"])
    assert ((funnel["n"] == "") == (funnel["suppressed"] == "True")).sum() == len(funnel)
    assert (funnel["n"] == "").sum() != 1


def test_nothing_is_written_for_a_survey_not_analysed(tmp_path):
    make_project(tmp_path)
    with pytest.raises(FileNotFoundError, match="skillsneeds run"):
        write_downloads(_config(tmp_path, "sector"), tmp_path / "downloads")
