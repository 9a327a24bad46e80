"""Likert and quadrant charts of a group page: geometry by hand, escaping, gettext, and Chromium.

Expected numbers are worked out by hand in each test (Robbins & Heiberger 2011 for the diverging
bars: the middle point split across zero; Martilla & James 1977 and Mink et al. 1991 for where the
quadrants lie).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from plotly.colors import colorbrewer
from report_checks import json_strings

from analysis.report.charts import Chart
from analysis.report.group_page import group_context
from analysis.report.likert import BRBG, NEUTRAL_COLOR, likert_chart, likert_colors, likert_table
from analysis.report.model import SurveyReport
from analysis.report.quadrants import PRIORITY_COLOR, PRIORITY_FILL, quadrant_chart, quadrant_table
from analysis.report.render import jinja_environment, plotly_js
from analysis.stats.descriptives import describe
from analysis.stats.needs import IPA_QUADRANTS, LFF_QUADRANTS, needs_table

XSS_LABEL = "<img src=x onerror=alert(1)>"
XSS_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
SCALE = ["Not important", "Slightly", "Moderately", "Very", "Extremely important"]
DIMENSIONS = {"importance": "Importance", "proficiency": "Proficiency"}
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "analysis" / "report" / "templates"


def _spec(chart: Chart) -> dict[str, Any]:
    return json.loads(str(chart.spec))




# --- hand-made data ----------------------------------------------------------------------------


def _descriptives() -> pd.DataFrame:
    """Three skills rated 1-5: top-two shares .5 (A), .8 (B), .5 (hostile label, ties with A)."""
    rows = [
        # skill_id, label, dimension, n, share_1..share_5
        ("A", "Alpha skill", "importance", 40, (0.1, 0.2, 0.2, 0.3, 0.2)),
        ("B", "Beta skill", "importance", 38, (0.0, 0.05, 0.15, 0.4, 0.4)),
        ("X", XSS_LABEL, "importance", 25, (0.2, 0.2, 0.1, 0.25, 0.25)),
        ("A", "Alpha skill", "proficiency", 39, (0.3, 0.3, 0.2, 0.1, 0.1)),
        ("B", "Beta skill", "proficiency", 38, (0.4, 0.3, 0.2, 0.1, 0.0)),
        ("X", XSS_LABEL, "proficiency", 25, (0.1, 0.1, 0.2, 0.3, 0.3)),
    ]
    frame = pd.DataFrame(
        [
            {"scope": "sector", "group": "C", "skill_id": s, "skill_label": label, "dimension": d, "n": n,
             "mean": sum((c + 1) * p for c, p in enumerate(shares)),
             **{f"share_{c + 1}": p for c, p in enumerate(shares)}, "top2": shares[3] + shares[4]}
            for s, label, d, n, shares in rows
        ]
    )
    return frame


def _importance() -> pd.DataFrame:
    frame = _descriptives()
    return frame[frame["dimension"] == "importance"]


def _needs() -> pd.DataFrame:
    """Four skills of one group; grand means: importance 3.5, proficiency 3.0, gap 0.5."""
    rows = [
        # skill_id, label, importance, proficiency, rank, ipa, lff
        ("A", "Alpha skill", 4.5, 2.5, 1, "concentrate here", "focus"),
        ("B", "Beta skill", 4.0, 3.6, 3, "keep up the good work", "high importance, low discrepancy"),
        ("X", XSS_LABEL, 3.0, 2.0, 2, "low priority", "low importance, high discrepancy"),
        ("D", "Delta skill", 2.5, 3.9, 4, "possible overkill", "low importance, low discrepancy"),
    ]
    frame = pd.DataFrame(
        [
            {"scope": "sector", "group": "C", "group_label": "Construction", "skill_id": s,
             "skill_label": label, "skill_group": "", "n": 20, "importance_mean": imp,
             "proficiency_mean": prof, "discrepancy_mean": imp - prof, "mwds": (imp - prof) * imp,
             "rank": rank, "suppressed": False,
             "ipa_quadrant": ipa, "lff_quadrant": lff}
            for s, label, imp, prof, rank, ipa, lff in rows
        ]
    )
    return frame.sort_values("rank").reset_index(drop=True)


def _likert(rows: pd.DataFrame | None = None, **kwargs: Any) -> Chart:
    return likert_chart(
        _importance() if rows is None else rows, dimension_labels=DIMENSIONS,
        scale_labels=kwargs.pop("scale_labels", SCALE), title="Ratings", div_id="lk-imp", **kwargs,
    )


def _skill_labels(spec: dict[str, Any]) -> list[str]:
    """The skill labels above the bars (annotations on the y axis), top first."""
    return [a["text"] for a in spec["layout"]["annotations"] if a["yref"] == "y"]


def _axis_words(spec: dict[str, Any]) -> list[str]:
    return [a["text"] for a in spec["layout"]["annotations"] if a["yref"] == "paper"]


def _intervals(spec: dict[str, Any], row: int) -> list[tuple[float, float]]:
    """(left, right) in percent of every category's segment of one bar, in trace order."""
    spans = []
    for trace in spec["data"]:
        base, x = trace["base"][row], trace["x"][row]
        spans.append((min(base, base + x), max(base, base + x)))
    return spans


# --- Likert: geometry --------------------------------------------------------------------------


def test_diverging_bar_splits_the_middle_point_across_zero():
    spec = _spec(_likert())
    row = 2  # Alpha is last: top2 .5 after Beta's .8, tied with the hostile label ("<" < "A")
    assert _skill_labels(spec)[row] == "Alpha skill"
    spans = _intervals(spec, row)
    # shares .1 .2 .2 .3 .2: left of zero .1 + .2 + .2/2 = 40%, right .2/2 + .3 + .2 = 60%
    assert spans[0][0] == pytest.approx(-40)
    assert spans[-1][1] == pytest.approx(60)
    left = sum(max(0.0, -lo) - max(0.0, -hi) for lo, hi in spans)
    right = sum(max(0.0, hi) - max(0.0, lo) for lo, hi in spans)
    assert (left, right) == (pytest.approx(40), pytest.approx(60))
    xs = [trace["x"][row] for trace in spec["data"]]
    assert xs == pytest.approx([-10, -20, 20, 30, 20])  # low points grow leftwards from zero
    assert sum(x for x in xs if x < 0) == pytest.approx(-30)
    assert [trace["base"][row] for trace in spec["data"]] == pytest.approx([-30, -10, -10, 10, 40])
    # categories lie left to right in scale order, edge to edge
    for (_, right_edge), (left_edge, _) in zip(spans, spans[1:], strict=False):
        assert right_edge == pytest.approx(left_edge)
    assert spans[1][1] == pytest.approx(-10) and spans[3][0] == pytest.approx(10)


def test_categories_keep_scale_order_colours_and_legend():
    spec = _spec(_likert())
    assert [trace["name"] for trace in spec["data"]] == SCALE
    assert [trace["marker"]["color"] for trace in spec["data"]] == [
        "#a6611a", "#dfc27d", NEUTRAL_COLOR, "#80cdc1", "#018571",
    ]
    assert spec["layout"]["showlegend"] is True
    assert spec["layout"]["legend"]["traceorder"] == "normal"
    assert spec["layout"]["barmode"] == "overlay"  # bars placed by base, not stacked by plotly
    axis = spec["layout"]["xaxis"]
    # the longest side (Beta: 7.5 + 40 + 40 = 87.5%) up to the next 25%, and 4 points of room
    assert axis["range"] == [-104, 104]
    assert axis["ticktext"] == ["100%", "50%", "0%", "50%", "100%"]  # no minus on the left side
    assert axis["tickvals"] == [-100, -50, 0, 50, 100]
    assert axis["minor"]["tickvals"] == [-75, -25, 25, 75]  # grid lines between the labels
    narrow = _spec(_likert(_importance()[_importance()["skill_id"] != "B"]))["layout"]["xaxis"]
    assert narrow["range"] == [-79, 79]  # Alpha reaches 60% to the right: 75%
    assert narrow["tickvals"] == [-50, 0, 50]


def test_even_scale_has_no_middle_point():
    frame = pd.DataFrame(
        [{"skill_id": "A", "skill_label": "Alpha", "dimension": "importance", "n": 10,
          "share_1": 0.1, "share_2": 0.3, "share_3": 0.4, "share_4": 0.2, "top2": 0.6}]
    )
    spec = _spec(_likert(frame, scale_labels=["1", "2", "3", "4"]))
    assert _intervals(spec, 0) == [
        pytest.approx((-40, -30)), pytest.approx((-30, 0)), pytest.approx((0, 40)), pytest.approx((40, 60)),
    ]
    assert [trace["marker"]["color"] for trace in spec["data"]] == list(BRBG[4])


def test_palette_is_colorbrewer_brbg():
    eleven = ["#{:02x}{:02x}{:02x}".format(*map(int, c[4:-1].split(","))) for c in colorbrewer.BrBG]
    assert list(BRBG[11]) == eleven  # plotly's copy of ColorBrewer, an independent source
    assert likert_colors(11)[5] == NEUTRAL_COLOR and likert_colors(11)[:5] == BRBG[11][:5]
    with pytest.raises(ValueError, match="2 to 11"):
        likert_colors(12)


def test_skills_are_ordered_by_top_two_share():
    spec = _spec(_likert())
    # top2: Beta .8, then Alpha and the hostile label tie at .5 and go by label ("<" sorts first)
    assert _skill_labels(spec) == ["Beta skill", XSS_ESCAPED, "Alpha skill"]
    # each label stands right above its bar (the y axis runs downwards, in px from the top)
    label_y = [a["y"] for a in spec["layout"]["annotations"] if a["yref"] == "y"]
    bar_y = spec["data"][0]["y"]
    assert all(trace["y"] == bar_y for trace in spec["data"])
    assert label_y[0] < bar_y[0] < label_y[1] < bar_y[1] < label_y[2] < bar_y[2]
    assert spec["layout"]["yaxis"]["range"][0] > spec["layout"]["yaxis"]["range"][1] == 0
    assert spec["layout"]["yaxis"]["showticklabels"] is False  # one dimension: labels say it all


def test_hover_shows_skill_category_percent_and_n():
    spec = _spec(_likert())
    middle = spec["data"][2]["hovertext"][2]  # Alpha, moderately: the whole 20%, not the half
    assert middle == "<b>Alpha skill</b><br>Importance<br>Moderately: 20.0%<br>n = 40"
    first = spec["data"][0]["hovertext"][0]
    assert first == "<b>Beta skill</b><br>Importance<br>Not important: 0.0%<br>n = 38"
    assert spec["data"][0]["hovertemplate"] == "%{hovertext}<extra></extra>"


def test_two_dimensions_draw_two_bars_per_skill_in_the_order_of_importance():
    spec = _spec(_likert(_descriptives()))
    assert spec["layout"]["yaxis"]["ticktext"] == ["Importance", "Proficiency"] * 3
    assert spec["layout"]["yaxis"]["tickvals"] == spec["data"][0]["y"]
    assert _skill_labels(spec) == ["Beta skill", XSS_ESCAPED, "Alpha skill"]
    # Beta's proficiency (.4 .3 .2 .1 0): 80% left of zero
    assert _intervals(spec, 1)[0][0] == pytest.approx(-80)
    assert "Proficiency" in spec["data"][0]["hovertext"][1]


def test_missing_shares_draw_no_bar_and_wrong_labels_are_refused():
    frame = _importance().copy()
    frame.loc[frame["skill_id"] == "A", [f"share_{c}" for c in range(1, 6)]] = float("nan")
    frame.loc[frame["skill_id"] == "A", "top2"] = float("nan")
    spec = _spec(_likert(frame))
    assert _skill_labels(spec)[-1] == "Alpha skill"  # unknown top2 goes last
    assert all(trace["x"][-1] is None for trace in spec["data"])
    with pytest.raises(ValueError, match="4 scale labels for 5 share columns"):
        _likert(scale_labels=SCALE[:4])
    with pytest.raises(ValueError, match="skill_label"):
        _likert(_importance().drop(columns="skill_label"))


def test_no_rows_give_an_empty_chart():
    spec = _spec(_likert(_importance().iloc[0:0]))
    assert [trace["x"] for trace in spec["data"]] == [[]] * 5
    assert spec["layout"]["yaxis"]["range"] == [1, 0]
    empty = _spec(quadrant_chart(_needs().iloc[0:0], kind="ipa", title="t", div_id="q", crosshair=(3, 3)))
    assert empty["data"][0]["x"] == [] and empty["layout"]["xaxis"]["range"] == [2.85, 3.15]


def test_likert_table_has_the_chart_numbers():
    table = likert_table(_importance(), scale_labels=SCALE)
    assert [row["Skill"] for row in table] == ["Beta skill", XSS_LABEL, "Alpha skill"]
    assert table[2] == {
        "Skill": "Alpha skill", "Dimension": "Importance", "n (rated it)": "40", "Not important": "10.0%",
        "Slightly": "20.0%", "Moderately": "20.0%", "Very": "30.0%", "Extremely important": "20.0%",
    }
    assert list(table[0]) == ["Skill", "Dimension", "n (rated it)", *SCALE]
    both = likert_table(_descriptives(), scale_labels=SCALE)
    assert [(row["Skill"], row["Dimension"]) for row in both[:2]] == [
        ("Beta skill", "Importance"), ("Beta skill", "Proficiency"),
    ]
    repeated = likert_table(_importance(), scale_labels=["Low", "Low", "Mid", "High", "n (rated it)"])
    assert list(repeated[0])[3:] == ["1: Low", "2: Low", "Mid", "High", "5: n (rated it)"]


# --- quadrants ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "x_column", "y_column"),
    [("ipa", "proficiency_mean", "importance_mean"), ("lff", "importance_mean", "discrepancy_mean")],
)
def test_markers_sit_at_the_input_means(kind: str, x_column: str, y_column: str):
    needs = _needs()
    spec = _spec(quadrant_chart(needs, kind=kind, title="t", div_id=f"q-{kind}", crosshair=(3.0, 3.5)))
    trace = spec["data"][0]
    by_id = needs.set_index("skill_id")
    assert sorted(trace["customdata"]) == ["A", "B", "D", "X"]
    for skill_id, x, y, text in zip(trace["customdata"], trace["x"], trace["y"], trace["text"], strict=True):
        assert x == pytest.approx(by_id.loc[skill_id, x_column])
        assert y == pytest.approx(by_id.loc[skill_id, y_column])
        assert text == str(by_id.loc[skill_id, "rank"])
    assert trace["customdata"][-1] == "A"  # rank 1 drawn last, on top
    assert trace["mode"] == "markers+text"


def test_ipa_crosshair_corners_and_priority_quadrant():
    spec = _spec(quadrant_chart(_needs(), kind="ipa", title="t", div_id="q-ipa", crosshair=(3.0, 3.5)))
    layout = spec["layout"]
    shade, vertical, horizontal = layout["shapes"]
    x_lo, x_hi = layout["xaxis"]["range"]
    y_lo, y_hi = layout["yaxis"]["range"]
    assert (vertical["x0"], vertical["x1"], vertical["y0"], vertical["y1"]) == (3.0, 3.0, y_lo, y_hi)
    assert (horizontal["x0"], horizontal["x1"], horizontal["y0"], horizontal["y1"]) == (x_lo, x_hi, 3.5, 3.5)
    # concentrate here: top left, from the left edge to the crosshair, from the crosshair up
    assert shade["type"] == "rect" and shade["fillcolor"] == PRIORITY_FILL
    assert (shade["x0"], shade["x1"], shade["y0"], shade["y1"]) == (x_lo, 3.0, 3.5, y_hi)
    corners = {(a["x"], a["y"]): a["text"] for a in layout["annotations"]}
    assert corners == {
        (0, 1): "<b>Concentrate here</b>", (1, 1): "Keep up the good work", (0, 0): "Low priority",
        (1, 0): "Possible overkill",
    }
    assert layout["xaxis"]["title"]["text"] == "Mean proficiency"
    assert layout["yaxis"]["title"]["text"] == "Mean importance"
    colors = dict(zip(spec["data"][0]["customdata"], spec["data"][0]["marker"]["color"], strict=True))
    assert colors == {"A": PRIORITY_COLOR, "B": "#ffffff", "X": "#ffffff", "D": "#ffffff"}
    # every marker and the crosshair inside the fixed ranges
    assert x_lo < 2.0 and layout["xaxis"]["range"][1] > 3.9 and layout["yaxis"]["range"][0] < 2.5


def test_lff_focus_quadrant_is_top_right():
    spec = _spec(quadrant_chart(_needs(), kind="lff", title="t", div_id="q-lff", crosshair=(3.5, 0.5)))
    layout = spec["layout"]
    shade = layout["shapes"][0]
    assert (shade["x0"], shade["x1"], shade["y0"], shade["y1"]) == (
        3.5, layout["xaxis"]["range"][1], 0.5, layout["yaxis"]["range"][1],
    )
    corners = {(a["x"], a["y"]): a["text"] for a in layout["annotations"]}
    assert corners[(1, 1)] == "<b>Focus</b>"
    assert corners[(0, 1)] == "Low importance, high<br>discrepancy"  # wrapped for a phone
    assert layout["yaxis"]["title"]["text"] == "Mean gap (importance \u2212 proficiency)"
    hover = dict(zip(spec["data"][0]["customdata"], spec["data"][0]["hovertext"], strict=True))
    assert hover["A"] == (
        "<b>Alpha skill</b><br>Rank 1 \u00b7 MWDS 9.00<br>Importance 4.50<br>Proficiency 2.50"
        "<br>Gap 2.00<br>Focus<br>n = 20"
    )


def test_quadrant_arguments_are_checked():
    with pytest.raises(ValueError, match="kind must be 'ipa' or 'lff'"):
        quadrant_chart(_needs(), kind="bcg", title="t", div_id="q", crosshair=(3, 3))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="two finite numbers"):
        quadrant_chart(_needs(), kind="ipa", title="t", div_id="q", crosshair=(3, float("nan")))
    with pytest.raises(ValueError, match="lff_quadrant"):
        quadrant_table(_needs().drop(columns="lff_quadrant"), kind="lff")


def test_quadrant_table_rows():
    ipa = quadrant_table(_needs(), kind="ipa")
    assert ipa[0] == {
        "Rank": "1", "Skill": "Alpha skill", "Proficiency": "2.50", "Importance": "4.50",
        "Quadrant": "Concentrate here",
    }
    assert [row["Skill"] for row in ipa] == ["Alpha skill", XSS_LABEL, "Beta skill", "Delta skill"]
    lff = quadrant_table(_needs(), kind="lff")
    assert lff[2] == {
        "Rank": "3", "Skill": "Beta skill", "Importance": "4.00", "Gap": "0.40",
        "Quadrant": "High importance, low discrepancy",
    }
    unclassified = _needs().assign(ipa_quadrant=None)
    assert quadrant_table(unclassified, kind="ipa")[0]["Quadrant"] == "\u2014"


# --- escaping, gettext, determinism ---------------------------------------------------------------


def _all_charts(tr_: Any = None) -> list[Chart]:
    extra = {} if tr_ is None else {"tr_": tr_}
    return [
        _likert(**extra),
        _likert(_descriptives(), **extra),
        quadrant_chart(_needs(), kind="ipa", title="t", div_id="q-ipa", crosshair=(3.0, 3.5), **extra),
        quadrant_chart(_needs(), kind="lff", title="t", div_id="q-lff", crosshair=(3.5, 0.5), **extra),
    ]


def test_hostile_labels_stay_text():
    hostile_scale = [*SCALE[:4], XSS_LABEL]
    charts = [*_all_charts(), _likert(scale_labels=hostile_scale)]
    for chart in charts:
        text = str(chart.spec)
        assert "<img" not in text and "<" not in text.replace("\\u003c", "")
        strings = json_strings(_spec(chart))
        assert not any("<img" in s for s in strings), chart.div_id
        assert any(XSS_ESCAPED in s for s in strings), chart.div_id  # shown, as literal text
    assert _spec(charts[-1])["data"][-1]["name"] == XSS_ESCAPED
    # the tables hold the raw text: the template escapes it
    assert likert_table(_importance(), scale_labels=SCALE)[1]["Skill"] == XSS_LABEL


def test_chart_words_come_through_tr_():
    likert, _, ipa, lff = (_spec(chart) for chart in _all_charts(tr_=str.upper))
    axis_words = _axis_words(likert)
    assert axis_words == ["\u2190 LOW RATINGS", "HIGH RATINGS \u2192"]
    assert ipa["layout"]["xaxis"]["title"]["text"] == "MEAN PROFICIENCY"
    assert ipa["layout"]["yaxis"]["title"]["text"] == "MEAN IMPORTANCE"
    assert lff["layout"]["yaxis"]["title"]["text"] == "MEAN GAP (IMPORTANCE \u2212 PROFICIENCY)"
    assert "<b>CONCENTRATE HERE</b>" in [a["text"] for a in ipa["layout"]["annotations"]]
    assert "<br>RANK 1 \u00b7 MWDS" in ipa["data"][0]["hovertext"][-1]
    assert list(quadrant_table(_needs(), kind="ipa", tr_=str.upper)[0]) == [
        "RANK", "SKILL", "PROFICIENCY", "IMPORTANCE", "QUADRANT",
    ]
    assert quadrant_table(_needs(), kind="ipa", tr_=str.upper)[0]["QUADRANT"] == "CONCENTRATE HERE"
    headers = list(likert_table(_importance(), scale_labels=SCALE, tr_=str.upper)[0])
    assert headers[:2] == ["SKILL", "DIMENSION"]
    # labels from data are not run through tr_ (they come translated already)
    assert _skill_labels(likert)[0] == "Beta skill"


def test_same_input_gives_the_same_spec():
    first = [str(chart.spec) for chart in _all_charts()]
    shuffled = _importance().sample(frac=1, random_state=3)
    assert str(_likert(shuffled).spec) == first[0]
    assert first == [str(chart.spec) for chart in _all_charts()]


# --- a group page draws the analysis's crosshair ----------------------------------------------

#: Four respondents of sector C rate four skills on 0-5: (importance, proficiency) per respondent.
#: Means: a (4.5, 1.0), b (2.75, 2.75), c (1.5, 4.25), d (0.5, 0.75). Skill b lies between the
#: scale's midpoint 2.5 and the middle of its six answer points counted from 1, 3.5. On another
#: scale every rating is shifted by :func:`_shift`, b staying just above the midpoint.
_RATED = {
    "a": [(5, 1), (4, 2), (5, 0), (4, 1)],
    "b": [(3, 3), (3, 2), (2, 3), (3, 3)],
    "c": [(1, 4), (2, 5), (1, 4), (2, 4)],
    "d": [(0, 0), (1, 1), (0, 2), (1, 0)],
}


def _shift(scale: tuple[int, int]) -> int:
    """What is added to every rating of :data:`_RATED` on ``scale``: 0 on 0-5, 2 on 1-7."""
    return (scale[0] + scale[1]) // 2 - 2


def _group_page(scale: tuple[int, int], crosshair: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    """needs_table and the group page of sector C for ratings shifted onto ``scale``."""
    shift = _shift(scale)
    ratings = pd.DataFrame(
        [
            (f"r{i}", skill, dimension, value + shift)
            for skill, pairs in _RATED.items()
            for i, pair in enumerate(pairs)
            for dimension, value in zip(("importance", "proficiency"), pair, strict=True)
        ],
        columns=["respondent_id", "skill_id", "dimension", "value"],
    ).astype({"value": "Int64"})
    respondents = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(4)], "sector": ["C"] * 4})
    skills = pd.DataFrame({"skill_id": list(_RATED), "label": [f"Skill {k}" for k in _RATED], "group": ""})
    needs = needs_table(ratings, respondents, skills, by=["sector"], min_group_n=4, crosshair=crosshair,
                        scale=scale)
    report = SurveyReport(
        name="s", title="S", needs=needs, group_tests=pd.DataFrame(), funnel=pd.DataFrame(), n_raw=4,
        n_kept=4, scopes=("sector",),
        descriptives=describe(ratings, respondents, by=["sector"], weight=None, scale=scale),
    )
    rows = needs[(needs["scope"] == "sector") & (needs["group"] == "C")].set_index("skill_id")
    return rows, group_context(report, "sector", "C", min_group_n=4)


@pytest.mark.parametrize("scale", [(0, 5), (1, 7)])
@pytest.mark.parametrize("crosshair", ["midpoint", "mean"])
def test_group_page_quadrants_cross_where_the_analysis_classified(scale: tuple[int, int], crosshair: str):
    rows, context = _group_page(scale, crosshair)
    shift = _shift(scale)
    middle = (scale[0] + scale[1]) / 2
    expected = {  # (x, y) by hand: midpoint (lo + hi) / 2; grand means I 2.3125, P 2.1875, D 0.125
        "ipa": (middle, middle) if crosshair == "midpoint" else (2.1875 + shift, 2.3125 + shift),
        "lff": (2.3125 + shift, 0.125),
    }
    columns = {
        "ipa": ("ipa_proficiency_cross", "ipa_importance_cross", "ipa_quadrant", IPA_QUADRANTS),
        "lff": ("lff_importance_cross", "lff_discrepancy_cross", "lff_quadrant", LFF_QUADRANTS),
    }
    quadrants = {q["kind"]: _spec(q["chart"]) for q in context["quadrants"]}
    assert set(quadrants) == {"ipa", "lff"}
    for kind, spec in quadrants.items():
        x_column, y_column, label_column, names = columns[kind]
        vertical, horizontal = spec["layout"]["shapes"][1:3]
        cx, cy = vertical["x0"], horizontal["y0"]
        assert vertical["x1"] == cx and horizontal["y1"] == cy
        # the lines are the stats output's crosshair (one per scope and group) ...
        assert (cx, cy) == pytest.approx(expected[kind], abs=1e-12)
        assert set(rows[x_column]) == {cx} and set(rows[y_column]) == {cy}
        # ... so every marker lies in the quadrant needs.csv names for it
        (trace,) = spec["data"]
        for skill, x, y in zip(trace["customdata"], trace["x"], trace["y"], strict=True):
            high = (y >= cy, x >= cx) if kind == "ipa" else (x >= cx, y >= cy)
            assert names[high] == rows.loc[skill, label_column], (kind, skill)
    if crosshair == "midpoint":  # skill b is high on both IPA axes: the lines are at the true middle
        assert rows.loc["b", "ipa_quadrant"] == "keep up the good work"


def test_a_needs_table_without_crosshairs_is_refused_by_the_group_page():
    rows, _ = _group_page((0, 5), "mean")
    report = SurveyReport(
        name="s", title="S", needs=rows.reset_index().drop(columns="ipa_importance_cross"),
        group_tests=pd.DataFrame(), funnel=pd.DataFrame(), n_raw=4, n_kept=4, scopes=("sector",),
    )
    with pytest.raises(ValueError, match=r"survey 's'.*ipa_importance_cross.*skillsneeds analyze"):
        group_context(report, "sector", "C", min_group_n=4)


# --- in Chromium ---------------------------------------------------------------------------------


def _page(path: Path) -> Path:
    """A minimal page: the four charts through the real chart_figure macro, plotly.js and charts.js."""
    macros = jinja_environment().get_template("_macros.html.j2").module
    likert_both = likert_chart(
        _descriptives(), dimension_labels=DIMENSIONS, scale_labels=SCALE, title="Both dimensions",
        div_id="lk-both",
    )
    ipa, lff = (
        quadrant_chart(_needs(), kind=kind, title=f"{kind} {XSS_LABEL}", div_id=f"q-{kind}", crosshair=cross)
        for kind, cross in (("ipa", (3.0, 3.5)), ("lff", (3.5, 0.5)))
    )
    figures = "\n".join(str(macros.chart_figure(chart)) for chart in (_likert(), likert_both))
    grid = "\n".join(f"<div>{macros.chart_figure(chart)}</div>" for chart in (ipa, lff))
    css = (TEMPLATES / "style.css").read_text(encoding="utf-8")
    script = (TEMPLATES / "charts.js").read_text(encoding="utf-8")
    assert "</script" not in script.lower()
    path.write_text(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>Likert and quadrants</title><style>{css}</style></head>"
        f"<body><main class=\"wrap\">{figures}<div class=\"grid\">{grid}</div></main>"
        f"<script>{plotly_js()}</script><script>{script}</script></body></html>\n",
        encoding="utf-8",
    )
    return path


_MEASURE = """() => {
    const gd = document.getElementById('lk-imp');
    const xa = gd._fullLayout.xaxis;
    const svg = gd.querySelector('svg.main-svg').getBoundingClientRect();
    const toData = px => xa.p2l(px - svg.left - xa._offset);
    const bars = Array.from(gd.querySelectorAll('.barlayer .trace.bars')).map(trace => {
        const box = trace.querySelectorAll('.point path')[2].getBoundingClientRect();  // Alpha
        return [toData(box.left), toData(box.right)];
    });
    const legend = Array.from(gd.querySelectorAll('.legendtext')).map(el => el.textContent);
    const ipa = document.getElementById('q-ipa');
    return {bars, legend, markers: ipa.querySelectorAll('.scatterlayer .point').length,
            numbers: Array.from(ipa.querySelectorAll('.scatterlayer .textpoint')).map(el => el.textContent),
            corners: Array.from(ipa.querySelectorAll('.annotation-text')).map(el => el.textContent),
            labels: Array.from(gd.querySelectorAll('.annotation-text')).map(el => el.textContent)};
}"""


@pytest.mark.browser
def test_likert_and_quadrant_charts_render_offline(tmp_path: Path, open_page):
    result = open_page(_page(tmp_path / "likert.html"), shot="likert-quadrants",
                       interact=lambda page: page.evaluate(_MEASURE))
    result.assert_loaded_offline()  # no alert() from the <img onerror> label fired
    assert result.charts == 4
    drawn = result.interaction
    assert drawn["labels"][:3] == ["Beta skill", XSS_LABEL, "Alpha skill"]  # drawn as literal text
    # Alpha (.1 .2 .2 .3 .2) as plotly drew it: -40..-30, -30..-10, -10..10, 10..40, 40..60 (1px slack)
    expected = [(-40, -30), (-30, -10), (-10, 10), (10, 40), (40, 60)]
    for (left, right), (lo, hi) in zip(drawn["bars"], expected, strict=True):
        assert left == pytest.approx(lo, abs=1.0) and right == pytest.approx(hi, abs=1.0)
    assert drawn["legend"] == SCALE
    assert drawn["markers"] == 4 and sorted(drawn["numbers"]) == ["1", "2", "3", "4"]
    assert "Concentrate here" in drawn["corners"]
    assert result.screenshot is not None and result.screenshot.stat().st_size > 0


@pytest.mark.browser
def test_likert_and_quadrant_charts_on_a_phone(tmp_path: Path, open_page):
    result = open_page(_page(tmp_path / "likert.html"), shot="likert-quadrants-phone", width=390, height=844)
    result.assert_loaded_offline()
    assert result.charts == 4
    assert result.overflow_px <= 0, "the page scrolls sideways on a phone"


def test_quadrant_crosshairs_are_read_from_the_needs_table_not_worked_out():
    import pandas as pd

    from analysis.report.quadrants import quadrant_crosshairs

    rows = pd.DataFrame({"ipa_importance_cross": [3.9, 3.9], "ipa_proficiency_cross": [2.7, 2.7],
                         "lff_importance_cross": [3.8, 3.8], "lff_discrepancy_cross": [1.1, 1.1]})
    assert quadrant_crosshairs("sector", rows) == {"ipa": (2.7, 3.9), "lff": (3.8, 1.1)}
    expected = (r"survey 'sector': the needs table has no lff_discrepancy_cross: it was written before "
                r"the analysis recorded its crosshairs; run `skillsneeds analyze`")
    with pytest.raises(ValueError, match=expected):
        quadrant_crosshairs("sector", rows.drop(columns="lff_discrepancy_cross"))
