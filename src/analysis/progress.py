"""The stages' progress lines (``[skillsneeds] ...`` on stderr), which the notebooks turn off.

A module of its own, importing nothing, so that a notebook can turn them off without importing
the pipeline.
"""

from __future__ import annotations

import sys

__all__ = ["progress", "show_progress"]

_SHOWN = [True]


def show_progress(on: bool = True) -> None:
    """Print the stages' progress lines on stderr (the default), or not (``on=False``)."""
    _SHOWN[0] = on


def progress(message: str) -> None:
    """One progress line on stderr, ``[skillsneeds] message``, unless they are turned off."""
    if _SHOWN[0]:
        print(f"[skillsneeds] {message}", file=sys.stderr, flush=True)
