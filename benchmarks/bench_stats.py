"""Speed and peak memory of the needs table and the rank bootstrap, printed as a table (not a test).

For 1k, 10k, 100k and 1M synthetic respondents x 20 skills: ``needs_table`` (Borich MWDS overall
and per sector) and ``bootstrap_ranks`` (stratified by sector, B = 1000), each timed with its peak
traced memory (tracemalloc), next to the *floor*: one numpy matrix product of the same
``(B x n)`` resample-count matrix by the ``(n x 20)`` data, already in memory.

At 1M respondents a dense ``(1000 x 1M)`` float64 count matrix is 8 GB (16 GB with the integer
draws it comes from), so ``bootstrap_ranks`` processes resamples in chunks of at most
``CHUNK_BYTES`` (256 MB) per count matrix, vectorised within each chunk; the floor is then the sum
of the chunks' products. Run: ``.venv/bin/python benchmarks/bench_stats.py [--max-n N] [--B B]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from timing import measure

from analysis.stats import needs_table
from analysis.stats.uncertainty import CHUNK_BYTES, bootstrap_ranks, resample_counts

SECTORS = ["AGRI", "MANUF", "CONST", "WOOD", "SUSTM"]


def synthetic(n: int, n_skills: int = 20, seed: int = 1) -> tuple[pd.DataFrame, ...]:
    """Long ratings, respondents (sector, weight), skills and the pairs the bootstrap reads."""
    rng = np.random.default_rng(seed)
    ids = np.char.add("R", np.char.zfill(np.arange(n).astype(str), 7))
    skills = [f"skill_{j:02d}" for j in range(n_skills)]
    importance = rng.integers(1, 6, size=(n, n_skills))
    proficiency = rng.integers(1, 6, size=(n, n_skills))
    long_ids = np.repeat(ids, n_skills)
    long_skills = np.tile(skills, n)
    ratings = pd.concat(
        [
            pd.DataFrame({"respondent_id": long_ids, "skill_id": long_skills, "dimension": dimension,
                          "value": pd.array(values.ravel(), dtype="Int64")})
            for dimension, values in (("importance", importance), ("proficiency", proficiency))
        ],
        ignore_index=True,
    )
    respondents = pd.DataFrame({"respondent_id": ids, "sector": rng.choice(SECTORS, size=n), "weight": 1.0})
    skill_table = pd.DataFrame({"skill_id": skills, "label": skills, "group": ""})
    pairs = pd.DataFrame({
        "respondent_id": long_ids, "skill_id": long_skills,
        "importance": importance.ravel().astype(float), "proficiency": proficiency.ravel().astype(float),
    })
    pairs["discrepancy"] = pairs["importance"] - pairs["proficiency"]
    return ratings, respondents, skill_table, pairs


def floor_seconds(respondents: pd.DataFrame, n_skills: int, B: int) -> float:
    """Time of the (B x n) count matrix times (n x skills) data alone, chunked like the bootstrap."""
    n = len(respondents)
    data = np.random.default_rng(2).random((n, n_skills))
    rng = np.random.default_rng(3)
    chunk = max(1, min(B, CHUNK_BYTES // (8 * n)))
    seconds = 0.0
    for start in range(0, B, chunk):
        counts = resample_counts(respondents["sector"].to_numpy(), min(chunk, B - start), rng).astype(float)
        began = time.perf_counter()
        counts @ data
        seconds += time.perf_counter() - began
        del counts
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-n", type=int, default=1_000_000)
    parser.add_argument("--B", type=int, default=1000)
    args = parser.parse_args()
    rows = []
    for n in (1_000, 10_000, 100_000, 1_000_000):
        if n > args.max_n:
            break
        ratings, respondents, skills, pairs = synthetic(n)
        needs_s, needs_mb = measure(
            lambda r=ratings, p=respondents, s=skills: needs_table(r, p, s, by=["sector"])
        )
        del ratings
        strata = respondents.set_index("respondent_id")["sector"]
        boot_s, boot_mb = measure(lambda p=pairs, st=strata: bootstrap_ranks(p, st, B=args.B, top_k=5))
        floor = floor_seconds(respondents, 20, args.B)
        chunk = max(1, min(args.B, CHUNK_BYTES // (8 * n)))
        rows.append({
            "respondents": f"{n:,}", "needs s": needs_s, "needs MB": needs_mb,
            f"bootstrap B={args.B} s": boot_s, "bootstrap MB": boot_mb, "resamples/chunk": chunk,
            "matmul floor s": floor, "bootstrap/floor": boot_s / floor,
        })
        print(pd.DataFrame(rows[-1:]).to_string(index=False, float_format=lambda v: f"{v:.2f}"), flush=True)
        del pairs, respondents
    print()
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f"{v:.2f}"))


if __name__ == "__main__":
    main()
