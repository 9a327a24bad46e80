"""Small checks the report tests share: the strings inside chart JSON, a page's visible words,
numbers among text cells."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser


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


#: Keys of a chart's or a page data block's JSON whose strings a reader sees (titles, tick and
#: bar labels, hover texts, legend names, the slider page's sentences); the others are ids,
#: colours, fonts and Plotly settings.
READER_KEYS = frozenset({
    "text", "hovertext", "ticktext", "hovertemplate", "name", "title", "label", "labels", "sentence",
    "summary", "caption", "words", "message",
})


def _reader_json(value: object, key: str = "") -> list[str]:
    if isinstance(value, str):
        return [value] if key in READER_KEYS else []
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _reader_json(v, k if isinstance(v, str | list) else k)]
    if isinstance(value, list):
        return [s for v in value for s in _reader_json(v, key)]
    return []


class _ReaderText(HTMLParser):
    """Text runs of a page in its own language: text nodes, labels for screen readers and
    tooltips, outside scripts and styles and outside elements in another language (quotes of
    open answers in their original language, the language switcher's names)."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                      "source", "track", "wbr"})

    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[tuple[str, bool]] = []  # (tag, foreign or code)
        self.runs: list[str] = []
        self.data_blocks: list[str] = []
        self._in_data = False

    def _skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        other = values.get("lang") not in (None, self.lang) and tag != "html"
        code = tag in ("script", "style", "code", "kbd", "samp")
        self._in_data = tag == "script" and values.get("type") == "application/json"
        if not (other or self._skipping()):
            self.runs += [v for k, v in attrs if k in ("aria-label", "title", "alt", "placeholder") and v]
        if tag not in self.VOID:
            self.stack.append((tag, other or code))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        self._in_data = False

    def handle_data(self, data: str) -> None:
        if self._in_data:
            self.data_blocks.append(data)
        elif not self._skipping():
            self.runs.append(data)


def reader_runs(page: str, lang: str) -> set[str]:
    """The runs of two or more words a reader of ``page`` (in ``lang``) sees, for comparing a
    translated page with its English twin: a run found in both is English left untranslated."""
    parser = _ReaderText(lang)
    parser.feed(page)
    strings = [s for block in parser.data_blocks for s in _reader_json(json.loads(block))]
    runs = (plain(text) for text in (*parser.runs, *strings))
    return {run for run in runs if len(re.findall(r"[A-Za-z]{2,}", run)) >= 2}
