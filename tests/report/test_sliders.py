"""The weight-slider page: the Python reference rule, the HTML, and the page in real Chromium."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from analysis.report.sliders import (
    rank_for_weights,
    rank_ranges,
    score_for_weights,
    weights_yaml,
    write_slider_page,
)

#: Screenshots of the browser tests (git-ignored), as in tests/report/conftest.py.
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

XSS_TITLE = "<script>alert(1)</script>"
XSS_LABEL = "</script><img src=x onerror=alert(2)>"
CRITERIA = ["need", "breadth", "transferability", "demand", "agreement"]
CONFIGURED = {"need": 0.4, "breadth": 0.2, "transferability": 0.2, "demand": 0.1, "agreement": 0.1}


def _criteria() -> pd.DataFrame:
    """Hand-made candidates: mc-a and mc-b mirror each other; mc-c and mc-e are identical."""
    rows = [
        ("mc-d", 0.50, 0.50, 0.50, 0.50, 0.50),
        ("mc-b", 0.00, 1.00, 0.25, 0.75, 0.50),
        ("mc-a", 1.00, 0.00, 0.75, 0.25, 0.50),
        ("mc-e", 0.80, 0.20, 0.10, 0.90, 0.30),
        ("mc-c", 0.80, 0.20, 0.10, 0.90, 0.30),
        ("mc-f", 0.10, 0.30, 1.00, 0.00, 0.95),
    ]
    return pd.DataFrame(rows, columns=["microcredential_id", *CRITERIA])


TITLES = {"mc-a": "Heat pumps", "mc-b": XSS_TITLE, "mc-c": "BIM basics", "mc-d": "Site safety",
          "mc-e": "Solar PV & storage", "mc-f": XSS_LABEL}
STABILITY = pd.DataFrame({"microcredential_id": ["mc-a", "mc-b", "mc-f"],
                          "stability": ["stable", "unstable", "<b>moderate</b>"]})

#: Slider positions the browser tests set: configured, one criterion (ties), all zero, equal,
#: a mirror tie (mc-a = mc-b), and a lopsided vector.
VECTORS: list[dict[str, int]] = [
    {"need": 40, "breadth": 20, "transferability": 20, "demand": 10, "agreement": 10},
    {"need": 100, "breadth": 0, "transferability": 0, "demand": 0, "agreement": 0},
    {"need": 0, "breadth": 0, "transferability": 0, "demand": 0, "agreement": 0},
    {"need": 7, "breadth": 7, "transferability": 7, "demand": 7, "agreement": 7},
    {"need": 50, "breadth": 50, "transferability": 0, "demand": 0, "agreement": 0},
    {"need": 3, "breadth": 0, "transferability": 91, "demand": 0, "agreement": 33},
]


@pytest.fixture(scope="module")
def page_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sliders") / "priorities.html"
    return write_slider_page(_criteria(), out, weights=CONFIGURED, titles=TITLES, stability=STABILITY)


# --- the Python reference ----------------------------------------------------------------------


def test_rank_configured_weights():
    scores = score_for_weights(_criteria(), CONFIGURED)
    assert scores["mc-d"] == pytest.approx(0.5)
    assert scores["mc-a"] == pytest.approx(0.4 + 0.15 + 0.025 + 0.05)
    # mc-c, mc-d and mc-e tie at 0.5 (up to float noise): by id
    assert rank_for_weights(_criteria(), CONFIGURED) == ["mc-a", "mc-c", "mc-d", "mc-e", "mc-f", "mc-b"]


def test_rank_ties_by_id():
    # need only: mc-c and mc-e tie at 0.8 (and are identical rows); mc-a first, mc-b last.
    assert rank_for_weights(_criteria(), dict.fromkeys(CRITERIA, 0) | {"need": 1}) == [
        "mc-a", "mc-c", "mc-e", "mc-d", "mc-f", "mc-b"]
    # need + breadth equally: mc-a, mc-b, mc-c, mc-d, mc-e all score 0.5, mc-f 0.2.
    weights = dict.fromkeys(CRITERIA, 0) | {"need": 5, "breadth": 5}
    assert rank_for_weights(_criteria(), weights) == ["mc-a", "mc-b", "mc-c", "mc-d", "mc-e", "mc-f"]


def test_rank_all_zero_weights_is_by_id_with_zero_scores():
    zero = dict.fromkeys(CRITERIA, 0.0)
    assert set(score_for_weights(_criteria(), zero).values()) == {0.0}
    assert rank_for_weights(_criteria(), zero) == sorted(_criteria()["microcredential_id"])


def test_rank_only_proportions_matter():
    scaled = {k: 250 * v for k, v in CONFIGURED.items()}
    assert rank_for_weights(_criteria(), scaled) == rank_for_weights(_criteria(), CONFIGURED)


def test_rank_ranges_one_weight_moved():
    # need only: a nudge of 10 (of 110) to any weight does not reorder anything
    weights = dict.fromkeys(CRITERIA, 0) | {"need": 100}
    assert set(rank_ranges(_criteria(), weights).values()) == {(r, r) for r in range(1, 7)}
    # configured: mc-c, mc-d, mc-e tie at 0.5 (need up -> c, e, d; breadth up -> d, c, e);
    # breadth up by 10 lifts mc-b (0.432) over mc-f (0.386)
    assert rank_ranges(_criteria(), VECTORS[0]) == {
        "mc-a": (1, 1), "mc-c": (2, 3), "mc-d": (2, 4), "mc-e": (3, 4), "mc-f": (5, 6), "mc-b": (5, 6)}
    # all zero: each weight moved up alone decides the order, so everything moves
    zero = rank_ranges(_criteria(), dict.fromkeys(CRITERIA, 0))
    assert zero["mc-a"] == (1, 6) and zero["mc-f"][0] == 1
    # the current rank is always inside the range
    for vector in VECTORS:
        spans = rank_ranges(_criteria(), vector)
        for position, mc in enumerate(rank_for_weights(_criteria(), vector), start=1):
            assert spans[mc][0] <= position <= spans[mc][1]


@pytest.mark.parametrize(
    "weights, message",
    [
        ({"need": 1}, "missing"),
        (CONFIGURED | {"cost": 1}, "unknown"),
        (CONFIGURED | {"need": -1}, ">= 0"),
        (CONFIGURED | {"need": float("nan")}, ">= 0"),
    ],
)
def test_rank_rejects_bad_weights(weights, message):
    with pytest.raises(ValueError, match=message):
        rank_for_weights(_criteria(), weights)


def test_rank_rejects_unnormalised_or_duplicate_rows():
    frame = _criteria()
    frame.loc[0, "need"] = 1.5
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        rank_for_weights(frame, CONFIGURED)
    with pytest.raises(ValueError, match="unique"):
        rank_for_weights(pd.concat([_criteria(), _criteria()]), CONFIGURED)


def test_weights_yaml_sums_to_one_in_order():
    text = weights_yaml(CONFIGURED)
    assert text == ("priorities:\n  weights:\n    need: 0.40\n    breadth: 0.20\n"
                    "    transferability: 0.20\n    demand: 0.10\n    agreement: 0.10\n")
    thirds = weights_yaml({"a": 1, "b": 1, "c": 1})
    parsed = yaml.safe_load(thirds)["priorities"]["weights"]
    assert list(parsed) == ["a", "b", "c"]
    assert parsed == {"a": 0.34, "b": 0.33, "c": 0.33}  # largest remainder, ties by position
    assert sum(parsed.values()) == pytest.approx(1.0)
    odd = yaml.safe_load(weights_yaml({"need: x": 1, "#b": 3, "Bedarf ä": 4}))["priorities"]["weights"]
    assert odd == {"need: x": 0.13, "#b": 0.37, "Bedarf ä": 0.5}
    with pytest.raises(ValueError, match="above 0"):
        weights_yaml({"a": 0, "b": 0})


# --- the HTML ------------------------------------------------------------------------------------


def test_titles_are_escaped(page_path: Path):
    html = page_path.read_text(encoding="utf-8")
    assert XSS_TITLE not in html
    assert "<img src=x" not in html
    assert "<b>moderate</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the server-side table
    data = re.search(r'<script type="application/json" id="slider-data">(.*?)</script>', html, re.S)
    assert data is not None and "<" not in data.group(1) and ">" not in data.group(1)
    # exactly the two scripts of the page: the data and the inline code
    assert html.lower().count("<script") == 2
    assert "http://" not in html and "https://" not in html


def test_page_structure(page_path: Path):
    html = page_path.read_text(encoding="utf-8")
    for j, name in enumerate(CRITERIA):
        assert f'<label class="weight-label" for="w-range-{j}">' in html
        assert f'<label class="visually-hidden" for="w-num-{j}">' in html
        assert f'data-criterion="{name}"' in html
    assert html.count('type="range"') == len(CRITERIA)
    assert 'min="0" max="100" step="1" value="40"' in html
    rows = re.findall(r'<tr data-id="([^"]+)">', html)
    assert rows == rank_for_weights(_criteria(), VECTORS[0])
    assert "need: 0.40" in html  # the box starts with the configured YAML
    assert html.count('class="badge badge-') == 3


def test_output_is_deterministic(tmp_path: Path):
    one = write_slider_page(_criteria(), tmp_path / "a.html", weights=CONFIGURED, titles=TITLES,
                            stability=STABILITY)
    two = write_slider_page(_criteria(), tmp_path / "b.html", weights=CONFIGURED, titles=TITLES,
                            stability=STABILITY)
    assert one.read_bytes() == two.read_bytes()


def test_all_zero_configured_weights_and_no_titles(tmp_path: Path):
    path = write_slider_page(_criteria(), tmp_path / "z.html", weights=dict.fromkeys(CRITERIA, 0),
                             titles={"mc-a": float("nan"), "mc-b": " "})
    html = path.read_text(encoding="utf-8")
    assert re.findall(r'<tr data-id="([^"]+)">', html) == sorted(_criteria()["microcredential_id"])
    assert "<th scope=\"row\">mc-a</th>" in html and "<th scope=\"row\">mc-b</th>" in html
    assert "and stability" not in html and 'class="badge ' not in html
    assert '<pre class="weights-text" lang="en" translate="no"><code id="yaml-out"></code></pre>' in html


# --- in Chromium ---------------------------------------------------------------------------------


@dataclass
class SliderPage:
    """One open slider page and what it did."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def set_weights(self, weights: dict[str, int]) -> None:
        """Type each weight into its number box, firing ``input`` like a user."""
        for j, name in enumerate(CRITERIA):
            self.page.fill(f"#w-num-{j}", str(weights[name]))

    def order(self) -> list[str]:
        return self.page.eval_on_selector_all("#rank-body tr", "rows => rows.map(r => r.dataset.id)")

    def ranges(self) -> list[str]:
        return self.page.eval_on_selector_all("#rank-body td.range", "cells => cells.map(c => c.textContent)")

    def scores(self) -> list[float]:
        return [float(t) for t in self.page.eval_on_selector_all(
            "#rank-body tr .score-text", "cells => cells.map(c => c.textContent)")]


@pytest.fixture
def slider_page(browser: Any, page_path: Path) -> Iterator[SliderPage]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    result = SliderPage(page)

    def _route(route: Any) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            route.abort()

    def _dialog(dialog: Any) -> None:
        result.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("console", lambda m: result.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: result.page_errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:"))
            else result.requests.append(r.url))
    page.on("dialog", _dialog)
    page.route("**/*", _route)
    page.goto(page_path.resolve().as_uri(), wait_until="load")
    page.wait_for_function("document.documentElement.getAttribute('data-sliders') === 'ready'",
                           timeout=10_000)
    yield result
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(Exception):
        page.screenshot(path=str(ARTIFACTS / "sliders.png"), full_page=True)
    context.close()


@pytest.mark.browser
def test_sliders_rank_like_python(slider_page: SliderPage):
    page = slider_page.page
    assert slider_page.order() == rank_for_weights(_criteria(), VECTORS[0])
    for weights in VECTORS:
        slider_page.set_weights(weights)
        expected = rank_for_weights(_criteria(), weights)
        assert slider_page.order() == expected, weights
        scores = score_for_weights(_criteria(), weights)
        for shown, mc in zip(slider_page.scores(), expected, strict=True):
            assert shown == pytest.approx(scores[mc], abs=0.0005 + 1e-12)
        spans = rank_ranges(_criteria(), weights)
        assert slider_page.ranges() == [
            str(spans[mc][0]) if spans[mc][0] == spans[mc][1] else f"{spans[mc][0]}\u2013{spans[mc][1]}"
            for mc in expected
        ], weights
        # the slider follows the number box
        assert page.input_value("#w-range-0") == str(weights["need"])
    assert "All weights are 0" not in page.text_content("#rank-summary")
    titles = page.eval_on_selector_all("#rank-body th", "cells => cells.map(c => c.firstChild.data)")
    assert XSS_TITLE in titles and XSS_LABEL in titles  # shown as text
    assert page.evaluate("document.querySelectorAll('#rank-body img, #rank-body script').length") == 0
    assert page.eval_on_selector_all("#rank-body .badge", "b => b.map(x => x.textContent)") != []
    assert slider_page.console_errors == []
    assert slider_page.page_errors == []
    assert slider_page.requests == []
    assert slider_page.dialogs == []


@pytest.mark.browser
def test_all_zero_weights_rank_by_id(slider_page: SliderPage):
    slider_page.set_weights(VECTORS[2])
    assert slider_page.order() == sorted(_criteria()["microcredential_id"])
    assert set(slider_page.scores()) == {0.0}
    assert "All weights are 0" in slider_page.page.text_content("#rank-summary")
    slider_page.page.click("#copy-yaml")
    assert slider_page.page.text_content("#yaml-out") == ""
    assert "above 0" in slider_page.page.text_content("#copy-status")
    assert slider_page.console_errors == [] and slider_page.page_errors == []


@pytest.mark.browser
def test_range_input_and_keyboard(slider_page: SliderPage):
    page = slider_page.page
    # set the slider itself (value + input event), as a drag does
    page.eval_on_selector("#w-range-2", "el => { el.value = '90'; "
                          "el.dispatchEvent(new Event('input', {bubbles: true})); }")
    assert page.input_value("#w-num-2") == "90"
    weights = VECTORS[0] | {"transferability": 90}
    assert slider_page.order() == rank_for_weights(_criteria(), weights)
    page.focus("#w-range-0")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.input_value("#w-num-0") == "42"
    weights["need"] = 42
    assert slider_page.order() == rank_for_weights(_criteria(), weights)
    page.fill("#w-num-1", "250")  # clamped to the slider range
    assert page.input_value("#w-range-1") == "100"
    weights["breadth"] = 100
    assert slider_page.order() == rank_for_weights(_criteria(), weights)
    page.click("#reset-weights")
    assert slider_page.order() == rank_for_weights(_criteria(), VECTORS[0])
    assert page.input_value("#w-num-2") == "20"
    assert slider_page.console_errors == [] and slider_page.page_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("weights", [VECTORS[0], VECTORS[3], VECTORS[5]])
def test_yaml_export(slider_page: SliderPage, weights: dict[str, int]):
    slider_page.set_weights(weights)
    assert slider_page.page.text_content("#yaml-out") == weights_yaml(weights)  # kept current
    slider_page.page.click("#copy-yaml")
    text = slider_page.page.text_content("#yaml-out")
    assert text == weights_yaml(weights)
    parsed = yaml.safe_load(text)["priorities"]["weights"]
    assert list(parsed) == CRITERIA
    assert sum(parsed.values()) == pytest.approx(1.0)
    total = sum(weights.values())
    for name in CRITERIA:
        assert parsed[name] == pytest.approx(weights[name] / total, abs=0.01)
    assert slider_page.page.text_content("#copy-status") != ""
    assert slider_page.console_errors == [] and slider_page.page_errors == []
    assert slider_page.requests == []


@pytest.mark.browser
def test_phone_width_has_no_sideways_scroll(browser: Any, page_path: Path):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(page_path.resolve().as_uri(), wait_until="load")
    page.wait_for_function("document.documentElement.getAttribute('data-sliders') === 'ready'")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    table_overflow = page.evaluate("(() => { const w = document.querySelector('.rank-table').parentElement;"
                                   " return w.scrollWidth - w.clientWidth; })()")
    context.close()
    assert overflow <= 0
    assert table_overflow <= 0, "the ranking table should fit a phone without sideways scrolling"


def _top_now(page: Any) -> tuple[list[str], bool]:
    """The ids of the phone's top-3 bar, in order, and whether the bar is wholly on screen."""
    return page.evaluate(
        "(() => { const bar = document.getElementById('top-now'); const box = bar.getBoundingClientRect();"
        " return [Array.from(bar.querySelectorAll('li')).map(li => li.dataset.id),"
        " box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight]; })()"
    )


@pytest.mark.browser
def test_phone_keeps_the_top_three_in_sight_while_a_weight_moves(browser: Any, page_path: Path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(page_path.resolve().as_uri(), wait_until="load")
    page.wait_for_function("document.documentElement.getAttribute('data-sliders') === 'ready'")
    slider = "#w-range-2"  # transferability: more of it lifts mc-f (all of it) past the others
    page.locator(slider).scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 300)")  # the ranking table is below, out of sight
    before, on_screen = _top_now(page)
    assert on_screen, "the top-3 bar is out of sight while the weights are"
    assert before == rank_for_weights(_criteria(), VECTORS[0])[:3]
    assert page.evaluate("document.getElementById('rank-body').getBoundingClientRect().top") > 844
    page.focus(slider)
    for _ in range(60):
        page.keyboard.press("ArrowRight")
    after, on_screen = _top_now(page)
    weights = VECTORS[0] | {"transferability": 80}
    assert page.input_value("#w-num-2") == "80"
    assert after == rank_for_weights(_criteria(), weights)[:3] != before
    assert on_screen
    moves = page.eval_on_selector_all("#top-now .move", "m => m.map(x => x.textContent)")
    assert moves[after.index("mc-f")].startswith("\u25b2")  # up from the configured ranking
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sliders-phone.png"))
    context.close()


@pytest.mark.browser
def test_top_three_bar_is_for_phones_only(slider_page: SliderPage):
    assert slider_page.page.evaluate("getComputedStyle(document.getElementById('top-now')).display") == "none"


@pytest.mark.browser
@pytest.mark.parametrize("lang, decimal", [("bg", ","), ("fr", ","), ("en", ".")])
def test_scores_use_the_pages_decimal_sign_before_and_after_a_weight_moves(
    browser: Any, tmp_path: Path, lang: str, decimal: str
):
    path = write_slider_page(_criteria(), tmp_path / f"{lang}.html", weights=CONFIGURED, titles=TITLES,
                             lang=lang)
    scores = score_for_weights(_criteria(), CONFIGURED)
    html = path.read_text("utf-8")
    written = re.findall(r'<span class="score-text">([^<]*)</span>', html)
    assert written and all(re.fullmatch(r"[01]" + re.escape(decimal) + r"\d{3}", text) for text in written)
    assert f"{scores['mc-d']:.3f}".replace(".", decimal) in written
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(path.resolve().as_uri(), wait_until="load")
        page.wait_for_function("document.documentElement.getAttribute('data-sliders') === 'ready'",
                               timeout=10_000)
        for j, name in enumerate(CRITERIA):
            page.fill(f"#w-num-{j}", str(VECTORS[5][name]))
        shown = page.eval_on_selector_all("#rank-body tr .score-text",
                                          "cells => cells.map(c => c.textContent)")
        moved = score_for_weights(_criteria(), VECTORS[5])
        order = rank_for_weights(_criteria(), VECTORS[5])
        expected = [f"{moved[mc]:.3f}".replace(".", decimal) for mc in order]
        assert shown == expected
        assert expected[0] in page.text_content("#rank-summary")
    finally:
        context.close()
