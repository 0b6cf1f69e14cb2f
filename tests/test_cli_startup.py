"""The CLI starts fast: --version, --help, list and report --help import only what they need.

Speed itself is measured in benchmarks/bench_cli.py (ratios against `import pandas`); here the
cause is checked: none of these commands imports nbformat (whose validator builds a URI grammar
at import), nbconvert, papermill, matplotlib or pandas (the baseline itself).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import smeanalysis

HEAVY = (
    "nbformat",
    "nbconvert",
    "papermill",
    "jsonschema",
    "matplotlib",
    "jupyter_client",
    # list reads the notebooks with reports.discovery, not through the catalog (i18n ->
    # calendar) and the parameter checker, which import pandas (issue 13).
    "pandas",
)
PROBE = """
import contextlib, io, json, sys
from smeanalysis import cli
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    cli.main(sys.argv[1:])
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))))
""".replace("HEAVY", repr(HEAVY))


@pytest.mark.parametrize(
    "argv", [["--version"], ["--help"], ["list"], ["report", "--help"], ["export", "--help"]]
)
def test_command_imports_nothing_heavy(argv):
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_version_prints_the_package_version():
    done = subprocess.run(
        [sys.executable, "-m", "smeanalysis", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"smeanalysis {smeanalysis.__version__}"
