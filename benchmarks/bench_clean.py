"""Time and peak memory of reading and cleaning a large CSV export (not a test).

Writes exports of 60,000 and 100,000 distinct responses in the sector sample's columns
(``big_export.py``), points a copy of the sector config at each one, and times ``ingest`` and
``clean`` separately. ``--profile`` prints the 25 costliest functions of each step (cProfile).
Run: ``.venv/bin/python benchmarks/bench_clean.py [N ...] [--profile]``.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

import yaml
from big_export import write_export
from project import ROOT
from timing import measure

from analysis.clean import clean
from analysis.config import load_survey_config
from analysis.ingest import ingest


def big_config(folder: Path, export: Path):
    """The sector survey's config reading only ``export``."""
    settings = yaml.safe_load((ROOT / "config/surveys/sector.yml").read_text(encoding="utf-8"))
    settings["source"]["files"]["structure"] = str(ROOT / settings["source"]["files"]["structure"])
    settings["source"]["files"]["responses"] = [{"path": str(export)}]
    settings["skills"] = str(ROOT / settings["skills"])
    settings.pop("priorities", None)
    path = folder / "big.yml"
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return load_survey_config(path)


def main(argv: list[str]) -> None:
    profile = "--profile" in argv
    sizes = [int(a) for a in argv if a.isdigit()] or [60_000, 100_000]
    print(f"{'step':<34} {'seconds':>9} {'peak MB':>9} {'file MB':>9}")
    held: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in sizes:
            export = write_export(n, folder / f"responses_{n}.csv")
            config = big_config(folder, export)
            size = export.stat().st_size / 1e6
            seconds, peak = measure(lambda c=config: held.update(raw=ingest(c)))
            print(f"{f'ingest {n:,} responses':<34} {seconds:>9.2f} {peak:>9.1f} {size:>9.1f}")
            seconds, peak = measure(lambda: held.update(clean=clean(held["raw"])))
            print(f"{f'clean {n:,} responses':<34} {seconds:>9.2f} {peak:>9.1f} {size:>9.1f}")
            print(f"  kept {held['clean'].n_kept:,} of {held['clean'].n_raw:,}")
            if profile:
                for name, work in (("ingest", lambda c=config: ingest(c)),
                                   ("clean", lambda: clean(held["raw"]))):
                    profiler = cProfile.Profile()
                    profiler.runcall(work)
                    print(f"--- {name} {n:,}")
                    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            held.clear()


if __name__ == "__main__":
    main(sys.argv[1:])
