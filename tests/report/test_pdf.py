"""The PDF edition: pages printed by Chromium keep their margins, colours, tables and charts."""

from __future__ import annotations

import html
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest
from pdf_checks import MM, filled_rectangles, overprinted, page_size_mm, read_pdf, text_boxes
from report_sample import GENERATED_AT, make_report
from test_priorities_page import make_priorities_report

from analysis.errors import ToolError
from analysis.report import build_site
from analysis.report import pdf as pdf_module
from analysis.report.folder import check_site_folder
from analysis.report.pdf import find_browser, print_pages, print_site

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
GROUP_PAGE = "sector-sector-c.html"
PRIORITIES_PAGE = "sector-priorities.html"


@pytest.fixture(scope="module")
def bg_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Bulgarian site of a survey with priorities."""
    out = tmp_path_factory.mktemp("pdf_site")
    build_site(
        [make_priorities_report(), make_report("regional", "Regional", "")], out,
        generated_at=GENERATED_AT, lang="bg",
    )
    return out


@pytest.fixture(scope="module")
def printed(bg_site: Path, browser) -> dict[str, Path]:
    """The group page and the priorities page printed to PDF (``browser``: skip without Chromium)."""
    jobs = [(bg_site / name, bg_site / "pdf" / "bg" / name.replace(".html", ".pdf"))
            for name in (GROUP_PAGE, PRIORITIES_PAGE)]
    paths = print_pages(jobs)
    return {name: path for name, path in zip((GROUP_PAGE, PRIORITIES_PAGE), paths, strict=True)}


def _text(pdf: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in read_pdf(pdf).pages).split())


def _squeeze(text: str) -> str:
    """Without spaces or line breaks, ligatures (ﬃ) as their letters."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.browser
@pytest.mark.parametrize("name", [GROUP_PAGE, PRIORITIES_PAGE])
def test_printed_pages_are_a4_with_margins_and_nothing_printed_over_other_text(printed, name):
    reader = read_pdf(printed[name])
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages):
        width, height = page_size_mm(page)
        boxes = text_boxes(page, reader, number)
        assert boxes, f"page {number + 1} has no text"
        overlapping = [f"{one} / {other}" for one, other in overprinted(boxes)]
        assert overlapping == [], "text printed over other text"
        outside = [str(box) for box in boxes
                   if box.x0 < 10 * MM or box.x1 > (width - 10) * MM
                   or box.y0 < 10 * MM or box.y1 > (height - 10) * MM]
        assert outside == [], "text in the 10 mm margin"
        assert abs(width - 210) < 1 and abs(height - 297) < 1, "A4"


def _legend_colours(page_html: str) -> list[str]:
    legend = re.search(r'<ul class="legend".*?</ul>', page_html, re.S)
    assert legend, "the page has a legend"
    return re.findall(r"background: (#[0-9a-fA-F]{6})", legend.group(0))


@pytest.mark.browser
def test_legend_swatches_and_bars_print_in_their_colours(bg_site: Path, printed):
    page_html = (bg_site / GROUP_PAGE).read_text("utf-8")
    colours = [colour.lower() for colour in _legend_colours(page_html)]
    assert colours
    reader = read_pdf(printed[GROUP_PAGE])
    fills = [fill for number, page in enumerate(reader.pages) for fill in filled_rectangles(page, reader)]
    for colour in colours:
        sized = [(fill.width, fill.height) for fill in fills if fill.color == colour]
        swatches = [size for size in sized if 4 < size[0] < 12 and abs(size[0] - size[1]) < 1]
        assert swatches, f"the legend swatch {colour} is not printed"
        assert len(sized) > len(swatches), f"no chart bar printed in {colour}"
    names = re.findall(r'<span class="swatch"[^>]*></span>([^<]+)</li>', page_html)
    text = _squeeze(_text(printed[GROUP_PAGE]))
    assert names and all(_squeeze(html.unescape(name)) in text for name in names)


def _cells(row: str) -> list[str]:
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in cells]


@pytest.mark.browser
def test_closed_data_tables_and_cards_print_open(bg_site: Path, printed):
    group_html = (bg_site / GROUP_PAGE).read_text("utf-8")
    tables = re.findall(r'<details class="data-table"[^>]*>(.*?)</details>', group_html, re.S)
    assert len(tables) >= 2
    # each row's numbers and words after the skill (a skill's name is also on the chart's axis)
    rows = [_squeeze("".join(_cells(row)[2:])) for table in tables
            for row in re.findall(r"<tbody>.*?</tbody>", table, re.S)[0].split("</tr>") if "<td" in row]
    assert len(rows) >= 6
    text = _squeeze(_text(printed[GROUP_PAGE]))
    assert [row for row in rows if row not in text] == []
    prio_html = (bg_site / PRIORITIES_PAGE).read_text("utf-8")
    folded = len(re.findall(r'<details class="mc-card"', prio_html))
    cards = folded + len(re.findall(r'<article class="mc-card"', prio_html))
    assert folded > 0
    caption = re.search(r'<table class="data acceptability">\s*<caption>(.*?)</caption>', prio_html).group(1)
    text = _squeeze(_text(printed[PRIORITIES_PAGE]))
    caption = re.sub(r"<[^>]+>", "", caption)  # its glossary link prints as its words
    assert text.count(_squeeze(html.unescape(caption))) == cards, "every card, folded or not, is printed"


@pytest.mark.browser
def test_printed_charts_carry_their_axis_texts(bg_site: Path, printed):
    """The charts are drawn before printing: their tick labels are in the PDF's text."""
    text = _text(printed[GROUP_PAGE])
    page_html = (bg_site / GROUP_PAGE).read_text("utf-8")
    assert 'class="chart-data"' in page_html
    assert text.count("MWDS") >= 3  # the chart's axis and the tables' headings


@pytest.mark.browser
def test_printed_page_picture(bg_site: Path, browser):
    """A PNG of the priorities page as printed (print media, A4 width) for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 680, "height": 1000})
    try:
        page.goto((bg_site / PRIORITIES_PAGE).as_uri(), wait_until="load")
        page.wait_for_function("document.documentElement.getAttribute('data-charts') === 'ready'")
        page.emulate_media(media="print")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        page.wait_for_function("document.documentElement.getAttribute('data-print') === 'ready'")
        overflow = page.evaluate("document.body.scrollWidth - document.documentElement.clientWidth")
        page.screenshot(path=str(ARTIFACTS / "print-priorities-bg.png"), clip={
            "x": 0, "y": 0, "width": 680, "height": 2400}, full_page=True)
    finally:
        page.close()
    assert overflow <= 0, "the printed page is wider than the paper"


@pytest.mark.browser
def test_without_playwright_chromium_prints_from_its_command_line(
    bg_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("/usr/bin/chromium not found (apt-get install chromium)")
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # the import fails
    out = tmp_path / "group.pdf"
    assert print_pages([(bg_site / GROUP_PAGE, out)], browser=Path("/usr/bin/chromium")) == [out]
    reader = read_pdf(out)
    assert all(abs(page_size_mm(page)[0] - 210) < 1 for page in reader.pages)
    text = _squeeze(_text(out))
    caption = re.search(r'<details class="data-table"[^>]*>.*?<caption>(.*?)</caption>',
                        (bg_site / GROUP_PAGE).read_text("utf-8"), re.S).group(1)
    assert _squeeze(html.unescape(caption)) in text, "the closed data table is printed open"
    assert text.count("MWDS") >= 3


def test_every_page_of_the_chosen_languages_goes_into_pdf_lang(tmp_path: Path, monkeypatch):
    (tmp_path / "bg").mkdir()
    for page in (tmp_path / "index.html", tmp_path / "bg" / "index.html", tmp_path / "bg" / "sector.html"):
        page.write_text("<p>x</p>")
    printed_jobs = []
    monkeypatch.setattr(pdf_module, "print_pages", lambda jobs, browser: printed_jobs.extend(jobs) or [])
    print_site(tmp_path, ["en", "bg"], browser=Path("/usr/bin/true"))
    assert [(page.relative_to(tmp_path), pdf.relative_to(tmp_path)) for page, pdf in printed_jobs] == [
        (Path("index.html"), Path("pdf/en/index.pdf")),
        (Path("bg/index.html"), Path("pdf/bg/index.pdf")),
        (Path("bg/sector.html"), Path("pdf/bg/sector.pdf")),
    ]


def test_no_browser_is_an_error_naming_what_to_install(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pdf_module, "BROWSER_NAMES", ("no-such-browser",))
    monkeypatch.setattr(pdf_module, "_KNOWN_PATHS", ())
    with pytest.raises(ToolError, match=r"none was found .*apt-get install chromium.*SKILLSNEEDS_BROWSER"):
        find_browser({"PATH": "/nonexistent"})


def test_a_named_browser_that_does_not_exist_is_an_error():
    with pytest.raises(ToolError, match=r"SKILLSNEEDS_BROWSER=/no/chrome: no such program"):
        find_browser({"SKILLSNEEDS_BROWSER": "/no/chrome", "PATH": "/nonexistent"})


def test_the_browser_is_found_on_path(tmp_path: Path):
    program = tmp_path / "chromium-browser"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    assert find_browser({"PATH": str(tmp_path)}) == program


def test_a_site_with_its_pdf_edition_can_be_rebuilt(tmp_path: Path):
    (tmp_path / "index.html").write_text("<p>x</p>")
    (tmp_path / "pdf" / "en").mkdir(parents=True)
    (tmp_path / "pdf" / "en" / "index.pdf").write_bytes(b"%PDF-1.4")
    check_site_folder(tmp_path)


def test_report_pdf_without_a_browser_writes_the_site_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    from sample_project import regional_project

    from analysis.cli import main

    root = regional_project(tmp_path / "project")
    monkeypatch.setattr(pdf_module, "BROWSER_NAMES", ("no-such-browser",))
    monkeypatch.setattr(pdf_module, "_KNOWN_PATHS", ())
    monkeypatch.delenv("SKILLSNEEDS_BROWSER", raising=False)
    status = main(["--root", str(root), "run", "--lang", "bg", "--pdf", "--workers", "1"])
    assert status == 2
    error = capsys.readouterr().err
    assert "skillsneeds: error: the PDF edition needs Chromium or Chrome" in error
    assert "apt-get install chromium" in error
    assert (root / "reports" / "bg" / "regional.html").is_file()
    assert not (root / "reports" / "pdf").exists()
    shutil.rmtree(root / "reports")
