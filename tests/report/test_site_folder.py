"""`skillsneeds report` writes the site aside and swaps it in whole (analysis.report.folder).

The pages are not rendered here (a stand-in writes each page's name); the sample project's site,
built once per session, is the previous site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import pipeline
from analysis.config import load_survey_config
from analysis.errors import ConfigError
from analysis.report import book
from analysis.report.i18n import available_languages


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith("."))


def stand_in(jobs, **_kw):
    """Each page's file holds its language and name."""
    for job in jobs:
        job.path.parent.mkdir(parents=True, exist_ok=True)
        job.path.write_text(f"{job.parameters['lang']}/{job.path.name}", "utf-8")
    return [job.path for job in jobs]


def stale_site(sample_project: Path, out: Path) -> Path:
    """A copy of the sample's site, with pages of a survey (and a language) no longer there."""
    shutil.copytree(sample_project / "reports", out)
    for stale in ("gone.html", "gone-cleaning.html", "bg/gone.html", "it/gone-priorities.html",
                  "es/sector-sector-nobody.html", "xx/index.html", "downloads/gone/needs.csv",
                  "downloads/es/gone/gone.xlsx", "downloads/xx/sector/sector.xlsx"):
        (out / stale).parent.mkdir(parents=True, exist_ok=True)
        (out / stale).write_text("stale", "utf-8")
    return out


@pytest.fixture
def previous(sample_project, tmp_path) -> Path:
    """:func:`stale_site` in the test's own folder."""
    return stale_site(sample_project, tmp_path / "reports")


def _configs(project: Path) -> list:
    return [load_survey_config(project / "config/surveys/sector.yml")]


@pytest.fixture(scope="module")
def rebuilt(sample_project, tmp_path_factory) -> tuple[Path, list[Path]]:
    """:func:`stale_site` with the repository's placeholder, rebuilt in every language (once: the
    tests below only read it) and the files that build said it wrote."""
    out = stale_site(sample_project, tmp_path_factory.mktemp("rebuilt") / "reports")
    (out / ".gitkeep").write_bytes(b"")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(book, "render_pages", stand_in)
        written = pipeline.report_surveys(_configs(sample_project), out, workers=1)
    return out, written


def test_pages_of_a_survey_no_longer_configured_are_removed(rebuilt):
    previous, written = rebuilt
    files = files_of(previous)
    assert not [name for name in files if "gone" in name or "nobody" in name or name.startswith("xx/")]
    assert {path.relative_to(previous).as_posix() for path in written} == set(files) - {".gitkeep"}
    assert files["index.html"] == b"en/index.html" and files["bg/regional.html"] == b"bg/regional.html"
    assert "downloads/sector/README.txt" in files and "downloads/regional/README.txt" in files
    for lang in available_languages():
        assert {f"downloads/{lang}/sector/sector.xlsx", f"downloads/{lang}/regional/needs.csv"} <= set(files)
    assert not [name for name in files if name.startswith("downloads/xx/")]
    assert leftovers(previous) == []


def test_the_repository_placeholder_stays(rebuilt):
    """A clone's tracked ``reports/.gitkeep`` survives ``make report`` (git status stays clean)."""
    previous, _ = rebuilt
    assert (previous / ".gitkeep").read_bytes() == b""
    assert leftovers(previous) == []


def test_building_one_language_keeps_the_others(sample_project, previous, monkeypatch):
    before = files_of(previous)
    monkeypatch.setattr(book, "render_pages", stand_in)
    pipeline.report_surveys(_configs(sample_project), previous, languages=["bg"], workers=1)
    after = files_of(previous)
    assert after["bg/sector.html"] == b"bg/sector.html"
    for lang in available_languages():
        if lang == "bg":
            continue
        prefix = "" if lang == "en" else f"{lang}/"
        for page in ("index.html", "sector.html", "regional-cleaning.html", "sector-sliders.html"):
            assert after[prefix + page] == before[prefix + page], prefix + page
    for lang in available_languages():  # the other languages' partner editions are carried over too
        if lang != "bg":
            workbook = f"downloads/{lang}/sector/sector.xlsx"
            assert after[workbook] == before[workbook], workbook
    assert "downloads/bg/sector/sector.xlsx" in after
    kept = {name for name in after if not name.startswith(("bg/", "downloads/"))}
    assert kept == {name for name in before if name in kept}  # carried over as they were
    assert not [name for name in after if "gone" in name or "nobody" in name or name.startswith("xx/")]


def test_an_interrupted_build_leaves_the_previous_site(sample_project, previous, monkeypatch):
    before = files_of(previous)

    def interrupted(jobs, **kw):
        stand_in(jobs[: len(jobs) // 2])
        raise KeyboardInterrupt

    monkeypatch.setattr(book, "render_pages", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pipeline.report_surveys(_configs(sample_project), previous, languages=["en", "bg"], workers=1)
    assert files_of(previous) == before
    assert leftovers(previous) == []


def test_a_folder_that_is_not_a_site_is_refused(sample_project, tmp_path, monkeypatch):
    monkeypatch.setattr(book, "render_pages", stand_in)
    out = tmp_path / "project"
    (out / "config").mkdir(parents=True)
    (out / "Makefile").write_text("all:", "utf-8")
    (out / "index.html").write_text("mine", "utf-8")
    with pytest.raises(ConfigError, match=r"project: not a report site folder \(it holds Makefile, config\)"):
        pipeline.report_surveys(_configs(sample_project), out, languages=["en"], workers=1)
    assert files_of(out) == {"Makefile": b"all:", "index.html": b"mine"}
    afile = tmp_path / "site.html"
    afile.write_text("x", "utf-8")
    with pytest.raises(ConfigError, match="site.html: the report folder is a file"):
        pipeline.report_surveys(_configs(sample_project), afile, languages=["en"], workers=1)
