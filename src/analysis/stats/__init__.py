"""Statistics on the cleaned survey: needs (Borich MWDS) and group differences."""

from __future__ import annotations

from analysis.stats.groups import GROUP_TEST_COLUMNS, group_differences
from analysis.stats.needs import NEEDS_COLUMNS, borich_mwds, discrepancies, needs_table

__all__ = [
    "GROUP_TEST_COLUMNS",
    "NEEDS_COLUMNS",
    "borich_mwds",
    "discrepancies",
    "group_differences",
    "needs_table",
]
