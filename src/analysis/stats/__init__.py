"""Statistics on the cleaned survey.

Weights (raking), descriptives, reliability, needs (Borich MWDS with IPA and Locus-for-Focus
quadrants), importance-proficiency gap tests, group differences (Kruskal-Wallis, Dunn), rank
uncertainty (stratified bootstrap) and agreement between groups' rankings (Kendall's W); every
ranking shares one tie rule (``ties``).
"""

from __future__ import annotations

from analysis.stats.agreement import (
    AGREEMENT_COLUMNS,
    SPEARMAN_COLUMNS,
    agreement_table,
    kendalls_w,
    spearman_pairs,
)
from analysis.stats.descriptives import describe, describe_columns
from analysis.stats.design import Estimate, RakedDesign
from analysis.stats.gaps import GAP_TEST_COLUMNS, gap_tests
from analysis.stats.groups import DUNN_COLUMNS, GROUP_TEST_COLUMNS, dunn_posthoc, group_differences
from analysis.stats.needs import NEEDS_COLUMNS, borich_mwds, discrepancies, needs_table
from analysis.stats.reliability import (
    ITEM_TOTAL_COLUMNS,
    RELIABILITY_COLUMNS,
    cronbach_alpha,
    item_total_table,
    reliability_table,
)
from analysis.stats.ties import tie_sizes, tied_ranks, tied_ranks_rows
from analysis.stats.uncertainty import (
    RANK_UNCERTAINTY_COLUMNS,
    RANKS_BY_COLUMNS,
    bootstrap_mwds,
    bootstrap_ranks,
    bootstrap_ranks_by,
    resample_counts,
)
from analysis.stats.weights import RakingResult, design_effect, kish_effective_n, rake

__all__ = [
    "AGREEMENT_COLUMNS",
    "SPEARMAN_COLUMNS",
    "DUNN_COLUMNS",
    "GAP_TEST_COLUMNS",
    "GROUP_TEST_COLUMNS",
    "ITEM_TOTAL_COLUMNS",
    "NEEDS_COLUMNS",
    "RANKS_BY_COLUMNS",
    "RANK_UNCERTAINTY_COLUMNS",
    "RELIABILITY_COLUMNS",
    "RakingResult",
    "agreement_table",
    "borich_mwds",
    "bootstrap_mwds",
    "bootstrap_ranks",
    "bootstrap_ranks_by",
    "cronbach_alpha",
    "describe",
    "Estimate",
    "RakedDesign",
    "describe_columns",
    "design_effect",
    "discrepancies",
    "dunn_posthoc",
    "gap_tests",
    "group_differences",
    "item_total_table",
    "kish_effective_n",
    "kendalls_w",
    "needs_table",
    "rake",
    "reliability_table",
    "resample_counts",
    "spearman_pairs",
    "tie_sizes",
    "tied_ranks",
    "tied_ranks_rows",
]
