"""Every chart the sample site publishes is a figure plotly accepts.

The report builds its charts as plain dicts (building ``plotly.graph_objects`` validated every
property of every figure, a third of a page's build time); plotly's own validators check them
here instead: a misspelt property or a value of the wrong kind fails this test.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest

CHART_DATA = re.compile(
    r'<script type="application/json" class="chart-data" data-target="([^"]+)">(.*?)</script>', re.S
)


def chart_specs(page: Path) -> list[tuple[str, dict[str, Any]]]:
    """The (target, spec) of every chart on a written page."""
    return [(target, json.loads(text)) for target, text in CHART_DATA.findall(page.read_text("utf-8"))]


def plotly_accepts(spec: dict[str, Any]) -> None:
    """Raise ValueError unless plotly's validators accept every trace and the layout."""
    assert all(trace.get("type") in {"bar", "scatter"} for trace in spec["data"]), spec["data"]
    go.Figure(data=spec["data"], layout=spec["layout"])


@pytest.mark.parametrize("lang", ["en", "bg"])
def test_every_chart_of_the_sample_site_is_a_valid_plotly_figure(sample_project: Path, lang: str):
    folder = sample_project / "reports" / ("" if lang == "en" else lang)
    kinds: Counter[str] = Counter()
    for page in sorted(folder.glob("*.html")):
        for target, spec in chart_specs(page):
            try:
                plotly_accepts(spec)
            except ValueError as error:
                pytest.fail(f"{page.name}, chart {target}: {error}")
            kinds.update(trace["type"] for trace in spec["data"])
    # the bar charts (needs, funnel, criteria, Likert) and the quadrant scatters were all seen
    assert kinds["bar"] > 100 and kinds["scatter"] > 10, kinds


def test_a_misspelt_property_or_a_wrong_value_is_refused(sample_project: Path):
    target, spec = chart_specs(sample_project / "reports" / "sector.html")[0]
    plotly_accepts(spec)
    misspelt = json.loads(json.dumps(spec))
    misspelt["data"][0]["hovertemplte"] = misspelt["data"][0].pop("hovertemplate")
    with pytest.raises(ValueError, match="hovertemplte"):
        plotly_accepts(misspelt)
    wrong = json.loads(json.dumps(spec))
    wrong["layout"]["height"] = "tall"
    with pytest.raises(ValueError, match="height"):
        plotly_accepts(wrong)
