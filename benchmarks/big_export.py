"""Write a large LimeSurvey CSV export of N distinct responses for the ingest and cleaning benchmark.

The columns, quoting, delimiter and BOM are those of the sector sample's code export
(``data/raw/sample/sector/responses.csv``). Each answer column is drawn from the answers that
column holds in the sample (so every code is valid and the answer mix is the sample's), the
profile too; ids are unique, dates fall inside fieldwork and interviews last 6 to 25 minutes, so
few responses are excluded (a few test markers and partials, as in the sample).

Run: ``python benchmarks/big_export.py N OUT.csv``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw" / "sample" / "sector" / "responses.csv"
GENERATED = {"id", "submitdate", "startdate", "datestamp", "seed", "ipaddr", "EMAIL", "lastpage"}


def write_export(n: int, out: Path, seed: int = 14) -> Path:
    """Write ``n`` distinct responses in the sample's columns to ``out``; return ``out``."""
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = [r for r in csv.reader(handle, delimiter=";") if r]
    rng = np.random.default_rng(seed)
    columns = {h: np.array([r[i] for r in rows], dtype=object) for i, h in enumerate(header)}
    drawn = {h: rng.choice(v, size=n) for h, v in columns.items() if h not in GENERATED}
    fieldwork = np.datetime64("2025-03-17T08:00:00")
    start = fieldwork + rng.integers(0, 40 * 86400, size=n).astype("timedelta64[s]")
    end = start + rng.integers(360, 1500, size=n).astype("timedelta64[s]")
    complete = rng.random(n) > 0.03
    starts = np.datetime_as_string(start).astype(object)
    ends = np.datetime_as_string(end).astype(object)
    cells = {
        "id": np.arange(1, n + 1).astype(str).astype(object),
        "startdate": np.char.replace(starts.astype(str), "T", " ").astype(object),
        "datestamp": np.char.replace(ends.astype(str), "T", " ").astype(object),
        "seed": rng.integers(10**8, 2 * 10**9, size=n).astype(str).astype(object),
        "ipaddr": np.array([f"198.51.{a}.{b}" for a, b in rng.integers(0, 256, size=(n, 2))], dtype=object),
        "EMAIL": np.where(rng.random(n) < 0.1, [f"person{i}@example.org" for i in range(n)], ""),
        "lastpage": np.where(complete, "3", "2").astype(object),
    }
    cells["submitdate"] = np.where(complete, cells["datestamp"], "").astype(object)
    cells |= drawn
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(zip(*(cells[h] for h in header), strict=True))
    return out


if __name__ == "__main__":
    path = write_export(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"{path.stat().st_size / 1e6:.1f} MB  {path}")
