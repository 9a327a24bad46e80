"""What the analysts' notebooks share: quiet stages, each warning once, readable tables, charts.

Every notebook of ``notebooks/`` starts with :func:`setup`: the stages' progress lines (on stderr,
drawn red by Jupyter) are turned off, and each warning the stages log is shown once per kernel,
whole, as plain text (``Warning: ...``), however often the stage that logs it runs. Tables are
shown through :func:`table` (labels for codes, a few columns, rounded numbers; the frame the
notebook keeps is untouched, at full precision) and charts are plotly figures, which JupyterLab
draws from their ``application/vnd.plotly.v1+json`` output (a subgroup's tables and charts come
from :func:`analysis.open_survey`; a built report page's charts from :func:`page_figures`).
"""

from __future__ import annotations

import html
import json
import logging
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.progress import show_progress
from analysis.report.render import fmt_p

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "WARNING_PREFIX",
    "page_figures",
    "priorities_figure",
    "setup",
    "table",
]

#: How a warning starts in a notebook's output.
WARNING_PREFIX = "Warning: "

#: The warnings this kernel has shown (their text without the survey's name and check).
_shown: set[str] = set()


_SURVEY_NAME = re.compile(r"^[A-Za-z0-9_-]+: ")


def _key(message: str, check: str | None) -> str:
    """What makes a warning the same as one shown: its text without the survey's name and check."""
    if check and message.endswith(f" ({check})"):
        message = message[: -len(check) - 3]
    return _SURVEY_NAME.sub("", message, count=1)


class _OnceHandler(logging.Handler):
    """Shows each distinct warning of the ``analysis`` loggers once, as plain text on stdout."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        key = _key(message, getattr(record, "check", None))
        if key in _shown:
            return
        _shown.add(key)
        print(f"{WARNING_PREFIX}{message}", file=sys.stdout, flush=True)


def setup(*, precision: int = 3, max_columns: int = 12) -> None:
    """Make a notebook's output readable: no progress lines, each warning once, short tables.

    Parameters
    ----------
    precision
        Decimals pandas shows of a float (the values keep their full precision).
    max_columns
        Columns pandas shows of a wide frame (the others are elided with ``...``).
    """
    show_progress(False)
    logger = logging.getLogger("analysis")
    for handler in [h for h in logger.handlers if isinstance(h, _OnceHandler)]:
        logger.removeHandler(handler)
    logger.addHandler(_OnceHandler(logging.WARNING))
    logger.setLevel(logging.WARNING)
    logger.propagate = False  # not again through the root logger's last resort, on stderr
    pd.set_option("display.precision", precision)
    pd.set_option("display.max_columns", max_columns)
    pd.set_option("display.max_colwidth", None)  # a warning or a label is read whole


def table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    digits: int = 2,
    p_values: Iterable[str] = ("p_value", "p_holm", "p"),
    index: str | None = None,
) -> pd.DataFrame:
    """A copy of ``frame`` to show: the given columns under their labels, numbers rounded.

    Parameters
    ----------
    frame
        The table at full precision (left as it is).
    columns
        Column -> the label it is shown under, in the order shown; other columns are left out.
    digits
        Decimals of the float columns.
    p_values
        Columns holding p-values: shown as ``< 0.001`` or with three decimals (the report's
        :func:`~analysis.report.render.fmt_p`).
    index
        A column of ``columns`` to show as the index (by its label), or None for a plain index.

    Examples
    --------
    >>> frame = pd.DataFrame({"skill_id": ["a"], "mwds": [5.10500428], "p_holm": [5.675e-28]})
    >>> table(frame, {"skill_id": "Skill", "mwds": "MWDS", "p_holm": "p (Holm)"})
      Skill  MWDS p (Holm)
    0     a  5.11  < 0.001
    """
    shown = frame[list(columns)].copy()
    p_columns = set(p_values)
    for column in shown.columns:
        if column in p_columns:
            shown[column] = shown[column].map(fmt_p)
        elif pd.api.types.is_float_dtype(shown[column]):
            shown[column] = shown[column].round(digits)
    shown = shown.rename(columns=dict(columns))
    return shown.set_index(columns[index]) if index is not None else shown.reset_index(drop=True)


_CHART_DATA = re.compile(
    r'<script type="application/json" class="chart-data" data-target="([^"]*)">(.*?)</script>', re.S
)


def page_figures(page: str | Path) -> dict[str, go.Figure]:
    """The charts of a built report page, by their element id, as plotly figures."""
    from analysis.report.charts import plotly_figure

    text = Path(page).read_text(encoding="utf-8")
    found = _CHART_DATA.findall(text)
    return {html.unescape(div_id): plotly_figure(json.loads(spec)) for div_id, spec in found}


def priorities_figure(priorities: pd.DataFrame, *, title: str) -> go.Figure:
    """Each candidate's rank with its 95% interval over respondent resamples, first at the top.

    ``priorities`` holds the rows of ``priorities.csv`` of one scope and group: ``title``,
    ``rank``, ``rank_low``, ``rank_high``, ``score`` and ``p_first``.
    """
    import plotly.graph_objects as go

    rows = priorities.sort_values("rank")
    figure = go.Figure(go.Scatter(
        x=rows["rank"].astype(float), y=rows["title"], mode="markers",
        marker={"size": 11, "color": "#0072B2"},
        error_x={
            "type": "data", "symmetric": False, "color": "#444",
            "array": (rows["rank_high"] - rows["rank"]).astype(float).tolist(),
            "arrayminus": (rows["rank"] - rows["rank_low"]).astype(float).tolist(),
        },
        customdata=rows[["score", "p_first", "rank_low", "rank_high"]].astype(float).to_numpy(),
        hovertemplate=(
            "<b>%{y}</b><br>rank %{x:.0f} (95%: %{customdata[2]:.0f}–%{customdata[3]:.0f})<br>"
            "score %{customdata[0]:.2f}; first in %{customdata[1]:.0%} of resamples<extra></extra>"
        ),
    ))
    figure.update_layout(
        title=title, xaxis={"title": "rank (1 = design first; bars: 95% interval)", "dtick": 1},
        yaxis={"title": None, "autorange": "reversed"}, height=max(320, 30 * len(rows) + 120),
        margin={"l": 10, "r": 20, "t": 50, "b": 50},
    )
    return figure
