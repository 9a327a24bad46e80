"""Speed and peak memory of the pipeline stages, printed as a table (not a test).

Times each stage on the bundled sample, then the needs computation (Borich MWDS overall and per
group, plus the Kruskal-Wallis group tests) on synthetic ratings of 1k to 100k respondents x 20
skills, then the whole pipeline (ingest -> clean -> analyze: needs, tests, rank uncertainty and rank
confidence sets) on a LimeSurvey export of 100,000 synthetic sector-survey responses. Run:
``make bench`` or ``.venv/bin/python benchmarks/bench_pipeline.py`` (``--large`` for the last
part alone).
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from project import sample_project
from timing import measure, measure_untraced

from analysis import pipeline
from analysis.config import load_survey_config
from analysis.pipeline import analyze_survey, clean_survey, prioritize_survey, report_surveys
from analysis.stats import discrepancies, group_differences, needs_table
from analysis.synthetic.export import limesurvey_csv
from analysis.synthetic.responses import SECTOR_SPEC, simulate

#: Responses in the export of the whole-pipeline case.
LARGE_N = 100_000


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


def large_export(folder: Path, n: int = LARGE_N, seed: int = 7) -> Path:
    """A sector-survey project whose one response file is ``n`` synthetic responses.

    The sample's simulation (its flaws included: incomplete, test, duplicate, speeding and
    straight-lining responses) run with every country ~83 times larger, written as LimeSurvey's
    CSV export, the first ``n`` rows kept; the Bulgarian file is left out (and so its margin).
    """
    sample_project(folder)
    base = SECTOR_SPEC.files[0]
    scale = -(-n // sum(base.countries.values())) + 1
    spec = dataclasses.replace(SECTOR_SPEC, files=(
        dataclasses.replace(base, countries={c: m * scale for c, m in base.countries.items()}),
    ))
    simulation = simulate(np.random.default_rng(seed), spec)
    rows = simulation.rows("responses.csv")[:n]
    export = folder / "data" / "large" / "responses.csv"
    export.parent.mkdir(parents=True)
    export.write_bytes(limesurvey_csv(simulation.headings, rows))
    config = yaml.safe_load((folder / "config/surveys/sector.yml").read_text(encoding="utf-8"))
    config["source"]["files"]["responses"] = "data/large/responses.csv"
    country = config["weights"]["margins"]["country"]
    country.pop("BG")
    config["weights"]["margins"]["country"] = {c: v / sum(country.values()) for c, v in country.items()}
    text = yaml.safe_dump(config, allow_unicode=True)
    (folder / "config/surveys/sector.yml").write_text(text, encoding="utf-8")
    for other in (folder / "config/surveys").glob("*.yml"):
        if other.name != "sector.yml":
            other.unlink()
    return folder / "config/surveys/sector.yml"


def bench_large() -> None:
    """Ingest, clean and analyze 100,000 responses: seconds per stage without memory tracing, and
    the process's peak resident memory after each stage (it includes the stages before)."""
    with tempfile.TemporaryDirectory() as folder:
        config = load_survey_config(large_export(Path(folder)))
        size = (Path(folder) / "data/large/responses.csv").stat().st_size
        raw: list[object] = []
        stages = [("ingest", *measure_untraced(lambda: raw.append(pipeline.ingest(config))))]
        ingest = pipeline.ingest
        pipeline.ingest = lambda _config: raw[0]  # clean_survey without reading the export again
        try:
            cleaned = measure_untraced(lambda: clean_survey(config))
            stages.append(("clean (and write the processed files)", *cleaned))
        finally:
            pipeline.ingest = ingest
        raw.clear()
        analyze = measure_untraced(lambda: analyze_survey(config))
        stages.append(("analyze (needs, tests, rank uncertainty, sets)", *analyze))
    print(f"whole pipeline, {LARGE_N:,} responses x 20 skills ({size / 1e6:.0f} MB export)")
    print(f"{'stage':<48} {'seconds':>9} {'peak RSS MB':>12}")
    for name, seconds, peak in stages:
        print(f"{name:<48} {seconds:>9.2f} {peak:>12.1f}")
    total = sum(seconds for _, seconds, _ in stages)
    print(f"{'total':<48} {total:>9.2f} {max(peak for *_, peak in stages):>12.1f}")


def main() -> None:
    if "--large" in sys.argv[1:]:
        bench_large()
        return
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
    print()
    bench_large()


if __name__ == "__main__":
    main()
