"""Speed and peak memory of the pipeline stages, printed as a table (not a test).

Times each stage on the bundled sample, then the needs computation (Borich MWDS overall and per
group, plus the Kruskal-Wallis group tests) on synthetic ratings of 1k to 100k respondents x 20
skills. Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_pipeline.py``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from project import sample_project
from timing import measure

from analysis.pipeline import analyze_survey, clean_survey, prioritize_survey, report_surveys
from analysis.stats import discrepancies, group_differences, needs_table


def synthetic_ratings(n: int, n_skills: int = 20, seed: int = 1) -> tuple[pd.DataFrame, ...]:
    rng = np.random.default_rng(seed)
    ids = np.array([f"R{i:07d}" for i in range(n)])
    skills = [f"skill_{j:02d}" for j in range(n_skills)]
    importance = rng.integers(1, 6, size=(n, n_skills))
    proficiency = rng.integers(1, 6, size=(n, n_skills))
    frames = []
    for dimension, values in (("importance", importance), ("proficiency", proficiency)):
        frames.append(pd.DataFrame({
            "respondent_id": np.repeat(ids, n_skills),
            "skill_id": np.tile(skills, n),
            "dimension": dimension,
            "value": pd.array(values.ravel(), dtype="Int64"),
        }))
    ratings = pd.concat(frames, ignore_index=True)
    respondents = pd.DataFrame({
        "respondent_id": ids,
        "sector": rng.choice(["AGRI", "MANUF", "CONST", "WOOD", "SUSTM"], size=n),
    })
    skill_table = pd.DataFrame({"skill_id": skills, "label": skills, "group": ""})
    return ratings, respondents, skill_table


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        configs = sample_project(project)
        for config in configs:
            rows.append((f"clean {config.name} (sample)", *measure(lambda c=config: clean_survey(c))))
            rows.append((f"analyze {config.name} (sample)", *measure(lambda c=config: analyze_survey(c))))
            prioritize = measure(lambda c=config: prioritize_survey(c))
            rows.append((f"prioritize {config.name} (sample)", *prioritize))
        rows.append((
            "report, English pages (bench_report.py: all)",
            *measure(lambda: report_surveys(configs, project / "reports", languages=["en"])),
        ))
        sizes = {p.name: p.stat().st_size for p in (project / "reports").glob("*.html")}
    for n in (1_000, 10_000, 100_000):
        ratings, respondents, skills = synthetic_ratings(n)

        def needs(r=ratings, p=respondents, s=skills):
            needs_table(r, p, s, by=["sector"])
            group_differences(discrepancies(r), p.set_index("respondent_id")["sector"], "sector")

        rows.append((f"needs + group tests, {n:,} x 20 skills", *measure(needs)))
    print(f"{'step':<44} {'seconds':>9} {'peak MB':>9}")
    for name, seconds, peak in rows:
        print(f"{name:<44} {seconds:>9.2f} {peak:>9.1f}")
    print()
    for name, size in sorted(sizes.items()):
        print(f"page {name:<39} {size / 1e6:>9.2f} MB")


if __name__ == "__main__":
    main()
