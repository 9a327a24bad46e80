"""How the report's pages are shared out between kernels, and the published tables read once."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from analysis.report import assemble
from analysis.report.book import PageJob, _batches


def _jobs(languages: list[str], pages: int) -> list[PageJob]:
    return [PageJob(Path(f"{lang}/{k}.html"), {"kind": "group", "lang": lang})
            for lang in languages for k in range(pages)]


def test_a_kernel_renders_whole_languages():
    jobs = _jobs(["en", "bg", "es"], 4)
    batches = _batches(jobs, 2)
    assert sorted(k for batch in batches for k in batch) == list(range(len(jobs)))
    assert [{jobs[k].parameters["lang"] for k in batch} for batch in batches] == [{"en"}, {"bg"}, {"es"}]


@pytest.mark.parametrize("workers", [2, 3, 8])
def test_one_language_is_split_between_the_kernels(workers: int):
    jobs = _jobs(["en"], 5)
    batches = _batches(jobs, workers)
    assert len(batches) == min(workers, 5)
    assert sorted(k for batch in batches for k in batch) == list(range(5))
    assert all(batch == sorted(batch) for batch in batches)


def test_published_tables_are_read_again_only_when_a_file_changes(tmp_path: Path, monkeypatch):
    (tmp_path / "results").mkdir()
    table = tmp_path / "results" / "needs.csv"
    table.write_text("a\n1\n", encoding="utf-8")
    config = SimpleNamespace(analysis=SimpleNamespace(min_group_n=5), config_path=None)
    reads: list[int] = []
    monkeypatch.setattr(assemble.store, "folder", lambda _config: tmp_path)
    monkeypatch.setattr(assemble, "published_tables", lambda _config, min_n: reads.append(min_n) or object())
    first = assemble._published(config)  # type: ignore[arg-type]
    assert assemble._published(config) is first  # type: ignore[arg-type]
    assert reads == [5]
    table.write_text("a\n2\n", encoding="utf-8")
    os.utime(table, ns=(1, 1))
    assert assemble._published(config) is not first  # type: ignore[arg-type]
    assert reads == [5, 5]
