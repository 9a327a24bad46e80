"""Time to build the sample's report site in every language, and the size of each page (not a test).

Set-up (untimed): a temporary project with the sample, cleaned, analysed and prioritised. Then
``report_surveys`` builds every page in every language through the page notebook (Jupyter
kernels, nbconvert), the slider pages and the downloads, with 1 and 2 kernels. It prints wall
seconds, CPU seconds (this process and the kernels it started, which it waits for) and pages per
second. The goal is on wall time (the whole site, all languages, under a minute on two idle cores;
a sector page under 6 MB): run it on a quiet machine (the load is printed first).
Run: ``.venv/bin/python benchmarks/bench_report.py [--workers 2] [--languages en bg]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from project import sample_project

from analysis.pipeline import analyze_survey, clean_survey, prioritize_survey, report_surveys
from analysis.report.i18n import available_languages

GOAL_SECONDS = 60
GOAL_PAGE_MB = 6


def cpu_seconds() -> float:
    """User and system CPU seconds of this process and of its children that have ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--languages", nargs="*", default=None)
    args = parser.parse_args()
    languages = args.languages or available_languages()
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        configs = sample_project(project)
        for config in configs:
            clean_survey(config)
            analyze_survey(config)
            prioritize_survey(config)
        print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; "
              f"{len(languages)} languages: {', '.join(languages)}")
        for workers in args.workers:
            out = project / f"reports-{workers}"
            cpu, began = cpu_seconds(), time.perf_counter()
            paths = report_surveys(configs, out, languages=languages, workers=workers)
            seconds, cpu = time.perf_counter() - began, cpu_seconds() - cpu
            pages = [p for p in paths if p.suffix == ".html"]
            verdict = "within" if seconds < GOAL_SECONDS else "OVER"
            print(f"whole site, {workers} kernel(s): {len(pages)} pages and {len(paths) - len(pages)} "
                  f"download files; wall {seconds:.1f} s ({verdict} the {GOAL_SECONDS} s goal; "
                  f"{len(pages) / seconds:.1f} pages/s), CPU {cpu:.1f} s")
        sizes = sorted((p.stat().st_size, p.relative_to(out).as_posix()) for p in out.rglob("*.html"))
        print()
        print(f"{'page':<48} {'MB':>7}")
        for size, name in sorted(sizes, key=lambda item: item[1]):
            if "/" not in name:  # English; the other languages' pages have the same sizes or so
                print(f"{name:<48} {size / 1e6:>7.2f}")
        largest = max(sizes)
        total = sum(size for size, _ in sizes)
        print(f"\nlargest page {largest[1]}: {largest[0] / 1e6:.2f} MB "
              f"({'within' if largest[0] < GOAL_PAGE_MB * 1e6 else 'OVER'} the {GOAL_PAGE_MB} MB goal); "
              f"all {len(sizes)} pages {total / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
