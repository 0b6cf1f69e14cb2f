"""CLI start-up: `smeanalysis --help`, `--version`, `list`, `report --help`, `export --help`,
and `validate` on a 20-row facts file (synthetic: the shipped table's first 20 rows).

Baseline (measured in this run, side by side): ``python -c "import pandas"`` in a new process
of the same interpreter. Each command runs in its own process too, the contenders interleaved
round by round so a busy moment of a shared machine hits them all; the best round counts.
Target: each command within 1.5x of the baseline (issue 16). ``list`` reads the notebooks'
parameters as JSON: nbformat's reader would import jsonschema's format checkers, one of which
builds a URI grammar at import (about 3 s here).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import print_table

BIN = Path(sys.executable).parent
BASELINE = "python -c 'import pandas'"
COMMANDS = {
    BASELINE: [sys.executable, "-c", "import pandas"],
    "smeanalysis --version": [str(BIN / "smeanalysis"), "--version"],
    "smeanalysis --help": [str(BIN / "smeanalysis"), "--help"],
    "smeanalysis report --help": [str(BIN / "smeanalysis"), "report", "--help"],
    "smeanalysis export --help": [str(BIN / "smeanalysis"), "export", "--help"],
    "smeanalysis list": [str(BIN / "smeanalysis"), "list"],
}
TWENTY_ROWS = Path(tempfile.gettempdir()) / "smeanalysis-bench-20-rows.csv"
COMMANDS["smeanalysis validate (20 rows)"] = [
    str(BIN / "smeanalysis"),
    "validate",
    str(TWENTY_ROWS),
]
TARGET = 1.5


def _once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _twenty_rows() -> None:
    """A valid 20-row facts file: the header and first 20 rows of the shipped raw table."""
    from smeanalysis import paths

    lines = (paths.DATA_DIR / "raw" / "official_figures.csv").read_text(encoding="utf-8")
    TWENTY_ROWS.write_text("".join(lines.splitlines(keepends=True)[:21]), encoding="utf-8")


def measure(repeat: int) -> dict[str, float]:
    """Best wall seconds of each command over ``repeat`` interleaved rounds."""
    _twenty_rows()
    best = dict.fromkeys(COMMANDS, float("inf"))
    for command in COMMANDS.values():
        _once(command)  # warm the file cache and write any missing bytecode
    for _ in range(repeat):
        for name, command in COMMANDS.items():
            best[name] = min(best[name], _once(command))
    return best


def run(quick: bool = False) -> None:
    """Print each command's best start-up time and its ratio to ``import pandas``."""
    repeat = 3 if quick else 7
    best = measure(repeat)
    base = best[BASELINE]
    rows = [
        [
            name,
            f"{seconds * 1e3:,.0f}",
            f"{seconds / base:.2f}x",
            "baseline" if name == BASELINE else ("ok" if seconds / base <= TARGET else "OVER"),
        ]
        for name, seconds in best.items()
    ]
    note = os.environ.get("PYTHONDONTWRITEBYTECODE")
    print(f"best of {repeat} interleaved rounds; PYTHONDONTWRITEBYTECODE={note!r}")
    print_table(["command", "ms", f"vs {BASELINE}", f"target {TARGET}x"], rows)
