"""``python -m analysis.synthetic [--out DIR] [--seed N]``: regenerate the synthetic sample data."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.synthetic import DEFAULT_SEED, generate_samples


def main(argv: list[str] | None = None) -> int:
    """Write the sample files and list them with their sizes."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis.synthetic",
        description="Write the synthetic LimeSurvey sample data (byte-identical for a given seed).",
    )
    parser.add_argument("--out", type=Path, default=Path("data/raw/sample"), help="output folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)
    for name, path in generate_samples(args.out, args.seed).items():
        print(f"{path.stat().st_size:>9}  {args.out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
