"""Speed and peak memory of the needs table and the rank bootstrap, printed as a table (not a test).

For 1k, 10k, 100k and 1M synthetic respondents x 20 skills: ``needs_table`` (Borich MWDS overall
and per sector) and ``bootstrap_ranks`` (stratified by sector, B = 1000), each timed with its peak
traced memory (tracemalloc), next to the *floor*: one numpy matrix product of the same
``(B x n)`` resample-count matrix by the ``(n x 20)`` data, already in memory.

At 1M respondents a dense ``(1000 x 1M)`` float64 count matrix is 8 GB (16 GB with the integer
draws it comes from), so ``bootstrap_ranks`` processes resamples in chunks of at most
``CHUNK_BYTES`` (256 MB) per count matrix, vectorised within each chunk; the floor is then the sum
of the chunks' products.

The last line times the analytic rank uncertainty of a million respondents (``--rank-n``) x 20
skills against one pass over the data, the ratings already in memory as two ``(n x 20)`` float64
arrays (importance, proficiency; NaN would mark a missing rating):

* **one pass over the data** (P): :func:`analysis.stats.wide.wide_mwds`, the per-skill weighted
  means of the discrepancy and of importance over the rated cells (what the MWDS need), one
  vectorised pass over both arrays in row blocks;
* **rank uncertainty** (T): the MWDS and their delta-method covariance
  (:func:`analysis.stats.wide.wide_mwds_covariance`, two passes: the means, then the influence
  values and their cross-products), then the simultaneous rank confidence sets
  (:func:`analysis.stats.rank_sets.rank_confidence_sets`, 95%, B = 1000 Gaussian draws) and the
  top-5 confidence set (:func:`analysis.stats.rank_sets.top_k_set`);
* R = T / P, each the best of ``--repeat`` runs (default 2: the machine is shared), untraced;
* peak memory (M): the peak traced memory (tracemalloc) of a separate run, from creating the two
  arrays to the end of the rank sets, the arrays included.

Run: ``.venv/bin/python benchmarks/bench_stats.py [--max-n N] [--B B] [--rank-n N]``.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np
import pandas as pd
from timing import measure

from analysis.stats import needs_table
from analysis.stats.rank_sets import rank_confidence_sets, top_k_set
from analysis.stats.uncertainty import CHUNK_BYTES, bootstrap_ranks, resample_counts
from analysis.stats.wide import wide_mwds, wide_mwds_covariance

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


def best_time(work, repeat: int) -> float:
    """Shortest wall time of ``repeat`` calls of ``work``."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times)


def rank_uncertainty_line(n: int, n_skills: int = 20, repeat: int = 2) -> str:
    """The closing line: analytic rank uncertainty of ``n`` respondents against one pass (see above)."""

    def data() -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng(4)
        importance = rng.integers(1, 6, size=(n, n_skills)).astype(float)
        return importance, rng.integers(1, 6, size=(n, n_skills)).astype(float)

    def uncertainty(importance: np.ndarray, proficiency: np.ndarray) -> None:
        mwds, cov = wide_mwds_covariance(importance, proficiency)
        rank_confidence_sets(mwds, cov, level=0.95, simul=True)
        top_k_set(mwds, cov, 5, level=0.95)

    arrays = list(data())
    one_pass = best_time(lambda: wide_mwds(*arrays), repeat)
    seconds = best_time(lambda: uncertainty(*arrays), repeat)
    arrays.clear()
    tracemalloc.start()  # a separate run: tracing slows allocation
    uncertainty(*data())
    peak = tracemalloc.get_traced_memory()[1] / 1e9
    tracemalloc.stop()
    return (
        f"rank uncertainty: {n:,} respondents x {n_skills} skills in {seconds:.2f} s = "
        f"{seconds / one_pass:.1f} x one pass over the data ({one_pass:.2f} s); peak memory {peak:.2f} GB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-n", type=int, default=1_000_000)
    parser.add_argument("--B", type=int, default=1000)
    parser.add_argument("--rank-n", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2)
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
    print()
    print(rank_uncertainty_line(args.rank_n, repeat=args.repeat))


if __name__ == "__main__":
    main()
