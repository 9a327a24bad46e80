"""A survey whose labels and open answers hold script and formula payloads: text on pages, no formulas."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from report_checks import is_number
from sample_project import regional_project

from analysis.cli import main

XSS = '<img src=x onerror="alert(1)">'
SCRIPT = "<script>alert(2)</script>"
FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _hostile_project(root: Path) -> Path:
    """The regional sample: a competency and a country labelled with payloads, hostile open answers."""

    def labelled(lss: str) -> str:
        lss = lss.replace("CDATA[Smart-city technologies", f"CDATA[{FORMULA} {XSS} Smart-city technologies")
        return lss.replace("CDATA[Romania]]", f"CDATA[Romania {SCRIPT}]]")

    def answered(rows: list[list[str]]) -> list[list[str]]:
        column, country = rows[0].index("OPENCOMP"), rows[0].index("COUNTRY")
        payloads = [XSS, SCRIPT, FORMULA, "+1 cmd|' /C calc'!A0", "@SUM(1,2)", "-2+3"]
        changed = 0
        # Romanian respondents first: the Romanian country page must quote a payload
        for row in sorted(rows[1:], key=lambda row: row[country:country + 1] != ["RO"]):
            if len(row) > column and row[column] == "" and row[1] and changed < len(payloads) * 4:
                row[column] = payloads[changed % len(payloads)] + " training please"
                changed += 1
        return rows

    return regional_project(root, rows=answered, structure=labelled)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _hostile_project(tmp_path_factory.mktemp("hostile"))
    assert main(["--root", str(root), "run", "--lang", "en", "--lang", "bg"]) == 0
    return root


def test_payloads_reach_the_pages_as_text(hostile) -> None:
    reports = hostile / "reports"
    pages = sorted(reports.rglob("*.html"))
    assert pages
    seen_label = seen_answer = False
    for page in pages:
        html = page.read_text("utf-8")
        assert "<img src=x" not in html and "<script>alert(2)" not in html, page.name
        seen_label |= "&lt;img src=x onerror" in html or "\\u003cimg src=x" in html
        seen_answer |= "&lt;script&gt;alert(2)&lt;/script&gt; training please" in html
    assert seen_label and seen_answer


@pytest.mark.browser
def test_payloads_never_run_in_chromium(hostile, open_page) -> None:
    reports = hostile / "reports"
    for page in ("regional.html", "regional-country-ro.html", "bg/regional-country-ro.html", "index.html"):
        result = open_page(reports / page, shot=f"hostile-{page.replace('/', '-').removesuffix('.html')}")
        result.assert_loaded_offline()
    result = open_page(reports / "regional-country-ro.html", shot="hostile-regional-country-ro-text",
                       interact=lambda p: p.inner_text("body"))
    assert f"{SCRIPT} training please" in result.interaction
    assert "Romania <script>alert(2)</script>" in result.interaction




def test_downloads_hold_no_formula(hostile) -> None:
    folder = hostile / "reports" / "downloads" / "regional"
    files = sorted(folder.iterdir())
    assert any(p.suffix == ".csv" for p in files) and any(p.suffix == ".xlsx" for p in files)
    found_payload = False
    for path in files:
        if path.suffix == ".csv":
            for row in csv.reader(io.StringIO(path.read_text("utf-8-sig"))):
                for cell in row:
                    assert is_number(cell) or not cell.startswith(FORMULA_STARTS), (path.name, cell)
                    found_payload |= "HYPERLINK" in cell
        elif path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
                        if isinstance(cell.value, str) and not is_number(cell.value):
                            assert not cell.value.startswith(FORMULA_STARTS), (path.name, cell.value)
    assert found_payload, "the formula-like label should be in the downloads, neutralised"
