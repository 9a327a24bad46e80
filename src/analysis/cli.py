"""``skillsneeds``: run the pipeline from the command line, stage by stage or all at once.

    skillsneeds run [--survey FILE ...]      clean, analyze, prioritize and report (all surveys by default)
    skillsneeds clean --survey FILE          ingest + clean one or more surveys
    skillsneeds analyze --survey FILE        needs and group tests from the cleaned data
    skillsneeds prioritize --survey FILE     rank the candidate micro-credentials (priorities.csv)
    skillsneeds report [--survey FILE ...] [--lang bg]   the HTML site from the results
    skillsneeds report --pdf                 ... and its PDF edition in reports/pdf/<lang>/ (Chromium)
    skillsneeds fetch [SURVEY ...]           pull surveys from LimeSurvey into data/raw/<survey>/

Errors in the input or the config are printed as one clear message (file, row, column, what was
expected) with exit status 2, never as a traceback. Over several surveys, one survey's error is
printed with its name and the other surveys go on; the exit status is 2 if any failed. Ctrl-C
ends with one line and exit status 130, the previous results left as they were; an unexpected
error is one line too (``--debug`` shows its traceback).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from analysis.config import discover_surveys, load_survey_config
from analysis.errors import ConfigError, InputError, InvariantError, ToolError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="skillsneeds",
        description="Skills-needs analytics: LimeSurvey exports -> cleaned data -> needs -> report.",
    )
    parser.add_argument("--root", default=".", help="project folder holding config/ (default: .)")
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an unexpected error"
    )
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
                "--pdf", action="store_true",
                help="also print every page to PDF into <out>/pdf/<lang>/ (needs Chromium or Chrome)",
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


class _Failures:
    """Prints each survey's error as one message and remembers which surveys failed."""

    def __init__(self, several: bool) -> None:
        self.several = several
        self.surveys: list[str] = []

    def __call__(self, path: Path, error: Exception) -> None:
        self.surveys.append(path.stem)
        survey = f"survey {path.stem}: " if self.several else ""
        print(f"skillsneeds: error: {survey}{error}", file=sys.stderr)

    def status(self, total: int) -> int:
        """0 when every survey got through, else 2 (with a count when there were several)."""
        if not self.surveys:
            return 0
        if self.several:
            print(
                f"skillsneeds: {len(self.surveys)} of {total} surveys failed: {', '.join(self.surveys)}",
                file=sys.stderr,
            )
        return 2


def _fetch(args: argparse.Namespace) -> int:
    """``skillsneeds fetch``: one snapshot per survey; a survey that fails does not stop the others."""
    from analysis import pipeline
    from analysis.ingest.limesurvey import LimeSurveyError

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
        named = True
    else:
        paths = discover_surveys(root)
        named = False
    failures = _Failures(several=len(paths) > 1)
    fetched = 0
    for path in paths:
        try:
            config = load_survey_config(path)
            if config.source.limesurvey is None:
                if not named:
                    continue  # a survey read from export files
                raise ConfigError(f"{config.config_path}: no source.limesurvey (survey_id) to fetch from")
            pipeline.fetch_survey(config, since_last=args.since_last)
            fetched += 1
        except (*pipeline.SURVEY_ERRORS, LimeSurveyError) as error:
            failures(path, error)
    if not named and not fetched and not failures.surveys:
        raise ConfigError(f"no survey in {root / 'config' / 'surveys'} has source.limesurvey")
    return failures.status(len(paths))


def _stages(args: argparse.Namespace) -> int:
    """``run``, ``clean``, ``analyze``, ``prioritize`` and ``report`` over the chosen surveys."""
    from analysis import pipeline

    paths = [Path(p) for p in args.survey] or discover_surveys(args.root)
    if not paths:
        raise ConfigError(f"no survey configs found in {Path(args.root) / 'config' / 'surveys'}")
    failures = _Failures(several=len(paths) > 1)
    if args.command == "run":
        written = pipeline.run(
            paths, reports_dir=args.out, languages=args.lang or None, workers=args.workers,
            on_error=failures,
        )
        if args.pdf and written:
            out = Path(args.out) if args.out else load_survey_config(paths[0]).root / "reports"
            pipeline.print_report(out, args.lang or None)
    elif args.command == "report":
        configs = pipeline.each_survey(paths, lambda config: None, on_error=failures)
        if configs:
            out = Path(args.out) if args.out else configs[0].root / "reports"
            pipeline.report_surveys(configs, out, languages=args.lang or None, workers=args.workers)
            if args.pdf:
                pipeline.print_report(out, args.lang or None)
    else:
        stage = {
            "clean": pipeline.clean_survey,
            "analyze": pipeline.analyze_survey,
            "prioritize": pipeline.prioritize_survey,
        }[args.command]
        pipeline.each_survey(paths, stage, on_error=failures)
    return failures.status(len(paths))


def _one_line(error: BaseException) -> str:
    return " ".join(f"{type(error).__name__}: {error}".split())


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``skillsneeds`` command; returns the exit status.

    0 when everything ran, 2 when a config or input could not be used (for any survey), 130 when
    interrupted (Ctrl-C), 1 on an unexpected error.
    """
    logging.basicConfig(level=logging.WARNING, format="[skillsneeds] %(levelname)s: %(message)s")
    args = _parser().parse_args(argv)
    from analysis.ingest.limesurvey import LimeSurveyError

    try:
        return _fetch(args) if args.command == "fetch" else _stages(args)
    except KeyboardInterrupt:
        print("skillsneeds: interrupted; previous results are left as they were", file=sys.stderr)
        return 130
    except (ConfigError, InputError, InvariantError, FileNotFoundError, LimeSurveyError, ToolError) as error:
        print(f"skillsneeds: error: {error}", file=sys.stderr)
        return 2
    except Exception as error:
        if args.debug:
            raise
        print(
            f"skillsneeds: unexpected error: {_one_line(error)} (run with --debug for the traceback)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
