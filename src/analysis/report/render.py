"""Helpers shared by the report's pages: the jinja environment, inlined plotly.js, formatting.

Rounding and labelling happen here only, when rendering; every page and the slider page render
with the same environment (autoescape on, undefined names are errors).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, partial
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol
from markupsafe import Markup

from analysis.report.glossary import how_to_read, link_terms, term_link
from analysis.report.i18n import N_, translator
from analysis.report.model import SurveyReport

__all__ = [
    "DASH", "SUPPRESSED_MARK", "fmt", "fmt_count", "fmt_int", "fmt_number", "fmt_p", "fmt_pct", "group_n",
    "join_words", "number_language", "number_symbols", "plotly_locale", "QUOTE_LENGTH", "quote",
]

DASH = "\u2014"
#: How a count the downloads suppress shows on a page (as in the composition tables).
SUPPRESSED_MARK = "\u2013"


@cache
def jinja_environment(lang: str = "en") -> jinja2.Environment:
    """The jinja environment of one language: ``_()``, ``gettext``, ``ngettext`` and ``{% trans %}``."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("analysis.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translator(lang), newstyle=True)  # type: ignore[attr-defined]
    env.globals["lang"] = lang
    env.globals["term"] = term_link
    env.globals["how_to_read"] = partial(how_to_read, lang=lang)
    env.filters["link_terms"] = link_terms
    return env


#: plotly.js's basic bundle (bar, scatter, pie), inlined into every page: see vendor/README.md.
PLOTLY_BUNDLE = Path(__file__).with_name("vendor") / "plotly-basic.min.js"
_BUNDLE_VERSION = re.compile(r"\* plotly\.js \(basic - minified\) v(\d+\.\d+\.\d+)")


def plotly_bundle_version() -> str:
    """The plotly.js version of the vendored bundle, read off its header."""
    found = _BUNDLE_VERSION.search(PLOTLY_BUNDLE.read_text("utf-8")[:300])
    if found is None:
        raise RuntimeError(f"{PLOTLY_BUNDLE}: no plotly.js version in its header")
    return found.group(1)


#: plotly.js's own words a reader can meet (the modebar's tooltips and the messages of its
#: image download), translated by the catalogue into a plotly locale per page language.
PLOTLY_WORDS = (
    N_("Download plot as a PNG"), N_("Download plot"), N_("Show closest data on hover"),
    N_("Compare data on hover"), N_("Toggle Spike Lines"), N_("Zoom"), N_("Pan"), N_("Zoom in"),
    N_("Zoom out"), N_("Autoscale"), N_("Reset axes"), N_("Box Select"), N_("Lasso Select"),
    N_("Taking snapshot - this may take a few seconds"), N_("Snapshot succeeded"),
    N_("Sorry, there was a problem downloading your snapshot!"), N_("Double-click to zoom back out"),
)


def plotly_locale(lang: str) -> dict[str, Any]:
    """The plotly locale of ``lang`` (``Plotly.register``): our catalogue's words for plotly's,
    and the language's decimal and grouping signs (Babel)."""
    gettext = translator(lang).gettext
    decimal, group, _ = number_symbols(lang)
    return {
        "moduleType": "locale", "name": lang,
        "dictionary": {word: gettext(word) for word in PLOTLY_WORDS},
        "format": {"decimal": decimal, "thousands": group},
    }


@cache
def plotly_js(lang: str = "en") -> Markup:
    """The vendored plotly.js bundle, checked to be safe inside an inline ``<script>``, and the
    plotly locale of ``lang`` registered after it (the charts of a page set ``config.locale``)."""
    js = PLOTLY_BUNDLE.read_text("utf-8")
    if "</script" in js.lower():  # would end the inline <script> early
        raise RuntimeError("plotly.js contains '</script' and cannot be inlined safely")
    if lang != "en":
        locale = json.dumps(plotly_locale(lang), ensure_ascii=False)
        locale = locale.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        js += f"\nPlotly.register({locale});\n"
    return Markup(js)  # noqa: S704 - trusted library code, checked above; the locale is escaped JSON


# --- formatting (rounding happens here only) ---------------------------------------------------


def is_missing(value: object) -> bool:
    """Whether a table cell holds no value (None, NA or NaN)."""
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


#: The language whose symbols numbers are written with: set for a page by
#: :func:`number_language` while its context is built and its template rendered.
_NUMBER_LANG: ContextVar[str] = ContextVar("number_language", default="en")


@contextmanager
def number_language(lang: str) -> Iterator[None]:
    """Write the numbers formatted inside the block (``fmt*``, chart specs) the ``lang`` way."""
    token = _NUMBER_LANG.set(lang)
    try:
        yield
    finally:
        _NUMBER_LANG.reset(token)


@cache
def number_symbols(lang: str | None = None) -> tuple[str, str, str]:
    """A language's decimal sign, grouping sign and percent suffix (Babel's CLDR data):
    ``("," , ".", "\u00a0%")`` for Spanish."""
    locale = Locale.parse((lang or "en").replace("-", "_"))
    pattern = locale.percent_formats[None].pattern
    suffix = pattern[pattern.rindex("0") + 1:].split(";")[0] or "%"
    return get_decimal_symbol(locale), get_group_symbol(locale), suffix


def current_number_language() -> str:
    """The language numbers are written in just now (see :func:`number_language`)."""
    return _NUMBER_LANG.get()


def fmt_number(value: float, digits: int = 2, *, group: bool = False) -> str:
    """The one number formatter of the pages: ``digits`` decimals, the page language's decimal
    sign (and grouping sign with ``group``); ``-0.00`` shows as ``0.00``."""
    text = f"{float(value):,.{digits}f}" if group else f"{float(value):.{digits}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    decimal, grouping, _ = number_symbols(_NUMBER_LANG.get())
    return text.replace(",", "\0").replace(".", decimal).replace("\0", grouping)


def fmt(value: object, digits: int = 2) -> str:
    """Round a number for display; missing values show as an em dash."""
    if is_missing(value):
        return DASH
    return fmt_number(float(value), digits)  # type: ignore[arg-type]


def fmt_p(value: object) -> str:
    """Format a p value: three decimals, ``< 0.001`` below that (two decimals would show 0.00)."""
    if is_missing(value):
        return DASH
    p = float(value)  # type: ignore[arg-type]
    return "< " + fmt_number(0.001, 3) if p < 0.001 else fmt_number(p, 3)


def fmt_pct(share: object, digits: int = 1) -> str:
    """A share (0-1) as a percentage (one decimal); missing values show as an em dash."""
    if is_missing(share):
        return DASH
    return fmt_number(100 * float(share), digits) + number_symbols(_NUMBER_LANG.get())[2]  # type: ignore[arg-type]


def fmt_int(value: object) -> str:
    """Whole number for display; missing values show as an em dash."""
    return DASH if is_missing(value) else str(int(value))  # type: ignore[call-overload]


def fmt_count(value: int) -> str:
    """A large whole number with the page language's grouping sign (``10,000``, ``10.000``)."""
    return fmt_number(int(value), 0, group=True)


def as_bool(value: object) -> bool:
    """A flag read back from CSV text (``true``, ``1``, ``yes``) or a value; missing is False."""
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes", "y"}
    return False if is_missing(value) else bool(value)


def slugify(text: str) -> str:
    """A file- and id-safe form of a name: lower case, ``-`` between words, at most 40 characters."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")[:40] or "x"


def scope_label(scope: str) -> str:
    """A profile field as words: ``respondent_type`` -> ``respondent type``."""
    return " ".join(str(scope).replace("_", " ").split()) or str(scope)


def join_words(items: Sequence[str], tr_: Callable[[str], str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` in the page's language (``tr_``: its translator)."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return tr_("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


# --- tables and labels ------------------------------------------------------------------------


def reportable(rows: pd.DataFrame, min_group_n: int) -> pd.Series:
    """Rows with enough respondents and a statistic (honours an upstream ``suppressed`` flag)."""
    n = pd.to_numeric(rows["n"], errors="coerce").fillna(0)
    ok = (
        (n >= min_group_n)
        & pd.to_numeric(rows["mwds"], errors="coerce").notna()
        & pd.to_numeric(rows["rank"], errors="coerce").notna()
    )
    if "suppressed" in rows.columns:
        ok &= ~rows["suppressed"].map(as_bool)
    return ok


def group_n(rows: pd.DataFrame) -> int | str:
    """A group's n (the largest over its rows), or :data:`SUPPRESSED_MARK` when it is suppressed."""
    n = pd.to_numeric(rows["n"], errors="coerce")
    return int(n.max()) if n.notna().any() else SUPPRESSED_MARK


def text_column(column: pd.Series) -> pd.Series:
    """A column as text, missing cells as empty strings."""
    return column.map(lambda v: "" if is_missing(v) else str(v))


def skill_names(report: SurveyReport) -> dict[str, str]:
    """skill_id -> label, from the skill table, else the needs table (untrusted text)."""
    names: dict[str, str] = {}
    needs = report.needs
    ids, labels = text_column(needs["skill_id"]), text_column(needs["skill_label"])
    for skill_id, label in zip(ids, labels, strict=True):
        if label:
            names.setdefault(skill_id, label)
    if report.skills is not None:
        for skill_id, label in zip(
            text_column(report.skills["skill_id"]), text_column(report.skills["label"]), strict=True
        ):
            if label:
                names[skill_id] = label
    return names


def write_page(path: Path, text: str) -> Path:
    """Write a page as UTF-8 with ``\\n`` line ends, whatever the platform."""
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


#: Characters of an open answer quoted on a page; a longer answer is cut at a word boundary.
QUOTE_LENGTH = 280


def quote(text: str, length: int = QUOTE_LENGTH) -> str:
    """An open answer as a page quotes it: spaces collapsed, cut to ``length`` characters.

    A longer answer is cut at the last space before ``length`` (mid-word only when the first
    ``length`` characters hold no space in their second half) and ends in "…".
    """
    head = text[: 4 * length]  # an answer may be megabytes long: look only at its start
    flat = " ".join(head.split())
    if len(flat) <= length and len(head) == len(text):
        return flat
    cut = flat[: length - 1]
    space = cut.rfind(" ")
    if space >= length // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"
