"""Setting priorities in the meeting: an offline page with one weight slider per criterion.

:func:`write_slider_page` writes a single self-contained HTML file (no plotly, no network, works
from ``file://``) where the consortium moves the criteria weights and sees the ranking of the
candidate micro-credentials update at once. The page can export the chosen weights as the YAML
snippet for ``config/``. The browser applies exactly the rule of :func:`rank_for_weights` (same
summation order, same tie-break), so the Python reference is what the tests check the page against.
The page's words are in its language (``lang``); the texts the browser writes (the ranking
summary, the copy status) reach it translated in the page's JSON data, never built in JavaScript.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup

from analysis.report.i18n import given, translator
from analysis.report.render import fmt_number, jinja_environment, number_language, number_symbols

__all__ = [
    "criteria_of", "rank_for_weights", "rank_ranges", "score_for_weights", "weights_yaml",
    "write_slider_page",
]

ID = "microcredential_id"
#: Slider range (integers); the configured weights are scaled to sum to this.
SLIDER_MAX = 100
#: Slider move (either way) behind the live "rank if one weight moves" column.
STABILITY_STEP = 10
#: Scores are compared on this grid, so float noise (0.4/0.2/... vs 40/20/...) cannot break a tie.
TIE_QUANTUM = 1e9
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")




# --- the reference rule (mirrored in sliders.js) ---------------------------------------------


def criteria_of(criteria: pd.DataFrame) -> list[str]:
    """The criterion columns of ``criteria``, in column order (every column but the id)."""
    if ID not in criteria.columns:
        raise ValueError(f"criteria needs a {ID!r} column")
    names = [str(c) for c in criteria.columns if c != ID]
    if not names:
        raise ValueError("criteria has no criterion column")
    return names


def _checked_weights(names: Sequence[str], weights: Mapping[str, float]) -> list[float]:
    missing = [n for n in names if n not in weights]
    extra = [str(k) for k in weights if k not in names]
    if missing or extra:
        raise ValueError(f"weights must name exactly the criteria {list(names)}: "
                         f"missing {missing}, unknown {extra}")
    out = [float(weights[n]) for n in names]
    if any(not math.isfinite(w) or w < 0 for w in out):
        raise ValueError(f"weights must be finite and >= 0, got {dict(zip(names, out, strict=True))}")
    return out


def _checked_values(criteria: pd.DataFrame, names: Sequence[str]) -> tuple[list[str], list[list[float]]]:
    ids = [str(i) for i in criteria[ID]]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{ID} must be unique")
    values = criteria[list(names)].apply(pd.to_numeric, errors="coerce").astype(float)
    bad = values.isna() | (values < 0) | (values > 1)
    if bad.to_numpy().any():
        raise ValueError("criterion values must be numbers in [0, 1] (normalised), none missing")
    return ids, [[float(x) for x in row] for row in values.itertuples(index=False)]


def _scores(values: list[list[float]], w: list[float]) -> list[float]:
    # Plain left-to-right loops, not sum(): Python >= 3.12 sums floats with compensation,
    # JavaScript does not, and the page must reproduce these numbers bit for bit.
    total = 0.0
    for wc in w:
        total += wc
    out = []
    for row in values:
        num = 0.0
        for wc, x in zip(w, row, strict=True):
            num += wc * x
        out.append(num / total if total > 0 else 0.0)
    return out


def score_for_weights(criteria: pd.DataFrame, weights: Mapping[str, float]) -> dict[str, float]:
    """Weighted mean ``Σ w_c·x_c / Σ w_c`` per candidate (all weights 0 -> every score 0)."""
    names = criteria_of(criteria)
    ids, values = _checked_values(criteria, names)
    return dict(zip(ids, _scores(values, _checked_weights(names, weights)), strict=True))


def rank_for_weights(criteria: pd.DataFrame, weights: Mapping[str, float]) -> list[str]:
    """Candidate ids, rank 1 first: highest score first, ties by ``microcredential_id`` ascending.

    Scores that agree to 9 decimals (``floor(score * 1e9 + 0.5)``, the same IEEE operations in
    the page) count as equal, so float noise does not decide between truly tied candidates
    (e.g. weights 0.4/0.2/... and 40/20/... rank alike, barring a score on a grid boundary).

    Parameters
    ----------
    criteria
        One row per candidate: ``microcredential_id`` plus one column per criterion in [0, 1].
    weights
        A weight >= 0 for every criterion (any scale; only the proportions matter).
    """
    scores = score_for_weights(criteria, weights)
    return sorted(scores, key=lambda i: (-_tie_key(scores[i]), i))


def rank_ranges(
    criteria: pd.DataFrame, weights: Mapping[str, float], *, step: int = 10
) -> dict[str, tuple[int, int]]:
    """Best and worst rank of each candidate when any one slider moves by ``step`` either way.

    The live stability cue of the page: ``weights`` are slider positions (0 to
    :data:`SLIDER_MAX`); each weight in turn is moved down and up by ``step`` (clamped to the
    slider range) and the ranks over these vectors and the current one are collected.
    """
    names = criteria_of(criteria)
    base = _checked_weights(names, weights)
    vectors = [base]
    for c in range(len(names)):
        for delta in (-step, step):
            moved = list(base)
            moved[c] = min(float(SLIDER_MAX), max(0.0, base[c] + delta))
            vectors.append(moved)
    out: dict[str, tuple[int, int]] = {}
    for w in vectors:
        order = rank_for_weights(criteria, dict(zip(names, w, strict=True)))
        for position, mc in enumerate(order, start=1):
            low, high = out.get(mc, (position, position))
            out[mc] = (min(low, position), max(high, position))
    return out


def _tie_key(score: float) -> int:
    return math.floor(score * TIE_QUANTUM + 0.5)


def _hundredths(w: Sequence[float]) -> list[int]:
    """Weights as whole hundredths summing to 100 (largest remainder, ties by position)."""
    total = 0.0
    for wc in w:
        total += wc
    if not total > 0:
        raise ValueError("at least one weight must be above 0")
    quotas = [wc * 100 / total for wc in w]
    floors = [math.floor(q) for q in quotas]
    left = 100 - sum(floors)
    order = sorted(range(len(w)), key=lambda i: (-(quotas[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def _yaml_key(name: str) -> str:
    return name if _PLAIN_KEY.match(name) else json.dumps(name, ensure_ascii=False)  # as JSON.stringify


def weights_yaml(weights: Mapping[str, float]) -> str:
    """The ``priorities: weights:`` YAML snippet: normalised to sum 1, two decimals, in order."""
    names = [str(k) for k in weights]
    parts = _hundredths(_checked_weights(names, weights))
    lines = ["priorities:", "  weights:"]
    lines += [f"    {_yaml_key(n)}: {p // 100}.{p % 100:02d}" for n, p in zip(names, parts, strict=True)]
    return "\n".join(lines) + "\n"


# --- the page ----------------------------------------------------------------------------------


def _json_script(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">`` (no label can close the element)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return Markup(text)  # noqa: S704 - escaped above


def _slider_values(w: list[float]) -> list[int]:
    """Configured weights as slider positions summing to :data:`SLIDER_MAX` (all 0 stays 0)."""
    total = 0.0
    for wc in w:
        total += wc
    return _hundredths(w) if total > 0 else [0] * len(w)


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value))) or str(value).strip() == ""


def _range_text(span: tuple[int, int]) -> str:
    low, high = span
    return str(low) if low == high else f"{low}\u2013{high}"


def _score_text(score: float, lang: str) -> str:
    """A score as the page shows it: three decimals, the language's decimal sign (as sliders.js)."""
    with number_language(lang):
        return fmt_number(score, 3)


def _label(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).capitalize() or name



def _browser_texts(tr_: Callable[[str], str]) -> dict[str, str]:
    """The sentences sliders.js writes, with ``%(name)s`` placeholders it fills (``%%``: a %)."""
    return {
        "share": tr_("%(share)s%% of the total"),
        "summary": tr_(
            "Rank 1: %(title)s (score %(score)s). %(holding)s of %(total)s keep their rank if any "
            "one weight moves %(step)s either way."
        ),
        "all_zero": tr_("All weights are 0: every score is 0, so the list is by id."),
        "zero_copy": tr_("Set at least one weight above 0 first."),
        "in_box": tr_("The text is in the box below; copy it from there if the clipboard is blocked."),
        "copied": tr_("Copied to the clipboard (also in the box below)."),
    }


def _stability(stability: pd.DataFrame | None, ids: list[str]) -> dict[str, str]:
    if stability is None:
        return {}
    for column in (ID, "stability"):
        if column not in stability.columns:
            raise ValueError(f"stability needs a {column!r} column")
    out: dict[str, str] = {}
    for key, label in zip(stability[ID], stability["stability"], strict=True):
        if str(key) in ids and not pd.isna(label):
            out[str(key)] = str(label)
    return out


def _badge_class(label: str) -> str:
    text = label.lower()
    for word in ("unstable", "fairly", "stable", "moderate", "fragile"):
        if word in text:
            return {"stable": "stable", "moderate": "moderate", "fairly": "moderate"}.get(word, "unstable")
    return "other"


def write_slider_page(
    criteria: pd.DataFrame,
    out: Path,
    *,
    weights: Mapping[str, float],
    titles: Mapping[str, str] | None = None,
    title: str | None = None,
    stability: pd.DataFrame | None = None,
    links: Sequence[tuple[str, str]] = (),
    lang: str = "en",
) -> Path:
    """Write the offline weight-slider page for a meeting.

    Parameters
    ----------
    criteria
        One row per candidate: ``microcredential_id`` plus one column per criterion, already
        normalised to [0, 1]; the column order is the slider and YAML order.
    out
        The HTML file to write (its folder is created if needed).
    weights
        The configured weight per criterion (any scale); the sliders start at these proportions.
    titles
        ``microcredential_id`` -> display title (untrusted text; the id when missing).
    title
        Page heading (default: "Set the priorities" in the page's language).
    stability
        Optional ``microcredential_id``, ``stability`` label per candidate, shown as a badge
        (computed upstream for the configured weights; it does not change with the sliders).
    links
        ``(href, text)`` of pages to link back to from the header (e.g. the priorities page).
    lang
        The language of the page's own words (criterion and stability names too, when the
        catalogue has them); titles and link texts are shown as given.

    Returns
    -------
    Path
        ``out``. The bytes depend only on the arguments.
    """
    names = criteria_of(criteria)
    ids, values = _checked_values(criteria, names)
    start = _slider_values(_checked_weights(names, weights))
    tr_ = translator(lang).gettext
    titles = titles or {}
    shown = {i: i if _blank(titles.get(i)) else str(titles[i]) for i in ids}
    badges = _stability(stability, ids)
    words = {i: given(tr_, label) for i, label in badges.items()}  # the badge class is from the label
    order = sorted(range(len(ids)), key=lambda k: ids[k])  # tie-break rank, fixed in Python
    tie = [0] * len(ids)
    for position, k in enumerate(order):
        tie[k] = position
    data = {
        "criteria": names,
        "start": start,
        "step": STABILITY_STEP,
        "max": SLIDER_MAX,
        "items": [
            {"id": ids[k], "title": shown[ids[k]], "x": values[k], "tie": tie[k],
             "stability": words.get(ids[k], ""), "badge": _badge_class(badges.get(ids[k], ""))}
            for k in range(len(ids))
        ],
        "text": _browser_texts(tr_),
        "decimal": number_symbols(lang)[0],  # sliders.js writes the scores with the page's decimal sign
    }
    start_weights = dict(zip(names, [float(s) for s in start], strict=True))
    scores = score_for_weights(criteria, start_weights)
    ranges = rank_ranges(criteria, start_weights, step=STABILITY_STEP)
    rows = [
        {"rank": r, "id": i, "range": _range_text(ranges[i]), "title": shown[i],
         "score": _score_text(scores[i], lang),
         "bar": f"{100 * scores[i]:.1f}", "stability": words.get(i, ""),
         "badge": _badge_class(badges.get(i, ""))}
        for r, i in enumerate(rank_for_weights(criteria, start_weights), start=1)
    ]
    env = jinja_environment(lang)
    html = env.get_template("sliders.html.j2").render(
        title=tr_("Set the priorities") if title is None else str(title),
        links=[{"href": str(href), "text": str(text)} for href, text in links],
        sliders=[{"name": n, "label": given(tr_, _label(n)), "value": v, "index": j}
                 for j, (n, v) in enumerate(zip(names, start, strict=True))],
        rows=rows,
        has_stability=bool(badges),
        slider_max=SLIDER_MAX,
        step=STABILITY_STEP,
        data=_json_script(data),
        yaml=weights_yaml(start_weights) if sum(start) else "",
    )
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8", newline="\n")
    return out
