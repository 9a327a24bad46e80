"""Synthetic sample data: LimeSurvey exports of two invented surveys with planted effects and flaws.

The project ships sample data so that every stage can be run and tested without real responses.
:func:`generate_samples` writes, from one seed, the structure export (``.lss``) and the response
exports of the sector survey (518342, two servers, one file re-saved by Excel) and the regional
stakeholder survey (736514), each exactly in the format a real LimeSurvey 6 server writes, plus a
``planted.json`` per survey recording what the pipeline must find, a few interview notes per
survey (:mod:`analysis.synthetic.interviews`), and a README. Nothing in these
files comes from a real person.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from analysis.synthetic.export import excel_resaved_csv, limesurvey_csv
from analysis.synthetic.interviews import interview_files, interview_readme
from analysis.synthetic.lss import write_lss
from analysis.synthetic.planted import planted_json, planted_record, readme_text
from analysis.synthetic.responses import REGIONAL_SPEC, SECTOR_SPEC, simulate

__all__ = ["DEFAULT_SEED", "generate_samples"]

#: Seed of the committed sample data.
DEFAULT_SEED = 20261123


def generate_samples(out_dir: Path, seed: int = DEFAULT_SEED) -> dict[str, Path]:
    """Write the synthetic sample files under ``out_dir``.

    Parameters
    ----------
    out_dir
        Folder to write into (``sector/`` and ``regional/`` are created in it).
    seed
        Seed of the one random generator everything is drawn from; the same seed gives
        byte-identical files.

    Returns
    -------
    dict of str to Path
        Each written file, keyed by its path relative to ``out_dir`` (``"sector/survey.lss"``).
    """
    out_dir = Path(out_dir)
    rng = np.random.default_rng(seed)
    contents: dict[str, bytes] = {}
    records = {}
    for folder, spec in (("sector", SECTOR_SPEC), ("regional", REGIONAL_SPEC)):
        simulation = simulate(rng, spec)
        contents[f"{folder}/survey.lss"] = write_lss(spec.instrument)
        for fspec in spec.files:
            rows = simulation.rows(fspec.name)
            writer = excel_resaved_csv if fspec.excel else limesurvey_csv
            contents[f"{folder}/{fspec.name}"] = writer(simulation.headings, rows)
        if folder == "regional":
            from analysis.synthetic.regional_exports import regional_exports

            rows = simulation.rows("responses.csv")
            interview = [r.interview for r in simulation.files["responses.csv"]]
            exports = regional_exports(
                spec.instrument, simulation.headings, rows, seed + 1, interview
            )
            contents["regional/responses.csv"] = exports.pop("responses_code_short.csv")
            for name, data in exports.items():
                contents[f"regional/exports/{name}"] = data
        records[folder] = planted_record(simulation)
        contents[f"{folder}/planted.json"] = planted_json(records[folder])
    contents |= interview_files()
    interviews = "\n" + "\n".join(interview_readme()) + "\n"
    contents["README.md"] = readme_text(records, seed) + interviews.encode("utf-8")

    written: dict[str, Path] = {}
    for name, data in contents.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written[name] = path
    return written
