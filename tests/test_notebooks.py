"""The analysts' notebooks run top to bottom in a real Jupyter kernel, and are committed clean."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import nbformat
import papermill
import pytest
from sample_project import ROOT, make_project

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_is_a_notebook_per_stage():
    assert [n.name for n in NOTEBOOKS] == [
        "01_ingest.ipynb", "02_clean.ipynb", "03_descriptives.ipynb", "04_needs.ipynb",
        "05_priorities.ipynb", "06_report.ipynb", "07_open_answers.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    book = nbformat.read(path, as_version=4)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name
    tagged = [c for c in book.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name} needs one cell tagged 'parameters' for papermill"


def _files(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder`` (relative path): the SHA-256 of its bytes and its mtime (ns)."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.notebook
@pytest.mark.parametrize("survey", ["sector", "regional"])
def test_notebooks_run_in_order_with_a_real_kernel(tmp_path, survey):
    project = make_project(tmp_path / "project")
    shutil.copytree(ROOT / "notebooks", project / "notebooks")
    results = project / "data" / "processed" / survey / "results"
    ran = []
    for path in sorted((project / "notebooks").glob("*.ipynb")):
        executed = path.with_name(f"executed_{path.name}")
        before = _files(results) if results.is_dir() else {}
        papermill.execute_notebook(
            str(path), str(executed), parameters={"survey": survey, "root": "..", "languages": ["en"]},
            cwd=str(path.parent), kernel_name="python3", progress_bar=False,
        )
        book = nbformat.read(executed, as_version=4)
        errors = [o for c in book.cells if c.cell_type == "code" for o in c.outputs
                  if o.output_type == "error"]
        assert not errors, f"{path.name}: {errors}"
        ran.append(path.name)
        if path.name == "07_open_answers.ipynb":
            # exploring the themes must not change what the report publishes
            assert before and _files(results) == before
            outputs = [o for c in book.cells if c.cell_type == "code" for o in c.outputs]
            assert any("application/vnd.plotly.v1+json" in o.get("data", {}) for o in outputs)
    assert "07_open_answers.ipynb" in ran
    for name in ("needs", "descriptives", "reliability", "gap_tests", "dunn", "rank_uncertainty",
                 "agreement", "spearman", "priorities", "priority_acceptability"):
        assert (results / f"{name}.csv").exists(), name
    assert (results / "weighting.json").exists()
    assert (project / "reports" / "index.html").exists()
    assert (project / "reports" / f"{survey}.html").exists()
