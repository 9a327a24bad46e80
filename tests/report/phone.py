"""What the phone tests measure in a page: words split across lines, bar labels over skill names."""

from __future__ import annotations

from typing import Any

PHONE = {"width": 390, "height": 844}

#: Every word of the visible text whose characters sit on more than one line. Words with a
#: hyphen, slash or dash (break points of their own) are left out, and so is a word wider than
#: the page's column, which cannot stay whole (a table column that is too narrow for a word
#: must grow, the table scrolling sideways if need be, not cut the word).
SPLIT_WORDS_JS = r"""
() => {
  const split = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || el.closest("script, style, svg, textarea, .visually-hidden, .js-plotly-plot")) continue;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const column = el.closest("main, header, footer, nav") || document.body;
    const width = column.getBoundingClientRect().width;
    const words = /\S+/g;
    let m;
    while ((m = words.exec(node.data))) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = Array.from(range.getClientRects()).filter(r => r.width > 0);
      const lines = new Set(rects.map(r => Math.round(r.bottom)));
      const wide = rects.reduce((sum, r) => sum + r.width, 0);
      if (lines.size > 1 && wide < width && !/[\-\u2010-\u2015\/]/.test(m[0])) {
        split.push(m[0] + " (in <" + el.tagName.toLowerCase() + " class='" + el.className + "'>)");
      }
    }
  }
  return split;
}
"""

#: Pairs of a bar's value label and a tick label (a skill name) whose boxes overlap.
LABEL_OVERLAPS_JS = r"""
() => {
  const overlaps = [];
  for (const chart of document.querySelectorAll(".js-plotly-plot")) {
    const labels = Array.from(chart.querySelectorAll(".bartext, .textpoint text"))
      .filter(t => t.textContent.trim() !== "");
    const ticks = Array.from(chart.querySelectorAll(".ytick text"));
    for (const label of labels) {
      const a = label.getBoundingClientRect();
      for (const tick of ticks) {
        const b = tick.getBoundingClientRect();
        const apart = a.right - 0.5 <= b.left || b.right - 0.5 <= a.left
          || a.bottom - 0.5 <= b.top || b.bottom - 0.5 <= a.top;
        if (!apart) {
          overlaps.push(chart.id + ": " + label.textContent + " over " + tick.textContent);
        }
      }
    }
  }
  return overlaps;
}
"""


def split_words(page: Any) -> list[str]:
    """The words of the page broken across two lines (see :data:`SPLIT_WORDS_JS`)."""
    return page.evaluate(SPLIT_WORDS_JS)


def label_overlaps(page: Any) -> list[str]:
    """Bar value labels drawn over the skill names of the y axis (see :data:`LABEL_OVERLAPS_JS`)."""
    return page.evaluate(LABEL_OVERLAPS_JS)


def bar_labels(page: Any) -> list[str]:
    """Every value label of the page's bar charts, as drawn."""
    return page.evaluate(
        "Array.from(document.querySelectorAll('.js-plotly-plot .bartext, .js-plotly-plot .textpoint text'))"
        ".map(t => t.textContent).filter(t => t.trim() !== '')"
    )
