"""Small checks the report tests share: the strings inside chart JSON, a page's visible words,
numbers among text cells."""

from __future__ import annotations

import html
import json
import re


def json_strings(value: object) -> list[str]:
    """Every string inside a JSON value (chart specs, page data blocks), depth first."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return []


def is_number(text: str) -> bool:
    """A cell that reads as a number (a negative number is not a formula)."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def plain(text: str) -> str:
    """Markup (HTML or Plotly's pseudo-HTML) as the words a reader sees."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text)).split())


def visible_text(page: str) -> str:
    """The words of a page: its text, its labels for screen readers and its JSON data blocks
    (chart titles, hover texts, the slider page's sentences), without code and styles."""
    data = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, flags=re.S)
    attributes = re.findall(r'(?:aria-label|title)="([^"]*)"', page)
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    strings = [s for block in data for s in json_strings(json.loads(block))]
    return "\n".join([plain(page), *(plain(a) for a in attributes), *(plain(s) for s in strings)])
