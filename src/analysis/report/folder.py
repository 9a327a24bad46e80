"""What the report site folder (``reports/``) holds, and what a rebuild carries over.

The site is built whole into a temporary sibling folder and swapped in
(:func:`analysis.staging.staged_folder`), so ``reports/`` only ever holds one build. The rule:

- the pages this build writes, for its languages (English at the top, the others in ``<lang>/``),
  the slider pages and ``downloads/<survey>/`` of every survey with results, and the internal
  fieldwork pages of every survey with a fieldwork run;
- ``pdf/<lang>/``, the PDF edition, only when ``--pdf`` asks for it (printed after the swap);
  a rebuild drops the previous PDFs, which would no longer match the pages;
- when only some languages are rebuilt (``--lang bg``), the pages of the other languages that
  still have a catalogue, carried over from the previous site, but only those whose file name this
  build also writes: the pages of a survey (or a group) that is no longer there are dropped in
  every language;
- the partner editions of the downloads of those languages (``downloads/<lang>/<survey>/``), for
  the surveys this build writes;
- nothing else: a language without a catalogue, a survey no longer configured, a stray file.

So that a mistyped ``--out`` never empties a folder of other things, a folder that holds
anything but a site (pages, ``downloads/``, language folders of pages, hidden files) is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from pathlib import Path

from analysis.errors import ConfigError
from analysis.staging import PLACEHOLDER

__all__ = ["DOWNLOADS", "check_site_folder", "site_keep"]

#: The folder of published tables, beside the English pages.
DOWNLOADS = "downloads"
#: The folder of the PDF edition (``report --pdf``); a rebuild drops it (its PDFs would be stale).
PDF = "pdf"
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]+)?")


def _site_entry(entry: Path) -> bool:
    if entry.name.startswith(".") or entry.name in {DOWNLOADS, PDF} and entry.is_dir():
        return True
    if entry.is_file():
        return entry.suffix == ".html"
    return bool(_LANGUAGE.fullmatch(entry.name)) and all(
        part.name.startswith(".") or (part.is_file() and part.suffix == ".html") for part in entry.iterdir()
    )


def check_site_folder(out_dir: Path) -> None:
    """Refuse to rebuild a folder that is not a report site (missing or empty is fine).

    Raises
    ------
    ConfigError
        Naming the folder and the entries that are not part of a site.
    """
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        if out_dir.exists():
            raise ConfigError(f"{out_dir}: the report folder is a file; give a folder for the site")
        return
    foreign = sorted(entry.name for entry in out_dir.iterdir() if not _site_entry(entry))
    if foreign:
        shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise ConfigError(
            f"{out_dir}: not a report site folder (it holds {shown}); the report replaces the folder "
            "whole, so give an empty folder or the previous site's (--out)"
        )


def site_keep(
    out_dir: Path, pages: Collection[str], *, built: Collection[str], configured: Collection[str]
) -> Callable[[Path], bool]:
    """The ``keep`` rule (``inside=True``) of a site build: which previous pages it carries over.

    Parameters
    ----------
    out_dir
        The site folder being rebuilt.
    pages
        The file names this build writes in each of its languages.
    built
        The languages this build writes.
    configured
        The languages the site can have (those with a catalogue); only their pages carry over.
    """
    out_dir = Path(out_dir)
    carried = set(configured) - set(built)

    def keep(entry: Path) -> bool:
        parts = entry.relative_to(out_dir).parts
        if parts == (PLACEHOLDER,):  # the repository's placeholder of reports/ stays
            return True
        if parts[0] == DOWNLOADS:  # the partner editions of the languages not rebuilt
            if len(parts) == 1:
                return entry.is_dir()
            if len(parts) == 2:
                return entry.is_dir() and parts[1] in carried
            if len(parts) == 3:
                return entry.is_dir() and f"{parts[2]}.html" in pages
            return True
        if len(parts) == 1 and entry.is_dir():
            return parts[0] != "en" and parts[0] in carried
        if len(parts) == 1:
            return "en" in carried and parts[0] in pages
        return len(parts) == 2 and entry.is_file() and parts[1] in pages

    return keep
