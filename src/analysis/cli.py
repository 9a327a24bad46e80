"""``skillsneeds``: run the pipeline from the command line, stage by stage or all at once.

    skillsneeds run [--survey FILE ...]      clean, analyze, prioritize and report (all surveys by default)
    skillsneeds clean --survey FILE          ingest + clean one or more surveys
    skillsneeds analyze --survey FILE        needs and group tests from the cleaned data
    skillsneeds prioritize --survey FILE     rank the candidate micro-credentials (priorities.csv)
    skillsneeds report [--survey FILE ...] [--lang bg]   the HTML site from the results
    skillsneeds fetch [SURVEY ...]           pull surveys from LimeSurvey into data/raw/<survey>/

Errors in the input or the config are printed as one clear message (file, row, column, what was
expected) with exit status 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from analysis.config import discover_surveys, load_survey_config
from analysis.errors import ConfigError, InputError, InvariantError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="skillsneeds",
        description="Skills-needs analytics: LimeSurvey exports -> cleaned data -> needs -> report.",
    )
    parser.add_argument("--root", default=".", help="project folder holding config/ (default: .)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    survey_help = "survey config (config/surveys/NAME.yml); repeatable; default: every survey"
    for name, text in [
        ("run", "clean, analyze, prioritize and report"),
        ("clean", "read the exports and clean them into data/processed/<survey>/"),
        ("analyze", "needs (Borich MWDS) and group differences into data/processed/<survey>/results/"),
        ("prioritize", "rank the candidate micro-credentials into data/processed/<survey>/results/"),
        ("report", "write the HTML report site from the results"),
    ]:
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("--survey", action="append", default=[], metavar="FILE", help=survey_help)
        if name in {"run", "report"}:
            command.add_argument("--out", default=None, help="report folder (default: reports/)")
            command.add_argument(
                "--lang", action="append", default=[], metavar="LANG",
                help="report language (en, bg, es, it, ...); repeatable; default: every language "
                "with a catalogue",
            )
            command.add_argument(
                "--workers", type=int, default=2, metavar="N",
                help="Jupyter kernels rendering pages in parallel (default: 2)",
            )
    text = "pull surveys from LimeSurvey (RemoteControl 2) into a snapshot in data/raw/<survey>/"
    fetch = commands.add_parser("fetch", help=text, description=text)
    fetch.add_argument(
        "surveys", nargs="*", metavar="SURVEY",
        help="survey name (config/surveys/NAME.yml) or config file; default: every survey with "
        "source.limesurvey",
    )
    fetch.add_argument(
        "--since-last", action="store_true",
        help="only responses with ids above the latest snapshot's (edited older responses are not "
        "refreshed)",
    )
    return parser


def _fetch(args: argparse.Namespace) -> None:
    """``skillsneeds fetch``: one snapshot per survey."""
    from analysis import pipeline

    root = Path(args.root)
    if args.surveys:
        paths = []
        for survey in args.surveys:
            path = Path(survey)
            if path.suffix not in {".yml", ".yaml"} and not path.is_file():
                path = root / "config" / "surveys" / f"{survey}.yml"
            if not path.is_file():
                raise ConfigError(f"no survey config {path} (give a survey name or a config file)")
            paths.append(path)
        configs = [load_survey_config(path) for path in paths]
        for config in configs:
            if config.source.limesurvey is None:
                raise ConfigError(
                    f"{config.config_path}: no source.limesurvey (survey_id) to fetch from"
                )
    else:
        configs = [load_survey_config(path) for path in discover_surveys(root)]
        configs = [config for config in configs if config.source.limesurvey is not None]
        if not configs:
            raise ConfigError(f"no survey in {root / 'config' / 'surveys'} has source.limesurvey")
    for config in configs:
        pipeline.fetch_survey(config, since_last=args.since_last)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``skillsneeds`` command; returns the exit status."""
    from analysis import pipeline

    logging.basicConfig(level=logging.WARNING, format="[skillsneeds] %(levelname)s: %(message)s")
    args = _parser().parse_args(argv)
    from analysis.ingest.limesurvey import LimeSurveyError

    try:
        if args.command == "fetch":
            _fetch(args)
            return 0
        paths = [Path(p) for p in args.survey] or discover_surveys(args.root)
        if not paths:
            raise ConfigError(f"no survey configs found in {Path(args.root) / 'config' / 'surveys'}")
        if args.command == "run":
            pipeline.run(paths, reports_dir=args.out, languages=args.lang or None, workers=args.workers)
            return 0
        configs = [load_survey_config(path) for path in paths]
        if args.command == "clean":
            for config in configs:
                pipeline.clean_survey(config)
        elif args.command == "analyze":
            for config in configs:
                pipeline.analyze_survey(config)
        elif args.command == "prioritize":
            for config in configs:
                pipeline.prioritize_survey(config)
        elif args.command == "report":
            out = Path(args.out) if args.out else configs[0].root / "reports"
            pipeline.report_surveys(configs, out, languages=args.lang or None, workers=args.workers)
    except (ConfigError, InputError, InvariantError, FileNotFoundError, LimeSurveyError) as error:
        print(f"skillsneeds: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
