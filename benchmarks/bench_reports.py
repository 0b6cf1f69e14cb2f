"""Report building: ``smeanalysis.reports.runner.build`` against the floor of the naive pipeline.

Floor (measured in this run): papermill on an empty notebook (kernel ``smeanalysis``) plus
one ``jupyter nbconvert --to html`` of its output, each in its own process as a naive
Makefile would run them, times the number of reports, divided by the parallel workers.
That floor does no work inside the notebooks; ours runs the real notebooks (pandas,
seaborn, the fact base) and renders them, so a ratio near 1 means the pipeline overhead
is gone, not that the notebooks are free.

Ours: every default report (the whole suite: each notebook with its defaults, province
notebooks once per province; with --quick each notebook once) built by
``reports.build`` on ``os.cpu_count()`` workers into a temporary folder.
Target: wall time within 1.2x of the floor.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from benchmarks.harness import print_table
from smeanalysis.reports import runner as reports


def _floor_once(folder: Path) -> tuple[float, float]:
    """Seconds for papermill on an empty notebook, and for nbconvert of its output."""
    empty = folder / "empty.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    nb.metadata["kernelspec"] = {
        "name": reports.KERNEL_NAME,
        "display_name": "x",
        "language": "python",
    }
    nbformat.write(nb, empty)
    bin_dir = Path(sys.executable).parent
    start = time.perf_counter()
    subprocess.run(
        [
            bin_dir / "papermill",
            empty,
            folder / "out.ipynb",
            "-k",
            reports.KERNEL_NAME,
            "--no-progress-bar",
        ],
        check=True,
        capture_output=True,
    )
    papermill_seconds = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run(
        [bin_dir / "jupyter", "nbconvert", "--to", "html", folder / "out.ipynb"],
        check=True,
        capture_output=True,
    )
    return papermill_seconds, time.perf_counter() - start


def run(quick: bool = False) -> None:
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench_reports_") as tmp:
        folder = Path(tmp)
        floors = [_floor_once(folder) for _ in range(2 if quick else 3)]
        papermill_s, nbconvert_s = min(f[0] for f in floors), min(f[1] for f in floors)
        per_report_floor = papermill_s + nbconvert_s

        out = folder / "reports"
        names = list(reports.discover()) if quick else []
        jobs = reports.plan(names, out_dir=out)
        start = time.perf_counter()
        results = reports.build(jobs, out, workers=workers)
        wall = time.perf_counter() - start
    failed = [r.job.label for r in results if not r.ok]
    count = len(jobs)
    floor_total = per_report_floor * count / workers
    per_report = sorted(r.seconds for r in results)
    print(
        f"{count} reports, {workers} workers; floor per report = papermill on an empty notebook "
        f"{papermill_s:.2f} s + nbconvert --to html {nbconvert_s:.2f} s (best of {len(floors)})."
    )
    print()
    print_table(
        ["measure", "seconds", "ratio to floor"],
        [
            ["floor: (papermill + nbconvert) x reports / workers", f"{floor_total:.1f}", "1.00x"],
            [
                "ours: reports.build, all default reports",
                f"{wall:.1f}",
                f"{wall / floor_total:.2f}x",
            ],
            [
                "ours: per report, median (in its worker)",
                f"{per_report[len(per_report) // 2]:.2f}",
                f"{per_report[len(per_report) // 2] / per_report_floor:.2f}x",
            ],
            [
                "ours: per report, wall x workers / reports",
                f"{wall * workers / count:.2f}",
                f"{wall * workers / count / per_report_floor:.2f}x",
            ],
        ],
    )
    if failed:
        print(f"\n{len(failed)} report(s) FAILED: {', '.join(failed)}")
