"""What the notebooks share (analysis.notebook), the local kernels and the page preview."""

from __future__ import annotations

import logging
import os

import pandas as pd
import pytest
from sample_project import make_project

from analysis import notebook, pipeline
from analysis.config import load_survey_config
from analysis.errors import ConfigError
from analysis.progress import show_progress
from analysis.report.book import LocalKernelManager


@pytest.fixture
def quiet_notebook():
    """``notebook.setup()`` for one test; the logger and progress lines as they were after it."""
    logger = logging.getLogger("analysis")
    handlers, level, propagate = list(logger.handlers), logger.level, logger.propagate
    notebook._shown.clear()
    notebook.setup()
    yield
    logger.handlers[:] = handlers
    logger.setLevel(level)
    logger.propagate = propagate
    show_progress(True)
    notebook._shown.clear()
    pd.reset_option("display.precision")
    pd.reset_option("display.max_columns")
    pd.reset_option("display.max_colwidth")


def test_a_warning_is_shown_once_whole_on_stdout(quiet_notebook, capsys):
    privacy = logging.getLogger("analysis.clean.privacy")
    text = "KEY is not set: respondent ids are not secret; set it before processing real data"
    for _ in range(5):
        privacy.warning(text, extra={"check": "pseudonym_key"})
    # the same warning as the clean stage words it (survey name, check) is the same warning
    logging.getLogger("analysis.pipeline").warning("sector: %s (pseudonym_key)", text,
                                                   extra={"check": "pseudonym_key"})
    logging.getLogger("analysis.pipeline").warning("sector: another problem (other_check)",
                                                   extra={"check": "other_check"})
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"Warning: {text}", "Warning: sector: another problem (other_check)"]
    assert err == ""


def test_setup_turns_the_progress_lines_off(quiet_notebook, capsys):
    pipeline._progress("sector: kept 10")
    assert capsys.readouterr() == ("", "")
    show_progress(True)
    pipeline._progress("sector: kept 10")
    assert capsys.readouterr().err == "[skillsneeds] sector: kept 10\n"


def test_table_labels_a_few_columns_and_rounds_a_copy():
    frame = pd.DataFrame({"skill_id": ["energy"], "skill_label": ["Energy efficiency"], "mwds": [5.105004282],
                          "p_holm": [5.675034e-28], "extra": [1.0]})
    shown = notebook.table(frame, {"skill_label": "skill", "mwds": "MWDS", "p_holm": "p (Holm)"})
    assert list(shown.columns) == ["skill", "MWDS", "p (Holm)"]
    assert shown.iloc[0].tolist() == ["Energy efficiency", 5.11, "< 0.001"]
    assert frame["mwds"].iloc[0] == 5.105004282  # the data keep their precision
    assert notebook.table(frame.assign(p_holm=0.01234), {"p_holm": "p"}).iloc[0, 0] == "0.012"


@pytest.mark.skipif(os.name == "nt", reason="ZeroMQ has no IPC transport on Windows")
def test_local_kernels_use_ipc_sockets_in_the_private_runtime_folder():
    manager = LocalKernelManager(kernel_name="python3")
    assert manager.transport == "ipc"
    assert os.path.isabs(manager.ip) and os.path.basename(manager.ip).startswith("kernel-")
    assert LocalKernelManager(kernel_name="python3").ip != manager.ip  # each kernel its own sockets


def test_preview_names_an_unknown_language_and_missing_results(tmp_path):
    config = load_survey_config(make_project(tmp_path / "project") / "config" / "surveys" / "sector.yml")
    with pytest.raises(ConfigError, match="no report catalogue for language.s. xx; available: .*bg"):
        pipeline.preview_pages(config, tmp_path / "preview", languages=["xx"])
    with pytest.raises(FileNotFoundError, match=r"needs.csv does not exist: run `skillsneeds analyze"):
        pipeline.preview_pages(config, tmp_path / "preview", languages=["en"])
    assert not (tmp_path / "preview").exists()
