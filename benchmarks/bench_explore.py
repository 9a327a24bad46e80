"""Speed and peak memory of exploring a subgroup (``analysis.open_survey``), printed (not a test).

Cleans the bundled sample in a temporary project, then times opening the sector survey, its
overall needs (bootstrap and rank sets included), the needs of a crossed subgroup (Bulgarian
Construction employers), a comparison of the countries within a sector, and the needs chart. Run:
``.venv/bin/python benchmarks/bench_explore.py``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from project import sample_project
from timing import measure

from analysis import open_survey
from analysis.pipeline import clean_survey


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        config = next(c for c in sample_project(project) if c.name == "sector")
        clean_survey(config)
        held = {}
        rows.append(("open_survey('sector')", *measure(
            lambda: held.setdefault("s", open_survey("sector", root=project))
        )))
        survey = held["s"]
        rows.append((f"needs(), all {survey.n:,} respondents", *measure(survey.needs)))
        sub = survey.where(country="BG", sector="CONST", respondent_type="EMPHR")
        rows.append((f"where(3 fields).needs(), n = {sub.n}", *measure(sub.needs)))
        rows.append(("the same again (computed once)", *measure(sub.needs)))
        rows.append(("compare('country', within=sector)", *measure(
            lambda: survey.compare("country", within={"sector": "CONST"})
        )))
        rows.append(("plot.needs() of the subgroup", *measure(sub.plot.needs)))
    print(f"{'step':<44} {'seconds':>9} {'peak MB':>9}")
    for name, seconds, peak in rows:
        print(f"{name:<44} {seconds:>9.2f} {peak:>9.1f}")


if __name__ == "__main__":
    main()
