"""The ``smeanalysis`` command: ``list``, ``validate`` and ``report``.

Exit codes: 0 all good; 1 a notebook failed (its executed notebook is kept under
``_executed/``); 2 bad parameters or bad input (nothing ran, nothing was written).
Errors print as one line, without a traceback.

``report`` checks every value with :mod:`smeanalysis.reports.params` before any kernel
starts (a ``facts_path`` must pass ``validate``): the message is the one the notebook's
own check cell gives for the same value under papermill or in JupyterLab.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from smeanalysis import __version__, paths
from smeanalysis.errors import SmeAnalysisError

__all__ = ["main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smeanalysis",
        description="Sourced facts on Iran's SME exports and industrial parks: "
        "list the report notebooks, validate a facts file, build HTML reports.",
    )
    parser.add_argument(
        "--notebooks-dir",
        type=Path,
        default=None,
        help="folder of report notebooks (default: the project's notebooks/)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("list", help="the report notebooks, their parameters and defaults")

    validate = commands.add_parser("validate", help="check a facts file; exit 2 on problems")
    validate.add_argument("file", type=Path, help="a facts CSV in the research-table layout")

    report = commands.add_parser(
        "report",
        help="run notebooks with papermill and write HTML reports",
        description="Run report notebooks and write self-contained HTML pages plus index.html. "
        "With no NAME, every notebook is built with its defaults, and notebooks with a "
        "'province' parameter once per province.",
    )
    report.add_argument("names", nargs="*", metavar="NAME", help="notebook names (default: all)")
    report.add_argument(
        "-f", "--file", type=Path, action="append", default=[], help="YAML parameter file"
    )
    report.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a parameter value (a YAML scalar: 1398, Isfahan, null); overrides -f",
    )
    report.add_argument("--out", type=Path, default=None, help="output folder (default: reports/)")
    report.add_argument(
        "--each", choices=["province"], default=None, help="one report per province"
    )
    report.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=os.cpu_count() or 1,
        help="reports built in parallel (default: the number of cores)",
    )
    report.add_argument(
        "--timeout", type=int, default=600, help="seconds one cell may run (default: 600)"
    )
    report.add_argument(
        "--lang",
        default=None,
        metavar="LANG",
        help="the page language, en or fa (Persian pages go into OUT/fa/); same as -p lang=LANG",
    )
    report.add_argument(
        "--force",
        action="store_true",
        help="rebuild every report (default: skip a page whose notebook, parameters, data and "
        "code are unchanged since it was built)",
    )

    export = commands.add_parser(
        "export",
        help="write facts, consolidated series and findings for Excel, Stata and others",
        description="Write the fact base, the consolidated series and the findings, with the "
        "data dictionary, as xlsx (one workbook), dta (Stata 118), parquet or csv files.",
    )
    export.add_argument(
        "--format", required=True, metavar="FORMAT", help="xlsx, dta, parquet or csv"
    )
    export.add_argument("--out", type=Path, required=True, help="output folder")
    export.add_argument(
        "--facts", type=Path, default=None, help="a facts CSV (default: the shipped fact base)"
    )
    return parser


def _list(notebooks_dir: Path | None) -> int:
    # The light module: no pandas, no catalog, no papermill (runner imports all three).
    from smeanalysis.reports import discovery

    notebooks = discovery.discover(notebooks_dir)
    if not notebooks:
        print("no notebooks found")
        return EXIT_OK
    for info in notebooks.values():
        print(f"{info.name}: {info.title}")
        if info.problem:
            print(f"    cannot run: {info.problem}")
        width = max((len(f"{p.name} = {p.default!r}") for p in info.parameters.values()), default=0)
        for parameter in info.parameters.values():
            assignment = f"{parameter.name} = {parameter.default!r}"
            print(f"    {assignment:<{width}}  # {parameter.meaning}")
        print()
    return EXIT_OK


def _validate(file: Path) -> int:
    from smeanalysis import facts

    problems = facts.validate_file(file)
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"{file}: {len(problems)} problem{'s' if len(problems) != 1 else ''}", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    print(f"{file}: no problems found")
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from smeanalysis.reports import params
    from smeanalysis.reports import runner as reports

    values: dict = {}
    for file in args.file:
        values.update(params.load_params_file(file))
    values.update(params.parse_assignments(args.param))
    if args.lang is not None:
        values["lang"] = args.lang
    if args.jobs < 1:
        raise SmeAnalysisError(f"--jobs {args.jobs}: expected 1 or more")
    out = args.out or paths.REPORTS_DIR
    jobs = reports.plan(
        args.names,
        values,
        each=args.each,
        out_dir=out,
        notebooks_dir=args.notebooks_dir,
        cell_timeout=args.timeout,
    )
    show_progress = len(jobs) > 1
    if show_progress:
        print(
            f"building {len(jobs)} reports with {min(args.jobs, len(jobs))} workers",
            file=sys.stderr,
        )
    results = reports.build(
        jobs,
        out,
        workers=args.jobs,
        progress=sys.stderr if show_progress else None,
        incremental=True,
        force=args.force,
    )
    failed = [result for result in results if not result.ok]
    for result in failed:
        print(f"FAILED {result.job.label}: {result.error}", file=sys.stderr)
        print(f"  executed notebook kept: {result.job.executed_path}", file=sys.stderr)
    kept = sum(result.skipped for result in results)
    built = len(results) - len(failed) - kept
    unchanged = f", {kept} up to date" if kept else ""
    print(
        f"{built} report{'s' if built != 1 else ''} built{unchanged}; "
        f"index: {Path(out) / 'index.html'}"
    )
    return EXIT_FAILED if failed else EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from smeanalysis.reports import export

    export.check_format(args.format)  # before the facts are loaded
    table = None
    if args.facts is not None:
        from smeanalysis import facts

        table = facts.load_facts(args.facts)
    for path in export.export(args.format, args.out, table):
        print(path)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``smeanalysis`` command and return its exit code.

    Example:
        >>> main(["report", "no_such_notebook"])
        2
    """
    args = _parser().parse_args(argv)
    try:
        if args.command == "list":
            return _list(args.notebooks_dir)
        if args.command == "validate":
            return _validate(args.file)
        if args.command == "export":
            return _export(args)
        return _report(args)
    except SmeAnalysisError as err:
        # One line: the reason and the valid choices, no traceback.
        print(f"smeanalysis: error: {' '.join(str(err).split())}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("smeanalysis: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
