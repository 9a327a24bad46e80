"""Neighbouring chart colours stay apart for colour-blind readers.

Protanopia and deuteranopia are simulated with the severity-1 matrices of Machado, Oliveira and
Fernandes (2009), applied to linear RGB; colours are then compared in CIE L*a*b* (D65) with the
CIE76 difference ΔE*ab. Two colours next to each other (bars of neighbouring skill groups, segments
of a stacked bar) must differ by at least ``MIN_DELTA_E`` for normal vision and both simulations:
about 2.3 is just noticeable, and 30 is a difference seen at a glance on small bars.
"""

from __future__ import annotations

import numpy as np
import pytest

from analysis.report.charts import OKABE_ITO
from analysis.report.cleaning_page import KEPT_COLOR, MISSING_KINDS

MIN_DELTA_E = 30.0
PROTANOPIA = np.array([
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
])
DEUTERANOPIA = np.array([
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.011820, 0.042940, 0.968881],
])
SRGB_TO_XYZ = np.array([
    [0.4124564, 0.3575761, 0.1804375],
    [0.2126729, 0.7151522, 0.0721750],
    [0.0193339, 0.1191920, 0.9503041],
])
D65 = np.array([0.95047, 1.0, 1.08883])
VISIONS = {"normal": np.eye(3), "protanopia": PROTANOPIA, "deuteranopia": DEUTERANOPIA}


def linear_rgb(hex_color: str) -> np.ndarray:
    """The linear-light RGB (0 to 1) of a ``#rrggbb`` colour."""
    c = np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(linear: np.ndarray) -> np.ndarray:
    """CIE L*a*b* (D65) of a linear RGB colour."""
    xyz = SRGB_TO_XYZ @ np.clip(linear, 0, 1) / D65
    delta = 6 / 29
    f = np.where(xyz > delta**3, np.cbrt(xyz), xyz / (3 * delta**2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, vision: np.ndarray) -> float:
    """CIE76 difference of two colours as seen with ``vision`` (a simulation matrix)."""
    return float(np.linalg.norm(lab(vision @ linear_rgb(a)) - lab(vision @ linear_rgb(b))))


def too_close(colors: list[str], *, cyclic: bool) -> list[str]:
    """The neighbouring pairs closer than ``MIN_DELTA_E`` under any vision, described."""
    pairs = list(zip(colors, colors[1:], strict=False)) + ([(colors[-1], colors[0])] if cyclic else [])
    return [
        f"{a}/{b} {name} ΔE {delta_e(a, b, m):.1f}"
        for a, b in pairs for name, m in VISIONS.items() if delta_e(a, b, m) < MIN_DELTA_E
    ]


def test_the_simulation_finds_what_colour_blind_readers_confuse():
    # red and green differ plainly for normal vision and hardly for a deuteranope
    assert delta_e("#D55E00", "#009E73", np.eye(3)) > 100
    assert delta_e("#E69F00", "#D55E00", DEUTERANOPIA) < MIN_DELTA_E
    assert too_close(["#E69F00", "#D55E00"], cyclic=False) != []
    assert delta_e("#ffffff", "#000000", np.eye(3)) == pytest.approx(100, abs=0.01)


def test_neighbouring_palette_colours_differ_for_protanopes_and_deuteranopes():
    # skill groups take the palette in turn, and start again after the last colour
    assert too_close(list(OKABE_ITO), cyclic=True) == []
    assert len(set(OKABE_ITO)) == len(OKABE_ITO)


def test_stacked_segments_of_the_cleaning_charts_differ():
    # the funnel: kept, then one colour per rule; the missing answers: one colour per kind
    assert too_close([KEPT_COLOR, *OKABE_ITO[1:]], cyclic=False) == []
    assert too_close([color for _, _, color in MISSING_KINDS], cyclic=False) == []
