"""Quadrant charts of the skills' needs: Importance-Performance Analysis and Locus for Focus.

Each skill is a marker at its mean ratings, numbered with its need rank (the full label is in the
hover, in the key beside the chart, :func:`quadrant_key`, and in the table), so a chart of twenty
skills stays readable on a phone. Two lines cross at
the crosshair the caller passes (the one the analysis classified the skills at: ``needs.csv``'s
``*_cross`` columns); the quadrants are named in the corners and the priority quadrant is shaded.

* IPA (Martilla & James 1977): x = mean proficiency ("performance"), y = mean importance; the
  priority quadrant is *concentrate here*, top left (high importance, low proficiency).
* Locus for Focus (Mink, Shultz & Mink 1991): x = mean importance, y = mean discrepancy
  (importance - proficiency); the priority quadrant is *focus*, top right (both high).

Labels are untrusted text and reach the figure only through
:func:`analysis.report.charts.plot_text`; the chart's own words come through ``tr_``, a gettext
function, as literal strings so that Babel can extract them (the keyword ``tr_`` of ``babel.cfg``).

References
----------
Martilla, J. A., & James, J. C. (1977). Importance-performance analysis. *Journal of Marketing*,
41(1), 77-79.
Mink, O. G., Shultz, J. M., & Mink, B. P. (1991). *Developing and managing open organizations: A
model and methods for maximizing organizational potential*. Austin, TX: Somerset Consulting Group.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from analysis.report.charts import FONT_STACK, Chart, plot_text, plotly_config, safe_json, trace, wrap_label
from analysis.report.model import CROSSHAIR_COLUMNS
from analysis.report.render import DASH, fmt, fmt_int, is_missing

__all__ = [
    "PRIORITY_COLOR",
    "PRIORITY_FILL",
    "QUADRANT_HEIGHT",
    "QuadrantKind",
    "quadrant_chart",
    "quadrant_crosshairs",
    "quadrant_key",
    "quadrant_names",
    "quadrant_table",
]

QuadrantKind = Literal["ipa", "lff"]
#: Markers of the priority quadrant (Okabe-Ito blue, white numbers: contrast 5.1:1).
PRIORITY_COLOR = "#0072B2"
#: The priority quadrant's light shade (the same blue at 8%).
PRIORITY_FILL = "rgba(0, 114, 178, 0.08)"
OTHER_FILL = "#ffffff"
OTHER_LINE = "#595959"
INK = "#1a1a1a"
QUADRANT_HEIGHT = 460
_MARKER_SIZE = 22
_CORNER_WIDTH = 22  # characters per line of a quadrant name in a corner


@dataclass(frozen=True)
class _Kind:
    """What one kind of quadrant chart plots and where its quadrants lie."""

    x: str
    y: str
    column: str
    priority: str
    #: Quadrant code in each corner: top left, top right, bottom left, bottom right.
    corners: tuple[str, str, str, str]


_KINDS = {
    "ipa": _Kind(
        x="proficiency_mean", y="importance_mean", column="ipa_quadrant", priority="concentrate here",
        corners=("concentrate here", "keep up the good work", "low priority", "possible overkill"),
    ),
    "lff": _Kind(
        x="importance_mean", y="discrepancy_mean", column="lff_quadrant", priority="focus",
        corners=(
            "low importance, high discrepancy", "focus", "low importance, low discrepancy",
            "high importance, low discrepancy",
        ),
    ),
}


def _kind(kind: str) -> _Kind:
    if kind not in _KINDS:
        raise ValueError(f"kind must be 'ipa' or 'lff', not {kind!r}")
    return _KINDS[kind]


def quadrant_names(tr_: Callable[[str], str] = lambda s: s) -> dict[str, str]:
    """Quadrant code (``ipa_quadrant`` / ``lff_quadrant`` in needs.csv) -> its name, translated."""
    return {
        "concentrate here": tr_("Concentrate here"),
        "keep up the good work": tr_("Keep up the good work"),
        "low priority": tr_("Low priority"),
        "possible overkill": tr_("Possible overkill"),
        "focus": tr_("Focus"),
        "high importance, low discrepancy": tr_("High importance, low discrepancy"),
        "low importance, high discrepancy": tr_("Low importance, high discrepancy"),
        "low importance, low discrepancy": tr_("Low importance, low discrepancy"),
    }


def _axis_titles(kind: str, tr_: Callable[[str], str]) -> tuple[str, str]:
    if kind == "ipa":
        return tr_("Mean proficiency"), tr_("Mean importance")
    return tr_("Mean importance"), tr_("Mean gap (importance \u2212 proficiency)")


def _require(rows: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in rows.columns]
    if missing:
        raise ValueError(f"rows lack the column(s) {', '.join(missing)}")


def _range(values: list[float], centre: float, pad_share: float) -> tuple[float, float]:
    """An axis range holding the values and the crosshair, padded on both sides."""
    lo, hi = min([centre, *values]), max([centre, *values])
    pad = max(pad_share * (hi - lo), 0.15)
    return lo - pad, hi + pad


def _hover(row: pd.Series, name: str, tr_: Callable[[str], str]) -> str:
    # tr_() outside the f-strings: literal arguments that Babel's extractor sees on every Python
    rank, importance = plot_text(tr_("Rank")), plot_text(tr_("Importance"))
    proficiency, gap = plot_text(tr_("Proficiency")), plot_text(tr_("Gap"))
    return (
        f"<b>{plot_text(row['skill_label'])}</b>"
        f"<br>{rank} {fmt_int(row['rank'])} \u00b7 MWDS {fmt(row.get('mwds'))}"
        f"<br>{importance} {fmt(row['importance_mean'])}"
        f"<br>{proficiency} {fmt(row['proficiency_mean'])}"
        f"<br>{gap} {fmt(row['discrepancy_mean'])}"
        f"<br>{plot_text(name)}"
        f"<br>n = {fmt_int(row['n'])}"
    )


def quadrant_crosshairs(survey: str, rows: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Where the quadrant lines cross, as the analysis wrote it (``needs.csv``'s ``*_cross``).

    The statistics classified the skills at these crosshairs (:func:`analysis.stats.needs_table`):
    the charts draw them, they do not work them out again. ``(x, y)`` per chart: IPA (proficiency,
    importance), Locus for Focus (importance, discrepancy).
    """
    missing = [c for c in CROSSHAIR_COLUMNS if c not in rows.columns]
    if missing:
        raise ValueError(
            f"survey {survey!r}: the needs table has no {', '.join(missing)}: it was written before "
            "the analysis recorded its crosshairs; run `skillsneeds analyze` again"
        )
    first = rows.iloc[0]
    return {
        "ipa": (float(first["ipa_proficiency_cross"]), float(first["ipa_importance_cross"])),
        "lff": (float(first["lff_importance_cross"]), float(first["lff_discrepancy_cross"])),
    }


def quadrant_chart(
    rows: pd.DataFrame,
    *,
    kind: QuadrantKind,
    title: str,
    div_id: str,
    crosshair: tuple[float, float],
    tr_: Callable[[str], str] = lambda s: s,
) -> Chart:
    """Scatter of the skills in the IPA or Locus-for-Focus plane, the priority quadrant shaded.

    Parameters
    ----------
    rows
        Reportable rows of ``needs.csv`` of one scope and group: ``skill_id``, ``skill_label``,
        ``importance_mean``, ``proficiency_mean``, ``discrepancy_mean``, ``rank``, ``n``, and
        ``ipa_quadrant`` / ``lff_quadrant`` (``mwds`` is shown in the hover when present).
        Rows without both coordinates are left out.
    kind
        ``"ipa"``: x = mean proficiency, y = mean importance (Martilla & James 1977).
        ``"lff"``: x = mean importance, y = mean discrepancy (Mink, Shultz & Mink 1991).
    title
        The finding the chart shows (plain text; rendered above the chart in HTML).
    div_id
        Fixed id of the chart element.
    crosshair
        ``(x, y)`` where the quadrant lines cross: the one the analysis classified the skills
        with (``needs.csv``'s ``*_cross`` columns), so the shaded quadrant holds the highlighted
        markers.
    tr_
        gettext function for the chart's own words.

    Returns
    -------
    Chart
        One marker trace (x, y = the input means; text = rank; ``customdata`` = skill id), drawn
        from the lowest rank number up so the greatest needs lie on top. Markers the analysis put
        in the priority quadrant (its ``*_quadrant`` column) are filled blue.

    Raises
    ------
    ValueError
        For another ``kind``, a crosshair that is not two finite numbers, or missing columns.
    """
    spec_kind = _kind(kind)
    if len(crosshair) != 2 or not all(math.isfinite(float(v)) for v in crosshair):
        raise ValueError(f"crosshair must be two finite numbers (x, y), not {crosshair!r}")
    cx, cy = (float(v) for v in crosshair)
    _require(rows, ["skill_id", "skill_label", "importance_mean", "proficiency_mean", "discrepancy_mean",
                    "rank", "n", spec_kind.column])
    names = quadrant_names(tr_)
    points = rows.copy()
    points["_x"] = pd.to_numeric(points[spec_kind.x], errors="coerce")
    points["_y"] = pd.to_numeric(points[spec_kind.y], errors="coerce")
    points["_rank"] = pd.to_numeric(points["rank"], errors="coerce")
    points = points[points["_x"].notna() & points["_y"].notna()]
    points = points.sort_values(["_rank", "skill_id"], ascending=[False, False], na_position="first",
                                kind="stable")
    priority = [str(q) == spec_kind.priority for q in points[spec_kind.column]]
    x_title, y_title = _axis_titles(kind, tr_)

    marker_trace = trace(
        "scatter",
        x=[float(v) for v in points["_x"]],
        y=[float(v) for v in points["_y"]],
        mode="markers+text",
        text=["" if is_missing(r) else str(int(r)) for r in points["_rank"]],
        textposition="middle center",
        textfont={"size": 11, "color": ["#ffffff" if p else INK for p in priority]},
        marker={
            "size": _MARKER_SIZE,
            "color": [PRIORITY_COLOR if p else OTHER_FILL for p in priority],
            "line": {"color": [PRIORITY_COLOR if p else OTHER_LINE for p in priority], "width": 1.5},
        },
        customdata=[str(s) for s in points["skill_id"]],
        hovertext=[
            _hover(row, names.get(str(row[spec_kind.column]), str(row[spec_kind.column])), tr_)
            for _, row in points.iterrows()
        ],
        hovertemplate="%{hovertext}<extra></extra>",
        cliponaxis=False,
        showlegend=False,
    )
    x_range = _range([float(v) for v in points["_x"]], cx, 0.12)
    y_range = _range([float(v) for v in points["_y"]], cy, 0.25)  # room for the corner names
    top = y_range[1]
    shade = (
        {"x0": x_range[0], "x1": cx, "y0": cy, "y1": top}
        if kind == "ipa"
        else {"x0": cx, "x1": x_range[1], "y0": cy, "y1": top}
    )
    line = {"color": "#6b6b6b", "width": 1.5, "dash": "dash"}
    # In data coordinates on both axes (the ranges are fixed): plotly draws such shapes above the
    # grid lines and below the markers; a shape on paper coordinates would go under the grid.
    shapes = [
        {"type": "rect", "xref": "x", "yref": "y", **shade, "fillcolor": PRIORITY_FILL,
         "line": {"width": 0}, "layer": "between"},
        {"type": "line", "xref": "x", "yref": "y", "x0": cx, "x1": cx, "y0": y_range[0], "y1": y_range[1],
         "line": line, "layer": "between"},
        {"type": "line", "xref": "x", "yref": "y", "x0": x_range[0], "x1": x_range[1], "y0": cy, "y1": cy,
         "line": line, "layer": "between"},
    ]
    annotations = []
    for code, (x, y) in zip(spec_kind.corners, [(0, 1), (1, 1), (0, 0), (1, 0)], strict=True):
        text, _ = wrap_label(names[code], _CORNER_WIDTH)
        is_priority = code == spec_kind.priority
        annotations.append(
            {
                "text": f"<b>{text}</b>" if is_priority else text,
                "xref": "paper", "yref": "paper", "x": x, "y": y,
                "xanchor": "left" if x == 0 else "right", "yanchor": "top" if y == 1 else "bottom",
                "xshift": 4 if x == 0 else -4, "yshift": -4 if y == 1 else 4,
                "align": "left" if x == 0 else "right",
                "showarrow": False,
                "font": {"size": 11, "color": "#005a8c" if is_priority else "#595959"},
            }
        )
    axis = {"fixedrange": True, "gridcolor": "#ececec", "zeroline": False, "automargin": True,
            "title": {"font": {"size": 12, "color": "#595959"}, "standoff": 8}}
    layout = {
        "height": QUADRANT_HEIGHT,
        "font": {"family": FONT_STACK, "size": 12, "color": INK},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "showlegend": False,
        "dragmode": False,
        "hovermode": "closest",
        "hoverlabel": {"align": "left", "font": {"family": FONT_STACK, "size": 13}},
        "margin": {"l": 8, "r": 12, "t": 12, "b": 8},
        "xaxis": axis | {"range": list(x_range), "title": axis["title"] | {"text": plot_text(x_title)}},
        "yaxis": axis | {"range": list(y_range), "title": axis["title"] | {"text": plot_text(y_title)}},
        "shapes": shapes,
        "annotations": annotations,
    }
    spec: dict[str, Any] = {"data": [marker_trace], "layout": layout, "config": plotly_config(div_id)}
    return Chart(div_id=div_id, title=title, spec=safe_json(spec), height=QUADRANT_HEIGHT)


def quadrant_key(rows: pd.DataFrame, *, kind: QuadrantKind) -> list[dict[str, str]]:
    """The key beside :func:`quadrant_chart`: each point's number and the skill it stands for.

    Returns
    -------
    list of dict
        ``number`` (the need rank on the marker) and ``skill`` (its label, in the rows' language),
        one per point the chart draws (both coordinates present), in rank order.
    """
    spec_kind = _kind(kind)
    _require(rows, ["skill_id", "skill_label", "rank", spec_kind.x, spec_kind.y])
    points = rows.assign(
        _rank=pd.to_numeric(rows["rank"], errors="coerce"),
        _x=pd.to_numeric(rows[spec_kind.x], errors="coerce"),
        _y=pd.to_numeric(rows[spec_kind.y], errors="coerce"),
    )
    points = points[points["_x"].notna() & points["_y"].notna()].sort_values(
        ["_rank", "skill_id"], na_position="last", kind="stable"
    )
    return [
        {"number": "" if is_missing(r) else str(int(r)), "skill": str(label)}
        for r, label in zip(points["_rank"], points["skill_label"], strict=True)
    ]


def quadrant_table(
    rows: pd.DataFrame,
    *,
    kind: QuadrantKind,
    tr_: Callable[[str], str] = lambda s: s,
) -> list[dict[str, str]]:
    """The numbers of :func:`quadrant_chart` as table rows, in rank order.

    Returns
    -------
    list of dict
        One dict per skill; its keys are the column headers (translated), in order: rank (the
        number on the marker), skill, the x value, the y value (2 decimals) and the quadrant name
        the analysis gave the skill (an em dash when it has none).
    """
    spec_kind = _kind(kind)
    _require(rows, ["skill_id", "skill_label", "rank", spec_kind.x, spec_kind.y, spec_kind.column])
    names = quadrant_names(tr_)
    x_header, y_header = (
        (tr_("Proficiency"), tr_("Importance")) if kind == "ipa" else (tr_("Importance"), tr_("Gap"))
    )
    rank, skill, quadrant = tr_("Rank"), tr_("Skill"), tr_("Quadrant")
    ordered = rows.assign(_rank=pd.to_numeric(rows["rank"], errors="coerce")).sort_values(
        ["_rank", "skill_id"], na_position="last", kind="stable"
    )
    table = []
    for _, row in ordered.iterrows():
        code = row[spec_kind.column]
        table.append(
            {
                rank: fmt_int(row["_rank"]),
                skill: str(row["skill_label"]),
                x_header: fmt(row[spec_kind.x]),
                y_header: fmt(row[spec_kind.y]),
                quadrant: DASH if is_missing(code) else names.get(str(code), str(code)),
            }
        )
    return table
