"""Speed and peak memory of the micro-credential ranking with its uncertainty (not a test).

For 1k, 10k and 100k synthetic respondents x 20 skills and a catalogue of 12 candidates:
``criteria_design`` (the matrices) and ``priority_tables`` (overall + 5 sectors + 5 countries; the
point criteria, ``B`` stratified respondent resamples per group and ``draws`` SMAA weight draws),
each timed with its peak traced memory. Resamples are drawn in chunks of at most
``CHUNK_BYTES`` per count matrix, so memory does not grow with ``B``.
Run: ``.venv/bin/python benchmarks/bench_priorities.py [--max-n N] [--B B] [--draws D]``.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from bench_stats import SECTORS, synthetic
from timing import measure

from analysis.priorities import MicroCredential
from analysis.priorities.criteria import criteria_design
from analysis.priorities.ranking import priority_tables

COUNTRIES = ["BE", "BG", "ES", "FI", "IT"]
TYPES = ["EMPLR", "EMPLO", "VET", "PUB"]


def catalogue(n_candidates: int = 12, n_skills: int = 20, seed: int = 4) -> tuple[MicroCredential, ...]:
    """Candidates of two to four skills each, for one to five sectors."""
    rng = np.random.default_rng(seed)
    items = []
    for i in range(n_candidates):
        skills = rng.choice(n_skills, size=int(rng.integers(2, 5)), replace=False)
        sectors = rng.choice(SECTORS, size=int(rng.integers(1, 6)), replace=False)
        items.append(
            MicroCredential(
                id=f"mc_{i:02d}", title=f"Candidate {i}", learning_outcomes=["outcome"],
                skills=[f"skill_{j:02d}" for j in sorted(skills)], sectors=list(sectors),
                eqf_level=4, workload_ects=3, assessment="project", participation="blended",
                quality_assurance="internal",
            )
        )
    return tuple(items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-n", type=int, default=100_000)
    parser.add_argument("--B", type=int, default=200)
    parser.add_argument("--draws", type=int, default=10_000)
    args = parser.parse_args()
    candidates = catalogue()
    weights = dict.fromkeys(("need", "breadth", "transferability", "demand", "agreement"), 1.0)
    rows = []
    for n in (1_000, 10_000, 100_000, 1_000_000):
        if n > args.max_n:
            break
        ratings, respondents, _, _ = synthetic(n)
        rng = np.random.default_rng(5)
        respondents["country"] = rng.choice(COUNTRIES, size=n)
        respondents["respondent_type"] = rng.choice(TYPES, size=n)
        built: dict[str, object] = {}
        design_s, design_mb = measure(
            lambda r=ratings, p=respondents, b=built: b.update(design=criteria_design(r, p, candidates))
        )
        design = built["design"]
        rank_s, rank_mb = measure(
            lambda d=design: priority_tables(
                d, candidates, scopes=("sector", "country"), weights=weights, draws=args.draws,
                bootstrap=args.B, strata="sector",
            )
        )
        rows.append({
            "respondents": f"{n:,}", "design s": design_s, "design MB": design_mb,
            f"rank B={args.B}, draws={args.draws} s": rank_s, "rank MB": rank_mb,
        })
        print(pd.DataFrame(rows[-1:]).to_string(index=False, float_format=lambda v: f"{v:.2f}"), flush=True)
    print()
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f"{v:.2f}"))


if __name__ == "__main__":
    main()
