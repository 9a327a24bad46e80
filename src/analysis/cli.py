"""``skillsneeds``: run the pipeline from the command line, stage by stage or all at once.

    skillsneeds run [--survey FILE ...]      clean, analyze, themes, prioritize and report
                                             (all surveys by default)
    skillsneeds clean --survey FILE          ingest + clean one or more surveys
    skillsneeds analyze --survey FILE        needs and group tests from the cleaned data
    skillsneeds prioritize --survey FILE     rank the candidate micro-credentials (priorities.csv)
    skillsneeds themes [--survey FILE] [--suggest] [--init] [--sample] [--agreement CODED.csv ...]
                                             code the open answers into themes (themes.csv)
    skillsneeds report [--survey FILE ...] [--lang bg]   the HTML site from the results
    skillsneeds report --pdf                 ... and its PDF edition in reports/pdf/<lang>/ (Chromium)
    skillsneeds fetch [SURVEY ...]           pull surveys from LimeSurvey into data/raw/<survey>/
    skillsneeds fieldwork [--survey FILE] [--watch MINUTES] [--deadline SECONDS]
                                             where each partner stands while the survey is open
    skillsneeds explore --survey FILE [--where FIELD=CODE ...] [--compare FIELD | --describe]
                                             the needs of any subgroup, printed (writes nothing)

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
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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
        ("run", "clean, analyze, code the open answers into themes, prioritize and report"),
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
    text = "code the open answers into the themes of config/themes/<survey>.yml (results/themes.csv)"
    themes = commands.add_parser("themes", help=text, description=text)
    themes.add_argument("--survey", action="append", default=[], metavar="FILE", help=survey_help)
    what = themes.add_mutually_exclusive_group()
    what.add_argument(
        "--suggest", action="store_true",
        help="candidate themes the codebook misses (TF-IDF + NMF per language) into "
        "results/theme_candidates.csv",
    )
    what.add_argument(
        "--init", action="store_true",
        help="write a starting codebook config/themes/<survey>.yml (a theme per skill, to edit)",
    )
    what.add_argument(
        "--sample", action="store_true",
        help="write data/processed/<survey>/theme_coding_sample.csv: segments to code by hand",
    )
    what.add_argument(
        "--agreement", nargs="+", default=None, metavar="CODED.csv",
        help="agreement (Cohen's kappa, Krippendorff's alpha) between the hand codes in the filled "
        "sample(s) (one file per coder) and the automatic codes, into results/theme_agreement.csv",
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
    text = "where each partner stands while the survey is open (data/processed/<survey>/fieldwork/)"
    fieldwork = commands.add_parser("fieldwork", help=text, description=text)
    fieldwork.add_argument("--survey", action="append", default=[], metavar="FILE", help=survey_help)
    fieldwork.add_argument(
        "--watch", type=_positive, default=None, metavar="MINUTES",
        help="refresh every MINUTES until Ctrl-C (after a failed refresh the wait doubles, up to 8 times)",
    )
    fieldwork.add_argument(
        "--deadline", type=_positive, default=300.0, metavar="SECONDS",
        help="most seconds one refresh from LimeSurvey may take (default: 300)",
    )
    fieldwork.add_argument(
        "--offline", action="store_true",
        help="count the latest snapshot of a LimeSurvey survey instead of asking the server",
    )
    fieldwork.add_argument("--rounds", type=int, default=None, help=argparse.SUPPRESS)  # bounded --watch
    text = "the needs of any subgroup of a survey (analysis.open_survey), printed; writes no result"
    explore = commands.add_parser("explore", help=text, description=text)
    explore.add_argument("--survey", required=True, metavar="FILE", help="survey name or config file")
    explore.add_argument(
        "--where", action="append", default=[], metavar="FIELD=CODE[,CODE]",
        help="keep the respondents with this profile value (code or label; several: any of them); "
        "repeatable, the filters crossed",
    )
    shown = explore.add_mutually_exclusive_group()
    shown.add_argument("--compare", metavar="FIELD", help="the groups of FIELD side by side instead")
    shown.add_argument("--describe", action="store_true", help="the ratings' descriptives instead")
    explore.add_argument("--lang", default="en", metavar="LANG", help="language of the labels (default: en)")
    explore.add_argument("--csv", metavar="FILE", help="also write the table at full precision to FILE")
    return parser


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number above 0, got {text!r}")
    return value


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


#: After failed refreshes, ``--watch`` waits its interval times 2, 4, 8, then 8 again.
WATCH_BACKOFF_CAP = 8


def _fieldwork_table(fieldwork: Any) -> str:
    """The terminal table of a fieldwork run: one line per partner, then the totals."""
    rows = [("partner", "complete", "incomplete", "target", "share", "projected")]
    for row in fieldwork.by_partner.itertuples():
        target = "" if row.target is None or row.target != row.target else str(int(row.target))
        share = row.share_of_target
        rows.append((
            f"{row.partner} {row.partner_label}".strip(), str(int(row.complete)), str(int(row.incomplete)),
            target, "" if share is None or share != share else f"{share:.0%}",
            row.projected_date if isinstance(row.projected_date, str) else "",
        ))
    summary = fieldwork.summary
    rows.append(("all", str(summary["complete"]), str(summary["incomplete"]), "", "", ""))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths,
                                                                                              strict=True)))
        for row in rows
    ]
    extra = []
    if summary.get("invited") is not None:
        rate = summary["response_rate"]
        extra.append(
            f"participants: {summary['invited']} invited, {summary['reminded']} reminded, "
            f"{summary['completed_participants']} completed"
            + (f" ({rate:.0%})" if rate is not None else "") + f", {summary['opted_out']} opted out"
        )
    for quota in summary.get("quotas") or []:
        extra.append(f"quota {quota['name']}: {quota['completed']} of {quota['limit']}"
                     + ("" if quota["active"] else " (inactive)"))
    dry = summary.get("dry_run") or {}
    if dry.get("error"):
        extra.append(f"cleaning cannot run on these responses yet: {dry['error']}")
    elif dry:
        extra.append(f"cleaning would keep {dry['kept']} and exclude {dry['excluded']} so far")
    title = f"{summary['survey']} ({summary['source']}, {summary['generated_at']})"
    return "\n".join([title, *lines, *extra])


def _fieldwork(args: argparse.Namespace) -> int:
    """``skillsneeds fieldwork``: count, write, print; with ``--watch`` again every MINUTES."""
    from analysis import pipeline
    from analysis.fieldwork.live import LiveSurvey
    from analysis.ingest.limesurvey import LimeSurveyError

    paths = [Path(p) for p in args.survey] or discover_surveys(args.root)
    if not paths:
        raise ConfigError(f"no survey configs found in {Path(args.root) / 'config' / 'surveys'}")
    watched: dict[Path, LiveSurvey] = {}
    rounds, failed_rounds = 0, 0
    try:
        while True:
            failures = _Failures(several=len(paths) > 1)
            for path in paths:
                config = None
                try:
                    config = load_survey_config(path)
                    live = None
                    if config.source.limesurvey is not None and not args.offline:
                        live = watched.get(path)
                        if live is None:
                            live = watched[path] = LiveSurvey(
                                config, deadline=args.deadline, progress=pipeline._progress
                            )
                    fieldwork = pipeline.fieldwork_survey(config, live=live)
                    print(_fieldwork_table(fieldwork), flush=True)
                except (*pipeline.SURVEY_ERRORS, LimeSurveyError) as error:
                    failures(path, error)
                    _say_what_is_kept(config)
            status = failures.status(len(paths))
            rounds += 1
            if args.watch is None or (args.rounds is not None and rounds >= args.rounds):
                return status
            failed_rounds = failed_rounds + 1 if status else 0
            wait = args.watch * 60 * min(2**failed_rounds, WATCH_BACKOFF_CAP)
            pipeline._progress(
                f"next refresh in {wait:g} s" + (" (waiting longer after a failed refresh)" if status else "")
                + "; Ctrl-C to stop"
            )
            time.sleep(wait)
    finally:
        for live in watched.values():
            live.close()


def _say_what_is_kept(config: Any) -> None:
    """After a failed refresh: which earlier fieldwork files are left as they were, if any."""
    from analysis import store

    if config is None:
        return
    try:
        last = store.read_fieldwork(config)
    except (OSError, ValueError):
        last = None
    if last is not None:
        print(
            f"skillsneeds: the last good fieldwork output ({last.summary.get('generated_at')}) is kept "
            f"in {store.fieldwork_folder(config)}",
            file=sys.stderr,
        )


def _candidates_table(candidates: Any, rows: int = 12) -> str:
    """The terminal table of ``--suggest``: language, size and top terms of the largest candidates."""
    if candidates.empty:
        return "no candidate themes (too few uncoded segments in every language)"
    shown = candidates.sort_values(["size", "language"], ascending=[False, True], kind="stable").head(rows)
    lines = ["lang  size  top terms"]
    lines += [f"{row.language:<4}  {row.size:>4}  {row.top_terms}" for row in shown.itertuples()]
    if len(candidates) > rows:
        lines.append(f"... and {len(candidates) - rows} more in the CSV")
    return "\n".join(lines)


def _agreement_table(report: Any) -> str:
    """The terminal table of ``--agreement``: kappa and alpha per theme, flagged below 0.6."""
    lines = ["theme                              kappa   alpha   flag"]
    for row in report.itertuples():
        kappa = "   n/a" if row.kappa != row.kappa else f"{row.kappa:6.2f}"
        alpha = "   n/a" if row.alpha != row.alpha else f"{row.alpha:6.2f}"
        lines.append(f"{str(row.theme)[:34]:<34} {kappa}  {alpha}   {row.flag or ''}")
    return "\n".join(lines)


def _themes(args: argparse.Namespace) -> int:
    """``skillsneeds themes``: code, suggest, start a codebook or measure agreement, per survey."""
    from analysis import pipeline

    paths = [Path(p) for p in args.survey] or discover_surveys(args.root)
    if not paths:
        raise ConfigError(f"no survey configs found in {Path(args.root) / 'config' / 'surveys'}")
    failures = _Failures(several=len(paths) > 1)

    def stage(config: Any) -> None:
        if args.init:
            pipeline.init_theme_codebook(config)
        elif args.suggest:
            print(f"{config.name}: candidate themes", flush=True)
            print(_candidates_table(pipeline.suggest_themes(config)), flush=True)
        elif args.sample:
            pipeline.theme_coding_sample(config)
        elif args.agreement:
            report = pipeline.theme_agreement(config, [Path(p) for p in args.agreement])
            print(_agreement_table(report), flush=True)
        else:
            pipeline.themes_survey(config)

    pipeline.each_survey(paths, stage, on_error=failures)
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


def _explore(args: argparse.Namespace) -> int:
    """``explore``: one subgroup's needs (or descriptives, or a comparison) as a table."""
    from analysis.explore import open_survey

    filters: dict[str, list[str]] = {}
    for given in args.where:
        name, sep, values = given.partition("=")
        if not sep or not name.strip() or not values.strip():
            raise ConfigError(f"--where {given!r}: expected FIELD=CODE or FIELD=CODE,CODE (e.g. country=BG)")
        filters.setdefault(name.strip(), []).extend(v.strip() for v in values.split(",") if v.strip())
    root = None if Path(args.survey).suffix in (".yml", ".yaml") else args.root
    survey = open_survey(args.survey, root=root, language=args.lang)
    for name, values in filters.items():
        survey = survey.where(**{name: values})
    if args.compare:
        table = survey.compare(args.compare)
    else:
        table = survey.describe() if args.describe else survey.needs()
    print(repr(table), flush=True)
    if args.csv:
        table.to_csv(args.csv, index=False)
        print(f"written: {args.csv}", flush=True)
    return 0


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
        if args.command == "fieldwork":
            return _fieldwork(args)
        if args.command == "themes":
            return _themes(args)
        if args.command == "explore":
            return _explore(args)
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
