"""Diverging stacked bars of rating distributions (Likert charts), and their text alternative.

One bar per skill and dimension shows the share of the ratings at every point of a k-point scale:
the low half of the scale to the left of a zero line, the high half to the right, and the middle
point of an odd scale split half to each side (Robbins & Heiberger 2011). Skills are ordered by
their top-two-box share, greatest first.

Labels of skills and scale points are untrusted text (they come from the partners' surveys): they
reach the figure only through :func:`analysis.report.charts.plot_text`. The chart's own words come
through ``tr_``, a gettext function, as literal strings so that Babel can extract them
(the keyword ``tr_`` of ``babel.cfg``).

References
----------
Robbins, N. B., & Heiberger, R. M. (2011). Plotting Likert and other rating scales. In
*Proceedings of the 2011 Joint Statistical Meeting, Section on Survey Research Methods*
(pp. 1058-1066). American Statistical Association.
Harrower, M., & Brewer, C. A. (2003). ColorBrewer.org: An online tool for selecting colour schemes
for maps. *The Cartographic Journal*, 40(1), 27-37 (scheme BrBG, marked colour-blind safe).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from analysis.report.charts import (
    FONT_STACK,
    Chart,
    bar_layout,
    plot_text,
    plotly_config,
    safe_json,
    trace,
    wrap_label,
)
from analysis.report.render import fmt_int, fmt_pct, is_missing

__all__ = ["BRBG", "NEUTRAL_COLOR", "likert_chart", "likert_colors", "likert_table"]

#: ColorBrewer BrBG, the diverging scheme by number of classes (brown = low, teal = high).
BRBG: dict[int, tuple[str, ...]] = {
    2: ("#d8b365", "#5ab4ac"),
    3: ("#d8b365", "#f5f5f5", "#5ab4ac"),
    4: ("#a6611a", "#dfc27d", "#80cdc1", "#018571"),
    5: ("#a6611a", "#dfc27d", "#f5f5f5", "#80cdc1", "#018571"),
    6: ("#8c510a", "#d8b365", "#f6e8c3", "#c7eae5", "#5ab4ac", "#01665e"),
    7: ("#8c510a", "#d8b365", "#f6e8c3", "#f5f5f5", "#c7eae5", "#5ab4ac", "#01665e"),
    8: ("#8c510a", "#bf812d", "#dfc27d", "#f6e8c3", "#c7eae5", "#80cdc1", "#35978f", "#01665e"),
    9: (
        "#8c510a", "#bf812d", "#dfc27d", "#f6e8c3", "#f5f5f5", "#c7eae5", "#80cdc1", "#35978f",
        "#01665e",
    ),
    10: (
        "#543005", "#8c510a", "#bf812d", "#dfc27d", "#f6e8c3", "#c7eae5", "#80cdc1", "#35978f",
        "#01665e", "#003c30",
    ),
    11: (
        "#543005", "#8c510a", "#bf812d", "#dfc27d", "#f6e8c3", "#f5f5f5", "#c7eae5", "#80cdc1",
        "#35978f", "#01665e", "#003c30",
    ),
}
#: The middle point of an odd scale: ColorBrewer's near-white (#f5f5f5) would vanish on the white
#: page, so it is drawn light grey, as Robbins & Heiberger draw the neutral category.
NEUTRAL_COLOR = "#d9d9d9"
_SHARE = re.compile(r"share_(-?\d+)")
_MUTED = "#595959"
_INK = "#1a1a1a"
_LABEL_WIDTH = 40  # characters per line of a skill label (fits a phone's full width)
_LINE = 16  # px per line of a skill label
_BAR_ROW = 24  # px per bar, of which the bar takes _BAR
_BAR = 16
_X_PAD = 4  # percentage points beyond the longest bar side
_SKILL_GAP = 10  # px between one skill's bars and the next skill's label
_LEGEND_ALLOWANCE = 44  # px above the bars for the legend (one or two rows; plotly makes room)
_CHROME = 8 + 56 + _LEGEND_ALLOWANCE  # top and bottom margins and the legend


def likert_colors(k: int) -> tuple[str, ...]:
    """The colour of each point of a k-point scale, lowest first (BrBG, grey middle point).

    Raises
    ------
    ValueError
        For fewer than 2 or more than 11 points (ColorBrewer's range).
    """
    if k not in BRBG:
        raise ValueError(f"a Likert chart needs 2 to 11 scale points, not {k}")
    colors = list(BRBG[k])
    if k % 2:
        colors[k // 2] = NEUTRAL_COLOR
    return tuple(colors)


def _share_columns(rows: pd.DataFrame) -> list[str]:
    """The ``share_<c>`` columns in scale order (by the number c, not by the text)."""
    found = [(int(m.group(1)), str(c)) for c in rows.columns if (m := _SHARE.fullmatch(str(c)))]
    return [column for _, column in sorted(found)]


def _require(rows: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in rows.columns]
    if missing:
        raise ValueError(f"rows lack the column(s) {', '.join(missing)}")


def _segments(shares: Sequence[float]) -> list[tuple[float, float]] | None:
    """``(base, x)`` in percent of each scale point's bar segment, lowest point first.

    The low points grow leftwards from the zero line (negative ``x``), the high points rightwards,
    and the middle point of an odd scale is centred on zero. ``None`` when a share is missing.
    """
    if any(is_missing(s) for s in shares):
        return None
    percent = [100.0 * float(s) for s in shares]
    k = len(percent)
    half = percent[k // 2] / 2 if k % 2 else 0.0
    segments: list[tuple[float, float]] = [(0.0, 0.0)] * k
    edge = -half
    for j in reversed(range(k // 2)):  # nearest the zero line first
        segments[j] = (edge, -percent[j])
        edge -= percent[j]
    if k % 2:
        segments[k // 2] = (-half, percent[k // 2])
    edge = half
    for j in range((k + 1) // 2, k):
        segments[j] = (edge, percent[j])
        edge += percent[j]
    return segments


def _ordered(rows: pd.DataFrame, dimensions: Sequence[str], share_columns: Sequence[str]) -> pd.DataFrame:
    """Rows of the known dimensions, skills by top-two share of the first dimension (greatest first).

    Ties (and skills without a rating of the first dimension, which go last) keep a fixed order by
    label and id, so every build draws the same chart.
    """
    rows = rows[rows["dimension"].astype(str).isin(dimensions)].copy()
    rows["dimension"] = rows["dimension"].astype(str)
    rows["skill_id"] = rows["skill_id"].astype(str)
    if "top2" in rows.columns:
        rows["top2"] = pd.to_numeric(rows["top2"], errors="coerce")
    else:  # the two highest points
        rows["top2"] = rows[list(share_columns[-2:])].apply(pd.to_numeric, errors="coerce").sum(
            axis=1, min_count=2
        )
    first = next((d for d in dimensions if (rows["dimension"] == d).any()), None)
    lead = rows[rows["dimension"] == first].drop_duplicates("skill_id").set_index("skill_id")["top2"]
    skills = rows.drop_duplicates("skill_id")[["skill_id", "skill_label"]].copy()
    skills["order_top2"] = skills["skill_id"].map(lead)
    skills["order_label"] = skills["skill_label"].astype(str)
    skills = skills.sort_values(
        ["order_top2", "order_label", "skill_id"], ascending=[False, True, True], na_position="last",
        kind="stable",
    )
    rank = {skill_id: i for i, skill_id in enumerate(skills["skill_id"])}
    position = {dimension: i for i, dimension in enumerate(dimensions)}
    rows["_skill"] = rows["skill_id"].map(rank)
    rows["_dimension"] = rows["dimension"].map(position)
    return rows.sort_values(["_skill", "_dimension"], kind="stable").drop(columns=["_skill", "_dimension"])


def _layout_rows(ordered: pd.DataFrame) -> tuple[list[float], list[dict[str, Any]], int]:
    """Where each bar lies (y, in px from the top), the skill labels above them, and the height.

    Each skill takes its label (wrapped, escaped), then one bar per dimension, then a small gap.
    """
    bars: list[float] = []
    labels: list[dict[str, Any]] = []
    top = 0.0
    skills = ordered["skill_id"].tolist()
    for i, (skill_id, label) in enumerate(zip(skills, ordered["skill_label"], strict=True)):
        if i == 0 or skills[i - 1] != skill_id:  # a new skill: its label first
            if i:
                top += _SKILL_GAP
            text, lines = wrap_label(str(label), _LABEL_WIDTH)
            top += _LINE * lines + 4
            labels.append(
                {
                    "text": text, "xref": "paper", "yref": "y", "x": 0, "y": top, "xanchor": "left",
                    "yanchor": "bottom", "align": "left", "showarrow": False, "bgcolor": "#ffffff",
                    "borderpad": 1, "font": {"size": 13, "color": _INK},
                }
            )
        bars.append(top + _BAR_ROW / 2)
        top += _BAR_ROW
    return bars, labels, int(math.ceil(top)) + _CHROME


def _x_extent(geometry: Sequence[list[tuple[float, float]] | None]) -> float:
    """Half-width of the symmetric x axis: the longest side of any bar, up to the next 25%."""
    longest = 0.0
    for segments in geometry:
        for base, x in segments or []:
            longest = max(longest, abs(base), abs(base + x))
    return float(min(100, max(50, 25 * math.ceil(longest / 25 - 1e-9))))


def likert_chart(
    rows: pd.DataFrame,
    *,
    dimension_labels: Mapping[str, str],
    scale_labels: Sequence[str],
    title: str,
    div_id: str,
    tr_: Callable[[str], str] = lambda s: s,
) -> Chart:
    """Diverging stacked horizontal bars of the rating distribution of each skill.

    Each bar is one skill and dimension. The points below the scale's middle lie to the left of
    the zero line, the points above it to the right, and the middle point of an odd scale is split
    half left, half right, so the bar's position shows the balance of low and high ratings
    (Robbins & Heiberger 2011). Skills are ordered by the top-two share (``top2``) of the first
    dimension in ``dimension_labels``, greatest first. Each skill's label stands above its bar, not
    beside it, so on a phone the bars keep the whole width; the legend above the chart names the
    scale points in order.

    The report draws **one chart per dimension** (importance and proficiency have different scale
    labels, and each chart gets its own legend). Rows holding several dimensions draw one bar per
    dimension under each skill's label, each named by its dimension on the y axis; the legend then
    shows ``scale_labels``, which should suit every dimension (e.g. "1 (lowest)").

    Parameters
    ----------
    rows
        Rows of ``descriptives.csv`` of one scope and group, with ``skill_label`` added:
        ``skill_id``, ``skill_label``, ``dimension``, ``n``, ``share_<c>`` for every scale point c
        (shares 0-1) and ``top2``. Rows of dimensions not in ``dimension_labels`` are left out; a
        row with a missing share draws no bar.
    dimension_labels
        Dimension code -> its name (already translated), in display order, e.g.
        ``{"importance": "Importance", "proficiency": "Proficiency"}``.
    scale_labels
        The name of each scale point, lowest first (already translated; untrusted), one per
        ``share_<c>`` column. They name the legend entries in order.
    title
        The finding the chart shows (plain text; rendered above the chart in HTML).
    div_id
        Fixed id of the chart element.
    tr_
        gettext function for the chart's own words.

    Returns
    -------
    Chart
        Bars in percent: trace ``j`` is scale point ``j``; its bar for row ``i`` spans from
        ``base[i]`` to ``base[i] + x[i]`` (``x`` negative for the low points) at height ``y[i]``
        (px from the top); the skill labels are the annotations with ``yref="y"``.

    Raises
    ------
    ValueError
        When columns are missing, or the number of scale labels does not match the share columns.

    References
    ----------
    Robbins, N. B., & Heiberger, R. M. (2011). Plotting Likert and other rating scales.
    *Proceedings of the 2011 Joint Statistical Meeting*, 1058-1066.

    Examples
    --------
    A skill rated 1-5 with shares .1, .2, .2, .3, .2 reaches 40% to the left of zero
    (.1 + .2 + .2/2) and 60% to the right (.2/2 + .3 + .2), the layout of Robbins & Heiberger's
    ``HH::likert`` in R.
    """
    _require(rows, ["skill_id", "skill_label", "dimension", "n"])
    share_columns = _share_columns(rows)
    if len(scale_labels) != len(share_columns):
        raise ValueError(
            f"{len(scale_labels)} scale labels for {len(share_columns)} share columns "
            f"({', '.join(share_columns) or 'none'})"
        )
    colors = likert_colors(len(share_columns))
    dimensions = [str(d) for d in dimension_labels]
    ordered = _ordered(rows, dimensions, share_columns)
    several = ordered["dimension"].nunique() > 1

    rows_y, labels, height = _layout_rows(ordered)
    geometry = [_segments([row[c] for c in share_columns]) for _, row in ordered.iterrows()]

    traces = []
    for j, (column, scale_label, color) in enumerate(zip(share_columns, scale_labels, colors, strict=True)):
        hover = [
            ""
            if segments is None
            else f"<b>{plot_text(row['skill_label'])}</b>"
            f"<br>{plot_text(dimension_labels[row['dimension']])}"
            f"<br>{plot_text(scale_label)}: {fmt_pct(row[column])}"
            f"<br>n = {fmt_int(row['n'])}"
            for segments, (_, row) in zip(geometry, ordered.iterrows(), strict=True)
        ]
        traces.append(
            trace(
                "bar",
                x=[None if s is None else s[j][1] for s in geometry],
                base=[None if s is None else s[j][0] for s in geometry],
                y=rows_y,
                width=_BAR,
                name=plot_text(scale_label),
                orientation="h",
                marker={"color": color, "line": {"color": "#ffffff", "width": 1}},
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    extent = _x_extent(geometry)
    # Labels every 50% (25% on a short axis) fit a phone; grid lines every 25%.
    step = 25 if extent <= 50 else 50
    last = int(extent) // step * step
    ticks_at = [float(v) for v in range(-last, last + 1, step)]
    grid_at = [float(v) for v in range(-int(extent), int(extent) + 1, 25) if v % step]
    below_axis = {
        "xref": "x", "yref": "paper", "x": 0, "y": 0, "yanchor": "top", "yshift": -26,
        "showarrow": False, "font": {"size": 12, "color": _MUTED},
    }
    layout = bar_layout(
        height,
        margin={"l": 16, "r": 16, "t": 8, "b": 56},  # half a "100%" label on either edge
        barmode="overlay",
        hoverlabel={"align": "left", "font": {"family": FONT_STACK, "size": 13}},
        legend={
            "orientation": "h", "traceorder": "normal", "xref": "paper", "x": 0,
            "xanchor": "left", "yref": "paper", "y": 1, "yanchor": "bottom", "font": {"size": 12},
        },
        # The axis is read from the zero line out: low ratings to the left, high to the right.
        annotations=[
            *labels,
            below_axis
            | {"text": "\u2190 " + plot_text(tr_("Low ratings")), "xanchor": "right", "xshift": -4},
            below_axis | {"text": plot_text(tr_("High ratings")) + " \u2192", "xanchor": "left", "xshift": 4},
        ],
        xaxis={
            "range": [-extent - _X_PAD, extent + _X_PAD],  # room for the edge labels
            "tickmode": "array",
            "tickvals": ticks_at,
            "ticktext": [fmt_pct(abs(v) / 100, 0) for v in ticks_at],
            "minor": {"tickmode": "array", "tickvals": grid_at, "showgrid": True, "gridcolor": "#e3e3e3"},
            "fixedrange": True,
            "gridcolor": "#e3e3e3",
            "zeroline": True,
            "zerolinecolor": "#1a1a1a",
            "zerolinewidth": 1.5,
            "automargin": True,
        },
        # Skill labels stand above their bars (annotations), not beside them: on a phone the bars
        # keep the whole width. With several dimensions the ticks name the dimension of each bar.
        yaxis={
            "type": "linear",
            "range": [max(height - _CHROME, 1), 0],  # downwards, in px from the top
            "tickmode": "array",
            "tickvals": rows_y if several else [],
            "ticktext": [plot_text(dimension_labels[d]) for d in ordered["dimension"]] if several else [],
            "showticklabels": several,
            "ticks": "",
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
            "automargin": True,
            "tickfont": {"size": 12, "color": _MUTED},
        },
    )
    layout["showlegend"] = True
    spec: dict[str, Any] = {"data": traces, "layout": layout, "config": plotly_config(div_id)}
    return Chart(div_id=div_id, title=title, spec=safe_json(spec), height=height)


def likert_table(
    rows: pd.DataFrame,
    *,
    scale_labels: Sequence[str],
    tr_: Callable[[str], str] = lambda s: s,
    dimension_labels: Mapping[str, str] | None = None,
) -> list[dict[str, str]]:
    """The numbers of :func:`likert_chart` as table rows, in the chart's order.

    Parameters
    ----------
    rows, scale_labels
        As for :func:`likert_chart`.
    tr_
        gettext function for the column headers and the default dimension names.
    dimension_labels
        Dimension code -> name, in display order; by default importance and proficiency.

    Returns
    -------
    list of dict
        One dict per row; its keys are the column headers (translated), in order: skill,
        dimension, n (respondents who rated the item), then one column per scale point with the
        share as a percentage (one decimal; an em dash when missing). A scale label that repeats
        or equals another header is prefixed with its scale point (``"3: Skill"``).
    """
    _require(rows, ["skill_id", "skill_label", "dimension", "n"])
    share_columns = _share_columns(rows)
    if len(scale_labels) != len(share_columns):
        raise ValueError(f"{len(scale_labels)} scale labels for {len(share_columns)} share columns")
    names = (
        {"importance": tr_("Importance"), "proficiency": tr_("Proficiency")}
        if dimension_labels is None
        else dict(dimension_labels)
    )
    skill, dimension = tr_("Skill"), tr_("Dimension")
    n_rated = tr_("n (rated it)")  # respondents who gave this item a rating on this dimension
    headers = [skill, dimension, n_rated]
    share_headers = []
    for column, label in zip(share_columns, scale_labels, strict=True):
        text = str(label)
        if text in headers or text in share_headers or list(scale_labels).count(label) > 1:
            text = f"{column.removeprefix('share_')}: {text}"
        share_headers.append(text)
    table = []
    for _, row in _ordered(rows, list(names), share_columns).iterrows():
        entry = {
            skill: str(row["skill_label"]), dimension: names[row["dimension"]], n_rated: fmt_int(row["n"])
        }
        entry.update({h: fmt_pct(row[c]) for h, c in zip(share_headers, share_columns, strict=True)})
        table.append(entry)
    return table
