"""Plotly figures of the report: ranked MWDS bars, serialised safely for inline ``<script>``.

Labels come from partners' surveys and are untrusted. Plotly renders text as pseudo-HTML (it
understands ``<b>``, ``<br>`` and entities), so every label is HTML-escaped *before* it goes into
a figure and then displays literally. The figure JSON is embedded in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` written as ``\\u003c``-style
escapes, so no string can close the block, whatever it contains.

The charts' own words (axis titles, hover texts) come through ``tr_``, a gettext function
(:func:`analysis.report.i18n.translator`), English when none is given.
"""

from __future__ import annotations

import html
import json
import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from markupsafe import Markup

from analysis.report.i18n import N_, english
from analysis.report.render import current_number_language, fmt, number_symbols

__all__ = [
    "FONT_STACK",
    "OKABE_ITO",
    "Chart",
    "Segment",
    "category_axis",
    "criteria_chart",
    "labelled_bars",
    "legend_items",
    "needs_chart",
    "plot_text",
    "safe_json",
    "shared_range",
    "skill_group_colors",
    "stacked_share_chart",
]

#: Okabe & Ito (2008) colour-blind-safe palette, ordered so that neighbours (the last one's
#: neighbour is the first) stay apart for protanopes and deuteranopes: CIE76 colour difference of
#: at least 50 under Machado et al. (2009) simulation (tests/report/test_palette.py); orange and
#: vermillion, alike for them, are never neighbours; yellow, faint on white, comes last.
OKABE_ITO = (
    "#0072B2", "#E69F00", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#009E73", "#F0E442",
)
NO_GROUP_COLOR = "#7A7A7A"
FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", '
    "sans-serif"
)




X_TITLE = N_("MWDS (higher = greater training need)")
_LABEL_WIDTH = 28
_MODEBAR_REMOVE = [
    "zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d",
    "resetScale2d",
]


@dataclass(frozen=True)
class Chart:
    """One figure ready for the template.

    Attributes
    ----------
    div_id
        Fixed element id (derived from survey, scope and group) so output is deterministic.
    title
        The finding, as plain text (the template escapes it).
    spec
        ``{"data", "layout", "config"}`` JSON, safe to place inside a ``<script>`` element.
    height
        Pixel height, reserved in the page before Plotly draws.
    """

    div_id: str
    title: str
    spec: Markup
    height: int


def plotly_figure(chart: Chart | Mapping[str, Any]) -> Any:
    """A chart (or its ``{"data", "layout", ...}`` spec) as a plotly figure, for a notebook.

    The page's plotly ``config`` is left out (a notebook has its own); a :class:`Chart`'s finding
    becomes the figure's title.
    """
    import plotly.graph_objects as go

    spec = json.loads(str(chart.spec)) if isinstance(chart, Chart) else chart
    figure = go.Figure({"data": spec.get("data", []), "layout": spec.get("layout", {})})
    if isinstance(chart, Chart) and chart.title and not figure.layout.title.text:
        figure.update_layout(title={"text": chart.title})
    return figure


def category_axis(ids: list[str], labels: list[str]) -> dict[str, Any]:
    """A y axis of one row per category, first at the top, labelled with wrapped (escaped) text."""
    return {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": ids,
        "tickmode": "array",
        "tickvals": ids,
        "ticktext": labels,
        "autorange": "reversed",
        "fixedrange": True,
        "automargin": True,
        "ticklabelstandoff": 6,
    }


def plot_text(value: object) -> str:
    """Escape ``&``, ``<`` and ``>`` so Plotly shows an untrusted string as literal text."""
    return html.escape(str(value), quote=False)


def wrap_label(label: str, width: int = _LABEL_WIDTH) -> tuple[str, int]:
    """Wrap a raw label for a tick (escaped lines joined by ``<br>``) and count its lines."""
    lines = textwrap.wrap(label, width=width, break_long_words=True) or [""]
    if len(lines) > 3:  # keep bars readable; the full label is in the hover and the table
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), width=width, placeholder="…")]
    return "<br>".join(plot_text(line) for line in lines), len(lines)


def localised(spec: Mapping[str, Any]) -> Mapping[str, Any]:
    """A figure spec in the language of the page being built (:func:`number_language`): Plotly's
    decimal and grouping signs (``layout.separators``) and its locale (``config.locale``: the
    modebar's words, registered by :func:`analysis.report.render.plotly_js`). Unchanged in English
    or without a layout and a config."""
    lang = current_number_language()
    layout, config = spec.get("layout"), spec.get("config")
    if lang == "en" or not isinstance(layout, Mapping) or not isinstance(config, Mapping):
        return spec
    decimal, group, _ = number_symbols(lang)
    return {
        **spec,
        "layout": {**layout, "separators": decimal + group},
        "config": {**config, "locale": lang},
    }


def safe_json(spec: Mapping[str, Any]) -> Markup:
    """Serialise a figure spec as JSON that cannot break out of an inline ``<script>`` block.

    ``<``, ``>`` and ``&`` can only occur inside JSON strings, where ``\\u003c`` etc. are valid
    escapes that ``JSON.parse`` turns back into the same characters.
    """
    spec = localised(spec)
    text = json.dumps(spec, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)  # noqa: S704 - escaped above; nothing in it can end the script element


def skill_group_colors(skill_groups: pd.Series, skill_ids: pd.Series | None = None) -> dict[str, str]:
    """Okabe-Ito colour per skill group, the same on every page of a survey.

    With ``skill_ids`` (aligned with ``skill_groups``) the groups take the palette in the order of
    their alphabetically first skill id, so a group keeps its colour in every language of the
    report (translated names sort differently); without them, in the order of their names.
    Skills without a group get one neutral grey when groups exist, and the first palette colour
    when no skill has a group.
    """
    groups = [str(g) for g in skill_groups]
    if skill_ids is None:
        names = sorted({g for g in groups if g})
    else:
        first: dict[str, str] = {}
        for group, skill_id in zip(groups, (str(s) for s in skill_ids), strict=True):
            if group:
                first[group] = min(first.get(group, skill_id), skill_id)
        names = sorted(first, key=lambda g: (first[g], g))
    colors = {name: OKABE_ITO[i % len(OKABE_ITO)] for i, name in enumerate(names)}
    colors[""] = NO_GROUP_COLOR if names else OKABE_ITO[0]
    return colors


def shared_range(values: pd.Series) -> tuple[float, float]:
    """An x range holding every MWDS plus room for the value labels, for a set of charts.

    Small multiples share it so that bar lengths compare across groups.
    """
    finite = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    lo = min([0.0, *finite])
    hi = max([0.0, *finite])
    span = (hi - lo) or 1.0
    return (lo - 0.16 * span if lo < 0 else 0.0, hi + 0.16 * span)


def _num(value: object) -> float:
    return float(value)  # numpy scalars -> plain floats for json


def _hover(row: pd.Series, tr_: Callable[[str], str]) -> str:
    group = f"<br><i>{plot_text(row['skill_group'])}</i>" if str(row["skill_group"]) else ""
    lines = [
        tr_("MWDS %(mwds)s (rank %(rank)s)") % {"mwds": fmt(_num(row["mwds"])), "rank": int(row["rank"])},
        tr_("Importance %(value)s") % {"value": fmt(_num(row["importance_mean"]))},
        tr_("Proficiency %(value)s") % {"value": fmt(_num(row["proficiency_mean"]))},
        tr_("Gap %(value)s") % {"value": fmt(_num(row["discrepancy_mean"]))},
    ]
    return (
        f"<b>{plot_text(row['skill_label'])}</b>{group}"
        + "".join(f"<br>{plot_text(line)}" for line in lines)
        + f"<br>n = {int(row['n'])}"
    )


def needs_chart(
    rows: pd.DataFrame,
    *,
    div_id: str,
    title: str,
    colors: Mapping[str, str],
    x_range: tuple[float, float],
    tr_: Callable[[str], str] = english,
) -> Chart:
    """Horizontal bars of MWDS, greatest need at the top, skill labels on the y axis.

    Parameters
    ----------
    rows
        Reportable needs rows of one group, already in rank order.
    div_id
        Fixed id of the chart element.
    title
        The finding the chart shows (plain text; rendered above the chart in HTML).
    colors
        Colour per skill group (:func:`skill_group_colors`).
    x_range
        Common x range (:func:`shared_range`).
    tr_
        gettext function for the chart's own words (axis title, hover texts).
    """
    # Skill ids are the categories (labels may repeat); labels are the tick texts.
    return labelled_bars(
        [str(s) for s in rows["skill_id"]],
        [str(label) for label in rows["skill_label"]],
        [_num(v) for v in rows["mwds"]],
        texts=[fmt(_num(v)) for v in rows["mwds"]],
        hover=[_hover(row, tr_) for _, row in rows.iterrows()],
        color=[colors.get(str(g), NO_GROUP_COLOR) for g in rows["skill_group"]],
        x_title=tr_(X_TITLE),
        x_axis={"range": list(x_range)},
        div_id=div_id,
        title=title,
    )


def labelled_bars(
    ids: list[str],
    labels: list[str],
    values: list[float],
    *,
    texts: list[str],
    hover: list[str],
    color: str | list[str],
    x_title: str,
    x_axis: Mapping[str, Any],
    div_id: str,
    title: str,
) -> Chart:
    """Horizontal bars, one per category, the first at the top, its label on the y axis.

    The shape every ranked bar chart of the report shares (needs, themes): ``ids`` are the
    categories (labels may repeat), ``texts`` the value written beside each bar (a negative bar's
    to the right of zero), ``x_axis`` the axis settings of this chart (its range, tick format)
    and ``x_title`` its title, translated.
    """
    wrapped = [wrap_label(label) for label in labels]
    # Category slots are equal, so the tallest (most wrapped) label sets the slot height.
    slot = max(30, 17 * max(lines for _, lines in wrapped) + 10)
    height = 12 + 56 + slot * len(ids)
    bar = trace(
        "bar",
        x=values,
        y=ids,
        orientation="h",
        marker={"color": color},
        text=texts,
        textposition="outside",
        cliponaxis=False,
        textfont={"size": 12, "color": "#1a1a1a"},
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
    )
    layout = bar_layout(
        height,
        margin={"l": 8, "r": 24, "t": 12, "b": 56},
        hoverlabel={"align": "left", "font": {"family": FONT_STACK, "size": 13}},
        # The axis title is an annotation anchored at the right edge of the plot: a centred
        # title would be cut off on a phone, where the labels take half of the width.
        annotations=[
            {
                "text": plot_text(x_title),
                "xref": "paper",
                "yref": "paper",
                "x": 1,
                "y": 0,
                "xanchor": "right",
                "yanchor": "top",
                "yshift": -26,
                "showarrow": False,
                "font": {"size": 12, "color": "#595959"},
            }
        ],
        xaxis={
            **x_axis,
            "fixedrange": True,
            "gridcolor": "#e3e3e3",
            "zeroline": True,
            "zerolinecolor": "#6b6b6b",
            "automargin": True,
        },
        yaxis=category_axis(ids, [text for text, _ in wrapped]),
    )
    spec = {"data": [bar, *_right_of_zero(bar)], "layout": layout, "config": plotly_config(div_id)}
    return Chart(div_id=div_id, title=title, spec=safe_json(spec), height=height)


def _right_of_zero(bar: dict[str, Any]) -> list[dict[str, Any]]:
    """The value labels of negative bars, moved to the right of the zero line.

    Outside a negative bar its label would sit left of the bar's end, over the skill names of
    the y axis on a narrow chart; right of zero its row is empty. The bar keeps no text of its
    own; the labels are a text-only trace that hovering skips.
    """
    texts, xs, ys = list(bar["text"]), list(bar["x"]), list(bar["y"])
    moved = [k for k, x in enumerate(xs) if x is not None and x < 0]
    if not moved:
        return []
    bar["text"] = ["" if k in moved else text for k, text in enumerate(texts)]
    return [trace(
        "scatter",
        x=[0.0] * len(moved), y=[ys[k] for k in moved], text=[texts[k] for k in moved],
        mode="text", textposition="middle right", textfont=dict(bar["textfont"]), cliponaxis=False,
        hoverinfo="skip", showlegend=False,
    )]


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar: its name, its colour, and the words the hover shows for it
    (``label``; the name when not given)."""

    name: str
    color: str
    label: str | None = None


def plotly_config(div_id: str) -> dict[str, Any]:
    """plotly.js settings every chart shares (responsive, no logo, its own image file name)."""
    return {
        "responsive": True,
        "displaylogo": False,
        "modeBarButtonsToRemove": _MODEBAR_REMOVE,
        "toImageButtonOptions": {"filename": div_id, "scale": 2},
    }


def stacked_share_chart(
    labels: list[str],
    segments: list[Segment],
    counts: list[list[int | None]],
    totals: list[int],
    *,
    div_id: str,
    title: str,
    x_title: str,
    x_max: float = 100.0,
    threshold: float | None = None,
    tr_: Callable[[str], str] = english,
) -> Chart:
    """Horizontal stacked bars of shares (% of each row's total), first row at the top.

    Parameters
    ----------
    labels
        Row labels (untrusted text; escaped here), e.g. partners or skills.
    segments
        The stacked parts in order, left to right.
    counts
        ``counts[i][j]``: count of segment ``i`` in row ``j``; None leaves the segment out of
        that row (a suppressed count: no bar, no hover text).
    totals
        The denominator of each row (shares are ``count / total``; a zero total shows nothing).
    div_id, title
        Fixed element id and the finding (plain text, rendered above the chart in HTML).
    x_title
        Axis title, shown at the right end of the axis.
    x_max
        Upper end of the x axis in percent.
    threshold
        Draws a dashed reference line at this percentage when given.
    tr_
        gettext function for the hover texts (the titles come translated).
    """
    ids = [f"r{j}" for j in range(len(labels))]  # labels may repeat; ids never do
    wrapped = [wrap_label(str(label)) for label in labels]
    slot = max(30, 17 * max([lines for _, lines in wrapped] or [1]) + 10)
    height = 12 + 56 + slot * max(len(ids), 1)
    traces = []
    for segment, row_counts in zip(segments, counts, strict=True):
        shares = [
            None if c is None else 100.0 * c / t if t else 0.0
            for c, t in zip(row_counts, totals, strict=True)
        ]
        hover = [
            "" if c is None else f"<b>{plot_text(label)}</b><br>"
            + plot_text(
                tr_("%(segment)s: %(count)s of %(total)s (%(share)s%%)")
                % {"segment": segment.label or segment.name, "count": int(c), "total": int(n),
                   "share": fmt(share, 1)}
            )
            for label, c, n, share in zip(labels, row_counts, totals, shares, strict=True)
        ]
        traces.append(
            trace(
                "bar",
                x=shares,
                y=ids,
                name=plot_text(segment.label or segment.name),
                orientation="h",
                marker={"color": segment.color, "line": {"color": "#ffffff", "width": 1}},
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    shapes = []
    if threshold is not None:
        shapes.append(
            {
                "type": "line", "xref": "x", "yref": "paper", "x0": threshold, "x1": threshold,
                "y0": 0, "y1": 1, "line": {"color": "#1a1a1a", "width": 1.5, "dash": "dash"},
            }
        )
    layout = bar_layout(
        height,
        margin={"l": 8, "r": 16, "t": 12, "b": 56},
        barmode="stack",
        hoverlabel={"align": "left", "font": {"family": FONT_STACK, "size": 13}},
        **({"shapes": shapes} if shapes else {}),  # no empty list: plotly.js needs none
        annotations=[
            {
                "text": plot_text(x_title), "xref": "paper", "yref": "paper", "x": 1, "y": 0,
                "xanchor": "right", "yanchor": "top", "yshift": -26, "showarrow": False,
                "font": {"size": 12, "color": "#595959"},
            }
        ],
        xaxis={
            "range": [0, x_max],
            "fixedrange": True,
            "gridcolor": "#e3e3e3",
            "ticksuffix": "%",
            "automargin": True,
        },
        yaxis=category_axis(ids, [text for text, _ in wrapped]),
    )
    spec = {"data": traces, "layout": layout, "config": plotly_config(div_id)}
    return Chart(div_id=div_id, title=title, spec=safe_json(spec), height=height)


#: Static tiny charts: nothing to hover, zoom or download (their numbers are in a table beside).
STATIC_CONFIG = {"staticPlot": True, "displayModeBar": False, "responsive": True}


def bar_layout(height: int, *, font_size: int = 13, bargap: float = 0.28, **settings: Any) -> dict[str, Any]:
    """The layout every bar chart shares (white, no legend, no zoom), plus its own settings."""
    return {
        "height": height,
        "font": {"family": FONT_STACK, "size": font_size, "color": "#1a1a1a"},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "showlegend": False,
        "bargap": bargap,
        "dragmode": False,
        **settings,
    }


def trace(kind: str, **properties: Any) -> dict[str, Any]:
    """One plotly.js trace of type ``kind`` ("bar", "scatter") as the plain dict plotly.js reads.

    The charts are built as plain dicts, not ``plotly.graph_objects``: validating every property
    of every figure took a third of a page's build time. The tests validate each chart kind of
    the sample pages with plotly's own validators instead (``tests/report/test_chart_specs.py``).
    """
    return {"type": kind, **properties}


def criteria_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    div_id: str,
    title: str,
    colors: Sequence[str],
    tr_: Callable[[str], str] = english,
) -> Chart:
    """A tiny static bar chart of one candidate's normalised criteria (0-1), first at the top.

    Parameters
    ----------
    labels
        Criterion names, in display order (escaped here).
    values
        Normalised values in [0, 1]; a missing value draws no bar and reads "n/a".
    div_id, title
        Fixed element id and the finding (plain text, rendered above the chart in HTML).
    colors
        One colour per criterion (fixed by criterion, so every card agrees).
    tr_
        gettext function for the chart's own words ("n/a").
    """
    ids = [f"c{j}" for j in range(len(labels))]
    numbers = [None if value is None or not math.isfinite(float(value)) else float(value) for value in values]
    height = 8 + 24 * max(len(ids), 1) + 30
    bar = trace(
        "bar",
        x=numbers,
        y=ids,
        orientation="h",
        marker={"color": list(colors)},
        text=[plot_text(tr_("n/a")) if v is None else fmt(v) for v in numbers],
        textposition="outside",
        cliponaxis=False,
        textfont={"size": 12, "color": "#1a1a1a"},
        hoverinfo="skip",
    )
    layout = bar_layout(
        height,
        margin={"l": 8, "r": 40, "t": 8, "b": 30},
        font_size=12,
        bargap=0.3,
        xaxis={
            "range": [0, 1],
            "tickvals": [0, 0.5, 1],
            "ticktext": ["0", fmt(0.5, 1), "1"],
            "fixedrange": True,
            "gridcolor": "#e3e3e3",
            "zeroline": True,
            "zerolinecolor": "#6b6b6b",
            "automargin": True,
        },
        yaxis=category_axis(ids, [plot_text(label) for label in labels]),
    )
    spec = {"data": [bar], "layout": layout, "config": dict(STATIC_CONFIG)}
    return Chart(div_id=div_id, title=title, spec=safe_json(spec), height=height)


def legend_items(
    skill_groups: Sequence[str], colors: dict[str, str], tr_: Callable[[str], str] = english
) -> list[dict[str, str]]:
    """Legend items for the skill groups among some bars (none when no skill has a group)."""
    names = sorted({g for g in skill_groups if g})
    if not names:
        return []
    items = [{"name": name, "color": colors[name]} for name in names]
    if "" in skill_groups:
        items.append({"name": tr_("No skill group"), "color": colors[""]})
    return items
