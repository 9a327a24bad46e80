"""A priorities page whose candidates are meant for the groups of another field than the sector."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from test_priorities_page import CATALOGUE, make_priorities, make_priorities_report

from analysis.report import build_site


def test_cards_name_the_audience_fields_groups(tmp_path: Path):
    catalogue = tuple(c.model_copy(update={"sectors": ("IT",)}) for c in CATALOGUE)
    priorities = replace(make_priorities(), catalogue=catalogue, sector_field="country")
    build_site([replace(make_priorities_report(), priorities=priorities)], tmp_path)
    page = (tmp_path / "sector-priorities.html").read_text("utf-8")
    assert "<dt>Meant for</dt><dd>Italy</dd>" in page  # the country group's label, not its code
    assert "Target sectors" not in page and not re.search(r">\d+ sectors?<", page)
    assert "number of groups of its audience in which its need ranks in the top third" in page
    assert "<td>2 groups</td>" in page or ">2 groups<" in page


def test_the_sector_question_keeps_its_words(tmp_path: Path):
    build_site([make_priorities_report()], tmp_path)
    page = (tmp_path / "sector-priorities.html").read_text("utf-8")
    assert "<dt>Target sectors</dt>" in page and "Meant for" not in page
    assert "number of sectors (of 5)" in page
    assert re.search(r">\d+ sectors?<", page)
